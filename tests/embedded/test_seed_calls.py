"""The seed page's five calls, with raw HTTP at its exact paths and bodies, checked field by field (§1.3, §1.4)."""

from __future__ import annotations

import json
import re
import uuid

from tests.conftest import Raw, group

SERVER = "integration-daemon"
YAML_SECRETS = "org.odpi.openmetadata.adapters.connectors.secretsstore.yaml.YAMLSecretsStoreProvider"
FFDC_ERROR_FIELDS = {
    "exceptionClassName",
    "exceptionSubclassName",
    "actionDescription",
    "exceptionErrorMessage",
    "exceptionErrorMessageId",
    "exceptionErrorMessageParameters",
    "exceptionSystemAction",
    "exceptionUserAction",
}


def _is_void_success(body: dict) -> None:
    assert set(body) == {"class", "requestId", "relatedHTTPCode"}
    assert body["class"] == "VoidResponse"
    assert body["relatedHTTPCode"] == 200
    uuid.UUID(body["requestId"])


def test_configure_one_get_remove_one_remove_all(raw: Raw) -> None:
    # GET before anything exists: no "groups" property at all.
    r = raw.admin("GET", SERVER, "/integration-groups/configuration")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"class", "requestId", "relatedHTTPCode"}
    assert body["class"] == "IntegrationGroupsResponse"

    files = group("Egeria:IntegrationGroup:Files", url=raw.url)
    r = raw.admin("POST", SERVER, "/integration-groups/configuration", json=files)
    assert r.status_code == 200
    _is_void_success(r.json())

    r = raw.admin("GET", SERVER, "/integration-groups/configuration")
    body = r.json()
    assert body["class"] == "IntegrationGroupsResponse" and body["relatedHTTPCode"] == 200
    assert body["groups"] == [files]
    assert list(body["groups"][0]) == [
        "class",
        "omagserverPlatformRootURL",
        "omagserverName",
        "integrationGroupQualifiedName",
    ]

    r = raw.admin("DELETE", SERVER, "/integration-groups/Egeria:IntegrationGroup:Files")
    _is_void_success(r.json())
    body = raw.admin("GET", SERVER, "/integration-groups/configuration").json()
    assert "groups" not in body  # an empty list is reported like none (§1.3)
    # remove-last leaves [] in the document, not null (§1.4)
    doc = raw.admin("GET", SERVER, "/configuration").json()["omagserverConfig"]
    assert doc["dynamicIntegrationGroupsConfig"] == []

    raw.admin("POST", SERVER, "/integration-groups/configuration", json=files)
    r = raw.admin("DELETE", SERVER, "/integration-groups")
    _is_void_success(r.json())
    doc = raw.admin("GET", SERVER, "/configuration").json()["omagserverConfig"]
    assert "dynamicIntegrationGroupsConfig" not in doc  # clear-all writes null (§1.4)


def test_configure_all_replaces_the_list_in_order(raw: Raw) -> None:
    raw.admin("POST", SERVER, "/integration-groups/configuration", json=group("old"))
    groups = [group("Egeria:IntegrationGroup:Default"), group("Egeria:IntegrationGroup:Database")]
    r = raw.admin("POST", SERVER, "/integration-groups/configuration/all", json=groups)
    _is_void_success(r.json())
    assert raw.admin("GET", SERVER, "/integration-groups/configuration").json()["groups"] == groups


def test_seed_configure_all_example_with_its_trailing_comma_is_a_clear_400(raw: Raw) -> None:
    seed_body = """[
  {
    "class": "IntegrationGroupConfig",
    "omagserverPlatformRootURL": "https://localhost:9443",
    "omagserverName": "mds1",
    "integrationGroupQualifiedName": "Egeria:IntegrationGroup:Default"
  },
  {
    "class": "IntegrationGroupConfig",
    "omagserverPlatformRootURL": "https://localhost:9443",
    "omagserverName": "mds1",
    "integrationGroupQualifiedName": "Egeria:IntegrationGroup:Files"
  },
]"""
    r = raw.admin(
        "POST",
        SERVER,
        "/integration-groups/configuration/all",
        data=seed_body,
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400
    body = r.json()
    assert set(body) >= FFDC_ERROR_FIELDS
    assert body["relatedHTTPCode"] == 400
    assert body["exceptionClassName"] == "com.fasterxml.jackson.core.JsonParseException"
    # The place of the stray comma, as this Python's json parser reports it (3.13 names the comma itself).
    assert re.search(r"line 1[34] column", body["exceptionErrorMessage"]), body["exceptionErrorMessage"]
    assert "trailing comma" in body["exceptionUserAction"]
    # nothing stored
    assert "groups" not in raw.admin("GET", SERVER, "/integration-groups/configuration").json()
    # and without the comma the same body is accepted
    fixed = seed_body.replace("},\n]", "}\n]")
    assert (
        raw.admin(
            "POST",
            SERVER,
            "/integration-groups/configuration/all",
            data=fixed,
            headers={"Content-Type": "application/json"},
        ).json()["relatedHTTPCode"]
        == 200
    )
    assert len(raw.admin("GET", SERVER, "/integration-groups/configuration").json()["groups"]) == 2


def test_upsert_moves_the_group_to_the_end(raw: Raw) -> None:
    for name in ("a", "b", "c"):
        raw.admin("POST", SERVER, "/integration-groups/configuration", json=group(name))
    raw.admin("POST", SERVER, "/integration-groups/configuration", json=group("a", server="mds2"))
    groups = raw.admin("GET", SERVER, "/integration-groups/configuration").json()["groups"]
    assert [g["integrationGroupQualifiedName"] for g in groups] == ["b", "c", "a"]
    assert groups[-1]["omagserverName"] == "mds2"


def test_removing_an_absent_group_succeeds_and_changes_nothing(raw: Raw) -> None:
    raw.admin("POST", SERVER, "/integration-groups/configuration", json=group("a"))
    r = raw.admin("DELETE", SERVER, "/integration-groups/not-there")
    _is_void_success(r.json())
    assert [
        g["integrationGroupQualifiedName"]
        for g in raw.admin("GET", SERVER, "/integration-groups/configuration").json()["groups"]
    ] == ["a"]


def test_unknown_server_gets_a_document_on_first_update(raw: Raw, platform) -> None:
    assert not (platform.data_dir / "servers" / "brand-new.json").exists()
    raw.admin("POST", "brand-new", "/integration-groups/configuration", json=group("g"))
    stored = json.loads((platform.data_dir / "servers" / "brand-new.json").read_text())
    assert stored["class"] == "OMAGServerConfig"
    assert stored["versionId"] == "V6.0"
    assert stored["localServerName"] == "brand-new"
    assert stored["dynamicIntegrationGroupsConfig"][0]["integrationGroupQualifiedName"] == "g"
    # every update adds the default audit log and an audit-trail line (§1.4)
    assert stored["repositoryServicesConfig"]["auditLogConnections"][0]["qualifiedName"] == "Console- default"
    assert stored["auditTrail"][-1].endswith(f"{platform.user_id} updated configuration for integration group g.")


def test_real_6x_config_document_round_trips_unchanged(raw: Raw) -> None:
    # Shaped like the quickstart daemon's document: placeholders, secrets-store fields, unknown sections.
    document = {
        "class": "OMAGServerConfig",
        "versionId": "V6.0",
        "localServerId": "4f1a0e8e-9d64-4f5c-9a6e-1c2d3e4f5a6b",
        "localServerName": "qs-integration-daemon",
        "localServerType": "Integration Daemon",
        "organizationName": "Coco",
        "localServerURL": "~{egeriaEndpoint}~",
        "localServerUserId": "qs-integration-daemonnpa",
        "secretsStoreProvider": YAML_SECRETS,
        "secretsStoreLocation": "loading-bay/secrets/default.omsecrets",
        "secretsStoreCollection": "qs-integration-daemon",
        "maxPageSize": 600,
        "eventBusConfig": {
            "class": "EventBusConfig",
            "topicURLRoot": "egeria.omag",
            "configurationProperties": {"producer": {"bootstrap.servers": "~{kafkaEndpoint}~"}},
        },
        "dynamicIntegrationGroupsConfig": [
            {
                "class": "IntegrationGroupConfig",
                "omagserverPlatformRootURL": "~{egeriaEndpoint}~",
                "omagserverName": "qs-metadata-store",
                "integrationGroupQualifiedName": "Egeria:IntegrationGroup:Default",
                "secretsStoreProvider": YAML_SECRETS,
                "secretsStoreLocation": "loading-bay/secrets/default.omsecrets",
                "secretsStoreCollection": "qs-integration-daemon",
            },
            {
                "class": "IntegrationGroupConfig",
                "omagserverPlatformRootURL": "~{egeriaEndpoint}~",
                "omagserverName": "qs-metadata-store",
                "integrationGroupQualifiedName": "Egeria:IntegrationGroup:Database",
                "secretsStoreProvider": YAML_SECRETS,
                "secretsStoreLocation": "loading-bay/secrets/default.omsecrets",
                "secretsStoreCollection": "qs-integration-daemon",
            },
        ],
        "repositoryServicesConfig": {
            "class": "RepositoryServicesConfig",
            "auditLogConnections": [
                {
                    "class": "Connection",
                    "headerVersion": 0,
                    "qualifiedName": "Console- default",
                    "connectorType": {
                        "class": "ConnectorType",
                        "connectorProviderClassName": "x.ConsoleProvider",
                    },
                }
            ],
        },
        "someFutureSection": {"nested": [1, 2, {"deep": None}]},
        "auditTrail": ["Mon Aug 11 10:00:00 UTC 2026 garygeeke updated configuration for maximum page size to 600."],
    }
    r = raw.admin("POST", "qs-integration-daemon", "/configuration", json=document)
    assert r.json()["relatedHTTPCode"] == 200
    back = raw.admin("GET", "qs-integration-daemon", "/configuration").json()["omagserverConfig"]
    assert back == document
    assert list(back) == list(document)  # key order kept, too
    groups = raw.admin("GET", "qs-integration-daemon", "/integration-groups/configuration").json()["groups"]
    assert groups == document["dynamicIntegrationGroupsConfig"]
