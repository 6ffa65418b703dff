"""A connector's life under the daemon, state by state (egeria-wire.md §3.5, §5), and the daemon's own start/stop."""

from __future__ import annotations

import gc
import threading
import weakref
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

import egeria_nb as enb
from tests.daemon.conftest import (
    GROUP,
    DaemonEnv,
    daemon_threads,
    eventually,
    history_messages,
    row,
    status_of,
)


def _transitions(daemon: enb.IntegrationDaemon, connector: str) -> list[tuple[str | None, str]]:
    """The connector's state changes in the history, as (from, to); from is None for the first."""
    frame = daemon.history()
    frame = frame[(frame["connector"] == connector) & frame["to_status"].notna()]
    pairs = [
        (None if pd.isna(f) else str(f), str(t)) for f, t in zip(frame["from_status"], frame["to_status"], strict=True)
    ]
    return [(f, t) for f, t in pairs if f != t]  # events that note something without changing the state


def test_start_returns_before_any_connector_has_started(env: DaemonEnv) -> None:
    env.group()
    env.connector("c1")
    held = env.probe.gate("c1", "start")
    daemon = env.daemon()

    assert daemon.start() is daemon
    assert daemon.running
    # start() came back while the connector's start() is still being held: it does not wait for connectors.
    eventually(lambda: env.probe.count("start", "c1") == 1, "the daemon to call start()")
    assert status_of(daemon, "c1") == "INITIALIZED"
    assert not held.is_set()
    # The daemon answers control calls meanwhile.
    daemon.refresh_group()
    assert list(daemon.groups()["qualified_name"]) == [GROUP]

    held.set()
    daemon.wait_for_status("WAITING", "c1")
    assert daemon.start() is daemon  # starting a running daemon again changes nothing
    assert env.probe.count("start", "c1") == 1


def test_non_blocking_connector_goes_initialized_waiting_refreshing_waiting_stopped(env: DaemonEnv) -> None:
    env.group()
    registration = env.connector("c1")
    held = env.probe.gate("c1", "refresh")
    daemon = env.started()

    # start() then the first refresh at once; the refresh is held, so the connector shows REFRESHING.
    eventually(lambda: status_of(daemon, "c1") == "REFRESHING", "the first refresh to begin")
    assert row(daemon, "c1")["last_refresh_time"] is pd.NaT
    held.set()
    daemon.wait_for_status("WAITING", "c1")
    first = row(daemon, "c1")
    assert first["connector_id"] == registration
    assert first["last_refresh_time"] is not pd.NaT
    assert first["statistics"] == {"refreshes": 1}

    daemon.stop()
    assert status_of(daemon, "c1") == "STOPPED"
    assert [c.method for c in env.probe.of(connector="c1")] == ["start", "refresh", "disconnect"]
    assert len({c.instance for c in env.probe.of(connector="c1")}) == 1
    # REFRESHING <-> WAITING is shown in the table but not written to the history on every refresh.
    assert _transitions(daemon, "c1") == [(None, "INITIALIZED"), ("INITIALIZED", "WAITING"), ("WAITING", "STOPPED")]


def test_a_failed_start_is_still_given_disconnect_and_keeps_its_failure(env: DaemonEnv) -> None:
    # start() may have opened things before it raised: disconnect() gets to release them.
    env.group()
    env.connector("c1", props={"fail": ["start"]})
    daemon = env.started(restart_policy=enb.RestartPolicy.egeria())
    daemon.wait_for_status("FAILED", "c1")
    eventually(lambda: env.probe.count("disconnect", "c1") == 1, "disconnect() after the failed start")
    assert [c.method for c in env.probe.of(connector="c1")] == ["start", "disconnect"]
    assert row(daemon, "c1")["failing_exception_message"] == "start() failed: RuntimeError: start failed on purpose"
    assert status_of(daemon, "c1") == "FAILED"


def test_a_stopped_daemon_once_dropped_is_freed(env: DaemonEnv) -> None:
    # Nothing global (finalizers, loops, registries) may keep a daemon and its connectors alive.
    env.group()
    env.connector("c1")
    daemon = env.started()
    daemon.wait_for_status("WAITING", "c1")
    daemon.stop()
    gone = weakref.ref(daemon)
    env.daemons.remove(daemon)  # the fixture's own list, kept for teardown
    del daemon
    gc.collect()
    assert gone() is None


def test_blocking_connector_engages_in_a_worker_thread_and_is_running(env: DaemonEnv) -> None:
    env.group()
    env.connector("blocker", blocking=True)
    daemon = env.started()

    daemon.wait_for_status("RUNNING", "blocker")
    eventually(lambda: env.probe.count("engage", "blocker") >= 3, "engage() to be called over and over")
    threads = {c.thread for c in env.probe.of("engage", "blocker")}
    assert len(threads) == 1 and next(iter(threads)).startswith("egeria_nb-engage-blocker"), threads
    loop_thread = env.probe.of("start", "blocker")[0].thread
    assert loop_thread.startswith("egeria_nb-daemon") and loop_thread not in threads

    daemon.refresh("blocker")  # blocking connectors are never refreshed (§3.5)
    current = row(daemon, "blocker")
    assert current["status"] == "RUNNING" and current["uses_blocking_calls"]
    assert current["last_refresh_time"] is not pd.NaT  # set after each engage() cycle
    assert env.probe.count("refresh", "blocker") == 0

    daemon.stop()
    assert status_of(daemon, "blocker") == "STOPPED"
    assert env.probe.of(connector="blocker")[-1].method == "disconnect"
    assert _transitions(daemon, "blocker") == [
        (None, "INITIALIZED"),
        ("INITIALIZED", "RUNNING"),
        ("RUNNING", "STOPPED"),
    ]


def test_refresh_every_interval_on_request_and_on_group_refresh(env: DaemonEnv) -> None:
    env.group()
    env.connector("ticker", interval=1)  # one "minute" = 0.1 s here
    env.connector("once", interval=0)
    daemon = env.started(seconds_per_minute=0.1)
    daemon.wait_for_status("WAITING", count=2)

    eventually(lambda: env.probe.count("refresh", "ticker") >= 5, "the ticker to refresh every interval")
    # Interval 0: refreshed once at start, and afterwards only when asked (§3.5).
    assert env.probe.count("refresh", "once") == 1
    assert row(daemon, "ticker")["refresh_interval_min"] == 1

    daemon.refresh("once")
    eventually(lambda: env.probe.count("refresh", "once") == 2, "daemon.refresh(name) to refresh it")
    daemon.refresh()
    eventually(lambda: env.probe.count("refresh", "once") == 3, "daemon.refresh() to refresh every connector")
    daemon.refresh_group(GROUP)
    eventually(lambda: env.probe.count("refresh", "once") == 4, "a group refresh to refresh its connectors")
    assert env.probe.instances("once") == [env.probe.instances("once")[0]]  # never restarted


def test_start_date_in_the_future_waits_for_it(env: DaemonEnv) -> None:
    env.group()
    # Whole milliseconds: dates travel with millisecond precision, as Java Dates do (§0.1).
    start_at = (datetime.now(UTC) + timedelta(seconds=1.5)).replace(microsecond=0) + timedelta(milliseconds=500)
    env.connector("later", start_date=start_at)
    daemon = env.started()

    eventually(lambda: status_of(daemon, "later") == "INITIALIZED", "the connector to be created")
    if datetime.now(UTC) < start_at:
        assert env.probe.count("start", "later") == 0
    daemon.wait_for_status("WAITING", "later")
    assert env.probe.of("start", "later")[0].time >= start_at


def test_shutdown_date_in_the_past_is_stopped_and_never_started(env: DaemonEnv) -> None:
    env.group()
    env.connector("retired", stop_date=datetime.now(UTC) - timedelta(days=1))
    env.connector("active")
    daemon = env.started()

    daemon.wait_for_status("WAITING", "active")
    daemon.wait_for_status("STOPPED", "retired")
    assert env.probe.of(connector="retired") == []
    assert "past its stop date (connectorShutdownDate)" in history_messages(daemon, "retired")


def test_shutdown_date_reached_while_running_disconnects(env: DaemonEnv) -> None:
    env.group()
    stop_at = (datetime.now(UTC) + timedelta(seconds=1)).replace(microsecond=0) + timedelta(milliseconds=500)
    env.connector("short-lived", stop_date=stop_at, interval=1)
    daemon = env.started()

    eventually(lambda: env.probe.count("start", "short-lived") == 1, "the connector to start")
    daemon.wait_for_status("STOPPED", "short-lived")
    disconnect = env.probe.of("disconnect", "short-lived")
    assert len(disconnect) == 1 and disconnect[0].time >= stop_at
    assert env.probe.count("start", "short-lived") == 1  # it is not started again after its stop date


def test_stop_leaves_every_connector_stopped_and_no_daemon_thread(env: DaemonEnv) -> None:
    env.group()
    env.connector("a")
    env.connector("b", interval=1)
    env.connector("c", blocking=True)
    daemon = env.started()
    daemon.wait_for_status(["WAITING", "REFRESHING", "RUNNING"], count=3)
    assert any(name.startswith("egeria_nb-daemon") for name in daemon_threads())

    daemon.stop()
    assert not daemon.running
    assert set(daemon.status()["status"].astype(str)) == {"STOPPED"}
    assert sorted(c.connector for c in env.probe.of("disconnect")) == ["a", "b", "c"]
    eventually(lambda: not daemon_threads(), "the daemon's threads to end")
    assert history_messages(daemon)[-1] == "daemon stopped"

    daemon.stop()  # twice is harmless
    with pytest.raises(enb.InvalidParameterError) as caught:
        daemon.refresh()
    assert caught.value.message_id == "EGERIA-NB-DAEMON-400-005"
    assert "daemon.start()" in (caught.value.user_action or "")


def test_twenty_start_stop_cycles_leak_no_threads(env: DaemonEnv) -> None:
    env.group()
    env.connector("cycled")
    daemon = env.daemon()
    before = {t.ident for t in threading.enumerate()}

    for cycle in range(20):
        daemon.start()
        daemon.wait_for_status("WAITING", "cycled")
        daemon.stop()
        assert status_of(daemon, "cycled") == "STOPPED", f"cycle {cycle}"

    eventually(lambda: not daemon_threads(), "the daemon's threads to end")
    eventually(lambda: {t.ident for t in threading.enumerate()} <= before, "no thread to be left over")
    # Each start ran a fresh connector instance, each stop disconnected it.
    assert len(set(env.probe.instances("cycled"))) == 20
    assert env.probe.count("disconnect", "cycled") == 20
    messages = history_messages(daemon)
    assert messages.count("daemon started") == messages.count("daemon stopped") == 20


def test_context_manager_starts_and_stops(env: DaemonEnv) -> None:
    env.group()
    env.connector("c1")
    with env.daemon() as daemon:
        assert daemon.running
        daemon.wait_for_status("WAITING")
    assert not daemon.running
    assert status_of(daemon, "c1") == "STOPPED"
    assert "stopped" in repr(daemon)


@pytest.mark.parametrize(
    ("options", "message_id"),
    [
        ({"server_name": " "}, "EGERIA-NB-ARGS-400-001"),
        ({"poll_interval_s": 0}, "EGERIA-NB-DAEMON-400-001"),
        ({"seconds_per_minute": -1}, "EGERIA-NB-DAEMON-400-001"),
        ({"loop_block_threshold_s": True}, "EGERIA-NB-ARGS-400-001"),
        ({"restart_policy": 5}, "EGERIA-NB-ARGS-400-001"),
        ({"timeouts": {"refresh": 5}}, "EGERIA-NB-ARGS-400-001"),
        ({"registry": "tests"}, "EGERIA-NB-ARGS-400-001"),
        ({"platform": None}, "EGERIA-NB-ARGS-400-001"),
    ],
)
def test_bad_daemon_options_say_what_to_pass(
    platform: enb.EmbeddedPlatform, options: dict[str, object], message_id: str
) -> None:
    server = options.pop("server_name", "integration-daemon")
    target = options.pop("platform", platform)
    with pytest.raises(enb.InvalidParameterError) as caught:
        enb.IntegrationDaemon(target, server, **options)  # type: ignore[arg-type]
    assert caught.value.message_id == message_id
    assert caught.value.user_action


@pytest.mark.parametrize("timeout", [0, -1, "5", True])
def test_a_bad_stop_timeout_says_what_to_pass_and_the_daemon_keeps_running(env: DaemonEnv, timeout: object) -> None:
    env.group()
    env.connector("c1")
    daemon = env.started()
    daemon.wait_for_status("WAITING", "c1")
    with pytest.raises(enb.InvalidParameterError) as caught:
        daemon.stop(timeout_s=timeout)  # type: ignore[arg-type]
    if isinstance(timeout, int) and not isinstance(timeout, bool):
        assert caught.value.message_id == "EGERIA-NB-DAEMON-400-001"
        assert "daemon.stop(timeout_s=5)" in caught.value.user_action
    else:  # not a number at all
        assert caught.value.message_id == "EGERIA-NB-ARGS-400-001"
        assert "IntegrationDaemon.stop(): timeout_s must be a number, or None" in str(caught.value)
    assert daemon.running and status_of(daemon, "c1") == "WAITING"


def test_wait_for_status_names_the_states_when_given_another_and_returns_the_named_connectors_rows(
    env: DaemonEnv,
) -> None:
    env.group()
    env.connector("c1")
    env.connector("c2")
    daemon = env.started()
    with pytest.raises(enb.InvalidParameterError) as caught:
        daemon.wait_for_status("WAITNG")
    assert caught.value.message_id == "EGERIA-NB-DAEMON-400-007"
    assert "'WAITNG'" in caught.value.message and "WAITING" in caught.value.user_action
    with pytest.raises(enb.InvalidParameterError):
        daemon.wait_for_status(["WAITING", "SLEEPING"])
    rows = daemon.wait_for_status("WAITING", "c2")
    assert list(rows["connector_name"]) == ["c2"]
    assert len(daemon.wait_for_status("WAITING")) == 2
