"""Debian's Chromium as the browser tests and the benchmarks launch it, and how long a picture takes to paint."""

from __future__ import annotations

import json
from typing import Any

from egeria_nb.pictures import Picture

__all__ = ["CHROMIUM", "CHROMIUM_FLAGS", "painted_ms"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# In the page itself: when the SVG has its full size and every band is in the DOM (checked on each animation
# frame), performance.now() one frame later, when that frame has been painted.
WATCH_JS = """<script>
(() => {
  const want = %s;
  const ready = () => {
    const svg = document.querySelector('svg.egeria-nb-timeline');
    if (!svg) return false;
    const box = svg.getBoundingClientRect();
    return box.width === want.width && box.height === want.height
      && document.querySelectorAll('rect.band').length === want.bands;
  };
  const check = () => {
    if (ready()) requestAnimationFrame(() => { window.__painted = performance.now(); });
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
</script>"""


def painted_ms(page: Any, picture: Picture, bands: int) -> tuple[float, float]:
    """Browser milliseconds to painted: from ``page.set_content`` of the picture as a notebook shows it, and from
    when the page began to be parsed (without handing the text to the browser and replacing the last page)."""
    want = json.dumps({"width": picture.width, "height": picture.height, "bands": bands})
    content = (
        '<!doctype html><html><head><meta charset="utf-8"><script>window.__parsing = performance.now();</script>'
        f"</head><body>{picture._repr_html_()}{WATCH_JS % want}</body></html>"
    )
    # document.open() keeps the window and its clock across set_content: the times are on one clock.
    start = page.evaluate("performance.now()")
    page.set_content(content)
    page.wait_for_function("() => window.__painted !== undefined")
    painted, parsing = page.evaluate("[window.__painted, window.__parsing]")
    return painted - start, painted - parsing
