"""The out-topic connection a metadata access server hands to Egeria's Java clients (egeria-wire.md §8).

Egeria's integration daemon registers a listener on its metadata access server's out topic
before it reads any integration group (each group's refresh loop waits for it), and Egeria's
Java connectors do the same to hear of metadata changes. Both ask for the connection with
``GET .../topics/out-topic-connection/{callerId}``: the 6.0+ daemon on the
``open-governance-service`` base, connectors (and 5.4 daemons) on ``open-metadata-store``.

The answer is a ``VirtualConnection`` whose connector type is the service's out-topic client and
whose one embedded connection is the event bus topic. The embedded platform has no event bus,
so the topic it names is Egeria's in-memory one: the client connects and starts (its listener
is registered, the group refresh proceeds), and it receives no events. Connectors still follow
changes: a daemon re-reads its groups on ``refresh-config`` or its poll.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from egeria_nb.wire.metadata import Connection, ConnectorType, EmbeddedConnection, Endpoint
from egeria_nb.wire.responses import FFDCResponseBase

__all__ = [
    "GOVERNANCE_SERVICE",
    "METADATA_STORE_SERVICE",
    "OCFConnectionResponse",
    "OutTopicService",
    "out_topic_connection",
]

# The release of Egeria whose connector definitions these are.
EGERIA_VERSION = "6.1-SNAPSHOT"
OCF = "Open Connector Framework (OCF)"


@dataclass(frozen=True)
class OutTopicService:
    """What differs between the services that hand out an out-topic connection."""

    service_name: str
    topic_leaf: str
    client: ConnectorType


METADATA_STORE_SERVICE = OutTopicService(
    "Open Metadata Store Services",
    "omas.openmetadatastore.outTopic",
    ConnectorType(
        guid="3fc78a69-c272-47ef-bc36-c411b1420b9c",
        qualified_name="Egeria::OpenMetadataTopicConnector::Kafka::OMFTopic::Client",
        display_name="OMF Out Topic Client Connector",
        description="Connector supports the receipt of events from the OMF Services.",
        version_identifier=EGERIA_VERSION,
        supported_asset_type_name="DeployedConnector",
        supported_deployed_implementation_type="Open Metadata Topic Connector",
        connector_provider_class_name=(
            "org.odpi.openmetadata.frameworkservices.omf.connectors.outtopic.OMFOutTopicClientProvider"
        ),
        connector_framework_name=OCF,
        connector_interface_language="Java",
    ),
)
GOVERNANCE_SERVICE = OutTopicService(
    "Open Governance Framework Services",
    "omas.opengovernanceservice.outTopic",
    ConnectorType(
        guid="09f48b14-cce9-4339-a170-63b3be3422f3",
        qualified_name="Egeria::OpenMetadataTopicConnector::Kafka::GAFTopic::Client",
        display_name="GAF Out Topic Client Connector",
        description="Connector supports the receipt of events from the GAF Services.",
        version_identifier=EGERIA_VERSION,
        supported_asset_type_name="DeployedConnector",
        supported_deployed_implementation_type="Open Metadata Topic Connector",
        connector_provider_class_name=(
            "org.odpi.openmetadata.frameworkservices.gaf.connectors.outtopic.GAFOutTopicClientProvider"
        ),
        connector_framework_name=OCF,
        connector_interface_language="Java",
    ),
)
IN_MEMORY_TOPIC = ConnectorType(
    guid="ed8e682b-2fec-4403-b551-02f8c46322ef",
    qualified_name="Egeria::RuntimeConnector::OpenMetadataTopicConnector::InMemory",
    display_name="In Memory Open Metadata Topic Connector",
    version_identifier=EGERIA_VERSION,
    supported_asset_type_name="DeployedConnector",
    supported_deployed_implementation_type="Open Metadata Topic Connector",
    connector_provider_class_name=(
        "org.odpi.openmetadata.adapters.eventbus.topic.inmemory.InMemoryOpenMetadataTopicProvider"
    ),
    connector_framework_name=OCF,
    connector_interface_language="Java",
)


class OCFConnectionResponse(FFDCResponseBase):
    class_: str | None = Field("OCFConnectionResponse", alias="class")
    connection: Connection | None = None


def out_topic_connection(service: OutTopicService, metadata_server: str, caller_id: str) -> Connection:
    """The client-side out-topic connection for one caller, shaped as Egeria builds it."""
    name = "OutTopicConnector." + service.service_name
    topic = Connection(
        display_name="Kafka Event Bus Connection",  # Egeria's name for the event bus whatever its kind
        connector_type=IN_MEMORY_TOPIC,
        endpoint=Endpoint(network_address=f"egeria.omag.server.{metadata_server}.{service.topic_leaf}"),
        configuration_properties={"local.server.id": caller_id, "eventDirection": "inOnly"},
    )
    return Connection(
        class_="VirtualConnection",
        qualified_name=name,
        display_name=name,
        description="Client-side topic connection.",
        connector_type=service.client,
        embedded_connections=[EmbeddedConnection(display_name="Topic Event Bus", embedded_connection=topic)],
    )
