"""Threads for connector code that never hold the process at exit.

Python waits at exit for every non-daemon thread, and for every thread of a
``ThreadPoolExecutor`` (``asyncio.to_thread`` uses one): one ``engage()`` that
never returns would keep a kernel from restarting. So blocking connector code
runs in daemon threads: ``run_in_daemon_thread`` for ``engage()``, and
``DaemonThreadExecutor`` as the daemon loop's default executor.

A connector can still start a non-daemon thread of its own. ``find_leftovers``
names the connector whose code such a thread runs, and ``exit_without_waiting``
makes the interpreter stop waiting for those threads at exit.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

__all__ = ["DaemonThreadExecutor", "exit_without_waiting", "find_leftovers", "run_in_daemon_thread"]

T = TypeVar("T")
# How long, at exit, the threads a connector left behind get to end by themselves.
EXIT_GRACE_S = 0.5


def _settle(future: asyncio.Future[Any], ok: bool, value: Any) -> None:
    if future.done():  # the waiter gave up (cancelled) meanwhile
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


def run_in_daemon_thread(fn: Callable[..., T], *args: Any, name: str) -> asyncio.Future[T]:
    """Call ``fn(*args)`` in a new daemon thread; the future (on the running loop) gets its outcome."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def work() -> None:
        try:
            outcome: tuple[bool, Any] = (True, fn(*args))
        except BaseException as exc:  # handed to the waiter, whatever it is
            outcome = (False, exc)
        # RuntimeError: the loop has closed, and nobody waits for this call any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(_settle, future, *outcome)

    threading.Thread(target=work, name=name, daemon=True).start()
    return future


class DaemonThreadExecutor(concurrent.futures.ThreadPoolExecutor):
    """Up to ``max_workers`` daemon threads, started as calls come, taking calls from one queue in order.

    A ``ThreadPoolExecutor`` only in name (asyncio takes no other kind as a loop's default
    executor): its own machinery is never used, so no thread of it is joined at exit. Idle
    workers wait on the queue until ``shutdown`` (which the loop's ``close`` calls) ends them.
    """

    def __init__(self, max_workers: int = 32, name: str = "egeria_nb-daemon-executor") -> None:
        super().__init__(max_workers=1)
        self._limit = max_workers
        self._name = name
        self._calls: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._workers = 0
        self._idle = 0
        self._guard = threading.Lock()
        self._closed = False

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[T]:
        if self._closed:
            raise RuntimeError("cannot schedule new calls after shutdown")
        future: concurrent.futures.Future[T] = concurrent.futures.Future()

        def call() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # handed to the waiter, whatever it is
                future.set_exception(exc)
            else:
                future.set_result(result)

        with self._guard:
            self._calls.put(call)
            if self._idle == 0 and self._workers < self._limit:
                self._workers += 1
                threading.Thread(target=self._work, name=f"{self._name}-{self._workers}", daemon=True).start()
        return future

    def _work(self) -> None:
        while True:
            with self._guard:
                self._idle += 1
            call = self._calls.get()
            with self._guard:
                self._idle -= 1
            if call is None:  # shut down
                return
            call()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        # Never waits: a call that hangs must not hold whoever shuts the loop down. Each worker ends
        # when it next looks at the queue; one stuck in a call stays, a daemon thread.
        with self._guard:
            self._closed = True
            for _ in range(self._workers):
                self._calls.put(None)


def find_leftovers(
    started_before: Iterable[threading.Thread], owners: Callable[[Any], str | None]
) -> dict[threading.Thread, str]:
    """Non-daemon threads started since ``started_before`` and still alive, each with the connector it runs.

    ``owners`` maps a frame's ``self`` (or its module's name) to a connector name; threads
    running no connector's code are named "unknown code".
    """
    before = set(started_before)
    frames = sys._current_frames()
    found: dict[threading.Thread, str] = {}
    for thread in threading.enumerate():
        if thread.daemon or thread in before or thread is threading.main_thread() or not thread.is_alive():
            continue
        frame = frames.get(thread.ident or -1)
        owner = None
        while frame is not None and owner is None:
            owner = owners(frame.f_locals.get("self")) or owners(frame.f_globals.get("__name__"))
            frame = frame.f_back
        found[thread] = owner or "unknown code"
    return found


_abandoned: set[threading.Thread] = set()
_hook_lock = threading.Lock()
_hooked = False


def exit_without_waiting(threads: Iterable[threading.Thread]) -> None:
    """At exit, do not wait more than ``EXIT_GRACE_S`` for ``threads`` (non-daemon threads connectors left).

    The interpreter joins non-daemon threads before anything in ``atexit`` runs; the only
    hook that runs earlier is ``threading._register_atexit``, used here once a daemon has
    found such threads (never at import). If they are still alive after the grace, the
    process ends there, with status 0, after flushing its output.
    """
    global _hooked
    with _hook_lock:
        _abandoned.update(threads)
        if _hooked:
            return
        register = getattr(threading, "_register_atexit", None)
        if register is None:  # pragma: no cover - present in every supported Python
            return
        register(_at_exit)
        _hooked = True


def _at_exit() -> None:
    deadline = time.monotonic() + EXIT_GRACE_S
    for thread in list(_abandoned):
        thread.join(max(0.0, deadline - time.monotonic()))
    alive = sorted(t.name for t in _abandoned if t.is_alive())
    if not alive:
        return
    print(
        f"egeria_nb: not waiting for thread(s) {', '.join(alive)} that connectors left running; exiting",
        file=sys.stderr,
    )
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed stream must not stop the exit
            stream.flush()
    os._exit(0)
