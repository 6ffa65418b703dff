"""Beans of egeria_nb's own extensions of a metadata access server (not part of Egeria).

The batch catalog call (``/catalog/sync``: a connector's whole scope in one request, an
accelerator for what the generic API does call by call), the change feed (``/changes``) and
the list of what a server offers (``/capabilities``). See ``egeria_nb.embedded.views.catalog``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from egeria_nb.wire.base import WireModel
from egeria_nb.wire.responses import FFDCResponseBase

__all__ = [
    "CapabilitiesResponse",
    "ChangesResponse",
    "MetadataChange",
    "SyncElement",
    "SyncRelationship",
    "SyncRequestBody",
    "SyncResponse",
    "SyncScope",
]


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


class SyncScope(WireModel):
    """Which elements the sync owns: of ``typeNames`` (and their subtypes), named under the prefix.

    ``relationshipTypeNames``: the relationship types it owns between them (None: every type).
    """

    type_names: list[str] = Field(alias="typeNames")
    qualified_name_prefix: str = Field(alias="qualifiedNamePrefix")
    relationship_type_names: list[str] | None = Field(None, alias="relationshipTypeNames")


class SyncElement(WireModel):
    """An element the scope must hold. Values are plain JSON: dates as epoch milliseconds, enums by name."""

    type_name: str = Field(alias="typeName")
    properties: dict[str, Any] = Field(default_factory=dict)
    # Classification name -> its properties (Anchors aside, the element carries exactly these).
    classifications: dict[str, dict[str, Any]] | None = None
    # The element of the same sync this one is anchored to (None: its own anchor).
    anchor_qualified_name: str | None = Field(None, alias="anchorQualifiedName")


class SyncRelationship(WireModel):
    type_name: str = Field(alias="typeName")
    end1_qualified_name: str = Field(alias="end1QualifiedName")
    end2_qualified_name: str = Field(alias="end2QualifiedName")
    properties: dict[str, Any] = Field(default_factory=dict)


class SyncRequestBody(WireModel):
    class_: str | None = Field("SyncRequestBody", alias="class")
    scope: SyncScope
    elements: list[SyncElement] = Field(default_factory=list)
    relationships: list[SyncRelationship] = Field(default_factory=list)


class CapabilitiesResponse(FFDCResponseBase):
    """What egeria_nb extensions a metadata access server offers (a real Egeria has none)."""

    class_: str | None = Field("CapabilitiesResponse", alias="class")
    capabilities: list[str] = Field(default_factory=list)


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
