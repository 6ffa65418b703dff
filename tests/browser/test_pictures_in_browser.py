"""The daemon's pictures in a real browser: JupyterLab 4, Notebook 7, Voila, a static HTML export, and a big SVG.

pictures.ipynb (tests/browser/conftest.py) runs a daemon with one connector whose 2nd refresh fails and
one healthy connector, then shows ``daemon.diagnose()``, ``daemon.timeline(minutes=2)`` and
``daemon.topology()``. Each test waits for what the page shows (never sleeps) and reads the drawing back
from the DOM: the failing connector's row has a FAILED band and a failure marker whose hover text is the
failure message, its topology box is FAILED, the legend says FAILED.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest

from egeria_nb.daemon.history import HistoryEvent
from egeria_nb.daemon.runner import ConnectorStatistics
from egeria_nb.daemon.status import ConnectorStatus
from egeria_nb.pictures import timeline_picture
from tests.browser.chromium import painted_ms
from tests.browser.conftest import (
    ARTIFACTS,
    FAILING,
    FAILING_MESSAGE,
    HEALTHY,
    NOTEBOOKS,
    Home,
    Server,
    Shots,
    open_notebook,
    require_modules,
    run_all_cells,
)
from tests.conftest import IN_CI
from tests.pictures.records import NOW, connector, event, parse, with_class

try:
    from playwright.sync_api import expect
except ImportError:
    if IN_CI:
        raise
    pytest.skip("playwright is not installed (pip install -e '.[test]')", allow_module_level=True)

pytestmark = pytest.mark.browser

TIMELINE = "svg.egeria-nb-timeline"
TOPOLOGY = "svg.egeria-nb-topology"
DIAGNOSIS = ".egeria-nb-diagnosis"
DASHBOARD = ".enb-dashboard"
FLAKY = "flaky-training"  # dashboard.ipynb's connector
# Room for the topology (wider than the timeline) beside JupyterLab's side bar.
WIDE = {"width": 1440, "height": 1000}
# And for the whole of pictures.ipynb at once, so that each cell's screenshot has all of it in view.
TALL = {"width": 1440, "height": 2400}
# nbconvert --execute: a kernel, an embedded platform and a daemon of its own (about 15 s here).
EXPORT_DEADLINE_S = 240
EXPORT_CELL_TIMEOUT_S = 120
# The big timeline: connectors, state changes over the hour drawn.
MANY_CONNECTORS, MANY_CHANGES, MANY_MINUTES = 300, 5_000, 60.0
RENDER_RECORD = ARTIFACTS / "picture-render.json"
# Notebook 7.6's shortcuts settings plugin throws this while loading any notebook (test_widgets_in_browser.py).
NB7_OWN_ERROR = "Cannot read properties of undefined (reading 'schema')"
# What the page shows is a kernel round trip away; this only bounds the waits. (Global, and the same as
# test_widgets_in_browser.py's, so that neither module changes the other's waits, whichever is imported last.)
expect.set_options(timeout=20_000)


def no_page_errors(page: Any, allowed: tuple[str, ...] = ()) -> None:
    errors = [e for e in page.page_errors if e not in allowed]
    assert errors == [], errors


def code_cell(page: Any, selector: str) -> Any:
    """The notebook cell whose output holds ``selector``: the code that made it and its output, for a screenshot."""
    return page.locator(".jp-CodeCell", has=page.locator(selector))


def titled(locator: Any, page: Any, text: str) -> Any:
    """The elements of ``locator`` whose SVG ``<title>`` (the hover text) contains ``text``."""
    return locator.filter(has=page.locator("title", has_text=text))


# -- what every view of pictures.ipynb must show ----------------------------------------------------


def check_timeline(page: Any, timeline: Any) -> None:
    """The failing connector's row: a FAILED band on it, a failure marker saying why; the legend says FAILED."""
    expect(timeline).to_be_visible()
    label = timeline.locator("text.row-label", has_text=FAILING)
    expect(label).to_have_count(1)
    expect(timeline.locator("text.row-label", has_text=HEALTHY)).to_have_count(1)
    failed = titled(timeline.locator('rect.band[data-state="FAILED"]'), page, FAILING)
    expect(failed).to_have_count(1)
    expect(failed).to_be_visible()
    # On the failing connector's row, as drawn: the band and the row's label share a line.
    band_box, label_box = failed.bounding_box(), label.bounding_box()
    assert band_box["y"] < label_box["y"] + label_box["height"] and label_box["y"] < band_box["y"] + band_box["height"]
    assert band_box["x"] > label_box["x"] + label_box["width"]
    # No FAILED band on the healthy connector's row.
    expect(titled(timeline.locator('rect.band[data-state="FAILED"]'), page, HEALTHY)).to_have_count(0)

    marker = titled(timeline.locator("path.failure"), page, FAILING_MESSAGE)
    expect(marker).to_have_count(1)  # failed once, and nobody restarted it
    expect(marker).to_be_visible()
    expect(marker.locator("title")).to_contain_text(FAILING)
    expect(marker.locator("title")).to_contain_text(f"refresh call 2; {FAILING_MESSAGE}")

    expect(timeline.locator('g.legend-item[data-state="FAILED"]')).to_have_text("FAILED")
    expect(timeline.locator('g.legend-item[data-state="FAILED"]')).to_be_visible()
    expect(timeline.locator('g.legend-marker[data-marker="failure"]')).to_be_visible()


def check_topology(topology: Any) -> None:
    """The failing connector's box is FAILED, says why on hover; the healthy one is not."""
    expect(topology).to_be_visible()
    box = topology.locator(f'g.connector[data-name="{FAILING}"]')
    expect(box).to_be_visible()
    expect(box).to_have_attribute("data-state", "FAILED")
    expect(box.locator("title")).to_contain_text(FAILING_MESSAGE)
    expect(box.locator("path.failure")).to_be_visible()
    healthy = topology.locator(f'g.connector[data-name="{HEALTHY}"]')
    expect(healthy).to_be_visible()
    expect(healthy).to_have_attribute("data-state", re.compile(r"^(WAITING|REFRESHING)$"))


def check_diagnosis(diagnosis: Any) -> None:
    expect(diagnosis).to_be_visible()
    row = diagnosis.locator("tbody tr", has_text=f"connector {FAILING}: state")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text("✗")
    expect(row).to_contain_text(FAILING_MESSAGE)
    expect(diagnosis.locator("p").first).to_contain_text(f"connector {FAILING}: state failed")


# -- JupyterLab ---------------------------------------------------------------------------------------


def test_lab_pictures_show_the_failing_connector(lab: Server, fresh_definitions: Any, page: Any, shots: Shots) -> None:
    page.set_viewport_size(TALL)
    open_notebook(page, lab, "pictures.ipynb")
    run_all_cells(page, TOPOLOGY)
    timeline, topology = page.locator(TIMELINE), page.locator(TOPOLOGY)
    check_timeline(page, timeline)
    check_topology(topology)
    check_diagnosis(page.locator(DIAGNOSIS))
    # Only one picture of each: the cells ran once.
    expect(timeline).to_have_count(1)
    expect(topology).to_have_count(1)

    shots.take(code_cell(page, TIMELINE), "timeline", readme_name="timeline-lab.png")
    shots.take(code_cell(page, TOPOLOGY), "topology", readme_name="topology-lab.png")
    shots.take(code_cell(page, DIAGNOSIS), "diagnosis", readme_name="diagnose-lab.png")
    no_page_errors(page)


def test_lab_dashboard_timeline_and_topology_tabs(lab: Server, fresh_definitions: Any, page: Any, shots: Shots) -> None:
    page.set_viewport_size(WIDE)
    open_notebook(page, lab, "dashboard.ipynb")
    run_all_cells(page, DASHBOARD)
    dashboard = page.locator(DASHBOARD)
    tabs = dashboard.locator(".enb-dash-tabs")
    expect(tabs.get_by_role("tab")).to_have_text(["Status", "Timeline", "Topology"])
    # The 2nd refresh fails a "minute" (3 s) after the start: the pictures then have a failure to show.
    status = dashboard.locator(".widget-hbox", has=page.locator(".enb-dash-row", has_text=FLAKY)).locator(".enb-status")
    expect(status).to_have_text("FAILED", timeout=30_000)

    tabs.get_by_role("tab", name="Timeline").click()
    timeline = dashboard.locator(f".enb-dash-timeline {TIMELINE}")
    expect(timeline).to_be_visible()
    expect(timeline.locator("text.row-label", has_text=FLAKY)).to_have_count(1)
    expect(titled(timeline.locator('rect.band[data-state="FAILED"]'), page, FLAKY)).to_have_count(1)
    expect(titled(timeline.locator("path.failure"), page, FAILING_MESSAGE)).to_have_count(1)
    expect(dashboard.locator(".enb-dash-rows")).to_be_hidden()  # the Status tab is not shown meanwhile
    shots.take(code_cell(page, DASHBOARD), "timeline", readme_name="dashboard-timeline-lab.png")

    tabs.get_by_role("tab", name="Topology").click()
    topology = dashboard.locator(f".enb-dash-topology {TOPOLOGY}")
    expect(topology).to_be_visible()
    box = topology.locator(f'g.connector[data-name="{FLAKY}"]')
    expect(box).to_be_visible()
    expect(box).to_have_attribute("data-state", "FAILED")
    expect(box.locator("title")).to_contain_text(FAILING_MESSAGE)
    expect(timeline).to_be_hidden()
    shots.take(dashboard, "topology")
    no_page_errors(page)


# -- Notebook 7 and Voila -----------------------------------------------------------------------------


def test_notebook7_pictures_render(nb7: Server, fresh_definitions: Any, page: Any, shots: Shots) -> None:
    page.set_viewport_size(WIDE)
    open_notebook(page, nb7, "pictures.ipynb")
    run_all_cells(page, TOPOLOGY)
    timeline = page.locator(TIMELINE)
    expect(timeline.locator("rect.band").first).to_be_visible()
    check_timeline(page, timeline)
    check_topology(page.locator(TOPOLOGY))
    shots.take(code_cell(page, TIMELINE), "timeline")
    no_page_errors(page, allowed=(NB7_OWN_ERROR,))


def test_voila_pictures_render_with_no_code(
    voila_pictures_server: Server, fresh_definitions: Any, page: Any, shots: Shots
) -> None:
    page.set_viewport_size(WIDE)
    # Voila runs every cell on page load (the daemon's failure included) and shows only the outputs.
    page.goto(voila_pictures_server.url + "/")
    timeline = page.locator(TIMELINE)
    expect(timeline).to_be_visible(timeout=90_000)
    check_timeline(page, timeline)
    check_topology(page.locator(TOPOLOGY))
    check_diagnosis(page.locator(DIAGNOSIS))
    expect(page.get_by_text("daemon.timeline(")).to_have_count(0)  # no code on the page
    expect(page.get_by_text("enb.IntegrationDaemon(")).to_have_count(0)
    shots.take(page.locator(".jp-OutputArea-output", has=timeline), readme_name="timeline-voila.png")
    no_page_errors(page)


# -- a static HTML export -----------------------------------------------------------------------------


def test_static_html_export_shows_both_pictures(page: Any, shots: Shots, tmp_path: Path) -> None:
    require_modules("nbconvert", "ipykernel")
    notebook = tmp_path / "pictures.ipynb"
    nbformat.write(NOTEBOOKS["pictures.ipynb"], notebook)
    home = Home(tmp_path / "export")  # the kernel starts an embedded platform of its own in this data directory
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "nbconvert",
        "--to",
        "html",
        "--execute",
        f"--ExecutePreprocessor.timeout={EXPORT_CELL_TIMEOUT_S}",
        "--output-dir",
        str(tmp_path),
        str(notebook),
    ]
    try:
        done = subprocess.run(
            command, cwd=tmp_path, env=home.env(), capture_output=True, text=True, timeout=EXPORT_DEADLINE_S
        )
    except subprocess.TimeoutExpired as timeout:
        pytest.fail(f"nbconvert --execute took over {EXPORT_DEADLINE_S} s:\n{timeout.stderr}", pytrace=False)
    assert done.returncode == 0, done.stderr[-3000:]
    exported = tmp_path / "pictures.html"
    assert exported.is_file(), done.stderr[-3000:]

    # The export links require.js and MathJax from a CDN: offline here, and not what draws the pictures.
    page.route(re.compile(r"^https?://"), lambda route: route.abort())
    page.set_viewport_size(WIDE)
    page.goto(exported.as_uri())
    timeline, topology = page.locator(TIMELINE), page.locator(TOPOLOGY)
    check_timeline(page, timeline)
    check_topology(topology)
    expect(timeline.locator("path.failure title").first).to_contain_text(FAILING_MESSAGE)
    shots.take(page.locator(".jp-OutputArea-output", has=timeline), "timeline")


# -- a big timeline -----------------------------------------------------------------------------------


def many_records(connectors: int, changes: int) -> tuple[list[HistoryEvent], list[ConnectorStatistics]]:
    """``changes`` state changes over the hour before NOW, spread among ``connectors`` connectors in 10 groups.

    Mostly refreshes (WAITING <-> REFRESHING); every 53rd change is a failure, and a failed connector's
    next change is its restart (INITIALIZED).
    """
    names = [f"connector-{i:03}" for i in range(connectors)]
    group = {name: f"Egeria:IntegrationGroup:G{i % 10}" for i, name in enumerate(names)}
    state = dict.fromkeys(names, "WAITING")
    events = []
    for k in range(changes):
        name = names[(k * 7919) % connectors]  # a fixed order that visits every connector in turn
        before = state[name]
        if before == "FAILED":
            after = "INITIALIZED"
        elif k % 53 == 0:
            after = "FAILED"
        else:
            after = "REFRESHING" if before == "WAITING" else "WAITING"
        state[name] = after
        message = "RuntimeError: the source went away" if after == "FAILED" else after.capitalize()
        events.append(event(MANY_MINUTES * (1 - k / changes), name, before, after, message, group=group[name]))
    now = [
        connector(
            name,
            ConnectorStatus(state[name]),
            group=group[name],
            failing="RuntimeError: the source went away" if state[name] == "FAILED" else None,
        )
        for name in names
    ]
    return events, now


def test_an_svg_with_hundreds_of_connectors_and_thousands_of_changes_renders(page: Any, shots: Shots) -> None:
    events, connectors = many_records(MANY_CONNECTORS, MANY_CHANGES)
    assert len(events) == MANY_CHANGES and {e.connector for e in events} == {c.connector_name for c in connectors}
    picture = timeline_picture(events, connectors, now=NOW, minutes=MANY_MINUTES, max_rows=MANY_CONNECTORS)
    root = parse(picture)
    bands = len(with_class(root, "band"))
    failures = len(with_class(root, "failure"))
    assert len(with_class(root, "row-label")) == MANY_CONNECTORS
    assert bands == picture.svg.count('<rect class="band"') and bands > MANY_CONNECTORS
    assert failures > 0

    to_painted, from_parsing = painted_ms(page, picture, bands)
    timing = {"set_content_to_painted_ms": to_painted, "parsing_to_painted_ms": from_parsing}
    svg = page.locator(TIMELINE)
    expect(svg).to_be_visible()
    box = svg.bounding_box()
    assert (box["width"], box["height"]) == (picture.width, picture.height)
    assert page.evaluate("document.querySelectorAll('svg.egeria-nb-timeline rect.band').length") == bands
    assert page.evaluate("document.querySelectorAll('svg.egeria-nb-timeline text.row-label').length") == MANY_CONNECTORS
    assert page.evaluate("document.querySelectorAll('svg.egeria-nb-timeline path.failure').length") == failures
    shots.take(page, "top")

    # Recorded, not asserted: how fast is a benchmark's business (benchmarks/pictures.py, figure 16).
    record = {
        "connectors": MANY_CONNECTORS,
        "changes": MANY_CHANGES,
        "rows_drawn": MANY_CONNECTORS,
        "bands": bands,
        "failure_markers": failures,
        "svg_chars": len(picture.svg),
        "svg_px": [picture.width, picture.height],
        **{k: round(v, 1) for k, v in timing.items()},
        "browser": page.context.browser.version,
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    RENDER_RECORD.write_text(json.dumps(record, indent=1) + "\n")
    print(f"\n{MANY_CONNECTORS} x {MANY_CHANGES:,} timeline in Chromium: {json.dumps(record)}")
