"""Wakes long-polling ``/changes`` requests when the metadata store commits a write."""

from __future__ import annotations

import asyncio
import contextlib

__all__ = ["ChangeSignal"]


class ChangeSignal:
    """A broadcast "something changed": each notify releases everyone waiting so far.

    Only the platform's loop thread notifies and waits (the store is written there).
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.closed = False

    def close(self) -> None:
        """The platform is stopping: release every waiter now instead of at its timeout."""
        self.closed = True
        self.notify()

    def notify(self, server: str = "") -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    def waiter(self) -> asyncio.Event:
        """Take before checking for changes, then pass to ``wait`` (no missed wake-ups)."""
        return self._event

    async def wait(self, waiter: asyncio.Event, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waiter.wait(), timeout)
