"""Egeria's generic open metadata store API, on metadata access servers and view servers (egeria-wire.md §8).

The same handlers serve two bases (see ``routes``):

* A - ``/servers/{md}/open-metadata/access-services/open-metadata-store/users/{userId}``, on a
  metadata access server (what Egeria's Java daemon and connectors call). As in Egeria, the
  bearer token lets the call in and the ``{userId}`` in the path is the user it acts as.
* B - ``/servers/{view}/api/open-metadata/metadata-expert``, on a view server (what pyegeria's
  ``MetadataExpert`` calls); the user is the token's. The view server passes the call to the
  metadata access server its configuration names, which must run on this platform.

Bodies are read as Egeria reads them: ``class`` on a body is ignored, unknown fields are
dropped, and a body Egeria declares optional may be left out.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

import pydantic
from aiohttp import web

from egeria_nb.embedded import documents as docs
from egeria_nb.embedded.config_store import check_server_name
from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.http import answer, caller, ok, operation, parse_body, read_json, state
from egeria_nb.embedded.open_metadata import writes
from egeria_nb.embedded.open_metadata.beans import bean_maker
from egeria_nb.embedded.open_metadata.reads import Reader
from egeria_nb.embedded.views.metadata_common import metadata_server, truthy
from egeria_nb.wire import VoidResponse
from egeria_nb.wire.open_metadata import (
    FindRelationshipRequestBody,
    FindRequestBody,
    GetOptions,
    GetRequestBody,
    MetadataSourceRequestBody,
    NewOpenMetadataClassificationRequestBody,
    NewOpenMetadataElementRequestBody,
    NewRelatedElementsRequestBody,
    OpenMetadataDeleteRequestBody,
    ResultsRequestBody,
    SearchStringRequestBody,
    UniqueNameRequestBody,
    UpdatePropertiesRequestBody,
)
from egeria_nb.wire.responses import BooleanResponse, GUIDResponse
from egeria_nb.wire.search import COMPARISON_OPERATORS, MATCH_CRITERIA

__all__ = ["METADATA_STORE_ROUTES", "VIEW_ROUTES"]

M = TypeVar("M", bound=pydantic.BaseModel)
Q = TypeVar("Q", bound=GetOptions)


class _Target:
    """The metadata server a request reaches, and the user it acts as."""

    def __init__(self, request: web.Request) -> None:
        st = state(request)
        if "userId" in request.match_info:
            self.server = metadata_server(request)
            running = st.instances.get(self.server)
            self.user = request.match_info["userId"]
        else:
            view = check_server_name(request.match_info["serverName"])
            running_view = st.instances.get(view)
            if running_view is None or running_view.server_type != docs.VIEW_SERVER.server_type_name:
                raise FFDCError(Code.SERVER_NOT_RUNNING, view, caller(request), parameter_name="serverName")
            target = running_view.metadata_server
            running = st.instances.get(target) if target else None
            if target is None or running is None or running.server_type != docs.METADATA_ACCESS_STORE.server_type_name:
                raise FFDCError(
                    Code.UNAVAILABLE,
                    f"the metadata-expert service of view server {view}",
                    f"it calls the metadata access server {target or '(none configured)'}, which is not running "
                    "on this platform; start it, or configure the view server with create_view_server",
                )
            self.server = target
            self.user = caller(request)
        self.store = st.metadata
        self.registry = st.metadata.registry
        self.reader = Reader(
            self.registry,
            self.store,
            self.server,
            bean_maker(self.registry, self.server),
            running.max_page_size if running else 1000,
        )

    def writing(self) -> Any:
        return self.store.writing(self.server, self.user)


def _parse(data: Any, model: type[M]) -> M:
    if not isinstance(data, dict):
        raise FFDCError(Code.WRONG_BODY_SHAPE, model.__name__, "the body is not a JSON object")
    return parse_body(model, data, model.__name__, lenient=True)


async def _body(request: web.Request, model: type[M], *, required: bool = True) -> M:
    """The request body as ``model`` (read leniently); an optional absent body gives the model's defaults."""
    data = await read_json(request, model.__name__, required=required)
    return model() if data is None else _parse(data, model)


async def _needed_body(request: web.Request, model: type[M], operation: str, *, on_base_a: bool = False) -> M:
    """A body Egeria declares optional but refuses to do without (``OMAG-COMMON-400-017``).

    ``on_base_a``: the metadata access server accepts the call without a body (Egeria's base A
    fills in defaults); only the view server refuses it.
    """
    data = await read_json(request, model.__name__, required=False)
    if data is None:
        if on_base_a and "userId" in request.match_info:
            return model()
        raise FFDCError(Code.NO_REQUEST_BODY, operation, model.__name__, parameter_name="requestBody")
    return _parse(data, model)


async def _options(request: web.Request, model: type[Q]) -> Q:
    """Optional read options; without a body, base A reads what is effective now, base B whatever the time.

    So Egeria's two bases differ: the metadata access server fills in ``new Date()`` for a missing
    body, while the view server passes an empty body on, whose effective time is null.
    """
    data = await read_json(request, model.__name__, required=False)
    if data is not None:
        return _parse(data, model)
    if "userId" in request.match_info:
        return model(effective_time=datetime.now(UTC))
    return model()


def _starting_at_end(request: web.Request) -> int:
    text = request.query.get("startingAtEnd", "0")
    try:
        return int(text)
    except ValueError:
        raise FFDCError(
            Code.INVALID_VALUE, text, "startingAtEnd", "it is a whole number", "Use 1, 2 or 0 (either end)."
        ) from None


# -- elements -------------------------------------------------------------------------------------


@operation("createMetadataElementInStore", response="GUIDResponse")
async def create_element(request: web.Request) -> web.Response:
    target = _Target(request)
    body = await _body(request, NewOpenMetadataElementRequestBody)
    with target.writing() as w:
        guid = writes.create_element(target.registry, w, body)
    return answer(GUIDResponse(guid=guid))


@operation("updateMetadataElementInStore", response="BooleanResponse")
async def update_element(request: web.Request) -> web.Response:
    target = _Target(request)
    body = await _body(request, UpdatePropertiesRequestBody)
    with target.writing() as w:
        changed = writes.update_element(target.registry, w, request.match_info["metadataElementGUID"], body)
    return answer(BooleanResponse(flag=changed))


@operation("deleteMetadataElementInStore")
async def delete_element(request: web.Request) -> web.Response:
    target = _Target(request)
    await _needed_body(request, OpenMetadataDeleteRequestBody, "deleteMetadataElementInStore", on_base_a=True)
    with target.writing() as w:
        w.element(request.match_info["metadataElementGUID"], parameter_name="metadataElementGUID")
        w.delete_element(request.match_info["metadataElementGUID"])
    return answer(VoidResponse())


@operation("classifyMetadataElementInStore")
async def classify(request: web.Request) -> web.Response:
    target = _Target(request)
    body = await _body(request, NewOpenMetadataClassificationRequestBody)
    guid, name = request.match_info["metadataElementGUID"], request.match_info["classificationName"]
    with target.writing() as w:
        writes.classify(target.registry, w, guid, name, body.properties)
    return answer(VoidResponse())


@operation("reclassifyMetadataElementInStore")
async def reclassify(request: web.Request) -> web.Response:
    target = _Target(request)
    body = await _body(request, UpdatePropertiesRequestBody)
    guid, name = request.match_info["metadataElementGUID"], request.match_info["classificationName"]
    with target.writing() as w:
        writes.classify(target.registry, w, guid, name, body.properties, merge=body.merge_update)
    return answer(VoidResponse())


@operation("declassifyMetadataElementInStore")
async def declassify(request: web.Request) -> web.Response:
    target = _Target(request)
    await _needed_body(request, MetadataSourceRequestBody, "declassifyMetadataElementInStore")
    guid, name = request.match_info["metadataElementGUID"], request.match_info["classificationName"]
    with target.writing() as w:
        writes.declassify(target.registry, w, guid, name)
    return answer(VoidResponse())


def _get_options(request: web.Request) -> GetRequestBody:
    """GET's query parameters as options: ``effectiveTime`` is epoch milliseconds, 0 or absent for any time."""
    query = request.query
    try:
        millis = int(query.get("effectiveTime", "0"))
    except ValueError:
        raise FFDCError(
            Code.INVALID_VALUE,
            query.get("effectiveTime"),
            "effectiveTime",
            "it is epoch milliseconds",
            "Send the time as milliseconds since 1970 (UTC), or leave it out.",
        ) from None
    try:
        return GetRequestBody.model_validate(
            {
                "forLineage": truthy(query.get("forLineage", "false")),
                "forDuplicateProcessing": truthy(query.get("forDuplicateProcessing", "false")),
                "effectiveTime": millis or None,
            }
        )
    except pydantic.ValidationError:
        raise FFDCError(
            Code.INVALID_VALUE, millis, "effectiveTime", "it is out of range", "Send a time after 1970."
        ) from None


@operation("getMetadataElementByGUID", response="OpenMetadataElementResponse")
async def get_element(request: web.Request) -> web.Response:
    target = _Target(request)
    options = _get_options(request) if request.method == "GET" else await _options(request, GetRequestBody)
    element = target.reader.element(request.match_info["elementGUID"], options)
    return ok("OpenMetadataElementResponse", element=element)


@operation("getMetadataElementByUniqueName", response="OpenMetadataElementResponse")
async def get_by_unique_name(request: web.Request) -> web.Response:
    target = _Target(request)
    body = await _body(request, UniqueNameRequestBody)
    return ok("OpenMetadataElementResponse", element=target.reader.by_unique_name(body))


@operation("getMetadataElementGUIDByUniqueName", response="GUIDResponse")
async def get_guid_by_unique_name(request: web.Request) -> web.Response:
    target = _Target(request)
    found = target.reader.by_unique_name(await _body(request, UniqueNameRequestBody))
    return answer(GUIDResponse(guid=found["elementGUID"] if found else None))


@operation("findMetadataElements", response="OpenMetadataElementsResponse")
async def find_elements(request: web.Request) -> web.Response:
    target = _Target(request)
    data = await read_json(request, "FindRequestBody", required=False)
    if data is None:
        raise FFDCError(Code.NO_REQUEST_BODY, "findMetadataElements", "FindRequestBody", parameter_name="requestBody")
    body = _parse(data, FindRequestBody)
    return ok("OpenMetadataElementsResponse", elements=target.reader.find(body) or None)


@operation("findMetadataElementsWithString", response="OpenMetadataElementsResponse")
async def find_with_string(request: web.Request) -> web.Response:
    target = _Target(request)
    body = await _body(request, SearchStringRequestBody)
    return ok("OpenMetadataElementsResponse", elements=target.reader.search_string(body) or None)


# -- relationships ----------------------------------------------------------------------------------


@operation("createRelatedElementsInStore", response="GUIDResponse")
async def create_relationship(request: web.Request) -> web.Response:
    target = _Target(request)
    body = await _body(request, NewRelatedElementsRequestBody)
    with target.writing() as w:
        guid = writes.relate(target.registry, w, body)
    return answer(GUIDResponse(guid=guid))


@operation("updateRelatedElementsInStore")
async def update_relationship(request: web.Request) -> web.Response:
    target = _Target(request)
    body = await _body(request, UpdatePropertiesRequestBody)
    with target.writing() as w:
        writes.update_relationship(target.registry, w, request.match_info["relationshipGUID"], body)
    return answer(VoidResponse())


@operation("deleteRelationshipInStore")
async def delete_relationship(request: web.Request) -> web.Response:
    target = _Target(request)
    await _needed_body(request, OpenMetadataDeleteRequestBody, "deleteRelationshipInStore")
    with target.writing() as w:
        w.delete_relationship(request.match_info["relationshipGUID"])
    return answer(VoidResponse())


@operation("getRelationshipByGUID", response="OpenMetadataRelationshipResponse")
async def get_relationship(request: web.Request) -> web.Response:
    target = _Target(request)
    options = _get_options(request) if request.method == "GET" else await _options(request, GetRequestBody)
    found = target.reader.relationship(request.match_info["relationshipGUID"], options)
    return ok("OpenMetadataRelationshipResponse", element=found)


@operation("findRelationshipsBetweenMetadataElements", response="OpenMetadataRelationshipListResponse")
async def find_relationships(request: web.Request) -> web.Response:
    target = _Target(request)
    body = await _body(request, FindRelationshipRequestBody)
    found = target.reader.find_relationships(body)
    return ok("OpenMetadataRelationshipListResponse", relationshipList=found)


async def _related(request: web.Request, relationship_type: str | None) -> web.Response:
    target = _Target(request)
    options = await _options(request, ResultsRequestBody)
    related = target.reader.related(
        request.match_info["elementGUID"], relationship_type, _starting_at_end(request), options
    )
    return ok("RelatedMetadataElementListResponse", relatedElementList=related)


@operation("getAllRelatedMetadataElements", response="RelatedMetadataElementListResponse")
async def related_any_type(request: web.Request) -> web.Response:
    return await _related(request, None)


@operation("getRelatedMetadataElements", response="RelatedMetadataElementListResponse")
async def related_of_type(request: web.Request) -> web.Response:
    return await _related(request, request.match_info["relationshipTypeName"])


async def _linked(request: web.Request, relationship_type: str | None) -> web.Response:
    target = _Target(request)
    # Egeria's base A leaves the effective time null here, without a body.
    options = await _body(request, ResultsRequestBody, required=False)
    found = target.reader.linked(
        request.match_info["metadataElementAtEnd1GUID"],
        request.match_info["metadataElementAtEnd2GUID"],
        relationship_type,
        options,
    )
    return ok("OpenMetadataRelationshipListResponse", relationshipList=found)


@operation("getAllMetadataElementRelationships", response="OpenMetadataRelationshipListResponse")
async def linked_any_type(request: web.Request) -> web.Response:
    return await _linked(request, None)


@operation("getMetadataElementRelationships", response="OpenMetadataRelationshipListResponse")
async def linked_of_type(request: web.Request) -> web.Response:
    return await _linked(request, request.match_info["relationshipTypeName"])


@operation("detachRelatedElementsInStore")
async def detach_all(request: web.Request) -> web.Response:
    """Delete every relationship of a type from one element (at end 1) to another (at end 2)."""
    target = _Target(request)
    await _needed_body(request, OpenMetadataDeleteRequestBody, "detachRelatedElementsInStore")
    end1, end2 = request.match_info["metadataElement1GUID"], request.match_info["metadataElement2GUID"]
    relationship_type = request.match_info["relationshipTypeName"]
    with target.writing() as w:
        w.element(end1, parameter_name="metadataElement1GUID")
        w.element(end2, parameter_name="metadataElement2GUID")
        writes.check_type(target.registry, relationship_type, "relationship", "relationshipTypeName", "detach")
        for found in w.relationships_between(end1, end2, target.registry.subtypes(relationship_type)):
            w.delete_relationship(found.guid)
    return answer(VoidResponse())


def _not_served(action: str, what: str) -> Any:
    """A handler for an operation of Egeria's API that this platform does not implement: a clear answer."""

    @operation(action)
    async def not_served(request: web.Request) -> web.Response:
        _Target(request)
        raise FFDCError(Code.NOT_SERVED, what, f"{request.method} {request.path}")

    return not_served


# -- search vocabulary (view server) -----------------------------------------------------------------


@operation("getPropertyComparisonOperatorList", response="PropertyComparisonOperatorListResponse")
async def comparison_operators(request: web.Request) -> web.Response:
    _Target(request)
    return answer(_ValuesResponse(class_="PropertyComparisonOperatorListResponse", values=list(COMPARISON_OPERATORS)))


@operation("getMatchCriteriaList", response="MatchCriteriaListResponse")
async def match_criteria(request: web.Request) -> web.Response:
    _Target(request)
    return answer(_ValuesResponse(class_="MatchCriteriaListResponse", values=list(MATCH_CRITERIA)))


class _ValuesResponse(VoidResponse):
    values: list[str] | None = None


# Operations of Egeria's API this platform does not serve: answered as such, not as an unknown GUID.
_ELEMENT = "/metadata-elements/{metadataElementGUID}"
_NOT_SERVED = [
    ("/metadata-elements/from-template", "createMetadataElementFromTemplate", "creating an element from a template"),
    (_ELEMENT + "/publish", "publishMetadataElement", "publishing an element"),
    (_ELEMENT + "/withdraw", "withdrawMetadataElement", "withdrawing an element"),
    (_ELEMENT + "/update-effectivity", "updateMetadataElementEffectivityInStore", "updating effectivity dates"),
    (_ELEMENT + "/archive", "archiveMetadataElementInStore", "archiving an element"),
    (_ELEMENT + "/history", "getMetadataElementHistory", "element history"),
    (_ELEMENT + "/with-anchored-elements", "getAnchoredElementsGraph", "anchored element graphs"),
    (
        _ELEMENT + "/classifications/{classificationName}/update-effectivity",
        "updateClassificationEffectivityInStore",
        "updating effectivity dates",
    ),
    (_ELEMENT + "/classifications/{classificationName}/history", "getClassificationHistory", "classification history"),
    (
        "/related-elements/{relationshipGUID}/update-effectivity",
        "updateRelatedElementsEffectivityInStore",
        "updating effectivity dates",
    ),
    ("/relationships/{relationshipGUID}/history", "getRelationshipHistory", "relationship history"),
    ("/metadata-elements/by-search-string/for-anchor/{anchorGUID}", "findElementsForAnchor", "anchor searches"),
    (
        "/metadata-elements/by-search-string/in-anchor-domain/{anchorDomainName}",
        "findElementsInAnchorDomain",
        "anchor searches",
    ),
    (
        "/metadata-elements/by-search-string/in-anchor-scope/{anchorScopeGUID}",
        "findElementsInAnchorScope",
        "anchor searches",
    ),
]

# Element and relationship routes both bases serve. Fixed paths come before {elementGUID}, which would
# otherwise take them (aiohttp tries routes in the order they are added).
_COMMON = [
    *(("POST", path, _not_served(action, what)) for path, action, what in _NOT_SERVED),
    ("POST", "/metadata-elements", create_element),
    ("POST", "/metadata-elements/by-search-conditions", find_elements),
    ("POST", "/metadata-elements/by-search-string", find_with_string),
    ("POST", "/metadata-elements/{metadataElementGUID}/update-properties", update_element),
    ("POST", "/metadata-elements/{metadataElementGUID}/delete", delete_element),
    ("POST", "/metadata-elements/{metadataElementGUID}/classifications/{classificationName}", classify),
    (
        "POST",
        "/metadata-elements/{metadataElementGUID}/classifications/{classificationName}/update-properties",
        reclassify,
    ),
    ("POST", "/metadata-elements/{metadataElementGUID}/classifications/{classificationName}/delete", declassify),
    (
        "POST",
        "/metadata-elements/{metadataElementAtEnd1GUID}/linked-by-any-type/to-elements/{metadataElementAtEnd2GUID}",
        linked_any_type,
    ),
    (
        "POST",
        "/metadata-elements/{metadataElementAtEnd1GUID}/linked-by-type/{relationshipTypeName}/to-elements/"
        "{metadataElementAtEnd2GUID}",
        linked_of_type,
    ),
    ("POST", "/related-elements", create_relationship),
    ("POST", "/related-elements/{elementGUID}/any-type", related_any_type),
    ("POST", "/related-elements/{elementGUID}/type/{relationshipTypeName}", related_of_type),
    ("POST", "/related-elements/{relationshipGUID}/update-properties", update_relationship),
    ("POST", "/related-elements/{relationshipGUID}/delete", delete_relationship),
    ("POST", "/relationships/by-guid/{relationshipGUID}", get_relationship),
    ("POST", "/relationships/by-search-conditions", find_relationships),
]
# Base A: also GETs by GUID.
METADATA_STORE_ROUTES = [
    *_COMMON,
    ("POST", "/metadata-elements/{elementGUID}", get_element),
    ("GET", "/metadata-elements/{elementGUID}", get_element),
    ("GET", "/relationships/by-guid/{relationshipGUID}", get_relationship),
]
# Base B: also lookups by unique name, detach-all and the search vocabulary.
VIEW_ROUTES = [
    *_COMMON,
    (
        "POST",
        "/related-elements/{metadataElement1GUID}/{relationshipTypeName}/{metadataElement2GUID}/detach-all",
        detach_all,
    ),
    ("POST", "/metadata-elements/by-unique-name", get_by_unique_name),
    ("POST", "/metadata-elements/guid-by-unique-name", get_guid_by_unique_name),
    ("POST", "/metadata-elements/{elementGUID}", get_element),
    ("GET", "/metadata-search/property-comparison-operator-values", comparison_operators),
    ("GET", "/metadata-search/match-criteria-values", match_criteria),
]
