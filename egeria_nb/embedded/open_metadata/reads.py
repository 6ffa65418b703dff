"""What each read of the generic open metadata store API returns (egeria-wire.md §8).

A find names a type (its subtypes count too), conditions, an effective time, an
order and a page; this module checks those the way Egeria does (paging against the
server's ``maxPageSize``, unknown type names) and turns them into store queries and
the answers into Egeria's beans.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.open_metadata.beans import BeanMaker
from egeria_nb.embedded.open_metadata.writes import check_type
from egeria_nb.embedded.store import Element, ElementQuery, MetadataStore, QueryError
from egeria_nb.typedefs import TypeRegistry, epoch_millis
from egeria_nb.wire.open_metadata import (
    FindRelationshipRequestBody,
    FindRequestBody,
    GetOptions,
    QueryOptions,
    SearchStringRequestBody,
    UniqueNameRequestBody,
)
from egeria_nb.wire.properties import PrimitiveTypePropertyValue
from egeria_nb.wire.search import PropertyCondition, SearchProperties

__all__ = ["Bean", "Reader"]

# A bean as its JSON: answers are built as JSON directly (see ``BeanMaker.element_json``).
Bean = dict[str, Any]

# The page size when the server sets no maximum (maxPageSize 0): every answer still has a bound.
UNLIMITED_PAGE = 10_000
# Search-string flags -> operator (Egeria's SearchOptions: startsWith, endsWith, ignoreCase).
STRING_OPERATORS = {
    (True, True, True): "CASE_INSENSITIVE_EQ",
    (True, True, False): "EQ",
    (True, False, True): "CASE_INSENSITIVE_STARTS_WITH",
    (True, False, False): "STARTS_WITH",
    (False, True, True): "CASE_INSENSITIVE_ENDS_WITH",
    (False, True, False): "ENDS_WITH",
    (False, False, True): "CASE_INSENSITIVE_LIKE",
    (False, False, False): "LIKE",
}


@dataclass
class Reader:
    """The reads of one request against one metadata server."""

    registry: TypeRegistry
    store: MetadataStore
    server: str
    beans: BeanMaker
    max_page_size: int

    # -- request options --------------------------------------------------------------------

    def page(self, start_from: int, page_size: int) -> tuple[int, int]:
        if start_from < 0:
            raise FFDCError(Code.NEGATIVE_START_FROM, start_from, parameter_name="startFrom")
        if page_size < 0:
            raise FFDCError(Code.NEGATIVE_PAGE_SIZE, page_size, parameter_name="pageSize")
        largest = self.max_page_size or UNLIMITED_PAGE
        if self.max_page_size and page_size > self.max_page_size:
            raise FFDCError(Code.MAX_PAGE_SIZE, page_size, self.max_page_size, parameter_name="pageSize")
        return start_from, page_size or largest

    def types(self, type_name: str | None, subtype_names: Iterable[str] | None) -> frozenset[str] | None:
        """The entity types a find covers: the subtypes named (each with its own), else the type and its subtypes."""
        named = [n for n in subtype_names or [] if n]
        for name in named:
            check_type(self.registry, name, "entity", "metadataElementSubtypeNames", "find")
        if named:
            return self.registry.subtypes_of_all(named)
        if not type_name:
            return None
        check_type(self.registry, type_name, "entity", "metadataElementTypeName", "find")
        return self.registry.subtypes(type_name)

    def check_current(self, options: GetOptions) -> None:
        """``asOfTime`` can be answered only when nothing has changed since: no history is kept."""
        if options.as_of_time is None:
            return
        asked = options.as_of_time if options.as_of_time.tzinfo else options.as_of_time.replace(tzinfo=UTC)
        last = self.store.last_change_time(self.server)
        if last is not None and datetime.fromisoformat(last) > asked:
            raise FFDCError(Code.NO_HISTORY, asked.isoformat(), last, parameter_name="asOfTime")

    @staticmethod
    def effective(options: GetOptions) -> int | None:
        return epoch_millis(options.effective_time) if options.effective_time is not None else None

    @staticmethod
    def any_active(options: QueryOptions) -> bool:
        """Every element here is ACTIVE (deletes remove elements): a status filter without it matches nothing."""
        return not options.limit_results_by_status or "ACTIVE" in options.limit_results_by_status

    def _query(self, options: QueryOptions, **parts: object) -> ElementQuery:
        self.check_current(options)
        start, limit = self.page(options.start_from, options.page_size)
        anchor = None
        if options.anchor_guid:
            anchor = ("anchorGUID", options.anchor_guid)
        elif options.anchor_domain_name:
            anchor = ("anchorDomainName", options.anchor_domain_name)
        elif options.anchor_scope_guid:
            anchor = ("anchorScopeGUIDs", options.anchor_scope_guid)
        return ElementQuery(
            type_names=self.types(options.metadata_element_type_name, options.metadata_element_subtype_names),
            effective_time=self.effective(options),
            order=options.sequencing_order,
            order_property=options.sequencing_property,
            start=start,
            limit=limit,
            anchor=anchor,
            classification_types=self.registry.subtypes,
            **parts,  # type: ignore[arg-type]
        )

    # -- elements ---------------------------------------------------------------------------

    def beans_of(self, elements: list[Element]) -> list[Bean]:
        classifications = self.store.classifications(e.guid for e in elements)
        return [self.beans.element_json(e, classifications.get(e.guid)) for e in elements]

    def element(self, guid: str, options: GetOptions, parameter: str = "elementGUID") -> Bean:
        self.check_current(options)
        found = self.store.element(self.server, guid, parameter_name=parameter)
        if options.metadata_element_type_name:
            check_type(self.registry, options.metadata_element_type_name, "entity", "metadataElementTypeName", "get")
            if not self.registry.is_a(found.type_name, options.metadata_element_type_name):
                raise FFDCError(
                    Code.WRONG_TYPE, guid, found.type_name, options.metadata_element_type_name, parameter_name="guid"
                )
        when = self.effective(options)
        if when is not None and not (
            (found.effective_from is None or found.effective_from <= when)
            and (found.effective_to is None or found.effective_to > when)
        ):
            raise FFDCError(Code.NOT_EFFECTIVE, found.type_name, guid, options.effective_time, parameter_name=parameter)
        return self.beans_of([found])[0]

    def search(self, query: ElementQuery) -> list[Bean]:
        try:
            return self.beans_of(self.store.search(self.server, query))
        except QueryError as problem:
            raise _invalid_search(problem) from None

    def find(self, body: FindRequestBody) -> list[Bean]:
        if not self.any_active(body):
            return []
        if (
            body.search_properties is None
            and body.match_classifications is None
            and not (body.metadata_element_type_name or body.metadata_element_subtype_names)
        ):
            # Egeria needs something to find by; without conditions, the type is that something.
            raise FFDCError(
                Code.NULL_NAME,
                "metadataElementTypeName",
                "findMetadataElements (a find with no searchProperties or matchClassifications needs a type)",
                parameter_name="metadataElementTypeName",
            )
        return self.search(self._query(body, search=body.search_properties, classifications=body.match_classifications))

    def search_string(self, body: SearchStringRequestBody) -> list[Bean]:
        """Elements with ``searchString`` in a text property (literally); with none, every element of the type."""
        if not self.any_active(body):
            return []
        search = None
        if body.search_string:
            operator = STRING_OPERATORS[(body.starts_with, body.ends_with, body.ignore_case)]
            value = PrimitiveTypePropertyValue(type_name="string", primitive_value=body.search_string)
            search = SearchProperties(conditions=[PropertyCondition(operator=operator, value=value)])
        return self.search(self._query(body, search=search))

    def by_unique_name(self, body: UniqueNameRequestBody) -> Bean | None:
        """The element whose unique property (qualifiedName unless named) is ``name``; None if there is none."""
        if not body.name:
            raise FFDCError(
                Code.NULL_NAME,
                "name",
                "getMetadataElementByUniqueName",
                parameter_name=body.name_parameter_name or "name",
            )
        self.check_current(body)
        condition = PropertyCondition(
            property=body.name_property_name or "qualifiedName",
            operator="EQ",
            value=PrimitiveTypePropertyValue(type_name="string", primitive_value=body.name),
        )
        query = ElementQuery(
            type_names=self.types(body.metadata_element_type_name, body.metadata_element_subtype_names),
            search=SearchProperties(conditions=[condition]),
            effective_time=self.effective(body),
            order="GUID",
            limit=2,
        )
        found = self.search(query)
        if len(found) > 1:
            raise FFDCError(
                Code.MULTIPLE_ELEMENTS_FOR_NAME, "Several", condition.property, body.name, parameter_name="name"
            )
        return found[0] if found else None

    # -- relationships ----------------------------------------------------------------------

    def related(self, guid: str, relationship_type: str | None, starting_at_end: int, options: QueryOptions) -> Bean:
        """A ``RelatedMetadataElementList``."""
        starting = self.element(guid, GetOptions(), parameter="elementGUID")
        self.check_current(options)
        start, limit = self.page(options.start_from, options.page_size)
        types = None
        if relationship_type is not None:
            check_type(self.registry, relationship_type, "relationship", "relationshipTypeName", "related elements")
            types = self.registry.subtypes(relationship_type)
        pairs = (
            self.store.related(
                self.server,
                guid,
                starting_at_end=starting_at_end,
                relationship_types=types,
                element_types=self.types(options.metadata_element_type_name, options.metadata_element_subtype_names),
                effective_time=self.effective(options),
                order=options.sequencing_order,
                order_property=options.sequencing_property,
                start=start,
                limit=limit,
            )
            if self.any_active(options)
            else []
        )
        classifications = self.store.classifications(other.guid for _, other in pairs)
        related = [self.beans.related_json(rel, other, classifications.get(other.guid)) for rel, other in pairs]
        return {"startingElement": starting, **({"elementList": related} if related else {})}

    def relationship(self, guid: str, options: GetOptions) -> Bean:
        self.check_current(options)
        found = self.store.relationship(self.server, guid)
        ends = self.store.elements_by_guid(self.server, [found.end1_guid, found.end2_guid])
        return self.beans.relationship_json(found, ends, self.store.classifications(ends))

    def find_relationships(self, body: FindRelationshipRequestBody) -> Bean:
        """Relationships of a type (and its subtypes) whose properties match; the end GUIDs narrow them further."""
        self.check_current(body)
        start, limit = self.page(body.start_from, body.page_size)
        types = None
        if body.relationship_type_name:
            check_type(self.registry, body.relationship_type_name, "relationship", "relationshipTypeName", "find")
            types = self.registry.subtypes(body.relationship_type_name)
        elif body.search_properties is None:
            raise FFDCError(
                Code.NULL_NAME,
                "relationshipTypeName",
                "findRelationshipsBetweenMetadataElements (a search without searchProperties needs a type)",
                parameter_name="relationshipTypeName",
            )
        try:
            found = (
                self.store.search_relationships(
                    self.server,
                    type_names=types,
                    search=body.search_properties,
                    end1=body.end1_entity_guids,
                    end2=body.end2_entity_guids,
                    effective_time=self.effective(body),
                    order=body.sequencing_order,
                    order_property=body.sequencing_property,
                    start=start,
                    limit=limit,
                )
                if self.any_active(body)
                else []
            )
        except QueryError as problem:
            raise _invalid_search(problem) from None
        ends = self.store.elements_by_guid(self.server, [g for r in found for g in (r.end1_guid, r.end2_guid)])
        classifications = self.store.classifications(ends)
        return _relationship_list([self.beans.relationship_json(r, ends, classifications) for r in found])

    def linked(self, end1: str, end2: str, relationship_type: str | None, options: QueryOptions) -> Bean:
        self.store.element(self.server, end1, parameter_name="metadataElementAtEnd1GUID")
        self.store.element(self.server, end2, parameter_name="metadataElementAtEnd2GUID")
        self.check_current(options)
        start, limit = self.page(options.start_from, options.page_size)
        types = None
        if relationship_type is not None:
            check_type(self.registry, relationship_type, "relationship", "relationshipTypeName", "linked elements")
            types = self.registry.subtypes(relationship_type)
        found = self.store.relationships_between(
            self.server, end1, end2, types, order=options.sequencing_order, order_property=options.sequencing_property
        )[start : start + limit]
        ends = self.store.elements_by_guid(self.server, [end1, end2])
        classifications = self.store.classifications(ends)
        return _relationship_list([self.beans.relationship_json(r, ends, classifications) for r in found])


def _relationship_list(relationships: list[Bean]) -> Bean:
    """An ``OpenMetadataRelationshipList``."""
    return {"relationships": relationships} if relationships else {}


def _invalid_search(problem: QueryError) -> FFDCError:
    return FFDCError(
        Code.INVALID_VALUE,
        problem.value,
        problem.parameter,
        problem.reason,
        "Correct the search and send it again.",
        parameter_name=problem.parameter,
    )
