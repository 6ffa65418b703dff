"""A daemon that misses changes because the platform pruned its change log reads every definition again.

The platform keeps a bounded change log (``change_log_keep``, ``change_log_max_age_s``). A daemon
that falls behind it - its watcher held up while changes were made and pruned - is told by the
feed (``oldestSequence`` beyond what it has seen), says so in its history, and re-reads its
groups, ending with exactly the registered connectors. So does a daemon stopped across a prune.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

import egeria_nb as enb
from egeria_nb.metadata.catalog import MetadataCatalog
from tests.conftest import eventually
from tests.daemon.conftest import DEADLINE_S, GROUP, MD, DaemonEnv, history_messages


class HeldFeed:
    """Once ``hold`` is set, the daemon's next change-feed request waits (``parked``) until ``released``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.hold = threading.Event()
        self.parked = threading.Event()
        self.released = threading.Event()
        original = MetadataCatalog.changes
        feed = self

        async def changes(catalog: MetadataCatalog, after: int, **kwargs: Any) -> Any:
            if after > 0 and feed.hold.is_set() and not feed.released.is_set():
                feed.parked.set()
                await asyncio.to_thread(feed.released.wait, DEADLINE_S)
            return await original(catalog, after, **kwargs)

        monkeypatch.setattr(MetadataCatalog, "changes", changes)


def prune_everything(env: DaemonEnv) -> int:
    store = env.platform._server.state.metadata
    return store.prune_changes(keep=0)


def test_a_daemon_behind_the_pruned_log_rereads_everything_and_says_so(
    env: DaemonEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = HeldFeed(monkeypatch)
    env.group()
    env.connector("c1")
    env.connector("c2")
    daemon = env.started(use_change_feed=True, poll_interval_s=30.0)  # only the feed can explain a change in time
    daemon.wait_for_status("WAITING", count=2)

    feed.hold.set()
    env.connector("c0")  # a change that ends the long poll under way; the next request is held
    eventually(feed.parked.is_set, "the watcher's next feed request to be held")
    env.connector("c3")
    enb.unregister_integration_connector(env.platform, MD, GROUP, "c1")
    assert prune_everything(env) > 0
    feed.released.set()

    eventually(
        lambda: any("was pruned past change" in m and "re-reading every group" in m for m in history_messages(daemon)),
        "the history to say the daemon fell behind the pruned log",
    )
    eventually(lambda: daemon.connector_names() == ["c0", "c2", "c3"], "exactly the registered connectors")
    daemon.wait_for_status("WAITING", count=3)


def test_a_daemon_stopped_across_a_prune_starts_with_exactly_the_registered_connectors(env: DaemonEnv) -> None:
    env.group()
    env.connector("c1")
    env.connector("c2")
    daemon = env.started()
    daemon.wait_for_status("WAITING", count=2)
    daemon.stop()

    enb.unregister_integration_connector(env.platform, MD, GROUP, "c1")
    env.connector("c3")
    assert prune_everything(env) > 0

    daemon.start()
    daemon.wait_for_status("WAITING", count=2)
    assert daemon.connector_names() == ["c2", "c3"]
