"""Picture (inline HTML, saving, bounds), the palette, and that the package imports on its own."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from egeria_nb.daemon.status import FAILED_STATES, ConnectorStatus, GroupStatus
from egeria_nb.pictures import Picture, timeline_picture, topology_picture
from egeria_nb.pictures.colours import (
    CONNECTOR_SWATCHES,
    FAILED_STATE_NAMES,
    GROUP_SWATCHES,
    UNKNOWN,
    connector_swatch,
    group_swatch,
)
from egeria_nb.pictures.picture import MAX_SVG_CHARS
from tests.pictures.records import NOW, connector, group, parse


def pictures() -> list[Picture]:
    return [
        timeline_picture([], [connector("a", ConnectorStatus.WAITING)], now=NOW),
        topology_picture("d", [group("G")], [connector("a", ConnectorStatus.WAITING)], running=True),
    ]


def test_a_picture_shows_inline_so_hover_text_works() -> None:
    for picture in pictures():
        html = picture._repr_html_()
        assert html.startswith('<div class="egeria-nb-picture"') and "<img" not in html
        assert html[html.index(">") + 1 :].startswith("<svg ")
        assert picture.svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        root = ET.fromstring(html)  # the div and the SVG in it are well-formed
        assert root.tag == "div"


def test_save_writes_an_svg_file_that_parses(tmp_path: Path) -> None:
    for picture in pictures():
        path = picture.save(tmp_path / f"{picture.kind}.svg")
        assert path == tmp_path / f"{picture.kind}.svg"
        text = path.read_text(encoding="utf-8")
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')
        root = ET.parse(path).getroot()
        assert root.get("width") == f"{picture.width:.0f}"
        assert picture.save(str(tmp_path / "again.svg")).read_text(encoding="utf-8") == text


def test_repr_is_short_and_says_kind_and_size() -> None:
    timeline, topology = pictures()
    assert repr(timeline).startswith(f"<Picture timeline {timeline.width:g}x{timeline.height:g} px, ")
    assert repr(topology).startswith("<Picture topology ")
    assert len(repr(topology)) < 100


def test_a_picture_holds_at_most_its_bound() -> None:
    huge = Picture("<svg/>" + " " * MAX_SVG_CHARS, kind="timeline", width=10, height=10)
    assert len(huge.svg) < 1000 and (huge.width, huge.height) == (560.0, 40.0)
    assert "more than 20,000,000" in huge.svg
    parse(huge)


def test_the_palette_has_every_state_and_failed_states_do_not_rely_on_colour_alone() -> None:
    assert set(CONNECTOR_SWATCHES) == {s.value for s in ConnectorStatus}
    assert set(GROUP_SWATCHES) == {s.value for s in GroupStatus}
    assert {s.value for s in FAILED_STATES} == FAILED_STATE_NAMES
    for name, swatch in CONNECTOR_SWATCHES.items():
        assert swatch.hatched == (name in FAILED_STATE_NAMES)
        assert connector_swatch(ConnectorStatus(name)) is swatch is connector_swatch(name)
    assert group_swatch(GroupStatus.FAILED).hatched
    assert len({s.colour for s in CONNECTOR_SWATCHES.values()}) == len(CONNECTOR_SWATCHES)
    assert connector_swatch(None) is UNKNOWN is connector_swatch("DISCONNECTED") and UNKNOWN.dashed
    assert UNKNOWN.colour not in {s.colour for s in CONNECTOR_SWATCHES.values()}


def test_the_package_imports_on_its_own_and_in_either_order_with_the_daemon() -> None:
    for code in (
        "import egeria_nb.pictures",
        "import egeria_nb.pictures, egeria_nb.daemon.daemon",
        "import egeria_nb.daemon.daemon, egeria_nb.pictures",
        "import egeria_nb, egeria_nb.pictures as p; assert 'Picture' not in egeria_nb.__all__; print(p.__all__)",
    ):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (code, done.stderr)
    assert "'Picture', 'timeline_picture', 'topology_picture'" in done.stdout
    lean = subprocess.run(
        [sys.executable, "-c", "import sys, egeria_nb.pictures; print('ipywidgets' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert lean.stdout.strip() == "False", lean.stderr
