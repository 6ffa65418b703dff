"""Egeria's own example requests for the admin services, sent to the embedded platform.

The requests are those of Egeria's ``Egeria-admin-services-server-configuration.http`` and the
integration-daemon part of ``BuildDefaultConfigs.http``, with the paths, query strings and bodies as
those files send them (their ``{{...}}`` variables filled in with the values their environment file
gives). Requests the embedded platform serves are checked against Egeria's answers: class,
relatedHTTPCode, and the configuration document that results. Requests for parts of a server the
embedded platform does not run are answered with its clear refusal (``EGERIA-NB-501-001``) and change
nothing; paths Egeria itself no longer serves are unknown here too.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

import egeria_nb as enb
import egeria_nb.admin
from tests.conftest import Raw

EXAMPLE_SERVER = "active-metadata-store"  # the file's @server
SERVER = "example-server"  # a fresh server for the requests that change a document
DAEMON = "integration-daemon"
OMAG_CONFIGURATION_ERROR = "org.odpi.openmetadata.adminservices.ffdc.exception.OMAGConfigurationErrorException"
PROPERTY_SERVER = "org.odpi.openmetadata.frameworks.openmetadata.ffdc.PropertyServerException"
INVALID_PARAMETER = "org.odpi.openmetadata.frameworks.openmetadata.ffdc.InvalidParameterException"
CONFIG_DOCUMENT = "org.odpi.openmetadata.adminservices.configuration.properties.OMAGServerConfig"
YAML_SECRETS = "org.odpi.openmetadata.adapters.connectors.secretsstore.yaml.YAMLSecretsStoreProvider"
SEVERITIES = ["Error", "Exception", "Activity", "Action", "Decision", "Security", "Cohort"]
# BuildDefaultConfigs' server-properties request for the integration daemon, as it sends it.
DAEMON_PROPERTIES = {
    "class": "ServerPropertiesRequestBody",
    "localServerDescription": "A server that runs integration connectors that synchronize and exchange metadata "
    "with different types of technologies and tools.",
    "organizationName": "~{organizationName}~",
    "localServerURL": "~{egeriaEndpoint}~",
    "localServerUserId": "daemonnpa",
    "secretsStoreProvider": "~{secretsStoreProvider}~",
    "secretsStoreLocation": "~{egeriaServersSecretsStore}~",
    "secretsStoreCollection": "~{egeriaServersSecretsCollection}~",
    "maxPageSize": 1000,
}
# The eleven integration groups BuildDefaultConfigs gives the daemon.
GROUP_NAMES = [
    "Default",
    "Files",
    "OpenLineage",
    "Egeria",
    "ApacheAtlas",
    "ApacheKafka",
    "OpenAPIs",
    "OpenMetadataObservability",
    "PostgreSQL",
    "UnityCatalog",
    "Jacquard",
]
SECURITY_CONNECTION = {
    "class": "VirtualConnection",
    "connectorType": {
        "class": "ConnectorType",
        "connectorProviderClassName": "org.odpi.openmetadata.metadatasecurity.accessconnector."
        "OpenMetadataAccessSecurityProvider",
    },
    "embeddedConnections": [
        {
            "class": "EmbeddedConnection",
            "embeddedConnection": {
                "class": "Connection",
                "connectorType": {"class": "ConnectorType", "connectorProviderClassName": YAML_SECRETS},
                "endpoint": {"class": "Endpoint", "networkAddress": "~{userDirectorySecretsStore}~"},
                "configurationProperties": {"secretsCollectionName": "~{userDirectorySecretsCollectionName}~"},
            },
        }
    ],
}
EVENT_BUS = {
    "producer": {"bootstrap.servers": "~{kafkaEndpoint}~"},
    "consumer": {"bootstrap.servers": "~{kafkaEndpoint}~"},
}


def _group(name: str) -> dict[str, Any]:
    return {
        "class": "IntegrationGroupConfig",
        "omagserverPlatformRootURL": "~{egeriaEndpoint}~",
        "omagserverName": "active-metadata-store",
        "secretsStoreProvider": "~{secretsStoreProvider}~",
        "secretsStoreLocation": "~{egeriaServersSecretsStore}~",
        "secretsStoreCollection": "~{egeriaServersSecretsCollection}~",
        "integrationGroupQualifiedName": "Egeria:IntegrationGroup:" + name,
    }


def _answer(response: requests.Response, response_class: str = "VoidResponse") -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["class"], body["relatedHTTPCode"]) == (response_class, 200), body
    assert "exceptionErrorMessageId" not in body
    return body


def _document(raw: Raw, server: str) -> dict[str, Any]:
    return _answer(raw.admin("GET", server, "/configuration"), "OMAGServerConfigResponse")["omagserverConfig"]


def _stored(platform: enb.EmbeddedPlatform, server: str) -> bool:
    return (platform.data_dir / "servers" / f"{server}.json").exists()


def _is_empty_configuration(body: dict[str, Any], server: str) -> None:
    """Egeria's answer for classifying a document with no services (research extras §3.4), field by field."""
    assert body["class"] == "ServerClassificationResponse"
    assert body["relatedHTTPCode"] == 400
    assert body["exceptionClassName"] == body["exceptionSubclassName"] == OMAG_CONFIGURATION_ERROR
    assert body["actionDescription"] == "getServerType"
    assert body["exceptionErrorMessageId"] == "OMAG-ADMIN-400-019"
    assert body["exceptionErrorMessage"].startswith("OMAG-ADMIN-400-019 ") and server in body["exceptionErrorMessage"]
    assert body["exceptionErrorMessageParameters"] == [server]
    assert body["exceptionSystemAction"] and body["exceptionUserAction"]
    assert body["exceptionProperties"] == {"parameterName": CONFIG_DOCUMENT}
    assert "serverTypeClassification" not in body


def _classification(raw: Raw, server: str) -> dict[str, Any]:
    return raw.admin("GET", server, "/server-type-classification").json()


# -- Egeria-admin-services-server-configuration.http ---------------------------------------------------------


def test_get_the_configuration_document_and_classification_of_the_examples_server(raw: Raw) -> None:
    document = _document(raw, EXAMPLE_SERVER)
    assert document["class"] == "OMAGServerConfig"
    assert document["localServerName"] == EXAMPLE_SERVER
    body = _answer(raw.admin("GET", EXAMPLE_SERVER, "/server-type-classification"), "ServerClassificationResponse")
    assert body["serverTypeClassification"]["serverTypeName"] == "Metadata Access Store"


def test_basic_configuration_for_all_types_of_server(platform: enb.EmbeddedPlatform, raw: Raw) -> None:
    # The file's environment values: organization_name=myOrg, server-user=myserverUserId, max_page_size=100.
    _answer(raw.admin("POST", SERVER, "/organization-name?name=myOrg"))
    _answer(raw.admin("POST", SERVER, "/server-user-id?id=myserverUserId"))
    _answer(raw.admin("POST", SERVER, "/max-page-size?limit=100"))
    document = _document(raw, SERVER)
    assert (document["organizationName"], document["localServerUserId"], document["maxPageSize"]) == (
        "myOrg",
        "myserverUserId",
        100,
    )
    assert document["localServerName"] == SERVER and document["versionId"] == "V6.0"
    # Egeria's basic setters add no audit-log destination, so the document still configures no services.
    assert "repositoryServicesConfig" not in document
    assert [line.split(f" {platform.user_id} ", 1)[1] for line in document["auditTrail"]] == [
        "updated configuration for organization name to myOrg.",
        "updated configuration for local server's userId to myserverUserId.",
        "updated configuration for maximum page size to 100.",
    ]
    _is_empty_configuration(_classification(raw, SERVER), SERVER)

    # "Set default audit log destination" (no body) and "Set local server URL root" (its URLRequestBody).
    _answer(raw.admin("POST", SERVER, "/audit-log-destinations/default"))
    body = {"class": "URLRequestBody", "urlRoot": "~{egeriaEndpoint}~"}
    _answer(raw.admin("POST", SERVER, "/server-url-root-for-caller", json=body))
    document = _document(raw, SERVER)
    assert document["localServerURL"] == "~{egeriaEndpoint}~"
    (console,) = document["repositoryServicesConfig"]["auditLogConnections"]
    assert console["qualifiedName"] == "Console- default"
    _is_empty_configuration(_classification(raw, SERVER), SERVER)  # an audit log is not a service

    # "Enable the in-memory repository": a metadata access store (its repository is the platform's store).
    _answer(raw.admin("POST", SERVER, "/local-repository/mode/in-memory-repository"))
    classified = _answer(raw.admin("GET", SERVER, "/server-type-classification"), "ServerClassificationResponse")
    assert classified["serverTypeClassification"]["serverTypeName"] == "Metadata Access Store"

    # "Delete server configuration document": afterwards the server reads as new, and classifies as empty.
    _answer(raw.admin("DELETE", SERVER, "/configuration"))
    assert not _stored(platform, SERVER)
    assert "organizationName" not in _document(raw, SERVER)
    _is_empty_configuration(_classification(raw, SERVER), SERVER)


def test_server_type_classification_of_an_unknown_server(platform: enb.EmbeddedPlatform, raw: Raw) -> None:
    # Egeria classifies the fresh default document it would create, and stores nothing.
    _is_empty_configuration(_classification(raw, "never-configured"), "never-configured")
    assert not _stored(platform, "never-configured")


def test_set_configuration_document_with_the_examples_body_is_refused(platform: enb.EmbeddedPlatform, raw: Raw) -> None:
    # The example posts an OMAGServerConfigResponse (the document wrapped in a response), which Egeria's
    # Jackson cannot read as an OMAGServerConfig: refused before anything is stored.
    body = {
        "class": "OMAGServerConfigResponse",
        "relatedHTTPCode": 200,
        "omagserverConfig": {
            "class": "OMAGServerConfig",
            "versionId": "V2.0",
            "localServerId": "1083dba3-bbf8-44f0-a16f-ff842a9a03f0",
            "localServerName": SERVER,
            "localServerType": "Open Metadata and Governance Server",
            "localServerURL": "https://localhost:7443",
            "localServerUserId": "OMAGServer",
            "maxPageSize": 1000,
        },
    }
    answer = raw.admin("POST", SERVER, "/configuration", json=body)
    assert answer.status_code == 400
    refused = answer.json()
    assert refused["exceptionErrorMessageId"] == "EGERIA-NB-400-012"
    assert refused["exceptionClassName"] == "com.fasterxml.jackson.databind.exc.InvalidTypeIdException"
    assert "'OMAGServerConfigResponse'" in refused["exceptionErrorMessage"]
    assert not _stored(platform, SERVER)


# Requests of the file for what the embedded platform does not run: (method, path suffix, body, Egeria's operation).
NOT_SERVED = [
    (
        "POST",
        "/configuration/deploy",
        {"class": "URLRequestBody", "urlRoot": "https://localhost:7443"},
        "deployOMAGServerConfig",
    ),
    ("GET", "/security/connection", None, "getServerSecurityConnection"),
    ("POST", "/security/connection", SECURITY_CONNECTION, "setServerSecurityConnection"),
    ("DELETE", "/security/connection", None, "clearServerSecurityConnection"),
    ("GET", "/audit-log-destinations", None, "getAuditLogDestinations"),
    ("POST", "/audit-log-destinations/files", [], "addFileAuditLogDestination"),
    (
        "POST",
        "/audit-log-destinations/event-topic?topicName=egeria.omag.server.ffdc.audit-logs",
        SEVERITIES,
        "addEventTopicAuditLogDestination",
    ),
    (
        "POST",
        "/audit-log-destinations/postgres",
        {
            "supportedSeverities": SEVERITIES,
            "databaseURL": "~{repositoryDatabaseURL}~?currentSchema=audit_logs",
            "databaseSchema": "audit_logs",
            "secretsStore": "~{egeriaServersSecretsStore}~",
            "secretsCollectionName": "~{repositorySecretCollectionName}~",
        },
        "addPostgreSQLDatabaseAuditLogDestination",
    ),
    ("POST", "/audit-log-destinations/event-topic", [], "addEventTopicAuditLogDestination"),
    ("POST", "/audit-log-destinations/console", [], "addConsoleAuditLogDestination"),
    ("POST", "/audit-log-destinations/connection", None, "addAuditLogDestination"),
    ("DELETE", "/audit-log-destinations", None, "clearAuditLogDestinations"),
    (
        "POST",
        "/event-bus",
        {"producer": {"bootstrap.servers": "~{kafkaep}~"}, "consumer": {"bootstrap.servers": "~{kafkaep}~"}},
        "setEventBus",
    ),
    ("GET", "/event-bus", None, "getEventBus"),
    ("DELETE", "/event-bus", None, "deleteEventBus"),
    ("POST", "/local-repository/mode/read-only-repository", None, "setReadOnlyLocalRepository"),
    (
        "POST",
        "/local-repository/mode/postgres-repository",
        {
            "databaseURL": "~{repositoryDatabaseURL}~",
            "databaseSchema": "repository_example-server",
            "secretsStore": "~{secretsStore}~",
            "secretsCollectionName": "~{postgreSQLServerCollectionName}~",
        },
        "setPostgresLocalRepository",
    ),
    ("GET", "/local-repository/metadata-collection-id", None, "getLocalMetadataCollectionId"),
    ("POST", "/local-repository/metadata-collection-name/cocoMDS1", None, "setLocalMetadataCollectionName"),
    ("POST", "/local-repository/metadata-collection-id", "New metadata collection id", "setLocalMetadataCollectionId"),
    ("DELETE", "/local-repository", None, "setNoRepositoryMode"),
    (
        "POST",
        "/local-repository/configuration/remote-repository-connector-url",
        {"class": "URLRequestBody", "urlRoot": "https://localhost:7443/servers/example-server"},
        "resetRemoteCohortURL",
    ),
    (
        "POST",
        "/open-metadata-archives/file",
        "content-packs/CoreContentPack.omarchive",
        "addStartUpOpenMetadataArchiveFile",
    ),
    ("DELETE", "/open-metadata-archives", None, "clearOpenMetadataArchives"),
    ("GET", "/access-services", None, "getConfiguredAccessServices"),
    ("GET", "/access-services/configuration", None, "getAccessServicesConfiguration"),
    ("GET", "/access-services/open-metadata-store", None, "getAccessServiceConfig"),
    ("POST", "/access-services", None, "configureAllAccessServices"),
    ("POST", "/access-services/no-topics", None, "configureAllAccessServicesNoTopics"),
    ("POST", "/access-services/configuration", None, "setAccessServicesConfig"),
    (
        "POST",
        "/access-services/open-metadata-store/topic-names/out-topic",
        "cp.new.outtopic",
        "overrideAccessServiceOutTopicName",
    ),
    ("GET", "/access-services/topic-names", None, "getAllAccessServiceTopicNames"),
    ("GET", "/access-services/open-metadata-store/topic-names", None, "getAccessServiceTopicNames"),
    ("DELETE", "/access-services", None, "clearAllAccessServices"),
    ("DELETE", "/access-services/open-metadata-store", None, "clearAccessService"),
    (
        "POST",
        "/local-repository/mode/repository-proxy/details?connectorProvider="
        "org.odpi.openmetadata.adapters.igc.repositoryconnector.IGCOMRSRepositoryConnectorProvider",
        None,
        "setRepositoryProxyConnection",
    ),
    (
        "POST",
        "/local-repository/event-mapper-details?connectorProvider="
        "org.odpi.openmetadata.adapters.igc.eventmapper.IGCEventMapperProvider&eventSource=infosphereEvent",
        None,
        "setRepositoryProxyEventMapper",
    ),
    ("POST", "/cohorts/cocoCohort", None, "addCohortRegistration"),
    ("GET", "/cohorts/cocoCohort", None, "getCohortConfig"),
    (
        "POST",
        "/cohorts/cocoCohort/topic-name-override/registration",
        "cp.cohort.cocoCohort.registration",
        "overrideRegistrationCohortTopicName",
    ),
    (
        "POST",
        "/cohorts/cocoCohort/topic-name-override/types",
        "cp.cohort.cocoCohort.types",
        "overrideTypesCohortTopicName",
    ),
    (
        "POST",
        "/cohorts/cocoCohort/topic-name-override/instances",
        "cp.cohort.cocoCohort.instances",
        "overrideInstancesCohortTopicName",
    ),
    ("DELETE", "/cohorts/cocoCohort", None, "clearCohortConfig"),
    ("GET", "/view-services", None, "getConfiguredViewServices"),
]
# Requests of the file whose paths Egeria's own admin services no longer have (its resources at the same commit).
GONE_FROM_EGERIA = [
    ("POST", "/cohorts/cocoCohort/topic-structure/DEDICATED_TOPICS"),
    ("POST", "/cohorts/cocoCohort/topic-name-override"),
    ("GET", "/cohorts/cocoCohort/topic-name"),
    ("GET", "/cohorts/cocoCohort/dedicated-topic-names"),
    ("GET", "/engine-services"),
]


def _send(raw: Raw, method: str, server: str, suffix: str, body: object) -> requests.Response:
    if isinstance(body, str):
        return raw.admin(method, server, suffix, data=body, headers={"Content-Type": "text/plain"})
    return raw.admin(method, server, suffix, json=body) if body is not None else raw.admin(method, server, suffix)


def test_requests_for_what_the_platform_does_not_run_are_refused_clearly_and_change_nothing(raw: Raw) -> None:
    _answer(raw.admin("POST", SERVER, "/organization-name?name=myOrg"))
    before = _document(raw, SERVER)
    for method, suffix, body, action in NOT_SERVED:
        answer = _send(raw, method, SERVER, suffix, body)
        assert answer.status_code == 200, (suffix, answer.text)
        refused = answer.json()
        assert refused["relatedHTTPCode"] == 501, (suffix, refused)
        assert refused["exceptionErrorMessageId"] == "EGERIA-NB-501-001"
        assert refused["exceptionClassName"] == PROPERTY_SERVER
        assert refused["actionDescription"] == action, suffix
        assert f"{method} /open-metadata/admin-services/servers/{SERVER}/" in refused["exceptionErrorMessage"]
        assert "real Egeria" in refused["exceptionUserAction"]
    for method, suffix in GONE_FROM_EGERIA:
        answer = raw.admin(method, SERVER, suffix, data="cp.cohort.cocoCohort.instances")
        assert answer.status_code == 404, suffix
        assert answer.json()["exceptionErrorMessageId"] == "EGERIA-NB-404-001"
    assert _document(raw, SERVER) == before


# -- BuildDefaultConfigs.http: integration-daemon -------------------------------------------------------------


def test_build_default_configs_for_the_integration_daemon(platform: enb.EmbeddedPlatform) -> None:
    # "Token (RequestBody)": the platform's token endpoint answers with the token as plain text.
    token = requests.post(
        platform.url + "/api/token", json={"userId": platform.user_id, "password": platform.password}, timeout=10
    )
    assert token.status_code == 200 and not token.text.startswith("{")
    raw = Raw(platform)
    try:
        _answer(raw.admin("POST", DAEMON, "/server-properties", json=DAEMON_PROPERTIES))
        _is_empty_configuration(_classification(raw, DAEMON), DAEMON)  # properties are not services

        # The event bus, the event-topic audit log and the security connector: not run by this platform.
        for suffix, body in (
            ("/event-bus", EVENT_BUS),
            ("/audit-log-destinations/event-topic?topicName=egeria.omag.server.default.ffdc.audit-logs", SEVERITIES),
            ("/security/connection", SECURITY_CONNECTION),
        ):
            refused = raw.admin("POST", DAEMON, suffix, json=body).json()
            assert (refused["relatedHTTPCode"], refused["exceptionErrorMessageId"]) == (501, "EGERIA-NB-501-001")

        groups = [_group(name) for name in GROUP_NAMES]
        _answer(raw.admin("POST", DAEMON, "/integration-groups/configuration/all", json=groups))
        classified = _answer(raw.admin("GET", DAEMON, "/server-type-classification"), "ServerClassificationResponse")
        assert classified["serverTypeClassification"]["serverTypeName"] == "Integration Daemon"

        document = _document(raw, DAEMON)
        expected = {k: v for k, v in DAEMON_PROPERTIES.items() if k != "class"}
        assert {k: document.get(k) for k in expected} == expected
        assert document["dynamicIntegrationGroupsConfig"] == groups  # as sent, secrets-store fields included
        assert document["repositoryServicesConfig"]["auditLogConnections"][0]["qualifiedName"] == "Console- default"
        assert "eventBusConfig" not in document and "serverSecurityConnection" not in document
        assert [line.split(f" {platform.user_id} ", 1)[1] for line in document["auditTrail"]] == [
            "updated configuration for local server's owning organization's name to ~{organizationName}~.",
            "updated configuration for local server's description to "
            + DAEMON_PROPERTIES["localServerDescription"]
            + ".",
            "updated configuration for local server's userId to daemonnpa.",
            "updated configuration for local server's URL root to ~{egeriaEndpoint}~.",
            "updated configuration for maximum page size to 1000.",
            "updated configuration for secrets store.",
            "updated configuration for integration groups.",
        ]

        services = _answer(
            raw.admin("GET", DAEMON, "/integration-daemon-services"), "IntegrationDaemonServicesResponse"
        )
        assert services["services"] == {
            "class": "IntegrationDaemonServicesConfig",
            "dynamicIntegrationGroupsConfig": groups,
        }
        properties = _answer(raw.admin("GET", DAEMON, "/server-properties"), "BasicServerPropertiesResponse")
        assert properties["basicServerProperties"] == document  # the whole document, class OMAGServerConfig
    finally:
        raw.close()


# -- server-properties: Egeria's semantics (research extras §3) ----------------------------------------------


def _properties(raw: Raw, server: str) -> dict[str, Any]:
    return _answer(raw.admin("GET", server, "/server-properties"), "BasicServerPropertiesResponse")[
        "basicServerProperties"
    ]


def test_server_properties_left_out_take_the_beans_defaults(raw: Raw) -> None:
    _answer(raw.admin("POST", SERVER, "/server-properties", json=DAEMON_PROPERTIES))
    only_secrets = {
        "class": "ServerPropertiesRequestBody",
        "secretsStoreLocation": "secrets/default.omsecrets",
        "secretsStoreCollection": "example",
    }
    _answer(raw.admin("POST", SERVER, "/server-properties", json=only_secrets))
    document = _properties(raw, SERVER)
    assert document["class"] == "OMAGServerConfig"
    # Not "leave unchanged": the organization and description are cleared, the rest take the defaults.
    assert "organizationName" not in document and "localServerDescription" not in document
    assert (document["localServerURL"], document["localServerUserId"], document["maxPageSize"]) == (
        "~{egeriaEndpoint}~",
        "OMAGServer",
        1000,
    )
    assert (document["secretsStoreProvider"], document["secretsStoreLocation"], document["secretsStoreCollection"]) == (
        YAML_SECRETS,
        "secrets/default.omsecrets",
        "example",
    )
    assert document["auditTrail"][-6:][0].endswith(
        "removed configuration for local server's owning organization's name."
    )

    # Blank names clear too; an explicit null page size reads as 0 (a Java int); localServerType is ignored.
    blank = {
        **only_secrets,
        "organizationName": "  ",
        "localServerUserId": "",
        "maxPageSize": None,
        "localServerType": "X",
    }
    _answer(raw.admin("POST", SERVER, "/server-properties", json=blank))
    document = _properties(raw, SERVER)
    assert "organizationName" not in document and "localServerUserId" not in document
    assert document["maxPageSize"] == 0
    assert "localServerType" not in document


def _refused_with_nothing_changed(raw: Raw, body: object, message_id: str, parameter: str) -> dict[str, Any]:
    before = _properties(raw, SERVER)
    refused = raw.admin("POST", SERVER, "/server-properties", json=body).json()
    assert (refused["class"], refused["relatedHTTPCode"]) == ("VoidResponse", 400), refused
    assert refused["exceptionErrorMessageId"] == message_id
    assert refused["exceptionClassName"] == INVALID_PARAMETER
    assert refused["actionDescription"] == "setBasicServerProperties"
    assert refused["exceptionProperties"] == {"parameterName": parameter}
    assert refused["exceptionErrorMessageParameters"][0] == SERVER
    assert _properties(raw, SERVER) == before
    return refused


def test_server_properties_refuses_a_negative_page_size_and_an_incomplete_secrets_store(raw: Raw) -> None:
    _answer(raw.admin("POST", SERVER, "/server-properties", json=DAEMON_PROPERTIES))
    refused = _refused_with_nothing_changed(
        raw,
        {**DAEMON_PROPERTIES, "organizationName": "Changed", "maxPageSize": -1},
        "OMAG-ADMIN-400-014",
        "maxPageSize",
    )
    assert refused["exceptionErrorMessageParameters"] == [SERVER, "-1"]
    # Egeria's default provider is there, but a location and a collection are not.
    without = {k: v for k, v in DAEMON_PROPERTIES.items() if not k.startswith("secretsStore")}
    refused = _refused_with_nothing_changed(raw, without, "OMAG-ADMIN-400-041", "secrets store")
    assert refused["exceptionErrorMessageParameters"] == [SERVER, YAML_SECRETS]
    assert "secretsStoreLocation" in refused["exceptionUserAction"]
    _refused_with_nothing_changed(
        raw, {**DAEMON_PROPERTIES, "secretsStoreProvider": None}, "OMAG-ADMIN-400-041", "secrets store"
    )


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({k: v for k, v in DAEMON_PROPERTIES.items() if k != "class"}, 'has no "class"'),
        ({**DAEMON_PROPERTIES, "class": "BasicServerProperties"}, "'BasicServerProperties'"),
        ({**DAEMON_PROPERTIES, "class": "OMAGServerConfig"}, "'OMAGServerConfig'"),
    ],
    ids=["no-class", "base-class", "other-config-class"],
)
def test_server_properties_needs_its_class_as_egerias_jackson_does(
    platform: enb.EmbeddedPlatform, raw: Raw, body: dict[str, Any], says: str
) -> None:
    answer = raw.admin("POST", SERVER, "/server-properties", json=body)
    assert answer.status_code == 400
    refused = answer.json()
    assert refused["exceptionErrorMessageId"] == "EGERIA-NB-400-012"
    assert refused["exceptionClassName"] == "com.fasterxml.jackson.databind.exc.InvalidTypeIdException"
    assert says in refused["exceptionErrorMessage"]
    assert 'Set "class": "ServerPropertiesRequestBody"' in refused["exceptionUserAction"]
    assert not _stored(platform, SERVER)


def test_server_properties_of_an_unknown_server_are_a_fresh_document_not_stored(
    platform: enb.EmbeddedPlatform, raw: Raw
) -> None:
    document = _properties(raw, "brand-new")
    assert (document["class"], document["localServerName"], document["versionId"]) == (
        "OMAGServerConfig",
        "brand-new",
        "V6.0",
    )
    assert not _stored(platform, "brand-new")


def test_integration_daemon_services_always_answer_with_the_section(raw: Raw) -> None:
    def services() -> dict[str, Any]:
        return _answer(raw.admin("GET", SERVER, "/integration-daemon-services"), "IntegrationDaemonServicesResponse")[
            "services"
        ]

    assert services() == {"class": "IntegrationDaemonServicesConfig"}  # an unknown server
    _answer(raw.admin("POST", SERVER, "/integration-groups/configuration", json=_group("Files")))
    assert services() == {
        "class": "IntegrationDaemonServicesConfig",
        "dynamicIntegrationGroupsConfig": [_group("Files")],
    }
    _answer(raw.admin("DELETE", SERVER, "/integration-groups"))
    assert services() == {"class": "IntegrationDaemonServicesConfig"}


def test_server_properties_from_python(platform: enb.EmbeddedPlatform) -> None:
    egeria_nb.admin.set_server_properties(
        platform,
        SERVER,
        description="A daemon",
        organization_name="Coco",
        server_user_id="daemonnpa",
        secrets_store_location="secrets/default.omsecrets",
        secrets_store_collection="example",
        max_page_size=500,
    )
    config = egeria_nb.admin.get_server_properties(platform, SERVER)
    assert isinstance(config, enb.OMAGServerConfig)
    assert (config.local_server_description, config.organization_name, config.local_server_user_id) == (
        "A daemon",
        "Coco",
        "daemonnpa",
    )
    assert (config.local_server_url, config.max_page_size, config.secrets_store_provider) == (
        "~{egeriaEndpoint}~",
        500,
        YAML_SECRETS,
    )
    assert config == enb.get_server_config(platform, SERVER)
    with pytest.raises(enb.InvalidParameterError) as info:
        egeria_nb.admin.set_server_properties(
            platform, SERVER, secrets_store_location="s", secrets_store_collection="c", max_page_size=-1
        )
    assert info.value.message_id == "EGERIA-NB-ADMIN-400-003"  # refused before any call
    assert egeria_nb.admin.get_server_properties(platform, SERVER).max_page_size == 500
