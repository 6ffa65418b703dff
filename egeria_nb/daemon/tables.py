"""The daemon's state as pandas tables: status (one row per connector), groups, history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pandas as pd

from egeria_nb.arguments import checked
from egeria_nb.daemon.groups import GroupSnapshot
from egeria_nb.daemon.history import HistoryEvent
from egeria_nb.daemon.runner import ConnectorStatistics
from egeria_nb.daemon.status import ConnectorStatus, GroupStatus
from egeria_nb.daemon.waiting import POLL_S, wait_for_status
from egeria_nb.display import TEXT_TYPE, Table, time_column
from egeria_nb.pictures import Picture, timeline_picture, topology_picture

if TYPE_CHECKING:
    from egeria_nb.client import Platform
    from egeria_nb.daemon.history import History

__all__ = [
    "GROUP_COLUMNS",
    "HISTORY_COLUMNS",
    "STATUS_COLUMNS",
    "ConnectorTables",
    "groups_frame",
    "history_frame",
    "status_frame",
]

STATUS_COLUMNS = [
    "group",
    "connector_name",
    "connector_id",
    "connector_guid",
    "status",
    "last_status_change",
    "last_refresh_time",
    "refresh_interval_min",
    "restarts",
    "failing_exception_message",
    "uses_blocking_calls",
    "statistics",
]
GROUP_COLUMNS = ["qualified_name", "status", "metadata_server", "connector_count", "last_refresh", "last_error"]
HISTORY_COLUMNS = ["time", "group", "connector", "from_status", "to_status", "message"]

# Categoricals in Egeria's order, so sorting by status follows Egeria's enum.
CONNECTOR_STATUS_TYPE = pd.CategoricalDtype([s.value for s in ConnectorStatus], ordered=True)
GROUP_STATUS_TYPE = pd.CategoricalDtype([s.value for s in GroupStatus], ordered=True)


def _value(status: ConnectorStatus | GroupStatus | None) -> str | None:
    return status.value if status is not None else None


def status_frame(snapshots: Iterable[ConnectorStatistics]) -> Table:
    rows = sorted(snapshots, key=lambda s: (s.group, s.connector_name))
    return Table(
        {
            "group": pd.Series([s.group for s in rows], dtype=TEXT_TYPE),
            "connector_name": pd.Series([s.connector_name for s in rows], dtype=TEXT_TYPE),
            "connector_id": pd.Series([s.connector_id for s in rows], dtype=TEXT_TYPE),
            "connector_guid": pd.Series([s.connector_guid for s in rows], dtype=TEXT_TYPE),
            "status": pd.Series([_value(s.status) for s in rows], dtype=CONNECTOR_STATUS_TYPE),
            "last_status_change": time_column([s.last_status_change for s in rows]),
            "last_refresh_time": time_column([s.last_refresh_time for s in rows]),
            "refresh_interval_min": pd.Series([s.refresh_interval_min for s in rows], dtype="int64"),
            "restarts": pd.Series([s.restarts for s in rows], dtype="int64"),
            "failing_exception_message": pd.Series([s.failing_exception_message for s in rows], dtype=TEXT_TYPE),
            "uses_blocking_calls": pd.Series([s.uses_blocking_calls for s in rows], dtype=bool),
            "statistics": pd.Series([dict(s.statistics) for s in rows], dtype=object),
        },
        columns=STATUS_COLUMNS,
    )


def groups_frame(snapshots: Iterable[GroupSnapshot]) -> Table:
    rows = sorted(snapshots, key=lambda g: g.qualified_name)
    return Table(
        {
            "qualified_name": pd.Series([g.qualified_name for g in rows], dtype=TEXT_TYPE),
            "status": pd.Series([_value(g.status) for g in rows], dtype=GROUP_STATUS_TYPE),
            "metadata_server": pd.Series([g.metadata_server for g in rows], dtype=TEXT_TYPE),
            "connector_count": pd.Series([g.connector_count for g in rows], dtype="int64"),
            "last_refresh": time_column([g.last_refresh for g in rows]),
            "last_error": pd.Series([g.last_error for g in rows], dtype=TEXT_TYPE),
        },
        columns=GROUP_COLUMNS,
    )


def history_frame(events: Iterable[HistoryEvent]) -> Table:
    rows = list(events)
    return Table(
        {
            "time": time_column([e.time for e in rows]),
            "group": pd.Series([e.group for e in rows], dtype=TEXT_TYPE),
            "connector": pd.Series([e.connector for e in rows], dtype=TEXT_TYPE),
            "from_status": pd.Series([e.from_status for e in rows], dtype=CONNECTOR_STATUS_TYPE),
            "to_status": pd.Series([e.to_status for e in rows], dtype=CONNECTOR_STATUS_TYPE),
            "message": pd.Series([e.message for e in rows], dtype=TEXT_TYPE),
        },
        columns=HISTORY_COLUMNS,
    )


def catalogued(connectors: Iterable[ConnectorStatistics]) -> dict[str, int]:
    """Connector name → elements its last synchronize left catalogued, for connectors that publish the counts."""
    counts = {}
    for c in connectors:
        parts = [c.statistics.get(k) for k in ("added", "updated", "unchanged")]
        if all(isinstance(n, int) and not isinstance(n, bool) for n in parts):
            counts[c.connector_name] = sum(parts)  # type: ignore[arg-type]
    return counts


class ConnectorTables:
    """The tables and the wait both daemons build the same way from their connector records.

    A daemon gives ``_snapshots()`` (its connectors' records now) and ``_history``; a remote
    one, whose every look is a request, waits longer between looks (``_poll_s``).
    """

    # What every daemon has (the Daemon protocol): the pictures name the daemon, its platform and its state.
    server_name: str
    platform: Platform
    running: bool
    _history: History
    _poll_s = POLL_S

    def _snapshots(self) -> list[ConnectorStatistics]:
        raise NotImplementedError

    def _groups_and_connectors(self) -> tuple[list[GroupSnapshot], list[ConnectorStatistics]]:
        """The groups and connectors now, read together so that they agree."""
        raise NotImplementedError

    @checked
    def timeline(self, minutes: float = 30.0) -> Picture:
        """Each connector's states over the last ``minutes`` as coloured bands, failures marked (hover for messages).

        Drawn from the history (for a daemon elsewhere, the changes this object saw while reading it)::

            daemon.timeline(minutes=10)            # shown in the notebook; .save("timeline.svg") keeps it
        """
        connectors = self._snapshots()  # first: a remote daemon's read adds what changed to the history
        return timeline_picture(
            self._history.events(),
            connectors,
            now=datetime.now(UTC),
            minutes=minutes,
            title=f"integration daemon {self.server_name}",
        )

    def topology(self) -> Picture:
        """The daemon, its groups, their metadata servers and connectors, each coloured by state.

        Connectors that catalogue show how many elements their last refresh left catalogued.
        """
        groups, connectors = self._groups_and_connectors()
        return topology_picture(
            self.server_name,
            groups,
            connectors,
            running=self.running,
            element_counts=catalogued(connectors),
            platform_url=self.platform.url,
        )

    def _groups_loading(self) -> list[str]:
        """Configured groups whose definitions were not read yet (none known, by default)."""
        return []

    def status(self) -> Table:
        """One row per connector: group, name, ids, status, times, restarts, failure message, statistics."""
        return status_frame(self._snapshots())

    @checked
    def history(self, limit: int | None = None) -> Table:
        """One row per state change, oldest first (the newest ``limit`` if given)."""
        return history_frame(self._history.events(limit))

    @checked
    def statistics(self, connector_name: str | None = None) -> list[ConnectorStatistics]:
        """Frozen records of each connector's state (or the named one's): what ``status()`` is built from."""
        return [s for s in self._snapshots() if connector_name in (None, s.connector_name)]

    @checked
    def wait_for_status(
        self,
        status: str | ConnectorStatus | Iterable[str | ConnectorStatus] = ConnectorStatus.WAITING,
        connector_name: str | None = None,
        *,
        count: int | None = None,
        timeout_s: float = 30.0,
    ) -> pd.DataFrame:
        """Wait until the connector (or every connector, or ``count`` of them) is in ``status``.

        Waiting for every connector, it also waits until every configured group has read its
        definition, so connectors of a group still loading are not missed.

        Returns the status table (the named connector's rows, if one is named); raises
        ``TimeoutError`` showing the table if it does not happen in time, and
        ``PropertyServerError`` (``EGERIA-NB-DAEMON-500-001``) naming the connector and its
        failure as soon as a failed connector cannot get there: no restart is coming, the next
        one is after the deadline, or a restart failed again the same way.
        """
        return wait_for_status(
            self._snapshots,
            self.status,
            status,
            connector_name,
            count=count,
            timeout_s=timeout_s,
            loading=self._groups_loading,
            poll_s=self._poll_s,
        )
