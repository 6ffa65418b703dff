"""Figures 10 and 13: the folder cataloguer on 10,000 files, first scan and a rescan with nothing changed,
with the embedded platform's batch call (10) and through Egeria's generic API alone (13)."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime
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


def _measure(platform: enb.Platform, root: Path, daemon_name: str, rescans: int) -> tuple[float, float, object]:
    """Daemon start until the first scan is catalogued, and the median rescan with nothing changed."""
    group = f"{daemon_name}:group"
    enb.create_group_definition(platform, METADATA_SERVER, group)
    enb.create_connector_definition(
        platform,
        METADATA_SERVER,
        f"{daemon_name}:connector",
        "egeria_nb.connectors.files.FolderCataloguer",
        configuration_properties={"recursive": True},
        endpoint_address=str(root),
    )
    enb.register_integration_connector(platform, METADATA_SERVER, group, f"{daemon_name}:connector", CONNECTOR)
    configure(platform, daemon_name, [group])
    daemon = enb.IntegrationDaemon(platform, daemon_name, timeouts=enb.Timeouts(refresh_s=600))
    try:
        begin = datetime.now(UTC)
        start = time.perf_counter()
        daemon.start()
        record = _refreshed_after(daemon, begin, timeout=600)
        first = time.perf_counter() - start
        times = []
        for _ in range(rescans):
            moment = datetime.now(UTC)
            start = time.perf_counter()
            daemon.refresh(CONNECTOR)
            record = _refreshed_after(daemon, moment, timeout=600)
            times.append(time.perf_counter() - start)
    finally:
        daemon.stop(timeout_s=120)
    return first, statistics.median(times), record


def run(report: Report, platform: enb.EmbeddedPlatform, scratch: Path, rescans: int) -> None:
    root = scratch / "tree"
    _make_tree(root)
    # With the embedded platform's batch call (one request, one transaction per scan).
    first, rescan, record = _measure(platform, root, "bench-folder", rescans)
    report.add(
        Figure(
            10,
            f"folder cataloguer first scan of {FILES:,} files, batch call (daemon start → catalogued)",
            first,
            "s",
            "<= 5 s",
            first <= 5.0,
            note=f"files_seen={record.statistics.get('files_seen')}",  # type: ignore[attr-defined]
        )
    )
    report.add(
        Figure(
            10,
            f"folder cataloguer rescan, nothing changed, batch call, median of {rescans}",
            rescan,
            "s",
            "<= 1 s",
            rescan <= 1.0,
            note=f"last statistics: {record.statistics}",  # type: ignore[attr-defined]
        )
    )
    # Through Egeria's generic API alone, as against a real Egeria: a platform without egeria_nb's extensions.
    with enb.start_embedded(scratch / "egeria-only", extensions=False) as plain:
        first, rescan, record = _measure(plain, root, "bench-folder-generic", max(1, rescans // 2))
    report.add(
        Figure(
            13,
            f"folder cataloguer first scan of {FILES:,} files, generic API only (daemon start → catalogued)",
            first,
            "s",
            "<= 15 s",
            first <= 15.0,
            note=f"files_seen={record.statistics.get('files_seen')}",  # type: ignore[attr-defined]
        )
    )
    report.add(
        Figure(
            13,
            f"folder cataloguer rescan, nothing changed, generic API only, median of {max(1, rescans // 2)}",
            rescan,
            "s",
            "<= 3 s",
            rescan <= 3.0,
            note=f"last statistics: {record.statistics}",  # type: ignore[attr-defined]
        )
    )
