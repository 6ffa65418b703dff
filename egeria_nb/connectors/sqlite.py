"""``SQLiteCataloguer``: catalogues the schema of a SQLite database (tables, views, columns) and follows its changes.

Endpoint address: the database file (a path, ``~/...`` or a ``file://`` URL). The file is
opened read-only (a ``file:...?mode=ro`` URI), so the cataloguer never changes the database
and never creates one where there is none.

What it writes, with Egeria's type and relationship names (models 0224, 0503, 0505, 0534),
each value checked against Egeria's types and written through Egeria's generic open metadata
store API:

* ``RelationalDatabase`` for the file (``displayName``, ``pathName``,
  ``deployedImplementationType`` ``SQLite Relational Database``);
* ``DeployedDatabaseSchema`` for its ``main`` schema, linked to the database by ``DataSetContent``
  (end 1 the schema, end 2 the database, as Egeria links them);
* ``RelationalDBSchemaType``, the root schema type that describes the schema's structure, linked
  to it by ``Schema``;
* ``RelationalTable`` for each table and each view, linked from the schema type by
  ``AttributeForSchema`` (``position`` in name order); the ``CREATE`` statement in
  ``additionalProperties`` (``tableType`` ``table`` or ``view``, ``definition``), and a view
  classified ``CalculatedValue`` (``formula`` its ``SELECT``, ``formulaType`` ``SQL``);
* ``RelationalColumn`` for each column, linked from its table or view by
  ``NestedSchemaAttribute`` (``position`` from 0): ``displayName``, ``isNullable``, a
  ``TypeEmbeddedAttribute`` classification with the declared ``dataType`` and ``defaultValue``,
  and a ``PrimaryKey`` classification on primary-key columns (``primaryKeyPosition`` in
  ``additionalProperties`` for keys of several columns);
* ``ForeignKey`` from a referenced column to each column that references it.

So "schema → table" is two hops, as in Egeria: DeployedDatabaseSchema →(Schema)
RelationalDBSchemaType →(AttributeForSchema) RelationalTable →(NestedSchemaAttribute)
RelationalColumn. Everything below the database is anchored to it, as Egeria anchors a
database's schema: deleting the database's element deletes the rest.

Qualified names start with ``SQLite::<absolute path>::``: ``SQLite::/data/coco.db::database``,
``SQLite::/data/coco.db::main``,
``...::main::schema``, ``...::main::table::patients``, ``...::main::table::patients::column::name``.
Each refresh reads the schema in a worker thread and makes one ``catalog.synchronize`` call
scoped to that prefix, so new, altered and dropped tables and columns show up, and an
unchanged database changes nothing. A missing, unreadable or non-SQLite file fails the
connector with a message naming the path.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from egeria_nb.connectors._common import ScanningCataloguer, local_path, warn_unknown
from egeria_nb.metadata.catalog import CatalogElement, CatalogRelationship

__all__ = ["DatabaseScan", "SQLiteCataloguer", "open_read_only", "scan_database"]

DATABASE_TYPE = "RelationalDatabase"
SCHEMA_TYPE = "DeployedDatabaseSchema"
ROOT_SCHEMA_TYPE = "RelationalDBSchemaType"
TABLE_TYPE = "RelationalTable"
COLUMN_TYPE = "RelationalColumn"
SCOPE_TYPES = (DATABASE_TYPE, SCHEMA_TYPE, ROOT_SCHEMA_TYPE, TABLE_TYPE, COLUMN_TYPE)
DATA_SET_CONTENT = "DataSetContent"  # DataSet (the schema) → what it holds (the database)
SCHEMA = "Schema"  # Asset → its root SchemaType
ATTRIBUTE_FOR_SCHEMA = "AttributeForSchema"  # ComplexSchemaType → SchemaAttribute (here: the tables)
NESTED_SCHEMA_ATTRIBUTE = "NestedSchemaAttribute"  # parent attribute (table) → nested attribute (column)
FOREIGN_KEY = "ForeignKey"  # primaryKey column (referenced) → foreignKey column (referencing)
DEPLOYED_AS = "SQLite Relational Database"
LOCK_TIMEOUT_S = 5.0
# A view's query: what follows AS in CREATE VIEW name [(columns)] AS select.
_VIEW_SELECT = re.compile(r"\bAS\s+(SELECT\b.*|WITH\b.*|VALUES\b.*)", re.IGNORECASE | re.DOTALL)
_WITHOUT_ROWID = re.compile(r"\)\s*WITHOUT\s+ROWID\s*(,|;|$)", re.IGNORECASE)


@dataclass
class DatabaseScan:
    """The catalog content for one refresh, ready for ``synchronize``."""

    prefix: str
    elements: list[CatalogElement] = field(default_factory=list)
    relationships: list[CatalogRelationship] = field(default_factory=list)
    tables: int = 0
    views: int = 0
    columns: int = 0
    views_failed: int = 0
    first_problem: str | None = None


def open_read_only(path: Path) -> sqlite3.Connection:
    """Open an existing SQLite database read-only; raise, naming the path and what to do, if that cannot work."""
    if not path.exists():
        raise FileNotFoundError(
            f"The SQLite database {path} does not exist. The cataloguer opens databases read-only and never "
            "creates one: check the connector's endpoint address, or create the database first."
        )
    if path.is_dir():
        raise IsADirectoryError(
            f"{path} is a folder. Point the connector's endpoint address at a SQLite database file."
        )
    try:
        with path.open("rb"):
            pass
    except PermissionError:
        raise PermissionError(
            f"The SQLite database {path} cannot be read by this process (permission denied). Grant read "
            "permission on it to the user running the kernel."
        ) from None
    connection = None
    try:
        connection = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True, timeout=LOCK_TIMEOUT_S)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if connection is not None:
            connection.close()  # not left for the garbage collector (Python 3.13 warns of it)
        raise sqlite3.DatabaseError(
            f"{path} cannot be read as a SQLite database ({exc}). Point the connector's endpoint address at a "
            "SQLite database file."
        ) from None
    return connection


def _check(path: Path) -> None:
    open_read_only(path).close()  # in the thread that opened it (sqlite3's rule)


def _columns(connection: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    """(position, name, declared type, notnull, default, pk) per column; generated columns included."""
    try:
        rows = connection.execute(
            'SELECT cid, name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?)', (table,)
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table: pragma_table_xinfo" not in str(exc) and "hidden" not in str(exc):
            raise
        rows = [(*r, 0) for r in connection.execute("SELECT * FROM pragma_table_info(?)", (table,)).fetchall()]
    # hidden: 0 ordinary, 1 hidden column of a virtual table, 2/3 generated column.
    return [r[:6] for r in rows if r[6] != 1]


def scan_database(path: Path) -> DatabaseScan:
    """Read the database's schema and build the elements and relationships to declare (blocking)."""
    prefix = f"SQLite::{path.as_posix()}::"
    database_name = prefix + "database"
    schema_name = prefix + "main"
    root_name = schema_name + "::schema"
    scan = DatabaseScan(prefix)
    scan.elements += [
        CatalogElement(
            DATABASE_TYPE,
            database_name,
            {"displayName": path.name, "pathName": str(path), "deployedImplementationType": DEPLOYED_AS},
        ),
        CatalogElement(
            SCHEMA_TYPE, schema_name, {"displayName": "main", "resourceName": str(path)}, anchor=database_name
        ),
        CatalogElement(ROOT_SCHEMA_TYPE, root_name, {"displayName": "main"}, anchor=database_name),
    ]
    scan.relationships += [
        CatalogRelationship(DATA_SET_CONTENT, schema_name, database_name),
        CatalogRelationship(SCHEMA, schema_name, root_name),
    ]
    connection = open_read_only(path)
    try:
        objects = connection.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        ).fetchall()
        column_names: dict[tuple[str, str], str] = {}
        primary_keys: dict[str, list[str]] = {}
        for position, (kind, table, sql) in enumerate(objects):
            table_name = f"{schema_name}::table::{table}"
            classifications: dict[str, dict[str, Any]] = {}
            if kind == "view":
                select = _VIEW_SELECT.search(sql or "")
                classifications["CalculatedValue"] = {
                    "formula": select.group(1).strip() if select else sql or "",
                    "formulaType": "SQL",
                }
            scan.elements.append(
                CatalogElement(
                    TABLE_TYPE,
                    table_name,
                    {"displayName": table, "additionalProperties": {"tableType": kind, "definition": sql or ""}},
                    classifications=classifications,
                    anchor=database_name,
                )
            )
            scan.relationships.append(
                CatalogRelationship(ATTRIBUTE_FOR_SCHEMA, root_name, table_name, {"position": position})
            )
            if kind == "view":
                scan.views += 1
            else:
                scan.tables += 1
            try:
                columns = _columns(connection, table)
            except sqlite3.DatabaseError as exc:
                # A view over a table that was dropped: catalogue the view, without columns.
                scan.views_failed += 1
                scan.first_problem = scan.first_problem or f"{kind} {table}: {exc}"
                continue
            pk_columns = [c for c in columns if c[5]]
            without_rowid = bool(sql and _WITHOUT_ROWID.search(sql))
            primary_keys[table] = [c[1] for c in sorted(pk_columns, key=lambda c: c[5])]
            for column_position, name, declared, notnull, default, pk in columns:
                rowid_alias = kind == "table" and len(pk_columns) == 1 and pk and (declared or "").upper() == "INTEGER"
                embedded = {"schemaTypeName": "PrimitiveSchemaType", "dataType": declared or ""}
                if default is not None:
                    embedded["defaultValue"] = str(default)
                column_classifications: dict[str, dict[str, Any]] = {"TypeEmbeddedAttribute": embedded}
                properties: dict[str, Any] = {
                    "displayName": name,
                    "isNullable": not (notnull or rowid_alias or (pk and without_rowid)),
                }
                if pk:
                    column_classifications["PrimaryKey"] = {"displayName": f"{table} primary key"}
                    if len(pk_columns) > 1:
                        properties["additionalProperties"] = {"primaryKeyPosition": str(pk)}
                column_name = f"{table_name}::column::{name}"
                column_names[(table, name)] = column_name
                scan.elements.append(
                    CatalogElement(
                        COLUMN_TYPE,
                        column_name,
                        properties,
                        classifications=column_classifications,
                        anchor=database_name,
                    )
                )
                scan.relationships.append(
                    CatalogRelationship(NESTED_SCHEMA_ATTRIBUTE, table_name, column_name, {"position": column_position})
                )
                scan.columns += 1
        for kind, table, _ in objects:
            if kind != "table":
                continue
            for row in connection.execute("SELECT * FROM pragma_foreign_key_list(?)", (table,)).fetchall():
                _, seq, target, source_column, target_column = row[:5]
                if target_column is None:  # REFERENCES t without a column: t's primary key
                    keys = primary_keys.get(target) or []
                    target_column = keys[seq] if seq < len(keys) else None
                referenced = column_names.get((target, target_column or ""))
                referencing = column_names.get((table, source_column))
                if referenced and referencing:  # a key to a table that is not there is left out
                    scan.relationships.append(CatalogRelationship(FOREIGN_KEY, referenced, referencing))
    except sqlite3.DatabaseError as exc:
        raise sqlite3.DatabaseError(f"Reading the schema of the SQLite database {path} failed: {exc}") from None
    finally:
        connection.close()
    return scan


class SQLiteCataloguer(ScanningCataloguer):
    """Catalogues a SQLite database's tables, views and columns, and follows schema changes.

    No configuration properties. Statistics: ``tables``, ``views``, ``columns``, ``added``,
    ``updated``, ``unchanged``, ``removed`` (elements), ``views_failed`` (views whose columns
    could not be read, e.g. over a dropped table), ``last_scan_seconds``.
    """

    SCOPE_TYPES: ClassVar[list[str]] = list(SCOPE_TYPES)
    RELATIONSHIP_TYPES: ClassVar[list[str]] = [
        DATA_SET_CONTENT,
        SCHEMA,
        ATTRIBUTE_FOR_SCHEMA,
        NESTED_SCHEMA_ATTRIBUTE,
        FOREIGN_KEY,
    ]

    _path: Path

    async def start(self) -> None:
        self._path = local_path(self.context.endpoint_address, "SQLite database file", "/data/coco.db")
        warn_unknown(self.context, self.context.configuration_properties, [])
        await asyncio.to_thread(_check, self._path)

    def scan(self) -> DatabaseScan:
        return scan_database(self._path)

    def scope(self) -> str:
        return f"The schema of {self._path}"

    def scan_statistics(self, scan: DatabaseScan) -> dict[str, Any]:
        return {
            "tables": scan.tables,
            "views": scan.views,
            "columns": scan.columns,
            "views_failed": scan.views_failed,
            "first_problem": scan.first_problem,
        }
