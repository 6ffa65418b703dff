"""Each way an integration daemon breaks: ``diagnose()`` names the first broken link and what to do; doing it heals.

Every test sets a failure up for real, checks the first failing check (its name, its message id
where Egeria or egeria_nb gives one, and that ``what_to_do`` names the call to make with this
test's values), makes exactly that call, and waits, by diagnosing again, until the diagnosis is ok.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

import egeria_nb as enb
from egeria_nb.diagnosis.findings import FAILED, PASSED, WARNING
from egeria_nb.wire.responses import BooleanResponse
from tests.conftest import eventually
from tests.diagnosis.conftest import (
    FOLDER,
    GROUP,
    MD,
    SERVER,
    TRAINING,
    DiagnosisEnv,
    row,
    until,
    until_ok,
)

# -- the training connector misbehaving -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("props", "options", "detail", "fix"),
    [
        pytest.param(
            {"fail_refresh_every": 1},
            {},
            "FAILED: refresh() failed: TrainingConnectorError",
            {"configuration_properties": {"fail_refresh_every": 0}},
            id="failing-refresh",
        ),
        pytest.param(
            {"hang_refresh_s": 60},
            {"timeouts": enb.Timeouts(refresh_s=1)},
            "FAILED: refresh() timed out after 1 s",
            {"configuration_properties": {"hang_refresh_s": 0}},
            id="hanging-refresh",
        ),
        pytest.param(
            {"background_error_after_s": 0.2},
            {},
            "FAILED: background task 'training connector background task' failed",
            {"configuration_properties": {}, "merge_configuration": False},
            id="failing-background-task",
        ),
    ],
)
def test_a_failed_connector_is_named_and_its_definition_fix_heals_it(
    env: DiagnosisEnv, props: dict[str, Any], options: dict[str, Any], detail: str, fix: dict[str, Any]
) -> None:
    env.configure()
    env.group()
    env.connector("c:flaky", "Flaky", props=props)
    daemon = env.daemon(**options)
    daemon.wait_for_status("FAILED", "Flaky", timeout_s=20)

    failure = daemon.diagnose().first_failure
    assert failure is not None
    assert (failure.check, failure.result, failure.message_id) == ("connector Flaky: state", FAILED, None)
    assert failure.detail.startswith(detail), failure
    assert f"enb.update_connector_definition(platform, {MD!r}, 'c:flaky', configuration_properties=" in (
        failure.what_to_do
    )
    # enb.diagnose finds the daemon running in this kernel and asks it: the same findings.
    assert enb.diagnose(env.platform, SERVER).first_failure == failure

    enb.update_connector_definition(env.platform, MD, "c:flaky", **fix)
    healed = until_ok(daemon.diagnose)
    assert row(healed, "connector Flaky: state").detail == "WAITING, 1 restarts"


def test_a_connector_blocking_the_loop_is_named_and_a_thread_of_its_own_heals_it(env: DiagnosisEnv) -> None:
    env.configure()
    env.group()
    env.connector("c:blocker", "Blocker", props={"block_loop_s": 1.0})
    env.connector("c:bystander", "Bystander")
    daemon = env.daemon()

    # The watchdog notes the block while it lasts: wait for the diagnosis to see it (until the daemon has
    # loaded the group, the first failure is that it does not run the connectors yet).
    check = "connector Blocker: event loop"
    diagnosis = until(daemon.diagnose, lambda d: d.first_failure is not None and d.first_failure.check == check, check)
    failure = diagnosis.first_failure
    assert failure is not None
    assert (failure.check, failure.result, failure.message_id) == ("connector Blocker: event loop", FAILED, None)
    assert failure.detail.startswith("blocked the event loop 1 time since it started"), failure
    assert (
        f"enb.update_connector_definition(platform, {MD!r}, 'c:blocker', uses_blocking_calls=True)"
        in failure.what_to_do
    )

    enb.update_connector_definition(env.platform, MD, "c:blocker", uses_blocking_calls=True)
    # Restarted with a thread of its own; blocks are counted since the connector last started.
    healed = until_ok(daemon.diagnose)
    state = row(healed, "connector Blocker: state")
    assert (state.result, state.detail.endswith(", 1 restarts")) == (PASSED, True), state
    assert row(healed, "connector Blocker: event loop").result == PASSED
    # The block did happen, and the daemon's history keeps it.
    assert daemon.loop_blocks >= 1


def test_a_block_of_the_loop_counts_once_though_the_watchdog_notes_its_start_and_its_end(env: DiagnosisEnv) -> None:
    env.configure()
    env.group()
    env.connector("c:blocker", "Blocker", props={"block_loop_s": 0.7})
    daemon = env.daemon()

    def ended() -> list[str]:
        frame = daemon.history()
        notes = [str(m) for m in frame[frame["connector"] == "Blocker"]["message"]]
        return [n for n in notes if n.startswith("LOOP BLOCKED: connector Blocker blocked the daemon's event loop for")]

    eventually(ended, "the watchdog to note the end of the block")
    failure = daemon.diagnose().first_failure
    assert failure is not None
    assert failure.check == "connector Blocker: event loop"
    assert failure.detail.startswith("blocked the event loop 1 time since it started"), failure
    assert f"(last: {ended()[-1]}" in failure.detail


# -- definitions: provider, endpoint, group ---------------------------------------------------------------------


def test_an_unknown_provider_is_named_and_naming_a_known_one_heals_it(env: DiagnosisEnv) -> None:
    env.configure()
    env.group()
    env.connector("c:nope", "Nope", "no.such.Provider")
    daemon = env.daemon()
    daemon.wait_for_status("CONFIG_FAILED", "Nope", timeout_s=20)

    failure = daemon.diagnose().first_failure
    assert failure is not None
    assert (failure.check, failure.result, failure.message_id) == (
        "connector Nope: provider",
        FAILED,
        "OMAG-COMMON-400-016",
    )
    assert "no.such.Provider" in failure.detail
    assert f"enb.update_connector_definition(platform, {MD!r}, 'c:nope', connector_provider=" in failure.what_to_do

    enb.update_connector_definition(env.platform, MD, "c:nope", connector_provider=TRAINING)

    # The daemon picks the change up by itself: while the connector type is replaced it stops the connector
    # (its definition is incomplete for a moment), and starts it again once the new provider is linked.
    healed = until_ok(daemon.diagnose)
    assert row(healed, "connector Nope: provider").detail == f"{TRAINING} resolves to TrainingConnector"
    assert row(healed, "connector Nope: state").result == PASSED


def test_a_missing_endpoint_is_named_and_setting_it_heals_the_connector(env: DiagnosisEnv, tmp_path: Path) -> None:
    env.configure()
    env.group()
    env.connector("c:files", "Files", FOLDER)
    daemon = env.daemon()
    daemon.wait_for_status("FAILED", "Files", timeout_s=20)

    failure = daemon.diagnose().first_failure
    assert failure is not None
    assert (failure.check, failure.result, failure.message_id) == (
        "connector Files: endpoint and configuration",
        FAILED,
        None,
    )
    assert failure.detail == "it has no endpoint address, which its provider needs"
    assert f"enb.update_connector_definition(platform, {MD!r}, 'c:files', endpoint_address=" in failure.what_to_do

    folder = tmp_path / "landing"
    folder.mkdir()
    (folder / "one.csv").write_text("a,b\n1,2\n")
    enb.update_connector_definition(env.platform, MD, "c:files", endpoint_address=str(folder))
    healed = until_ok(daemon.diagnose)
    assert row(healed, "connector Files: endpoint and configuration").detail.startswith(f"endpoint {folder}")
    assert row(healed, "connector Files: state").result == PASSED


def test_a_missing_group_definition_is_named_and_creating_it_heals_the_daemon(env: DiagnosisEnv) -> None:
    env.configure()
    daemon = env.daemon()

    failure = daemon.diagnose().first_failure
    assert failure is not None
    assert (failure.check, failure.result, failure.message_id) == (f"group {GROUP}: definition", FAILED, None)
    assert failure.detail == f"{MD} has no IntegrationGroup named {GROUP!r}"
    assert f"enb.create_group_definition(platform, {MD!r}, {GROUP!r})" in failure.what_to_do

    enb.create_group_definition(env.platform, MD, GROUP)
    until_ok(daemon.diagnose)
    # The daemon read the definition it could not find: a connector registered now runs.
    env.connector("c:late", "Late")
    daemon.wait_for_status("WAITING", "Late", timeout_s=20)
    assert row(until_ok(daemon.diagnose), "connector Late: state").result == PASSED


def test_a_group_that_registers_no_connectors_is_a_warning_not_a_failure(env: DiagnosisEnv) -> None:
    env.configure()
    env.group()
    daemon = env.daemon()

    diagnosis = daemon.diagnose()
    assert diagnosis.ok, diagnosis
    assert diagnosis.first_failure is None
    [warning] = diagnosis.warnings
    assert (warning.check, warning.result) == (f"group {GROUP}: registrations", WARNING)
    assert f"enb.register_integration_connector(platform, {MD!r}, {GROUP!r}," in warning.what_to_do
    assert str(diagnosis).splitlines()[0].endswith("healthy, 1 warning")


# -- the metadata server, the configuration, the platform -------------------------------------------------------


def _is_active(platform: enb.Platform, server: str) -> bool:
    path = platform.paths.platform() + f"/servers/{server}/is-active"
    return bool(platform.call("GET", path, response=BooleanResponse).flag)


def test_a_stopped_metadata_server_is_named_and_starting_it_heals_the_daemon(env: DiagnosisEnv) -> None:
    env.configure()
    env.group()
    env.connector("c:healthy", "Healthy")
    daemon = env.daemon()
    daemon.wait_for_status("WAITING", "Healthy", timeout_s=20)
    assert daemon.diagnose().ok

    enb.stop_server(env.platform, MD)
    # The platform says so itself (what the check asks): the metadata server is no longer active.
    assert not _is_active(env.platform, MD)
    failure = daemon.diagnose().first_failure
    assert failure is not None
    assert (failure.check, failure.result, failure.message_id) == (
        f"group {GROUP}: metadata server running",
        FAILED,
        None,
    )
    assert failure.detail == f"{MD} is not running on {env.platform.url}"
    assert f"enb.start_server(platform, {MD!r})" in failure.what_to_do

    enb.start_server(env.platform, MD)
    assert _is_active(env.platform, MD)
    healed = until_ok(daemon.diagnose)
    assert row(healed, "connector Healthy: state").result == PASSED


def test_wrong_credentials_are_named_and_the_right_password_heals(env: DiagnosisEnv) -> None:
    env.configure()
    env.group()
    env.connector("c:healthy", "Healthy")
    env.start_server()
    platform = env.platform
    enb.RemoteIntegrationDaemon(platform, SERVER).wait_for_status("WAITING", "Healthy", timeout_s=20)

    with enb.Platform(platform.url, user_id=platform.user_id, password="not-the-password") as wrong:
        diagnosis = enb.RemoteIntegrationDaemon(wrong, SERVER).diagnose()
    failure = diagnosis.first_failure
    assert failure is not None
    assert (failure.check, failure.result, failure.message_id) == (
        "credentials accepted",
        FAILED,
        "EGERIA-NB-CLIENT-401-003",
    )
    assert [f.check for f in diagnosis.findings] == ["platform reachable", "credentials accepted"]
    assert f"user {platform.user_id!r}" in failure.what_to_do and "password" in failure.what_to_do
    assert "not-the-password" not in str(diagnosis)

    with enb.Platform(platform.url, user_id=platform.user_id, password=platform.password) as right:
        healed = until_ok(enb.RemoteIntegrationDaemon(right, SERVER).diagnose)
    assert row(healed, "credentials accepted").detail == f"user {platform.user_id!r} is accepted"


def test_a_server_with_no_configuration_is_named_and_configuring_it_passes_that_check(
    platform: enb.EmbeddedPlatform,
) -> None:
    failure = enb.diagnose(platform, "nobody").first_failure
    assert failure is not None
    assert (failure.check, failure.result, failure.message_id) == (
        "configuration document",
        FAILED,
        "OMAG-ADMIN-400-019",
    )
    assert "enb.configure_integration_group(platform, 'nobody', group)" in failure.what_to_do

    group = enb.IntegrationGroupConfig(
        integration_group_qualified_name=GROUP, omag_server_name=MD, omag_server_platform_root_url=platform.url
    )
    enb.configure_integration_group(platform, "nobody", group)
    diagnosis = enb.diagnose(platform, "nobody")
    assert row(diagnosis, "configuration document").result == PASSED
    assert row(diagnosis, "groups configured").detail == f"1 group: {GROUP}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_platform_is_named_and_starting_it_then_the_daemon_heals(tmp_path: Path) -> None:
    # A platform set up completely (a daemon configuration, its group, a connector), then stopped.
    data_dir, port = tmp_path / "data", _free_port()
    with enb.start_embedded(data_dir, port=port) as first:
        setup = DiagnosisEnv(first)
        setup.configure()
        setup.group()
        setup.connector("c:healthy", "Healthy")
        user_id, password, url = first.user_id, first.password, first.url

    with enb.Platform(url, user_id=user_id, password=password) as client:
        diagnosis = enb.diagnose(client, SERVER, timeout_s=2)
        failure = diagnosis.first_failure
        assert failure is not None
        assert (failure.check, failure.result, failure.message_id) == (
            "platform reachable",
            FAILED,
            "EGERIA-NB-CLIENT-503-001",
        )
        assert len(diagnosis.findings) == 1
        assert f"Start the platform at {url}" in failure.what_to_do
        assert "enb.start_embedded(folder)" in failure.what_to_do

        with enb.start_embedded(data_dir, port=port) as again:
            env = DiagnosisEnv(again)
            try:
                # The platform is back; the daemon it ran is not (a platform starts only metadata and view servers).
                failure = enb.diagnose(client, SERVER).first_failure
                assert failure is not None
                assert (failure.check, failure.result) == ("daemon running", FAILED)
                assert f"enb.start_server(platform, {SERVER!r})" in failure.what_to_do

                env.start_server()
                healed = until_ok(lambda: enb.diagnose(client, SERVER))
                assert row(healed, "platform reachable").detail.startswith(f"{url}: ")
                assert row(healed, "connector Healthy: state").result == PASSED
            finally:
                env.close()


def test_the_first_failure_is_the_one_nearest_the_platform(env: DiagnosisEnv) -> None:
    """With several links broken, the first failure is the one to fix first; the others are listed too."""
    env.configure()
    env.group()
    env.connector("c:nope", "Nope", "no.such.Provider")
    env.connector("c:flaky", "Flaky", props={"fail_refresh_every": 1})
    daemon = env.daemon()
    daemon.wait_for_status(["FAILED", "CONFIG_FAILED"], count=2, timeout_s=20)

    diagnosis = daemon.diagnose()
    failed = [f.check for f in diagnosis.findings if f.result == FAILED]
    assert failed == ["connector Nope: provider", "connector Flaky: state"]
    assert diagnosis.first_failure == row(diagnosis, "connector Nope: provider")
    # A connector whose definition is broken is not looked at again in the daemon's part of the walk.
    assert [f.check for f in diagnosis.findings if f.check.startswith("connector Nope:")] == [
        "connector Nope: provider"
    ]
