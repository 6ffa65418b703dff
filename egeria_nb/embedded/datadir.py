"""The embedded platform's data directory: where it lives, who serves it, its credentials.

Layout::

    <data dir>/                 ~/.egeria_nb, or $EGERIA_NB_HOME, or data_dir=
        platform.lock           flock-ed by the one process serving this directory (holds its pid)
        platform.json           that process's pid and URL (for others to connect to)
        urls.json               the URLs it has been served at, newest first (a restart tries the last port)
        credentials.json        the platform's users and passwords (0600)
        servers/<name>.json     configuration documents (see config_store)

An OS file lock (not a pid file) marks the serving process, so a lock left by a
killed process is gone with the process and never blocks the next start.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from egeria_nb.catalogue import Code

__all__ = ["HOLDER_WAIT_S", "DataDirectory", "Holder", "atomic_write", "default_data_dir"]

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
# The user the embedded platform creates for its owner.
ADMIN_USER_ID = "nbadmin"
# How long to wait for the process that holds a data directory to say where it listens.
HOLDER_WAIT_S = 10.0
# How many earlier URLs a data directory remembers (a daemon recognises its platform by any of them).
URLS_KEPT = 20
# The holder's command line is shown up to this length (a kernel's is long: it names its connection file).
COMMAND_SHOWN = 160


def default_data_dir() -> Path:
    """``$EGERIA_NB_HOME`` if set, else ``~/.egeria_nb``."""
    env = os.environ.get("EGERIA_NB_HOME")
    return Path(env).expanduser() if env else Path.home() / ".egeria_nb"


def atomic_write(path: Path, data: bytes, mode: int = PRIVATE_FILE_MODE) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, never half.

    Temp file in the same directory, fsync, rename over the target, fsync the
    directory so the rename itself is durable.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@dataclass(frozen=True)
class Holder:
    """The process that serves a data directory."""

    pid: int
    url: str
    command: str

    def describe(self) -> str:
        return f"process {self.pid} ({self.command}) at {self.url}"


class DataDirectory:
    """One data directory, and this process's claim on it."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path).expanduser().resolve() if path is not None else default_data_dir().resolve()
        self._lock_fd: int | None = None
        try:
            self.path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
            (self.path / "servers").mkdir(exist_ok=True, mode=PRIVATE_DIR_MODE)
        except OSError as exc:
            raise Code.DATA_DIR_UNUSABLE.error(self.path, exc.strerror) from exc

    def __repr__(self) -> str:
        return f"DataDirectory({str(self.path)!r})"

    @property
    def servers(self) -> Path:
        return self.path / "servers"

    # -- who serves it ----------------------------------------------------------------

    def try_claim(self) -> bool:
        """Take the serving lock; False if another live process (or object) holds it."""
        if self._lock_fd is not None:
            return True
        fd = os.open(self.path / "platform.lock", os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._lock_fd = fd
        # Name this process in the lock file at once. platform.json only follows once the server
        # listens, and until then it may still be a killed holder's: without the pid here a process
        # refused the lock in that window could neither name the holder nor tell the record is stale.
        # Written before truncating, so a reader never sees an empty file (no pid: no staleness check).
        pid = str(os.getpid()).encode()
        os.pwrite(fd, pid, 0)
        os.ftruncate(fd, len(pid))
        self._remove_stray_temp_files()
        return True

    def lock_holder_pid(self) -> int | None:
        """The pid the holder of the serving lock wrote into it (None if unknown)."""
        try:
            text = (self.path / "platform.lock").read_text().strip()
            return int(text) if text else None
        except (OSError, ValueError):
            return None

    def _remove_stray_temp_files(self) -> None:
        # atomic_write's temp file outlives its write only if the process was killed mid-write.
        # Configuration documents and platform.json are written only by the lock holder, which
        # is now this process, so any such file left in their places is debris from a crash.
        for stray in [*self.servers.glob(".*.tmp"), *self.path.glob(".platform.json.*.tmp")]:
            with contextlib.suppress(OSError):
                stray.unlink()

    def release(self) -> None:
        """Let go of the serving lock and forget the serving URL."""
        if self._lock_fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            (self.path / "platform.json").unlink()
        with contextlib.suppress(OSError):
            os.ftruncate(self._lock_fd, 0)
        fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        os.close(self._lock_fd)
        self._lock_fd = None

    def announce(self, url: str) -> None:
        """Record this process as the one serving at ``url`` (only while claimed), and remember the URL."""
        record = {"pid": os.getpid(), "url": url, "command": _command_of(os.getpid())}
        atomic_write(self.path / "platform.json", json.dumps(record).encode())
        urls = [url, *(u for u in self.urls() if u != url)][:URLS_KEPT]
        atomic_write(self.path / "urls.json", json.dumps({"urls": urls}).encode())

    def urls(self) -> list[str]:
        """The URLs this directory has been served at, newest first (empty if never, or unreadable)."""
        try:
            urls = json.loads((self.path / "urls.json").read_text())["urls"]
        except (OSError, ValueError, KeyError, TypeError):
            return []  # only a hint for the next start: a damaged file costs a new port, nothing more
        return [u for u in urls if isinstance(u, str)] if isinstance(urls, list) else []

    def last_port(self) -> int | None:
        """The port this directory was last served on, to serve it there again (None if unknown)."""
        for url in self.urls()[:1]:
            with contextlib.suppress(ValueError):
                return urlsplit(url).port
        return None

    def holder(self) -> Holder | None:
        """The process serving this directory, as it announced itself, or None (not announced yet)."""
        try:
            record = json.loads((self.path / "platform.json").read_text())
            found = Holder(int(record["pid"]), str(record["url"]), str(record.get("command", "?")))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        claimed = self.lock_holder_pid()
        if claimed is not None and claimed != found.pid:
            # Left by a holder that was killed; the new one has not announced itself yet.
            return None
        return found

    def wait_for_holder(self, timeout: float = HOLDER_WAIT_S) -> Holder | None:
        """``holder()``, waiting up to ``timeout`` seconds for a holder that is still starting."""
        deadline = time.monotonic() + timeout
        holder = self.holder()
        while holder is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the holder writes platform.json right after it starts listening
            holder = self.holder()
        return holder

    def describe_holder(self, timeout: float = HOLDER_WAIT_S) -> str:
        """Who serves this directory, for a message to someone refused it: a process, by pid."""
        holder = self.wait_for_holder(timeout)
        if holder is not None:
            return holder.describe()
        pid = self.lock_holder_pid()
        if pid is None:
            return "another process"
        return f"process {pid} ({_command_of(pid)}), which has not yet said where it listens"

    # -- credentials ------------------------------------------------------------------

    @property
    def credentials_file(self) -> Path:
        return self.path / "credentials.json"

    def credentials(self) -> dict[str, str]:
        """``{user_id: password}``; created with one generated admin user on first use."""
        path = self.credentials_file
        if path.exists():
            try:
                data: Any = json.loads(path.read_text())
                users = {str(u["userId"]): str(u["password"]) for u in data["users"]}
                if users:
                    return users
            except (ValueError, KeyError, TypeError) as exc:
                raise Code.CREDENTIALS_DAMAGED.error(path, exc) from exc
        users = {ADMIN_USER_ID: secrets.token_urlsafe(18)}
        doc = {"users": [{"userId": u, "password": p} for u, p in users.items()]}
        atomic_write(path, json.dumps(doc, indent=2).encode())
        return users

    def admin_credentials(self) -> tuple[str, str]:
        users = self.credentials()
        user_id = ADMIN_USER_ID if ADMIN_USER_ID in users else next(iter(users))
        return user_id, users[user_id]


def _command_of(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "unknown command"
    words = [w.decode(errors="replace") for w in raw.split(b"\0") if w]
    text = " ".join(os.path.basename(words[0]) if i == 0 else w for i, w in enumerate(words))
    if len(text) > COMMAND_SHOWN:
        text = text[: COMMAND_SHOWN - 3] + "..."
    return text or "unknown command"
