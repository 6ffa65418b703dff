"""The daemon's one timer: alarms on a real event loop, then connectors timed by it in a real daemon.

Nothing here sleeps to let something happen: each test waits for what it expects to see
(an alarm ringing, a refresh recorded), with a deadline, and then checks when it happened.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import statistics
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import egeria_nb as enb
from egeria_nb.daemon import IntegrationConnector, register_connector
from egeria_nb.daemon.runner import CANCEL_GRACE_S
from egeria_nb.daemon.schedule import ALARMS_PER_TURN, CLOCK_RESOLUTION_S, DEAD_ENTRIES_BEFORE_REBUILD, Scheduler
from tests.conftest import eventually
from tests.daemon.conftest import DEADLINE_S, GROUP, MD, DaemonEnv, row

T = TypeVar("T")


def _on_a_loop(test: Callable[[Scheduler], Awaitable[T]]) -> T:
    async def main() -> T:
        return await asyncio.wait_for(test(Scheduler(asyncio.get_running_loop())), DEADLINE_S)

    return asyncio.run(main())


class _Rings:
    """Records each alarm's ring (its name and the loop's time); ``until`` waits for a number of them."""

    def __init__(self) -> None:
        self.rung: list[tuple[Any, float]] = []
        self._changed = asyncio.Event()

    def callback(self, name: Any) -> Callable[[], None]:
        def ring() -> None:
            self.rung.append((name, asyncio.get_running_loop().time()))
            self._changed.set()

        return ring

    async def until(self, count: int) -> None:
        while len(self.rung) < count:
            self._changed.clear()
            await self._changed.wait()


# -- the scheduler on its own ---------------------------------------------------------------------------


def test_alarms_ring_once_each_in_time_order_and_never_early() -> None:
    async def test(scheduler: Scheduler) -> None:
        rings = _Rings()
        start = scheduler.time()
        due = {i: start + random.uniform(0.0, 0.3) for i in range(300)}
        for i, when in due.items():
            scheduler.alarm(rings.callback(i)).ring_at(when)
        await rings.until(len(due))
        names = [name for name, _ in rings.rung]
        assert sorted(names) == sorted(due)  # each once
        assert names == sorted(due, key=due.__getitem__)  # in the order they were due
        assert all(at >= due[name] - CLOCK_RESOLUTION_S for name, at in rings.rung)
        assert scheduler.live == scheduler.size == 0  # rung alarms leave nothing queued

    _on_a_loop(test)


def test_alarms_due_together_ring_a_few_per_turn_of_the_loop() -> None:
    async def test(scheduler: Scheduler) -> None:
        loop = asyncio.get_running_loop()
        turn = 0

        def count_turns() -> None:  # runs once in every turn of the loop
            nonlocal turn
            turn += 1
            loop.call_soon(count_turns)

        count_turns()
        total = 10 * ALARMS_PER_TURN
        rung_in_turn: list[int] = []
        all_rung = asyncio.Event()

        def ring() -> None:
            rung_in_turn.append(turn)
            if len(rung_in_turn) == total:
                all_rung.set()

        when = scheduler.time() + 0.05
        for _ in range(total):
            scheduler.alarm(ring).ring_at(when)
        await all_rung.wait()
        per_turn = Counter(rung_in_turn)
        # Ten at a time, in ten turns one after the other: the rest wait no longer than it takes.
        assert set(per_turn.values()) == {ALARMS_PER_TURN}
        first = min(per_turn)
        assert sorted(per_turn) == list(range(first, first + 10))

    _on_a_loop(test)


def test_rearming_moves_an_alarm_and_the_heap_stays_bounded() -> None:
    async def test(scheduler: Scheduler) -> None:
        rings = _Rings()
        now = scheduler.time()
        later, sooner, cancelled = (scheduler.alarm(rings.callback(n)) for n in ("later", "sooner", "cancelled"))
        later.ring_at(now + 0.05)
        later.ring_at(now + 0.15)  # put off: rings at the new time, not the old
        sooner.ring_at(now + 60)
        sooner.ring_at(now + 0.1)  # brought forward
        cancelled.ring_at(now + 0.02)
        cancelled.cancel()
        await rings.until(2)
        assert [name for name, _ in rings.rung] == ["sooner", "later"]
        assert rings.rung[1][1] >= now + 0.15 - CLOCK_RESOLUTION_S
        assert not (later.armed or sooner.armed or cancelled.armed)

        # Many alarms brought forward over and over (a connector re-scheduled again and again): the
        # entries they leave behind are dead, and never outnumber the live ones for long.
        alarms = [scheduler.alarm(rings.callback(i)) for i in range(20)]
        for step in range(2000):
            alarm = alarms[step % len(alarms)]
            alarm.ring_at(now + 3600 - step)
            assert scheduler.size <= 2 * len(alarms) + DEAD_ENTRIES_BEFORE_REBUILD + 1
        assert scheduler.live == len(alarms)

        # Closed (its connector stopped), an alarm leaves no entry that refers to it.
        for alarm in alarms[:15]:
            alarm.close()
        assert scheduler.live == 5
        for alarm in alarms[15:]:
            alarm.close()
        assert scheduler.live == 0 and scheduler.size <= DEAD_ENTRIES_BEFORE_REBUILD

    _on_a_loop(test)


# -- connectors timed by it, in a daemon ----------------------------------------------------------------


def _refresh_gaps(env: DaemonEnv, connector: str) -> list[float]:
    times = [c.time for c in env.probe.of("refresh", connector)]
    return [(b - a).total_seconds() for a, b in itertools.pairwise(times)]


def test_connectors_with_different_intervals_are_each_refreshed_at_their_own_interval(env: DaemonEnv) -> None:
    seconds_per_minute = 0.05
    intervals = {"every-2": 2, "every-5": 5, "every-10": 10}
    env.group()
    for name, minutes in intervals.items():
        env.connector(name, interval=minutes)
    daemon = env.started(seconds_per_minute=seconds_per_minute)

    eventually(
        lambda: all(env.probe.count("refresh", name) >= 6 for name in intervals), "six refreshes of each connector"
    )
    for name, minutes in intervals.items():
        interval = minutes * seconds_per_minute
        gaps = _refresh_gaps(env, name)
        # Never early (the next is due an interval after the last one ended); late by little.
        assert min(gaps) >= interval - 0.005, (name, gaps)
        assert statistics.median(gaps) <= interval + 0.1, (name, gaps)
    assert row(daemon, "every-10")["status"] in ("WAITING", "REFRESHING")


def _scheduler_counts(daemon: enb.IntegrationDaemon) -> tuple[int, int]:
    """(live entries, all entries) of the daemon's scheduler, read on its loop."""
    scheduler = daemon._supervisor.scheduler  # type: ignore[union-attr]

    async def read() -> tuple[int, int]:
        return scheduler.live, scheduler.size

    return daemon._loop.run(read(), timeout=DEADLINE_S)  # type: ignore[union-attr]


def test_a_rescheduled_or_stopped_connector_leaves_no_live_entry(env: DaemonEnv) -> None:
    env.group()
    registrations = {name: env.connector(name, interval=1) for name in ("c1", "c2", "c3")}
    daemon = env.started()
    eventually(lambda: all(env.probe.count("refresh", n) >= 2 for n in registrations), "each to refresh twice")
    runners = {name: daemon._supervisor.runners[r] for name, r in registrations.items()}  # type: ignore[union-attr]

    # Re-scheduled again and again (each new interval re-arms its alarm), c1 still holds at most its
    # two alarms' entries, and keeps refreshing.
    for minutes in (50, 1, 30, 2, 1):
        enb.update_registration(env.platform, MD, GROUP, "c1", refresh_time_interval=minutes)
        eventually(lambda m=minutes: row(daemon, "c1")["refresh_interval_min"] == m, "the new interval to apply")
    refreshed = env.probe.count("refresh", "c1")
    eventually(lambda: env.probe.count("refresh", "c1") > refreshed + 2, "c1 to refresh at its interval again")
    live, size = _scheduler_counts(daemon)
    assert live <= 2 * len(runners) and size <= 2 * live + DEAD_ENTRIES_BEFORE_REBUILD

    # A connector that is removed takes its alarms out of the heap; once all are, nothing is left in it.
    enb.unregister_integration_connector(env.platform, MD, GROUP, "c2")
    eventually(lambda: runners["c2"].finished, "c2 to stop")
    assert not runners["c2"]._alarm.queued and not runners["c2"]._deadline.queued
    for name in ("c1", "c3"):
        enb.unregister_integration_connector(env.platform, MD, GROUP, name)
    eventually(lambda: all(r.finished for r in runners.values()), "every connector to stop")
    assert _scheduler_counts(daemon)[0] == 0


class _Stubborn(IntegrationConnector):
    """A refresh that overruns and, cancelled, carries on past the grace the daemon gives it."""

    async def refresh(self) -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            await asyncio.sleep(CANCEL_GRACE_S + 0.5)  # swallows the cancellation; ends later by itself


def test_a_call_that_swallows_its_cancellation_is_abandoned_at_the_deadline_and_grace(env: DaemonEnv) -> None:
    register_connector("tests.daemon.Stubborn", registry=env.registry)(_Stubborn)
    env.group()
    env.connector("stubborn", provider="tests.daemon.Stubborn", interval=1)
    env.connector("ticker", interval=1)
    daemon = env.started(timeouts=enb.Timeouts(refresh_s=0.3), restart_policy=enb.RestartPolicy.egeria())

    daemon.wait_for_status("FAILED", "stubborn", timeout_s=DEADLINE_S)
    assert row(daemon, "stubborn")["failing_exception_message"] == (
        "refresh() timed out after 0.3 s and did not stop when cancelled; it was abandoned"
    )
    refreshed = env.probe.count("refresh", "ticker")
    eventually(lambda: env.probe.count("refresh", "ticker") > refreshed, "the other connector to keep refreshing")
