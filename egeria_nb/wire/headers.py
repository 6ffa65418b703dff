"""What every Egeria element, relationship and classification says about itself: type, origin, versions.

Shared by the governance-configuration beans (``ElementHeader``, egeria-wire.md §3.2)
and the open metadata framework beans (``ElementControlHeader``, §8).
"""

from __future__ import annotations

from pydantic import Field

from egeria_nb.wire.base import EgeriaDate, WireModel

__all__ = ["ElementControlHeader", "ElementHeader", "ElementOrigin", "ElementType", "ElementVersions"]


class ElementType(WireModel):
    type_id: str | None = Field(None, alias="typeId")
    type_name: str | None = Field(None, alias="typeName")
    # Most specific first, as Egeria lists them.
    super_type_names: list[str] | None = Field(None, alias="superTypeNames")
    type_version: int | None = Field(None, alias="typeVersion")
    type_description: str | None = Field(None, alias="typeDescription")
    # ENTITY_DEF, RELATIONSHIP_DEF or CLASSIFICATION_DEF
    type_category: str | None = Field(None, alias="typeCategory")


class ElementOrigin(WireModel):
    source_server: str | None = Field(None, alias="sourceServer")
    origin_category: str | None = Field(None, alias="originCategory")
    home_metadata_collection_id: str | None = Field(None, alias="homeMetadataCollectionId")
    home_metadata_collection_name: str | None = Field(None, alias="homeMetadataCollectionName")
    license: str | None = None


class ElementVersions(WireModel):
    created_by: str | None = Field(None, alias="createdBy")
    updated_by: str | None = Field(None, alias="updatedBy")
    maintained_by: list[str] | None = Field(None, alias="maintainedBy")
    create_time: EgeriaDate | None = Field(None, alias="createTime")
    update_time: EgeriaDate | None = Field(None, alias="updateTime")
    version: int | None = None


class ElementHeader(WireModel):
    """The governance-configuration service's header (it carries ``class`` and ``guid``)."""

    class_: str | None = Field("ElementHeader", alias="class")
    header_version: int | None = Field(0, alias="headerVersion")
    status: str | None = "ACTIVE"
    type: ElementType | None = None
    origin: ElementOrigin | None = None
    versions: ElementVersions | None = None
    guid: str | None = None


class ElementControlHeader(WireModel):
    """The open metadata framework's header: elements, relationships and classifications extend it."""

    header_version: int = Field(0, alias="headerVersion")
    status: str | None = "ACTIVE"
    type: ElementType | None = None
    origin: ElementOrigin | None = None
    versions: ElementVersions | None = None
