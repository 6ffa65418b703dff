"""TrainingConnector: each way of misbehaving shows up in the daemon's status and history as it should."""

from __future__ import annotations

import logging

import pytest

import egeria_nb as enb
from egeria_nb.connectors._common import ConnectorConfigurationError
from egeria_nb.connectors.training import TrainingConnector, _Settings
from tests.connectors.conftest import Deployment, eventually

PROVIDER = "egeria_nb.connectors.training.TrainingConnector"


def test_each_misbehaviour_shows_in_status_and_history(deployment: Deployment) -> None:
    deployment.connector("Quiet", PROVIDER)
    deployment.connector("FailsToStart", PROVIDER, properties={"fail_start_every": 1, "message": "no licence"})
    deployment.connector("Hangs", PROVIDER, properties={"hang_refresh_s": 60})
    deployment.connector("Blocks", PROVIDER, properties={"block_loop_s": 0.6})
    deployment.connector("Background", PROVIDER, properties={"background_error_after_s": 0.1, "message": "lost it"})
    deployment.connector("SlowStart", PROVIDER, properties={"slow_start_s": "0.2"})
    deployment.start(timeouts=enb.Timeouts(refresh_s=1.0), loop_block_threshold_s=0.2)

    assert deployment.refreshed("Quiet") == {"start_calls": 1, "refresh_calls": 1}
    assert deployment.refreshed("SlowStart")["start_calls"] == 1

    message = deployment.wait_for("FailsToStart", "FAILED")["failing_exception_message"]
    assert message == "start() failed: TrainingConnectorError: no licence (start call 1; fail_start_every=1)"

    message = deployment.wait_for("Hangs", "FAILED")["failing_exception_message"]
    assert message == "refresh() timed out after 1 s"

    message = deployment.wait_for("Background", "FAILED")["failing_exception_message"]
    assert message.startswith("background task 'training connector background task' failed: TrainingConnectorError:")
    assert "lost it (background task, after 0.1 s)" in message

    blocked = eventually(
        lambda: [m for m in deployment.history("Blocks") if m.startswith("LOOP BLOCKED")],
        "a LOOP BLOCKED history entry for Blocks",
    )
    assert "connector Blocks is blocking the daemon's event loop" in blocked[0]
    assert "refresh() at training.py" in blocked[0]
    assert deployment.refreshed("Blocks")["refresh_calls"] >= 1  # it still works, just badly


def test_fail_every_n_counts_calls_across_restarts(deployment: Deployment) -> None:
    deployment.connector("EveryOther", PROVIDER, properties={"fail_refresh_every": 2, "message": "flaky"})
    daemon = deployment.start()
    assert deployment.refreshed("EveryOther")["refresh_calls"] == 1

    deployment.refresh("EveryOther")  # call 2 fails
    row = deployment.wait_for("EveryOther", "FAILED")
    assert row["failing_exception_message"] == (
        "refresh() failed: TrainingConnectorError: flaky (refresh call 2; fail_refresh_every=2)"
    )

    daemon.restart("EveryOther")  # a new instance: its first refresh is call 3 overall, which succeeds
    eventually(lambda: deployment.statistics("EveryOther").get("refresh_calls") == 3, "refresh call 3")
    deployment.wait_for("EveryOther", "WAITING")
    assert deployment.statistics("EveryOther")["start_calls"] == 2

    deployment.refresh("EveryOther")  # call 4 fails again
    assert "refresh call 4" in deployment.wait_for("EveryOther", "FAILED")["failing_exception_message"]


def test_a_failing_disconnect_is_recorded(deployment: Deployment) -> None:
    deployment.connector("BadExit", PROVIDER, properties={"fail_disconnect_every": 1})
    daemon = deployment.start()
    deployment.refreshed("BadExit")
    daemon.restart("BadExit")
    failure = eventually(
        lambda: [m for m in deployment.history("BadExit") if m.startswith("disconnect() failed")],
        "the failed disconnect in the history",
    )
    assert "disconnect call 1; fail_disconnect_every=1" in failure[0]
    eventually(lambda: deployment.statistics("BadExit").get("start_calls") == 2, "the restart after it")


def test_counts_are_kept_per_connector_and_can_be_reset(deployment: Deployment) -> None:
    deployment.connector("One", PROVIDER)
    deployment.connector("Two", PROVIDER)
    deployment.start()
    deployment.refreshed("One")
    deployment.refreshed("Two")
    ids = {deployment.row(name)["connector_id"] for name in ("One", "Two")}
    assert len(ids) == 2
    for connector_id in ids:
        assert TrainingConnector.calls[connector_id] == {"start": 1, "refresh": 1}
    first = ids.pop()
    TrainingConnector.reset_counts(first)
    assert first not in TrainingConnector.calls
    assert ids.pop() in TrainingConnector.calls


def test_a_misspelt_property_is_logged(deployment: Deployment, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="egeria_nb.connector")
    deployment.connector("Typo", PROVIDER, properties={"fail_refesh_every": 1})
    deployment.start()
    deployment.refreshed("Typo")  # nothing fails: the property is not one it knows
    warnings = [r.getMessage() for r in caplog.records if getattr(r, "connector_name", None) == "Typo"]
    assert warnings and "ignores the configuration properties fail_refesh_every" in warnings[0]
    assert warnings[0].startswith("[Typo] ")
    assert "fail_refresh_every" in warnings[0]  # and lists the ones it knows


def test_no_properties_share_one_settings_object() -> None:
    # 10,000 default connectors must not each parse and hold their own settings.
    assert _Settings.from_properties({}) is _Settings.from_properties({})


@pytest.mark.parametrize(
    ("properties", "problem"),
    [
        ({"fail_refresh_every": -1}, "fail_refresh_every=-1 must be a whole number, 0 or more"),
        ({"hang_refresh_s": "forever"}, "hang_refresh_s='forever' must be a number, 0 or more"),
        ({"block_loop_s": True}, "block_loop_s=True must be a number"),
        ({"message": 42}, "message=42 must be text"),
    ],
)
def test_bad_properties_are_refused_with_the_property_named(properties: dict[str, object], problem: str) -> None:
    with pytest.raises(ConnectorConfigurationError, match=problem):
        _Settings.from_properties(properties)
