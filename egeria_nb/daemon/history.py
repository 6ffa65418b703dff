"""A bounded record of every state change the daemon saw, for the history table."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime

__all__ = ["History", "HistoryEvent"]


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    time: datetime
    group: str | None
    connector: str | None
    connector_id: str | None
    from_status: str | None
    to_status: str | None
    message: str


class History:
    """The newest ``size`` events. Appended from the daemon's loop and its watchdog thread."""

    def __init__(self, size: int) -> None:
        self._events: deque[HistoryEvent] = deque(maxlen=max(1, size))
        self._lock = threading.Lock()
        self.total = 0

    def add(self, event: HistoryEvent) -> None:
        with self._lock:
            self._events.append(event)
            self.total += 1

    def events(self, limit: int | None = None) -> list[HistoryEvent]:
        with self._lock:
            events = list(self._events)
        return events if limit is None else events[-limit:] if limit > 0 else []
