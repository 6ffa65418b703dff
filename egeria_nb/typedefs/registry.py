"""Egeria's open metadata types: what each type is, what it inherits, which attributes it has.

The facts come from Egeria's own type archive (``content-packs/OpenMetadataTypes.omarchive``
in odpi/egeria), shipped as ``egeria_nb/data/open-metadata-types.json``; its ``source``
entry names the commit. Both sides use them: the embedded platform refuses what a real
Egeria refuses (an unknown type, a property the type does not have, a relationship end
of the wrong type), and the client sends each property with the primitive type Egeria
declares for it (a ``long`` stays a ``long``), which Egeria checks exactly.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

__all__ = [
    "CollectionDef",
    "EnumDef",
    "RelationshipEnd",
    "TypeDef",
    "TypeRegistry",
    "open_metadata_types",
]

Category = Literal["entity", "relationship", "classification"]
DATA_FILE = "open-metadata-types.json"
# The root of every entity type; elements of its direct subtypes need no qualified name.
ROOT = "OpenMetadataRoot"
REFERENCEABLE = "Referenceable"
# Egeria's primitive type names (egeria-wire.md §8).
PRIMITIVES = frozenset(
    {
        "object",
        "boolean",
        "byte",
        "char",
        "short",
        "int",
        "long",
        "float",
        "double",
        "biginteger",
        "bigdecimal",
        "string",
        "date",
    }
)


@dataclass(frozen=True)
class RelationshipEnd:
    """One end of a relationship type: the entity type allowed there and the end's attribute name."""

    type_name: str
    attribute: str
    cardinality: str


@dataclass(frozen=True)
class TypeDef:
    name: str
    category: Category
    guid: str
    version: int
    super_type: str | None
    own_attributes: Mapping[str, str]
    unique: tuple[str, ...] = ()
    deprecated: bool = False
    end1: RelationshipEnd | None = None
    end2: RelationshipEnd | None = None
    multi_link: bool = False
    valid_entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class EnumDef:
    name: str
    guid: str
    # symbolic name -> ordinal, in Egeria's order
    values: Mapping[str, int]
    default: str | None = None


@dataclass(frozen=True)
class CollectionDef:
    """``map<string,X>`` or ``array<X>``; ``element`` is X's primitive type name (``unknown`` = any)."""

    name: str
    kind: Literal["map", "array"]
    element: str


@dataclass(eq=False)
class TypeRegistry:
    """Lookups over one set of type definitions. Results are cached: the types never change."""

    types: Mapping[str, TypeDef]
    enums: Mapping[str, EnumDef]
    collections: Mapping[str, CollectionDef]
    source: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        children: dict[str, list[str]] = {}
        for typedef in self.types.values():
            if typedef.super_type is not None:
                children.setdefault(typedef.super_type, []).append(typedef.name)
        self._children = children

    def __repr__(self) -> str:
        return f"TypeRegistry({len(self.types)} types, Egeria {self.source.get('archiveVersion', '?')})"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TypeRegistry:
        types = {name: _typedef(name, entry) for name, entry in data["types"].items()}
        enums = {
            name: EnumDef(name, entry["guid"], dict(entry["values"]), entry.get("default"))
            for name, entry in data["enums"].items()
        }
        collections = {
            name: CollectionDef(name, entry["kind"], entry["arguments"][-1])
            for name, entry in data["collections"].items()
        }
        return cls(types, enums, collections, dict(data.get("source", {})))

    # -- types ----------------------------------------------------------------------------

    def get(self, name: str) -> TypeDef | None:
        return self.types.get(name)

    def names(self, category: Category | None = None) -> list[str]:
        return sorted(n for n, t in self.types.items() if category is None or t.category == category)

    @functools.cache  # noqa: B019 - one registry per process, hashed by identity
    def supertypes(self, name: str) -> tuple[str, ...]:
        """The type's ancestors, most specific first (empty for an unknown type)."""
        chain: list[str] = []
        current = self.types.get(name)
        while current is not None and current.super_type is not None and current.super_type not in chain:
            chain.append(current.super_type)
            current = self.types.get(current.super_type)
        return tuple(chain)

    def is_a(self, name: str, ancestor: str) -> bool:
        return name == ancestor or ancestor in self.supertypes(name)

    @functools.cache  # noqa: B019
    def subtypes(self, name: str) -> frozenset[str]:
        """The type and every type below it."""
        found = {name}
        pending = [name]
        while pending:
            for child in self._children.get(pending.pop(), ()):
                if child not in found:
                    found.add(child)
                    pending.append(child)
        return frozenset(found)

    def subtypes_of_all(self, names: Iterable[str]) -> frozenset[str]:
        return frozenset().union(*(self.subtypes(n) for n in names))

    @functools.cache  # noqa: B019
    def attributes(self, name: str) -> Mapping[str, str]:
        """Every attribute of the type, inherited ones too: name -> attribute type name."""
        merged: dict[str, str] = {}
        for type_name in (*reversed(self.supertypes(name)), name):
            typedef = self.types.get(type_name)
            if typedef is not None:
                merged.update(typedef.own_attributes)
        return merged

    @functools.cache  # noqa: B019
    def unique_attributes(self, name: str) -> tuple[str, ...]:
        return tuple(a for t in (name, *self.supertypes(name)) if (d := self.types.get(t)) for a in d.unique)

    def domain(self, name: str) -> str:
        """The anchor domain of a type: its most general supertype below Referenceable and OpenMetadataRoot."""
        below = [t for t in self.supertypes(name) if t not in (REFERENCEABLE, ROOT)]
        return below[-1] if below else name

    def uniqueness_family(self, name: str) -> str:
        """Qualified names are unique across every Referenceable (Egeria checks the declaring type)."""
        return REFERENCEABLE if self.is_a(name, REFERENCEABLE) else name

    # -- attribute types --------------------------------------------------------------------

    def enum(self, name: str) -> EnumDef | None:
        return self.enums.get(name)

    def collection(self, name: str) -> CollectionDef | None:
        return self.collections.get(name)


def _typedef(name: str, entry: Mapping[str, Any]) -> TypeDef:
    def end(data: Mapping[str, str] | None) -> RelationshipEnd | None:
        return RelationshipEnd(data["type"], data["attribute"], data["cardinality"]) if data else None

    return TypeDef(
        name=name,
        category=entry["category"],
        guid=entry["guid"],
        version=int(entry.get("version", 1)),
        super_type=entry.get("superType"),
        own_attributes=dict(entry.get("attributes", {})),
        unique=tuple(entry.get("unique", ())),
        deprecated=bool(entry.get("deprecated", False)),
        end1=end(entry.get("end1")),
        end2=end(entry.get("end2")),
        multi_link=bool(entry.get("multiLink", False)),
        valid_entities=tuple(entry.get("validEntities", ())),
    )


@functools.cache
def open_metadata_types() -> TypeRegistry:
    """Egeria's open metadata types as shipped with egeria_nb (loaded once)."""
    text = (resources.files("egeria_nb") / "data" / DATA_FILE).read_text(encoding="utf-8")
    return TypeRegistry.from_json(json.loads(text))
