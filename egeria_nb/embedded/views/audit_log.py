"""A server's audit log: Egeria's two reads, and egeria_nb's extension that serves the records.

Egeria's repository services (research notes diag-egeria §3), for a running server:

* ``GET .../repository-services/audit-log/severity-definitions`` - the severities (6.x: their constant
  names; 4.x/5.x paths: ``{ordinal, name, description}`` objects, as each line answers);
* ``GET .../repository-services/audit-log/report`` - counts per component and severity since the
  server started, no records.

egeria_nb's extension, not Egeria (left out with ``extensions=False`` / ``--egeria-only``):

* ``GET /servers/{s}/open-metadata/egeria-nb/audit-log/records?maximumResults=N`` - the newest records,
  newest first, in Egeria's ``AuditLogRecord`` shape. Egeria serves records over no REST call at all,
  so clients fall back to the report's counts there.
"""

from __future__ import annotations

from aiohttp import web

from egeria_nb.embedded.config_store import check_server_name
from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.http import answer, caller, operation, state
from egeria_nb.wire.audit_log import (
    SEVERITY_LEVELS,
    AuditLogRecordsResponse,
    AuditLogReportResponse,
    AuditLogSeveritiesResponse,
    AuditLogSeverity,
)

__all__ = ["EXTENSION_ROUTES", "ROUTES"]


def _server(request: web.Request, *, running: bool = True) -> str:
    """The request's server: running (Egeria's audit-log calls need it), or for the records, any server
    the platform has heard of (running, ran since it started, configured, or with records kept)."""
    server = check_server_name(request.match_info["serverName"])
    st = state(request)
    heard_of = server in st.instances or (
        not running and (st.instances.is_known(server) or st.audit.knows(server) or st.configs.load(server) is not None)
    )
    if not heard_of:
        # The repository services' handler names only the parameter (research notes §3.1).
        raise FFDCError(Code.SERVER_NOT_RUNNING, server, caller(request), parameter_name="serverName")
    return server


@operation("getSeverityList", response="AuditLogSeveritiesResponse")
async def severity_definitions(request: web.Request) -> web.Response:
    _server(request)
    if "userId" in request.match_info:  # 4.x/5.x: OMRSAuditLogReportSeverity objects
        severities: list[AuditLogSeverity | str] = [
            AuditLogSeverity(ordinal=s.ordinal, name=s.name, description=s.description) for s in SEVERITY_LEVELS
        ]
    else:  # 6.0 and later: the enum itself, which Jackson writes as its constant names
        severities = [s.constant for s in SEVERITY_LEVELS]
    return answer(AuditLogSeveritiesResponse(severities=severities))


@operation("getAuditLogReport", response="AuditLogReportResponse")
async def report(request: web.Request) -> web.Response:
    server = _server(request)
    return answer(AuditLogReportResponse(report=state(request).audit.report(server)))


@operation("getAuditLogRecords", response="AuditLogRecordsResponse")
async def records(request: web.Request) -> web.Response:
    """The newest ``maximumResults`` records (absent or 0: every record kept), newest first."""
    server = _server(request, running=False)
    raw = request.query.get("maximumResults", "0")
    try:
        limit = int(raw)
    except ValueError:
        limit = -1
    if limit < 0:
        raise FFDCError(
            Code.BAD_PARAMETER,
            "maximumResults",
            raw,
            "it must be a whole number: the newest records to return, 0 for every record kept",
        )
    found, kept = state(request).audit.records(server, limit or None)
    return answer(AuditLogRecordsResponse(records=found or None, records_kept=kept))


# Relative to the repository services of a server (6.x and 4.x/5.x forms).
ROUTES = [
    ("GET", "/audit-log/severity-definitions", severity_definitions),
    ("GET", "/audit-log/report", report),
]
# Relative to egeria_nb's own prefix of a server (6.x and, with /users/{userId}, 4.x/5.x).
EXTENSION_ROUTES = [
    ("GET", "/audit-log/records", records),
]
