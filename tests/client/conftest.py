"""Stand-ins for a real Egeria's wire behaviour that the embedded platform cannot produce.

Each is a real server on 127.0.0.1 (aiohttp on its own loop thread, or a bare
listening socket), reached over real HTTP; nothing in egeria_nb is replaced.
What they answer follows egeria-wire.md: plain-text tokens from ``POST /api/token``
and Spring Security's empty 401 (§0.1), FFDC bodies with HTTP 200 (§1.3), 5.x
error bodies (§1.5), and what a 5.x platform or a proxy answers to a 6.x path.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import subprocess
import threading
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

GROUPS_PATH = "/open-metadata/admin-services/servers/daemon1/integration-groups/configuration"
HTML_404 = (
    "<html><body><h1>Whitelabel Error Page</h1>"
    "<p>There was an unexpected error (type=Not Found, status=404).</p></body></html>"
)
# A 5.x admin error (egeria-wire.md §1.3, §1.5): no requestId, no exceptionSubclassName, no exceptionProperties.
V5_INVALID_PARAMETER = {
    "class": "VoidResponse",
    "relatedHTTPCode": 400,
    "exceptionClassName": "org.odpi.openmetadata.adminservices.ffdc.exception.OMAGInvalidParameterException",
    "actionDescription": "configureIntegrationGroup",
    "exceptionErrorMessage": "OMAG-ADMIN-400-032 The integration group qualified name is null for server daemon1",
    "exceptionErrorMessageId": "OMAG-ADMIN-400-032",
    "exceptionErrorMessageParameters": ["daemon1"],
    "exceptionSystemAction": "The system is unable to add the integration group to the configuration.",
    "exceptionUserAction": "Supply the qualified name of the integration group.",
}


class FakeEgeria:
    """A 6.x-style platform with one user, plus routes that misbehave the way real deployments do.

    ``requests`` lists ``(method, path)`` of everything received, in order.
    Clearing ``tokens`` makes every issued token invalid (as if it expired);
    ``refuse_all_tokens`` makes even fresh ones fail. With ``api_line = "5"``
    there is no ``/api/token`` (HTML 404), as on a 4.x/5.x platform.
    """

    USER = "garygeeke"
    PASSWORD = "s3cret-pw"

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self.requests: list[tuple[str, str]] = []
        self.tokens: set[str] = set()
        self.refuse_all_tokens = False
        self.api_line = "6"
        self._issued = 0
        self._ssl = ssl_context
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-egeria", daemon=True)
        self._release: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- lifecycle ------------------------------------------------------------------

    def _run(self, make: Callable[[], Awaitable[Any]]) -> Any:
        async def wrapped() -> Any:
            return await make()

        return asyncio.run_coroutine_threadsafe(wrapped(), self._loop).result(10)

    def start(self) -> FakeEgeria:
        self._thread.start()

        async def start() -> str:
            self._release = asyncio.Event()
            app = web.Application(middlewares=[self._record])
            app.router.add_post("/api/token", self._token)
            app.router.add_get("/api/about", self._about)
            app.router.add_get(GROUPS_PATH, self._groups)
            app.router.add_get("/hang", self._hang)
            app.router.add_get("/fast", self._about)
            app.router.add_get("/html-404", self._html_404)
            app.router.add_get("/spring-404", self._spring_404)
            app.router.add_get("/v5-error", self._v5_error)
            app.router.add_get("/html-200", self._html_200)
            self._runner = web.AppRunner(app)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=self._ssl)
            await site.start()
            port = self._runner.addresses[0][1]
            return f"{'https' if self._ssl else 'http'}://127.0.0.1:{port}"

        self.url = self._run(start)
        return self

    def stop(self) -> None:
        async def stop() -> None:
            assert self._release is not None and self._runner is not None
            self._release.set()  # lets /hang handlers finish, so cleanup does not wait for them
            await self._runner.cleanup()

        self._run(stop)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def count(self, method: str, path: str) -> int:
        return self.requests.count((method, path))

    # -- handlers -------------------------------------------------------------------

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.requests.append((request.method, request.path))
        return await handler(request)

    def _authorised(self, request: web.Request) -> bool:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        return scheme == "Bearer" and token in self.tokens and not self.refuse_all_tokens

    @staticmethod
    def _spring_401() -> web.Response:
        # Spring Security rejects a missing or bad token before Egeria code runs: empty body.
        return web.Response(status=401, headers={"WWW-Authenticate": "Bearer"})

    async def _token(self, request: web.Request) -> web.Response:
        if self.api_line == "5":
            return await self._html_404(request)
        body = await request.json()
        if body.get("userId") != self.USER or body.get("password") != self.PASSWORD:
            return self._spring_401()
        self._issued += 1
        token = f"token-{self._issued}-abcdefghijklmnop"
        self.tokens.add(token)
        return web.Response(text=token, content_type="text/plain")

    async def _about(self, request: web.Request) -> web.Response:
        return web.json_response({"name": "fake", "version": "6.0"})

    async def _groups(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return self._spring_401()
        return web.json_response(
            {"class": "IntegrationGroupsResponse", "requestId": "0b6c", "relatedHTTPCode": 200, "groups": []}
        )

    async def _hang(self, request: web.Request) -> web.Response:
        assert self._release is not None
        await self._release.wait()
        return web.Response(text="too late")

    async def _html_404(self, request: web.Request) -> web.Response:
        return web.Response(status=404, text=HTML_404, content_type="text/html")

    async def _spring_404(self, request: web.Request) -> web.Response:
        # Spring Boot's default error body: JSON, but not an FFDC body.
        return web.json_response(
            {"timestamp": "2026-01-02T03:04:05.678+00:00", "status": 404, "error": "Not Found", "path": request.path},
            status=404,
        )

    async def _v5_error(self, request: web.Request) -> web.Response:
        return web.json_response(V5_INVALID_PARAMETER)

    async def _html_200(self, request: web.Request) -> web.Response:
        # What a login proxy in front of a platform answers.
        return web.Response(text="<html><body>Please sign in</body></html>", content_type="text/html")


@pytest.fixture
def fake_egeria() -> Iterator[FakeEgeria]:
    fake = FakeEgeria().start()
    yield fake
    fake.stop()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port whose listener accepts TCP connections (kernel backlog) and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on (bound once to pick it, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 made with the openssl CLI: (cert.pem, key.pem)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def tls_egeria(self_signed: tuple[Path, Path]) -> Iterator[FakeEgeria]:
    cert, key = self_signed
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    fake = FakeEgeria(ssl_context=context).start()
    yield fake
    fake.stop()
