"""The layout of a daemon: the daemon, its integration groups, their metadata servers and their connectors.

``topology_picture(daemon_name, groups, connectors, running=...)`` takes the daemon's group snapshots
(``GroupSnapshot``) and connectors (``ConnectorStatistics``) as plain records and returns a ``Picture``;
it does no I/O and imports nothing from the daemon at run time (the daemon calls it).

Left to right: the daemon, linked to each of its groups, each group linked to the metadata server it
is read from (a server several groups share is drawn once). Under each group, its connectors, each on
a line joined to the group. Every box is coloured by its state, says the state in words, and tells its
details (last error, failing message, statistics) on hover. The layout is sorted by name, so the same
daemon always draws the same way; its height grows with the groups and connectors.

Bounds: at most ``MAX_CONNECTORS_PER_GROUP`` connectors drawn per group (failing ones first) and
``MAX_GROUPS`` groups, each with a "+N more" line.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from egeria_nb.arguments import checked
from egeria_nb.pictures.colours import (
    DAEMON_RUNNING,
    DAEMON_STOPPED,
    FAILED_STATE_NAMES,
    FAILURE_MARKER,
    UNKNOWN,
    Swatch,
    connector_swatch,
    group_swatch,
    state_name,
)
from egeria_nb.pictures.picture import Picture, clean_text, render_svg

if TYPE_CHECKING:
    from egeria_nb.daemon.groups import GroupSnapshot
    from egeria_nb.daemon.runner import ConnectorStatistics

__all__ = ["MAX_CONNECTORS_PER_GROUP", "MAX_GROUPS", "topology_picture"]

MAX_CONNECTORS_PER_GROUP = 50
MAX_GROUPS = 100
# Statistics shown in a connector's hover text, and how long each value may be.
STATISTICS_SHOWN = 12
VALUE_CHARS = 120
MESSAGE_CHARS = 500

# Geometry, in pixels. Columns: daemon, groups (connectors in a grid under each), metadata servers.
MARGIN = 16
TOP = 40
DAEMON_X, DAEMON_W, DAEMON_H = MARGIN, 190, 62
GROUP_X = DAEMON_X + DAEMON_W + 50
GROUP_W, GROUP_H = 290, 46
SPINE_X = GROUP_X + 12
CONN_X = GROUP_X + 26
CONN_W, CONN_H = 176, 50
CONN_GAP_X, CONN_GAP_Y = 10, 10
COLUMNS = 3
GRID_RIGHT = CONN_X + COLUMNS * CONN_W + (COLUMNS - 1) * CONN_GAP_X
SERVER_X = GRID_RIGHT + 80
SERVER_W, SERVER_H = 250, 46
WIDTH = SERVER_X + SERVER_W + MARGIN
GROUP_GAP = 26
LINE_H = 14
# About how many characters of 12 px (group, server, daemon) or 11 px (connector) text fit in a box.
WIDE_CHARS = 40
NARROW_CHARS = 27
SERVER_NEUTRAL = Swatch("metadata server", "#555555")


@dataclass(slots=True)
class _Box:
    kind: str  # daemon, group, server, connector
    x: float
    y: float
    w: float
    h: float
    swatch: Swatch
    state: str
    lines: list[tuple[str, bool]]  # (text, bold)
    title: str
    failed: bool = False
    name: str = ""

    @property
    def fill(self) -> str:
        return "#f7f7f7" if self.swatch is SERVER_NEUTRAL else self.swatch.tint


def _fit(text: object, chars: int) -> str:
    value = clean_text(text, 1000)
    return value if len(value) <= chars else value[: chars - 1] + "…"


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "never"
    moment = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


@checked
def topology_picture(
    daemon_name: str,
    groups: Iterable[GroupSnapshot],
    connectors: Iterable[ConnectorStatistics],
    *,
    running: bool,
    element_counts: Mapping[str, int] | None = None,
    platform_url: str | None = None,
) -> Picture:
    """The daemon, its groups, their metadata servers and their connectors, coloured by state, as a ``Picture``.

    ``groups`` are the daemon's group snapshots, ``connectors`` its connector statistics;
    ``element_counts`` maps a connector's name to how many elements it has catalogued, shown in its box.
    """
    counts = dict(element_counts or {})
    snapshots = sorted(groups, key=lambda g: (g.qualified_name.casefold(), g.qualified_name))
    members: dict[str, list[ConnectorStatistics]] = {}
    for c in connectors:
        members.setdefault(c.group or "", []).append(c)
    known = {g.qualified_name for g in snapshots}
    # Connectors of a group the snapshots do not list (one being removed, say) still get a block.
    blocks: list[tuple[GroupSnapshot | None, str]] = [(g, g.qualified_name) for g in snapshots]
    blocks += [(None, name) for name in sorted(members.keys() - known, key=lambda n: (n.casefold(), n))]
    hidden_groups = max(0, len(blocks) - MAX_GROUPS)
    blocks = blocks[:MAX_GROUPS]

    boxes: list[_Box] = []
    links: list[tuple[str, str]] = []
    notes: list[tuple[float, float, str]] = []
    servers: dict[tuple[str, str | None], _Box] = {}
    server_groups: dict[tuple[str, str | None], list[str]] = {}
    group_links: list[tuple[float, tuple[str, str | None]]] = []
    y = TOP
    total = failing = 0
    for snapshot, name in blocks:
        listed = sorted(
            members.get(name, []),
            key=lambda c: (state_name(c.status) not in FAILED_STATE_NAMES, c.connector_name.casefold(), c.connector_id),
        )
        total += len(listed)
        failing += sum(state_name(c.status) in FAILED_STATE_NAMES for c in listed)
        boxes.append(_group_box(snapshot, name, len(listed), y))
        mid = y + GROUP_H / 2
        trunk = DAEMON_X + DAEMON_W + 24
        links.append((f"M{DAEMON_X + DAEMON_W},{TOP + DAEMON_H / 2:.0f} H{trunk} V{mid:.0f} H{GROUP_X}", "link"))
        if snapshot is not None and snapshot.metadata_server:
            key = (snapshot.metadata_server, snapshot.platform_url)
            server_groups.setdefault(key, []).append(name)
            if key not in servers:
                servers[key] = _Box("server", SERVER_X, y, SERVER_W, SERVER_H, SERVER_NEUTRAL, "", [], "")
            group_links.append((mid, key))
        shown, hidden = listed[:MAX_CONNECTORS_PER_GROUP], len(listed) - MAX_CONNECTORS_PER_GROUP
        grid_top = y + GROUP_H + 12
        rows = math.ceil(len(shown) / COLUMNS)
        for row in range(rows):
            row_mid = grid_top + row * (CONN_H + CONN_GAP_Y) + CONN_H / 2
            in_row = min(COLUMNS, len(shown) - row * COLUMNS)
            end = CONN_X + (in_row - 1) * (CONN_W + CONN_GAP_X) + 10
            links.append((f"M{SPINE_X},{row_mid:.0f} H{end}", "link connector-link"))
        if rows:
            last_mid = grid_top + (rows - 1) * (CONN_H + CONN_GAP_Y) + CONN_H / 2
            links.append((f"M{SPINE_X},{y + GROUP_H} V{last_mid:.0f}", "link connector-link"))
        for i, c in enumerate(shown):
            row, column = divmod(i, COLUMNS)
            box_x = CONN_X + column * (CONN_W + CONN_GAP_X)
            box_y = grid_top + row * (CONN_H + CONN_GAP_Y)
            boxes.append(_connector_box(c, box_x, box_y, counts))
        bottom = grid_top + rows * (CONN_H + CONN_GAP_Y) if rows else y + GROUP_H
        if hidden > 0:
            notes.append((CONN_X, bottom + 10, f"+{hidden:,} more connector{'s' if hidden != 1 else ''}"))
            bottom += 18
        y = bottom + GROUP_GAP
    if hidden_groups:
        notes.append((GROUP_X, y, f"+{hidden_groups:,} more group{'s' if hidden_groups != 1 else ''} not shown"))
        y += 18
    if not blocks:
        notes.append((GROUP_X, TOP + 20, "no integration groups"))
        y = TOP + DAEMON_H + GROUP_GAP

    # Metadata servers: beside the first group that uses each, pushed down so none overlap.
    server_bottom = 0.0
    for key, box in servers.items():
        box.y = max(box.y, server_bottom + 12)
        server_bottom = box.y + box.h
        _fill_server(box, key, server_groups[key])
    order = {key: index for index, key in enumerate(servers)}
    for mid, key in group_links:
        box = servers[key]
        # Each server's links turn down at their own x, so links to different servers do not run together.
        trunk = SERVER_X - 24 - 8 * (order[key] % 6)
        links.append((f"M{GROUP_X + GROUP_W},{mid:.0f} H{trunk} V{box.y + box.h / 2:.0f} H{SERVER_X}", "link"))
    boxes.extend(servers.values())
    boxes.insert(0, _daemon_box(daemon_name, running, platform_url, len(blocks) + hidden_groups, total, failing))

    height = max(y, server_bottom + GROUP_GAP, TOP + DAEMON_H + GROUP_GAP) + MARGIN
    state = "running" if running else "stopped"
    heading = _fit(
        f"Integration daemon {daemon_name} ({state}): {_plural(len(blocks) + hidden_groups, 'group')}, "
        f"{_plural(total, 'connector')}" + (f", {failing:,} failing" if failing else ""),
        200,
    )
    svg = render_svg(
        "topology.svg.j2",
        width=WIDTH,
        height=f"{height:.0f}",
        heading=heading,
        margin=MARGIN,
        boxes=boxes,
        links=links,
        notes=notes,
        marker=FAILURE_MARKER,
        line_h=LINE_H,
    )
    return Picture(svg, kind="topology", width=WIDTH, height=float(f"{height:.0f}"))


def _daemon_box(name: str, running: bool, url: str | None, groups: int, connectors: int, failing: int) -> _Box:
    state = "running" if running else "stopped"
    lines = [(_fit(name, 26), True), (state, False)]
    if url:
        lines.append((_fit(url, 30), False))
    title = [
        f"integration daemon {clean_text(name, 1000)}",
        f"state: {state}",
        f"platform: {clean_text(url, 1000)}" if url else "",
        f"{_plural(groups, 'group')}, {_plural(connectors, 'connector')}, {failing:,} failing",
    ]
    swatch = DAEMON_RUNNING if running else DAEMON_STOPPED
    return _Box(
        "daemon", DAEMON_X, TOP, DAEMON_W, DAEMON_H, swatch, state, lines, "\n".join(t for t in title if t), name=name
    )


def _group_box(snapshot: GroupSnapshot | None, name: str, listed: int, y: float) -> _Box:
    if snapshot is None:
        status = None
        count = listed
        details = [f"integration group {clean_text(name, 1000)}", "not in the daemon's configuration (being removed?)"]
    else:
        status = state_name(snapshot.status)
        count = max(snapshot.connector_count, listed)
        details = [
            f"integration group {clean_text(name, 1000)}",
            f"state: {status or 'not known'}",
            f"metadata server: {clean_text(snapshot.metadata_server or 'not known', 1000)}",
            f"platform: {clean_text(snapshot.platform_url or 'not known', 1000)}",
            f"GUID: {clean_text(snapshot.guid or 'not read yet', 200)}",
            f"description: {clean_text(snapshot.description, MESSAGE_CHARS)}" if snapshot.description else "",
            f"connectors: {count:,}",
            f"last refresh: {_when(snapshot.last_refresh)}",
            f"last error: {clean_text(snapshot.last_error, MESSAGE_CHARS)}" if snapshot.last_error else "",
        ]
    swatch = group_swatch(status)
    lines = [(_fit(name, WIDE_CHARS), True), (f"{status or UNKNOWN.name} · {_plural(count, 'connector')}", False)]
    return _Box(
        "group",
        GROUP_X,
        y,
        GROUP_W,
        GROUP_H,
        swatch,
        status or UNKNOWN.name,
        lines,
        "\n".join(d for d in details if d),
        failed=status == "FAILED",
        name=name,
    )


def _connector_box(c: ConnectorStatistics, x: float, y: float, counts: Mapping[str, int]) -> _Box:
    status = state_name(c.status)
    lines = [(_fit(c.connector_name, NARROW_CHARS), True), (status or "state not known", False)]
    count = counts.get(c.connector_name)
    if count is not None:
        lines.append((f"{_plural(count, 'element')} catalogued", False))
    details = [
        f"connector {clean_text(c.connector_name, 1000)}",
        f"group: {clean_text(c.group, 1000)}",
        f"id: {clean_text(c.connector_id, 200)}",
        f"provider: {clean_text(c.provider, 300)}" if getattr(c, "provider", None) else "",
        f"state: {status or 'not known'} since {_when(c.last_status_change)}",
        f"last refresh: {_when(c.last_refresh_time)}",
        f"refresh interval: {c.refresh_interval_min} min" if c.refresh_interval_min else "",
        f"restarts: {c.restarts}",
        f"next restart: {_when(c.next_restart)}" if getattr(c, "next_restart", None) else "",
        f"failing: {clean_text(c.failing_exception_message, MESSAGE_CHARS)}" if c.failing_exception_message else "",
        f"elements catalogued: {count:,}" if count is not None else "",
    ]
    statistics: Mapping[str, Any] = getattr(c, "statistics", None) or {}
    for key in list(statistics)[:STATISTICS_SHOWN]:
        details.append(f"{clean_text(key, 100)}: {clean_text(statistics[key], VALUE_CHARS)}")
    if len(statistics) > STATISTICS_SHOWN:
        details.append(f"(and {len(statistics) - STATISTICS_SHOWN} more statistics)")
    return _Box(
        "connector",
        x,
        y,
        CONN_W,
        CONN_H,
        connector_swatch(status),
        status or UNKNOWN.name,
        lines,
        "\n".join(d for d in details if d),
        failed=status in FAILED_STATE_NAMES,
        name=c.connector_name,
    )


def _fill_server(box: _Box, key: tuple[str, str | None], groups: list[str]) -> None:
    server, url = key
    box.lines = [(_fit(server, WIDE_CHARS - 2), True), (_fit(url or "platform not known", WIDE_CHARS + 2), False)]
    shown = [clean_text(g, 200) for g in groups[:20]]
    more = f"\n(and {len(groups) - 20} more)" if len(groups) > 20 else ""
    box.title = (
        f"metadata server {clean_text(server, 1000)}\nplatform: {clean_text(url or 'not known', 1000)}\n"
        f"groups read from it: {len(groups)}\n" + "\n".join(shown) + more
    )
    box.state = "metadata server"
    box.name = server
