"""Egeria's own example requests for the integration-daemon services, sent to a daemon the embedded platform runs.

The requests are those of Egeria's ``Egeria-integration-daemon-services.http`` (every call of the
integration-daemon REST API it shows) and the integration-daemon calls of the Runtime Manager's
``Egeria-api-runtime-manager.http``, with the bodies exactly as those files send them, placeholder
values included (a connector is even registered under the name "connectorName goes here"). The Runtime
Manager is a view service the embedded platform does not run, so its bodies are sent to the daemon's
own paths, which take the same bodies (egeria-wire.md §3.6). Answers are checked against Egeria's:
class, relatedHTTPCode, the FFDC fields, and what changed in the daemon.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests

import egeria_nb as enb
from egeria_nb.daemon import IntegrationConnector
from egeria_nb.daemon.registry import DEFAULT_REGISTRY, ENTRY_POINT_GROUP
from egeria_nb.wire.daemon import ConnectorReportResponse
from tests.conftest import Raw
from tests.daemon.conftest import (
    DAEMON_SERVICES,
    GROUP,
    MD,
    PROVIDER,
    SERVER,
    DaemonEnv,
    daemon_status,
    eventually,
    history_messages,
    reports,
    start_hosted,
    wait_for_reports,
)

BASE = DAEMON_SERVICES
# The name Egeria's example NameRequestBody carries; registering a connector under it lets the body run as written.
EXAMPLE_NAME = "connectorName goes here"
PROPERTY_SERVER = "org.odpi.openmetadata.frameworks.openmetadata.ffdc.PropertyServerException"
INVALID_PARAMETER = "org.odpi.openmetadata.frameworks.openmetadata.ffdc.InvalidParameterException"
CLASS_NOT_FOUND = "java.lang.ClassNotFoundException"
DOCUMENTED = "tests.daemon.DocumentedConnector"
NOT_A_CONNECTOR = "tests.daemon.NotAConnector"
# An OpenLineage run event as OpenLineage's clients send them (https://openlineage.io/spec/2-0-2/OpenLineage.json).
RUN_EVENT = {
    "eventType": "COMPLETE",
    "eventTime": "2026-06-28T10:15:00.000Z",
    "run": {"runId": "0190c6d5-6b2e-7c8f-9a8b-2c3d4e5f6a7b"},
    "job": {"namespace": "airflow://coco", "name": "weekly_measurements.load"},
    "inputs": [{"namespace": "file://data", "name": "/landing/week1.csv"}],
    "outputs": [],
    "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.20.0/integration/airflow",
    "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
}


class DocumentedConnector(IntegrationConnector):
    """Reads tickets from a help desk. It is here to be validated.

    ===========  =======  ==================================================
    property     default  meaning
    ===========  =======  ==================================================
    ``queue``    (all)    the help-desk queue to read, or every queue
    ``batch``    100      how many tickets to read per call, at most; more
                          are read on the next refresh
    ===========  =======  ==================================================
    """

    uses_blocking_calls = True


def _post(raw: Raw, suffix: str, **kw: Any) -> dict[str, Any]:
    answer = raw("POST", BASE + suffix, **kw)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _get(raw: Raw, suffix: str) -> dict[str, Any]:
    answer = raw("GET", BASE + suffix)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _void(body: dict[str, Any]) -> None:
    assert (body["class"], body["relatedHTTPCode"]) == ("VoidResponse", 200), body
    assert "exceptionErrorMessageId" not in body


def _refused(body: dict[str, Any], message_id: str, exception_class: str, parameter: str | None) -> None:
    assert body["relatedHTTPCode"] == 400, body
    assert body["exceptionErrorMessageId"] == message_id
    assert body["exceptionClassName"] == body["exceptionSubclassName"] == exception_class
    assert body["exceptionErrorMessage"].startswith(message_id + " ")
    assert body["exceptionSystemAction"] and body["exceptionUserAction"]
    if parameter is None:
        assert "exceptionProperties" not in body
    else:
        assert body["exceptionProperties"] == {"parameterName": parameter}


def _history(env: DaemonEnv) -> list[str]:
    # Egeria keeps no history and has no REST call for one, so this reads the daemon object the platform
    # runs; every request in this file still goes over HTTP.
    daemon = env.platform._server.state.daemons.get(SERVER)  # type: ignore[union-attr]
    assert daemon is not None
    return [str(m) for m in daemon.history()["message"]]


@pytest.fixture
def running(hosted: DaemonEnv, raw: Raw) -> DaemonEnv:
    """The daemon running two connectors: "connectorName goes here" (c1) and c2."""
    hosted.group()
    hosted.connector("c1", EXAMPLE_NAME, props={"a": 1})
    hosted.connector("c2", props={"b": 2})
    start_hosted(hosted)
    wait_for_reports(raw, **{EXAMPLE_NAME: "WAITING", "c2": "WAITING"})
    eventually(lambda: hosted.probe.count("refresh") == 2, "the first refreshes")
    return hosted


# -- Egeria-integration-daemon-services.http ----------------------------------------------------------------


def test_token_request_answers_the_bearer_token_as_plain_text(platform: enb.EmbeddedPlatform) -> None:
    answer = requests.post(
        platform.url + "/api/token", json={"userId": platform.user_id, "password": platform.password}, timeout=10
    )
    assert answer.status_code == 200
    token = answer.text
    assert token and not token.startswith(("{", '"'))  # the token itself, not JSON
    status = requests.get(
        platform.url + BASE + "/status", headers={"Authorization": "Bearer " + token}, timeout=10
    ).json()
    assert status["exceptionErrorMessageId"] == "OMAG-MULTI-TENANT-404-001"  # accepted; the daemon just isn't running


def test_refresh_and_restart_all_and_one_integration_connector(running: DaemonEnv, raw: Raw) -> None:
    probe = running.probe
    # "Refresh All integration Connectors": no body, no Content-Type.
    _void(_post(raw, "/integration-connectors/refresh"))
    eventually(lambda: probe.count("refresh", EXAMPLE_NAME) == 2 and probe.count("refresh", "c2") == 2, "refresh all")
    # "Refresh Integration Connector": the example NameRequestBody, as written.
    named = {"class": "NameRequestBody", "name": EXAMPLE_NAME}
    _void(_post(raw, "/integration-connectors/refresh", json=named))
    eventually(lambda: probe.count("refresh", EXAMPLE_NAME) == 3, "refresh the named connector")
    assert probe.count("refresh", "c2") == 2
    # "Restart All integration Connectors" and "Restart Integration Connector".
    _void(_post(raw, "/integration-connectors/restart"))
    eventually(
        lambda: len(probe.instances(EXAMPLE_NAME)) == 2 and len(probe.instances("c2")) == 2, "restart both connectors"
    )
    _void(_post(raw, "/integration-connectors/restart", json=named))
    eventually(lambda: len(probe.instances(EXAMPLE_NAME)) == 3, "restart the named connector")
    assert len(probe.instances("c2")) == 2


def test_get_integration_daemon_status(running: DaemonEnv, raw: Raw) -> None:
    body = _get(raw, "/status")
    assert (body["class"], body["relatedHTTPCode"]) == ("IntegrationDaemonStatusResponse", 200)
    status = body["integrationDaemonStatus"]
    # 6.x has no integrationServiceSummaries (research extras §2.4).
    assert set(status) == {"integrationGroupSummaries", "integrationConnectorReports"}
    assert sorted(r["connectorName"] for r in status["integrationConnectorReports"]) == sorted([EXAMPLE_NAME, "c2"])
    (summary,) = status["integrationGroupSummaries"]
    assert (summary["integrationGroupName"], summary["integrationGroupStatus"]) == (GROUP, "RUNNING")


def test_validate_connector_with_the_examples_class_names_is_a_class_not_found(running: DaemonEnv, raw: Raw) -> None:
    # "Validate Connector" (its placeholder value as written) and "Validate Connector example" (a Java provider).
    java = "org.odpi.openmetadata.adapters.connectors.integration.basicfiles.DataFilesMonitorIntegrationProvider"
    for name in ("className", java):
        body = _get(raw, "/validate-connector/" + name)
        assert body["class"] == "ConnectorReportResponse"
        _refused(body, "OMAG-COMMON-400-016", PROPERTY_SERVER, parameter=None)
        assert body["exceptionCausedBy"] == CLASS_NOT_FOUND
        assert body["actionDescription"] == "validateConnector"
        assert body["exceptionErrorMessageParameters"] == [CLASS_NOT_FOUND, "validateConnector", name]
        assert "connectorReport" not in body
        assert "register_connector" in body["exceptionUserAction"]


def test_validate_connector_reports_a_connector_the_daemon_can_run(running: DaemonEnv, raw: Raw) -> None:
    DEFAULT_REGISTRY.register(DOCUMENTED, DocumentedConnector)
    try:
        body = _get(raw, "/validate-connector/" + DOCUMENTED)
    finally:
        DEFAULT_REGISTRY.unregister(DOCUMENTED)
    assert (body["class"], body["relatedHTTPCode"]) == ("ConnectorReportResponse", 200), body
    report = body["connectorReport"]
    assert "class" not in report  # ConnectorReport has no type id of its own
    connector_type = report["connectorType"]
    assert connector_type["class"] == "ConnectorType"
    assert connector_type["connectorProviderClassName"] == DOCUMENTED
    assert connector_type["displayName"] == "DocumentedConnector"
    assert connector_type["description"] == "Reads tickets from a help desk."
    assert connector_type["connectorInterfaceLanguage"] == "Python"
    assert connector_type["connectorFrameworkName"] == "egeria_nb"
    assert connector_type["recognizedConfigurationProperties"] == ["queue", "batch"]
    # Java primitives: always there.
    assert (report["refreshTimeInterval"], report["usesBlockingCalls"]) == (0, True)
    assert report["supportedConfigurationProperties"] == [
        {
            "class": "ConfigurationPropertyType",
            "name": "queue",
            "description": "the help-desk queue to read, or every queue",
            "required": False,
        },
        {
            "class": "ConfigurationPropertyType",
            "name": "batch",
            "description": "how many tickets to read per call, at most; more are read on the next refresh",
            "required": False,
        },
    ]
    assert ConnectorReportResponse.model_validate(body).connector_report is not None

    # A built-in connector, and one that declares no properties (so the list is left out).
    files = _get(raw, "/validate-connector/egeria_nb.connectors.files.FolderCataloguer")["connectorReport"]
    assert [p["name"] for p in files["supportedConfigurationProperties"]] == ["recursive", "include", "exclude", "hash"]
    assert files["usesBlockingCalls"] is False
    sqlite = _get(raw, "/validate-connector/egeria_nb.connectors.sqlite.SQLiteCataloguer")["connectorReport"]
    assert "supportedConfigurationProperties" not in sqlite
    assert sqlite["connectorType"]["displayName"] == "SQLiteCataloguer"

    # The same call from Python, through the remote daemon client.
    remote = enb.RemoteIntegrationDaemon(running.platform, SERVER)
    report_model = remote.validate_connector("egeria_nb.connectors.csv.CSVSchemaCataloguer")
    assert report_model.connector_type is not None
    assert report_model.connector_type.display_name == "CSVSchemaCataloguer"
    with pytest.raises(enb.EgeriaError) as info:
        remote.validate_connector("className")
    assert info.value.message_id == "OMAG-COMMON-400-016"


def test_validate_connector_refuses_a_provider_that_is_not_an_integration_connector(
    running: DaemonEnv, raw: Raw, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An installed package declaring, in egeria_nb's entry-point group, something that is not a connector.
    dist = tmp_path / "not_a_connector-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: not-a-connector\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{NOT_A_CONNECTOR} = json:JSONDecoder\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    body = _get(raw, "/validate-connector/" + NOT_A_CONNECTOR)
    assert body["class"] == "ConnectorReportResponse"
    _refused(body, "OMAG-MULTI-TENANT-400-004", INVALID_PARAMETER, parameter=NOT_A_CONNECTOR)
    assert body["exceptionErrorMessageParameters"] == [
        NOT_A_CONNECTOR,
        "egeria_nb.IntegrationConnector",
        "Integration Daemon Services",
    ]
    assert "connectorReport" not in body


def test_validate_connector_needs_the_daemon_running(hosted: DaemonEnv, raw: Raw) -> None:
    body = _get(raw, "/validate-connector/egeria_nb.connectors.files.FolderCataloguer")
    assert body["relatedHTTPCode"] == 404
    assert body["exceptionErrorMessageId"] == "OMAG-MULTI-TENANT-404-001"


# -- Egeria-api-runtime-manager.http: the integration-daemon calls, on the daemon's own paths ------------------


def test_runtime_manager_paths_are_not_served_here(running: DaemonEnv, raw: Raw) -> None:
    path = f"/servers/qs-view-server/api/open-metadata/runtime-manager/integration-daemons/{'x' * 8}/status"
    answer = raw("GET", path)
    assert answer.status_code == 404
    assert answer.json()["exceptionErrorMessageId"] == "EGERIA-NB-404-001"


def test_get_and_update_configuration_properties_with_the_examples_body(running: DaemonEnv, raw: Raw) -> None:
    probe = running.probe
    path = f"/integration-connectors/{quote(EXAMPLE_NAME)}/configuration-properties"
    body = _get(raw, path)
    assert (body["class"], body["relatedHTTPCode"], body["properties"]) == ("PropertiesResponse", 200, {"a": 1})

    update = {
        "class": "ConnectorConfigPropertiesRequestBody",
        "connectorName": EXAMPLE_NAME,
        "mergeUpdate": False,
        "configurationProperties": {"propertyName1": "propertyValue1", "propertyName2": "propertyValue2"},
    }
    _void(_post(raw, "/integration-connectors/configuration-properties", json=update))
    eventually(lambda: len(probe.instances(EXAMPLE_NAME)) == 2, "a restart with the new properties")
    assert _get(raw, path)["properties"] == update["configurationProperties"]  # replaced, not merged
    assert _get(raw, "/integration-connectors/c2/configuration-properties")["properties"] == {"b": 2}
    assert len(probe.instances("c2")) == 1


def test_update_endpoint_network_address_and_connection_with_the_examples_bodies(running: DaemonEnv, raw: Raw) -> None:
    probe = running.probe
    named = quote(EXAMPLE_NAME)
    body = {"class": "StringRequestBody", "string": "add new address here"}
    _void(_post(raw, f"/integration-connectors/{named}/endpoint-network-address", json=body))
    eventually(lambda: len(probe.instances(EXAMPLE_NAME)) == 2, "a restart with the new endpoint")
    wait_for_reports(raw, **{EXAMPLE_NAME: "WAITING"})
    assert reports(raw)[EXAMPLE_NAME]["connection"]["endpoint"]["networkAddress"] == "add new address here"

    # The example's connection names no connector type: accepted, and the restarted connector cannot be
    # created, as in Egeria (CONFIG_FAILED, until another connection or a restart from a good definition).
    _void(_post(raw, f"/integration-connectors/{named}/connection", json={"class": "Connection"}))
    found = wait_for_reports(raw, **{EXAMPLE_NAME: "CONFIG_FAILED"})
    assert "connectorProviderClassName is empty" in found[EXAMPLE_NAME]["failingExceptionMessage"]
    assert found["c2"]["connectorStatus"] == "WAITING"


def test_refresh_connectors_and_group_config_with_the_examples_placeholder_names(running: DaemonEnv, raw: Raw) -> None:
    # The examples' placeholder names are names this daemon does not have: Egeria's refusals, naming the parameter.
    body = _post(
        raw, "/integration-connectors/refresh", json={"class": "NameRequestBody", "name": "add optional name here"}
    )
    _refused(body, "INTEGRATION-DAEMON-SERVICES-400-031", INVALID_PARAMETER, parameter="connectorName")
    body = _get(raw, f"/integration-groups/{quote('add name here')}/refresh-config")
    _refused(body, "INTEGRATION-DAEMON-SERVICES-400-034", INVALID_PARAMETER, parameter="integrationGroupName")
    # And with the real group's name it re-reads the group and refreshes its connectors.
    _void(_get(raw, f"/integration-groups/{quote(GROUP, safe='')}/refresh-config"))
    probe = running.probe
    eventually(lambda: probe.count("refresh", EXAMPLE_NAME) == 2 and probe.count("refresh", "c2") == 2, "a refresh")


def test_publish_open_lineage_event(running: DaemonEnv, raw: Raw) -> None:
    # The example's body, "{}": a JSON object with nothing in it.
    _void(_post(raw, "/publish-open-lineage-event", data="{\n}", headers={"Content-Type": "application/json"}))
    # A real run event, sent as text.
    _void(_post(raw, "/publish-open-lineage-event", data=json.dumps(RUN_EVENT), headers={"Content-Type": "text/plain"}))
    # Text that is not an event is accepted too (Egeria only logs that it could not parse it).
    _void(_post(raw, "/publish-open-lineage-event", data="not an event"))
    # From Python, through the remote daemon client.
    enb.RemoteIntegrationDaemon(running.platform, SERVER).publish_open_lineage_event(
        {**RUN_EVENT, "eventType": "START"}
    )

    lines = [m for m in _history(running) if m.startswith("OpenLineage")]
    assert lines == [
        "OpenLineage event received",
        "OpenLineage COMPLETE event received for job 'airflow://coco/weekly_measurements.load' "
        "(run 0190c6d5-6b2e-7c8f-9a8b-2c3d4e5f6a7b)",
        "OpenLineage event received that could not be parsed (JSONDecodeError: Expecting value: line 1 column 1 "
        "(char 0)): 'not an event'",
        "OpenLineage START event received for job 'airflow://coco/weekly_measurements.load' "
        "(run 0190c6d5-6b2e-7c8f-9a8b-2c3d4e5f6a7b)",
    ]
    # The event is a required body; no connector was disturbed by any of it.
    answer = raw("POST", BASE + "/publish-open-lineage-event")
    assert answer.status_code == 400
    assert answer.json()["exceptionErrorMessageId"] == "EGERIA-NB-400-013"
    assert daemon_status(raw)["integrationConnectorReports"][0]["connectorStatus"] == "WAITING"


def test_operations_of_another_release_line_are_not_on_its_paths(running: DaemonEnv, raw: Raw) -> None:
    # 5.4 took OpenLineage events at /api/v1/lineage (under /users/{userId}); 6.x paths do not have it.
    answer = raw("POST", BASE + "/api/v1/lineage", data="{}")
    assert answer.status_code == 404
    assert answer.json()["exceptionErrorMessageId"] == "EGERIA-NB-404-001"


def test_the_4x_5x_paths_answer_as_those_lines_did(tmp_path: Path) -> None:
    with enb.start_embedded(tmp_path / "legacy", legacy_api=True) as platform:
        enb.create_group_definition(platform, MD, GROUP)
        enb.create_connector_definition(platform, MD, "t1", "egeria_nb.connectors.training.TrainingConnector")
        enb.register_integration_connector(platform, MD, GROUP, "t1", "t1")
        enb.configure_integration_group(
            platform,
            SERVER,
            enb.IntegrationGroupConfig(
                integration_group_qualified_name=GROUP, omag_server_name=MD, omag_server_platform_root_url=platform.url
            ),
        )
        enb.start_server(platform, SERVER)
        raw = Raw(platform)
        try:
            legacy = f"{BASE}/users/{platform.user_id}"

            def status() -> dict[str, Any] | None:
                body = raw("GET", legacy + "/status").json()
                found = body["integrationDaemonStatus"].get("integrationConnectorReports", [])
                return body if [r["connectorStatus"] for r in found] == ["WAITING"] else None

            body = eventually(status, "the training connector to wait")
            # 5.3 still declared integrationServiceSummaries, null (so left out) with no integration services.
            assert set(body["integrationDaemonStatus"]) == {"integrationGroupSummaries", "integrationConnectorReports"}
            _void(raw("POST", legacy + "/api/v1/lineage", data=json.dumps(RUN_EVENT)).json())
            for method, suffix in (("GET", "/validate-connector/className"), ("POST", "/publish-open-lineage-event")):
                answer = raw(method, legacy + suffix, data="{}")
                assert answer.status_code == 404, suffix
                assert answer.json()["exceptionErrorMessageId"] == "EGERIA-NB-404-001"
        finally:
            raw.close()
            enb.stop_server(platform, SERVER)


def test_the_in_kernel_daemon_validates_connectors_and_takes_events_the_same_way(env: DaemonEnv) -> None:
    env.group()
    daemon = env.started()
    report = daemon.validate_connector(PROVIDER)  # the test registry's class, as this daemon would run it
    assert report.connector_type is not None
    assert (report.connector_type.display_name, report.connector_type.connector_provider_class_name) == (
        "ProbeConnector",
        PROVIDER,
    )
    with pytest.raises(enb.PropertyServerError) as info:
        daemon.validate_connector("egeria_nb.connectors.files.FolderCataloguer.Nowhere")
    assert info.value.message_id == "OMAG-COMMON-400-016"
    assert "register_connector" in str(info.value)

    daemon.publish_open_lineage_event(RUN_EVENT)
    assert history_messages(daemon)[-1] == (
        "OpenLineage COMPLETE event received for job 'airflow://coco/weekly_measurements.load' "
        "(run 0190c6d5-6b2e-7c8f-9a8b-2c3d4e5f6a7b)"
    )
