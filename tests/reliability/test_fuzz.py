"""Fuzzing every route of the embedded platform with hypothesis, over raw HTTP.

The routes come from the application's own router, so a route added later is fuzzed without
editing this file. Each case picks a route (or none: a random path), fills its path parameters
with awkward names, and sends a random method, headers, query and body: JSON of any shape,
bodies shaped like the route's own, non-JSON bytes, huge and deeply nested bodies. Requests the
``requests`` library cannot send (bytes that are not HTTP) go over a raw socket.

Every answer must be below HTTP 500; every failure, whether HTTP 200 with ``relatedHTTPCode``
or an HTTP error, must be an FFDC body; the ``egeria_nb`` loggers must record no ERROR with a
traceback; nothing may appear outside the data directory (nor an unexpected file inside it);
and the platform must serve normally afterwards.

Not covered: requests so malformed that aiohttp's HTTP parser cannot read them (a space or a
control byte in the request line, a bad header line) never reach the application; aiohttp answers
them with its own plain-text 400 and closes the connection. The raw-socket test checks they get
exactly that, and never a 5xx or a hang. No OpenAPI description is published, so schemathesis is
not used: the router is the description, and these strategies are derived from it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import egeria_nb as enb
from egeria_nb.embedded.datadir import DataDirectory
from egeria_nb.embedded.http import MAX_BODY_BYTES
from egeria_nb.embedded.server import EmbeddedServer, create_app
from tests.conftest import group
from tests.reliability.conftest import FUZZ, REFUSED, SOAK, Tally, assert_ffdc, scaled

pytestmark = pytest.mark.reliability

MD = "active-metadata-store"
SUITE = "fuzz"
PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")
FUZZ_SETTINGS = settings(
    deadline=None,
    # Reproducible in CI; the soak explores afresh each run (a failure prints how to reproduce it).
    derandomize=not SOAK,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@dataclass(frozen=True)
class Route:
    method: str
    template: str

    @property
    def params(self) -> list[str]:
        return PLACEHOLDER.findall(self.template)


def app_routes(tmp: Path) -> list[Route]:
    server = EmbeddedServer(DataDirectory(tmp))
    try:
        app = create_app(server.state)
        return sorted(
            {Route(r.method, r.resource.canonical) for r in app.router.routes() if r.resource is not None},
            key=lambda r: (r.template, r.method),
        )
    finally:
        asyncio.run(server.stop())


# -- what the platform is doing while it is fuzzed ------------------------------------------------------


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def tracebacks(self) -> list[str]:
        """ERROR records with a traceback from egeria_nb, or from aiohttp for anything but unreadable HTTP."""
        bad = []
        for r in self.records:
            if r.levelno < logging.ERROR or not (r.exc_info or r.exc_text):
                continue
            exc = r.exc_info[1] if r.exc_info else None
            if r.name.startswith("aiohttp") and type(exc).__name__ in (
                "BadHttpMessage",
                "BadStatusLine",
                "BadHttpMethod",
                "InvalidURLError",
                "LineTooLong",
                "InvalidHeader",
                "TransferEncodingError",
                "ContentLengthError",
            ):
                continue  # the HTTP parser refusing bytes that are not HTTP (see the module docstring)
            bad.append(f"{r.name}: {r.getMessage()} ({type(exc).__name__}: {exc})")
        return bad


def outside(parent: Path, data_dir: Path) -> set[str]:
    """Every file beside the data directory, and what is at the top of pytest's temp root and of the cwd."""
    found = {f"parent/{p.relative_to(parent)}" for p in parent.rglob("*") if data_dir not in (p, *p.parents)}
    # pytest makes a fresh home directory for each test (tests/conftest.py): those are not the platform's.
    base = parent.parent
    found |= {f"base/{p.name}" for p in base.iterdir() if not p.name.startswith("home")}
    found |= {f"cwd/{p.name}" for p in Path.cwd().iterdir()}
    return found


DATA_DIR_FILES = re.compile(
    r"^(credentials\.json|platform\.json|urls\.json|platform\.lock|metadata\.db(-wal|-shm|-journal)?|servers|servers/[^/]+\.json)$"
)


@dataclass
class Target:
    platform: enb.EmbeddedPlatform
    url: str
    token: str = field(repr=False)
    session: requests.Session = field(repr=False)
    routes: list[Route] = field(repr=False)


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory, tally: Tally) -> Iterator[Target]:
    parent = tmp_path_factory.mktemp("fuzz")
    routes = app_routes(tmp_path_factory.mktemp("fuzz-routes"))
    data_dir = parent / "data"
    records = Records()
    loggers = [logging.getLogger(n) for n in ("egeria_nb", "aiohttp")]
    for logger in loggers:
        logger.addHandler(records)
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    platform = enb.start_embedded(data_dir, legacy_api=True)
    before = outside(parent, data_dir)
    session = requests.Session()
    token = session.post(
        platform.url + "/api/token", json={"userId": platform.user_id, "password": platform.password}, timeout=30
    ).text
    try:
        yield Target(platform, platform.url, token, session, routes)
        # Still serving, and serving correctly.
        assert session.get(platform.url + "/api/about", timeout=30).status_code == 200
        enb.configure_integration_group(platform, "after-the-fuzz", group("still-works", url=platform.url))
        assert enb.get_integration_groups(platform, "after-the-fuzz").names() == ["still-works"]
        assert enb.create_group_definition(platform, MD, "fuzz:after")
        inside = {str(p.relative_to(data_dir)) for p in data_dir.rglob("*")}
        assert all(DATA_DIR_FILES.match(name) for name in inside), sorted(
            n for n in inside if not DATA_DIR_FILES.match(n)
        )
    finally:
        session.close()
        platform.stop()
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(records)
            logger.setLevel(level)
    assert outside(parent, data_dir) ^ before == set(), "files written or removed outside the data directory"
    assert records.tracebacks() == []


# -- strategies ----------------------------------------------------------------------------------------

AWKWARD = [
    "integration-daemon",
    MD,
    "",
    " ",
    ".",
    "..",
    "...",
    "../../etc/passwd",
    "..\\..\\x",
    "a/b",
    "%2e%2e",
    "%00",
    "名前",
    "naïve",
    "\u202eevil",
    "x" * 300,
    "y" * 5000,
    "0",
    "-1",
    "null",
    "true",
    "{serverName}",
    "*",
    "~{egeriaEndpoint}~",
    "a b",
    "a?b",
    "a#b",
    "a;b",
    "'",
    '"',
    "<script>alert(1)</script>",
    "\t",
    "\x7f",
    "con",
    "nul",
    "$HOME",
    "%s%s%s",
    "00000000-0000-0000-0000-000000000000",
    "nbadmin",
]
names = st.one_of(st.sampled_from(AWKWARD), st.text(max_size=40), st.text(st.characters(codec="utf-8"), max_size=300))
QUERY_KEYS = [
    "delegatingUserId",
    "startingFrom",
    "maximumResults",
    "after",
    "typeName",
    "qualifiedNamePrefix",
    "isMergeUpdate",
    "id",
    "url",
    "limit",
    "name",
    "property.qualifiedName",
    "property.",
    'property."',
    "waitSeconds",
]
query_values = st.one_of(
    st.sampled_from(["-1", "0", "1", "1e309", "nan", "inf", "99999999999999999999", "true", "", " ", "x"]),
    st.text(max_size=20),
)


def query_value_for(key: str) -> st.SearchStrategy[str]:
    # /changes waits up to waitSeconds for a change: keep it short, or each such case takes 30 s.
    return st.sampled_from(["0", "-5", "nan", "abc", "0.01"]) if key == "waitSeconds" else query_values


queries = st.lists(st.sampled_from(QUERY_KEYS).flatmap(lambda k: st.tuples(st.just(k), query_value_for(k))), max_size=4)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | names,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)
KNOWN_FIELDS = [
    "class",
    "integrationGroupQualifiedName",
    "omagserverName",
    "omagserverPlatformRootURL",
    "secretsStoreProvider",
    "dynamicIntegrationGroupsConfig",
    "versionId",
    "localServerId",
    "auditTrail",
    "typeName",
    "qualifiedName",
    "properties",
    "scope",
    "typeNames",
    "elements",
    "relationships",
    "end1GUID",
    "end2GUID",
    "end1QualifiedName",
    "end2QualifiedName",
    "connectorName",
    "connection",
    "configurationProperties",
    "mergeUpdate",
    "string",
    "name",
    "urlRoot",
    "userId",
    "password",
    "refreshTimeInterval",
    "connectorProviderClassName",
    "usesBlockingCalls",
    "startDate",
    "stopDate",
    "permittedSynchronization",
    "displayName",
    "description",
    "metadataSourceQualifiedName",
]
CLASSES = [
    "IntegrationGroupConfig",
    "OMAGServerConfig",
    "IntegrationGroupProperties",
    "IntegrationConnector",
    "RegisteredIntegrationConnectorProperties",
    "NameRequestBody",
    "StringRequestBody",
    "VoidResponse",
    "x",
]
field_values = st.one_of(
    json_values,
    st.sampled_from(CLASSES),
    st.sampled_from(
        ["http://127.0.0.1:1", "https://x", "ftp://x", "~{egeriaEndpoint}~", "2026-01-31T09:00:00+00:00", 1e300, -1]
    ),
)
shaped = st.dictionaries(st.sampled_from(KNOWN_FIELDS), field_values, max_size=8)


def valid_group() -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(lambda n, s: group(n or "g", server=s or MD), names, names)


# Built once: bodies too large or too deep to generate case by case.
SPECIAL_BODIES = [
    b"",
    b"{",
    b"[" * 100_000,
    b'{"a":' * 70 + b"1" + b"}" * 70,
    b"[" * 63 + b"]" * 63,
    b"1" * 5000,
    b"NaN",
    b"[Infinity]",
    b"1e400",
    b'"\\ud800"',
    b'{"x": "\\udfff\\ud800"}',
    b"\xff\xfe\x00",
    b"null",
    b'"' + b"a" * 1_000_000 + b'"',
    b"[" + b"1," * 1_500_000 + b"1]",
    b"[" + b" " * (MAX_BODY_BYTES + 10) + b"]",
]
bodies = st.one_of(
    st.none(),
    json_values.map(lambda v: json.dumps(v).encode()),
    shaped.map(lambda v: json.dumps(v).encode()),
    st.lists(shaped | valid_group(), max_size=4).map(lambda v: json.dumps(v).encode()),
    valid_group().map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=300),
    st.sampled_from(SPECIAL_BODIES),
)
# What requests will send as a header value: printable ASCII, no surrounding white space.
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60).map(str.strip)
CONTENT_TYPES = [
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/json; charset=latin-1",
    "",
    "*/*",
]


def authorizations(token: str) -> st.SearchStrategy[str | None]:
    return st.one_of(
        st.just("Bearer " + token),
        st.just("Bearer " + token),
        st.none(),
        st.sampled_from(
            ["", "Bearer", "Bearer ", "Basic x", "bearer " + token, "Bearer " + token[::-1], "Bearer  " + token]
        ),
        header_text,
    )


# Methods HTTP knows; others never reach the application (aiohttp's parser refuses them: the raw test).
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE"]


# -- sending and judging ---------------------------------------------------------------------------------


def fill(route: Route, values: list[str]) -> str:
    it = iter(values)
    return PLACEHOLDER.sub(lambda m: quote(next(it), safe=""), route.template)


# aiohttp reads at most this many bytes of a request line or header (its max_line_size).
PARSER_LINE_LIMIT = 8190


def beyond_parser(method: str, path: str) -> bool:
    """True if the request line ``METHOD PATH HTTP/1.1`` is longer than aiohttp's parser reads."""
    return len(f"{method} {path} HTTP/1.1") > PARSER_LINE_LIMIT


def judge(response: requests.Response, what: str, tally: Tally) -> None:
    assert response.status_code < 500, f"{what}: HTTP {response.status_code} {response.text[:300]}"
    if response.request.method == "HEAD":
        return  # no body to judge; unauthenticated HEADs are 401 like any unknown method without a token
    if not response.content:
        assert response.status_code in (200, 204), f"{what}: HTTP {response.status_code} with no body"
        return
    if response.status_code == 400 and beyond_parser(response.request.method or "", response.request.path_url):
        # aiohttp's parser refuses a request line this long before the application sees it (docstring).
        assert response.headers.get("Content-Type", "").startswith("text/plain"), what
        tally.add(REFUSED, SUITE)
        return
    if "json" not in response.headers.get("Content-Type", ""):
        assert response.status_code == 200, (
            f"{what}: HTTP {response.status_code} without an FFDC body: {response.text[:300]}"
        )
        return
    body = response.json()
    if response.status_code != 200 or (isinstance(body, dict) and body.get("relatedHTTPCode", 200) != 200):
        assert_ffdc(body, what)
        tally.add(REFUSED, SUITE)


ROUTE_EXAMPLES = scaled(1800, 24000)


@settings(FUZZ_SETTINGS, max_examples=ROUTE_EXAMPLES)
@given(data=st.data())
def test_every_route_with_random_requests(target: Target, tally: Tally, data: st.DataObject) -> None:
    route = data.draw(st.sampled_from(target.routes), label="route")
    values = [
        data.draw(st.sampled_from([target.platform.user_id, "mallory"]) | names, label=p)
        if p == "userId"
        else data.draw(st.sampled_from([MD, "integration-daemon"]) | names, label=p)
        for p in route.params
    ]
    method = data.draw(st.sampled_from([route.method] * 6 + METHODS), label="method")
    if method == "DELETE" and MD in values:
        values = [v if v != MD else "not-the-metadata-server" for v in values]  # keep the catalog routes reachable
    headers = {}
    auth = data.draw(authorizations(target.token), label="authorization")
    if auth is not None:
        headers["Authorization"] = auth
    content_type = data.draw(st.sampled_from(CONTENT_TYPES) | header_text, label="content-type")
    if content_type:
        headers["Content-Type"] = content_type
    if data.draw(st.booleans(), label="extra header"):
        headers["X-Fuzz"] = data.draw(header_text, label="x-fuzz")
    body = data.draw(bodies, label="body")
    params = data.draw(queries, label="query")
    path = fill(route, values)
    response = target.session.request(
        method, target.url + path, params=params, data=body, headers=headers, timeout=60, allow_redirects=False
    )
    tally.add(FUZZ, SUITE)
    judge(response, f"{method} {path}", tally)


RANDOM_PATH_EXAMPLES = scaled(500, 6000)
segments = st.one_of(
    st.sampled_from(
        [
            "open-metadata",
            "admin-services",
            "servers",
            "users",
            "api",
            "token",
            "integration-groups",
            "configuration",
            "all",
            "catalog",
            "elements",
            "..",
            ".",
            "",
            "%2F",
            "%00",
            "%zz",
            "%",
            "~",
        ]
    ),
    names.map(lambda n: quote(n, safe="")),
)


@settings(FUZZ_SETTINGS, max_examples=RANDOM_PATH_EXAMPLES)
@given(
    parts=st.lists(segments, min_size=0, max_size=8),
    method=st.sampled_from(METHODS),
    body=bodies,
    with_token=st.booleans(),
)
def test_random_paths(
    target: Target, tally: Tally, parts: list[str], method: str, body: bytes | None, with_token: bool
) -> None:
    path = "/" + "/".join(parts)
    headers = {"Authorization": "Bearer " + target.token} if with_token else {}
    response = target.session.request(method, target.url + path, data=body, headers=headers, timeout=60)
    tally.add(FUZZ, SUITE)
    judge(response, f"{method} {path}", tally)


RAW_EXAMPLES = scaled(250, 3000)
raw_paths = st.one_of(
    segments.map(lambda s: "/" + s),
    st.binary(max_size=60).map(lambda b: "/" + b.decode("latin-1")),
    st.sampled_from(
        [
            "*",
            "//",
            "/./.",
            "/%ED%A0%80",
            "/open-metadata/admin-services/servers/%ED%A0%80/configuration",
            "http://evil.example/api/about",
            "/api/about?" + "a=" * 5000,
            "/" + "a" * 20000,
        ]
    ),
)
raw_headers = st.lists(
    st.tuples(
        st.sampled_from(["Content-Length", "Transfer-Encoding", "Authorization", "Host", "Content-Type", "X-A", "X B"]),
        st.text(st.characters(min_codepoint=0, max_codepoint=255), max_size=30),
    ),
    max_size=4,
)


def send_raw(url: str, request: bytes) -> bytes:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


@settings(FUZZ_SETTINGS, max_examples=RAW_EXAMPLES)
@given(
    method=st.sampled_from([*METHODS, "FOO", "G ET", "", "GET\x00"]),
    path=raw_paths,
    version=st.sampled_from(["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.1x", ""]),
    headers=raw_headers,
    body=st.binary(max_size=100),
    with_token=st.booleans(),
)
def test_requests_that_are_barely_http(
    target: Target,
    tally: Tally,
    method: str,
    path: str,
    version: str,
    headers: list[tuple[str, str]],
    body: bytes,
    with_token: bool,
) -> None:
    lines = [f"{method} {path} {version}".encode("latin-1"), f"Host: {urlsplit(target.url).netloc}".encode()]
    if with_token:
        lines.append(f"Authorization: Bearer {target.token}".encode())
    lines += [f"{k}: {v}".encode("latin-1") for k, v in headers]
    answer = send_raw(target.url, b"\r\n".join(lines) + b"\r\n\r\n" + body)
    tally.add(FUZZ, SUITE)
    if not answer:
        return  # the connection was closed without an answer: allowed for bytes that are not HTTP
    head, _, payload = answer.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    match = re.match(r"HTTP/\d\.\d (\d{3})", status_line)  # aiohttp echoes the version asked for
    assert match, f"not an HTTP answer: {answer[:200]!r}"
    status = int(match.group(1))
    assert status < 500, f"{status_line} for {lines[0]!r}: {payload[:300]!r}"
    if method.startswith("HEAD") and status != 200:
        tally.add(REFUSED, SUITE)  # a HEAD answer has headers only: nothing more to judge
    elif b"application/json" in head.lower() and status != 200:
        # A chunked body is not plain JSON text; only check those sent whole.
        if b"transfer-encoding: chunked" not in head.lower():
            assert_ffdc(json.loads(payload), status_line)
        tally.add(REFUSED, SUITE)
    elif status != 200:
        # Only aiohttp's own parser answers without FFDC: a 400 for bytes it cannot read as HTTP.
        assert status == 400 and b"text/plain" in head.lower(), f"{status_line}: {answer[:300]!r}"
        tally.add(REFUSED, SUITE)


AUTH_EXAMPLES = scaled(300, 3000)


@settings(FUZZ_SETTINGS, max_examples=AUTH_EXAMPLES)
@given(
    data=st.data(),
    authorization=st.one_of(header_text, st.sampled_from(["Bearer", "Bearer  ", "bearer x", "Basic bmJhZG1pbjpw"])),
)
def test_token_routes_refuse_every_forged_authorization(
    target: Target, tally: Tally, data: st.DataObject, authorization: str
) -> None:
    guarded = [
        r
        for r in target.routes
        if "{userId}" not in r.template
        and not r.template.startswith(("/api/", "/servers/{serverName}/api/"))
        and not r.template.endswith("/origin")
    ]
    route = data.draw(st.sampled_from(guarded), label="route")
    path = fill(route, [data.draw(names, label=p) or "x" for p in route.params])
    if target.token in authorization:
        return
    response = target.session.request(
        route.method, target.url + path, headers={"Authorization": authorization}, json=group("intruder"), timeout=60
    )
    tally.add(FUZZ, SUITE)
    if beyond_parser(route.method, path):
        # Refused by aiohttp's parser before any authentication (module docstring): never a 2xx or 5xx.
        assert response.status_code == 400 and response.headers["Content-Type"].startswith("text/plain")
    elif response.status_code == 200 and response.json().get("relatedHTTPCode") == 404:
        # An empty or '/'-bearing name makes the path another route's or none: refused as "no such route".
        assert_ffdc(response.json(), path)
    else:
        assert response.status_code in (401, 404, 405), (
            f"{route.method} {path} with {authorization!r}: {response.text[:200]}"
        )
        assert_ffdc(response.json(), path)
    tally.add(REFUSED, SUITE)
