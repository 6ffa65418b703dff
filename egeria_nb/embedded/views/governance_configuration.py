"""The governance-configuration service of a metadata access server: what an integration daemon reads.

Egeria's four reads (egeria-wire.md §3.2), read-only as in Egeria 6: definitions are written with the
generic open metadata store API (§8, ``views.open_metadata_store``) and assembled into these answers
from the elements that hold them (``open_metadata.definitions``). Served under the 6.x prefix and the
5.4 and 5.0-5.3 prefixes (see ``routes``), each answering with its release line's beans (§9).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.http import answer, ok, operation, state
from egeria_nb.embedded.open_metadata.beans import bean_maker
from egeria_nb.embedded.open_metadata.definitions import DefinitionReader
from egeria_nb.embedded.views.metadata_common import metadata_server
from egeria_nb.wire.assembly import ReleaseLine, for_release_line
from egeria_nb.wire.metadata import IntegrationGroupElementResponse, RegisteredIntegrationConnectorElement

__all__ = ["ROUTES"]


def _reader(request: web.Request) -> DefinitionReader:
    server = metadata_server(request)
    st = state(request)
    registry = st.metadata.registry
    return DefinitionReader(st.metadata, registry, server, bean_maker(registry, server))


def _line(request: web.Request) -> ReleaseLine:
    """Which release line's beans the path asks for (the prefix says, see ``routes``)."""
    if "/framework-services/governance-server/" in request.path:
        return "5.0"
    if "/open-governance-service/" in request.path:
        return "5.4"
    return "6"


def _paging(request: web.Request, largest: int) -> tuple[int, int]:
    """``startingFrom`` and ``maximumResults`` (0 or absent: the server's page size), checked as Egeria does."""
    query = request.query
    try:
        start = int(query.get("startingFrom", "0"))
        limit = int(query.get("maximumResults", "0"))
    except ValueError:
        raise FFDCError(
            Code.INVALID_VALUE,
            dict(query),
            "startingFrom / maximumResults",
            "they are whole numbers",
            "Send startingFrom and maximumResults as whole numbers, 0 or more.",
        ) from None
    if start < 0:
        raise FFDCError(Code.NEGATIVE_START_FROM, start, parameter_name="startingFrom")
    if limit < 0:
        raise FFDCError(Code.NEGATIVE_PAGE_SIZE, limit, parameter_name="maximumResults")
    if largest and limit > largest:
        raise FFDCError(Code.MAX_PAGE_SIZE, limit, largest, parameter_name="maximumResults")
    return start, limit or largest or 1000


def _element_json(element: RegisteredIntegrationConnectorElement, line: ReleaseLine) -> dict[str, Any]:
    return for_release_line(element.to_wire(), line)


def _answer(response_class: str, field: str, value: Any) -> web.Response:
    """A success answer whose payload is already wire JSON (shaped for its release line)."""
    return ok(response_class, **{field: value})


@operation("getIntegrationGroupByName", response="IntegrationGroupElementResponse")
async def group_by_name(request: web.Request) -> web.Response:
    found = _reader(request).group_by_name(request.match_info["qualifiedName"])
    # Egeria answers an unknown name with no element rather than an error (§3.2).
    return answer(IntegrationGroupElementResponse(element=found))


@operation("getRegisteredIntegrationConnectors", response="RegisteredIntegrationConnectorsResponse")
async def registered_connectors(request: web.Request) -> web.Response:
    reader = _reader(request)
    running = state(request).instances.get(reader.server)
    start, limit = _paging(request, running.max_page_size if running else 1000)
    found = reader.registered_connectors(request.match_info["groupGUID"], start, limit)
    line = _line(request)
    return _answer(
        "RegisteredIntegrationConnectorsResponse", "elements", [_element_json(e, line) for e in found] or None
    )


@operation("getRegisteredIntegrationConnector", response="RegisteredIntegrationConnectorResponse")
async def registered_connector(request: web.Request) -> web.Response:
    found = _reader(request).registered_connector(request.match_info["groupGUID"], request.match_info["connectorGUID"])
    element = _element_json(found, _line(request)) if found else None
    return _answer("RegisteredIntegrationConnectorResponse", "registeredIntegrationConnector", element)


@operation("getIntegrationConnectorRegistrations", response="GUIDListResponse")
async def registrations(request: web.Request) -> web.Response:
    groups = _reader(request).registrations(request.match_info["connectorGUID"])
    return _answer("GUIDListResponse", "guids", groups or None)


# (method, suffix, handler) relative to the governance-configuration prefixes in ``routes``.
ROUTES = [
    ("GET", "/integration-groups/by-name/{qualifiedName}", group_by_name),
    ("GET", "/integration-groups/{groupGUID}/integration-connectors", registered_connectors),
    ("GET", "/integration-groups/{groupGUID}/integration-connectors/{connectorGUID}", registered_connector),
    ("GET", "/integration-connectors/{connectorGUID}/registrations", registrations),
]
