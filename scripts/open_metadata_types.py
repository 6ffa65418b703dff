"""Regenerate ``egeria_nb/data/open-metadata-types.json`` from Egeria's type archive.

Egeria publishes its open metadata types as a JSON archive,
``content-packs/OpenMetadataTypes.omarchive`` in odpi/egeria. egeria_nb ships
the facts it needs from it (names, GUIDs, supertypes, attributes and their
types, relationship ends, valid entities of classifications, enum values),
in a compact form of its own; descriptions are left out.

    python scripts/open_metadata_types.py path/to/OpenMetadataTypes.omarchive --commit <odpi/egeria commit>

Run it when Egeria's types change, then run the tests: ``tests/typedefs`` checks
the facts egeria_nb depends on.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parents[1] / "egeria_nb" / "data" / "open-metadata-types.json"


def _attributes(definitions: list[dict[str, Any]] | None) -> tuple[dict[str, str], list[str], list[str]]:
    attributes: dict[str, str] = {}
    unique: list[str] = []
    deprecated: list[str] = []
    for attribute in definitions or []:
        name = attribute["attributeName"]
        attributes[name] = attribute["attributeType"]["name"]
        if attribute.get("unique"):
            unique.append(name)
        if attribute.get("attributeStatus", "ACTIVE_ATTRIBUTE") != "ACTIVE_ATTRIBUTE":
            deprecated.append(name)
    return attributes, unique, deprecated


def _end(end: dict[str, Any]) -> dict[str, str]:
    return {
        "type": end["entityType"]["name"],
        "attribute": end.get("attributeName", ""),
        "cardinality": end.get("attributeCardinality", "ANY_NUMBER"),
    }


def convert(archive: dict[str, Any], commit: str) -> dict[str, Any]:
    store = archive["archiveTypeStore"]
    props = archive["archiveProperties"]
    types: dict[str, dict[str, Any]] = {}
    for typedef in store["newTypeDefs"]:
        attributes, unique, deprecated = _attributes(typedef.get("propertiesDefinition"))
        entry: dict[str, Any] = {
            "category": {"EntityDef": "entity", "RelationshipDef": "relationship", "ClassificationDef": "classification"}[
                typedef["class"]
            ],
            "guid": typedef["guid"],
            "version": typedef.get("version", 1),
        }
        if typedef.get("superType"):
            entry["superType"] = typedef["superType"]["name"]
        if attributes:
            entry["attributes"] = attributes
        if unique:
            entry["unique"] = unique
        if deprecated:
            entry["deprecatedAttributes"] = deprecated
        if typedef.get("status", "ACTIVE_TYPEDEF") != "ACTIVE_TYPEDEF":
            entry["deprecated"] = True
        if typedef["class"] == "RelationshipDef":
            entry["end1"] = _end(typedef["endDef1"])
            entry["end2"] = _end(typedef["endDef2"])
            entry["multiLink"] = bool(typedef.get("multiLink", False))
        if typedef["class"] == "ClassificationDef":
            entry["validEntities"] = [e["name"] for e in typedef.get("validEntityDefs") or []]
        types[typedef["name"]] = entry
    # Patches add attributes, move a type under another supertype or deprecate it.
    for patch in store.get("typeDefPatches") or []:
        entry = types[patch["typeDefName"]]
        attributes, unique, deprecated = _attributes(patch.get("propertyDefinitions"))
        if attributes:
            entry["attributes"] = {**entry.get("attributes", {}), **attributes}
        if unique:
            entry["unique"] = sorted({*entry.get("unique", []), *unique})
        if deprecated:
            entry["deprecatedAttributes"] = sorted({*entry.get("deprecatedAttributes", []), *deprecated})
        if patch.get("superType"):
            entry["superType"] = patch["superType"]["name"]
        if patch.get("typeDefStatus") and patch["typeDefStatus"] != "ACTIVE_TYPEDEF":
            entry["deprecated"] = True
        entry["version"] = patch.get("updateToVersion", entry["version"])
    enums = {}
    collections = {}
    for attribute_type in store["attributeTypeDefs"]:
        if attribute_type["class"] == "EnumDef":
            default = (attribute_type.get("defaultValue") or {}).get("value")
            enums[attribute_type["name"]] = {
                "guid": attribute_type["guid"],
                "values": {e["value"]: e["ordinal"] for e in attribute_type.get("elementDefs") or []},
                **({"default": default} if default else {}),
            }
        elif attribute_type["class"] == "CollectionDef":
            collections[attribute_type["name"]] = {
                "kind": "map" if attribute_type.get("collectionDefCategory") == "OM_COLLECTION_MAP" else "array",
                "arguments": [a.removeprefix("OM_PRIMITIVE_TYPE_").lower() for a in attribute_type["argumentTypes"]],
            }
    return {
        "source": {
            "repository": "odpi/egeria",
            "path": "content-packs/OpenMetadataTypes.omarchive",
            "commit": commit,
            "archiveVersion": props.get("archiveVersion"),
            "license": props.get("originatorLicense"),
            "note": "Facts extracted by scripts/open_metadata_types.py; descriptions are left out.",
        },
        "types": dict(sorted(types.items())),
        "enums": dict(sorted(enums.items())),
        "collections": dict(sorted(collections.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--commit", required=True, help="the odpi/egeria commit the archive was read at")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    data = convert(json.loads(args.archive.read_text(encoding="utf-8")), args.commit)
    args.output.write_text(json.dumps(data, indent=None, separators=(",", ":"), sort_keys=False) + "\n")
    print(f"{len(data['types'])} types, {len(data['enums'])} enums -> {args.output}")


if __name__ == "__main__":
    main()
