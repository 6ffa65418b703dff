"""Supervision: failures and their states, back-off and restarts, deadlines, misbehaving connectors, outages.

No test asserts how fast anything happened. Back-off is checked by the order
and count of history events, by ``next_restart``, and by lower bounds taken
from the history's own timestamps.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest

import egeria_nb as enb
from egeria_nb.daemon import ConnectorContext, IntegrationConnector, register_connector
from tests.daemon.conftest import (
    GROUP,
    MD,
    PROVIDER,
    SERVER,
    DaemonEnv,
    eventually,
    history_messages,
    probe_class,
    row,
    status_of,
)

JAVA_PROVIDER = "org.odpi.openmetadata.adapters.connectors.integration.basicfiles.DataFilesMonitorIntegrationProvider"
# Timestamps in the history come from the wall clock, waits from the monotonic clock; allow for the two to disagree.
CLOCK_SLACK = timedelta(milliseconds=5)


def _failed_with(daemon: enb.IntegrationDaemon, connector: str, status: str = "FAILED") -> str:
    daemon.wait_for_status(status, connector)
    message = row(daemon, connector)["failing_exception_message"]
    assert isinstance(message, str) and message
    return message


# -- one state per lifecycle call ------------------------------------------------------------------


def test_unknown_providers_are_config_failed_with_what_to_do(env: DaemonEnv) -> None:
    env.group()
    env.connector("missing", provider="tests.daemon.NotRegistered")
    env.connector("java", provider=JAVA_PROVIDER)
    daemon = env.started(restart_policy=enb.RestartPolicy.egeria())

    message = _failed_with(daemon, "missing", "CONFIG_FAILED")
    assert "No Python connector is registered as 'tests.daemon.NotRegistered'" in message
    assert "@egeria_nb.register_connector('tests.daemon.NotRegistered')" in message
    message = _failed_with(daemon, "java", "CONFIG_FAILED")
    assert "Java connector provider; it runs only in Egeria's Java integration daemon" in message
    assert "RemoteIntegrationDaemon" in message


def test_a_connector_that_cannot_be_created_is_config_failed(env: DaemonEnv) -> None:
    class Broken(IntegrationConnector):
        def __init__(self) -> None:
            raise OSError("no such device")

    register_connector("tests.daemon.Broken", registry=env.registry)(Broken)
    with pytest.raises(TypeError, match=r"not a subclass of egeria_nb\.IntegrationConnector"):
        env.registry.register("tests.daemon.NotAConnector", dict)  # type: ignore[arg-type]
    env.group()
    env.connector("broken", provider="tests.daemon.Broken")
    daemon = env.started(restart_policy=enb.RestartPolicy.egeria())

    assert _failed_with(daemon, "broken", "CONFIG_FAILED") == "creating the connector failed: OSError: no such device"


def test_a_context_that_cannot_be_set_is_initialize_failed(env: DaemonEnv) -> None:
    class Picky(IntegrationConnector):
        @property
        def context(self) -> ConnectorContext:
            raise AttributeError("no context yet")

        @context.setter
        def context(self, value: ConnectorContext) -> None:
            raise PermissionError(f"{value.connector_name} may not use this catalog")

    register_connector("tests.daemon.Picky", registry=env.registry)(Picky)
    env.group()
    env.connector("picky", provider="tests.daemon.Picky")
    daemon = env.started(restart_policy=enb.RestartPolicy.egeria())

    message = _failed_with(daemon, "picky", "INITIALIZE_FAILED")
    assert message == "setting the context failed: PermissionError: picky may not use this catalog"


def test_initialize_failed_is_retried_even_under_egerias_policy(env: DaemonEnv) -> None:
    class Waiting(IntegrationConnector):
        # Refuses its context while the test says so, like a metadata server that is not there yet.
        @property
        def context(self) -> ConnectorContext:
            return self._context

        @context.setter
        def context(self, value: ConnectorContext) -> None:
            if "context" in env.probe.failing.get(value.connector_name, ()):
                raise ConnectionError("metadata server not there yet")
            self._context = value

        async def start(self) -> None:
            env.probe.record("start", self.context.connector_name, 0)

    register_connector("tests.daemon.Waiting", registry=env.registry)(Waiting)
    env.group()
    env.connector("patient", provider="tests.daemon.Waiting")
    env.connector("failed", props={"fail": ["start"]})
    env.probe.failing["patient"] = {"context"}
    daemon = env.started(restart_policy=enb.RestartPolicy.egeria())

    _failed_with(daemon, "patient", "INITIALIZE_FAILED")
    eventually(
        lambda: "automatic restart after 1 s" in history_messages(daemon, "patient"), "Egeria's one-second retry"
    )
    env.probe.failing["patient"] = set()
    daemon.wait_for_status("WAITING", "patient")
    # Other failures still wait for restart() under this policy.
    assert status_of(daemon, "failed") == "FAILED" and env.probe.count("start", "failed") == 1


@pytest.mark.parametrize(
    ("method", "blocking", "message"),
    [
        ("start", False, "start() failed: RuntimeError: start failed on purpose"),
        ("refresh", False, "refresh() failed: RuntimeError: refresh failed on purpose"),
        ("engage", True, "engage() failed: RuntimeError: engage failed on purpose"),
    ],
)
def test_an_exception_in_a_lifecycle_call_is_failed_with_its_message(
    env: DaemonEnv, method: str, blocking: bool, message: str
) -> None:
    env.group()
    env.connector("bad", props={"fail": [method]}, blocking=blocking)
    env.connector("good")
    daemon = env.started(restart_policy=enb.RestartPolicy.egeria())

    assert _failed_with(daemon, "bad") == message
    daemon.wait_for_status("WAITING", "good")  # one connector's failure is its own
    assert message in history_messages(daemon, "bad")
    if method != "start":
        # A connector that had started is disconnected when it fails, and keeps showing FAILED.
        eventually(lambda: env.probe.count("disconnect", "bad") == 1, "the failed connector to be disconnected")
    assert status_of(daemon, "bad") == "FAILED"


def test_an_exception_in_disconnect_is_failed_and_the_restart_goes_on(env: DaemonEnv) -> None:
    env.group()
    env.connector("sticky", props={"fail": ["disconnect"]})
    daemon = env.started()
    daemon.wait_for_status("WAITING", "sticky")

    daemon.restart("sticky")
    eventually(lambda: len(env.probe.instances("sticky")) == 2, "the restart to start a new instance")
    frame = daemon.history()
    failed = frame[(frame["connector"] == "sticky") & (frame["to_status"] == "FAILED")]
    assert list(failed["message"]) == ["disconnect() failed: RuntimeError: disconnect failed on purpose"]
    daemon.wait_for_status("WAITING", "sticky")
    assert row(daemon, "sticky")["restarts"] == 1


# -- restarts ---------------------------------------------------------------------------------------


def test_restart_policy_delays_are_capped_exponential() -> None:
    policy = enb.RestartPolicy(initial_delay_s=0.1, factor=3, max_delay_s=1.0)
    assert [policy.delay_s(n) for n in range(4)] == pytest.approx([0.1, 0.3, 0.9, 1.0])
    assert enb.RestartPolicy(max_restarts=2).delay_s(2) is None
    assert enb.RestartPolicy.egeria().delay_s(0) is None
    for bad, message_id in (
        ({"initial_delay_s": -1}, "EGERIA-NB-DAEMON-400-001"),
        ({"factor": 0.5}, "EGERIA-NB-DAEMON-400-002"),
        ({"max_restarts": -1}, "EGERIA-NB-DAEMON-400-003"),
    ):
        with pytest.raises(enb.InvalidParameterError) as caught:
            enb.RestartPolicy(**bad)  # type: ignore[arg-type]
        assert caught.value.message_id == message_id
    with pytest.raises(enb.InvalidParameterError) as caught:
        enb.Timeouts(start_s=0)
    assert caught.value.message_id == "EGERIA-NB-DAEMON-400-001"


def test_automatic_restarts_back_off_exponentially_up_to_the_cap(env: DaemonEnv) -> None:
    env.group()
    registration = env.connector("flaky")
    env.probe.failing["flaky"] = {"start"}
    policy = enb.RestartPolicy(initial_delay_s=0.1, factor=2, max_delay_s=0.3)
    daemon = env.started(restart_policy=policy)

    def restarts() -> list[str]:
        return [m for m in history_messages(daemon, "flaky") if m.startswith("automatic restart")]

    # While it waits, the runner says when the next attempt will be, at least the policy's delay after the failure.
    def scheduled() -> object:
        runner = daemon._supervisor.runners.get(registration)
        return runner is not None and runner.snapshot.next_restart is not None and runner.snapshot

    snapshot = eventually(scheduled, "a restart to be scheduled")
    assert snapshot.next_restart - snapshot.last_status_change >= timedelta(seconds=0.1) - CLOCK_SLACK
    eventually(lambda: len(restarts()) >= 5, "five automatic restarts")
    assert restarts()[:5] == [
        "automatic restart after 0.1 s",
        "automatic restart after 0.2 s",
        "automatic restart after 0.3 s",
        "automatic restart after 0.3 s",
        "automatic restart after 0.3 s",
    ]
    # Each restart came at least its delay after the failure before it.
    frame = daemon.history()
    frame = frame[frame["connector"] == "flaky"]
    failed_at = None
    checked = 0
    for time, to_status, message in zip(frame["time"], frame["to_status"], frame["message"], strict=True):
        if to_status == "FAILED" and str(message).startswith("start() failed"):
            failed_at = time
        elif str(message).startswith("automatic restart after ") and failed_at is not None:
            delay = float(str(message).removeprefix("automatic restart after ").removesuffix(" s"))
            assert time - failed_at >= pd.Timedelta(seconds=delay) - CLOCK_SLACK
            checked += 1
    assert checked >= 5
    assert row(daemon, "flaky")["restarts"] >= 5

    # Once it works, it stays up.
    env.probe.failing["flaky"] = set()
    daemon.wait_for_status("WAITING", "flaky")
    assert daemon._supervisor.runners[registration].snapshot.next_restart is None
    assert pd.isna(row(daemon, "flaky")["failing_exception_message"])


def test_max_restarts_gives_up(env: DaemonEnv) -> None:
    env.group()
    registration = env.connector("hopeless", props={"fail": ["start"]})
    daemon = env.started(restart_policy=enb.RestartPolicy(initial_delay_s=0.05, max_restarts=2))

    eventually(lambda: env.probe.count("start", "hopeless") == 3, "the first attempt and two restarts")
    daemon.wait_for_status("FAILED", "hopeless")
    assert row(daemon, "hopeless")["restarts"] == 2
    assert daemon._supervisor.runners[registration].snapshot.next_restart is None
    daemon.refresh_group()  # nothing else brings it back on its own
    assert env.probe.count("start", "hopeless") == 3


def test_egeria_policy_waits_for_restart(env: DaemonEnv) -> None:
    env.group()
    registration = env.connector("manual")
    env.connector("ticker", interval=1)
    env.probe.failing["manual"] = {"start"}
    daemon = env.started(restart_policy=enb.RestartPolicy.egeria(), seconds_per_minute=0.1)

    daemon.wait_for_status("FAILED", "manual")
    # Let the daemon go round a few times: the failed connector is not tried again.
    eventually(lambda: env.probe.count("refresh", "ticker") >= 5, "the other connector to keep refreshing")
    assert env.probe.count("start", "manual") == 1
    assert daemon._supervisor.runners[registration].snapshot.next_restart is None
    assert row(daemon, "manual")["restarts"] == 0
    assert not any(m.startswith("automatic restart") for m in history_messages(daemon, "manual"))

    env.probe.failing["manual"] = set()
    daemon.restart("manual")
    daemon.wait_for_status("WAITING", "manual")
    assert row(daemon, "manual")["restarts"] == 1
    assert "restart requested" in history_messages(daemon, "manual")


def test_reregistering_a_connector_class_restarts_its_running_connectors(env: DaemonEnv) -> None:
    register_connector("tests.daemon.Other", registry=env.registry)(probe_class(env.probe))
    env.group()
    env.connector("mine")
    env.connector("theirs", provider="tests.daemon.Other")
    daemon = env.started()
    daemon.wait_for_status("WAITING", count=2)

    class NewVersion(probe_class(env.probe)):  # type: ignore[misc]
        async def start(self) -> None:
            await super().start()
            self.context.publish_statistics(version=2)

    register_connector(PROVIDER, registry=env.registry)(NewVersion)  # re-running the cell that defines it
    eventually(lambda: row(daemon, "mine")["statistics"].get("version") == 2, "the new class to run")
    daemon.wait_for_status("WAITING", "mine")
    assert row(daemon, "mine")["restarts"] == 1
    assert f"the connector class registered as {PROVIDER} was replaced" in history_messages(daemon, "mine")
    assert row(daemon, "theirs")["restarts"] == 0 and len(env.probe.instances("theirs")) == 1


# -- deadlines ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "blocking", "timeouts"),
    [
        ("start", False, {"start_s": 0.3}),
        ("refresh", False, {"refresh_s": 0.3}),
        ("engage", True, {"engage_s": 0.3}),
    ],
)
def test_a_call_that_overruns_its_deadline_is_failed_and_the_daemon_carries_on(
    env: DaemonEnv, method: str, blocking: bool, timeouts: dict[str, float]
) -> None:
    env.group()
    env.connector("slow", props={"hang": [method]}, blocking=blocking)
    env.connector("ticker", interval=1)
    daemon = env.started(
        timeouts=enb.Timeouts(**timeouts), restart_policy=enb.RestartPolicy.egeria(), seconds_per_minute=0.1
    )

    assert _failed_with(daemon, "slow") == f"{method}() timed out after 0.3 s"
    # Never a stuck daemon: the other connector kept going, and control calls answer.
    eventually(lambda: env.probe.count("refresh", "ticker") >= 3, "the other connector to keep refreshing")
    daemon.refresh("ticker")
    assert status_of(daemon, "ticker") in ("WAITING", "REFRESHING")


def test_a_disconnect_that_overruns_does_not_hold_up_stop(env: DaemonEnv) -> None:
    env.group()
    env.connector("clingy", props={"hang": ["disconnect"]})
    env.connector("polite")
    daemon = env.started(timeouts=enb.Timeouts(disconnect_s=0.3))
    daemon.wait_for_status("WAITING", count=2)

    daemon.stop()
    assert not daemon.running
    assert row(daemon, "clingy")["failing_exception_message"] == "disconnect() timed out after 0.3 s"
    assert status_of(daemon, "clingy") == "FAILED"
    assert status_of(daemon, "polite") == "STOPPED"


def test_stop_cancels_a_connector_stuck_in_start_without_false_alarms(env: DaemonEnv) -> None:
    env.group()
    env.connector("stuck", props={"hang": ["start"]})
    env.connector("polite")
    daemon = env.started(timeouts=enb.Timeouts(start_s=60, disconnect_s=0.2), loop_block_threshold_s=0.2)
    eventually(lambda: env.probe.count("start", "stuck") == 1, "start() to be called")
    daemon.wait_for_status("WAITING", "polite")

    daemon.stop()  # does not wait for a start() under way: it cancels it
    assert set(daemon.status()["status"].astype(str)) == {"STOPPED"}
    messages = history_messages(daemon, "stuck")
    assert "stopping: start() was under way and is cancelled" in messages
    # The loop turned all along while stop() waited: nothing may be reported as blocking it.
    assert not [m for m in history_messages(daemon) if m.startswith("LOOP BLOCKED")]


# -- connectors that misbehave on the loop -----------------------------------------------------------


def test_a_connector_blocking_the_loop_is_named_in_the_history(env: DaemonEnv) -> None:
    env.group()
    env.connector("sleeper", props={"block_s": 0.8})
    env.connector("polite")
    daemon = env.started(loop_block_threshold_s=0.2)

    def blocked() -> list[str]:
        return [m for m in history_messages(daemon) if m.startswith("LOOP BLOCKED")]

    eventually(lambda: len(blocked()) >= 2, "the block to be reported when it starts and when it ends")
    started, ended = blocked()[:2]
    assert started.startswith("LOOP BLOCKED: connector sleeper is blocking the daemon's event loop")
    assert "in refresh() at conftest.py:" in started
    assert "asyncio.to_thread" in started  # says what to do instead
    assert ended.startswith("LOOP BLOCKED: connector sleeper blocked the daemon's event loop for ")
    frame = daemon.history()
    assert set(frame[frame["message"].str.startswith("LOOP BLOCKED")]["connector"]) == {"sleeper"}
    assert daemon.loop_blocks >= 1
    # Blocking is reported, not punished: both connectors carry on.
    daemon.wait_for_status("WAITING", count=2)


def test_an_exception_in_a_task_the_connector_created_fails_that_connector(env: DaemonEnv) -> None:
    env.group()
    env.connector("spawner", props={"background": "fail"})
    env.connector("bystander")
    daemon = env.started(restart_policy=enb.RestartPolicy.egeria())

    message = _failed_with(daemon, "spawner")
    assert message == "background task 'probe-background' failed: ValueError: the background task broke"
    daemon.wait_for_status("WAITING", "bystander")
    assert row(daemon, "bystander")["restarts"] == 0
    # It did not surface as an unhandled error on the loop.
    assert not any(m.startswith("unhandled on the loop") for m in history_messages(daemon))


# -- the metadata server goes away ---------------------------------------------------------------------


def test_metadata_server_not_running_at_start_then_started(env: DaemonEnv) -> None:
    late = "late-metadata-store"
    env.configure(GROUP, metadata_server=late)
    daemon = env.started()

    eventually(lambda: list(daemon.groups()["status"].astype(str)) == ["FAILED"], "the group to show FAILED")
    error = str(daemon.groups()["last_error"].iloc[0])
    assert "OMAG-MULTI-TENANT-404-001" in error and late in error
    assert daemon.status().empty
    assert late in daemon._repr_html_()

    enb.create_metadata_server(env.platform, late)
    enb.create_group_definition(env.platform, late, GROUP)
    enb.create_connector_definition(env.platform, late, "c1", PROVIDER)
    enb.register_integration_connector(env.platform, late, GROUP, "c1", "c1")
    daemon.wait_for_status("WAITING", "c1")  # the daemon kept retrying
    groups = daemon.groups()
    assert list(groups["status"].astype(str)) == ["RUNNING"]
    assert groups["last_error"].isna().all()
    assert any(m.endswith("works again") for m in history_messages(daemon))
    daemon.stop()


def test_metadata_platform_down_at_start_and_back_on_the_same_port(env: DaemonEnv, tmp_path: Path) -> None:
    # A second platform holds the definitions; it is defined, stopped, and started again later.
    elsewhere = enb.start_embedded(tmp_path / "elsewhere")
    url = elsewhere.url
    port = int(url.rsplit(":", 1)[1])
    enb.create_group_definition(elsewhere, MD, GROUP)
    enb.create_connector_definition(elsewhere, MD, "remote-c1", PROVIDER)
    enb.register_integration_connector(elsewhere, MD, GROUP, "remote-c1", "remote-c1")
    client = enb.Platform(url, user_id=elsewhere.user_id, password=elsewhere.password)
    elsewhere.stop()
    env.configure(GROUP, url=url)
    daemon = env.started(platforms={url: client})
    again = None
    try:
        eventually(lambda: list(daemon.groups()["status"].astype(str)) == ["FAILED"], "the group to show FAILED")
        assert "EGERIA-NB-CLIENT" in str(daemon.groups()["last_error"].iloc[0])
        assert daemon.running

        again = enb.start_embedded(tmp_path / "elsewhere", port=port)
        daemon.wait_for_status("WAITING", "remote-c1")
        assert list(daemon.groups()["status"].astype(str)) == ["RUNNING"]
    finally:
        daemon.stop()
        client.close()
        if again is not None:
            again.stop()


def test_metadata_platform_down_mid_run_and_back(env: DaemonEnv) -> None:
    env.group()
    env.connector("c1")
    daemon = env.started()
    daemon.wait_for_status("WAITING", "c1")
    platform = env.platform
    data_dir, port = platform.data_dir, int(platform.url.rsplit(":", 1)[1])

    platform.stop()
    back = None
    try:
        eventually(lambda: list(daemon.groups()["status"].astype(str)) == ["FAILED"], "the group to show FAILED")
        assert daemon.groups()["last_error"].notna().all()
        error = eventually(lambda: daemon.last_error, "the daemon to notice its configuration cannot be read")
        assert error.startswith(f"cannot read the configuration of {SERVER}: EGERIA-NB-CLIENT-503-001")
        assert status_of(daemon, "c1") == "WAITING"  # what was running keeps running
        # A connector (re)started while its metadata server is away cannot get its context.
        daemon.restart("c1")
        message = _failed_with(daemon, "c1", "INITIALIZE_FAILED")
        assert message.startswith(f"setting the context failed: ConnectionError: metadata server {MD} is unreachable")

        back = enb.start_embedded(data_dir, port=port)
        eventually(lambda: list(daemon.groups()["status"].astype(str)) == ["RUNNING"], "the group to recover")
        daemon.wait_for_status("WAITING", "c1")  # retried automatically once the server is back
        assert daemon.last_error is None
        assert "configuration readable again" in history_messages(daemon)
    finally:
        daemon.stop()
        if back is not None:
            back.stop()


def test_a_restart_does_not_wait_for_a_refresh_that_hangs(env: DaemonEnv) -> None:
    env.group()
    env.connector("stuck", props={"hang": ["refresh"]})
    daemon = env.started(timeouts=enb.Timeouts(refresh_s=600))
    eventually(lambda: env.probe.count("refresh", "stuck") == 1, "refresh() to be called and hang")

    daemon.restart("stuck")
    # Long before the refresh deadline: the hung refresh is cancelled, disconnect() called, a new instance started.
    eventually(lambda: len(env.probe.instances("stuck")) == 2, "the restart")
    assert env.probe.count("disconnect", "stuck") >= 1
    assert not [m for m in history_messages(daemon, "stuck") if "timed out" in m]
