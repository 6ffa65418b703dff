"""One daemon per server name and platform in a process, and a daemon that knows its platform's earlier URLs."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

import egeria_nb as enb
from egeria_nb.daemon import ConnectorRegistry
from tests.conftest import eventually
from tests.daemon.conftest import GROUP, MD, SERVER, DaemonEnv, Probe, history_messages


def test_starting_a_second_daemon_for_the_same_server_stops_the_first(
    env: DaemonEnv, caplog: pytest.LogCaptureFixture
) -> None:
    env.group()
    env.connector("c1")
    first = env.started()
    first.wait_for_status("WAITING")
    # Re-running the cell that makes and starts the daemon.
    with caplog.at_level("WARNING", logger="egeria_nb.daemon"):
        second = env.started()
    assert not first.running and second.running
    assert "already running in this process" in caplog.text
    assert "another daemon for the same server was started" in " ".join(history_messages(first))
    second.wait_for_status("WAITING")
    # Only the second runs the connector now: every start after the takeover is the second's instance.
    starts_before = env.probe.count("start", "c1")
    second.restart("c1")
    eventually(lambda: env.probe.count("start", "c1") == starts_before + 1, "the restart to start c1 again")
    second.wait_for_status("WAITING", "c1")
    assert {c.instance for c in env.probe.of("start", "c1")[-1:]} <= set(env.probe.instances("c1"))
    assert env.probe.count("disconnect", "c1") >= 1  # the first daemon's instance was disconnected


def test_daemons_for_other_servers_or_platforms_run_side_by_side(env: DaemonEnv) -> None:
    env.group()
    env.connector("c1")
    env.configure()  # the same group for a second server name
    enb.configure_integration_group(
        env.platform,
        "second-daemon",
        enb.IntegrationGroupConfig(
            integration_group_qualified_name=GROUP, omag_server_name=MD, omag_server_platform_root_url=env.platform.url
        ),
    )
    one = env.started()
    two = env.started(server_name="second-daemon")
    assert one.running and two.running
    one.wait_for_status("WAITING")
    two.wait_for_status("WAITING")


def test_a_cell_daemon_cannot_replace_the_one_the_platform_runs(env: DaemonEnv) -> None:
    env.group()
    env.connector("c1", provider="egeria_nb.connectors.training.TrainingConnector")
    enb.start_server(env.platform, SERVER)
    try:
        with pytest.raises(enb.InvalidParameterError) as info:
            env.started()
        assert info.value.message_id == "EGERIA-NB-DAEMON-409-001"
        assert "RemoteIntegrationDaemon" in info.value.user_action
        remote = enb.RemoteIntegrationDaemon(env.platform, SERVER)
        remote.wait_for_status("WAITING")
    finally:
        enb.stop_server(env.platform, SERVER)


def test_a_daemon_recognises_its_platforms_earlier_url(
    data_dir: Path, registry: ConnectorRegistry, probe: Probe
) -> None:
    first = enb.start_embedded(data_dir)
    env = DaemonEnv(first, registry, probe)
    env.group()  # configured with omag_server_platform_root_url=first.url
    env.connector("c1")
    old_url = first.url
    first.stop()
    # A kernel restart, and the old port is taken: the platform comes back elsewhere.
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", int(old_url.rsplit(":", 1)[1])))
        squatter.listen()
        with enb.start_embedded(data_dir) as again:
            assert again.url != old_url and old_url in again.earlier_urls
            daemon = DaemonEnv(again, registry, probe).started()
            try:
                table = daemon.wait_for_status("WAITING")
                assert list(table["connector_name"]) == ["c1"]
                groups = daemon.groups()
                assert list(groups["status"]) != ["FAILED"]
            finally:
                daemon.stop()
            # The platform's own daemon (start_server) recognises it too.
            enb.start_server(again, SERVER)
            try:
                remote = enb.RemoteIntegrationDaemon(again, SERVER)
                eventually(lambda: len(remote.status()) == 1, "the hosted daemon to list c1")
            finally:
                enb.stop_server(again, SERVER)
