"""Audit-log beans: Egeria's audit-log report and severities, and its audit-log record.

Egeria serves two audit-log reads, on the repository services of a running server
(``/servers/{s}/open-metadata/repository-services[/users/{u}]/audit-log``): ``severity-definitions``
and ``report``. The report holds counts only (per component, per severity, since the server started),
never the records; Egeria writes those to its destinations (console, files, an event topic, ...).
``AuditLogRecord`` is the record as those destinations write it, and as egeria_nb's own extension
``/servers/{s}/open-metadata/egeria-nb/audit-log/records`` serves the embedded platform's records.
Both responses extend Egeria's ``OMRSAPIResponse``, which has ``FFDCResponseBase``'s fields.
"""

from __future__ import annotations

from typing import NamedTuple

from pydantic import Field

from egeria_nb.wire.base import EgeriaDate, WireModel
from egeria_nb.wire.responses import FFDCResponseBase

__all__ = [
    "SEVERITY_LEVELS",
    "AuditLogRecord",
    "AuditLogRecordsResponse",
    "AuditLogReport",
    "AuditLogReportResponse",
    "AuditLogReportingComponent",
    "AuditLogSeveritiesResponse",
    "AuditLogSeverity",
    "OMRSAuditLogDestinationsReport",
    "OMRSAuditLogReport",
    "OMRSAuditLogStoreReport",
    "SeverityLevel",
]


class SeverityLevel(NamedTuple):
    """One of Egeria's ``AuditLogRecordSeverityLevel`` values (the same in 4.3, 5.x and 6.x)."""

    ordinal: int
    constant: str
    name: str
    description: str


# A record's ``severityCode`` is the ordinal and its ``severity`` the display name (``name``).
SEVERITY_LEVELS = (
    SeverityLevel(0, "UNKNOWN", "Unknown", "Uninitialized Severity."),
    SeverityLevel(1, "INFO", "Information", "The server is providing information about its normal operation."),
    SeverityLevel(
        2, "EVENT", "Event", "An event was sent to or received from another participant in the server's ecosystem."
    ),
    SeverityLevel(3, "DECISION", "Decision", "A decision has been made related to the operation of the system."),
    SeverityLevel(
        4,
        "ACTION",
        "Action",
        "Action is required by the administrator.  At a minimum, the situation needs to be investigated and if "
        "necessary, corrective action taken.",
    ),
    SeverityLevel(5, "ERROR", "Error", "An error occurred. This may restrict some of the server's operations."),
    SeverityLevel(
        6,
        "EXCEPTION",
        "Exception",
        "An unexpected exception occurred.  Details of the exception and stack trace are included in the log record.",
    ),
    SeverityLevel(
        7, "SECURITY", "Security", "Unauthorized access to a service or metadata instance has been attempted."
    ),
    SeverityLevel(8, "STARTUP", "Startup", "A new component is starting up."),
    SeverityLevel(9, "SHUTDOWN", "Shutdown", "An existing component is shutting down."),
    SeverityLevel(10, "ASSET", "Asset", "An auditable action relating to an asset has been taken."),
    SeverityLevel(
        11, "TYPES", "Types", "Activity is occurring that relates to the open metadata types in use by this server."
    ),
    SeverityLevel(
        12,
        "COHORT",
        "Cohort",
        "The server is exchanging registration information about an open metadata repository cohort that it is "
        "connecting to.",
    ),
    SeverityLevel(
        13,
        "TRACE",
        "Trace",
        "This is additional information on the operation of the server that may be of assistance in debugging a "
        "problem.  It is not normally logged to any destination, but can be added when needed.",
    ),
    SeverityLevel(
        14,
        "PERFMON",
        "PerfMon",
        "This log record contains performance monitoring timing information for specific types of processing. "
        "It is not normally logged to any destination, but can be added when needed.",
    ),
    SeverityLevel(
        15,
        "ACTIVITY",
        "Activity",
        "This log record contains user activity information such as the requests being made and the metadata "
        "being accessed.",
    ),
)


class AuditLogSeverity(WireModel):
    """A severity as Egeria 4.x and 5.x list it (``OMRSAuditLogReportSeverity``): ordinal, display name, text."""

    ordinal: int = 0
    name: str | None = None
    description: str | None = None


class AuditLogSeveritiesResponse(FFDCResponseBase):
    """GET ``audit-log/severity-definitions``.

    4.x and 5.x list ``{ordinal, name, description}`` objects; 6.0 and later list the enum itself,
    which Jackson writes as the constant names (``"INFO"``, ...).
    """

    class_: str | None = Field("AuditLogSeveritiesResponse", alias="class")
    severities: list[AuditLogSeverity | str] | None = None


class AuditLogReportingComponent(WireModel):
    """The component that wrote to an audit log (``ComponentDescription``); no ``class``."""

    component_id: int = Field(0, alias="componentId")
    component_development_status: str | None = Field(None, alias="componentDevelopmentStatus")
    component_name: str | None = Field(None, alias="componentName")
    component_description: str | None = Field(None, alias="componentDescription")
    component_wiki_url: str | None = Field(None, alias="componentWikiURL")


class AuditLogReport(WireModel):
    """One component's audit log: its counts since the server started, and its children's reports.

    ``severityIdentification`` maps each severity ordinal (a JSON string) to the severity's name(s), and
    ``severityCount`` the same ordinals to the number of records; both are absent until a record arrives.
    """

    reporting_component: AuditLogReportingComponent | None = Field(None, alias="reportingComponent")
    child_audit_log_reports: list[AuditLogReport] | None = Field(None, alias="childAuditLogReports")
    severity_identification: dict[str, list[str]] | None = Field(None, alias="severityIdentification")
    severity_count: dict[str, int] | None = Field(None, alias="severityCount")


class OMRSAuditLogStoreReport(WireModel):
    """One audit-log destination of the server."""

    destination_name: str | None = Field(None, alias="destinationName")
    supported_severities: list[str] | None = Field(None, alias="supportedSeverities")
    implementation_class: str | None = Field(None, alias="implementationClass")


class OMRSAuditLogDestinationsReport(WireModel):
    log_store_reports: list[OMRSAuditLogStoreReport] | None = Field(None, alias="logStoreReports")


class OMRSAuditLogReport(AuditLogReport):
    """The server's whole audit-log report: the root component's report, who it is, where records go.

    ``originatorProperties`` keys: ``serverName``, ``serverType``, ``organizationName``, ``metadataCollectionId``.
    """

    originator_properties: dict[str, str] | None = Field(None, alias="originatorProperties")
    destinations_report: OMRSAuditLogDestinationsReport | None = Field(None, alias="destinationsReport")


class AuditLogReportResponse(FFDCResponseBase):
    """GET ``audit-log/report``."""

    class_: str | None = Field("AuditLogReportResponse", alias="class")
    report: OMRSAuditLogReport | None = None


class AuditLogRecord(WireModel):
    """One audit-log record, as Egeria's ``AuditLogRecord`` (the base record its file and topic destinations write).

    ``messageText`` is the formatted message without its id; ``severityCode`` is the severity's ordinal and
    ``severity`` its display name. ``timeStamp`` is ISO-8601 here; Egeria's destinations write epoch
    milliseconds, which reads too. ``requestId`` is 6.0 and later.
    """

    guid: str | None = None
    time_stamp: EgeriaDate | None = Field(None, alias="timeStamp")
    originator_properties: dict[str, str] | None = Field(None, alias="originatorProperties")
    originator_component: AuditLogReportingComponent | None = Field(None, alias="originatorComponent")
    action_description: str | None = Field(None, alias="actionDescription")
    thread_id: int = Field(0, alias="threadId")
    thread_name: str | None = Field(None, alias="threadName")
    request_id: str | None = Field(None, alias="requestId")
    severity_code: int = Field(0, alias="severityCode")
    severity: str | None = None
    message_id: str | None = Field(None, alias="messageId")
    message_text: str | None = Field(None, alias="messageText")
    message_parameters: list[str] | None = Field(None, alias="messageParameters")
    additional_information: list[str] | None = Field(None, alias="additionalInformation")
    system_action: str | None = Field(None, alias="systemAction")
    user_action: str | None = Field(None, alias="userAction")
    exception_class_name: str | None = Field(None, alias="exceptionClassName")
    exception_message: str | None = Field(None, alias="exceptionMessage")
    exception_stack_trace: str | None = Field(None, alias="exceptionStackTrace")


class AuditLogRecordsResponse(FFDCResponseBase):
    """egeria_nb's extension (not Egeria): GET ``/servers/{s}/open-metadata/egeria-nb/audit-log/records``.

    ``records``: the newest first; ``recordsKept``: how many the platform keeps for the server now
    (it keeps the newest few thousand, so older ones are gone).
    """

    class_: str | None = Field("AuditLogRecordsResponse", alias="class")
    records: list[AuditLogRecord] | None = None
    records_kept: int = Field(0, alias="recordsKept")
