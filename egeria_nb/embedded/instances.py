"""The servers running on the embedded platform (started with the platform services), and those that ran.

As Egeria's ``OMAGServerPlatformInstanceMap``: a server is *known* once it has run on this platform
since the platform started, and stays known (inactive) after it stops, with the start and end of each
run. A server that is only configured is not known.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from egeria_nb.embedded import documents as docs

if TYPE_CHECKING:
    from egeria_nb.embedded.audit_log import AuditLog

__all__ = [
    "MAX_RUNS_KEPT",
    "MAX_STOPPED_SERVERS",
    "RunningServer",
    "ServerInstances",
    "ServerRun",
    "ServerStatus",
    "running_server",
]

# The earlier runs kept per server (Egeria keeps them all); the oldest go first.
MAX_RUNS_KEPT = 1_000
# Stopped servers remembered; past this the one stopped longest ago is forgotten (no longer known).
MAX_STOPPED_SERVERS = 1_000


@dataclass(frozen=True)
class ServerRun:
    """One finished run of a server on this platform."""

    start: datetime
    end: datetime


@dataclass
class RunningServer:
    """A started server and what it read from its configuration document when it started (as Egeria does)."""

    name: str
    server_type: str
    services: list[str]
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    # The largest page a caller may ask for (maxPageSize; 0 in the document means no limit).
    max_page_size: int = 1000
    # A view server: the metadata access server its metadata-expert service calls.
    metadata_server: str | None = None
    # The configuration document the server started with (what instance/configuration answers).
    config: dict[str, Any] = field(default_factory=dict)


def running_server(name: str, server_type: str, services: list[str], doc: dict[str, Any]) -> RunningServer:
    """The running instance of a server started with configuration document ``doc``."""
    page = doc.get("maxPageSize", 1000)
    expert = docs.view_service(doc, docs.METADATA_EXPERT)
    return RunningServer(
        name,
        server_type,
        services,
        max_page_size=page if isinstance(page, int) and not isinstance(page, bool) and page >= 0 else 1000,
        metadata_server=str(expert.get("omagserverName")) if expert and expert.get("omagserverName") else None,
        config=doc,
    )


@dataclass
class _Stopped:
    server_type: str
    runs: deque[ServerRun]


@dataclass(frozen=True)
class ServerStatus:
    """What ``servers/{s}/status`` reports: type, whether it runs, this run's start or the last run's end, runs."""

    server_type: str
    active: bool
    start: datetime | None
    end: datetime | None
    earlier_runs: list[ServerRun]


class ServerInstances:
    """Name → running server, and the servers that ran here. Only the platform's loop thread touches it.

    With an ``audit`` log, each start and stop is written to the server's audit log.
    """

    def __init__(self, audit: AuditLog | None = None) -> None:
        self._running: dict[str, RunningServer] = {}
        # Earlier runs of running servers, by name.
        self._runs: dict[str, deque[ServerRun]] = {}
        # Stopped servers, the one stopped longest ago first.
        self._stopped: OrderedDict[str, _Stopped] = OrderedDict()
        self._audit = audit

    def __contains__(self, name: object) -> bool:
        return name in self._running

    def names(self) -> list[str]:
        return sorted(self._running)

    def known(self) -> list[str]:
        """Running servers and those that ran on this platform since it started."""
        return sorted({*self._running, *self._stopped})

    def is_known(self, name: str) -> bool:
        return name in self._running or name in self._stopped

    def get(self, name: str) -> RunningServer | None:
        return self._running.get(name)

    def add(self, server: RunningServer) -> None:
        stopped = self._stopped.pop(server.name, None)
        if server.name not in self._running:
            self._runs[server.name] = stopped.runs if stopped is not None else deque(maxlen=MAX_RUNS_KEPT)
        self._running[server.name] = server
        if self._audit is not None:
            self._audit.server_started(server)

    def remove(self, name: str) -> RunningServer | None:
        server = self._running.pop(name, None)
        if server is None:
            return None
        runs = self._runs.pop(name, deque(maxlen=MAX_RUNS_KEPT))
        runs.append(ServerRun(server.started, datetime.now(UTC)))
        self._stopped[name] = _Stopped(server.server_type, runs)
        while len(self._stopped) > MAX_STOPPED_SERVERS:
            self._stopped.popitem(last=False)
        if self._audit is not None:
            self._audit.server_stopped(server, runs[-1].end)
        return server

    def status(self, name: str) -> ServerStatus | None:
        """The server's status, or None if it never ran here (since the platform started)."""
        running = self._running.get(name)
        if running is not None:
            return ServerStatus(running.server_type, True, running.started, None, list(self._runs.get(name, ())))
        stopped = self._stopped.get(name)
        if stopped is not None:
            runs = list(stopped.runs)
            return ServerStatus(stopped.server_type, False, None, runs[-1].end if runs else None, runs)
        return None
