"""Who may call the embedded platform: bearer tokens on every 6.x route, legacy user-id paths, secrets kept secret.

The routes are taken from the application itself, so a route added later is
covered without editing this file.
"""

from __future__ import annotations

import asyncio
import logging
import re
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

import egeria_nb as enb
from egeria_nb.embedded.datadir import DataDirectory
from egeria_nb.embedded.server import EmbeddedServer, create_app
from tests.conftest import ADMIN, Raw, group

SERVER = "integration-daemon"
NOT_AUTHORIZED = "org.odpi.openmetadata.frameworks.openmetadata.ffdc.UserNotAuthorizedException"
# Long enough to make a few calls with a fresh token, short enough to wait out.
SHORT_TTL_S = 0.5
PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")
# A token of the right shape (43 URL-safe characters) that this platform never issued.
FORGED_TOKEN = "A" * 43


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    auth: str

    def path(self, user_id: str) -> str:
        return PLACEHOLDER.sub(lambda m: user_id if m.group(1) == "userId" else "x", self.template)

    def __str__(self) -> str:
        return f"{self.method} {self.template}"


@pytest.fixture(scope="module")
def routes(tmp_path_factory: pytest.TempPathFactory) -> list[Route]:
    """Every route of the embedded platform's application, with its declared access rule."""
    server = EmbeddedServer(DataDirectory(tmp_path_factory.mktemp("routes")))
    try:
        app = create_app(server.state)
        found = [
            Route(r.method, r.resource.canonical, str(getattr(r.handler, "auth", "token")))
            for r in app.router.routes()
            if r.resource is not None
        ]
    finally:
        asyncio.run(server.stop())
    # The seed page's five calls must be among them, or this list is not the one served.
    seed = {str(r) for r in found}
    for method, suffix in [
        ("POST", "/integration-groups/configuration"),
        ("POST", "/integration-groups/configuration/all"),
        ("GET", "/integration-groups/configuration"),
        ("DELETE", "/integration-groups"),
        ("DELETE", "/integration-groups/{groupQualifiedName}"),
    ]:
        assert f"{method} {ADMIN}{{serverName}}{suffix}" in seed
    return found


def of_kind(routes: list[Route], auth: str) -> list[Route]:
    chosen = [r for r in routes if r.auth == auth]
    assert chosen, f"no {auth} routes"
    return chosen


def stored_files(platform: enb.EmbeddedPlatform) -> dict[str, bytes]:
    """Configuration documents and credentials: what a refused call must not touch."""
    root = platform.data_dir
    files = [root / "credentials.json", *sorted((root / "servers").glob("*"))]
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def assert_401(response: requests.Response, message_id: str, action: str = "/api/token") -> dict:
    assert response.status_code == 401, response.text
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["relatedHTTPCode"] == 401
    assert body["exceptionClassName"] == NOT_AUTHORIZED
    assert body["exceptionErrorMessageId"] == message_id
    assert body["exceptionErrorMessage"].startswith(message_id + " ")
    assert action in body["exceptionUserAction"]
    return body


# -- bearer tokens on 6.x routes ----------------------------------------------------------------

BAD_AUTHORIZATION = [
    (None, "EGERIA-NB-401-001"),
    ("", "EGERIA-NB-401-001"),
    ("Bearer", "EGERIA-NB-401-002"),
    ("Bearer    ", "EGERIA-NB-401-002"),
    ("Basic x", "EGERIA-NB-401-002"),
    ("Basic bmJhZG1pbjpwYXNzd29yZA==", "EGERIA-NB-401-002"),
    ("garbage", "EGERIA-NB-401-002"),
    ("Bearer " + FORGED_TOKEN, "EGERIA-NB-401-002"),
    ("Token " + FORGED_TOKEN, "EGERIA-NB-401-002"),
]


def test_every_token_route_refuses_missing_malformed_and_wrong_tokens(
    routes: list[Route], platform: enb.EmbeddedPlatform, raw: Raw
) -> None:
    raw.admin("POST", SERVER, "/integration-groups/configuration", json=group("g"))
    before = stored_files(platform)
    guarded = of_kind(routes, "token")
    with requests.Session() as session:
        for route in guarded:
            url = platform.url + route.path(platform.user_id)
            for header, message_id in BAD_AUTHORIZATION:
                headers = {} if header is None else {"Authorization": header}
                r = session.request(route.method, url, headers=headers, json=group("intruder"), timeout=30)
                assert_401(r, message_id)
            # A real token with one character changed is just as unknown.
            tampered = raw.token[:-1] + ("A" if raw.token[-1] != "A" else "B")
            r = session.request(route.method, url, headers={"Authorization": "Bearer " + tampered}, timeout=30)
            assert_401(r, "EGERIA-NB-401-002")
    assert stored_files(platform) == before
    assert raw.admin("GET", SERVER, "/integration-groups/configuration").json()["groups"] == [group("g")]


@pytest.fixture
def short_lived(data_dir: Path) -> Iterator[enb.EmbeddedPlatform]:
    with enb.start_embedded(data_dir, token_ttl_s=SHORT_TTL_S) as p:
        yield p


def test_expired_tokens_are_refused_on_every_token_route(
    routes: list[Route], short_lived: enb.EmbeddedPlatform
) -> None:
    raw = Raw(short_lived)
    try:
        path = ADMIN + SERVER + "/integration-groups/configuration"
        assert raw("GET", path).json()["relatedHTTPCode"] == 200  # fresh: accepted
        time.sleep(SHORT_TTL_S + 0.2)
        with requests.Session() as session:
            for route in of_kind(routes, "token"):
                r = session.request(
                    route.method,
                    short_lived.url + route.path(short_lived.user_id),
                    headers={"Authorization": "Bearer " + raw.token},
                    timeout=30,
                )
                body = assert_401(r, "EGERIA-NB-401-002")
                assert "expired" in body["exceptionErrorMessage"]
                assert "Log in again" in body["exceptionUserAction"]
    finally:
        raw.close()


def test_the_client_renews_an_expired_token_by_itself(short_lived: enb.EmbeddedPlatform) -> None:
    g = group("g", url=short_lived.url)
    enb.configure_integration_group(short_lived, SERVER, g)
    time.sleep(SHORT_TTL_S + 0.2)
    assert enb.get_integration_groups(short_lived, SERVER).names() == ["g"]


# -- logging in --------------------------------------------------------------------------------


def test_wrong_password_and_unknown_user_get_the_same_401(platform: enb.EmbeddedPlatform) -> None:
    attempts = [
        {"userId": platform.user_id, "password": "not-the-password"},
        {"userId": "nobody", "password": "not-the-password"},
        {"userId": "nobody", "password": platform.password},
        {"userId": platform.user_id},
        {"userId": platform.user_id, "password": ""},
        {"userId": 7, "password": platform.password},
        {"password": platform.password},
        {},
    ]
    answers = []
    for path in ("/api/token", "/servers/integration-daemon/api/token"):
        for attempt in attempts:
            r = requests.post(platform.url + path, json=attempt, timeout=30)
            body = assert_401(r, "EGERIA-NB-401-003", action="credentials file")
            assert platform.password not in r.text
            assert "not-the-password" not in r.text
            assert "nobody" not in r.text
            answers.append({k: body[k] for k in body if k != "requestId"})
    # Nothing in the answer tells which part was wrong.
    assert all(a == answers[0] for a in answers)
    # ...and the right pair does get a token.
    ok = requests.post(
        platform.url + "/api/token", json={"userId": platform.user_id, "password": platform.password}, timeout=30
    )
    assert ok.status_code == 200 and len(ok.text) >= 40


def test_a_client_with_the_wrong_password_gets_not_authorized(platform: enb.EmbeddedPlatform) -> None:
    wrong = enb.Platform(platform.url, user_id=platform.user_id, password="not-the-password")
    with pytest.raises(enb.NotAuthorizedError) as info:
        enb.get_integration_groups(wrong, SERVER)
    assert info.value.http_code == 401
    assert "not-the-password" not in str(info.value)
    assert "not-the-password" not in repr(wrong)
    wrong.close()


def test_public_routes_need_no_token(routes: list[Route], platform: enb.EmbeddedPlatform) -> None:
    about = requests.get(platform.url + "/api/about", timeout=30)
    assert about.status_code == 200
    assert about.json()["version"] == enb.__version__
    origin = requests.get(platform.url + "/open-metadata/platform-services/server-platform/origin", timeout=30)
    assert origin.status_code == 200
    assert "egeria_nb" in origin.text
    for route in of_kind(routes, "public"):
        if route.method == "GET":
            r = requests.get(platform.url + route.path(platform.user_id), timeout=30)
            assert r.status_code == 200, route


# -- 4.x / 5.x user-id paths -------------------------------------------------------------------


def test_legacy_paths_are_off_by_default(routes: list[Route], platform: enb.EmbeddedPlatform, raw: Raw) -> None:
    before = stored_files(platform)
    legacy = of_kind(routes, "legacy")
    assert any(r.template.startswith("/open-metadata/admin-services/users/{userId}/servers/") for r in legacy)
    with requests.Session() as session:
        for route in legacy:
            # Neither the platform's own user nor a valid bearer token opens them.
            r = session.request(
                route.method,
                platform.url + route.path(platform.user_id),
                headers={"Authorization": "Bearer " + raw.token},
                json=group("g"),
                timeout=30,
            )
            assert r.status_code == 404, route
            body = r.json()
            assert body["exceptionErrorMessageId"] == "EGERIA-NB-404-002"
            assert body["relatedHTTPCode"] == 404
            assert "legacy_api=True" in body["exceptionUserAction"]
    assert stored_files(platform) == before


@pytest.fixture
def legacy(data_dir: Path) -> Iterator[enb.EmbeddedPlatform]:
    with enb.start_embedded(data_dir, legacy_api=True) as p:
        yield p


def test_legacy_paths_work_for_the_platforms_user(legacy: enb.EmbeddedPlatform) -> None:
    base = f"{legacy.url}/open-metadata/admin-services/users/{legacy.user_id}/servers/{SERVER}"
    r = requests.post(base + "/integration-groups/configuration", json=group("g"), timeout=30)
    assert r.status_code == 200 and r.json()["relatedHTTPCode"] == 200
    got = requests.get(base + "/integration-groups/configuration", timeout=30).json()
    assert got["groups"] == [group("g")]
    # The caller named in the path is the one the audit trail records.
    trail = requests.get(base + "/configuration", timeout=30).json()["omagserverConfig"]["auditTrail"]
    assert trail[-1].endswith(f"{legacy.user_id} updated configuration for integration group g.")
    # And egeria_nb's own 4.x/5.x client works against it.
    old = enb.Platform(legacy.url, user_id=legacy.user_id, api="5")
    enb.configure_integration_group(old, SERVER, group("h", url=legacy.url))
    assert enb.get_integration_groups(old, SERVER).names() == ["g", "h"]
    old.close()


def test_legacy_paths_refuse_unknown_users(routes: list[Route], legacy: enb.EmbeddedPlatform) -> None:
    requests.post(
        f"{legacy.url}/open-metadata/admin-services/users/{legacy.user_id}/servers/{SERVER}/integration-groups/configuration",
        json=group("g"),
        timeout=30,
    )
    before = stored_files(legacy)
    with requests.Session() as session:
        for route in of_kind(routes, "legacy"):
            r = session.request(route.method, legacy.url + route.path("mallory"), json=group("evil"), timeout=30)
            body = r.json()
            assert body["relatedHTTPCode"] == 401, route
            assert body["exceptionErrorMessageId"] == "EGERIA-NB-401-004"
            assert body["exceptionErrorMessageParameters"] == ["mallory"]
            assert body["exceptionClassName"] == NOT_AUTHORIZED
            assert "credentials file" in body["exceptionUserAction"]
    assert stored_files(legacy) == before
    stranger = enb.Platform(legacy.url, user_id="mallory", api="5")
    with pytest.raises(enb.NotAuthorizedError) as info:
        enb.get_integration_groups(stranger, SERVER)
    assert info.value.message_id == "EGERIA-NB-401-004"
    stranger.close()


def test_token_routes_still_need_tokens_when_legacy_paths_are_on(
    routes: list[Route], legacy: enb.EmbeddedPlatform
) -> None:
    with requests.Session() as session:
        for route in of_kind(routes, "token"):
            r = session.request(route.method, legacy.url + route.path(legacy.user_id), timeout=30)
            assert_401(r, "EGERIA-NB-401-001")


# -- files and secrets -------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_files_and_directories(platform: enb.EmbeddedPlatform) -> None:
    enb.configure_integration_group(platform, SERVER, group("g", url=platform.url))
    enb.set_server_user_id(platform, "other-server", "me")
    root = platform.data_dir
    assert mode(root) == 0o700
    assert mode(root / "servers") == 0o700
    assert mode(platform.credentials_file) == 0o600
    documents = sorted((root / "servers").glob("*.json"))
    assert {p.name for p in documents} >= {f"{SERVER}.json", "other-server.json"}
    for document in documents:
        assert mode(document) == 0o600, document
    assert mode(root / "platform.json") == 0o600
    # Rewriting a document keeps it private (atomic replace, not a new default-mode file).
    enb.remove_integration_groups(platform, SERVER)
    assert mode(root / "servers" / f"{SERVER}.json") == 0o600


def test_password_and_tokens_never_appear_in_reprs_errors_or_logs(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    errors: list[enb.EgeriaError] = []
    tokens: list[str] = []
    with enb.start_embedded(data_dir, legacy_api=True) as platform:
        raw = Raw(platform)
        tokens.append(raw.token)
        # A full round: the five calls, server basics, refusals of every kind.
        g = group("g", url=platform.url)
        enb.configure_integration_group(platform, SERVER, g)
        enb.configure_integration_groups(platform, SERVER, [g, group("h", url=platform.url)])
        enb.get_integration_groups(platform, SERVER)
        enb.remove_integration_group(platform, SERVER, "h")
        enb.remove_integration_groups(platform, SERVER)
        enb.create_integration_daemon(platform, "daemon1", [g])
        enb.start_server(platform, "daemon1")
        enb.stop_server(platform, "daemon1")
        wrong_password = enb.Platform(platform.url, user_id=platform.user_id, password=platform.password + "x")
        stranger = enb.Platform(platform.url, user_id="nobody", api="5")
        for call in (
            lambda: enb.configure_integration_group(platform, SERVER, {**g, "omagserverName": " "}),
            lambda: enb.start_server(platform, "nothing-here"),
            lambda: enb.get_integration_groups(platform, ".."),
            lambda: enb.get_integration_groups(wrong_password, SERVER),
            lambda: enb.get_integration_groups(stranger, SERVER),
        ):
            with pytest.raises(enb.EgeriaError) as info:
                call()
            errors.append(info.value)
        wrong_password.close()
        stranger.close()
        r = requests.get(
            platform.url + ADMIN + SERVER + "/configuration",
            headers={"Authorization": "Bearer " + raw.token[::-1]},
            timeout=30,
        )
        assert r.status_code == 401
        tokens.append(raw.token[::-1])
        second = enb.start_embedded(data_dir, legacy_api=True)  # the same platform, served by this process
        assert second is platform
        reprs = [repr(platform), str(platform)]
        raw.close()
        password = platform.password
    assert password and len(password) >= 16
    assert len(errors) == 5
    secrets = [password, *tokens]
    texts = [*reprs, *(str(e) for e in errors), *(repr(e) for e in errors), caplog.text]
    texts += [str(record.args) for record in caplog.records]
    for secret in secrets:
        for text in texts:
            assert secret not in text
    # The log did record the round, so its silence about secrets means something.
    assert "embedded platform serving" in caplog.text
    assert any(r.name.startswith("egeria_nb.client") and r.levelno == logging.DEBUG for r in caplog.records)
    assert "already serves" in caplog.text  # the log line was written, and holds no secret
