"""Egeria's search conditions as SQL over the store's JSON properties (egeria-wire.md §8).

A find names types (with their subtypes), property conditions joined by
``ALL``/``ANY``/``NONE``, classification conditions, an effective time, an
order and a page; ``compile_query`` turns that into one ``WHERE`` and one
``ORDER BY`` over ``elements e``. Property values are compared in their plain
form (dates as epoch milliseconds, enums by symbolic name, booleans as 1/0).

How each operator matches, the way Egeria's repositories do:

* ``EQ``, ``NEQ``, ``LT`` ... ``GTE`` compare the value; an array property matches
  ``EQ`` when one of its members does. A property the element does not have matches
  only ``IS_NULL``.
* ``LIKE`` and ``NOT_LIKE`` test whether the text contains the value (literally: it
  is not a regular expression), ``STARTS_WITH`` and ``ENDS_WITH`` its ends; the
  ``CASE_INSENSITIVE_`` forms ignore case.
* A condition with no ``property`` tests every text property of the element (what
  a search string does).

Only fixed SQL and column names chosen here go into the statement text; every value
a caller sends (property names, values, type names) is passed as a parameter
(hence the ``noqa: S608`` marks).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from egeria_nb.typedefs import plain_value
from egeria_nb.wire.properties import PropertyValue
from egeria_nb.wire.search import PropertyCondition, SearchClassifications, SearchProperties

__all__ = [
    "ElementQuery",
    "QueryError",
    "compile_order",
    "compile_query",
    "compile_relationship_query",
    "fold",
]

# Registered on the store's connection: casefold for the CASE_INSENSITIVE_ operators (SQLite's
# lower() knows only ASCII).
FOLD = "egeria_nb_fold"


def fold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


class QueryError(ValueError):
    """A search that cannot be run; ``parameter`` names the part of the request that was wrong."""

    def __init__(self, parameter: str, value: object, reason: str) -> None:
        super().__init__(reason)
        self.parameter = parameter
        self.value = value
        self.reason = reason


@dataclass(frozen=True)
class ElementQuery:
    """What a find asks the store for. ``type_names`` already includes subtypes; None is every type."""

    type_names: frozenset[str] | None = None
    search: SearchProperties | None = None
    classifications: SearchClassifications | None = None
    effective_time: int | None = None
    order: str | None = None
    order_property: str | None = None
    start: int = 0
    limit: int = 1000
    # (Anchors property, value): only elements whose Anchors classification has it.
    anchor: tuple[str, str] | None = None
    # classification name -> the names that count as it (its subtypes)
    classification_types: Callable[[str], Iterable[str]] | None = None


Sql = tuple[str, list[Any]]


def _path(name: str) -> str:
    # SQLite's JSON paths have no escape for '"' inside a quoted key.
    if not name or '"' in name:
        raise QueryError("property", name, "a property name must be non-empty and without a double quote")
    return f'$."{name}"'


def _sql_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return value


def _text_test(operator: str, target: str, value: Any) -> Sql:
    """Test the text ``target`` against ``value`` with a LIKE / STARTS_WITH / ENDS_WITH / EQ kind of operator."""
    base = operator.removeprefix("CASE_INSENSITIVE_")
    text = str(value)
    if operator.startswith("CASE_INSENSITIVE_"):
        target, text = f"{FOLD}({target})", str(fold(text))
    if base == "LIKE":
        return f"instr({target}, ?) > 0", [text]
    if base == "NOT_LIKE":
        return f"NOT (instr({target}, ?) > 0)", [text]
    if base == "STARTS_WITH":
        return f"instr({target}, ?) = 1", [text]
    if base == "ENDS_WITH":
        return (f"substr({target}, -length(?)) = ?", [text, text]) if text else ("1", [])
    return f"{target} = ?", [text]


def _plain(value: PropertyValue | None, name: str) -> Any:
    if value is None:
        raise QueryError("searchProperties", name, f"the condition on {name!r} has no value to compare with")
    return plain_value(value)


def _condition(condition: PropertyCondition, column: str, query: ElementQuery) -> Sql:
    if condition.nested_conditions is not None:
        return _properties(condition.nested_conditions, column, query)
    operator = condition.operator or "EQ"
    name = condition.property
    if name is None:
        # Every text property of the element, as a search string is matched.
        value = _plain(condition.value, "any property")
        text_operator = operator if operator not in ("EQ", "NEQ", "LT", "LTE", "GT", "GTE") else "EQ"
        test, args = _text_test(text_operator, "j.value", value)
        return f"EXISTS (SELECT 1 FROM json_each({column}) j WHERE j.type = 'text' AND {test})", args  # noqa: S608
    path = _path(name)
    if operator == "IS_NULL":
        return f"coalesce(json_type({column}, ?), 'null') = 'null'", [path]
    if operator == "NOT_NULL":
        return f"coalesce(json_type({column}, ?), 'null') != 'null'", [path]
    value = _plain(condition.value, name)
    if name == "qualifiedName" and column == "e.properties" and operator in ("EQ", "STARTS_WITH"):
        # The indexed column holds the same text as the JSON property.
        return ("e.qualified_name = ?" if operator == "EQ" else "instr(e.qualified_name, ?) = 1"), [str(value)]
    target = f"json_extract({column}, ?)"
    if operator in ("EQ", "NEQ"):
        member = f"EXISTS (SELECT 1 FROM json_each({column}, ?) m WHERE m.value = ?)"  # noqa: S608
        equal = f"(CASE json_type({column}, ?) WHEN 'array' THEN {member} ELSE {target} = ? END)"
        args = [path, path, _sql_value(value), path, _sql_value(value)]
        return (equal if operator == "EQ" else f"NOT {equal}"), args
    if operator in ("LT", "LTE", "GT", "GTE"):
        symbol = {"LT": "<", "LTE": "<=", "GT": ">", "GTE": ">="}[operator]
        return f"{target} {symbol} ?", [path, _sql_value(value)]
    # The target (one path argument) comes before the value's placeholders in every text test.
    test, args = _text_test(operator, f"CAST({target} AS TEXT)", value)
    return test, [path, *args]


def _join(parts: list[Sql], criteria: str) -> Sql:
    if not parts:
        return "1", []
    args = [a for _, part_args in parts for a in part_args]
    texts = [f"({sql})" for sql, _ in parts]
    if criteria == "ALL":
        return " AND ".join(texts), args
    either = " OR ".join(texts)
    return (f"NOT ({either})" if criteria == "NONE" else either), args


def _properties(search: SearchProperties, column: str, query: ElementQuery) -> Sql:
    return _join([_condition(c, column, query) for c in search.conditions or []], search.match_criteria)


def _classifications(search: SearchClassifications, query: ElementQuery) -> Sql:
    parts: list[Sql] = []
    for condition in search.conditions or []:
        if not condition.name:
            raise QueryError("matchClassifications", None, "every classification condition needs a name")
        names = list(query.classification_types(condition.name)) if query.classification_types else [condition.name]
        test = f"c.element_guid = e.guid AND c.name IN ({','.join('?' * len(names))})"
        args: list[Any] = list(names)
        if condition.search_properties is not None:
            sql, more = _properties(condition.search_properties, "c.properties", query)
            test += f" AND ({sql})"
            args += more
        parts.append((f"EXISTS (SELECT 1 FROM classifications c WHERE {test})", args))  # noqa: S608
    return _join(parts, search.match_criteria)


def effective_clause(alias: str, effective_time: int | None) -> Sql:
    """Only what is effective at ``effective_time`` (epoch ms); None: everything."""
    if effective_time is None:
        return "1", []
    return (
        f"({alias}.effective_from IS NULL OR {alias}.effective_from <= ?) AND "
        f"({alias}.effective_to IS NULL OR {alias}.effective_to > ?)"
    ), [effective_time, effective_time]


def compile_query(server: str, query: ElementQuery) -> Sql:
    """``WHERE`` (without the keyword) and its arguments for ``SELECT ... FROM elements e``."""
    parts: list[Sql] = [("e.server = ?", [server])]
    if query.type_names is not None:
        names = sorted(query.type_names)
        parts.append((f"e.type_name IN ({','.join('?' * len(names))})", names))
    if query.search is not None:
        parts.append(_properties(query.search, "e.properties", query))
    if query.classifications is not None:
        parts.append(_classifications(query.classifications, query))
    if query.anchor is not None:
        prop, value = query.anchor
        parts.append(
            (
                "EXISTS (SELECT 1 FROM classifications a WHERE a.element_guid = e.guid AND a.name = 'Anchors' AND "
                "(json_extract(a.properties, ?) = ? OR EXISTS "
                "(SELECT 1 FROM json_each(a.properties, ?) s WHERE s.value = ?)))",
                [_path(prop), value, _path(prop), value],
            )
        )
    parts.append(effective_clause("e", query.effective_time))
    return _join(parts, "ALL")


def compile_relationship_query(
    server: str,
    type_names: frozenset[str] | None,
    search: SearchProperties | None,
    end1: list[str] | None,
    end2: list[str] | None,
    effective_time: int | None,
) -> Sql:
    """``WHERE`` (without the keyword) and its arguments for ``SELECT ... FROM relationships r``."""
    parts: list[Sql] = [("r.server = ?", [server])]
    if type_names is not None:
        names = sorted(type_names)
        parts.append((f"r.type_name IN ({','.join('?' * len(names))})", names))
    if search is not None:
        parts.append(_properties(search, "r.properties", ElementQuery()))
    for column, guids in (("r.end1_guid", end1), ("r.end2_guid", end2)):
        if guids:
            parts.append((f"{column} IN ({','.join('?' * len(guids))})", list(guids)))
    parts.append(effective_clause("r", effective_time))
    return _join(parts, "ALL")


def compile_order(alias: str, order: str | None, order_property: str | None) -> Sql:
    """``ORDER BY`` (without the keyword) for one of Egeria's sequencing orders (default: last update, newest first)."""
    order = order or "LAST_UPDATE_RECENT"
    updated = f"coalesce({alias}.update_time, {alias}.create_time)"
    if order in ("PROPERTY_ASCENDING", "PROPERTY_DESCENDING"):
        if not order_property:
            raise QueryError("sequencingProperty", None, f"{order} needs the property to order by (sequencingProperty)")
        direction = "ASC" if order == "PROPERTY_ASCENDING" else "DESC"
        return f"json_extract({alias}.properties, ?) {direction}, {alias}.rowid {direction}", [_path(order_property)]
    return {
        "ANY": f"{alias}.rowid",
        "GUID": f"{alias}.guid",
        "CREATION_DATE_RECENT": f"{alias}.create_time DESC, {alias}.rowid DESC",
        "CREATION_DATE_OLDEST": f"{alias}.create_time, {alias}.rowid",
        "LAST_UPDATE_RECENT": f"{updated} DESC, {alias}.rowid DESC",
        "LAST_UPDATE_OLDEST": f"{updated}, {alias}.rowid",
    }[order], []
