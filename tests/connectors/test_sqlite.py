"""SQLiteCataloguer: real SQLite files changed with real DDL between refreshes, the catalog read back over HTTP."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from egeria_nb.connectors.sqlite import SQLiteCataloguer, open_read_only, scan_database
from egeria_nb.metadata.seed import default_samples_dir
from tests.connectors.conftest import Deployment, assert_anchored, assert_fits_egeria_types, extra

PROVIDER = "egeria_nb.connectors.sqlite.SQLiteCataloguer"


def execute(path: Path, script: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(script)
        connection.commit()
    finally:
        connection.close()


def qn(db: Path, *parts: str) -> str:
    return f"SQLite::{db.as_posix()}::main" + "".join(parts)


def scope_of(db: Path) -> str:
    return f"SQLite::{db.as_posix()}::"


def database_qn(db: Path) -> str:
    return scope_of(db) + "database"


def test_catalogues_tables_views_and_columns_and_follows_schema_changes(deployment: Deployment, tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    execute(
        db,
        """
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT DEFAULT 'n/a');
        CREATE TABLE orders (customer_id INTEGER NOT NULL REFERENCES customers (id), placed DATE NOT NULL,
                             total REAL, PRIMARY KEY (customer_id, placed));
        CREATE VIEW big_orders AS SELECT customer_id, total FROM orders WHERE total > 100;
        INSERT INTO customers VALUES (1, 'Ada', NULL);
        """,
    )
    deployment.connector("Shop", PROVIDER, db)
    deployment.start()

    stats = deployment.refreshed("Shop")
    assert (stats["tables"], stats["views"], stats["columns"]) == (2, 1, 8)
    database = deployment.elements("RelationalDatabase")
    assert list(database["qualified_name"]) == [database_qn(db)]
    assert (database.iloc[0]["displayName"], database.iloc[0]["pathName"]) == ("shop.db", str(db))
    assert database.iloc[0]["deployedImplementationType"] == "SQLite Relational Database"
    schema = deployment.elements("DeployedDatabaseSchema")
    assert list(schema["qualified_name"]) == [qn(db)]
    assert (schema.iloc[0]["displayName"], schema.iloc[0]["resourceName"]) == ("main", str(db))
    assert list(deployment.elements("RelationalDBSchemaType")["qualified_name"]) == [qn(db, "::schema")]
    assert deployment.links("DataSetContent") == {(qn(db), database_qn(db))}  # DataSet at end 1, as Egeria has it
    assert deployment.links("Schema") == {(qn(db), qn(db, "::schema"))}

    tables = deployment.elements("RelationalTable")
    assert list(zip(tables["displayName"], extra(tables, "tableType"), strict=True)) == [
        ("big_orders", "view"),
        ("customers", "table"),
        ("orders", "table"),
    ]
    assert extra(tables, "definition")[1].startswith("CREATE TABLE customers (id INTEGER PRIMARY KEY")
    view = tables.iloc[0]
    assert (view["CalculatedValue.formula"], view["CalculatedValue.formulaType"]) == (
        "SELECT customer_id, total FROM orders WHERE total > 100",
        "SQL",
    )
    assert tables["CalculatedValue.formula"].isna().tolist() == [False, True, True]  # only views are calculated
    assert deployment.positions("AttributeForSchema", qn(db, "::schema")) == {
        qn(db, "::table::big_orders"): 0,
        qn(db, "::table::customers"): 1,
        qn(db, "::table::orders"): 2,
    }

    columns = deployment.elements("RelationalColumn").set_index("qualified_name")
    customers = qn(db, "::table::customers")
    orders = qn(db, "::table::orders")
    id_column = columns.loc[customers + "::column::id"]
    assert (id_column["displayName"], id_column["TypeEmbeddedAttribute.dataType"]) == ("id", "INTEGER")
    assert id_column["PrimaryKey.displayName"] == "customers primary key"
    assert pd.isna(id_column["additionalProperties"])  # a key of one column: no primaryKeyPosition
    assert not id_column["isNullable"]  # INTEGER PRIMARY KEY is the rowid: never NULL
    email = columns.loc[customers + "::column::email"]
    assert (email["isNullable"], email["TypeEmbeddedAttribute.defaultValue"]) == (True, "'n/a'")
    assert pd.isna(email["PrimaryKey.displayName"])  # not a key column: not classified PrimaryKey
    assert pd.isna(columns.loc[customers + "::column::name", "TypeEmbeddedAttribute.defaultValue"])
    placed = columns.loc[orders + "::column::placed"]
    assert (placed["TypeEmbeddedAttribute.dataType"], placed["isNullable"]) == ("DATE", False)
    assert placed["PrimaryKey.displayName"] == "orders primary key"
    assert placed["additionalProperties"] == {"primaryKeyPosition": "2"}
    assert columns.loc[orders + "::column::customer_id", "additionalProperties"] == {"primaryKeyPosition": "1"}
    assert deployment.positions("NestedSchemaAttribute", customers) == {
        customers + "::column::id": 0,
        customers + "::column::name": 1,
        customers + "::column::email": 2,
    }
    assert deployment.positions("NestedSchemaAttribute", qn(db, "::table::big_orders")) == {
        qn(db, "::table::big_orders::column::customer_id"): 0,
        qn(db, "::table::big_orders::column::total"): 1,
    }
    assert deployment.links("ForeignKey") == {(customers + "::column::id", orders + "::column::customer_id")}
    assert_fits_egeria_types(
        deployment.snapshot(scope_of(db)), SQLiteCataloguer.SCOPE_TYPES, SQLiteCataloguer.RELATIONSHIP_TYPES
    )

    # ALTER, CREATE and DROP between refreshes.
    execute(
        db,
        """
        ALTER TABLE customers ADD COLUMN loyalty_points INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE orders RENAME COLUMN total TO amount;
        CREATE TABLE products (sku TEXT PRIMARY KEY, price REAL);
        DROP VIEW big_orders;
        """,
    )
    stats = deployment.refresh("Shop")
    assert (stats["tables"], stats["views"], stats["columns"]) == (3, 0, 9)
    tables = deployment.elements("RelationalTable")
    assert list(tables["displayName"]) == ["customers", "orders", "products"]
    assert "CalculatedValue.formula" not in tables.columns  # the view went, with its classification
    # Positions follow the names: every table moved up one when the view went.
    assert deployment.positions("AttributeForSchema", qn(db, "::schema")) == {
        customers: 0,
        orders: 1,
        qn(db, "::table::products"): 2,
    }
    columns = deployment.elements("RelationalColumn")
    names = set(columns["qualified_name"])
    assert customers + "::column::loyalty_points" in names
    assert orders + "::column::amount" in names
    assert orders + "::column::total" not in names
    assert not any("big_orders" in name for name in names)
    points = columns[columns["displayName"] == "loyalty_points"].iloc[0]
    assert (points["isNullable"], points["TypeEmbeddedAttribute.defaultValue"]) == (False, "0")
    assert deployment.positions("NestedSchemaAttribute", customers)[customers + "::column::loyalty_points"] == 3
    assert columns[columns["displayName"] == "sku"].iloc[0]["PrimaryKey.displayName"] == "products primary key"

    # No schema change (only data): nothing is written.
    execute(db, "INSERT INTO customers (id, name) VALUES (2, 'Grace');")
    before = deployment.last_sequence()
    stats = deployment.refresh("Shop")
    assert (stats["added"], stats["updated"], stats["removed"]) == (0, 0, 0)
    assert deployment.last_sequence() == before


def test_everything_is_anchored_to_the_database(deployment: Deployment, tmp_path: Path) -> None:
    db = tmp_path / "small.db"
    execute(
        db,
        "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id REFERENCES b (id)); CREATE TABLE b (id TEXT PRIMARY KEY);"
        "CREATE VIEW v AS SELECT id FROM a;",
    )
    deployment.connector("Small", PROVIDER, db)
    deployment.start()
    first = deployment.refreshed("Small")
    snapshot = deployment.snapshot(scope_of(db))
    assert len(snapshot.elements) == first["added"] == 10  # database, schema, schema type, 3 tables, 4 columns
    assert_anchored(snapshot, database_qn(db), [n for n in snapshot.elements if n != database_qn(db)])

    # Deleting the database's element deletes everything anchored to it, relationships too; the next
    # refresh makes it all again, exactly as it was.
    deployment.catalog.delete_element(snapshot.guid(database_qn(db)))
    gone = deployment.snapshot(scope_of(db))
    assert (gone.elements, gone.relationships) == ({}, ())
    stats = deployment.refresh("Small")
    assert (stats["added"], stats["unchanged"], stats["removed"]) == (10, 0, 0)
    again = deployment.snapshot(scope_of(db))
    assert again.structure() == snapshot.structure()
    assert not set(again.names) & (set(snapshot.names) - set(gone.names))  # new elements, not the old back
    assert_anchored(again, database_qn(db), [n for n in again.elements if n != database_qn(db)])

    # A table dropped: its columns, and the foreign key to them, go at the next refresh.
    execute(db, "DROP VIEW v; DROP TABLE b;")
    stats = deployment.refresh("Small")
    assert stats["removed"] == 4  # b, its column, v, its column
    assert deployment.links("ForeignKey") == set()
    assert sorted(deployment.snapshot(scope_of(db)).elements) == sorted(
        [
            database_qn(db),
            qn(db),
            qn(db, "::schema"),
            qn(db, "::table::a"),
            qn(db, "::table::a::column::id"),
            qn(db, "::table::a::column::b_id"),
        ]
    )


def test_a_missing_database_fails_naming_it_and_is_never_created(deployment: Deployment, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "missing.db"
    deployment.connector("Missing", PROVIDER, missing)
    deployment.start()
    message = deployment.wait_for("Missing", "FAILED")["failing_exception_message"]
    assert str(missing) in message
    assert "does not exist" in message
    assert "never creates" in message
    assert not missing.exists()
    assert not missing.parent.exists()


def test_a_file_that_is_not_a_database_fails_naming_it(deployment: Deployment, tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("These are notes, not a database. " * 20)
    deployment.connector("Notes", PROVIDER, text)
    deployment.start()
    message = deployment.wait_for("Notes", "FAILED")["failing_exception_message"]
    assert f"{text} cannot be read as a SQLite database" in message


def test_the_database_is_opened_read_only(tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    execute(db, "CREATE TABLE t (a);")
    connection = open_read_only(db)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            connection.execute("CREATE TABLE u (b)")
    finally:
        connection.close()
    before = db.stat().st_mtime_ns, db.read_bytes()
    scan_database(db)
    assert (db.stat().st_mtime_ns, db.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ro.db"]  # no journal or WAL files left behind


def test_a_view_over_a_dropped_table_is_catalogued_without_columns(tmp_path: Path) -> None:
    db = tmp_path / "broken.db"
    execute(db, "CREATE TABLE t (a, b); CREATE VIEW v AS SELECT a FROM t; DROP TABLE t;")
    scan = scan_database(db)
    assert (scan.tables, scan.views, scan.views_failed, scan.columns) == (0, 1, 1, 0)
    assert "no such table" in (scan.first_problem or "")


def test_the_sample_database_is_shipped() -> None:
    db = default_samples_dir() / "coco.db"
    scan = scan_database(db)
    assert (scan.tables, scan.views) == (3, 1)
    assert any(r.type_name == "ForeignKey" for r in scan.relationships)
    positions = [e.properties.get("additionalProperties", {}).get("primaryKeyPosition") for e in scan.elements]
    assert positions.count("1") == positions.count("2") == 1  # one primary key of two columns
    keys = [e for e in scan.elements if "PrimaryKey" in e.classifications]
    assert len(keys) == 4  # hospitals', patients' and the two of measurements'
    assert sum(e.type_name == "RelationalDatabase" for e in scan.elements) == 1
    assert all(e.anchor == scan.prefix + "database" for e in scan.elements if e.type_name != "RelationalDatabase")
