"""Running a widget's platform call off the kernel thread, with its buttons disabled meanwhile.

A button callback runs on the kernel's thread; a sync call there would hold
the kernel for as long as the platform takes. Instead the call runs in a
worker thread, the callback returns at once, and the outcome is shown when it
arrives (ipykernel sends widget updates from any thread).

Also here: ``close_widgets``, which the form and the dashboard use to close a
part they no longer show together with every widget inside it.
"""

from __future__ import annotations

import concurrent.futures
import html
import logging
from collections.abc import Callable, Iterable
from typing import Any

import ipywidgets as widgets

from egeria_nb.errors import EgeriaError, PlatformTimeoutError, PlatformUnreachableError

__all__ = ["BackgroundCalls", "close_widgets", "describe_error", "held_widgets"]

LOGGER = logging.getLogger("egeria_nb.widgets")


def describe_error(error: BaseException) -> str:
    """HTML for an error: Egeria's message id, message and user action; never a traceback."""
    if isinstance(error, EgeriaError):
        parts = [f"<b>{html.escape(error.message_id or type(error).__name__)}</b>"]
        text = error.message
        if error.message_id and text.startswith(error.message_id):
            text = text[len(error.message_id) :].strip()
        parts.append(html.escape(text))
        if isinstance(error, PlatformTimeoutError | PlatformUnreachableError) and not error.user_action:
            parts.append("Check that the platform is running and reachable.")
        if error.user_action:
            parts.append(f"<br><i>What to do:</i> {html.escape(error.user_action)}")
        return " ".join(parts)
    return f"<b>Unexpected {html.escape(type(error).__name__)}</b>: {html.escape(str(error))}"


def held_widgets(widget: widgets.Widget) -> list[widgets.Widget]:
    """The widgets ``widget`` holds directly: its children, its Layout and Style, and the like.

    They are all synced traits (the frontend needs them), so the synced traits are where to look.
    """
    held: list[widgets.Widget] = []
    for name in widget.keys:
        value = getattr(widget, name, None)
        items = value if isinstance(value, list | tuple) else [value]
        held.extend(item for item in items if isinstance(item, widgets.Widget))
    return held


def close_widgets(*roots: widgets.Widget) -> None:
    """Close each of ``roots`` and every widget it holds, however deep.

    ``Widget.close()`` closes one widget only; a Button's Layout and ButtonStyle, or a Box's children,
    stay open (and in ipywidgets' registry of live widgets) unless they are closed too. Widgets reached
    twice are closed once; closing a closed widget does nothing. A composite widget whose ``close()``
    calls this closes what it holds, ``close_widgets(*held_widgets(self))``, not itself.
    """
    seen: set[int] = set()
    pending = list(roots)
    while pending:
        widget = pending.pop()
        if id(widget) in seen:
            continue
        seen.add(id(widget))
        pending.extend(held_widgets(widget))
        widget.close()


class BackgroundCalls:
    """Runs one call at a time for a widget, disabling ``buttons`` while it runs."""

    def __init__(self, name: str, buttons: Iterable[widgets.Button], message: widgets.HTML) -> None:
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"egeria_nb-{name}")
        self._buttons = list(buttons)
        self._message = message
        self.pending: concurrent.futures.Future[Any] | None = None
        # True from run() until the call has ended and the buttons are back; cleared before ``after``
        # runs, so that ``after`` (which may re-validate the form) does not see its own call as busy.
        self._working = False

    @property
    def busy(self) -> bool:
        return self._working

    def run(
        self,
        work: Callable[[], Any],
        *,
        busy: str,
        done: Callable[[Any], str | None],
        after: Callable[[], None] | None = None,
    ) -> concurrent.futures.Future[Any] | None:
        """Run ``work`` in the worker; show ``busy`` now and ``done(result)`` (or the error) when it ends."""
        if self.busy:
            self._show("warning", "Still working on the previous action; please wait.")
            return None
        saved = [b.disabled for b in self._buttons]
        for b in self._buttons:
            b.disabled = True
        self._working = True
        self._show("info", html.escape(busy))

        def task() -> Any:
            try:
                result = work()
            except Exception as error:
                LOGGER.debug("widget call failed", exc_info=True)
                self._show("error", describe_error(error))
                raise
            else:
                text = done(result)
                if text is None:
                    self._message.value = ""  # nothing to report: the "busy" text must not stay behind
                else:
                    self._show("success", text)
                return result
            finally:
                for button, was in zip(self._buttons, saved, strict=True):
                    button.disabled = was
                self._working = False
                if after is not None:
                    try:
                        after()
                    except Exception as error:
                        LOGGER.debug("widget refresh after a call failed", exc_info=True)
                        self._show("error", describe_error(error))

        self.pending = self._pool.submit(task)
        return self.pending

    def wait(self, timeout_s: float) -> None:
        """Block until the call in flight (if any) has finished and the widget is updated."""
        pending = self.pending
        if pending is not None:
            concurrent.futures.wait([pending], timeout=timeout_s)

    def _show(self, kind: str, text_html: str) -> None:
        colours = {"info": "#31708f", "success": "#2e7d32", "warning": "#8a6d3b", "error": "#b71c1c"}
        self._message.value = f'<div class="egeria-nb-{kind}" style="color: {colours[kind]}">{text_html}</div>'

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
