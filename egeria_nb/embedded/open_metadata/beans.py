"""Stored elements, classifications and relationships as Egeria's framework beans (egeria-wire.md §8).

Every value goes out typed with the type Egeria declares for its attribute, with
``class``, ``typeName`` and ``primitiveTypeCategory``; the headers carry the
type's GUID, version and supertypes from the shipped type definitions.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from egeria_nb.embedded.store import Classification, Element, Relationship
from egeria_nb.typedefs import TypeRegistry, typed_json
from egeria_nb.wire.headers import ElementHeader, ElementOrigin, ElementType, ElementVersions
from egeria_nb.wire.open_metadata import (
    classification_json,
    control_header_json,
    element_json,
    related_json,
    relationship_json,
    stub_json,
    versions_json,
)
from egeria_nb.wire.properties import properties_json

__all__ = ["BeanMaker", "bean_maker", "collection_id"]

TYPE_CATEGORIES = {"entity": "ENTITY_DEF", "relationship": "RELATIONSHIP_DEF", "classification": "CLASSIFICATION_DEF"}
# Stable ids for what Egeria keys by GUID and egeria_nb by name (a server's metadata collection).
NAMESPACE = uuid.UUID("5b0b9c1e-7f7c-4c57-9d7e-6e2b8b1f3a10")


def collection_id(server: str) -> str:
    """The metadata collection id of a metadata server on this platform (stable across restarts)."""
    return str(uuid.uuid5(NAMESPACE, "collection:" + server))


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class BeanMaker:
    """Builds the beans of one metadata server's answers."""

    def __init__(self, registry: TypeRegistry, server: str) -> None:
        self.registry = registry
        self.server = server
        self._origin = ElementOrigin(
            source_server=server,
            origin_category="LOCAL_COHORT",
            home_metadata_collection_id=collection_id(server),
            home_metadata_collection_name=server,
        )

    @functools.lru_cache(maxsize=2048)  # noqa: B019 - makers are shared (bean_maker); a type's header never changes
    def element_type(self, type_name: str) -> ElementType:
        typedef = self.registry.get(type_name)
        supertypes = list(self.registry.supertypes(type_name))
        return ElementType(
            type_id=typedef.guid if typedef else str(uuid.uuid5(NAMESPACE, type_name)),
            type_name=type_name,
            super_type_names=supertypes or None,
            type_version=typedef.version if typedef else 1,
            type_category=TYPE_CATEGORIES[typedef.category] if typedef else "ENTITY_DEF",
        )

    def _versions(self, record: Element | Relationship | Classification) -> ElementVersions:
        return ElementVersions(
            created_by=record.created_by,
            updated_by=record.updated_by,
            create_time=_moment(record.create_time),
            update_time=_moment(record.update_time),
            version=record.version,
        )

    def header(self, record: Element) -> ElementHeader:
        """The governance-configuration service's header of an element (it carries ``class`` and the GUID)."""
        return ElementHeader(
            type=self.element_type(record.type_name),
            origin=self._origin,
            versions=self._versions(record),
            guid=record.guid,
        )

    # -- beans as JSON (built without a model per value: a page holds thousands) ------------------

    @functools.cached_property
    def _origin_json(self) -> dict[str, Any]:
        return self._origin.to_wire()

    @functools.lru_cache(maxsize=2048)  # noqa: B019 - as element_type
    def _type_json(self, type_name: str) -> dict[str, Any]:
        return self.element_type(type_name).to_wire()

    def properties_json(self, type_name: str, stored: Mapping[str, Any]) -> dict[str, Any]:
        return properties_json(typed_json(self.registry, type_name, stored, check=False, getters=True), getters=True)

    def _header_json(self, type_name: str, record: Element | Relationship | Classification) -> dict[str, Any]:
        versions = versions_json(
            record.created_by, record.updated_by, record.create_time, record.update_time, record.version
        )
        return control_header_json(self._type_json(type_name), self._origin_json, versions)

    def classification_json(self, record: Classification) -> dict[str, Any]:
        return classification_json(
            self._header_json(record.name, record),
            record.name,
            record.effective_from,
            record.effective_to,
            self.properties_json(record.name, record.properties),
        )

    def element_json(self, record: Element, classifications: list[Classification] | None = None) -> dict[str, Any]:
        return element_json(
            self._header_json(record.type_name, record),
            record.guid,
            record.effective_from,
            record.effective_to,
            [self.classification_json(c) for c in classifications] if classifications else None,
            self.properties_json(record.type_name, record.properties),
        )

    def related_json(
        self, relationship: Relationship, other: Element, other_classifications: list[Classification] | None
    ) -> dict[str, Any]:
        return related_json(
            self._header_json(relationship.type_name, relationship),
            relationship.guid,
            relationship.effective_from,
            relationship.effective_to,
            self.properties_json(relationship.type_name, relationship.properties) if relationship.properties else None,
            self.element_json(other, other_classifications),
            other.guid == relationship.end1_guid,
        )

    def stub_json(self, record: Element, classifications: list[Classification] | None) -> dict[str, Any]:
        return stub_json(
            self._header_json(record.type_name, record),
            record.guid,
            [self.classification_json(c) for c in classifications] if classifications else None,
            record.qualified_name,
        )

    def relationship_json(
        self,
        record: Relationship,
        ends: Mapping[str, Element],
        classifications: Mapping[str, list[Classification]],
    ) -> dict[str, Any]:
        typedef = self.registry.get(record.type_name)
        end1, end2 = ends.get(record.end1_guid), ends.get(record.end2_guid)
        return relationship_json(
            self._header_json(record.type_name, record),
            record.guid,
            record.effective_from,
            record.effective_to,
            self.properties_json(record.type_name, record.properties) if record.properties else None,
            (
                (
                    typedef.end1.attribute if typedef and typedef.end1 else None,
                    record.end1_guid,
                    self.stub_json(end1, classifications.get(end1.guid)) if end1 else None,
                ),
                (
                    typedef.end2.attribute if typedef and typedef.end2 else None,
                    record.end2_guid,
                    self.stub_json(end2, classifications.get(end2.guid)) if end2 else None,
                ),
            ),
        )


@functools.lru_cache(maxsize=64)
def bean_maker(registry: TypeRegistry, server: str) -> BeanMaker:
    """The bean maker of one metadata server (shared by its requests: it keeps only what never changes)."""
    return BeanMaker(registry, server)
