"""Records as the daemon hands them to the pictures, and ways to read the SVG back."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

from egeria_nb.daemon.groups import GroupSnapshot
from egeria_nb.daemon.history import HistoryEvent
from egeria_nb.daemon.runner import ConnectorStatistics
from egeria_nb.daemon.status import ConnectorStatus, GroupStatus
from egeria_nb.pictures import Picture

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SVG = "{http://www.w3.org/2000/svg}"


def ago(minutes: float) -> datetime:
    return NOW - timedelta(minutes=minutes)


def event(
    minutes_ago: float,
    name: str | None,
    from_status: str | None,
    to_status: str | None,
    message: str = "",
    group: str | None = "G",
) -> HistoryEvent:
    return HistoryEvent(ago(minutes_ago), group if name else None, name, name, from_status, to_status, message)


def connector(
    name: str,
    status: ConnectorStatus | None,
    *,
    group: str = "G",
    changed_minutes_ago: float = 120.0,
    failing: str | None = None,
    statistics: dict[str, object] | None = None,
) -> ConnectorStatistics:
    return ConnectorStatistics(
        group=group,
        connector_name=name,
        connector_id=name,
        connector_guid=None,
        provider="tests.pictures.Provider",
        status=status,
        last_status_change=ago(changed_minutes_ago),
        last_refresh_time=None,
        refresh_interval_min=1,
        restarts=0,
        failing_exception_message=failing,
        uses_blocking_calls=False,
        statistics=statistics or {},
    )


def group(
    name: str,
    status: GroupStatus | None = GroupStatus.RUNNING,
    *,
    server: str | None = "active-metadata-store",
    url: str | None = "https://localhost:9443",
    count: int = 0,
    error: str | None = None,
) -> GroupSnapshot:
    return GroupSnapshot(name, status, server, url, f"guid-{name}", None, count, NOW, error)


def parse(picture: Picture) -> ET.Element:
    root = ET.fromstring(picture.svg)
    assert root.tag == SVG + "svg"
    return root


def with_class(root: ET.Element, name: str) -> list[ET.Element]:
    """Elements whose class attribute lists ``name``, in document order."""
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def title(element: ET.Element) -> str:
    found = element.find(SVG + "title")
    assert found is not None, f"{element.get('class')} has no <title>"
    return found.text or ""


def translate(element: ET.Element) -> tuple[float, float]:
    """The x, y of ``transform="translate(x,y)"``."""
    inner = (element.get("transform") or "").removeprefix("translate(").removesuffix(")")
    x, y = inner.split(",")
    return float(x), float(y)
