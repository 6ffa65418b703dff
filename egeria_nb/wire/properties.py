"""Typed property values of Egeria's open metadata framework (egeria-wire.md §8).

``ElementProperties`` is ``{"propertyValueMap": {name: PropertyValue}}``; every
``PropertyValue`` carries its ``class``. A primitive value names its type with
``typeName`` (``string``, ``long``, ``date`` ...) and ``primitiveTypeCategory``
(``OM_PRIMITIVE_TYPE_STRING`` ...): either is enough on input, both are sent on
output. Dates are epoch milliseconds. These are the framework beans, not the
OMRS ones (whose category field is ``primitiveDefCategory``).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from egeria_nb.wire.base import EgeriaDate, WireModel

__all__ = [
    "PRIMITIVE_CATEGORIES",
    "ArrayTypePropertyValue",
    "ElementProperties",
    "EnumTypePropertyValue",
    "MapTypePropertyValue",
    "NewElementProperties",
    "PrimitiveTypePropertyValue",
    "PropertyValue",
    "StructTypePropertyValue",
    "array_json",
    "as_string",
    "enum_json",
    "kind_problem",
    "map_json",
    "plain_properties",
    "plain_properties_json",
    "plain_value",
    "plain_value_json",
    "primitive_json",
    "properties_json",
    "python_properties",
    "python_properties_json",
]

# Egeria's primitive type names and the PrimitiveTypeCategory constant of each.
PRIMITIVE_CATEGORIES: dict[str, str] = {
    "object": "OM_PRIMITIVE_TYPE_UNKNOWN",
    "boolean": "OM_PRIMITIVE_TYPE_BOOLEAN",
    "byte": "OM_PRIMITIVE_TYPE_BYTE",
    "char": "OM_PRIMITIVE_TYPE_CHAR",
    "short": "OM_PRIMITIVE_TYPE_SHORT",
    "int": "OM_PRIMITIVE_TYPE_INT",
    "long": "OM_PRIMITIVE_TYPE_LONG",
    "float": "OM_PRIMITIVE_TYPE_FLOAT",
    "double": "OM_PRIMITIVE_TYPE_DOUBLE",
    "biginteger": "OM_PRIMITIVE_TYPE_BIGINTEGER",
    "bigdecimal": "OM_PRIMITIVE_TYPE_BIGDECIMAL",
    "string": "OM_PRIMITIVE_TYPE_STRING",
    "date": "OM_PRIMITIVE_TYPE_DATE",
}
_TYPE_OF_CATEGORY = {category: name for name, category in PRIMITIVE_CATEGORIES.items()}
INT_RANGE = (-(2**31), 2**31 - 1)
LONG_RANGE = (-(2**63), 2**63 - 1)


def kind_problem(type_name: str, value: Any) -> str | None:
    """Why ``value`` (as JSON parsed it) cannot be a ``type_name``, the way Egeria's bean checks it; None if it can."""
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if type_name == "object":
        return None
    if type_name == "string":
        return None if isinstance(value, str) else "a string value must be JSON text"
    if type_name == "boolean":
        return None if isinstance(value, bool) else "a boolean value must be true or false"
    if type_name == "char":
        return None if isinstance(value, str) and len(value) == 1 else "a char value must be text of one character"
    if type_name == "int":
        ok = is_int and INT_RANGE[0] <= value <= INT_RANGE[1]
        return None if ok else "an int value must be a whole number from -2147483648 to 2147483647"
    if type_name in ("long", "date"):
        ok = is_int and LONG_RANGE[0] <= value <= LONG_RANGE[1]
        what = "epoch milliseconds (a whole number)" if type_name == "date" else "a whole number within 64 bits"
        return None if ok else f"a {type_name} value must be {what}"
    if type_name in ("byte", "short", "biginteger"):
        return None if is_int else f"a {type_name} value must be a whole number"
    if type_name in ("float", "double"):
        # Jackson reads 3 as an Integer, which Egeria's bean refuses for float and double.
        if isinstance(value, float) and math.isfinite(value):
            return None
        return f"a {type_name} value must be a number with a decimal point, e.g. 3.0"
    if type_name == "bigdecimal":
        return None if (is_int or isinstance(value, float)) else "a bigdecimal value must be a number"
    return f"{type_name!r} is not a primitive type"


class PrimitiveTypePropertyValue(WireModel):
    class_: Literal["PrimitiveTypePropertyValue"] = Field("PrimitiveTypePropertyValue", alias="class")
    type_name: str | None = Field(None, alias="typeName")
    primitive_type_category: str | None = Field(None, alias="primitiveTypeCategory")
    primitive_value: Any = Field(None, alias="primitiveValue")

    @model_validator(mode="after")
    def _consistent(self) -> PrimitiveTypePropertyValue:
        # Egeria derives each of typeName and primitiveTypeCategory from the other.
        name, category = self.type_name, self.primitive_type_category
        if name is None and category is None:
            raise ValueError("a PrimitiveTypePropertyValue needs typeName (e.g. 'string') or primitiveTypeCategory")
        if name is not None and name not in PRIMITIVE_CATEGORIES:
            raise ValueError(f"typeName {name!r} is not a primitive type; use one of {', '.join(PRIMITIVE_CATEGORIES)}")
        if category is not None and category not in _TYPE_OF_CATEGORY:
            raise ValueError(f"primitiveTypeCategory {category!r} is not one of {', '.join(_TYPE_OF_CATEGORY)}")
        if name is not None and category is not None and PRIMITIVE_CATEGORIES[name] != category:
            raise ValueError(f"typeName {name!r} and primitiveTypeCategory {category!r} disagree")
        resolved = name or _TYPE_OF_CATEGORY[category or ""]
        if self.primitive_value is None:
            raise ValueError(f"the {resolved} value has no primitiveValue")
        problem = kind_problem(resolved, self.primitive_value)
        if problem is not None:
            raise ValueError(f"{problem}, not {self.primitive_value!r}")
        # Set through __dict__: validate_assignment would run this validator again.
        self.__dict__["type_name"] = resolved
        self.__dict__["primitive_type_category"] = PRIMITIVE_CATEGORIES[resolved]
        return self


class EnumTypePropertyValue(WireModel):
    class_: Literal["EnumTypePropertyValue"] = Field("EnumTypePropertyValue", alias="class")
    # The enum type's name, e.g. PermittedSynchronization.
    type_name: str | None = Field(None, alias="typeName")
    symbolic_name: str | None = Field(None, alias="symbolicName")


class MapTypePropertyValue(WireModel):
    class_: Literal["MapTypePropertyValue"] = Field("MapTypePropertyValue", alias="class")
    type_name: str | None = Field(None, alias="typeName")
    map_values: ElementProperties | None = Field(None, alias="mapValues")
    # Written by Egeria (a read-only getter); ignored on input.
    map_element_count: int | None = Field(None, alias="mapElementCount")


class ArrayTypePropertyValue(WireModel):
    class_: Literal["ArrayTypePropertyValue"] = Field("ArrayTypePropertyValue", alias="class")
    type_name: str | None = Field(None, alias="typeName")
    array_count: int = Field(0, alias="arrayCount")
    # Keyed "0", "1", ...
    array_values: ElementProperties | None = Field(None, alias="arrayValues")


class StructTypePropertyValue(WireModel):
    class_: Literal["StructTypePropertyValue"] = Field("StructTypePropertyValue", alias="class")
    type_name: str | None = Field(None, alias="typeName")
    attributes: ElementProperties | None = None


PropertyValue = Annotated[
    PrimitiveTypePropertyValue
    | EnumTypePropertyValue
    | MapTypePropertyValue
    | ArrayTypePropertyValue
    | StructTypePropertyValue,
    Field(discriminator="class_"),
]


class ElementProperties(WireModel):
    """Named typed values. Egeria also writes ``propertyNames``, ``propertyCount`` and ``propertiesAsStrings``."""

    # Ignored on input, as Egeria ignores it.
    class_: str | None = Field(None, alias="class")
    property_value_map: dict[str, PropertyValue] | None = Field(None, alias="propertyValueMap")
    property_names: list[str] | None = Field(None, alias="propertyNames")
    property_count: int | None = Field(None, alias="propertyCount")
    properties_as_strings: dict[str, str] | None = Field(None, alias="propertiesAsStrings")


class NewElementProperties(ElementProperties):
    """Properties of a new element, classification or relationship, with the time it is effective for."""

    effective_from: EgeriaDate | None = Field(None, alias="effectiveFrom")
    effective_to: EgeriaDate | None = Field(None, alias="effectiveTo")


MapTypePropertyValue.model_rebuild()
ArrayTypePropertyValue.model_rebuild()
StructTypePropertyValue.model_rebuild()


# -- typed -> plain ------------------------------------------------------------------------------


def plain_value(value: PropertyValue) -> Any:
    """A typed value as a plain JSON value (dates stay epoch milliseconds, enums their symbolic name)."""
    if isinstance(value, PrimitiveTypePropertyValue):
        return value.primitive_value
    if isinstance(value, EnumTypePropertyValue):
        return value.symbolic_name
    if isinstance(value, MapTypePropertyValue):
        return plain_properties(value.map_values)
    if isinstance(value, ArrayTypePropertyValue):
        items = plain_properties(value.array_values)
        return [items[k] for k in sorted(items, key=lambda k: int(k) if k.isdigit() else len(items))]
    if isinstance(value, StructTypePropertyValue):
        return plain_properties(value.attributes)
    return None


def plain_properties(properties: ElementProperties | None) -> dict[str, Any]:
    values = (properties.property_value_map if properties else None) or {}
    return {name: plain_value(value) for name, value in values.items()}


def python_properties(properties: ElementProperties | None) -> dict[str, Any]:
    """Typed properties as Python values: ``date`` values become UTC ``datetime``, the rest as ``plain_value``."""
    values = (properties.property_value_map if properties else None) or {}
    return {name: _python(value) for name, value in values.items()}


def _python(value: PropertyValue) -> Any:
    if isinstance(value, PrimitiveTypePropertyValue) and value.type_name == "date":
        return datetime.fromtimestamp(value.primitive_value / 1000, UTC)
    if isinstance(value, MapTypePropertyValue):
        return python_properties(value.map_values)
    if isinstance(value, ArrayTypePropertyValue):
        items = python_properties(value.array_values)
        return [items[k] for k in sorted(items, key=lambda k: int(k) if k.isdigit() else len(items))]
    return plain_value(value)


# -- the same values as JSON, without models ---------------------------------------------------------
#
# Bulk answers (a page of a thousand elements) and bulk reads of them are built and read as plain
# JSON: building and validating a model per value costs more than everything else in such a call.
# These give exactly what the models' ``to_wire()`` gives (tests/open_metadata/test_bean_json.py checks that).


def primitive_json(type_name: str, value: Any) -> dict[str, Any]:
    return {
        "class": "PrimitiveTypePropertyValue",
        "typeName": type_name,
        "primitiveTypeCategory": PRIMITIVE_CATEGORIES[type_name],
        "primitiveValue": value,
    }


def enum_json(type_name: str, symbol: str) -> dict[str, Any]:
    return {"class": "EnumTypePropertyValue", "typeName": type_name, "symbolicName": symbol}


def map_json(type_name: str, members: dict[str, dict[str, Any]], *, getters: bool = False) -> dict[str, Any]:
    value = {"class": "MapTypePropertyValue", "typeName": type_name, "mapValues": properties_json(members, getters)}
    if getters:
        value["mapElementCount"] = len(members)
    return value


def array_json(type_name: str, members: dict[str, dict[str, Any]], *, getters: bool = False) -> dict[str, Any]:
    return {
        "class": "ArrayTypePropertyValue",
        "typeName": type_name,
        "arrayCount": len(members),
        "arrayValues": properties_json(members, getters),
    }


def properties_json(values: dict[str, dict[str, Any]], getters: bool = False) -> dict[str, Any]:
    """``ElementProperties`` JSON; ``getters`` adds what Egeria's read-only getters write."""
    body: dict[str, Any] = {"propertyValueMap": values} if values or not getters else {}
    if getters:
        body["propertyNames"] = list(values)
        body["propertyCount"] = len(values)
        if values:
            body["propertiesAsStrings"] = {k: as_string(v) for k, v in values.items()}
    return body


def as_string(value: dict[str, Any]) -> str:
    """What Egeria's ``valueAsString`` gives for a value (Java's toString forms)."""
    kind = value.get("class")
    if kind == "PrimitiveTypePropertyValue":
        raw = value.get("primitiveValue")
        return ("true" if raw else "false") if isinstance(raw, bool) else str(raw)
    if kind == "EnumTypePropertyValue":
        return value.get("symbolicName") or ""
    if kind == "MapTypePropertyValue":
        members = (value.get("mapValues") or {}).get("propertyValueMap") or {}
        return "{" + ", ".join(f"{k}={as_string(v)}" for k, v in members.items()) + "}"
    if kind == "ArrayTypePropertyValue":
        members = (value.get("arrayValues") or {}).get("propertyValueMap") or {}
        return "[" + ", ".join(as_string(v) for v in members.values()) + "]"
    return ""


def plain_value_json(value: dict[str, Any]) -> Any:
    """``plain_value`` of a value still in its JSON form."""
    kind = value.get("class")
    if kind == "PrimitiveTypePropertyValue":
        return value.get("primitiveValue")
    if kind == "EnumTypePropertyValue":
        return value.get("symbolicName")
    if kind == "MapTypePropertyValue":
        return plain_properties_json(value.get("mapValues"))
    if kind == "ArrayTypePropertyValue":
        items = plain_properties_json(value.get("arrayValues"))
        return [items[k] for k in sorted(items, key=lambda k: int(k) if k.isdigit() else len(items))]
    if kind == "StructTypePropertyValue":
        return plain_properties_json(value.get("attributes"))
    return None


def plain_properties_json(properties: dict[str, Any] | None) -> dict[str, Any]:
    values = (properties or {}).get("propertyValueMap") or {}
    return {name: plain_value_json(value) for name, value in values.items()}


def python_properties_json(properties: dict[str, Any] | None) -> dict[str, Any]:
    """``python_properties`` of properties still in their JSON form."""
    values = (properties or {}).get("propertyValueMap") or {}
    return {name: _python_json(value) for name, value in values.items()}


def _python_json(value: dict[str, Any]) -> Any:
    kind = value.get("class")
    if kind == "PrimitiveTypePropertyValue" and value.get("typeName") == "date":
        return datetime.fromtimestamp(value["primitiveValue"] / 1000, UTC)
    if kind == "MapTypePropertyValue":
        return python_properties_json(value.get("mapValues"))
    if kind == "ArrayTypePropertyValue":
        items = python_properties_json(value.get("arrayValues"))
        return [items[k] for k in sorted(items, key=lambda k: int(k) if k.isdigit() else len(items))]
    return plain_value_json(value)
