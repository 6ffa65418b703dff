"""The audit records of the daemons the embedded platform runs (``start_server``): pushed, not polled.

The daemon's supervisor tells its ``HostedDaemon`` of each state change as it records it, and the
``HostedDaemon`` writes the connector-failed and connector-recovered records there and then. So a
failure is in the audit log by the time the daemon's history shows it, every failure and recovery is
written exactly once however close together they come, and an audit log that fails to write never
stops the daemon. Everything over real loopback HTTP to the embedded platform; the daemon's own history
is read from the object the platform runs (Egeria has no REST call for a history).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import pandas as pd
import pytest

import egeria_nb as enb
from egeria_nb.catalogue import Audit, AuditCode
from egeria_nb.daemon.status import FAILED_STATES
from egeria_nb.embedded.audit_log import AuditLog
from egeria_nb.embedded.daemons import HostedDaemon
from egeria_nb.wire.audit_log import AuditLogRecord, AuditLogReportingComponent
from tests.conftest import define_training_daemon, eventually

MD = "active-metadata-store"
SERVER = "integration-daemon"
GROUP = "Egeria:IntegrationGroup:Audited"
CONNECTOR = "flaky-files"
FAILED = {str(s) for s in FAILED_STATES}
WORKING = {"WAITING", "RUNNING"}


@pytest.fixture
def daemon_server(platform: enb.EmbeddedPlatform) -> Iterator[enb.EmbeddedPlatform]:
    """The platform; whatever daemon a test starts there is stopped afterwards."""
    yield platform
    with contextlib.suppress(enb.EgeriaError):
        enb.stop_server(platform, SERVER)


def _hosted(platform: enb.EmbeddedPlatform) -> enb.IntegrationDaemon:
    daemon = platform._server.state.daemons.get(SERVER)  # type: ignore[union-attr]
    assert daemon is not None
    return daemon


def _changes(daemon: enb.IntegrationDaemon) -> list[tuple[str, str, str]]:
    """(from, to, message) of each of the connector's recorded changes, oldest first."""
    frame = daemon.history()
    frame = frame[frame["connector"] == CONNECTOR]
    text = [[("" if pd.isna(v) else str(v)) for v in frame[c]] for c in ("from_status", "to_status", "message")]
    return list(zip(*text, strict=True))


def _failures(daemon: enb.IntegrationDaemon) -> list[str]:
    """The message of each change into a failed state, as the history has them."""
    return [message for before, after, message in _changes(daemon) if after in FAILED and before != after]


def _recoveries(daemon: enb.IntegrationDaemon) -> int:
    """Changes back to a working state after a failure: what the recovery records are for."""
    failed, count = False, 0
    for before, after, _ in _changes(daemon):
        if after in FAILED and before != after:
            failed = True
        elif failed and after in WORKING:
            failed, count = False, count + 1
    return count


def _records(platform: enb.Platform, code: AuditCode) -> pd.DataFrame:
    log = enb.audit_log(platform, SERVER, limit=10_000)
    return log[log["message_id"] == code.message_id]


def test_a_failure_is_in_the_audit_log_as_soon_as_the_daemon_records_it(daemon_server: enb.EmbeddedPlatform) -> None:
    platform = daemon_server
    define_training_daemon(platform, GROUP, CONNECTOR, {"fail_refresh_every": 1})
    enb.start_server(platform, SERVER)
    daemon = _hosted(platform)

    [message, *_] = eventually(lambda: _failures(daemon), "the connector's failure in the daemon's history")
    # No waiting from here on: the record is written as the failure is recorded, before the history shows it.
    failed = _records(platform, Audit.CONNECTOR_FAILED)
    assert len(failed) >= 1
    oldest = failed.iloc[-1]  # newest first
    assert oldest["message"] == (
        f"The integration connector {CONNECTOR} of integration group {GROUP} in integration daemon {SERVER} "
        f"is FAILED: {message}"
    )
    assert (oldest["severity"], oldest["component"]) == ("Error", "Integration Daemon Services")


def test_each_failure_and_recovery_is_written_exactly_once(daemon_server: enb.EmbeddedPlatform) -> None:
    platform = daemon_server
    # Every refresh fails, the first one (at each start) too: each restart is a recovery and then a failure.
    define_training_daemon(platform, GROUP, CONNECTOR, {"fail_refresh_every": 1})
    enb.start_server(platform, SERVER)
    daemon = _hosted(platform)
    remote = enb.RemoteIntegrationDaemon(platform, SERVER)
    # Restarted on request as soon as it fails: failures well within a second of each other, which a look
    # at the history every second could write twice or not at all.
    for count in (1, 2, 3):
        eventually(lambda count=count: len(_failures(daemon)) >= count, f"failure {count} in the daemon's history")
        if count < 3:
            remote.restart(CONNECTOR)
    enb.stop_server(platform, SERVER)  # nothing more happens: the history and the log can be compared whole

    failures = _failures(daemon)
    failed = _records(platform, Audit.CONNECTOR_FAILED)
    # Each failure's message names its refresh call, so each record can be matched to its failure.
    prefix = f"The integration connector {CONNECTOR} of integration group {GROUP} in integration daemon {SERVER} is "
    assert sorted(failed["message"]) == sorted(f"{prefix}FAILED: {m}" for m in failures)
    assert len(set(failures)) == len(failures) >= 3
    recovered = _records(platform, Audit.CONNECTOR_RECOVERED)
    assert len(recovered) == _recoveries(daemon) >= 2
    assert set(recovered["message"]) == {f"{prefix}WAITING again after failing"}


class _BrokenAuditLog(AuditLog):
    """An audit log that cannot write: what the daemon is told of must not depend on it."""

    def write(
        self,
        server: str,
        code: AuditCode,
        *params: object,
        component: AuditLogReportingComponent,
        action: str | None = None,
        additional_information: list[str] | None = None,
    ) -> AuditLogRecord:
        raise RuntimeError(f"cannot write {code.message_id} on purpose")


def test_a_listener_that_raises_does_not_stop_the_daemon(
    platform: enb.EmbeddedPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    # Fails at each start; restarted after the default back-off (1 s): failed, working again, failed again.
    define_training_daemon(platform, GROUP, CONNECTOR, {"fail_refresh_every": 1})
    daemon = HostedDaemon(platform, SERVER, audit=_BrokenAuditLog())
    with caplog.at_level(logging.ERROR, logger="egeria_nb.daemon"):
        daemon.start()
        try:
            eventually(lambda: len(_failures(daemon)) >= 2, "a failure, a restart and another failure")
            assert _recoveries(daemon) >= 1
            assert daemon.running
            assert set(daemon.status()["connector_name"]) == {CONNECTOR}
        finally:
            daemon.stop()
    # Logged as it happened (before the history showed the event): once for each failure and recovery.
    logged = [r for r in caplog.records if "the listener to its state changes failed" in r.getMessage()]
    assert len(logged) >= 3
    assert all(SERVER in r.getMessage() and r.exc_info and "on purpose" in str(r.exc_info[1]) for r in logged)
    assert "daemon stopped" in list(daemon.history()["message"])
