"""The governance-configuration service of a metadata access server: integration groups and connectors.

Reads are what an Egeria 6.x integration daemon calls (egeria-wire.md §3.2),
with the same JSON; writes are the operation set of §4.4 under the same base
path. Served under the 6.x prefix and the 5.4 and 5.0-5.3 prefixes (see
``routes``). Connectors keep their OCF connection as the ``connection``
property, the way the beans bundle it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pydantic
from aiohttp import web

from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.http import caller, ok, operation, parse_body, read_json, state
from egeria_nb.embedded.store import Element, MetadataStore, Relationship
from egeria_nb.embedded.views.metadata_common import metadata_server, paging, truthy
from egeria_nb.wire.metadata import (
    PERMITTED_SYNCHRONIZATIONS,
    CatalogTargetProperties,
    IntegrationConnectorProperties,
    IntegrationGroupProperties,
)

__all__ = ["ROUTES", "element_header"]

GROUP = "IntegrationGroup"
CONNECTOR = "IntegrationConnector"
REGISTRATION = "RegisteredIntegrationConnector"
CATALOG_TARGET = "CatalogTarget"
# Egeria's type GUIDs where the reference gives them; others get a stable name-based id.
TYPE_IDS = {REGISTRATION: "7528bcd4-ae4c-47d0-a33f-4aeebbaa92c2"}
SUPER_TYPES = {
    GROUP: ["SoftwareCapability", "Referenceable", "OpenMetadataRoot"],
    CONNECTOR: [
        "DeployedConnector",
        "DeployedSoftwareComponent",
        "Process",
        "Asset",
        "Referenceable",
        "OpenMetadataRoot",
    ],
}
TYPE_NAMESPACE = uuid.UUID("5b0b9c1e-7f7c-4c57-9d7e-6e2b8b1f3a10")


def _type_id(type_name: str) -> str:
    return TYPE_IDS.get(type_name) or str(uuid.uuid5(TYPE_NAMESPACE, type_name))


def element_header(el: Element) -> dict[str, Any]:
    """Egeria's ElementHeader for a stored element (§3.2)."""
    versions = {
        "createdBy": el.created_by,
        "updatedBy": el.updated_by,
        "createTime": el.create_time,
        "updateTime": el.update_time,
        "version": el.version,
    }
    type_info: dict[str, Any] = {
        "typeId": _type_id(el.type_name),
        "typeName": el.type_name,
        "typeVersion": 1,
        "typeCategory": "ENTITY_DEF",
    }
    if el.type_name in SUPER_TYPES:
        type_info["superTypeNames"] = SUPER_TYPES[el.type_name]
    return {
        "class": "ElementHeader",
        "headerVersion": 0,
        "status": "ACTIVE",
        "type": type_info,
        "origin": {
            "sourceServer": el.server,
            "originCategory": "LOCAL_COHORT",
            "homeMetadataCollectionId": str(uuid.uuid5(TYPE_NAMESPACE, "collection:" + el.server)),
            "homeMetadataCollectionName": el.server,
        },
        "versions": {k: v for k, v in versions.items() if v is not None},
        "guid": el.guid,
    }


def _group_element(el: Element) -> dict[str, Any]:
    return {
        "elementHeader": element_header(el),
        "properties": {"class": "IntegrationGroupProperties", "typeName": GROUP, **el.properties},
    }


def _connector_properties(el: Element) -> dict[str, Any]:
    return {"class": "IntegrationConnector", "typeName": CONNECTOR, "usesBlockingCalls": False, **el.properties}


def _connector_element(el: Element, targets: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"elementHeader": element_header(el), "properties": _connector_properties(el)}
    if targets:
        body["catalogTargets"] = targets
    return body


def _registration_element(store: MetadataStore, rel: Relationship) -> dict[str, Any]:
    connector = store.element(rel.server, rel.end2_guid)
    body = _connector_element(connector, _catalog_targets(store, connector))
    body["connectorId"] = rel.guid
    body["registrationProperties"] = {
        "class": "RegisteredIntegrationConnectorProperties",
        "typeName": REGISTRATION,
        "refreshTimeInterval": 0,
        **rel.properties,
    }
    return body


def _catalog_target(store: MetadataStore, rel: Relationship) -> dict[str, Any]:
    target = store.find_element(rel.server, rel.end2_guid)
    body = {"class": "CatalogTarget", **rel.properties, "relationshipGUID": rel.guid}
    if target is not None:
        body["catalogTargetElement"] = {
            "elementHeader": element_header(target),
            "properties": {"typeName": target.type_name, **target.properties},
        }
    return body


def _catalog_targets(store: MetadataStore, connector: Element) -> list[dict[str, Any]]:
    return [
        _catalog_target(store, r) for r in store.relationships(connector.server, CATALOG_TARGET, end1=connector.guid)
    ]


# -- validation ---------------------------------------------------------------------------------


# The "class" each properties body may carry. The models default it rather than fix it (they
# also read Egeria's answers), so ``parse_body`` cannot check it; without this a group posted
# as an IntegrationConnector would be stored. The second names are the 4.x-5.3 beans' and
# what this service's own answers carry, so a body read back can be posted again.
BODY_CLASSES: dict[type[pydantic.BaseModel], tuple[str, ...]] = {
    IntegrationGroupProperties: ("IntegrationGroupProperties",),
    IntegrationConnectorProperties: ("IntegrationConnector", "IntegrationConnectorProperties"),
    CatalogTargetProperties: ("CatalogTargetProperties", "CatalogTarget"),
}
REGISTRATION_CLASS = "RegisteredIntegrationConnectorProperties"


def _check_class(data: dict[str, Any], accepted: tuple[str, ...]) -> None:
    given = data.get("class")
    if given is not None and given not in accepted:
        raise FFDCError(Code.UNKNOWN_CLASS, accepted[0], given)


def _check_type_name(given: Any, type_name: str) -> None:
    if given not in (type_name, None):
        raise FFDCError(
            Code.BAD_PARAMETER,
            "typeName",
            given,
            f"this call stores {type_name} elements; send typeName {type_name!r} or leave it out",
        )


def _wire_properties(model: type[pydantic.BaseModel], data: Any, what: str, type_name: str) -> dict[str, Any]:
    """Validate as ``model``; return the JSON to store (no class/typeName, no nulls)."""
    if not isinstance(data, dict):
        raise FFDCError(Code.WRONG_BODY_SHAPE, what, "the body is not a JSON object")
    _check_class(data, BODY_CLASSES[model])
    parsed = parse_body(model, data, what)
    stored = parsed.model_dump(mode="json", by_alias=True, exclude_none=True)  # type: ignore[attr-defined]
    stored.pop("class", None)
    _check_type_name(stored.pop("typeName", type_name), type_name)
    return stored


def _qualified_name(props: dict[str, Any], what: str) -> str:
    name = props.get("qualifiedName")
    if not isinstance(name, str) or not name.strip():
        raise FFDCError(Code.BAD_PARAMETER, f"{what}.qualifiedName", name, "a qualified name is required")
    return name


def _date(value: Any, field: str) -> str | None:
    if value is None:
        return None
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            moment = datetime.fromtimestamp(value / 1000, UTC)  # Java Date as epoch milliseconds
        elif isinstance(value, str):
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            raise ValueError(value)
    except (ValueError, OverflowError, OSError):
        raise FFDCError(
            Code.BAD_PARAMETER, field, value, "use an ISO-8601 date and time, e.g. 2026-01-31T09:00:00+00:00"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def registration_properties(data: Any) -> dict[str, Any]:
    """Check RegisteredIntegrationConnectorProperties more strictly than Egeria does."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FFDCError(Code.WRONG_BODY_SHAPE, REGISTRATION_CLASS, "the body is not a JSON object")
    _check_class(data, (REGISTRATION_CLASS,))
    _check_type_name(data.get("typeName"), REGISTRATION)
    props = {k: v for k, v in data.items() if k not in ("class", "typeName") and v is not None}
    name = props.get("connectorName")
    if not isinstance(name, str) or not name.strip():
        raise FFDCError(
            Code.BAD_PARAMETER,
            "connectorName",
            name,
            "every registration needs a connector name; the daemon and its REST API refer to the connector by it",
        )
    interval = props.get("refreshTimeInterval", 0)
    if not isinstance(interval, int) or isinstance(interval, bool) or interval < 0:
        raise FFDCError(
            Code.BAD_PARAMETER, "refreshTimeInterval", interval, "it is a whole number of minutes, 0 or more"
        )
    props["refreshTimeInterval"] = interval
    sync = props.get("permittedSynchronization")
    if sync is not None and sync not in PERMITTED_SYNCHRONIZATIONS:
        raise FFDCError(
            Code.BAD_PARAMETER, "permittedSynchronization", sync, "use one of " + ", ".join(PERMITTED_SYNCHRONIZATIONS)
        )
    # 5.x spelled the latest run time stopDate/stopTime; keep the 6.x name only.
    for old in ("stopDate", "stopTime"):
        if old in props:
            props.setdefault("connectorShutdownDate", props.pop(old))
    if "generateIntegrationReports" in props:
        props.setdefault("generateConnectorActivityReports", props.pop("generateIntegrationReports"))
    for field in ("startDate", "connectorShutdownDate"):
        if field in props:
            props[field] = _date(props[field], field)
    start, stop = props.get("startDate"), props.get("connectorShutdownDate")
    if start and stop and stop <= start:
        raise FFDCError(
            Code.BAD_PARAMETER, "connectorShutdownDate", stop, f"it must be later than the startDate {start}"
        )
    for flag in ("generateConnectorActivityReports",):
        if flag in props and not isinstance(props[flag], bool):
            raise FFDCError(Code.BAD_PARAMETER, flag, props[flag], "it must be true or false")
    for text in ("connectorUserId", "metadataSourceQualifiedName", "metadataCollectionQualifiedName"):
        if text in props and not isinstance(props[text], str):
            raise FFDCError(Code.BAD_PARAMETER, text, props[text], "it must be text")
    return props


# -- groups -------------------------------------------------------------------------------------


def _store(request: web.Request) -> tuple[MetadataStore, str]:
    return state(request).metadata, metadata_server(request)


@operation("getIntegrationGroupByName", response="IntegrationGroupElementResponse")
async def group_by_name(request: web.Request) -> web.Response:
    store, server = _store(request)
    found = store.element_by_name(server, GROUP, request.match_info["qualifiedName"])
    # Egeria answers an unknown name with no element rather than an error (§3.2).
    return ok("IntegrationGroupElementResponse", element=_group_element(found) if found else None)


@operation("getIntegrationGroupByGUID", response="IntegrationGroupElementResponse")
async def group_by_guid(request: web.Request) -> web.Response:
    store, server = _store(request)
    found = store.element(server, request.match_info["groupGUID"], GROUP)
    return ok("IntegrationGroupElementResponse", element=_group_element(found))


@operation("getIntegrationGroups", response="IntegrationGroupElementsResponse")
async def list_groups(request: web.Request) -> web.Response:
    store, server = _store(request)
    start, limit = paging(request)
    found = store.elements(server, GROUP, start=start, limit=limit)
    return ok("IntegrationGroupElementsResponse", elements=[_group_element(e) for e in found] or None)


@operation("createIntegrationGroup", response="GUIDResponse")
async def create_group(request: web.Request) -> web.Response:
    store, server = _store(request)
    props = _wire_properties(
        IntegrationGroupProperties,
        await read_json(request, "IntegrationGroupProperties"),
        "IntegrationGroupProperties",
        GROUP,
    )
    _qualified_name(props, "IntegrationGroupProperties")
    return ok("GUIDResponse", guid=store.create_element(server, GROUP, props, caller(request)).guid)


@operation("updateIntegrationGroup")
async def update_group(request: web.Request) -> web.Response:
    store, server = _store(request)
    guid = request.match_info["groupGUID"]
    store.element(server, guid, GROUP)
    props = _wire_properties(
        IntegrationGroupProperties,
        await read_json(request, "IntegrationGroupProperties"),
        "IntegrationGroupProperties",
        GROUP,
    )
    merge = truthy(request.query.get("isMergeUpdate", "true"))
    if not merge:
        _qualified_name(props, "IntegrationGroupProperties")
    store.update_element(server, guid, props, caller(request), merge=merge)
    return ok()


@operation("deleteIntegrationGroup")
async def delete_group(request: web.Request) -> web.Response:
    store, server = _store(request)
    guid = request.match_info["groupGUID"]
    store.element(server, guid, GROUP)
    store.delete_element(server, guid)  # its registrations go with it
    return ok()


# -- connectors ---------------------------------------------------------------------------------


def _check_connection(props: dict[str, Any]) -> None:
    connection = props.get("connection")
    if connection is not None:
        provider = (connection.get("connectorType") or {}).get("connectorProviderClassName")
        if not isinstance(provider, str) or not provider.strip():
            raise FFDCError(
                Code.BAD_PARAMETER,
                "connection.connectorType.connectorProviderClassName",
                provider,
                "a connection must name its connector provider, e.g. egeria_nb.connectors.files.FolderCataloguer",
            )


@operation("createIntegrationConnector", response="GUIDResponse")
async def create_connector(request: web.Request) -> web.Response:
    store, server = _store(request)
    props = _wire_properties(
        IntegrationConnectorProperties,
        await read_json(request, "IntegrationConnectorProperties"),
        "IntegrationConnectorProperties",
        CONNECTOR,
    )
    _qualified_name(props, "IntegrationConnectorProperties")
    _check_connection(props)
    return ok("GUIDResponse", guid=store.create_element(server, CONNECTOR, props, caller(request)).guid)


@operation("getIntegrationConnectorByGUID", response="IntegrationConnectorElementResponse")
async def connector_by_guid(request: web.Request) -> web.Response:
    store, server = _store(request)
    found = store.element(server, request.match_info["connectorGUID"], CONNECTOR)
    return ok("IntegrationConnectorElementResponse", element=_connector_element(found, _catalog_targets(store, found)))


@operation("getIntegrationConnectorByName", response="IntegrationConnectorElementResponse")
async def connector_by_name(request: web.Request) -> web.Response:
    store, server = _store(request)
    found = store.element_by_name(server, CONNECTOR, request.match_info["qualifiedName"])
    element = _connector_element(found, _catalog_targets(store, found)) if found else None
    return ok("IntegrationConnectorElementResponse", element=element)


@operation("getIntegrationConnectors", response="IntegrationConnectorElementsResponse")
async def list_connectors(request: web.Request) -> web.Response:
    store, server = _store(request)
    start, limit = paging(request)
    found = store.elements(server, CONNECTOR, start=start, limit=limit)
    return ok("IntegrationConnectorElementsResponse", elements=[_connector_element(e) for e in found] or None)


@operation("updateIntegrationConnector")
async def update_connector(request: web.Request) -> web.Response:
    store, server = _store(request)
    guid = request.match_info["connectorGUID"]
    store.element(server, guid, CONNECTOR)
    data = await read_json(request, "IntegrationConnectorProperties")
    props = _wire_properties(IntegrationConnectorProperties, data, "IntegrationConnectorProperties", CONNECTOR)
    merge = truthy(request.query.get("isMergeUpdate", "true"))
    if not merge:
        _qualified_name(props, "IntegrationConnectorProperties")
    if "usesBlockingCalls" not in data:
        # The bean defaults it to false; only change it when the caller said so.
        props.pop("usesBlockingCalls", None)
    _check_connection(props)
    store.update_element(server, guid, props, caller(request), merge=merge)
    return ok()


@operation("deleteIntegrationConnector")
async def delete_connector(request: web.Request) -> web.Response:
    store, server = _store(request)
    guid = request.match_info["connectorGUID"]
    store.element(server, guid, CONNECTOR)
    store.delete_element(server, guid)
    return ok()


@operation("getIntegrationConnectorRegistrations", response="GUIDListResponse")
async def registrations(request: web.Request) -> web.Response:
    store, server = _store(request)
    guid = request.match_info["connectorGUID"]
    store.element(server, guid, CONNECTOR)
    groups = [r.end1_guid for r in store.relationships(server, REGISTRATION, end2=guid)]
    return ok("GUIDListResponse", guids=groups or None)


# -- registrations --------------------------------------------------------------------------------


def _group_and_connector(request: web.Request, store: MetadataStore, server: str) -> tuple[str, str]:
    """The path's group and connector GUIDs, each checked to name an element of its type."""
    group, connector = request.match_info["groupGUID"], request.match_info["connectorGUID"]
    store.element(server, group, GROUP)
    store.element(server, connector, CONNECTOR)
    return group, connector


def _registration(store: MetadataStore, server: str, group: str, connector: str) -> Relationship | None:
    for rel in store.relationships(server, REGISTRATION, end1=group, end2=connector):
        return rel
    return None


@operation("getRegisteredIntegrationConnectors", response="RegisteredIntegrationConnectorsResponse")
async def registered_connectors(request: web.Request) -> web.Response:
    store, server = _store(request)
    group = request.match_info["groupGUID"]
    store.element(server, group, GROUP)
    start, limit = paging(request)
    rels = store.relationships(server, REGISTRATION, end1=group, start=start, limit=limit)
    return ok(
        "RegisteredIntegrationConnectorsResponse", elements=[_registration_element(store, r) for r in rels] or None
    )


@operation("getRegisteredIntegrationConnector", response="RegisteredIntegrationConnectorResponse")
async def registered_connector(request: web.Request) -> web.Response:
    store, server = _store(request)
    group, connector = _group_and_connector(request, store, server)
    rel = _registration(store, server, group, connector)
    element = _registration_element(store, rel) if rel else None
    return ok("RegisteredIntegrationConnectorResponse", registeredIntegrationConnector=element)


@operation("registerConnectorWithIntegrationGroup", response="GUIDResponse")
async def register(request: web.Request) -> web.Response:
    """Link (or, if already linked, update the registration in place: same connectorId)."""
    store, server = _store(request)
    group, connector = _group_and_connector(request, store, server)
    props = registration_properties(await read_json(request, "RegisteredIntegrationConnectorProperties"))
    existing = _registration(store, server, group, connector)
    if existing is None:
        rel = store.create_relationship(server, REGISTRATION, group, connector, props, caller(request))
    else:
        rel = store.update_relationship(server, existing.guid, props, caller(request), merge=False)
    return ok("GUIDResponse", guid=rel.guid)


@operation("unregisterConnectorFromIntegrationGroup")
async def unregister(request: web.Request) -> web.Response:
    store, server = _store(request)
    group, connector = _group_and_connector(request, store, server)
    rel = _registration(store, server, group, connector)
    if rel is not None:
        store.delete_relationship(server, rel.guid)
    return ok()


# -- catalog targets ------------------------------------------------------------------------------


def _catalog_target_properties(data: Any) -> dict[str, Any]:
    if data is None:
        data = {}
    props = _wire_properties(CatalogTargetProperties, data, "CatalogTargetProperties", CATALOG_TARGET)
    for derived in ("relationshipGUID", "catalogTargetElement"):
        props.pop(derived, None)
    return props


@operation("addCatalogTarget", response="GUIDResponse")
async def add_catalog_target(request: web.Request) -> web.Response:
    store, server = _store(request)
    connector, target = request.match_info["connectorGUID"], request.match_info["elementGUID"]
    store.element(server, connector, CONNECTOR)
    store.element(server, target)
    props = _catalog_target_properties(await read_json(request, "CatalogTargetProperties", required=False))
    rel = store.create_relationship(server, CATALOG_TARGET, connector, target, props, caller(request))
    return ok("GUIDResponse", guid=rel.guid)


@operation("getCatalogTargets", response="CatalogTargetsResponse")
async def catalog_targets(request: web.Request) -> web.Response:
    store, server = _store(request)
    connector = store.element(server, request.match_info["connectorGUID"], CONNECTOR)
    return ok("CatalogTargetsResponse", elements=_catalog_targets(store, connector) or None)


def _target_relationship(store: MetadataStore, server: str, guid: str) -> Relationship:
    rel = store.relationship(server, guid)
    if rel.type_name != CATALOG_TARGET:
        raise FFDCError(Code.WRONG_TYPE, guid, rel.type_name, CATALOG_TARGET, parameter_name="relationshipGUID")
    return rel


@operation("getCatalogTarget", response="CatalogTargetResponse")
async def catalog_target(request: web.Request) -> web.Response:
    store, server = _store(request)
    rel = _target_relationship(store, server, request.match_info["relationshipGUID"])
    return ok("CatalogTargetResponse", element=_catalog_target(store, rel))


@operation("updateCatalogTarget")
async def update_catalog_target(request: web.Request) -> web.Response:
    store, server = _store(request)
    rel = _target_relationship(store, server, request.match_info["relationshipGUID"])
    props = _catalog_target_properties(await read_json(request, "CatalogTargetProperties"))
    store.update_relationship(server, rel.guid, props, caller(request), merge=False)
    return ok()


@operation("removeCatalogTarget")
async def remove_catalog_target(request: web.Request) -> web.Response:
    store, server = _store(request)
    rel = _target_relationship(store, server, request.match_info["relationshipGUID"])
    store.delete_relationship(server, rel.guid)
    return ok()


# (method, suffix, handler) relative to the governance-configuration prefixes in ``routes``.
ROUTES = [
    ("GET", "/integration-groups/by-name/{qualifiedName}", group_by_name),
    ("GET", "/integration-groups", list_groups),
    ("POST", "/integration-groups/new", create_group),
    ("GET", "/integration-groups/{groupGUID}", group_by_guid),
    ("POST", "/integration-groups/{groupGUID}/update", update_group),
    ("POST", "/integration-groups/{groupGUID}/delete", delete_group),
    ("GET", "/integration-groups/{groupGUID}/integration-connectors", registered_connectors),
    ("GET", "/integration-groups/{groupGUID}/integration-connectors/{connectorGUID}", registered_connector),
    ("POST", "/integration-groups/{groupGUID}/integration-connectors/{connectorGUID}", register),
    ("POST", "/integration-groups/{groupGUID}/integration-connectors/{connectorGUID}/delete", unregister),
    ("GET", "/integration-connectors/by-name/{qualifiedName}", connector_by_name),
    ("GET", "/integration-connectors", list_connectors),
    ("POST", "/integration-connectors/new", create_connector),
    ("GET", "/integration-connectors/{connectorGUID}", connector_by_guid),
    ("POST", "/integration-connectors/{connectorGUID}/update", update_connector),
    ("POST", "/integration-connectors/{connectorGUID}/delete", delete_connector),
    ("GET", "/integration-connectors/{connectorGUID}/registrations", registrations),
    ("GET", "/integration-connectors/{connectorGUID}/catalog-targets", catalog_targets),
    ("POST", "/integration-connectors/{connectorGUID}/catalog-targets/{elementGUID}", add_catalog_target),
    ("GET", "/catalog-targets/{relationshipGUID}", catalog_target),
    ("POST", "/catalog-targets/{relationshipGUID}/update", update_catalog_target),
    ("POST", "/catalog-targets/{relationshipGUID}/delete", remove_catalog_target),
]
