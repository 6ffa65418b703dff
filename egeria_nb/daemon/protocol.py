"""What every daemon egeria_nb shows offers: the one in this kernel and one reached over REST alike.

Widgets and notebooks take a ``Daemon``, so the same dashboard and the same cells
work on ``IntegrationDaemon`` and ``RemoteIntegrationDaemon``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

import pandas as pd

from egeria_nb.arguments import describe_as
from egeria_nb.client import Platform
from egeria_nb.daemon.runner import ConnectorStatistics
from egeria_nb.daemon.status import ConnectorStatus
from egeria_nb.diagnosis.findings import Diagnosis
from egeria_nb.pictures import Picture
from egeria_nb.wire.daemon import ConnectorReport

__all__ = ["Daemon"]


@runtime_checkable
class Daemon(Protocol):
    """Tables, controls, a wait and an HTML summary, whichever daemon is behind them."""

    @property
    def platform(self) -> Platform: ...

    @property
    def server_name(self) -> str: ...

    @property
    def running(self) -> bool: ...

    def _repr_html_(self) -> str: ...

    # -- tables
    def status(self) -> pd.DataFrame: ...

    def groups(self) -> pd.DataFrame: ...

    def history(self, limit: int | None = None) -> pd.DataFrame: ...

    def statistics(self, connector_name: str | None = None) -> list[ConnectorStatistics]: ...

    def connector_names(self) -> list[str]: ...

    def configuration_properties(self, connector_name: str) -> dict[str, Any]: ...

    def wait_for_status(
        self,
        status: str | ConnectorStatus | Iterable[str | ConnectorStatus] = ConnectorStatus.WAITING,
        connector_name: str | None = None,
        *,
        count: int | None = None,
        timeout_s: float = 30.0,
    ) -> pd.DataFrame: ...

    # -- controls
    def refresh(self, connector_name: str | None = None) -> None: ...

    def restart(self, connector_name: str | None = None) -> None: ...

    def refresh_group(self, qualified_name: str | None = None) -> None: ...

    def update_configuration_properties(
        self, connector_name: str, properties: Mapping[str, Any], *, merge: bool = True
    ) -> None: ...

    def update_endpoint_address(self, connector_name: str, address: str) -> None: ...

    def update_connection(self, connector_name: str, connection: Mapping[str, Any]) -> None: ...

    def validate_connector(self, connector_provider: str) -> ConnectorReport: ...

    def publish_open_lineage_event(self, event: str | Mapping[str, Any]) -> None: ...

    # -- troubleshooting
    def diagnose(self, *, timeout_s: float = 10.0) -> Diagnosis: ...

    def timeline(self, minutes: float = 30.0) -> Picture: ...

    def topology(self) -> Picture: ...


describe_as(Daemon, "an egeria_nb.IntegrationDaemon or egeria_nb.RemoteIntegrationDaemon")
