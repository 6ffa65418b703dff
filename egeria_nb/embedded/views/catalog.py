"""The catalog API and the change feed: egeria_nb extensions served by each metadata access server.

Base ``/servers/{serverName}/open-metadata/egeria-nb``. Not part of Egeria:
connectors (in any kernel) create, find, update and delete elements and
relationships by type and qualified name here, and daemons follow ``/changes``
(a bounded long poll) instead of Egeria's ~33-minute poll (egeria-wire.md §3.3).
A daemon that finds no ``/changes`` (a real Egeria) falls back to polling.
"""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.http import caller, ok, operation, read_json, state
from egeria_nb.embedded.store import Change, Element, MetadataStore, Relationship
from egeria_nb.embedded.views.metadata_common import metadata_server, paging, truthy

__all__ = ["CATALOG_PREFIX", "ROUTES", "change_body", "element_body", "relationship_body"]

CATALOG_PREFIX = "/servers/{serverName}/open-metadata/egeria-nb"
# Longest a /changes request may wait for something to happen.
MAX_WAIT_S = 30.0


def element_body(el: Element) -> dict[str, Any]:
    return {
        "class": "MetadataElement",
        "guid": el.guid,
        "typeName": el.type_name,
        "qualifiedName": el.qualified_name,
        "version": el.version,
        "createdBy": el.created_by,
        "updatedBy": el.updated_by,
        "createTime": el.create_time,
        "updateTime": el.update_time,
        "properties": el.properties,
    }


def relationship_body(rel: Relationship) -> dict[str, Any]:
    return {
        "class": "MetadataRelationship",
        "guid": rel.guid,
        "typeName": rel.type_name,
        "end1GUID": rel.end1_guid,
        "end2GUID": rel.end2_guid,
        "version": rel.version,
        "createdBy": rel.created_by,
        "updatedBy": rel.updated_by,
        "createTime": rel.create_time,
        "updateTime": rel.update_time,
        "properties": rel.properties,
    }


def change_body(change: Change) -> dict[str, Any]:
    body = {
        "sequence": change.sequence,
        "time": change.time,
        "kind": change.kind,
        "action": change.action,
        "guid": change.guid,
        "typeName": change.type_name,
        "qualifiedName": change.qualified_name,
        "end1GUID": change.end1_guid,
        "end2GUID": change.end2_guid,
    }
    return {k: v for k, v in body.items() if v is not None}


def _text(data: dict[str, Any], key: str, what: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FFDCError(Code.BAD_PARAMETER, key, value, f"{what} must be non-empty text")
    return value


def _properties(data: dict[str, Any]) -> dict[str, Any]:
    value = data.get("properties", {})
    if not isinstance(value, dict):
        raise FFDCError(Code.WRONG_BODY_SHAPE, "request", "properties must be a JSON object")
    return value


async def _object(request: web.Request, what: str) -> dict[str, Any]:
    data = await read_json(request, what)
    if not isinstance(data, dict):
        raise FFDCError(Code.WRONG_BODY_SHAPE, what, "the body is not a JSON object")
    return data


def _store(request: web.Request) -> tuple[MetadataStore, str]:
    return state(request).metadata, metadata_server(request)


@operation("createElement", response="ElementResponse")
async def create_element(request: web.Request) -> web.Response:
    store, server = _store(request)
    data = await _object(request, "NewElementRequestBody")
    element = store.create_element(server, _text(data, "typeName", "typeName"), _properties(data), caller(request))
    return ok("ElementResponse", element=element_body(element))


@operation("getElement", response="ElementResponse")
async def get_element(request: web.Request) -> web.Response:
    store, server = _store(request)
    return ok("ElementResponse", element=element_body(store.element(server, request.match_info["guid"])))


@operation("getElementByName", response="ElementResponse")
async def get_element_by_name(request: web.Request) -> web.Response:
    store, server = _store(request)
    type_name, name = request.match_info["typeName"], request.match_info["qualifiedName"]
    found = store.element_by_name(server, type_name, name)
    if found is None:
        raise FFDCError(Code.UNKNOWN_NAME, name, type_name, server, parameter_name="qualifiedName")
    return ok("ElementResponse", element=element_body(found))


@operation("findElements", response="ElementsResponse")
async def find_elements(request: web.Request) -> web.Response:
    store, server = _store(request)
    start, limit = paging(request)
    filters = {k[len("property.") :]: v for k, v in request.query.items() if k.startswith("property.")}
    found = store.elements(
        server,
        request.query.get("typeName") or None,
        filters=filters,
        name_prefix=request.query.get("qualifiedNamePrefix") or None,
        start=start,
        limit=limit,
    )
    return ok("ElementsResponse", elements=[element_body(e) for e in found] or None)


@operation("updateElement", response="ElementResponse")
async def update_element(request: web.Request) -> web.Response:
    store, server = _store(request)
    data = await _object(request, "UpdateElementRequestBody")
    merge = truthy(request.query.get("isMergeUpdate", "true"))
    element = store.update_element(server, request.match_info["guid"], _properties(data), caller(request), merge=merge)
    return ok("ElementResponse", element=element_body(element))


@operation("deleteElement")
async def delete_element(request: web.Request) -> web.Response:
    store, server = _store(request)
    store.delete_element(server, request.match_info["guid"])
    return ok()


@operation("createRelationship", response="RelationshipResponse")
async def create_relationship(request: web.Request) -> web.Response:
    store, server = _store(request)
    data = await _object(request, "NewRelationshipRequestBody")
    rel = store.create_relationship(
        server,
        _text(data, "typeName", "typeName"),
        _text(data, "end1GUID", "end1GUID"),
        _text(data, "end2GUID", "end2GUID"),
        _properties(data),
        caller(request),
    )
    return ok("RelationshipResponse", relationship=relationship_body(rel))


@operation("findRelationships", response="RelationshipsResponse")
async def find_relationships(request: web.Request) -> web.Response:
    store, server = _store(request)
    start, limit = paging(request)
    q = request.query
    found = store.relationships(
        server,
        q.get("typeName") or None,
        end1=q.get("end1GUID") or None,
        end2=q.get("end2GUID") or None,
        start=start,
        limit=limit,
    )
    return ok("RelationshipsResponse", relationships=[relationship_body(r) for r in found] or None)


@operation("updateRelationship", response="RelationshipResponse")
async def update_relationship(request: web.Request) -> web.Response:
    store, server = _store(request)
    data = await _object(request, "UpdateRelationshipRequestBody")
    merge = truthy(request.query.get("isMergeUpdate", "true"))
    rel = store.update_relationship(server, request.match_info["guid"], _properties(data), caller(request), merge=merge)
    return ok("RelationshipResponse", relationship=relationship_body(rel))


@operation("deleteRelationship")
async def delete_relationship(request: web.Request) -> web.Response:
    store, server = _store(request)
    store.delete_relationship(server, request.match_info["guid"])
    return ok()


# A folder of tens of thousands of files is declared in one call.
@operation("syncElements", response="SyncResponse", max_body=64 * 1024 * 1024)
async def sync(request: web.Request) -> web.Response:
    store, server = _store(request)
    data = await _object(request, "SyncRequestBody")
    scope = data.get("scope")
    if not isinstance(scope, dict):
        raise FFDCError(Code.WRONG_BODY_SHAPE, "SyncRequestBody", "scope must be an object")
    types = scope.get("typeNames")
    if not isinstance(types, list) or not types or not all(isinstance(t, str) and t for t in types):
        raise FFDCError(Code.WRONG_BODY_SHAPE, "SyncRequestBody", "scope.typeNames must be a non-empty list of names")
    prefix = _text(scope, "qualifiedNamePrefix", "scope.qualifiedNamePrefix")
    elements = []
    for item in data.get("elements") or []:
        if not isinstance(item, dict):
            raise FFDCError(Code.WRONG_BODY_SHAPE, "SyncRequestBody", "each element must be an object")
        elements.append((_text(item, "typeName", "typeName"), _properties(item)))
    relationships = []
    for item in data.get("relationships") or []:
        if not isinstance(item, dict):
            raise FFDCError(Code.WRONG_BODY_SHAPE, "SyncRequestBody", "each relationship must be an object")
        relationships.append(
            (
                _text(item, "typeName", "typeName"),
                _text(item, "end1QualifiedName", "end1QualifiedName"),
                _text(item, "end2QualifiedName", "end2QualifiedName"),
                _properties(item),
            )
        )
    counts = store.sync(
        server,
        caller(request),
        scope_types=types,
        scope_prefix=prefix,
        elements=elements,
        relationships=relationships,
    )
    return ok(
        "SyncResponse",
        added=counts.added,
        updated=counts.updated,
        unchanged=counts.unchanged,
        removed=counts.removed,
        relationshipsAdded=counts.relationships_added,
        relationshipsRemoved=counts.relationships_removed,
        guids=counts.guids,
    )


@operation("getChanges", response="ChangesResponse")
async def changes(request: web.Request) -> web.Response:
    """Changes after ``after``; if there are none, wait up to ``waitSeconds`` for one.

    ``after=-1`` returns no changes, just the current ``lastSequence`` (where a
    new reader starts). ``typeName`` (repeatable) keeps only changes of those types.
    """
    store, server = _store(request)
    q = request.query
    try:
        after = int(q.get("after", "0"))
        wait = min(MAX_WAIT_S, max(0.0, float(q.get("waitSeconds", "0"))))
        limit = max(1, min(10_000, int(q.get("maximumResults", "1000"))))
    except ValueError:
        raise FFDCError(
            Code.BAD_PARAMETER, "after / waitSeconds / maximumResults", dict(q), "they must be numbers"
        ) from None
    type_names = q.getall("typeName", []) or None
    if after < 0:
        return ok(
            "ChangesResponse",
            changes=[],
            lastSequence=store.last_sequence(server),
            oldestSequence=store.oldest_sequence(server),
        )
    deadline = time.monotonic() + wait
    signal = state(request).changes
    while True:
        # Take the wait handle before reading, so a write in between is not missed.
        waiter = signal.waiter()
        found = store.changes_after(server, after, limit, type_names)
        remaining = deadline - time.monotonic()
        if found or remaining <= 0 or signal.closed:
            break
        await signal.wait(waiter, remaining)
    # With a type filter the last change read may be older than the newest overall; both are safe to resume from.
    last = found[-1].sequence if found else max(after, store.last_sequence(server))
    return ok(
        "ChangesResponse",
        changes=[change_body(c) for c in found],
        lastSequence=last,
        oldestSequence=store.oldest_sequence(server),
    )


ROUTES = [
    ("POST", "/catalog/elements", create_element),
    ("GET", "/catalog/elements", find_elements),
    ("GET", "/catalog/elements/{guid}", get_element),
    ("GET", "/catalog/elements/by-name/{typeName}/{qualifiedName}", get_element_by_name),
    ("POST", "/catalog/elements/{guid}/update", update_element),
    ("POST", "/catalog/elements/{guid}/delete", delete_element),
    ("POST", "/catalog/relationships", create_relationship),
    ("GET", "/catalog/relationships", find_relationships),
    ("POST", "/catalog/relationships/{guid}/update", update_relationship),
    ("POST", "/catalog/relationships/{guid}/delete", delete_relationship),
    ("POST", "/catalog/sync", sync),
    ("GET", "/changes", changes),
]
