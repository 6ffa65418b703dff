"""wait_for_status ends as soon as a connector it waits for cannot get there, naming it and its failure."""

from __future__ import annotations

import socket

import pytest

import egeria_nb as enb
from tests.daemon.conftest import SERVER, DaemonEnv


def test_a_connector_that_fails_again_after_a_restart_ends_the_wait(env: DaemonEnv) -> None:
    env.group()
    env.connector("healthy")
    env.connector("broken", props={"fail": ["start"]})
    daemon = env.started()  # restarts after 0.1 s, 0.2 s, ...: restarting does not cure it
    with pytest.raises(enb.PropertyServerError) as caught:
        daemon.wait_for_status("WAITING", timeout_s=600)
    error = caught.value
    assert error.message_id == "EGERIA-NB-DAEMON-500-001"
    assert "broken" in str(error) and "start() failed: RuntimeError: start failed on purpose" in str(error)
    assert "will not reach WAITING" in str(error) and "restarted" in str(error)
    assert "daemon.restart('broken')" in error.user_action
    # It failed at least twice, so it was restarted in between.
    assert env.probe.count("start", "broken") >= 2


def test_a_failed_connector_with_no_restart_coming_ends_the_wait(env: DaemonEnv) -> None:
    env.group()
    env.connector("broken", props={"fail": ["start"]})
    daemon = env.started(restart_policy=enb.RestartPolicy.egeria())
    with pytest.raises(enb.PropertyServerError) as caught:
        daemon.wait_for_status("WAITING", "broken", timeout_s=600)
    assert "no restart is coming" in str(caught.value)
    assert env.probe.count("start", "broken") == 1


def test_a_restart_after_the_deadline_ends_the_wait(env: DaemonEnv) -> None:
    env.group()
    env.connector("broken", props={"fail": ["start"]})
    daemon = env.started(restart_policy=enb.RestartPolicy(initial_delay_s=3600, max_delay_s=3600))
    with pytest.raises(enb.PropertyServerError) as caught:
        daemon.wait_for_status("WAITING", timeout_s=600)
    assert "its next restart comes after the wait's deadline" in str(caught.value)


def test_a_connector_a_restart_cures_is_waited_for(env: DaemonEnv) -> None:
    env.group()
    env.probe.failing["flaky"] = {"start"}
    env.connector("flaky")
    daemon = env.started(restart_policy=enb.RestartPolicy(initial_delay_s=0.5, max_delay_s=0.5))
    daemon.wait_for_status("FAILED", "flaky")
    env.probe.failing["flaky"] = set()  # fixed before the restart: the wait must not give up on it
    table = daemon.wait_for_status("WAITING", "flaky", timeout_s=600)
    assert list(table["status"]) == ["WAITING"]


def test_waiting_for_a_failed_state_is_not_cut_short(env: DaemonEnv) -> None:
    env.group()
    env.connector("broken", props={"fail": ["start"]})
    daemon = env.started(restart_policy=enb.RestartPolicy.egeria())
    table = daemon.wait_for_status("FAILED", "broken")
    assert list(table["status"]) == ["FAILED"]


def test_a_wait_for_every_connector_holds_while_a_group_is_still_loading(env: DaemonEnv) -> None:
    # A second group whose metadata server's platform accepts the connection and never answers: its
    # definition stays unread, so its connectors are not known yet and "every connector" is not yet known.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        silent_url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        env.group()
        env.connector("healthy")
        env.configure("Egeria:IntegrationGroup:Unread", url=silent_url)
        unanswered = enb.Platform(silent_url, user_id="tester", password="not-used", timeout_s=120)
        daemon = env.started(platforms={silent_url: unanswered})
        daemon.wait_for_status("WAITING", "healthy")
        with pytest.raises(TimeoutError) as caught:
            daemon.wait_for_status("WAITING", timeout_s=0.5)
        assert "groups whose definitions were not read yet: Egeria:IntegrationGroup:Unread" in str(caught.value)
        assert daemon.wait_for_status("WAITING", count=1)["connector_name"].tolist() == ["healthy"]
        # Once that group is no longer configured, every connector there is to know of is WAITING.
        enb.remove_integration_group(env.platform, SERVER, "Egeria:IntegrationGroup:Unread")
        table = daemon.wait_for_status("WAITING", timeout_s=60)
        assert table["connector_name"].tolist() == ["healthy"]
