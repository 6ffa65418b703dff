"""A private asyncio loop in a named background thread, and the sync facade over it.

Why: a notebook cell runs on the kernel's own event loop, so a sync call that
waited on *that* loop would hang the kernel (the trap other Egeria clients fall
into in Jupyter). egeria_nb's I/O therefore runs on loops it owns, each in its
own thread, started on first use and never at import. A cell calls
``LoopThread.run(coro)`` and blocks only its own thread, with a timeout.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

__all__ = ["LoopThread"]

T = TypeVar("T")

LOGGER = logging.getLogger("egeria_nb.loop")
# How long stop() waits for pending tasks to finish being cancelled.
STOP_GRACE_S = 5.0


class LoopThread:
    """An event loop running forever in a daemon thread called ``name``.

    The thread starts on first use (``loop``, ``run``, ``submit``).
    ``run()`` is the sync facade; ``run_async()`` lets a coroutine on another
    loop await work on this one.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopped = False

    def __repr__(self) -> str:
        state = "stopped" if self._stopped else "running" if self._thread else "not started"
        return f"<LoopThread {self.name!r} {state}>"

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The loop, starting the thread if this is the first use."""
        with self._lock:
            if self._stopped:
                raise RuntimeError(f"The {self.name} loop has been stopped and cannot be reused.")
            if self._loop is None:
                self._start()
            assert self._loop is not None
            return self._loop

    @property
    def started(self) -> bool:
        return self._loop is not None and not self._stopped

    def _start(self) -> None:
        loop = asyncio.new_event_loop()
        ready = threading.Event()

        def main() -> None:
            asyncio.set_event_loop(loop)
            loop.call_soon(ready.set)
            try:
                loop.run_forever()
            finally:
                loop.close()

        thread = threading.Thread(target=main, name=self.name, daemon=True)
        thread.start()
        ready.wait()
        self._loop, self._thread = loop, thread

    def in_thread(self) -> bool:
        """True when called from this loop's own thread."""
        return self._thread is not None and threading.current_thread() is self._thread

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Schedule ``coro`` on this loop from any thread."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def run(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        """Run ``coro`` on this loop and wait for its result in the calling thread.

        Raises ``TimeoutError`` (after cancelling the work) if it takes longer
        than ``timeout`` seconds; Ctrl-C / "interrupt kernel" cancels it too.
        """
        if self.in_thread():
            coro.close()
            raise RuntimeError(
                f"A blocking egeria_nb call was made from inside the {self.name} event loop, "
                "where it would wait on itself forever. Inside a coroutine or connector, "
                "await the async variant instead (for example `await platform.acall(...)`)."
            )
        future = self.submit(coro)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise TimeoutError(f"no result from the {self.name} loop within {timeout} s") from None
        except KeyboardInterrupt:
            future.cancel()
            raise

    async def run_async(self, coro: Coroutine[Any, Any, T]) -> T:
        """Await ``coro`` on this loop from a coroutine on any loop."""
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:  # pragma: no cover - only reachable through misuse
            running = None
        if running is self._loop:
            return await coro
        return await asyncio.wrap_future(self.submit(coro))

    def call_soon(self, fn: Callable[..., object], *args: object) -> None:
        """Call ``fn(*args)`` on the loop thread (thread-safe, fire and forget)."""
        self.loop.call_soon_threadsafe(fn, *args)

    def stop(self, timeout: float = STOP_GRACE_S, before: Callable[[], Awaitable[None]] | None = None) -> None:
        """Cancel what is still running, stop the loop and join the thread.

        ``before`` is awaited first on the loop (closing servers and sessions).
        The whole stop takes at most about ``timeout`` seconds, even if the loop
        is blocked (the thread is a daemon thread, left behind then). Safe to call
        twice, and from any thread except the loop's own.
        """
        with self._lock:
            if self._stopped or self._loop is None:
                self._stopped = True
                return
            self._stopped = True
            loop, thread = self._loop, self._thread
        assert thread is not None
        if threading.current_thread() is thread:
            raise RuntimeError(f"The {self.name} loop cannot be stopped from its own thread.")

        deadline = time.monotonic() + timeout

        async def shutdown() -> None:
            if before is not None:
                try:
                    await asyncio.wait_for(before(), max(0.01, deadline - time.monotonic()) * 0.8)
                except Exception:
                    LOGGER.exception("cleanup of the %s loop failed", self.name)
            current = asyncio.current_task()
            tasks = [t for t in asyncio.all_tasks() if t is not current]
            for task in tasks:
                task.cancel()
            if tasks:
                await asyncio.wait(tasks, timeout=max(0.01, deadline - time.monotonic()))
            await loop.shutdown_asyncgens()

        try:
            asyncio.run_coroutine_threadsafe(shutdown(), loop).result(max(0.01, deadline - time.monotonic()))
        except concurrent.futures.TimeoutError:
            LOGGER.warning("the %s loop did not shut down within %g s", self.name, timeout)
        except Exception:
            LOGGER.exception("the %s loop did not shut down cleanly", self.name)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(max(0.1, deadline - time.monotonic()))

    @property
    def thread_alive(self) -> bool:
        """True while the loop's thread runs (after a stop, only if something blocks the loop)."""
        return self._thread is not None and self._thread.is_alive()
