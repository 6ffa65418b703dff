"""What the built-in cataloguers write is Egeria's model, and lands the same through Egeria's generic API alone.

Each cataloguer runs against real files and a real SQLite database, in a real daemon; its scope
is read back over HTTP through the generic open metadata store API and checked against Egeria's
open metadata types (``egeria_nb.typedefs``). The same connectors are then run against an
embedded platform started with ``extensions=False``, which serves only what a real Egeria
serves: their ``synchronize`` goes call by call through the generic API, and must produce the
same catalogue as the batch call.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from egeria_nb.connectors.csv import CSVSchemaCataloguer
from egeria_nb.connectors.files import FolderCataloguer
from egeria_nb.connectors.sqlite import SQLiteCataloguer
from egeria_nb.metadata.catalog import MetadataCatalog, MetadataElement, MetadataRelationship
from tests.connectors.conftest import (
    MD,
    TYPES,
    Deployment,
    Snapshot,
    assert_fits_egeria_types,
    eventually,
)

CONNECTORS = {
    "Files": ("egeria_nb.connectors.files.FolderCataloguer", FolderCataloguer),
    "Columns": ("egeria_nb.connectors.csv.CSVSchemaCataloguer", CSVSchemaCataloguer),
    "Database": ("egeria_nb.connectors.sqlite.SQLiteCataloguer", SQLiteCataloguer),
}
# What each cataloguer's docstring says it writes: Egeria's type names.
WRITES = {
    FolderCataloguer: ({"FileFolder", "DataFile"}, {"NestedFile", "FolderHierarchy"}),
    CSVSchemaCataloguer: ({"CSVFile", "TabularSchemaType", "TabularColumn"}, {"Schema", "AttributeForSchema"}),
    SQLiteCataloguer: (
        {
            "RelationalDatabase",
            "DeployedDatabaseSchema",
            "RelationalDBSchemaType",
            "RelationalTable",
            "RelationalColumn",
        },
        {"DataSetContent", "Schema", "AttributeForSchema", "NestedSchemaAttribute", "ForeignKey"},
    ),
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def execute(path: Path, script: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(script)
        connection.commit()
    finally:
        connection.close()


def make_sources(tmp_path: Path) -> tuple[Path, Path]:
    """A folder with nested folders, CSV files good and bad, other files; a database with every kind of thing."""
    root = tmp_path / "drop"
    write(root / "sales.csv", "id,day,amount,paid\n1,2024-05-01,9.5,true\n2,2024-05-02,,false\n")
    write(root / "ragged.csv", "a,b\n1,2\n3,4,5\n")
    write(root / "empty.csv", "")
    write(root / "notes.txt", "not a CSV")
    write(root / "raw" / "stock.csv", "sku,count\nA1,3\n")
    write(root / "raw" / "old" / "2023.csv", "sku,count\nA1,1\n")  # goes, with its folder, schema and columns
    db = tmp_path / "db" / "shop.db"
    db.parent.mkdir()
    execute(
        db,
        """
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT DEFAULT 'n/a');
        CREATE TABLE orders (customer_id INTEGER NOT NULL REFERENCES customers (id), placed DATE NOT NULL,
                             total REAL, PRIMARY KEY (customer_id, placed));
        CREATE TABLE notes (id INTEGER PRIMARY KEY, customer_id REFERENCES customers, body TEXT);
        CREATE TABLE tags (name TEXT, colour TEXT DEFAULT 'red', shade INTEGER, PRIMARY KEY (name, shade));
        CREATE VIEW big_orders AS SELECT customer_id, total FROM orders WHERE total > 100;
        """,
    )
    return root, db


def change_sources(root: Path, db: Path) -> None:
    """Added, changed and deleted files and folders; added, altered and dropped tables, columns and views.

    Some classifications change (a column's data type, a default, a primary key), some go (a view
    becomes a table, a column leaves the primary key), some come.
    """
    write(root / "sales.csv", "channel,id,day,amount,paid\nweb,1,2024-05-01,9.5,yes\n")  # paid: a string now
    write(root / "ragged.csv", "a,b\n1,2\n")  # readable now
    (root / "empty.csv").unlink()
    shutil.rmtree(root / "raw" / "old")
    write(root / "new" / "returns.csv", "id;reason\n1;late\n")
    execute(
        db,
        """
        ALTER TABLE customers ADD COLUMN loyalty_points INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE orders RENAME COLUMN total TO amount;
        DROP VIEW big_orders;
        CREATE TABLE big_orders (customer_id INTEGER, total REAL);  -- a view no more
        DROP TABLE notes;
        DROP TABLE tags;  -- the key moves, a default changes, a type goes
        CREATE TABLE tags (name TEXT, colour TEXT DEFAULT 'blue', shade, PRIMARY KEY (name, colour));
        CREATE TABLE products (sku TEXT PRIMARY KEY, price REAL DEFAULT 0.0);
        CREATE VIEW recent AS SELECT * FROM orders WHERE placed > '2024-01-01';
        """,
    )


def prefixes(root: Path, db: Path) -> dict[str, str]:
    return {
        "Files": root.as_uri() + "/",
        "Columns": f"CSV::{root.as_posix()}/",
        "Database": f"SQLite::{db.as_posix()}::",
    }


def deploy(deployment: Deployment, root: Path, db: Path, **options: Any) -> None:
    for name, (provider, _) in CONNECTORS.items():
        properties = {"hash": True} if name == "Files" else None
        deployment.connector(name, provider, db if name == "Database" else root, properties)
    deployment.start(**options)


def without_timings(statistics: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in statistics.items() if k != "last_scan_seconds"}


# -- the checks can fail ---------------------------------------------------------------------------------------


def test_the_type_checks_find_what_egeria_would_refuse() -> None:
    """``assert_fits_egeria_types`` names every kind of problem it is there to catch."""

    def element(guid: str, type_name: str, name: str, properties: dict[str, Any], **classifications: Any):
        return MetadataElement(guid, type_name, name, {"qualifiedName": name, **properties}, dict(classifications))

    folder = element("g1", "FileFolder", "f:/", {"pathName": "/"})
    file = element(
        "g2",
        "DataFile",
        "f:/a",
        {"fileName": "a", "size": 5, "storeUpdateTime": "yesterday", "additionalProperties": {"n": 1}},
        PrimaryKey={"displayName": "k"},
        Anchors={"anchorGUID": "elsewhere", "anchorTypeName": "DataFile"},
    )
    odd = element("g3", "NotAType", "f:/b", {})
    column = element("g4", "TabularColumn", "f:/c", {"isNullable": "no"})
    relationships = (
        MetadataRelationship("r1", "NestedFile", "g2", "g1", {}),  # ends the wrong way round
        MetadataRelationship("r2", "DataFlow", "g1", "g2", {"label": "x"}),  # not a type the connector owns
        MetadataRelationship("r3", "FolderHierarchy", "g1", "outside", {}),
        MetadataRelationship("r4", "NestedFile", "g1", "g2", {"position": 1}),
    )
    elements = {e.qualified_name or "": e for e in (folder, file, odd, column)}
    snapshot = Snapshot("f:/", elements, relationships, {e.guid: e.qualified_name for e in elements.values()})
    with pytest.raises(AssertionError) as caught:
        assert_fits_egeria_types(snapshot, ["FileFolder", "DataFile"], ["NestedFile", "FolderHierarchy"])
    problems = str(caught.value)
    for expected in (
        "f:/a: DataFile has no attribute 'size'",
        "f:/a: DataFile.storeUpdateTime is date, not 'yesterday'",
        "f:/a: DataFile.additionalProperties is map<string,string>, not {'n': 1}",
        "f:/a: PrimaryKey does not classify DataFile",
        "f:/a: anchored outside the scope",
        "f:/b: NotAType is not an entity type of Egeria's",
        "f:/c: TabularColumn is not one of ['DataFile', 'FileFolder']",
        "f:/c: TabularColumn.isNullable is boolean, not 'no'",
        "NestedFile f:/a -> f:/: FileFolder at the nestedFiles end, which takes DataFile",
        "NestedFile f:/a -> f:/: DataFile at the homeFolder end, which takes FileFolder",
        "DataFlow f:/ -> f:/a: DataFlow is not one of ['FolderHierarchy', 'NestedFile']",
        "FolderHierarchy f:/ -> None: an end outside the scope",
        "NestedFile f:/ -> f:/a: NestedFile has no attribute 'position'",
    ):
        assert expected in problems, f"{expected!r} not in:\n{problems}"


# -- Egeria's types --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("connector", list(WRITES), ids=lambda c: c.__name__)
def test_each_connector_declares_egeria_types(connector: type) -> None:
    element_types, relationship_types = WRITES[connector]
    assert set(connector.SCOPE_TYPES) == element_types
    assert set(connector.RELATIONSHIP_TYPES) == relationship_types
    for name in element_types:
        typedef = TYPES.get(name)
        assert typedef is not None and typedef.category == "entity" and not typedef.deprecated, name
    for name in relationship_types:
        typedef = TYPES.get(name)
        assert typedef is not None and typedef.category == "relationship" and not typedef.deprecated, name
        # Each relationship it owns can link two of its own types.
        assert typedef.end1 is not None and typedef.end2 is not None
        assert any(TYPES.is_a(t, typedef.end1.type_name) for t in element_types), name
        assert any(TYPES.is_a(t, typedef.end2.type_name) for t in element_types), name


def test_everything_the_connectors_write_fits_egeria_types(deployment: Deployment, tmp_path: Path) -> None:
    root, db = make_sources(tmp_path)
    deploy(deployment, root, db)
    for name in CONNECTORS:
        deployment.refreshed(name)
    for step in ("first refresh", "after changes"):
        seen_classifications: set[str] = set()
        for name, prefix in prefixes(root, db).items():
            connector = CONNECTORS[name][1]
            snapshot = deployment.snapshot(prefix)
            assert_fits_egeria_types(snapshot, connector.SCOPE_TYPES, connector.RELATIONSHIP_TYPES)
            # Every type the connector writes was written, so every one of them was checked.
            assert set(snapshot.types()) == set(connector.SCOPE_TYPES), (step, name)
            assert set(snapshot.relationship_types()) == set(connector.RELATIONSHIP_TYPES), (step, name)
            seen_classifications |= snapshot.classification_names()
        assert seen_classifications == {"Anchors", "TypeEmbeddedAttribute", "PrimaryKey", "CalculatedValue"}, step
        if step == "first refresh":
            change_sources(root, db)
            for name in CONNECTORS:
                deployment.refresh(name)
                assert deployment.status(name) == "WAITING", deployment.row(name)


# -- the same catalogue call by call ---------------------------------------------------------------------------


def test_call_by_call_through_the_generic_api_makes_the_same_catalogue(
    deployment: Deployment, plain_deployment: Deployment, tmp_path: Path
) -> None:
    """The connectors against a platform serving only Egeria's API catalogue exactly what the batch call does."""
    assert "catalog-sync" in MetadataCatalog(deployment.platform, MD).blocking.capabilities()
    assert MetadataCatalog(plain_deployment.platform, MD).blocking.capabilities() == frozenset()
    root, db = make_sources(tmp_path)
    deploy(deployment, root, db)
    deploy(plain_deployment, root, db)
    scopes = prefixes(root, db)

    def compare(step: str, statistics: dict[str, tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Snapshot]:
        batch = deployment.snapshots(scopes.values())
        plain = plain_deployment.snapshots(scopes.values())
        for name, prefix in scopes.items():
            assert plain[prefix].structure() == batch[prefix].structure(), (step, name)
            connector = CONNECTORS[name][1]
            # (and the DataFlow recorded below, which is someone else's)
            assert_fits_egeria_types(plain[prefix], connector.SCOPE_TYPES, [*connector.RELATIONSHIP_TYPES, "DataFlow"])
            # The same added / updated / unchanged / removed counts, and the same scan.
            assert without_timings(statistics[name][1]) == without_timings(statistics[name][0]), (step, name)
        return plain

    compare("first refresh", {n: (deployment.refreshed(n), plain_deployment.refreshed(n)) for n in CONNECTORS})

    # Lineage someone recorded between two of the folder cataloguer's files (a type it does not own) stays.
    sales, stock = (root / "sales.csv").as_uri(), (root / "raw" / "stock.csv").as_uri()
    for d in (deployment, plain_deployment):
        files = d.snapshot(scopes["Files"])
        d.catalog.create_relationship("DataFlow", files.guid(stock), files.guid(sales), {"label": "summed"})

    change_sources(root, db)
    changed = {n: (deployment.refresh(n), plain_deployment.refresh(n)) for n in CONNECTORS}
    assert all(plain["removed"] > 0 and plain["added"] > 0 for _, plain in changed.values()), changed
    before = compare("after changes", changed)
    assert ("DataFlow", stock, sales) in before[scopes["Files"]].structure()["relationships"]
    # Classifications were changed, removed and added (call by call: reclassify, declassify, classify).
    elements = before[scopes["Database"]].elements
    tags = f"SQLite::{db.as_posix()}::main::table::tags::column::"
    assert "CalculatedValue" not in elements[f"SQLite::{db.as_posix()}::main::table::big_orders"].classifications
    assert "PrimaryKey" not in elements[tags + "shade"].classifications
    assert elements[tags + "shade"].classifications["TypeEmbeddedAttribute"]["dataType"] == ""
    assert "additionalProperties" not in elements[tags + "shade"].properties
    assert elements[tags + "colour"].classifications["TypeEmbeddedAttribute"]["defaultValue"] == "'blue'"
    assert elements[tags + "colour"].properties["additionalProperties"] == {"primaryKeyPosition": "2"}
    assert "PrimaryKey" in elements[tags + "colour"].classifications
    paid = before[scopes["Columns"]].elements[f"CSV::{(root / 'sales.csv').as_posix()}::column::paid"]
    assert paid.classifications["TypeEmbeddedAttribute"]["dataType"] == "string"

    # Nothing changed: call by call, nothing is written either.
    again = {n: (deployment.refresh(n), plain_deployment.refresh(n)) for n in CONNECTORS}
    assert all((s["added"], s["updated"], s["removed"]) == (0, 0, 0) for _, s in again.values()), again
    assert compare("unchanged", again) == before


def test_the_daemon_polls_a_platform_without_the_change_feed(plain_deployment: Deployment, tmp_path: Path) -> None:
    write(tmp_path / "drop" / "a.txt", "a")
    plain_deployment.connector("Files", CONNECTORS["Files"][0], tmp_path / "drop")
    plain_deployment.start()  # the daemon's defaults: it finds out for itself that there is no change feed

    def outcome() -> str | None:
        if plain_deployment.status("Files") == "WAITING":
            return "refreshed"
        failed = [m for m in plain_deployment.history() if m.startswith("cannot read the group")]
        return failed[0] if failed else None

    assert eventually(outcome, "the connector's first refresh, or the group failing") == "refreshed"
    assert plain_deployment.snapshot((tmp_path / "drop").as_uri() + "/").types() == {"FileFolder": 1, "DataFile": 1}
