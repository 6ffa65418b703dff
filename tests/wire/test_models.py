"""Wire models: Egeria's JSON names outside, snake_case inside, nothing lost (egeria-wire.md §0.1, §1.2-§1.6)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pydantic
import pytest

from egeria_nb.errors import InvalidParameterError
from egeria_nb.wire import (
    FFDCResponseBase,
    IntegrationDaemonServicesResponse,
    IntegrationGroupConfig,
    IntegrationGroupsResponse,
    OMAGServerConfig,
    OMAGServerConfigResponse,
    ServerTypeClassificationResponse,
    SuccessMessageResponse,
    VoidResponse,
)

# §1.2: every IntegrationGroupConfig field, as Egeria spells it, and as Python does.
WIRE_GROUP: dict[str, Any] = {
    "class": "IntegrationGroupConfig",
    "omagserverPlatformRootURL": "https://localhost:9443",
    "omagserverName": "qs-metadata-store",
    "integrationGroupQualifiedName": "Egeria:IntegrationGroup:Default",
    "secretsStoreProvider": "org.odpi.openmetadata.adapters.connectors.secretsstore.yaml.YAMLSecretsStoreProvider",
    "secretsStoreLocation": "loading-bay/secrets/default.omsecrets",
    "secretsStoreCollection": "qs-integration-daemon",
}
PYTHON_GROUP = {
    "omag_server_platform_root_url": "https://localhost:9443",
    "omag_server_name": "qs-metadata-store",
    "integration_group_qualified_name": "Egeria:IntegrationGroup:Default",
    "secrets_store_provider": WIRE_GROUP["secretsStoreProvider"],
    "secrets_store_location": "loading-bay/secrets/default.omsecrets",
    "secrets_store_collection": "qs-integration-daemon",
}

# A 6.x configuration document shaped like workspaces' qs-integration-daemon.config (§1.6),
# with sections egeria_nb does not model and properties it does not know.
WIRE_SERVER_CONFIG: dict[str, Any] = {
    "class": "OMAGServerConfig",
    "versionId": "V6.0",
    "localServerId": "8b3b4e1c-6c0e-4c55-9d2a-0c3f4c7d9a10",
    "localServerName": "qs-integration-daemon",
    "localServerType": "Integration Daemon",
    "organizationName": "Coco Pharmaceuticals",
    "localServerURL": "~{egeriaEndpoint}~",
    "localServerUserId": "qs-integration-daemonnpa",
    "secretsStoreProvider": WIRE_GROUP["secretsStoreProvider"],
    "maxPageSize": 1000,
    "eventBusConfig": {"class": "EventBusConfig", "topicURLRoot": "egeria.omag", "configurationProperties": {}},
    "dynamicIntegrationGroupsConfig": [
        WIRE_GROUP,
        dict(WIRE_GROUP, integrationGroupQualifiedName="Egeria:IntegrationGroup:Database", futureGroupField=[1, 2]),
    ],
    "repositoryServicesConfig": {
        "class": "RepositoryServicesConfig",
        "auditLogConnections": [{"class": "Connection", "qualifiedName": "Console- default"}],
    },
    # Not modelled: 5.x/4.x sections and a property from some newer release.
    "engineHostServicesConfig": {"class": "EngineHostServicesConfig", "engineServiceConfigs": []},
    "localServerPassword": "5.x-only",
    "integrationServicesConfig": [{"class": "IntegrationServiceConfig", "integrationServiceId": 1}],
    "someFutureSection": {"nested": {"deeper": ["x", {"y": 1}]}},
    "auditTrail": ["Sat Jan 03 10:00:00 GMT 2026 garygeeke updated configuration for integration groups."],
}


# -- IntegrationGroupConfig -------------------------------------------------------------------------


def test_group_from_python_names_serialises_with_egerias_names() -> None:
    group = IntegrationGroupConfig(**PYTHON_GROUP)
    assert group.to_wire() == WIRE_GROUP
    assert group.model_dump() == WIRE_GROUP  # plain dumps use Egeria's names too


def test_group_from_egerias_names_reads_into_python_names() -> None:
    group = IntegrationGroupConfig.from_wire(WIRE_GROUP)
    for name, value in PYTHON_GROUP.items():
        assert getattr(group, name) == value
    assert group.class_ == "IntegrationGroupConfig"
    assert group == IntegrationGroupConfig(**PYTHON_GROUP)


def test_group_round_trips_through_json_text() -> None:
    group = IntegrationGroupConfig.from_wire(WIRE_GROUP)
    text = json.dumps(group.to_wire())
    assert IntegrationGroupConfig.from_wire(json.loads(text)) == group
    assert '"omagserverPlatformRootURL"' in text and '"omagserverName"' in text
    assert "omagServer" not in text  # Jackson's spelling, not the Java getter's (§0.1)


def test_to_wire_omits_nulls_and_always_has_class() -> None:
    assert IntegrationGroupConfig().to_wire() == {"class": "IntegrationGroupConfig"}
    partial = IntegrationGroupConfig(integration_group_qualified_name="g", omag_server_name=None)
    assert partial.to_wire() == {"class": "IntegrationGroupConfig", "integrationGroupQualifiedName": "g"}
    # Input without a class still goes out with one, as Egeria needs it to resolve the type.
    no_class = {k: v for k, v in WIRE_GROUP.items() if k != "class"}
    assert IntegrationGroupConfig.from_wire(no_class).to_wire()["class"] == "IntegrationGroupConfig"


def test_unknown_group_fields_survive_a_round_trip() -> None:
    newer = dict(WIRE_GROUP, futureField="kept", futureObject={"a": [1, 2]})
    group = IntegrationGroupConfig.from_wire(newer)
    assert group.to_wire() == newer
    # And after an edit in Python.
    group.omag_server_name = "other-store"
    assert group.to_wire() == dict(newer, omagserverName="other-store")


@pytest.mark.parametrize("wrong", ["OMAGServerConfig", "integrationgroupconfig", "", None])
def test_wrong_class_fails_validation(wrong: object) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        IntegrationGroupConfig.from_wire(dict(WIRE_GROUP, **{"class": wrong}))
    assert "class" in str(info.value)


def test_wrong_field_types_fail_validation_also_on_assignment() -> None:
    with pytest.raises(pydantic.ValidationError):
        IntegrationGroupConfig.from_wire(dict(WIRE_GROUP, omagserverName=["a list"]))
    group = IntegrationGroupConfig(**PYTHON_GROUP)
    # Assignment is a person's input: an EgeriaError naming the field, not pydantic's ValidationError.
    with pytest.raises(InvalidParameterError) as info:
        group.integration_group_qualified_name = {"not": "text"}  # type: ignore[assignment]
    assert info.value.message_id == "EGERIA-NB-WIRE-400-002"
    assert "integration_group_qualified_name" in str(info.value)
    assert group.integration_group_qualified_name == "Egeria:IntegrationGroup:Default"


def test_repr_shows_only_set_fields_in_python_names() -> None:
    text = repr(IntegrationGroupConfig(integration_group_qualified_name="g", omag_server_name="mds"))
    assert text == "IntegrationGroupConfig(integration_group_qualified_name='g', omag_server_name='mds')"
    assert repr(IntegrationGroupConfig()) == "IntegrationGroupConfig()"
    assert "class_" not in repr(IntegrationGroupConfig.from_wire(WIRE_GROUP))
    assert "None" not in repr(IntegrationGroupConfig.from_wire(WIRE_GROUP))


def test_from_wire_does_not_change_its_input() -> None:
    original = copy.deepcopy(WIRE_SERVER_CONFIG)
    OMAGServerConfig.from_wire(WIRE_SERVER_CONFIG).to_wire()
    assert original == WIRE_SERVER_CONFIG


# -- OMAGServerConfig ---------------------------------------------------------------------------------


def test_server_config_keeps_unknown_sections() -> None:
    config = OMAGServerConfig.from_wire(WIRE_SERVER_CONFIG)
    assert config.to_wire() == WIRE_SERVER_CONFIG
    assert config.local_server_name == "qs-integration-daemon"
    assert config.max_page_size == 1000
    groups = config.dynamic_integration_groups_config
    assert groups is not None and all(isinstance(g, IntegrationGroupConfig) for g in groups)
    assert [g.integration_group_qualified_name for g in groups] == [
        "Egeria:IntegrationGroup:Default",
        "Egeria:IntegrationGroup:Database",
    ]


def test_server_config_edit_keeps_everything_else() -> None:
    config = OMAGServerConfig.from_wire(WIRE_SERVER_CONFIG)
    config.organization_name = "Changed"
    config.dynamic_integration_groups_config = [
        *(config.dynamic_integration_groups_config or []),
        IntegrationGroupConfig(integration_group_qualified_name="new", omag_server_name="m"),
    ]
    wire = config.to_wire()
    assert wire["organizationName"] == "Changed"
    assert wire["someFutureSection"] == WIRE_SERVER_CONFIG["someFutureSection"]
    assert wire["dynamicIntegrationGroupsConfig"][1]["futureGroupField"] == [1, 2]
    assert wire["dynamicIntegrationGroupsConfig"][2] == {
        "class": "IntegrationGroupConfig",
        "integrationGroupQualifiedName": "new",
        "omagserverName": "m",
    }


def test_server_config_wrong_class_fails() -> None:
    with pytest.raises(pydantic.ValidationError):
        OMAGServerConfig.from_wire(dict(WIRE_SERVER_CONFIG, **{"class": "IntegrationGroupConfig"}))


def test_server_config_repr_is_short() -> None:
    text = repr(OMAGServerConfig(local_server_name="d", max_page_size=10))
    assert text == "OMAGServerConfig(local_server_name='d', max_page_size=10)"


# -- responses (§1.3) ---------------------------------------------------------------------------------


def test_groups_response_without_groups() -> None:
    # The getter returns null for an empty list, so nothing configured means no "groups" at all.
    response = IntegrationGroupsResponse.from_wire(
        {
            "class": "IntegrationGroupsResponse",
            "requestId": "0b6c5a1e-77aa-4b59-9d36-2d3c0a1f9e01",
            "relatedHTTPCode": 200,
        }
    )
    assert response.groups is None
    assert response.related_http_code == 200
    assert response.request_id == "0b6c5a1e-77aa-4b59-9d36-2d3c0a1f9e01"
    assert response.exception_error_message_id is None


def test_groups_response_with_groups() -> None:
    body = {
        "class": "IntegrationGroupsResponse",
        "requestId": "0b6c",
        "relatedHTTPCode": 200,
        "groups": [
            {
                "class": "IntegrationGroupConfig",
                "omagserverPlatformRootURL": "https://localhost:9443",
                "omagserverName": "mds1",
                "integrationGroupQualifiedName": "Egeria:IntegrationGroup:Default",
            },
            WIRE_GROUP,
        ],
    }
    response = IntegrationGroupsResponse.from_wire(body)
    assert response.groups is not None
    assert [g.omag_server_name for g in response.groups] == ["mds1", "qs-metadata-store"]
    assert response.groups[1] == IntegrationGroupConfig(**PYTHON_GROUP)
    assert response.to_wire() == body


def test_5x_groups_response_has_no_request_id() -> None:
    response = IntegrationGroupsResponse.from_wire({"class": "IntegrationGroupsResponse", "relatedHTTPCode": 200})
    assert response.request_id is None and response.groups is None


def test_void_response_success_and_failure() -> None:
    assert VoidResponse.from_wire({"class": "VoidResponse", "relatedHTTPCode": 200}).related_http_code == 200
    failure = VoidResponse.from_wire(
        {
            "class": "VoidResponse",
            "relatedHTTPCode": 400,
            "exceptionClassName": "org.odpi.openmetadata.frameworks.openmetadata.ffdc.InvalidParameterException",
            "exceptionErrorMessage": "OMAG-ADMIN-400-032 The qualified name is missing",
            "exceptionErrorMessageId": "OMAG-ADMIN-400-032",
            "exceptionErrorMessageParameters": ["daemon1", "integrationGroupConfig.integrationGroupQualifiedName"],
            "exceptionSystemAction": "…",
            "exceptionUserAction": "…",
            "exceptionProperties": {"parameterName": "integrationGroupConfig.integrationGroupQualifiedName"},
        }
    )
    assert failure.related_http_code == 400
    assert failure.exception_error_message_id == "OMAG-ADMIN-400-032"
    assert failure.exception_properties == {"parameterName": "integrationGroupConfig.integrationGroupQualifiedName"}


def test_response_classes_read_any_class_name() -> None:
    # The client reads every answer through these; a base or renamed class must not break parsing.
    assert (
        FFDCResponseBase.from_wire({"class": "FFDCResponseBase", "relatedHTTPCode": 400}).class_ == "FFDCResponseBase"
    )
    assert (
        VoidResponse.from_wire({"class": "GUIDResponse", "relatedHTTPCode": 200, "guid": "x"}).to_wire()["guid"] == "x"
    )


def test_other_admin_responses() -> None:
    config = OMAGServerConfigResponse.from_wire(
        {"class": "OMAGServerConfigResponse", "relatedHTTPCode": 200, "omagserverConfig": WIRE_SERVER_CONFIG}
    )
    assert config.server_config is not None and config.server_config.to_wire() == WIRE_SERVER_CONFIG

    kind = ServerTypeClassificationResponse.from_wire(
        {
            "class": "ServerTypeClassificationResponse",
            "relatedHTTPCode": 200,
            "serverTypeClassification": {
                "serverTypeName": "Integration Daemon",
                "serverTypeDescription": "Manages exchange of metadata with third party technologies.",
                "serverSuperType": "Governance Server",
                "serverTypeWiki": "https://egeria-project.org/concepts/integration-daemon/",
            },
        }
    )
    assert kind.server_type_classification is not None
    assert kind.server_type_classification.server_super_type == "Governance Server"

    services = IntegrationDaemonServicesResponse.from_wire(
        {
            "class": "IntegrationDaemonServicesResponse",
            "relatedHTTPCode": 200,
            "services": {"class": "IntegrationDaemonServicesConfig", "dynamicIntegrationGroupsConfig": [WIRE_GROUP]},
        }
    )
    assert services.services is not None
    assert services.services.dynamic_integration_groups_config == [IntegrationGroupConfig(**PYTHON_GROUP)]

    message = SuccessMessageResponse.from_wire(
        {"class": "SuccessMessageResponse", "relatedHTTPCode": 200, "successMessage": "daemon1 is running"}
    )
    assert message.success_message == "daemon1 is running"


def test_a_misspelt_python_name_is_refused_with_a_suggestion() -> None:
    # Unknown Egeria (camelCase) properties are kept; an unknown snake_case name is a typo.
    with pytest.raises(InvalidParameterError, match="did you mean 'integration_group_qualified_name'"):
        IntegrationGroupConfig(integration_group_qualifed_name="x")  # type: ignore[call-arg]
    # Read from the wire, the same name is still pydantic's ValidationError (the client's "unexpected response").
    with pytest.raises(pydantic.ValidationError, match="did you mean 'integration_group_qualified_name'"):
        IntegrationGroupConfig.model_validate({"integration_group_qualifed_name": "x"})
    kept = IntegrationGroupConfig.model_validate({"integrationGroupQualifiedName": "x", "futureProperty": 1})
    assert kept.to_wire()["futureProperty"] == 1


def test_admin_functions_report_a_misspelt_name_as_an_egeria_error() -> None:
    import egeria_nb as enb
    from egeria_nb.admin._common import as_group

    with pytest.raises(enb.InvalidParameterError) as info:
        as_group({"integration_group_qualifed_name": "x"})
    assert info.value.message_id == "EGERIA-NB-ADMIN-400-002"
    assert "integration_group_qualified_name" in str(info.value)
