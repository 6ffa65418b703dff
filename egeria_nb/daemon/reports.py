"""The daemon's state in Egeria's JSON: the reports and summaries of the integration-daemon services (§3.7),
and what ``validate-connector`` reports about a connector class."""

from __future__ import annotations

import inspect
import re
from datetime import datetime
from typing import Any

from egeria_nb.daemon.connector import IntegrationConnector
from egeria_nb.daemon.groups import GroupSnapshot
from egeria_nb.daemon.registry import ConnectorRegistry
from egeria_nb.daemon.runner import ConnectorStatistics
from egeria_nb.wire.assembly import CONNECTOR, connector_type_name
from egeria_nb.wire.daemon import ConfigurationPropertyType, ConnectorReport
from egeria_nb.wire.metadata import ConnectorType

__all__ = [
    "connector_report",
    "daemon_status",
    "declared_configuration_properties",
    "group_summary",
    "validate_connector",
]

# How a connector report names the framework and language of egeria_nb's connectors (Egeria's own
# say "Open Connector Framework (OCF)" and "Java").
FRAMEWORK_NAME = "egeria_nb"
INTERFACE_LANGUAGE = "Python"
CONNECTOR_INTERFACE = "egeria_nb.IntegrationConnector"
# The deployed implementation type egeria_nb gives the ConnectorType elements it creates.
DEPLOYED_IMPLEMENTATION_TYPE = "Integration Connector"
# A reStructuredText simple-table border: runs of "=" separated by spaces.
_BORDER = re.compile(r"^\s*=+(\s+=+)+\s*$")
_COLUMN = re.compile(r"=+")


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
        "connectorStatus": s.status.value if s.status else None,
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
        "integrationGroupStatus": g.status.value if g.status else None,
        "integrationConnectorReports": reports or None,
        "lastRefreshTime": _time(g.last_refresh),
    }
    return {k: v for k, v in summary.items() if v is not None}


def daemon_status(summaries: list[dict[str, Any]], reports: list[dict[str, Any]]) -> dict[str, Any]:
    # Egeria's getters return null for an empty list, so an empty one is left out (research extras §2.4);
    # a daemon with no connectors yet still answers (Egeria fails with a NullPointerException, §3.8).
    status = {"integrationGroupSummaries": summaries or None, "integrationConnectorReports": reports or None}
    return {k: v for k, v in status.items() if v is not None}


# -- validate-connector --------------------------------------------------------------------------------------


def validate_connector(registry: ConnectorRegistry, provider: str) -> ConnectorReport:
    """What ``provider`` names, as Egeria's ``validate-connector`` reports it.

    The class is found the way the daemon finds it when it runs a connector
    (``registry.resolve``), so a provider that validates is one the daemon can run.
    Raises ``ProviderError`` when nothing is known by that name, and its subclass
    ``NotAConnectorError`` when the name is known but is not an ``IntegrationConnector``.
    """
    cls = registry.resolve(provider)
    required = set(getattr(cls, "required_configuration_properties", ()) or ())
    declared = declared_configuration_properties(cls)
    properties = [p.model_copy(update={"required": p.name in required}) for p in declared]
    properties += [
        ConfigurationPropertyType(name=n, required=True) for n in sorted(required - {p.name for p in declared})
    ]
    doc = cls.__dict__.get("__doc__")
    # The docstring's first line, up to the end of its first sentence.
    first_line = inspect.cleandoc(doc).splitlines()[0] if isinstance(doc, str) and doc.strip() else None
    summary = re.split(r"(?<=\.)\s", first_line, maxsplit=1)[0] if first_line else None
    blocking = getattr(cls, "uses_blocking_calls", False)
    return ConnectorReport(
        connector_type=ConnectorType(
            qualified_name=connector_type_name(provider),
            display_name=cls.__name__,
            description=summary,
            supported_asset_type_name=CONNECTOR,
            supported_deployed_implementation_type=DEPLOYED_IMPLEMENTATION_TYPE,
            connector_provider_class_name=provider,
            connector_framework_name=FRAMEWORK_NAME,
            connector_interface_language=INTERFACE_LANGUAGE,
            connector_interfaces=[CONNECTOR_INTERFACE],
            recognized_configuration_properties=[p.name for p in properties if p.name] or None,
        ),
        # Egeria's providers give a default interval; a Python connector's comes only from its registration.
        refresh_time_interval=0,
        # Only what the class itself declares: the daemon takes the value from the connector's definition.
        uses_blocking_calls=blocking if isinstance(blocking, bool) else False,
        supported_configuration_properties=properties or None,
    )


def declared_configuration_properties(cls: type[IntegrationConnector]) -> list[ConfigurationPropertyType]:
    """The configuration properties a connector class lists in its own docstring.

    egeria_nb's connectors declare them as a reStructuredText simple table whose first
    column is headed ``property`` and names each property as ````name````; the last
    column says what it does (continued on the following lines of the row). A class
    without such a table (or without a docstring of its own) declares none.
    """
    doc = cls.__dict__.get("__doc__")
    if not isinstance(doc, str):
        return []
    lines = inspect.cleandoc(doc).splitlines()
    borders = [i for i, line in enumerate(lines) if _BORDER.match(line)]
    rows: list[tuple[str, list[str]]] = []  # (name, lines of its description)
    for top, below_header, bottom in zip(borders, borders[1:], borders[2:], strict=False):
        starts = [m.start() for m in _COLUMN.finditer(lines[top])]
        if below_header != top + 2 or lines[top + 1][starts[0] : starts[1]].strip().lower() != "property":
            continue
        for line in lines[below_header + 1 : bottom]:
            first, last = line[starts[0] : starts[1]].strip(), line[starts[-1] :].strip()
            if first.startswith("``") and first.endswith("``") and len(first) > 4:
                rows.append((first[2:-2], [last] if last else []))
            elif not first and rows and last:
                rows[-1][1].append(last)  # the row's text goes on
    return [ConfigurationPropertyType(name=name, description=" ".join(text) or None) for name, text in rows]
