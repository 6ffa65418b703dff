"""IntegrationGroupsForm without a browser: widget values in, button clicks, the platform's state over HTTP out."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

import egeria_nb as enb
from tests.conftest import Raw, eventually
from tests.widgets.conftest import (
    MD,
    SERVER,
    configured,
    is_open,
    live_widgets,
    row_buttons,
    row_texts,
    widget_tree,
)

FormMaker = Callable[..., enb.IntegrationGroupsForm]


def _fill(form: enb.IntegrationGroupsForm, name: str, url: str | None = None) -> None:
    form.name.value = name
    if url is not None:
        form.platform_url.value = url


def _add(form: enb.IntegrationGroupsForm, name: str, url: str | None = None) -> None:
    _fill(form, name, url)
    assert not form.add_button.disabled, form.problems()
    form.add_button.click()
    form.wait()


def _message(form: enb.IntegrationGroupsForm) -> str:
    return form.message.value


# -- first view, validation, Add / Update -------------------------------------------------------


def test_a_new_form_shows_no_groups_and_waits_for_a_name(make_form: FormMaker, platform: enb.EmbeddedPlatform) -> None:
    form = make_form()

    assert form.metadata_server.value == MD
    assert form.platform_url.value == platform.url
    assert form.table.children[0].value == "<i>No integration groups are configured.</i>"
    assert row_texts(form) == []
    # Only the name is missing; Add stays disabled until it is there.
    assert form.problems() == {"name": "Required."}
    assert "Required." in form.name_error.value
    assert form.server_error.value == form.url_error.value == ""
    assert form.add_button.disabled
    assert form.add_button.description == "Add"
    # The first load reports nothing: its "Loading…" text is gone once it has finished.
    assert _message(form) == ""
    assert not (form.refresh_button.disabled or form.remove_all_button.disabled or form.bulk_button.disabled)
    assert repr(form) == f"<IntegrationGroupsForm {SERVER!r} on {platform.url}>"


def test_each_field_says_what_is_wrong_and_add_follows(make_form: FormMaker) -> None:
    form = make_form()

    form.name.value = "Egeria:IntegrationGroup:Files"
    assert form.name_error.value == ""
    assert not form.add_button.disabled

    form.metadata_server.value = "  "
    assert "Required." in form.server_error.value
    assert form.add_button.disabled
    form.metadata_server.value = MD
    assert form.server_error.value == ""

    for bad in ("localhost:9443", "ftp://host", "http://", "http://a b", "http://[::1", "http://h:99999", "~{x"):
        form.platform_url.value = bad  # every keystroke is checked; none of these may raise
        assert "Not a platform URL" in form.url_error.value, bad
        assert form.add_button.disabled, bad
        assert set(form.problems()) == {"platform_url"}
    form.platform_url.value = ""
    assert "Required." in form.url_error.value

    for good in ("https://localhost:9443", "http://[::1]:9443", "~{egeriaEndpoint}~"):
        form.platform_url.value = good
        assert form.url_error.value == "", good
        assert not form.add_button.disabled, good
    assert form.problems() == {}


def test_add_configures_the_group_and_shows_it(make_form: FormMaker, raw: Raw, platform: enb.EmbeddedPlatform) -> None:
    form = make_form()
    _add(form, "Egeria:IntegrationGroup:Files")

    assert configured(raw) == {
        "Egeria:IntegrationGroup:Files": {
            "class": "IntegrationGroupConfig",
            "integrationGroupQualifiedName": "Egeria:IntegrationGroup:Files",
            "omagserverName": MD,
            "omagserverPlatformRootURL": platform.url,
        }
    }
    assert "Added <b>Egeria:IntegrationGroup:Files</b>" in _message(form)
    assert "egeria-nb-success" in _message(form)
    assert form.table.children[0].value == "<b>Configured groups</b>"
    assert row_texts(form) == [
        f"<code>Egeria:IntegrationGroup:Files</code> &nbsp;on&nbsp; {MD} &nbsp;at&nbsp; {platform.url}"
    ]
    # The name is now configured, so the same button updates it; and it is usable again after the call.
    assert form.add_button.description == "Update"
    assert not form.add_button.disabled
    assert not form.refresh_button.disabled


def test_update_changes_the_configured_group_in_place(make_form: FormMaker, raw: Raw) -> None:
    form = make_form()
    _add(form, "G1")
    _add(form, "G2")

    form.name.value = "G1"
    assert form.add_button.description == "Update"
    form.name.value = "G3"
    assert form.add_button.description == "Add"
    form.name.value = " G1 "  # the name is compared as it will be sent, without the spaces
    assert form.add_button.description == "Update"

    form.platform_url.value = "https://egeria.example:9443"
    form.add_button.click()
    form.wait()

    groups = configured(raw)
    assert list(groups) == ["G2", "G1"]  # configure-one moves the group to the end, as Egeria 6 does
    assert groups["G1"]["omagserverPlatformRootURL"] == "https://egeria.example:9443"
    assert "Updated <b>G1</b>" in _message(form)
    assert len(row_texts(form)) == 2


def test_secrets_from_the_advanced_part_are_sent(make_form: FormMaker, raw: Raw) -> None:
    form = make_form()
    form.secrets_provider.value = "org.odpi.SecretsProvider"
    form.secrets_location.value = "loading-bay/secrets/default.omsecrets"
    form.secrets_collection.value = "  "  # blank is left out, not sent as ""
    _add(form, "G")

    group = configured(raw)["G"]
    assert group["secretsStoreProvider"] == "org.odpi.SecretsProvider"
    assert group["secretsStoreLocation"] == "loading-bay/secrets/default.omsecrets"
    assert "secretsStoreCollection" not in group


# -- remove, remove all, refresh ------------------------------------------------------------------


def test_a_rows_remove_button_removes_that_group(make_form: FormMaker, raw: Raw) -> None:
    form = make_form()
    for name in ("keep", "drop:me/please"):
        _add(form, name)
    assert list(row_buttons(form)) == ["keep", "drop:me/please"]

    row_buttons(form)["drop:me/please"].click()
    form.wait()

    assert list(configured(raw)) == ["keep"]
    assert list(row_buttons(form)) == ["keep"]
    assert "Removed <b>drop:me/please</b>" in _message(form)


def test_remove_all_asks_first_and_cancel_keeps_everything(make_form: FormMaker, raw: Raw) -> None:
    form = make_form()
    _add(form, "A")
    _add(form, "B")
    assert form.confirm_box.layout.display == "none"

    form.remove_all_button.click()
    assert form.confirm_box.layout.display == "flex"
    assert "Remove all 2 integration groups from integration-daemon?" in form.confirm_text.value
    form.wait()
    assert list(configured(raw)) == ["A", "B"]  # asking removed nothing

    form.cancel_button.click()
    form.wait()
    assert form.confirm_box.layout.display == "none"
    assert list(configured(raw)) == ["A", "B"]
    assert len(row_texts(form)) == 2

    form.remove_all_button.click()
    form.confirm_button.click()
    assert form.confirm_box.layout.display == "none"
    form.wait()
    assert configured(raw) == {}
    assert row_texts(form) == []
    assert form.table.children[0].value == "<i>No integration groups are configured.</i>"
    assert "Removed all integration groups." in _message(form)


def test_refresh_picks_up_changes_made_from_code(
    make_form: FormMaker, raw: Raw, platform: enb.EmbeddedPlatform
) -> None:
    form = make_form()
    enb.configure_integration_group(
        platform,
        SERVER,
        enb.IntegrationGroupConfig(
            integration_group_qualified_name="from-code",
            omag_server_name=MD,
            omag_server_platform_root_url=platform.url,
        ),
    )
    form.name.value = "from-code"
    assert form.add_button.description == "Add"  # the form does not know yet

    form.refresh_button.click()
    form.wait()
    assert list(row_buttons(form)) == ["from-code"]
    assert "1 integration group configured." in _message(form)
    assert form.add_button.description == "Update"

    assert raw.admin("DELETE", SERVER, "/integration-groups/from-code").json()["relatedHTTPCode"] == 200
    form.refresh_button.click()
    form.wait()
    assert row_texts(form) == []
    assert "0 integration groups configured." in _message(form)
    assert form.add_button.description == "Add"


# -- many groups at once ------------------------------------------------------------------------


def test_bulk_list_of_names_uses_the_fields_above(
    make_form: FormMaker, raw: Raw, platform: enb.EmbeddedPlatform
) -> None:
    form = make_form()
    form.metadata_server.value = "other-store"
    form.bulk_text.value = "Lab:One\n  Lab:Two  \n# a comment\n\nLab:Three\n"

    form.bulk_button.click()
    form.wait()

    groups = configured(raw)
    assert list(groups) == ["Lab:One", "Lab:Two", "Lab:Three"]
    assert {g["omagserverName"] for g in groups.values()} == {"other-store"}
    assert {g["omagserverPlatformRootURL"] for g in groups.values()} == {platform.url}
    assert (form.progress.value, form.progress.max) == (3, 3)
    assert form.progress_text.value == "3 / 3"
    assert form.progress.layout.display == "flex"
    assert "Configured 3 integration groups." in _message(form)
    assert list(row_buttons(form)) == ["Lab:One", "Lab:Two", "Lab:Three"]


def test_bulk_list_as_json_in_egerias_names_or_one_object(make_form: FormMaker, raw: Raw) -> None:
    form = make_form()
    listed = [
        {
            "class": "IntegrationGroupConfig",
            "integrationGroupQualifiedName": f"J{i}",
            "omagserverName": f"store-{i}",
            "omagserverPlatformRootURL": f"https://host-{i}:9443",
        }
        for i in range(4)
    ]
    form.bulk_text.value = json.dumps(listed, indent=2)
    form.bulk_button.click()
    form.wait()
    assert configured(raw) == {g["integrationGroupQualifiedName"]: g for g in listed}
    assert (form.progress.value, form.progress.max) == (4, 4)

    # One object (as a config document shows a group) is a list of one, not a group named after the JSON.
    one = {"integrationGroupQualifiedName": "Single", "omagserverName": "s", "omagserverPlatformRootURL": "http://h:1"}
    form.bulk_text.value = json.dumps(one)
    form.bulk_button.click()
    form.wait()
    assert configured(raw)["Single"]["omagserverName"] == "s"
    assert len(configured(raw)) == 5
    assert (form.progress.value, form.progress.max) == (1, 1)


def test_bulk_list_from_an_uploaded_file(make_form: FormMaker, raw: Raw) -> None:
    form = make_form()
    content = "\n".join(f"Uploaded:{i}" for i in range(5)).encode()
    # What the browser sends when a file is chosen (ipywidgets 8: a tuple of dicts with a memoryview).
    form.bulk_upload.value = (
        {
            "name": "groups.txt",
            "type": "text/plain",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": dt.datetime.now(dt.UTC),
        },
    )
    assert form.bulk_text.value == content.decode()

    form.bulk_button.click()
    form.wait()
    assert list(configured(raw)) == [f"Uploaded:{i}" for i in range(5)]
    assert (form.progress.value, form.progress.max) == (5, 5)
    assert form.progress_text.value == "5 / 5"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[{", "The list cannot be read: Expecting property name"),
        ('["just", "names"]', "The list cannot be read: the JSON must be a list of IntegrationGroupConfig objects"),
        ('[{"integrationGroupQualifiedName": 5}]', "The list cannot be read: 1 validation error"),
        ("  \n# only a comment\n", "The list is empty."),
    ],
)
def test_bulk_list_that_cannot_be_read_sends_nothing(make_form: FormMaker, raw: Raw, text: str, says: str) -> None:
    form = make_form()
    form.bulk_text.value = text
    form.bulk_button.click()
    form.wait()
    assert says in _message(form)
    assert "Traceback" not in _message(form)
    assert configured(raw) == {}
    assert form.progress.layout.display == "none"


def test_bulk_list_stops_at_the_entry_egeria_refuses(make_form: FormMaker, raw: Raw) -> None:
    form = make_form()

    def entry(name: str, url: str) -> dict[str, str]:
        return {"integrationGroupQualifiedName": name, "omagserverName": MD, "omagserverPlatformRootURL": url}

    form.bulk_text.value = json.dumps(
        [entry("first", "http://h:1"), entry("broken", "not a url"), entry("never", "http://h:1")]
    )
    form.bulk_button.click()
    form.wait()

    assert list(configured(raw)) == ["first"]
    assert form.progress.value == 1 and form.progress.max == 3
    message = _message(form)
    assert "egeria-nb-error" in message
    assert "<b>EGERIA-NB-400-003</b>" in message and "broken" in message and "not a URL" in message
    assert "What to do:" in message
    assert "Traceback" not in message
    assert list(row_buttons(form)) == ["first"]  # the table shows what did get configured
    assert not form.bulk_button.disabled


# -- errors and calls in flight -----------------------------------------------------------------


def test_egeria_error_shows_message_id_and_user_action(make_form: FormMaker) -> None:
    form = make_form(server="..")

    message = _message(form)
    assert "egeria-nb-error" in message
    assert "<b>EGERIA-NB-400-002</b>" in message
    assert "cannot be used" in message
    assert "<i>What to do:</i>" in message
    assert "Traceback" not in message and 'File "' not in message

    form.name.value = "G"
    form.add_button.click()
    form.wait()
    assert "<b>EGERIA-NB-400-002</b>" in _message(form)
    assert not form.add_button.disabled  # the form is usable again after the error


def test_platform_that_is_down_says_so(make_form: FormMaker, closed_port: int) -> None:
    down = enb.Platform(f"http://127.0.0.1:{closed_port}", user_id="u", password="p")
    form = make_form(on=down, timeout_s=2)

    message = _message(form)
    assert "<b>EGERIA-NB-CLIENT-503-001</b>" in message
    assert f"Could not reach the platform at http://127.0.0.1:{closed_port}" in message
    assert "What to do:" in message
    assert "Traceback" not in message
    assert not form.refresh_button.disabled


def test_buttons_are_disabled_while_a_call_is_in_flight(make_form: FormMaker, silent_platform: str) -> None:
    hung = enb.Platform(silent_platform, user_id="u", password="p")
    form = enb.IntegrationGroupsForm(hung, SERVER, timeout_s=1.5)
    try:
        # The first load is waiting for an answer that never comes: every button is off meanwhile.
        assert form._calls.busy
        for button in (form.add_button, form.refresh_button, form.remove_all_button, form.bulk_button):
            assert button.disabled, button.description
        assert "Loading the configured groups" in _message(form)
        form.name.value = "G"  # valid input does not enable Add while the call is running
        assert form.add_button.disabled
        form.refresh_button.click()  # what a click that slipped through would do: nothing but a note
        assert "Still working on the previous action" in _message(form)

        form.wait()
        assert "<b>EGERIA-NB-CLIENT-504-001</b>" in _message(form)
        assert "within 1.5 s" in _message(form)
        assert not form._calls.busy
        assert not form.refresh_button.disabled and not form.add_button.disabled
    finally:
        form.close()


def test_the_form_call_timeout_leaves_the_platform_alone(make_form: FormMaker, platform: enb.EmbeddedPlatform) -> None:
    form = make_form(timeout_s=3)
    assert form.platform.timeout_s == 3
    assert platform.timeout_s != 3


# -- suggestions --------------------------------------------------------------------------------


def test_suggestions_name_metadata_servers_and_groups_defined_on_them(
    make_form: FormMaker, platform: enb.EmbeddedPlatform
) -> None:
    for name in ("Egeria:IntegrationGroup:Files", "Egeria:IntegrationGroup:Tables"):
        enb.create_group_definition(platform, MD, name)
    form = make_form()

    assert MD in form.metadata_server.options
    assert SERVER not in form.metadata_server.options  # the daemon is not a metadata server for itself
    assert set(form.name.options) == {"Egeria:IntegrationGroup:Files", "Egeria:IntegrationGroup:Tables"}

    form.metadata_server.value = "no-such-store"
    eventually(lambda: form.name.options == (), "group suggestions to go for an unknown metadata server")
    form.metadata_server.value = MD
    eventually(lambda: len(form.name.options) == 2, "group suggestions to come back")


# -- nothing from a server or a user reaches the page as markup ----------------------------------


def test_names_and_messages_are_escaped(make_form: FormMaker, raw: Raw) -> None:
    attack = "<img src=x onerror=alert(1)>"
    form = make_form()
    _add(form, attack)
    assert list(configured(raw)) == [attack]
    html_out = " ".join([_message(form), *row_texts(form)])
    assert "<img" not in html_out
    assert "&lt;img src=x onerror=alert(1)&gt;" in html_out

    form.remove_all_button.click()
    assert "<img" not in form.confirm_text.value
    form.cancel_button.click()

    row_buttons(form)[attack.replace("<", "&lt;").replace(">", "&gt;")].click()
    form.wait()
    assert configured(raw) == {}
    assert "<img" not in _message(form)

    scripted = make_form(server="<script>alert(1)</script>")
    title = scripted.children[0].value
    assert "<script>" not in title and "&lt;script&gt;alert(1)&lt;/script&gt;" in title
    # The platform refuses the name ('/' in it) and quotes it back: still text, not markup.
    assert "EGERIA-NB-400-" in _message(scripted)
    assert "<script>" not in _message(scripted)


# -- the table is built once: rows updated in place, moved, closed when their group goes -------------


def _configure(platform: enb.EmbeddedPlatform, name: str, metadata_server: str = MD) -> None:
    enb.configure_integration_group(
        platform,
        SERVER,
        enb.IntegrationGroupConfig(
            integration_group_qualified_name=name,
            omag_server_name=metadata_server,
            omag_server_platform_root_url=platform.url,
        ),
    )


def _row_boxes(form: enb.IntegrationGroupsForm) -> dict[str, Any]:
    """Each row's box, by the qualified name its Remove button is for."""
    return dict(zip(row_buttons(form), (r for r in form.table.children if "enb-row" in r._dom_classes), strict=True))


def test_reloading_a_hundred_times_adds_no_widgets(make_form: FormMaker, platform: enb.EmbeddedPlatform) -> None:
    for name in ("g1", "g2", "g3"):
        _configure(platform, name)
    form = make_form()
    after_first_load = live_widgets()
    first_rows = _row_boxes(form)
    assert list(first_rows) == ["g1", "g2", "g3"]
    extra_row_widgets = 0
    for n in range(1, 101):
        # Every other reload a group comes or goes; on every reload g2 is configured again with another
        # metadata server (which also moves it to the end of the list: rows are reordered, not rebuilt).
        if n % 2:
            _configure(platform, "extra")
        else:
            enb.remove_integration_group(platform, SERVER, "extra")
        _configure(platform, "g2", f"server-{n}")
        form.reload()
        form.wait()
        assert f"server-{n}" in dict(zip(row_buttons(form), row_texts(form), strict=True))["g2"], f"reload {n}"
        configured_names = [g.integration_group_qualified_name for g in form.groups]
        boxes = _row_boxes(form)
        assert list(boxes) == configured_names, f"reload {n}"
        assert all(boxes[name] is first_rows[name] for name in first_rows), f"reload {n}"  # never rebuilt
        if n % 2:
            assert sorted(configured_names) == ["extra", "g1", "g2", "g3"]
            extra_row_widgets = extra_row_widgets or len(widget_tree(boxes["extra"]))
            assert live_widgets() == after_first_load + extra_row_widgets, f"reload {n}"
        else:
            assert sorted(configured_names) == ["g1", "g2", "g3"]
            assert live_widgets() == after_first_load, f"reload {n}"
    assert extra_row_widgets > 0


def test_a_removed_groups_row_is_closed_and_the_rest_stay(make_form: FormMaker, raw: Raw) -> None:
    form = make_form()
    for name in ("a", "b", "c"):
        _add(form, name)
    boxes = _row_boxes(form)
    going = widget_tree(boxes["b"])  # the box, its Remove button and cells, their layouts and styles
    count = live_widgets()

    row_buttons(form)["b"].click()
    form.wait()

    assert list(configured(raw)) == ["a", "c"]
    assert _row_boxes(form) == {"a": boxes["a"], "c": boxes["c"]}
    assert [w for w in going if is_open(w)] == []
    assert live_widgets() == count - len(going)

    # Remove all, then the same names again: new rows for new groups, the old ones all closed.
    old = widget_tree(*_row_boxes(form).values())
    form.remove_all_button.click()
    form.confirm_button.click()
    form.wait()
    assert row_texts(form) == [] and [w for w in old if is_open(w)] == []
    assert form.table.children[0].value == "<i>No integration groups are configured.</i>"


def test_close_closes_every_widget_of_the_form(make_form: FormMaker, platform: enb.EmbeddedPlatform) -> None:
    _configure(platform, "g1")
    before = live_widgets()
    form = make_form()
    made = widget_tree(form)
    assert live_widgets() == before + len(made)  # the form holds every widget it made

    form.close()
    assert [w for w in made if is_open(w)] == []
    assert live_widgets() == before
