"""The embedded platform's audit log: per server, the newest records of what the platform did, and Egeria's counts.

Egeria's servers write audit-log records to destinations (console, files, a topic) and serve only counts
over REST (``audit-log/report``, egeria_nb's ``wire.audit_log``). The embedded platform keeps each
server's newest records in memory (``MAX_RECORDS_PER_SERVER``), in Egeria's ``AuditLogRecord`` shape, and
serves them through egeria_nb's extension ``.../open-metadata/egeria-nb/audit-log/records``; it counts
every record per component and severity since the server last started, as Egeria's report does.

What it writes (each kind with its own id in ``egeria_nb.catalogue.Audit``): a server starting and
stopping, a configuration document changing or being deleted, and for the integration daemons the
platform runs, a connector failing and recovering (``daemons``). Nothing is kept across a restart
of the platform, as with Egeria's in-memory counts. Any thread may write.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter, OrderedDict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from egeria_nb.catalogue import Audit, AuditCode
from egeria_nb.wire.audit_log import (
    SEVERITY_LEVELS,
    AuditLogRecord,
    AuditLogReport,
    AuditLogReportingComponent,
    OMRSAuditLogDestinationsReport,
    OMRSAuditLogReport,
    OMRSAuditLogStoreReport,
)

if TYPE_CHECKING:
    from egeria_nb.embedded.instances import RunningServer

__all__ = [
    "ADMINISTRATION_SERVICES",
    "INTEGRATION_DAEMON_SERVICES",
    "MAX_RECORDS_PER_SERVER",
    "MAX_SERVERS",
    "OPERATIONAL_SERVICES",
    "SERVER_OPERATIONS",
    "AuditLog",
]

# The newest records kept per server; older ones are dropped (their counts stay in the report).
MAX_RECORDS_PER_SERVER = 2_000
# Servers with an audit log; past this the log written to longest ago is dropped whole.
MAX_SERVERS = 1_000
_BY_CONSTANT = {level.constant: level for level in SEVERITY_LEVELS}


def _component(component_id: int, name: str, description: str, wiki: str) -> AuditLogReportingComponent:
    return AuditLogReportingComponent(
        component_id=component_id,
        component_development_status="STABLE",
        component_name=name,
        component_description=description,
        component_wiki_url=wiki,
    )


# Egeria's components (OMRSAuditingComponent, CommonServicesDescription, GovernanceServicesDescription).
# The root of a server's report, as in Egeria: the repository services' operational services.
OPERATIONAL_SERVICES = _component(
    2,
    "Operational Services",
    "Supports the platform services for the Open Metadata Repository Services (OMRS).",
    "https://egeria-project.org/services/omrs/component-descriptions/operational-services/",
)
SERVER_OPERATIONS = _component(
    187,
    "Server Operations",
    "Supports the start up and shutdown of OMAG Servers.",
    "https://egeria-project.org/services/server-operations/overview",
)
ADMINISTRATION_SERVICES = _component(
    181,
    "Administration Services",
    "Platform service providing configuration of services for an Open Metadata and Governance server (OMAG Server).",
    "https://egeria-project.org/services/admin-services/overview",
)
INTEGRATION_DAEMON_SERVICES = _component(
    193,
    "Integration Daemon Services",
    "Hosts integration connectors that are exchanging metadata with third party technologies.",
    "https://egeria-project.org/services/integration-daemon-services/",
)


@dataclass
class _ServerLog:
    records: deque[AuditLogRecord]
    # Who writes (originatorProperties): serverName, serverType, organizationName, metadataCollectionId.
    originator: dict[str, str]
    # Since the server last started: component name -> (component, severity ordinal -> records).
    counts: dict[str, tuple[AuditLogReportingComponent, Counter[int]]] = field(default_factory=dict)


def _duration(seconds: float) -> str:
    whole = int(seconds)
    if whole < 60:
        return f"{seconds:.1f} s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return (f"{hours} h " if hours else "") + f"{minutes} min {secs} s"


def _originator(name: str, doc: dict[str, Any] | None, server_type: str | None) -> dict[str, str]:
    found = {"serverName": name}
    if server_type:
        found["serverType"] = server_type
    if doc:
        organization = doc.get("organizationName")
        if isinstance(organization, str) and organization:
            found["organizationName"] = organization
        repository = doc.get("repositoryServicesConfig")
        local = repository.get("localRepositoryConfig") if isinstance(repository, dict) else None
        collection = local.get("metadataCollectionId") if isinstance(local, dict) else None
        if isinstance(collection, str) and collection:
            found["metadataCollectionId"] = collection
    return found


class AuditLog:
    """Every server's audit log on this platform: the newest records and the counts since it started."""

    def __init__(self, keep_per_server: int = MAX_RECORDS_PER_SERVER, max_servers: int = MAX_SERVERS) -> None:
        self.keep_per_server = max(1, keep_per_server)
        self.max_servers = max(1, max_servers)
        self._logs: OrderedDict[str, _ServerLog] = OrderedDict()
        self._lock = threading.Lock()

    # -- writing ---------------------------------------------------------------------

    def _log(self, server: str) -> _ServerLog:
        log = self._logs.get(server)
        if log is None:
            log = _ServerLog(deque(maxlen=self.keep_per_server), {"serverName": server})
            self._logs[server] = log
            while len(self._logs) > self.max_servers:
                self._logs.popitem(last=False)
        else:
            self._logs.move_to_end(server)
        return log

    def write(
        self,
        server: str,
        code: AuditCode,
        *params: object,
        component: AuditLogReportingComponent,
        action: str | None = None,
        additional_information: list[str] | None = None,
    ) -> AuditLogRecord:
        """Write one record of kind ``code`` (its slots filled with ``params``) to ``server``'s log."""
        text = tuple(str(p) for p in params)
        level = _BY_CONSTANT[code.severity]
        thread = threading.current_thread()
        with self._lock:
            log = self._log(server)
            record = AuditLogRecord(
                guid=str(uuid.uuid4()),
                time_stamp=datetime.now(UTC),
                originator_properties=dict(log.originator),
                originator_component=component,
                action_description=action,
                thread_id=thread.ident or 0,
                thread_name=thread.name,
                severity_code=level.ordinal,
                severity=level.name,
                message_id=code.message_id,
                message_text=code.text(text),
                message_parameters=list(text),
                additional_information=additional_information,
                system_action=code.system_action,
                user_action=code.action(text),
            )
            log.records.append(record)
            name = component.component_name or ""
            counted = log.counts.get(name)
            if counted is None:
                counted = log.counts[name] = (component, Counter())
            counted[1][level.ordinal] += 1
        return record

    def server_started(self, server: RunningServer) -> None:
        """A new run: Egeria's counts start again; the records of earlier runs stay."""
        with self._lock:
            log = self._log(server.name)
            log.counts = {}
            log.originator = _originator(server.name, server.config, server.server_type)
        self.write(
            server.name,
            Audit.SERVER_STARTED,
            server.server_type,
            server.name,
            ", ".join(server.services),
            component=SERVER_OPERATIONS,
            action="activateWithStoredConfig",
        )

    def server_stopped(self, server: RunningServer, end: datetime) -> None:
        ran = _duration((end - server.started).total_seconds())
        self.write(
            server.name,
            Audit.SERVER_STOPPED,
            server.server_type,
            server.name,
            ran,
            component=SERVER_OPERATIONS,
            action="shutdownServer",
        )

    def configuration_changed(self, server: str, doc: dict[str, Any] | None, what: str) -> None:
        """The document of ``server`` was saved (``doc``) or deleted (``doc`` None); ``what`` says how."""
        if doc is None:
            self.write(server, Audit.CONFIGURATION_DELETED, server, component=ADMINISTRATION_SERVICES)
            return
        with self._lock:
            log = self._log(server)
            if "serverType" not in log.originator:  # a running server keeps what it started with
                log.originator = _originator(server, doc, doc.get("localServerType"))
        self.write(server, Audit.CONFIGURATION_CHANGED, server, what, component=ADMINISTRATION_SERVICES)

    # -- reading ---------------------------------------------------------------------

    def knows(self, server: str) -> bool:
        with self._lock:
            return server in self._logs

    def records(self, server: str, limit: int | None = None) -> tuple[list[AuditLogRecord], int]:
        """The newest ``limit`` records (all kept if None), newest first, and how many are kept."""
        with self._lock:
            log = self._logs.get(server)
            kept = list(log.records) if log is not None else []
        newest = kept[::-1]
        return (newest if limit is None else newest[:limit]), len(kept)

    def report(self, server: str) -> OMRSAuditLogReport:
        """Egeria's report for the server: counts per component and severity since it started, no records."""
        with self._lock:
            log = self._logs.get(server)
            originator = dict(log.originator) if log is not None else {"serverName": server}
            counts = [(c, Counter(n)) for c, n in log.counts.values()] if log is not None else []
        children = [
            AuditLogReport(
                reporting_component=component,
                severity_identification={str(o): [SEVERITY_LEVELS[o].name] for o in sorted(counted)},
                severity_count={str(o): counted[o] for o in sorted(counted)},
            )
            for component, counted in sorted(counts, key=lambda item: item[0].component_id)
        ]
        return OMRSAuditLogReport(
            reporting_component=OPERATIONAL_SERVICES,
            child_audit_log_reports=children or None,
            originator_properties=originator,
            destinations_report=OMRSAuditLogDestinationsReport(
                log_store_reports=[
                    OMRSAuditLogStoreReport(
                        destination_name=f"egeria_nb in-memory audit log (the newest {self.keep_per_server:,} records)",
                        supported_severities=[level.name for level in SEVERITY_LEVELS],
                        implementation_class=f"{__name__}.{type(self).__name__}",
                    )
                ]
            ),
        )
