"""``Picture``: one SVG drawing, shown inline in a notebook and saved as a ``.svg`` file.

Also what the drawings share: the autoescaping Jinja environment over ``egeria_nb/templates`` that
renders them, and ``clean_text``, which makes a server's or connector's text fit to be shown in XML.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Any

from egeria_nb.arguments import PathText, checked
from egeria_nb.templating import template

__all__ = ["MAX_SVG_CHARS", "Picture", "clean_text", "render_svg"]

# The most SVG text one Picture holds (about 20 MB). The drawings bound their own content well below
# this; a picture over it is replaced by a short one saying so, never cut (cut SVG is not SVG).
MAX_SVG_CHARS = 20_000_000
# Characters XML 1.0 does not allow (control characters such as the ESC of ANSI colours, lone
# surrogates, U+FFFE/U+FFFF). A message carrying one would make the saved file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def render_svg(name: str, **values: Any) -> str:
    """``egeria_nb/templates/<name>`` rendered with ``values`` (escaped: XML needs it as HTML does)."""
    return template(name).render(svg_namespace=SVG_NAMESPACE, **values)


def clean_text(text: object, limit: int = 300) -> str:
    """``text`` as one piece of hover or label text: characters XML cannot hold replaced, at most ``limit`` long."""
    value = "" if text is None else str(text)
    if len(value) > limit:
        value = value[: max(0, limit - 1)] + "…"
    return _NOT_XML.sub("\ufffd", value)


def _too_large(kind: str, chars: int, width: float, height: float) -> str:
    text = html.escape(f"This {kind} picture would be {chars:,} characters of SVG, more than {MAX_SVG_CHARS:,}.")
    return (
        f'<svg xmlns="{SVG_NAMESPACE}" width="{width:g}" height="{height:g}" viewBox="0 0 {width:g} {height:g}">'
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
        f'<text x="8" y="24" font-family="sans-serif" font-size="13">{text}</text></svg>'
    )


class Picture:
    """An SVG drawing. In a notebook it shows inline, so hovering over a shape shows its details.

    ``svg`` is the SVG text, ``width`` and ``height`` its size in pixels; ``save(path)`` writes it
    as a standalone ``.svg`` file.
    """

    __slots__ = ("_svg", "height", "kind", "width")

    def __init__(self, svg: str, *, kind: str, width: float, height: float) -> None:
        if len(svg) > MAX_SVG_CHARS:
            width, height = 560.0, 40.0
            svg = _too_large(kind, len(svg), width, height)
        self._svg = svg
        self.kind = kind
        self.width = width
        self.height = height

    @property
    def svg(self) -> str:
        """The SVG text (one ``<svg>`` element, with its namespace)."""
        return self._svg

    def __repr__(self) -> str:
        return f"<Picture {self.kind} {self.width:g}x{self.height:g} px, {len(self._svg):,} characters of SVG>"

    def _repr_html_(self) -> str:
        # Inline, not an <img>: hover text (<title>) works only in inline SVG. The div scrolls a wide picture.
        return f'<div class="egeria-nb-picture" style="overflow:auto;max-width:100%">{self._svg}</div>'

    @checked
    def save(self, path: PathText | os.PathLike[str]) -> Path:
        """Write the picture to ``path`` as a standalone SVG file (UTF-8) and return the path."""
        target = Path(path)
        target.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + self._svg, encoding="utf-8")
        return target
