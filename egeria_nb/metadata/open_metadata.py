"""Egeria's generic open metadata store API from Python: ``OpenMetadataStore`` (egeria-wire.md §8).

Every write egeria_nb makes to a metadata server goes through here, on the same
paths a real Egeria 6.x serves, so it works the same against the embedded platform
and a real Egeria. Values go in as Python values (``str``, ``int``, ``bool``,
``datetime``, ``dict``, ``list``) and are sent with the type Egeria declares for
each attribute (Egeria checks the types exactly: a ``long`` must arrive as a
``long``); a value that cannot be its attribute's type, or a property the type does
not have, is refused here, before anything is sent.

By default a store talks to a metadata access server (``/servers/{md}/open-metadata/
access-services/open-metadata-store/users/{user}``, what Egeria's Java daemon and
connectors call); ``view_server=True`` names a view server instead (``/servers/{view}/
api/open-metadata/metadata-expert``, what pyegeria calls).
"""

from __future__ import annotations

import asyncio
import difflib
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass
from datetime import datetime
from typing import Any, TypeVar

from egeria_nb.arguments import LongText, checked
from egeria_nb.catalogue import Code
from egeria_nb.client import Platform, segment
from egeria_nb.errors import InvalidParameterError
from egeria_nb.typedefs import PropertyTypeError, TypeRegistry, open_metadata_types, typed_properties, typed_value
from egeria_nb.wire import VoidResponse
from egeria_nb.wire.open_metadata import (
    ElementSummary,
    FindRelationshipRequestBody,
    FindRequestBody,
    GetRequestBody,
    MetadataSourceRequestBody,
    NewOpenMetadataClassificationRequestBody,
    NewOpenMetadataElementRequestBody,
    NewRelatedElementsRequestBody,
    OpenMetadataDeleteRequestBody,
    OpenMetadataElement,
    OpenMetadataElementResponse,
    OpenMetadataElementsResponse,
    OpenMetadataRelationship,
    OpenMetadataRelationshipListResponse,
    OpenMetadataRelationshipResponse,
    RelatedMetadataElement,
    RelatedMetadataElementListResponse,
    RelationshipSummary,
    ResultsRequestBody,
    UpdatePropertiesRequestBody,
    element_summaries,
    relationship_summaries,
)
from egeria_nb.wire.properties import NewElementProperties
from egeria_nb.wire.responses import BooleanResponse, GUIDResponse
from egeria_nb.wire.search import ComparisonOperator, MatchCriteria, PropertyCondition, SearchProperties

__all__ = ["DEFAULT_USER", "IN_FLIGHT", "PAGE_SIZE", "OpenMetadataStore", "Parent", "gather_bounded", "property_error"]

# The user in a metadata access server's paths when the platform client has none (a daemon's default).
DEFAULT_USER = "OMAGServer"
# Egeria's default maxPageSize: the most a find asks for at once.
PAGE_SIZE = 1000
# Calls a client keeps under way at once when it has many to make: enough to keep a server busy
# while each answer is parsed, few enough not to queue behind one another for long.
IN_FLIGHT = 8

T = TypeVar("T")


async def gather_bounded(calls: Iterable[Callable[[], Awaitable[T]]], limit: int = IN_FLIGHT) -> list[T]:
    """Run the calls with at most ``limit`` under way, keeping their order in the answers."""
    gate = asyncio.Semaphore(limit)

    async def one(call: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await call()

    return list(await asyncio.gather(*(one(c) for c in calls)))


@checked
@dataclass(frozen=True)
class Parent:
    """The element a new element hangs off, and the relationship that links them (made in the same call)."""

    guid: str
    relationship: str
    _: KW_ONLY
    # True: the parent is at end 1 of the relationship (Egeria's default).
    at_end1: bool = True
    properties: Mapping[str, Any] | None = None


def property_error(problem: PropertyTypeError, what: str) -> InvalidParameterError:
    """A value that does not fit Egeria's type for it, as an error that says what would."""
    if problem.problem == "unknown_property":
        close = difflib.get_close_matches(problem.property_name, problem.valid, n=1)
        hint = f"Did you mean {close[0]!r}? " if close else ""
        action = f"{hint}{problem.type_name or what} has the properties {', '.join(problem.valid)}."
    elif problem.problem == "bad_enum":
        action = "Use one of " + ", ".join(problem.valid) + "."
    else:
        action = f"Give {problem.property_name} as a {' or '.join(problem.valid)} value."
    return Code.PROPERTIES_NOT_VALID.error(what, problem, action)


class OpenMetadataStore:
    """The generic open metadata store API of one metadata access server (or view server)."""

    @checked
    def __init__(
        self,
        platform: Platform,
        server: str,
        *,
        view_server: bool = False,
        registry: TypeRegistry | None = None,
    ) -> None:
        self.platform = platform
        self.server = server
        self.view_server = view_server
        self.registry = registry or open_metadata_types()
        if view_server:
            self._base = platform.paths.metadata_expert(server)
        else:
            self._base = platform.paths.open_metadata_store(server, platform.user_id or DEFAULT_USER)

    def __repr__(self) -> str:
        kind = "view server" if self.view_server else "metadata server"
        return f"OpenMetadataStore({self.platform.url!r}, {kind} {self.server!r})"

    # -- values -----------------------------------------------------------------------------

    @checked
    def typed(self, type_name: str, values: Mapping[str, Any] | None) -> NewElementProperties | None:
        """``values`` typed as ``type_name``'s attributes declare them; an error naming what does not fit.

        A check before writing, with nothing sent: ``store.typed("DataFile", {"fileSize": "big"})`` raises
        naming ``fileSize`` and the kind it takes, where ``{"fileSize": 12}`` returns the typed properties.
        """
        if not values:
            return None
        try:
            typed = typed_properties(self.registry, type_name, values)
        except PropertyTypeError as problem:
            raise property_error(problem, type_name) from None
        return NewElementProperties.model_construct(property_value_map=typed.property_value_map)

    @checked
    def condition(
        self, type_name: str | None, name: str, value: Any, operator: ComparisonOperator = "EQ"
    ) -> PropertyCondition:
        """``name operator value``, the value typed as ``type_name`` declares ``name`` (text if unknown).

        For searches that ``where={name: value}`` cannot say::

            platform.run(store.find("DataFile", where=[store.condition("DataFile", "fileName", ".*sales.*", "LIKE")]))
        """
        declared = self.registry.attributes(type_name).get(name) if type_name else None
        if declared is None and type_name and self.registry.get(type_name) is not None:
            # A property of a subtype is fine (a find returns subtypes); one no subtype has never matches.
            below = {n for t in self.registry.subtypes(type_name) for n in self.registry.attributes(t)}
            if name not in below:
                valid = sorted(self.registry.attributes(type_name))
                problem = PropertyTypeError(
                    "unknown_property", name, f"{type_name} has no property {name!r}", valid=valid, type_name=type_name
                )
                raise property_error(problem, type_name)
        try:
            typed = typed_value(self.registry, declared, value, name=name)
        except PropertyTypeError as problem:
            raise property_error(problem, type_name or "the search") from None
        return PropertyCondition.model_construct(property=name, operator=operator, value=typed, nested_conditions=None)

    def _conditions(
        self, type_name: str | None, where: Mapping[str, Any] | Sequence[PropertyCondition]
    ) -> list[PropertyCondition]:
        """``where`` as conditions: ``{property: value}`` each must equal, or ``condition(...)`` results as they are."""
        if isinstance(where, Mapping):
            return [self.condition(type_name, k, v) for k, v in where.items()]
        return list(where)

    # -- elements ---------------------------------------------------------------------------

    @checked
    async def create(
        self,
        type_name: str,
        properties: Mapping[str, Any],
        *,
        classifications: Mapping[str, Mapping[str, Any] | None] | None = None,
        parent: Parent | None = None,
        anchor_guid: str | None = None,
        effective_from: datetime | None = None,
        effective_to: datetime | None = None,
    ) -> str:
        """Create an element (and its parent relationship and classifications, in the same call); its GUID.

        ``anchor_guid`` anchors the new element to another (Egeria's ``isOwnAnchor: false``): deleting
        that element deletes this one too. Without it the element is its own anchor.
        """
        values = self.typed(type_name, properties) or NewElementProperties.model_construct()
        values.__dict__.update(effective_from=effective_from, effective_to=effective_to)
        body = NewOpenMetadataElementRequestBody(
            type_name=type_name,
            properties=values,
            initial_classifications={n: self.typed(n, p) for n, p in classifications.items()}
            if classifications
            else None,
            is_own_anchor=anchor_guid is None,
            anchor_guid=anchor_guid,
        )
        if parent is not None:
            body.parent_guid = parent.guid
            body.parent_relationship_type_name = parent.relationship
            body.parent_at_end1 = parent.at_end1
            body.parent_relationship_properties = self.typed(parent.relationship, parent.properties)
        answer = await self._post("/metadata-elements", body, GUIDResponse)
        return answer.guid or ""

    @checked
    async def update(self, guid: str, type_name: str, properties: Mapping[str, Any], *, merge: bool = True) -> bool:
        """Change the element's properties (``merge=False``: replace them all); False if nothing changed."""
        typed = self.typed(type_name, properties)
        body = UpdatePropertiesRequestBody(merge_update=merge, properties=typed)
        answer = await self._post(f"/metadata-elements/{segment(guid)}/update-properties", body, BooleanResponse)
        return answer.flag

    @checked
    async def delete(self, guid: str) -> None:
        """Delete the element, its relationships, and the elements anchored to it."""
        await self._post(f"/metadata-elements/{segment(guid)}/delete", OpenMetadataDeleteRequestBody(), VoidResponse)

    @checked
    async def classify(self, guid: str, name: str, properties: Mapping[str, Any] | None = None) -> None:
        """Classify the element: ``await store.classify(guid, "Confidentiality", {"level": 3})``."""
        body = NewOpenMetadataClassificationRequestBody(properties=self.typed(name, properties))
        await self._post(f"/metadata-elements/{segment(guid)}/classifications/{segment(name)}", body, VoidResponse)

    @checked
    async def reclassify(self, guid: str, name: str, properties: Mapping[str, Any], *, merge: bool = True) -> None:
        """Change a classification's properties (merged into the current ones unless ``merge=False``)."""
        body = UpdatePropertiesRequestBody(merge_update=merge, properties=self.typed(name, properties))
        path = f"/metadata-elements/{segment(guid)}/classifications/{segment(name)}/update-properties"
        await self._post(path, body, VoidResponse)

    @checked
    async def declassify(self, guid: str, name: str) -> None:
        """Remove classification ``name`` from the element."""
        path = f"/metadata-elements/{segment(guid)}/classifications/{segment(name)}/delete"
        await self._post(path, MetadataSourceRequestBody(), VoidResponse)

    @checked
    async def get(self, guid: str) -> OpenMetadataElement:
        """The element with this GUID, as Egeria returns it (an error if there is none)."""
        answer = await self._post(f"/metadata-elements/{segment(guid)}", GetRequestBody(), OpenMetadataElementResponse)
        assert answer.element is not None
        return answer.element

    @checked
    async def find(
        self,
        type_name: str | None = None,
        *,
        where: Mapping[str, Any] | Sequence[PropertyCondition] = (),
        match: MatchCriteria = "ALL",
        start: int = 0,
        page_size: int = PAGE_SIZE,
        order: str = "CREATION_DATE_OLDEST",
    ) -> list[OpenMetadataElement]:
        """One page of the elements of a type (and its subtypes) matching ``where``.

        ``where`` is ``{property: value}`` (each must equal) or a list of ``condition(...)`` results.
        """
        body = self._find_body(type_name, where, match, start, page_size, order)
        answer = await self._post("/metadata-elements/by-search-conditions", body, OpenMetadataElementsResponse)
        return answer.elements or []

    @checked
    async def find_all(
        self,
        type_name: str | None = None,
        *,
        where: Mapping[str, Any] | Sequence[PropertyCondition] = (),
        match: MatchCriteria = "ALL",
        page_size: int = PAGE_SIZE,
    ) -> list[OpenMetadataElement]:
        """Every element a ``find`` matches, page by page (oldest first, so paging is stable)."""
        found: list[OpenMetadataElement] = []
        while True:
            page = await self.find(type_name, where=where, match=match, start=len(found), page_size=page_size)
            found.extend(page)
            if len(page) < page_size:
                return found

    @checked
    async def find_summaries(
        self,
        type_name: str | None = None,
        *,
        where: Mapping[str, Any] | Sequence[PropertyCondition] = (),
        match: MatchCriteria = "ALL",
        page_size: int = PAGE_SIZE,
    ) -> list[ElementSummary]:
        """``find_all``, read as ``ElementSummary`` objects: for scans of thousands, where models cost most."""
        found: list[ElementSummary] = []
        while True:
            body = self._find_body(type_name, where, match, len(found), page_size, "CREATION_DATE_OLDEST")
            answer = await self._post("/metadata-elements/by-search-conditions", body, None)
            page = self._summaries(element_summaries, answer.get("elements"), "findMetadataElements")
            found.extend(page)
            if len(page) < page_size:
                return found

    def _find_body(
        self,
        type_name: str | None,
        where: Mapping[str, Any] | Sequence[PropertyCondition],
        match: MatchCriteria,
        start: int,
        page_size: int,
        order: str,
    ) -> FindRequestBody:
        conditions = self._conditions(type_name, where)
        return FindRequestBody(
            metadata_element_type_name=type_name,
            search_properties=SearchProperties(conditions=conditions, match_criteria=match) if conditions else None,
            start_from=start,
            page_size=page_size,
            sequencing_order=order,  # type: ignore[arg-type]
        )

    def _summaries(self, read: Callable[[Any], list[T]], found: Any, operation: str) -> list[T]:
        try:
            return read(found)
        except ValueError as problem:
            raise Code.UNREADABLE_FOUND_ELEMENTS.error(operation, self.server, problem) from None

    @checked
    async def by_name(self, type_name: str, qualified_name: LongText) -> OpenMetadataElement | None:
        """The element of this type (or a subtype) with this qualified name, or None."""
        found = await self.find(type_name, where={"qualifiedName": qualified_name}, page_size=2)
        return found[0] if found else None

    # -- relationships ------------------------------------------------------------------------

    @checked
    async def relate(self, type_name: str, end1: str, end2: str, properties: Mapping[str, Any] | None = None) -> str:
        """Link two elements; where the type allows one link between them, this updates the existing one."""
        body = NewRelatedElementsRequestBody(
            type_name=type_name,
            metadata_element1_guid=end1,
            metadata_element2_guid=end2,
            properties=self.typed(type_name, properties),
        )
        return (await self._post("/related-elements", body, GUIDResponse)).guid or ""

    @checked
    async def update_relationship(
        self, guid: str, type_name: str, properties: Mapping[str, Any], *, merge: bool = True
    ) -> None:
        """Change a relationship's properties, typed as ``type_name`` declares them (merged unless ``merge=False``)."""
        body = UpdatePropertiesRequestBody(merge_update=merge, properties=self.typed(type_name, properties))
        await self._post(f"/related-elements/{segment(guid)}/update-properties", body, VoidResponse)

    @checked
    async def delete_relationship(self, guid: str) -> None:
        """Delete the relationship with this GUID (its ends stay)."""
        body = OpenMetadataDeleteRequestBody()
        await self._post(f"/related-elements/{segment(guid)}/delete", body, VoidResponse)

    @checked
    async def relationship(self, guid: str) -> OpenMetadataRelationship:
        """The relationship with this GUID, as Egeria returns it."""
        path = f"/relationships/by-guid/{segment(guid)}"
        answer = await self._post(path, GetRequestBody(), OpenMetadataRelationshipResponse)
        assert answer.element is not None
        return answer.element

    @checked
    async def related(
        self,
        guid: str,
        relationship_type: str | None = None,
        *,
        starting_at_end: int = 0,
        element_type: str | None = None,
        page_size: int = PAGE_SIZE,
    ) -> list[RelatedMetadataElement]:
        """Every relationship of the element (of a type, if given) with the element at its other end.

        ``starting_at_end`` 1: the element is at end 1, so the others are at end 2; 2: the reverse; 0: either.
        """
        suffix = "/any-type" if relationship_type is None else f"/type/{segment(relationship_type)}"
        path = f"/related-elements/{segment(guid)}{suffix}"
        found: list[RelatedMetadataElement] = []
        while True:
            body = ResultsRequestBody(
                metadata_element_type_name=element_type,
                start_from=len(found),
                page_size=page_size,
                sequencing_order="CREATION_DATE_OLDEST",
            )
            answer = await self._post(
                path, body, RelatedMetadataElementListResponse, params={"startingAtEnd": str(starting_at_end)}
            )
            page = (answer.related_element_list.element_list if answer.related_element_list else None) or []
            found.extend(page)
            if len(page) < page_size:
                return found

    @checked
    async def find_relationships(
        self,
        type_name: str | None = None,
        *,
        end1: Sequence[str] | None = None,
        end2: Sequence[str] | None = None,
        where: Mapping[str, Any] | Sequence[PropertyCondition] = (),
        page_size: int = PAGE_SIZE,
    ) -> list[RelationshipSummary]:
        """Every relationship of a type (any type if None) whose ends are among ``end1`` / ``end2`` and
        whose properties match ``where``, page by page, as ``RelationshipSummary`` objects.

        Egeria reads the end GUIDs only in a search, so a search is always sent when ends are given
        (with no conditions it matches every relationship).
        """
        conditions = self._conditions(type_name, where)
        search = None
        if conditions or end1 or end2 or type_name is None:
            search = SearchProperties.model_construct(conditions=conditions, match_criteria="ALL")
        found: list[RelationshipSummary] = []
        while True:
            body = FindRelationshipRequestBody(
                relationship_type_name=type_name,
                end1_entity_guids=list(end1) if end1 else None,
                end2_entity_guids=list(end2) if end2 else None,
                search_properties=search,
                start_from=len(found),
                page_size=page_size,
                sequencing_order="CREATION_DATE_OLDEST",
            )
            answer = await self._post("/relationships/by-search-conditions", body, None)
            listed = (answer.get("relationshipList") or {}).get("relationships")
            page = self._summaries(relationship_summaries, listed, "findRelationshipsBetweenMetadataElements")
            found.extend(page)
            if len(page) < page_size:
                return found

    @checked
    async def between(
        self, end1: str, end2: str, relationship_type: str | None = None
    ) -> list[OpenMetadataRelationship]:
        """The relationships from ``end1`` (at end 1) to ``end2`` (at end 2), of a type if given."""
        kind = "/linked-by-any-type" if relationship_type is None else f"/linked-by-type/{segment(relationship_type)}"
        path = f"/metadata-elements/{segment(end1)}{kind}/to-elements/{segment(end2)}"
        answer = await self._post(path, ResultsRequestBody(), OpenMetadataRelationshipListResponse)
        return (answer.relationship_list.relationships if answer.relationship_list else None) or []

    # -- transport ----------------------------------------------------------------------------

    async def _post(
        self, suffix: str, body: Any, response: type[Any] | None, *, params: Mapping[str, str] | None = None
    ) -> Any:
        return await self.platform.acall(
            "POST", self._base + suffix, json=body.to_wire(), response=response, params=params
        )


def elements_by_name(elements: Iterable[OpenMetadataElement]) -> dict[str, OpenMetadataElement]:
    """Elements keyed by qualified name (those without one left out)."""
    found: dict[str, OpenMetadataElement] = {}
    for element in elements:
        values = element.element_properties.property_value_map if element.element_properties else None
        name = values.get("qualifiedName") if values else None
        if name is not None:
            found[str(getattr(name, "primitive_value", ""))] = element
    return found
