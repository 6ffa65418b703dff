"""``IntegrationGroupsForm``: the five integration-group calls of the admin services, as a form.

Add (or Update) one group, list the configured groups with a Remove button on
each row, Remove all (after a confirmation), Refresh, and configure many groups
at once from a pasted or uploaded list, with progress. Input is checked before
any call; every call runs off the kernel thread with the buttons disabled, and
its outcome, or Egeria's error, shows in one message area.

The table of groups is built once and updated in place: a group's row is built
when the group appears, updated and moved (never rebuilt) on each reload, and
closed when the group goes, so reloading never adds widgets.
"""

from __future__ import annotations

import concurrent.futures
import html
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from egeria_nb.admin.groups import (
    IntegrationGroupList,
    configure_integration_group,
    get_integration_groups,
    remove_integration_group,
    remove_integration_groups,
)
from egeria_nb.arguments import check_positive, checked
from egeria_nb.client import Platform
from egeria_nb.client.platform import DEFAULT_TIMEOUT_S
from egeria_nb.widgets.background import BackgroundCalls, close_widgets, held_widgets
from egeria_nb.wire import IntegrationGroupConfig, ServerListResponse
from egeria_nb.wire.admin import platform_url_problem

__all__ = ["IntegrationGroupsForm"]

LOGGER = logging.getLogger("egeria_nb.widgets")
# A form waits this long for the platform, not the client's default: a person is waiting.
FORM_TIMEOUT_S = 10.0
# Egeria's placeholders for "the platform this runs on", e.g. ~{egeriaEndpoint}~ (egeria-wire.md §1.2, §1.6).
NOT_A_URL = "Not a platform URL; e.g. https://localhost:9443"


def url_problem(value: str) -> str | None:
    """Why ``value`` is not a usable platform root URL, or None."""
    # This runs on every keystroke; a half-typed URL gets a message, never a traceback.
    if not value.strip():
        return "Required."
    return NOT_A_URL if platform_url_problem(value) is not None else None


def _field(description: str, placeholder: str, value: str = "", *, suggest: bool = False) -> widgets.Text:
    layout = widgets.Layout(width="34em")
    style = {"description_width": "11em"}
    if suggest:
        return widgets.Combobox(
            description=description,
            placeholder=placeholder,
            value=value,
            ensure_option=False,
            layout=layout,
            style=style,
        )
    return widgets.Text(description=description, placeholder=placeholder, value=value, layout=layout, style=style)


@dataclass(frozen=True)
class _Row:
    """One configured group's row: built when the group appears, updated in place, closed when it goes."""

    box: widgets.HBox
    remove: widgets.Button
    cells: widgets.HTML


class IntegrationGroupsForm(widgets.VBox):
    """Add, list and remove the integration groups of ``server_name`` on ``platform``."""

    @checked
    def __init__(self, platform: Platform, server_name: str, *, timeout_s: float = FORM_TIMEOUT_S) -> None:
        check_positive("timeout_s", timeout_s)
        # Calls from the form get a short timeout; the platform object itself is left as it is.
        self.platform = platform if timeout_s == platform.timeout_s else platform.with_timeout(timeout_s)
        self.server_name = server_name
        self.groups = IntegrationGroupList()

        self.name = _field("Qualified name", "Egeria:IntegrationGroup:Files", suggest=True)
        self.metadata_server = _field("Metadata server", "active-metadata-store", "active-metadata-store", suggest=True)
        self.platform_url = _field("Platform URL", "https://localhost:9443", platform.url)
        self.secrets_provider = _field("Secrets provider", "(6.x) secrets store connector provider class")
        self.secrets_location = _field("Secrets location", "(6.x) e.g. loading-bay/secrets/default.omsecrets")
        self.secrets_collection = _field("Secrets collection", "(6.x) collection name")
        self.name_error = widgets.HTML(layout=widgets.Layout(margin="0 0 0 1em"))
        self.server_error = widgets.HTML(layout=widgets.Layout(margin="0 0 0 1em"))
        self.url_error = widgets.HTML(layout=widgets.Layout(margin="0 0 0 1em"))
        for box, cls in (
            (self.name_error, "enb-name-error"),
            (self.server_error, "enb-server-error"),
            (self.url_error, "enb-url-error"),
        ):
            box.add_class(cls)
        advanced = widgets.Accordion(
            children=[widgets.VBox([self.secrets_provider, self.secrets_location, self.secrets_collection])],
            titles=("Advanced: secrets store (Egeria 6.x)",),
            selected_index=None,
        )

        self.add_button = widgets.Button(description="Add", button_style="primary", icon="plus", disabled=True)
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh")
        self.remove_all_button = widgets.Button(description="Remove all", button_style="danger", icon="trash")
        self.confirm_button = widgets.Button(description="Yes, remove all", button_style="danger")
        self.cancel_button = widgets.Button(description="Cancel")
        self.confirm_text = widgets.HTML()
        self.confirm_box = widgets.HBox(
            [self.confirm_text, self.confirm_button, self.cancel_button], layout=widgets.Layout(display="none")
        )
        self._table_header = widgets.HTML()
        self.table = widgets.VBox([self._table_header])
        self.message = widgets.HTML()
        self.bulk_text = widgets.Textarea(
            placeholder="One qualified name per line (they use the metadata server and URL above), "
            "or a JSON list of IntegrationGroupConfig objects",
            layout=widgets.Layout(width="46em", height="6em"),
        )
        self.bulk_upload = widgets.FileUpload(accept=".txt,.json", multiple=False, description="Load list")
        # width auto: a label this long does not fit the default button width ("Configure liste…").
        self.bulk_button = widgets.Button(
            description="Configure listed groups", icon="list", layout=widgets.Layout(width="auto")
        )
        self.progress = widgets.IntProgress(value=0, min=0, max=1, layout=widgets.Layout(width="30em", display="none"))
        self.progress_text = widgets.Label()
        bulk = widgets.Accordion(
            children=[
                widgets.VBox(
                    [
                        self.bulk_text,
                        widgets.HBox([self.bulk_upload, self.bulk_button]),
                        widgets.HBox([self.progress, self.progress_text]),
                    ]
                )
            ],
            titles=("Configure many groups at once",),
            selected_index=None,
        )
        for widget, cls in (
            (self.name, "enb-name"),
            (self.metadata_server, "enb-server"),
            (self.platform_url, "enb-url"),
            (self.add_button, "enb-add"),
            (self.refresh_button, "enb-refresh"),
            (self.remove_all_button, "enb-remove-all"),
            (self.confirm_button, "enb-confirm"),
            (self.cancel_button, "enb-cancel"),
            (self.table, "enb-table"),
            (self.message, "enb-message"),
            (self.bulk_text, "enb-bulk-text"),
            (self.bulk_button, "enb-bulk"),
            (self.progress, "enb-progress"),
        ):
            widget.add_class(cls)

        self._calls = BackgroundCalls(
            "groups-form",
            [self.add_button, self.refresh_button, self.remove_all_button, self.confirm_button, self.bulk_button],
            self.message,
        )
        # Rows by (qualified name, how many rows before have that name), in display order.
        self._rows: dict[tuple[str, int], _Row] = {}
        # The table is drawn on the calls' worker, one call at a time; the lock keeps it so if that changes,
        # and lets close() wait for a drawing under way before it closes the rows.
        self._drawing = threading.Lock()
        self._closed = False
        self._suggestions = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="egeria_nb-groups-form-suggestions"
        )

        title = widgets.HTML(
            f"<b>Integration groups of <code>{html.escape(server_name)}</code></b> on {html.escape(platform.url)}"
        )
        super().__init__(
            [
                title,
                widgets.HBox([self.name, self.name_error]),
                widgets.HBox([self.metadata_server, self.server_error]),
                widgets.HBox([self.platform_url, self.url_error]),
                advanced,
                widgets.HBox([self.add_button, self.refresh_button, self.remove_all_button]),
                self.confirm_box,
                self.message,
                self.table,
                bulk,
            ]
        )
        self.add_class("enb-groups-form")

        for field in (self.name, self.metadata_server, self.platform_url):
            field.observe(self._on_input, names="value")
        self.metadata_server.observe(self._on_metadata_server, names="value")
        self.add_button.on_click(self._on_add)
        self.refresh_button.on_click(self._on_refresh)
        self.remove_all_button.on_click(self._on_remove_all)
        self.confirm_button.on_click(self._on_confirm)
        self.cancel_button.on_click(self._on_cancel)
        self.bulk_button.on_click(self._on_bulk)
        self.bulk_upload.observe(self._on_upload, names="value")
        self._validate()
        self.reload()

    def __repr__(self) -> str:
        return f"<IntegrationGroupsForm {self.server_name!r} on {self.platform.url}>"

    # -- validation -----------------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        """Field name → what is wrong with it (empty when the form can be sent)."""
        found = {}
        if not self.name.value.strip():
            found["name"] = "Required."
        if not self.metadata_server.value.strip():
            found["metadata_server"] = "Required."
        url = url_problem(self.platform_url.value)
        if url:
            found["platform_url"] = url
        return found

    def _validate(self) -> None:
        found = self.problems()
        for key, box in (
            ("name", self.name_error),
            ("metadata_server", self.server_error),
            ("platform_url", self.url_error),
        ):
            text = found.get(key, "")
            box.value = f'<span style="color:#b71c1c">{html.escape(text)}</span>' if text else ""
        self.add_button.disabled = bool(found) or self._calls.busy
        configured = self.name.value.strip() in self.groups.names()
        self.add_button.description = "Update" if configured else "Add"
        self.add_button.icon = "save" if configured else "plus"

    def _on_input(self, change: dict[str, Any]) -> None:
        self._validate()

    # -- the group being edited -----------------------------------------------------------

    def current_group(self) -> IntegrationGroupConfig:
        """The group the form's fields describe now, as an ``IntegrationGroupConfig`` (blank fields left out)."""

        def text(field: widgets.Text) -> str | None:
            return field.value.strip() or None

        return IntegrationGroupConfig(
            integration_group_qualified_name=text(self.name),
            omag_server_name=text(self.metadata_server),
            omag_server_platform_root_url=text(self.platform_url),
            secrets_store_provider=text(self.secrets_provider),
            secrets_store_location=text(self.secrets_location),
            secrets_store_collection=text(self.secrets_collection),
        )

    # -- actions --------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the configured groups (and suggestions) again, in the background."""
        self._calls.run(self._load, busy="Loading the configured groups…", done=lambda n: None, after=self._validate)

    def _load(self) -> int:
        self.groups = get_integration_groups(self.platform, self.server_name)
        self._render_table()
        self._suggest()
        return len(self.groups)

    def _after(self) -> None:
        self.groups = get_integration_groups(self.platform, self.server_name)
        self._render_table()
        self._validate()

    def _on_refresh(self, _: widgets.Button) -> None:
        self._calls.run(
            self._load,
            busy="Refreshing…",
            done=lambda n: f"{n} integration group{'s' if n != 1 else ''} configured.",
            after=self._validate,
        )

    def _on_add(self, _: widgets.Button) -> None:
        if self.problems():
            self._validate()
            return
        group = self.current_group()
        verb = "Updated" if group.integration_group_qualified_name in self.groups.names() else "Added"
        self._calls.run(
            lambda: configure_integration_group(self.platform, self.server_name, group),
            busy=f"Configuring {group.integration_group_qualified_name}…",
            done=lambda _: f"{verb} <b>{html.escape(group.integration_group_qualified_name or '')}</b>.",
            after=self._after,
        )

    def remove(self, qualified_name: str) -> None:
        """Remove one group (what its row's Remove button does)."""
        self._calls.run(
            lambda: remove_integration_group(self.platform, self.server_name, qualified_name),
            busy=f"Removing {qualified_name}…",
            done=lambda _: f"Removed <b>{html.escape(qualified_name)}</b>.",
            after=self._after,
        )

    def _on_remove_all(self, _: widgets.Button) -> None:
        count = len(self.groups)
        self.confirm_text.value = (
            f"<b>Remove all {count} integration group{'s' if count != 1 else ''} from "
            f"{html.escape(self.server_name)}?</b>&nbsp;"
        )
        self.confirm_box.layout.display = "flex"

    def _on_cancel(self, _: widgets.Button) -> None:
        self.confirm_box.layout.display = "none"
        self.message.value = ""

    def _on_confirm(self, _: widgets.Button) -> None:
        self.confirm_box.layout.display = "none"
        self._calls.run(
            lambda: remove_integration_groups(self.platform, self.server_name),
            busy="Removing all integration groups…",
            done=lambda _: "Removed all integration groups.",
            after=self._after,
        )

    # -- many at once ---------------------------------------------------------------------

    def _parse_list(self, text: str) -> list[IntegrationGroupConfig]:
        """Groups from pasted text: JSON (a list of configs, or one config) or one qualified name per line."""
        stripped = text.strip()
        if not stripped:
            return []
        if stripped.startswith(("[", "{")):
            data = json.loads(stripped)
            # One pasted config (what get_server_config shows for a group) is a list of one, not a group
            # whose qualified name is the JSON text.
            items = [data] if isinstance(data, dict) else data
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                raise ValueError("the JSON must be a list of IntegrationGroupConfig objects")
            return [IntegrationGroupConfig.model_validate(item) for item in items]
        base = self.current_group()
        return [
            base.model_copy(update={"integration_group_qualified_name": line.strip()})
            for line in stripped.splitlines()
            if line.strip() and not line.strip().startswith("#")
        ]

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if files:
            content = files[0]["content"]
            self.bulk_text.value = bytes(content).decode("utf-8", "replace")

    def _on_bulk(self, _: widgets.Button) -> None:
        try:
            groups = self._parse_list(self.bulk_text.value)
        except ValueError as error:
            # Bad JSON and entries pydantic refuses (both ValueErrors) are the user's text, not a fault to
            # report as "Unexpected": say what is wrong with it.
            self.message.value = (
                f'<div class="egeria-nb-error" style="color:#b71c1c">The list cannot be read: '
                f"{html.escape(str(error))}</div>"
            )
            return
        if not groups:
            self.message.value = '<div class="egeria-nb-warning" style="color:#8a6d3b">The list is empty.</div>'
            return
        self.progress.max = len(groups)
        self.progress.value = 0
        self.progress.layout.display = "flex"

        def work() -> int:
            for index, group in enumerate(groups, start=1):
                configure_integration_group(self.platform, self.server_name, group)
                self.progress.value = index
                self.progress_text.value = f"{index} / {len(groups)}"
            return len(groups)

        self._calls.run(
            work,
            busy=f"Configuring {len(groups)} groups…",
            done=lambda n: f"Configured {n} integration groups.",
            after=self._after,
        )

    # -- table and suggestions ------------------------------------------------------------

    def _render_table(self) -> None:
        with self._drawing:
            if self._closed:
                return
            self._table_header.value = (
                "<b>Configured groups</b>" if self.groups else "<i>No integration groups are configured.</i>"
            )
            seen: dict[str, int] = {}
            wanted: dict[tuple[str, int], str] = {}
            for group in self.groups:
                name = group.integration_group_qualified_name or ""
                key = (name, seen.get(name, 0))
                seen[name] = key[1] + 1
                wanted[key] = (
                    f"<code>{html.escape(name)}</code> &nbsp;on&nbsp; {html.escape(group.omag_server_name or '')}"
                    f" &nbsp;at&nbsp; {html.escape(group.omag_server_platform_root_url or '')}"
                )
            old = self._rows
            self._rows = {key: old[key] if key in old else self._new_row(key[0]) for key in wanted}
            for key, row in self._rows.items():
                row.cells.value = wanted[key]
            children = (self._table_header, *(row.box for row in self._rows.values()))
            if children != self.table.children:
                self.table.children = children  # the same widget objects, in the new order
            # Off the screen first, then closed: the table never holds a closed widget.
            close_widgets(*(row.box for key, row in old.items() if key not in self._rows))

    def _new_row(self, qualified_name: str) -> _Row:
        button = widgets.Button(description="Remove", icon="times", layout=widgets.Layout(width="7em"))
        button.add_class("enb-remove")
        button.on_click(self._remover(qualified_name))
        cells = widgets.HTML()
        box = widgets.HBox([button, cells])
        box.add_class("enb-row")
        return _Row(box, button, cells)

    def _remover(self, qualified_name: str) -> Callable[[widgets.Button], None]:
        return lambda _: self.remove(qualified_name)

    def _suggest(self) -> None:
        """Offer names that exist: metadata servers running on the platform, groups defined on the chosen one."""
        try:
            active = self.platform.call(
                "GET", self.platform.paths.platform() + "/servers/active", response=ServerListResponse
            )
            servers = [s for s in active.server_list or [] if s != self.server_name]
            self.metadata_server.options = tuple(servers)
        except Exception:
            LOGGER.debug("no server suggestions", exc_info=True)
        self._suggest_groups()

    def _suggest_groups(self) -> None:
        server = self.metadata_server.value.strip()
        if not server:
            return
        try:
            from egeria_nb.metadata.definitions import list_group_definitions

            defined = list_group_definitions(self.platform, server)
            self.name.options = tuple(str(n) for n in defined["qualified_name"].dropna())
        except Exception:
            LOGGER.debug("no group suggestions from %s", server, exc_info=True)
            self.name.options = ()

    def _on_metadata_server(self, change: dict[str, Any]) -> None:
        # Suggestions are a nicety: looked up quietly, beside (never blocking) the form's own calls.
        self._suggestions.submit(self._suggest_groups)

    def wait(self, timeout_s: float = DEFAULT_TIMEOUT_S) -> IntegrationGroupsForm:
        """Wait for the action in flight to finish (for code and tests; a person just watches)."""
        self._calls.wait(timeout_s)
        return self

    def close(self) -> None:
        """Close the form with every widget in it (a call under way still reaches the platform)."""
        if "_calls" in self.__dict__:  # not when __init__ refused its arguments: nothing was started
            self._calls.close()
            self._suggestions.shutdown(wait=False, cancel_futures=True)
            self._closed = True
            with self._drawing:
                close_widgets(*held_widgets(self))
        super().close()
