"""The README's "Write your own connector" example runs as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import egeria_nb as enb
from egeria_nb.daemon.registry import DEFAULT_REGISTRY
from egeria_nb.metadata.catalog import MetadataCatalog
from tests.connectors.conftest import MD, Snapshot, assert_fits_egeria_types

README = Path(__file__).resolve().parents[2] / "README.md"


def example() -> str:
    text = README.read_text()
    section = text[text.index("## Write your own connector") :]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "the section has no python example"
    return match.group(1)


def test_the_write_your_own_connector_example_runs(
    platform: enb.EmbeddedPlatform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "analysis.ipynb").write_text("{}")
    (tmp_path / "notes.txt").write_text("not a notebook")
    monkeypatch.chdir(tmp_path)  # the example's endpoint address is "."
    namespace: dict[str, Any] = {"platform": platform}  # from the README's "In a notebook"
    try:
        exec(compile(example(), str(README), "exec"), namespace)  # our own README
        frame = namespace["daemon"].status()
        assert list(frame["status"].astype(str)) == ["WAITING"]
        assert frame.iloc[0]["statistics"]["notebooks"] == 1
        files = namespace["enb"].find_elements(namespace["platform"], "active-metadata-store", "DataFile")
        assert list(files["fileName"]) == ["analysis.ipynb"]
        assert list(files["qualified_name"]) == [(tmp_path / "analysis.ipynb").resolve().as_uri()]
        # What the example declares is Egeria's: a DataFile with only DataFile's attributes.
        snapshot = Snapshot.read(MetadataCatalog(platform, MD).blocking, tmp_path.resolve().as_uri() + "/")
        assert_fits_egeria_types(snapshot, ["DataFile"], [])
    finally:
        if "daemon" in namespace:
            namespace["daemon"].stop()
        DEFAULT_REGISTRY.unregister("my_project.NotebookCataloguer")
