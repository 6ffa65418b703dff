"""``DaemonDashboard``: a live view of an integration daemon, with per-connector Restart and Refresh.

It redraws every ``interval_s`` seconds from a thread of its own, so it keeps
moving while the kernel is idle or busy with a cell, without re-running any
cell. It stops when closed, or when the daemon stops. Works for an
``IntegrationDaemon`` and for a ``RemoteIntegrationDaemon``.

Widgets are built once and updated in place: a connector's row is built when
the connector appears, its values are set on each redraw, it is moved (never
rebuilt) when the order changes, and it is closed when the connector goes. So
the number of live widgets depends on how many rows are shown, not on how many
redraws there have been.
"""

from __future__ import annotations

import html
import logging
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd

from egeria_nb.arguments import check_positive, checked
from egeria_nb.daemon.protocol import Daemon
from egeria_nb.daemon.status import FAILED_STATES, ConnectorStatus
from egeria_nb.display import render
from egeria_nb.widgets.background import BackgroundCalls, close_widgets, held_widgets

__all__ = ["DaemonDashboard"]

LOGGER = logging.getLogger("egeria_nb.widgets")
# Rows with their own buttons; a daemon with thousands of connectors shows the first ones (failed first).
MAX_ROWS = 50
HISTORY_ROWS = 12
TAB_TITLES = ("Status", "Timeline", "Topology")
TIMELINE_TAB, TOPOLOGY_TAB = 1, 2
# close() waits this long for a redraw under way to finish before it closes the widgets anyway.
CLOSE_WAIT_S = 5.0


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return "" if pd.isna(value) else value.strftime("%H:%M:%S")
    return str(value)


@dataclass(frozen=True)
class _Row:
    """One connector's row: built when the connector appears, updated in place, closed when it goes."""

    box: widgets.HBox
    cells: widgets.HTML
    refresh: widgets.Button
    restart: widgets.Button


class DaemonDashboard(widgets.VBox):
    """Status table coloured by state, counts per state, groups, recent changes, and controls; a Timeline tab
    (each connector's states over the last ``timeline_minutes``) and a Topology tab (daemon, groups, metadata
    servers and connectors, coloured by state)."""

    @checked
    def __init__(
        self, daemon: Daemon, *, interval_s: float = 1.0, max_rows: int = MAX_ROWS, timeline_minutes: float = 30.0
    ) -> None:
        check_positive("interval_s", interval_s)
        check_positive("max_rows", max_rows)
        check_positive("timeline_minutes", timeline_minutes)
        self.timeline_minutes = float(timeline_minutes)
        self.daemon = daemon
        self.interval_s = float(interval_s)
        self.max_rows = max_rows
        self.header = widgets.HTML()
        self.counts = widgets.HTML()
        self.rows = widgets.VBox()
        self.groups_view = widgets.HTML()
        self.history_view = widgets.HTML()
        # The pictures: drawn only while their tab is the one shown (a remote daemon's is a request each).
        # A picture wider than the tab scrolls inside its own box (the tab panel would otherwise cut it off).
        self.timeline_view = widgets.HTML(layout=widgets.Layout(overflow="auto", max_width="100%"))
        self.topology_view = widgets.HTML(layout=widgets.Layout(overflow="auto", max_width="100%"))
        self.message = widgets.HTML()
        self.pause_button = widgets.ToggleButton(description="Pause updates", icon="pause", value=False)
        self.refresh_all_button = widgets.Button(description="Refresh all", icon="refresh")
        self.restart_all_button = widgets.Button(description="Restart all", icon="repeat")
        for widget, cls in (
            (self.header, "enb-dash-header"),
            (self.counts, "enb-dash-counts"),
            (self.rows, "enb-dash-rows"),
            (self.groups_view, "enb-dash-groups"),
            (self.history_view, "enb-dash-history"),
            (self.timeline_view, "enb-dash-timeline"),
            (self.topology_view, "enb-dash-topology"),
            (self.message, "enb-dash-message"),
            (self.pause_button, "enb-dash-pause"),
        ):
            widget.add_class(cls)
        self._calls = BackgroundCalls("dashboard", [self.refresh_all_button, self.restart_all_button], self.message)
        # Shown rows by "group\0connector", in display order; only a redraw (holding _drawing) changes it.
        self._row_widgets: dict[str, _Row] = {}
        self._more = widgets.HTML()  # "… and N more connectors", in the rows only when some are not shown
        self._stop = threading.Event()
        # Set to redraw at once, not at the end of the interval: a picture's tab was opened, or stop() was called.
        self._wake = threading.Event()
        self._tab_opened = threading.Event()
        self._thread: threading.Thread | None = None
        # The update thread and a button's follow-up update (on the calls' worker) redraw concurrently;
        # without this, both could build a row for the same new connector (one never shown nor closed),
        # or one could close a row the other has just put on screen.
        self._drawing = threading.Lock()
        self._closed = False
        self.updates = 0
        self._passes = 0  # of the update thread's loop, drawn or not
        status_tab = widgets.VBox(
            [
                self.counts,
                widgets.HBox([self.pause_button, self.refresh_all_button, self.restart_all_button]),
                self.message,
                self.rows,
                widgets.HTML("<b>Groups</b>"),
                self.groups_view,
                widgets.HTML("<b>Recent state changes</b>"),
                self.history_view,
            ]
        )
        self.tabs = widgets.Tab([status_tab, self.timeline_view, self.topology_view], titles=TAB_TITLES)
        self.tabs.add_class("enb-dash-tabs")
        super().__init__([self.header, self.tabs])
        self.add_class("enb-dashboard")
        self.pause_button.observe(self._on_pause, names="value")
        self.tabs.observe(self._on_tab, names="selected_index")
        self.refresh_all_button.on_click(lambda _: self._control("refresh", None))
        self.restart_all_button.on_click(lambda _: self._control("restart", None))
        self.update()
        self.start()

    def __repr__(self) -> str:
        state = "paused" if self.paused else "live" if self.live else "stopped"
        return f"<DaemonDashboard {self.daemon.server_name!r} {state}>"

    # -- the update thread -------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        """True while the Pause updates button is pressed (the tables stay as they are)."""
        return bool(self.pause_button.value)

    @property
    def live(self) -> bool:
        """True while the dashboard's update thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start updating every ``interval_s`` seconds (the dashboard starts itself when made)."""
        if self.live:
            return
        self._stop.clear()
        self._wake.clear()
        self._thread = threading.Thread(target=self._loop, name="egeria_nb-dashboard", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop updating (the widget stays on screen as it was)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(self.interval_s + 5)

    def close(self) -> None:
        """Stop updating and close the dashboard with every widget in it (the daemon keeps running)."""
        if "_calls" in self.__dict__:  # not when __init__ refused its arguments: nothing was started
            self.stop()
            self._calls.close()
            # A redraw under way (a button's follow-up, or the thread if stop() gave up on it) finishes
            # first; any later one finds the dashboard closed and draws nothing.
            self._closed = True
            locked = self._drawing.acquire(timeout=CLOSE_WAIT_S)
            try:
                close_widgets(*held_widgets(self), self._more)  # the note, even when not on screen
            finally:
                if locked:
                    self._drawing.release()
        super().close()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval_s)
            self._wake.clear()
            if self._stop.is_set():
                return
            opened = self._tab_opened.is_set()
            self._tab_opened.clear()
            if not self.paused or opened:
                try:
                    self.update()
                except Exception:
                    LOGGER.debug("dashboard update failed", exc_info=True)
                if not self.daemon.running:
                    self.header.value += " <i>(the daemon has stopped; updates ended)</i>"
                    return
            # Counted whether or not it drew: "paused, and passes went by without a redraw" is then something
            # a test can wait for, rather than sleep through.
            self._passes += 1

    def _on_tab(self, change: dict[str, Any]) -> None:
        # A picture is drawn when its tab is opened, not a whole interval later (or never, when paused).
        # The update thread draws it (never the kernel's thread, which a remote daemon's request would hold up).
        if change["new"] in (TIMELINE_TAB, TOPOLOGY_TAB):
            self._tab_opened.set()
            self._wake.set()

    def _on_pause(self, change: dict[str, Any]) -> None:
        self.pause_button.description = "Resume updates" if change["new"] else "Pause updates"
        self.pause_button.icon = "play" if change["new"] else "pause"

    # -- drawing ------------------------------------------------------------------------

    def update(self) -> None:
        """Redraw everything from the daemon's current state (nothing, once closed)."""
        with self._drawing:
            if not self._closed:
                self._update()

    def _update(self) -> None:
        status = self.daemon.status()
        counts = Counter(str(s) for s in status["status"].dropna())
        order = [s.value for s in ConnectorStatus]
        running = self.daemon.running
        self.header.value = (
            f"<b>Integration daemon {html.escape(self.daemon.server_name)}</b> &mdash; "
            f"{'running' if running else 'stopped'}, {len(status)} connector{'s' if len(status) != 1 else ''}"
        )
        self.counts.value = render(
            "status_counts.html.j2", counts=[(name, counts[name]) for name in sorted(counts, key=order.index)]
        )
        self._draw_rows(status)
        self.groups_view.value = render(
            "groups_table.html.j2", groups=self.daemon.groups().to_dict("records"), text=_text
        )
        history = self.daemon.history(limit=HISTORY_ROWS).iloc[::-1]
        self.history_view.value = render("history_table.html.j2", events=history.to_dict("records"), text=_text)
        shown = self.tabs.selected_index
        if shown == TIMELINE_TAB:
            self.timeline_view.value = self.daemon.timeline(self.timeline_minutes)._repr_html_()
        elif shown == TOPOLOGY_TAB:
            self.topology_view.value = self.daemon.topology()._repr_html_()
        self.updates += 1

    def _draw_rows(self, status: pd.DataFrame) -> None:
        failed = status["status"].astype(str).isin([s.value for s in FAILED_STATES])
        failed_first = status.assign(_failed=failed).sort_values(
            ["_failed", "group", "connector_name"], ascending=[False, True, True]
        )
        records: dict[str, dict[str, Any]] = {}
        for record in failed_first.head(self.max_rows).to_dict("records"):
            records.setdefault(f"{record['group']}\0{record['connector_name']}", record)
        html_of = {key: render("connector_row.html.j2", row=record, text=_text) for key, record in records.items()}
        if self._closed:  # close() stopped waiting for this redraw: build nothing more
            return
        old = self._row_widgets
        # Rows of connectors still shown are kept (new values, maybe a new place); new connectors get new rows.
        self._row_widgets = {
            key: old[key] if key in old else self._new_row(str(record["connector_name"]))
            for key, record in records.items()
        }
        for key, row in self._row_widgets.items():
            row.cells.value = html_of[key]
        children: list[widgets.Widget] = [row.box for row in self._row_widgets.values()]
        if len(status) > self.max_rows:
            self._more.value = (
                f"<i>… and {len(status) - self.max_rows} more connectors (daemon.status() has them all)</i>"
            )
            children.append(self._more)
        if tuple(children) != self.rows.children:
            self.rows.children = tuple(children)  # the same widget objects, in the new order
        # Off the screen first, then closed: the rows box never holds a closed widget.
        close_widgets(*(row.box for key, row in old.items() if key not in self._row_widgets))

    def _new_row(self, connector_name: str) -> _Row:
        # The cells give way in a narrow output area, never the buttons: with a fixed-width row the
        # buttons were squeezed until the browser showed "Ref…" and "Res…".
        cells = widgets.HTML(layout=widgets.Layout(flex="1 1 0", min_width="0", max_width="60em"))
        cells.add_class("enb-dash-row")
        button_layout = {"width": "8em", "flex": "0 0 auto"}
        refresh = widgets.Button(description="Refresh", icon="refresh", layout=widgets.Layout(**button_layout))
        restart = widgets.Button(description="Restart", icon="repeat", layout=widgets.Layout(**button_layout))
        refresh.add_class("enb-dash-refresh")
        restart.add_class("enb-dash-restart")
        refresh.on_click(self._on(connector_name, "refresh"))
        restart.on_click(self._on(connector_name, "restart"))
        return _Row(widgets.HBox([cells, refresh, restart]), cells, refresh, restart)

    def _on(self, connector_name: str, action: str) -> Callable[[widgets.Button], None]:
        return lambda _: self._control(action, connector_name)

    def _control(self, action: str, connector_name: str | None) -> None:
        target = connector_name or "every connector"
        call = self.daemon.refresh if action == "refresh" else self.daemon.restart
        self._calls.run(
            lambda: call(connector_name),
            busy=f"Asking {target} to {action}…",
            done=lambda _: f"Asked {html.escape(target)} to {action}.",
            after=self.update,
        )

    def wait(self, timeout_s: float = 30.0) -> DaemonDashboard:
        """Wait for a button's action to finish (for code and tests)."""
        self._calls.wait(timeout_s)
        return self
