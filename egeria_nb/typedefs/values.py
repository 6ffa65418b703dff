"""Property values three ways: Egeria's typed JSON, plain JSON values, and Python values.

* ``check_properties`` - typed properties sent for an element, relationship or
  classification, checked against the type's attributes the way Egeria's repository
  checks them (an unknown name, a primitive of another type, an enum value that is
  not one of the enum's), and returned as plain values: what the embedded store keeps.
* ``typed_properties`` - plain or Python values as typed properties, each with the
  type Egeria declares for its attribute (a Python ``int`` for a ``long`` attribute
  is sent as a ``long``; a ``datetime`` for a ``date`` as epoch milliseconds).
* ``plain_properties`` - typed properties back to plain values; ``python_properties``
  also turns ``date`` values into timezone-aware ``datetime``.

Problems raise ``PropertyTypeError``, which says what was wrong and what would
be right; callers turn it into their own error (an FFDC answer on the platform,
an ``InvalidParameterError`` in a client).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from egeria_nb.typedefs.registry import PRIMITIVES, TypeRegistry
from egeria_nb.wire.properties import (
    ArrayTypePropertyValue,
    ElementProperties,
    EnumTypePropertyValue,
    MapTypePropertyValue,
    PrimitiveTypePropertyValue,
    PropertyValue,
    array_json,
    enum_json,
    kind_problem,
    map_json,
    plain_properties,
    plain_value,
    plain_value_json,
    primitive_json,
    python_properties,
)

__all__ = [
    "PropertyTypeError",
    "check_properties",
    "epoch_millis",
    "plain_checked",
    "plain_properties",
    "plain_value",
    "python_properties",
    "typed_json",
    "typed_properties",
    "typed_value",
    "typed_value_json",
]

Problem = Literal["unknown_property", "wrong_type", "bad_enum", "bad_value"]


class PropertyTypeError(ValueError):
    """A property that the type does not have, or a value that does not fit it."""

    def __init__(
        self, problem: Problem, property_name: str, message: str, *, valid: Sequence[str] = (), type_name: str = ""
    ) -> None:
        super().__init__(message)
        self.problem = problem
        self.property_name = property_name
        self.valid = list(valid)
        self.type_name = type_name


def epoch_millis(value: datetime | str | int) -> int:
    """A date as Egeria's property values carry it: milliseconds since 1970 UTC (naive times are UTC)."""
    if isinstance(value, bool):
        raise TypeError("a date cannot be a boolean")
    if isinstance(value, int):
        return value
    moment = datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return round(moment.timestamp() * 1000)


# -- typed -> plain (checked against the type) ------------------------------------------------


def check_properties(registry: TypeRegistry, type_name: str, properties: ElementProperties | None) -> dict[str, Any]:
    """The typed ``properties`` of a ``type_name`` as plain values; ``PropertyTypeError`` if one does not fit."""
    values = (properties.property_value_map if properties else None) or {}
    attributes = registry.attributes(type_name)
    plain: dict[str, Any] = {}
    for name, value in values.items():
        declared = attributes.get(name)
        if declared is None:
            raise _unknown_property(type_name, name, attributes)
        plain[name] = _checked(registry, declared, value, name, type_name)
    return plain


def _unknown_property(type_name: str, name: str, attributes: Mapping[str, str]) -> PropertyTypeError:
    return PropertyTypeError(
        "unknown_property", name, f"{type_name} has no property {name!r}", valid=sorted(attributes), type_name=type_name
    )


def _checked(registry: TypeRegistry, declared: str, value: PropertyValue, name: str, type_name: str) -> Any:
    sent = _sent_type(value)
    if declared in PRIMITIVES:
        if not isinstance(value, PrimitiveTypePropertyValue) or (declared != "object" and value.type_name != declared):
            raise PropertyTypeError(
                "wrong_type",
                name,
                f"property {name!r} of {type_name} is a {declared}, and a {sent} was sent",
                valid=[declared],
                type_name=type_name,
            )
        return value.primitive_value
    enum = registry.enum(declared)
    if enum is not None:
        if not isinstance(value, EnumTypePropertyValue):
            raise PropertyTypeError(
                "wrong_type",
                name,
                f"property {name!r} of {type_name} is the enum {declared}, and a {sent} was sent; send an "
                f'EnumTypePropertyValue with "typeName": "{declared}" and a "symbolicName"',
                valid=list(enum.values),
                type_name=type_name,
            )
        by_upper = {v.upper(): v for v in enum.values}
        symbol = by_upper.get((value.symbolic_name or "").upper())
        if symbol is None:
            raise PropertyTypeError(
                "bad_enum",
                name,
                f"{value.symbolic_name!r} is not a value of {declared} (property {name!r} of {type_name})",
                valid=list(enum.values),
                type_name=declared,
            )
        return symbol
    collection = registry.collection(declared)
    if collection is not None:
        expected = MapTypePropertyValue if collection.kind == "map" else ArrayTypePropertyValue
        if not isinstance(value, expected):
            raise PropertyTypeError(
                "wrong_type",
                name,
                f"property {name!r} of {type_name} is a {declared}, and a {sent} was sent; send a {expected.__name__}",
                valid=[declared],
                type_name=type_name,
            )
        element = collection.element
        if isinstance(value, MapTypePropertyValue):
            entries = (value.map_values.property_value_map if value.map_values else None) or {}
            return {k: _collection_member(element, v, f"{name}[{k!r}]", declared) for k, v in entries.items()}
        items = (value.array_values.property_value_map if value.array_values else None) or {}
        ordered = sorted(items.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else len(items))
        return [_collection_member(element, v, f"{name}[{k}]", declared) for k, v in ordered]
    # An attribute type egeria_nb does not know (a newer Egeria's): keep what was sent.
    return plain_value(value)


def _collection_member(element: str, value: PropertyValue, where: str, declared: str) -> Any:
    if element in ("unknown", "object"):
        return plain_value(value)
    if not isinstance(value, PrimitiveTypePropertyValue) or value.type_name != element:
        raise PropertyTypeError(
            "wrong_type", where, f"{where} must be a {element} (the property is a {declared})", valid=[element]
        )
    return value.primitive_value


def _sent_type(value: PropertyValue) -> str:
    if isinstance(value, PrimitiveTypePropertyValue):
        return str(value.type_name)
    if isinstance(value, EnumTypePropertyValue):
        return f"enum {value.type_name or ''}".strip()
    return type(value).__name__


# -- plain or Python -> typed ----------------------------------------------------------------


def typed_properties(
    registry: TypeRegistry, type_name: str, values: Mapping[str, Any], *, check: bool = True
) -> ElementProperties:
    """``values`` as typed properties of a ``type_name``, each with its attribute's declared type.

    With ``check`` (for values a person wrote), an unknown property or a value that
    cannot be its attribute's type raises ``PropertyTypeError``; without it (for
    values already checked, such as stored ones) unknown names are typed by their value.
    """
    typed = typed_json(registry, type_name, values, check=check)
    return _element_properties({name: _as_model(value) for name, value in typed.items()})


def typed_value(
    registry: TypeRegistry, declared: str | None, value: Any, *, name: str = "value", check: bool = True
) -> PropertyValue:
    """One value as the typed value of an attribute of type ``declared`` (None or ``object``: typed by the value)."""
    return _as_model(typed_value_json(registry, declared, value, name=name, check=check))


def typed_json(
    registry: TypeRegistry, type_name: str, values: Mapping[str, Any], *, check: bool = True, getters: bool = False
) -> dict[str, dict[str, Any]]:
    """``typed_properties`` as the ``propertyValueMap`` JSON, built without models (for bulk answers).

    ``getters`` adds what Egeria's read-only getters write in nested maps and arrays.
    """
    attributes = registry.attributes(type_name)
    typed: dict[str, dict[str, Any]] = {}
    for name, value in values.items():
        if value is None:
            continue
        declared = attributes.get(name)
        if declared is None and check:
            raise _unknown_property(type_name, name, attributes)
        typed[name] = typed_value_json(registry, declared, value, name=name, check=check, getters=getters)
    return typed


def typed_value_json(
    registry: TypeRegistry,
    declared: str | None,
    value: Any,
    *,
    name: str = "value",
    check: bool = True,
    getters: bool = False,
) -> dict[str, Any]:
    """``typed_value`` as JSON."""
    if declared is None or declared == "object":
        return _inferred(registry, value, name, check, getters)
    if declared in PRIMITIVES:
        return _primitive(declared, value, name, check)
    enum = registry.enum(declared)
    if enum is not None:
        symbol = str(value.value if hasattr(value, "value") else value)
        if check:
            match = {v.upper(): v for v in enum.values}.get(symbol.upper())
            if match is None:
                raise PropertyTypeError(
                    "bad_enum", name, f"{symbol!r} is not a value of {declared}", valid=list(enum.values)
                )
            symbol = match
        return enum_json(declared, symbol)
    collection = registry.collection(declared)
    if collection is not None:
        member = None if collection.element in ("unknown", "object") else collection.element
        if collection.kind == "map":
            if not isinstance(value, Mapping):
                raise PropertyTypeError("wrong_type", name, f"{name} is a {declared}; give a dict", valid=[declared])
            members = {
                str(k): typed_value_json(registry, member, v, name=f"{name}[{k!r}]", check=check, getters=getters)
                for k, v in value.items()
                if v is not None
            }
            return map_json(declared, members, getters=getters)
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence | set | frozenset):
            raise PropertyTypeError("wrong_type", name, f"{name} is a {declared}; give a list", valid=[declared])
        members = {
            str(i): typed_value_json(registry, member, v, name=f"{name}[{i}]", check=check, getters=getters)
            for i, v in enumerate(value)
        }
        return array_json(declared, members, getters=getters)
    return _inferred(registry, value, name, check, getters)


def _primitive(declared: str, value: Any, name: str, check: bool) -> dict[str, Any]:
    return primitive_json(declared, _primitive_value(declared, value, name, check))


def _primitive_value(declared: str, value: Any, name: str, check: bool) -> Any:
    if declared == "date" and (isinstance(value, datetime | str)):
        try:
            value = epoch_millis(value)
        except ValueError:
            raise PropertyTypeError(
                "bad_value", name, f"{name} is a date; {value!r} is not an ISO-8601 date and time", valid=["date"]
            ) from None
    elif declared in ("double", "float") and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if check:
        problem = kind_problem(declared, value)
        if problem is not None:
            raise PropertyTypeError("bad_value", name, f"{name}: {problem}, not {value!r}", valid=[declared])
    return value


def _inferred(registry: TypeRegistry, value: Any, name: str, check: bool, getters: bool) -> dict[str, Any]:
    if isinstance(value, bool):
        return _primitive("boolean", value, name, check)
    if isinstance(value, int):
        return _primitive("int" if -(2**31) <= value < 2**31 else "long", value, name, check)
    if isinstance(value, float):
        return _primitive("double", value, name, check)
    if isinstance(value, datetime):
        return _primitive("date", value, name, check)
    if isinstance(value, Mapping):
        return typed_value_json(registry, "map<string,object>", value, name=name, check=check, getters=getters)
    if isinstance(value, list | tuple):
        if all(isinstance(v, str) for v in value):
            return typed_value_json(registry, "array<string>", value, name=name, check=check, getters=getters)
        members = {str(i): _inferred(registry, v, f"{name}[{i}]", check, getters) for i, v in enumerate(value)}
        return array_json("array<object>", members, getters=getters)
    return _primitive("string", str(value), name, check)


def plain_checked(registry: TypeRegistry, type_name: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` checked as ``typed_json`` checks them, returned plain (what ``plain_properties`` of the
    typed values gives) without building the typed form: for checking thousands of elements at once."""
    attributes = registry.attributes(type_name)
    plain: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            continue
        declared = attributes.get(name)
        if declared is None:
            raise _unknown_property(type_name, name, attributes)
        if declared in PRIMITIVES and declared != "object":
            plain[name] = _primitive_value(declared, value, name, True)
        else:
            plain[name] = plain_value_json(typed_value_json(registry, declared, value, name=name))
    return plain


def _as_model(value: dict[str, Any]) -> PropertyValue:
    """A value built by ``typed_value_json`` as its model (no validation: it was built checked)."""
    kind = value["class"]
    if kind == "PrimitiveTypePropertyValue":
        return PrimitiveTypePropertyValue.model_construct(
            type_name=value["typeName"],
            primitive_type_category=value["primitiveTypeCategory"],
            primitive_value=value["primitiveValue"],
        )
    if kind == "EnumTypePropertyValue":
        return EnumTypePropertyValue.model_construct(type_name=value["typeName"], symbolic_name=value["symbolicName"])
    if kind == "MapTypePropertyValue":
        members = value["mapValues"].get("propertyValueMap") or {}
        return MapTypePropertyValue.model_construct(
            type_name=value["typeName"], map_values=_element_properties({k: _as_model(v) for k, v in members.items()})
        )
    members = value["arrayValues"].get("propertyValueMap") or {}
    return ArrayTypePropertyValue.model_construct(
        type_name=value["typeName"],
        array_count=value["arrayCount"],
        array_values=_element_properties({k: _as_model(v) for k, v in members.items()}),
    )


def _element_properties(values: dict[str, PropertyValue]) -> ElementProperties:
    return ElementProperties.model_construct(property_value_map=values)
