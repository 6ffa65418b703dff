"""HTML for notebooks: one autoescaping Jinja environment over ``egeria_nb/templates``.

Connector names and error messages come from servers and connectors; every
value reaches HTML through autoescaping, never by string concatenation.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2

__all__ = ["STATUS_COLOURS", "render"]

# Background colours per connector/group state, used by tables, summaries and the dashboard.
STATUS_COLOURS = {
    "INITIALIZED": "#e8eef7",
    "WAITING": "#d9f2d9",
    "REFRESHING": "#cfe8ff",
    "RUNNING": "#c6efc6",
    "STOPPED": "#e6e6e6",
    "INITIALIZE_FAILED": "#ffe0b3",
    "CONFIG_FAILED": "#ffd1d1",
    "SHUTDOWN": "#e6e6e6",
    "FAILED": "#ffb3b3",
    "ASSIGNED": "#e8eef7",
    "CONFIGURING": "#cfe8ff",
    "DISABLED": "#e6e6e6",
}


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("egeria_nb", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **values: Any) -> str:
    return _environment().get_template(template).render(colours=STATUS_COLOURS, **values)
