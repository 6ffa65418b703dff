"""``DaemonDashboard``: a live view of an integration daemon, with per-connector Restart and Refresh.

It redraws every ``interval`` seconds from a thread of its own, so it keeps
moving while the kernel is idle or busy with a cell, without re-running any
cell. It stops when closed, or when the daemon stops. Works for an
``IntegrationDaemon`` and for a ``RemoteIntegrationDaemon``.
"""

from __future__ import annotations

import html
import logging
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import pandas as pd

from egeria_nb.arguments import check_positive, checked
from egeria_nb.daemon.protocol import Daemon
from egeria_nb.daemon.status import ConnectorStatus
from egeria_nb.display import render
from egeria_nb.widgets.background import BackgroundCalls

__all__ = ["DaemonDashboard"]

LOGGER = logging.getLogger("egeria_nb.widgets")
# Rows with their own buttons; a daemon with thousands of connectors shows the first ones (failed first).
MAX_ROWS = 50
HISTORY_ROWS = 12


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return "" if pd.isna(value) else value.strftime("%H:%M:%S")
    return str(value)


class DaemonDashboard(widgets.VBox):
    """Status table coloured by state, counts per state, groups, recent changes, and controls."""

    @checked
    def __init__(self, daemon: Daemon, *, interval: float = 1.0, max_rows: int = MAX_ROWS) -> None:
        check_positive("interval", interval)
        check_positive("max_rows", max_rows)
        self.daemon = daemon
        self.interval = float(interval)
        self.max_rows = max_rows
        self.header = widgets.HTML()
        self.counts = widgets.HTML()
        self.rows = widgets.VBox()
        self.groups_view = widgets.HTML()
        self.history_view = widgets.HTML()
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
            (self.message, "enb-dash-message"),
            (self.pause_button, "enb-dash-pause"),
        ):
            widget.add_class(cls)
        self._calls = BackgroundCalls("dashboard", [self.refresh_all_button, self.restart_all_button], self.message)
        self._row_widgets: dict[str, tuple[widgets.HTML, widgets.Button, widgets.Button]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # The update thread and a button's follow-up update (on the calls' worker) redraw concurrently;
        # without this, both could rebuild the rows and leave on screen the ones the other no longer updates.
        self._drawing = threading.Lock()
        self.updates = 0
        super().__init__(
            [
                self.header,
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
        self.add_class("enb-dashboard")
        self.pause_button.observe(self._on_pause, names="value")
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
        return bool(self.pause_button.value)

    @property
    def live(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.live:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="egeria_nb-dashboard", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop updating (the widget stays on screen as it was)."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(self.interval + 5)

    def close(self) -> None:
        if "_calls" in self.__dict__:  # not when __init__ refused its arguments: nothing was started
            self.stop()
            self._calls.close()
        super().close()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            if self.paused:
                continue
            try:
                self.update()
            except Exception:
                LOGGER.debug("dashboard update failed", exc_info=True)
            if not self.daemon.running:
                self.header.value += " <i>(the daemon has stopped; updates ended)</i>"
                return

    def _on_pause(self, change: dict[str, Any]) -> None:
        self.pause_button.description = "Resume updates" if change["new"] else "Pause updates"
        self.pause_button.icon = "play" if change["new"] else "pause"

    # -- drawing ------------------------------------------------------------------------

    def update(self) -> None:
        """Redraw everything from the daemon's current state."""
        with self._drawing:
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
        self.updates += 1

    def _draw_rows(self, status: pd.DataFrame) -> None:
        failed_first = status.assign(_failed=status["status"].astype(str).str.contains("FAILED")).sort_values(
            ["_failed", "group", "connector_name"], ascending=[False, True, True]
        )
        shown = failed_first.head(self.max_rows)
        keys = [f"{r.group}\0{r.connector_name}" for r in shown.itertuples()]
        if list(self._row_widgets) != keys:
            self._row_widgets = {key: self._new_row(key.split("\0", 1)[1]) for key in keys}
            rows: list[widgets.Widget] = [
                widgets.HBox([cells, refresh, restart]) for cells, refresh, restart in self._row_widgets.values()
            ]
            if len(status) > self.max_rows:
                rows.append(
                    widgets.HTML(
                        f"<i>… and {len(status) - self.max_rows} more connectors (daemon.status() has them all)</i>"
                    )
                )
            self.rows.children = tuple(rows)
        for key, record in zip(keys, shown.to_dict("records"), strict=True):
            cells = self._row_widgets[key][0]
            cells.value = render("connector_row.html.j2", row=record, text=_text)

    def _new_row(self, connector_name: str) -> tuple[widgets.HTML, widgets.Button, widgets.Button]:
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
        return cells, refresh, restart

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

    def wait(self, timeout: float | None = 30.0) -> DaemonDashboard:
        """Wait for a button's action to finish (for code and tests)."""
        self._calls.wait(timeout)
        return self
