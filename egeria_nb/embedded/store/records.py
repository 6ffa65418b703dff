"""What the metadata store hands out: immutable records of elements, relationships, classifications, changes."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

__all__ = ["Change", "Classification", "Element", "Relationship", "SyncCounts", "SyncedElement", "time_text"]


def time_text(moment: datetime) -> str:
    """How the store writes a time: ISO-8601 UTC to the millisecond (one width, so text order is time order)."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Element:
    guid: str
    server: str
    type_name: str
    qualified_name: str | None
    properties: dict[str, Any]
    version: int
    created_by: str
    updated_by: str | None
    create_time: str
    update_time: str | None
    # Epoch milliseconds; None: no limit.
    effective_from: int | None = None
    effective_to: int | None = None


@dataclass(frozen=True)
class Relationship:
    guid: str
    server: str
    type_name: str
    end1_guid: str
    end2_guid: str
    properties: dict[str, Any]
    version: int
    created_by: str
    updated_by: str | None
    create_time: str
    update_time: str | None
    effective_from: int | None = None
    effective_to: int | None = None


@dataclass(frozen=True)
class Classification:
    element_guid: str
    name: str
    properties: dict[str, Any]
    version: int
    created_by: str
    updated_by: str | None
    create_time: str
    update_time: str | None
    effective_from: int | None = None
    effective_to: int | None = None


@dataclass(frozen=True)
class Change:
    sequence: int
    time: str
    kind: str  # "element" | "relationship"
    action: str  # "CREATED" | "UPDATED" | "DELETED"
    guid: str
    type_name: str
    qualified_name: str | None = None
    end1_guid: str | None = None
    end2_guid: str | None = None


class SyncedElement(NamedTuple):
    """An element a ``sync`` declares: plain property values, classifications, and the qualified
    name of the element of the same sync it is anchored to (None: itself)."""

    type_name: str
    properties: dict[str, Any]
    classifications: dict[str, dict[str, Any]]
    anchor: str | None = None


@dataclass
class SyncCounts:
    """What a ``sync`` changed."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    relationships_added: int = 0
    relationships_removed: int = 0
    guids: dict[str, str] = field(default_factory=dict)


def element_from_row(row: sqlite3.Row) -> Element:
    return Element(
        row["guid"],
        row["server"],
        row["type_name"],
        row["qualified_name"],
        json.loads(row["properties"]),
        row["version"],
        row["created_by"],
        row["updated_by"],
        row["create_time"],
        row["update_time"],
        row["effective_from"],
        row["effective_to"],
    )


def relationship_from_row(row: sqlite3.Row) -> Relationship:
    return Relationship(
        row["guid"],
        row["server"],
        row["type_name"],
        row["end1_guid"],
        row["end2_guid"],
        json.loads(row["properties"]),
        row["version"],
        row["created_by"],
        row["updated_by"],
        row["create_time"],
        row["update_time"],
        row["effective_from"],
        row["effective_to"],
    )


def classification_from_row(row: sqlite3.Row) -> Classification:
    return Classification(
        row["element_guid"],
        row["name"],
        json.loads(row["properties"]),
        row["version"],
        row["created_by"],
        row["updated_by"],
        row["create_time"],
        row["update_time"],
        row["effective_from"],
        row["effective_to"],
    )


def change_from_row(row: sqlite3.Row) -> Change:
    return Change(
        row["sequence"],
        row["time"],
        row["kind"],
        row["action"],
        row["guid"],
        row["type_name"],
        row["qualified_name"],
        row["end1_guid"],
        row["end2_guid"],
    )
