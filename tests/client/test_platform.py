"""``Platform`` over real loopback HTTP: arguments, tokens, TLS, timeouts, and which loop runs what.

The embedded platform plays Egeria 6.x (and 4.x/5.x with ``legacy_api=True``);
``FakeEgeria`` (conftest.py) plays what it cannot: Spring's empty 401, HTML
404 pages, 5.x error bodies, a platform that never answers, a self-signed
certificate.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import egeria_nb as enb
from egeria_nb.loop import LoopThread
from egeria_nb.wire import IntegrationGroupsResponse
from tests.client.conftest import GROUPS_PATH, FakeEgeria
from tests.conftest import group

SERVER = "integration-daemon"


def _fake_client(fake: FakeEgeria, **kw: Any) -> enb.Platform:
    kw.setdefault("user_id", FakeEgeria.USER)
    kw.setdefault("password", FakeEgeria.PASSWORD)
    return enb.Platform(fake.url, **kw)


def _groups(platform: enb.Platform) -> IntegrationGroupsResponse:
    return platform.call("GET", GROUPS_PATH, response=IntegrationGroupsResponse)


# -- identity and arguments --------------------------------------------------------------


def test_repr_never_shows_password_or_token(fake_egeria: FakeEgeria) -> None:
    with _fake_client(fake_egeria) as p:
        before = repr(p)
        assert FakeEgeria.PASSWORD not in before
        assert FakeEgeria.USER in before and fake_egeria.url in before
        _groups(p)
        (token,) = fake_egeria.tokens
        for text in (repr(p), str(p)):
            assert FakeEgeria.PASSWORD not in text and token not in text
        assert repr(p) == before


def test_embedded_repr_never_shows_password(platform: enb.EmbeddedPlatform) -> None:
    before = repr(platform)
    enb.get_integration_groups(platform, SERVER)
    assert platform.password and platform.password not in repr(platform)
    assert repr(platform) == before  # no token crept in after the first call


def test_from_env_reads_egerias_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGERIA_PLATFORM_URL", "https://egeria.example:9443/")
    monkeypatch.setenv("EGERIA_USER", "garygeeke")
    monkeypatch.setenv("EGERIA_USER_PASSWORD", "secret")
    with enb.Platform.from_env() as p:
        assert (p.url, p.user_id, p.password, p.api) == ("https://egeria.example:9443", "garygeeke", "secret", "6")
    with enb.Platform.from_env(user_id="erinoverview", api="5", timeout_s=5) as p:
        assert (p.user_id, p.api, p.timeout_s) == ("erinoverview", "5", 5.0)


@pytest.mark.parametrize(("value", "api"), [("5", "5"), ("4", "5"), (" 5 ", "5"), ("6", "6"), ("", "6")])
def test_from_env_api_line(monkeypatch: pytest.MonkeyPatch, value: str, api: str) -> None:
    monkeypatch.setenv("EGERIA_PLATFORM_URL", "http://127.0.0.1:9443")
    monkeypatch.setenv("EGERIA_USER", "garygeeke")
    monkeypatch.setenv("EGERIA_API", value)
    with enb.Platform.from_env() as p:
        assert p.api == api
        assert p.paths.admin("d").startswith(
            "/open-metadata/admin-services/users/garygeeke/" if api == "5" else "/open"
        )


def test_from_env_treats_empty_variables_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGERIA_PLATFORM_URL", "https://egeria.example:9443")
    for name in ("EGERIA_USER", "EGERIA_USER_PASSWORD", "EGERIA_API"):
        monkeypatch.setenv(name, "")
    with enb.Platform.from_env() as p:
        assert (p.user_id, p.password, p.api) == (None, None, "6")
    monkeypatch.setenv("EGERIA_PLATFORM_URL", "")
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.Platform.from_env()
    assert info.value.message_id == "EGERIA-NB-CLIENT-400-007"


@pytest.mark.parametrize(
    ("variable", "value", "message_id"),
    [
        ("EGERIA_PLATFORM_URL", "http://127.0.0.1:9080/ a b", "EGERIA-NB-CLIENT-400-001"),
        ("EGERIA_PLATFORM_URL", "localhost:9443", "EGERIA-NB-CLIENT-400-001"),
        ("EGERIA_USER", "   ", "EGERIA-NB-CLIENT-400-011"),
        ("EGERIA_API", "7", "EGERIA-NB-CLIENT-400-002"),
    ],
)
def test_from_env_names_the_variable_that_is_wrong(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message_id: str
) -> None:
    monkeypatch.setenv("EGERIA_PLATFORM_URL", "https://egeria.example:9443")
    monkeypatch.setenv(variable, value)
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.Platform.from_env()
    assert info.value.message_id == message_id
    assert str(info.value).startswith(f"{message_id} {variable}=")
    # The same value passed as an argument is reported under the argument's name.
    argument = {"EGERIA_PLATFORM_URL": "url", "EGERIA_USER": "user_id", "EGERIA_API": "api"}[variable]
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.Platform.from_env(**{argument: value})
    assert str(info.value).startswith(f"{message_id} {argument}=")


def test_from_env_refuses_an_unknown_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGERIA_PLATFORM_URL", "https://egeria.example:9443")
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.Platform.from_env(userid="garygeeke")
    assert info.value.message_id == "EGERIA-NB-CLIENT-400-013"
    assert "'userid'" in str(info.value)
    assert "user_id=" in (info.value.user_action or "")


def test_from_env_without_url_says_what_to_set() -> None:
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.Platform.from_env()
    assert info.value.message_id == "EGERIA-NB-CLIENT-400-007"
    assert "EGERIA_PLATFORM_URL" in str(info.value)
    assert "start_embedded" in (info.value.user_action or "")


def test_from_env_talks_to_the_platform(platform: enb.EmbeddedPlatform, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGERIA_PLATFORM_URL", platform.url)
    monkeypatch.setenv("EGERIA_USER", platform.user_id or "")
    monkeypatch.setenv("EGERIA_USER_PASSWORD", platform.password or "")
    with enb.Platform.from_env() as p:
        enb.configure_integration_group(p, SERVER, group("g", url=platform.url))
        assert enb.get_integration_groups(p, SERVER).names() == ["g"]


@pytest.mark.parametrize(
    ("kwargs", "message_id"),
    [
        ({"url": "localhost:9443"}, "EGERIA-NB-CLIENT-400-001"),
        ({"url": "ftp://egeria.example"}, "EGERIA-NB-CLIENT-400-001"),
        ({"url": ""}, "EGERIA-NB-CLIENT-400-001"),
        ({"url": "https://"}, "EGERIA-NB-CLIENT-400-001"),
        ({"url": "https://egeria.example:99999"}, "EGERIA-NB-CLIENT-400-001"),
        ({"url": "https://egeria.example:9443/?x=1"}, "EGERIA-NB-CLIENT-400-001"),
        ({"url": "http://127.0.0.1:9080/ a b"}, "EGERIA-NB-CLIENT-400-001"),
        ({"url": "http://127.0.0.1:9080/\tx"}, "EGERIA-NB-CLIENT-400-001"),
        ({"url": "http://127.0.0.1:9080/?"}, "EGERIA-NB-CLIENT-400-001"),
        ({"url": "http://127.0.0.1:9080#"}, "EGERIA-NB-CLIENT-400-001"),
        (
            {"url": "https://egeria.example:9443/open-metadata/platform-services/server-platform"},
            "EGERIA-NB-CLIENT-400-001",
        ),
        ({"url": "https://egeria.example:9443/api/about"}, "EGERIA-NB-CLIENT-400-001"),
        ({"url": "https://proxy.example/égeria"}, "EGERIA-NB-CLIENT-400-001"),
        ({"url": "http://[::1"}, "EGERIA-NB-CLIENT-400-001"),
        ({"url": None}, "EGERIA-NB-CLIENT-400-001"),
        ({"url": b"https://egeria.example:9443"}, "EGERIA-NB-CLIENT-400-001"),
        ({"url": 9443}, "EGERIA-NB-CLIENT-400-001"),
        ({"user_id": ""}, "EGERIA-NB-CLIENT-400-011"),
        ({"user_id": "   "}, "EGERIA-NB-CLIENT-400-011"),
        ({"user_id": " garygeeke"}, "EGERIA-NB-CLIENT-400-011"),
        ({"user_id": "gary\ngeeke"}, "EGERIA-NB-CLIENT-400-011"),
        ({"user_id": 42}, "EGERIA-NB-CLIENT-400-011"),
        ({"user_id": ["garygeeke"]}, "EGERIA-NB-CLIENT-400-011"),
        ({"password": 1234}, "EGERIA-NB-CLIENT-400-012"),
        ({"password": b"secret"}, "EGERIA-NB-CLIENT-400-012"),
        ({"api": 6.0}, "EGERIA-NB-CLIENT-400-002"),
        ({"api": True}, "EGERIA-NB-CLIENT-400-002"),
        ({"api": None}, "EGERIA-NB-CLIENT-400-002"),
        ({"verify": None}, "EGERIA-NB-CLIENT-400-004"),
        ({"api": "7"}, "EGERIA-NB-CLIENT-400-002"),
        ({"api": 4}, "EGERIA-NB-CLIENT-400-002"),
        ({"api": "5", "user_id": None}, "EGERIA-NB-CLIENT-400-005"),
        ({"timeout_s": 0}, "EGERIA-NB-CLIENT-400-006"),
        ({"timeout_s": -1}, "EGERIA-NB-CLIENT-400-006"),
        ({"timeout_s": None}, "EGERIA-NB-CLIENT-400-006"),
        ({"timeout_s": "30"}, "EGERIA-NB-CLIENT-400-006"),
        ({"timeout_s": float("nan")}, "EGERIA-NB-CLIENT-400-006"),
        ({"timeout_s": float("inf")}, "EGERIA-NB-CLIENT-400-006"),
        ({"timeout_s": True}, "EGERIA-NB-CLIENT-400-006"),
        ({"verify": 3}, "EGERIA-NB-CLIENT-400-004"),
        ({"verify": "/no/such/ca.pem"}, "EGERIA-NB-CLIENT-400-003"),
    ],
)
def test_bad_arguments_fail_before_any_call(kwargs: dict[str, Any], message_id: str) -> None:
    (argument,) = kwargs if len(kwargs) == 1 else [k for k in kwargs if k != "user_id"]
    kwargs = {"url": "https://egeria.example:9443", "user_id": "garygeeke", **kwargs}
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.Platform(**kwargs)
    text = str(info.value)
    assert info.value.message_id == message_id
    assert text.startswith(f"{message_id} {argument}=")  # names the argument, then what it got
    if argument != "password":  # a password is never shown, even one of the wrong kind
        assert " ".join(repr(kwargs[argument])[:40].split()) in text  # the message is one line
    assert info.value.user_action and len(text) < 600


def test_a_misnamed_option_is_named_with_the_options_there_are() -> None:
    # timeout= was the option's name before durations took the _s suffix; the password is never shown.
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.Platform("https://egeria.example:9443", user_id="garygeeke", password="s3cret-pw", timeout=5)
    text = str(info.value)
    assert info.value.message_id == "EGERIA-NB-ARGS-400-001"
    assert "unexpected keyword argument 'timeout'" in text
    assert "timeout_s=30.0" in text and "_home" not in text and "s3cret-pw" not in text
    with (
        enb.Platform("https://egeria.example:9443", user_id="garygeeke", password="pw") as platform,
        pytest.raises(enb.InvalidParameterError, match="unexpected keyword argument 'timeout'"),
    ):
        platform.call("GET", "/api/about", timeout=1)


def test_url_with_white_space_says_where_and_what_a_root_url_is() -> None:
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.Platform("http://127.0.0.1:9080/ a b")
    assert str(info.value) == (
        "EGERIA-NB-CLIENT-400-001 url='http://127.0.0.1:9080/ a b' is not a platform root URL: it contains a "
        "space (at position 23). No client was created and nothing was sent. What to do: Give the platform's "
        "root URL: http:// or https://, the host and "
        "the port, for example https://egeria.example:9443. A path prefix is allowed only when a proxy serves "
        "the platform under one (https://proxy.example/egeria); a service's path, a query or a fragment is not."
    )


def test_a_long_bad_url_is_shortened_in_the_message() -> None:
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.Platform("https://egeria.example:9443/" + "p" * 5_000 + "?q")
    assert "… (5,030 characters)" in str(info.value)
    assert len(str(info.value)) < 600


def test_wrong_password_type_is_never_echoed() -> None:
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.Platform("https://egeria.example:9443", user_id="garygeeke", password=918273645)
    assert str(info.value).startswith("EGERIA-NB-CLIENT-400-012 password= is an int, not text.")
    assert "918273645" not in str(info.value)


def test_url_with_password_is_refused_without_echoing_it() -> None:
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.Platform("https://garygeeke:hunter2@egeria.example:9443")
    assert "hunter2" not in str(info.value)
    assert "password=" in str(info.value)


def test_verify_file_that_is_not_a_certificate(tmp_path: Path) -> None:
    bogus = tmp_path / "ca.pem"
    bogus.write_text("this is not a certificate\n")
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.Platform("https://egeria.example:9443", verify=str(bogus))
    assert info.value.message_id == "EGERIA-NB-CLIENT-400-008"
    assert str(bogus) in str(info.value)


def test_url_keeps_a_path_prefix_and_drops_the_trailing_slash() -> None:
    with enb.Platform(" https://proxy.example/egeria/ ") as p:
        assert p.url == "https://proxy.example/egeria"


def test_bad_per_call_timeout(fake_egeria: FakeEgeria) -> None:
    with _fake_client(fake_egeria) as p:
        with pytest.raises(enb.InvalidParameterError) as info:
            p.call("GET", "/api/about", response=None, timeout_s=0)
        assert info.value.message_id == "EGERIA-NB-CLIENT-400-006"
    assert fake_egeria.requests == []


# -- no answer -----------------------------------------------------------------------------


def test_closed_port_is_unreachable_and_names_the_url(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}"
    with enb.Platform(url, user_id="u", password="p", timeout_s=5) as p:
        for path in ("/api/about", GROUPS_PATH):  # public, and one that needs a token first
            with pytest.raises(enb.PlatformUnreachableError) as info:
                p.call("GET", path, response=None)
            assert type(info.value) is enb.PlatformUnreachableError
            assert info.value.message_id == "EGERIA-NB-CLIENT-503-001"
            assert url in str(info.value)
            assert "URL" in (info.value.user_action or "")


def test_silent_platform_times_out_and_the_caller_is_free(silent_port: int, fake_egeria: FakeEgeria) -> None:
    url = f"http://127.0.0.1:{silent_port}"
    with enb.Platform(url, user_id="u", password="p", timeout_s=0.5) as p:
        with pytest.raises(enb.PlatformTimeoutError) as info:
            p.call("GET", GROUPS_PATH)  # the token request is the one that hangs
        assert info.value.message_id == "EGERIA-NB-CLIENT-504-001"
        assert url in str(info.value) and "0.5 s" in str(info.value)
        assert "timeout_s=" in (info.value.user_action or "")
        assert isinstance(info.value, enb.PlatformUnreachableError)
    # The shared client loop is not stuck: another platform answers at once.
    with _fake_client(fake_egeria) as other:
        assert other.call("GET", "/fast", response=None)["name"] == "fake"


def test_hung_call_times_out_and_the_same_client_still_works(fake_egeria: FakeEgeria) -> None:
    with _fake_client(fake_egeria, timeout_s=10) as p:
        with pytest.raises(enb.PlatformTimeoutError) as info:
            p.call("GET", "/hang", response=None, timeout_s=0.5)
        assert "/hang" in str(info.value)
        assert p.call("GET", "/fast", response=None)["name"] == "fake"

        async def hang() -> Any:
            return await p.acall("GET", "/hang", response=None, timeout_s=0.5)

        with pytest.raises(enb.PlatformTimeoutError):
            asyncio.run(hang())
        assert _groups(p).groups == []


# -- answers that are failures, over HTTP ----------------------------------------------------


@pytest.mark.parametrize("path", ["/html-404", "/spring-404"])
def test_404_without_ffdc_body_suggests_the_api_line(fake_egeria: FakeEgeria, path: str) -> None:
    with _fake_client(fake_egeria) as p, pytest.raises(enb.UnexpectedResponseError) as info:
        p.call("GET", path)
    assert info.value.message_id == "EGERIA-NB-CLIENT-404-001"
    assert fake_egeria.url + path in str(info.value)
    assert "api='5'" in (info.value.user_action or "")


def test_5x_error_body_with_http_200(fake_egeria: FakeEgeria) -> None:
    with _fake_client(fake_egeria) as p, pytest.raises(enb.InvalidParameterError) as info:
        p.call("GET", "/v5-error")
    assert type(info.value) is enb.InvalidParameterError
    assert info.value.message_id == "OMAG-ADMIN-400-032"
    assert info.value.http_code == 400 and info.value.properties == {}


def test_html_page_with_http_200_is_not_an_egeria_answer(fake_egeria: FakeEgeria) -> None:
    with _fake_client(fake_egeria) as p, pytest.raises(enb.UnexpectedResponseError) as info:
        p.call("GET", "/html-200")
    assert info.value.message_id == "EGERIA-NB-CLIENT-502-001"
    assert "VoidResponse" in str(info.value)


def test_6x_client_against_a_5x_platform_says_use_api_5(fake_egeria: FakeEgeria) -> None:
    fake_egeria.api_line = "5"
    with _fake_client(fake_egeria) as p, pytest.raises(enb.UnexpectedResponseError) as info:
        _groups(p)
    assert "/api/token" in str(info.value)
    assert "api='5'" in (info.value.user_action or "")
    assert fake_egeria.requests == [("POST", "/api/token")]


def test_embedded_answers_unknown_paths_with_ffdc(platform: enb.EmbeddedPlatform) -> None:
    with pytest.raises(enb.EgeriaError) as info:
        platform.call("GET", "/open-metadata/no-such-service")
    assert info.value.message_id and info.value.http_code == 404


# -- bearer tokens ---------------------------------------------------------------------------


def test_token_is_fetched_lazily_and_reused(fake_egeria: FakeEgeria) -> None:
    with _fake_client(fake_egeria) as p:
        assert fake_egeria.requests == []  # constructing does no I/O
        p.call("GET", "/api/about", response=None)
        assert fake_egeria.requests == [("GET", "/api/about")]  # public path: no token
        _groups(p)
        _groups(p)
        assert fake_egeria.count("POST", "/api/token") == 1
        assert fake_egeria.count("GET", GROUPS_PATH) == 2


def test_expired_token_is_renewed_exactly_once(fake_egeria: FakeEgeria) -> None:
    with _fake_client(fake_egeria) as p:
        _groups(p)
        fake_egeria.tokens.clear()  # the platform forgot it (expiry, restart)
        assert _groups(p).related_http_code == 200
        assert fake_egeria.count("POST", "/api/token") == 2
        assert fake_egeria.count("GET", GROUPS_PATH) == 3


def test_refused_token_is_not_retried_in_a_loop(fake_egeria: FakeEgeria) -> None:
    with _fake_client(fake_egeria) as p:
        _groups(p)
        fake_egeria.requests.clear()
        fake_egeria.refuse_all_tokens = True
        with pytest.raises(enb.NotAuthorizedError) as info:
            _groups(p)
        assert info.value.message_id == "EGERIA-NB-CLIENT-401-001"  # Spring's empty 401
        assert fake_egeria.requests == [("GET", GROUPS_PATH), ("POST", "/api/token"), ("GET", GROUPS_PATH)]


def test_wrong_password_names_the_user_once(fake_egeria: FakeEgeria) -> None:
    with _fake_client(fake_egeria, password="wrong-pw") as p, pytest.raises(enb.NotAuthorizedError) as info:
        _groups(p)
    assert info.value.message_id == "EGERIA-NB-CLIENT-401-003"
    assert repr(FakeEgeria.USER) in str(info.value)
    assert "wrong-pw" not in str(info.value)
    assert fake_egeria.requests == [("POST", "/api/token")]


def test_no_credentials_on_6x(fake_egeria: FakeEgeria) -> None:
    with enb.Platform(fake_egeria.url) as p, pytest.raises(enb.NotAuthorizedError) as info:
        _groups(p)
    assert info.value.message_id == "EGERIA-NB-CLIENT-401-002"
    assert fake_egeria.requests == []


def test_embedded_token_expiry_is_invisible(data_dir: Path) -> None:
    with enb.start_embedded(data_dir, token_ttl_s=0.5) as platform:
        enb.configure_integration_group(platform, SERVER, group("g", url=platform.url))
        time.sleep(0.6)  # outlive the token; the next call renews it
        assert enb.get_integration_groups(platform, SERVER).names() == ["g"]


def test_embedded_wrong_password(platform: enb.EmbeddedPlatform) -> None:
    with enb.Platform(platform.url, user_id=platform.user_id, password="not-it") as p:
        with pytest.raises(enb.NotAuthorizedError) as info:
            enb.get_integration_groups(p, SERVER)
        assert info.value.message_id == "EGERIA-NB-CLIENT-401-003"
        assert info.value.http_code == 401
        # The status is said once: the message names it, so the paragraph does not add "(HTTP 401)" again.
        assert str(info.value) == (
            f"EGERIA-NB-CLIENT-401-003 The platform at {platform.url} refused to log in user "
            f"{platform.user_id!r} (HTTP 401). No token was issued and the call was not made. "
            "What to do: Check the user id and password. "
            "For the embedded platform, use the platform object's user_id and password."
        )


# -- Egeria 4.x / 5.x paths --------------------------------------------------------------------


def test_api_5_against_legacy_embedded(data_dir: Path) -> None:
    with enb.start_embedded(data_dir, legacy_api=True) as platform:
        with enb.Platform(platform.url, user_id=platform.user_id, api="5") as p:
            assert p.paths.admin(SERVER) == f"/open-metadata/admin-services/users/{platform.user_id}/servers/{SERVER}"
            enb.configure_integration_groups(p, SERVER, [group(n, url=platform.url) for n in ("a", "b")])
            enb.configure_integration_group(p, SERVER, group("a", url=platform.url))
            assert enb.get_integration_groups(p, SERVER).names() == ["b", "a"]
            enb.remove_integration_group(p, SERVER, "b")
            assert (
                enb.get_server_config(p, SERVER).dynamic_integration_groups_config[0].integration_group_qualified_name
                == "a"
            )
            enb.remove_integration_groups(p, SERVER)
            assert enb.get_integration_groups(p, SERVER) == []
        # Both API lines see the same documents.
        enb.configure_integration_group(platform, SERVER, group("six", url=platform.url))
        with enb.Platform(platform.url, user_id=platform.user_id, api="5") as p:
            assert enb.get_integration_groups(p, SERVER).names() == ["six"]


def test_api_5_against_6x_only_embedded_fails_clearly(platform: enb.EmbeddedPlatform) -> None:
    with enb.Platform(platform.url, user_id=platform.user_id, api="5") as p, pytest.raises(enb.EgeriaError) as info:
        enb.get_integration_groups(p, SERVER)
    assert info.value.message_id and info.value.user_action


# -- TLS -----------------------------------------------------------------------------------------


def test_tls_self_signed_is_refused_by_default(tls_egeria: FakeEgeria) -> None:
    with _fake_client(tls_egeria) as p, pytest.raises(enb.PlatformUnreachableError) as info:
        p.call("GET", "/api/about", response=None)
    assert info.value.message_id == "EGERIA-NB-CLIENT-503-002"
    assert tls_egeria.url in str(info.value)
    assert "verify=" in (info.value.user_action or "")
    assert tls_egeria.requests == []


@pytest.mark.parametrize("how", ["path", "pathlib", "off"])
def test_tls_with_ca_bundle_or_unverified(tls_egeria: FakeEgeria, self_signed: tuple[Path, Path], how: str) -> None:
    cert, _ = self_signed
    verify: Any = {"path": str(cert), "pathlib": cert, "off": False}[how]
    with _fake_client(tls_egeria, verify=verify) as p:
        assert p.call("GET", "/api/about", response=None)["name"] == "fake"
        assert _groups(p).related_http_code == 200


# -- loops and threads -----------------------------------------------------------------------------


def test_blocking_call_on_its_own_loop_is_refused(fake_egeria: FakeEgeria) -> None:
    home = LoopThread("test-home")
    try:
        with _fake_client(fake_egeria)._bound_to(home) as p:

            async def blocking_inside() -> Any:
                return p.call("GET", "/fast", response=None)

            with pytest.raises(RuntimeError, match=r"await platform\.acall"):
                home.run(blocking_inside(), timeout=10)

            async def awaiting_inside() -> Any:
                return await p.acall("GET", "/fast", response=None)

            assert home.run(awaiting_inside(), timeout=10)["name"] == "fake"
        assert fake_egeria.count("GET", "/fast") == 1  # the refused call sent nothing
    finally:
        home.stop()


def test_acall_from_another_event_loop(platform: enb.EmbeddedPlatform) -> None:
    enb.configure_integration_group(platform, SERVER, group("g", url=platform.url))
    path = platform.paths.admin(SERVER) + "/integration-groups/configuration"

    async def main() -> list[IntegrationGroupsResponse]:
        return await asyncio.gather(
            *(platform.acall("GET", path, response=IntegrationGroupsResponse) for _ in range(5))
        )

    answers = asyncio.run(main())
    assert [[g.integration_group_qualified_name for g in a.groups or []] for a in answers] == [["g"]] * 5


def test_calls_from_threads(platform: enb.EmbeddedPlatform) -> None:
    path = platform.paths.admin(SERVER) + "/integration-groups/configuration"
    with enb.Platform(platform.url, user_id=platform.user_id, password=platform.password) as p:
        results: list[Any] = []
        errors: list[BaseException] = []

        def sync_worker(n: int) -> None:
            try:
                enb.configure_integration_group(p, f"server-{n}", group(f"g{n}", url=platform.url))
                results.append(enb.get_integration_groups(p, f"server-{n}").names())
            except BaseException as exc:
                errors.append(exc)

        def async_worker() -> None:
            try:
                results.append(asyncio.run(p.acall("GET", path, response=IntegrationGroupsResponse)).groups)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=sync_worker, args=(n,)) for n in range(4)]
        threads += [threading.Thread(target=async_worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert errors == []
        assert sorted(r for r in results if r) == [[f"g{n}"] for n in range(4)]
        assert results.count(None) == 4
