"""Catching connectors that misbehave on the daemon's loop: blocking it, or leaking failing tasks.

Loop blocking: a heartbeat task on the loop stamps the time every
``HEARTBEAT_S``; a watchdog thread notices when the stamp goes stale, looks at
the loop thread's stack to find the connector whose code is running there,
and records it in the history (once when the block starts, once when it ends).

Leaked tasks: a task factory attributes every task created while connector
code runs to that connector (see ``runner.CURRENT_RUNNER``), so an exception
in it fails the connector instead of surfacing, maybe, when the task is
garbage-collected.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from types import FrameType
from typing import Any

from egeria_nb.daemon.connector import IntegrationConnector
from egeria_nb.daemon.history import HistoryEvent
from egeria_nb.daemon.runner import CURRENT_RUNNER

__all__ = ["HEARTBEAT_S", "LoopWatchdog", "install_task_factory"]

HEARTBEAT_S = 0.05


def install_task_factory(loop: asyncio.AbstractEventLoop) -> None:
    def factory(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any], **kwargs: Any) -> asyncio.Task[Any]:
        task = asyncio.Task(coro, loop=loop, **kwargs)
        runner = CURRENT_RUNNER.get()
        if runner is not None and not _library_code(coro):
            runner.adopt(task)
        return task

    loop.set_task_factory(factory)  # type: ignore[arg-type]


def _library_code(coro: object) -> bool:
    """Tasks that aiohttp or asyncio start for their own purposes belong to no connector."""
    code = getattr(coro, "cr_code", None)
    filename = getattr(code, "co_filename", "") or ""
    return any(f"{os.sep}{lib}{os.sep}" in filename for lib in _LIBRARIES)


# Only third-party and standard-library plumbing: egeria_nb's own connectors are connector code.
_LIBRARIES = ("aiohttp", "asyncio", "yarl", "aiohappyeyeballs")


def _culprit(frame: FrameType | None) -> tuple[IntegrationConnector | None, str]:
    """The innermost connector object on the stack, and where its code is."""
    where = ""
    while frame is not None:
        candidate = frame.f_locals.get("self")
        if isinstance(candidate, IntegrationConnector):
            code = frame.f_code
            return candidate, f"{code.co_name}() at {os.path.basename(code.co_filename)}:{frame.f_lineno}"
        if not where:
            where = f"{frame.f_code.co_name}() at {os.path.basename(frame.f_code.co_filename)}:{frame.f_lineno}"
        frame = frame.f_back
    return None, where


def _who(culprit: tuple[IntegrationConnector | None, str]) -> str:
    connector, where = culprit
    name = getattr(getattr(connector, "context", None), "connector_name", None)
    return f"connector {name} in {where}" if name else f"code outside any connector, in {where or 'unknown code'}"


class LoopWatchdog:
    """Notices when the daemon's loop stops turning, and names who stopped it."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        loop_thread_id: Callable[[], int | None],
        record: Callable[[HistoryEvent], None],
        threshold_s: float,
    ) -> None:
        self._loop = loop
        self._loop_thread_id = loop_thread_id
        self._record = record
        self.threshold_s = threshold_s
        self._beat = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.blocks = 0
        # While the loop is blocked: who blocks it and where (read from any thread); None otherwise.
        self.blocker: str | None = None

    def blocked_for(self) -> float:
        """Seconds since the loop last turned, if it is blocked now; 0 when it is not."""
        return time.monotonic() - self._beat if self.blocker is not None else 0.0

    async def heartbeat(self, alive: Callable[[], None]) -> None:
        """Stamp the time every ``HEARTBEAT_S`` (and tell ``alive``, for the supervisor's stall check)."""
        while True:
            self._beat = time.monotonic()
            alive()
            await asyncio.sleep(HEARTBEAT_S)

    def start(self) -> None:
        self._beat = time.monotonic()
        self._thread = threading.Thread(target=self._watch, name="egeria_nb-daemon-watchdog", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2.0)

    def _watch(self) -> None:
        blocked_since: float | None = None
        culprit: tuple[IntegrationConnector | None, str] = (None, "")
        while not self._stop.wait(HEARTBEAT_S):
            try:
                age = time.monotonic() - self._beat
                if blocked_since is None and age > self.threshold_s:
                    blocked_since = self._beat
                    ident = self._loop_thread_id()
                    culprit = _culprit(sys._current_frames().get(ident) if ident else None)
                    self.blocks += 1
                    self.blocker = _who(culprit)
                    self._report(culprit, f"is blocking the daemon's event loop (for {age:.1f} s so far)")
                elif blocked_since is not None and age <= self.threshold_s:
                    self.blocker = None
                    duration = self._beat - blocked_since
                    self._report(culprit, f"blocked the daemon's event loop for {duration:.1f} s")
                    blocked_since = None
            except Exception as exc:
                self._record(
                    HistoryEvent(
                        datetime.now(UTC), None, None, None, None, None, f"the loop watchdog failed once: {exc!r}"
                    )
                )

    def _report(self, culprit: tuple[IntegrationConnector | None, str], what: str) -> None:
        connector, where = culprit
        context = getattr(connector, "context", None)
        name = getattr(context, "connector_name", None)
        who = f"connector {name}" if name else "code outside any connector"
        advice = "; use await, or asyncio.to_thread for blocking calls, or register it with usesBlockingCalls"
        self._record(
            HistoryEvent(
                datetime.now(UTC),
                getattr(context, "group", None),
                name,
                getattr(context, "connector_id", None),
                None,
                None,
                f"LOOP BLOCKED: {who} {what} in {where or 'unknown code'}{advice if name else ''}",
            )
        )
