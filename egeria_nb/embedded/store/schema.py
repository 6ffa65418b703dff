"""The SQLite schema of the metadata store, and the steps that bring an older file up to it.

``PRAGMA user_version`` says which schema a file has. Version 1 (egeria_nb's first)
had elements, relationships and the change log; version 2 adds classifications and
effectivity dates, and makes qualified names unique across every ``Referenceable``,
as Egeria does (version 1 grouped types into families of its own); version 3 keeps
integration connectors' connections as elements of their own (``upgrade_definitions``).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from egeria_nb.embedded.store.upgrade_definitions import upgrade_definitions

__all__ = ["SCHEMA_VERSION", "create_or_upgrade"]

LOGGER = logging.getLogger("egeria_nb.embedded")
SCHEMA_VERSION = 3

TABLES = """
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
    update_time TEXT,
    effective_from INTEGER,
    effective_to INTEGER
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
    update_time TEXT,
    effective_from INTEGER,
    effective_to INTEGER
);
CREATE INDEX IF NOT EXISTS relationships_by_end1 ON relationships(end1_guid, type_name);
CREATE INDEX IF NOT EXISTS relationships_by_end2 ON relationships(end2_guid, type_name);
CREATE TABLE IF NOT EXISTS classifications (
    element_guid TEXT NOT NULL REFERENCES elements(guid) ON DELETE CASCADE,
    name TEXT NOT NULL,
    properties TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_by TEXT,
    create_time TEXT NOT NULL,
    update_time TEXT,
    effective_from INTEGER,
    effective_to INTEGER,
    PRIMARY KEY (element_guid, name)
);
CREATE INDEX IF NOT EXISTS classifications_by_name ON classifications(name);
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


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def _to_v2(db: sqlite3.Connection, family_of: Callable[[str], str]) -> None:
    for table in ("elements", "relationships"):
        existing = _columns(db, table)
        for column in ("effective_from", "effective_to"):
            if column not in existing:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER")
    # Recompute the uniqueness family of every element; an element whose name another
    # element of its new family already holds keeps its old family (and says so).
    for guid, type_name, family, name in db.execute(
        "SELECT guid, type_name, family, qualified_name FROM elements ORDER BY rowid"
    ).fetchall():
        wanted = family_of(type_name)
        if wanted == family:
            continue
        try:
            db.execute("UPDATE elements SET family=? WHERE guid=?", (wanted, guid))
        except sqlite3.IntegrityError:
            LOGGER.warning(
                "The %s %s shares its qualified name %r with another element; qualified names are now unique "
                "across all Referenceables, so rename one of them",
                type_name,
                guid,
                name,
            )


def create_or_upgrade(db: sqlite3.Connection, family_of: Callable[[str], str], domain_of: Callable[[str], str]) -> None:
    """Create the tables of a new file, or bring an older file up to ``SCHEMA_VERSION`` (one transaction)."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    fresh = db.execute("SELECT count(*) FROM sqlite_master WHERE name='elements'").fetchone()[0] == 0
    if version >= SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        if not fresh and version < 2:
            # ALTER first: the CREATE INDEX statements below may name the new columns.
            _to_v2(db, family_of)
        for statement in TABLES.split(";"):
            if statement.strip():
                db.execute(statement)
        if not fresh and version < 3:
            upgrade_definitions(db, family_of, domain_of)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
