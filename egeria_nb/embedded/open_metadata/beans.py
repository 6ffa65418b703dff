"""Stored elements, classifications and relationships as Egeria's framework beans (egeria-wire.md §8).

Every value goes out typed with the type Egeria declares for its attribute, with
``class``, ``typeName`` and ``primitiveTypeCategory``; the headers carry the
type's GUID, version and supertypes from the shipped type definitions.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from egeria_nb.embedded.store import Classification, Element, Relationship
from egeria_nb.typedefs import TypeRegistry, typed_json, typed_properties
from egeria_nb.wire.headers import ElementHeader, ElementOrigin, ElementType, ElementVersions
from egeria_nb.wire.open_metadata import (
    AttachedClassification,
    OpenMetadataElement,
    OpenMetadataElementStub,
    OpenMetadataRelationship,
    RelatedMetadataElement,
    classification_json,
    control_header_json,
    element_json,
    related_json,
    relationship_json,
    stub_json,
    versions_json,
)
from egeria_nb.wire.properties import (
    ArrayTypePropertyValue,
    ElementProperties,
    EnumTypePropertyValue,
    MapTypePropertyValue,
    PrimitiveTypePropertyValue,
    PropertyValue,
    properties_json,
)

__all__ = ["BeanMaker", "bean_maker", "collection_id"]

TYPE_CATEGORIES = {"entity": "ENTITY_DEF", "relationship": "RELATIONSHIP_DEF", "classification": "CLASSIFICATION_DEF"}
# Stable ids for what Egeria keys by GUID and egeria_nb by name (a server's metadata collection).
NAMESPACE = uuid.UUID("5b0b9c1e-7f7c-4c57-9d7e-6e2b8b1f3a10")


def collection_id(server: str) -> str:
    """The metadata collection id of a metadata server on this platform (stable across restarts)."""
    return str(uuid.uuid5(NAMESPACE, "collection:" + server))


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _ms_moment(millis: int | None) -> datetime | None:
    return datetime.fromtimestamp(millis / 1000, UTC) if millis is not None else None


def _as_string(value: PropertyValue) -> str:
    """What Egeria's ``valueAsString`` gives for a value (Java's toString forms)."""
    if isinstance(value, PrimitiveTypePropertyValue):
        raw = value.primitive_value
        return ("true" if raw else "false") if isinstance(raw, bool) else str(raw)
    if isinstance(value, EnumTypePropertyValue):
        return value.symbolic_name or ""
    if isinstance(value, MapTypePropertyValue):
        members = (value.map_values.property_value_map if value.map_values else None) or {}
        return "{" + ", ".join(f"{k}={_as_string(v)}" for k, v in members.items()) + "}"
    if isinstance(value, ArrayTypePropertyValue):
        members = (value.array_values.property_value_map if value.array_values else None) or {}
        return "[" + ", ".join(_as_string(v) for v in members.values()) + "]"
    return ""


def _with_getters(values: Mapping[str, PropertyValue]) -> ElementProperties:
    """Typed values with what Egeria's read-only getters add: names, count, text forms (nested ones too)."""
    for value in values.values():
        if isinstance(value, MapTypePropertyValue):
            members = (value.map_values.property_value_map if value.map_values else None) or {}
            value.__dict__["map_values"] = _with_getters(members)
            value.__dict__["map_element_count"] = len(members)
        elif isinstance(value, ArrayTypePropertyValue):
            members = (value.array_values.property_value_map if value.array_values else None) or {}
            value.__dict__["array_values"] = _with_getters(members)
    return ElementProperties.model_construct(
        property_value_map=dict(values) or None,
        property_names=list(values),
        property_count=len(values),
        properties_as_strings={k: _as_string(v) for k, v in values.items()} or None,
    )


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

    def properties(self, type_name: str, stored: Mapping[str, Any]) -> ElementProperties:
        typed = typed_properties(self.registry, type_name, stored, check=False)
        return _with_getters(typed.property_value_map or {})

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

    def classification(self, record: Classification) -> AttachedClassification:
        return AttachedClassification(
            type=self.element_type(record.name),
            origin=self._origin,
            versions=self._versions(record),
            classification_name=record.name,
            effective_from_time=_ms_moment(record.effective_from),
            effective_to_time=_ms_moment(record.effective_to),
            classification_properties=self.properties(record.name, record.properties),
        )

    def element(self, record: Element, classifications: list[Classification] | None = None) -> OpenMetadataElement:
        return OpenMetadataElement(
            type=self.element_type(record.type_name),
            origin=self._origin,
            versions=self._versions(record),
            element_guid=record.guid,
            effective_from_time=_ms_moment(record.effective_from),
            effective_to_time=_ms_moment(record.effective_to),
            classifications=[self.classification(c) for c in classifications] if classifications else None,
            element_properties=self.properties(record.type_name, record.properties),
        )

    def related(
        self, relationship: Relationship, other: Element, other_classifications: list[Classification] | None
    ) -> RelatedMetadataElement:
        return RelatedMetadataElement(
            type=self.element_type(relationship.type_name),
            origin=self._origin,
            versions=self._versions(relationship),
            relationship_guid=relationship.guid,
            effective_from_time=_ms_moment(relationship.effective_from),
            effective_to_time=_ms_moment(relationship.effective_to),
            relationship_properties=self.properties(relationship.type_name, relationship.properties)
            if relationship.properties
            else None,
            element=self.element(other, other_classifications),
            element_at_end1=other.guid == relationship.end1_guid,
        )

    def stub(self, record: Element, classifications: list[Classification] | None) -> OpenMetadataElementStub:
        return OpenMetadataElementStub(
            type=self.element_type(record.type_name),
            origin=self._origin,
            versions=self._versions(record),
            guid=record.guid,
            classifications=[self.classification(c) for c in classifications] if classifications else None,
            unique_name=record.qualified_name,
        )

    def relationship(
        self,
        record: Relationship,
        ends: Mapping[str, Element],
        classifications: Mapping[str, list[Classification]],
    ) -> OpenMetadataRelationship:
        typedef = self.registry.get(record.type_name)
        header = self.element_type(record.type_name)
        end1, end2 = ends.get(record.end1_guid), ends.get(record.end2_guid)
        return OpenMetadataRelationship(
            type=header,
            origin=self._origin,
            versions=self._versions(record),
            relationship_guid=record.guid,
            relationship_type=header,
            effective_from_time=_ms_moment(record.effective_from),
            effective_to_time=_ms_moment(record.effective_to),
            relationship_properties=self.properties(record.type_name, record.properties) if record.properties else None,
            label_at_end1=typedef.end1.attribute if typedef and typedef.end1 else None,
            element_guid_at_end1=record.end1_guid,
            element_at_end1=self.stub(end1, classifications.get(end1.guid)) if end1 else None,
            label_at_end2=typedef.end2.attribute if typedef and typedef.end2 else None,
            element_guid_at_end2=record.end2_guid,
            element_at_end2=self.stub(end2, classifications.get(end2.guid)) if end2 else None,
        )

    # -- the same beans as JSON (for pages of many: no model per value) ---------------------------

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
