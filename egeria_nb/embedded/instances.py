"""The servers running on the embedded platform (started with the platform services)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from egeria_nb.embedded import documents as docs

__all__ = ["RunningServer", "ServerInstances", "running_server"]


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
    )


class ServerInstances:
    """Name → running server. Only the platform's loop thread touches it."""

    def __init__(self) -> None:
        self._running: dict[str, RunningServer] = {}

    def __contains__(self, name: object) -> bool:
        return name in self._running

    def names(self) -> list[str]:
        return sorted(self._running)

    def get(self, name: str) -> RunningServer | None:
        return self._running.get(name)

    def add(self, server: RunningServer) -> None:
        self._running[server.name] = server

    def remove(self, name: str) -> RunningServer | None:
        return self._running.pop(name, None)
