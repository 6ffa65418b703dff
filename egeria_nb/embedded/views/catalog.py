"""egeria_nb's own extensions of a metadata access server: the batch catalog call and the change feed.

Base ``/servers/{serverName}/open-metadata/egeria-nb``; not part of Egeria, and optional
(``start_embedded(extensions=False)`` leaves them out):

* ``POST /catalog/sync`` - an accelerator: a connector's whole scope in one request and one
  transaction, checked against Egeria's types exactly as the generic open metadata store API
  checks each element (§8). Clients use it only where ``/capabilities`` lists ``catalog-sync``,
  and otherwise make the same changes call by call through the generic API.
* ``GET /changes`` - what changed, as a bounded long poll: daemons follow it instead of Egeria's
  ~33-minute poll (egeria-wire.md §3.3), and poll where a server has none.
* ``GET /capabilities`` - which of these the server offers.
"""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.http import answer, caller, ok, operation, parse_body, read_json, state
from egeria_nb.embedded.open_metadata.writes import check_classification, check_ends, check_type
from egeria_nb.embedded.store import Change, MetadataStore, SyncedElement
from egeria_nb.embedded.views.metadata_common import metadata_server
from egeria_nb.typedefs import PropertyTypeError, TypeRegistry, plain_checked
from egeria_nb.wire.catalog import CapabilitiesResponse, SyncRequestBody

__all__ = ["CAPABILITIES", "CATALOG_PREFIX", "ROUTES", "change_body"]

CATALOG_PREFIX = "/servers/{serverName}/open-metadata/egeria-nb"
CAPABILITIES = ["catalog-sync", "changes"]
# Longest a /changes request may wait for something to happen.
MAX_WAIT_S = 30.0


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


def _store(request: web.Request) -> tuple[MetadataStore, str]:
    return state(request).metadata, metadata_server(request)


@operation("getCapabilities", response="CapabilitiesResponse")
async def capabilities(request: web.Request) -> web.Response:
    metadata_server(request)
    return answer(CapabilitiesResponse(capabilities=list(CAPABILITIES)))


def _checked(registry: TypeRegistry, type_name: str, values: dict[str, Any], what: str) -> dict[str, Any]:
    """Plain values checked against the type as the generic API checks typed ones; returned as stored."""
    try:
        return plain_checked(registry, type_name, values)
    except PropertyTypeError as problem:
        raise FFDCError(
            Code.INVALID_PROPERTY,
            f"{type_name} {what}",
            str(problem),
            ("Use the properties " + ", ".join(problem.valid) + ".") if problem.valid else "Correct the value.",
            parameter_name="newProperties",
        ) from None


# A folder of tens of thousands of files is declared in one call.
@operation("syncElements", response="SyncResponse", max_body=64 * 1024 * 1024)
async def sync(request: web.Request) -> web.Response:
    store, server = _store(request)
    registry = store.registry
    body = parse_body(SyncRequestBody, await read_json(request, "SyncRequestBody"))
    scope = body.scope
    if not scope.type_names:
        raise FFDCError(Code.WRONG_BODY_SHAPE, "SyncRequestBody", "scope.typeNames must name at least one type")
    if not scope.qualified_name_prefix.strip():
        raise FFDCError(
            Code.BAD_PARAMETER, "scope.qualifiedNamePrefix", scope.qualified_name_prefix, "it must be non-empty text"
        )
    for name in scope.type_names:
        check_type(registry, name, "entity", "scope.typeNames", "syncElements")
    for name in scope.relationship_type_names or []:
        check_type(registry, name, "relationship", "scope.relationshipTypeNames", "syncElements")
    elements = []
    for element in body.elements:
        check_type(registry, element.type_name, "entity", "typeName", "syncElements")
        name = element.properties.get("qualifiedName")
        values = _checked(registry, element.type_name, element.properties, repr(name))
        classifications = {}
        for classification, props in (element.classifications or {}).items():
            typedef = check_type(registry, classification, "classification", "classifications", "syncElements")
            check_classification(registry, typedef, element.type_name)
            classifications[classification] = _checked(registry, classification, props, f"of {name!r}")
        elements.append(SyncedElement(element.type_name, values, classifications, element.anchor_qualified_name))
    types_of = {e.properties.get("qualifiedName"): e.type_name for e in body.elements}
    for element in elements:
        if element.anchor is not None and element.anchor not in types_of:
            raise FFDCError(
                Code.BAD_PARAMETER,
                "anchorQualifiedName",
                element.anchor,
                "an element's anchor must be another element of the same sync",
            )
    relationships = []
    for relationship in body.relationships:
        typedef = check_type(registry, relationship.type_name, "relationship", "typeName", "syncElements")
        end1, end2 = types_of.get(relationship.end1_qualified_name), types_of.get(relationship.end2_qualified_name)
        if end1 and end2:  # an end not declared is refused by the store, naming it
            check_ends(registry, typedef, end1, end2)
        relationships.append(
            (
                relationship.type_name,
                relationship.end1_qualified_name,
                relationship.end2_qualified_name,
                _checked(registry, relationship.type_name, relationship.properties, "relationship"),
            )
        )
    counts = store.sync(
        server,
        caller(request),
        scope_types=sorted(registry.subtypes_of_all(scope.type_names)),
        scope_prefix=scope.qualified_name_prefix,
        elements=elements,
        relationships=relationships,
        relationship_types=registry.subtypes_of_all(scope.relationship_type_names)
        if scope.relationship_type_names is not None
        else None,
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

    The log is pruned from its oldest end (``embedded.change_log``); ``oldestSequence`` is the
    oldest change kept, so a reader at ``after`` with ``oldestSequence > after + 1`` has missed
    changes and must read everything again. Resuming from ``lastSequence`` never misses any.
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
        # A reader the pruned log has left behind must know at once, not after the wait.
        missed = after > 0 and store.oldest_sequence(server) > after + 1
        if found or missed or remaining <= 0 or signal.closed:
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
    ("GET", "/capabilities", capabilities),
    ("POST", "/catalog/sync", sync),
    ("GET", "/changes", changes),
]
