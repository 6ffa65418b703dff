"""One timer for all of a daemon's connectors: refresh times, restart delays and call deadlines.

With a timer per wait, a thousand connectors refreshing every second each held a
timer handle, a timeout object and their callbacks (about a dozen objects the
garbage collector tracks) through every wait, and connectors due together all
started their calls in the same turn of the loop. Together that set off several
young collections a second; those promote what is alive, and every so often one
escalates into a full collection of the process, which stops everything for
~100 ms (benchmarks/README.md, figure 8). Here each runner owns two ``Alarm``
objects for its whole life; the ``Scheduler`` keeps them in a heap of
``[due time, sequence, alarm]`` entries and holds one ``loop.call_at`` handle,
for the earliest. An alarm that rings calls its callback (a runner sets its
wake-up event); a few are rung per turn of the loop (``ALARMS_PER_TURN``).

Allocation-free in the steady state: an alarm re-armed after it rang reuses its
heap entry, and one put off to a later time (a call deadline, re-armed for every
call) stays where it is and is moved on when its old time comes. Only bringing
an alarm forward leaves its old entry behind, dead; dead entries are counted and
the heap is rebuilt without them once they outnumber the live ones, so the heap
holds at most twice the live entries (plus a few). ``close()`` takes an alarm out
for good, so a removed connector leaves nothing behind that refers to it.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import time
from collections.abc import Callable
from typing import Any

__all__ = ["Alarm", "Scheduler"]

LOGGER = logging.getLogger("egeria_nb.daemon")
# The heap is rebuilt when dead entries outnumber live ones, and there are more than this many.
DEAD_ENTRIES_BEFORE_REBUILD = 64

# The loop runs a timer once its time is within the clock's resolution (as BaseEventLoop does); alarms are
# judged alike, so an alarm never rings a hair early and then finds itself not yet due.
CLOCK_RESOLUTION_S = time.get_clock_info("monotonic").resolution

# Alarms rung per turn of the loop; the timer comes back at once (the next turn) for any more that are due.
# A thousand connectors due at once would otherwise each start a call in the same turn: thousands of
# objects alive together, which sets off collections (and lets the first call start only after the
# last runner has woken). Ten at a time keeps them starting in order, at the same pace.
ALARMS_PER_TURN = 10

# A heap entry: [due time (loop clock), sequence (ties and no comparing alarms), alarm or None once dead].
_Entry = list[Any]


class Alarm:
    """A reusable one-shot timer on a ``Scheduler``: ``ring_at`` arms it (again), ``cancel`` disarms it."""

    __slots__ = ("_callback", "_entry", "_queued", "_scheduler", "when")

    def __init__(self, scheduler: Scheduler, callback: Callable[[], object]) -> None:
        self._scheduler = scheduler
        self._callback = callback
        # When it is to ring (the loop's clock), or None when disarmed, rung or closed.
        self.when: float | None = None
        # Its heap entry, kept for reuse; and whether that entry is in the heap now.
        self._entry: _Entry | None = None
        self._queued = False

    @property
    def armed(self) -> bool:
        """True until it rings or is cancelled."""
        return self.when is not None

    @property
    def queued(self) -> bool:
        """True while the scheduler's heap holds an entry for it (armed, or kept to be used again)."""
        return self._queued

    def ring_at(self, when: float) -> None:
        self._scheduler._arm(self, when)

    def ring_in(self, seconds: float) -> None:
        self._scheduler._arm(self, self._scheduler.time() + seconds)

    def cancel(self) -> None:
        # The entry stays queued: re-armed later (the usual case) it is used again; otherwise it is
        # dropped when its time comes. close() is for an alarm that will not be used again.
        self.when = None

    def close(self) -> None:
        """Disarm for good and leave no heap entry that refers to this alarm."""
        self.when = None
        if self._queued:
            self._scheduler._kill(self)


class Scheduler:
    """A heap of alarms and one timer handle on ``loop`` for the earliest. Use it on that loop only."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._heap: list[_Entry] = []
        self._sequence = itertools.count()
        self._dead = 0
        self._timer: asyncio.TimerHandle | None = None
        self._timer_when = 0.0

    def alarm(self, callback: Callable[[], object]) -> Alarm:
        return Alarm(self, callback)

    def time(self) -> float:
        return self._loop.time()

    @property
    def size(self) -> int:
        """Entries in the heap, dead ones included: at most twice ``live``, plus a few."""
        return len(self._heap)

    @property
    def live(self) -> int:
        """Entries in the heap that still belong to an alarm (one at most per alarm that is not closed)."""
        return len(self._heap) - self._dead

    def _arm(self, alarm: Alarm, when: float) -> None:
        alarm.when = when
        entry = alarm._entry
        if alarm._queued:
            assert entry is not None
            if entry[0] <= when:
                return  # put off: its entry comes up first and is moved on then (see _ring)
            self._kill(alarm)  # brought forward: a new entry; the old one stays behind, dead
            entry = None
        if entry is None:
            entry = alarm._entry = [when, next(self._sequence), alarm]
        else:
            entry[0], entry[1] = when, next(self._sequence)
        self._push(entry)

    def _push(self, entry: _Entry) -> None:
        heapq.heappush(self._heap, entry)
        entry[2]._queued = True
        if self._timer is None or entry[0] < self._timer_when:
            self._set_timer(entry[0])

    def _kill(self, alarm: Alarm) -> None:
        assert alarm._entry is not None
        alarm._entry[2] = None
        alarm._entry = None
        alarm._queued = False
        self._dead += 1
        if self._dead > max(DEAD_ENTRIES_BEFORE_REBUILD, len(self._heap) - self._dead):
            self._heap[:] = [e for e in self._heap if e[2] is not None]
            heapq.heapify(self._heap)
            self._dead = 0

    def _set_timer(self, when: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self._loop.call_at(when, self._ring)
        self._timer_when = when

    def _ring(self) -> None:
        """The timer: ring every alarm that is due, then set the timer for the next."""
        self._timer = None
        heap = self._heap  # a rebuild (in _kill, from a callback) changes it in place
        now = self._loop.time() + CLOCK_RESOLUTION_S
        rung = 0
        try:
            while heap and heap[0][0] <= now and rung < ALARMS_PER_TURN:
                entry = heapq.heappop(heap)
                alarm: Alarm | None = entry[2]
                if alarm is None:
                    self._dead -= 1
                    continue
                alarm._queued = False
                if alarm.when is None:
                    continue  # cancelled; the entry waits, out of the heap, to be used again
                if alarm.when > now:
                    entry[0], entry[1] = alarm.when, next(self._sequence)  # was put off
                    heapq.heappush(heap, entry)
                    alarm._queued = True
                    continue
                alarm.when = None
                rung += 1
                try:
                    alarm._callback()
                except Exception:
                    LOGGER.exception("an alarm's callback failed")
        finally:
            while heap and heap[0][2] is None:
                heapq.heappop(heap)
                self._dead -= 1
            # A callback may have armed an alarm (and so the timer) already, for later than the next.
            if heap and (self._timer is None or heap[0][0] < self._timer_when):
                self._set_timer(heap[0][0])
