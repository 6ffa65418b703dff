"""Shared by the built-in connector tests: a daemon running real connectors against real folders and databases.

Every test defines a group, connectors and registrations on the embedded platform with the
public functions, runs an ``IntegrationDaemon`` in this process, changes files or databases
in a temporary folder, and reads the catalog back over HTTP.

Connectors are registered with a refresh interval of 0 (refresh once at start), so they only
refresh when a test asks: ``Deployment.refresh`` then waits for exactly that refresh.

``Snapshot`` reads a connector's scope back through Egeria's generic API, and
``assert_fits_egeria_types`` checks it against Egeria's open metadata types: every element,
classification and relationship of a type Egeria has, with only that type's attributes, each
value of the attribute's type, and every relationship's ends of the types its type allows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import egeria_nb as enb
from egeria_nb.metadata.catalog import MetadataCatalog, MetadataElement, MetadataRelationship
from egeria_nb.typedefs import open_metadata_types
from tests.conftest import eventually

MD = "active-metadata-store"
SERVER = "integration-daemon"
GROUP = "Egeria:IntegrationGroup:ConnectorTests"
ANCHORS = "Anchors"
# Generous: these bound waits for things that take milliseconds, so a busy machine cannot fail a test.
DEADLINE_S = 20.0
TYPES = open_metadata_types()


class Deployment:
    """One group on the metadata server, its connectors, and a daemon that runs them."""

    def __init__(self, platform: enb.EmbeddedPlatform, groups: tuple[str, ...] = (GROUP,)) -> None:
        """Define the groups (unless they exist) and configure the daemon to run them."""
        self.platform = platform
        self.catalog = MetadataCatalog(platform, MD).blocking
        self.daemon: enb.IntegrationDaemon | None = None
        for group in groups:
            if self.catalog.find_element("IntegrationGroup", group) is None:
                enb.create_group_definition(platform, MD, group)
        enb.configure_integration_groups(
            platform,
            SERVER,
            [
                enb.IntegrationGroupConfig(
                    integration_group_qualified_name=group,
                    omag_server_name=MD,
                    omag_server_platform_root_url=platform.url,
                )
                for group in groups
            ],
        )

    def connector(
        self, name: str, provider: str, endpoint: str | Path | None = None, properties: dict[str, Any] | None = None
    ) -> None:
        qualified_name = f"egeria_nb:test:{name}"
        enb.create_connector_definition(
            self.platform,
            MD,
            qualified_name,
            provider,
            configuration_properties=properties,
            endpoint_address=None if endpoint is None else str(endpoint),
        )
        enb.register_integration_connector(self.platform, MD, GROUP, qualified_name, name, refresh_time_interval=0)

    def start(self, **options: Any) -> enb.IntegrationDaemon:
        """Start the daemon (connectors are left to the default restart policy of Egeria: none)."""
        options.setdefault("poll_interval_s", 0.2)
        options.setdefault("seconds_per_minute", 0.1)
        options.setdefault("restart_policy", enb.RestartPolicy.egeria())
        self.daemon = enb.IntegrationDaemon(self.platform, SERVER, **options).start()
        return self.daemon

    # -- reading the daemon ---------------------------------------------------------------------------------

    def row(self, name: str) -> dict[str, Any]:
        assert self.daemon is not None
        frame = self.daemon.status()
        rows = frame[frame["connector_name"] == name]
        return rows.iloc[0].to_dict() if len(rows) else {}

    def status(self, name: str) -> str | None:
        row = self.row(name)
        return str(row["status"]) if row else None

    def statistics(self, name: str) -> dict[str, Any]:
        return dict(self.row(name).get("statistics") or {})

    def history(self, name: str | None = None) -> list[str]:
        assert self.daemon is not None
        frame = self.daemon.history()
        if name is not None:
            frame = frame[frame["connector"] == name]
        return [str(m) for m in frame["message"]]

    def wait_for(self, name: str, status: str) -> dict[str, Any]:
        """Wait until the connector is in ``status``; its status row."""
        eventually(lambda: self.status(name) == status, f"{name} to be {status} (is {self.status(name)})")
        return self.row(name)

    def refreshed(self, name: str) -> dict[str, Any]:
        """Wait for the connector's first refresh to finish; its statistics."""
        eventually(
            lambda: self.status(name) == "WAITING" and not pd.isna(self.row(name)["last_refresh_time"]),
            f"{name} to finish its first refresh (status {self.status(name)}, {self.row(name)})",
        )
        return self.statistics(name)

    def refresh(self, name: str) -> dict[str, Any]:
        """Ask for one refresh and wait until it has finished; the statistics it published."""
        assert self.daemon is not None
        before = self.row(name)["last_refresh_time"]
        assert not pd.isna(before), f"{name} has not refreshed yet; wait with refreshed() first"
        self.daemon.refresh(name)
        eventually(
            lambda: self.row(name)["last_refresh_time"] != before and self.status(name) in ("WAITING", "FAILED"),
            f"{name} to finish the refresh asked for",
        )
        return self.statistics(name)

    # -- reading the catalog --------------------------------------------------------------------------------

    def elements(self, type_name: str, *, subtypes: bool = True) -> pd.DataFrame:
        """The elements of a type, over HTTP, as notebook users see them; sorted by qualified name.

        As in Egeria, a type's elements include its subtypes' (a ``CSVFile`` is a ``DataFile``);
        ``subtypes=False`` keeps only the elements of exactly this type.
        """
        frame = enb.find_elements(self.platform, MD, type_name)
        if not subtypes:
            frame = frame[frame["type_name"] == type_name]
        return frame.sort_values("qualified_name").reset_index(drop=True)

    def relationships(self, type_name: str) -> dict[tuple[str, str], dict[str, Any]]:
        """(end-1 qualified name, end-2 qualified name) -> properties, of every relationship of a type."""
        names = {e.guid: e.qualified_name for e in self.catalog.find_elements()}
        found = [
            ((names[r.end1_guid], names[r.end2_guid]), r.properties) for r in self.catalog.relationships(type_name)
        ]
        assert len({ends for ends, _ in found}) == len(found), f"two {type_name} relationships between the same ends"
        return dict(found)  # type: ignore[arg-type]

    def links(self, type_name: str) -> set[tuple[str, str]]:
        """(end-1 qualified name, end-2 qualified name) of every relationship of a type."""
        return set(self.relationships(type_name))

    def positions(self, type_name: str, end1: str) -> dict[str, int]:
        """End-2 qualified name -> ``position`` of every relationship of a type from ``end1`` (a schema or table)."""
        return {e2: p["position"] for (e1, e2), p in self.relationships(type_name).items() if e1 == end1}

    def snapshot(self, prefix: str) -> Snapshot:
        return Snapshot.read(self.catalog, prefix)

    def snapshots(self, prefixes: Iterable[str]) -> dict[str, Snapshot]:
        return Snapshot.read_all(self.catalog, prefixes)

    def last_sequence(self) -> int:
        """Where the catalog's change feed ends: unchanged means nothing was written."""
        return self.catalog.changes(-1).last_sequence


def extra(frame: pd.DataFrame, key: str) -> list[Any]:
    """``additionalProperties[key]`` of each row (None where it has none)."""
    return [a.get(key) if isinstance(a, dict) else None for a in frame["additionalProperties"]]


# -- a scope of the catalog, read back through the generic API -------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """The elements whose qualified names start with a prefix, and every relationship with an end among them.

    Equal snapshots of one catalog mean nothing in the scope was written in between (GUIDs,
    versions and update times included); ``structure()`` compares two catalogs, without GUIDs.
    """

    prefix: str
    elements: dict[str, MetadataElement]  # by qualified name
    relationships: tuple[MetadataRelationship, ...]  # in GUID order
    names: dict[str, str | None]  # GUID -> qualified name, of every element in the catalog

    @classmethod
    def read(cls, catalog: Any, prefix: str) -> Snapshot:
        """``catalog``: a ``MetadataCatalog(...).blocking``."""
        return cls.read_all(catalog, [prefix])[prefix]

    @classmethod
    def read_all(cls, catalog: Any, prefixes: Iterable[str]) -> dict[str, Snapshot]:
        """Snapshots of several scopes, from one read of the catalog."""
        everything = catalog.find_elements()
        relationships = sorted(catalog.relationships(), key=lambda r: r.guid)
        names = {e.guid: e.qualified_name for e in everything}
        snapshots = {}
        for prefix in prefixes:
            elements = {e.qualified_name: e for e in everything if (e.qualified_name or "").startswith(prefix)}
            guids = {e.guid for e in elements.values()}
            touching = tuple(r for r in relationships if r.end1_guid in guids or r.end2_guid in guids)
            snapshots[prefix] = cls(prefix, elements, touching, names)
        return snapshots

    def guid(self, qualified_name: str) -> str:
        return self.elements[qualified_name].guid

    def structure(self) -> dict[str, Any]:
        """What the scope holds, with ends and anchors by qualified name: comparable across catalogs."""
        elements = {}
        for name, element in self.elements.items():
            classifications = {c: dict(p) for c, p in element.classifications.items()}
            if ANCHORS in classifications:
                anchors = classifications[ANCHORS]
                anchors["anchorGUID"] = self.names.get(anchors.get("anchorGUID", ""), anchors.get("anchorGUID"))
            elements[name] = {
                "type": element.type_name,
                "properties": element.properties,
                "classifications": classifications,
            }
        keys = [(r.type_name, self.names.get(r.end1_guid), self.names.get(r.end2_guid)) for r in self.relationships]
        twice = [key for key, count in Counter(keys).items() if count > 1]
        assert not twice, f"the same relationship twice: {twice}"
        return {
            "elements": elements,
            "relationships": {key: r.properties for key, r in zip(keys, self.relationships, strict=True)},
        }

    def types(self) -> Counter[str]:
        return Counter(e.type_name for e in self.elements.values())

    def relationship_types(self) -> Counter[str]:
        return Counter(r.type_name for r in self.relationships)

    def classification_names(self) -> set[str]:
        return {c for e in self.elements.values() for c in e.classifications}


# Python types of the values the catalog returns, per Egeria primitive type.
_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "short": (int,),
    "int": (int,),
    "long": (int,),
    "float": (float, int),
    "double": (float, int),
    "date": (datetime,),
}


def _value_problems(where: str, type_name: str, values: Mapping[str, Any]) -> list[str]:
    """Attributes the type does not have, and values not of the attribute's declared type."""
    attributes = TYPES.attributes(type_name)
    problems = []
    for name, value in values.items():
        declared = attributes.get(name)
        if declared is None:
            problems.append(f"{where}: {type_name} has no attribute {name!r} (value {value!r})")
            continue
        if declared.startswith("map<string,"):
            inner = _PYTHON_TYPES.get(declared[len("map<string,") : -1])
            if not isinstance(value, dict) or (
                inner and not all(isinstance(v, inner) and not _bool_for_number(v, inner) for v in value.values())
            ):
                problems.append(f"{where}: {type_name}.{name} is {declared}, not {value!r}")
            continue
        expected = _PYTHON_TYPES.get(declared)
        if expected is not None and (not isinstance(value, expected) or _bool_for_number(value, expected)):
            problems.append(f"{where}: {type_name}.{name} is {declared}, not {value!r}")
    return problems


def _bool_for_number(value: Any, expected: tuple[type, ...]) -> bool:
    return isinstance(value, bool) and bool not in expected


def assert_fits_egeria_types(
    snapshot: Snapshot, element_types: Collection[str], relationship_types: Collection[str]
) -> None:
    """Everything in the scope is of an Egeria type, with only its type's attributes; relationships fit their types.

    ``element_types`` and ``relationship_types`` are the types the connector may write: an
    element of another type in its scope, or a relationship of another type touching it, is a
    problem too. Every relationship must have both ends in the scope, and every anchor must be
    in the scope, of the type the Anchors classification says.
    """
    problems: list[str] = []
    guids = {e.guid: e for e in snapshot.elements.values()}
    for name, element in snapshot.elements.items():
        typedef = TYPES.get(element.type_name)
        if typedef is None or typedef.category != "entity" or typedef.deprecated:
            problems.append(f"{name}: {element.type_name} is not an entity type of Egeria's")
            continue
        if element.type_name not in element_types:
            problems.append(f"{name}: {element.type_name} is not one of {sorted(element_types)}")
        if element.properties.get("qualifiedName") != name:
            problems.append(f"{name}: qualifiedName {element.properties.get('qualifiedName')!r}")
        problems += _value_problems(name, element.type_name, element.properties)
        for classification, values in element.classifications.items():
            classdef = TYPES.get(classification)
            if classdef is None or classdef.category != "classification":
                problems.append(f"{name}: {classification} is not a classification of Egeria's")
                continue
            if classdef.valid_entities and not any(TYPES.is_a(element.type_name, v) for v in classdef.valid_entities):
                problems.append(f"{name}: {classification} does not classify {element.type_name}")
            problems += _value_problems(f"{name} {classification}", classification, values)
        anchors = element.classifications.get(ANCHORS)
        if anchors is not None:
            anchor = guids.get(anchors.get("anchorGUID", ""))
            if anchor is None:
                problems.append(f"{name}: anchored outside the scope ({anchors})")
            elif anchors.get("anchorTypeName") != anchor.type_name:
                problems.append(
                    f"{name}: anchor type {anchors.get('anchorTypeName')}, the anchor is {anchor.type_name}"
                )
    for relationship in snapshot.relationships:
        type_name = relationship.type_name
        ends = [guids.get(relationship.end1_guid), guids.get(relationship.end2_guid)]
        where = (
            f"{type_name} {snapshot.names.get(relationship.end1_guid)} -> {snapshot.names.get(relationship.end2_guid)}"
        )
        typedef = TYPES.get(type_name)
        if typedef is None or typedef.category != "relationship" or typedef.end1 is None or typedef.end2 is None:
            problems.append(f"{where}: {type_name} is not a relationship type of Egeria's")
            continue
        if type_name not in relationship_types:
            problems.append(f"{where}: {type_name} is not one of {sorted(relationship_types)}")
        for end, allowed in zip(ends, (typedef.end1, typedef.end2), strict=True):
            if end is None:
                problems.append(f"{where}: an end outside the scope")
            elif not TYPES.is_a(end.type_name, allowed.type_name):
                problems.append(
                    f"{where}: {end.type_name} at the {allowed.attribute} end, which takes {allowed.type_name}"
                )
        problems += _value_problems(where, type_name, relationship.properties)
    assert snapshot.elements, f"nothing in the scope {snapshot.prefix!r}"
    assert problems == [], "\n".join(problems)


def assert_anchored(snapshot: Snapshot, anchor: str, anchored: Collection[str]) -> None:
    """``anchor`` is its own anchor; each of ``anchored`` is anchored to it."""
    guid = snapshot.guid(anchor)
    for name in (anchor, *anchored):
        anchors = snapshot.elements[name].classifications.get(ANCHORS) or {}
        assert anchors.get("anchorGUID") == guid, f"{name} is anchored to {anchors}, not to {anchor}"
        assert anchors.get("anchorTypeName") == snapshot.elements[anchor].type_name, name


@pytest.fixture
def platform(data_dir: Path) -> Iterator[enb.EmbeddedPlatform]:
    with enb.start_embedded(data_dir) as p:
        yield p


@pytest.fixture
def deployment(platform: enb.EmbeddedPlatform) -> Iterator[Deployment]:
    d = Deployment(platform)
    yield d
    if d.daemon is not None:
        d.daemon.stop()


@pytest.fixture
def plain_platform(tmp_path: Path) -> Iterator[enb.EmbeddedPlatform]:
    """An embedded platform serving only what a real Egeria serves: no batch call, no change feed."""
    with enb.start_embedded(tmp_path / "plain-data", extensions=False) as p:
        yield p


@pytest.fixture
def plain_deployment(plain_platform: enb.EmbeddedPlatform) -> Iterator[Deployment]:
    d = Deployment(plain_platform)
    yield d
    if d.daemon is not None:
        d.daemon.stop()
