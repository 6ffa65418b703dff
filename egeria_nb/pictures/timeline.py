"""A timeline of a daemon's connectors: one row each, coloured by the state it was in over the last minutes.

``timeline_picture(events, connectors, now=...)`` takes the daemon's history (``HistoryEvent``, oldest
first) and its connectors now (``ConnectorStatistics``) as plain records and returns a ``Picture``; it
does no I/O and imports nothing from the daemon at run time (the daemon calls it).

A row's bands: each state from the change into it until the next change. Before the first change in
the window the connector was in that change's ``from_status`` (or, with no change in the window, in its
state now); a change older than the window is not drawn but says since when. Changes into a failed
state are marked with a triangle, the watchdog's "LOOP BLOCKED" notes with a diamond; every band and
marker says what it is, when, and the message, on hover.

Bounds: at most ``max_rows`` rows (connectors failing now first, then those failed in the window,
then by group and name), and a bounded number of bands per row: changes closer together than the row
can draw apart are drawn as one band that says how many it holds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from egeria_nb.arguments import Text, check_positive, checked
from egeria_nb.catalogue import Code
from egeria_nb.pictures.colours import (
    CONNECTOR_SWATCHES,
    FAILED_STATE_NAMES,
    FAILURE_MARKER,
    LOOP_BLOCKED_MARKER,
    UNKNOWN,
    Swatch,
    connector_swatch,
    state_name,
)
from egeria_nb.pictures.picture import Picture, clean_text, render_svg

if TYPE_CHECKING:
    from egeria_nb.daemon.history import HistoryEvent
    from egeria_nb.daemon.runner import ConnectorStatistics

__all__ = ["MAX_ROWS", "timeline_picture"]

# Rows drawn unless the caller says otherwise; the longest window.
MAX_ROWS = 200
MAX_MINUTES = 10 * 365 * 24 * 60
# How finely a row is cut: changes closer together than the plot's width over ``per_row`` pixels are
# merged, where ``per_row`` is MAX_BANDS / (2 x rows) kept between MIN_BANDS_PER_ROW and MAX_BANDS_PER_ROW.
# A row then has at most 2 x per_row + 1 bands (merged stretches, and a short state alone between
# two long ones) and at most per_row markers of each kind, so a picture about MAX_BANDS bands at most.
MAX_BANDS_PER_ROW = 300
MAX_BANDS = 40_000
MIN_BANDS_PER_ROW = 10
# A short state alone between two long ones is drawn at least this wide, so it shows and can be hovered.
MIN_DRAWN_PX = 2.0
# Messages shown in one merged marker's hover text.
MESSAGES_PER_MARKER = 5
MESSAGE_CHARS = 300
LABEL_CHARS = 40
LOOP_BLOCKED = "LOOP BLOCKED"

# Geometry, in pixels.
WIDTH = 1000
MARGIN = 12
LABEL_W = 256
PLOT_X0 = MARGIN + LABEL_W + 8
PLOT_X1 = WIDTH - 20
PLOT_W = PLOT_X1 - PLOT_X0
HEADER_H = 52  # title line and tick labels
ROW_H = 20
BAND_TOP = 7  # band's offset in its row
BAND_H = 11
LEGEND_ITEM_W = 160
LEGEND_LINE_H = 18
# Tick spacings tried, in seconds: the first giving at most MAX_TICKS ticks is used.
TICK_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400)
MAX_TICKS = 7


def _seconds(moment: datetime) -> float:
    """Seconds since 1970 of a timezone-aware ``moment`` (a naive one is UTC, as everywhere in egeria_nb)."""
    return moment.timestamp() if moment.tzinfo is not None else moment.replace(tzinfo=UTC).timestamp()


@dataclass(slots=True)
class _Row:
    group: str
    name: str
    present: bool  # among the connectors now (else known only from the history: removed)
    current: str | None = None  # its state now
    last_change: float | None = None
    failing_message: str | None = None
    # The newest change before the window: (time, to_status, message).
    before: tuple[float, str | None, str] | None = None
    # Changes in the window: (time, from_status, to_status, message).
    changes: list[tuple[float, str | None, str, str]] = field(default_factory=list)
    blocks: list[tuple[float, str]] = field(default_factory=list)
    banded: bool = True  # False: a row of markers only (loop blocks outside any connector)

    @property
    def label(self) -> str:
        if not self.banded:
            return self.name
        suffix = "" if self.present else " (removed)"
        return f"{self.group} / {self.name}{suffix}" if self.group else f"{self.name}{suffix}"

    def rank(self) -> tuple[int, str, str]:
        now = self.current if self.present else (self.changes[-1][2] if self.changes else None)
        if now in FAILED_STATE_NAMES:
            tier = 0
        elif any(to in FAILED_STATE_NAMES or frm in FAILED_STATE_NAMES for _, frm, to, _ in self.changes):
            tier = 1
        else:
            tier = 2
        return tier, self.group.casefold(), self.name.casefold()


def _short_label(row: _Row, label: str) -> str:
    """The label cut to fit its column, keeping the connector's name: the group's name loses its start."""
    if len(label) <= LABEL_CHARS:
        return label
    own = clean_text(label[len(row.group) + 3 :] if row.group and row.banded else label, 1000)
    room = LABEL_CHARS - len(own) - 3
    if row.group and row.banded and room >= 8:
        return "…" + clean_text(row.group, 1000)[-(room - 1) :] + " / " + own
    return own if len(own) <= LABEL_CHARS else own[: LABEL_CHARS - 1] + "…"


# A stretch of one state: (start, end, state or None when not known, since when it held, message).
_Segment = tuple[float, float, str | None, float | None, str]


class _Clock:
    """Times as the picture shows them: UTC, with the date only when the window spans days."""

    def __init__(self, start: float, end: float) -> None:
        first, last = datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC)
        self.pattern = "%H:%M:%S" if first.date() == last.date() else "%Y-%m-%d %H:%M:%S"
        self.start = start
        # Whole seconds already written: many changes share one.
        self._written: dict[int, str] = {}

    def __call__(self, seconds: float) -> str:
        whole = math.floor(seconds)
        text = self._written.get(whole)
        if text is None:
            text = self._written[whole] = datetime.fromtimestamp(whole, UTC).strftime(self.pattern)
        return text

    def since(self, seconds: float | None) -> str:
        if seconds is None:
            return f"since before {self(self.start)}"
        if seconds < self.start:
            return f"since {self(seconds)} (before this window)"
        return f"from {self(seconds)}"


def _duration(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


@checked
def timeline_picture(
    events: Iterable[HistoryEvent],
    connectors: Iterable[ConnectorStatistics],
    *,
    now: datetime,
    minutes: float = 30.0,
    title: Text = "",
    max_rows: int = MAX_ROWS,
) -> Picture:
    """A timeline of each connector's states over the last ``minutes`` up to ``now``, as an SVG ``Picture``.

    ``events`` are the daemon's history, oldest first (``daemon.history`` records); ``connectors`` its
    connectors now (``ConnectorStatistics``). At most ``max_rows`` connectors are drawn: those failing
    now first, then those failed at some time in the window, then by group and name.
    """
    check_positive("minutes", minutes)
    if minutes > MAX_MINUTES:
        raise Code.BAD_ARGUMENT.error(
            "timeline_picture()",
            "minutes",
            f"a number of minutes up to {MAX_MINUTES:,} (ten years)",
            repr(minutes),
            "",
            ".",
        )
    check_positive("max_rows", max_rows)
    end = _seconds(now)
    start = end - minutes * 60.0
    rows, loose = _rows(events, connectors, start, end)
    ordered = sorted(rows, key=_Row.rank)
    shown, hidden = ordered[:max_rows], len(ordered) - max_rows
    if loose:
        shown.insert(0, _Row("", "daemon (outside any connector)", present=True, blocks=loose, banded=False))
    return _draw(shown, max(0, hidden), start, end, minutes, title)


def _rows(
    events: Iterable[HistoryEvent], connectors: Iterable[ConnectorStatistics], start: float, end: float
) -> tuple[list[_Row], list[tuple[float, str]]]:
    """One row per connector now, plus one per removed connector with changes in the window."""
    by_id: dict[object, _Row] = {}
    by_name: dict[tuple[str | None, str | None], _Row] = {}
    for c in connectors:
        status = state_name(c.status)
        row = _Row(
            c.group or "",
            c.connector_name or "",
            present=True,
            current=status,
            last_change=_seconds(c.last_status_change) if c.last_status_change is not None else None,
            failing_message=c.failing_exception_message,
        )
        by_id[c.connector_id if c.connector_id is not None else (c.group, c.connector_name)] = row
        by_name.setdefault((c.group, c.connector_name), row)
    removed: dict[object, _Row] = {}
    loose: list[tuple[float, str]] = []
    for event in events:
        t = _seconds(event.time)
        if t > end:
            continue
        to, frm = state_name(event.to_status), state_name(event.from_status)
        message = event.message or ""
        if event.connector_id is not None:
            key: object = event.connector_id
            row = by_id.get(key)
        else:
            key = (event.group, event.connector)
            row = by_id.get(key) or by_name.get(key)
        if to is None or to == frm:
            # A note, not a change of state; only the watchdog's are drawn.
            if t >= start and message.startswith(LOOP_BLOCKED):
                target = row or (removed.get(key) if event.connector else None)
                (target.blocks if target is not None else loose).append((t, message))
            continue
        if event.connector is None and event.connector_id is None:
            continue
        if row is None:
            row = removed.get(key)
            if row is None:
                row = removed[key] = _Row(event.group or "", event.connector or "", present=False)
        if t < start:
            if row.before is None or t >= row.before[0]:
                row.before = (t, to, message)
        else:
            row.changes.append((t, frm, to, message))
    kept = list(by_id.values()) + [r for r in removed.values() if r.changes]
    for row in kept:
        if any(a[0] > b[0] for a, b in zip(row.changes, row.changes[1:], strict=False)):
            row.changes.sort(key=lambda change: change[0])
    return kept, loose


def _segments(row: _Row, start: float, end: float) -> list[_Segment]:
    segments: list[_Segment] = []
    if not row.banded:
        return segments
    if row.changes:
        first_from = row.changes[0][1]
        drawing = first_from is not None  # None: the connector did not exist before its first change
        state: str | None = first_from
        since, message = None, ""
        if row.before is not None and row.before[1] == first_from:
            since, message = row.before[0], row.before[2]
        cursor = start
        for t, _, to, note in row.changes:
            if drawing and t > cursor:
                segments.append((cursor, t, state, since, message))
            drawing, state, cursor, since, message = True, to, t, t, note
        segments.append((cursor, end, state, since, message))
        return segments
    if not row.present:
        return segments
    state = row.current
    message = (row.failing_message or "") if state in FAILED_STATE_NAMES else ""
    changed = row.last_change
    if changed is not None and start < changed < end:
        # No change of it in the history, but the connector says it changed in the window: the history
        # missed it (it is bounded, or the daemon is remote). Before then, the state is not known,
        # unless a change before the window says.
        before = row.before[1] if row.before is not None else None
        segments.append((start, changed, before, row.before[0] if row.before else None, ""))
        segments.append((changed, end, state, changed, message))
    else:
        segments.append((start, end, state, changed, message))
    return segments


@dataclass(slots=True)
class _Band:
    x0: float
    x1: float
    t0: float
    t1: float
    state: str | None
    since: float | None
    message: str
    # Set once the band holds more than one stretch: time per state, changes, the last failure message.
    time_in: dict[str | None, float] | None = None
    count: int = 1
    failure: str = ""

    def absorb(self, other: _Band) -> None:
        if self.time_in is None:
            self.time_in = {self.state: self.t1 - self.t0}
            self.failure = self.message if self.state in FAILED_STATE_NAMES else ""
        self.time_in[other.state] = self.time_in.get(other.state, 0.0) + (other.t1 - other.t0)
        if other.state in FAILED_STATE_NAMES:
            self.failure = other.message
        self.count += 1
        self.x1, self.t1 = other.x1, other.t1
        failed = [s for s in self.time_in if s in FAILED_STATE_NAMES]
        # The state drawn: a failure if one is inside (it must not vanish), else the longest.
        pool = failed or list(self.time_in)
        self.state = max(pool, key=lambda s: self.time_in[s] if self.time_in else 0.0)


def _bands(segments: list[_Segment], start: float, scale: float, least: float) -> list[_Band]:
    """The segments as bands at least ``least`` pixels wide: narrower neighbours are merged into one."""
    wide: list[_Band] = []
    narrow: list[_Band] = []
    cluster: _Band | None = None
    for t0, t1, state, since, message in segments:
        band = _Band(PLOT_X0 + (t0 - start) * scale, PLOT_X0 + (t1 - start) * scale, t0, t1, state, since, message)
        if band.x1 - band.x0 >= least:
            if cluster is not None:
                narrow.append(cluster)
                cluster = None
            wide.append(band)
            continue
        if cluster is None:
            cluster = band
        else:
            cluster.absorb(band)
        if cluster.x1 - cluster.x0 >= least:
            wide.append(cluster)
            cluster = None
    if cluster is not None:
        narrow.append(cluster)
    for band in narrow:
        # Short, between long ones: drawn on top of its neighbour, wide enough to be seen and hovered.
        if band.x1 - band.x0 < MIN_DRAWN_PX:
            band.x1 = band.x0 + MIN_DRAWN_PX
            if band.x1 > PLOT_X1:
                band.x0, band.x1 = PLOT_X1 - MIN_DRAWN_PX, PLOT_X1
    return wide + narrow


def _points(points: list[tuple[float, str, str]], start: float, scale: float, least: float) -> list[list[Any]]:
    """Point events as marker positions: those within ``least`` pixels of the previous one are one marker."""
    merged: list[list[Any]] = []
    for t, state, message in points:
        x = PLOT_X0 + (t - start) * scale
        if merged and x - merged[-1][0] < least:
            merged[-1][1].append((t, state, message))
        else:
            merged.append([x, [(t, state, message)]])
    return merged


def _band_title(label: str, band: _Band, clock: _Clock, end: float) -> str:
    to = "now" if band.t1 >= end else clock(band.t1)
    if band.time_in is not None:
        states = ", ".join(f"{s or UNKNOWN.name} {_duration(d)}" for s, d in band.time_in.items())
        text = (
            f"{label}\n{band.count} states from {clock(band.t0)} to {to} UTC, too close together to draw apart "
            f"(show fewer minutes to see each): {states}"
        )
        return text + (f"\nlast failure: {clean_text(band.failure, MESSAGE_CHARS)}" if band.failure else "")
    state = band.state or "state not known"
    held = _duration(band.t1 - (band.since if band.since is not None else band.t0))
    held = held if band.since is not None else f"at least {held}"
    text = f"{label}\n{state} {clock.since(band.since)} to {to} UTC ({held})"
    return text + (f"\n{clean_text(band.message, MESSAGE_CHARS)}" if band.message else "")


def _point_title(label: str, kind: str, points: list[tuple[float, str, str]], clock: _Clock) -> str:
    if len(points) == 1:
        t, state, message = points[0]
        return f"{label}\n{state} at {clock(t)} UTC\n{clean_text(message, MESSAGE_CHARS)}"
    lines = [f"{label}\n{len(points)} {kind} from {clock(points[0][0])} to {clock(points[-1][0])} UTC:"]
    for t, state, message in points[-MESSAGES_PER_MARKER:]:
        lines.append(f"{clock(t)} {state}: {clean_text(message, MESSAGE_CHARS)}")
    if len(points) > MESSAGES_PER_MARKER:
        lines.append(f"(and {len(points) - MESSAGES_PER_MARKER} earlier)")
    return "\n".join(lines)


def _ticks(start: float, end: float) -> list[tuple[float, str]]:
    span = end - start
    step = next((s for s in TICK_STEPS if span / s <= MAX_TICKS), None)
    if step is None:
        step = 86400 * math.ceil(span / MAX_TICKS / 86400)
    first = math.ceil(start / step) * step
    if step >= 86400:
        pattern = "%Y-%m-%d"
    elif datetime.fromtimestamp(start, UTC).date() != datetime.fromtimestamp(end, UTC).date():
        pattern = "%m-%d %H:%M"
    else:
        pattern = "%H:%M:%S" if step < 60 else "%H:%M"
    scale = PLOT_W / span
    ticks = []
    t = first
    while t <= end + 1e-9:
        ticks.append((PLOT_X0 + (t - start) * scale, datetime.fromtimestamp(t, UTC).strftime(pattern)))
        t += step
    return ticks


def _legend_key(state: str | None) -> str:
    return state if state in CONNECTOR_SWATCHES else UNKNOWN.name


def _draw(rows: list[_Row], hidden: int, start: float, end: float, minutes: float, title: str) -> Picture:
    scale = PLOT_W / (end - start)
    per_row = max(MIN_BANDS_PER_ROW, min(MAX_BANDS_PER_ROW, MAX_BANDS // (2 * max(1, len(rows)))))
    least = max(1.0, PLOT_W / per_row)
    # Markers are 10 px wide: closer ones are one marker that lists what it holds.
    marker_least = max(6.0, least)
    clock = _Clock(start, end)
    labels, bands, failures, blocks = [], [], [], []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        y = HEADER_H + index * ROW_H
        label = clean_text(row.label, 1000)
        shown = _short_label(row, label)
        labels.append((f"{y + BAND_TOP + BAND_H - 2:.0f}", shown, label, index % 2 == 1, f"{y:.0f}"))
        band_y = f"{y + BAND_TOP:.0f}"
        for band in _bands(_segments(row, start, end), start, scale, least):
            swatch = connector_swatch(band.state)
            seen.add(_legend_key(band.state))
            # Numbers and the palette's own values need no escaping: one attribute string per band keeps the
            # template's loop short. The state (which may come from a server) and the title are escaped there.
            geometry = (
                f'x="{band.x0:.1f}" y="{band_y}" width="{band.x1 - band.x0:.1f}" height="{BAND_H}" fill="{swatch.fill}"'
            )
            if swatch.dashed:
                geometry += ' stroke="#777777" stroke-dasharray="3 2"'
            bands.append((Markup(geometry), band.state or UNKNOWN.name, _band_title(label, band, clock, end)))  # noqa: S704
        points = [(t, to, message) for t, frm, to, message in row.changes if to in FAILED_STATE_NAMES]
        for x, group in _points(points, start, scale, marker_least):
            failures.append(
                (f"{x:.1f}", f"{y + BAND_TOP + 1:.0f}", len(group), _point_title(label, "failures", group, clock))
            )
        notes = [(t, "loop blocked", message) for t, message in sorted(row.blocks)]
        for x, group in _points(notes, start, scale, marker_least):
            blocks.append(
                (
                    f"{x:.1f}",
                    f"{y + BAND_TOP + BAND_H / 2:.1f}",
                    len(group),
                    _point_title(label, "loop blocks", group, clock),
                )
            )
    rows_bottom = HEADER_H + len(rows) * ROW_H
    more_y = rows_bottom + 16 if hidden else rows_bottom
    legend = _legend(seen, bool(failures), bool(blocks), more_y + 10)
    height = (legend[-1][1] if legend else more_y) + LEGEND_LINE_H + MARGIN
    to = datetime.fromtimestamp(end, UTC).strftime("%Y-%m-%d %H:%M:%S")
    window = f"last {minutes:g} minute{'s' if minutes != 1 else ''} to {to} UTC"
    heading = clean_text(f"{title} — connector states, {window}" if title else f"Connector states, {window}", 300)
    hatched = {s.pattern_id: s for key in seen if (s := CONNECTOR_SWATCHES.get(key)) is not None and s.hatched}
    svg = render_svg(
        "timeline.svg.j2",
        width=WIDTH,
        height=f"{height:.0f}",
        heading=heading,
        margin=MARGIN,
        label_w=LABEL_W,
        plot_x0=PLOT_X0,
        plot_x1=PLOT_X1,
        plot_w=PLOT_W,
        header_h=HEADER_H,
        row_h=ROW_H,
        band_h=BAND_H,
        rows_bottom=rows_bottom,
        patterns=sorted(hatched.values(), key=lambda s: s.pattern_id),
        ticks=[(f"{x:.1f}", text) for x, text in _ticks(start, end)],
        labels=labels,
        bands=bands,
        failures=failures,
        failure_marker=FAILURE_MARKER,
        blocks=blocks,
        block_marker=LOOP_BLOCKED_MARKER,
        more=(f"and {hidden:,} more connector{'s' if hidden != 1 else ''} not shown" if hidden else ""),
        more_y=more_y,
        legend=legend,
        empty=not rows,
    )
    return Picture(svg, kind="timeline", width=WIDTH, height=float(f"{height:.0f}"))


def _legend(seen: set[str], failures: bool, blocks: bool, top: float) -> list[tuple[float, float, str, Any]]:
    """Legend items: (x, y, kind, what), kind "state" (a Swatch) or "marker" (a Marker), in palette order."""
    order = [*CONNECTOR_SWATCHES, UNKNOWN.name]
    swatches: list[Swatch] = [CONNECTOR_SWATCHES.get(name, UNKNOWN) for name in order if name in seen]
    items: list[tuple[str, Any]] = [("state", s) for s in swatches]
    if failures:
        items.append(("marker", FAILURE_MARKER))
    if blocks:
        items.append(("marker", LOOP_BLOCKED_MARKER))
    per_line = max(1, (WIDTH - 2 * MARGIN) // LEGEND_ITEM_W)
    placed = []
    for i, (kind, what) in enumerate(items):
        line, column = divmod(i, per_line)
        placed.append((MARGIN + column * LEGEND_ITEM_W, top + line * LEGEND_LINE_H, kind, what))
    return placed
