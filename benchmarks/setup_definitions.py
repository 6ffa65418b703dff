"""Defining many groups and connectors at once, for the scale benchmarks (one catalog call)."""

from __future__ import annotations

from typing import Any

import egeria_nb as enb
from egeria_nb.metadata import CatalogElement, CatalogRelationship, MetadataCatalog

METADATA_SERVER = "active-metadata-store"


@enb.register_connector("benchmarks.NoOp")
class NoOp(enb.IntegrationConnector):
    """Does nothing, cheaply: what the scale figures measure is the daemon, not a connector."""


def connection(provider: str, properties: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "class": "Connection",
        "connectorType": {"class": "ConnectorType", "connectorProviderClassName": provider},
    }
    if properties:
        body["configurationProperties"] = properties
    return body


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
    """Define ``groups`` groups of ``per_group`` connectors each; return the group qualified names."""
    elements, relationships, names = [], [], []
    for g in range(groups):
        group = f"{prefix}:group:{g}"
        names.append(group)
        elements.append(CatalogElement("IntegrationGroup", group, {"displayName": f"Benchmark group {g}"}))
        for c in range(per_group):
            connector = f"{prefix}:connector:{g}:{c}"
            elements.append(
                CatalogElement(
                    "IntegrationConnector",
                    connector,
                    {"usesBlockingCalls": False, "connection": connection(provider, properties)},
                )
            )
            relationships.append(
                CatalogRelationship(
                    "RegisteredIntegrationConnector",
                    group,
                    connector,
                    {"connectorName": f"{prefix}-{g}-{c}", "refreshTimeInterval": refresh_interval},
                )
            )
    catalog = MetadataCatalog(platform, METADATA_SERVER)
    platform.run(
        catalog.synchronize(
            type_names=["IntegrationGroup", "IntegrationConnector"],
            qualified_name_prefix=prefix + ":",
            elements=elements,
            relationships=relationships,
        ),
        timeout=600,
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
