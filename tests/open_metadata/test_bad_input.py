"""Bad requests to the generic open metadata store API: each gets a clear FFDC error and changes nothing.

One table, run on both bases (A: the metadata access server, B: the view server). Each row is one
bad request as Egeria's clients could send it, with what Egeria answers (research/errors.md,
egeria-wire.md §8): the message id, ``relatedHTTPCode``, ``exceptionProperties.parameterName``
where Egeria names one, and what the user action must name (close type names, the type's
properties, the enum's values, the expected end types). Every row also checks that the store did
not change: the change log ends where it did, and a find of every element, the relationships of
the elements the table works on and a fixed relationship read back as before.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from egeria_nb.typedefs import open_metadata_types
from tests.conftest import Raw
from tests.open_metadata.conftest import (
    BASE_A,
    BASE_B,
    MD,
    PATH_USER,
    VIEW,
    Api,
    enum,
    last_sequence,
    plain,
    primitive,
    props,
    string,
    unique,
)

TYPES = open_metadata_types()
DATA_FILE_PROPERTIES = sorted(TYPES.attributes("DataFile"))
CONTENT_STATUS_VALUES = list(TYPES.enum("ContentStatus").values)  # type: ignore[union-attr]
# Taxonomy is valid only for Glossary elements, so not for a DataFile.
assert TYPES.get("Taxonomy").valid_entities == ("Glossary",)  # type: ignore[union-attr]
assert TYPES.attributes("RegisteredIntegrationConnector")["refreshTimeInterval"] == "long"
assert TYPES.attributes("DataField")["isNullable"] == "boolean"

PARSE_ERROR = "EGERIA-NB-400-011"
FIND = "/metadata-elements/by-search-conditions"


@dataclass(frozen=True)
class World:
    """Elements the bad requests aim at (made once per module on base A)."""

    folder: str
    folder_name: str
    file: str
    file_name: str
    term: str
    term_name: str
    group: str
    connector: str
    # NestedFile folder -> file.
    nested: str
    # A GUID nothing has.
    missing: str

    def fill(self, value: Any, new: str = "") -> Any:
        """``value`` with ``{file}``-style slots in its strings replaced by this world's GUIDs and names.

        ``{new}`` is ``new``: a qualified name no element has.
        """
        if isinstance(value, str):
            return value.format(new=new, **vars(self)) if "{" in value else value
        if isinstance(value, dict):
            return {k: self.fill(v, new) for k, v in value.items()}
        if isinstance(value, list):
            return [self.fill(v, new) for v in value]
        return value


Send = Callable[[Api, World], requests.Response]


@dataclass(frozen=True)
class Case:
    id: str
    send: Send
    message_id: str
    related_http_code: int
    # exceptionProperties.parameterName (None: Egeria names none, so it is not checked).
    parameter_name: str | None = None
    # The real HTTP status: 200 for errors found by the handlers, 400 for unreadable bodies, 401 without a token.
    http_status: int = 200
    # Text that must appear in the user action / the message ({file}-style slots allowed).
    in_user_action: tuple[str, ...] = ()
    in_message: tuple[str, ...] = ()
    exception_class: str | None = None
    # Extra check of the store after the refusal.
    after: Callable[[Api, World], None] | None = field(default=None)


def post(suffix: str, body: Any = None) -> Send:
    """POST ``body`` with the world's GUIDs filled in and a fresh ``{new}`` qualified name."""
    return lambda api, w: api.call("POST", w.fill(suffix), w.fill(body, unique("BadInput::New")))


def post_text(suffix: str, text: str) -> Send:
    """A body sent as it is written (not encoded from Python)."""
    return lambda api, w: api.call(
        "POST", suffix, None, data=text.encode(), headers={"Content-Type": "application/json"}
    )


def new_element(type_name: str | None, properties: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"class": "NewOpenMetadataElementRequestBody"}
    if type_name is not None:
        body["typeName"] = type_name
    if properties is not None:
        body["properties"] = properties
    body.update(extra)
    return body


def new_file(**extra: Any) -> dict[str, Any]:
    """A valid new DataFile, so only the extra part can make it bad."""
    return new_element("DataFile", props(qualifiedName="{new}"), **extra)


def new_relationship(type_name: str, end1: str, end2: str, properties: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "class": "NewRelatedElementsRequestBody",
        "typeName": type_name,
        "metadataElement1GUID": end1,
        "metadataElement2GUID": end2,
    }
    if properties is not None:
        body["properties"] = properties
    return body


def registration(**values: Any) -> dict[str, Any]:
    """RegisteredIntegrationConnector between the group and the connector, with ``values`` as its properties."""
    return new_relationship("RegisteredIntegrationConnector", "{group}", "{connector}", props(**values))


def find(**extra: Any) -> dict[str, Any]:
    return {"class": "FindRequestBody", **extra}


def update(**values: Any) -> dict[str, Any]:
    return {"class": "UpdatePropertiesRequestBody", "mergeUpdate": True, "properties": props(**values)}


GET_BODY = {"class": "GetRequestBody"}
AS_OF = "2024-01-01T00:00:00.000+00:00"


def without_token(api: Api, w: World) -> requests.Response:
    body = new_element("DataFile", props(qualifiedName=unique("BadInput::NoToken")))
    return requests.post(api.raw.url + api.base + "/metadata-elements", json=body, timeout=30)


def to_unknown_server(api: Api, w: World) -> requests.Response:
    """Base A on a metadata server, base B on a view server, that this platform does not run."""
    base = BASE_A.replace(MD, "no-such-metadata-server") if api.name == "A" else BASE_B.replace(VIEW, "no-such-view")
    body = new_element("DataFile", props(qualifiedName=unique("BadInput::NoServer")))
    return api.raw("POST", base + "/metadata-elements", json=body)


def qualified_name_kept(api: Api, w: World) -> None:
    assert plain(api.get(w.file)["elementProperties"])["qualifiedName"] == w.file_name


# fmt: off
CASES = [
    # -- type names -----------------------------------------------------------------------------
    Case("create_unknown_type_name_suggests_close_names",
         post("/metadata-elements", new_element("DataFil", props(qualifiedName="{new}"))),
         "OMAG-COMMON-400-018", 400, "typeName", in_user_action=("DataFile",), in_message=("DataFil",)),
    Case("create_without_type_name",
         post("/metadata-elements", new_element(None, props(qualifiedName="{new}"))),
         "OMAG-COMMON-400-006", 400, "metadataElementTypeName"),
    Case("create_with_relationship_type_name",
         post("/metadata-elements", new_element("NestedFile", props(qualifiedName="{new}"))),
         "OMAG-COMMON-400-019", 400, "typeName", in_user_action=("OpenMetadataRoot",), in_message=("NestedFile",)),
    Case("create_with_classification_type_name",
         post("/metadata-elements", new_element("Taxonomy", props(qualifiedName="{new}"))),
         "OMAG-COMMON-400-019", 400, "typeName", in_user_action=("OpenMetadataRoot",), in_message=("Taxonomy",)),
    Case("relate_unknown_relationship_type_suggests_close_names",
         post("/related-elements", new_relationship("NestedFil", "{folder}", "{file}")),
         "OMAG-COMMON-400-018", 400, "typeName", in_user_action=("NestedFile",), in_message=("NestedFil",)),
    Case("classify_unknown_classification_name_suggests_close_names",
         post("/metadata-elements/{file}/classifications/Taxonomi",
              {"class": "NewOpenMetadataClassificationRequestBody"}),
         "OMAG-COMMON-400-018", 400, "typeName", in_user_action=("Taxonomy",), in_message=("Taxonomi",)),
    # -- properties -----------------------------------------------------------------------------
    Case("create_with_property_the_type_lacks_lists_the_type_properties",
         post("/metadata-elements", new_element("DataFile", props(qualifiedName="{new}", pathNme="/a"))),
         "OMAG-REPOSITORY-HANDLER-400-001", 400, "newProperties",
         in_user_action=tuple(DATA_FILE_PROPERTIES), in_message=("pathNme", "DataFile")),
    Case("update_with_property_the_type_lacks_lists_the_type_properties",
         post("/metadata-elements/{file}/update-properties", update(pathNme="/a")),
         "OMAG-REPOSITORY-HANDLER-400-001", 400, "newProperties",
         in_user_action=tuple(DATA_FILE_PROPERTIES), in_message=("pathNme",)),
    Case("relate_with_int_for_long_attribute",
         post("/related-elements", registration(refreshTimeInterval=primitive("int", 60))),
         "OMAG-REPOSITORY-HANDLER-400-001", 400, "newProperties",
         in_user_action=("long",), in_message=("refreshTimeInterval",)),
    Case("relate_with_string_for_boolean_attribute",
         post("/related-elements", registration(generateConnectorActivityReports="true")),
         "OMAG-REPOSITORY-HANDLER-400-001", 400, "newProperties",
         in_user_action=("boolean",), in_message=("generateConnectorActivityReports",)),
    Case("create_with_string_for_boolean_attribute",
         post("/metadata-elements", new_element("DataField", props(qualifiedName="{new}", isNullable="yes"))),
         "OMAG-REPOSITORY-HANDLER-400-001", 400, "newProperties",
         in_user_action=("boolean",), in_message=("isNullable",)),
    Case("update_with_string_for_date_attribute",
         post("/metadata-elements/{file}/update-properties", update(storeCreateTime="2024-01-01")),
         "OMAG-REPOSITORY-HANDLER-400-001", 400, "newProperties",
         in_user_action=("date",), in_message=("storeCreateTime",)),
    Case("create_with_enum_symbol_that_is_not_a_value_lists_the_values",
         post("/metadata-elements", new_element(
             "DataFile", props(qualifiedName="{new}", contentStatus=enum("ContentStatus", "FINISHED")))),
         "OMAG-COMMON-400-032", 400, "ContentStatus",
         in_user_action=tuple(CONTENT_STATUS_VALUES), in_message=("FINISHED", "ContentStatus")),
    Case("create_referenceable_without_qualified_name",
         post("/metadata-elements", new_element("DataFile", props(pathName="/data/nameless.csv"))),
         "OMAG-COMMON-400-006", 400, "qualifiedName"),
    Case("update_replacing_properties_without_qualified_name_keeps_it",
         post("/metadata-elements/{file}/update-properties",
              {"class": "UpdatePropertiesRequestBody", "mergeUpdate": False, "properties": props(pathName="/b")}),
         "OMAG-COMMON-400-006", 400, "qualifiedName", after=qualified_name_kept),
    # -- unique names ---------------------------------------------------------------------------
    Case("create_duplicate_qualified_name_names_the_holder",
         post("/metadata-elements", new_element("DataFile", props(qualifiedName="{file_name}"))),
         "OMAG-COMMON-409-001", 409, "qualifiedName", in_message=("{file_name}", "{file}")),
    Case("create_glossary_term_with_a_folder_qualified_name",
         post("/metadata-elements", new_element("GlossaryTerm", props(qualifiedName="{folder_name}"))),
         "OMAG-COMMON-409-001", 409, "qualifiedName", in_message=("{folder_name}", "{folder}", "FileFolder")),
    Case("create_folder_with_a_glossary_term_qualified_name",
         post("/metadata-elements", new_element("FileFolder", props(qualifiedName="{term_name}"))),
         "OMAG-COMMON-409-001", 409, "qualifiedName", in_message=("{term_name}", "{term}", "GlossaryTerm")),
    # -- relationship ends and classifications ----------------------------------------------------
    Case("relate_ends_of_wrong_types_names_the_end_types",
         post("/related-elements", new_relationship("NestedFile", "{term}", "{file}")),
         "OMAG-REPOSITORY-HANDLER-500-001", 500, in_user_action=("FileFolder", "DataFile"),
         exception_class="org.odpi.openmetadata.frameworks.openmetadata.ffdc.PropertyServerException"),
    Case("relate_ends_swapped_names_the_end_types",
         post("/related-elements", new_relationship("NestedFile", "{file}", "{folder}")),
         "OMAG-REPOSITORY-HANDLER-500-001", 500, in_user_action=("FileFolder", "DataFile")),
    Case("classify_with_classification_not_valid_for_the_type",
         post("/metadata-elements/{file}/classifications/Taxonomy",
              {"class": "NewOpenMetadataClassificationRequestBody",
               "properties": props(organizingPrinciple="by subject")}),
         "OMAG-REPOSITORY-HANDLER-500-001", 500, in_user_action=("Glossary",), in_message=("Taxonomy",),
         exception_class="org.odpi.openmetadata.frameworks.openmetadata.ffdc.PropertyServerException"),
    Case("create_with_initial_classification_not_valid_for_the_type",
         post("/metadata-elements", new_file(initialClassifications={
             "Taxonomy": {"class": "NewElementProperties",
                          "propertyValueMap": {"organizingPrinciple": string("by subject")}}})),
         "OMAG-REPOSITORY-HANDLER-400-004", 404, "Taxonomy", in_user_action=("Glossary",), in_message=("Taxonomy",)),
    Case("create_under_parent_of_wrong_type_for_its_end",
         post("/metadata-elements", new_file(
             parentGUID="{term}", parentRelationshipTypeName="NestedFile", parentAtEnd1=True)),
         "OMAG-COMMON-400-019", 400, "typeName", in_user_action=("FileFolder",), in_message=("GlossaryTerm",)),
    # -- unknown GUIDs --------------------------------------------------------------------------
    Case("get_unknown_element",
         post("/metadata-elements/{missing}", GET_BODY),
         "OMAG-REPOSITORY-HANDLER-404-007", 404, "elementGUID", in_message=("{missing}",)),
    Case("update_unknown_element",
         post("/metadata-elements/{missing}/update-properties", update(description="x")),
         "OMAG-REPOSITORY-HANDLER-404-007", 404, "metadataElementGUID", in_message=("{missing}",)),
    Case("delete_unknown_element",
         post("/metadata-elements/{missing}/delete", {"class": "DeleteElementRequestBody"}),
         "OMAG-REPOSITORY-HANDLER-404-007", 404, "metadataElementGUID", in_message=("{missing}",)),
    Case("classify_unknown_element",
         post("/metadata-elements/{missing}/classifications/Taxonomy",
              {"class": "NewOpenMetadataClassificationRequestBody"}),
         "OMAG-REPOSITORY-HANDLER-404-007", 404, "metadataElementGUID", in_message=("{missing}",)),
    Case("declassify_unknown_element",
         post("/metadata-elements/{missing}/classifications/Taxonomy/delete", {"class": "MetadataSourceRequestBody"}),
         "OMAG-REPOSITORY-HANDLER-404-007", 404, "metadataElementGUID", in_message=("{missing}",)),
    Case("relate_unknown_element_at_end1",
         post("/related-elements", new_relationship("NestedFile", "{missing}", "{file}")),
         "OMAG-REPOSITORY-HANDLER-404-007", 404, "metadataElement1GUID", in_message=("{missing}",)),
    Case("relate_unknown_element_at_end2",
         post("/related-elements", new_relationship("NestedFile", "{folder}", "{missing}")),
         "OMAG-REPOSITORY-HANDLER-404-007", 404, "metadataElement2GUID", in_message=("{missing}",)),
    Case("create_under_unknown_parent",
         post("/metadata-elements", new_file(
             parentGUID="{missing}", parentRelationshipTypeName="NestedFile", parentAtEnd1=True)),
         "OMAG-REPOSITORY-HANDLER-404-007", 404, "parentGUID", in_message=("{missing}",)),
    Case("create_anchored_to_unknown_element",
         post("/metadata-elements", new_file(isOwnAnchor=False, anchorGUID="{missing}")),
         "OMAG-REPOSITORY-HANDLER-404-007", 404, "anchorGUID", in_message=("{missing}",)),
    Case("get_unknown_relationship",
         post("/relationships/by-guid/{missing}", GET_BODY),
         "OMAG-REPOSITORY-HANDLER-404-012", 404, "relationshipGUID", in_message=("{missing}",)),
    Case("update_unknown_relationship",
         post("/related-elements/{missing}/update-properties", update(description="x")),
         "OMAG-REPOSITORY-HANDLER-404-012", 404, "relationshipGUID", in_message=("{missing}",)),
    Case("delete_unknown_relationship",
         post("/related-elements/{missing}/delete", {"class": "DeleteRelationshipRequestBody"}),
         "OMAG-REPOSITORY-HANDLER-404-012", 404, "relationshipGUID", in_message=("{missing}",)),
    # -- unreadable bodies (HTTP 400, like Egeria's Jackson handler) -------------------------------
    Case("string_primitive_value_for_type_long",
         post("/related-elements", registration(refreshTimeInterval=primitive("long", "60"))),
         PARSE_ERROR, 400, http_status=400, in_message=("propertyValueMap.refreshTimeInterval",)),
    Case("integer_primitive_value_for_type_double",
         post("/metadata-elements", new_element(
             "DataFile", props(qualifiedName="{new}", storeCreateTime=primitive("double", 3)))),
         PARSE_ERROR, 400, http_status=400, in_message=("propertyValueMap.storeCreateTime",)),
    Case("property_value_of_unknown_class",
         post("/metadata-elements", new_element("DataFile", props(
             qualifiedName="{new}",
             pathName={"class": "StringTypePropertyValue", "typeName": "string", "primitiveValue": "/a"}))),
         PARSE_ERROR, 400, http_status=400,
         in_message=("propertyValueMap.pathName", "StringTypePropertyValue", "PrimitiveTypePropertyValue")),
    Case("property_value_without_class",
         post("/metadata-elements", new_element("DataFile", props(
             qualifiedName="{new}", pathName={"typeName": "string", "primitiveValue": "/a"}))),
         PARSE_ERROR, 400, http_status=400, in_message=("propertyValueMap.pathName", "class")),
    Case("primitive_type_name_capitalised",
         post("/metadata-elements", new_element("DataFile", props(
             qualifiedName="{new}", pathName=primitive("String", "/a")))),
         PARSE_ERROR, 400, http_status=400, in_message=("propertyValueMap.pathName", "String")),
    Case("malformed_json",
         post_text("/metadata-elements", '{"class": "NewOpenMetadataElementRequestBody", "typeName": "DataFile",}'),
         "EGERIA-NB-400-010", 400, http_status=400,
         exception_class="com.fasterxml.jackson.core.JsonParseException"),
    # -- finds ----------------------------------------------------------------------------------
    Case("find_with_negative_start_from",
         post(FIND, find(metadataElementTypeName="DataFile", startFrom=-1)),
         "OMAG-COMMON-400-008", 400, "startFrom"),
    Case("find_with_negative_page_size",
         post(FIND, find(metadataElementTypeName="DataFile", pageSize=-1)),
         "OMAG-COMMON-400-009", 400, "pageSize"),
    Case("find_with_page_size_over_the_server_maximum",
         post(FIND, find(metadataElementTypeName="DataFile", pageSize=1001)),
         "OMAG-COMMON-400-010", 400, "pageSize", in_user_action=("1000",)),
    Case("search_string_with_page_size_over_the_server_maximum",
         post("/metadata-elements/by-search-string",
              {"class": "SearchStringRequestBody", "searchString": "BadInput", "pageSize": 1001}),
         "OMAG-COMMON-400-010", 400, "pageSize", in_user_action=("1000",)),
    Case("find_without_body",
         post(FIND),
         "OMAG-COMMON-400-017", 400, "requestBody"),
    Case("find_without_conditions_or_type",
         post(FIND, find()),
         "OMAG-COMMON-400-006", 400, "metadataElementTypeName"),
    Case("find_as_of_a_past_time",
         post(FIND, find(metadataElementTypeName="DataFile", asOfTime=AS_OF)),
         "EGERIA-NB-400-030", 400, "asOfTime"),
    Case("get_as_of_a_past_time",
         post("/metadata-elements/{file}", {"class": "GetRequestBody", "asOfTime": AS_OF}),
         "EGERIA-NB-400-030", 400, "asOfTime"),
    # -- servers and tokens ---------------------------------------------------------------------
    Case("unknown_server",
         to_unknown_server,
         "OMAG-MULTI-TENANT-404-001", 404, in_message=("no-such-",)),
    Case("no_bearer_token",
         without_token,
         "EGERIA-NB-401-001", 401, http_status=401, in_user_action=("Bearer",)),
]
# fmt: on


@pytest.fixture(scope="module")
def world(module_raw: Raw) -> World:
    api = Api(module_raw, BASE_A, "A", PATH_USER)
    folder_name, file_name, term_name = unique("BadInput::Folder"), unique("BadInput::File"), unique("BadInput::Term")
    folder = api.create("FileFolder", folder_name, values={"pathName": "/data"})
    file = api.create("DataFile", file_name, values={"pathName": "/data/a.csv"})
    term = api.create("GlossaryTerm", term_name, values={"displayName": "Bad input"})
    group = api.create("IntegrationGroup", unique("BadInput::Group"))
    connector = api.create("IntegrationConnector", unique("BadInput::Connector"))
    nested = api.relate("NestedFile", folder, file)
    return World(folder, folder_name, file, file_name, term, term_name, group, connector, nested, str(uuid.uuid4()))


def snapshot(api: Api, w: World) -> dict[str, Any]:
    """What a find and gets show of the store: every element, the world's relationships, one relationship."""
    elements = api.find({"metadataElementTypeName": "OpenMetadataRoot", "pageSize": 0})
    related = {
        guid: api.ok(f"/related-elements/{guid}/any-type", {"class": "ResultsRequestBody"})["relatedElementList"]
        for guid in (w.folder, w.file, w.term, w.group)
    }
    nested = api.ok(f"/relationships/by-guid/{w.nested}", {"class": "GetRequestBody"})["element"]
    # The find sees the store: the world's elements are in it.
    assert {w.folder, w.file, w.term, w.group, w.connector} <= {e["elementGUID"] for e in elements}
    return {
        "elements": sorted(elements, key=lambda e: e["elementGUID"]),
        "related": related,
        "nested": nested,
    }


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_request_gets_clear_ffdc_error_and_changes_nothing(
    api: Api, module_raw: Raw, world: World, case: Case
) -> None:
    before_sequence = last_sequence(module_raw)
    before = snapshot(api, world)

    response = case.send(api, world)

    assert response.status_code == case.http_status, response.text
    answer = response.json()
    # The whole answer in each failure message (pytest would shorten a dict).
    body = json.dumps(answer, indent=1)
    assert answer["relatedHTTPCode"] == case.related_http_code, body
    assert answer["exceptionErrorMessageId"] == case.message_id, body
    assert answer["exceptionErrorMessage"].startswith(case.message_id + " "), body
    assert answer["exceptionErrorMessage"].strip() != case.message_id, body
    assert answer["exceptionSystemAction"], body
    assert answer["exceptionUserAction"], body
    assert answer["exceptionClassName"], body
    if case.exception_class is not None:
        assert answer["exceptionClassName"] == case.exception_class, body
    if case.parameter_name is not None:
        assert (answer.get("exceptionProperties") or {}).get("parameterName") == case.parameter_name, body
    for text in case.in_user_action:
        assert world.fill(text) in answer["exceptionUserAction"], f"{world.fill(text)!r} not in the user action: {body}"
    for text in case.in_message:
        assert world.fill(text) in answer["exceptionErrorMessage"], f"{world.fill(text)!r} not in the message: {body}"

    assert last_sequence(module_raw) == before_sequence
    assert snapshot(api, world) == before
    if case.after is not None:
        case.after(api, world)
