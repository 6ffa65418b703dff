"""Figures a connector publishes from engage()'s thread are never lost to what the loop does at the same moment.

The runner's snapshot is replaced whole. A replace made from engage()'s thread raced the loop's own replaces, and
whichever wrote second dropped the other's change: published figures vanished (a reliability test once waited in
vain for ``engage_calls`` to appear under load), or a status change was undone.
"""

from __future__ import annotations

import asyncio
import threading

from egeria_nb.daemon import IntegrationConnector, register_connector
from tests.conftest import eventually
from tests.daemon.conftest import DaemonEnv

# Each side publishes this many figures, each under a key of its own: a lost update loses a key for good.
# Before the fix, 3,000 a side lost hundreds in every run.
EACH = 3000
DEADLINE_S = 60.0


class _TwoSided(IntegrationConnector):
    """Publishes from engage()'s thread and, at the same time, from a task on the daemon's loop."""

    released = threading.Event()

    async def start(self) -> None:
        self.context.create_task(self._on_the_loop(), name="loop side")

    async def _on_the_loop(self) -> None:
        for n in range(EACH):
            self.context.publish_statistics({f"loop_{n}": n})
            await asyncio.sleep(0)

    def engage(self) -> None:
        for n in range(EACH):
            self.context.publish_statistics({f"thread_{n}": n})
        self.context.publish_statistics(thread_done=True)
        self.released.wait(DEADLINE_S)  # one engage() is enough: stay in it until the connector is stopped

    async def disconnect(self) -> None:
        self.released.set()


def test_figures_published_from_engage_and_from_the_loop_at_once_all_arrive(env: DaemonEnv) -> None:
    _TwoSided.released.clear()
    register_connector("tests.daemon.TwoSided", registry=env.registry)(_TwoSided)
    env.group()
    env.connector("two-sided", provider="tests.daemon.TwoSided", blocking=True)
    daemon = env.started()

    def figures() -> dict[str, object]:
        rows = daemon.statistics("two-sided")
        return rows[0].statistics if rows else {}

    eventually(
        lambda: figures().get("thread_done") is True and f"loop_{EACH - 1}" in figures(),
        "both sides to finish publishing",
        timeout=DEADLINE_S,
    )
    shown = figures()
    expected = [f"{side}_{n}" for side in ("loop", "thread") for n in range(EACH)]
    lost = [key for key in expected if key not in shown]
    assert not lost, f"{len(lost)} of {len(expected)} figures were lost, e.g. {lost[:5]}"
    daemon.stop(timeout_s=5)
