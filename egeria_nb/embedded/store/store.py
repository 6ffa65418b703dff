"""Open metadata in one SQLite file: elements, their classifications, relationships, and the change log.

Generic on purpose: any of Egeria's types with JSON properties, so integration
groups and connectors (egeria-wire.md §4) and whatever connectors catalogue share
one schema. Several metadata access servers share the file; every row names its
server. Properties are kept as plain JSON values (dates as epoch milliseconds, enums
by symbolic name); the type registry says how to type them again on the way out.

Every write happens in one transaction (``writing``) that also appends to
``changes``, so the change feed and the data never disagree, and a crash loses a
whole write or nothing (WAL, ``synchronous=FULL``: an acknowledged write is on disk).

The change log is pruned from its oldest end only (``prune_changes``, which the platform
calls on a schedule: ``embedded.change_log``), so what is kept is always every change after
one sequence number, and ``oldest_sequence`` tells a reader whether it has missed any.
SQLite reuses the pages pruning frees, so a pruned log stops the file growing.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from egeria_nb.embedded.datadir import PRIVATE_FILE_MODE
from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.store.records import (
    Change,
    Classification,
    Element,
    Relationship,
    SyncCounts,
    SyncedElement,
    change_from_row,
    classification_from_row,
    element_from_row,
    relationship_from_row,
    time_text,
)
from egeria_nb.embedded.store.schema import create_or_upgrade
from egeria_nb.embedded.store.search import (
    FOLD,
    ElementQuery,
    compile_order,
    compile_query,
    compile_relationship_query,
    effective_clause,
    fold,
)
from egeria_nb.typedefs import TypeRegistry, open_metadata_types

__all__ = ["CHANGE_LOG_KEEP", "MetadataStore", "StoreWriter"]

# How many changes the feed keeps; a reader further behind is told to resynchronise.
CHANGE_LOG_KEEP = 200_000
# SQLite allows a limited number of parameters per statement; batch reads use chunks of this size.
CHUNK = 500
ANCHORS = "Anchors"
_UNSET: Any = object()


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


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


class StoreWriter:
    """The writes of one transaction on one metadata server (from ``MetadataStore.writing``).

    Anything raised inside the ``with`` block rolls the whole transaction back.
    """

    def __init__(self, store: MetadataStore, db: sqlite3.Connection, server: str, user: str) -> None:
        self._store = store
        self._db = db
        self.server = server
        self.user = user

    # -- reads inside the transaction ------------------------------------------------------

    def element(self, guid: str, parameter_name: str = "guid") -> Element:
        return self._store.element(self.server, guid, parameter_name=parameter_name)

    def relationship(self, guid: str) -> Relationship:
        return self._store.relationship(self.server, guid)

    def relationships_between(self, end1: str, end2: str, types: frozenset[str] | None = None) -> list[Relationship]:
        return self._store.relationships_between(self.server, end1, end2, types)

    # -- elements --------------------------------------------------------------------------

    def _check_unique(self, type_name: str, name: str | None, guid: str | None = None) -> None:
        if name is None:
            return
        family = self._store.registry.uniqueness_family(type_name)
        row = self._db.execute(
            "SELECT guid, type_name FROM elements WHERE server=? AND family=? AND qualified_name=?",
            (self.server, family, name),
        ).fetchone()
        if row is not None and row["guid"] != guid:
            raise FFDCError(
                Code.DUPLICATE_QUALIFIED_NAME, name, row["type_name"], row["guid"], parameter_name="qualifiedName"
            )

    def add_element(
        self,
        type_name: str,
        properties: dict[str, Any],
        *,
        effective_from: int | None = None,
        effective_to: int | None = None,
        guid: str | None = None,
    ) -> str:
        name = _qualified_name(properties)
        self._check_unique(type_name, name)
        guid = guid or str(uuid.uuid4())
        self._db.execute(
            "INSERT INTO elements (guid, server, type_name, family, qualified_name, properties, version, created_by,"
            " updated_by, create_time, update_time, effective_from, effective_to) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                guid,
                self.server,
                type_name,
                self._store.registry.uniqueness_family(type_name),
                name,
                json.dumps(properties),
                1,
                self.user,
                None,
                self._store.now_text(),
                None,
                effective_from,
                effective_to,
            ),
        )
        self._log("element", "CREATED", guid, type_name, name)
        return guid

    def update_element(
        self,
        guid: str,
        properties: Mapping[str, Any],
        *,
        merge: bool = True,
        type_name: str | None = None,
        effective_from: int | None = _UNSET,
        effective_to: int | None = _UNSET,
    ) -> bool:
        """Merge ``properties`` into the element's (or replace them); False if nothing changed."""
        current = self.element(guid)
        new = {**current.properties, **properties} if merge else dict(properties)
        new = {k: v for k, v in new.items() if v is not None}
        return self._rewrite(current, new, type_name, effective_from, effective_to)

    def _rewrite(
        self,
        current: Element,
        properties: dict[str, Any],
        type_name: str | None = None,
        effective_from: int | None = _UNSET,
        effective_to: int | None = _UNSET,
    ) -> bool:
        type_name = type_name or current.type_name
        start = current.effective_from if effective_from is _UNSET else effective_from
        end = current.effective_to if effective_to is _UNSET else effective_to
        if (properties, type_name, start, end) == (
            current.properties,
            current.type_name,
            current.effective_from,
            current.effective_to,
        ):
            return False
        name = _qualified_name(properties)
        if name != current.qualified_name or type_name != current.type_name:
            self._check_unique(type_name, name, current.guid)
        self._db.execute(
            "UPDATE elements SET type_name=?, family=?, qualified_name=?, properties=?, version=version+1,"
            " updated_by=?, update_time=?, effective_from=?, effective_to=? WHERE guid=?",
            (
                type_name,
                self._store.registry.uniqueness_family(type_name),
                name,
                json.dumps(properties),
                self.user,
                self._store.now_text(),
                start,
                end,
                current.guid,
            ),
        )
        self._log("element", "UPDATED", current.guid, type_name, name)
        return True

    def _touch(self, element: Element) -> None:
        """A change to what belongs to the element (a classification): a new version of the element."""
        self._db.execute(
            "UPDATE elements SET version=version+1, updated_by=?, update_time=? WHERE guid=?",
            (self.user, self._store.now_text(), element.guid),
        )
        self._log("element", "UPDATED", element.guid, element.type_name, element.qualified_name)

    def delete_element(self, guid: str) -> list[str]:
        """Delete the element, every relationship it is an end of, and the elements anchored to it.

        An element at the other end of a removed relationship whose ``Anchors`` classification
        names a deleted element goes too (as in Egeria). Returns the GUIDs deleted, first the one asked for.
        """
        self.element(guid)
        deleted: list[str] = []
        pending = [guid]
        while pending:
            current = self._store.find_element(self.server, pending.pop(0))
            if current is None or current.guid in deleted:
                continue
            gone = {*deleted, current.guid}
            for rel in self._relationships_of(current.guid):
                self._remove_relationship(rel)
                other = rel.end2_guid if rel.end1_guid == current.guid else rel.end1_guid
                if other not in gone and other not in pending and self._anchor_of(other) in gone:
                    pending.append(other)
            self._db.execute("DELETE FROM classifications WHERE element_guid=?", (current.guid,))
            self._db.execute("DELETE FROM elements WHERE guid=?", (current.guid,))
            self._log("element", "DELETED", current.guid, current.type_name, current.qualified_name)
            deleted.append(current.guid)
        return deleted

    def _anchor_of(self, guid: str) -> str | None:
        row = self._db.execute(
            "SELECT json_extract(properties, '$.anchorGUID') FROM classifications WHERE element_guid=? AND name=?",
            (guid, ANCHORS),
        ).fetchone()
        return row[0] if row else None

    def _relationships_of(self, guid: str) -> list[Relationship]:
        rows = self._db.execute(
            "SELECT * FROM relationships WHERE end1_guid=? OR end2_guid=? ORDER BY rowid", (guid, guid)
        ).fetchall()
        return [relationship_from_row(r) for r in rows]

    # -- classifications ----------------------------------------------------------------------

    def classify(
        self,
        guid: str,
        name: str,
        properties: Mapping[str, Any],
        *,
        merge: bool = False,
        effective_from: int | None = None,
        effective_to: int | None = None,
        touch: bool = True,
    ) -> bool:
        """Add the classification, or change the properties of the one the element has; False if nothing changed.

        ``touch=False`` for the classifications of an element created in the same transaction:
        they are part of its first version.
        """
        element = self.element(guid)
        row = self._db.execute("SELECT * FROM classifications WHERE element_guid=? AND name=?", (guid, name)).fetchone()
        if row is None:
            self._db.execute(
                "INSERT INTO classifications VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    guid,
                    name,
                    json.dumps({k: v for k, v in properties.items() if v is not None}),
                    1,
                    self.user,
                    None,
                    self._store.now_text(),
                    None,
                    effective_from,
                    effective_to,
                ),
            )
        else:
            current = classification_from_row(row)
            new = {**current.properties, **properties} if merge else dict(properties)
            new = {k: v for k, v in new.items() if v is not None}
            if new == current.properties:
                return False
            self._db.execute(
                "UPDATE classifications SET properties=?, version=version+1, updated_by=?, update_time=?"
                " WHERE element_guid=? AND name=?",
                (json.dumps(new), self.user, self._store.now_text(), guid, name),
            )
        if touch:
            self._touch(element)
        return True

    def declassify(self, guid: str, name: str) -> bool:
        """Remove the classification; removing one the element does not have changes nothing (as in Egeria)."""
        element = self.element(guid)
        if self._db.execute("DELETE FROM classifications WHERE element_guid=? AND name=?", (guid, name)).rowcount:
            self._touch(element)
            return True
        return False

    # -- relationships ------------------------------------------------------------------------

    def relate(
        self,
        type_name: str,
        end1: str,
        end2: str,
        properties: Mapping[str, Any],
        *,
        effective_from: int | None = None,
        effective_to: int | None = None,
    ) -> str:
        guid = str(uuid.uuid4())
        self._db.execute(
            "INSERT INTO relationships VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                guid,
                self.server,
                type_name,
                end1,
                end2,
                json.dumps({k: v for k, v in properties.items() if v is not None}),
                1,
                self.user,
                None,
                self._store.now_text(),
                None,
                effective_from,
                effective_to,
            ),
        )
        self._log("relationship", "CREATED", guid, type_name, None, end1, end2)
        return guid

    def update_relationship(self, guid: str, properties: Mapping[str, Any], *, merge: bool = True) -> bool:
        current = self.relationship(guid)
        new = {**current.properties, **properties} if merge else dict(properties)
        new = {k: v for k, v in new.items() if v is not None}
        if new == current.properties:
            return False
        self._db.execute(
            "UPDATE relationships SET properties=?, version=version+1, updated_by=?, update_time=? WHERE guid=?",
            (json.dumps(new), self.user, self._store.now_text(), guid),
        )
        self._log("relationship", "UPDATED", guid, current.type_name, None, current.end1_guid, current.end2_guid)
        return True

    def delete_relationship(self, guid: str) -> None:
        self._remove_relationship(self.relationship(guid))

    def _remove_relationship(self, rel: Relationship) -> None:
        self._db.execute("DELETE FROM relationships WHERE guid=?", (rel.guid,))
        self._log("relationship", "DELETED", rel.guid, rel.type_name, None, rel.end1_guid, rel.end2_guid)

    def _log(
        self,
        kind: str,
        action: str,
        guid: str,
        type_name: str,
        qualified_name: str | None = None,
        end1: str | None = None,
        end2: str | None = None,
    ) -> None:
        self._db.execute(
            "INSERT INTO changes(server, time, kind, action, guid, type_name, qualified_name, end1_guid, end2_guid)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (self.server, self._store.now_text(), kind, action, guid, type_name, qualified_name, end1, end2),
        )


class MetadataStore:
    """The metadata of every metadata access server on one platform."""

    def __init__(
        self, path: Path, registry: TypeRegistry | None = None, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        """``clock`` (timezone-aware, default the UTC wall clock) times every write and the change log's age limit."""
        self.path = path
        self.registry = registry or open_metadata_types()
        self.clock = clock or (lambda: datetime.now(UTC))
        _make_private(path)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        try:
            self._db.row_factory = sqlite3.Row
            self._db.create_function(FOLD, 1, fold, deterministic=True)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            create_or_upgrade(self._db, self.registry.uniqueness_family, self.registry.domain)
        except BaseException:
            self._db.close()  # a store that cannot be opened leaves no connection behind
            raise
        self._lock = threading.RLock()
        self._listeners: list[Callable[[str], None]] = []

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def now_text(self) -> str:
        return time_text(self.clock())

    def on_change(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(server)`` after every committed write (used to wake long polls)."""
        self._listeners.append(listener)

    @contextmanager
    def writing(self, server: str, user: str) -> Iterator[StoreWriter]:
        """One write transaction: everything done with the writer commits together, or not at all."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield StoreWriter(self, self._db, server, user)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        for listener in self._listeners:
            listener(server)

    # -- single writes (each its own transaction) -------------------------------------------

    def create_element(self, server: str, type_name: str, properties: dict[str, Any], user: str) -> Element:
        with self.writing(server, user) as w:
            guid = w.add_element(type_name, properties)
        return self.element(server, guid)

    def update_element(
        self, server: str, guid: str, properties: dict[str, Any], user: str, *, merge: bool = True
    ) -> Element:
        """Merge ``properties`` into the element's (or replace them); a no-op update changes nothing."""
        current = self.element(server, guid)
        if not merge and "qualifiedName" not in properties and current.qualified_name is not None:
            properties = {**properties, "qualifiedName": current.qualified_name}
        with self.writing(server, user) as w:
            w.update_element(guid, properties, merge=merge)
        return self.element(server, guid)

    def delete_element(self, server: str, guid: str, user: str = "") -> None:
        """Delete the element, every relationship it is an end of, and what is anchored to it."""
        with self.writing(server, user) as w:
            w.delete_element(guid)

    def create_relationship(
        self, server: str, type_name: str, end1: str, end2: str, properties: dict[str, Any], user: str
    ) -> Relationship:
        self.element(server, end1)
        self.element(server, end2)
        with self.writing(server, user) as w:
            guid = w.relate(type_name, end1, end2, properties)
        return self.relationship(server, guid)

    def update_relationship(
        self, server: str, guid: str, properties: dict[str, Any], user: str, *, merge: bool = True
    ) -> Relationship:
        with self.writing(server, user) as w:
            w.update_relationship(guid, properties, merge=merge)
        return self.relationship(server, guid)

    def delete_relationship(self, server: str, guid: str, user: str = "") -> None:
        with self.writing(server, user) as w:
            w.delete_relationship(guid)

    # -- element reads ----------------------------------------------------------------------

    def find_element(self, server: str, guid: str) -> Element | None:
        row = self._db.execute("SELECT * FROM elements WHERE server=? AND guid=?", (server, guid)).fetchone()
        return element_from_row(row) if row else None

    def element(
        self, server: str, guid: str, expected_type: str | None = None, *, parameter_name: str = "guid"
    ) -> Element:
        """The element, or ``FFDCError`` naming the unknown GUID (or the wrong type)."""
        found = self.find_element(server, guid)
        if found is None:
            raise FFDCError(Code.UNKNOWN_GUID, expected_type or "element", guid, server, parameter_name=parameter_name)
        if expected_type is not None and not self.registry.is_a(found.type_name, expected_type):
            raise FFDCError(Code.WRONG_TYPE, guid, found.type_name, expected_type, parameter_name=parameter_name)
        return found

    def elements_by_guid(self, server: str, guids: Iterable[str]) -> dict[str, Element]:
        wanted = list(dict.fromkeys(guids))
        found: dict[str, Element] = {}
        for chunk in _chunks(wanted):
            rows = self._db.execute(
                f"SELECT * FROM elements WHERE server=? AND guid IN ({','.join('?' * len(chunk))})",  # noqa: S608
                (server, *chunk),
            ).fetchall()
            found.update((row["guid"], element_from_row(row)) for row in rows)
        return found

    def element_by_name(self, server: str, type_name: str, qualified_name: str) -> Element | None:
        """The element of this type (or a subtype) and qualified name."""
        row = self._db.execute(
            "SELECT * FROM elements WHERE server=? AND family=? AND qualified_name=?",
            (server, self.registry.uniqueness_family(type_name), qualified_name),
        ).fetchone()
        if row is None or not self.registry.is_a(row["type_name"], type_name):
            return None
        return element_from_row(row)

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
        """Elements of exactly one type (all types if None), optionally matching property values, in creation order."""
        sql = ["SELECT * FROM elements WHERE server=?"]
        args: list[Any] = [server]
        if type_name is not None:
            sql.append("AND type_name=?")
            args.append(type_name)
        if name_prefix:
            sql.append("AND substr(qualified_name, 1, ?)=?")
            args += [len(name_prefix), name_prefix]
        for key, value in (filters or {}).items():
            if not key or '"' in key:
                raise FFDCError(
                    Code.BAD_PARAMETER, "property filter", key, "a property name must be non-empty, without a '\"'"
                )
            path = f'$."{key}"'
            # Filters arrive as query-string text, so compare the property's text form:
            # 5 matches "5" and true matches "true".
            sql.append(
                "AND (CASE json_type(properties, ?) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'"
                " ELSE CAST(json_extract(properties, ?) AS TEXT) END)=?"
            )
            args += [path, path, "true" if value is True else "false" if value is False else str(value)]
        sql.append("ORDER BY rowid LIMIT ? OFFSET ?")
        args += [-1 if limit is None else limit, max(0, start)]
        return [element_from_row(r) for r in self._db.execute(" ".join(sql), args)]

    def search(self, server: str, query: ElementQuery) -> list[Element]:
        """Elements matching Egeria's search conditions (see ``store.search``), one page."""
        where, args = compile_query(server, query)
        order, order_args = compile_order("e", query.order, query.order_property)
        rows = self._db.execute(
            f"SELECT e.* FROM elements e WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608
            (*args, *order_args, query.limit, query.start),
        ).fetchall()
        return [element_from_row(r) for r in rows]

    def classifications(self, guids: Iterable[str]) -> dict[str, list[Classification]]:
        """Each element's classifications, by name."""
        wanted = list(dict.fromkeys(guids))
        found: dict[str, list[Classification]] = {}
        for chunk in _chunks(wanted):
            rows = self._db.execute(
                f"SELECT * FROM classifications WHERE element_guid IN ({','.join('?' * len(chunk))})"  # noqa: S608
                " ORDER BY element_guid, name",
                chunk,
            ).fetchall()
            for row in rows:
                found.setdefault(row["element_guid"], []).append(classification_from_row(row))
        return found

    # -- relationship reads -------------------------------------------------------------------

    def find_relationship(self, server: str, guid: str) -> Relationship | None:
        row = self._db.execute("SELECT * FROM relationships WHERE server=? AND guid=?", (server, guid)).fetchone()
        return relationship_from_row(row) if row else None

    def relationship(self, server: str, guid: str) -> Relationship:
        found = self.find_relationship(server, guid)
        if found is None:
            raise FFDCError(Code.UNKNOWN_RELATIONSHIP, guid, server, parameter_name="relationshipGUID")
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
        return [relationship_from_row(r) for r in self._db.execute(" ".join(sql), args)]

    def search_relationships(
        self,
        server: str,
        *,
        type_names: frozenset[str] | None,
        search: Any = None,
        end1: list[str] | None = None,
        end2: list[str] | None = None,
        effective_time: int | None = None,
        order: str | None = None,
        order_property: str | None = None,
        start: int = 0,
        limit: int = 1000,
    ) -> list[Relationship]:
        """Relationships matching Egeria's search conditions on their properties (see ``store.search``), one page."""
        where, args = compile_relationship_query(server, type_names, search, end1, end2, effective_time)
        order_sql, order_args = compile_order("r", order, order_property)
        rows = self._db.execute(
            f"SELECT r.* FROM relationships r WHERE {where} ORDER BY {order_sql} LIMIT ? OFFSET ?",  # noqa: S608
            (*args, *order_args, limit, start),
        ).fetchall()
        return [relationship_from_row(r) for r in rows]

    def relationships_of(
        self, server: str, types: Iterable[str], guids: Iterable[str], *, end: int = 1
    ) -> list[Relationship]:
        """The relationships of ``types`` whose end ``end`` (1 or 2) is one of ``guids``, oldest first."""
        column = "end1_guid" if end == 1 else "end2_guid"
        names = sorted(types)
        wanted = list(dict.fromkeys(guids))
        found: list[Relationship] = []
        for chunk in _chunks(wanted):
            rows = self._db.execute(
                f"SELECT * FROM relationships WHERE server=? AND type_name IN ({','.join('?' * len(names))}) "  # noqa: S608
                f"AND {column} IN ({','.join('?' * len(chunk))}) ORDER BY rowid",
                (server, *names, *chunk),
            ).fetchall()
            found.extend(relationship_from_row(r) for r in rows)
        return found

    def related(
        self,
        server: str,
        guid: str,
        *,
        starting_at_end: int = 0,
        relationship_types: frozenset[str] | None = None,
        element_types: frozenset[str] | None = None,
        effective_time: int | None = None,
        order: str | None = None,
        order_property: str | None = None,
        start: int = 0,
        limit: int = 1000,
    ) -> list[tuple[Relationship, Element]]:
        """The relationships of an element and the element at the other end of each, one page.

        ``starting_at_end`` 1: the element is at end 1 (the others at end 2); 2: the reverse; 0: either.
        """
        ends = {1: "r.end1_guid = ?", 2: "r.end2_guid = ?"}.get(starting_at_end, "(r.end1_guid = ? OR r.end2_guid = ?)")
        args: list[Any] = [guid, server, guid] + ([guid] if starting_at_end not in (1, 2) else [])
        clauses = ["r.server = ?", ends]
        if relationship_types is not None:
            clauses.append(f"r.type_name IN ({','.join('?' * len(relationship_types))})")
            args += sorted(relationship_types)
        if element_types is not None:
            clauses.append(f"o.type_name IN ({','.join('?' * len(element_types))})")
            args += sorted(element_types)
        for alias in ("r", "o"):
            clause, more = effective_clause(alias, effective_time)
            clauses.append(clause)
            args += more
        order_sql, order_args = compile_order("r", order, order_property)
        rows = self._db.execute(
            "SELECT r.* FROM relationships r JOIN elements o ON o.guid = "  # noqa: S608
            "(CASE WHEN r.end1_guid = ? THEN r.end2_guid ELSE r.end1_guid END) "
            f"WHERE {' AND '.join(clauses)} ORDER BY {order_sql} LIMIT ? OFFSET ?",
            (*args, *order_args, limit, start),
        ).fetchall()
        rels = [relationship_from_row(r) for r in rows]
        others = self.elements_by_guid(server, [r.end2_guid if r.end1_guid == guid else r.end1_guid for r in rels])
        return [(r, others[r.end2_guid if r.end1_guid == guid else r.end1_guid]) for r in rels]

    def relationships_between(
        self,
        server: str,
        end1: str,
        end2: str,
        types: frozenset[str] | None = None,
        *,
        order: str | None = "ANY",
        order_property: str | None = None,
    ) -> list[Relationship]:
        """The relationships with ``end1`` at end 1 and ``end2`` at end 2 (of ``types``), in Egeria's ``order``."""
        sql = "SELECT * FROM relationships r WHERE r.server=? AND r.end1_guid=? AND r.end2_guid=?"
        args: list[Any] = [server, end1, end2]
        if types is not None:
            sql += f" AND r.type_name IN ({','.join('?' * len(types))})"
            args += sorted(types)
        order_sql, order_args = compile_order("r", order, order_property)
        return [relationship_from_row(r) for r in self._db.execute(f"{sql} ORDER BY {order_sql}", (*args, *order_args))]

    def last_change_time(self, server: str) -> str | None:
        """When the server's metadata last changed (ISO text), or None if it never has."""
        row = self._db.execute(
            "SELECT time FROM changes WHERE server=? ORDER BY sequence DESC LIMIT 1", (server,)
        ).fetchone()
        return row[0] if row else None

    # -- declarative sync (the egeria_nb batch extension) ---------------------------------------

    def sync(
        self,
        server: str,
        user: str,
        *,
        scope_types: Iterable[str],
        scope_prefix: str,
        elements: list[SyncedElement],
        relationships: list[tuple[str, str, str, dict[str, Any]]],
        relationship_types: frozenset[str] | None = None,
    ) -> SyncCounts:
        """Make the scope (elements of ``scope_types`` whose qualified name starts with
        ``scope_prefix``) hold exactly ``elements`` (type, properties, classifications and
        anchor), and the relationships between them of ``relationship_types`` (None: of every
        type) exactly ``relationships`` (type, end-1 qualified name, end-2 qualified name,
        properties), in one transaction. Elements outside the scope are never touched, except
        those anchored to an element the scope deletes (they go with it, as in Egeria).

        An element's anchor is another element of the sync, named by its qualified name, or
        (None) itself, as the generic API makes an element by default.
        """
        types = list(scope_types)
        family = self.registry.uniqueness_family
        counts = SyncCounts()
        with self.writing(server, user) as w:
            existing: dict[tuple[str, str], Element] = {}
            for type_name in types:
                for el in self.elements(server, type_name, name_prefix=scope_prefix):
                    existing[(family(el.type_name), el.qualified_name or "")] = el
            current_classes = self.classifications(el.guid for el in existing.values())
            wanted: set[tuple[str, str]] = set()
            by_name: dict[str, str] = {}
            anchors: dict[str, str | None] = {}
            # Each existing element declared again: whether this sync changed it.
            changed_elements: dict[str, bool] = {}
            for type_name, properties, classifications, anchor in elements:
                name = _qualified_name(properties)
                if name is None or not name.startswith(scope_prefix) or type_name not in types:
                    raise FFDCError(
                        Code.BAD_PARAMETER,
                        "elements",
                        name,
                        f"every element must be of a scope type {types} and have a qualifiedName "
                        f"starting with {scope_prefix!r}",
                    )
                key = (family(type_name), name)
                wanted.add(key)
                current = existing.get(key)
                if current is None:
                    guid = w.add_element(type_name, properties)
                    for classification, values in classifications.items():
                        w.classify(guid, classification, values, touch=False)
                    counts.added += 1
                else:
                    guid = current.guid
                    # Elements are matched by family, so a DataFile declared again as a CSVFile
                    # keeps its GUID and relationships and takes the declared type.
                    changed = w._rewrite(current, properties, type_name)
                    had = {c.name: c.properties for c in current_classes.get(guid, []) if c.name != ANCHORS}
                    for classification in had.keys() - classifications.keys():
                        changed = w.declassify(guid, classification) or changed
                    for classification, values in classifications.items():
                        if had.get(classification) != values:
                            changed = w.classify(guid, classification, values) or changed
                    changed_elements[name] = changed
                by_name[name] = guid
                anchors[name] = anchor
            # Anchors last: an anchor may be declared after the elements anchored to it.
            for name, anchor in anchors.items():
                guid = by_name[name]
                anchor_guid = by_name[anchor] if anchor is not None else guid
                had = next((c.properties for c in current_classes.get(guid, []) if c.name == ANCHORS), None)
                if had is None or had.get("anchorGUID") != anchor_guid:
                    anchor_type = w.element(anchor_guid).type_name
                    values = {
                        "anchorGUID": anchor_guid,
                        "anchorTypeName": anchor_type,
                        "anchorDomainName": self.registry.domain(anchor_type),
                    }
                    w.classify(guid, ANCHORS, values, touch=had is not None)
                    if name in changed_elements:
                        changed_elements[name] = True
            counts.updated = sum(changed_elements.values())
            counts.unchanged = len(changed_elements) - counts.updated
            deleted: set[str] = set()
            for key, el in existing.items():
                if key not in wanted:
                    counts.removed += 1
                    if el.guid in deleted:
                        continue  # it went with its anchor
                    counts.relationships_removed += len(w._relationships_of(el.guid))
                    deleted.update(w.delete_element(el.guid))
            counts.guids = by_name
            in_sync = set(by_name.values())
            current_rels = {
                (r.type_name, r.end1_guid, r.end2_guid): r
                for r in self._scope_relationships(server, types, scope_prefix)
                if r.end1_guid in in_sync
                and r.end2_guid in in_sync
                and (relationship_types is None or r.type_name in relationship_types)
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
                    w.relate(type_name, end1, end2, properties)
                    counts.relationships_added += 1
                elif rel.properties != properties:
                    w.update_relationship(rel.guid, properties, merge=False)
            for key3, rel in current_rels.items():
                if key3 not in wanted_rels:
                    w._remove_relationship(rel)
                    counts.relationships_removed += 1
        return counts

    def _scope_relationships(self, server: str, types: list[str], prefix: str) -> list[Relationship]:
        """Relationships whose end 1 is in a sync's scope, in one query (a scope can hold 10,000s)."""
        marks = ",".join("?" * len(types))
        rows = self._db.execute(
            "SELECT r.* FROM relationships r JOIN elements e ON e.guid = r.end1_guid "  # noqa: S608
            f"WHERE r.server=? AND e.server=? AND e.type_name IN ({marks}) AND substr(e.qualified_name, 1, ?)=?",
            (server, server, *types, len(prefix), prefix),
        ).fetchall()
        return [relationship_from_row(row) for row in rows]

    # -- change feed ------------------------------------------------------------------------

    def _pruned_through(self) -> int:
        """Every change up to this sequence number has been pruned (0: none has).

        Pruning drops only from the oldest end, so this is one below the oldest change kept; with
        none kept, it is the last sequence number handed out (AUTOINCREMENT never reuses one).
        """
        oldest = self._db.execute("SELECT min(sequence) FROM changes").fetchone()[0]
        if oldest is not None:
            return int(oldest) - 1
        row = self._db.execute("SELECT seq FROM sqlite_sequence WHERE name='changes'").fetchone()
        return int(row[0]) if row else 0

    def last_sequence(self, server: str) -> int:
        """Where a reader of ``server``'s changes can resume from having seen everything so far.

        The server's newest change, but never below what pruning dropped: a reader that resumes
        from it is then never told it missed changes it could not have seen.
        """
        row = self._db.execute("SELECT max(sequence) FROM changes WHERE server=?", (server,)).fetchone()
        return max(int(row[0] or 0), self._pruned_through())

    def oldest_sequence(self, server: str) -> int:
        """The oldest sequence number the log still has: every change from it on is kept.

        The same for every server (sequence numbers are the store's). A reader that has seen up
        to ``n`` missed changes if this is above ``n + 1``, and must read everything again.
        """
        return self._pruned_through() + 1

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
        return [change_from_row(r) for r in rows]

    def prune_changes(
        self, keep: int = CHANGE_LOG_KEEP, max_age_s: float | None = None, *, batch: int | None = None
    ) -> int:
        """Drop the oldest changes: those beyond the newest ``keep``, and those older than ``max_age_s``.

        Only ever from the oldest end: a change is dropped by age only if every change before it
        is dropped too, so a clock set back never leaves a hole in the log. At most ``batch``
        changes go in this call (one short transaction; None: all of them). Returns how many were dropped.
        """
        window = -1 if batch is None else max(1, batch)
        cutoff = None if max_age_s is None else time_text(self.clock() - timedelta(seconds=max_age_s))
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                newest = self._db.execute("SELECT max(sequence) FROM changes").fetchone()[0]
                if newest is None:
                    self._db.execute("COMMIT")
                    return 0
                # The oldest `batch` changes are all this call looks at.
                window_end = self._db.execute(
                    "SELECT max(sequence) FROM (SELECT sequence FROM changes ORDER BY sequence LIMIT ?)", (window,)
                ).fetchone()[0]
                upper = newest - keep
                if cutoff is not None:
                    # The first change of the window that is not too old; a time SQLite cannot read counts as old.
                    young = self._db.execute(
                        "SELECT min(sequence) FROM (SELECT sequence, time FROM changes ORDER BY sequence LIMIT ?)"
                        " WHERE julianday(time) >= julianday(?)",
                        (window, cutoff),
                    ).fetchone()[0]
                    upper = max(upper, window_end if young is None else young - 1)
                upper = min(upper, window_end)
                dropped = self._db.execute("DELETE FROM changes WHERE sequence <= ?", (upper,)).rowcount
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        return max(0, dropped)
