"""Figures 4-6: a daemon with 10,000 no-op connectors in 100 groups."""

from __future__ import annotations

import statistics
import time

import psutil

import egeria_nb as enb
from benchmarks.harness import Figure, Report, median_time
from benchmarks.setup_definitions import configure, define

DAEMON = "bench-scale"
GROUPS, PER_GROUP = 100, 100
TOTAL = GROUPS * PER_GROUP


def _wait_all(daemon: enb.IntegrationDaemon, status: str, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        records = daemon.statistics()
        if len(records) == TOTAL and all(r.status == status for r in records):
            return
        time.sleep(0.01)
    raise TimeoutError(f"the {TOTAL} connectors did not all reach {status}")


def run(report: Report, platform: enb.EmbeddedPlatform, runs: int, idle_s: float) -> None:
    configure(platform, DAEMON, define(platform, "bench-scale", GROUPS, PER_GROUP))
    process = psutil.Process()
    starts, memory = [], None
    for attempt in range(runs):
        daemon = enb.IntegrationDaemon(platform, DAEMON)
        rss_before = process.memory_info().rss
        begin = time.perf_counter()
        daemon.start()
        _wait_all(daemon, "WAITING")
        starts.append(time.perf_counter() - begin)
        if attempt == 0:
            memory = (process.memory_info().rss - rss_before) / TOTAL
            table = median_time(daemon.status, 20, warmup=2)
            time.sleep(2)
            cpu_before, wall_before = sum(process.cpu_times()[:2]), time.perf_counter()
            time.sleep(idle_s)
            cpu = (sum(process.cpu_times()[:2]) - cpu_before) / (time.perf_counter() - wall_before)
        daemon.stop(timeout_s=120)
    start = statistics.median(starts)
    report.add(
        Figure(
            4, f"daemon start until {TOTAL:,} connectors WAITING, median of {runs}", start, "s", "<= 5 s", start <= 5.0
        )
    )
    report.add(
        Figure(5, f"status() DataFrame of {TOTAL:,} connectors, median", table * 1e3, "ms", "<= 50 ms", table <= 0.050)
    )
    assert memory is not None
    report.add(
        Figure(
            6, "memory per connector (RSS growth / connectors)", memory / 1024, "KiB", "<= 10 KiB", memory <= 10 * 1024
        )
    )
    report.add(
        Figure(
            6,
            f"idle CPU over {idle_s:g} s with {TOTAL:,} connectors",
            cpu * 100,
            "%",
            "<= 2 % of a core",
            cpu <= 0.02,
            note="whole process: daemon and embedded platform",
        )
    )
