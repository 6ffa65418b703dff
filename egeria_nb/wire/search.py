"""Search conditions of Egeria's open metadata framework: which elements a find returns (egeria-wire.md §8).

``SearchProperties`` holds ``conditions`` joined by ``matchCriteria`` (``ALL``,
``ANY`` (Egeria's default) or ``NONE``); each condition compares one property
with a typed value, or nests another ``SearchProperties``.
``SearchClassifications`` does the same for the classifications an element carries.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from egeria_nb.wire.base import WireModel
from egeria_nb.wire.properties import PropertyValue

__all__ = [
    "COMPARISON_OPERATORS",
    "MATCH_CRITERIA",
    "SEQUENCING_ORDERS",
    "ClassificationCondition",
    "ComparisonOperator",
    "MatchCriteria",
    "PropertyCondition",
    "SearchClassifications",
    "SearchProperties",
    "SequencingOrder",
]

ComparisonOperator = Literal[
    "EQ",
    "NEQ",
    "LT",
    "LTE",
    "GT",
    "GTE",
    "IS_NULL",
    "NOT_NULL",
    "LIKE",
    "NOT_LIKE",
    "CASE_INSENSITIVE_LIKE",
    "CASE_INSENSITIVE_NOT_LIKE",
    "STARTS_WITH",
    "ENDS_WITH",
    "CASE_INSENSITIVE_STARTS_WITH",
    "CASE_INSENSITIVE_ENDS_WITH",
    "CASE_INSENSITIVE_EQ",
]
COMPARISON_OPERATORS: tuple[str, ...] = ComparisonOperator.__args__  # type: ignore[attr-defined]
MatchCriteria = Literal["ALL", "ANY", "NONE"]
MATCH_CRITERIA: tuple[str, ...] = MatchCriteria.__args__  # type: ignore[attr-defined]
SequencingOrder = Literal[
    "ANY",
    "GUID",
    "CREATION_DATE_RECENT",
    "CREATION_DATE_OLDEST",
    "LAST_UPDATE_RECENT",
    "LAST_UPDATE_OLDEST",
    "PROPERTY_ASCENDING",
    "PROPERTY_DESCENDING",
]
SEQUENCING_ORDERS: tuple[str, ...] = SequencingOrder.__args__  # type: ignore[attr-defined]


class PropertyCondition(WireModel):
    """``property operator value``, or ``nestedConditions`` instead."""

    property: str | None = None
    operator: ComparisonOperator | None = None
    value: PropertyValue | None = None
    nested_conditions: SearchProperties | None = Field(None, alias="nestedConditions")


class SearchProperties(WireModel):
    class_: str | None = Field(None, alias="class")
    conditions: list[PropertyCondition] | None = None
    match_criteria: MatchCriteria = Field("ANY", alias="matchCriteria")


class ClassificationCondition(WireModel):
    """Elements carrying the classification ``name`` (whose properties match ``searchProperties``, if given)."""

    name: str | None = None
    search_properties: SearchProperties | None = Field(None, alias="searchProperties")


class SearchClassifications(WireModel):
    class_: str | None = Field(None, alias="class")
    conditions: list[ClassificationCondition] | None = None
    match_criteria: MatchCriteria = Field("ANY", alias="matchCriteria")


PropertyCondition.model_rebuild()
