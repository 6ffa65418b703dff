"""Egeria's server diagnostics as tables: ``platform_servers``, ``server_status``,
``server_configuration_summary``, ``audit_log`` and ``audit_log_summary``.

Everything over real loopback HTTP to the embedded platform, which runs the integration daemon
itself (``start_server``) with a training connector that fails on purpose; the same tables through
Egeria 4.x/5.x paths (``api="5"``); and the clear error where no audit-log records are served.
"""

from __future__ import annotations

import contextlib
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import egeria_nb as enb
from egeria_nb.catalogue import Audit, AuditCode
from egeria_nb.display import Table
from egeria_nb.embedded.audit_log import ADMINISTRATION_SERVICES, MAX_RECORDS_PER_SERVER, AuditLog
from egeria_nb.embedded.instances import MAX_RUNS_KEPT
from egeria_nb.wire.audit_log import SEVERITY_LEVELS
from tests.conftest import define_training_daemon, eventually

MD = "active-metadata-store"
VIEW = "qs-view-server"
SERVER = "integration-daemon"
SECOND_MD = "second-metadata-store"
GROUP = "Egeria:IntegrationGroup:Diagnostics"
ORGANIZATION = "Coco Pharmaceuticals"
PACKAGE = Path(enb.__file__).parent


@pytest.fixture
def daemon_server(platform: enb.EmbeddedPlatform) -> Iterator[enb.EmbeddedPlatform]:
    """The platform; whatever daemon a test starts there is stopped afterwards."""
    yield platform
    with contextlib.suppress(enb.EgeriaError):
        enb.stop_server(platform, SERVER)


def _rows(table: pd.DataFrame, **equal: object) -> pd.DataFrame:
    for column, value in equal.items():
        table = table[table[column] == value]
    return table


# -- platform_servers ------------------------------------------------------------------------------------


def test_platform_servers_counts_each_run(daemon_server: enb.EmbeddedPlatform) -> None:
    platform = daemon_server
    define_training_daemon(platform, GROUP, "quiet", {}, organization_name=ORGANIZATION)
    servers = enb.platform_servers(platform)
    assert isinstance(servers, Table)
    assert list(servers.columns) == ["server", "active", "server_type", "start_time", "end_time", "runs"]
    # Configured but never started: Egeria does not know it.
    assert list(servers["server"]) == [MD, VIEW]
    assert servers["active"].all() and (servers["runs"] == 1).all()
    assert servers["end_time"].isna().all()
    assert str(servers["start_time"].dtype) == "datetime64[ns, UTC]" and servers["runs"].dtype == "int64"

    enb.start_server(platform, SERVER)
    enb.stop_server(platform, SERVER)
    stopped = _rows(enb.platform_servers(platform), server=SERVER).iloc[0]
    assert (bool(stopped["active"]), stopped["server_type"], stopped["runs"]) == (False, "Integration Daemon", 1)
    assert stopped["start_time"] <= stopped["end_time"]

    enb.start_server(platform, SERVER)
    again = _rows(enb.platform_servers(platform), server=SERVER).iloc[0]
    assert (bool(again["active"]), again["runs"]) == (True, 2)
    assert pd.isna(again["end_time"]) and again["start_time"] >= stopped["end_time"]


# -- server_status ---------------------------------------------------------------------------------------


def test_server_status_has_a_row_per_service(platform: enb.EmbeddedPlatform) -> None:
    status = enb.server_status(platform, MD)
    assert list(status.columns) == ["service", "status", "server", "server_type", "server_status"]
    assert "Open Metadata Store Services" in list(status["service"])
    assert set(status["status"]) == {"RUNNING"}
    assert set(status["server"]) == {MD} and set(status["server_type"]) == {"Metadata Access Store"}
    assert set(status["server_status"]) == {"RUNNING"}


def test_server_status_of_a_server_not_running_is_egerias_error(platform: enb.EmbeddedPlatform) -> None:
    with pytest.raises(enb.ServerNotKnownError) as caught:
        enb.server_status(platform, "not-running")
    assert caught.value.message_id == "OMAG-MULTI-TENANT-404-001"
    assert caught.value.http_code == 404
    assert "not-running" in caught.value.message and platform.user_id in caught.value.message


# -- server_configuration_summary ------------------------------------------------------------------------


def _value(summary: pd.DataFrame, prop: str) -> list[str]:
    return [str(v) for v in _rows(summary, property=prop)["value"]]


def test_configuration_summary_of_the_running_instance_then_of_the_stored_document(
    daemon_server: enb.EmbeddedPlatform,
) -> None:
    platform = daemon_server
    define_training_daemon(platform, GROUP, "quiet", {}, organization_name=ORGANIZATION)
    enb.start_server(platform, SERVER)
    enb.set_organization_name(platform, SERVER, "Changed While Running")

    running = enb.server_configuration_summary(platform, SERVER)
    assert list(running.columns) == ["property", "value", "source"]
    assert set(running["source"]) == {"running instance"}
    assert _value(running, "server type") == ["Integration Daemon"]
    assert _value(running, "organization") == ["Coco Pharmaceuticals"]  # what it started with
    assert _value(running, "URL root") == [platform.url]
    assert _value(running, "user id") == ["OMAGServer"]
    assert _value(running, "max page size") == ["1000"]
    assert _value(running, "integration group") == [f"{GROUP} (metadata server {MD} at {platform.url})"]
    [destination] = _value(running, "audit-log destination")
    assert destination.startswith("Console- default: ConsoleAuditLogStoreProvider (") and "Error" in destination
    assert _value(running, "configured service") == [
        "Open Metadata Repository Services (OMRS)",
        "Integration Daemon Services",
    ]

    enb.stop_server(platform, SERVER)
    stored = enb.server_configuration_summary(platform, SERVER)
    assert set(stored["source"]) == {"stored configuration document"}
    assert _value(stored, "organization") == ["Changed While Running"]
    assert _value(stored, "server type") == ["Integration Daemon"]  # the admin services' classification
    assert "organization name to Changed While Running" in _value(stored, "last change")[0]


def test_configuration_summary_of_a_metadata_server(platform: enb.EmbeddedPlatform) -> None:
    summary = enb.server_configuration_summary(platform, MD)
    assert _value(summary, "server type") == ["Metadata Access Store"]
    assert _value(summary, "configured service") == [
        "Open Metadata Repository Services (OMRS), local repository PLUGIN_REPOSITORY"
    ]
    assert "integration group" not in set(summary["property"])


# -- audit_log and audit_log_summary -----------------------------------------------------------------------


def test_a_failing_connector_shows_in_the_audit_log(daemon_server: enb.EmbeddedPlatform) -> None:
    platform = daemon_server
    define_training_daemon(platform, GROUP, "flaky-files", {"fail_refresh_every": 1}, organization_name=ORGANIZATION)
    enb.start_server(platform, SERVER)

    def errors() -> dict[str, Any] | None:
        found = _rows(enb.audit_log(platform, SERVER), severity="Error")
        return found.iloc[0].to_dict() if len(found) else None

    error = eventually(errors, "an Error record for the failing connector")
    assert error["message_id"] == Audit.CONNECTOR_FAILED.message_id
    assert error["message"].startswith(
        f"The integration connector flaky-files of integration group {GROUP} in integration daemon {SERVER} is FAILED: "
    )
    assert "fail_refresh_every=1" in error["message"]
    assert ".restart('flaky-files')" in error["action"]
    assert error["component"] == "Integration Daemon Services"

    log = enb.audit_log(platform, SERVER)
    assert list(log.columns) == ["time", "severity", "message_id", "message", "action", "component"]
    assert str(log["time"].dtype) == "datetime64[ns, UTC]"
    assert log["time"].is_monotonic_decreasing  # newest first
    started = _rows(log, message_id=Audit.SERVER_STARTED.message_id)
    assert list(started["severity"]) == ["Startup"] and list(started["component"]) == ["Server Operations"]
    assert set(_rows(log, message_id=Audit.CONFIGURATION_CHANGED.message_id)["severity"]) == {"Information"}
    assert len(enb.audit_log(platform, SERVER, limit=1)) == 1

    summary = enb.audit_log_summary(platform, SERVER)
    assert list(summary.columns) == ["component", "severity", "count"]
    assert summary["count"].dtype == "int64"
    counts = {(r.component, r.severity): r.count for r in summary.itertuples()}
    assert counts[("Server Operations", "Startup")] == 1
    assert counts[("Integration Daemon Services", "Error")] >= 1
    # Counted since this start: the configuration changes before it are records, not counts.
    assert ("Administration Services", "Information") not in counts

    enb.stop_server(platform, SERVER)
    log = enb.audit_log(platform, SERVER)  # the records outlive the run
    assert log.iloc[0]["message_id"] == Audit.SERVER_STOPPED.message_id
    assert log.iloc[0]["severity"] == "Shutdown"


def test_a_connector_that_recovers_shows_in_the_audit_log(daemon_server: enb.EmbeddedPlatform) -> None:
    platform = daemon_server
    # Refresh 1 (at start) works, refresh 2 (asked for) fails, and the daemon's restart starts it again.
    define_training_daemon(platform, GROUP, "every-other", {"fail_refresh_every": 2}, organization_name=ORGANIZATION)
    enb.start_server(platform, SERVER)
    remote = enb.RemoteIntegrationDaemon(platform, SERVER)
    remote.wait_for_status("WAITING")
    eventually(lambda: remote.statistics("every-other")[0].last_refresh_time is not None, "the first refresh")
    remote.refresh("every-other")

    def recovered() -> dict[str, Any] | None:
        found = _rows(enb.audit_log(platform, SERVER), message_id=Audit.CONNECTOR_RECOVERED.message_id)
        return found.iloc[0].to_dict() if len(found) else None

    record = eventually(recovered, "an Information record for the connector working again")
    assert record["severity"] == "Information"
    assert record["message"] == (
        f"The integration connector every-other of integration group {GROUP} in integration daemon {SERVER} "
        "is WAITING again after failing"
    )
    log = enb.audit_log(platform, SERVER)
    failed = _rows(log, message_id=Audit.CONNECTOR_FAILED.message_id)
    assert len(failed) == 1 and failed.iloc[0]["time"] <= record["time"]


def test_the_audit_log_and_the_run_history_stay_bounded(platform: enb.EmbeddedPlatform) -> None:
    enb.create_metadata_server(platform, SECOND_MD, start=False)
    instance = platform.paths.platform_server(SECOND_MD) + "/instance"
    cycles = MAX_RUNS_KEPT + 10  # a Startup and a Shutdown record each: more than the 2,000 kept

    async def start_and_stop() -> None:
        for _ in range(cycles):
            await platform.acall("POST", instance, response=None)
            await platform.acall("DELETE", instance, response=None)

    platform.run(start_and_stop(), timeout_s=600)
    log = enb.audit_log(platform, SECOND_MD, limit=10_000)
    assert len(log) == MAX_RECORDS_PER_SERVER
    assert list(log["message_id"][:2]) == [Audit.SERVER_STOPPED.message_id, Audit.SERVER_STARTED.message_id]
    # The oldest went first: the configuration changes before the first start are gone.
    assert Audit.CONFIGURATION_CHANGED.message_id not in set(log["message_id"])
    assert set(log["message_id"]) == {Audit.SERVER_STOPPED.message_id, Audit.SERVER_STARTED.message_id}
    # Each run is kept up to the bound, and the earliest are forgotten first.
    row = _rows(enb.platform_servers(platform), server=SECOND_MD).iloc[0]
    assert (bool(row["active"]), row["runs"]) == (False, MAX_RUNS_KEPT)


def test_the_audit_log_forgets_the_server_written_to_longest_ago() -> None:
    # The bound on servers, in-process (a platform would need a thousand servers): nothing I/O-bound to mock.
    audit = AuditLog(keep_per_server=3, max_servers=2)
    for server in ("a", "b", "a", "c"):
        for _ in range(5):
            audit.write(server, Audit.CONFIGURATION_DELETED, server, component=ADMINISTRATION_SERVICES)
    assert [audit.knows(s) for s in ("a", "b", "c")] == [True, False, True]
    records, kept = audit.records("a")
    assert kept == len(records) == 3
    assert audit.report("a").child_audit_log_reports[0].severity_count == {"1": 10}


def test_without_egeria_nbs_extensions_the_records_are_a_clear_error(data_dir: Path) -> None:
    with enb.start_embedded(data_dir, extensions=False) as platform:
        with pytest.raises(enb.UnexpectedResponseError) as caught:
            enb.audit_log(platform, MD)
        error = caught.value
        assert error.message_id == "EGERIA-NB-DIAGNOSIS-501-001"
        assert "Egeria serves none over REST" in error.message and MD in error.message
        assert f"audit_log_summary(platform, {MD!r})" in error.user_action
        assert "audit-log-destinations/files" in error.user_action
        assert "audit-log-destinations/event-topic" in error.user_action
        # Egeria's own report is served without the extensions.
        summary = enb.audit_log_summary(platform, MD)
        assert list(_rows(summary, component="Server Operations")["severity"]) == ["Startup"]


def test_an_unknown_server_is_egerias_error_not_the_missing_extension(platform: enb.EmbeddedPlatform) -> None:
    for call in (enb.audit_log, enb.audit_log_summary):
        with pytest.raises(enb.ServerNotKnownError) as caught:
            call(platform, "nobody-here")
        assert caught.value.message_id == "OMAG-MULTI-TENANT-404-001"


def test_a_bad_limit_is_refused_before_anything_is_sent(platform: enb.EmbeddedPlatform) -> None:
    for bad in (0, -3):
        with pytest.raises(enb.InvalidParameterError) as caught:
            enb.audit_log(platform, MD, limit=bad)
        assert caught.value.message_id == "EGERIA-NB-ARGS-400-001" and "limit" in caught.value.message


# -- the same through Egeria 4.x/5.x paths -------------------------------------------------------------------


def test_the_tables_through_egeria_5_paths(data_dir: Path) -> None:
    with enb.start_embedded(data_dir, legacy_api=True) as embedded:
        old = enb.Platform(embedded.url, user_id=embedded.user_id, api="5")
        try:
            assert list(enb.platform_servers(old)["server"]) == [MD, VIEW]
            assert set(enb.server_status(old, VIEW)["service"]) == {
                "Open Metadata View Services (OMVS)",
                "Metadata Expert",
            }
            assert set(enb.server_configuration_summary(old, MD)["source"]) == {"running instance"}
            enb.configure_integration_group(
                old,
                SERVER,
                enb.IntegrationGroupConfig(
                    integration_group_qualified_name=GROUP,
                    omag_server_name=MD,
                    omag_server_platform_root_url=embedded.url,
                ),
            )
            stored = enb.server_configuration_summary(old, SERVER)
            assert set(stored["source"]) == {"stored configuration document"}
            assert len(_rows(stored, property="integration group")) == 1
            assert _rows(enb.audit_log_summary(old, MD), component="Server Operations")["count"].tolist() == [1]
            log = enb.audit_log(old, SERVER)
            assert list(log["message_id"]) == [Audit.CONFIGURATION_CHANGED.message_id]  # one edit, one record
        finally:
            old.close()


# -- the catalogue's audit-log records ---------------------------------------------------------------------------


AUDIT_CODES = {name: code for name, code in vars(Audit).items() if isinstance(code, AuditCode)}


def test_each_kind_of_audit_record_has_its_own_id_and_says_what_to_do() -> None:
    ids = [code.message_id for code in AUDIT_CODES.values()]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"EGERIA-NB-AUDIT-\d{4}", i) for i in ids)
    severities = {level.constant for level in SEVERITY_LEVELS}
    for name, code in AUDIT_CODES.items():
        assert code.severity in severities, name
        assert code.template.strip() and code.system_action.strip() and code.user_action.strip(), name
        slots = {int(f) for _, f, _, _ in string.Formatter().parse(code.template) if f is not None}
        used = {int(f) for _, f, _, _ in string.Formatter().parse(code.user_action) if f is not None}
        assert slots == set(range(len(slots))) and used <= slots, name


def test_each_kind_of_audit_record_is_written_somewhere() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py") if p.name != "catalogue.py")
    unused = [name for name in AUDIT_CODES if f"Audit.{name}" not in source]
    assert not unused, unused
