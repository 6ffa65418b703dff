"""Connector code in threads never holds the process: the daemon loop's executor and engage() threads."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from egeria_nb.daemon.threads import DaemonThreadExecutor
from tests.conftest import eventually

# How long a process may take to end once its main code is done.
EXIT_S = 2.0


def test_calls_share_at_most_max_workers_threads_and_raise_as_they_did() -> None:
    executor = DaemonThreadExecutor(max_workers=3)
    running, most = 0, 0
    lock = threading.Lock()
    order: list[int] = []

    def call(n: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
            order.append(n)
        time.sleep(0.01)  # long enough for calls to overlap
        with lock:
            running -= 1
        return n * 2

    async def main() -> list[int]:
        asyncio.get_running_loop().set_default_executor(executor)
        return await asyncio.gather(*(asyncio.to_thread(call, n) for n in range(30)))

    assert asyncio.run(main()) == [n * 2 for n in range(30)]
    assert most <= 3
    assert executor._workers <= 3
    assert sorted(order) == list(range(30))  # every call ran once

    def fails() -> None:
        raise ValueError("from the thread")

    other = DaemonThreadExecutor(name="test-threads-executor")
    with pytest.raises(ValueError, match="from the thread"):
        other.submit(fails).result(timeout=10)
    other.shutdown()  # its idle worker ends: no thread outlives this test
    eventually(
        lambda: not [t for t in threading.enumerate() if t.name.startswith("test-threads-executor")],
        "the executor's worker to end",
    )
    with pytest.raises(RuntimeError, match="after shutdown"):  # asyncio.run shut it down (without waiting)
        executor.submit(fails)


def test_a_call_that_never_returns_does_not_hold_the_process_at_exit() -> None:
    script = textwrap.dedent(
        """
        import asyncio, time
        from egeria_nb.daemon.threads import DaemonThreadExecutor

        async def main():
            asyncio.get_running_loop().set_default_executor(DaemonThreadExecutor())
            asyncio.get_running_loop().run_in_executor(None, time.sleep, 3600)
            await asyncio.sleep(0.1)

        asyncio.run(main())
        print("DONE", flush=True)
        """
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "DONE", done.stderr
    # Python start-up plus the import is well under this on any machine; a join would be an hour.
    assert time.monotonic() - started < 10 + EXIT_S
