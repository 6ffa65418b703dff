"""Figures 14-16: drawing a daemon's pictures (egeria_nb.pictures) from plain records, no platform needed.

14: ``timeline_picture`` of 500 connectors and 20,000 history events (all in the hour drawn).
15: ``topology_picture`` of 20 groups of 500 connectors each (10,000 connectors, 50 drawn per group).
Both are pure Python (string building and one template render each), so each figure is an absolute
target: a picture must come back well under a second, as a notebook cell's output.
16: those timelines rendered in Chromium (Debian's /usr/bin/chromium driven by Playwright): figure 14's
picture, and one of 300 connectors x 5,000 events with every row drawn; from ``page.set_content`` until
the SVG has its full size and every band is in the DOM, and that frame has been painted (browser clock).
Skipped, with a note, when Chromium or Playwright is missing.

Usage alone: python -m benchmarks.pictures [--quick]   (prints its figures; results/latest.json is left alone)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from importlib.util import find_spec
from pathlib import Path

from benchmarks.harness import Figure, Report, median_time
from egeria_nb.daemon.groups import GroupSnapshot
from egeria_nb.daemon.history import HistoryEvent
from egeria_nb.daemon.runner import ConnectorStatistics
from egeria_nb.daemon.status import ConnectorStatus, GroupStatus
from egeria_nb.pictures import timeline_picture, topology_picture
from tests.browser.chromium import CHROMIUM, CHROMIUM_FLAGS, painted_ms

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
CONNECTORS, EVENTS, MINUTES = 500, 20_000, 60.0
GROUPS, PER_GROUP = 20, 500
# A daemon's usual life: mostly refreshes, now and then a failure and a restart.
CYCLE = [ConnectorStatus.WAITING, ConnectorStatus.REFRESHING]
# Figure 16: the browser (as tests/browser/conftest.py launches it), the smaller timeline, the page's size.
SMALL_CONNECTORS, SMALL_EVENTS = 300, 5_000
VIEWPORT = {"width": 1280, "height": 900}


def _connector(group: str, name: str, status: ConnectorStatus) -> ConnectorStatistics:
    failing = "RuntimeError: the source went away" if status == ConnectorStatus.FAILED else None
    return ConnectorStatistics(
        group=group,
        connector_name=name,
        connector_id=f"{group}/{name}",
        connector_guid=None,
        provider="egeria_nb.connectors.training.TrainingConnector",
        status=status,
        last_status_change=NOW - timedelta(hours=2),
        last_refresh_time=NOW - timedelta(seconds=30),
        refresh_interval_min=1,
        restarts=0,
        failing_exception_message=failing,
        uses_blocking_calls=False,
        statistics={"files_seen": 100, "added": 3},
    )


def timeline_records(
    how_many: int = CONNECTORS, changes: int = EVENTS
) -> tuple[list[HistoryEvent], list[ConnectorStatistics]]:
    rng = random.Random(14)
    connectors = [
        _connector(f"Egeria:IntegrationGroup:G{i % 20:02}", f"connector-{i:03}", ConnectorStatus.WAITING)
        for i in range(how_many)
    ]
    state = {c.connector_id: ConnectorStatus.WAITING for c in connectors}
    events = []
    for k in range(changes):
        c = connectors[rng.randrange(how_many)]
        before = state[c.connector_id]
        if before == ConnectorStatus.FAILED:
            after = ConnectorStatus.INITIALIZED
        elif rng.random() < 0.02:
            after = ConnectorStatus.FAILED
        else:
            after = CYCLE[(CYCLE.index(before) + 1) % 2] if before in CYCLE else ConnectorStatus.WAITING
        state[c.connector_id] = after
        when = NOW - timedelta(minutes=MINUTES * (1 - k / changes))
        message = "RuntimeError: the source went away" if after == ConnectorStatus.FAILED else str(after)
        events.append(HistoryEvent(when, c.group, c.connector_name, c.connector_id, str(before), str(after), message))
    connectors = [
        _connector(c.group, c.connector_name, state[c.connector_id]) if state[c.connector_id] != c.status else c
        for c in connectors
    ]
    return events, connectors


def topology_records() -> tuple[list[GroupSnapshot], list[ConnectorStatistics]]:
    groups, connectors = [], []
    for g in range(GROUPS):
        name = f"Egeria:IntegrationGroup:G{g:02}"
        server = f"metadata-store-{g % 3}"
        groups.append(
            GroupSnapshot(
                name, GroupStatus.RUNNING, server, "https://localhost:9443", f"guid-{g}", None, PER_GROUP, NOW, None
            )
        )
        for i in range(PER_GROUP):
            status = ConnectorStatus.FAILED if i % 97 == 0 else ConnectorStatus.WAITING
            connectors.append(_connector(name, f"connector-{i:03}", status))
    return groups, connectors


def run(report: Report, repeat: int) -> None:
    events, connectors = timeline_records()
    draw_timeline = lambda: timeline_picture(events, connectors, now=NOW, minutes=MINUTES)  # noqa: E731
    timeline = median_time(draw_timeline, repeat, warmup=2)
    picture = draw_timeline()
    elements = sum(1 for _ in ET.fromstring(picture.svg).iter())
    report.add(
        Figure(
            14,
            f"timeline_picture, {CONNECTORS} connectors x {EVENTS:,} events, median of {repeat}",
            timeline * 1e3,
            "ms",
            "<= 500 ms",
            timeline <= 0.5,
            note=f"200 rows drawn; {elements:,} SVG elements, {len(picture.svg) / 1e6:.2f} MB",
        )
    )
    groups, members = topology_records()
    counts = {c.connector_name: 1000 for c in members[:: PER_GROUP // 10]}
    draw_topology = lambda: topology_picture(  # noqa: E731
        "bench-daemon", groups, members, running=True, element_counts=counts, platform_url="https://localhost:9443"
    )
    topology = median_time(draw_topology, repeat, warmup=2)
    picture = draw_topology()
    elements = sum(1 for _ in ET.fromstring(picture.svg).iter())
    report.add(
        Figure(
            15,
            f"topology_picture, {GROUPS} groups x {PER_GROUP} connectors, median of {repeat}",
            topology * 1e3,
            "ms",
            "<= 500 ms",
            topology <= 0.5,
            note=f"50 drawn per group; {elements:,} SVG elements, {len(picture.svg) / 1e6:.2f} MB",
        )
    )
    render_in_chromium(report, runs=5 if repeat <= 5 else 9)


def render_in_chromium(report: Report, runs: int) -> None:
    """Figure 16: each timeline loaded ``runs`` times into one page (after one untimed load), as re-run output."""
    if not Path(CHROMIUM).exists() or find_spec("playwright") is None:
        what = CHROMIUM if not Path(CHROMIUM).exists() else "the playwright package"
        print(
            f"figure 16 (timelines rendered in Chromium) skipped: {what} is missing "
            "(apt-get install chromium; pip install -e '.[test]')",
            flush=True,
        )
        return
    from playwright.sync_api import sync_playwright

    big_events, big_connectors = timeline_records()
    small_events, small_connectors = timeline_records(SMALL_CONNECTORS, SMALL_EVENTS)
    cases = [
        (
            f"{CONNECTORS} connectors x {EVENTS:,} events (figure 14's)",
            timeline_picture(big_events, big_connectors, now=NOW, minutes=MINUTES),
        ),
        (
            f"{SMALL_CONNECTORS} connectors x {SMALL_EVENTS:,} events, all rows",
            timeline_picture(small_events, small_connectors, now=NOW, minutes=MINUTES, max_rows=SMALL_CONNECTORS),
        ),
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            for name, picture in cases:
                bands = picture.svg.count('<rect class="band"')
                context = browser.new_context(viewport=VIEWPORT)
                try:
                    page = context.new_page()
                    painted_ms(page, picture, bands)  # untimed: the page's first load
                    samples = [painted_ms(page, picture, bands) for _ in range(runs)]
                finally:
                    context.close()
                value = statistics.median(t for t, _ in samples)
                parsed = statistics.median(t for _, t in samples)
                rows = picture.svg.count('class="row-label"')
                each = ", ".join(f"{t:.0f}" for t, _ in samples)
                report.add(
                    Figure(
                        16,
                        f"timeline in Chromium, {name}: set_content to painted, median of {runs}",
                        value,
                        "ms",
                        "<= 1000 ms",
                        value <= 1000,
                        note=(
                            f"from the start of parsing: {parsed:.0f} ms; runs {each} ms; {rows} rows, "
                            f"{bands:,} bands, {len(picture.svg) / 1e6:.2f} MB of SVG, "
                            f"{picture.width:g}x{picture.height:g} px; Chromium {browser.version}"
                        ),
                    )
                )
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    args = parser.parse_args(argv)
    report = Report()
    print(Report.header(), flush=True)
    run(report, repeat=5 if args.quick else 20)
    print("\n" + report.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
