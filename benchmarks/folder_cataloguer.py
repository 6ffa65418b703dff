"""Figure 10: the folder cataloguer on 10,000 files, first scan and a rescan with nothing changed."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import egeria_nb as enb
from benchmarks.harness import Figure, Report
from benchmarks.setup_definitions import METADATA_SERVER, configure

FILES, FOLDERS = 10_000, 100
CONNECTOR = "bench-folder"


def _make_tree(root: Path) -> None:
    for f in range(FOLDERS):
        folder = root / f"folder-{f:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(FILES // FOLDERS):
            (folder / f"file-{i:04d}.txt").write_text(f"{f}-{i}\n")


def _refreshed_after(daemon: enb.IntegrationDaemon, moment, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        record = daemon.statistics(CONNECTOR)
        if (
            record
            and record[0].last_refresh_time
            and record[0].last_refresh_time > moment
            and record[0].status == "WAITING"
        ):
            return record[0]
        if record and "FAILED" in record[0].status:
            raise RuntimeError(f"the folder cataloguer failed: {record[0].failing_exception_message}")
        time.sleep(0.005)
    raise TimeoutError("the folder cataloguer did not finish its scan")


def run(report: Report, platform: enb.EmbeddedPlatform, scratch: Path, rescans: int) -> None:
    root = scratch / "tree"
    _make_tree(root)
    group = "bench-folder:group"
    enb.create_integration_group(platform, METADATA_SERVER, group)
    enb.create_integration_connector(
        platform,
        METADATA_SERVER,
        "bench-folder:connector",
        "egeria_nb.connectors.files.FolderCataloguer",
        {"recursive": True},
        str(root),
    )
    enb.register_integration_connector(platform, METADATA_SERVER, group, "bench-folder:connector", CONNECTOR)
    configure(platform, "bench-folder", [group])
    daemon = enb.IntegrationDaemon(platform, "bench-folder", timeouts=enb.Timeouts(refresh=600))
    from datetime import UTC, datetime

    try:
        begin = datetime.now(UTC)
        start = time.perf_counter()
        daemon.start()
        record = _refreshed_after(daemon, begin)
        first = time.perf_counter() - start
        seen = record.statistics.get("files_seen")
        times = []
        for _ in range(rescans):
            moment = datetime.now(UTC)
            start = time.perf_counter()
            daemon.refresh(CONNECTOR)
            record = _refreshed_after(daemon, moment)
            times.append(time.perf_counter() - start)
    finally:
        daemon.stop(timeout=120)
    rescan = statistics.median(times)
    report.add(
        Figure(
            10,
            f"folder cataloguer first scan of {FILES:,} files (daemon start → catalogued)",
            first,
            "s",
            "<= 5 s",
            first <= 5.0,
            note=f"files_seen={seen}",
        )
    )
    report.add(
        Figure(
            10,
            f"folder cataloguer rescan, nothing changed, median of {rescans}",
            rescan,
            "s",
            "<= 1 s",
            rescan <= 1.0,
            note=f"last statistics: {record.statistics}",
        )
    )
