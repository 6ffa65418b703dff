"""Following definition changes by registration GUID (egeria-wire.md §3.3, §3.4): by change feed and by polling.

Each test edits definitions with the metadata functions, over HTTP, while the
daemon runs, and waits for the daemon to catch up; the parametrised ``follow``
fixture runs it once with the change feed and once with polling.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import egeria_nb as enb
from tests.daemon.conftest import (
    GROUP,
    MD,
    SERVER,
    DaemonEnv,
    eventually,
    history_messages,
    row,
    status_of,
)

OTHER = "Egeria:IntegrationGroup:Other"


@pytest.fixture(params=["change feed", "polling"])
def follow(request: pytest.FixtureRequest) -> dict[str, Any]:
    if request.param == "change feed":
        return {"use_change_feed": True, "poll_interval_s": 30.0}  # a poll could never explain a change in time
    return {"use_change_feed": False, "poll_interval_s": 0.2}


def _started(env: DaemonEnv, follow: dict[str, Any], *names: str) -> enb.IntegrationDaemon:
    daemon = env.started(**follow)
    daemon.wait_for_status("WAITING", count=len(names))
    mode = "change feed" if follow["use_change_feed"] else "polling"
    assert {w.mode for w in daemon._supervisor._watchers.values()} == {mode}
    return daemon


def _in_table(daemon: enb.IntegrationDaemon) -> list[str]:
    return sorted(daemon.status()["connector_name"])


def test_new_registration_starts_a_connector(env: DaemonEnv, follow: dict[str, Any]) -> None:
    env.group()
    env.connector("c1")
    daemon = _started(env, follow, "c1")

    registration = env.connector("c2")
    daemon.wait_for_status("WAITING", "c2")
    assert row(daemon, "c2")["connector_id"] == registration
    assert row(daemon, "c2")["connector_guid"] == enb.get_connector_definition(env.platform, MD, "c2").guid
    # The connector that was already running is left alone.
    assert env.probe.instances("c1") == [env.probe.instances("c1")[0]]
    assert row(daemon, "c1")["restarts"] == 0
    assert list(daemon.groups()["connector_count"]) == [2]


def test_changed_connection_restarts_the_connector(env: DaemonEnv, follow: dict[str, Any]) -> None:
    env.group()
    registration = env.connector("c1", props={"colour": "red"})
    daemon = _started(env, follow, "c1")
    first = env.probe.instances("c1")[0]

    enb.update_connector_definition(env.platform, MD, "c1", configuration_properties={"colour": "blue"})
    eventually(lambda: len(env.probe.instances("c1")) == 2, "the connector to be restarted")
    daemon.wait_for_status("WAITING", "c1")
    assert daemon.configuration_properties("c1") == {"colour": "blue"}
    current = row(daemon, "c1")
    assert (current["connector_id"], current["restarts"]) == (registration, 1)
    # The old instance was disconnected before the new one started.
    methods = [(c.method, c.instance) for c in env.probe.of(connector="c1") if c.method in ("start", "disconnect")]
    assert methods == [("start", first), ("disconnect", first), ("start", env.probe.instances("c1")[1])]
    assert "connection or usesBlockingCalls changed in the definition" in history_messages(daemon, "c1")


def test_changed_uses_blocking_calls_restarts_it_as_a_blocking_connector(
    env: DaemonEnv, follow: dict[str, Any]
) -> None:
    env.group()
    env.connector("c1")
    daemon = _started(env, follow, "c1")

    enb.update_connector_definition(env.platform, MD, "c1", uses_blocking_calls=True)
    daemon.wait_for_status("RUNNING", "c1")
    eventually(lambda: env.probe.count("engage", "c1") > 0, "engage() to be called")
    current = row(daemon, "c1")
    assert current["uses_blocking_calls"] and current["restarts"] == 1
    assert len(env.probe.instances("c1")) == 2


def test_other_registration_changes_apply_in_place(env: DaemonEnv, follow: dict[str, Any]) -> None:
    env.group()
    registration = env.connector("c1", interval=0)
    daemon = _started(env, follow, "c1")
    instance = env.probe.instances("c1")[0]

    enb.update_registration(
        env.platform,
        MD,
        GROUP,
        "c1",
        connector_name="renamed",
        refresh_time_interval=1,
        permitted_synchronization="TO_THIRD_PARTY",
    )
    eventually(lambda: status_of(daemon, "renamed"), "the new name to show")
    current = row(daemon, "renamed")
    assert current["connector_id"] == registration  # the same registration, so the same connector
    assert (current["refresh_interval_min"], current["restarts"]) == (1, 0)
    # The new interval takes effect at once: it refreshes every 0.1 s now, with the same instance.
    eventually(lambda: env.probe.count("refresh") >= 4, "refreshes at the new interval")
    assert env.probe.instances("c1") == [instance] and env.probe.of("disconnect") == []
    assert "renamed" in daemon.connector_names() and "c1" not in daemon.connector_names()


def test_removed_registration_disconnects_and_leaves_the_table(env: DaemonEnv, follow: dict[str, Any]) -> None:
    env.group()
    env.connector("c1")
    env.connector("c2")
    daemon = _started(env, follow, "c1", "c2")

    enb.unregister_integration_connector(env.platform, MD, GROUP, "c2")
    eventually(lambda: _in_table(daemon) == ["c1"], "c2 to leave the status table")
    assert env.probe.count("disconnect", "c2") == 1
    assert env.probe.count("disconnect", "c1") == 0
    assert any(m.startswith("removed: ") for m in history_messages(daemon, "c2"))
    assert list(daemon.groups()["connector_count"]) == [1]

    # Deleting the connector's definition removes its registrations too.
    enb.delete_connector_definition(env.platform, MD, "c1")
    eventually(lambda: _in_table(daemon) == [], "c1 to leave the status table")
    assert env.probe.count("disconnect", "c1") == 1


def test_one_connector_in_two_groups_runs_twice_by_registration(env: DaemonEnv, follow: dict[str, Any]) -> None:
    env.group()
    env.group(OTHER)
    first = env.connector("shared", "in-test")
    second = enb.register_integration_connector(env.platform, MD, OTHER, "shared", "in-other")
    daemon = _started(env, follow, "in-test", "in-other")

    table = daemon.status()
    assert sorted(table["connector_id"]) == sorted([first, second])
    assert table["connector_guid"].nunique() == 1  # one connector entity, two registrations

    enb.unregister_integration_connector(env.platform, MD, OTHER, "shared")
    eventually(lambda: _in_table(daemon) == ["in-test"], "only the other group's registration to go")
    assert row(daemon, "in-test")["restarts"] == 0


def test_deleted_group_definition_stops_its_connectors(env: DaemonEnv, follow: dict[str, Any]) -> None:
    env.group()
    env.connector("c1")
    daemon = _started(env, follow, "c1")

    enb.delete_group_definition(env.platform, MD, GROUP)
    eventually(lambda: _in_table(daemon) == [], "the group's connectors to go")
    eventually(lambda: list(daemon.groups()["status"].astype(str)) == ["ASSIGNED"], "the group to be ASSIGNED")
    groups = daemon.groups()
    assert f"has no IntegrationGroup named {GROUP!r}" in str(groups["last_error"].iloc[0])

    # Defined again (new GUID): its connectors come back.
    env.group(configure=False)
    enb.register_integration_connector(env.platform, MD, GROUP, "c1", "c1")
    daemon.wait_for_status("WAITING", "c1")


def test_group_change_refreshes_its_connectors_through_the_feed(env: DaemonEnv) -> None:
    env.group(description="before")
    env.connector("c1", interval=0)
    daemon = env.started(use_change_feed=True, poll_interval_s=30.0)
    daemon.wait_for_status("WAITING", "c1")
    eventually(lambda: env.probe.count("refresh", "c1") == 1, "the first refresh")

    enb.update_group_definition(env.platform, MD, GROUP, description="after")
    eventually(lambda: env.probe.count("refresh", "c1") == 2, "a group event to refresh its connectors (§3.4)")
    summary = daemon.group_summary(GROUP)
    assert summary["integrationGroupDescription"] == "after"


def test_groups_added_to_and_removed_from_the_configuration(env: DaemonEnv, follow: dict[str, Any]) -> None:
    env.group()
    env.group(OTHER, configure=False)
    env.connector("c1")
    env.connector("c2", group=OTHER)
    # The configuration document is re-read every poll_interval_s, whichever way definitions are followed.
    daemon = _started(env, {**follow, "poll_interval_s": 0.2}, "c1")
    assert _in_table(daemon) == ["c1"]
    assert list(daemon.groups()["qualified_name"]) == [GROUP]

    env.configure(OTHER)
    daemon.wait_for_status("WAITING", "c2")
    assert list(daemon.groups()["qualified_name"]) == sorted([GROUP, OTHER])

    enb.remove_integration_group(env.platform, SERVER, OTHER)
    eventually(lambda: _in_table(daemon) == ["c1"], "the removed group's connector to go")
    assert env.probe.count("disconnect", "c2") == 1
    assert list(daemon.groups()["qualified_name"]) == [GROUP]
    assert any("group removed" in m for m in history_messages(daemon))
    assert row(daemon, "c1")["restarts"] == 0
    # The removed group stays removed: a poll or event that was under way when it went does not revive it.
    daemon.refresh_group()
    assert _in_table(daemon) == ["c1"]
    assert env.probe.count("start", "c2") == 1


def test_a_rename_that_arrives_with_a_connection_change_shows(env: DaemonEnv) -> None:
    env.group()
    registration = env.connector("c1", interval=0)
    # Polling so rarely that both changes below are read in the same pass (started by refresh_group).
    daemon = _started(env, {"use_change_feed": False, "poll_interval_s": 30.0}, "c1")

    enb.update_connector_definition(env.platform, MD, "c1", configuration_properties={"new": True})
    enb.update_registration(env.platform, MD, GROUP, "c1", connector_name="renamed", refresh_time_interval=2)
    daemon.refresh_group(GROUP)
    eventually(lambda: len(env.probe.instances("renamed")) == 1, "the restart under the new name")
    daemon.wait_for_status("WAITING")
    current = row(daemon, "renamed")
    assert (current["connector_id"], current["refresh_interval_min"], current["restarts"]) == (registration, 2, 1)
    assert daemon.connector_names() == ["renamed"]


def test_a_start_date_brought_forward_applies_while_waiting(env: DaemonEnv, follow: dict[str, Any]) -> None:
    env.group()
    env.connector("next-year", start_date=datetime.now(UTC) + timedelta(days=365))
    env.connector("now")
    daemon = _started(env, follow, "now")
    daemon.wait_for_status("INITIALIZED", "next-year")

    enb.update_registration(env.platform, MD, GROUP, "next-year", start_date=datetime.now(UTC) - timedelta(minutes=1))
    daemon.wait_for_status("WAITING", "next-year")  # not a year later: the new window is read at once
    assert row(daemon, "next-year")["restarts"] == 0
