"""Figures 7-9: how fast the daemon follows definition changes, keeps time, and restarts failures."""

from __future__ import annotations

import itertools
import statistics
import time
from collections import defaultdict
from collections.abc import Callable

import egeria_nb as enb
from benchmarks.harness import Figure, Report, percentile
from benchmarks.setup_definitions import METADATA_SERVER, configure, define
from egeria_nb.daemon.runner import ConnectorStatistics

CHANGES_EACH = 100


def _timed(write: Callable[[], object], settled: Callable[[], bool], timeout: float = 30.0) -> float:
    """Seconds from just before ``write()`` until ``settled()`` holds (so the write itself is included)."""
    start = time.perf_counter()
    write()
    while not settled():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the daemon did not follow the change")
        time.sleep(0.0005)
    return time.perf_counter() - start


def follow_changes(report: Report, platform: enb.EmbeddedPlatform) -> None:
    group = "bench-changes:group"
    enb.create_group_definition(platform, METADATA_SERVER, group)
    for i in range(CHANGES_EACH):
        enb.create_connector_definition(platform, METADATA_SERVER, f"bench-changes:c{i}", "benchmarks.NoOp")
    configure(platform, "bench-changes", [group])
    daemon = enb.IntegrationDaemon(platform, "bench-changes").start()

    def record(name: str) -> ConnectorStatistics | None:
        found = daemon.statistics(name)
        return found[0] if found else None

    def waiting(name: str, restarts_above: int = -1) -> bool:
        found = record(name)
        return found is not None and found.status == "WAITING" and found.restarts > restarts_above

    try:
        time.sleep(0.5)
        added, changed, removed = [], [], []
        for i in range(CHANGES_EACH):
            qualified, name = f"bench-changes:c{i}", f"c{i}"
            added.append(
                _timed(
                    lambda q=qualified, n=name: enb.register_integration_connector(
                        platform, METADATA_SERVER, group, q, n
                    ),
                    lambda n=name: waiting(n),
                )
            )
        for i in range(CHANGES_EACH):
            qualified, name = f"bench-changes:c{i}", f"c{i}"
            before = record(name).restarts  # type: ignore[union-attr]
            changed.append(
                _timed(
                    lambda q=qualified: enb.update_connector_definition(
                        platform, METADATA_SERVER, q, configuration_properties={"version": 2}
                    ),
                    lambda n=name, b=before: waiting(n, restarts_above=b),
                )
            )
        for i in range(CHANGES_EACH):
            qualified, name = f"bench-changes:c{i}", f"c{i}"
            removed.append(
                _timed(
                    lambda q=qualified: enb.unregister_integration_connector(platform, METADATA_SERVER, group, q),
                    lambda n=name: record(n) is None,
                )
            )
    finally:
        daemon.stop()
    every = added + changed + removed
    p50, p99 = percentile(every, 50), percentile(every, 99)
    report.add(
        Figure(
            7,
            f"definition change → connector follows, p50 of {len(every)}",
            p50 * 1e3,
            "ms",
            "<= 50 ms",
            p50 <= 0.050,
            note="added/changed/removed; includes the write calls",
        )
    )
    report.add(
        Figure(
            7, f"definition change → connector follows, p99 of {len(every)}", p99 * 1e3, "ms", "<= 250 ms", p99 <= 0.250
        )
    )


class _Ticker(enb.IntegrationConnector):
    """Records when each refresh starts."""

    starts: dict[str, list[float]] = defaultdict(list)

    async def refresh(self) -> None:
        _Ticker.starts[self.context.connector_id].append(time.monotonic())


def refresh_lateness(report: Report, platform: enb.EmbeddedPlatform, seconds: float) -> None:
    enb.register_connector("benchmarks.Ticker")(_Ticker)
    configure(
        platform,
        "bench-ticks",
        define(platform, "bench-ticks", 10, 100, provider="benchmarks.Ticker", refresh_interval=1),
    )
    daemon = enb.IntegrationDaemon(platform, "bench-ticks", seconds_per_minute=1.0).start()
    try:
        time.sleep(seconds)
    finally:
        daemon.stop(timeout_s=60)
    lateness = []
    for starts in _Ticker.starts.values():
        # The first interval includes start-up; count from the second refresh on.
        for previous, current in itertools.pairwise(starts[1:]):
            lateness.append(max(0.0, current - previous - 1.0))
    p99 = percentile(lateness, 99)
    report.add(
        Figure(
            8,
            f"1,000 connectors refreshing every second: lateness p99 ({len(lateness)} refreshes)",
            p99 * 1e3,
            "ms",
            "<= 50 ms",
            p99 <= 0.050,
        )
    )


class _Failing(enb.IntegrationConnector):
    async def refresh(self) -> None:
        raise RuntimeError("failing on purpose")


def restart_delay(report: Report, platform: enb.EmbeddedPlatform, delay: float = 1.0) -> None:
    enb.register_connector("benchmarks.Failing")(_Failing)
    configure(platform, "bench-restart", define(platform, "bench-restart", 1, 20, provider="benchmarks.Failing"))
    policy = enb.RestartPolicy(initial_delay_s=delay, factor=1.0)
    daemon = enb.IntegrationDaemon(platform, "bench-restart", restart_policy=policy).start()
    try:
        time.sleep(delay * 2 + 1.5)
        history = daemon.history()
    finally:
        daemon.stop()
    gaps = []
    for _, events in history.dropna(subset=["connector"]).groupby("connector"):
        failed = events[events["to_status"] == "FAILED"]["time"]
        restarted = events[(events["from_status"] == "FAILED") & (events["to_status"] == "INITIALIZED")]["time"]
        if len(failed) and len(restarted):
            gaps.append((restarted.iloc[0] - failed.iloc[0]).total_seconds())
    median = statistics.median(gaps)
    report.add(
        Figure(
            9,
            f"failed connector → first automatic restart, median of {len(gaps)}",
            median * 1e3,
            "ms",
            "<= delay + 50 ms",
            median <= delay + 0.050,
            delay * 1e3,
            median / delay,
            "floor: the policy's first delay",
        )
    )
