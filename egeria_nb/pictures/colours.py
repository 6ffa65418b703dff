"""The one palette of the pictures: a swatch per connector and group state, and a shape per kind of marker.

Keyed by Egeria's state names (the text of ``ConnectorStatus`` and ``GroupStatus``), so this module
imports nothing from the daemon. Colours come from Okabe and Ito's and Paul Tol's palettes, chosen to
stay apart for the common kinds of colour blindness; where colour alone could still mislead, a second
cue carries the meaning: failed states are hatched (and their changes marked with a triangle), an unknown
state is dashed, a blocked loop is a diamond, and every shape says what it is in its hover text.

Families: failed states red (vermillion, wine, orange), ``WAITING`` / ``RUNNING`` green, starting and
refreshing blue, stopped grey, unknown light grey and dashed.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CONNECTOR_SWATCHES",
    "DAEMON_RUNNING",
    "DAEMON_STOPPED",
    "FAILED_STATE_NAMES",
    "FAILURE_MARKER",
    "GROUP_SWATCHES",
    "LOOP_BLOCKED_MARKER",
    "UNKNOWN",
    "Marker",
    "Swatch",
    "connector_swatch",
    "group_swatch",
    "state_name",
]

# The connector states Egeria counts as failed (egeria_nb.daemon.status.FAILED_STATES, by name).
FAILED_STATE_NAMES = frozenset({"FAILED", "CONFIG_FAILED", "INITIALIZE_FAILED"})


def _mix(colour: str, amount: float) -> str:
    """``colour`` (#rrggbb) mixed with white: ``amount`` 0 is the colour, 1 is white."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in (r, g, b))


def _ink(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG relative luminance)."""

    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 0.179 else "#ffffff"


@dataclass(frozen=True, slots=True)
class Swatch:
    """How one state is drawn.

    ``colour`` fills timeline bands and outlines boxes; ``tint`` fills boxes (text on it is black);
    ``ink`` is the text colour that reads on ``colour``. ``hatched`` (failed states) and ``dashed``
    (unknown) are the cues that do not depend on seeing colour.
    """

    name: str
    colour: str
    hatched: bool = False
    dashed: bool = False

    @property
    def tint(self) -> str:
        return _mix(self.colour, 0.78)

    @property
    def ink(self) -> str:
        return _ink(self.colour)

    @property
    def pattern_id(self) -> str:
        """The id of this swatch's hatch pattern: named by its colour, so equal pictures on one page agree."""
        return f"enb-hatch-{self.colour.lstrip('#')}"

    @property
    def fill(self) -> str:
        """What a band of this state is filled with: its hatch pattern, or its colour."""
        return f"url(#{self.pattern_id})" if self.hatched else self.colour


@dataclass(frozen=True, slots=True)
class Marker:
    """A point event on a timeline: its shape (an SVG path around 0,0), fill and outline."""

    name: str
    path: str
    fill: str
    stroke: str


CONNECTOR_SWATCHES: dict[str, Swatch] = {
    s.name: s
    for s in (
        Swatch("INITIALIZED", "#0072b2"),  # starting: blue
        Swatch("WAITING", "#009e73"),  # bluish green
        Swatch("REFRESHING", "#56b4e9"),  # sky blue
        Swatch("RUNNING", "#1b7837"),  # dark green
        Swatch("STOPPED", "#8c8c8c"),  # grey
        Swatch("INITIALIZE_FAILED", "#ee7733", hatched=True),  # orange
        Swatch("CONFIG_FAILED", "#882255", hatched=True),  # wine
        Swatch("SHUTDOWN", "#5a5a5a"),  # dark grey
        Swatch("FAILED", "#cc3311", hatched=True),  # vermillion red
    )
}

GROUP_SWATCHES: dict[str, Swatch] = {
    s.name: s
    for s in (
        Swatch("ASSIGNED", "#88ccee"),  # not read yet: light blue
        Swatch("CONFIGURING", "#0072b2"),  # blue
        Swatch("RUNNING", "#009e73"),  # green
        Swatch("FAILED", "#cc3311", hatched=True),  # red
        Swatch("DISABLED", "#8c8c8c"),  # grey
    )
}

# A state this release does not know (a remote daemon's), or no state known yet.
UNKNOWN = Swatch("unknown", "#c8c8c8", dashed=True)
DAEMON_RUNNING = Swatch("running", "#009e73")
DAEMON_STOPPED = Swatch("stopped", "#8c8c8c")

# A change into a failed state: a red triangle pointing down at the band.
FAILURE_MARKER = Marker("failure", "M-5,-6 L5,-6 L0,2 Z", "#cc3311", "#ffffff")
# A "LOOP BLOCKED" note from the daemon's watchdog: a yellow diamond outlined in black.
LOOP_BLOCKED_MARKER = Marker("loop blocked", "M0,-5 L5,0 L0,5 L-5,0 Z", "#f0e442", "#000000")


def state_name(status: object) -> str | None:
    """The state's Egeria name (``ConnectorStatus.FAILED`` and ``"FAILED"`` alike), or None."""
    if status is None:
        return None
    return str(getattr(status, "value", status))


def connector_swatch(status: object) -> Swatch:
    """The swatch of a connector state (a ``ConnectorStatus`` or its name); ``UNKNOWN`` for None or a name not known."""
    name = state_name(status)
    return CONNECTOR_SWATCHES.get(name, UNKNOWN) if name is not None else UNKNOWN


def group_swatch(status: object) -> Swatch:
    """The swatch of a group state (a ``GroupStatus`` or its name); ``UNKNOWN`` for None or a name not known."""
    name = state_name(status)
    return GROUP_SWATCHES.get(name, UNKNOWN) if name is not None else UNKNOWN
