"""The metadata store's change log stays within its limits: by size, by age, pruned on a schedule.

Real SQLite files throughout; the platform tests talk to a running platform over loopback HTTP.
A follower whose place was pruned must be able to tell (``oldestSequence``), and one that
resumes from ``lastSequence`` must never be told it missed anything.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import egeria_nb as enb
from egeria_nb.embedded.change_log import DEFAULT_MAX_AGE_S, PRUNE_BATCH, ChangeLogLimits, ChangeLogPruner
from egeria_nb.embedded.store import MetadataStore
from egeria_nb.errors import InvalidParameterError
from tests.conftest import DEADLINE_S, Raw, eventually
from tests.metadata.conftest import CATALOG, MD

DAY_S = 24 * 60 * 60.0
CHANGES = CATALOG.format(md=MD) + "/changes"


class Clock:
    """The store's wall clock, moved by the test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def _store(path: Path, clock: Clock | None = None) -> tuple[MetadataStore, str]:
    """A store holding one element, whose updates the tests log as changes."""
    store = MetadataStore(path, clock=clock)
    with store.writing(MD, "tester") as w:
        guid = w.add_element("DataFile", {"qualifiedName": "changing", "description": "0"})
    return store, guid


def _write(store: MetadataStore, guid: str, count: int, server: str = MD) -> None:
    """``count`` changes in one transaction (each update is one change, and the data does not grow)."""
    with store.writing(server, "tester") as w:
        value = w.element(guid).properties["description"]
        for _ in range(count):
            value = "b" if value == "a" else "a"  # never the value it has: every update is a change
            w.update_element(guid, {"description": value})


def _rows(store: MetadataStore) -> int:
    return len(store.changes_after(MD, 0, limit=10**9))


def _file_bytes(path: Path) -> int:
    """The store on disk: the database and its write-ahead log."""
    return sum(f.stat().st_size for f in path.parent.glob(path.name + "*"))


def _churn(store: MetadataStore, end1: str, end2: str, pairs: int) -> None:
    """``2 * pairs`` changes in one transaction, the cheapest the store writes: relate, then delete the relationship."""
    with store.writing(MD, "tester") as w:
        for _ in range(pairs):
            w.delete_relationship(w.relate("DataContentForDataSet", end1, end2, {}))


def test_100k_changes_keep_the_log_and_the_file_bounded(tmp_path: Path) -> None:
    path = tmp_path / "metadata.db"
    store, guid = _store(path)  # sequence 1
    with store.writing(MD, "tester") as w:
        other = w.add_element("DataSet", {"qualifiedName": "other"})  # 2
    pruner = ChangeLogPruner(store, ChangeLogLimits(keep=1_000))
    sizes = {}
    started = time.perf_counter()
    for written in range(5_000, 100_001, 5_000):
        _churn(store, other, guid, 2_500)
        asyncio.run(pruner.prune())  # what the schedule runs
        assert _rows(store) <= 1_000
        if written in (50_000, 100_000):
            sizes[written] = _file_bytes(path)
    took = time.perf_counter() - started
    last = store.last_sequence(MD)
    assert last == 100_002
    assert store.oldest_sequence(MD) == last - 999
    assert [c.sequence for c in store.changes_after(MD, 0, limit=2)] == [last - 999, last - 998]
    # Freed pages are reused: the second 50,000 changes did not grow the file (a few pages of slack).
    assert sizes[100_000] <= sizes[50_000] + 64 * 1024, sizes
    print(f"\n100,000 changes in {took:.1f} s; store + WAL {sizes[50_000]:,} bytes at 50k, {sizes[100_000]:,} at 100k")
    store.close()


def test_changes_older_than_the_age_limit_are_dropped(tmp_path: Path) -> None:
    clock = Clock()
    store, guid = _store(tmp_path / "metadata.db", clock)  # sequence 1
    _write(store, guid, 10)  # 2-11, at day 0
    clock.advance(3 * DAY_S)
    _write(store, guid, 10)  # 12-21, at day 3
    clock.advance(5 * DAY_S)  # day 8: the first 11 are older than a week
    assert store.prune_changes(keep=1_000, max_age_s=7 * DAY_S) == 11
    assert store.oldest_sequence(MD) == 12
    assert store.changes_after(MD, 0, limit=1)[0].sequence == 12
    assert store.prune_changes(keep=1_000, max_age_s=7 * DAY_S) == 0  # nothing more is due
    assert store.prune_changes(keep=1_000, max_age_s=None) == 0  # no age limit: only the size limit
    store.close()


def test_an_age_prune_never_leaves_a_hole(tmp_path: Path) -> None:
    """A clock set back writes an old time after newer ones: it goes only with everything before it."""
    clock = Clock()
    store, guid = _store(tmp_path / "metadata.db", clock)  # 1 at day 0
    clock.advance(10 * DAY_S)
    _write(store, guid, 5)  # 2-6 at day 10
    clock.advance(-10 * DAY_S)
    _write(store, guid, 5)  # 7-11 at day 0 again
    clock.advance(10 * DAY_S)
    assert store.prune_changes(keep=1_000, max_age_s=7 * DAY_S) == 1
    assert [c.sequence for c in store.changes_after(MD, 0, limit=100)] == list(range(2, 12))
    clock.advance(10 * DAY_S)  # now everything is old: the log empties
    assert store.prune_changes(keep=1_000, max_age_s=7 * DAY_S) == 10
    assert store.changes_after(MD, 0) == []
    # With nothing kept, the feed still knows where it was: a follower at 5 missed changes, one at 11 did not.
    assert (store.oldest_sequence(MD), store.last_sequence(MD)) == (12, 11)
    _write(store, guid, 1)
    assert [c.sequence for c in store.changes_after(MD, 11)] == [12]  # numbering goes on
    store.close()


def test_a_prune_drops_at_most_one_batch_per_transaction(tmp_path: Path) -> None:
    store, guid = _store(tmp_path / "metadata.db")
    _write(store, guid, 999)  # 1,000 changes
    assert [store.prune_changes(keep=10, batch=300) for _ in range(5)] == [300, 300, 300, 90, 0]
    assert store.oldest_sequence(MD) == 991
    # The pruner goes on batch after batch, yielding to the loop between them.
    _write(store, guid, 3 * PRUNE_BATCH)
    assert asyncio.run(ChangeLogPruner(store, ChangeLogLimits(keep=10)).prune()) == 3 * PRUNE_BATCH
    assert _rows(store) == 10
    store.close()


def test_a_reader_resuming_from_last_sequence_is_never_told_it_missed_changes(tmp_path: Path) -> None:
    """Sequence numbers are the store's: another server's writes can push one server's changes out."""
    store, _ = _store(tmp_path / "metadata.db")  # 1 on MD
    with store.writing("other-store", "tester") as w:
        other = w.add_element("DataFile", {"qualifiedName": "other", "description": "0"})
    _write(store, other, 100, server="other-store")  # 3-102
    store.prune_changes(keep=10)
    assert store.changes_after(MD, 0) == []  # MD's only change is gone
    follower = 1  # had read MD's change
    assert store.oldest_sequence(MD) > follower + 1  # told: read everything again
    resume = store.last_sequence(MD)
    assert resume == 92  # where the kept log starts, not MD's own last change
    assert store.oldest_sequence(MD) <= resume + 1  # ... and from there nothing is missing
    store.close()


def test_failed_prunes_are_logged_the_schedule_goes_on_and_stop_is_prompt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store, _ = _store(tmp_path / "metadata.db")
    store.close()  # every prune now fails

    async def scenario() -> float:
        pruner = ChangeLogPruner(store, ChangeLogLimits(prune_interval_s=0.01))
        pruner.start()
        deadline = time.monotonic() + DEADLINE_S
        while sum("Pruning the change log" in r.getMessage() for r in caplog.records) < 3:
            assert time.monotonic() < deadline, "three failed prunes were not logged"
            await asyncio.sleep(0.01)
        assert pruner.runs == 0
        started = time.monotonic()
        await pruner.stop()
        assert not [t for t in asyncio.all_tasks() if t.get_name() == "egeria_nb-change-log-pruner"]
        return time.monotonic() - started

    with caplog.at_level(logging.WARNING, logger="egeria_nb.embedded"):
        stopping = asyncio.run(scenario())
    assert stopping < DEADLINE_S
    failure = next(r for r in caplog.records if "Pruning the change log" in r.getMessage())
    assert failure.exc_info is not None and "closed" in str(failure.exc_info[1])


def _feed(raw: Raw, after: int) -> dict:
    body = raw("GET", CHANGES, params={"after": str(after), "maximumResults": "10000"}).json()
    assert body["relatedHTTPCode"] == 200, body
    return body


def test_the_running_platform_prunes_on_its_schedule(data_dir: Path) -> None:
    with enb.start_embedded(data_dir, change_log_keep=5, change_log_prune_interval_s=0.05) as platform:
        raw = Raw(platform)
        try:
            stale = _feed(raw, -1)["lastSequence"]  # a follower that stops reading here
            for n in range(20):
                enb.create_group_definition(platform, MD, f"pruned:group:{n}")
            last = _feed(raw, -1)["lastSequence"]
            assert last >= stale + 20

            def pruned() -> dict | None:
                body = _feed(raw, stale)
                return body if body["oldestSequence"] == last - 4 else None

            body = eventually(pruned, "the scheduled prune kept only the newest 5 changes")
            # The stale follower gets what is left and can tell it missed the rest.
            assert body["oldestSequence"] > stale + 1
            assert [c["sequence"] for c in body["changes"]] == list(range(last - 4, last + 1))
            assert body["lastSequence"] == last
            # One that read everything resumes without being told it missed anything.
            current = _feed(raw, last)
            assert current["changes"] == [] and current["oldestSequence"] <= current["lastSequence"] + 1
            # The definitions themselves are untouched: only the log of their changes went.
            assert len(enb.list_group_definitions(platform, MD)) == 20
        finally:
            raw.close()


def test_the_platform_prunes_once_at_start(data_dir: Path) -> None:
    enb.start_embedded(data_dir).stop()  # a data directory with its credentials
    store, guid = _store(data_dir / "metadata.db")
    _write(store, guid, 2_999)  # a log of 3,000 changes, left by a platform with other limits
    store.close()
    # The schedule's next run is an hour away: only the prune at start can do this.
    with enb.start_embedded(data_dir, change_log_keep=100, change_log_prune_interval_s=3600) as platform:
        raw = Raw(platform)
        try:
            eventually(lambda: _feed(raw, -1)["oldestSequence"] == 2_901, "the prune at start")
            assert len(_feed(raw, 0)["changes"]) == 100
        finally:
            raw.close()


BAD_OPTIONS = [
    ("change_log_keep", 0),
    ("change_log_keep", -5),
    ("change_log_keep", 10.5),
    ("change_log_keep", True),
    ("change_log_keep", "1000"),
    ("change_log_keep", None),
    ("change_log_max_age_s", 0),
    ("change_log_max_age_s", -1.0),
    ("change_log_max_age_s", float("nan")),
    ("change_log_max_age_s", float("inf")),
    ("change_log_max_age_s", "7d"),
    ("change_log_prune_interval_s", 0),
    ("change_log_prune_interval_s", None),
    ("change_log_prune_interval_s", float("inf")),
]


@pytest.mark.parametrize(("option", "value"), BAD_OPTIONS, ids=[f"{o}={v!r}" for o, v in BAD_OPTIONS])
def test_bad_limits_are_refused_before_anything_starts(data_dir: Path, option: str, value: object) -> None:
    with pytest.raises(InvalidParameterError) as info:
        enb.start_embedded(data_dir, **{option: value})
    error = info.value
    kind = int if option == "change_log_keep" else int | float
    if isinstance(value, bool) or not isinstance(value, kind) or value != value or abs(value) == float("inf"):
        # Not a (finite) number at all: the argument checks refuse it, naming the option.
        assert error.message_id == "EGERIA-NB-ARGS-400-001"
        assert f"start_embedded(): {option} must be " in str(error)
    else:
        # A number the change log cannot use: its own check says what it takes.
        assert error.message_id == "EGERIA-NB-400-023"
        assert f"{option}={value!r}" in str(error)
        assert error.user_action and option in error.user_action and "egeria-nb serve" in error.user_action
    assert not data_dir.exists()  # nothing was claimed or created


def test_good_limits_are_taken_as_given() -> None:
    assert ChangeLogLimits() == ChangeLogLimits(200_000, DEFAULT_MAX_AGE_S, 300.0)
    limits = ChangeLogLimits(keep=1, max_age_s=None, prune_interval_s=1)
    assert (limits.keep, limits.max_age_s, limits.prune_interval_s) == (1, None, 1.0)
