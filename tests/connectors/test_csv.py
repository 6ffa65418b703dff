"""CSVSchemaCataloguer: real CSV files in a real folder, a real daemon, the catalog read back over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from egeria_nb.connectors._common import ConnectorConfigurationError
from egeria_nb.connectors.csv import CSVOptions, profile_csv, scan_csv_folder
from egeria_nb.metadata.seed import default_samples_dir
from tests.connectors.conftest import Deployment

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
    assert (stats["files_seen"], stats["files_failed"]) == (2, 0)
    files = deployment.elements("CSVFile")
    assert list(files["qualified_name"]) == [
        f"CSV::{sales.as_posix()}",
        f"CSV::{(root / 'sub' / 'stock.csv').as_posix()}",
    ]
    assert (files.iloc[0]["columnCount"], files.iloc[0]["sampledRows"], files.iloc[0]["size"]) == (
        5,
        3,
        sales.stat().st_size,
    )
    columns = deployment.elements("TabularColumn").set_index("qualified_name")
    column = f"CSV::{sales.as_posix()}::column::"
    assert columns.loc[column + "id", "dataType"] == "integer"
    assert columns.loc[column + "day", "dataType"] == "date"
    amount = columns.loc[column + "amount"]
    assert (amount["dataType"], amount["position"], amount["nullCount"], amount["isNullable"]) == ("float", 2, 1, True)
    assert columns.loc[column + "paid", "dataType"] == "boolean"
    assert (columns.loc[column + "region", "dataType"], columns.loc[column + "id", "isNullable"]) == ("string", False)
    # The stock file uses ";" but the default delimiter is ",": one column named "sku;count".
    assert columns.loc[f"CSV::{(root / 'sub' / 'stock.csv').as_posix()}::column::sku;count", "position"] == 0
    schema = f"CSV::{sales.as_posix()}::schema"
    assert (f"CSV::{sales.as_posix()}", schema) in deployment.links("AssetSchemaType")
    assert {(schema, column + name) for name in ("id", "day", "amount", "paid", "region")} <= deployment.links(
        "AttributeForSchema"
    )

    # A column added to one file, another file deleted.
    write(root / "sales.csv", "id,day,amount,paid,region,channel\n1,2024-05-01,9.5,true,north,web\n")
    (root / "sub" / "stock.csv").unlink()
    stats = deployment.refresh("Drop")
    assert (stats["files_seen"], stats["files_read"]) == (1, 1)
    columns = deployment.elements("TabularColumn")
    assert list(columns.sort_values("position")["name"]) == ["id", "day", "amount", "paid", "region", "channel"]
    assert list(deployment.elements("CSVFile")["name"]) == ["sales.csv"]

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
    files = deployment.elements("CSVFile").set_index("name")
    assert "ParserError" in files.loc["ragged.csv", "readError"]
    assert files.loc["ragged.csv", "pathName"] == str(ragged)
    assert files.loc["empty.csv", "columnCount"] == 0
    assert files["readError"].isna()["good.csv"]


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
    assert list(deployment.elements("CSVFile")["name"]) == ["a.csv"]
    assert list(deployment.elements("DataFile")["name"]) == ["a.csv"]


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
    types = {e.properties["name"]: e.properties["dataType"] for e in scan.elements if e.type_name == "TabularColumn"}
    assert (types["date_of_birth"], types["consent_given"], types["weight_kg"]) == ("date", "boolean", "float")
