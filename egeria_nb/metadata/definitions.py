"""Integration groups and connectors as open metadata on a metadata access server.

These edit the definitions an integration daemon reads (egeria-wire.md §4):
``IntegrationGroup`` and ``IntegrationConnector`` elements and the
``RegisteredIntegrationConnector`` relationships between them. Everything is
addressed by qualified name. Reads use the service a 6.x daemon uses (§3.2);
writes use the governance-configuration operations (§4.4), which the embedded
platform serves (a real 6.x Egeria takes writes through its view services).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pandas as pd

from egeria_nb.admin._common import check_name
from egeria_nb.client import Platform, segment
from egeria_nb.errors import InvalidParameterError
from egeria_nb.wire import VoidResponse
from egeria_nb.wire.metadata import (
    GUIDResponse,
    IntegrationConnectorElement,
    IntegrationConnectorElementResponse,
    IntegrationGroupElement,
    IntegrationGroupElementResponse,
    IntegrationGroupElementsResponse,
    PermittedSynchronization,
    RegisteredIntegrationConnectorElement,
    RegisteredIntegrationConnectorResponse,
    RegisteredIntegrationConnectorsResponse,
)

__all__ = [
    "DAEMON_USER",
    "create_integration_connector",
    "create_integration_group",
    "delete_integration_connector",
    "delete_integration_group",
    "fetch_group",
    "fetch_registered_connectors",
    "fetch_registration",
    "get_integration_connector",
    "get_integration_group",
    "get_registered_connectors",
    "list_integration_groups",
    "register_integration_connector",
    "registered_connectors_frame",
    "unregister_integration_connector",
    "update_integration_connector",
    "update_integration_group",
    "update_registration",
]

# The user id in governance-configuration paths when the caller gives none (a daemon's default).
DAEMON_USER = "OMAGServer"
# Page size when reading registrations; Egeria's default maxPageSize.
PAGE_SIZE = 1000
_UNSET: Any = object()


def _base(platform: Platform, metadata_server: str) -> str:
    return platform.paths.governance_configuration(
        check_name(metadata_server, "metadata_server"), platform.user_id or DAEMON_USER
    )


def _not_found(what: str, name: str, metadata_server: str) -> InvalidParameterError:
    return InvalidParameterError(
        f"EGERIA-NB-404-004 Metadata server {metadata_server} has no {what} named {name!r}",
        message_id="EGERIA-NB-404-004",
        http_code=404,
        user_action=f"Check the qualified name (it is case-sensitive), or create the {what} first.",
    )


def _date_text(value: datetime | str | None, field: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    raise InvalidParameterError(
        f"EGERIA-NB-ADMIN-400-004 {field} must be a datetime or ISO-8601 text, not {value!r}",
        message_id="EGERIA-NB-ADMIN-400-004",
        user_action="Pass e.g. datetime(2026, 1, 31, tzinfo=timezone.utc).",
    )


# -- async cores (the daemon awaits these; the sync functions below run them) ---------------


async def fetch_group(platform: Platform, metadata_server: str, qualified_name: str) -> IntegrationGroupElement | None:
    """The group's element, or None if the metadata server has no group of that name (§3.2)."""
    path = _base(platform, metadata_server) + "/integration-groups/by-name/" + segment(qualified_name)
    answer = await platform.acall("GET", path, response=IntegrationGroupElementResponse)
    return answer.element


async def fetch_registered_connectors(
    platform: Platform, metadata_server: str, group_guid: str, *, page_size: int = PAGE_SIZE
) -> list[RegisteredIntegrationConnectorElement]:
    """Every registration of the group, reading page by page as a daemon does."""
    path = _base(platform, metadata_server) + f"/integration-groups/{segment(group_guid)}/integration-connectors"
    found: list[RegisteredIntegrationConnectorElement] = []
    while True:
        params = {"startingFrom": str(len(found)), "maximumResults": str(page_size)}
        page = await platform.acall("GET", path, params=params, response=RegisteredIntegrationConnectorsResponse)
        elements = page.elements or []
        found.extend(elements)
        if len(elements) < page_size:
            return found


async def fetch_registration(
    platform: Platform, metadata_server: str, group_guid: str, connector_guid: str
) -> RegisteredIntegrationConnectorElement | None:
    """The connector as the group registers it, or None if the group does not register it (§3.2)."""
    path = _base(platform, metadata_server) + (
        f"/integration-groups/{segment(group_guid)}/integration-connectors/{segment(connector_guid)}"
    )
    answer = await platform.acall("GET", path, response=RegisteredIntegrationConnectorResponse)
    return answer.registered_integration_connector


async def _group_guid(platform: Platform, metadata_server: str, qualified_name: str) -> str:
    group = await fetch_group(platform, metadata_server, check_name(qualified_name, "group qualified_name"))
    if group is None or group.guid is None:
        raise _not_found("integration group", qualified_name, metadata_server)
    return group.guid


async def _connector(platform: Platform, metadata_server: str, qualified_name: str) -> IntegrationConnectorElement:
    path = (
        _base(platform, metadata_server)
        + "/integration-connectors/by-name/"
        + segment(check_name(qualified_name, "connector qualified_name"))
    )
    answer = await platform.acall("GET", path, response=IntegrationConnectorElementResponse)
    if answer.element is None or answer.element.guid is None:
        raise _not_found("integration connector", qualified_name, metadata_server)
    return answer.element


async def _registration(
    platform: Platform, metadata_server: str, group_qn: str, connector_qn: str
) -> tuple[str, str, RegisteredIntegrationConnectorElement | None]:
    group = await _group_guid(platform, metadata_server, group_qn)
    connector = (await _connector(platform, metadata_server, connector_qn)).guid
    assert connector is not None
    return group, connector, await fetch_registration(platform, metadata_server, group, connector)


# -- groups ---------------------------------------------------------------------------------------


def create_integration_group(
    platform: Platform,
    metadata_server: str,
    qualified_name: str,
    *,
    display_name: str | None = None,
    description: str | None = None,
    version_identifier: str | None = None,
    additional_properties: Mapping[str, str] | None = None,
) -> str:
    """Define an integration group; returns its GUID."""
    body = {
        "class": "IntegrationGroupProperties",
        "typeName": "IntegrationGroup",
        "qualifiedName": check_name(qualified_name, "qualified_name"),
        "displayName": display_name,
        "description": description,
        "versionIdentifier": version_identifier,
        "additionalProperties": dict(additional_properties) if additional_properties else None,
    }
    path = _base(platform, metadata_server) + "/integration-groups/new"
    answer = platform.call("POST", path, json=_no_nulls(body), response=GUIDResponse)
    return answer.guid or ""


def update_integration_group(
    platform: Platform,
    metadata_server: str,
    qualified_name: str,
    *,
    display_name: str | None = None,
    description: str | None = None,
    version_identifier: str | None = None,
    additional_properties: Mapping[str, str] | None = None,
    new_qualified_name: str | None = None,
) -> None:
    """Change the given properties of a group (the others stay)."""

    async def run() -> None:
        guid = await _group_guid(platform, metadata_server, qualified_name)
        body = _no_nulls(
            {
                "class": "IntegrationGroupProperties",
                "qualifiedName": new_qualified_name,
                "displayName": display_name,
                "description": description,
                "versionIdentifier": version_identifier,
                "additionalProperties": dict(additional_properties) if additional_properties else None,
            }
        )
        path = _base(platform, metadata_server) + f"/integration-groups/{segment(guid)}/update"
        await platform.acall("POST", path, json=body, params={"isMergeUpdate": "true"}, response=VoidResponse)

    platform.run(run())


def delete_integration_group(platform: Platform, metadata_server: str, qualified_name: str) -> None:
    """Delete the group and its registrations (the connectors stay)."""

    async def run() -> None:
        guid = await _group_guid(platform, metadata_server, qualified_name)
        path = _base(platform, metadata_server) + f"/integration-groups/{segment(guid)}/delete"
        await platform.acall("POST", path, json={"class": "DeleteRequestBody", "qualifiedName": qualified_name})

    platform.run(run())


def get_integration_group(platform: Platform, metadata_server: str, qualified_name: str) -> IntegrationGroupElement:
    """The group's element (header and properties); an error if there is none."""

    async def run() -> IntegrationGroupElement:
        group = await fetch_group(platform, metadata_server, check_name(qualified_name, "qualified_name"))
        if group is None:
            raise _not_found("integration group", qualified_name, metadata_server)
        return group

    return platform.run(run())


def list_integration_groups(platform: Platform, metadata_server: str) -> pd.DataFrame:
    """One row per group defined on the metadata server, with how many connectors each registers."""

    async def run() -> pd.DataFrame:
        path = _base(platform, metadata_server) + "/integration-groups"
        rows = []
        start = 0
        while True:
            params = {"startingFrom": str(start), "maximumResults": str(PAGE_SIZE)}
            page = await platform.acall("GET", path, params=params, response=IntegrationGroupElementsResponse)
            for group in page.elements or []:
                props = group.properties
                connectors = await fetch_registered_connectors(platform, metadata_server, group.guid or "")
                rows.append(
                    {
                        "qualified_name": props.qualified_name if props else None,
                        "display_name": props.display_name if props else None,
                        "description": props.description if props else None,
                        "connectors": len(connectors),
                        "guid": group.guid,
                    }
                )
            if len(page.elements or []) < PAGE_SIZE:
                break
            start += PAGE_SIZE
        columns = ["qualified_name", "display_name", "description", "connectors", "guid"]
        return pd.DataFrame(rows, columns=columns)

    return platform.run(run())


# -- connectors -----------------------------------------------------------------------------------


def _connection(
    qualified_name: str,
    provider: str,
    configuration_properties: Mapping[str, Any] | None,
    endpoint_address: str | None,
    user_id: str | None = None,
) -> dict[str, Any]:
    connection: dict[str, Any] = {
        "class": "Connection",
        "headerVersion": 0,
        "qualifiedName": qualified_name + ":Connection",
        "connectorType": {
            "class": "ConnectorType",
            "headerVersion": 0,
            "connectorProviderClassName": check_name(provider, "connector_provider"),
        },
    }
    if endpoint_address is not None:
        connection["endpoint"] = {"class": "Endpoint", "headerVersion": 0, "networkAddress": str(endpoint_address)}
    if configuration_properties:
        connection["configurationProperties"] = dict(configuration_properties)
    if user_id:
        connection["userId"] = user_id
    return connection


def create_integration_connector(
    platform: Platform,
    metadata_server: str,
    qualified_name: str,
    connector_provider: str,
    configuration_properties: Mapping[str, Any] | None = None,
    endpoint_address: str | None = None,
    uses_blocking_calls: bool = False,
    *,
    display_name: str | None = None,
    description: str | None = None,
    connection_user_id: str | None = None,
) -> str:
    """Define an integration connector and its connection; returns its GUID.

    ``connector_provider`` is what the connection's ``connectorProviderClassName``
    carries: for Python connectors the dotted path they are registered under,
    e.g. ``egeria_nb.connectors.files.FolderCataloguer``.
    """
    name = check_name(qualified_name, "qualified_name")
    body = _no_nulls(
        {
            "class": "IntegrationConnector",
            "typeName": "IntegrationConnector",
            "qualifiedName": name,
            "displayName": display_name,
            "description": description,
            "usesBlockingCalls": bool(uses_blocking_calls),
            "connection": _connection(
                name, connector_provider, configuration_properties, endpoint_address, connection_user_id
            ),
        }
    )
    path = _base(platform, metadata_server) + "/integration-connectors/new"
    return platform.call("POST", path, json=body, response=GUIDResponse).guid or ""


def update_integration_connector(
    platform: Platform,
    metadata_server: str,
    qualified_name: str,
    *,
    connector_provider: str = _UNSET,
    configuration_properties: Mapping[str, Any] | None = _UNSET,
    endpoint_address: str | None = _UNSET,
    uses_blocking_calls: bool = _UNSET,
    display_name: str | None = _UNSET,
    description: str | None = _UNSET,
    merge_configuration: bool = True,
) -> None:
    """Change parts of a connector's definition; what you leave out stays as it is.

    ``configuration_properties`` merge into the current ones unless
    ``merge_configuration=False``. A running daemon restarts the connector when
    its connection or ``uses_blocking_calls`` changes.
    """

    async def run() -> None:
        current = await _connector(platform, metadata_server, qualified_name)
        props = current.properties
        assert props is not None
        connection = props.connection.to_wire() if props.connection else {}
        if connector_provider is not _UNSET:
            connection.setdefault("connectorType", {"class": "ConnectorType", "headerVersion": 0})
            connection["connectorType"]["connectorProviderClassName"] = check_name(
                connector_provider, "connector_provider"
            )
        if configuration_properties is not _UNSET:
            old = (connection.get("configurationProperties") or {}) if merge_configuration else {}
            merged = {**old, **(configuration_properties or {})}
            if merged:
                connection["configurationProperties"] = merged
            else:
                connection.pop("configurationProperties", None)
        if endpoint_address is not _UNSET:
            if endpoint_address is None:
                connection.pop("endpoint", None)
            else:
                connection["endpoint"] = {
                    "class": "Endpoint",
                    "headerVersion": 0,
                    "networkAddress": str(endpoint_address),
                }
        body: dict[str, Any] = {"class": "IntegrationConnector", "connection": connection}
        if uses_blocking_calls is not _UNSET:
            body["usesBlockingCalls"] = bool(uses_blocking_calls)
        if display_name is not _UNSET:
            body["displayName"] = display_name
        if description is not _UNSET:
            body["description"] = description
        path = _base(platform, metadata_server) + f"/integration-connectors/{segment(current.guid or '')}/update"
        await platform.acall("POST", path, json=body, params={"isMergeUpdate": "true"}, response=VoidResponse)

    platform.run(run())


def delete_integration_connector(platform: Platform, metadata_server: str, qualified_name: str) -> None:
    """Delete the connector; every group that registered it loses the registration."""

    async def run() -> None:
        current = await _connector(platform, metadata_server, qualified_name)
        path = _base(platform, metadata_server) + f"/integration-connectors/{segment(current.guid or '')}/delete"
        await platform.acall("POST", path, json={"class": "DeleteRequestBody", "qualifiedName": qualified_name})

    platform.run(run())


def get_integration_connector(
    platform: Platform, metadata_server: str, qualified_name: str
) -> IntegrationConnectorElement:
    """The connector's element, with its connection and catalog targets."""
    return platform.run(_connector(platform, metadata_server, qualified_name))


# -- registrations --------------------------------------------------------------------------------


def _registration_body(
    connector_name: str | None,
    refresh_time_interval: int | None,
    start_date: datetime | str | None,
    stop_date: datetime | str | None,
    connector_user_id: str | None,
    metadata_source_qualified_name: str | None,
    permitted_synchronization: str | None,
    generate_activity_reports: bool | None,
) -> dict[str, Any]:
    return _no_nulls(
        {
            "class": "RegisteredIntegrationConnectorProperties",
            "typeName": "RegisteredIntegrationConnector",
            "connectorName": connector_name,
            "connectorUserId": connector_user_id,
            "metadataSourceQualifiedName": metadata_source_qualified_name,
            "startDate": _date_text(start_date, "start_date"),
            "refreshTimeInterval": refresh_time_interval,
            "connectorShutdownDate": _date_text(stop_date, "stop_date"),
            "permittedSynchronization": permitted_synchronization,
            "generateConnectorActivityReports": generate_activity_reports,
        }
    )


def register_integration_connector(
    platform: Platform,
    metadata_server: str,
    group_qualified_name: str,
    connector_qualified_name: str,
    connector_name: str,
    refresh_time_interval: int = 0,
    start_date: datetime | str | None = None,
    stop_date: datetime | str | None = None,
    connector_user_id: str | None = None,
    metadata_source_qualified_name: str | None = None,
    permitted_synchronization: PermittedSynchronization = "BOTH_DIRECTIONS",
    *,
    generate_activity_reports: bool | None = None,
) -> str:
    """Register the connector in the group under ``connector_name``; returns the registration GUID.

    ``refresh_time_interval`` is in minutes, as in Egeria (0 = refresh once at
    start). Registering a connector that is already registered updates the
    registration in place.
    """
    body = _registration_body(
        check_name(connector_name, "connector_name"),
        refresh_time_interval,
        start_date,
        stop_date,
        connector_user_id,
        metadata_source_qualified_name,
        permitted_synchronization,
        generate_activity_reports,
    )

    async def run() -> str:
        group = await _group_guid(platform, metadata_server, group_qualified_name)
        connector = (await _connector(platform, metadata_server, connector_qualified_name)).guid or ""
        path = _base(platform, metadata_server) + (
            f"/integration-groups/{segment(group)}/integration-connectors/{segment(connector)}"
        )
        return (await platform.acall("POST", path, json=body, response=GUIDResponse)).guid or ""

    return platform.run(run())


def update_registration(
    platform: Platform,
    metadata_server: str,
    group_qualified_name: str,
    connector_qualified_name: str,
    *,
    connector_name: str | None = None,
    refresh_time_interval: int | None = None,
    start_date: datetime | str | None = None,
    stop_date: datetime | str | None = None,
    connector_user_id: str | None = None,
    metadata_source_qualified_name: str | None = None,
    permitted_synchronization: PermittedSynchronization | None = None,
    generate_activity_reports: bool | None = None,
) -> None:
    """Change some properties of an existing registration; the others stay. Same registration GUID."""
    changes = _registration_body(
        connector_name,
        refresh_time_interval,
        start_date,
        stop_date,
        connector_user_id,
        metadata_source_qualified_name,
        permitted_synchronization,
        generate_activity_reports,
    )

    async def run() -> None:
        group, connector, current = await _registration(
            platform, metadata_server, group_qualified_name, connector_qualified_name
        )
        if current is None or current.registration_properties is None:
            raise InvalidParameterError(
                f"EGERIA-NB-404-005 Connector {connector_qualified_name!r} is not registered in group "
                f"{group_qualified_name!r} on {metadata_server}",
                message_id="EGERIA-NB-404-005",
                http_code=404,
                user_action="Register it first with register_integration_connector.",
            )
        body = {**current.registration_properties.to_wire(), **changes}
        path = _base(platform, metadata_server) + (
            f"/integration-groups/{segment(group)}/integration-connectors/{segment(connector)}"
        )
        await platform.acall("POST", path, json=body, response=GUIDResponse)

    platform.run(run())


def unregister_integration_connector(
    platform: Platform, metadata_server: str, group_qualified_name: str, connector_qualified_name: str
) -> None:
    """Remove the connector from the group (the connector's definition stays)."""

    async def run() -> None:
        group = await _group_guid(platform, metadata_server, group_qualified_name)
        connector = (await _connector(platform, metadata_server, connector_qualified_name)).guid or ""
        path = _base(platform, metadata_server) + (
            f"/integration-groups/{segment(group)}/integration-connectors/{segment(connector)}/delete"
        )
        await platform.acall("POST", path)

    platform.run(run())


REGISTRATION_COLUMNS = [
    "connector_name",
    "connector_qualified_name",
    "provider",
    "endpoint_address",
    "configuration_properties",
    "uses_blocking_calls",
    "refresh_time_interval",
    "permitted_synchronization",
    "start_date",
    "stop_date",
    "connector_user_id",
    "metadata_source_qualified_name",
    "connector_id",
    "connector_guid",
]


def registered_connectors_frame(elements: list[RegisteredIntegrationConnectorElement]) -> pd.DataFrame:
    """One row per registration, in a person-readable order of columns."""
    rows = []
    for el in elements:
        props = el.properties
        reg = el.registration_properties
        connection = props.connection if props else None
        rows.append(
            {
                "connector_name": reg.connector_name if reg else None,
                "connector_qualified_name": props.qualified_name if props else None,
                "provider": connection.provider if connection else None,
                "endpoint_address": connection.endpoint_address if connection else None,
                "configuration_properties": (connection.configuration_properties or {}) if connection else {},
                "uses_blocking_calls": bool(props.uses_blocking_calls) if props else False,
                "refresh_time_interval": reg.refresh_time_interval if reg else 0,
                "permitted_synchronization": (reg.permitted_synchronization if reg else None) or "BOTH_DIRECTIONS",
                "start_date": reg.start_date if reg else None,
                "stop_date": reg.connector_shutdown_date if reg else None,
                "connector_user_id": reg.connector_user_id if reg else None,
                "metadata_source_qualified_name": reg.metadata_source_qualified_name if reg else None,
                "connector_id": el.connector_id,
                "connector_guid": el.guid,
            }
        )
    frame = pd.DataFrame(rows, columns=REGISTRATION_COLUMNS)
    for column in ("start_date", "stop_date"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    frame["refresh_time_interval"] = frame["refresh_time_interval"].astype("int64")
    frame["uses_blocking_calls"] = frame["uses_blocking_calls"].astype(bool)
    return frame


def get_registered_connectors(platform: Platform, metadata_server: str, group_qualified_name: str) -> pd.DataFrame:
    """The group's registered connectors as a table, one row per registration."""

    async def run() -> pd.DataFrame:
        group = await _group_guid(platform, metadata_server, group_qualified_name)
        return registered_connectors_frame(await fetch_registered_connectors(platform, metadata_server, group))

    return platform.run(run())


def _no_nulls(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if v is not None}
