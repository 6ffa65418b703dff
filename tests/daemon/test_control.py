"""Control calls (sync and async): refresh, restart, refresh_group and the in-memory connection changes (§3.6)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

import egeria_nb as enb
from egeria_nb.daemon import register_connector
from tests.daemon.conftest import GROUP, MD, DaemonEnv, eventually, history_messages, probe_class, row


def _sync_and_async(daemon: enb.IntegrationDaemon) -> list[tuple[str, Callable[[], Any], str]]:
    """Every control call with an unknown name, sync and async, and the message id each must give."""
    unknown_connector = "INTEGRATION-DAEMON-SERVICES-400-031"
    unknown_group = "INTEGRATION-DAEMON-SERVICES-400-034"
    return [
        ("refresh", lambda: daemon.refresh("nope"), unknown_connector),
        ("arefresh", lambda: asyncio.run(daemon.arefresh("nope")), unknown_connector),
        ("restart", lambda: daemon.restart("nope"), unknown_connector),
        ("arestart", lambda: asyncio.run(daemon.arestart("nope")), unknown_connector),
        ("refresh_group", lambda: daemon.refresh_group("nope"), unknown_group),
        ("arefresh_group", lambda: asyncio.run(daemon.arefresh_group("nope")), unknown_group),
        (
            "update_configuration_properties",
            lambda: daemon.update_configuration_properties("nope", {}),
            unknown_connector,
        ),
        (
            "aupdate_configuration_properties",
            lambda: asyncio.run(daemon.aupdate_configuration_properties("nope", {})),
            unknown_connector,
        ),
        ("update_endpoint_address", lambda: daemon.update_endpoint_address("nope", "x"), unknown_connector),
        (
            "aupdate_endpoint_address",
            lambda: asyncio.run(daemon.aupdate_endpoint_address("nope", "x")),
            unknown_connector,
        ),
        ("update_connection", lambda: daemon.update_connection("nope", {}), unknown_connector),
        ("aupdate_connection", lambda: asyncio.run(daemon.aupdate_connection("nope", {})), unknown_connector),
        ("configuration_properties", lambda: daemon.configuration_properties("nope"), unknown_connector),
        ("group_summary", lambda: daemon.group_summary("nope"), unknown_group),
    ]


def test_unknown_names_are_refused_with_egerias_message_ids(env: DaemonEnv) -> None:
    env.group()
    env.connector("c1")
    daemon = env.started()
    daemon.wait_for_status("WAITING")

    for call, run, message_id in _sync_and_async(daemon):
        with pytest.raises(enb.InvalidParameterError) as caught:
            run()
        error = caught.value
        assert error.message_id == message_id, call
        assert error.http_code == 400, call
        assert "'nope'" in error.message, call
        # What to do: the names that would have worked.
        assert ("c1" if message_id.endswith("031") else GROUP) in (error.user_action or ""), call
    # Nothing was disturbed.
    assert row(daemon, "c1")["restarts"] == 0


def test_control_calls_from_another_event_loop(env: DaemonEnv) -> None:
    env.group()
    env.connector("c1")
    daemon = env.started()
    daemon.wait_for_status("WAITING")

    async def cell() -> None:
        # As in an async notebook cell: the calls await the daemon's loop, never this one.
        await daemon.arefresh("c1")
        await daemon.arefresh_group(GROUP)
        await daemon.arestart("c1")

    asyncio.run(cell())
    eventually(lambda: len(env.probe.instances("c1")) == 2, "the restart")
    daemon.wait_for_status("WAITING")
    assert env.probe.count("refresh", "c1") >= 3

    asyncio.run(daemon.astop())
    assert not daemon.running
    assert list(daemon.status()["status"].astype(str)) == ["STOPPED"]


def test_update_configuration_properties_merges_or_replaces_and_restarts(env: DaemonEnv) -> None:
    env.group()
    env.connector("c1", props={"a": 1, "b": 2})
    daemon = env.started()
    daemon.wait_for_status("WAITING")

    daemon.update_configuration_properties("c1", {"b": 3, "c": 4})
    assert daemon.configuration_properties("c1") == {"a": 1, "b": 3, "c": 4}
    eventually(lambda: len(env.probe.instances("c1")) == 2, "a restart with the merged properties")
    daemon.update_configuration_properties("c1", {"only": True}, merge=False)
    assert daemon.configuration_properties("c1") == {"only": True}
    eventually(lambda: len(env.probe.instances("c1")) == 3, "a restart with the new properties")
    daemon.wait_for_status("WAITING")
    assert row(daemon, "c1")["restarts"] == 2
    assert "connection changed through the daemon" in history_messages(daemon, "c1")
    # In memory only, as in Egeria: the definition on the metadata server is unchanged.
    stored = enb.get_connector_definition(env.platform, MD, "c1").properties
    assert stored is not None and stored.connection is not None
    assert stored.connection.configuration_properties == {"a": 1, "b": 2}

    # A change to the definition's own connection replaces the in-memory one.
    enb.update_connector_definition(env.platform, MD, "c1", configuration_properties={"a": 9})
    eventually(lambda: daemon.configuration_properties("c1") == {"a": 9, "b": 2}, "the definition to win")


def test_update_endpoint_and_connection_restart_with_the_new_connection(env: DaemonEnv) -> None:
    register_connector("tests.daemon.Other", registry=env.registry)(probe_class(env.probe))
    env.group()
    env.connector("c1")
    daemon = env.started()
    daemon.wait_for_status("WAITING")

    asyncio.run(daemon.aupdate_endpoint_address("c1", "https://elsewhere.example/api"))
    eventually(lambda: len(env.probe.instances("c1")) == 2, "a restart")
    report = daemon.status_report()["integrationConnectorReports"][0]
    assert report["connection"]["endpoint"]["networkAddress"] == "https://elsewhere.example/api"

    connection = {
        "class": "Connection",
        "connectorType": {"class": "ConnectorType", "connectorProviderClassName": "tests.daemon.Other"},
        "configurationProperties": {"mode": "replaced"},
    }
    daemon.update_connection("c1", connection)
    eventually(lambda: len(env.probe.instances("c1")) == 3, "a restart with the other class")
    daemon.wait_for_status("WAITING")
    assert daemon.configuration_properties("c1") == {"mode": "replaced"}
    assert daemon._supervisor.runners[row(daemon, "c1")["connector_id"]].connection.provider == "tests.daemon.Other"

    with pytest.raises(enb.InvalidParameterError) as caught:
        daemon.update_connection("c1", {"class": "Connection", "connectorType": "not an object"})
    assert caught.value.message_id == "EGERIA-NB-DAEMON-400-006"
    assert "connectorType" in caught.value.message
    assert len(env.probe.instances("c1")) == 3  # a refused change restarts nothing


def test_restart_and_refresh_without_a_name_act_on_every_connector(env: DaemonEnv) -> None:
    env.group()
    env.connector("c1")
    env.connector("c2")
    daemon = env.started()
    daemon.wait_for_status("WAITING", count=2)

    daemon.refresh()
    eventually(lambda: env.probe.count("refresh") == 4, "both to refresh again")
    daemon.restart()
    eventually(lambda: len(env.probe.of("start")) == 4, "both to restart")
    daemon.wait_for_status("WAITING", count=2)
    assert list(daemon.status()["restarts"]) == [1, 1]
