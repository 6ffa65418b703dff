"""``start_embedded()``: an Egeria-compatible platform in this process, usable as a ``Platform``."""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
import socket
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from egeria_nb.arguments import PathText, checked
from egeria_nb.catalogue import Code
from egeria_nb.client.platform import Platform
from egeria_nb.embedded.auth import DEFAULT_TOKEN_TTL_S
from egeria_nb.embedded.change_log import DEFAULT_MAX_AGE_S, DEFAULT_PRUNE_INTERVAL_S, ChangeLogLimits
from egeria_nb.embedded.datadir import HOLDER_WAIT_S, DataDirectory, Holder
from egeria_nb.embedded.metadata_servers import DEFAULT_METADATA_SERVER
from egeria_nb.embedded.server import EmbeddedServer
from egeria_nb.embedded.store import CHANGE_LOG_KEEP
from egeria_nb.loop import LoopThread

__all__ = ["EmbeddedPlatform", "start_embedded"]

LOGGER = logging.getLogger("egeria_nb.embedded")
START_TIMEOUT_S = 30.0

# The platforms this process serves, by data directory: re-running start_embedded() in a kernel
# returns the one it already serves rather than a client of itself.
_SERVED: dict[Path, EmbeddedPlatform] = {}
_SERVED_LOCK = threading.Lock()


class EmbeddedPlatform(Platform):
    """The embedded platform, and a client for it logged in as its admin user.

    Use it wherever a ``Platform`` is expected. ``user_id`` and ``password``
    are the credentials for calling its REST API yourself (``curl``);
    ``stop()`` shuts it down. If the data directory was already being served by
    another process, this object is only a client of that platform
    (``attached`` is True) and ``stop()`` just disconnects.
    """

    def __init__(
        self,
        url: str,
        *,
        user_id: str,
        password: str,
        data_dir: DataDirectory,
        home: LoopThread | None,
        server: EmbeddedServer | None,
        holder: Holder | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(url, user_id=user_id, password=password, api="6", _home=home)
        self._data_dir = data_dir
        self._server = server
        self.holder = holder
        self._stopped = False
        self._options = dict(options or {})
        # Read once: the URLs this data directory was served at before (newest first, this one included).
        self._urls = tuple(u.rstrip("/") for u in data_dir.urls())

    @property
    def data_dir(self) -> Path:
        """The data directory: configuration documents, ``metadata.db``, ``credentials.json``."""
        return self._data_dir.path

    @property
    def credentials_file(self) -> Path:
        """The file (mode 0600) that holds this platform's users and passwords."""
        return self._data_dir.credentials_file

    @property
    def attached(self) -> bool:
        """True if another process serves this data directory and this object only connects to it."""
        return self.holder is not None

    @property
    def running(self) -> bool:
        """False once ``stop()`` has been called."""
        return not self._stopped

    @property
    def earlier_urls(self) -> tuple[str, ...]:
        """URLs this data directory was served at before, newest first.

        A kernel restart serves it on the same port when that port is free; when it is not,
        an ``IntegrationDaemon`` on this platform still recognises groups that name an earlier URL.
        """
        return tuple(u for u in self._urls if u != self.url)

    def __repr__(self) -> str:
        how = f", attached to {self.holder.describe()}" if self.holder else ""
        state = ", stopped" if self._stopped else ""
        return f"EmbeddedPlatform({self.url!r}, data_dir={str(self.data_dir)!r}, user_id={self.user_id!r}{how}{state})"

    def stop(self) -> None:
        """Stop serving and release the data directory (or, if attached, just disconnect)."""
        if self._stopped:
            return
        self._stopped = True
        with _SERVED_LOCK:
            if _SERVED.get(self.data_dir) is self:
                del _SERVED[self.data_dir]
        if self._server is None:
            self.close()
            return
        server, self._server = self._server, None
        home = self._home()

        async def shutdown() -> None:
            await self._session.aclose()
            await server.stop()

        try:
            home.stop(before=shutdown)
        finally:
            self._data_dir.release()

    def _check_usable(self) -> None:
        if self._stopped:
            raise Code.PLATFORM_STOPPED.error(self.url)

    def __enter__(self) -> EmbeddedPlatform:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@checked
def start_embedded(
    data_dir: PathText | os.PathLike[str] | None = None,
    port: int = 0,
    host: str = "127.0.0.1",
    *,
    legacy_api: bool = False,
    extensions: bool = True,
    token_ttl_s: float = DEFAULT_TOKEN_TTL_S,
    metadata_servers: Iterable[str] = (DEFAULT_METADATA_SERVER,),
    view_servers: Mapping[str, str] | None = None,
    change_log_keep: int = CHANGE_LOG_KEEP,
    change_log_max_age_s: float | None = DEFAULT_MAX_AGE_S,
    change_log_prune_interval_s: float = DEFAULT_PRUNE_INTERVAL_S,
) -> EmbeddedPlatform:
    """Start an Egeria-compatible platform in this kernel and return a client for it.

    * ``data_dir`` - where configuration and metadata are kept (default
      ``$EGERIA_NB_HOME`` or ``~/.egeria_nb``).
    * ``port`` - 0 picks a free port. ``host`` - stays on loopback unless you say otherwise.
    * ``legacy_api`` - also serve Egeria 4.x/5.x ``/users/{userId}`` paths.
    * ``extensions`` - serve egeria_nb's extensions: the change feed daemons follow, the batch
      call connectors catalogue with, and the audit-log records ``audit_log`` reads. ``False`` serves
      only what a real Egeria serves, to try clients, connectors and daemons against Egeria's own API
      (they poll, and write call by call).
    * ``metadata_servers`` - metadata access servers to create if missing (every
      metadata server configured in the data directory is started).
    * ``view_servers`` - view servers to create if missing, each naming the metadata
      server it serves (default ``{"qs-view-server": "active-metadata-store"}``);
      every view server configured in the data directory is started.
    * ``change_log_keep``, ``change_log_max_age_s``, ``change_log_prune_interval_s`` - the
      change feed keeps the newest ``change_log_keep`` metadata changes (default 200,000) and
      none older than ``change_log_max_age_s`` seconds (default 7 days; None: no age limit).
      The platform prunes it at start and every ``change_log_prune_interval_s`` (default 300).
      A daemon that falls behind the pruned log reads every definition again.

    If another kernel or ``egeria-nb serve`` already serves ``data_dir``, no
    second platform is started: the result connects to that one (and says so).

    For example::

        platform = enb.start_embedded()      # data in $EGERIA_NB_HOME or ~/.egeria_nb, on a free port
        platform.url, platform.user_id       # where it is, and who the calls act as
        # or: a data directory of its own, on a fixed port, serving only what a real Egeria serves
        platform = enb.start_embedded("lab-data", 9080, extensions=False)
    """
    # Checked before anything is claimed or started.
    if isinstance(data_dir, str) and not data_dir.strip():
        raise Code.EMPTY_DATA_DIR.error()
    _check_port(port)
    _check_host(host)
    change_log = ChangeLogLimits(change_log_keep, change_log_max_age_s, change_log_prune_interval_s)
    options = {
        "host": host,
        "legacy_api": legacy_api,
        "extensions": extensions,
        "token_ttl_s": token_ttl_s,
        "change_log": change_log,
    }
    directory = DataDirectory(data_dir)
    with _SERVED_LOCK:
        served = _SERVED.get(directory.path)
        if served is not None and served.running:
            return _served_again(served, port, options)
        if not directory.try_claim():
            return _attach(directory)
        try:
            platform = _serve(directory, port, options, metadata_servers, view_servers)
        except BaseException:
            directory.release()
            raise
        _SERVED[directory.path] = platform
    return platform


def _serve(
    directory: DataDirectory,
    port: int,
    options: dict[str, Any],
    metadata_servers: Iterable[str],
    view_servers: Mapping[str, str] | None,
) -> EmbeddedPlatform:
    host = options["host"]
    # A data directory is served on its last port when that is free, so a kernel restart keeps the
    # URL that groups were configured with.
    last = directory.last_port() if port == 0 else None
    tries = [last, 0] if last and _port_free(host, last) else [port]
    for attempt, chosen in enumerate(tries):
        home = LoopThread("egeria_nb-platform")
        server = EmbeddedServer(
            directory,
            host=host,
            port=chosen or 0,
            legacy_api=options["legacy_api"],
            extensions=options["extensions"],
            token_ttl_s=options["token_ttl_s"],
            metadata_servers=metadata_servers,
            view_servers=view_servers,
            change_log=options["change_log"],
        )
        try:
            url = home.run(server.start(), timeout=START_TIMEOUT_S)
            directory.announce(url)
        except OSError as exc:
            _close(home, server)
            if attempt + 1 < len(tries):
                continue  # the last port was taken between the check and the bind
            raise Code.CANNOT_LISTEN.error(host, port, exc.strerror or exc) from exc
        except BaseException:
            _close(home, server)
            raise
        user_id, password = directory.admin_credentials()
        return EmbeddedPlatform(
            url, user_id=user_id, password=password, data_dir=directory, home=home, server=server, options=options
        )
    raise AssertionError("unreachable: the last try returns or raises")


def _close(home: LoopThread, server: EmbeddedServer) -> None:
    try:
        home.run(server.stop(), timeout=START_TIMEOUT_S)
    finally:
        home.stop()


def _served_again(served: EmbeddedPlatform, port: int, options: Mapping[str, Any]) -> EmbeddedPlatform:
    """The platform this process already serves for a data directory, if asked for the same way."""
    served_port = int(served.url.rsplit(":", 1)[1])
    different = [name for name, value in options.items() if served._options.get(name) != value]
    if port not in (0, served_port):
        different.insert(0, "port")
    if different:
        raise Code.SERVED_WITH_OTHER_OPTIONS.error(served.data_dir, served.url, ", ".join(different))
    LOGGER.info("This kernel already serves %s at %s; returning that platform.", served.data_dir, served.url)
    return served


def _check_port(port: object) -> None:
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise Code.BAD_PORT.error(f"{port!r:.60}")


def _check_host(host: object) -> None:
    if not isinstance(host, str) or not host.strip():
        raise Code.BAD_HOST.error(f"{host!r:.60}")
    if host.replace(".", "").isdigit() or ":" in host:
        # Written as an address: check it without a name lookup (which could wait on a resolver).
        try:
            ipaddress.ip_address(host)
        except ValueError:
            raise Code.HOST_NOT_AN_ADDRESS.error(f"{host!r:.60}") from None
    # Bound before the server warns about an exposed address: an address this machine does not have fails here.
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((host, 0))
    except OSError as exc:
        raise Code.HOST_NOT_BINDABLE.error(host, exc.strerror or exc) from exc


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: TIME_WAIT is free
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
                return False
            raise
    return True


def _attach(directory: DataDirectory) -> EmbeddedPlatform:
    holder = directory.wait_for_holder(HOLDER_WAIT_S)
    if holder is None:
        raise Code.DATA_DIR_LOCKED.error(directory.path, directory.describe_holder(timeout=0))
    LOGGER.warning(
        "The data directory %s is already served by %s; connected to that platform instead of "
        "starting a second one. stop() will only disconnect.",
        directory.path,
        holder.describe(),
    )
    user_id, password = directory.admin_credentials()
    return EmbeddedPlatform(
        holder.url,
        user_id=user_id,
        password=password,
        data_dir=directory,
        home=None,
        server=None,
        holder=holder,
    )
