"""The widgets in a real browser: JupyterLab 4, Notebook 7 and Voila, driven in Debian's Chromium.

Each test runs the notebook's cells in a fresh kernel, works the widgets as a person would (type, click),
waits for what the page shows, and checks over HTTP that the platform really changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

import egeria_nb as enb
from tests.browser.conftest import (
    SERVER,
    Server,
    Shots,
    open_notebook,
    run_all_cells,
)
from tests.conftest import IN_CI, Raw

try:
    from playwright.sync_api import expect
except ImportError:
    if IN_CI:
        raise
    pytest.skip("playwright is not installed (pip install -e '.[test]')", allow_module_level=True)

pytestmark = pytest.mark.browser

FORM = ".enb-groups-form"
DASHBOARD = ".enb-dashboard"
# What the page shows after a click is a kernel round trip away (tens of milliseconds); this only bounds it.
expect.set_options(timeout=20_000)


@pytest.fixture
def raw(platform: enb.EmbeddedPlatform) -> Iterator[Raw]:
    r = Raw(platform)
    yield r
    r.close()


def configured(raw: Raw) -> list[str]:
    """The integration groups the platform has for the form's server, asked over plain HTTP."""
    body = raw.admin("GET", SERVER, "/integration-groups/configuration").json()
    assert body["relatedHTTPCode"] == 200, body
    return [g["integrationGroupQualifiedName"] for g in body.get("groups") or []]


def add(form: Any, name: str) -> Any:
    """Type a qualified name, click Add, and return the table row that appears for it."""
    form.locator(".enb-name input").fill(name)
    form.locator(".enb-add").click()  # waits until the kernel has enabled it
    row = form.locator(".enb-row", has_text=name)
    expect(row).to_be_visible()
    return row


# Notebook 7.6's shortcuts settings plugin throws this while loading any notebook, one without widgets too.
NB7_OWN_ERROR = "Cannot read properties of undefined (reading 'schema')"


def no_page_errors(page: Any, allowed: tuple[str, ...] = ()) -> None:
    errors = [e for e in page.page_errors if e not in allowed]
    assert errors == [], errors


def code_cell(page: Any, selector: str) -> Any:
    """The notebook cell whose output holds ``selector``: the code that made it and the widget, for a screenshot."""
    return page.locator(".jp-CodeCell", has=page.locator(selector))


# -- the form in JupyterLab ----------------------------------------------------------------------


def test_lab_form_adds_a_group_and_removes_it(lab: Server, page: Any, raw: Raw, shots: Shots) -> None:
    open_notebook(page, lab, "form.ipynb")
    run_all_cells(page, FORM)
    form = page.locator(FORM)
    expect(form.locator(".enb-table")).to_have_text("No integration groups are configured.")
    expect(form.locator(".enb-add")).to_be_disabled()

    row = add(form, "Egeria:IntegrationGroup:Files")
    expect(form.locator(".enb-message")).to_have_text("Added Egeria:IntegrationGroup:Files.")
    expect(row).to_contain_text("active-metadata-store")
    expect(form.locator(".enb-add")).to_have_text("Update")
    assert configured(raw) == ["Egeria:IntegrationGroup:Files"]
    shots.take(page, "added")

    row.locator(".enb-remove").click()
    expect(form.locator(".enb-row")).to_have_count(0)
    expect(form.locator(".enb-message")).to_have_text("Removed Egeria:IntegrationGroup:Files.")
    expect(form.locator(".enb-table")).to_have_text("No integration groups are configured.")
    assert configured(raw) == []
    no_page_errors(page)


def test_lab_form_removes_all_after_confirmation(lab: Server, page: Any, raw: Raw, shots: Shots) -> None:
    open_notebook(page, lab, "form.ipynb")
    run_all_cells(page, FORM)
    form = page.locator(FORM)
    add(form, "Egeria:IntegrationGroup:Files")
    add(form, "Egeria:IntegrationGroup:Databases")
    assert configured(raw) == ["Egeria:IntegrationGroup:Files", "Egeria:IntegrationGroup:Databases"]

    form.locator(".enb-remove-all").click()
    expect(form.locator(".enb-confirm")).to_be_visible()
    expect(form).to_contain_text("Remove all 2 integration groups from integration-daemon?")
    shots.take(code_cell(page, FORM), readme_name="form-lab.png")
    form.locator(".enb-cancel").click()
    expect(form.locator(".enb-confirm")).to_be_hidden()
    assert len(configured(raw)) == 2  # asking, and cancelling, removed nothing

    form.locator(".enb-remove-all").click()
    form.locator(".enb-confirm").click()
    expect(form.locator(".enb-row")).to_have_count(0)
    expect(form.locator(".enb-message")).to_have_text("Removed all integration groups.")
    expect(form.locator(".enb-confirm")).to_be_hidden()
    assert configured(raw) == []
    no_page_errors(page)


def test_lab_form_shows_what_is_wrong_with_a_field(lab: Server, page: Any, raw: Raw, shots: Shots) -> None:
    open_notebook(page, lab, "form.ipynb")
    run_all_cells(page, FORM)
    form = page.locator(FORM)
    form.locator(".enb-name input").fill("Egeria:IntegrationGroup:Files")
    expect(form.locator(".enb-add")).to_be_enabled()

    form.locator(".enb-url input").fill("localhost:9443")
    error = form.locator(".enb-url-error")
    expect(error).to_have_text("Not a platform URL; e.g. https://localhost:9443")
    expect(form.locator(".enb-add")).to_be_disabled()
    # Shown beside the field it is about.
    field_box, error_box = form.locator(".enb-url").bounding_box(), error.bounding_box()
    assert abs(field_box["y"] - error_box["y"]) < field_box["height"] and error_box["x"] > field_box["x"]
    shots.take(form, "invalid-url")

    form.locator(".enb-url input").fill("https://localhost:9443")
    expect(error).to_have_text("")
    expect(form.locator(".enb-add")).to_be_enabled()
    assert configured(raw) == []  # nothing was sent meanwhile
    no_page_errors(page)


def test_lab_form_shows_egerias_error(lab: Server, page: Any, raw: Raw, shots: Shots) -> None:
    open_notebook(page, lab, "form.ipynb")
    run_all_cells(page, FORM)
    form = page.locator(FORM)
    # A pasted list may hold what the form's own fields would not let through; the platform refuses it.
    form.locator(".jupyter-widget-Collapse-header", has_text="Configure many groups at once").click()
    bad = {"integrationGroupQualifiedName": "Broken", "omagserverName": "md", "omagserverPlatformRootURL": "nowhere"}
    form.locator(".enb-bulk-text textarea").fill(json.dumps([bad]))
    form.locator(".enb-bulk").click()

    message = form.locator(".enb-message")
    expect(message).to_contain_text("EGERIA-NB-400-003")
    expect(message).to_contain_text("Integration group Broken for server integration-daemon")
    expect(message).to_contain_text("What to do: Give an http:// or https:// root URL")
    assert "Traceback" not in message.inner_text()
    expect(message.locator(".egeria-nb-error")).to_have_count(1)
    shots.take(form, "egeria-error")
    assert configured(raw) == []
    no_page_errors(page)


# -- the dashboard in JupyterLab -----------------------------------------------------------------


def test_lab_dashboard_restart_brings_a_failed_connector_back(lab: Server, page: Any, shots: Shots) -> None:
    open_notebook(page, lab, "dashboard.ipynb")
    run_all_cells(page, DASHBOARD)
    dashboard = page.locator(DASHBOARD)
    row = dashboard.locator(".widget-hbox", has=page.locator(".enb-dash-row", has_text="flaky-training"))
    status = row.locator(".enb-status")

    # Refreshed once at start (fine), then a "minute" (3 s) later the 2nd refresh fails; nobody restarts it.
    expect(status).to_have_text("FAILED", timeout=30_000)
    expect(row).to_contain_text("refresh call 2; fail_refresh_every=2")
    expect(dashboard.locator(".enb-dash-counts")).to_have_text("FAILED 1")
    shots.take(dashboard, "failed")

    row.locator(".enb-dash-restart").click()
    expect(status).to_have_text("WAITING")
    expect(row).to_contain_text("1 restart")
    expect(dashboard.locator(".enb-dash-message")).to_have_text("Asked flaky-training to restart.")
    expect(dashboard.locator(".enb-dash-history")).to_contain_text("REFRESHING → FAILED")
    shots.take(code_cell(page, DASHBOARD), readme_name="dashboard-lab.png")
    no_page_errors(page)


# -- the same form in Notebook 7 and Voila --------------------------------------------------------


def test_notebook7_form_adds_a_group(nb7: Server, page: Any, raw: Raw, shots: Shots) -> None:
    open_notebook(page, nb7, "form.ipynb")
    run_all_cells(page, FORM)
    form = page.locator(FORM)
    add(form, "Egeria:IntegrationGroup:Notebook7")
    expect(form.locator(".enb-message")).to_have_text("Added Egeria:IntegrationGroup:Notebook7.")
    assert configured(raw) == ["Egeria:IntegrationGroup:Notebook7"]
    shots.take(page, "added")
    no_page_errors(page, allowed=(NB7_OWN_ERROR,))


def test_voila_form_adds_a_group(voila_server: Server, page: Any, raw: Raw, shots: Shots) -> None:
    # Voila runs every cell on page load and shows only the outputs.
    page.goto(voila_server.url + "/")
    form = page.locator(FORM)
    expect(form).to_be_visible(timeout=60_000)
    expect(page.get_by_text("IntegrationGroupsForm(platform")).to_have_count(0)  # no code on the page

    add(form, "Egeria:IntegrationGroup:Voila")
    expect(form.locator(".enb-message")).to_have_text("Added Egeria:IntegrationGroup:Voila.")
    assert configured(raw) == ["Egeria:IntegrationGroup:Voila"]
    shots.take(form, readme_name="form-voila.png")
    no_page_errors(page)
