"""The daemon's state in Egeria's JSON: the reports and summaries of the integration-daemon services (§3.7)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from egeria_nb.daemon.groups import GroupSnapshot
from egeria_nb.daemon.runner import ConnectorStatistics

__all__ = ["connector_report", "daemon_status", "group_summary"]


def _time(value: datetime | None) -> str | None:
    return value.isoformat(timespec="milliseconds") if value else None


def connector_report(
    s: ConnectorStatistics, connection: dict[str, Any] | None, group_guid: str | None = None
) -> dict[str, Any]:
    report = {
        "connectorId": s.connector_id,
        "connectorGUID": s.connector_guid,
        "integrationGroupGUID": group_guid,
        "connectorName": s.connector_name,
        "connection": connection,
        "connectorInstanceId": s.connector_id,
        "connectorStatus": s.status.value,
        "lastStatusChange": _time(s.last_status_change),
        "lastRefreshTime": _time(s.last_refresh_time),
        "minMinutesBetweenRefresh": s.refresh_interval_min,
        "failingExceptionMessage": s.failing_exception_message,
        "statistics": dict(s.statistics) or None,
    }
    return {k: v for k, v in report.items() if v is not None}


def group_summary(g: GroupSnapshot, reports: list[dict[str, Any]]) -> dict[str, Any]:
    summary = {
        "integrationGroupName": g.qualified_name,
        "integrationGroupGUID": g.guid,
        "integrationGroupDescription": g.description,
        "integrationGroupStatus": g.status.value,
        "integrationConnectorReports": reports or None,
        "lastRefreshTime": _time(g.last_refresh),
    }
    return {k: v for k, v in summary.items() if v is not None}


def daemon_status(summaries: list[dict[str, Any]], reports: list[dict[str, Any]]) -> dict[str, Any]:
    # An empty list is reported as such: a daemon with no connectors yet has an empty status, not an error.
    return {"integrationGroupSummaries": summaries, "integrationConnectorReports": reports}
