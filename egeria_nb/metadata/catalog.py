"""The catalog client: what connectors write metadata with, and ``find_elements`` for notebooks.

``MetadataCatalog`` writes and reads through Egeria's generic open metadata store API
(egeria-wire.md §8) on one metadata access server, so a connector's catalogue lands the same
on the embedded platform and on a real Egeria. Its methods are async, for connectors on the
daemon's loop; ``catalog.blocking`` offers the same methods, sync, for blocking connectors in
worker threads and for notebook cells.

``synchronize`` makes a whole scope hold what a connector declares. It works call by call
through the generic API (find the scope, then create, update and delete what differs); where
the server offers egeria_nb's batch call (``/capabilities`` lists ``catalog-sync``: the embedded
platform) it sends the scope in one request and one transaction instead, with the same result.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Awaitable, Iterable, Mapping
from dataclasses import KW_ONLY, dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from egeria_nb.arguments import LongText, check_name, checked
from egeria_nb.catalogue import Code
from egeria_nb.client import Platform
from egeria_nb.display import Table
from egeria_nb.errors import InvalidParameterError, ServerNotKnownError, UnexpectedResponseError
from egeria_nb.metadata.open_metadata import OpenMetadataStore, Parent, gather_bounded, property_error
from egeria_nb.typedefs import PropertyTypeError, TypeRegistry, plain_checked
from egeria_nb.wire.assembly import CATALOG_TARGET
from egeria_nb.wire.catalog import (
    CapabilitiesResponse,
    ChangesResponse,
    SyncElement,
    SyncRelationship,
    SyncRequestBody,
    SyncResponse,
    SyncScope,
)
from egeria_nb.wire.open_metadata import (
    ElementSummary,
    OpenMetadataElement,
    OpenMetadataRelationship,
    RelationshipSummary,
)
from egeria_nb.wire.properties import python_properties, python_properties_json

__all__ = [
    "CatalogElement",
    "CatalogRelationship",
    "CatalogTarget",
    "MetadataCatalog",
    "MetadataElement",
    "MetadataRelationship",
    "SyncResult",
    "elements_frame",
    "find_elements",
]

ANCHORS = "Anchors"
# Egeria's answer for a GUID it does not know.
UNKNOWN_GUID = Code.UNKNOWN_GUID.message_id
ROOT = "OpenMetadataRoot"
# Writes a call-by-call synchronize keeps under way at once.
SYNC_IN_FLIGHT = 16
# End GUIDs sent in one relationship search (a scope can hold tens of thousands of elements).
ENDS_PER_SEARCH = 500


# -- what a connector declares --------------------------------------------------------------------


@checked
@dataclass(frozen=True)
class CatalogElement:
    """An element to declare in ``MetadataCatalog.synchronize``: type, qualified name, properties, classifications.

    Values are Python values typed as Egeria's type declares each attribute (see ``OpenMetadataStore``).
    """

    type_name: str
    qualified_name: LongText
    properties: Mapping[str, Any] = field(default_factory=dict)
    _: KW_ONLY
    # Classification name -> its properties (None or {} for none).
    classifications: Mapping[str, Mapping[str, Any] | None] = field(default_factory=dict)
    # The qualified name of the element of the same synchronize this one is anchored to (None:
    # its own anchor). Deleting the anchor deletes it too, as Egeria does for a file's schema.
    anchor: str | None = None


@checked
@dataclass(frozen=True)
class CatalogRelationship:
    """A relationship between two elements of the same ``synchronize`` call, by qualified name."""

    type_name: str
    end1_qualified_name: LongText
    end2_qualified_name: LongText
    properties: Mapping[str, Any] = field(default_factory=dict)


# -- what a catalog answers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MetadataElement:
    """An element as stored: dates as ``datetime``, enums by name, classifications by name."""

    guid: str
    type_name: str
    qualified_name: str | None
    properties: dict[str, Any]
    classifications: dict[str, dict[str, Any]] = field(default_factory=dict)
    version: int = 0
    created_by: str | None = None
    updated_by: str | None = None
    create_time: datetime | None = None
    update_time: datetime | None = None


@dataclass(frozen=True)
class MetadataRelationship:
    guid: str
    type_name: str
    end1_guid: str
    end2_guid: str
    properties: dict[str, Any]
    version: int = 0
    create_time: datetime | None = None
    update_time: datetime | None = None


@dataclass(frozen=True)
class CatalogTarget:
    """An element an integration connector is asked to work on: the ``CatalogTarget`` relationship
    from the connector (its properties, e.g. ``catalogTargetName``, ``configurationProperties``)
    and the element at its other end, as Egeria's connectors read them."""

    relationship_guid: str
    catalog_target_name: str | None
    properties: dict[str, Any]
    element: MetadataElement


@dataclass(frozen=True)
class SyncResult:
    """What a ``synchronize`` changed; ``guids`` maps each declared qualified name to its element's GUID."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    relationships_added: int = 0
    relationships_removed: int = 0
    guids: dict[str, str] = field(default_factory=dict)
    # True when the server's batch call did the work (one request, one transaction).
    accelerated: bool = False


def element_of(element: OpenMetadataElement) -> MetadataElement:
    versions = element.versions
    properties = python_properties(element.element_properties)
    return MetadataElement(
        guid=element.element_guid or "",
        type_name=element.type_name or "",
        qualified_name=properties.get("qualifiedName"),
        properties=properties,
        classifications={
            c.classification_name: python_properties(c.classification_properties)
            for c in element.classifications or []
            if c.classification_name
        },
        version=(versions.version if versions else None) or 0,
        created_by=versions.created_by if versions else None,
        updated_by=versions.updated_by if versions else None,
        create_time=versions.create_time if versions else None,
        update_time=versions.update_time if versions else None,
    )


def _moment(text: Any) -> datetime | None:
    return datetime.fromisoformat(text) if isinstance(text, str) else None


def element_of_summary(summary: ElementSummary) -> MetadataElement:
    versions = summary.json.get("versions") or {}
    return MetadataElement(
        guid=summary.guid,
        type_name=summary.type_name,
        qualified_name=summary.qualified_name,
        properties=summary.python_properties(),
        classifications=summary.python_classifications(),
        version=versions.get("version") or 0,
        created_by=versions.get("createdBy"),
        updated_by=versions.get("updatedBy"),
        create_time=_moment(versions.get("createTime")),
        update_time=_moment(versions.get("updateTime")),
    )


def relationship_of_summary(summary: RelationshipSummary) -> MetadataRelationship:
    versions = summary.json.get("versions") or {}
    return MetadataRelationship(
        guid=summary.guid,
        type_name=summary.type_name,
        end1_guid=summary.end1_guid,
        end2_guid=summary.end2_guid,
        properties=python_properties_json(summary.json.get("relationshipProperties")),
        version=versions.get("version") or 0,
        create_time=_moment(versions.get("createTime")),
        update_time=_moment(versions.get("updateTime")),
    )


def relationship_of(relationship: OpenMetadataRelationship) -> MetadataRelationship:
    versions = relationship.versions
    return MetadataRelationship(
        guid=relationship.relationship_guid or "",
        type_name=(relationship.relationship_type.type_name if relationship.relationship_type else None) or "",
        end1_guid=relationship.element_guid_at_end1 or "",
        end2_guid=relationship.element_guid_at_end2 or "",
        properties=python_properties(relationship.relationship_properties),
        version=(versions.version if versions else None) or 0,
        create_time=versions.create_time if versions else None,
        update_time=versions.update_time if versions else None,
    )


# -- the catalog ---------------------------------------------------------------------------------------


class MetadataCatalog:
    """Create, find, update and delete metadata on one metadata access server, through Egeria's generic API.

    ``accelerate=False`` never uses the embedded platform's batch call, so ``synchronize`` makes
    exactly the calls it would make against a real Egeria.
    """

    @checked
    def __init__(self, platform: Platform, metadata_server: str, *, accelerate: bool = True) -> None:
        self.platform = platform
        self.metadata_server = check_name(metadata_server, "metadata_server")
        self.store = OpenMetadataStore(platform, self.metadata_server)
        self.accelerate = accelerate
        self._extensions = platform.paths.egeria_nb(self.metadata_server)
        self._capabilities: frozenset[str] | None = None

    def __repr__(self) -> str:
        return f"MetadataCatalog({self.platform.url!r}, {self.metadata_server!r})"

    @property
    def registry(self) -> TypeRegistry:
        """Egeria's open metadata types, which every value is checked against before it is sent."""
        return self.store.registry

    @functools.cached_property
    def blocking(self) -> _Blocking:
        """The same methods, sync: for blocking connectors' worker threads and notebook cells."""
        return _Blocking(self)

    async def capabilities(self) -> frozenset[str]:
        """Which egeria_nb extensions the server offers (none on a real Egeria); asked once."""
        if self._capabilities is None:
            try:
                answer = await self.platform.acall(
                    "GET", self._extensions + "/capabilities", response=CapabilitiesResponse
                )
                self._capabilities = frozenset(answer.capabilities)
            except ServerNotKnownError:
                raise  # the metadata server is not running (yet): ask again later
            except (UnexpectedResponseError, InvalidParameterError):
                # No such path: a real Egeria, or an embedded platform started without extensions.
                self._capabilities = frozenset()
        return self._capabilities

    # -- elements ---------------------------------------------------------------------

    @checked
    async def create_element(
        self,
        type_name: str,
        qualified_name: LongText | None = None,
        properties: Mapping[str, Any] | None = None,
        *,
        classifications: Mapping[str, Mapping[str, Any] | None] | None = None,
        parent: Parent | None = None,
        anchor_guid: str | None = None,
    ) -> MetadataElement:
        """Create one element: ``await catalog.create_element("DataFile", uri, {"fileName": "a.csv"})``.

        ``parent=Parent(folder_guid, "NestedFile")`` makes its parent relationship in the same call;
        ``anchor_guid`` anchors it to another element, so deleting that one deletes it too.
        """
        props = dict(properties or {})
        if qualified_name is not None:
            props["qualifiedName"] = qualified_name
        guid = await self.store.create(
            check_name(type_name, "type_name"),
            props,
            classifications=classifications,
            parent=parent,
            anchor_guid=anchor_guid,
        )
        return await self.get_element(guid)

    @checked
    async def get_element(self, guid: str) -> MetadataElement:
        """The element with this GUID (an error if there is none)."""
        return element_of(await self.store.get(check_name(guid, "guid")))

    @checked
    async def find_element(self, type_name: str, qualified_name: LongText) -> MetadataElement | None:
        """The element of this type (or a subtype) and qualified name, or None."""
        found = await self.store.by_name(check_name(type_name, "type_name"), qualified_name)
        return element_of(found) if found is not None else None

    @checked
    async def find_elements(
        self,
        type_name: str | None = None,
        *,
        qualified_name_prefix: LongText | None = None,
        page_size: int = 1000,
        **filters: Any,
    ) -> list[MetadataElement]:
        """Every element of a type and its subtypes (any type if None) whose properties equal ``filters``."""
        conditions = [self.store.condition(type_name, name, value) for name, value in filters.items()]
        if qualified_name_prefix:
            conditions.append(self.store.condition(type_name, "qualifiedName", qualified_name_prefix, "STARTS_WITH"))
        # Egeria's find needs a type: every element is an OpenMetadataRoot.
        found = await self.store.find_summaries(type_name or ROOT, where=conditions, page_size=page_size)
        return [element_of_summary(e) for e in found]

    @checked
    async def update_element(self, guid: str, properties: Mapping[str, Any], *, merge: bool = True) -> MetadataElement:
        """Change the element's properties; ``merge=False`` replaces them all (keep ``qualifiedName`` then)."""
        current = await self.get_element(guid)
        await self.store.update(guid, current.type_name, properties, merge=merge)
        return await self.get_element(guid)

    @checked
    async def delete_element(self, guid: str) -> None:
        """Delete the element, its relationships and the elements anchored to it."""
        await self.store.delete(check_name(guid, "guid"))

    # -- relationships ----------------------------------------------------------------

    @checked
    async def create_relationship(
        self, type_name: str, end1_guid: str, end2_guid: str, properties: Mapping[str, Any] | None = None
    ) -> MetadataRelationship:
        """Relate two elements, e.g. ``await catalog.create_relationship("NestedFile", folder.guid, file.guid)``."""
        guid = await self.store.relate(check_name(type_name, "type_name"), end1_guid, end2_guid, properties)
        return relationship_of(await self.store.relationship(guid))

    @checked
    async def relationships(
        self,
        type_name: str | None = None,
        *,
        end1_guid: str | None = None,
        end2_guid: str | None = None,
        page_size: int = 1000,
    ) -> list[MetadataRelationship]:
        """Every relationship of a type and its subtypes (any type if None), narrowed to the ends given."""
        found = await self.store.find_relationships(
            type_name,
            end1=[end1_guid] if end1_guid else None,
            end2=[end2_guid] if end2_guid else None,
            page_size=page_size,
        )
        return [relationship_of_summary(r) for r in found]

    @checked
    async def update_relationship(
        self, guid: str, properties: Mapping[str, Any], *, merge: bool = True
    ) -> MetadataRelationship:
        """Change a relationship's properties (merged unless ``merge=False``); returns it as it is now."""
        current = relationship_of(await self.store.relationship(guid))
        await self.store.update_relationship(guid, current.type_name, properties, merge=merge)
        return relationship_of(await self.store.relationship(guid))

    @checked
    async def delete_relationship(self, guid: str) -> None:
        """Delete the relationship with this GUID (its ends stay)."""
        await self.store.delete_relationship(guid)

    @checked
    async def catalog_targets(self, connector_guid: str) -> list[CatalogTarget]:
        """The connector's catalog targets: its ``CatalogTarget`` relationships (connector at end 1)."""
        related = await self.store.related(
            check_name(connector_guid, "connector_guid"), CATALOG_TARGET, starting_at_end=1
        )
        targets = []
        for r in related:
            properties = python_properties(r.relationship_properties)
            if r.element is not None:
                targets.append(
                    CatalogTarget(
                        r.relationship_guid or "",
                        properties.get("catalogTargetName"),
                        properties,
                        element_of(r.element),
                    )
                )
        return targets

    # -- declarative ------------------------------------------------------------------

    @checked
    async def synchronize(
        self,
        *,
        type_names: Iterable[str],
        qualified_name_prefix: LongText,
        elements: Iterable[CatalogElement],
        relationships: Iterable[CatalogRelationship] = (),
        relationship_type_names: Iterable[str] | None = None,
    ) -> SyncResult:
        """Make the metadata in a scope exactly what you declare.

        The scope is every element of ``type_names`` (and their subtypes) whose qualified name
        starts with ``qualified_name_prefix``: declared elements are added or updated (unchanged
        ones are left alone, classifications included), the rest of the scope is deleted, and the
        relationships between the scope's elements, of ``relationship_type_names`` (None: of every
        type), are made to match ``relationships``. Everything is checked against Egeria's types
        before anything is written.

        Call by call through the generic API, a failure part way leaves the scope partly changed;
        the next call finishes the job. Through the batch call it is one transaction.
        """
        plan = _Plan.checked(
            self.registry,
            list(type_names),
            qualified_name_prefix,
            list(elements),
            list(relationships),
            None if relationship_type_names is None else list(relationship_type_names),
        )
        if self.accelerate and "catalog-sync" in await self.capabilities():
            return await self._synchronize_in_one_call(plan)
        return await _CallByCall(self.store, plan).run()

    async def _synchronize_in_one_call(self, plan: _Plan) -> SyncResult:
        # Built unchecked: every value was checked in the plan, and a scope can hold tens of thousands.
        body = SyncRequestBody.model_construct(
            scope=SyncScope.model_construct(
                type_names=plan.type_names,
                qualified_name_prefix=plan.prefix,
                relationship_type_names=plan.relationship_types,
            ),
            elements=[
                SyncElement.model_construct(
                    type_name=d.type_name,
                    properties=d.values,
                    classifications=d.classifications,
                    anchor_qualified_name=d.given.anchor,
                )
                for d in plan.elements.values()
            ],
            relationships=[
                SyncRelationship.model_construct(
                    type_name=t, end1_qualified_name=e1, end2_qualified_name=e2, properties=values
                )
                for (t, e1, e2), values in plan.relationships.items()
            ],
        ).to_wire()
        answer = await self.platform.acall("POST", self._extensions + "/catalog/sync", json=body, response=SyncResponse)
        return SyncResult(
            added=answer.added,
            updated=answer.updated,
            unchanged=answer.unchanged,
            removed=answer.removed,
            relationships_added=answer.relationships_added,
            relationships_removed=answer.relationships_removed,
            guids=answer.guids,
            accelerated=True,
        )

    # -- change feed ------------------------------------------------------------------

    @checked
    async def changes(
        self,
        after: int,
        *,
        wait_s: float = 0.0,
        limit: int = 1000,
        type_names: Iterable[str] = (),
        timeout_s: float | None = None,
    ) -> ChangesResponse:
        """Changes with a sequence number above ``after``; waits up to ``wait_s`` if there are none yet.

        An egeria_nb extension (the embedded platform has it; a real Egeria does not).
        ``after=-1`` just reports the current ``last_sequence``. ``type_names`` keeps only changes of those types.
        """
        params = [("after", str(after)), ("waitSeconds", f"{wait_s:g}"), ("maximumResults", str(limit))]
        params += [("typeName", t) for t in type_names]
        seconds = timeout_s if timeout_s is not None else max(self.platform.timeout_s, wait_s + 10)
        return await self.platform.acall(
            "GET", self._extensions + "/changes", params=params, response=ChangesResponse, timeout_s=seconds
        )


# -- synchronize, checked and planned -------------------------------------------------------------------


@dataclass(frozen=True)
class _Declared:
    type_name: str
    # Plain values (dates as epoch milliseconds, enums by name), as the store keeps and returns them.
    values: dict[str, Any]
    classifications: dict[str, dict[str, Any]]
    # The Python values the caller gave, for the typed calls of the generic API.
    given: CatalogElement


@dataclass(frozen=True)
class _Plan:
    type_names: list[str]
    prefix: str
    scope_types: frozenset[str]
    elements: dict[str, _Declared]
    relationships: dict[tuple[str, str, str], dict[str, Any]]
    relationship_types: list[str] | None
    owned_relationship_types: frozenset[str] | None

    @classmethod
    def checked(
        cls,
        registry: TypeRegistry,
        type_names: list[str],
        prefix: str,
        elements: list[CatalogElement],
        relationships: list[CatalogRelationship],
        relationship_types: list[str] | None,
    ) -> _Plan:
        """The declared scope with every value typed and checked; an error naming the first problem."""
        if not type_names:
            raise _sync_error("type_names", "[]", "Name at least one element type the scope holds.")
        if not isinstance(prefix, str) or not prefix.strip():
            raise _sync_error(
                "qualified_name_prefix", repr(prefix), "Give the text every qualified name in the scope starts with."
            )
        for name in type_names:
            _check_type(registry, name, "entity", "type_names")
        for name in relationship_types or []:
            _check_type(registry, name, "relationship", "relationship_type_names")
        scope_types = registry.subtypes_of_all(type_names)
        declared: dict[str, _Declared] = {}
        for element in elements:
            name = element.qualified_name
            _check_type(registry, element.type_name, "entity", f"the type of {name!r}")
            if element.type_name not in scope_types:
                raise _sync_error(
                    "elements",
                    f"{name!r} ({element.type_name})",
                    "Declare only elements of the scope's types: " + ", ".join(type_names) + " (or their subtypes).",
                )
            if not isinstance(name, str) or not name.startswith(prefix):
                raise _sync_error("elements", repr(name), f"Every qualified name in the scope starts with {prefix!r}.")
            if name in declared:
                raise _sync_error("elements", repr(name), "Declare each qualified name once.")
            values = _plain(registry, element.type_name, {**element.properties, "qualifiedName": name}, repr(name))
            classifications: dict[str, dict[str, Any]] = {}
            for classification, props in element.classifications.items():
                typedef = _check_type(registry, classification, "classification", f"the classifications of {name!r}")
                valid = typedef.valid_entities
                if valid and not any(registry.is_a(element.type_name, v) for v in valid):
                    raise _sync_error(
                        f"the classifications of {name!r}",
                        classification,
                        f"{classification} classifies only " + " or ".join(valid) + f", not {element.type_name}.",
                    )
                classifications[classification] = _plain(registry, classification, props or {}, classification)
            declared[name] = _Declared(element.type_name, values, classifications, element)
        for name, element in declared.items():
            anchor = element.given.anchor
            if anchor is None:
                continue
            if anchor == name or anchor not in declared:
                raise _sync_error(
                    f"the anchor of {name!r}", repr(anchor), "Anchor an element to another element of the same call."
                )
            if declared[anchor].given.anchor is not None:
                raise _sync_error(
                    f"the anchor of {name!r}",
                    repr(anchor),
                    f"{anchor!r} is anchored itself: anchor {name!r} to {declared[anchor].given.anchor!r} instead.",
                )
        wanted: dict[tuple[str, str, str], dict[str, Any]] = {}
        owned = registry.subtypes_of_all(relationship_types) if relationship_types is not None else None
        for relationship in relationships:
            typedef = _check_type(registry, relationship.type_name, "relationship", "relationships")
            if owned is not None and relationship.type_name not in owned:
                raise _sync_error(
                    "relationships",
                    relationship.type_name,
                    "Declare only relationships of relationship_type_names: " + ", ".join(relationship_types or []),
                )
            ends = []
            for end_name, end in (
                (relationship.end1_qualified_name, typedef.end1),
                (relationship.end2_qualified_name, typedef.end2),
            ):
                found = declared.get(end_name)
                if found is None:
                    raise _sync_error(
                        "relationships",
                        f"{relationship.type_name} {end_name!r}",
                        "Both ends of a relationship must be elements of the same synchronize call.",
                    )
                if end is not None and not registry.is_a(found.type_name, end.type_name):
                    raise _sync_error(
                        "relationships",
                        f"{relationship.type_name} {end_name!r} ({found.type_name})",
                        f"{relationship.type_name} links {typedef.end1.type_name} (end 1) to "  # type: ignore[union-attr]
                        f"{typedef.end2.type_name} (end 2).",  # type: ignore[union-attr]
                    )
                ends.append(end_name)
            key = (relationship.type_name, ends[0], ends[1])
            wanted[key] = _plain(registry, relationship.type_name, relationship.properties, relationship.type_name)
        return cls(type_names, prefix, scope_types, declared, wanted, relationship_types, owned)


def _check_type(registry: TypeRegistry, name: str, category: str, what: str) -> Any:
    typedef = registry.get(name) if isinstance(name, str) else None
    if typedef is None or typedef.category != category:
        close = difflib.get_close_matches(str(name), registry.names(category), n=1)  # type: ignore[arg-type]
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise _sync_error(what, repr(name), f"Name an open metadata {category} type.{hint}")
    return typedef


def _plain(registry: TypeRegistry, type_name: str, values: Mapping[str, Any], what: str) -> dict[str, Any]:
    try:
        return plain_checked(registry, type_name, values)
    except PropertyTypeError as problem:
        raise property_error(problem, f"{type_name} {what}" if what != type_name else type_name) from None


def _sync_error(what: str, value: str, action: str) -> InvalidParameterError:
    return Code.SYNC_REFUSED.error(what, value, action)


class _CallByCall:
    """``synchronize`` through the generic API alone: read the scope, then change what differs."""

    def __init__(self, store: OpenMetadataStore, plan: _Plan) -> None:
        self.store = store
        self.plan = plan
        self.counts: dict[str, int] = dict.fromkeys(
            ("added", "updated", "unchanged", "removed", "relationships_added", "relationships_removed"), 0
        )
        self.guids: dict[str, str] = {}

    async def run(self) -> SyncResult:
        plan = self.plan
        existing = await self._scope()
        stale = self._stale(existing)
        await gather_bounded([lambda e=existing[n]: self._delete(e) for n in stale], SYNC_IN_FLIGHT)
        self.counts["removed"] = len(stale)
        kept = {n: e for n, e in existing.items() if n not in stale}
        for name, element in kept.items():
            self.guids[name] = element.guid
        current = await self._relationships(kept)
        await gather_bounded([lambda n=n, e=e: self._update(n, e) for n, e in kept.items()], SYNC_IN_FLIGHT)
        made_with = await self._create([n for n in plan.elements if n not in kept])
        await self._relate(current, made_with)
        return SyncResult(**self.counts, guids={n: self.guids[n] for n in plan.elements})

    def _stale(self, existing: Mapping[str, ElementSummary]) -> set[str]:
        """The scope's elements to delete: not declared, or declared with another type or anchor.

        The generic API can neither retype an element nor move it to another anchor, so such
        an element is made again.
        """
        declared = self.plan.elements
        stale = {n for n, e in existing.items() if n not in declared or e.type_name != declared[n].type_name}
        # Own anchors first: whether an anchored element is kept depends on its anchor being kept.
        for anchored in (False, True):
            for name, element in existing.items():
                if name in stale or (declared[name].given.anchor is not None) != anchored:
                    continue
                want = declared[name].given.anchor
                have = element.classifications.get(ANCHORS, {}).get("anchorGUID")
                if want is None:
                    keep = have in (None, element.guid)
                else:
                    anchor = existing.get(want)
                    keep = anchor is not None and want not in stale and have == anchor.guid
                if not keep:
                    stale.add(name)
        return stale

    async def _delete(self, element: ElementSummary) -> None:
        try:
            await self.store.delete(element.guid)
        except InvalidParameterError as error:
            if error.message_id != UNKNOWN_GUID:
                raise  # else it went already, with the element it is anchored to

    async def _scope(self) -> dict[str, ElementSummary]:
        found: dict[str, ElementSummary] = {}
        for type_name in self.plan.type_names:
            condition = self.store.condition(type_name, "qualifiedName", self.plan.prefix, "STARTS_WITH")
            for element in await self.store.find_summaries(type_name, where=[condition]):
                name = element.qualified_name
                if name is not None and name.startswith(self.plan.prefix):
                    found[name] = element
        return found

    async def _relationships(
        self, kept: Mapping[str, ElementSummary]
    ) -> dict[tuple[str, str, str], RelationshipSummary]:
        """The relationships between kept scope elements that the scope owns, by (type, end 1, end 2) name."""
        names = {e.guid: n for n, e in kept.items()}
        guids = list(names)
        chunks = [guids[i : i + ENDS_PER_SEARCH] for i in range(0, len(guids), ENDS_PER_SEARCH)]
        pages = await gather_bounded(
            [lambda c=c: self.store.find_relationships(None, end1=c) for c in chunks], SYNC_IN_FLIGHT
        )
        owned = self.plan.owned_relationship_types
        current: dict[tuple[str, str, str], RelationshipSummary] = {}
        for page in pages:
            for relationship in page:
                type_name = relationship.type_name
                end1, end2 = names.get(relationship.end1_guid), names.get(relationship.end2_guid)
                if end1 and end2 and (owned is None or type_name in owned):
                    current[(type_name, end1, end2)] = relationship
        return current

    async def _update(self, name: str, element: ElementSummary) -> None:
        declared = self.plan.elements[name]
        changed = False
        if element.properties != declared.values:
            await self.store.update(
                element.guid,
                declared.type_name,
                {**declared.given.properties, "qualifiedName": name},
                merge=False,
            )
            changed = True
        had = {c: values for c, values in element.classifications.items() if c != ANCHORS}
        guid = element.guid
        for classification in had.keys() - declared.classifications.keys():
            await self.store.declassify(guid, classification)
            changed = True
        for classification, values in declared.classifications.items():
            given = declared.given.classifications[classification] or {}
            if classification not in had:
                await self.store.classify(guid, classification, given)
                changed = True
            elif had[classification] != values:
                await self.store.reclassify(guid, classification, given, merge=False)
                changed = True
        self.counts["updated" if changed else "unchanged"] += 1

    async def _create(self, new: list[str]) -> set[tuple[str, str, str]]:
        """Create the new elements, each with one of its relationships where the other end exists first.

        Returns the relationships made that way. Elements are made in waves: an element whose
        parent is new too waits for the wave that makes its parent.
        """
        plan = self.plan
        pending = set(new)

        def anchor_of(name: str) -> str | None:
            return plan.elements[name].given.anchor

        # Each new element's parent: the other end of one of its relationships, preferring the
        # element at end 1 (as Egeria's parentAtEnd1 does), never one anchored to it (that one waits for it).
        parent_of: dict[str, tuple[tuple[str, str, str], bool]] = {}
        for key in plan.relationships:
            _, end1, end2 = key
            if end1 == end2:
                continue
            if end2 in pending and end2 not in parent_of and anchor_of(end1) != end2:
                parent_of[end2] = (key, True)
            elif end1 in pending and end1 not in parent_of and anchor_of(end2) != end1:
                parent_of[end1] = (key, False)

        def parent_name(name: str) -> str | None:
            link = parent_of.get(name)
            return None if link is None else (link[0][1] if link[1] else link[0][2])

        made_with: set[tuple[str, str, str]] = set()
        while pending:
            wave = [
                name
                for name in new
                if name in pending and all(d is None or d in self.guids for d in (parent_name(name), anchor_of(name)))
            ]
            if not wave:
                # Parents that wait on one another (a cycle): make one of them without its parent.
                waiting = next(n for n in new if n in pending and parent_name(n) in pending)
                parent_of.pop(waiting)
                continue

            async def make(name: str) -> None:
                declared = plan.elements[name]
                parent = None
                link = parent_of.get(name)
                if link is not None:
                    key, at_end1 = link
                    other = key[1] if at_end1 else key[2]
                    parent = Parent(
                        self.guids[other], key[0], at_end1=at_end1, properties=plan.relationships[key] or None
                    )
                    made_with.add(key)
                anchor = declared.given.anchor
                self.guids[name] = await self.store.create(
                    declared.type_name,
                    {**declared.given.properties, "qualifiedName": name},
                    classifications={c: p or None for c, p in declared.given.classifications.items()} or None,
                    parent=parent,
                    anchor_guid=self.guids[anchor] if anchor is not None else None,
                )

            await gather_bounded([lambda n=n: make(n) for n in wave], SYNC_IN_FLIGHT)
            pending.difference_update(wave)
            self.counts["added"] += len(wave)
        self.counts["relationships_added"] += len(made_with)
        return made_with

    async def _relate(
        self, current: dict[tuple[str, str, str], RelationshipSummary], made_with: set[tuple[str, str, str]]
    ) -> None:
        plan, store, calls = self.plan, self.store, []
        for key, values in plan.relationships.items():
            if key in made_with:
                continue
            type_name, end1, end2 = key
            relationship = current.get(key)
            if relationship is None:
                props = values or None
                calls.append(
                    lambda t=type_name, a=end1, b=end2, p=props: store.relate(t, self.guids[a], self.guids[b], p)
                )
                self.counts["relationships_added"] += 1
            elif relationship.properties != values:
                calls.append(
                    lambda r=relationship, t=type_name, k=key: store.update_relationship(
                        r.guid, t, plan.relationships[k], merge=False
                    )
                )
        for key, relationship in current.items():
            if key not in plan.relationships:
                calls.append(lambda r=relationship: store.delete_relationship(r.guid))
                self.counts["relationships_removed"] += 1
        await gather_bounded(calls, SYNC_IN_FLIGHT)


class _Blocking:
    """Sync versions of ``MetadataCatalog``'s methods (``catalog.blocking.find_elements(...)``)."""

    def __init__(self, catalog: MetadataCatalog) -> None:
        self._catalog = catalog

    def __dir__(self) -> list[str]:
        # Tab completion shows the catalog's calls, which __getattr__ answers but dir() cannot see.
        return sorted(n for n in dir(type(self._catalog)) if not n.startswith("_") and n != "blocking")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        method = getattr(self._catalog, name)
        if not callable(method):
            return method  # a setting such as metadata_server or accelerate

        @functools.wraps(method)
        def call(*args: Any, **kwargs: Any) -> Any:
            result: Awaitable[Any] = method(*args, **kwargs)
            return self._catalog.platform.run(result)  # type: ignore[arg-type]

        return call


def elements_frame(elements: Iterable[MetadataElement]) -> pd.DataFrame:
    """One row per element: GUID, type, qualified name, each property, then ``Classification.property`` columns."""
    rows = []
    for el in elements:
        props = {k: v for k, v in el.properties.items() if k != "qualifiedName"}
        for classification, values in el.classifications.items():
            if classification != ANCHORS:
                props.update({f"{classification}.{k}": v for k, v in values.items()})
        rows.append({"guid": el.guid, "type_name": el.type_name, "qualified_name": el.qualified_name, **props})
    frame = Table(rows)
    if frame.empty:
        return Table(columns=["guid", "type_name", "qualified_name"])
    return frame


@checked
def find_elements(
    platform: Platform, metadata_server: str, type_name: str | None = None, **filters: Any
) -> pd.DataFrame:
    """The elements of a type (and its subtypes) on a metadata server as a table (filters: property=value).

    For example, the CSV files a folder cataloguer has catalogued::

        enb.find_elements(platform, "active-metadata-store", "DataFile", fileType="text/csv")
    """
    catalog = MetadataCatalog(platform, metadata_server)
    return elements_frame(platform.run(catalog.find_elements(type_name, **filters)))
