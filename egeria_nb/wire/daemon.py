"""Beans of the integration-daemon services (egeria-wire.md §3.6, §3.7)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from egeria_nb.wire.base import WireModel
from egeria_nb.wire.metadata import Connection
from egeria_nb.wire.responses import FFDCResponseBase

__all__ = [
    "ConnectorConfigPropertiesRequestBody",
    "IntegrationConnectorReport",
    "IntegrationDaemonStatus",
    "IntegrationDaemonStatusResponse",
    "IntegrationGroupSummariesResponse",
    "IntegrationGroupSummary",
    "IntegrationGroupSummaryResponse",
    "PropertiesResponse",
]


class IntegrationConnectorReport(WireModel):
    connector_id: str | None = Field(None, alias="connectorId")
    connector_guid: str | None = Field(None, alias="connectorGUID")
    integration_group_guid: str | None = Field(None, alias="integrationGroupGUID")
    connector_name: str | None = Field(None, alias="connectorName")
    connection: Connection | None = None
    connector_instance_id: str | None = Field(None, alias="connectorInstanceId")
    # A name, matched as text: 4.x and 5.x+ number the states differently (§3.5).
    connector_status: str | None = Field(None, alias="connectorStatus")
    last_status_change: datetime | None = Field(None, alias="lastStatusChange")
    last_refresh_time: datetime | None = Field(None, alias="lastRefreshTime")
    min_minutes_between_refresh: int | None = Field(None, alias="minMinutesBetweenRefresh")
    failing_exception_message: str | None = Field(None, alias="failingExceptionMessage")
    statistics: dict[str, Any] | None = None


class IntegrationGroupSummary(WireModel):
    integration_group_name: str | None = Field(None, alias="integrationGroupName")
    integration_group_guid: str | None = Field(None, alias="integrationGroupGUID")
    integration_group_description: str | None = Field(None, alias="integrationGroupDescription")
    integration_group_status: str | None = Field(None, alias="integrationGroupStatus")
    integration_connector_reports: list[IntegrationConnectorReport] | None = Field(
        None, alias="integrationConnectorReports"
    )
    last_refresh_time: datetime | None = Field(None, alias="lastRefreshTime")


class IntegrationDaemonStatus(WireModel):
    integration_group_summaries: list[IntegrationGroupSummary] | None = Field(None, alias="integrationGroupSummaries")
    integration_connector_reports: list[IntegrationConnectorReport] | None = Field(
        None, alias="integrationConnectorReports"
    )


class IntegrationDaemonStatusResponse(FFDCResponseBase):
    integration_daemon_status: IntegrationDaemonStatus | None = Field(None, alias="integrationDaemonStatus")


class IntegrationGroupSummariesResponse(FFDCResponseBase):
    integration_group_summaries: list[IntegrationGroupSummary] | None = Field(None, alias="integrationGroupSummaries")


class IntegrationGroupSummaryResponse(FFDCResponseBase):
    integration_group_summary: IntegrationGroupSummary | None = Field(None, alias="integrationGroupSummary")


class PropertiesResponse(FFDCResponseBase):
    properties: dict[str, Any] | None = None


class ConnectorConfigPropertiesRequestBody(WireModel):
    connector_name: str | None = Field(None, alias="connectorName")
    merge_update: bool = Field(False, alias="mergeUpdate")
    configuration_properties: dict[str, Any] | None = Field(None, alias="configurationProperties")
