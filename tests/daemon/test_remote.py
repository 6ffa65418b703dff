"""``RemoteIntegrationDaemon``: a daemon seen through the REST services, with the same tables and controls."""

from __future__ import annotations

import pandas as pd
import pytest

import egeria_nb as enb
from tests.conftest import Raw
from tests.daemon.conftest import GROUP, MD, PROVIDER, SERVER, DaemonEnv, eventually, start_hosted, wait_for_reports
from tests.daemon.test_tables import GROUP_COLUMNS, assert_groups_frame, assert_status_frame

CONTROLS = [
    "status",
    "groups",
    "history",
    "connector_names",
    "configuration_properties",
    "refresh",
    "restart",
    "refresh_group",
    "update_configuration_properties",
    "update_endpoint_address",
    "update_connection",
]


def _remote_row(remote: enb.RemoteIntegrationDaemon, name: str) -> dict[str, object]:
    frame = remote.status()
    rows = frame[frame["connector_name"] == name]
    assert len(rows) == 1, frame.to_string()
    return rows.iloc[0].to_dict()


def test_same_controls_as_the_in_kernel_daemon() -> None:
    for name in CONTROLS:
        assert callable(getattr(enb.RemoteIntegrationDaemon, name)), name
        assert callable(getattr(enb.IntegrationDaemon, name)), name


def test_tables_have_the_same_columns_and_dtypes(hosted: DaemonEnv, raw: Raw) -> None:
    group_guid = hosted.group()
    registration = hosted.connector("c1", interval=4)
    hosted.connector("blocker", blocking=True)
    hosted.connector("broken", provider="tests.daemon.Nowhere")
    remote = enb.RemoteIntegrationDaemon(hosted.platform, SERVER)
    start_hosted(hosted)
    wait_for_reports(raw, c1="WAITING", blocker="RUNNING", broken="CONFIG_FAILED")

    frame = remote.status()
    assert_status_frame(frame)
    assert list(frame["connector_name"]) == ["blocker", "broken", "c1"]
    c1 = _remote_row(remote, "c1")
    assert c1["group"] == GROUP
    assert c1["connector_id"] == registration
    assert c1["connector_guid"] == enb.get_connector_definition(hosted.platform, MD, "c1").guid
    assert (c1["status"], c1["refresh_interval_min"], c1["restarts"]) == ("WAITING", 4, 0)
    assert isinstance(c1["last_refresh_time"], pd.Timestamp) and str(c1["last_refresh_time"].tz) == "UTC"
    assert c1["statistics"] == {"refreshes": 1} or c1["statistics"] == {}
    assert _remote_row(remote, "blocker")["uses_blocking_calls"]  # inferred from RUNNING (§3.5)
    assert "tests.daemon.Nowhere" in str(_remote_row(remote, "broken")["failing_exception_message"])
    assert remote.connector_names() == ["blocker", "broken", "c1"]

    groups = remote.groups()
    assert_groups_frame(groups)
    assert list(groups.columns) == GROUP_COLUMNS
    assert (groups["qualified_name"].iloc[0], groups["status"].iloc[0]) == (GROUP, "RUNNING")
    assert groups["connector_count"].iloc[0] == 3
    assert group_guid  # the summary does not carry the metadata server; Egeria's does not either
    assert "RemoteIntegrationDaemon 'integration-daemon'" in repr(remote)


def test_controls_act_on_the_remote_daemon(hosted: DaemonEnv, raw: Raw) -> None:
    hosted.group()
    hosted.connector("c1", props={"a": 1})
    hosted.connector("c2")
    remote = enb.RemoteIntegrationDaemon(hosted.platform, SERVER)
    start_hosted(hosted)
    wait_for_reports(raw, c1="WAITING", c2="WAITING")
    probe = hosted.probe
    eventually(lambda: probe.count("refresh") == 2, "the first refreshes")

    remote.refresh("c1")
    eventually(lambda: probe.count("refresh", "c1") == 2, "refresh c1")
    remote.refresh()
    eventually(lambda: probe.count("refresh", "c2") == 2, "refresh all")
    remote.refresh_group(GROUP)
    eventually(lambda: probe.count("refresh", "c2") == 3, "refresh the group")
    remote.refresh_group()
    eventually(lambda: probe.count("refresh", "c2") == 4, "refresh every group")
    remote.restart("c2")
    eventually(lambda: len(probe.instances("c2")) == 2, "restart c2")
    remote.restart()
    eventually(lambda: len(probe.instances("c1")) == 2 and len(probe.instances("c2")) == 3, "restart all")

    assert remote.configuration_properties("c1") == {"a": 1}
    remote.update_configuration_properties("c1", {"b": 2})
    assert remote.configuration_properties("c1") == {"a": 1, "b": 2}
    remote.update_configuration_properties("c1", {"c": 3}, merge=False)
    assert remote.configuration_properties("c1") == {"c": 3}
    remote.update_endpoint_address("c1", "probe://moved")
    remote.update_connection(
        "c2",
        {
            "class": "Connection",
            "connectorType": {"class": "ConnectorType", "connectorProviderClassName": PROVIDER},
            "configurationProperties": {"fresh": True},
        },
    )
    assert remote.configuration_properties("c2") == {"fresh": True}
    # c1 was changed three times in a row: restarts asked for while one is under way are one restart.
    eventually(lambda: len(probe.instances("c1")) >= 3 and len(probe.instances("c2")) == 4, "the restarts")
    wait_for_reports(raw, c1="WAITING", c2="WAITING")
    assert raw  # the in-kernel view of the same daemon agrees
    assert {r: _remote_row(remote, r)["status"] for r in ("c1", "c2")} == {"c1": "WAITING", "c2": "WAITING"}


def test_unknown_names_and_a_stopped_server_raise_egerias_errors(hosted: DaemonEnv, raw: Raw) -> None:
    hosted.group()
    hosted.connector("c1")
    remote = enb.RemoteIntegrationDaemon(hosted.platform, SERVER)
    with pytest.raises(enb.ServerNotKnownError) as caught:
        remote.status()
    assert caught.value.message_id == "OMAG-MULTI-TENANT-404-001"

    start_hosted(hosted)
    wait_for_reports(raw, c1="WAITING")
    for call in (
        lambda: remote.refresh("nope"),
        lambda: remote.restart("nope"),
        lambda: remote.configuration_properties("nope"),
        lambda: remote.update_configuration_properties("nope", {"a": 1}),
        lambda: remote.update_endpoint_address("nope", "x"),
        lambda: remote.update_connection("nope", {"class": "Connection"}),
    ):
        with pytest.raises(enb.InvalidParameterError) as caught:
            call()
        assert caught.value.message_id == "INTEGRATION-DAEMON-SERVICES-400-031"
    with pytest.raises(enb.InvalidParameterError) as caught:
        remote.refresh_group("nope")
    assert caught.value.message_id == "INTEGRATION-DAEMON-SERVICES-400-034"


def test_history_holds_the_changes_seen_between_reads(hosted: DaemonEnv, raw: Raw) -> None:
    hosted.group()
    hosted.connector("c1")
    remote = enb.RemoteIntegrationDaemon(hosted.platform, SERVER, history_size=10)
    start_hosted(hosted)
    wait_for_reports(raw, c1="WAITING")
    assert remote.history().empty
    remote.status()  # first sight: nothing changed yet

    hosted.probe.failing["c1"] = {"refresh"}
    remote.refresh("c1")
    wait_for_reports(raw, c1="FAILED")
    remote.status()
    frame = remote.history()
    assert list(frame.columns) == ["time", "group", "connector", "from_status", "to_status", "message"]
    last = frame.iloc[-1]
    assert (last["connector"], last["from_status"], last["to_status"]) == ("c1", "WAITING", "FAILED")
    assert last["message"] == "refresh() failed: RuntimeError: refresh failed on purpose"
    hosted.probe.failing["c1"] = set()
