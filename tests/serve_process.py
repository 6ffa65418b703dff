"""``egeria-nb serve`` in a process of its own, started and read the way a user at a terminal would."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

__all__ = ["DEADLINE_S", "Serve", "egeria_nb"]

# A generous bound on any one wait (start-up, exit), so a broken build fails instead of hanging.
DEADLINE_S = 60.0
SERVING = "egeria_nb platform serving "


def egeria_nb(*args: str) -> list[str]:
    """The command line for ``egeria-nb ARGS`` with this interpreter."""
    return [sys.executable, "-m", "egeria_nb.cli", *args]


class Serve:
    """One ``egeria-nb serve --data-dir D --port 0`` process; use as a context manager."""

    def __init__(self, data_dir: Path, *extra: str, verbose: bool = False) -> None:
        self.data_dir = data_dir
        self.proc = subprocess.Popen(
            egeria_nb(*(["-v"] if verbose else []), "serve", "--data-dir", str(data_dir), "--port", "0", *extra),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # Buffered like a pipe to a log file: the URL line must be flushed by egeria-nb itself.
            env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self.stdout: list[str] = []
        self._reader = threading.Thread(target=self._read, name="serve-stdout", daemon=True)
        self._reader.start()
        self.url: str | None = None
        self.stderr = ""

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def wait_for_url(self) -> str:
        """Read stdout until the line that gives the URL; the platform is listening once it is printed."""
        while True:
            try:
                line = self._lines.get(timeout=DEADLINE_S)
            except queue.Empty:
                raise AssertionError(f"egeria-nb serve printed no URL within {DEADLINE_S} s") from None
            if line is None:
                self.finish()
                raise AssertionError(f"egeria-nb serve exited {self.proc.returncode}: {self.stderr}")
            self.stdout.append(line)
            if line.startswith(SERVING):
                self.url = line[len(SERVING) :].strip()
                return self.url

    def read_until(self, text: str) -> None:
        """Read stdout up to and including the first line that contains ``text``."""
        while not any(text in line for line in self.stdout):
            line = self._lines.get(timeout=DEADLINE_S)
            if line is None:
                raise AssertionError(f"egeria-nb serve never printed {text!r}")
            self.stdout.append(line)

    def finish(self) -> int:
        """Wait for the process to end; collect the rest of its output; return its exit code."""
        code = self.proc.wait(timeout=DEADLINE_S)
        self._reader.join(timeout=DEADLINE_S)
        while True:
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.stdout.append(line)
        assert self.proc.stderr is not None
        self.stderr = self.proc.stderr.read()
        self.proc.stdout.close()  # type: ignore[union-attr]
        self.proc.stderr.close()
        return code

    @property
    def output(self) -> str:
        return "".join(self.stdout) + self.stderr

    def terminate(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.finish()

    def kill(self) -> int:
        self.proc.send_signal(signal.SIGKILL)
        return self.finish()

    def __enter__(self) -> Serve:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        if not self.proc.stderr.closed:  # type: ignore[union-attr]
            self.finish()
