"""Integration-group definitions as an integration daemon reads them, from the elements in the store.

What the governance-configuration service answers (egeria-wire.md §3.2) is assembled here from the
element graph the definitions are written as (§8; see ``wire.assembly``): a page of registrations
costs a handful of queries, whatever its size, so a daemon with thousands of connectors starts quickly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from egeria_nb.embedded.open_metadata.beans import BeanMaker
from egeria_nb.embedded.store import Element, MetadataStore, Relationship
from egeria_nb.typedefs import TypeRegistry
from egeria_nb.wire.assembly import (
    ASSET_CONNECTION,
    CONNECT_TO_ENDPOINT,
    CONNECTION_CONNECTOR_TYPE,
    CONNECTOR,
    EMBEDDED_CONNECTION,
    GROUP,
    REGISTRATION,
    VIRTUAL_CONNECTION,
    StoredElement,
    connection_bean,
    connector_element,
    group_element,
    registered_connector_element,
)
from egeria_nb.wire.metadata import (
    Connection,
    IntegrationConnectorElement,
    IntegrationGroupElement,
    RegisteredIntegrationConnectorElement,
)

__all__ = ["DefinitionReader"]

# How deep virtual connections may nest: a loop in the metadata must not hang a read.
MAX_EMBEDDING = 5


class DefinitionReader:
    """Reads one metadata server's definitions into the governance-configuration service's beans."""

    def __init__(self, store: MetadataStore, registry: TypeRegistry, server: str, beans: BeanMaker) -> None:
        self.store = store
        self.registry = registry
        self.server = server
        self.beans = beans

    def _stored(self, element: Element) -> StoredElement:
        return StoredElement(self.beans.header(element), element.properties)

    def group_by_name(self, qualified_name: str) -> IntegrationGroupElement | None:
        found = self.store.element_by_name(self.server, GROUP, qualified_name)
        return group_element(self._stored(found)) if found else None

    def registered_connectors(
        self, group_guid: str, start: int, limit: int
    ) -> list[RegisteredIntegrationConnectorElement]:
        self.store.element(self.server, group_guid, GROUP, parameter_name="integrationGroupGUID")
        registrations = self.store.relationships(self.server, REGISTRATION, end1=group_guid, start=start, limit=limit)
        return self._registered(registrations)

    def registered_connector(
        self, group_guid: str, connector_guid: str
    ) -> RegisteredIntegrationConnectorElement | None:
        self.store.element(self.server, connector_guid, CONNECTOR, parameter_name="integrationConnectorGUID")
        found = self.store.relationships(self.server, REGISTRATION, end1=group_guid, end2=connector_guid, limit=1)
        registered = self._registered(found)
        return registered[0] if registered else None

    def registrations(self, connector_guid: str) -> list[str]:
        """The GUIDs of the groups that register the connector."""
        self.store.element(self.server, connector_guid, CONNECTOR, parameter_name="integrationConnectorGUID")
        return [r.end1_guid for r in self.store.relationships(self.server, REGISTRATION, end2=connector_guid)]

    # -- assembly --------------------------------------------------------------------------

    def _registered(self, registrations: Sequence[Relationship]) -> list[RegisteredIntegrationConnectorElement]:
        connectors = self.connectors([r.end2_guid for r in registrations])
        return [
            registered_connector_element(r.guid, r.properties, connectors[r.end2_guid])
            for r in registrations
            if r.end2_guid in connectors
        ]

    def connectors(self, guids: Iterable[str]) -> dict[str, IntegrationConnectorElement]:
        """Each connector with its connection (if it has one), in a few queries for all of them."""
        elements = self.store.elements_by_guid(self.server, guids)
        links = self.store.relationships_of(self.server, self._types(ASSET_CONNECTION), elements)
        connection_of: dict[str, str] = {}
        for link in links:
            # One connection per connector; where there are more, the first made counts.
            connection_of.setdefault(link.end1_guid, link.end2_guid)
        connections = self._connections(connection_of.values())
        return {
            guid: connector_element(self._stored(element), connections.get(connection_of.get(guid, "")))
            for guid, element in elements.items()
        }

    def _connections(self, guids: Iterable[str], depth: int = 0) -> dict[str, Connection]:
        elements = self.store.elements_by_guid(self.server, guids)
        if not elements:
            return {}
        types = self._first(CONNECTION_CONNECTOR_TYPE, elements)
        endpoints = self._first(CONNECT_TO_ENDPOINT, elements)
        ends = self.store.elements_by_guid(self.server, [*types.values(), *endpoints.values()])
        embedded_links = (
            self.store.relationships_of(self.server, self._types(EMBEDDED_CONNECTION), elements)
            if depth < MAX_EMBEDDING
            else []
        )
        inner = self._connections([link.end2_guid for link in embedded_links], depth + 1) if embedded_links else {}
        beans = {}
        for guid, element in elements.items():
            embedded = [
                (link.properties, inner[link.end2_guid])
                for link in embedded_links
                if link.end1_guid == guid and link.end2_guid in inner
            ]
            connector_type = ends.get(types.get(guid, ""))
            endpoint = ends.get(endpoints.get(guid, ""))
            beans[guid] = connection_bean(
                self._stored(element),
                self._stored(connector_type) if connector_type else None,
                self._stored(endpoint) if endpoint else None,
                sorted(embedded, key=lambda pair: int(pair[0].get("position") or 0)),
                virtual=self.registry.is_a(element.type_name, VIRTUAL_CONNECTION),
            )
        return beans

    def _first(self, relationship: str, ends1: Iterable[str]) -> dict[str, str]:
        """For each element at end 1, the element at end 2 of its first relationship of this type."""
        found: dict[str, str] = {}
        for link in self.store.relationships_of(self.server, self._types(relationship), ends1):
            found.setdefault(link.end1_guid, link.end2_guid)
        return found

    def _types(self, name: str) -> frozenset[str]:
        return self.registry.subtypes(name)
