"""The embedded platform's HTTP server: an aiohttp application on a loop someone else runs.

``EmbeddedServer.start()`` binds and returns once the socket is listening
("start means ready"); ``stop()`` closes it. Both run on the caller's loop:
the kernel's private platform loop (``EmbeddedPlatform``) or the main loop of
``egeria-nb serve``.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Iterable, Mapping
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.log import server_logger

from egeria_nb.embedded.auth import DEFAULT_TOKEN_TTL_S, Authenticator
from egeria_nb.embedded.change_log import ChangeLogLimits, ChangeLogPruner
from egeria_nb.embedded.config_store import ConfigStore
from egeria_nb.embedded.datadir import DataDirectory
from egeria_nb.embedded.http import LARGEST_BODY_BYTES
from egeria_nb.embedded.keys import STATE
from egeria_nb.embedded.metadata_servers import DEFAULT_METADATA_SERVER, start_metadata_servers
from egeria_nb.embedded.middleware import authenticate, ffdc_errors
from egeria_nb.embedded.routes import setup_routes
from egeria_nb.embedded.state import PlatformState
from egeria_nb.embedded.store import MetadataStore
from egeria_nb.embedded.view_servers import DEFAULT_VIEW_SERVER, start_view_servers

__all__ = ["EmbeddedServer", "create_app", "is_loopback"]

LOGGER = logging.getLogger("egeria_nb.embedded")
# How long stop() lets requests in progress finish. Handlers answer in milliseconds; what can
# still be open is a connection draining an oversized upload after its 413, and aiohttp stops
# reading those once shutdown starts, so without this bound stop() would wait out the whole
# lingering period.
SHUTDOWN_TIMEOUT_S = 1.0


# How much of aiohttp's reason for refusing a malformed request the log line keeps.
REFUSAL_SHOWN_CHARS = 200


class _QuietMalformedRequests(logging.LoggerAdapter):  # type: ignore[type-arg]
    """aiohttp's server logger, except that a request it cannot parse is one line, not a traceback.

    aiohttp answers a request it cannot parse (a request line or header over 8,190 bytes, a bad
    character, a broken chunk) with HTTP 400 itself, and logs it with ``exc_info``: a traceback
    on stderr for what is the client's mistake, which the client is told about. Given to the
    runner as its ``logger``, this keeps that to one INFO line on ``egeria_nb.embedded`` (shown
    by ``egeria-nb -v serve``), and leaves every other error, a handler's bug included, as it was.
    """

    def exception(self, msg: object, *args: object, exc_info: Any = True, **kwargs: Any) -> None:
        if isinstance(exc_info, HttpProcessingError):
            reason = " ".join(str(exc_info.message).split())
            if len(reason) > REFUSAL_SHOWN_CHARS:
                reason = reason[:REFUSAL_SHOWN_CHARS] + "…"
            client = args[0] if args else "a client"
            LOGGER.info(
                "embedded platform refused an unreadable HTTP request from %s with HTTP %s: %s",
                client,
                exc_info.code,
                reason,
            )
            return
        self.logger.exception(msg, *args, exc_info=exc_info, **kwargs)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def create_app(platform_state: PlatformState) -> web.Application:
    app = web.Application(middlewares=[ffdc_errors, authenticate], client_max_size=LARGEST_BODY_BYTES)
    app[STATE] = platform_state
    setup_routes(app)
    return app


class EmbeddedServer:
    """One embedded platform serving one (already claimed) data directory."""

    def __init__(
        self,
        data_dir: DataDirectory,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        legacy_api: bool = False,
        extensions: bool = True,
        token_ttl_s: float = DEFAULT_TOKEN_TTL_S,
        metadata_servers: Iterable[str] = (DEFAULT_METADATA_SERVER,),
        view_servers: Mapping[str, str] | None = None,
        change_log: ChangeLogLimits | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.state = PlatformState(
            data_dir=data_dir,
            configs=ConfigStore(data_dir.servers),
            auth=Authenticator(data_dir.credentials(), token_ttl_s=token_ttl_s),
            metadata=MetadataStore(data_dir.path / "metadata.db"),
            legacy_api=legacy_api,
            extensions=extensions,
        )
        self._metadata_servers = list(metadata_servers)
        # view server -> the metadata access server it serves
        self._view_servers = dict(
            view_servers if view_servers is not None else {DEFAULT_VIEW_SERVER: DEFAULT_METADATA_SERVER}
        )
        self._runner: web.AppRunner | None = None
        # Keeps the metadata store's change log within its limits (started with the server).
        self.pruner = ChangeLogPruner(self.state.metadata, change_log or ChangeLogLimits())

    @property
    def url(self) -> str:
        return self.state.url

    async def start(self) -> str:
        """Bind and listen; return the platform URL."""
        if not is_loopback(self.host):
            LOGGER.warning(
                "The embedded platform is listening on %s, which is reachable from other machines. "
                "Anyone who can reach it and knows a user's password can change its configuration.",
                self.host,
            )
        self.state.metadata.on_change(self.state.changes.notify)
        start_metadata_servers(self.state, self._metadata_servers)
        start_view_servers(self.state, self._view_servers)
        # handler_cancellation: a long poll whose client has gone ends at once instead of at its timeout.
        # Safe here: every store write is synchronous, so a cancelled handler never leaves half a write.
        runner = web.AppRunner(
            create_app(self.state),
            access_log=None,
            handle_signals=False,
            handler_cancellation=True,
            shutdown_timeout=SHUTDOWN_TIMEOUT_S,
            logger=_QuietMalformedRequests(server_logger, {}),
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        port = site.port
        shown = self.host if self.host not in ("0.0.0.0", "::", "") else socket.gethostname()  # noqa: S104
        if ":" in shown:
            shown = f"[{shown}]"
        self.port = port
        self.state.url = f"http://{shown}:{port}"
        self.pruner.start()  # prunes once now, then on its schedule
        LOGGER.info("embedded platform serving %s at %s", self.state.data_dir.path, self.state.url)
        return self.state.url

    async def stop(self) -> None:
        await self.pruner.stop()
        await self.state.daemons.stop_all()
        self.state.changes.close()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
        self.state.metadata.close()
