"""Configuration documents as JSON files, one per server, written atomically under a lock.

Documents are kept as the JSON the caller sent (plain dicts, key order and
unknown properties included), so a real Egeria document posted whole reads
back unchanged. Only the admin views interpret them.
"""

from __future__ import annotations

import json
import threading
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from egeria_nb.embedded.datadir import atomic_write
from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.wire import OMAGServerConfig
from egeria_nb.wire.admin import OWN_PLATFORM

__all__ = ["CONFIG_VERSION", "ConfigStore", "check_server_name", "new_document"]

# The only configuration-document version a 6.x platform reads (egeria-wire.md §1.6).
CONFIG_VERSION = "V6.0"
# A file name must stay well under the usual 255-byte limit once encoded.
MAX_ENCODED_NAME = 200
# Called after a document is saved (the document, and what changed) or deleted (None, "deleted").
ChangeListener = Callable[[str, dict[str, Any] | None, str], None]


def check_server_name(name: str) -> str:
    """Return ``name`` if it is safe to use as a server name, else raise ``FFDCError``."""
    if not name.strip():
        # A name of spaces is never meant (and egeria_nb's client refuses it too).
        raise FFDCError(Code.NULL_SERVER_NAME, parameter_name="serverName")
    if name in (".", ".."):
        raise FFDCError(Code.SERVER_NAME_UNSAFE, name, "it names a directory", parameter_name="serverName")
    for bad, why in (("/", "it contains '/'"), ("\\", "it contains '\\'"), ("\0", "it contains NUL")):
        if bad in name:
            raise FFDCError(Code.SERVER_NAME_UNSAFE, name, why, parameter_name="serverName")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise FFDCError(Code.SERVER_NAME_UNSAFE, name, "it contains a control character", parameter_name="serverName")
    if len(quote(name, safe="")) > MAX_ENCODED_NAME:
        raise FFDCError(Code.SERVER_NAME_UNSAFE, name, "it is too long", parameter_name="serverName")
    return name


def new_document(name: str) -> dict[str, Any]:
    """A fresh 6.x configuration document, as the admin services create it on first use (§1.4)."""
    return OMAGServerConfig(
        version_id=CONFIG_VERSION,
        local_server_id=str(uuid.uuid4()),
        local_server_name=name,
        local_server_url=OWN_PLATFORM,
        local_server_user_id="OMAGServer",
        max_page_size=1000,
    ).to_wire()


class ConfigStore:
    """The configuration documents under ``<data dir>/servers``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        # Handlers run on one loop, but the lock keeps load-change-save atomic
        # for any thread that uses the store directly (the CLI, tests).
        self._lock = threading.RLock()
        # Told of every change (the platform writes it to the server's audit log).
        self.on_change: ChangeListener | None = None

    def _path(self, name: str) -> Path:
        return self.directory / (quote(check_server_name(name), safe="") + ".json")

    def names(self) -> list[str]:
        return sorted(unquote(p.name[: -len(".json")]) for p in self.directory.glob("*.json"))

    def load(self, name: str) -> dict[str, Any] | None:
        """The stored document, or None if the server has none."""
        path = self._path(name)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            doc = json.loads(raw)
        except ValueError as exc:
            # Atomic writes make this unreachable short of outside tampering; say so plainly.
            raise FFDCError(
                Code.UNAVAILABLE, f"reading the configuration of {name}", f"{path} is damaged: {exc}"
            ) from None
        if not isinstance(doc, dict):
            raise FFDCError(Code.UNAVAILABLE, f"reading the configuration of {name}", f"{path} is not an object")
        return doc

    def load_or_new(self, name: str) -> dict[str, Any]:
        return self.load(name) or new_document(name)

    def save(self, name: str, doc: dict[str, Any], *, what: str = "the whole document was replaced") -> None:
        """Store ``doc`` as ``name``'s document; ``what`` says what changed (for the audit log)."""
        with self._lock:
            self._write(name, doc)
        self._changed(name, doc, what)

    def _write(self, name: str, doc: dict[str, Any]) -> None:
        atomic_write(self._path(name), json.dumps(doc, indent=1, ensure_ascii=False).encode())

    def _changed(self, name: str, doc: dict[str, Any] | None, what: str) -> None:
        if self.on_change is not None:
            self.on_change(name, doc, what)

    def delete(self, name: str) -> bool:
        with self._lock:
            try:
                self._path(name).unlink()
            except FileNotFoundError:
                return False
        self._changed(name, None, "deleted")
        return True

    @contextmanager
    def editing(self, name: str) -> Iterator[dict[str, Any]]:
        """Load (or create) ``name``'s document, let the caller change it, save it.

        Nothing is saved if the block raises, so a rejected request changes nothing.
        """
        with self._lock:
            doc = self.load_or_new(name)
            version = doc.get("versionId")
            if version is not None and version != CONFIG_VERSION:
                raise FFDCError(Code.INCOMPATIBLE_CONFIG, name, version, CONFIG_VERSION)
            trail = doc.get("auditTrail")
            before = len(trail) if isinstance(trail, list) else 0
            yield doc
            self._write(name, doc)
        self._changed(name, doc, _trail_added(doc, before))


def _trail_added(doc: dict[str, Any], before: int) -> str:
    """The audit-trail lines an edit added, without their dates ("nbadmin updated configuration for ...")."""
    trail = doc.get("auditTrail")
    added = [str(line) for line in trail[before:]] if isinstance(trail, list) else []
    # Each line is "<Www Mmm dd hh:mm:ss UTC yyyy> <user> <what>." (documents.add_audit_line).
    said = [" ".join(line.split(" ")[6:]).rstrip(".") or line for line in added]
    return "; ".join(said) if said else "the document was changed"
