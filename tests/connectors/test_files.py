"""FolderCataloguer: a real folder, a real daemon, the catalog read back over HTTP."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import egeria_nb as enb
from egeria_nb.connectors._common import ConnectorConfigurationError, synchronize_scope
from egeria_nb.connectors.files import FolderCataloguer, FolderOptions, describe_folder, list_folder, scan_folder
from egeria_nb.metadata.catalog import CatalogElement, MetadataCatalog
from egeria_nb.metadata.seed import default_samples_dir
from tests.connectors.conftest import MD, Deployment, assert_fits_egeria_types

PROVIDER = "egeria_nb.connectors.files.FolderCataloguer"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def modified(path: Path) -> pd.Timestamp:
    """The file's modification time as Egeria's dates hold it (milliseconds), as find_elements shows it."""
    return pd.Timestamp(path.stat().st_mtime_ns // 1_000_000, unit="ms", tz="UTC")


def test_catalogues_a_folder_and_follows_added_changed_and_deleted_files(
    deployment: Deployment, tmp_path: Path
) -> None:
    root = tmp_path / "landing"
    write(root / "a.txt", "alpha")
    write(root / "sub" / "b.csv", "x,y\n1,2\n")
    deployment.connector("Landing", PROVIDER, root)
    deployment.start()

    stats = deployment.refreshed("Landing")
    assert stats["files_seen"] == 2
    assert stats["folders_seen"] == 2
    assert stats["added"] == 4
    files = deployment.elements("DataFile")
    assert list(files["qualified_name"]) == [(root / "a.txt").as_uri(), (root / "sub" / "b.csv").as_uri()]
    assert list(files["type_name"]) == ["DataFile", "DataFile"]
    a = files.iloc[0]
    assert (a["displayName"], a["fileName"], a["pathName"]) == ("a.txt", "a.txt", str(root / "a.txt"))
    assert (a["fileType"], a["fileExtension"]) == ("text/plain", "txt")
    assert a["additionalProperties"] == {"size": "5"}  # Egeria's DataFile has no size attribute
    assert a["storeUpdateTime"] == modified(root / "a.txt")
    assert files.iloc[1]["fileType"] == "text/csv"
    folders = deployment.elements("FileFolder")
    assert list(folders["qualified_name"]) == [root.as_uri() + "/", (root / "sub").as_uri() + "/"]
    assert list(zip(folders["displayName"], folders["pathName"], strict=True)) == [
        ("landing", str(root)),
        ("sub", str(root / "sub")),
    ]
    assert deployment.links("NestedFile") == {
        (root.as_uri() + "/", (root / "a.txt").as_uri()),
        ((root / "sub").as_uri() + "/", (root / "sub" / "b.csv").as_uri()),
    }
    assert deployment.links("FolderHierarchy") == {(root.as_uri() + "/", (root / "sub").as_uri() + "/")}
    assert_fits_egeria_types(
        deployment.snapshot(root.as_uri() + "/"), FolderCataloguer.SCOPE_TYPES, FolderCataloguer.RELATIONSHIP_TYPES
    )

    # Add one file, change one, delete one; each refresh sees exactly that.
    write(root / "sub" / "deeper" / "c.json", "{}")
    write(root / "a.txt", "alpha, longer now")
    os.utime(root / "a.txt", ns=(0, 1_700_000_000_123_456_789))  # a modification time Egeria's dates can hold
    (root / "sub" / "b.csv").unlink()
    stats = deployment.refresh("Landing")
    assert (stats["added"], stats["updated"], stats["removed"]) == (2, 1, 1)  # c.json and its folder; a.txt; b.csv
    files = deployment.elements("DataFile")
    assert list(files["fileName"]) == ["a.txt", "c.json"]
    assert files.iloc[0]["additionalProperties"] == {"size": str(len("alpha, longer now"))}
    assert files.iloc[0]["storeUpdateTime"] == pd.Timestamp(1_700_000_000_123, unit="ms", tz="UTC")
    assert files.iloc[1]["fileType"] == "application/json"
    assert ((root / "sub").as_uri() + "/", (root / "sub" / "deeper").as_uri() + "/") in deployment.links(
        "FolderHierarchy"
    )
    assert ((root / "sub" / "deeper").as_uri() + "/", (root / "sub" / "deeper" / "c.json").as_uri()) in (
        deployment.links("NestedFile")
    )

    # Nothing changed: nothing is written.
    before = deployment.last_sequence()
    stats = deployment.refresh("Landing")
    assert (stats["added"], stats["updated"], stats["removed"], stats["unchanged"]) == (0, 0, 0, 5)
    assert deployment.last_sequence() == before

    # A folder removed with what is in it: its FileFolder, its files and their relationships go.
    shutil.rmtree(root / "sub" / "deeper")
    stats = deployment.refresh("Landing")
    assert (stats["added"], stats["updated"], stats["removed"]) == (0, 0, 2)
    assert list(deployment.elements("FileFolder")["displayName"]) == ["landing", "sub"]
    assert deployment.links("FolderHierarchy") == {(root.as_uri() + "/", (root / "sub").as_uri() + "/")}
    assert deployment.links("NestedFile") == {(root.as_uri() + "/", (root / "a.txt").as_uri())}


def test_leaves_other_folders_alone(deployment: Deployment, tmp_path: Path) -> None:
    # "drop" is a prefix of "drop2": the cataloguer's scope must stop at the folder's own URL.
    write(tmp_path / "drop" / "one.txt", "1")
    write(tmp_path / "drop2" / "two.txt", "2")
    deployment.connector("Drop", PROVIDER, tmp_path / "drop")
    deployment.connector("Drop2", PROVIDER, tmp_path / "drop2")
    deployment.start()
    deployment.refreshed("Drop")
    deployment.refreshed("Drop2")
    (tmp_path / "drop" / "one.txt").unlink()
    deployment.refresh("Drop")
    assert [Path(p).name for p in deployment.elements("DataFile")["pathName"]] == ["two.txt"]


def test_owns_only_its_relationship_types(deployment: Deployment, tmp_path: Path) -> None:
    # Between its own elements, the cataloguer keeps NestedFile and FolderHierarchy exactly as the folder
    # has them, and leaves relationships of other types (someone's lineage) alone.
    root = tmp_path / "drop"
    a, b = write(root / "a.csv", "x\n1\n"), write(root / "b.csv", "x\n2\n")
    write(root / "c.txt", "gone soon")
    write(root / "sub" / "d.txt", "d")
    deployment.connector("Drop", PROVIDER, root)
    deployment.start()
    deployment.refreshed("Drop")
    snapshot = deployment.snapshot(root.as_uri() + "/")
    deployment.catalog.create_relationship(
        "DataFlow", snapshot.guid(a.as_uri()), snapshot.guid(b.as_uri()), {"label": "cleaned"}
    )
    sub = (root / "sub").as_uri() + "/"
    deployment.catalog.create_relationship("NestedFile", snapshot.guid(sub), snapshot.guid(a.as_uri()))

    write(root / "a.csv", "x\n1\n3\n")
    (root / "c.txt").unlink()
    stats = deployment.refresh("Drop")
    assert (stats["added"], stats["updated"], stats["removed"]) == (0, 1, 1)
    assert deployment.relationships("DataFlow") == {(a.as_uri(), b.as_uri()): {"label": "cleaned"}}
    assert deployment.links("NestedFile") == {
        (root.as_uri() + "/", a.as_uri()),
        (root.as_uri() + "/", b.as_uri()),
        (sub, (root / "sub" / "d.txt").as_uri()),
    }


def test_configuration_properties_choose_what_is_catalogued(deployment: Deployment, tmp_path: Path) -> None:
    root = tmp_path / "drop"
    write(root / "keep.csv", "a\n1\n")
    write(root / "keep.txt", "text")
    write(root / "skip-me.csv", "a\n2\n")
    write(root / "image.png", "not really")
    write(root / "sub" / "nested.csv", "a\n3\n")
    deployment.connector(
        "Drop",
        PROVIDER,
        root,
        {"recursive": "false", "include": "*.csv, *.txt", "exclude": ["skip-*"], "hash": True},
    )
    deployment.start()
    stats = deployment.refreshed("Drop")
    assert (stats["files_seen"], stats["folders_seen"]) == (2, 1)
    files = deployment.elements("DataFile")
    assert list(files["fileName"]) == ["keep.csv", "keep.txt"]
    assert list(files["additionalProperties"]) == [
        {"size": "4", "sha256": hashlib.sha256(b"a\n1\n").hexdigest()},
        {"size": "4", "sha256": hashlib.sha256(b"text").hexdigest()},
    ]


def test_a_missing_folder_fails_the_connector_naming_it(deployment: Deployment, tmp_path: Path) -> None:
    missing = tmp_path / "not" / "there"
    deployment.connector("Missing", PROVIDER, missing)
    deployment.start()
    row = deployment.wait_for("Missing", "FAILED")
    message = row["failing_exception_message"]
    assert str(missing) in message
    assert "does not exist" in message
    assert "endpoint address" in message  # says what to do

    # Create it and restart: the connector recovers.
    write(missing / "late.txt", "here now")
    assert deployment.daemon is not None
    deployment.daemon.restart("Missing")
    deployment.refreshed("Missing")
    assert list(deployment.elements("DataFile")["fileName"]) == ["late.txt"]


def test_a_file_instead_of_a_folder_fails_naming_it(deployment: Deployment, tmp_path: Path) -> None:
    not_a_folder = write(tmp_path / "file.txt", "x")
    deployment.connector("NotAFolder", PROVIDER, not_a_folder)
    deployment.start()
    message = deployment.wait_for("NotAFolder", "FAILED")["failing_exception_message"]
    assert f"{not_a_folder} is not a folder" in message


def test_bad_configuration_fails_naming_the_property(deployment: Deployment, tmp_path: Path) -> None:
    deployment.connector("BadConfig", PROVIDER, tmp_path / "drop", {"recursive": "sometimes"})
    deployment.start()
    message = deployment.wait_for("BadConfig", "FAILED")["failing_exception_message"]
    assert "recursive='sometimes'" in message
    assert "true or false" in message


def test_a_scope_too_big_for_one_request_fails_saying_what_to_do(platform: enb.EmbeddedPlatform) -> None:
    # Over the platform's limit for one sync request (64 MiB): refused whole, nothing stored, the connector says why.
    catalog = MetadataCatalog(platform, MD)
    big = [CatalogElement("DataFile", f"file:///big/{i}", {"description": "x" * 3_000_000}) for i in range(23)]
    sync = synchronize_scope(
        catalog,
        type_names=["DataFile"],
        relationship_types=["NestedFile"],
        prefix="file:///big/",
        elements=big,
        relationships=[],
        what="The folder /big",
    )
    with pytest.raises(ConnectorConfigurationError, match="The folder /big is too big to catalogue in one request"):
        platform.run(sync)
    assert catalog.blocking.find_elements("DataFile") == []


# -- the scan itself -----------------------------------------------------------------------------------------


def test_a_file_that_vanishes_mid_scan_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "stays.txt", "s")
    write(tmp_path / "goes.txt", "g")
    options = FolderOptions(hash=True)
    listing = list_folder(tmp_path, options)
    assert [f for f, _ in listing.files] == ["goes.txt", "stays.txt"]
    (tmp_path / "goes.txt").unlink()  # between listing and stat
    scan = describe_folder(listing, options, {})
    assert scan.files_vanished == 1
    assert [e.properties["fileName"] for e in scan.elements if e.type_name == "DataFile"] == ["stays.txt"]
    assert all("goes.txt" not in r.end2_qualified_name for r in scan.relationships)


def test_a_subfolder_that_vanishes_mid_scan_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "sub" / "x.txt", "x")
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("sub"):
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr("egeria_nb.connectors.files.os.scandir", scandir)
    listing = list_folder(tmp_path, FolderOptions())
    assert listing.files == []
    assert len(listing.unreadable) == 1
    assert "sub" in listing.unreadable[0]


def test_hashes_are_reused_while_a_file_is_unchanged(tmp_path: Path) -> None:
    path = write(tmp_path / "a.bin", "one")
    hashes: dict[str, tuple[int, int, str]] = {}
    first = scan_folder(tmp_path, FolderOptions(hash=True), hashes)
    digest = first.elements[1].properties["additionalProperties"]["sha256"]
    assert digest == hashlib.sha256(b"one").hexdigest()
    assert hashes[str(path)][2] == digest
    # A cached hash for the same size and mtime is used as it is: the file is not read again.
    hashes[str(path)] = (*hashes[str(path)][:2], "cached")
    again = scan_folder(tmp_path, FolderOptions(hash=True), hashes).elements[1]
    assert again.properties["additionalProperties"]["sha256"] == "cached"
    path.unlink()
    scan_folder(tmp_path, FolderOptions(hash=True), hashes)
    assert hashes == {}


@pytest.mark.parametrize(
    ("properties", "problem"),
    [
        ({"recursive": "perhaps"}, "recursive='perhaps' must be true or false"),
        ({"hash": 2}, "hash=2 must be true or false"),
        ({"include": 5}, "include=5 must be glob patterns"),
        ({"exclude": ["*.tmp", 3]}, "must be glob patterns"),
    ],
)
def test_options_refuse_bad_values(properties: dict[str, object], problem: str) -> None:
    with pytest.raises(ConnectorConfigurationError, match=problem.replace("*", r"\*").replace(".", r"\.")):
        FolderOptions.from_properties(properties)


def test_options_accept_text_and_lists() -> None:
    options = FolderOptions.from_properties({"recursive": "no", "include": " *.csv ,*.tsv,", "exclude": [".git"]})
    assert options == FolderOptions(recursive=False, include=("*.csv", "*.tsv"), exclude=(".git",), hash=False)


def test_the_sample_folder_is_shipped() -> None:
    scan = scan_folder(default_samples_dir() / "files", FolderOptions())
    names = {e.properties["fileName"] for e in scan.elements if e.type_name == "DataFile"}
    assert {"hospitals.csv", "patients.csv", "measurements.csv"} <= names
    assert scan.folders_seen >= 2  # the folder and a nested one


def test_importing_the_package_imports_no_connector() -> None:
    code = (
        "import sys, egeria_nb.connectors; "
        "print(sorted(m for m in sys.modules if m.startswith('egeria_nb.connectors.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
