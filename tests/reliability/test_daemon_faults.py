"""Daemon faults: every way a connector can misbehave at once, outages, a vanished configuration, many cycles.

``tests/daemon/test_supervision.py`` checks each fault on its own. Here they happen together,
next to healthy connectors, and the daemon must: keep the healthy ones refreshing, show each
fault in ``status()`` and ``history()``, bring each faulty one back once its cause is gone, and
leave no thread, file descriptor or pending asyncio task behind when it stops.

Memory: the daemon does not meter memory per connector (CPython cannot attribute heap to a
coroutine), so "reports" means: an allocation that fails is a ``MemoryError`` that fails that
connector with its message in the status table and the history, like any exception, while the
others carry on; a connector that holds a lot says so in its own statistics, the daemon stays up
and responsive, and restarting the connector with a sane configuration gives the memory back to
the operating system (the process's RSS falls).
"""

from __future__ import annotations

import asyncio
import gc
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

import egeria_nb as enb
from egeria_nb.connectors.training import TrainingConnector
from egeria_nb.daemon import ConnectorRegistry, IntegrationConnector, register_connector
from tests.conftest import eventually
from tests.reliability.conftest import FAULTS, Tally, scaled

pytestmark = pytest.mark.reliability

MD = "active-metadata-store"
SERVER = "integration-daemon"
GROUP = "Egeria:IntegrationGroup:Faults"
TRAINING = "egeria_nb.connectors.training.TrainingConnector"
MEMORY = "tests.reliability.MemoryHog"
DEADLINE_S = 30.0
CYCLES = scaled(100, 1000)
OUTAGES = scaled(2, 15)
DELETIONS = scaled(1, 10)
SUITE = "daemon"
HEALTHY = ["healthy-1", "healthy-2", "healthy-3"]
# Connector name -> (provider, configuration properties that make it misbehave, text its failure shows).
FAULTY: dict[str, tuple[str, dict[str, Any], str]] = {
    "raises-in-start": (TRAINING, {"fail_start_every": 1}, "start() failed: TrainingConnectorError"),
    "raises-in-refresh": (TRAINING, {"fail_refresh_every": 1}, "refresh() failed: TrainingConnectorError"),
    "raises-in-disconnect": (
        TRAINING,
        {"fail_refresh_every": 1, "fail_disconnect_every": 1},
        "disconnect() failed: TrainingConnectorError",
    ),
    "hangs-in-refresh": (TRAINING, {"hang_refresh_s": 60}, "refresh() timed out after 1 s"),
    "hangs-in-start": (TRAINING, {"slow_start_s": 60}, "start() timed out after 1 s"),
    "leaks-a-failing-task": (TRAINING, {"background_error_after_s": 0.05}, "background task"),
    "cannot-allocate": (MEMORY, {"impossible": True}, "refresh() failed: MemoryError"),
}
HOG_MB, HOG_CAP_MB = 64, 256


class MemoryHog(IntegrationConnector):
    """Allocates in refresh: ``allocate_mb`` more each time up to ``cap_mb``, or (``impossible``) more than exists."""

    def __init__(self) -> None:
        self.held: list[bytes] = []

    async def refresh(self) -> None:
        props = self.context.configuration_properties
        if props.get("impossible"):
            bytearray(1 << 62)  # more than any machine has: the allocation itself fails with MemoryError
        step = int(props.get("allocate_mb", 0))
        if step and len(self.held) * step < int(props.get("cap_mb", HOG_CAP_MB)):
            self.held.append(b"m" * (step << 20))  # written, so the pages are really taken
        self.context.publish_statistics(held_mb=len(self.held) * step)


# -- what a process holds --------------------------------------------------------------------------


def pending_tasks() -> int:
    """asyncio tasks not yet done, on every loop of this process."""
    return sum(1 for o in gc.get_objects() if isinstance(o, asyncio.Task) and not o.done())


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


class Holdings:
    """Threads, file descriptors and pending tasks now, to compare with later."""

    def __init__(self) -> None:
        gc.collect()
        self.threads = {t.ident for t in threading.enumerate()}
        self.fds = open_fds()
        self.tasks = pending_tasks()

    def leaked(self) -> list[str]:
        gc.collect()
        problems = []
        extra = [t.name for t in threading.enumerate() if t.ident not in self.threads]
        if extra:
            problems.append(f"threads {extra}")
        if open_fds() > self.fds:
            problems.append(f"{open_fds() - self.fds} more file descriptors")
        if pending_tasks() > self.tasks:
            problems.append(f"{pending_tasks() - self.tasks} more pending asyncio tasks")
        return problems


def settled(platform: enb.Platform, before: Holdings) -> None:
    """Wait until everything a stopped daemon held is released; fail naming what is not."""
    eventually(lambda: not before.leaked(), "the daemon's threads, descriptors and tasks to be released")


# -- fixtures --------------------------------------------------------------------------------------


@pytest.fixture
def platform(data_dir: Path) -> Iterator[enb.EmbeddedPlatform]:
    with enb.start_embedded(data_dir) as p:
        yield p


@pytest.fixture
def registry() -> ConnectorRegistry:
    r = ConnectorRegistry()
    register_connector(MEMORY, registry=r)(MemoryHog)
    return r


def define(platform: enb.Platform, name: str, provider: str, props: dict[str, Any] | None, interval: int = 1) -> None:
    enb.create_connector_definition(platform, MD, name, provider, configuration_properties=props or None)
    enb.register_integration_connector(platform, MD, GROUP, name, name, refresh_time_interval=interval)


def configure(platform: enb.Platform, url: str | None = None) -> None:
    enb.configure_integration_group(
        platform,
        SERVER,
        enb.IntegrationGroupConfig(
            integration_group_qualified_name=GROUP,
            omag_server_name=MD,
            omag_server_platform_root_url=url or platform.url,
        ),
    )


def history(daemon: enb.IntegrationDaemon, connector: str | None = None) -> list[str]:
    frame = daemon.history()
    if connector is not None:
        frame = frame[frame["connector"] == connector]
    return [str(m) for m in frame["message"]]


def statistic(daemon: enb.IntegrationDaemon, connector: str, key: str) -> Any:
    frame = daemon.status()
    rows = frame[frame["connector_name"] == connector]
    return (rows.iloc[0]["statistics"] or {}).get(key, 0) if len(rows) else 0


def status(daemon: enb.IntegrationDaemon, connector: str) -> str | None:
    frame = daemon.status()
    rows = frame[frame["connector_name"] == connector]
    return str(rows.iloc[0]["status"]) if len(rows) else None


def daemon_options(registry: ConnectorRegistry) -> dict[str, Any]:
    return {
        "registry": registry,
        "poll_interval_s": 0.2,
        "seconds_per_minute": 0.1,
        "restart_policy": enb.RestartPolicy(initial_delay_s=0.1, max_delay_s=0.3),
        # A second, not less: a healthy no-op refresh must never come near it, even on a loaded machine
        # where another connector blocks the loop for 0.3 s at a time.
        "timeouts": enb.Timeouts(start_s=1.0, refresh_s=1.0, disconnect_s=0.5),
        "loop_block_threshold_s": 0.15,
    }


# -- the tests -------------------------------------------------------------------------------------


def test_every_fault_at_once_the_healthy_carry_on_and_each_recovers(
    platform: enb.EmbeddedPlatform, registry: ConnectorRegistry, tally: Tally
) -> None:
    enb.create_group_definition(platform, MD, GROUP)
    for name in HEALTHY:
        define(platform, name, TRAINING, None)
    for name, (provider, props, _) in FAULTY.items():
        define(platform, name, provider, props)
    define(platform, "blocks-the-loop", TRAINING, {"block_loop_s": 0.3})
    define(platform, "hogs-memory", MEMORY, {"allocate_mb": HOG_MB, "cap_mb": HOG_CAP_MB})
    configure(platform)
    enb.get_integration_groups(platform, SERVER)  # the client's own loop and session exist before the baseline
    before = Holdings()
    rss_before = psutil.Process().memory_info().rss

    daemon = enb.IntegrationDaemon(platform, SERVER, **daemon_options(registry)).start()
    try:
        # Every fault shows, in the status table while it lasts and in the history for good.
        for name, (_, _, text) in FAULTY.items():
            eventually(
                lambda n=name, t=text: any(t in m for m in history(daemon, n)), f"{name}'s failure in the history"
            )
        eventually(
            lambda: any(m.startswith("LOOP BLOCKED") for m in history(daemon, "blocks-the-loop")), "LOOP BLOCKED"
        )
        eventually(lambda: statistic(daemon, "hogs-memory", "held_mb") >= HOG_CAP_MB, "the hog to reach its cap")
        rss_peak = psutil.Process().memory_info().rss
        assert rss_peak - rss_before >= (HOG_CAP_MB // 2) << 20

        # One snapshot per look: the faulty connectors are FAILED only between restarts (0.1-0.3 s).
        def failed_now() -> set[str] | None:
            rows = daemon.statistics()
            return {s.connector_name for s in rows if s.connector_name in FAULTY and s.status == "FAILED"}

        failed_rows = eventually(lambda: failed_now() or None, "faulty connectors shown FAILED")
        assert failed_rows
        # ...while the healthy ones never stopped refreshing, and the daemon answers.
        counts = {n: statistic(daemon, n, "refresh_calls") for n in HEALTHY}
        eventually(
            lambda: all(statistic(daemon, n, "refresh_calls") >= counts[n] + 5 for n in HEALTHY),
            "the healthy connectors to keep refreshing",
        )
        for name in HEALTHY:
            assert not [m for m in history(daemon, name) if "fail" in m.lower()], name
        assert daemon.running
        daemon.refresh("healthy-1")

        faults = sum(
            1 for m in history(daemon) if "failed" in m or "timed out" in m or m.startswith("LOOP BLOCKED: connector")
        )
        tally.add(FAULTS, SUITE, faults)

        # The causes go: each connector gets a configuration without its fault, and comes back.
        for name in [*FAULTY, "blocks-the-loop", "hogs-memory"]:
            daemon.update_configuration_properties(name, {}, merge=False)
        everyone = [*HEALTHY, *FAULTY, "blocks-the-loop", "hogs-memory"]
        eventually(
            lambda: all(status(daemon, n) in ("WAITING", "REFRESHING") for n in everyone),
            "every connector to recover",
        )
        recovered_at = len(daemon.history())
        # And stay recovered: ten more refreshes each (every 0.1 s) with no new failure.
        # (The memory connectors count no refresh calls.)
        training = [*HEALTHY, *(n for n, (provider, _, _) in FAULTY.items() if provider == TRAINING), "blocks-the-loop"]
        counts = {n: statistic(daemon, n, "refresh_calls") for n in training}
        eventually(
            lambda: all(statistic(daemon, n, "refresh_calls") >= counts[n] + 10 for n in training),
            "ten more refreshes of every training connector",
        )
        later = [str(m) for m in daemon.history()["message"].iloc[recovered_at:]]
        assert not [m for m in later if "failed" in m or "timed out" in m], later
        gc.collect()
        # The hog's memory went back to the system with its old instance.
        eventually(
            lambda: psutil.Process().memory_info().rss < rss_peak - ((HOG_CAP_MB // 2) << 20),
            "the hog's memory to be released",
        )
    finally:
        daemon.stop()
    assert set(daemon.status()["status"].astype(str)) == {"STOPPED"}
    settled(platform, before)


def test_start_stop_cycles_leak_nothing(
    platform: enb.EmbeddedPlatform, registry: ConnectorRegistry, tally: Tally
) -> None:
    enb.create_group_definition(platform, MD, GROUP)
    define(platform, "cycled", TRAINING, None, interval=0)
    define(platform, "cycled-too", TRAINING, None, interval=0)
    configure(platform)
    enb.get_integration_groups(platform, SERVER)
    TrainingConnector.reset_counts()
    daemon = enb.IntegrationDaemon(platform, SERVER, **daemon_options(registry))
    before = Holdings()
    warm: Holdings | None = None
    for cycle in range(CYCLES):
        daemon.start()
        if cycle % 2 == 0:
            daemon.wait_for_status("WAITING", count=2)
        # Odd cycles stop at once, while the daemon is still reading its configuration or starting connectors.
        daemon.stop()
        assert not daemon.running
        if cycle == 9:
            settled(platform, before)
            warm = Holdings()
    assert warm is not None
    settled(platform, warm)  # nothing grew between cycle 10 and the last
    settled(platform, before)
    messages = history(daemon)
    assert messages.count("daemon started") == messages.count("daemon stopped") > 0
    # Every connector life that got through start() was disconnected.
    starts = sum(c.get("start", 0) for c in TrainingConnector.calls.values())
    disconnects = sum(c.get("disconnect", 0) for c in TrainingConnector.calls.values())
    print(f"{CYCLES} cycles: {starts} starts, {disconnects} disconnects")
    assert starts >= CYCLES  # two connectors, at least every other cycle
    assert disconnects == starts


def test_metadata_platform_outages_at_start_and_mid_run(
    platform: enb.EmbeddedPlatform, registry: ConnectorRegistry, tmp_path: Path, tally: Tally
) -> None:
    # The definitions live on a second platform that goes away and comes back on the same port.
    elsewhere = enb.start_embedded(tmp_path / "elsewhere")
    url, port = elsewhere.url, int(elsewhere.url.rsplit(":", 1)[1])
    enb.create_group_definition(elsewhere, MD, GROUP)
    for name in HEALTHY:
        define(elsewhere, name, TRAINING, None)
    client = enb.Platform(url, user_id=elsewhere.user_id, password=elsewhere.password)
    elsewhere.stop()  # down before the daemon starts
    tally.add(FAULTS, SUITE)
    configure(platform, url)
    daemon = enb.IntegrationDaemon(platform, SERVER, platforms={url: client}, **daemon_options(registry)).start()
    current: enb.EmbeddedPlatform | None = None

    def group_status() -> str:
        frame = daemon.groups()
        return str(frame["status"].iloc[0]) if len(frame) else ""

    try:
        eventually(lambda: group_status() == "FAILED", "the group to show FAILED while its platform is down")
        assert daemon.running and daemon.status().empty
        for outage in range(OUTAGES):
            current = enb.start_embedded(tmp_path / "elsewhere", port=port)
            eventually(lambda: group_status() == "RUNNING", f"recovery after outage {outage}")
            daemon.wait_for_status(["WAITING", "REFRESHING"], count=len(HEALTHY))
            counts = {n: statistic(daemon, n, "refresh_calls") for n in HEALTHY}
            current.stop()
            current = None
            tally.add(FAULTS, SUITE)
            eventually(lambda: group_status() == "FAILED", f"outage {outage} to show")
            assert daemon.groups()["last_error"].notna().all()
            # What was running keeps running through the outage.
            eventually(
                lambda c=counts: all(statistic(daemon, n, "refresh_calls") > c[n] + 2 for n in HEALTHY),
                "the connectors to keep refreshing during the outage",
            )
        current = enb.start_embedded(tmp_path / "elsewhere", port=port)
        eventually(lambda: group_status() == "RUNNING", "the final recovery")
        assert any(m.endswith("works again") for m in history(daemon))
    finally:
        daemon.stop()
        client.close()
        if current is not None:
            current.stop()


def test_configuration_deleted_under_a_running_daemon(
    platform: enb.EmbeddedPlatform, registry: ConnectorRegistry, tally: Tally
) -> None:
    enb.create_group_definition(platform, MD, GROUP)
    for name in HEALTHY:
        define(platform, name, TRAINING, None)
    configure(platform)
    daemon = enb.IntegrationDaemon(platform, SERVER, **daemon_options(registry)).start()
    document = platform.data_dir / "servers" / f"{SERVER}.json"
    try:
        daemon.wait_for_status(["WAITING", "REFRESHING"], count=len(HEALTHY))
        for deletion in range(DELETIONS * 2):
            # Through the admin services, then behind the platform's back.
            if deletion % 2 == 0:
                enb.delete_server_config(platform, SERVER)
            else:
                document.unlink()
            tally.add(FAULTS, SUITE)
            eventually(lambda: daemon.last_error and "is gone" in daemon.last_error, "the daemon to report the loss")
            assert "still running the 1 group(s)" in daemon.last_error
            assert any("is gone" in m for m in history(daemon))
            counts = {n: statistic(daemon, n, "refresh_calls") for n in HEALTHY}
            eventually(
                lambda c=counts: all(statistic(daemon, n, "refresh_calls") > c[n] + 2 for n in HEALTHY),
                "the connectors to keep running without a configuration",
            )
            configure(platform)
            eventually(lambda: daemon.last_error is None, "the daemon to read its configuration again")
        assert history(daemon).count("configuration readable again") == DELETIONS * 2
        assert set(daemon.status()["restarts"]) == {0}  # nobody was restarted for it
    finally:
        daemon.stop()
