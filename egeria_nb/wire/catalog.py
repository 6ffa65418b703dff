"""Beans of the egeria_nb catalog API and change feed (extensions, not part of Egeria).

See ``egeria_nb.embedded.views.catalog`` for the paths.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from egeria_nb.wire.base import WireModel
from egeria_nb.wire.responses import FFDCResponseBase

__all__ = [
    "ChangesResponse",
    "ElementResponse",
    "ElementsResponse",
    "MetadataChange",
    "MetadataElement",
    "MetadataRelationship",
    "RelationshipResponse",
    "RelationshipsResponse",
    "SyncResponse",
]


class MetadataElement(WireModel):
    class_: str | None = Field("MetadataElement", alias="class")
    guid: str
    type_name: str = Field(alias="typeName")
    qualified_name: str | None = Field(None, alias="qualifiedName")
    version: int = 1
    created_by: str | None = Field(None, alias="createdBy")
    updated_by: str | None = Field(None, alias="updatedBy")
    create_time: str | None = Field(None, alias="createTime")
    update_time: str | None = Field(None, alias="updateTime")
    properties: dict[str, Any] = Field(default_factory=dict)


class MetadataRelationship(WireModel):
    class_: str | None = Field("MetadataRelationship", alias="class")
    guid: str
    type_name: str = Field(alias="typeName")
    end1_guid: str = Field(alias="end1GUID")
    end2_guid: str = Field(alias="end2GUID")
    version: int = 1
    created_by: str | None = Field(None, alias="createdBy")
    updated_by: str | None = Field(None, alias="updatedBy")
    create_time: str | None = Field(None, alias="createTime")
    update_time: str | None = Field(None, alias="updateTime")
    properties: dict[str, Any] = Field(default_factory=dict)


class MetadataChange(WireModel):
    sequence: int
    time: str
    kind: Literal["element", "relationship"]
    action: Literal["CREATED", "UPDATED", "DELETED"]
    guid: str
    type_name: str = Field(alias="typeName")
    qualified_name: str | None = Field(None, alias="qualifiedName")
    end1_guid: str | None = Field(None, alias="end1GUID")
    end2_guid: str | None = Field(None, alias="end2GUID")


class ElementResponse(FFDCResponseBase):
    element: MetadataElement | None = None


class ElementsResponse(FFDCResponseBase):
    elements: list[MetadataElement] | None = None


class RelationshipResponse(FFDCResponseBase):
    relationship: MetadataRelationship | None = None


class RelationshipsResponse(FFDCResponseBase):
    relationships: list[MetadataRelationship] | None = None


class SyncResponse(FFDCResponseBase):
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    relationships_added: int = Field(0, alias="relationshipsAdded")
    relationships_removed: int = Field(0, alias="relationshipsRemoved")
    guids: dict[str, str] = Field(default_factory=dict)


class ChangesResponse(FFDCResponseBase):
    changes: list[MetadataChange] = Field(default_factory=list)
    last_sequence: int = Field(0, alias="lastSequence")
    oldest_sequence: int = Field(0, alias="oldestSequence")
