"""SQLiteCataloguer: real SQLite files changed with real DDL between refreshes, the catalog read back over HTTP."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from egeria_nb.connectors.sqlite import open_read_only, scan_database
from egeria_nb.metadata.seed import default_samples_dir
from tests.connectors.conftest import Deployment

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
    schema = deployment.elements("DeployedDatabaseSchema")
    assert list(schema["qualified_name"]) == [qn(db)]
    assert schema.iloc[0]["pathName"] == str(db)
    tables = deployment.elements("RelationalTable")
    assert list(zip(tables["name"], tables["tableType"], strict=True)) == [
        ("big_orders", "view"),
        ("customers", "table"),
        ("orders", "table"),
    ]
    columns = deployment.elements("RelationalColumn").set_index("qualified_name")
    id_column = columns.loc[qn(db, "::table::customers::column::id")]
    assert (id_column["dataType"], id_column["position"], id_column["isPrimaryKey"]) == ("INTEGER", 0, True)
    assert not id_column["isNullable"]  # INTEGER PRIMARY KEY is the rowid: never NULL
    email = columns.loc[qn(db, "::table::customers::column::email")]
    assert (email["isNullable"], email["isPrimaryKey"], email["defaultValue"]) == (True, False, "'n/a'")
    placed = columns.loc[qn(db, "::table::orders::column::placed")]
    assert (placed["isPrimaryKey"], placed["primaryKeyPosition"], placed["dataType"]) == (True, 2, "DATE")
    assert deployment.links("AssetSchemaType") == {(qn(db), qn(db, "::schema"))}
    assert (qn(db, "::schema"), qn(db, "::table::big_orders")) in deployment.links("AttributeForSchema")
    assert (qn(db, "::table::orders"), qn(db, "::table::orders::column::total")) in deployment.links(
        "NestedSchemaAttribute"
    )
    assert deployment.links("ForeignKey") == {
        (qn(db, "::table::customers::column::id"), qn(db, "::table::orders::column::customer_id"))
    }

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
    assert list(tables["name"]) == ["customers", "orders", "products"]
    columns = deployment.elements("RelationalColumn")
    names = set(columns["qualified_name"])
    assert qn(db, "::table::customers::column::loyalty_points") in names
    assert qn(db, "::table::orders::column::amount") in names
    assert qn(db, "::table::orders::column::total") not in names
    assert not any("big_orders" in name for name in names)
    points = columns[columns["name"] == "loyalty_points"].iloc[0]
    assert (points["isNullable"], points["defaultValue"], points["position"]) == (False, "0", 3)

    # No schema change (only data): nothing is written.
    execute(db, "INSERT INTO customers (id, name) VALUES (2, 'Grace');")
    before = deployment.last_sequence()
    stats = deployment.refresh("Shop")
    assert (stats["added"], stats["updated"], stats["removed"]) == (0, 0, 0)
    assert deployment.last_sequence() == before


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
    assert any(e.properties.get("primaryKeyPosition") == 2 for e in scan.elements)  # a two-column primary key
