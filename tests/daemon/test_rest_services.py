"""The integration-daemon REST services of a daemon the embedded platform runs (egeria-wire.md §3.6-§3.8).

The daemon is started the way Egeria's is, with ``start_server``; every
request is a plain ``requests`` call with a bearer token, and every answer is
checked field by field against Egeria's JSON (§3.7 names, nulls left out).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import egeria_nb as enb
from egeria_nb.wire.daemon import IntegrationDaemonStatusResponse
from tests.conftest import Raw
from tests.daemon.conftest import (
    DAEMON_SERVICES,
    GROUP,
    MD,
    PROVIDER,
    SERVER,
    DaemonEnv,
    daemon_status,
    daemon_threads,
    eventually,
    reports,
    start_hosted,
    wait_for_reports,
)

BASE = DAEMON_SERVICES
# java.util.Date as Spring Boot's Jackson writes it: millisecond precision and an offset (§0.1).
EGERIA_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$")
REPORT_FIELDS = {
    "connectorId",
    "connectorGUID",
    "integrationGroupGUID",
    "connectorName",
    "connection",
    "connectorInstanceId",
    "connectorStatus",
    "lastStatusChange",
    "lastRefreshTime",
    "minMinutesBetweenRefresh",
    "failingExceptionMessage",
    "statistics",
}
SUMMARY_FIELDS = {
    "integrationGroupName",
    "integrationGroupGUID",
    "integrationGroupDescription",
    "integrationGroupStatus",
    "integrationConnectorReports",
    "lastRefreshTime",
}


def _get(raw: Raw, suffix: str, response: str = "VoidResponse") -> dict[str, Any]:
    answer = raw("GET", BASE + suffix)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["class"] == response, body
    return body


def _post(raw: Raw, suffix: str, **kw: Any) -> dict[str, Any]:
    answer = raw("POST", BASE + suffix, **kw)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _ok(body: dict[str, Any], response: str = "VoidResponse") -> None:
    assert (body["class"], body["relatedHTTPCode"]) == (response, 200), body
    assert "exceptionErrorMessageId" not in body


def _refused(body: dict[str, Any], message_id: str, http_code: int = 400) -> None:
    assert body["relatedHTTPCode"] == http_code, body
    assert body["exceptionErrorMessageId"] == message_id
    assert body["exceptionClassName"] == "org.odpi.openmetadata.frameworks.openmetadata.ffdc.InvalidParameterException"
    assert body["exceptionErrorMessage"].startswith(message_id + " ")
    assert body["exceptionSystemAction"] and body["exceptionUserAction"]


def test_status_answers_with_egerias_json_field_by_field(hosted: DaemonEnv, raw: Raw) -> None:
    group_guid = hosted.group(description="Test connectors")
    registration = hosted.connector("c1", props={"depth": 2}, interval=5)
    broken = hosted.connector("broken", provider="tests.daemon.Nowhere")
    start_hosted(hosted)
    wait_for_reports(raw, c1="WAITING", broken="CONFIG_FAILED")
    eventually(lambda: "statistics" in reports(raw)["c1"], "the first refresh's statistics")

    body = _get(raw, "/status", "IntegrationDaemonStatusResponse")
    assert body["relatedHTTPCode"] == 200 and body["requestId"]
    status = body["integrationDaemonStatus"]
    assert set(status) == {"integrationGroupSummaries", "integrationConnectorReports"}

    # The daemon-wide list: every connector, with its group's GUID (6.1).
    by_name = {r["connectorName"]: r for r in status["integrationConnectorReports"]}
    c1 = by_name["c1"]
    assert set(c1) == REPORT_FIELDS - {"failingExceptionMessage"}  # null fields are left out
    connector_guid = enb.get_connector_definition(hosted.platform, MD, "c1").guid
    assert c1["connectorId"] == registration == c1["connectorInstanceId"]  # Egeria's quirk (§3.7)
    assert c1["connectorGUID"] == connector_guid
    assert c1["integrationGroupGUID"] == group_guid
    assert c1["connectorStatus"] == "WAITING"
    assert EGERIA_TIME.match(c1["lastStatusChange"]) and EGERIA_TIME.match(c1["lastRefreshTime"])
    assert c1["minMinutesBetweenRefresh"] == 5
    assert c1["statistics"] == {"refreshes": 1}
    connection = c1["connection"]
    assert connection["class"] == "Connection"
    assert connection["connectorType"]["connectorProviderClassName"] == PROVIDER
    assert connection["endpoint"]["networkAddress"] == "probe://c1"  # 6.x name (§3.7)
    assert connection["configurationProperties"] == {"depth": 2}

    failed = by_name["broken"]
    assert failed["connectorId"] == broken
    assert failed["connectorStatus"] == "CONFIG_FAILED"
    assert "No Python connector is registered as 'tests.daemon.Nowhere'" in failed["failingExceptionMessage"]
    assert "lastRefreshTime" not in failed and "statistics" not in failed
    assert failed["minMinutesBetweenRefresh"] == 0

    (summary,) = status["integrationGroupSummaries"]
    assert set(summary) == SUMMARY_FIELDS
    assert summary["integrationGroupName"] == GROUP
    assert summary["integrationGroupGUID"] == group_guid
    assert summary["integrationGroupDescription"] == "Test connectors"
    assert summary["integrationGroupStatus"] == "RUNNING"
    assert EGERIA_TIME.match(summary["lastRefreshTime"])
    in_group = {r["connectorName"]: r for r in summary["integrationConnectorReports"]}
    assert set(in_group) == {"c1", "broken"}
    # Reports inside a group summary are built without the group's GUID (§3.7).
    assert "integrationGroupGUID" not in in_group["c1"]
    assert in_group["c1"]["connectorId"] == registration

    # It is what egeria_nb's own client model reads.
    parsed = IntegrationDaemonStatusResponse.model_validate(body)
    assert parsed.integration_daemon_status is not None


def test_a_daemon_with_no_connectors_yet_has_an_empty_status(hosted: DaemonEnv, raw: Raw) -> None:
    hosted.group()  # defined, nothing registered
    hosted.configure("Egeria:IntegrationGroup:NotDefined")
    start_hosted(hosted)

    def read() -> dict[str, Any] | None:
        status = daemon_status(raw)
        summaries = status.get("integrationGroupSummaries", [])  # left out until the groups are added
        states = {s["integrationGroupName"]: s["integrationGroupStatus"] for s in summaries}
        return status if states.get(GROUP) == "CONFIGURING" else None

    status = eventually(read, "the group definition to be read")
    # Egeria's getters return null for an empty list, and null is left out (research extras §2.4).
    assert "integrationConnectorReports" not in status
    summaries = {s["integrationGroupName"]: s for s in status["integrationGroupSummaries"]}
    assert summaries["Egeria:IntegrationGroup:NotDefined"]["integrationGroupStatus"] == "ASSIGNED"
    assert "integrationConnectorReports" not in summaries[GROUP]
    _ok(_post(raw, "/integration-connectors/refresh"))
    _ok(_post(raw, "/integration-connectors/restart"))


def test_a_daemon_whose_groups_are_all_removed_answers_with_neither_list(hosted: DaemonEnv, raw: Raw) -> None:
    hosted.group()
    hosted.connector("c1")
    start_hosted(hosted)
    wait_for_reports(raw, c1="WAITING")
    enb.remove_integration_groups(hosted.platform, SERVER)  # the daemon follows its configuration

    body = eventually(
        lambda: (b := _get(raw, "/status", "IntegrationDaemonStatusResponse"))["integrationDaemonStatus"] == {} and b,
        "the daemon to drop its only group",
    )
    _ok(body, "IntegrationDaemonStatusResponse")
    # No integrationServiceSummaries either: 5.4 and 6.x no longer have it, and on the 4.x/5.3 line it is
    # null (so left out) for a daemon that runs no integration services, as an egeria_nb daemon never does.
    summaries = _get(raw, "/integration-groups/summary", "IntegrationGroupSummariesResponse")
    _ok(summaries, "IntegrationGroupSummariesResponse")
    assert "integrationGroupSummaries" not in summaries


def test_group_summaries_and_one_groups_summary(hosted: DaemonEnv, raw: Raw) -> None:
    odd = "Egeria:IntegrationGroup:With space & ümlaut"
    hosted.group()
    hosted.group(odd)
    hosted.connector("c1")
    hosted.connector("c2", group=odd)
    start_hosted(hosted)
    wait_for_reports(raw, c1="WAITING", c2="WAITING")

    body = _get(raw, "/integration-groups/summary", "IntegrationGroupSummariesResponse")
    _ok(body, "IntegrationGroupSummariesResponse")
    assert [s["integrationGroupName"] for s in body["integrationGroupSummaries"]] == sorted([GROUP, odd])

    body = _get(raw, f"/integration-groups/{quote(odd, safe='')}/summary", "IntegrationGroupSummaryResponse")
    _ok(body, "IntegrationGroupSummaryResponse")
    summary = body["integrationGroupSummary"]
    assert summary["integrationGroupName"] == odd
    assert [r["connectorName"] for r in summary["integrationConnectorReports"]] == ["c2"]

    body = raw("GET", BASE + "/integration-groups/Egeria:IntegrationGroup:Nope/summary").json()
    _refused(body, "INTEGRATION-DAEMON-SERVICES-400-034")
    assert "Egeria:IntegrationGroup:Nope" in body["exceptionErrorMessage"]
    assert GROUP in body["exceptionUserAction"]


def test_refresh_config_refresh_and_restart(hosted: DaemonEnv, raw: Raw) -> None:
    hosted.group()
    hosted.connector("c1")
    hosted.connector("c2")
    start_hosted(hosted)
    wait_for_reports(raw, c1="WAITING", c2="WAITING")
    probe = hosted.probe
    eventually(lambda: probe.count("refresh") == 2, "the first refreshes")

    # refresh-config is a GET (§3.6); it re-reads the group and refreshes its connectors.
    _ok(_get(raw, f"/integration-groups/{quote(GROUP, safe='')}/refresh-config"))
    eventually(lambda: probe.count("refresh", "c1") == 2 and probe.count("refresh", "c2") == 2, "a group refresh")
    _refused(raw("GET", BASE + "/integration-groups/nope/refresh-config").json(), "INTEGRATION-DAEMON-SERVICES-400-034")

    # No body: every connector. A NameRequestBody (its class optional): that one.
    _ok(_post(raw, "/integration-connectors/refresh"))
    eventually(lambda: probe.count("refresh", "c1") == 3 and probe.count("refresh", "c2") == 3, "refresh all")
    _ok(_post(raw, "/integration-connectors/refresh", json={"class": "NameRequestBody", "name": "c1"}))
    _ok(_post(raw, "/integration-connectors/refresh", json={"name": "c1"}))
    eventually(lambda: probe.count("refresh", "c1") == 5, "refresh c1 twice")
    assert probe.count("refresh", "c2") == 3

    _ok(_post(raw, "/integration-connectors/restart", json={"class": "NameRequestBody", "name": "c2"}))
    eventually(lambda: len(probe.instances("c2")) == 2, "restart c2")
    _ok(_post(raw, "/integration-connectors/restart"))
    eventually(lambda: len(probe.instances("c1")) == 2 and len(probe.instances("c2")) == 3, "restart all")

    for suffix in ("/integration-connectors/refresh", "/integration-connectors/restart"):
        body = _post(raw, suffix, json={"class": "NameRequestBody", "name": "nope"})
        _refused(body, "INTEGRATION-DAEMON-SERVICES-400-031")
        assert "c1" in body["exceptionUserAction"]


def test_configuration_properties_endpoint_and_connection(hosted: DaemonEnv, raw: Raw) -> None:
    hosted.group()
    hosted.connector("c1", props={"a": 1})
    start_hosted(hosted)
    wait_for_reports(raw, c1="WAITING")
    probe = hosted.probe

    body = _get(raw, "/integration-connectors/c1/configuration-properties", "PropertiesResponse")
    _ok(body, "PropertiesResponse")
    assert body["properties"] == {"a": 1}
    _refused(
        raw("GET", BASE + "/integration-connectors/nope/configuration-properties").json(),
        "INTEGRATION-DAEMON-SERVICES-400-031",
    )

    update = {"class": "ConnectorConfigPropertiesRequestBody", "connectorName": "c1", "mergeUpdate": True}
    _ok(
        _post(
            raw,
            "/integration-connectors/configuration-properties",
            json={**update, "configurationProperties": {"b": 2}},
        )
    )
    eventually(lambda: len(probe.instances("c1")) == 2, "a restart with merged properties")
    assert _get(raw, "/integration-connectors/c1/configuration-properties", "PropertiesResponse")["properties"] == {
        "a": 1,
        "b": 2,
    }
    replace = {**update, "mergeUpdate": False, "configurationProperties": {"c": 3}}
    _ok(_post(raw, "/integration-connectors/configuration-properties", json=replace))
    eventually(lambda: len(probe.instances("c1")) == 3, "a restart with replaced properties")
    assert _get(raw, "/integration-connectors/c1/configuration-properties", "PropertiesResponse")["properties"] == {
        "c": 3
    }
    body = _post(raw, "/integration-connectors/configuration-properties", json={**update, "connectorName": "nope"})
    _refused(body, "INTEGRATION-DAEMON-SERVICES-400-031")

    body = _post(
        raw,
        "/integration-connectors/c1/endpoint-network-address",
        json={"class": "StringRequestBody", "string": "file:///data/in"},
    )
    _ok(body)
    eventually(lambda: len(probe.instances("c1")) == 4, "a restart with the new endpoint")
    assert reports(raw)["c1"]["connection"]["endpoint"]["networkAddress"] == "file:///data/in"
    body = _post(
        raw, "/integration-connectors/nope/endpoint-network-address", json={"class": "StringRequestBody", "string": "x"}
    )
    _refused(body, "INTEGRATION-DAEMON-SERVICES-400-031")

    connection = {
        "class": "Connection",
        "qualifiedName": "replaced",
        "connectorType": {"class": "ConnectorType", "connectorProviderClassName": PROVIDER},
        "endpoint": {"class": "Endpoint", "networkAddress": "probe://replaced"},
    }
    _ok(_post(raw, "/integration-connectors/c1/connection", json=connection))
    eventually(lambda: len(probe.instances("c1")) == 5, "a restart with the new connection")
    wait_for_reports(raw, c1="WAITING")
    shown = reports(raw)["c1"]["connection"]
    assert (shown["qualifiedName"], shown["endpoint"]["networkAddress"]) == ("replaced", "probe://replaced")
    assert "configurationProperties" not in shown
    _refused(
        _post(raw, "/integration-connectors/nope/connection", json=connection), "INTEGRATION-DAEMON-SERVICES-400-031"
    )

    # Bodies Egeria declares required, and values that could never work, are refused; nothing restarts.
    for suffix in ("/integration-connectors/configuration-properties", "/integration-connectors/c1/connection"):
        answer = raw("POST", BASE + suffix)  # no body: rejected before the daemon, HTTP 400 as Spring does (§3.6)
        assert answer.status_code == 400
        assert answer.json()["exceptionErrorMessageId"] == "EGERIA-NB-400-013"
    body = _post(raw, "/integration-connectors/c1/endpoint-network-address", json={"string": ""})
    _refused(body, "EGERIA-NB-400-005")
    assert len(probe.instances("c1")) == 5


def test_a_server_that_is_not_running_is_not_known(hosted: DaemonEnv, raw: Raw) -> None:
    hosted.group()
    hosted.connector("c1")
    for suffix in ("/status", "/integration-groups/summary"):
        body = raw("GET", BASE + suffix).json()
        _refused(body, "OMAG-MULTI-TENANT-404-001", http_code=404)
        assert SERVER in body["exceptionErrorMessage"]
    _refused(_post(raw, "/integration-connectors/refresh"), "OMAG-MULTI-TENANT-404-001", http_code=404)

    start_hosted(hosted)
    wait_for_reports(raw, c1="WAITING")
    start_hosted(hosted)  # starting a running server again starts no second daemon
    assert hosted.probe.count("start", "c1") == 1 and len(reports(raw)) == 1
    enb.stop_server(hosted.platform, SERVER)
    # Stopping the server stops its daemon: connectors disconnected, no thread left behind.
    _refused(raw("GET", BASE + "/status").json(), "OMAG-MULTI-TENANT-404-001", http_code=404)
    assert hosted.probe.count("disconnect", "c1") == 1
    eventually(lambda: not daemon_threads(), "the hosted daemon's threads to end")


def test_stopping_the_platform_stops_its_daemons(hosted: DaemonEnv, raw: Raw) -> None:
    hosted.group()
    hosted.connector("c1")
    start_hosted(hosted)
    wait_for_reports(raw, c1="WAITING")
    hosted.platform.stop()
    assert hosted.probe.count("disconnect", "c1") == 1
    eventually(lambda: not daemon_threads(), "the hosted daemon's threads to end")


def test_configuration_properties_without_a_connector_name_change_every_connector(hosted: DaemonEnv, raw: Raw) -> None:
    hosted.group()
    hosted.connector("c1", props={"a": 1})
    hosted.connector("c2", props={"b": 2})
    start_hosted(hosted)
    wait_for_reports(raw, c1="WAITING", c2="WAITING")
    probe = hosted.probe
    suffix = "/integration-connectors/configuration-properties"

    def properties(name: str) -> dict[str, Any] | None:
        return _get(raw, f"/integration-connectors/{name}/configuration-properties", "PropertiesResponse").get(
            "properties"
        )

    # No connectorName (the documented "all connectors", egeria-wire.md §9) and no mergeUpdate (false: replace).
    _ok(_post(raw, suffix, json={"configurationProperties": {"z": 9}}))
    eventually(lambda: len(probe.instances("c1")) == 2 and len(probe.instances("c2")) == 2, "both restarted")
    assert (properties("c1"), properties("c2")) == ({"z": 9}, {"z": 9})

    _ok(_post(raw, suffix, json={"connectorName": None, "mergeUpdate": True, "configurationProperties": {"y": 1}}))
    eventually(lambda: len(probe.instances("c1")) == 3 and len(probe.instances("c2")) == 3, "both restarted again")
    assert (properties("c1"), properties("c2")) == ({"z": 9, "y": 1}, {"z": 9, "y": 1})

    # A replace with no map clears the properties; a merge with no map changes nothing (but still restarts).
    _ok(_post(raw, suffix, json={"connectorName": "c1"}))
    _ok(_post(raw, suffix, json={"connectorName": "c2", "mergeUpdate": True}))
    eventually(lambda: len(probe.instances("c1")) == 4 and len(probe.instances("c2")) == 4, "each restarted")
    assert (properties("c1"), properties("c2")) == (None, {"z": 9, "y": 1})
    wait_for_reports(raw, c1="WAITING", c2="WAITING")
    assert "configurationProperties" not in reports(raw)["c1"]["connection"]

    # An unknown name is Egeria's 400-031, naming the parameter; nothing restarts.
    body = _post(raw, suffix, json={"connectorName": "nope", "configurationProperties": {}})
    _refused(body, "INTEGRATION-DAEMON-SERVICES-400-031")
    assert body["exceptionProperties"] == {"parameterName": "connectorName"}
    assert (len(probe.instances("c1")), len(probe.instances("c2"))) == (4, 4)
