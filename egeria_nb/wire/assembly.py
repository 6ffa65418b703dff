"""What an integration daemon reads (egeria-wire.md §3.2), assembled from the elements that hold it (§8).

A definition is several elements: an ``IntegrationGroup``; ``IntegrationConnector`` elements linked to it by
``RegisteredIntegrationConnector`` (end 1 the group); each connector's ``Connection`` (``AssetConnection``,
end 1 the connector), the connection's ``ConnectorType`` (``ConnectionConnectorType``) and ``Endpoint``
(``ConnectToEndpoint``), end 1 the connection each time. The governance-configuration service answers
with them bundled into one bean per registration; the embedded platform builds those beans from its
store, and egeria_nb's definition functions from the generic API's answers, both with these functions.

Each element comes in as a ``StoredElement``: its header and its property values in plain form (dates
as epoch milliseconds, enums by symbolic name).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from egeria_nb.wire.headers import ElementHeader
from egeria_nb.wire.metadata import (
    Connection,
    ConnectorType,
    EmbeddedConnection,
    Endpoint,
    IntegrationConnectorElement,
    IntegrationConnectorProperties,
    IntegrationGroupElement,
    IntegrationGroupProperties,
    RegisteredIntegrationConnectorElement,
    RegisteredIntegrationConnectorProperties,
)

__all__ = [
    "ASSET_CONNECTION",
    "CATALOG_TARGET",
    "CONNECTION",
    "CONNECTION_CONNECTOR_TYPE",
    "CONNECTOR",
    "CONNECTOR_TYPE",
    "CONNECT_TO_ENDPOINT",
    "EMBEDDED_CONNECTION",
    "ENDPOINT",
    "GROUP",
    "REGISTRATION",
    "VIRTUAL_CONNECTION",
    "ReleaseLine",
    "StoredElement",
    "connection_bean",
    "connection_name",
    "connector_element",
    "connector_type_name",
    "endpoint_name",
    "for_release_line",
    "group_element",
    "registered_connector_element",
]

# The open metadata types a definition is made of, and the relationships that join them.
GROUP = "IntegrationGroup"
CONNECTOR = "IntegrationConnector"
REGISTRATION = "RegisteredIntegrationConnector"  # end 1 the group, end 2 the connector
CONNECTION = "Connection"
VIRTUAL_CONNECTION = "VirtualConnection"
CONNECTOR_TYPE = "ConnectorType"
ENDPOINT = "Endpoint"
ASSET_CONNECTION = "AssetConnection"  # end 1 the connector, end 2 its connection
CONNECTION_CONNECTOR_TYPE = "ConnectionConnectorType"  # end 1 the connection
CONNECT_TO_ENDPOINT = "ConnectToEndpoint"  # end 1 the connection
EMBEDDED_CONNECTION = "EmbeddedConnection"  # end 1 the virtual connection
CATALOG_TARGET = "CatalogTarget"  # end 1 the connector, end 2 what it works on


def connection_name(connector_qualified_name: str) -> str:
    """The qualified name of a connector's Connection (the pattern of Egeria's content packs)."""
    return connector_qualified_name + "_implementation"


def endpoint_name(connector_qualified_name: str) -> str:
    return connector_qualified_name + "_endpoint"


def connector_type_name(provider: str) -> str:
    """The qualified name egeria_nb gives the ConnectorType of a provider it did not find one for."""
    return "egeria_nb::ConnectorType::" + provider


# The governance-configuration service's beans differ by release line (egeria-wire.md §9).
ReleaseLine = Literal["6", "5.4", "5.0"]


@dataclass(frozen=True)
class StoredElement:
    """One element as the assembly needs it: its header (with its GUID and type) and its plain values."""

    header: ElementHeader
    values: Mapping[str, Any]

    @property
    def guid(self) -> str | None:
        return self.header.guid

    @property
    def type_name(self) -> str | None:
        return self.header.type.type_name if self.header.type else None


def _date(millis: Any) -> datetime | None:
    return datetime.fromtimestamp(millis / 1000, UTC) if isinstance(millis, int | float) else None


def connection_bean(
    connection: StoredElement,
    connector_type: StoredElement | None,
    endpoint: StoredElement | None,
    embedded: Sequence[tuple[Mapping[str, Any], Connection]] = (),
    *,
    virtual: bool = False,
) -> Connection:
    """The OCF ``Connection`` a connector is built from. ``embedded``: (EmbeddedConnection properties, connection)."""
    values = connection.values
    bean = Connection(
        class_="VirtualConnection" if virtual else "Connection",
        guid=connection.guid,
        qualified_name=values.get("qualifiedName"),
        display_name=values.get("displayName"),
        description=values.get("description"),
        configuration_properties=values.get("configurationProperties"),
        user_id=values.get("userId"),
        clear_password=values.get("clearPassword"),
        encrypted_password=values.get("encryptedPassword"),
        secured_properties=values.get("securedProperties"),
    )
    if connector_type is not None:
        type_values = dict(connector_type.values)
        bean.connector_type = ConnectorType(
            guid=connector_type.guid,
            qualified_name=type_values.pop("qualifiedName", None),
            display_name=type_values.pop("displayName", None),
            description=type_values.pop("description", None),
            connector_provider_class_name=type_values.pop("connectorProviderClassName", None),
            # The rest (supportedAssetTypeName, recognizedConfigurationProperties ...) as Egeria's bean has them.
            **{k: v for k, v in type_values.items() if v is not None},
        )
    if endpoint is not None:
        bean.endpoint = Endpoint(
            guid=endpoint.guid,
            qualified_name=endpoint.values.get("qualifiedName"),
            display_name=endpoint.values.get("displayName"),
            network_address=endpoint.values.get("networkAddress"),
            protocol=endpoint.values.get("protocol"),
            encryption_method=endpoint.values.get("encryptionMethod"),
        )
    if embedded:
        bean.embedded_connections = [
            EmbeddedConnection(
                position=int(link.get("position") or 0),
                display_name=link.get("displayName"),
                arguments=link.get("arguments"),
                embedded_connection=inner,
            )
            for link, inner in embedded
        ]
    return bean


def group_element(group: StoredElement) -> IntegrationGroupElement:
    values = group.values
    return IntegrationGroupElement(
        element_header=group.header,
        properties=IntegrationGroupProperties(
            qualified_name=values.get("qualifiedName"),
            display_name=values.get("displayName"),
            description=values.get("description"),
            version_identifier=values.get("versionIdentifier"),
            additional_properties=values.get("additionalProperties"),
        ),
    )


def connector_element(connector: StoredElement, connection: Connection | None) -> IntegrationConnectorElement:
    values = connector.values
    return IntegrationConnectorElement(
        element_header=connector.header,
        properties=IntegrationConnectorProperties(
            # Egeria 6's bean keeps the typeName its DeployedConnector superclass sets.
            type_name="DeployedConnector",
            qualified_name=values.get("qualifiedName"),
            display_name=values.get("displayName"),
            description=values.get("description"),
            version_identifier=values.get("versionIdentifier"),
            uses_blocking_calls=bool(values.get("usesBlockingCalls", False)),
            additional_properties=values.get("additionalProperties"),
            connection=connection,
        ),
    )


def registered_connector_element(
    registration_guid: str, registration: Mapping[str, Any], connector: IntegrationConnectorElement
) -> RegisteredIntegrationConnectorElement:
    """One registration: the connector as the group runs it (``connectorId`` is the registration's GUID)."""
    return RegisteredIntegrationConnectorElement(
        connector_id=registration_guid,
        element_header=connector.element_header,
        properties=connector.properties,
        registration_properties=RegisteredIntegrationConnectorProperties(
            connector_name=registration.get("connectorName"),
            connector_user_id=registration.get("connectorUserId"),
            metadata_source_qualified_name=registration.get("metadataSourceQualifiedName"),
            metadata_collection_qualified_name=registration.get("metadataCollectionQualifiedName"),
            start_date=_date(registration.get("startDate")),
            refresh_time_interval=int(registration.get("refreshTimeInterval") or 0),
            connector_shutdown_date=_date(registration.get("connectorShutdownDate")),
            permitted_synchronization=registration.get("permittedSynchronization") or "BOTH_DIRECTIONS",
            generate_connector_activity_reports=bool(registration.get("generateConnectorActivityReports", False)),
        ),
    )


def for_release_line(element: dict[str, Any], line: ReleaseLine) -> dict[str, Any]:
    """A (registered) connector element's JSON as the governance-configuration service of ``line`` writes it.

    6.x: properties ``IntegrationConnector``. 5.4: ``IntegrationConnectorProperties``. 5.0-5.3:
    ``IntegrationConnectorProperties`` with ``name`` for ``displayName``, and registration properties
    without ``class``, with ``stopDate`` and ``generateIntegrationReports`` (§9).
    """
    if line == "6":
        return element
    shaped = dict(element)
    properties = dict(shaped.get("properties") or {})
    if properties:
        properties["class"] = "IntegrationConnectorProperties"
        properties["typeName"] = "IntegrationConnector"
        if line == "5.0" and "displayName" in properties:
            properties["name"] = properties.pop("displayName")
        shaped["properties"] = properties
    registration = shaped.get("registrationProperties")
    if line == "5.0" and registration:
        renamed = {k: v for k, v in registration.items() if k not in ("class", "typeName")}
        for new, old in (
            ("connectorShutdownDate", "stopDate"),
            ("generateConnectorActivityReports", "generateIntegrationReports"),
        ):
            if new in renamed:
                renamed[old] = renamed.pop(new)
        shaped["registrationProperties"] = renamed
    return shaped
