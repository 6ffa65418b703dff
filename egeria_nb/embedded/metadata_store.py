"""Open metadata in one SQLite file: elements, relationships, and the change log behind the feed.

Generic on purpose: any type name with any JSON properties, so integration
groups and connectors (egeria-wire.md §4) and whatever connectors catalogue
(``DataFile``, ``RelationalColumn``, ...) share one schema. Several metadata
access servers share the file; every row names its server.

Every write is one transaction that also appends to ``changes``, so the change
feed and the data can never disagree, and a crash loses a whole write or
nothing (WAL, ``synchronous=FULL``: an acknowledged write is on disk).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from egeria_nb.embedded.datadir import PRIVATE_FILE_MODE
from egeria_nb.embedded.ffdc import Code, FFDCError

__all__ = ["Change", "Element", "MetadataStore", "Relationship", "type_family"]

# Qualified names are unique within a family of related types (a DataFile and
# a FileFolder cannot share one; a DataFile and its RelationalColumn can).
_FAMILIES: dict[str, tuple[str, ...]] = {
    "Asset": (
        "Asset",
        "DeployedConnector",
        "IntegrationConnector",
        "DataStore",
        "DataFile",
        "CSVFile",
        "DataFolder",
        "FileFolder",
        "Database",
        "DeployedDatabaseSchema",
        "DataSet",
        "Table",
        "SoftwareServer",
    ),
    "SoftwareCapability": ("SoftwareCapability", "IntegrationGroup", "GovernanceEngine"),
    "SchemaElement": (
        "SchemaElement",
        "SchemaType",
        "SchemaAttribute",
        "RelationalDBSchemaType",
        "RelationalTable",
        "RelationalTableType",
        "RelationalColumn",
        "TabularSchemaType",
        "TabularColumn",
        "DerivedSchemaAttribute",
    ),
    "Connection": ("Connection", "VirtualConnection"),
    "ConnectorType": ("ConnectorType",),
    "Endpoint": ("Endpoint",),
}
_FAMILY_OF = {t: family for family, types in _FAMILIES.items() for t in types}
# How many changes the feed keeps; a reader further behind is told to resynchronise.
CHANGE_LOG_KEEP = 200_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS elements (
    guid TEXT PRIMARY KEY,
    server TEXT NOT NULL,
    type_name TEXT NOT NULL,
    family TEXT NOT NULL,
    qualified_name TEXT,
    properties TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT,
    create_time TEXT NOT NULL,
    update_time TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS elements_by_name ON elements(server, family, qualified_name)
    WHERE qualified_name IS NOT NULL;
CREATE INDEX IF NOT EXISTS elements_by_type ON elements(server, type_name);
CREATE TABLE IF NOT EXISTS relationships (
    guid TEXT PRIMARY KEY,
    server TEXT NOT NULL,
    type_name TEXT NOT NULL,
    end1_guid TEXT NOT NULL REFERENCES elements(guid),
    end2_guid TEXT NOT NULL REFERENCES elements(guid),
    properties TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT,
    create_time TEXT NOT NULL,
    update_time TEXT
);
CREATE INDEX IF NOT EXISTS relationships_by_end1 ON relationships(end1_guid, type_name);
CREATE INDEX IF NOT EXISTS relationships_by_end2 ON relationships(end2_guid, type_name);
CREATE TABLE IF NOT EXISTS changes (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    server TEXT NOT NULL,
    time TEXT NOT NULL,
    kind TEXT NOT NULL,
    action TEXT NOT NULL,
    guid TEXT NOT NULL,
    type_name TEXT NOT NULL,
    qualified_name TEXT,
    end1_guid TEXT,
    end2_guid TEXT
);
CREATE INDEX IF NOT EXISTS changes_by_server ON changes(server, sequence);
"""


def type_family(type_name: str) -> str:
    """The uniqueness family of a type; a type egeria_nb does not know is its own family."""
    return _FAMILY_OF.get(type_name, type_name)


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Element:
    guid: str
    server: str
    type_name: str
    qualified_name: str | None
    properties: dict[str, Any]
    version: int
    created_by: str
    updated_by: str | None
    create_time: str
    update_time: str | None


@dataclass(frozen=True)
class Relationship:
    guid: str
    server: str
    type_name: str
    end1_guid: str
    end2_guid: str
    properties: dict[str, Any]
    version: int
    created_by: str
    updated_by: str | None
    create_time: str
    update_time: str | None


@dataclass(frozen=True)
class Change:
    sequence: int
    time: str
    kind: str  # "element" | "relationship"
    action: str  # "CREATED" | "UPDATED" | "DELETED"
    guid: str
    type_name: str
    qualified_name: str | None = None
    end1_guid: str | None = None
    end2_guid: str | None = None


@dataclass
class SyncCounts:
    """What a ``sync`` changed."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    relationships_added: int = 0
    relationships_removed: int = 0
    guids: dict[str, str] = field(default_factory=dict)


def _element(row: sqlite3.Row) -> Element:
    return Element(
        row["guid"],
        row["server"],
        row["type_name"],
        row["qualified_name"],
        json.loads(row["properties"]),
        row["version"],
        row["created_by"],
        row["updated_by"],
        row["create_time"],
        row["update_time"],
    )


def _relationship(row: sqlite3.Row) -> Relationship:
    return Relationship(
        row["guid"],
        row["server"],
        row["type_name"],
        row["end1_guid"],
        row["end2_guid"],
        json.loads(row["properties"]),
        row["version"],
        row["created_by"],
        row["updated_by"],
        row["create_time"],
        row["update_time"],
    )


def _json_path(key: str) -> str:
    # SQLite's JSON paths have no escape for '"' inside a quoted key.
    if '"' in key or not key:
        raise FFDCError(
            Code.BAD_PARAMETER, "property filter", key, "a property name must be non-empty, without a double quote"
        )
    return f'$."{key}"'


def _filter_text(value: Any) -> str:
    """A filter value in the text form ``elements`` compares properties by."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _qualified_name(properties: Mapping[str, Any]) -> str | None:
    name = properties.get("qualifiedName")
    if name is None:
        return None
    if not isinstance(name, str) or not name.strip():
        raise FFDCError(Code.BAD_PARAMETER, "qualifiedName", name, "a qualified name must be non-empty text")
    return name


def _make_private(path: Path) -> None:
    """Create the database file owner-only (0600), and tighten one made by an older version.

    Definitions can carry secrets (an OCF connection's userId and clearPassword), so the file is
    as private as the credentials file, whatever the umask or the data directory's own mode.
    SQLite gives its -wal and -shm files the mode of the database file.
    """
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(file, PRIVATE_FILE_MODE)


class MetadataStore:
    """The metadata of every metadata access server on one platform."""

    def __init__(self, path: Path) -> None:
        self.path = path
        _make_private(path)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)
        self._lock = threading.RLock()
        self._listeners: list[Callable[[str], None]] = []

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def on_change(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(server)`` after every committed write (used to wake long polls)."""
        self._listeners.append(listener)

    @contextmanager
    def _write(self, server: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        for listener in self._listeners:
            listener(server)

    def _log(
        self,
        db: sqlite3.Connection,
        server: str,
        kind: str,
        action: str,
        guid: str,
        type_name: str,
        qualified_name: str | None = None,
        end1: str | None = None,
        end2: str | None = None,
    ) -> None:
        db.execute(
            "INSERT INTO changes(server, time, kind, action, guid, type_name, qualified_name, end1_guid, end2_guid)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (server, now_text(), kind, action, guid, type_name, qualified_name, end1, end2),
        )

    # -- elements ---------------------------------------------------------------------

    def _insert_element(
        self, db: sqlite3.Connection, server: str, type_name: str, properties: dict[str, Any], user: str
    ) -> str:
        name = _qualified_name(properties)
        family = type_family(type_name)
        if (
            name is not None
            and db.execute(
                "SELECT 1 FROM elements WHERE server=? AND family=? AND qualified_name=?", (server, family, name)
            ).fetchone()
        ):
            raise FFDCError(Code.DUPLICATE_QUALIFIED_NAME, name, family, server)
        guid = str(uuid.uuid4())
        db.execute(
            "INSERT INTO elements VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (guid, server, type_name, family, name, json.dumps(properties), 1, user, None, now_text(), None),
        )
        self._log(db, server, "element", "CREATED", guid, type_name, name)
        return guid

    def create_element(self, server: str, type_name: str, properties: dict[str, Any], user: str) -> Element:
        with self._write(server) as db:
            guid = self._insert_element(db, server, type_name, properties, user)
        return self.element(server, guid)

    def _update_element(
        self,
        db: sqlite3.Connection,
        current: Element,
        properties: dict[str, Any],
        user: str,
        type_name: str | None = None,
    ) -> bool:
        """Store new properties (and, for ``sync``, a new type of the same family); False if nothing changed."""
        type_name = type_name or current.type_name
        if properties == current.properties and type_name == current.type_name:
            return False
        name = _qualified_name(properties)
        family = type_family(current.type_name)
        if (
            name is not None
            and name != current.qualified_name
            and db.execute(
                "SELECT 1 FROM elements WHERE server=? AND family=? AND qualified_name=?",
                (current.server, family, name),
            ).fetchone()
        ):
            raise FFDCError(Code.DUPLICATE_QUALIFIED_NAME, name, family, current.server)
        db.execute(
            "UPDATE elements SET type_name=?, qualified_name=?, properties=?, version=version+1, updated_by=?,"
            " update_time=? WHERE guid=?",
            (type_name, name, json.dumps(properties), user, now_text(), current.guid),
        )
        self._log(db, current.server, "element", "UPDATED", current.guid, type_name, name)
        return True

    def update_element(
        self, server: str, guid: str, properties: dict[str, Any], user: str, *, merge: bool = True
    ) -> Element:
        """Merge ``properties`` into the element's (or replace them); a no-op update changes nothing."""
        current = self.element(server, guid)
        new = {**current.properties, **properties} if merge else dict(properties)
        if "qualifiedName" not in new and current.qualified_name is not None:
            new["qualifiedName"] = current.qualified_name
        new = {k: v for k, v in new.items() if v is not None}
        with self._write(server) as db:
            self._update_element(db, current, new, user)
        return self.element(server, guid)

    def _delete_element(self, db: sqlite3.Connection, current: Element) -> int:
        removed = 0
        for row in db.execute(
            "SELECT * FROM relationships WHERE end1_guid=? OR end2_guid=?", (current.guid, current.guid)
        ).fetchall():
            rel = _relationship(row)
            db.execute("DELETE FROM relationships WHERE guid=?", (rel.guid,))
            self._log(
                db, rel.server, "relationship", "DELETED", rel.guid, rel.type_name, None, rel.end1_guid, rel.end2_guid
            )
            removed += 1
        db.execute("DELETE FROM elements WHERE guid=?", (current.guid,))
        self._log(db, current.server, "element", "DELETED", current.guid, current.type_name, current.qualified_name)
        return removed

    def delete_element(self, server: str, guid: str) -> None:
        """Delete the element and every relationship it is an end of."""
        current = self.element(server, guid)
        with self._write(server) as db:
            self._delete_element(db, current)

    def find_element(self, server: str, guid: str) -> Element | None:
        row = self._db.execute("SELECT * FROM elements WHERE server=? AND guid=?", (server, guid)).fetchone()
        return _element(row) if row else None

    def element(self, server: str, guid: str, expected_type: str | None = None) -> Element:
        """The element, or ``FFDCError`` naming the unknown GUID (or the wrong type)."""
        found = self.find_element(server, guid)
        if found is None:
            raise FFDCError(Code.UNKNOWN_GUID, guid, expected_type or "element", server, parameter_name="guid")
        if expected_type is not None and found.type_name != expected_type:
            raise FFDCError(Code.WRONG_TYPE, guid, found.type_name, expected_type, parameter_name="guid")
        return found

    def element_by_name(self, server: str, type_name: str, qualified_name: str) -> Element | None:
        row = self._db.execute(
            "SELECT * FROM elements WHERE server=? AND family=? AND qualified_name=? AND type_name=?",
            (server, type_family(type_name), qualified_name, type_name),
        ).fetchone()
        return _element(row) if row else None

    def elements(
        self,
        server: str,
        type_name: str | None = None,
        *,
        filters: Mapping[str, Any] | None = None,
        name_prefix: str | None = None,
        start: int = 0,
        limit: int | None = None,
    ) -> list[Element]:
        """Elements of a type (all types if None), optionally matching property values, in creation order."""
        sql = ["SELECT * FROM elements WHERE server=?"]
        args: list[Any] = [server]
        if type_name is not None:
            sql.append("AND type_name=?")
            args.append(type_name)
        if name_prefix:
            sql.append("AND substr(qualified_name, 1, ?)=?")
            args += [len(name_prefix), name_prefix]
        for key, value in (filters or {}).items():
            # Filters arrive as query-string text, so compare the property's text form:
            # 5 matches "5" and true matches "true" (json_extract alone gives 5 and 1, which
            # never equal text in SQLite).
            path = _json_path(key)
            sql.append(
                "AND (CASE json_type(properties, ?) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'"
                " ELSE CAST(json_extract(properties, ?) AS TEXT) END)=?"
            )
            args += [path, path, _filter_text(value)]
        sql.append("ORDER BY rowid LIMIT ? OFFSET ?")
        args += [-1 if limit is None else limit, max(0, start)]
        return [_element(r) for r in self._db.execute(" ".join(sql), args)]

    # -- relationships ----------------------------------------------------------------

    def create_relationship(
        self, server: str, type_name: str, end1: str, end2: str, properties: dict[str, Any], user: str
    ) -> Relationship:
        self.element(server, end1)
        self.element(server, end2)
        with self._write(server) as db:
            guid = self._insert_relationship(db, server, type_name, end1, end2, properties, user)
        return self.relationship(server, guid)

    def _insert_relationship(
        self,
        db: sqlite3.Connection,
        server: str,
        type_name: str,
        end1: str,
        end2: str,
        properties: dict[str, Any],
        user: str,
    ) -> str:
        guid = str(uuid.uuid4())
        db.execute(
            "INSERT INTO relationships VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (guid, server, type_name, end1, end2, json.dumps(properties), 1, user, None, now_text(), None),
        )
        self._log(db, server, "relationship", "CREATED", guid, type_name, None, end1, end2)
        return guid

    def update_relationship(
        self, server: str, guid: str, properties: dict[str, Any], user: str, *, merge: bool = True
    ) -> Relationship:
        current = self.relationship(server, guid)
        new = {**current.properties, **properties} if merge else dict(properties)
        new = {k: v for k, v in new.items() if v is not None}
        if new != current.properties:
            with self._write(server) as db:
                db.execute(
                    "UPDATE relationships SET properties=?, version=version+1, updated_by=?, update_time=? "
                    "WHERE guid=?",
                    (json.dumps(new), user, now_text(), guid),
                )
                self._log(
                    db,
                    server,
                    "relationship",
                    "UPDATED",
                    guid,
                    current.type_name,
                    None,
                    current.end1_guid,
                    current.end2_guid,
                )
        return self.relationship(server, guid)

    def delete_relationship(self, server: str, guid: str) -> None:
        current = self.relationship(server, guid)
        with self._write(server) as db:
            db.execute("DELETE FROM relationships WHERE guid=?", (guid,))
            self._log(
                db,
                server,
                "relationship",
                "DELETED",
                guid,
                current.type_name,
                None,
                current.end1_guid,
                current.end2_guid,
            )

    def find_relationship(self, server: str, guid: str) -> Relationship | None:
        row = self._db.execute("SELECT * FROM relationships WHERE server=? AND guid=?", (server, guid)).fetchone()
        return _relationship(row) if row else None

    def relationship(self, server: str, guid: str) -> Relationship:
        found = self.find_relationship(server, guid)
        if found is None:
            raise FFDCError(Code.UNKNOWN_GUID, guid, "relationship", server, parameter_name="relationshipGUID")
        return found

    def relationships(
        self,
        server: str,
        type_name: str | None = None,
        *,
        end1: str | None = None,
        end2: str | None = None,
        start: int = 0,
        limit: int | None = None,
    ) -> list[Relationship]:
        sql = ["SELECT * FROM relationships WHERE server=?"]
        args: list[Any] = [server]
        for column, value in (("type_name", type_name), ("end1_guid", end1), ("end2_guid", end2)):
            if value is not None:
                sql.append(f"AND {column}=?")
                args.append(value)
        sql.append("ORDER BY rowid LIMIT ? OFFSET ?")
        args += [-1 if limit is None else limit, max(0, start)]
        return [_relationship(r) for r in self._db.execute(" ".join(sql), args)]

    # -- declarative sync (what connectors use) ----------------------------------------

    def sync(
        self,
        server: str,
        user: str,
        *,
        scope_types: Iterable[str],
        scope_prefix: str,
        elements: list[tuple[str, dict[str, Any]]],
        relationships: list[tuple[str, str, str, dict[str, Any]]],
    ) -> SyncCounts:
        """Make the scope (elements of ``scope_types`` whose qualified name starts with
        ``scope_prefix``) hold exactly ``elements``, and their relationships exactly
        ``relationships`` (type, end-1 qualified name, end-2 qualified name, properties),
        in one transaction. Elements outside the scope are never touched.
        """
        types = list(scope_types)
        counts = SyncCounts()
        with self._write(server) as db:
            existing: dict[tuple[str, str], Element] = {}
            for type_name in types:
                for el in self.elements(server, type_name, name_prefix=scope_prefix):
                    existing[(type_family(el.type_name), el.qualified_name or "")] = el
            wanted: set[tuple[str, str]] = set()
            by_name: dict[str, str] = {}
            for type_name, properties in elements:
                name = _qualified_name(properties)
                if name is None or not name.startswith(scope_prefix) or type_name not in types:
                    raise FFDCError(
                        Code.BAD_PARAMETER,
                        "elements",
                        name,
                        f"every element must be of a scope type {types} and have a qualifiedName "
                        f"starting with {scope_prefix!r}",
                    )
                key = (type_family(type_name), name)
                wanted.add(key)
                current = existing.get(key)
                if current is None:
                    guid = self._insert_element(db, server, type_name, properties, user)
                    counts.added += 1
                else:
                    guid = current.guid
                    # Elements are matched by family, so a DataFile declared again as a CSVFile
                    # keeps its GUID and relationships and takes the declared type.
                    if self._update_element(db, current, properties, user, type_name):
                        counts.updated += 1
                    else:
                        counts.unchanged += 1
                by_name[name] = guid
            for key, el in existing.items():
                if key not in wanted:
                    counts.relationships_removed += self._delete_element(db, el)
                    counts.removed += 1
            counts.guids = by_name
            in_sync = set(by_name.values())
            current_rels = {
                (r.type_name, r.end1_guid, r.end2_guid): r
                for r in self._scope_relationships(db, server, types, scope_prefix)
                if r.end1_guid in in_sync and r.end2_guid in in_sync
            }
            wanted_rels: set[tuple[str, str, str]] = set()
            for type_name, end1_name, end2_name, properties in relationships:
                end1, end2 = by_name.get(end1_name), by_name.get(end2_name)
                if end1 is None or end2 is None:
                    missing = end1_name if end1 is None else end2_name
                    raise FFDCError(Code.BAD_PARAMETER, "relationships", missing, "this end is not in the sync")
                key3 = (type_name, end1, end2)
                wanted_rels.add(key3)
                rel = current_rels.get(key3)
                if rel is None:
                    self._insert_relationship(db, server, type_name, end1, end2, properties, user)
                    counts.relationships_added += 1
                elif rel.properties != properties:
                    db.execute(
                        "UPDATE relationships SET properties=?, version=version+1, updated_by=?, update_time=? "
                        "WHERE guid=?",
                        (json.dumps(properties), user, now_text(), rel.guid),
                    )
                    self._log(db, server, "relationship", "UPDATED", rel.guid, type_name, None, end1, end2)
            for key3, rel in current_rels.items():
                if key3 not in wanted_rels:
                    db.execute("DELETE FROM relationships WHERE guid=?", (rel.guid,))
                    self._log(
                        db,
                        server,
                        "relationship",
                        "DELETED",
                        rel.guid,
                        rel.type_name,
                        None,
                        rel.end1_guid,
                        rel.end2_guid,
                    )
                    counts.relationships_removed += 1
        return counts

    def _scope_relationships(
        self, db: sqlite3.Connection, server: str, types: list[str], prefix: str
    ) -> list[Relationship]:
        """Relationships whose end 1 is in a sync's scope, in one query (a scope can hold 10,000s)."""
        marks = ",".join("?" * len(types))
        rows = db.execute(
            "SELECT r.* FROM relationships r JOIN elements e ON e.guid = r.end1_guid "  # noqa: S608
            f"WHERE r.server=? AND e.server=? AND e.type_name IN ({marks}) AND substr(e.qualified_name, 1, ?)=?",
            (server, server, *types, len(prefix), prefix),
        ).fetchall()
        return [_relationship(row) for row in rows]

    # -- change feed ------------------------------------------------------------------

    def last_sequence(self, server: str) -> int:
        row = self._db.execute("SELECT max(sequence) FROM changes WHERE server=?", (server,)).fetchone()
        return int(row[0] or 0)

    def oldest_sequence(self, server: str) -> int:
        row = self._db.execute("SELECT min(sequence) FROM changes WHERE server=?", (server,)).fetchone()
        return int(row[0] or 0)

    def changes_after(
        self, server: str, sequence: int, limit: int = 1000, type_names: list[str] | None = None
    ) -> list[Change]:
        """Changes after ``sequence``, oldest first; only of ``type_names`` if given."""
        if type_names:
            marks = ",".join("?" * len(type_names))
            rows = self._db.execute(
                f"SELECT * FROM changes WHERE server=? AND sequence>? AND type_name IN ({marks}) "  # noqa: S608
                "ORDER BY sequence LIMIT ?",
                (server, sequence, *type_names, limit),
            ).fetchall()
        else:
            rows = self._db.execute(
                "SELECT * FROM changes WHERE server=? AND sequence>? ORDER BY sequence LIMIT ?",
                (server, sequence, limit),
            ).fetchall()
        return [
            Change(
                r["sequence"],
                r["time"],
                r["kind"],
                r["action"],
                r["guid"],
                r["type_name"],
                r["qualified_name"],
                r["end1_guid"],
                r["end2_guid"],
            )
            for r in rows
        ]

    def prune_changes(self, keep: int = CHANGE_LOG_KEEP) -> int:
        """Drop all but the newest ``keep`` changes; returns how many were dropped."""
        with self._lock:
            cursor = self._db.execute(
                "DELETE FROM changes WHERE sequence <= (SELECT max(sequence) FROM changes) - ?", (keep,)
            )
            return cursor.rowcount
