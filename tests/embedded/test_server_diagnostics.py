"""Egeria's server diagnostics on the embedded platform, checked against Egeria's JSON field by field.

Platform services (``servers``, ``is-known``, ``status``, ``services``, ``registered-services``,
``organization-name``, ``instance/*``), server operations, the repository services' audit-log calls,
and egeria_nb's audit-log records extension: in the 6.x form with a bearer token and the 4.x/5.x
``/users/{userId}`` form, over real loopback HTTP. The field sets are Egeria's (research notes
diag-egeria §1-§3): an answer may leave out a null field, never add one Egeria does not have.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests

import egeria_nb as enb
from tests.conftest import ADMIN, Raw, group

MD = "active-metadata-store"
VIEW = "qs-view-server"
SECOND_MD = "second-metadata-store"
EGERIA_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$")
NOT_AVAILABLE = "OMAG-MULTI-TENANT-404-001"
INVALID_PARAMETER = "org.odpi.openmetadata.frameworks.openmetadata.ffdc.InvalidParameterException"
FFDC_FIELDS = {
    "class",
    "requestId",
    "relatedHTTPCode",
    "exceptionClassName",
    "exceptionSubclassName",
    "exceptionCausedBy",
    "actionDescription",
    "exceptionErrorMessage",
    "exceptionErrorMessageId",
    "exceptionErrorMessageParameters",
    "exceptionSystemAction",
    "exceptionUserAction",
    "exceptionProperties",
}
STATUS_FIELDS = {"serverName", "serverType", "active", "serverStartTime", "serverEndTime", "serverHistory"}
REGISTERED_SERVICE_FIELDS = {
    "serviceId",
    "serviceName",
    "serviceDevelopmentStatus",
    "serviceURLMarker",
    "serviceDescription",
    "serviceWiki",
    "serverType",
    "partnerServiceName",
    "partnerServerType",
}
COMPONENT_FIELDS = {
    "componentId",
    "componentDevelopmentStatus",
    "componentName",
    "componentDescription",
    "componentWikiURL",
}
RECORD_FIELDS = {
    "guid",
    "timeStamp",
    "originatorProperties",
    "originatorComponent",
    "actionDescription",
    "threadId",
    "threadName",
    "requestId",
    "severityCode",
    "severity",
    "messageId",
    "messageText",
    "messageParameters",
    "additionalInformation",
    "systemAction",
    "userAction",
    "exceptionClassName",
    "exceptionMessage",
    "exceptionStackTrace",
}
SEVERITY_NAMES = [
    "UNKNOWN",
    "INFO",
    "EVENT",
    "DECISION",
    "ACTION",
    "ERROR",
    "EXCEPTION",
    "SECURITY",
    "STARTUP",
    "SHUTDOWN",
    "ASSET",
    "TYPES",
    "COHORT",
    "TRACE",
    "PERFMON",
    "ACTIVITY",
]


class Calls:
    """GET in either path form: "6" with the bearer token, "5" with the user id in the path (no token)."""

    def __init__(self, platform: enb.EmbeddedPlatform) -> None:
        self.raw = Raw(platform)
        self.url = platform.url
        self.user = platform.user_id

    def platform(self, line: str, suffix: str) -> requests.Response:
        user = "" if line == "6" else f"/users/{self.user}"
        return self.get(line, f"/open-metadata/platform-services{user}/server-platform{suffix}")

    def server_operations(self, line: str, server: str, suffix: str) -> requests.Response:
        user = "" if line == "6" else f"/users/{self.user}"
        return self.get(line, f"/open-metadata/server-operations{user}/servers/{server}{suffix}")

    def repository(self, line: str, server: str, suffix: str) -> requests.Response:
        user = "" if line == "6" else f"/users/{self.user}"
        return self.get(line, f"/servers/{server}/open-metadata/repository-services{user}{suffix}")

    def extension(self, line: str, server: str, suffix: str, **params: str) -> requests.Response:
        user = "" if line == "6" else f"/users/{self.user}"
        return self.get(line, f"/servers/{server}/open-metadata/egeria-nb{user}{suffix}", params=params)

    def get(self, line: str, path: str, **kw: Any) -> requests.Response:
        if line == "6":
            return self.raw("GET", path, **kw)
        return requests.get(self.url + path, timeout=30, **kw)

    def close(self) -> None:
        self.raw.close()


@pytest.fixture
def legacy(data_dir: Any) -> Iterator[enb.EmbeddedPlatform]:
    with enb.start_embedded(data_dir, legacy_api=True) as p:
        yield p


@pytest.fixture
def calls(legacy: enb.EmbeddedPlatform) -> Iterator[Calls]:
    c = Calls(legacy)
    yield c
    c.close()


LINES = pytest.mark.parametrize("line", ["6", "5"])


def _ok(answer: requests.Response, response_class: str, fields: set[str]) -> dict[str, Any]:
    """A success answer of ``response_class``: HTTP 200, relatedHTTPCode 200, only Egeria's fields."""
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["class"], body["relatedHTTPCode"]) == (response_class, 200), body
    assert "exceptionErrorMessageId" not in body
    assert set(body) <= FFDC_FIELDS | fields, set(body) - FFDC_FIELDS - fields
    return body


def _not_available(answer: requests.Response, server: str, user: str, response_class: str) -> dict[str, Any]:
    """Egeria's answer for a server not running here: HTTP 200, relatedHTTPCode 404, OMAG-MULTI-TENANT-404-001."""
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["class"] == response_class
    assert body["relatedHTTPCode"] == 404
    assert body["exceptionErrorMessageId"] == NOT_AVAILABLE
    assert body["exceptionClassName"] == INVALID_PARAMETER
    assert body["exceptionErrorMessage"] == (
        f"{NOT_AVAILABLE} The OMAG Server {server} is not available to service a request from user {user}"
    )
    assert body["exceptionErrorMessageParameters"] == [server, user]
    assert body["exceptionSystemAction"].startswith("The system cannot process the request because the server")
    assert body["exceptionUserAction"].startswith("Verify that the correct server is being called")
    assert body["exceptionProperties"]["parameterName"] == "serverName"
    return body


def _stop(platform: enb.EmbeddedPlatform, server: str) -> None:
    enb.stop_server(platform, server)


# -- platform services: which servers the platform knows --------------------------------------------------


@LINES
def test_known_servers_are_the_running_and_those_that_ran(
    line: str, legacy: enb.EmbeddedPlatform, calls: Calls
) -> None:
    # Configured only: not known (Egeria's known servers are those that ran on this platform).
    enb.configure_integration_group(legacy, "integration-daemon", group("g", legacy.url))
    known = _ok(calls.platform(line, "/servers"), "ServerListResponse", {"serverList"})
    assert sorted(known["serverList"]) == [MD, VIEW]
    enb.create_metadata_server(legacy, SECOND_MD, start=True)
    _stop(legacy, SECOND_MD)
    known = _ok(calls.platform(line, "/servers"), "ServerListResponse", {"serverList"})
    active = _ok(calls.platform(line, "/servers/active"), "ServerListResponse", {"serverList"})
    assert sorted(known["serverList"]) == [MD, VIEW, SECOND_MD]
    assert sorted(active["serverList"]) == [MD, VIEW]
    for server, flag in ((MD, True), (SECOND_MD, True), ("integration-daemon", False), ("never-heard-of", False)):
        body = _ok(calls.platform(line, f"/servers/{server}/is-known"), "BooleanResponse", {"flag"})
        assert body["flag"] is flag, server


@LINES
def test_status_of_a_running_server(line: str, calls: Calls) -> None:
    body = _ok(calls.platform(line, f"/servers/{MD}/status"), "ServerStatusResponse", STATUS_FIELDS)
    assert body["serverName"] == MD
    assert body["serverType"] == "Metadata Access Store"
    assert body["active"] is True
    assert EGERIA_TIME.match(body["serverStartTime"])
    # Only when stopped, or when it ran before.
    assert "serverEndTime" not in body and "serverHistory" not in body


def test_status_keeps_each_run_since_the_platform_started(legacy: enb.EmbeddedPlatform, calls: Calls) -> None:
    enb.create_metadata_server(legacy, SECOND_MD, start=True)
    _stop(legacy, SECOND_MD)
    stopped = _ok(calls.platform("6", f"/servers/{SECOND_MD}/status"), "ServerStatusResponse", STATUS_FIELDS)
    assert stopped["active"] is False
    assert "serverStartTime" not in stopped
    assert EGERIA_TIME.match(stopped["serverEndTime"])
    [run] = stopped["serverHistory"]
    assert set(run) == {"startTime", "endTime"}
    assert run["endTime"] == stopped["serverEndTime"] and run["startTime"] <= run["endTime"]
    enb.start_server(legacy, SECOND_MD)
    again = _ok(calls.platform("5", f"/servers/{SECOND_MD}/status"), "ServerStatusResponse", STATUS_FIELDS)
    assert again["active"] is True
    assert again["serverStartTime"] >= run["endTime"]
    assert "serverEndTime" not in again
    assert again["serverHistory"] == [run]


@LINES
def test_status_of_an_unknown_server_is_egerias_404(line: str, calls: Calls) -> None:
    body = _not_available(
        calls.platform(line, "/servers/no-such-server/status"), "no-such-server", calls.user, "ServerStatusResponse"
    )
    assert body["actionDescription"] == "getServerStatus"
    assert body["exceptionProperties"] == {"serverName": "no-such-server", "parameterName": "serverName"}
    # Egeria sets serverName before it looks the server up, and its boolean active is true by default.
    assert (body["serverName"], body["active"]) == ("no-such-server", True)


@LINES
def test_services_of_a_known_server(line: str, legacy: enb.EmbeddedPlatform, calls: Calls) -> None:
    fields = {"serverName", "serverServicesList"}
    running = _ok(calls.platform(line, f"/servers/{VIEW}/services"), "ServerServicesListResponse", fields)
    assert running["serverName"] == VIEW
    assert running["serverServicesList"] == ["Open Metadata View Services (OMVS)", "Metadata Expert"]
    enb.create_metadata_server(legacy, SECOND_MD, start=True)
    _stop(legacy, SECOND_MD)
    stopped = _ok(calls.platform(line, f"/servers/{SECOND_MD}/services"), "ServerServicesListResponse", fields)
    assert stopped["serverName"] == SECOND_MD and "serverServicesList" not in stopped
    _not_available(calls.platform(line, "/servers/nope/services"), "nope", calls.user, "ServerServicesListResponse")


# -- platform services: registered services and the organization ---------------------------------------------


@LINES
def test_registered_services_are_the_ones_the_platform_implements(line: str, calls: Calls) -> None:
    kinds: dict[str, list[dict[str, Any]]] = {}
    for kind in ("common-services", "access-services", "view-services", "governance-services", "engine-services"):
        body = _ok(calls.platform(line, f"/registered-services/{kind}"), "RegisteredOMAGServicesResponse", {"services"})
        kinds[kind] = body.get("services", [])
        for service in kinds[kind]:
            assert set(service) <= REGISTERED_SERVICE_FIELDS
            assert isinstance(service["serviceId"], int)
            assert service["serviceDevelopmentStatus"] == "STABLE"
            assert service["serviceName"] and service["serviceURLMarker"] and service["serviceDescription"]
    names = {kind: [s["serviceURLMarker"] for s in services] for kind, services in kinds.items()}
    assert names == {
        "common-services": ["repository-services", "admin-services", "platform-services", "server-operations"],
        "access-services": ["open-governance-service", "open-metadata-store"],
        "view-services": ["metadata-expert"],
        "governance-services": ["integration-daemon"],
        "engine-services": [],  # left out when empty, as Egeria does
    }
    everything = _ok(calls.platform(line, "/registered-services"), "RegisteredOMAGServicesResponse", {"services"})
    # Common, access, view and governance services, in that order; engine services are not in Egeria's list.
    assert everything["services"] == [
        *kinds["common-services"],
        *kinds["access-services"],
        *kinds["view-services"],
        *kinds["governance-services"],
    ]
    daemon = kinds["governance-services"][0]
    assert (daemon["serviceId"], daemon["serviceName"], daemon["serverType"]) == (
        193,
        "Integration Daemon Services",
        "Integration Daemon",
    )


def test_integration_services_are_listed_only_on_the_4_and_5_paths(calls: Calls) -> None:
    legacy = _ok(
        calls.platform("5", "/registered-services/integration-services"), "RegisteredOMAGServicesResponse", set()
    )
    assert "services" not in legacy
    six = calls.platform("6", "/registered-services/integration-services")
    assert six.status_code == 404
    assert six.json()["exceptionErrorMessageId"] == "EGERIA-NB-404-001"


def test_organization_name_is_egeria_6_0s_call(calls: Calls) -> None:
    body = _ok(calls.platform("6", "/organization-name"), "StringResponse", {"resultString"})
    assert "resultString" not in body  # the embedded platform belongs to no organization
    assert calls.platform("5", "/organization-name").status_code == 404


# -- the running instance: platform services and server operations ---------------------------------------------


INSTANCE_FORMS = [("platform", "6"), ("platform", "5"), ("server-operations", "6"), ("server-operations", "5")]


def _instance(calls: Calls, where: str, line: str, server: str, suffix: str) -> requests.Response:
    if where == "platform":
        return calls.platform(line, f"/servers/{server}{suffix}")
    return calls.server_operations(line, server, suffix)


@pytest.mark.parametrize(("where", "line"), INSTANCE_FORMS)
def test_instance_status(where: str, line: str, calls: Calls) -> None:
    body = _ok(_instance(calls, where, line, VIEW, "/instance/status"), "OMAGServerStatusResponse", {"serverStatus"})
    status = body["serverStatus"]
    assert set(status) == {"serverName", "serverType", "serverActiveStatus", "services"}
    assert (status["serverName"], status["serverType"], status["serverActiveStatus"]) == (
        VIEW,
        "View Server",
        "RUNNING",
    )
    assert status["services"] == [
        {"serviceName": "Open Metadata View Services (OMVS)", "serviceStatus": "RUNNING"},
        {"serviceName": "Metadata Expert", "serviceStatus": "RUNNING"},
    ]
    answer = _instance(calls, where, line, "stopped-or-never", "/instance/status")
    body = _not_available(answer, "stopped-or-never", calls.user, "OMAGServerStatusResponse")
    assert body["actionDescription"] == "getActiveServerStatus"


@pytest.mark.parametrize(("where", "line"), INSTANCE_FORMS)
def test_instance_configuration_is_what_the_server_started_with(
    where: str, line: str, legacy: enb.EmbeddedPlatform, calls: Calls
) -> None:
    enb.create_metadata_server(legacy, SECOND_MD, start=False)
    enb.set_organization_name(legacy, SECOND_MD, "Coco Pharmaceuticals")
    enb.start_server(legacy, SECOND_MD)
    started_with = calls.raw.admin("GET", SECOND_MD, "/configuration").json()["omagserverConfig"]
    enb.set_organization_name(legacy, SECOND_MD, "Changed Since")
    body = _ok(
        _instance(calls, where, line, SECOND_MD, "/instance/configuration"),
        "OMAGServerConfigResponse",
        {"omagserverConfig"},
    )
    assert body["omagserverConfig"] == started_with
    assert body["omagserverConfig"]["organizationName"] == "Coco Pharmaceuticals"
    stored = calls.raw.admin("GET", SECOND_MD, "/configuration").json()
    assert set(stored) <= FFDC_FIELDS | {"omagserverConfig"}  # Egeria's getter names the admin call's field too
    assert stored["omagserverConfig"]["organizationName"] == "Changed Since"
    _stop(legacy, SECOND_MD)
    _not_available(
        _instance(calls, where, line, SECOND_MD, "/instance/configuration"),
        SECOND_MD,
        calls.user,
        "OMAGServerConfigResponse",
    )


@LINES
def test_server_operations_services_are_the_running_ones(line: str, legacy: enb.EmbeddedPlatform, calls: Calls) -> None:
    body = _ok(
        calls.server_operations(line, MD, "/services"),
        "ServerServicesListResponse",
        {"serverName", "serverServicesList"},
    )
    assert body["serverName"] == MD
    assert "Open Metadata Store Services" in body["serverServicesList"]
    enb.create_metadata_server(legacy, SECOND_MD, start=True)
    _stop(legacy, SECOND_MD)  # known, but not running: server operations need it running
    _not_available(
        calls.server_operations(line, SECOND_MD, "/services"), SECOND_MD, calls.user, "ServerServicesListResponse"
    )


# -- the audit log: Egeria's report and severities ----------------------------------------------------------------


@LINES
def test_audit_log_report_has_counts_only(line: str, legacy: enb.EmbeddedPlatform, calls: Calls) -> None:
    enb.set_organization_name(legacy, MD, "Coco Pharmaceuticals")  # an Information record from the admin services
    body = _ok(calls.repository(line, MD, "/audit-log/report"), "AuditLogReportResponse", {"report"})
    report = body["report"]
    assert set(report) <= {
        "reportingComponent",
        "childAuditLogReports",
        "severityIdentification",
        "severityCount",
        "originatorProperties",
        "destinationsReport",
    }
    assert set(report["reportingComponent"]) == COMPONENT_FIELDS
    assert report["reportingComponent"]["componentName"] == "Operational Services"
    assert report["originatorProperties"] == {"serverName": MD, "serverType": "Metadata Access Store"}
    [store] = report["destinationsReport"]["logStoreReports"]
    assert set(store) == {"destinationName", "supportedSeverities", "implementationClass"}
    children = {c["reportingComponent"]["componentName"]: c for c in report["childAuditLogReports"]}
    for child in children.values():
        assert set(child) <= {"reportingComponent", "childAuditLogReports", "severityIdentification", "severityCount"}
        assert set(child["severityCount"]) == set(child["severityIdentification"])
        assert all(key.isdigit() for key in child["severityCount"])  # ordinals, as JSON object keys
    assert children["Server Operations"]["severityCount"] == {"8": 1}
    assert children["Server Operations"]["severityIdentification"] == {"8": ["Startup"]}
    # The organization change since the server started (its creation before it started is not counted).
    assert children["Administration Services"]["severityCount"] == {"1": 1}
    assert children["Administration Services"]["severityIdentification"] == {"1": ["Information"]}
    # Counts, never records.
    assert "messageId" not in repr(body) and "messageText" not in repr(body)


def test_severity_definitions_in_each_release_lines_shape(calls: Calls) -> None:
    six = _ok(
        calls.repository("6", MD, "/audit-log/severity-definitions"), "AuditLogSeveritiesResponse", {"severities"}
    )
    assert six["severities"] == SEVERITY_NAMES  # 6.0+: the enum itself, written as its constant names
    five = _ok(
        calls.repository("5", MD, "/audit-log/severity-definitions"), "AuditLogSeveritiesResponse", {"severities"}
    )
    assert [s["ordinal"] for s in five["severities"]] == list(range(16))
    assert five["severities"][5] == {
        "ordinal": 5,
        "name": "Error",
        "description": "An error occurred. This may restrict some of the server's operations.",
    }


@LINES
@pytest.mark.parametrize("suffix", ["/audit-log/report", "/audit-log/severity-definitions"])
def test_audit_log_calls_need_the_server_running(
    line: str, suffix: str, legacy: enb.EmbeddedPlatform, calls: Calls
) -> None:
    response_class = "AuditLogReportResponse" if suffix.endswith("report") else "AuditLogSeveritiesResponse"
    body = _not_available(calls.repository(line, "not-here", suffix), "not-here", calls.user, response_class)
    # The repository services' handler names only the parameter.
    assert body["exceptionProperties"] == {"parameterName": "serverName"}


# -- the audit log: egeria_nb's records extension ----------------------------------------------------------------


@LINES
def test_records_in_egerias_audit_log_record_shape(line: str, legacy: enb.EmbeddedPlatform, calls: Calls) -> None:
    enb.set_organization_name(legacy, MD, "Coco Pharmaceuticals")
    body = _ok(calls.extension(line, MD, "/audit-log/records"), "AuditLogRecordsResponse", {"records", "recordsKept"})
    records = body["records"]
    assert body["recordsKept"] == len(records) == 3  # created, started, changed
    for record in records:
        assert set(record) <= RECORD_FIELDS, set(record) - RECORD_FIELDS
        assert set(record["originatorComponent"]) == COMPONENT_FIELDS
        assert EGERIA_TIME.match(record["timeStamp"])
        assert record["originatorProperties"]["serverName"] == MD
        assert record["messageId"].startswith("EGERIA-NB-AUDIT-")
        assert not record["messageText"].startswith("EGERIA-NB")  # Egeria's messageText leaves the id out
        assert record["systemAction"] and record["userAction"]
        assert isinstance(record["threadId"], int) and isinstance(record["severityCode"], int)
    # Newest first.
    assert [r["timeStamp"] for r in records] == sorted((r["timeStamp"] for r in records), reverse=True)
    changed, started, created = records
    assert (changed["severity"], changed["severityCode"], changed["messageId"]) == (
        "Information",
        1,
        "EGERIA-NB-AUDIT-0003",
    )
    assert (
        changed["messageParameters"][0] == MD and "organization name to Coco Pharmaceuticals" in changed["messageText"]
    )
    assert changed["originatorComponent"]["componentName"] == "Administration Services"
    assert (started["severity"], started["severityCode"], started["messageId"]) == (
        "Startup",
        8,
        "EGERIA-NB-AUDIT-0001",
    )
    assert started["originatorComponent"]["componentName"] == "Server Operations"
    assert created["messageId"] == "EGERIA-NB-AUDIT-0003"
    newest = _ok(
        calls.extension(line, MD, "/audit-log/records", maximumResults="1"),
        "AuditLogRecordsResponse",
        {"records", "recordsKept"},
    )
    assert newest["records"] == [changed] and newest["recordsKept"] == 3


def test_records_of_a_server_that_is_only_configured(legacy: enb.EmbeddedPlatform, calls: Calls) -> None:
    enb.configure_integration_group(legacy, "integration-daemon", group("Egeria:IntegrationGroup:G", legacy.url))
    enb.delete_server_config(legacy, "integration-daemon")
    body = _ok(
        calls.extension("6", "integration-daemon", "/audit-log/records"),
        "AuditLogRecordsResponse",
        {"records", "recordsKept"},
    )
    deleted, configured = body["records"]
    assert deleted["messageId"] == "EGERIA-NB-AUDIT-0004"
    assert deleted["messageText"] == "The configuration document of server integration-daemon was deleted"
    assert configured["messageId"] == "EGERIA-NB-AUDIT-0003"
    assert "updated configuration for integration group Egeria:IntegrationGroup:G" in configured["messageText"]
    assert configured["originatorProperties"] == {"serverName": "integration-daemon"}


@LINES
def test_records_of_an_unknown_server_and_a_bad_limit(line: str, calls: Calls) -> None:
    _not_available(
        calls.extension(line, "nobody", "/audit-log/records"), "nobody", calls.user, "AuditLogRecordsResponse"
    )
    for bad in ("-1", "ten"):
        body = calls.extension(line, MD, "/audit-log/records", maximumResults=bad).json()
        assert (body["relatedHTTPCode"], body["exceptionErrorMessageId"]) == (400, "EGERIA-NB-400-005"), body
        assert "maximumResults" in body["exceptionErrorMessage"]


def test_without_extensions_the_records_are_not_served(data_dir: Any) -> None:
    with enb.start_embedded(data_dir, extensions=False) as platform:
        raw = Raw(platform)
        try:
            answer = raw("GET", f"/servers/{MD}/open-metadata/egeria-nb/audit-log/records")
            assert answer.status_code == 404
            assert answer.json()["exceptionErrorMessageId"] == "EGERIA-NB-404-001"
            # What a real Egeria serves is still there.
            report = raw("GET", f"/servers/{MD}/open-metadata/repository-services/audit-log/report").json()
            assert (report["class"], report["relatedHTTPCode"]) == ("AuditLogReportResponse", 200)
        finally:
            raw.close()


def test_every_admin_edit_is_one_record(platform: enb.EmbeddedPlatform, raw: Raw) -> None:
    def records() -> list[dict[str, Any]]:
        return raw("GET", f"/servers/{MD}/open-metadata/egeria-nb/audit-log/records").json()["records"]

    before = len(records())
    assert raw("POST", ADMIN + MD + "/max-page-size", params={"limit": "500"}).json()["relatedHTTPCode"] == 200
    refused = raw("POST", ADMIN + MD + "/max-page-size", params={"limit": "-5"}).json()
    assert refused["relatedHTTPCode"] == 400
    after = records()
    assert len(after) == before + 1  # the refused edit changed nothing, so wrote nothing
    assert after[0]["messageParameters"] == [
        MD,
        f"{platform.user_id} updated configuration for maximum page size to 500",
    ]
