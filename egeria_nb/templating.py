"""The one jinja2 environment for egeria_nb's templates (HTML tables and SVG pictures).

Every value is escaped (&, <, >, quotes), which HTML and XML both need, so text from servers and
connectors reaches a page only through escaping. Kept apart from ``display`` so the pictures need
no pandas.
"""

from __future__ import annotations

import functools

import jinja2

__all__ = ["template"]


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("egeria_nb", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def template(name: str) -> jinja2.Template:
    """``egeria_nb/templates/<name>``, loaded once."""
    return _environment().get_template(name)
