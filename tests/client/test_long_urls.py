"""Values too long for a URL: refused by the client before sending, and answered quietly by the embedded platform.

A qualified name travels in the body when a group is configured, but in the URL path when it is removed;
Egeria's web server (Tomcat, or aiohttp for the embedded platform) refuses a request line over about 8 KB
before any Egeria code runs. Everything here is real loopback HTTP.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from urllib.parse import urlsplit

import pytest

import egeria_nb as enb
from egeria_nb.client import platform as client_platform
from egeria_nb.client.paths import segment
from egeria_nb.client.platform import MAX_URL_CHARS
from egeria_nb.wire import IntegrationGroupConfig
from tests.client.conftest import FakeEgeria

DAEMON = "d"
LONG_NAME = "x" * 10_000
# Far shorter than the 10,000-character name: the error shows a value's start and its length, never all of it.
MESSAGE_BUDGET = 1_500


def _long_group(platform: enb.EmbeddedPlatform) -> IntegrationGroupConfig:
    return IntegrationGroupConfig(
        integration_group_qualified_name=LONG_NAME,
        omag_server_name="active-metadata-store",
        omag_server_platform_root_url=platform.url,
    )


def _remove_path(platform: enb.Platform, name: str) -> str:
    """The path remove_integration_group(platform, DAEMON, name) calls."""
    return platform.paths.admin(DAEMON) + "/integration-groups/" + segment(name)


def _fake_client(fake: FakeEgeria) -> enb.Platform:
    return enb.Platform(fake.url, user_id=FakeEgeria.USER, password=FakeEgeria.PASSWORD)


# -- the client refuses what no platform accepts --------------------------------------------------------


def test_removing_a_10kb_name_fails_with_a_short_egeria_nb_error(platform: enb.EmbeddedPlatform) -> None:
    """The report as written: configuring works (the name goes in the body), removing it does not."""
    enb.configure_integration_group(platform, DAEMON, _long_group(platform))
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.remove_integration_group(platform, DAEMON, LONG_NAME)  # the name would go in the URL path
    # Refused by the admin functions' own name check or by the client's URL check, never sent.
    assert (info.value.message_id or "").startswith("EGERIA-NB-")
    assert info.value.message_id != "EGERIA-NB-CLIENT-400-001"
    assert len(str(info.value)) < MESSAGE_BUDGET and "x" * 100 not in str(info.value)
    assert enb.get_integration_groups(platform, DAEMON).names() == [LONG_NAME]


def test_a_url_too_long_for_any_platform_is_refused_before_sending(
    platform: enb.EmbeddedPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    enb.configure_integration_group(platform, DAEMON, _long_group(platform))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(enb.InvalidParameterError) as info:
        platform.call("DELETE", _remove_path(platform, LONG_NAME))  # what remove_integration_group sends
    error = info.value
    text = str(error)
    assert error.message_id == "EGERIA-NB-CLIENT-400-009"
    assert text.startswith("EGERIA-NB-CLIENT-400-009 DELETE " + platform.url + "/open-metadata/admin-services/")
    assert len(text) < MESSAGE_BUDGET
    assert "x" * 100 not in text
    assert "was not sent: its URL would be 10,0" in text
    assert f"egeria_nb sends at most {MAX_URL_CHARS:,}" in text
    assert f"The value {'x' * 60!r}… (10,000 characters) in the URL path makes it too long." in text
    assert "What to do: Use a shorter value" in text
    assert "remove_integration_groups()" in (error.user_action or "")
    # Nothing reached the platform: it logged no refusal, and the group is still there.
    assert not [r for r in caplog.records if r.name.startswith(("aiohttp", "egeria_nb.embedded"))]
    assert enb.get_integration_groups(platform, DAEMON).names() == [LONG_NAME]
    # What the error advises works: calls that do not name the group take it out.
    enb.configure_integration_groups(platform, DAEMON, [])
    assert enb.get_integration_groups(platform, DAEMON) == []


def test_nothing_is_sent_not_even_a_token_request(fake_egeria: FakeEgeria) -> None:
    with _fake_client(fake_egeria) as p, pytest.raises(enb.InvalidParameterError) as info:
        p.call("DELETE", _remove_path(p, LONG_NAME))
    assert info.value.message_id == "EGERIA-NB-CLIENT-400-009"
    assert fake_egeria.requests == []


def test_the_limit_is_the_percent_encoded_url_and_exactly_the_limit_is_sent(fake_egeria: FakeEgeria) -> None:
    prefix = "/no-such-page/"
    room = MAX_URL_CHARS - len(fake_egeria.url + prefix)
    with _fake_client(fake_egeria) as p:
        with pytest.raises(enb.UnexpectedResponseError) as sent:  # the fake has no such page: it was sent
            p.call("GET", prefix + "y" * room)
        assert sent.value.message_id == "EGERIA-NB-CLIENT-404-001"
        with pytest.raises(enb.InvalidParameterError) as refused:
            p.call("GET", prefix + "y" * (room + 1))
        assert refused.value.message_id == "EGERIA-NB-CLIENT-400-009"
        # Non-ASCII takes 6 characters per letter once percent-encoded: 1,200 letters are 7,200.
        with pytest.raises(enb.InvalidParameterError) as encoded:
            p.call("GET", prefix + segment("é" * 1_200))
    assert f"{'é' * 60!r}… (1,200 characters, 7,200 once percent-encoded) in the URL path" in str(encoded.value)
    assert [path for method, path in fake_egeria.requests if method == "GET"] == [prefix + "y" * room]


def test_a_long_query_value_is_named_by_its_parameter(fake_egeria: FakeEgeria) -> None:
    with _fake_client(fake_egeria) as p, pytest.raises(enb.InvalidParameterError) as info:
        p.call("GET", "/api/about", params={"searchString": "z" * 8_000, "startFrom": "0"})
    assert f"The value {'z' * 60!r}… (8,000 characters) in the query parameter searchString= makes it" in str(
        info.value
    )
    assert fake_egeria.requests == []


def test_many_long_values_together_are_reported_as_such(fake_egeria: FakeEgeria) -> None:
    path = "/" + "/".join(["w" * 150] * 60)
    with _fake_client(fake_egeria) as p, pytest.raises(enb.InvalidParameterError) as info:
        p.call("GET", path)
    text = str(info.value)
    assert "No single value makes it so long: several long values together do." in text
    assert len(text) < MESSAGE_BUDGET
    assert fake_egeria.requests == []


def test_async_calls_are_checked_too(fake_egeria: FakeEgeria) -> None:
    async def remove() -> None:
        await p.acall("DELETE", "/x/" + LONG_NAME)

    with _fake_client(fake_egeria) as p, pytest.raises(enb.InvalidParameterError) as info:
        asyncio.run(remove())
    assert info.value.message_id == "EGERIA-NB-CLIENT-400-009"
    assert fake_egeria.requests == []


# -- what a platform answers when the request does get there ------------------------------------------------


def test_the_platforms_own_refusal_is_reported_as_an_http_level_one(
    platform: enb.EmbeddedPlatform, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another Egeria may take less than the client's limit; its plain-text 400 must read as what it is."""
    enb.configure_integration_group(platform, DAEMON, _long_group(platform))
    monkeypatch.setattr(client_platform, "MAX_URL_CHARS", 100_000)  # let the over-long request go out
    with pytest.raises(enb.InvalidParameterError) as info:
        platform.call("DELETE", _remove_path(platform, LONG_NAME))
    error = info.value
    text = str(error)
    assert error.message_id == "EGERIA-NB-CLIENT-400-010"
    assert error.http_code == 400
    assert text.startswith(
        "EGERIA-NB-CLIENT-400-010 The platform's web server refused DELETE "
        + platform.url
        + "/open-metadata/admin-services/"
    )
    assert " with HTTP 400 before any Egeria service read it: Got more than 8190 bytes when reading" in text
    assert text.count("HTTP 400") == 1
    assert len(text) < MESSAGE_BUDGET
    assert "points at an Egeria platform" not in text  # it is one; the old text sent users the wrong way
    assert "a name far longer than usual" in (error.user_action or "")
    assert enb.get_integration_groups(platform, DAEMON).names() == [LONG_NAME]


def _raw_request(url: str, request: bytes) -> bytes:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as conn:
        conn.sendall(request)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"DELETE /open-metadata/admin-services/servers/d/integration-groups/"
        + b"x" * 10_000
        + b" HTTP/1.1\r\nHost: localhost\r\n\r\n",
        b"GET /api/about HTTP/1.1\r\nHost: localhost\r\nX-Too-Long: " + b"y" * 10_000 + b"\r\n\r\n",
    ],
    ids=["request-line", "header"],
)
def test_embedded_platform_answers_an_over_long_request_with_400_and_one_quiet_line(
    platform: enb.EmbeddedPlatform,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    request_bytes: bytes,
) -> None:
    caplog.set_level(logging.DEBUG)
    answer = _raw_request(platform.url, request_bytes)
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.split()[1] == b"400", answer[:300]
    assert b"Got more than 8190 bytes" in rest and len(rest) < 1_000

    server_records = [r for r in caplog.records if r.name.startswith(("aiohttp", "egeria_nb.embedded"))]
    assert len(server_records) == 1, [r.getMessage() for r in server_records]
    (record,) = server_records
    assert record.name == "egeria_nb.embedded"
    assert record.levelno <= logging.WARNING
    assert record.exc_info is None
    line = record.getMessage()
    assert line.startswith("embedded platform refused an unreadable HTTP request from 127.0.0.1 with HTTP 400: ")
    assert "\n" not in line and len(line) < 400
    assert "Traceback" not in capfd.readouterr().err
    # The platform still serves everyone else.
    assert enb.get_integration_groups(platform, DAEMON) == []
