"""Integration groups and connectors as open metadata on a metadata access server.

These edit the definitions an integration daemon reads (egeria-wire.md §4), written as Egeria
writes them, through Egeria's generic open metadata store API (§8) only, so every function works
the same against the embedded platform and a real Egeria 6.x. You name the **metadata access
server** that holds the definitions (as an ``IntegrationGroupConfig`` does); the calls go to its
``open-metadata-store`` service, the one Egeria's own daemon and connectors use.

A definition is several elements:

* an ``IntegrationGroup``;
* an ``IntegrationConnector`` (an asset) per connector, with its ``Connection`` (``AssetConnection``,
  the connection anchored to the connector, named ``<connector>_implementation`` as Egeria's content
  packs name it), the connection's ``ConnectorType`` (``ConnectionConnectorType``; one per provider,
  shared) and, with an endpoint address, its ``Endpoint`` (``ConnectToEndpoint``, ``<connector>_endpoint``);
* a ``RegisteredIntegrationConnector`` relationship from the group to each connector it runs.

Deleting a connector deletes its connection and endpoint (they are anchored to it); deleting a group
deletes its registrations. Everything is addressed by qualified name.

An integration daemon reads definitions through the governance-configuration service instead (§3.2),
as Egeria's does: ``fetch_group``, ``fetch_registered_connectors`` and ``fetch_registration``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from egeria_nb.arguments import PathText, Text, check_name, checked
from egeria_nb.catalogue import Code
from egeria_nb.client import Platform, segment
from egeria_nb.display import Table
from egeria_nb.errors import EgeriaError, InvalidParameterError
from egeria_nb.metadata.open_metadata import DEFAULT_USER, PAGE_SIZE, OpenMetadataStore, Parent, gather_bounded
from egeria_nb.wire.assembly import (
    ASSET_CONNECTION,
    CONNECT_TO_ENDPOINT,
    CONNECTION,
    CONNECTION_CONNECTOR_TYPE,
    CONNECTOR,
    CONNECTOR_TYPE,
    ENDPOINT,
    GROUP,
    REGISTRATION,
    VIRTUAL_CONNECTION,
    StoredElement,
    connection_bean,
    connection_name,
    connector_element,
    connector_type_name,
    endpoint_name,
    group_element,
    registered_connector_element,
)
from egeria_nb.wire.headers import ElementHeader
from egeria_nb.wire.metadata import (
    Connection,
    IntegrationConnectorElement,
    IntegrationGroupElement,
    IntegrationGroupElementResponse,
    PermittedSynchronization,
    RegisteredIntegrationConnectorElement,
    RegisteredIntegrationConnectorResponse,
    RegisteredIntegrationConnectorsResponse,
)
from egeria_nb.wire.open_metadata import OpenMetadataElement
from egeria_nb.wire.properties import plain_properties, python_properties

__all__ = [
    "connection_name",
    "connector_type_name",
    "create_connector_definition",
    "create_group_definition",
    "delete_connector_definition",
    "delete_group_definition",
    "endpoint_name",
    "fetch_group",
    "fetch_registered_connectors",
    "fetch_registration",
    "get_connector_definition",
    "get_group_definition",
    "get_registered_connectors",
    "list_group_definitions",
    "register_integration_connector",
    "registered_connectors_frame",
    "unregister_integration_connector",
    "update_connector_definition",
    "update_group_definition",
    "update_registration",
]

# Egeria's answer when a qualified name is taken (egeria-wire.md §8).
DUPLICATE_NAME = Code.DUPLICATE_QUALIFIED_NAME.message_id


class _Unchanged:
    """The default of an option left out: shown as ``unchanged`` in signatures and help()."""

    def __repr__(self) -> str:
        return "unchanged"


_UNSET: Any = _Unchanged()


def _store(platform: Platform, metadata_server: str) -> OpenMetadataStore:
    return OpenMetadataStore(platform, check_name(metadata_server, "metadata_server"))


def _governance(platform: Platform, metadata_server: str) -> str:
    return platform.paths.governance_configuration(
        check_name(metadata_server, "metadata_server"), platform.user_id or DEFAULT_USER
    )


def _not_found(what: str, name: str, metadata_server: str) -> InvalidParameterError:
    return Code.UNKNOWN_NAME.error(name, what, metadata_server, http_code=404)


def _date(value: datetime | str | None, field: str) -> datetime | None:
    """A date argument as an aware datetime (naive ones are UTC); anything else is refused, naming ``field``."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            if not isinstance(value, str):
                raise ValueError
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise Code.BAD_DATE.error(field, repr(value)) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _check_dates(start: datetime | None, stop: datetime | None) -> None:
    if start is not None and stop is not None and stop <= start:
        raise Code.DATES_OUT_OF_ORDER.error(stop.isoformat(), start.isoformat())


def _uses_blocking_calls(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Code.BLOCKING_CALLS_NOT_BOOL.error("usesBlockingCalls", repr(value))


def _configuration(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        return dict(value)
    raise Code.CONFIGURATION_NOT_A_DICT.error("configurationProperties", repr(value))


# -- what a daemon reads (the governance-configuration service, §3.2) -------------------------------


async def fetch_group(platform: Platform, metadata_server: str, qualified_name: str) -> IntegrationGroupElement | None:
    """The group's element, or None if the metadata server has no group of that name (§3.2)."""
    path = _governance(platform, metadata_server) + "/integration-groups/by-name/" + segment(qualified_name)
    answer = await platform.acall("GET", path, response=IntegrationGroupElementResponse)
    return answer.element


async def fetch_registered_connectors(
    platform: Platform, metadata_server: str, group_guid: str, *, page_size: int = PAGE_SIZE
) -> list[RegisteredIntegrationConnectorElement]:
    """Every registration of the group, reading page by page as a daemon does."""
    path = _governance(platform, metadata_server) + f"/integration-groups/{segment(group_guid)}/integration-connectors"
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
    path = _governance(platform, metadata_server) + (
        f"/integration-groups/{segment(group_guid)}/integration-connectors/{segment(connector_guid)}"
    )
    answer = await platform.acall("GET", path, response=RegisteredIntegrationConnectorResponse)
    return answer.registered_integration_connector


# -- reading definitions through the generic API ------------------------------------------------------


def _stored(element: OpenMetadataElement) -> StoredElement:
    header = ElementHeader(
        status=element.status,
        type=element.type,
        origin=element.origin,
        versions=element.versions,
        guid=element.element_guid,
    )
    return StoredElement(header, plain_properties(element.element_properties))


async def _group(store: OpenMetadataStore, qualified_name: str) -> OpenMetadataElement:
    found = await store.by_name(GROUP, check_name(qualified_name, "group qualified_name"))
    if found is None or not found.element_guid:
        raise _not_found("integration group", qualified_name, store.server)
    return found


async def _connector_element(store: OpenMetadataStore, qualified_name: str) -> OpenMetadataElement:
    found = await store.by_name(CONNECTOR, check_name(qualified_name, "connector qualified_name"))
    if found is None or not found.element_guid:
        raise _not_found("integration connector", qualified_name, store.server)
    return found


async def _only(store: OpenMetadataStore, guid: str, relationship: str) -> OpenMetadataElement | None:
    """The element at end 2 of the element's first relationship of this type (None if it has none)."""
    related = await store.related(guid, relationship, starting_at_end=1, page_size=10)
    return related[0].element if related else None


async def _connection(store: OpenMetadataStore, connector_guid: str) -> tuple[Connection, OpenMetadataElement] | None:
    """The connector's connection as a daemon would see it, with the Connection element; None if it has none."""
    connection = await _only(store, connector_guid, ASSET_CONNECTION)
    if connection is None or not connection.element_guid:
        return None
    connector_type, endpoint = await asyncio.gather(
        _only(store, connection.element_guid, CONNECTION_CONNECTOR_TYPE),
        _only(store, connection.element_guid, CONNECT_TO_ENDPOINT),
    )
    bean = connection_bean(
        _stored(connection),
        _stored(connector_type) if connector_type else None,
        _stored(endpoint) if endpoint else None,
        virtual=store.registry.is_a(connection.type_name or "", VIRTUAL_CONNECTION),
    )
    return bean, connection


async def _assembled(store: OpenMetadataStore, connector: OpenMetadataElement) -> IntegrationConnectorElement:
    found = await _connection(store, connector.element_guid or "")
    return connector_element(_stored(connector), found[0] if found else None)


# -- groups ---------------------------------------------------------------------------------------


def _group_values(
    qualified_name: str | None,
    display_name: str | None,
    description: str | None,
    version_identifier: str | None,
    additional_properties: Mapping[str, str] | None,
) -> dict[str, Any]:
    values = {
        "qualifiedName": qualified_name,
        "displayName": display_name,
        "description": description,
        "versionIdentifier": version_identifier,
        "additionalProperties": dict(additional_properties) if additional_properties else None,
    }
    return {k: v for k, v in values.items() if v is not None}


@checked
def create_group_definition(
    platform: Platform,
    metadata_server: str,
    qualified_name: str,
    *,
    display_name: str | None = None,
    description: Text | None = None,
    version_identifier: str | None = None,
    additional_properties: Mapping[str, str] | None = None,
) -> str:
    """Define an integration group; returns its GUID.

    For example::

        enb.create_group_definition(platform, "active-metadata-store", "Egeria:IntegrationGroup:Files",
                                    display_name="Files", description="Catalogues the files of a directory.")
    """
    store = _store(platform, metadata_server)
    values = _group_values(
        check_name(qualified_name, "qualified_name"),
        display_name,
        description,
        version_identifier,
        additional_properties,
    )
    values["deployedImplementationType"] = "Dynamic Integration Group"
    return platform.run(store.create(GROUP, values))


@checked
def update_group_definition(
    platform: Platform,
    metadata_server: str,
    qualified_name: str,
    *,
    display_name: str | None = None,
    description: Text | None = None,
    version_identifier: str | None = None,
    additional_properties: Mapping[str, str] | None = None,
    new_qualified_name: str | None = None,
) -> None:
    """Change the given properties of a group (the others stay).

    For example::

        enb.update_group_definition(platform, "active-metadata-store", "Egeria:IntegrationGroup:Files",
                                    description="Catalogues the drop folder.")
    """
    store = _store(platform, metadata_server)
    if new_qualified_name is not None:
        check_name(new_qualified_name, "qualified_name")
    values = _group_values(new_qualified_name, display_name, description, version_identifier, additional_properties)

    async def run() -> None:
        group = await _group(store, qualified_name)
        await store.update(group.element_guid or "", GROUP, values)

    platform.run(run())


@checked
def delete_group_definition(platform: Platform, metadata_server: str, qualified_name: str) -> None:
    """Delete the group and its registrations (the connectors stay)."""
    store = _store(platform, metadata_server)

    async def run() -> None:
        await store.delete((await _group(store, qualified_name)).element_guid or "")

    platform.run(run())


@checked
def get_group_definition(platform: Platform, metadata_server: str, qualified_name: str) -> IntegrationGroupElement:
    """The group's element (header and properties); an error if there is none."""
    store = _store(platform, metadata_server)

    async def run() -> IntegrationGroupElement:
        return group_element(_stored(await _group(store, qualified_name)))

    return platform.run(run())


@checked
def list_group_definitions(platform: Platform, metadata_server: str) -> pd.DataFrame:
    """One row per group defined on the metadata server, with how many connectors each registers.

    For example::

        enb.list_group_definitions(platform, "active-metadata-store")   # qualified_name, ..., connectors, guid
    """
    store = _store(platform, metadata_server)

    async def run() -> pd.DataFrame:
        groups = await store.find_all(GROUP)

        async def count(guid: str) -> int:
            return len(await store.related(guid, REGISTRATION, starting_at_end=1))

        counts = await gather_bounded([lambda g=g: count(g.element_guid or "") for g in groups])
        rows = []
        for group, connectors in zip(groups, counts, strict=True):
            values = plain_properties(group.element_properties)
            rows.append(
                {
                    "qualified_name": values.get("qualifiedName"),
                    "display_name": values.get("displayName"),
                    "description": values.get("description"),
                    "connectors": connectors,
                    "guid": group.element_guid,
                }
            )
        return Table(rows, columns=["qualified_name", "display_name", "description", "connectors", "guid"])

    return platform.run(run())


# -- connectors -----------------------------------------------------------------------------------


async def _connector_type(store: OpenMetadataStore, provider: str) -> str:
    """The GUID of a ConnectorType for the provider: one that exists (Egeria's content packs make many), or new."""
    found = await store.find(CONNECTOR_TYPE, where={"connectorProviderClassName": provider}, page_size=1)
    if found and found[0].element_guid:
        return found[0].element_guid
    name = connector_type_name(provider)
    try:
        return await store.create(
            CONNECTOR_TYPE,
            {
                "qualifiedName": name,
                "displayName": provider.rsplit(".", 1)[-1],
                "connectorProviderClassName": provider,
                "supportedAssetTypeName": CONNECTOR,
                "supportedDeployedImplementationType": "Integration Connector",
            },
        )
    except InvalidParameterError as error:
        # Another writer made it between the find and the create: use theirs.
        existing = await store.by_name(CONNECTOR_TYPE, name) if error.message_id == DUPLICATE_NAME else None
        if existing is None or not existing.element_guid:
            raise
        return existing.element_guid


def _connection_values(qualified_name: str, configuration: Mapping[str, Any] | None, user_id: str | None) -> dict:
    values: dict[str, Any] = {"qualifiedName": connection_name(qualified_name)}
    if configuration:
        values["configurationProperties"] = dict(configuration)
    if user_id:
        values["userId"] = user_id
    return values


@checked
def create_connector_definition(
    platform: Platform,
    metadata_server: str,
    qualified_name: str,
    connector_provider: str,
    *,
    configuration_properties: Mapping[str, Any] | None = None,
    endpoint_address: PathText | None = None,
    uses_blocking_calls: bool = False,
    display_name: str | None = None,
    description: Text | None = None,
    connection_user_id: str | None = None,
) -> str:
    """Define an integration connector with its connection, connector type and endpoint; returns its GUID.

    ``connector_provider`` is what the connection's connector type names as its
    ``connectorProviderClassName``: for Python connectors the dotted path they are registered
    under, e.g. ``egeria_nb.connectors.files.FolderCataloguer``. If a step fails, what the
    earlier steps made is deleted again, so nothing half-made is left.

    For example, a connector that catalogues the files in ``/data/drop``::

        enb.create_connector_definition(platform, "active-metadata-store", "lab:FolderCataloguer",
                                        "egeria_nb.connectors.files.FolderCataloguer",
                                        endpoint_address="/data/drop", configuration_properties={"recursive": True})
    """
    store = _store(platform, metadata_server)
    name = check_name(qualified_name, "qualified_name")
    provider = check_name(connector_provider, "connector_provider")
    connector_values = {
        "qualifiedName": name,
        "displayName": display_name,
        "description": description,
        "usesBlockingCalls": _uses_blocking_calls(uses_blocking_calls),
        "deployedImplementationType": "Integration Connector",
        "resourceName": provider,
    }
    # Type every value before the first call: a bad one is refused with nothing made.
    store.typed(CONNECTOR, {k: v for k, v in connector_values.items() if v is not None})
    connection_values = _connection_values(name, _configuration(configuration_properties), connection_user_id)
    store.typed(CONNECTION, connection_values)

    async def run() -> str:
        connector = await store.create(CONNECTOR, {k: v for k, v in connector_values.items() if v is not None})
        try:
            connection = await store.create(
                CONNECTION,
                connection_values,
                parent=Parent(connector, ASSET_CONNECTION, at_end1=True),
                anchor_guid=connector,
            )
            await store.relate(CONNECTION_CONNECTOR_TYPE, connection, await _connector_type(store, provider))
            if endpoint_address is not None:
                await _create_endpoint(store, name, connection, connector, str(endpoint_address))
        except BaseException:
            # The connection and endpoint are anchored to the connector: deleting it deletes them.
            await asyncio.shield(_quietly(store.delete(connector)))
            raise
        return connector

    return platform.run(run())


async def _quietly(call: Awaitable[Any]) -> None:
    """Best effort: a rollback that fails must not hide the error that made it necessary."""
    with contextlib.suppress(EgeriaError):
        await call


async def _create_endpoint(
    store: OpenMetadataStore, connector_name: str, connection: str, connector: str, address: str
) -> str:
    return await store.create(
        ENDPOINT,
        {"qualifiedName": endpoint_name(connector_name), "networkAddress": address},
        parent=Parent(connection, CONNECT_TO_ENDPOINT, at_end1=True),
        anchor_guid=connector,
    )


@checked
def update_connector_definition(
    platform: Platform,
    metadata_server: str,
    qualified_name: str,
    *,
    connector_provider: str = _UNSET,
    configuration_properties: Mapping[str, Any] | None = _UNSET,
    endpoint_address: PathText | None = _UNSET,
    uses_blocking_calls: bool = _UNSET,
    display_name: str | None = _UNSET,
    description: Text | None = _UNSET,
    merge_configuration: bool = True,
) -> None:
    """Change parts of a connector's definition; what you leave out stays as it is.

    ``configuration_properties`` merge into the current ones unless
    ``merge_configuration=False``; ``endpoint_address=None`` removes the endpoint. A running
    daemon restarts the connector when its connection or ``uses_blocking_calls`` changes.

    For example, point the connector at another folder and add one configuration property::

        enb.update_connector_definition(platform, "active-metadata-store", "lab:FolderCataloguer",
                                        endpoint_address="/data/incoming", configuration_properties={"hash": True})
    """
    store = _store(platform, metadata_server)
    if connector_provider is not _UNSET:
        check_name(connector_provider, "connector_provider")
    if configuration_properties is not _UNSET:
        configuration_properties = _configuration(configuration_properties)
    connector_values: dict[str, Any] = {}
    if uses_blocking_calls is not _UNSET:
        connector_values["usesBlockingCalls"] = _uses_blocking_calls(uses_blocking_calls)
    if display_name is not _UNSET:
        connector_values["displayName"] = display_name
    if description is not _UNSET:
        connector_values["description"] = description
    if connector_provider is not _UNSET:
        connector_values["resourceName"] = connector_provider

    async def run() -> None:
        connector = await _connector_element(store, qualified_name)
        guid = connector.element_guid or ""
        found = await _connection(store, guid)
        if found is None:
            connection_guid = await store.create(
                CONNECTION,
                _connection_values(qualified_name, None, None),
                parent=Parent(guid, ASSET_CONNECTION, at_end1=True),
                anchor_guid=guid,
            )
            current = Connection()
            connection_values: dict[str, Any] = {"qualifiedName": connection_name(qualified_name)}
        else:
            current, element = found
            connection_guid = element.element_guid or ""
            connection_values = plain_properties(element.element_properties)
        if connector_values:
            await _update_replacing_nones(
                store, guid, CONNECTOR, plain_properties(connector.element_properties), connector_values
            )
        if configuration_properties is not _UNSET:
            old = dict(current.configuration_properties or {}) if merge_configuration else {}
            merged = {**old, **(configuration_properties or {})}
            await _update_replacing_nones(
                store, connection_guid, CONNECTION, connection_values, {"configurationProperties": merged or None}
            )
        if connector_provider is not _UNSET and connector_provider != current.provider:
            for link in await store.related(connection_guid, CONNECTION_CONNECTOR_TYPE, starting_at_end=1):
                await store.delete_relationship(link.relationship_guid or "")
            await store.relate(
                CONNECTION_CONNECTOR_TYPE, connection_guid, await _connector_type(store, connector_provider)
            )
        if endpoint_address is not _UNSET:
            endpoint = current.endpoint
            if endpoint_address is None:
                if endpoint is not None and endpoint.guid:
                    await store.delete(endpoint.guid)
            elif endpoint is not None and endpoint.guid:
                await store.update(endpoint.guid, ENDPOINT, {"networkAddress": str(endpoint_address)})
            else:
                await _create_endpoint(store, qualified_name, connection_guid, guid, str(endpoint_address))

    platform.run(run())


async def _update_replacing_nones(
    store: OpenMetadataStore, guid: str, type_name: str, current: Mapping[str, Any], changes: Mapping[str, Any]
) -> None:
    """Set ``changes``; a change to None removes that property (a replacing update, as a merge cannot remove)."""
    if all(v is not None for v in changes.values()):
        await store.update(guid, type_name, changes)
        return
    replaced = {k: v for k, v in {**current, **changes}.items() if v is not None}
    await store.update(guid, type_name, replaced, merge=False)


@checked
def delete_connector_definition(platform: Platform, metadata_server: str, qualified_name: str) -> None:
    """Delete the connector, its connection and endpoint; every group that registered it loses the registration."""
    store = _store(platform, metadata_server)

    async def run() -> None:
        await store.delete((await _connector_element(store, qualified_name)).element_guid or "")

    platform.run(run())


@checked
def get_connector_definition(
    platform: Platform, metadata_server: str, qualified_name: str
) -> IntegrationConnectorElement:
    """The connector's element, with its connection (as an integration daemon reads it)."""
    store = _store(platform, metadata_server)

    async def run() -> IntegrationConnectorElement:
        return await _assembled(store, await _connector_element(store, qualified_name))

    return platform.run(run())


# -- registrations --------------------------------------------------------------------------------


def _registration_values(
    connector_name: str | None,
    refresh_time_interval: int | None,
    start_date: datetime | str | None,
    stop_date: datetime | str | None,
    connector_user_id: str | None,
    metadata_source_qualified_name: str | None,
    permitted_synchronization: str | None,
    generate_activity_reports: bool | None,
) -> dict[str, Any]:
    if refresh_time_interval is not None and (
        not isinstance(refresh_time_interval, int)
        or isinstance(refresh_time_interval, bool)
        or refresh_time_interval < 0
    ):
        raise Code.BAD_REFRESH_INTERVAL.error(repr(refresh_time_interval))
    start, stop = _date(start_date, "start_date"), _date(stop_date, "stop_date")
    _check_dates(start, stop)
    values = {
        "connectorName": connector_name,
        "connectorUserId": connector_user_id,
        "metadataSourceQualifiedName": metadata_source_qualified_name,
        "startDate": start,
        "refreshTimeInterval": refresh_time_interval,
        "connectorShutdownDate": stop,
        "permittedSynchronization": permitted_synchronization,
        "generateConnectorActivityReports": generate_activity_reports,
    }
    return {k: v for k, v in values.items() if v is not None}


@checked
def register_integration_connector(
    platform: Platform,
    metadata_server: str,
    group_qualified_name: str,
    connector_qualified_name: str,
    connector_name: str,
    *,
    refresh_time_interval: int = 0,
    start_date: datetime | str | None = None,
    stop_date: datetime | str | None = None,
    connector_user_id: str | None = None,
    metadata_source_qualified_name: str | None = None,
    permitted_synchronization: PermittedSynchronization = "BOTH_DIRECTIONS",
    generate_activity_reports: bool | None = None,
) -> str:
    """Register the connector in the group under ``connector_name``; returns the registration GUID.

    ``refresh_time_interval`` is in minutes, as in Egeria (0 = refresh once at start).
    Registering a connector that is already registered replaces the registration's properties
    in place (same GUID), as Egeria does.

    For example, run the connector in the files group as ``DropFolder``, every minute::

        enb.register_integration_connector(platform, "active-metadata-store", "Egeria:IntegrationGroup:Files",
                                           "lab:FolderCataloguer", "DropFolder", refresh_time_interval=1)
    """
    store = _store(platform, metadata_server)
    values = _registration_values(
        check_name(connector_name, "connector_name"),
        refresh_time_interval,
        start_date,
        stop_date,
        connector_user_id,
        metadata_source_qualified_name,
        permitted_synchronization,
        generate_activity_reports,
    )
    store.typed(REGISTRATION, values)

    async def run() -> str:
        group, connector = await asyncio.gather(
            _group(store, group_qualified_name), _connector_element(store, connector_qualified_name)
        )
        return await store.relate(REGISTRATION, group.element_guid or "", connector.element_guid or "", values)

    return platform.run(run())


async def _registration_guid(store: OpenMetadataStore, group_qn: str, connector_qn: str) -> str | None:
    group, connector = await asyncio.gather(_group(store, group_qn), _connector_element(store, connector_qn))
    found = await store.between(group.element_guid or "", connector.element_guid or "", REGISTRATION)
    return found[0].relationship_guid if found else None


@checked
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
    """Change some properties of an existing registration; the others stay. Same registration GUID.

    For example, refresh every 5 minutes, and only from the files into open metadata::

        enb.update_registration(platform, "active-metadata-store", "Egeria:IntegrationGroup:Files",
                                "lab:FolderCataloguer", refresh_time_interval=5,
                                permitted_synchronization="FROM_THIRD_PARTY")
    """
    store = _store(platform, metadata_server)
    changes = _registration_values(
        connector_name,
        refresh_time_interval,
        start_date,
        stop_date,
        connector_user_id,
        metadata_source_qualified_name,
        permitted_synchronization,
        generate_activity_reports,
    )
    store.typed(REGISTRATION, changes)

    async def run() -> None:
        guid = await _registration_guid(store, group_qualified_name, connector_qualified_name)
        if guid is None:
            raise Code.NOT_REGISTERED.error(
                connector_qualified_name, group_qualified_name, metadata_server, http_code=404
            )
        if "startDate" in changes or "connectorShutdownDate" in changes:
            # One date alone must still fit the other, stored one.
            stored = python_properties((await store.relationship(guid)).relationship_properties)
            _check_dates(
                changes.get("startDate", stored.get("startDate")),
                changes.get("connectorShutdownDate", stored.get("connectorShutdownDate")),
            )
        if changes:
            await store.update_relationship(guid, REGISTRATION, changes)

    platform.run(run())


@checked
def unregister_integration_connector(
    platform: Platform, metadata_server: str, group_qualified_name: str, connector_qualified_name: str
) -> None:
    """Remove the connector from the group (the connector's definition stays)."""
    store = _store(platform, metadata_server)

    async def run() -> None:
        guid = await _registration_guid(store, group_qualified_name, connector_qualified_name)
        if guid is not None:
            await store.delete_relationship(guid)

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
    frame = Table(rows, columns=REGISTRATION_COLUMNS)
    for column in ("start_date", "stop_date"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    frame["refresh_time_interval"] = frame["refresh_time_interval"].astype("int64")
    frame["uses_blocking_calls"] = frame["uses_blocking_calls"].astype(bool)
    return frame


@checked
def get_registered_connectors(platform: Platform, metadata_server: str, group_qualified_name: str) -> pd.DataFrame:
    """The group's registered connectors as a table, one row per registration, oldest first.

    For example::

        frame = enb.get_registered_connectors(platform, "active-metadata-store", "Egeria:IntegrationGroup:Files")
        frame[["connector_name", "provider", "endpoint_address", "refresh_time_interval"]]
    """
    store = _store(platform, metadata_server)

    async def run() -> pd.DataFrame:
        group = await _group(store, group_qualified_name)
        registrations = await store.related(group.element_guid or "", REGISTRATION, starting_at_end=1)
        connectors = await gather_bounded(
            [lambda r=r: _assembled(store, r.element) for r in registrations if r.element is not None]
        )
        elements = [
            registered_connector_element(
                registration.relationship_guid or "", plain_properties(registration.relationship_properties), connector
            )
            for registration, connector in zip(
                [r for r in registrations if r.element is not None], connectors, strict=True
            )
        ]
        return registered_connectors_frame(elements)

    return platform.run(run())
