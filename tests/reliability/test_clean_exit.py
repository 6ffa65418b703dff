"""Whatever a connector does, a daemon stops within its deadline and the process exits promptly.

Each misbehaviour runs in a process of its own (``misbehaving_daemon``): an ``engage()``
that never returns, a refresh that swallows its cancellation, a refresh that blocks the
event loop, a connector that leaves a non-daemon thread behind. The process must end
within ``EXIT_S`` of being asked - by ``daemon.stop()`` returning, by SIGTERM, or (for
``egeria-nb serve`` running the daemon itself) by Ctrl-C - and the history must name the
connector.
"""

from __future__ import annotations

import contextlib
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import egeria_nb as enb
from tests.conftest import eventually
from tests.reliability.misbehaving_daemon import MISBEHAVIOURS, SERVER, define, under_way
from tests.serve_process import Serve

pytestmark = pytest.mark.reliability

# How long a process may take to end once asked; and stop(timeout_s=STOP_TIMEOUT_S) must return within that.
EXIT_S = 2.0
STOP_TIMEOUT_S = 5.0
# What the history says about each misbehaviour when the daemon stops.
NAMED = {
    "hung-engage": "engage() had not returned",
    "swallowed-cancel": "refresh() did not stop when cancelled; it was abandoned",
    "blocked-loop": "event loop is blocked by connector misbehaving in refresh()",
    "leftover-thread": "connector misbehaving left the non-daemon thread 'training connector thread' running",
}
# Bounds the start-up of a process (platform, definitions, daemon): a broken build fails, never hangs.
START_S = 60.0
KINDS = sorted(MISBEHAVIOURS)


class Lines:
    """A process's stdout, line by line, each with the time it was read."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self._queue: queue.Queue[tuple[float, str | None]] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put((time.monotonic(), line.rstrip("\n")))
        self._queue.put((time.monotonic(), None))

    def until(self, prefix: str) -> tuple[float, str]:
        while True:
            try:
                at, line = self._queue.get(timeout=START_S)
            except queue.Empty:
                raise AssertionError(f"no {prefix!r} line within {START_S} s; so far: {self.seen}") from None
            if line is None:
                raise AssertionError(f"the process ended before {prefix!r}: {self.seen}, {self.proc.stderr.read()}")  # type: ignore[union-attr]
            self.seen.append(line)
            if line.startswith(prefix):
                return at, line

    def rest(self) -> list[str]:
        while True:
            _, line = self._queue.get(timeout=START_S)
            if line is None:
                return self.seen
            self.seen.append(line)


@contextlib.contextmanager
def misbehaving(kind: str, action: str, data_dir: Path) -> Iterator[tuple[subprocess.Popen[str], Lines]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.misbehaving_daemon", kind, action, str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield proc, Lines(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=START_S)
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]


def exited_within(proc: subprocess.Popen[str], since: float) -> float:
    """Seconds from ``since`` until the process ended (bounded by START_S, so a hang fails the test)."""
    try:
        proc.wait(timeout=START_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError("the process did not exit") from None
    return time.monotonic() - since


@pytest.mark.parametrize("kind", KINDS)
def test_stop_returns_in_time_names_the_connector_and_the_process_exits(kind: str, tmp_path: Path) -> None:
    with misbehaving(kind, "stop", tmp_path) as (proc, lines):
        lines.until("READY")
        if kind == "blocked-loop":
            _, control = lines.until("CONTROL")
            took, message_id, text = control.split(" ", 3)[1:]
            assert float(took) <= EXIT_S, f"a control call on a blocked loop took {took} s to fail"
            assert message_id == "EGERIA-NB-DAEMON-503-001"
            assert "blocked by connector misbehaving in refresh()" in text
        at, line = lines.until("STOPPED")
        took = float(line.split()[1])
        assert took <= STOP_TIMEOUT_S, f"stop(timeout_s={STOP_TIMEOUT_S:g}) took {took} s"
        assert exited_within(proc, at) <= EXIT_S
        rest = lines.rest()
        history = [line.removeprefix("HISTORY ") for line in rest if line.startswith("HISTORY ")]
        errors = proc.stderr.read()  # type: ignore[union-attr]
    assert any(NAMED[kind] in m for m in history), history
    assert history[-1] == "daemon stopped"
    if kind == "blocked-loop":
        assert "RESTART EGERIA-NB-DAEMON-503-002" in rest, rest
    assert proc.returncode == 0, errors
    assert "Traceback" not in errors


@pytest.mark.parametrize("kind", KINDS)
def test_sigterm_ends_the_process_at_once(kind: str, tmp_path: Path) -> None:
    with misbehaving(kind, "wait", tmp_path) as (proc, lines):
        lines.until("READY")
        asked = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert exited_within(proc, asked) <= EXIT_S
    assert proc.returncode == -signal.SIGTERM


@pytest.mark.parametrize("kind", KINDS)
def test_serve_stops_on_ctrl_c_with_its_daemon_running_such_a_connector(kind: str, tmp_path: Path) -> None:
    with Serve(tmp_path) as serve:
        serve.wait_for_url()
        with enb.start_embedded(tmp_path) as client:  # attaches to the served directory
            define(client, kind)
            enb.start_server(client, SERVER)
            remote = enb.RemoteIntegrationDaemon(client, SERVER)
            eventually(lambda: under_way(kind, remote), f"the connector to misbehave ({kind})", timeout=START_S)
        asked = time.monotonic()
        serve.proc.send_signal(signal.SIGINT)
        code = serve.finish()
        took = time.monotonic() - asked
    assert code == 0, serve.output
    assert took <= EXIT_S, f"Ctrl-C took {took:.1f} s"
    assert "Traceback" not in serve.output
