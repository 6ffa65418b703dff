"""The daemon's own work is supervised like its connectors: it comes back after a failure or a hang.

Faults are injected into each internal task (the configuration follower, the watcher of a
metadata server, the watchdog's heartbeat) by replacing one of its steps for one call:
once with an unexpected exception, once with a hang. The task must be started again
(the history says so), and the daemon must go on following its definitions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

import egeria_nb as enb
from egeria_nb.daemon.groups import DefinitionWatcher
from egeria_nb.daemon.supervisor import DaemonSupervisor
from egeria_nb.daemon.watchdog import LoopWatchdog
from tests.conftest import eventually
from tests.daemon.conftest import DEADLINE_S, DaemonEnv, history_messages, row

TRAINING = "egeria_nb.connectors.training.TrainingConnector"
# A short request timeout makes the stall limits short (they are counted in request timeouts).
REQUEST_TIMEOUT_S = 0.5


class Fault:
    """Replaces ``owner.name`` so that its first call raises or hangs; later calls go through."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: type, name: str, kind: str) -> None:
        self.calls = 0
        original: Callable[..., Any] = getattr(owner, name)
        fault = self

        async def faulty(*args: Any, **kwargs: Any) -> Any:
            fault.calls += 1
            if fault.calls == 1:
                if kind == "raise":
                    raise RuntimeError(f"injected fault in {name}")
                await asyncio.Event().wait()  # a hang: never set
            return await original(*args, **kwargs)

        monkeypatch.setattr(owner, name, faulty)


def quick_daemon(env: DaemonEnv, **options: Any) -> enb.IntegrationDaemon:
    platform = env.platform.with_timeout(REQUEST_TIMEOUT_S)
    options.setdefault("registry", env.registry)
    options.setdefault("poll_interval_s", 0.2)
    options.setdefault("seconds_per_minute", 0.1)
    options.setdefault("restart_policy", enb.RestartPolicy(initial_delay_s=0.1, max_delay_s=0.5))
    daemon = enb.IntegrationDaemon(platform, "integration-daemon", **options)
    env.daemons.append(daemon)
    return daemon.start()


def came_back(daemon: enb.IntegrationDaemon, task: str, problem: str) -> None:
    eventually(
        lambda: any(m.startswith(f"internal task {task} {problem}") for m in history_messages(daemon)),
        f"the history to say that {task} {problem}",
    )
    eventually(
        lambda: f"internal task {task} started again" in history_messages(daemon),
        f"{task} to be started again",
    )


@pytest.mark.parametrize("kind", ["raise", "hang"])
def test_the_watcher_comes_back_and_new_registrations_still_start(
    env: DaemonEnv, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    Fault(monkeypatch, DefinitionWatcher, "_poll", kind)
    env.group()
    env.connector("c1")
    daemon = quick_daemon(env, use_change_feed=False)
    problem = "failed: RuntimeError: injected fault in _poll" if kind == "raise" else "showed no progress"
    came_back(daemon, "watcher of active-metadata-store", problem)
    # The group showed it meanwhile (it reads again once the watcher is back).
    shown = "cannot read the group from active-metadata-store: internal task watcher of active-metadata-store"
    assert any(m.startswith(shown) for m in history_messages(daemon))
    daemon.wait_for_status("WAITING", "c1", timeout_s=DEADLINE_S)
    env.connector("c2")  # a change the watcher must still see
    daemon.wait_for_status("WAITING", "c2", timeout_s=DEADLINE_S)
    assert daemon.running


@pytest.mark.parametrize("kind", ["raise", "hang"])
def test_the_configuration_follower_comes_back_and_new_groups_still_start(
    env: DaemonEnv, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    Fault(monkeypatch, DaemonSupervisor, "_read_configuration", kind)
    env.group()
    env.connector("c1")
    daemon = quick_daemon(env)
    problem = "failed: RuntimeError" if kind == "raise" else "showed no progress"
    came_back(daemon, "configuration follower", problem)
    daemon.wait_for_status("WAITING", "c1", timeout_s=DEADLINE_S)
    env.group("Egeria:IntegrationGroup:Second")  # configuring another group: the follower must see it
    env.connector("c2", group="Egeria:IntegrationGroup:Second")
    daemon.wait_for_status("WAITING", "c2", timeout_s=DEADLINE_S)
    assert set(daemon.groups()["qualified_name"]) == {"Egeria:IntegrationGroup:Test", "Egeria:IntegrationGroup:Second"}


@pytest.mark.parametrize("kind", ["raise", "hang"])
def test_the_heartbeat_comes_back(env: DaemonEnv, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    Fault(monkeypatch, LoopWatchdog, "heartbeat", kind)
    env.group()
    env.connector("c1")
    daemon = quick_daemon(env)
    came_back(daemon, "heartbeat", "failed: RuntimeError" if kind == "raise" else "showed no progress")
    daemon.wait_for_status("WAITING", "c1", timeout_s=DEADLINE_S)
    # Control calls reach the loop again (while the heartbeat was silent, the loop looked blocked).
    eventually(lambda: daemon._watchdog is not None and daemon._watchdog.blocker is None, "the heartbeat to beat")
    daemon.refresh("c1")


def test_a_refresh_that_swallows_its_cancellation_is_abandoned_at_its_deadline(env: DaemonEnv) -> None:
    env.group()
    env.connector("swallows", provider=TRAINING, props={"hang_refresh_s": 60, "ignore_cancel": True})
    daemon = env.started(timeouts=enb.Timeouts(refresh_s=0.3))
    message = "refresh() timed out after 0.3 s and did not stop when cancelled; it was abandoned"
    eventually(lambda: message in history_messages(daemon, "swallows"), "the refresh to be abandoned")
    # Each restart leaves one more such call behind, so after a few the connector waits to be asked.
    eventually(
        lambda: any("abandoned calls of this connector are still running" in m for m in history_messages(daemon)),
        "automatic restarts to end",
    )
    assert row(daemon, "swallows")["status"] == "FAILED"
    assert daemon.statistics("swallows")[0].next_restart is None  # no automatic restart is planned
