"""The servers running on the embedded platform (started with the platform services)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

__all__ = ["RunningServer", "ServerInstances"]


@dataclass
class RunningServer:
    name: str
    server_type: str
    services: list[str]
    started: datetime = field(default_factory=lambda: datetime.now(UTC))


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
