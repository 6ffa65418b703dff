"""Defining many groups and connectors at once, for the scale benchmarks (one catalog call)."""

from __future__ import annotations

from typing import Any

import egeria_nb as enb
from egeria_nb.metadata import CatalogElement, CatalogRelationship, MetadataCatalog
from egeria_nb.metadata.definitions import connection_name

METADATA_SERVER = "active-metadata-store"


@enb.register_connector("benchmarks.NoOp")
class NoOp(enb.IntegrationConnector):
    """Does nothing, cheaply: what the scale figures measure is the daemon, not a connector."""


def define(
    platform: enb.Platform,
    prefix: str,
    groups: int,
    per_group: int,
    *,
    provider: str = "benchmarks.NoOp",
    refresh_interval: int = 0,
    properties: dict[str, Any] | None = None,
) -> list[str]:
    """Define ``groups`` groups of ``per_group`` connectors each; return the group qualified names.

    The elements are those ``create_connector_definition`` makes (a connector, its Connection anchored
    to it, one shared ConnectorType), declared in one ``synchronize``.
    """
    connector_type = f"{prefix}:connector-type"
    elements = [CatalogElement("ConnectorType", connector_type, {"connectorProviderClassName": provider})]
    relationships, names = [], []
    for g in range(groups):
        group = f"{prefix}:group:{g}"
        names.append(group)
        elements.append(CatalogElement("IntegrationGroup", group, {"displayName": f"Benchmark group {g}"}))
        for c in range(per_group):
            connector = f"{prefix}:connector:{g}:{c}"
            connection = connection_name(connector)
            values = {"configurationProperties": properties} if properties else {}
            elements += [
                CatalogElement("IntegrationConnector", connector, {"usesBlockingCalls": False}),
                CatalogElement("Connection", connection, values, anchor=connector),
            ]
            relationships += [
                CatalogRelationship("AssetConnection", connector, connection),
                CatalogRelationship("ConnectionConnectorType", connection, connector_type),
                CatalogRelationship(
                    "RegisteredIntegrationConnector",
                    group,
                    connector,
                    {"connectorName": f"{prefix}-{g}-{c}", "refreshTimeInterval": refresh_interval},
                ),
            ]
    catalog = MetadataCatalog(platform, METADATA_SERVER)
    platform.run(
        catalog.synchronize(
            type_names=["IntegrationGroup", "IntegrationConnector", "Connection", "ConnectorType"],
            qualified_name_prefix=prefix + ":",
            elements=elements,
            relationships=relationships,
        ),
        timeout_s=600,
    )
    return names


def configure(platform: enb.Platform, daemon: str, groups: list[str]) -> None:
    enb.configure_integration_groups(
        platform,
        daemon,
        [
            enb.IntegrationGroupConfig(
                integration_group_qualified_name=g,
                omag_server_name=METADATA_SERVER,
                omag_server_platform_root_url=platform.url,
            )
            for g in groups
        ],
    )
