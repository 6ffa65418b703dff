"""``RemoteIntegrationDaemon``: a daemon running elsewhere (Egeria's Java daemon, or another platform), seen
through the integration-daemon REST services (egeria-wire.md §3.6) with the same tables and controls as
``IntegrationDaemon``.

Egeria keeps no history of state changes, so ``history()`` holds the changes
this object has seen between its own reads of the status.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from egeria_nb.arguments import LongText, Text, check_name, checked
from egeria_nb.client import Platform, segment
from egeria_nb.daemon.groups import GroupSnapshot
from egeria_nb.daemon.history import History, HistoryEvent
from egeria_nb.daemon.runner import ConnectorStatistics
from egeria_nb.daemon.status import ConnectorStatus, GroupStatus
from egeria_nb.daemon.summary import summary_html
from egeria_nb.daemon.tables import ConnectorTables, groups_frame
from egeria_nb.diagnosis.findings import Diagnosis
from egeria_nb.errors import EgeriaError
from egeria_nb.wire import NameRequestBody, StringRequestBody, VoidResponse
from egeria_nb.wire.daemon import (
    ConnectorConfigPropertiesRequestBody,
    ConnectorReport,
    ConnectorReportResponse,
    IntegrationConnectorReport,
    IntegrationDaemonStatusResponse,
    IntegrationGroupSummary,
    PropertiesResponse,
)

__all__ = ["RemoteIntegrationDaemon"]

# How often wait_for_status asks the remote daemon for its status.
REMOTE_POLL_S = 0.25
# Egeria's report has no time of its own for a connector that has not changed state yet.
EPOCH = datetime.fromtimestamp(0, UTC)


def _time(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _connector(group: str, r: IntegrationConnectorReport) -> ConnectorStatistics:
    """A report as the local daemon's record; what Egeria does not report is left empty."""
    # Matched by name: 4.x numbers its states differently (§3.5).
    status = ConnectorStatus(r.connector_status) if r.connector_status in _CONNECTOR_STATES else None
    return ConnectorStatistics(
        group=group,
        connector_name=r.connector_name or "",
        connector_id=r.connector_id or "",
        connector_guid=r.connector_guid,
        provider=None,
        status=status,
        last_status_change=_time(r.last_status_change) or EPOCH,
        last_refresh_time=_time(r.last_refresh_time),
        refresh_interval_min=r.min_minutes_between_refresh or 0,
        restarts=0,  # Egeria does not report restarts
        failing_exception_message=r.failing_exception_message,
        # Not reported by Egeria; since 5.0 only blocking connectors are RUNNING (WAITING otherwise).
        uses_blocking_calls=r.connector_status == "RUNNING",
        statistics=dict(r.statistics or {}),
    )


def _group(s: IntegrationGroupSummary) -> GroupSnapshot:
    status = GroupStatus(s.integration_group_status) if s.integration_group_status in _GROUP_STATES else None
    return GroupSnapshot(
        qualified_name=s.integration_group_name or "",
        status=status,
        metadata_server=None,  # Egeria's summary does not name the metadata server
        platform_url=None,
        guid=s.integration_group_guid,
        description=s.integration_group_description,
        connector_count=len(s.integration_connector_reports or []),
        last_refresh=_time(s.last_refresh_time),
        last_error=None,
    )


_CONNECTOR_STATES = {s.value for s in ConnectorStatus}
_GROUP_STATES = {s.value for s in GroupStatus}


class RemoteIntegrationDaemon(ConnectorTables):
    """An integration daemon on ``platform``, controlled over REST.

    ``history()`` holds the state changes this object saw between its own reads of the status.
    """

    _poll_s = REMOTE_POLL_S  # each look at the states is a request

    @checked
    def __init__(self, platform: Platform, server_name: str, *, history_size: int = 10_000) -> None:
        self._platform = platform
        self._server_name = check_name(server_name, "server_name")
        self._base = platform.paths.integration_daemon(server_name)
        self._history = History(history_size)
        self._seen: dict[str, str] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<RemoteIntegrationDaemon {self.server_name!r} on {self.platform.url}>"

    @property
    def platform(self) -> Platform:
        """The platform the daemon runs on."""
        return self._platform

    @property
    def server_name(self) -> str:
        """The daemon's server name on the platform."""
        return self._server_name

    @property
    def running(self) -> bool:
        """Always True: a remote daemon's state is read from its platform on every call."""
        return True

    def _repr_html_(self) -> str:
        try:
            summaries, reports = self._status()
        except EgeriaError as error:
            return f"<b>RemoteIntegrationDaemon</b> {html.escape(self.server_name)}: {html.escape(str(error))}"
        return summary_html(
            "RemoteIntegrationDaemon",
            self.server_name,
            self.platform.url,
            running=True,
            groups=[_group(s) for s in summaries],
            connectors=[_connector(g, r) for g, r in reports],
        )

    # -- reading ----------------------------------------------------------------------

    def _status(self) -> tuple[list[IntegrationGroupSummary], list[tuple[str, IntegrationConnectorReport]]]:
        answer = self.platform.call("GET", self._base + "/status", response=IntegrationDaemonStatusResponse)
        status = answer.integration_daemon_status
        summaries = (status.integration_group_summaries if status else None) or []
        reports: list[tuple[str, IntegrationConnectorReport]] = []
        for summary in summaries:
            for report in summary.integration_connector_reports or []:
                reports.append((summary.integration_group_name or "", report))
        if not reports and status is not None:
            reports = [("", r) for r in status.integration_connector_reports or []]
        self._note_changes(reports)
        return summaries, reports

    def _note_changes(self, reports: list[tuple[str, IntegrationConnectorReport]]) -> None:
        with self._lock:
            # Only connectors the daemon reports now are remembered: removed ones do not pile up.
            current = {report.connector_id or report.connector_name or "" for _, report in reports}
            for key in [k for k in self._seen if k not in current]:
                del self._seen[key]
            for group, report in reports:
                key = report.connector_id or report.connector_name or ""
                now_status = report.connector_status or ""
                before = self._seen.get(key)
                if before is not None and before != now_status:
                    self._history.add(
                        HistoryEvent(
                            datetime.now(UTC),
                            group,
                            report.connector_name,
                            report.connector_id,
                            before,
                            now_status,
                            report.failing_exception_message or now_status,
                        )
                    )
                self._seen[key] = now_status

    def _snapshots(self) -> list[ConnectorStatistics]:
        return [_connector(group, report) for group, report in self._status()[1]]

    def _groups_and_connectors(self) -> tuple[list[GroupSnapshot], list[ConnectorStatistics]]:
        summaries, reports = self._status()
        return [_group(s) for s in summaries], [_connector(group, report) for group, report in reports]

    def groups(self) -> pd.DataFrame:
        """One row per group, the same columns as ``IntegrationDaemon.groups()``."""
        return groups_frame(_group(s) for s in self._status()[0])

    def connector_names(self) -> list[str]:
        """The names of the connectors the daemon reports, sorted."""
        _, reports = self._status()
        return sorted({r.connector_name for _, r in reports if r.connector_name})

    @checked
    def configuration_properties(self, connector_name: str) -> dict[str, Any]:
        """The connector's configuration properties, as the daemon holds them."""
        path = self._base + f"/integration-connectors/{segment(connector_name)}/configuration-properties"
        return dict(self.platform.call("GET", path, response=PropertiesResponse).properties or {})

    # -- control ----------------------------------------------------------------------

    def _name_body(self, connector_name: str | None) -> dict[str, Any] | None:
        return NameRequestBody(name=connector_name).to_wire() if connector_name else None

    @checked
    def refresh(self, connector_name: str | None = None) -> None:
        """Ask the daemon to refresh the connector now (every connector if none is named)."""
        self.platform.call("POST", self._base + "/integration-connectors/refresh", json=self._name_body(connector_name))

    @checked
    def restart(self, connector_name: str | None = None) -> None:
        """Ask the daemon to restart the connector (every connector if none is named)."""
        self.platform.call("POST", self._base + "/integration-connectors/restart", json=self._name_body(connector_name))

    @checked
    def refresh_group(self, qualified_name: str | None = None) -> None:
        """Re-read one group's definition (Egeria's call is per group; None means every group)."""
        names = [qualified_name] if qualified_name else [s.integration_group_name for s in self._status()[0]]
        for name in names:
            path = self._base + f"/integration-groups/{segment(name or '')}/refresh-config"
            self.platform.call("GET", path, response=VoidResponse)

    @checked
    def update_configuration_properties(
        self, connector_name: str, properties: Mapping[str, Any], *, merge: bool = True
    ) -> None:
        """Change the connector's configuration properties (merged into the current ones unless ``merge=False``)."""
        body = ConnectorConfigPropertiesRequestBody(
            connector_name=connector_name, merge_update=merge, configuration_properties=dict(properties)
        ).to_wire()
        self.platform.call("POST", self._base + "/integration-connectors/configuration-properties", json=body)

    @checked
    def update_endpoint_address(self, connector_name: str, address: LongText) -> None:
        """Point the connector's endpoint at ``address``; the daemon restarts it."""
        path = self._base + f"/integration-connectors/{segment(connector_name)}/endpoint-network-address"
        self.platform.call("POST", path, json=StringRequestBody(string=address).to_wire())

    @checked
    def update_connection(self, connector_name: str, connection: Mapping[str, Any]) -> None:
        """Replace the connector's whole connection (Egeria's ``Connection`` JSON); the daemon restarts it."""
        path = self._base + f"/integration-connectors/{segment(connector_name)}/connection"
        self.platform.call("POST", path, json=dict(connection))

    @checked
    def diagnose(self, *, timeout_s: float = 10.0) -> Diagnosis:
        """Check everything this daemon depends on, in order, and say what to do (see ``egeria_nb.diagnose``).

        Every fact is read over Egeria's REST APIs, so this works the same on a real Egeria::

            enb.RemoteIntegrationDaemon(platform, "integration-daemon").diagnose().to_frame()
        """
        # Imported here: the diagnosis is built on the daemon package, not the other way round.
        from egeria_nb.diagnosis.chain import DaemonSide, walk

        return walk(DaemonSide(self, local=False), timeout_s=timeout_s)

    @checked
    def validate_connector(self, connector_provider: str) -> ConnectorReport:
        """What the daemon says about a connector provider class: its connector type and properties (6.x only).

        A class the daemon cannot load is refused with ``OMAG-COMMON-400-016``, one that
        makes no integration connector with ``OMAG-MULTI-TENANT-400-004``.
        """
        name = check_name(connector_provider, "connector_provider")
        path = self._base + f"/validate-connector/{segment(name)}"
        return self.platform.call("GET", path, response=ConnectorReportResponse).connector_report or ConnectorReport()

    @checked
    def publish_open_lineage_event(self, event: Text | Mapping[str, Any]) -> None:
        """Pass an OpenLineage run event (JSON text, or a dict) to the daemon's OpenLineage listeners."""
        text = event if isinstance(event, str) else json.dumps(dict(event))
        # 5.4 took the event at /api/v1/lineage (under /users/{userId}); 6.x renamed it.
        suffix = "/publish-open-lineage-event" if self.platform.api == "6" else "/api/v1/lineage"
        self.platform.call("POST", self._base + suffix, data=text)
