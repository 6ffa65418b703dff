"""Shared by the widget logic tests: forms and dashboards that are closed afterwards, and polling helpers.

No browser here: the tests set widget values, ``.click()`` buttons as the
frontend would, and check the platform's state over real loopback HTTP.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import ipywidgets as widgets
import pytest

# ipywidgets 8's registry of open widgets (model id → widget): a widget is in it from creation until
# close(). ``Widget.widgets`` returns the same dict but warns that it is deprecated (warnings fail tests).
from ipywidgets.widgets.widget import _instances as _open_widgets

import egeria_nb as enb
from tests.conftest import Raw

SERVER = "integration-daemon"
MD = "active-metadata-store"
# Bounds waits for things that take milliseconds, so that a busy machine cannot fail a test.
DEADLINE_S = 20.0


def live_widgets() -> int:
    """How many widgets are open in this process (created and not closed)."""
    return len(_open_widgets)


def widget_tree(*roots: widgets.Widget) -> list[widgets.Widget]:
    """``roots`` and every widget they hold (children, Layout, Style...), each once."""
    found: dict[int, widgets.Widget] = {}
    pending = list(roots)
    while pending:
        widget = pending.pop()
        if id(widget) in found:
            continue
        found[id(widget)] = widget
        for name in widget.keys:
            value = getattr(widget, name, None)
            items = value if isinstance(value, list | tuple) else [value]
            pending.extend(item for item in items if isinstance(item, widgets.Widget))
    return list(found.values())


def is_open(widget: widgets.Widget) -> bool:
    """Whether ``widget`` still has its comm or is still in the registry of open widgets."""
    return widget.comm is not None or any(w is widget for w in _open_widgets.values())


def configured(raw: Raw, server: str = SERVER) -> dict[str, dict[str, Any]]:
    """The groups the platform has for ``server``, by qualified name, as its JSON says (the source of truth)."""
    answer = raw.admin("GET", server, "/integration-groups/configuration")
    answer.raise_for_status()
    body = answer.json()
    assert body["relatedHTTPCode"] == 200, body
    return {g["integrationGroupQualifiedName"]: g for g in body.get("groups") or []}


def row_texts(form: enb.IntegrationGroupsForm) -> list[str]:
    """The HTML of each row of the form's table (the header excluded)."""
    return [row.children[1].value for row in form.table.children if "enb-row" in row._dom_classes]


def row_buttons(form: enb.IntegrationGroupsForm) -> dict[str, Any]:
    """Each row's Remove button, by the qualified name shown in the row."""
    buttons = {}
    for row in form.table.children:
        if "enb-row" in row._dom_classes:
            button, cells = row.children
            name = cells.value.split("<code>", 1)[1].split("</code>", 1)[0]
            buttons[name] = button
    return buttons


@pytest.fixture
def make_form(platform: enb.EmbeddedPlatform) -> Iterator[Callable[..., enb.IntegrationGroupsForm]]:
    """``make_form(server=SERVER, platform=..., **options)``: a form whose first load has finished."""
    forms: list[enb.IntegrationGroupsForm] = []

    def make(server: str = SERVER, on: enb.Platform | None = None, **options: Any) -> enb.IntegrationGroupsForm:
        form = enb.IntegrationGroupsForm(on or platform, server, **options)
        forms.append(form)
        return form.wait()

    yield make
    for form in forms:
        form.wait()
        form.close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def silent_platform() -> Iterator[str]:
    """The URL of a server that accepts connections and never answers (a hung platform)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def hold() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])  # read nothing, answer nothing
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=hold, name="silent-platform", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(5)
    for conn in accepted:
        conn.close()
    listener.close()
