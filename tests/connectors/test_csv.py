"""CSVSchemaCataloguer: real CSV files in a real folder, a real daemon, the catalog read back over HTTP."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from egeria_nb.connectors._common import ConnectorConfigurationError
from egeria_nb.connectors.csv import CSVOptions, CSVSchemaCataloguer, profile_csv, scan_csv_folder
from egeria_nb.metadata.seed import default_samples_dir
from tests.connectors.conftest import Deployment, assert_anchored, assert_fits_egeria_types, extra

PROVIDER = "egeria_nb.connectors.csv.CSVSchemaCataloguer"
FOLDER = "egeria_nb.connectors.files.FolderCataloguer"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def test_catalogues_csv_columns_and_follows_changes(deployment: Deployment, tmp_path: Path) -> None:
    root = tmp_path / "drop"
    sales = write(
        root / "sales.csv",
        "id,day,amount,paid,region\n1,2024-05-01,9.5,true,north\n2,2024-05-02,,false,\n3,2024-05-03,12.25,true,south\n",
    )
    write(root / "sub" / "stock.csv", "sku;count\nA1;3\nB2;4\n")
    write(root / "readme.txt", "not a CSV")
    deployment.connector("Drop", PROVIDER, root)
    deployment.start()

    stats = deployment.refreshed("Drop")
    assert (stats["files_seen"], stats["files_failed"], stats["columns"]) == (2, 0, 6)
    files = deployment.elements("CSVFile")
    stock = root / "sub" / "stock.csv"
    assert list(files["qualified_name"]) == [f"CSV::{sales.as_posix()}", f"CSV::{stock.as_posix()}"]
    first = files.iloc[0]
    assert (first["displayName"], first["fileName"], first["pathName"]) == ("sales.csv", "sales.csv", str(sales))
    assert (first["fileType"], first["fileExtension"], first["delimiterCharacter"]) == ("text/csv", "csv", ",")
    assert first["storeUpdateTime"] == pd.Timestamp(sales.stat().st_mtime_ns // 1_000_000, unit="ms", tz="UTC")
    assert first["additionalProperties"] == {
        "size": str(sales.stat().st_size),
        "encoding": "utf-8",
        "columnCount": "5",
        "sampledRows": "3",
    }
    file = f"CSV::{sales.as_posix()}"
    schema = file + "::schema"
    column = file + "::column::"
    schemas = deployment.elements("TabularSchemaType")
    assert list(schemas["qualified_name"]) == [schema, f"CSV::{stock.as_posix()}::schema"]
    assert schemas.iloc[0]["displayName"] == "Columns of sales.csv"
    assert deployment.links("Schema") == {
        (file, schema),
        (f"CSV::{stock.as_posix()}", f"CSV::{stock.as_posix()}::schema"),
    }
    columns = deployment.elements("TabularColumn").set_index("qualified_name")
    assert set(columns["TypeEmbeddedAttribute.schemaTypeName"]) == {"PrimitiveSchemaType"}
    data_types = columns["TypeEmbeddedAttribute.dataType"]
    assert [data_types[column + name] for name in ("id", "day", "amount", "paid", "region")] == [
        "integer",
        "date",
        "float",
        "boolean",
        "string",
    ]
    positions = deployment.positions("AttributeForSchema", schema)
    assert positions == {column + name: p for p, name in enumerate(("id", "day", "amount", "paid", "region"))}
    amount = columns.loc[column + "amount"]
    assert (amount["displayName"], amount["isNullable"]) == ("amount", True)
    assert amount["additionalProperties"] == {"pandasType": "Float64", "nullCount": "1"}
    assert (columns.loc[column + "id", "isNullable"], columns.loc[column + "region", "isNullable"]) == (False, True)
    # The stock file uses ";" but the default delimiter is ",": one column named "sku;count".
    stock_schema = f"CSV::{stock.as_posix()}::schema"
    assert deployment.positions("AttributeForSchema", stock_schema) == {
        f"CSV::{stock.as_posix()}::column::sku;count": 0
    }
    assert_fits_egeria_types(
        deployment.snapshot(f"CSV::{root.as_posix()}/"),
        CSVSchemaCataloguer.SCOPE_TYPES,
        CSVSchemaCataloguer.RELATIONSHIP_TYPES,
    )

    # A column added to one file (before the others), another file deleted.
    write(root / "sales.csv", "channel,id,day,amount,paid,region\nweb,1,2024-05-01,9.5,true,north\n")
    stock.unlink()
    stats = deployment.refresh("Drop")
    assert (stats["files_seen"], stats["files_read"], stats["columns"]) == (1, 1, 6)
    assert (stats["added"], stats["removed"]) == (1, 3)  # the channel column; stock.csv, its schema and its column
    positions = deployment.positions("AttributeForSchema", schema)
    assert sorted(positions, key=positions.get) == [
        column + name for name in ("channel", "id", "day", "amount", "paid", "region")
    ]
    columns = deployment.elements("TabularColumn").set_index("qualified_name")
    assert (columns.loc[column + "amount", "isNullable"], columns.loc[column + "region", "isNullable"]) == (
        False,
        False,
    )
    assert list(deployment.elements("CSVFile")["fileName"]) == ["sales.csv"]
    assert list(deployment.elements("TabularSchemaType")["qualified_name"]) == [schema]

    # Unchanged files are not read again, and nothing is written.
    before = deployment.last_sequence()
    stats = deployment.refresh("Drop")
    assert (stats["files_read"], stats["added"], stats["updated"], stats["removed"]) == (0, 0, 0, 0)
    assert deployment.last_sequence() == before


def test_unreadable_csv_files_are_reported_not_fatal(deployment: Deployment, tmp_path: Path) -> None:
    root = tmp_path / "drop"
    write(root / "good.csv", "a,b\n1,2\n")
    ragged = write(root / "ragged.csv", "a,b\n1,2\n3,4,5\n")
    write(root / "latin1.csv", "name\nJos\xe9\n".encode("latin-1"))
    write(root / "empty.csv", "")
    deployment.connector("Drop", PROVIDER, root, {"sample_rows": 10})
    deployment.start()
    stats = deployment.refreshed("Drop")
    assert deployment.status("Drop") == "WAITING"
    assert (stats["files_seen"], stats["files_failed"]) == (4, 2)
    assert stats["first_error"].startswith(f"{root / 'latin1.csv'}: UnicodeDecodeError")
    files = deployment.elements("CSVFile").set_index("fileName")
    errors = dict(zip(files.index, extra(files, "readError"), strict=True))
    assert "ParserError" in errors["ragged.csv"]
    assert errors["latin1.csv"].startswith("UnicodeDecodeError")
    assert errors["good.csv"] is None
    assert errors["empty.csv"] is None
    assert files.loc["ragged.csv", "pathName"] == str(ragged)
    assert files.loc["ragged.csv", "additionalProperties"]["columnCount"] == "0"  # catalogued, without columns
    assert files.loc["empty.csv", "additionalProperties"]["columnCount"] == "0"
    assert files.loc["good.csv", "additionalProperties"]["columnCount"] == "2"
    columns = deployment.elements("TabularColumn")
    assert {name.split("::column::")[0] for name in columns["qualified_name"]} == {
        f"CSV::{(root / 'good.csv').as_posix()}"
    }
    # Every file has its schema type, even one that could not be read.
    assert len(deployment.elements("TabularSchemaType")) == 4


def test_schema_and_columns_are_anchored_to_their_file(deployment: Deployment, tmp_path: Path) -> None:
    root = tmp_path / "drop"
    write(root / "a.csv", "x,y\n1,2\n")
    write(root / "b.csv", "z\n3\n")
    deployment.connector("Drop", PROVIDER, root)
    deployment.start()
    deployment.refreshed("Drop")
    prefix = f"CSV::{root.as_posix()}/"
    a, b = f"CSV::{(root / 'a.csv').as_posix()}", f"CSV::{(root / 'b.csv').as_posix()}"
    a_parts = [a + "::schema", a + "::column::x", a + "::column::y"]
    snapshot = deployment.snapshot(prefix)
    assert set(snapshot.elements) == {a, *a_parts, b, b + "::schema", b + "::column::z"}
    assert_anchored(snapshot, a, a_parts)
    assert_anchored(snapshot, b, [b + "::schema", b + "::column::z"])

    # Deleting the file's element deletes what is anchored to it; the next refresh makes them all again.
    deployment.catalog.delete_element(snapshot.guid(a))
    assert set(deployment.snapshot(prefix).elements) == {b, b + "::schema", b + "::column::z"}
    stats = deployment.refresh("Drop")
    assert (stats["added"], stats["unchanged"], stats["removed"]) == (4, 3, 0)
    snapshot = deployment.snapshot(prefix)
    assert_anchored(snapshot, a, a_parts)
    assert deployment.positions("AttributeForSchema", a + "::schema") == {a + "::column::x": 0, a + "::column::y": 1}

    # The file deleted: its schema and columns go at the next refresh, with their relationships.
    (root / "a.csv").unlink()
    stats = deployment.refresh("Drop")
    assert (stats["removed"], stats["unchanged"]) == (4, 3)
    after = deployment.snapshot(prefix)
    assert set(after.elements) == {b, b + "::schema", b + "::column::z"}
    assert {r.guid for r in after.relationships} == {
        r.guid for r in snapshot.relationships if r.end1_guid not in {snapshot.guid(n) for n in (a, *a_parts)}
    }
    assert len(after.relationships) == 2  # b's Schema and AttributeForSchema


def test_sample_rows_bounds_what_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "late.csv", "n\n1\n2\nnot a number\n")
    assert [c.data_type for c in profile_csv(path, CSVOptions(sample_rows=2))[0]] == ["integer"]
    assert [c.data_type for c in profile_csv(path, CSVOptions(sample_rows=3))[0]] == ["string"]
    assert profile_csv(path, CSVOptions(sample_rows=2))[1] == 2


def test_a_file_that_vanishes_mid_scan_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "stays.csv", "a\n1\n")
    goes = write(tmp_path / "goes.csv", "a\n1\n")
    import egeria_nb.connectors.csv as module

    real = module.profile_csv

    def profile(path: Path, options: CSVOptions):  # the file goes between the stat and the read
        if path == goes:
            path.unlink()
        return real(path, options)

    monkeypatch.setattr(module, "profile_csv", profile)
    scan = scan_csv_folder(tmp_path, CSVOptions())
    assert (scan.files_seen, scan.files_vanished, scan.files_failed) == (1, 1, 0)


def test_shares_a_folder_with_the_folder_cataloguer(deployment: Deployment, tmp_path: Path) -> None:
    # As in the labs: both connectors watch one folder, and neither removes the other's elements.
    root = tmp_path / "drop"
    write(root / "a.csv", "x\n1\n")
    deployment.connector("Columns", PROVIDER, root)
    deployment.connector("Files", FOLDER, root)
    deployment.start()
    deployment.refreshed("Columns")
    deployment.refreshed("Files")
    deployment.refresh("Columns")
    stats = deployment.refresh("Files")
    assert stats["removed"] == 0
    assert list(deployment.elements("CSVFile")["fileName"]) == ["a.csv"]
    assert list(deployment.elements("DataFile", subtypes=False)["fileName"]) == ["a.csv"]
    # To a notebook, both are data files: a CSVFile is a DataFile.
    assert sorted(deployment.elements("DataFile")["type_name"]) == ["CSVFile", "DataFile"]


def test_bad_configuration_fails_naming_the_property(deployment: Deployment, tmp_path: Path) -> None:
    deployment.connector("Bad", PROVIDER, tmp_path, {"sample_rows": 0})
    deployment.start()
    message = deployment.wait_for("Bad", "FAILED")["failing_exception_message"]
    assert "sample_rows=0 must be a whole number, 1 or more" in message


@pytest.mark.parametrize(
    ("properties", "problem"),
    [
        ({"delimiter": ";;"}, "must be one character"),
        ({"encoding": "klingon"}, "not an encoding Python knows"),
        ({"sample_rows": "many"}, "must be a whole number"),
    ],
)
def test_options_refuse_bad_values(properties: dict[str, object], problem: str) -> None:
    with pytest.raises(ConnectorConfigurationError, match=problem):
        CSVOptions.from_properties(properties)


def test_options_accept_a_tab_delimiter() -> None:
    assert CSVOptions.from_properties({"delimiter": "\\t", "sample_rows": "5"}).delimiter == "\t"


def test_the_sample_csv_files_are_shipped() -> None:
    scan = scan_csv_folder(default_samples_dir() / "files", CSVOptions())
    assert (scan.files_seen, scan.files_failed) == (3, 0)
    types = {
        e.properties["displayName"]: e.classifications["TypeEmbeddedAttribute"]["dataType"]
        for e in scan.elements
        if e.type_name == "TabularColumn"
    }
    assert (types["date_of_birth"], types["consent_given"], types["weight_kg"]) == ("date", "boolean", "float")
