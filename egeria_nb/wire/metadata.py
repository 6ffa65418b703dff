"""Beans of the metadata access server: integration-group definitions and the OCF connection.

Shapes follow Egeria 6.x as read by an integration daemon (egeria-wire.md §3.2,
§4): element beans carry no ``class``; properties beans, the header and the
OCF beans do. Dates are ISO-8601 text with an offset.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AliasChoices, Field

from egeria_nb.wire.base import EgeriaDate, WireModel
from egeria_nb.wire.headers import ElementHeader, ElementOrigin, ElementType, ElementVersions
from egeria_nb.wire.responses import FFDCResponseBase, GUIDListResponse, GUIDResponse

__all__ = [
    "PERMITTED_SYNCHRONIZATIONS",
    "CatalogTargetProperties",
    "Connection",
    "ConnectorType",
    "ElementHeader",
    "ElementOrigin",
    "ElementType",
    "ElementVersions",
    "EmbeddedConnection",
    "Endpoint",
    "GUIDListResponse",
    "GUIDResponse",
    "IntegrationConnectorElement",
    "IntegrationConnectorElementResponse",
    "IntegrationConnectorProperties",
    "IntegrationGroupElement",
    "IntegrationGroupElementResponse",
    "IntegrationGroupElementsResponse",
    "IntegrationGroupProperties",
    "PermittedSynchronization",
    "RegisteredIntegrationConnectorElement",
    "RegisteredIntegrationConnectorProperties",
    "RegisteredIntegrationConnectorResponse",
    "RegisteredIntegrationConnectorsResponse",
]

PermittedSynchronization = Literal["BOTH_DIRECTIONS", "TO_THIRD_PARTY", "FROM_THIRD_PARTY", "OTHER"]
PERMITTED_SYNCHRONIZATIONS: tuple[str, ...] = ("BOTH_DIRECTIONS", "TO_THIRD_PARTY", "FROM_THIRD_PARTY", "OTHER")


# -- OCF connection -------------------------------------------------------------------------
# The beans Egeria's Open Connector Framework builds a connector from. Each carries its element's
# GUID (``guid``) when it was read from open metadata.


class ConnectorType(WireModel):
    class_: str | None = Field("ConnectorType", alias="class")
    header_version: int | None = Field(0, alias="headerVersion")
    guid: str | None = None
    qualified_name: str | None = Field(None, alias="qualifiedName")
    display_name: str | None = Field(None, alias="displayName")
    description: str | None = None
    version_identifier: str | None = Field(None, alias="versionIdentifier")
    url: str | None = None
    supported_asset_type_name: str | None = Field(None, alias="supportedAssetTypeName")
    supported_deployed_implementation_type: str | None = Field(None, alias="supportedDeployedImplementationType")
    expected_data_format: str | None = Field(None, alias="expectedDataFormat")
    connector_provider_class_name: str | None = Field(None, alias="connectorProviderClassName")
    connector_framework_name: str | None = Field(None, alias="connectorFrameworkName")
    connector_interface_language: str | None = Field(None, alias="connectorInterfaceLanguage")
    connector_interfaces: list[str] | None = Field(None, alias="connectorInterfaces")
    recognized_configuration_properties: list[str] | None = Field(None, alias="recognizedConfigurationProperties")


class Endpoint(WireModel):
    class_: str | None = Field("Endpoint", alias="class")
    header_version: int | None = Field(0, alias="headerVersion")
    guid: str | None = None
    qualified_name: str | None = Field(None, alias="qualifiedName")
    display_name: str | None = Field(None, alias="displayName")
    # 6.x name; 5.x used "address" (egeria-wire.md §3.7).
    network_address: str | None = Field(None, alias="networkAddress")
    protocol: str | None = None
    encryption_method: str | None = Field(None, alias="encryptionMethod")


class EmbeddedConnection(WireModel):
    """One connection a VirtualConnection is made of."""

    class_: str | None = Field("EmbeddedConnection", alias="class")
    header_version: int | None = Field(0, alias="headerVersion")
    position: int = 0
    display_name: str | None = Field(None, alias="displayName")
    arguments: dict[str, Any] | None = None
    embedded_connection: Connection | None = Field(None, alias="embeddedConnection")


class Connection(WireModel):
    """How a connector is built: its provider class, endpoint and configuration properties.

    ``class`` is ``VirtualConnection`` for one made of other connections (``embeddedConnections``).
    """

    class_: str | None = Field("Connection", alias="class")
    header_version: int | None = Field(0, alias="headerVersion")
    guid: str | None = None
    qualified_name: str | None = Field(None, alias="qualifiedName")
    display_name: str | None = Field(None, alias="displayName")
    description: str | None = None
    connector_type: ConnectorType | None = Field(None, alias="connectorType")
    endpoint: Endpoint | None = None
    configuration_properties: dict[str, Any] | None = Field(None, alias="configurationProperties")
    user_id: str | None = Field(None, alias="userId")
    clear_password: str | None = Field(None, alias="clearPassword", repr=False)
    encrypted_password: str | None = Field(None, alias="encryptedPassword", repr=False)
    secured_properties: dict[str, Any] | None = Field(None, alias="securedProperties", repr=False)
    embedded_connections: list[EmbeddedConnection] | None = Field(None, alias="embeddedConnections")

    @property
    def provider(self) -> str | None:
        return self.connector_type.connector_provider_class_name if self.connector_type else None

    @property
    def endpoint_address(self) -> str | None:
        if self.endpoint is None:
            return None
        # A 5.x endpoint names it "address"; keep reading it.
        return self.endpoint.network_address or (self.endpoint.model_extra or {}).get("address")


EmbeddedConnection.model_rebuild()


# -- properties beans -------------------------------------------------------------------------


class IntegrationGroupProperties(WireModel):
    class_: str | None = Field("IntegrationGroupProperties", alias="class")
    type_name: str | None = Field("IntegrationGroup", alias="typeName")
    qualified_name: str | None = Field(None, alias="qualifiedName")
    display_name: str | None = Field(None, alias="displayName")
    description: str | None = None
    version_identifier: str | None = Field(None, alias="versionIdentifier")
    additional_properties: dict[str, str] | None = Field(None, alias="additionalProperties")


class IntegrationConnectorProperties(WireModel):
    class_: str | None = Field("IntegrationConnector", alias="class")
    type_name: str | None = Field("IntegrationConnector", alias="typeName")
    qualified_name: str | None = Field(None, alias="qualifiedName")
    # 5.0-5.3 beans call it "name".
    display_name: str | None = Field(
        None, validation_alias=AliasChoices("displayName", "name", "display_name"), serialization_alias="displayName"
    )
    description: str | None = None
    version_identifier: str | None = Field(None, alias="versionIdentifier")
    uses_blocking_calls: bool = Field(False, alias="usesBlockingCalls")
    connection: Connection | None = None
    additional_properties: dict[str, str] | None = Field(None, alias="additionalProperties")


class RegisteredIntegrationConnectorProperties(WireModel):
    """How a group runs a connector: its name, user, schedule and permitted direction (§4.3, 6.x names).

    Read from a 5.0-5.3 Egeria too, whose bean says ``stopDate`` and ``generateIntegrationReports``.
    """

    class_: str | None = Field("RegisteredIntegrationConnectorProperties", alias="class")
    type_name: str | None = Field("RegisteredIntegrationConnector", alias="typeName")
    connector_name: str | None = Field(None, alias="connectorName")
    connector_user_id: str | None = Field(None, alias="connectorUserId")
    metadata_source_qualified_name: str | None = Field(None, alias="metadataSourceQualifiedName")
    metadata_collection_qualified_name: str | None = Field(None, alias="metadataCollectionQualifiedName")
    start_date: EgeriaDate | None = Field(None, alias="startDate")
    # Minutes between refreshes; 0 = refresh once at start (§3.5).
    refresh_time_interval: int = Field(0, alias="refreshTimeInterval")
    connector_shutdown_date: EgeriaDate | None = Field(
        None,
        validation_alias=AliasChoices("connectorShutdownDate", "stopDate", "connector_shutdown_date"),
        serialization_alias="connectorShutdownDate",
    )
    permitted_synchronization: PermittedSynchronization | None = Field(None, alias="permittedSynchronization")
    generate_connector_activity_reports: bool | None = Field(
        None,
        validation_alias=AliasChoices(
            "generateConnectorActivityReports", "generateIntegrationReports", "generate_connector_activity_reports"
        ),
        serialization_alias="generateConnectorActivityReports",
    )


class CatalogTargetProperties(WireModel):
    class_: str | None = Field("CatalogTargetProperties", alias="class")
    catalog_target_name: str | None = Field(None, alias="catalogTargetName")
    metadata_source_qualified_name: str | None = Field(None, alias="metadataSourceQualifiedName")
    connection_name: str | None = Field(None, alias="connectionName")
    configuration_properties: dict[str, Any] | None = Field(None, alias="configurationProperties")
    templates: dict[str, str] | None = None
    permitted_synchronization: PermittedSynchronization | None = Field(None, alias="permittedSynchronization")
    delete_method: str | None = Field(None, alias="deleteMethod")
    relationship_guid: str | None = Field(None, alias="relationshipGUID")
    catalog_target_element: dict[str, Any] | None = Field(None, alias="catalogTargetElement")


# -- elements -----------------------------------------------------------------------------------


class IntegrationGroupElement(WireModel):
    element_header: ElementHeader | None = Field(None, alias="elementHeader")
    properties: IntegrationGroupProperties | None = None

    @property
    def guid(self) -> str | None:
        return self.element_header.guid if self.element_header else None


class IntegrationConnectorElement(WireModel):
    element_header: ElementHeader | None = Field(None, alias="elementHeader")
    properties: IntegrationConnectorProperties | None = None
    catalog_targets: list[CatalogTargetProperties] | None = Field(None, alias="catalogTargets")

    @property
    def guid(self) -> str | None:
        return self.element_header.guid if self.element_header else None


class RegisteredIntegrationConnectorElement(IntegrationConnectorElement):
    """A connector as a group registers it; ``connector_id`` is the registration's GUID."""

    connector_id: str | None = Field(None, alias="connectorId")
    registration_properties: RegisteredIntegrationConnectorProperties | None = Field(
        None, alias="registrationProperties"
    )


# -- responses ----------------------------------------------------------------------------------


class IntegrationGroupElementResponse(FFDCResponseBase):
    class_: str | None = Field("IntegrationGroupElementResponse", alias="class")
    element: IntegrationGroupElement | None = None


class IntegrationGroupElementsResponse(FFDCResponseBase):
    class_: str | None = Field("IntegrationGroupElementsResponse", alias="class")
    elements: list[IntegrationGroupElement] | None = None


class IntegrationConnectorElementResponse(FFDCResponseBase):
    class_: str | None = Field("IntegrationConnectorElementResponse", alias="class")
    element: IntegrationConnectorElement | None = None


class RegisteredIntegrationConnectorsResponse(FFDCResponseBase):
    class_: str | None = Field("RegisteredIntegrationConnectorsResponse", alias="class")
    elements: list[RegisteredIntegrationConnectorElement] | None = None


class RegisteredIntegrationConnectorResponse(FFDCResponseBase):
    class_: str | None = Field("RegisteredIntegrationConnectorResponse", alias="class")
    registered_integration_connector: RegisteredIntegrationConnectorElement | None = Field(
        None, alias="registeredIntegrationConnector"
    )
