"""Any thread may read a running daemon at any time, every picture it gets is consistent, and nothing grows.

The platform runs a daemon (``start_server``) while three threads read it all along: its
tables, its Egeria JSON, and its REST status. Meanwhile 1,000 registrations are added and
removed in waves, and flapping connectors fail and restart. No read may fail, and each
picture must hold together: every connector in exactly one group, the flat list of reports
the same as the groups' lists, each group's count the number of its connectors.

Under ``make soak`` the waves go on for ``SOAK_RUN_S`` (ten minutes), sampling after each wave
what the process holds (RSS, threads, file descriptors) and the size of the platform's store;
each must level off: the second half of the run may hold no more than the first half did,
within the margins below. The samples go into the soak table.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

import egeria_nb as enb
from benchmarks.setup_definitions import define
from tests.conftest import Raw, eventually
from tests.reliability.conftest import SOAK, Tally

pytestmark = pytest.mark.reliability

SERVER = "integration-daemon"
STATUS = f"/servers/{SERVER}/open-metadata/integration-daemon/status"
CHURN = 1000
SOAK_RUN_S = 600.0
# In the soak, a small change log pruned often, so that the store file's level is reached within the run.
CHANGE_LOG = {"change_log_keep": 20_000, "change_log_prune_interval_s": 10.0} if SOAK else {}
# How much more the second half of the soak may hold than the first half did.
GROWTH = {"rss_mib": 1.15, "store_mib": 1.15}
SLACK = {"threads": 2, "fds": 8}
FLAPPING = 10
TRAINING = "egeria_nb.connectors.training.TrainingConnector"
# Enough reads by each reader to mean something, however fast the churn goes.
MIN_READS = 20
# Between two reads of one reader. Without a pause, three readers of 1,000-connector views hold the
# interpreter lock so much that the loops they race with crawl (measured: removing 1,000 connectors
# took 61 s instead of 3 s); ten reads a second each still interleave with every step of the churn.
PAUSE_S = 0.1


def consistent(status: dict[str, Any]) -> None:
    """One ``IntegrationDaemonStatus``: each connector in one group, and the counts agree."""
    summaries = status.get("integrationGroupSummaries") or []
    in_groups = [r["connectorId"] for s in summaries for r in s.get("integrationConnectorReports") or []]
    flat = [r["connectorId"] for r in status.get("integrationConnectorReports") or []]
    repeated = [c for c, n in Counter(in_groups).items() if n > 1]
    assert not repeated, f"connectors in more than one group: {repeated[:5]}"
    assert sorted(in_groups) == sorted(flat), "the flat reports differ from the groups' reports"


def tables_consistent(daemon: enb.IntegrationDaemon) -> None:
    status = daemon.status()
    assert status["connector_id"].is_unique, "a connector twice in the status table"
    groups = daemon.groups()
    assert groups["qualified_name"].is_unique
    assert (groups["connector_count"] >= 0).all()
    daemon.history(50)
    names = daemon.connector_names()
    assert names == sorted(names)
    records = daemon.statistics()
    assert len({r.connector_id for r in records}) == len(records)


class Readers:
    """Threads calling ``reads`` until stopped; counting reads and keeping every failure."""

    def __init__(self, reads: dict[str, Callable[[], None]]) -> None:
        self.stop = threading.Event()
        self.counts: Counter[str] = Counter()
        self.errors: list[str] = []
        self.threads = [
            threading.Thread(target=self._run, args=(name, read), name=f"reader-{name}", daemon=True)
            for name, read in reads.items()
        ]

    def _run(self, name: str, read: Callable[[], None]) -> None:
        while not self.stop.is_set():
            try:
                read()
            except Exception as error:  # every failure is the finding
                self.errors.append(f"{name}: {type(error).__name__}: {error}")
            self.counts[name] += 1
            self.stop.wait(PAUSE_S)

    def __enter__(self) -> Readers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)


@pytest.fixture
def platform(data_dir: Path) -> Iterator[enb.EmbeddedPlatform]:
    with enb.start_embedded(data_dir, **CHANGE_LOG) as p:  # type: ignore[arg-type]
        yield p


def holdings(data_dir: Path, started: float) -> dict[str, float]:
    process = psutil.Process()
    return {
        "elapsed_s": time.monotonic() - started,
        "rss_mib": process.memory_info().rss / 2**20,
        "threads": threading.active_count(),
        "fds": process.num_fds(),
        "store_mib": sum(f.stat().st_size for f in data_dir.rglob("*") if f.is_file()) / 2**20,
    }


def levelled_off(samples: list[dict[str, float]]) -> None:
    half = len(samples) // 2
    first, second = samples[:half], samples[half:]
    for name, factor in GROWTH.items():
        before, after = max(s[name] for s in first), max(s[name] for s in second)
        assert after <= before * factor, f"{name} grew from {before:.1f} to {after:.1f} over the run"
    for name, slack in SLACK.items():
        before, after = max(s[name] for s in first), max(s[name] for s in second)
        assert after <= before + slack, f"{name} grew from {before:.0f} to {after:.0f} over the run"


def test_readers_on_three_threads_see_consistent_pictures_through_churn(
    platform: enb.EmbeddedPlatform, raw: Raw, data_dir: Path, tally: Tally
) -> None:
    # Flapping connectors (every start fails; restarted with back-off), in a group of their own.
    steady = define(platform, "flap", 1, FLAPPING, provider=TRAINING, properties={"fail_start_every": 1})
    churned = define(platform, "churn", 1, 0)  # the group the waves fill and empty
    enb.configure_integration_groups(
        platform,
        SERVER,
        [
            enb.IntegrationGroupConfig(
                integration_group_qualified_name=g,
                omag_server_name="active-metadata-store",
                omag_server_platform_root_url=platform.url,
            )
            for g in steady + churned
        ],
    )
    enb.start_server(platform, SERVER)
    daemon = platform._server.state.daemons.get(SERVER)
    assert daemon is not None

    def rest() -> None:
        answer = raw("GET", STATUS)
        assert answer.status_code == 200, answer.text
        consistent(answer.json()["integrationDaemonStatus"])

    def as_json() -> None:
        consistent(daemon.status_report())
        daemon.group_summaries()

    started = time.monotonic()
    samples = []
    with Readers({"tables": lambda: tables_consistent(daemon), "egeria-json": as_json, "rest": rest}) as readers:
        while True:
            define(platform, "churn", 1, CHURN)
            eventually(lambda: len(daemon.statistics()) == FLAPPING + CHURN, "the wave's connectors", timeout=120)
            define(platform, "churn", 1, 0)
            eventually(lambda: len(daemon.statistics()) == FLAPPING, "the wave to be gone", timeout=120)
            samples.append(holdings(data_dir, started))
            if not SOAK or time.monotonic() - started >= SOAK_RUN_S:
                break
        eventually(lambda: min(readers.counts.values(), default=0) >= MIN_READS, "enough reads by every reader")
    assert not readers.errors, readers.errors[:5]
    assert set(readers.counts) == {"tables", "egeria-json", "rest"}
    # The flapping connectors really failed and restarted meanwhile.
    restarts = daemon.status()["restarts"]
    assert restarts.sum() > 0
    # Ends with exactly the registered connectors.
    assert sorted(daemon.connector_names()) == sorted(f"flap-0-{c}" for c in range(FLAPPING))
    enb.stop_server(platform, SERVER)
    if SOAK:
        for sample in samples:
            tally.sample("daemon under churn (1,000 registrations a wave, 3 readers, 10 flapping)", sample)
        levelled_off(samples)
