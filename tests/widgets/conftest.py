"""Shared by the widget logic tests: forms and dashboards that are closed afterwards, and polling helpers.

No browser here: the tests set widget values, ``.click()`` buttons as the
frontend would, and check the platform's state over real loopback HTTP.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import egeria_nb as enb
from tests.conftest import Raw

SERVER = "integration-daemon"
MD = "active-metadata-store"
# Bounds waits for things that take milliseconds, so that a busy machine cannot fail a test.
DEADLINE_S = 20.0


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
