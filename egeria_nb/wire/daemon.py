"""Beans of the integration-daemon services (egeria-wire.md §3.6, §3.7, §9; research extras §2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from egeria_nb.wire.base import WireModel
from egeria_nb.wire.metadata import Connection, ConnectorType
from egeria_nb.wire.responses import FFDCResponseBase

__all__ = [
    "ConfigurationPropertyType",
    "ConnectorConfigPropertiesRequestBody",
    "ConnectorReport",
    "ConnectorReportResponse",
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
    """Egeria leaves out both lists when they are empty (their getters return null for []).

    4.x-5.3 daemons also send ``integrationServiceSummaries`` (kept as an extra property);
    5.4 and 6.x no longer have it.
    """

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
    """``connectorName`` null means every connector.

    Egeria's bean declares no ``class`` discriminator and ignores one; egeria_nb sends it, as
    Egeria's own example requests do. ``mergeUpdate`` is a Java ``boolean``: absent or null
    reads as false (replace).
    """

    class_: str | None = Field("ConnectorConfigPropertiesRequestBody", alias="class")
    connector_name: str | None = Field(None, alias="connectorName")
    merge_update: bool | None = Field(False, alias="mergeUpdate")
    configuration_properties: dict[str, Any] | None = Field(None, alias="configurationProperties")


class ConfigurationPropertyType(WireModel):
    """One configuration property a connector understands (a ``SpecificationProperty`` subtype)."""

    class_: str | None = Field("ConfigurationPropertyType", alias="class")
    name: str | None = None
    description: str | None = None
    data_type: str | None = Field(None, alias="dataType")
    example: str | None = None
    # A Java boolean: always written.
    required: bool = False
    other_property_values: dict[str, str] | None = Field(None, alias="otherPropertyValues")


class ConnectorReport(WireModel):
    """What ``validate-connector`` learns about a connector provider. No ``class`` of its own.

    ``refreshTimeInterval`` and ``usesBlockingCalls`` are Java primitives, so always written.
    The governance-service and survey fields Egeria also declares are never set for
    integration connectors; a report from Egeria that has them keeps them as extra properties.
    """

    component_description: dict[str, Any] | None = Field(None, alias="componentDescription")
    connector_type: ConnectorType | None = Field(None, alias="connectorType")
    refresh_time_interval: int = Field(0, alias="refreshTimeInterval")
    uses_blocking_calls: bool = Field(False, alias="usesBlockingCalls")
    supported_configuration_properties: list[ConfigurationPropertyType] | None = Field(
        None, alias="supportedConfigurationProperties"
    )


class ConnectorReportResponse(FFDCResponseBase):
    class_: str | None = Field("ConnectorReportResponse", alias="class")
    connector_report: ConnectorReport | None = Field(None, alias="connectorReport")
