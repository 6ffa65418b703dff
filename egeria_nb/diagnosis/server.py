"""Egeria's server diagnostics as tables: a platform's servers, a server's services, configuration and audit log.

Each function makes Egeria's own calls, so the same code reads a real Egeria (6.x, or 4.x/5.x with
``api="5"``) and the embedded platform:

* ``platform_servers``  - the platform services' known and active servers, and each one's status
* ``server_status``     - a running server's services (``instance/status``)
* ``server_configuration_summary`` - what the running instance was started with, or the stored document
* ``audit_log_summary`` - the repository services' ``audit-log/report``: counts per component and severity
* ``audit_log``         - the records themselves, which Egeria serves over no REST call: egeria_nb's
  extension on the embedded platform, and a clear error elsewhere
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd

from egeria_nb.admin.server import get_server_config, get_server_type_classification
from egeria_nb.arguments import check_positive, checked
from egeria_nb.catalogue import Code
from egeria_nb.client import Platform
from egeria_nb.display import Table, text_column, time_column
from egeria_nb.errors import EgeriaError, InvalidParameterError, ServerNotKnownError, UnexpectedResponseError
from egeria_nb.wire import OMAGServerConfig, OMAGServerConfigResponse, ServerListResponse
from egeria_nb.wire.audit_log import (
    SEVERITY_LEVELS,
    AuditLogRecordsResponse,
    AuditLogReport,
    AuditLogReportingComponent,
    AuditLogReportResponse,
)
from egeria_nb.wire.platform_services import OMAGServerStatusResponse, ServerStatusResponse

__all__ = [
    "AUDIT_LOG_COLUMNS",
    "AUDIT_SUMMARY_COLUMNS",
    "CONFIGURATION_COLUMNS",
    "PLATFORM_SERVERS_COLUMNS",
    "SERVER_STATUS_COLUMNS",
    "audit_log",
    "audit_log_summary",
    "platform_servers",
    "server_configuration_summary",
    "server_status",
]

PLATFORM_SERVERS_COLUMNS = ["server", "active", "server_type", "start_time", "end_time", "runs"]
SERVER_STATUS_COLUMNS = ["service", "status", "server", "server_type", "server_status"]
CONFIGURATION_COLUMNS = ["property", "value", "source"]
AUDIT_LOG_COLUMNS = ["time", "severity", "message_id", "message", "action", "component"]
AUDIT_SUMMARY_COLUMNS = ["component", "severity", "count"]
# Status calls platform_servers has in flight at once (one per known server).
MAX_IN_FLIGHT = 8
DEFAULT_AUDIT_LIMIT = 200
# Where server_configuration_summary read the configuration.
RUNNING_INSTANCE = "running instance"
STORED_DOCUMENT = "stored configuration document"
# How deep audit_log_summary follows child reports (Egeria nests them a few levels).
MAX_REPORT_DEPTH = 32
_NO_COMPONENT = AuditLogReportingComponent()


# -- the platform's servers ----------------------------------------------------------------------------


@checked
def platform_servers(platform: Platform) -> Table:
    """One row per server the platform knows: each that runs, and each that ran since the platform started.

    Columns: ``server``, ``active``, ``server_type``, ``start_time`` (of the current run, or of the last
    one for a stopped server), ``end_time`` (of the last run, for a stopped server) and ``runs`` (since the
    platform started). From the platform services' ``servers``, ``servers/active`` and each server's
    ``servers/{server}/status``; a server that is only configured is not known to Egeria, so not listed.
    For example::

        enb.stop_server(platform, "integration-daemon")
        enb.start_server(platform, "integration-daemon")
        enb.platform_servers(platform)      # integration-daemon: active, runs 2
    """
    work = _platform_servers(platform)
    try:
        return platform.run(work)
    finally:
        if inspect.getcoroutinestate(work) == inspect.CORO_CREATED:
            work.close()  # refused before it started (a stopped platform): no "never awaited" warning


async def _platform_servers(platform: Platform) -> Table:
    base = platform.paths.platform()
    known, active = await asyncio.gather(
        platform.acall("GET", base + "/servers", response=ServerListResponse),
        platform.acall("GET", base + "/servers/active", response=ServerListResponse),
    )
    running = set(active.server_list or [])
    names = sorted(set(known.server_list or []) | running)
    in_flight = asyncio.Semaphore(MAX_IN_FLIGHT)

    async def status(name: str) -> ServerStatusResponse | None:
        async with in_flight:
            try:
                path = platform.paths.platform_server(name) + "/status"
                return await platform.acall("GET", path, response=ServerStatusResponse)
            except ServerNotKnownError:
                return None  # gone between the calls

    rows = []
    for name, found in zip(names, await asyncio.gather(*(status(n) for n in names)), strict=True):
        if found is None:
            continue
        history = found.server_history or []
        is_active = name in running
        last_start = history[-1].start_time if history else None
        rows.append(
            (
                name,
                is_active,
                found.server_type,
                found.server_start_time if is_active else last_start,
                None if is_active else found.server_end_time or (history[-1].end_time if history else None),
                len(history) + (1 if is_active else 0),
            )
        )
    return Table(
        {
            "server": text_column([r[0] for r in rows]),
            "active": pd.Series([r[1] for r in rows], dtype=bool),
            "server_type": text_column([r[2] for r in rows]),
            "start_time": time_column([r[3] for r in rows]),
            "end_time": time_column([r[4] for r in rows]),
            "runs": pd.Series([r[5] for r in rows], dtype="int64"),
        },
        columns=PLATFORM_SERVERS_COLUMNS,
    )


# -- one running server ---------------------------------------------------------------------------------


@checked
def server_status(platform: Platform, server_name: str) -> Table:
    """One row per service of the running server: ``service`` and its ``status``, with the server's own.

    Columns: ``service``, ``status``, ``server``, ``server_type``, ``server_status`` (Egeria's
    ``ServerActiveStatus``: ``STARTING``, ``RUNNING``, ``STOPPING``, ...). From the platform services'
    ``servers/{server}/instance/status`` (the same as server operations' since Egeria 5.0, and there on
    4.3 too). A server that is not running is Egeria's ``OMAG-MULTI-TENANT-404-001``, raised as
    ``ServerNotKnownError``. For example::

        enb.server_status(platform, "active-metadata-store")
    """
    path = platform.paths.platform_server(server_name) + "/instance/status"
    answer = platform.call("GET", path, response=OMAGServerStatusResponse)
    status = answer.server_status
    services = (status.services if status is not None else None) or []
    # A server without services still gets a row, so its own status shows.
    pairs = [(s.service_name, s.service_status) for s in services] or [(None, None)]
    return Table(
        {
            "service": text_column([p[0] for p in pairs]),
            "status": text_column([p[1] for p in pairs]),
            "server": text_column([(status.server_name if status else None) or server_name] * len(pairs)),
            "server_type": text_column([status.server_type if status else None] * len(pairs)),
            "server_status": text_column([status.server_active_status if status else None] * len(pairs)),
        },
        columns=SERVER_STATUS_COLUMNS,
    )


@checked
def server_configuration_summary(platform: Platform, server_name: str) -> Table:
    """The server's configuration as ``property`` → ``value`` rows, and where it was read (``source``).

    From the running instance (``instance/configuration``: what the server started with), or, when the
    server is not running, from the stored configuration document (the admin services). Rows: server
    name, type, description, URL root, user id, organization, max page size, secrets store, document
    version, one per audit-log destination, one per integration group (for an integration daemon), one
    per configured service, and the last change in the document's audit trail. For example::

        summary = enb.server_configuration_summary(platform, "integration-daemon")
        summary[summary["property"] == "integration group"]
    """
    try:
        path = platform.paths.platform_server(server_name) + "/instance/configuration"
        config = platform.call("GET", path, response=OMAGServerConfigResponse).server_config or OMAGServerConfig()
        source = RUNNING_INSTANCE
    except ServerNotKnownError:
        config = get_server_config(platform, server_name)
        source = STORED_DOCUMENT
    server_type = config.local_server_type or _server_type(platform, server_name, source)
    rows = list(_summary(config, server_name, server_type))
    return Table(
        {
            "property": text_column([r[0] for r in rows]),
            "value": text_column([r[1] for r in rows]),
            "source": text_column([source] * len(rows)),
        },
        columns=CONFIGURATION_COLUMNS,
    )


def _server_type(platform: Platform, server_name: str, source: str) -> str | None:
    """The type Egeria gives the server: the running instance's, else the stored document's classification."""
    try:
        if source == RUNNING_INSTANCE:
            path = platform.paths.platform_server(server_name) + "/status"
            return platform.call("GET", path, response=ServerStatusResponse).server_type
        return get_server_type_classification(platform, server_name).server_type_name
    except EgeriaError:
        return None  # an empty document has no type; the other rows still say what there is


def _get(mapping: object, *keys: str) -> Any:
    """``mapping[k1][k2]...``, or None where a level is missing or not a mapping."""
    value = mapping
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _summary(config: OMAGServerConfig, server_name: str, server_type: str | None) -> Iterator[tuple[str, str | None]]:
    yield "server name", config.local_server_name or server_name
    yield "server type", server_type
    if config.local_server_description:
        yield "description", config.local_server_description
    yield "URL root", config.local_server_url
    yield "user id", config.local_server_user_id
    yield "organization", config.organization_name
    page = config.max_page_size
    yield "max page size", None if page is None else ("0 (no limit)" if page == 0 else str(page))
    if config.secrets_store_provider or config.secrets_store_location:
        yield (
            "secrets store",
            f"{config.secrets_store_location or '?'} (collection {config.secrets_store_collection or '?'}, "
            f"provider {config.secrets_store_provider or '?'})",
        )
    yield "configuration version", config.version_id
    destinations = _get(config.repository_services_config, "auditLogConnections")
    destinations = destinations if isinstance(destinations, list) else []
    for connection in destinations:
        yield "audit-log destination", _destination(connection)
    if not destinations:
        yield "audit-log destination", "none configured"
    groups = config.dynamic_integration_groups_config
    if groups is not None:
        for group in groups:
            yield (
                "integration group",
                f"{group.integration_group_qualified_name} (metadata server {group.omag_server_name} "
                f"at {group.omag_server_platform_root_url})",
            )
        if not groups:
            yield "integration group", "none configured"
    for service in _services(config):
        yield "configured service", service
    trail = config.audit_trail or []
    if trail:
        yield "last change", trail[-1]


def _destination(connection: object) -> str:
    name = _get(connection, "displayName") or _get(connection, "qualifiedName") or "(unnamed)"
    provider = str(_get(connection, "connectorType", "connectorProviderClassName") or "unknown provider")
    severities = _get(connection, "configurationProperties", "supportedSeverities")
    shown = ", ".join(map(str, severities)) if isinstance(severities, list) and severities else "every severity"
    return f"{name}: {provider.rsplit('.', 1)[-1]} ({shown})"


def _services(config: OMAGServerConfig) -> Iterator[str]:
    """The services the document configures, by Egeria's names, from its sections."""
    repository = config.repository_services_config
    if isinstance(repository, Mapping):
        mode = _get(repository, "localRepositoryConfig", "localRepositoryMode")
        yield "Open Metadata Repository Services (OMRS)" + (f", local repository {mode}" if mode else "")
    for access in config.access_services_config or []:
        yield str(_get(access, "accessServiceFullName") or _get(access, "accessServiceName") or "an access service")
    for view in config.view_services_config or []:
        name = _get(view, "viewServiceFullName") or _get(view, "viewServiceName") or "a view service"
        calls = _get(view, "omagserverName")
        yield f"{name} (calls {calls})" if calls else str(name)
    if config.dynamic_integration_groups_config is not None:
        yield "Integration Daemon Services"
    if config.governance_engines_config:
        yield "Engine Host Services"
    extra = config.model_extra or {}
    if extra.get("integrationServicesConfig"):  # Egeria 5.x
        for service in extra["integrationServicesConfig"]:
            yield str(_get(service, "integrationServiceFullName") or "an integration service")
    if extra.get("engineHostServicesConfig"):  # Egeria 5.x
        yield "Engine Host Services"


# -- the audit log --------------------------------------------------------------------------------------


@checked
def audit_log_summary(platform: Platform, server_name: str) -> Table:
    """How many audit-log records each component of the running server wrote, per severity.

    One row per (``component``, ``severity``) with its ``count``, since the server started: Egeria's
    repository services' ``audit-log/report``, which holds counts only. Works on a real Egeria and the
    embedded platform alike (the records themselves: ``audit_log``). For example::

        summary = enb.audit_log_summary(platform, "integration-daemon")
        summary[summary["severity"] == "Error"]
    """
    path = platform.paths.repository_services(server_name) + "/audit-log/report"
    report = platform.call("GET", path, response=AuditLogReportResponse).report
    rows: list[tuple[str | None, int, str, int]] = []
    pending: list[tuple[AuditLogReport, int]] = [(report, 0)] if report is not None else []
    while pending:
        node, depth = pending.pop()
        component = node.reporting_component.component_name if node.reporting_component else None
        names = node.severity_identification or {}
        for ordinal, count in (node.severity_count or {}).items():
            rows.append((component, _ordinal(ordinal), _severity_name(ordinal, names), count))
        if depth < MAX_REPORT_DEPTH:
            pending.extend((child, depth + 1) for child in node.child_audit_log_reports or [])
    rows.sort(key=lambda r: (r[0] or "", r[1]))
    return Table(
        {
            "component": text_column([r[0] for r in rows]),
            "severity": text_column([r[2] for r in rows]),
            "count": pd.Series([r[3] for r in rows], dtype="int64"),
        },
        columns=AUDIT_SUMMARY_COLUMNS,
    )


def _ordinal(key: str) -> int:
    try:
        return int(key)
    except ValueError:
        return len(SEVERITY_LEVELS)


def _severity_name(key: str, names: Mapping[str, list[str]]) -> str:
    """The severity's display name: as the report identifies it, else Egeria's name for that ordinal."""
    named = names.get(key)
    if named:
        return str(named[0])
    ordinal = _ordinal(key)
    return SEVERITY_LEVELS[ordinal].name if 0 <= ordinal < len(SEVERITY_LEVELS) else key


@checked
def audit_log(platform: Platform, server_name: str, *, limit: int = DEFAULT_AUDIT_LIMIT) -> Table:
    """The server's newest ``limit`` audit-log records, newest first.

    Columns: ``time``, ``severity``, ``message_id``, ``message``, ``action`` (the record's user action, or
    its system action when it has none) and ``component``. Egeria serves no audit-log records over REST
    (its ``audit-log/report`` has counts only, see ``audit_log_summary``); the embedded platform serves the
    records of what it did (server starts and stops, configuration changes, connector failures and
    recoveries of the daemons it runs) through egeria_nb's extension. Against a platform without it (a real
    Egeria, or ``start_embedded(extensions=False)``) this raises ``UnexpectedResponseError``
    (``EGERIA-NB-DIAGNOSIS-501-001``) saying where the records are instead. For example::

        log = enb.audit_log(platform, "integration-daemon", limit=50)
        log[log["severity"] == "Error"]
    """
    check_positive("limit", limit)
    path = platform.paths.egeria_nb_server(server_name) + "/audit-log/records"
    try:
        answer = platform.call("GET", path, params={"maximumResults": str(limit)}, response=AuditLogRecordsResponse)
    except (UnexpectedResponseError, InvalidParameterError) as error:
        if error.message_id not in (Code.NO_SERVICE.message_id, Code.NO_ROUTE.message_id):
            raise
        raise Code.NO_AUDIT_LOG_RECORDS.error(platform.url, server_name) from error
    records = (answer.records or [])[:limit]
    return Table(
        {
            "time": time_column([r.time_stamp for r in records]),
            "severity": text_column([r.severity for r in records]),
            "message_id": text_column([r.message_id for r in records]),
            "message": text_column(
                [_message(r.message_text, r.exception_class_name, r.exception_message) for r in records]
            ),
            "action": text_column([r.user_action or r.system_action for r in records]),
            "component": text_column([(r.originator_component or _NO_COMPONENT).component_name for r in records]),
        },
        columns=AUDIT_LOG_COLUMNS,
    )


def _message(text: str | None, exception_class: str | None, exception_message: str | None) -> str | None:
    if not exception_class:
        return text
    caught = f"{exception_class.rsplit('.', 1)[-1]}: {exception_message}" if exception_message else exception_class
    return f"{text} ({caught})" if text else caught
