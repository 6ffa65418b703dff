"""The daemon's tables (status, groups, history): exact columns and dtypes; and its notebook display."""

from __future__ import annotations

import pandas as pd
import pytest

import egeria_nb as enb
from egeria_nb.daemon import IntegrationConnector, register_connector
from tests.daemon.conftest import GROUP, MD, DaemonEnv, eventually

STATUS_COLUMNS = [
    "group",
    "connector_name",
    "connector_id",
    "connector_guid",
    "status",
    "last_status_change",
    "last_refresh_time",
    "refresh_interval_min",
    "restarts",
    "failing_exception_message",
    "uses_blocking_calls",
    "statistics",
]
GROUP_COLUMNS = ["qualified_name", "status", "metadata_server", "connector_count", "last_refresh", "last_error"]
HISTORY_COLUMNS = ["time", "group", "connector", "from_status", "to_status", "message"]
# Egeria's IntegrationConnectorStatus in ordinal order (egeria-wire.md §3.5) and IntegrationGroupStatus.
CONNECTOR_STATES = [
    "INITIALIZED",
    "WAITING",
    "REFRESHING",
    "RUNNING",
    "STOPPED",
    "INITIALIZE_FAILED",
    "CONFIG_FAILED",
    "SHUTDOWN",
    "FAILED",
]
GROUP_STATES = ["ASSIGNED", "CONFIGURING", "RUNNING", "FAILED", "DISABLED"]


def assert_utc_times(series: pd.Series) -> None:
    assert isinstance(series.dtype, pd.DatetimeTZDtype), series.dtype
    assert str(series.dtype.tz) == "UTC"


def assert_ordered_states(series: pd.Series, states: list[str]) -> None:
    assert isinstance(series.dtype, pd.CategoricalDtype), series.dtype
    assert series.dtype.ordered
    assert list(series.dtype.categories) == states


def assert_status_frame(frame: pd.DataFrame) -> None:
    """What every status table looks like, in-kernel or remote, empty or not."""
    assert list(frame.columns) == STATUS_COLUMNS
    for column in ("group", "connector_name", "connector_id", "connector_guid", "failing_exception_message"):
        assert pd.api.types.is_string_dtype(frame[column].dtype), (column, frame[column].dtype)
    assert_ordered_states(frame["status"], CONNECTOR_STATES)
    assert_utc_times(frame["last_status_change"])
    assert_utc_times(frame["last_refresh_time"])
    assert frame["refresh_interval_min"].dtype == "int64"
    assert frame["restarts"].dtype == "int64"
    assert frame["uses_blocking_calls"].dtype == bool
    assert frame["statistics"].dtype == object
    assert all(isinstance(s, dict) for s in frame["statistics"])


def assert_groups_frame(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == GROUP_COLUMNS
    for column in ("qualified_name", "metadata_server", "last_error"):
        assert pd.api.types.is_string_dtype(frame[column].dtype), (column, frame[column].dtype)
    assert_ordered_states(frame["status"], GROUP_STATES)
    assert frame["connector_count"].dtype == "int64"
    assert_utc_times(frame["last_refresh"])


def test_status_table_columns_and_dtypes(env: DaemonEnv) -> None:
    daemon = env.daemon(restart_policy=enb.RestartPolicy.egeria())
    assert_status_frame(daemon.status())  # before anything runs: the same columns, no rows
    assert daemon.status().empty

    env.group()
    env.connector("waiting", interval=3, props={"fail": []})
    env.connector("running", blocking=True)
    env.connector("config-failed", provider="tests.daemon.Nowhere")
    env.connector("failed", props={"fail": ["start"]})
    daemon.start()
    daemon.wait_for_status(["WAITING", "RUNNING", "CONFIG_FAILED", "FAILED"], count=4)
    eventually(lambda: daemon.status()["statistics"].map(bool).sum() == 1, "the first refresh's statistics")
    frame = daemon.status()
    assert_status_frame(frame)

    assert list(frame["connector_name"]) == sorted(frame["connector_name"])  # rows in name order
    by_name = frame.set_index("connector_name")
    assert by_name.loc["waiting", "refresh_interval_min"] == 3
    assert by_name.loc["waiting", "statistics"] == {"refreshes": 1}
    assert isinstance(by_name.loc["waiting", "last_refresh_time"], pd.Timestamp)
    assert by_name.loc["waiting", "last_refresh_time"].tzinfo is not None
    assert pd.isna(by_name.loc["failed", "last_refresh_time"])
    assert by_name.loc["running", "uses_blocking_calls"]
    assert set(by_name["group"]) == {GROUP}
    # Sorting by status follows Egeria's order, not the alphabet.
    assert list(frame.sort_values("status")["status"].astype(str)) == [
        "WAITING",
        "RUNNING",
        "CONFIG_FAILED",
        "FAILED",
    ]
    assert (frame["status"] > "RUNNING").sum() == 2


def test_groups_table_columns_and_dtypes(env: DaemonEnv) -> None:
    daemon = env.daemon()
    assert_groups_frame(daemon.groups())
    env.group()
    env.configure("Egeria:IntegrationGroup:Undefined")
    env.connector("c1")
    daemon.start()
    daemon.wait_for_status("WAITING")
    eventually(lambda: "ASSIGNED" in set(daemon.groups()["status"].astype(str)), "the undefined group to be read")
    frame = daemon.groups()
    assert_groups_frame(frame)
    rows = frame.set_index("qualified_name")
    assert (rows.loc[GROUP, "status"], rows.loc[GROUP, "connector_count"]) == ("RUNNING", 1)
    assert rows.loc[GROUP, "metadata_server"] == MD
    assert pd.isna(rows.loc[GROUP, "last_error"])
    undefined = rows.loc["Egeria:IntegrationGroup:Undefined"]
    assert undefined["status"] == "ASSIGNED" and undefined["connector_count"] == 0
    assert "has no IntegrationGroup named" in undefined["last_error"]


def test_history_columns_limit_and_bound(env: DaemonEnv) -> None:
    env.group()
    env.connector("c1")
    daemon = env.daemon(history_size=5)
    frame = daemon.history()
    assert list(frame.columns) == HISTORY_COLUMNS and frame.empty

    daemon.start()
    daemon.wait_for_status("WAITING")
    daemon.restart("c1")
    eventually(lambda: len(env.probe.instances("c1")) == 2, "the restart")
    daemon.wait_for_status("WAITING")
    frame = daemon.history()
    assert list(frame.columns) == HISTORY_COLUMNS
    assert_utc_times(frame["time"])
    assert_ordered_states(frame["from_status"], CONNECTOR_STATES)
    assert_ordered_states(frame["to_status"], CONNECTOR_STATES)
    assert pd.api.types.is_string_dtype(frame["message"].dtype)
    # Bounded: only the newest five of the (more than five) events are kept, oldest first.
    assert daemon._history.total > 5
    assert len(frame) == 5
    assert frame["time"].is_monotonic_increasing
    assert list(daemon.history(limit=2)["message"]) == list(frame["message"].iloc[-2:])
    assert daemon.history(limit=0).empty


def test_html_summary_escapes_what_connectors_and_servers_say(env: DaemonEnv) -> None:
    class Loud(IntegrationConnector):
        async def start(self) -> None:
            raise RuntimeError("<img src=x onerror=alert(2)>")

    register_connector("tests.daemon.Loud", registry=env.registry)(Loud)
    env.group()
    env.connector("loud", "<script>alert(1)</script>", provider="tests.daemon.Loud")
    daemon = env.started(restart_policy=enb.RestartPolicy.egeria())
    daemon.wait_for_status("FAILED")

    html = daemon._repr_html_()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "FAILED 1" in html and "running" in html
    assert repr(daemon).startswith("<IntegrationDaemon 'integration-daemon' on http://127.0.0.1:")


def test_wait_for_status_times_out_showing_the_table(env: DaemonEnv) -> None:
    env.group()
    env.probe.gate("c1", "start")  # never opened during the wait: c1 stays INITIALIZED, healthy but not there
    env.connector("c1")
    daemon = env.started()
    daemon.wait_for_status("INITIALIZED")
    with pytest.raises(TimeoutError) as caught:
        daemon.wait_for_status("WAITING", "c1", timeout_s=0.2)
    text = str(caught.value)
    assert "did not reach WAITING within 0.2 s" in text
    assert "c1" in text and "INITIALIZED" in text
