"""Egeria's open metadata types and typed property values (see ``registry`` and ``values``)."""

from egeria_nb.typedefs.registry import (
    CollectionDef,
    EnumDef,
    RelationshipEnd,
    TypeDef,
    TypeRegistry,
    open_metadata_types,
)
from egeria_nb.typedefs.values import (
    PropertyTypeError,
    check_properties,
    epoch_millis,
    plain_checked,
    plain_properties,
    plain_value,
    python_properties,
    typed_json,
    typed_properties,
    typed_value,
    typed_value_json,
)

__all__ = [
    "CollectionDef",
    "EnumDef",
    "PropertyTypeError",
    "RelationshipEnd",
    "TypeDef",
    "TypeRegistry",
    "check_properties",
    "epoch_millis",
    "open_metadata_types",
    "plain_checked",
    "plain_properties",
    "plain_value",
    "python_properties",
    "typed_json",
    "typed_properties",
    "typed_value",
    "typed_value_json",
]
