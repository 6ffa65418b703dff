"""Beans of Egeria's generic open metadata store API: request bodies, elements, responses (egeria-wire.md §8).

The same bodies serve a metadata access server
(``/servers/{md}/open-metadata/access-services/open-metadata-store/users/{userId}``)
and a view server (``/servers/{view}/api/open-metadata/metadata-expert``).

Egeria builds every request body from option beans, flattened here into the
same chain (``BasicOptions`` ... ``NewElementOptions``), and reads them
leniently: a ``class`` on a body is ignored and unknown fields are dropped.
Only the archive body is polymorphic (``"class": "DeleteElementRequestBody"``).
Results extend ``ElementControlHeader``; dates in beans are ISO text, dates in
property values epoch milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import Field

from egeria_nb.wire.base import EgeriaDate, WireModel, java_date
from egeria_nb.wire.headers import ElementControlHeader, ElementType
from egeria_nb.wire.properties import (
    ElementProperties,
    NewElementProperties,
    plain_properties_json,
    python_properties_json,
)
from egeria_nb.wire.responses import FFDCResponseBase
from egeria_nb.wire.search import SearchClassifications, SearchProperties, SequencingOrder

__all__ = [
    "AttachedClassification",
    "DeleteElementRequestBody",
    "ElementSummary",
    "FindRelationshipRequestBody",
    "FindRequestBody",
    "GetRequestBody",
    "MetadataSourceRequestBody",
    "NewOpenMetadataClassificationRequestBody",
    "NewOpenMetadataElementRequestBody",
    "NewRelatedElementsRequestBody",
    "OpenMetadataDeleteRequestBody",
    "OpenMetadataElement",
    "OpenMetadataElementResponse",
    "OpenMetadataElementStub",
    "OpenMetadataElementsResponse",
    "OpenMetadataRelationship",
    "OpenMetadataRelationshipList",
    "OpenMetadataRelationshipListResponse",
    "OpenMetadataRelationshipResponse",
    "RelatedMetadataElement",
    "RelatedMetadataElementList",
    "RelatedMetadataElementListResponse",
    "RelationshipSummary",
    "ResultsRequestBody",
    "SearchStringRequestBody",
    "UniqueNameRequestBody",
    "UpdatePropertiesRequestBody",
    "element_summaries",
    "relationship_summaries",
]

# -- option beans (Egeria's *Options classes) ---------------------------------------------------


class BasicOptions(WireModel):
    request_id: str | None = Field(None, alias="requestId")
    for_lineage: bool = Field(False, alias="forLineage")
    for_duplicate_processing: bool = Field(False, alias="forDuplicateProcessing")
    # Only what is effective at this time is returned (None: whatever the effectivity dates).
    effective_time: EgeriaDate | None = Field(None, alias="effectiveTime")


class MetadataSourceOptions(BasicOptions):
    external_source_guid: str | None = Field(None, alias="externalSourceGUID")
    external_source_name: str | None = Field(None, alias="externalSourceName")


class GetOptions(BasicOptions):
    as_of_time: EgeriaDate | None = Field(None, alias="asOfTime")
    metadata_element_type_name: str | None = Field(None, alias="metadataElementTypeName")
    metadata_element_subtype_names: list[str] | None = Field(None, alias="metadataElementSubtypeNames")


class PagingOptions(GetOptions):
    start_from: int = Field(0, alias="startFrom")
    # 0 means the server's maximum page size.
    page_size: int = Field(0, alias="pageSize")


class QueryOptions(PagingOptions):
    anchor_guid: str | None = Field(None, alias="anchorGUID")
    anchor_domain_name: str | None = Field(None, alias="anchorDomainName")
    anchor_scope_guid: str | None = Field(None, alias="anchorScopeGUID")
    limit_results_by_status: list[str] | None = Field(None, alias="limitResultsByStatus")
    # Egeria's default is LAST_UPDATE_RECENT.
    sequencing_order: SequencingOrder | None = Field(None, alias="sequencingOrder")
    sequencing_property: str | None = Field(None, alias="sequencingProperty")


class SearchOptions(QueryOptions):
    starts_with: bool = Field(False, alias="startsWith")
    ends_with: bool = Field(False, alias="endsWith")
    ignore_case: bool = Field(True, alias="ignoreCase")


class UpdateOptions(MetadataSourceOptions):
    # True: only the properties sent change; False: they replace all the properties.
    merge_update: bool = Field(True, alias="mergeUpdate")


class DeleteOptions(MetadataSourceOptions):
    cascaded_delete: bool = Field(False, alias="cascadedDelete")
    delete_method: str | None = Field(None, alias="deleteMethod")
    archive_date: EgeriaDate | None = Field(None, alias="archiveDate")
    archive_process: str | None = Field(None, alias="archiveProcess")
    archive_properties: dict[str, str] | None = Field(None, alias="archiveProperties")


class AnchorOptions(MetadataSourceOptions):
    anchor_guid: str | None = Field(None, alias="anchorGUID")
    # True (Egeria's default): the new element is its own anchor, whatever anchorGUID says.
    is_own_anchor: bool = Field(True, alias="isOwnAnchor")
    anchor_scope_guids: list[str] | None = Field(None, alias="anchorScopeGUIDs")


class NewElementOptions(AnchorOptions):
    parent_guid: str | None = Field(None, alias="parentGUID")
    parent_relationship_type_name: str | None = Field(None, alias="parentRelationshipTypeName")
    # True: the parent is at end 1 of the parent relationship.
    parent_at_end1: bool = Field(True, alias="parentAtEnd1")


class MakeAnchorOptions(MetadataSourceOptions):
    # True: element 2 is anchored to element 1.
    make_anchor: bool = Field(False, alias="makeAnchor")
    anchor_scope_guids: list[str] | None = Field(None, alias="anchorScopeGUIDs")


# -- request bodies ---------------------------------------------------------------------------


class NewOpenMetadataElementRequestBody(NewElementOptions):
    class_: str | None = Field("NewOpenMetadataElementRequestBody", alias="class")
    type_name: str | None = Field(None, alias="typeName")
    # Classification type name -> its properties.
    initial_classifications: dict[str, NewElementProperties | None] | None = Field(None, alias="initialClassifications")
    properties: NewElementProperties | None = None
    parent_relationship_properties: NewElementProperties | None = Field(None, alias="parentRelationshipProperties")


class UpdatePropertiesRequestBody(UpdateOptions):
    class_: str | None = Field("UpdatePropertiesRequestBody", alias="class")
    properties: ElementProperties | None = None


class OpenMetadataDeleteRequestBody(DeleteOptions):
    class_: str | None = Field("OpenMetadataDeleteRequestBody", alias="class")


class DeleteElementRequestBody(DeleteOptions):
    class_: str | None = Field("DeleteElementRequestBody", alias="class")


class MetadataSourceRequestBody(MetadataSourceOptions):
    class_: str | None = Field("MetadataSourceRequestBody", alias="class")


class NewOpenMetadataClassificationRequestBody(MetadataSourceOptions):
    class_: str | None = Field("NewOpenMetadataClassificationRequestBody", alias="class")
    properties: NewElementProperties | None = None


class NewRelatedElementsRequestBody(MakeAnchorOptions):
    class_: str | None = Field("NewRelatedElementsRequestBody", alias="class")
    type_name: str | None = Field(None, alias="typeName")
    metadata_element1_guid: str | None = Field(None, alias="metadataElement1GUID")
    metadata_element2_guid: str | None = Field(None, alias="metadataElement2GUID")
    properties: NewElementProperties | None = None


class GetRequestBody(GetOptions):
    class_: str | None = Field("GetRequestBody", alias="class")


class UniqueNameRequestBody(GetOptions):
    class_: str | None = Field("UniqueNameRequestBody", alias="class")
    name: str | None = None
    name_parameter_name: str | None = Field(None, alias="nameParameterName")
    # The unique property to match; qualifiedName when absent.
    name_property_name: str | None = Field(None, alias="namePropertyName")


class ResultsRequestBody(QueryOptions):
    class_: str | None = Field("ResultsRequestBody", alias="class")


class FindRequestBody(QueryOptions):
    class_: str | None = Field("FindRequestBody", alias="class")
    search_properties: SearchProperties | None = Field(None, alias="searchProperties")
    match_classifications: SearchClassifications | None = Field(None, alias="matchClassifications")


class FindRelationshipRequestBody(QueryOptions):
    class_: str | None = Field("FindRelationshipRequestBody", alias="class")
    relationship_type_name: str | None = Field(None, alias="relationshipTypeName")
    # Egeria reads the end GUIDs only together with searchProperties.
    end1_entity_guids: list[str] | None = Field(None, alias="end1EntityGUIDs")
    end2_entity_guids: list[str] | None = Field(None, alias="end2EntityGUIDs")
    search_properties: SearchProperties | None = Field(None, alias="searchProperties")


class SearchStringRequestBody(SearchOptions):
    class_: str | None = Field("SearchStringRequestBody", alias="class")
    # Matched as literal text in any string property (no value: every element of the type).
    search_string: str | None = Field(None, alias="searchString")
    search_string_parameter_name: str | None = Field(None, alias="searchStringParameterName")


# -- results ------------------------------------------------------------------------------------


class AttachedClassification(ElementControlHeader):
    class_: str | None = Field("AttachedClassification", alias="class")
    classification_origin: str | None = Field("ASSIGNED", alias="classificationOrigin")
    classification_origin_guid: str | None = Field(None, alias="classificationOriginGUID")
    classification_name: str | None = Field(None, alias="classificationName")
    effective_from_time: EgeriaDate | None = Field(None, alias="effectiveFromTime")
    effective_to_time: EgeriaDate | None = Field(None, alias="effectiveToTime")
    classification_properties: ElementProperties | None = Field(None, alias="classificationProperties")


class OpenMetadataElement(ElementControlHeader):
    element_guid: str | None = Field(None, alias="elementGUID")
    effective_from_time: EgeriaDate | None = Field(None, alias="effectiveFromTime")
    effective_to_time: EgeriaDate | None = Field(None, alias="effectiveToTime")
    classifications: list[AttachedClassification] | None = None
    element_properties: ElementProperties | None = Field(None, alias="elementProperties")

    @property
    def type_name(self) -> str | None:
        return self.type.type_name if self.type else None

    def classification(self, name: str) -> AttachedClassification | None:
        return next((c for c in self.classifications or [] if c.classification_name == name), None)


class RelatedMetadataElement(ElementControlHeader):
    """One relationship from the starting element: its header and properties, and the element at its other end."""

    relationship_guid: str | None = Field(None, alias="relationshipGUID")
    effective_from_time: EgeriaDate | None = Field(None, alias="effectiveFromTime")
    effective_to_time: EgeriaDate | None = Field(None, alias="effectiveToTime")
    relationship_properties: ElementProperties | None = Field(None, alias="relationshipProperties")
    element: OpenMetadataElement | None = None
    # True when ``element`` is at end 1 of the relationship.
    element_at_end1: bool = Field(False, alias="elementAtEnd1")


class RelatedMetadataElementList(WireModel):
    starting_element: OpenMetadataElement | None = Field(None, alias="startingElement")
    element_list: list[RelatedMetadataElement] | None = Field(None, alias="elementList")
    mermaid_graph: str | None = Field(None, alias="mermaidGraph")


class OpenMetadataElementStub(ElementControlHeader):
    guid: str | None = None
    classifications: list[AttachedClassification] | None = None
    # The qualified name of the element, if it has one.
    unique_name: str | None = Field(None, alias="uniqueName")


class OpenMetadataRelationship(ElementControlHeader):
    relationship_guid: str | None = Field(None, alias="relationshipGUID")
    relationship_type: ElementType | None = Field(None, alias="relationshipType")
    effective_from_time: EgeriaDate | None = Field(None, alias="effectiveFromTime")
    effective_to_time: EgeriaDate | None = Field(None, alias="effectiveToTime")
    relationship_properties: ElementProperties | None = Field(None, alias="relationshipProperties")
    label_at_end1: str | None = Field(None, alias="labelAtEnd1")
    element_guid_at_end1: str | None = Field(None, alias="elementGUIDAtEnd1")
    element_at_end1: OpenMetadataElementStub | None = Field(None, alias="elementAtEnd1")
    label_at_end2: str | None = Field(None, alias="labelAtEnd2")
    element_guid_at_end2: str | None = Field(None, alias="elementGUIDAtEnd2")
    element_at_end2: OpenMetadataElementStub | None = Field(None, alias="elementAtEnd2")


class OpenMetadataRelationshipList(WireModel):
    relationships: list[OpenMetadataRelationship] | None = None
    mermaid_graph: str | None = Field(None, alias="mermaidGraph")


# -- responses ----------------------------------------------------------------------------------


class OpenMetadataElementResponse(FFDCResponseBase):
    class_: str | None = Field("OpenMetadataElementResponse", alias="class")
    element: OpenMetadataElement | None = None


class OpenMetadataElementsResponse(FFDCResponseBase):
    class_: str | None = Field("OpenMetadataElementsResponse", alias="class")
    elements: list[OpenMetadataElement] | None = None


class RelatedMetadataElementListResponse(FFDCResponseBase):
    class_: str | None = Field("RelatedMetadataElementListResponse", alias="class")
    related_element_list: RelatedMetadataElementList | None = Field(None, alias="relatedElementList")


class OpenMetadataRelationshipResponse(FFDCResponseBase):
    class_: str | None = Field("OpenMetadataRelationshipResponse", alias="class")
    element: OpenMetadataRelationship | None = None


class OpenMetadataRelationshipListResponse(FFDCResponseBase):
    class_: str | None = Field("OpenMetadataRelationshipListResponse", alias="class")
    relationship_list: OpenMetadataRelationshipList | None = Field(None, alias="relationshipList")


# -- the same beans as JSON, without models -------------------------------------------------------------
#
# Answers are built as plain JSON (see ``wire.properties``): these give exactly what the models
# above give from ``to_wire()`` (tests/open_metadata/test_bean_json.py checks that). Dates come in
# as the store keeps them: ISO-8601 text for versions, epoch milliseconds for effectivity.


def java_date_text(text: str | None) -> str | None:
    if not text:
        return None
    # The store writes UTC to the millisecond, already the form Jackson writes: 2026-01-02T03:04:05.678+00:00.
    if len(text) == 29 and text.endswith("+00:00"):
        return text
    return java_date(datetime.fromisoformat(text))


def java_date_millis(millis: int | None) -> str | None:
    return java_date(datetime.fromtimestamp(millis / 1000, UTC)) if millis is not None else None


def versions_json(
    created_by: str | None, updated_by: str | None, create_time: str | None, update_time: str | None, version: int
) -> dict[str, Any]:
    body: dict[str, Any] = {"createdBy": created_by}
    if updated_by is not None:
        body["updatedBy"] = updated_by
    body["createTime"] = java_date_text(create_time)
    if update_time is not None:
        body["updateTime"] = java_date_text(update_time)
    body["version"] = version
    return {k: v for k, v in body.items() if v is not None}


def control_header_json(type_json: dict[str, Any], origin: dict[str, Any], versions: dict[str, Any]) -> dict[str, Any]:
    return {"headerVersion": 0, "status": "ACTIVE", "type": type_json, "origin": origin, "versions": versions}


def _effectivity(body: dict[str, Any], effective_from: int | None, effective_to: int | None) -> None:
    if effective_from is not None:
        body["effectiveFromTime"] = java_date_millis(effective_from)
    if effective_to is not None:
        body["effectiveToTime"] = java_date_millis(effective_to)


def classification_json(
    header: dict[str, Any],
    name: str,
    effective_from: int | None,
    effective_to: int | None,
    properties: dict[str, Any],
) -> dict[str, Any]:
    body = {**header, "class": "AttachedClassification", "classificationOrigin": "ASSIGNED", "classificationName": name}
    _effectivity(body, effective_from, effective_to)
    body["classificationProperties"] = properties
    return body


def element_json(
    header: dict[str, Any],
    guid: str,
    effective_from: int | None,
    effective_to: int | None,
    classifications: list[dict[str, Any]] | None,
    properties: dict[str, Any],
) -> dict[str, Any]:
    body = {**header, "elementGUID": guid}
    _effectivity(body, effective_from, effective_to)
    if classifications:
        body["classifications"] = classifications
    body["elementProperties"] = properties
    return body


def stub_json(
    header: dict[str, Any], guid: str, classifications: list[dict[str, Any]] | None, unique_name: str | None
) -> dict[str, Any]:
    body = {**header, "guid": guid}
    if classifications:
        body["classifications"] = classifications
    if unique_name is not None:
        body["uniqueName"] = unique_name
    return body


def relationship_json(
    header: dict[str, Any],
    guid: str,
    effective_from: int | None,
    effective_to: int | None,
    properties: dict[str, Any] | None,
    ends: tuple[tuple[str | None, str, dict[str, Any] | None], tuple[str | None, str, dict[str, Any] | None]],
) -> dict[str, Any]:
    """``ends``: (label, GUID, stub) at end 1 and at end 2."""
    body = {**header, "relationshipGUID": guid, "relationshipType": header["type"]}
    _effectivity(body, effective_from, effective_to)
    if properties is not None:
        body["relationshipProperties"] = properties
    for n, (label, end_guid, stub) in enumerate(ends, start=1):
        if label is not None:
            body[f"labelAtEnd{n}"] = label
        body[f"elementGUIDAtEnd{n}"] = end_guid
        if stub is not None:
            body[f"elementAtEnd{n}"] = stub
    return body


def related_json(
    header: dict[str, Any],
    guid: str,
    effective_from: int | None,
    effective_to: int | None,
    properties: dict[str, Any] | None,
    element: dict[str, Any],
    element_at_end1: bool,
) -> dict[str, Any]:
    body = {**header, "relationshipGUID": guid}
    _effectivity(body, effective_from, effective_to)
    if properties is not None:
        body["relationshipProperties"] = properties
    body["element"] = element
    body["elementAtEnd1"] = element_at_end1
    return body


# -- bulk reads, without models -------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementSummary:
    """What a bulk read needs of an ``OpenMetadataElement``, read straight from its JSON."""

    guid: str
    type_name: str
    # Plain values (dates as epoch milliseconds, enums by name).
    properties: dict[str, Any]
    # Classification name -> its plain values.
    classifications: dict[str, dict[str, Any]]
    json: dict[str, Any]

    @property
    def qualified_name(self) -> str | None:
        name = self.properties.get("qualifiedName")
        return name if isinstance(name, str) else None

    def python_properties(self) -> dict[str, Any]:
        return python_properties_json(self.json.get("elementProperties"))

    def python_classifications(self) -> dict[str, dict[str, Any]]:
        return {
            c["classificationName"]: python_properties_json(c.get("classificationProperties"))
            for c in self.json.get("classifications") or []
            if c.get("classificationName")
        }


@dataclass(frozen=True)
class RelationshipSummary:
    """What a bulk read needs of an ``OpenMetadataRelationship``."""

    guid: str
    type_name: str
    end1_guid: str
    end2_guid: str
    properties: dict[str, Any]
    json: dict[str, Any]


def element_summaries(elements: Any) -> list[ElementSummary]:
    """The ``elements`` of an ``OpenMetadataElementsResponse`` (JSON); ValueError if they are not elements."""
    try:
        return [
            ElementSummary(
                guid=e["elementGUID"],
                type_name=e["type"]["typeName"],
                properties=plain_properties_json(e.get("elementProperties")),
                classifications={
                    c["classificationName"]: plain_properties_json(c.get("classificationProperties"))
                    for c in e.get("classifications") or []
                },
                json=e,
            )
            for e in elements or []
        ]
    except (KeyError, TypeError, AttributeError) as problem:
        raise ValueError(f"not an OpenMetadataElement: {problem!r}") from None


def relationship_summaries(relationships: Any) -> list[RelationshipSummary]:
    """The ``relationships`` of an ``OpenMetadataRelationshipList`` (JSON); ValueError if they are not."""
    try:
        return [
            RelationshipSummary(
                guid=r["relationshipGUID"],
                type_name=r["relationshipType"]["typeName"],
                end1_guid=r["elementGUIDAtEnd1"],
                end2_guid=r["elementGUIDAtEnd2"],
                properties=plain_properties_json(r.get("relationshipProperties")),
                json=r,
            )
            for r in relationships or []
        ]
    except (KeyError, TypeError, AttributeError) as problem:
        raise ValueError(f"not an OpenMetadataRelationship: {problem!r}") from None
