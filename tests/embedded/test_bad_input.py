"""Every bad input gets a clear FFDC error and changes nothing stored (egeria-wire.md §1.3, §1.5).

"Nothing stored" is checked on the data directory itself: every file's bytes,
before and after, must be identical, as must the document a GET returns.
"""

from __future__ import annotations

import http.client
import json
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

import egeria_nb as enb
from tests.conftest import ADMIN, Raw, group

SERVER = "integration-daemon"
CONFIGURE = "/integration-groups/configuration"
CONFIGURE_ALL = "/integration-groups/configuration/all"
EXISTING = "Egeria:IntegrationGroup:Existing"
PLATFORM = "/open-metadata/platform-services/server-platform"
# Anything over the platform's 8 MiB limit on a request body.
TWENTY_MB = 20 * 1024 * 1024


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file and directory under ``root`` (relative path -> bytes, None for a directory)."""
    return {str(p.relative_to(root)): (None if p.is_dir() else p.read_bytes()) for p in sorted(root.rglob("*"))}


class Stored:
    """What the platform holds for SERVER, and the data directory's files, to compare before and after."""

    def __init__(self, raw: Raw, platform: enb.EmbeddedPlatform) -> None:
        self.raw = raw
        self.root = platform.data_dir.parent  # the data dir and everything next to it
        raw.admin("POST", SERVER, CONFIGURE, json=group(EXISTING, url=raw.url))

    def snapshot(self) -> tuple[object, object, dict[str, bytes | None]]:
        config = self.raw.admin("GET", SERVER, "/configuration").json()["omagserverConfig"]
        groups = self.raw.admin("GET", SERVER, CONFIGURE).json()["groups"]
        return config, groups, tree(self.root)


@pytest.fixture
def stored(raw: Raw, platform: enb.EmbeddedPlatform) -> Stored:
    return Stored(raw, platform)


def refused(response, *, status: int, message_id: str, related: int = 400) -> dict:
    """The FFDC failure body of ``response``, checked field by field."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["relatedHTTPCode"] == related
    assert body["exceptionErrorMessageId"] == message_id
    assert body["exceptionErrorMessage"].startswith(message_id + " ")
    assert body["exceptionSystemAction"]
    assert body["exceptionUserAction"]
    assert body["class"] in ("VoidResponse", "IntegrationGroupsResponse", "OMAGServerConfigResponse")
    return body


# -- configure one --------------------------------------------------------------------

GOOD = group("Egeria:IntegrationGroup:New")
NAME_ACTION = "Set integrationGroupQualifiedName"
SERVER_ACTION = "Set omagserverName"
URL_ACTION = "Set omagserverPlatformRootURL"
NOT_URL_ACTION = "http:// or https://"


def without(key: str) -> dict:
    return {k: v for k, v in GOOD.items() if k != key}


# (id, JSON body, message id, something the user action must say)
VALIDATION_CASES = [
    ("blank-name", {**GOOD, "integrationGroupQualifiedName": ""}, "OMAG-ADMIN-400-032", NAME_ACTION),
    ("spaces-name", {**GOOD, "integrationGroupQualifiedName": "   "}, "OMAG-ADMIN-400-032", NAME_ACTION),
    ("null-name", {**GOOD, "integrationGroupQualifiedName": None}, "OMAG-ADMIN-400-032", NAME_ACTION),
    ("missing-name", without("integrationGroupQualifiedName"), "OMAG-ADMIN-400-032", NAME_ACTION),
    ("missing-server", without("omagserverName"), "OMAG-ADMIN-400-021", SERVER_ACTION),
    ("blank-server", {**GOOD, "omagserverName": " "}, "OMAG-ADMIN-400-021", SERVER_ACTION),
    ("missing-url", without("omagserverPlatformRootURL"), "OMAG-ADMIN-400-039", URL_ACTION),
    ("blank-url", {**GOOD, "omagserverPlatformRootURL": ""}, "OMAG-ADMIN-400-039", URL_ACTION),
    ("no-scheme", {**GOOD, "omagserverPlatformRootURL": "localhost:9443"}, "EGERIA-NB-400-003", NOT_URL_ACTION),
    ("ftp", {**GOOD, "omagserverPlatformRootURL": "ftp://host/x"}, "EGERIA-NB-400-003", NOT_URL_ACTION),
    ("no-host", {**GOOD, "omagserverPlatformRootURL": "https://"}, "EGERIA-NB-400-003", NOT_URL_ACTION),
    ("words", {**GOOD, "omagserverPlatformRootURL": "the metadata server"}, "EGERIA-NB-400-003", NOT_URL_ACTION),
]


@pytest.mark.parametrize(
    ("body", "message_id", "action"), [c[1:] for c in VALIDATION_CASES], ids=[c[0] for c in VALIDATION_CASES]
)
def test_invalid_group_is_refused_egeria_style_and_nothing_changes(
    stored: Stored, raw: Raw, body: dict, message_id: str, action: str
) -> None:
    before = stored.snapshot()
    r = raw.admin("POST", SERVER, CONFIGURE, json=body)
    # Egeria reports validation failures with HTTP 200 and the code in the body (§0.1).
    answer = refused(r, status=200, message_id=message_id)
    assert answer["exceptionClassName"].endswith(".InvalidParameterException")
    assert answer["actionDescription"] == "configureIntegrationGroup"
    assert action in answer["exceptionUserAction"]
    assert answer["exceptionErrorMessageParameters"][0] == SERVER
    assert answer["exceptionProperties"]["parameterName"].startswith("integrationGroupConfig.")
    assert stored.snapshot() == before


@pytest.mark.parametrize("url", ["~{egeriaEndpoint}~", "https://egeria.example:9443", "http://[::1]:9443"])
def test_placeholders_and_real_urls_are_accepted(raw: Raw, url: str) -> None:
    r = raw.admin("POST", SERVER, CONFIGURE, json=group("g", url=url))
    assert r.json()["relatedHTTPCode"] == 200
    assert raw.admin("GET", SERVER, CONFIGURE).json()["groups"][0]["omagserverPlatformRootURL"] == url


def shape(case: str, text: str, says: str, message_id: str = "EGERIA-NB-400-011", action: str = "documented shape"):
    """One raw body, what the message must say about it, and what the user action must say."""
    return pytest.param(text, message_id, says, action, id=case)


def good_plus(raw_property: str) -> str:
    """GOOD's JSON with one more property, written as raw JSON text."""
    return json.dumps(GOOD)[:-1] + ', "x": ' + raw_property + "}"


SHAPE_CASES = [
    shape("name-number", json.dumps({**GOOD, "integrationGroupQualifiedName": 42}), "integrationGroupQualifiedName"),
    shape("server-list", json.dumps({**GOOD, "omagserverName": ["a"]}), "omagserverName"),
    shape(
        "unknown-class",
        json.dumps({**GOOD, "class": "OMAGServerConfig"}),
        "'OMAGServerConfig'",
        message_id="EGERIA-NB-400-012",
        action='Set "class": "IntegrationGroupConfig"',
    ),
    shape("array", json.dumps([GOOD]), "IntegrationGroupConfig"),
    shape("string", json.dumps("Egeria:IntegrationGroup:New"), "IntegrationGroupConfig"),
    shape("number", "7", "IntegrationGroupConfig"),
    shape("null", "null", "IntegrationGroupConfig"),
    shape("empty", "", "none was sent", message_id="EGERIA-NB-400-013", action="Content-Type: application/json"),
    shape("deep", "[" * 10_000 + "]" * 10_000, "nested more than 64 levels"),
    shape("deep-inside", good_plus("[" * 10_000 + "]" * 10_000), "nested more than 64 levels"),
    shape("nan", good_plus("NaN"), "NaN, which is not a JSON number"),
    shape("infinity", good_plus("-Infinity"), "-Infinity, which is not a JSON number"),
    shape("huge-float", good_plus("1e400"), "1e400 is too large"),
    shape("huge-int", good_plus("9" * 5000), "too many digits"),
    shape("lone-surrogate", good_plus('"\\ud800"'), "half of a UTF-16 surrogate pair"),
]


@pytest.mark.parametrize(("text", "message_id", "says", "action"), SHAPE_CASES)
def test_body_of_the_wrong_shape_is_http_400_and_nothing_changes(
    stored: Stored, raw: Raw, text: str, message_id: str, says: str, action: str
) -> None:
    before = stored.snapshot()
    r = raw.admin("POST", SERVER, CONFIGURE, data=text.encode(), headers={"Content-Type": "application/json"})
    # Parse and mapping failures change the HTTP status, as Egeria 6's Jackson handler does (§1.5).
    answer = refused(r, status=400, message_id=message_id)
    assert answer["exceptionClassName"].startswith("com.fasterxml.jackson.")
    assert says in answer["exceptionErrorMessage"]
    assert action in answer["exceptionUserAction"]
    assert stored.snapshot() == before


def test_a_surrogate_pair_is_text_and_is_accepted(raw: Raw) -> None:
    text = json.dumps(group("emoji-\U0001f600"))  # ensure_ascii: written as a \ud83d\ude00 pair
    assert "\\ud83d\\ude00" in text
    r = raw.admin("POST", SERVER, CONFIGURE, data=text, headers={"Content-Type": "application/json"})
    assert r.json()["relatedHTTPCode"] == 200
    assert raw.admin("GET", SERVER, CONFIGURE).json()["groups"][0]["integrationGroupQualifiedName"] == "emoji-😀"


def test_malformed_json_says_where_it_broke(stored: Stored, raw: Raw) -> None:
    before = stored.snapshot()
    text = (
        '{\n  "class": "IntegrationGroupConfig",\n  "omagserverName": "mds1"\n  "integrationGroupQualifiedName": "x"\n}'
    )
    r = raw.admin("POST", SERVER, CONFIGURE, data=text, headers={"Content-Type": "application/json"})
    answer = refused(r, status=400, message_id="EGERIA-NB-400-010")
    assert answer["exceptionClassName"] == "com.fasterxml.jackson.core.JsonParseException"
    # The missing comma is noticed at the start of line 4.
    assert answer["exceptionErrorMessage"].endswith("at line 4 column 3")
    assert answer["exceptionErrorMessageParameters"][1:] == ["4", "3"]
    assert "Fix the JSON" in answer["exceptionUserAction"]
    assert stored.snapshot() == before


def test_body_that_is_not_utf8_is_refused_with_its_position(stored: Stored, raw: Raw) -> None:
    before = stored.snapshot()
    utf16 = json.dumps(GOOD).encode("utf-16")  # starts with a byte-order mark, never UTF-8
    latin1 = json.dumps({**GOOD, "integrationGroupQualifiedName": "café"}, indent=2, ensure_ascii=False).encode(
        "latin-1"
    )
    # (body, line, column of the first byte that is not UTF-8)
    cafe_line = latin1.split(b"\n").index(next(line for line in latin1.split(b"\n") if b"caf" in line))
    cafe_column = latin1.split(b"\n")[cafe_line].index(b"\xe9") + 1
    for body, line, column in ((utf16, 1, 1), (latin1, cafe_line + 1, cafe_column)):
        r = raw.admin("POST", SERVER, CONFIGURE, data=body, headers={"Content-Type": "application/json"})
        answer = refused(r, status=400, message_id="EGERIA-NB-400-010")
        assert "not UTF-8" in answer["exceptionErrorMessage"]
        assert answer["exceptionErrorMessage"].endswith(f"at line {line} column {column}")
    assert cafe_line > 0  # the position is counted in lines, not from the start of the body
    assert stored.snapshot() == before


def test_twenty_megabyte_body_is_http_413_with_an_ffdc_body(stored: Stored, raw: Raw) -> None:
    before = stored.snapshot()
    body = b"[" + b" " * TWENTY_MB + b"]"
    r = raw.admin("POST", SERVER, CONFIGURE_ALL, data=body, headers={"Content-Type": "application/json"})
    answer = refused(r, status=413, message_id="EGERIA-NB-413-001", related=413)
    limit = answer["exceptionErrorMessageParameters"][0]
    assert int(limit) < TWENTY_MB
    assert f"({limit} bytes)" in answer["exceptionErrorMessage"]
    assert f"at most {limit} bytes" in answer["exceptionUserAction"]
    assert answer["actionDescription"] == "setIntegrationGroupsConfig"
    assert stored.snapshot() == before


# -- configure all ----------------------------------------------------------------------


def test_configure_all_refuses_an_object_instead_of_an_array(stored: Stored, raw: Raw) -> None:
    before = stored.snapshot()
    r = raw.admin("POST", SERVER, CONFIGURE_ALL, json={"groups": [GOOD]})
    answer = refused(r, status=400, message_id="EGERIA-NB-400-011")
    assert "not a JSON array" in answer["exceptionErrorMessage"]
    r = raw.admin("POST", SERVER, CONFIGURE_ALL, json=[GOOD, "Egeria:IntegrationGroup:Files"])
    answer = refused(r, status=400, message_id="EGERIA-NB-400-011")
    assert "entry 1 is not a JSON object" in answer["exceptionErrorMessage"]
    assert stored.snapshot() == before


def test_configure_all_refuses_duplicate_names(stored: Stored, raw: Raw) -> None:
    before = stored.snapshot()
    r = raw.admin("POST", SERVER, CONFIGURE_ALL, json=[group("a"), group("b"), group("a", server="other")])
    answer = refused(r, status=200, message_id="EGERIA-NB-400-004")
    assert answer["exceptionErrorMessageParameters"] == [SERVER, "a"]
    assert "Send each integration group once" in answer["exceptionUserAction"]
    assert stored.snapshot() == before


def test_configure_all_with_one_bad_entry_stores_none_of_them(stored: Stored, raw: Raw) -> None:
    before = stored.snapshot()
    r = raw.admin("POST", SERVER, CONFIGURE_ALL, json=[group("a"), without("omagserverName"), group("c")])
    answer = refused(r, status=200, message_id="OMAG-ADMIN-400-021")
    assert answer["actionDescription"] == "setIntegrationGroupsConfig"
    assert stored.snapshot() == before
    assert [g["integrationGroupQualifiedName"] for g in before[1]] == [EXISTING]


# -- server names -----------------------------------------------------------------------


def send(platform: enb.EmbeddedPlatform, token: str, method: str, path: str, body: object = None) -> tuple[int, dict]:
    """One request with the path exactly as given: no client normalises '..' or re-quotes anything."""
    where = urlsplit(platform.url)
    data = b"" if body is None else json.dumps(body).encode()
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        conn.putheader("Authorization", "Bearer " + token)
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(len(data)))
        conn.endheaders(data)
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


# (as written in the path, the name the platform must see, message id)
UNSAFE_SERVER_NAMES = [
    ("..", "..", "EGERIA-NB-400-002"),
    (".", ".", "EGERIA-NB-400-002"),
    ("%2E%2E", "..", "EGERIA-NB-400-002"),
    ("%2e", ".", "EGERIA-NB-400-002"),
    ("a%2Fb", "a/b", "EGERIA-NB-400-002"),
    ("..%2F..%2Fcredentials", "../../credentials", "EGERIA-NB-400-002"),
    ("%2E%2E%2Fservers%2Fintegration-daemon", "../servers/integration-daemon", "EGERIA-NB-400-002"),
    ("a%5Cb", "a\\b", "EGERIA-NB-400-002"),
    ("a\\b", "a\\b", "EGERIA-NB-400-002"),
    ("a%00b", "a\0b", "EGERIA-NB-400-002"),
    ("a%01b", "a\x01b", "EGERIA-NB-400-002"),
    ("a%0Ab", "a\nb", "EGERIA-NB-400-002"),
    ("a%7Fb", "a\x7fb", "EGERIA-NB-400-002"),
    ("%20", None, "OMAG-ADMIN-400-001"),
    ("%20%09", None, "OMAG-ADMIN-400-001"),
]
# Every kind of call that takes a server name: reads, writes, deletes, starts.
SERVER_CALLS = [
    ("POST", ADMIN + "{}" + CONFIGURE, GOOD),
    ("POST", ADMIN + "{}" + CONFIGURE_ALL, [GOOD]),
    ("GET", ADMIN + "{}" + CONFIGURE, None),
    ("DELETE", ADMIN + "{}/integration-groups", None),
    ("DELETE", ADMIN + "{}/integration-groups/x", None),
    ("GET", ADMIN + "{}/configuration", None),
    ("POST", ADMIN + "{}/configuration", {"class": "OMAGServerConfig", "dynamicIntegrationGroupsConfig": [GOOD]}),
    ("DELETE", ADMIN + "{}/configuration", None),
    ("POST", ADMIN + "{}/server-user-id?id=x", None),
    ("POST", ADMIN + "{}/audit-log-destinations/default", None),
    ("POST", PLATFORM + "/servers/{}/instance", None),
    ("DELETE", PLATFORM + "/servers/{}", None),
]


@pytest.mark.parametrize(
    ("in_path", "seen", "message_id"), UNSAFE_SERVER_NAMES, ids=[c[0] for c in UNSAFE_SERVER_NAMES]
)
def test_unsafe_server_names_are_refused_and_nothing_is_written_anywhere(
    stored: Stored, raw: Raw, platform: enb.EmbeddedPlatform, in_path: str, seen: str | None, message_id: str
) -> None:
    # The one document that exists is a target for '..%2Fservers%2F...' style names.
    before = stored.snapshot()
    for method, template, body in SERVER_CALLS:
        status, answer = send(platform, raw.token, method, template.format(in_path), body)
        assert status == 200, (method, template, answer)
        assert answer["relatedHTTPCode"] == 400
        assert answer["exceptionErrorMessageId"] == message_id, (method, template)
        assert answer["exceptionProperties"] == {"parameterName": "serverName"}
        if seen is not None:
            assert answer["exceptionErrorMessageParameters"][0] == seen
            assert "Choose a server name without '/', '\\', NUL" in answer["exceptionUserAction"]
        else:
            assert "Put the server's name in the request path" in answer["exceptionUserAction"]
    assert stored.snapshot() == before


@pytest.mark.parametrize("name", ["my server", "daemon:1", "naïve-名前", "per%cent", "q?x#y", "..."])
def test_awkward_but_safe_server_names_get_their_own_document(
    raw: Raw, platform: enb.EmbeddedPlatform, name: str
) -> None:
    servers = platform.data_dir / "servers"
    before = {p.name for p in servers.iterdir()}
    path = ADMIN + quote(name, safe="") + CONFIGURE
    assert raw("POST", path, json=group("g")).json()["relatedHTTPCode"] == 200
    assert raw("GET", path).json()["groups"][0]["integrationGroupQualifiedName"] == "g"
    # One new file, inside servers/, named so that it reads back as the same server name.
    assert {p.name for p in servers.iterdir()} - before == {quote(name, safe="") + ".json"}
    assert raw.admin("GET", SERVER, CONFIGURE).json().get("groups") is None


# -- qualified names ----------------------------------------------------------------------

AWKWARD_GROUP_NAMES = [
    "a b",
    "Egeria:IntegrationGroup:Files",
    "slash/in/name",
    "../../credentials",
    "per%cent",
    "per%2Fcent",  # already looks percent-encoded: must not be decoded twice
    "hash#tag",
    "ques?tion=1&x",
    "plus+sign",
    "naïve-名前-😀",
    "..",
    ".",
    "tab\tand\nnewline",
]


def segment(name: str) -> str:
    """``name`` as one percent-encoded path segment; '.' and '..' encoded too, or clients drop them."""
    quoted = quote(name, safe="")
    return quoted.replace(".", "%2E") if quoted in (".", "..") else quoted


@pytest.mark.parametrize("name", AWKWARD_GROUP_NAMES)
def test_awkward_qualified_names_through_raw_http(raw: Raw, platform: enb.EmbeddedPlatform, name: str) -> None:
    raw.admin("POST", SERVER, CONFIGURE, json=group(name))
    raw.admin("POST", SERVER, CONFIGURE, json=group("other"))
    groups = raw.admin("GET", SERVER, CONFIGURE).json()["groups"]
    assert [g["integrationGroupQualifiedName"] for g in groups] == [name, "other"]
    files = tree(platform.data_dir)

    r = raw.admin("DELETE", SERVER, "/integration-groups/" + segment(name))
    assert r.status_code == 200
    assert r.json()["relatedHTTPCode"] == 200
    groups = raw.admin("GET", SERVER, CONFIGURE).json()["groups"]
    assert [g["integrationGroupQualifiedName"] for g in groups] == ["other"]
    # Only the daemon's own document changed; no file appeared or went.
    assert set(tree(platform.data_dir)) == set(files)


# -- the same errors through the Python functions -------------------------------------------


def one_paragraph(error: enb.EgeriaError) -> str:
    text = str(error)
    assert "\n" not in text
    assert text.startswith(error.message_id + " ")
    assert "What to do: " + error.user_action.rstrip(".") in text
    return text


FUNCTION_CASES = [
    ("blank-name", {"integrationGroupQualifiedName": " "}, "OMAG-ADMIN-400-032"),
    ("no-server", {"omagserverName": None}, "OMAG-ADMIN-400-021"),
    ("no-url", {"omagserverPlatformRootURL": None}, "OMAG-ADMIN-400-039"),
    ("bad-url", {"omagserverPlatformRootURL": "localhost"}, "EGERIA-NB-400-003"),
]


@pytest.mark.parametrize(("change", "message_id"), [c[1:] for c in FUNCTION_CASES], ids=[c[0] for c in FUNCTION_CASES])
def test_functions_raise_invalid_parameter_error_and_store_nothing(
    stored: Stored, platform: enb.EmbeddedPlatform, change: dict, message_id: str
) -> None:
    before = stored.snapshot()
    bad = {k: v for k, v in {**GOOD, **change}.items() if v is not None and k != "class"}
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.configure_integration_group(platform, SERVER, bad)
    error = info.value
    assert error.message_id == message_id
    assert error.http_code == 400
    assert error.user_action
    assert error.system_action == "The request was rejected and the configuration document was not changed."
    assert error.parameters[0] == SERVER
    one_paragraph(error)
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.configure_integration_groups(platform, SERVER, [GOOD, bad])
    assert info.value.message_id == message_id
    assert stored.snapshot() == before


@pytest.mark.parametrize(
    ("server", "message_id"),
    [
        ("..", "EGERIA-NB-400-002"),
        (".", "EGERIA-NB-400-002"),
        ("a/b", "EGERIA-NB-400-002"),
        ("a\\b", "EGERIA-NB-400-002"),
        ("a\0b", "EGERIA-NB-400-002"),
        ("a\x1bb", "EGERIA-NB-400-002"),
    ],
)
def test_functions_refuse_unsafe_server_names(
    stored: Stored, platform: enb.EmbeddedPlatform, server: str, message_id: str
) -> None:
    before = stored.snapshot()
    for call in (
        lambda: enb.configure_integration_group(platform, server, GOOD),
        lambda: enb.get_integration_groups(platform, server),
        lambda: enb.remove_integration_groups(platform, server),
        lambda: enb.delete_server_config(platform, server),
    ):
        with pytest.raises(enb.InvalidParameterError) as info:
            call()
        assert info.value.message_id == message_id
        assert info.value.http_code == 400
        assert info.value.parameters[0] == server
        assert "Choose a server name" in one_paragraph(info.value)
    assert stored.snapshot() == before


def test_functions_refuse_duplicates(stored: Stored, platform: enb.EmbeddedPlatform) -> None:
    before = stored.snapshot()
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.configure_integration_groups(platform, SERVER, [group("a"), group("b"), group("a")])
    assert info.value.message_id == "EGERIA-NB-400-004"
    assert info.value.user_action == "Send each integration group once."
    one_paragraph(info.value)
    assert stored.snapshot() == before


# The client hands aiohttp the body as bytes, which aiohttp warns about above 1 MB.
def test_functions_report_an_oversized_request(stored: Stored, platform: enb.EmbeddedPlatform) -> None:
    before = stored.snapshot()
    huge = {**GOOD, "notes": "x" * TWENTY_MB}  # unknown properties are sent as they are
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.configure_integration_group(platform, SERVER, huge)
    assert info.value.message_id == "EGERIA-NB-413-001"
    assert info.value.http_code == 413
    assert "Send at most" in one_paragraph(info.value)
    assert stored.snapshot() == before


def test_functions_refuse_wrong_types_before_any_call_in_one_sentence(
    stored: Stored, platform: enb.EmbeddedPlatform
) -> None:
    before = stored.snapshot()
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.configure_integration_group(platform, SERVER, {**GOOD, "integrationGroupQualifiedName": 42})
    error = info.value
    assert error.message_id == "EGERIA-NB-ADMIN-400-002"
    assert error.http_code is None  # refused by egeria_nb itself; nothing was sent
    text = one_paragraph(error)
    assert "integrationGroupQualifiedName: Input should be a valid string" in text
    assert "errors.pydantic.dev" not in text
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.configure_integration_groups(platform, SERVER, [GOOD, ["not", "a", "group"]])
    assert info.value.message_id == "EGERIA-NB-ARGS-400-001"
    assert "item 1 is a list ['not', 'a', 'group']" in one_paragraph(info.value)
    assert stored.snapshot() == before
