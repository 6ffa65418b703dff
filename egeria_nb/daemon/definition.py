"""One registration as the daemon runs it, read from the metadata server's answer (egeria-wire.md §3.2, §3.4)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from egeria_nb.wire.metadata import Connection, RegisteredIntegrationConnectorElement

__all__ = ["ConnectorDefinition"]


@dataclass(frozen=True, slots=True)
class ConnectorDefinition:
    connector_id: str
    connector_guid: str | None
    group: str
    connector_name: str
    connection: Connection
    uses_blocking_calls: bool
    refresh_interval_min: int
    start_date: datetime | None = None
    stop_date: datetime | None = None
    connector_user_id: str | None = None
    metadata_source_qualified_name: str | None = None
    permitted_synchronization: str = "BOTH_DIRECTIONS"

    @property
    def provider(self) -> str | None:
        return self.connection.provider

    @property
    def connection_key(self) -> str:
        """What must stay equal for the connector not to need a restart (§3.4)."""
        return json.dumps(self.connection.to_wire(), sort_keys=True)

    def needs_restart(self, newer: ConnectorDefinition) -> bool:
        return newer.uses_blocking_calls != self.uses_blocking_calls or newer.connection_key != self.connection_key

    @classmethod
    def from_element(cls, group: str, element: RegisteredIntegrationConnectorElement) -> ConnectorDefinition | None:
        """None if the registration is incomplete: Egeria skips those (definitions still being built)."""
        props, reg = element.properties, element.registration_properties
        if not element.connector_id or props is None or reg is None or props.connection is None:
            return None
        if not props.connection.provider or not reg.connector_name:
            return None
        return cls(
            connector_id=element.connector_id,
            connector_guid=element.guid,
            group=group,
            connector_name=reg.connector_name,
            connection=props.connection,
            uses_blocking_calls=bool(props.uses_blocking_calls),
            refresh_interval_min=int(reg.refresh_time_interval or 0),
            start_date=reg.start_date,
            stop_date=reg.connector_shutdown_date,
            connector_user_id=reg.connector_user_id,
            metadata_source_qualified_name=reg.metadata_source_qualified_name,
            permitted_synchronization=reg.permitted_synchronization or "BOTH_DIRECTIONS",
        )
