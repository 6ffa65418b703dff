"""Elements through Egeria's generic open metadata store API (egeria-wire.md §8, beans.md §3-§8), on both bases.

Covers create (``NewOpenMetadataElementRequestBody``) and the ``OpenMetadataElement`` a get returns, field by
field; typed property values of every kind; anchors (own, another element's, scopes); a parent relationship
made with the element (either end); initial classifications; effectivity dates; the ways to get an element by
GUID; merging and replacing updates (pyegeria's body included); and delete with the bodies Egeria's clients send,
taking the element's relationships and the elements anchored to it along.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from egeria_nb.typedefs import open_metadata_types
from tests.open_metadata.conftest import (
    MD,
    Api,
    enum,
    last_sequence,
    plain,
    primitive,
    props,
    string,
    string_array,
    string_map,
    unique,
)

# java.util.Date as Spring Boot's Jackson writes it: ISO-8601 with millis and an offset.
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$")
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CATEGORIES = {
    "string": "OM_PRIMITIVE_TYPE_STRING",
    "int": "OM_PRIMITIVE_TYPE_INT",
    "long": "OM_PRIMITIVE_TYPE_LONG",
    "boolean": "OM_PRIMITIVE_TYPE_BOOLEAN",
    "date": "OM_PRIMITIVE_TYPE_DATE",
}
TYPES = open_metadata_types()


def moment(text: str) -> datetime:
    assert ISO.match(text), text
    return datetime.fromisoformat(text)


def millis(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def assert_primitive(value: dict[str, Any], type_name: str, primitive_value: Any) -> None:
    """A PrimitiveTypePropertyValue as Egeria writes it: class, typeName, primitiveTypeCategory, primitiveValue."""
    assert value == {
        "class": "PrimitiveTypePropertyValue",
        "typeName": type_name,
        "primitiveTypeCategory": CATEGORIES[type_name],
        "primitiveValue": primitive_value,
    }


def new_element(type_name: str, qualified_name: str, **extra: Any) -> dict[str, Any]:
    """A NewOpenMetadataElementRequestBody as Egeria's Java client and pyegeria send it."""
    values = extra.pop("values", {})
    return {
        "class": "NewOpenMetadataElementRequestBody",
        "typeName": type_name,
        "properties": {**props(qualifiedName=qualified_name, **values), "class": "NewElementProperties"},
        **extra,
    }


def classification(element: dict[str, Any], name: str) -> dict[str, Any]:
    found = [c for c in element.get("classifications") or [] if c["classificationName"] == name]
    assert len(found) == 1, element.get("classifications")
    return found[0]


def related(api: Api, guid: str, relationship: str, end: int = 0) -> dict[str, Any]:
    answer = api.ok(
        f"/related-elements/{guid}/type/{relationship}",
        {"class": "ResultsRequestBody"},
        params={"startingAtEnd": str(end)},
    )
    assert answer["class"] == "RelatedMetadataElementListResponse"
    return answer["relatedElementList"]


def assert_gone(api: Api, guid: str) -> None:
    failure = api.fails(f"/metadata-elements/{guid}", {"class": "GetRequestBody"})
    assert failure["exceptionErrorMessageId"] == "OMAG-REPOSITORY-HANDLER-404-007"
    assert failure["relatedHTTPCode"] == 404
    assert failure["exceptionProperties"]["parameterName"] == "elementGUID"


# -- create and get: the OpenMetadataElement, field by field -----------------------------------------


def test_create_answers_a_guid_response_and_get_answers_every_header_field(api: Api) -> None:
    name = unique("DataFile")
    before = datetime.now(UTC) - timedelta(seconds=1)
    response = api.ok("/metadata-elements", new_element("DataFile", name, values={"pathName": "/data/a.csv"}))
    after = datetime.now(UTC) + timedelta(seconds=1)
    assert response["class"] == "GUIDResponse"
    guid = response["guid"]
    assert GUID.match(guid)

    answer = api.ok(f"/metadata-elements/{guid}", {"class": "GetRequestBody"})
    assert answer["class"] == "OpenMetadataElementResponse"
    element = answer["element"]
    assert element["elementGUID"] == guid
    assert element["headerVersion"] == 0
    assert element["status"] == "ACTIVE"
    assert element["type"]["typeName"] == "DataFile"
    assert element["type"]["typeId"] == TYPES.get("DataFile").guid  # type: ignore[union-attr]
    assert element["type"]["superTypeNames"] == ["DataStore", "DataAsset", "Asset", "Referenceable", "OpenMetadataRoot"]
    assert element["type"]["typeVersion"] == TYPES.get("DataFile").version  # type: ignore[union-attr]
    assert element["type"]["typeCategory"] == "ENTITY_DEF"
    origin = element["origin"]
    assert origin["sourceServer"] == MD
    assert origin["originCategory"] == "LOCAL_COHORT"
    assert origin["homeMetadataCollectionName"] == MD
    assert isinstance(origin["homeMetadataCollectionId"], str) and origin["homeMetadataCollectionId"]
    versions = element["versions"]
    assert versions["createdBy"] == api.user
    assert before <= moment(versions["createTime"]) <= after
    assert versions["version"] == 1
    assert "updatedBy" not in versions and "updateTime" not in versions
    # Never set: NON_NULL leaves them out.
    assert "effectiveFromTime" not in element and "effectiveToTime" not in element

    properties = element["elementProperties"]
    assert set(properties["propertyValueMap"]) == {"qualifiedName", "pathName"}
    assert_primitive(properties["propertyValueMap"]["qualifiedName"], "string", name)
    assert_primitive(properties["propertyValueMap"]["pathName"], "string", "/data/a.csv")
    assert sorted(properties["propertyNames"]) == ["pathName", "qualifiedName"]
    assert properties["propertyCount"] == 2
    assert properties["propertiesAsStrings"] == {"qualifiedName": name, "pathName": "/data/a.csv"}


def test_created_by_is_the_acting_user_of_each_base(api: Api, module_platform: Any) -> None:
    guid = api.create("DataFile", unique("DataFile"))
    created_by = api.get(guid)["versions"]["createdBy"]
    # A acts as the path's user (whatever the token's); B as the token's user.
    assert created_by == ("erinoverview" if api.name == "A" else module_platform.user_id)


# -- typed property values ------------------------------------------------------------------------------


def test_string_int_long_and_boolean_values_round_trip(api: Api) -> None:
    name = unique("NotificationType")
    guid = api.create(
        "NotificationType",
        name,
        values={
            "domainIdentifier": primitive("int", 7),
            "minimumNotificationInterval": primitive("long", 5_000_000_000),
            "multipleNotificationsPermitted": primitive("boolean", True),
            "description": string("Tells the stewards"),
        },
    )
    values = api.get(guid)["elementProperties"]["propertyValueMap"]
    assert_primitive(values["qualifiedName"], "string", name)
    assert_primitive(values["domainIdentifier"], "int", 7)
    assert_primitive(values["minimumNotificationInterval"], "long", 5_000_000_000)
    assert_primitive(values["multipleNotificationsPermitted"], "boolean", True)
    assert_primitive(values["description"], "string", "Tells the stewards")


def test_date_enum_map_and_array_values_round_trip(api: Api) -> None:
    created = 1_700_000_000_123
    guid = api.create(
        "DataFile",
        unique("DataFile"),
        values={
            "storeCreateTime": primitive("date", created),
            "contentStatus": enum("ContentStatus", "APPROVED"),
            "additionalProperties": string_map({"owner": "sales", "tier": "gold"}),
            "authors": string_array(["Erin", "Peter"]),
        },
    )
    assert TYPES.attributes("DataFile")["contentStatus"] == "ContentStatus"
    assert "APPROVED" in TYPES.enum("ContentStatus").values  # type: ignore[union-attr]
    values = api.get(guid)["elementProperties"]["propertyValueMap"]

    # A date goes in and comes out as epoch milliseconds, not ISO text.
    assert_primitive(values["storeCreateTime"], "date", created)
    assert values["contentStatus"] == {
        "class": "EnumTypePropertyValue",
        "typeName": "ContentStatus",
        "symbolicName": "APPROVED",
    }
    additional = values["additionalProperties"]
    assert additional["class"] == "MapTypePropertyValue"
    assert additional["typeName"] == "map<string,string>"
    members = additional["mapValues"]["propertyValueMap"]
    assert set(members) == {"owner", "tier"}
    assert_primitive(members["owner"], "string", "sales")
    assert_primitive(members["tier"], "string", "gold")
    authors = values["authors"]
    assert authors["class"] == "ArrayTypePropertyValue"
    assert authors["typeName"] == "array<string>"
    assert authors["arrayCount"] == 2
    items = authors["arrayValues"]["propertyValueMap"]
    assert set(items) == {"0", "1"}
    assert_primitive(items["0"], "string", "Erin")
    assert_primitive(items["1"], "string", "Peter")


def test_nested_element_properties_carry_their_read_only_getters(api: Api) -> None:
    # Jackson writes every public getter: mapElementCount on a map value, and propertyNames/propertyCount on
    # every ElementProperties, the ones inside map and array values too (beans.md §1, §4).
    guid = api.create(
        "DataFile",
        unique("DataFile"),
        values={"additionalProperties": string_map({"owner": "sales"}), "authors": string_array(["Erin", "Peter"])},
    )
    values = api.get(guid)["elementProperties"]["propertyValueMap"]
    additional = values["additionalProperties"]
    assert additional["mapElementCount"] == 1
    assert additional["mapValues"]["propertyNames"] == ["owner"]
    assert additional["mapValues"]["propertyCount"] == 1
    array = values["authors"]["arrayValues"]
    assert sorted(array["propertyNames"]) == ["0", "1"]
    assert array["propertyCount"] == 2


def test_a_value_needs_only_one_of_type_name_and_primitive_type_category(api: Api) -> None:
    # Egeria's setTypeName sets the category and setPrimitiveTypeCategory the type name: either is enough.
    def category_only(category: str, value: Any) -> dict[str, Any]:
        return {"class": "PrimitiveTypePropertyValue", "primitiveTypeCategory": category, "primitiveValue": value}

    name = unique("NotificationType")
    guid = api.create(
        "NotificationType",
        name,
        values={
            "description": category_only("OM_PRIMITIVE_TYPE_STRING", "by category"),
            "domainIdentifier": category_only("OM_PRIMITIVE_TYPE_INT", 3),
            "notificationInterval": category_only("OM_PRIMITIVE_TYPE_LONG", 6_000_000_000),
            "multipleNotificationsPermitted": category_only("OM_PRIMITIVE_TYPE_BOOLEAN", False),
            "notificationCount": primitive("long", 12),
        },
    )
    values = api.get(guid)["elementProperties"]["propertyValueMap"]
    assert_primitive(values["qualifiedName"], "string", name)
    assert_primitive(values["description"], "string", "by category")
    assert_primitive(values["domainIdentifier"], "int", 3)
    assert_primitive(values["notificationInterval"], "long", 6_000_000_000)
    assert_primitive(values["multipleNotificationsPermitted"], "boolean", False)
    assert_primitive(values["notificationCount"], "long", 12)

    guid = api.create(
        "DataFile",
        unique("DataFile"),
        values={"storeUpdateTime": category_only("OM_PRIMITIVE_TYPE_DATE", 1_600_000_000_000)},
    )
    values = api.get(guid)["elementProperties"]["propertyValueMap"]
    assert_primitive(values["storeUpdateTime"], "date", 1_600_000_000_000)


# -- anchors ------------------------------------------------------------------------------------------------


def test_an_element_is_its_own_anchor_by_default(api: Api) -> None:
    guid = api.create("DataFile", unique("DataFile"))
    anchors = classification(api.get(guid), "Anchors")
    assert anchors["class"] == "AttachedClassification"
    assert anchors["classificationName"] == "Anchors"
    assert anchors["classificationOrigin"] == "ASSIGNED"
    assert anchors["status"] == "ACTIVE"
    assert anchors["type"]["typeName"] == "Anchors"
    assert anchors["type"]["typeId"] == TYPES.get("Anchors").guid  # type: ignore[union-attr]
    assert anchors["type"]["typeCategory"] == "CLASSIFICATION_DEF"
    assert anchors["versions"]["createdBy"] == api.user
    values = plain(anchors["classificationProperties"])
    assert values["anchorTypeName"] == "DataFile"
    assert values["anchorDomainName"] == "Asset"
    # Egeria leaves an own anchor's anchorGUID out and reads a missing one as "itself"; the element's own GUID
    # says the same.
    assert values.get("anchorGUID", guid) == guid
    assert_primitive(anchors["classificationProperties"]["propertyValueMap"]["anchorTypeName"], "string", "DataFile")


def test_is_own_anchor_true_ignores_an_anchor_guid(api: Api) -> None:
    other = api.create("DataFile", unique("DataFile"))
    guid = api.create("DataFile", unique("DataFile"), isOwnAnchor=True, anchorGUID=other)
    values = plain(classification(api.get(guid), "Anchors")["classificationProperties"])
    assert values.get("anchorGUID", guid) == guid
    assert values["anchorTypeName"] == "DataFile"


def test_is_own_anchor_false_with_anchor_guid_anchors_to_that_element(api: Api) -> None:
    anchor = api.create("DataFile", unique("DataFile"))
    guid = api.create("Connection", unique("Connection"), isOwnAnchor=False, anchorGUID=anchor)
    values = plain(classification(api.get(guid), "Anchors")["classificationProperties"])
    assert values["anchorGUID"] == anchor
    # The anchor's type and domain, not the Connection's.
    assert values["anchorTypeName"] == "DataFile"
    assert values["anchorDomainName"] == "Asset"


def test_is_own_anchor_false_without_anchor_guid_gives_no_anchors(api: Api) -> None:
    guid = api.create("DataFile", unique("DataFile"), isOwnAnchor=False)
    names = [c["classificationName"] for c in api.get(guid).get("classifications") or []]
    assert "Anchors" not in names


def test_anchor_scope_guids_are_kept(api: Api) -> None:
    scopes = [api.create("FileFolder", unique("FileFolder")), api.create("FileFolder", unique("FileFolder"))]
    own = api.create("DataFile", unique("DataFile"), anchorScopeGUIDs=scopes)
    anchors = classification(api.get(own), "Anchors")["classificationProperties"]["propertyValueMap"]
    assert anchors["anchorScopeGUIDs"]["class"] == "ArrayTypePropertyValue"
    assert anchors["anchorScopeGUIDs"]["typeName"] == "array<string>"
    assert plain({"propertyValueMap": anchors})["anchorScopeGUIDs"] == scopes

    anchored = api.create(
        "Connection", unique("Connection"), isOwnAnchor=False, anchorGUID=own, anchorScopeGUIDs=scopes[:1]
    )
    values = plain(classification(api.get(anchored), "Anchors")["classificationProperties"])
    assert values["anchorGUID"] == own
    assert values["anchorScopeGUIDs"] == scopes[:1]


# -- parent relationship made with the element ---------------------------------------------------------


def test_parent_at_end1_links_a_folder_to_its_new_file(api: Api) -> None:
    folder = api.create("FileFolder", unique("FileFolder"))
    name = unique("DataFile")
    guid = api.create("DataFile", name, parentGUID=folder, parentRelationshipTypeName="NestedFile", parentAtEnd1=True)
    listing = related(api, folder, "NestedFile")
    assert listing["startingElement"]["elementGUID"] == folder
    [link] = listing["elementList"]
    assert link["element"]["elementGUID"] == guid
    assert link["elementAtEnd1"] is False
    assert link["type"]["typeName"] == "NestedFile"
    assert link["type"]["typeCategory"] == "RELATIONSHIP_DEF"
    assert link["versions"]["createdBy"] == api.user
    # The folder is at end 1: it finds the file starting there, not starting at end 2.
    assert len(related(api, folder, "NestedFile", end=1)["elementList"]) == 1
    assert not related(api, folder, "NestedFile", end=2).get("elementList")

    relationship = api.ok(f"/relationships/by-guid/{link['relationshipGUID']}", {"class": "GetRequestBody"})["element"]
    assert relationship["elementGUIDAtEnd1"] == folder
    assert relationship["elementGUIDAtEnd2"] == guid
    assert relationship["labelAtEnd1"] == "homeFolder"
    assert relationship["labelAtEnd2"] == "nestedFiles"
    assert relationship["elementAtEnd2"]["uniqueName"] == name


def test_parent_at_end1_by_default_links_a_connector_to_its_new_connection(api: Api) -> None:
    # AssetConnection: end 1 Asset (the IntegrationConnector), end 2 Connection; parentAtEnd1 defaults to true.
    connector = api.create("IntegrationConnector", unique("IntegrationConnector"))
    guid = api.create(
        "Connection", unique("Connection"), parentGUID=connector, parentRelationshipTypeName="AssetConnection"
    )
    [link] = related(api, connector, "AssetConnection")["elementList"]
    assert link["element"]["elementGUID"] == guid
    assert link["element"]["type"]["typeName"] == "Connection"
    assert link["elementAtEnd1"] is False
    [back] = related(api, guid, "AssetConnection")["elementList"]
    assert back["element"]["elementGUID"] == connector
    assert back["elementAtEnd1"] is True


def test_parent_at_end2_puts_the_new_element_at_end1(api: Api) -> None:
    # ConnectionConnectorType: end 1 Connection, end 2 ConnectorType; the parent is the ConnectorType.
    connector_type = api.create("ConnectorType", unique("ConnectorType"))
    guid = api.create(
        "Connection",
        unique("Connection"),
        parentGUID=connector_type,
        parentRelationshipTypeName="ConnectionConnectorType",
        parentAtEnd1=False,
    )
    listing = related(api, connector_type, "ConnectionConnectorType")
    [link] = listing["elementList"]
    assert link["element"]["elementGUID"] == guid
    assert link["elementAtEnd1"] is True
    assert len(related(api, connector_type, "ConnectionConnectorType", end=2)["elementList"]) == 1
    assert not related(api, connector_type, "ConnectionConnectorType", end=1).get("elementList")
    relationship = api.ok(f"/relationships/by-guid/{link['relationshipGUID']}", {"class": "GetRequestBody"})["element"]
    assert relationship["elementGUIDAtEnd1"] == guid
    assert relationship["elementGUIDAtEnd2"] == connector_type


# -- initial classifications ----------------------------------------------------------------------------


def test_initial_classifications_appear_on_the_element(api: Api) -> None:
    guid = api.create(
        "DataFile",
        unique("DataFile"),
        initialClassifications={
            "DataAssetEncoding": {
                **props(encodingType="UTF-8", encodingLanguage="en"),
                "class": "NewElementProperties",
            },
            "Confidentiality": {
                **props(confidentialityLevel=primitive("int", 3), notes="internal only"),
                "class": "NewElementProperties",
            },
        },
    )
    element = api.get(guid)
    names = sorted(c["classificationName"] for c in element["classifications"])
    assert names == ["Anchors", "Confidentiality", "DataAssetEncoding"]
    encoding = classification(element, "DataAssetEncoding")
    assert encoding["class"] == "AttachedClassification"
    assert encoding["classificationOrigin"] == "ASSIGNED"
    assert encoding["type"]["typeName"] == "DataAssetEncoding"
    assert encoding["type"]["typeId"] == TYPES.get("DataAssetEncoding").guid  # type: ignore[union-attr]
    assert encoding["type"]["typeCategory"] == "CLASSIFICATION_DEF"
    assert encoding["versions"]["createdBy"] == api.user
    assert plain(encoding["classificationProperties"]) == {"encodingType": "UTF-8", "encodingLanguage": "en"}
    confidentiality = classification(element, "Confidentiality")["classificationProperties"]
    assert_primitive(confidentiality["propertyValueMap"]["confidentialityLevel"], "int", 3)
    assert_primitive(confidentiality["propertyValueMap"]["notes"], "string", "internal only")
    assert confidentiality["propertyCount"] == 2


# -- effectivity ------------------------------------------------------------------------------------------

FROM = datetime(2020, 1, 1, tzinfo=UTC)
TO = datetime(2100, 1, 1, tzinfo=UTC)


def windowed(api: Api, start: datetime | None = FROM, end: datetime | None = TO) -> str:
    body = new_element("DataFile", unique("DataFile"))
    if start is not None:
        body["properties"]["effectiveFrom"] = start.isoformat(timespec="milliseconds")
    if end is not None:
        body["properties"]["effectiveTo"] = end.isoformat(timespec="milliseconds")
    return api.ok("/metadata-elements", body)["guid"]


def test_effective_from_and_to_come_back_as_effective_times(api: Api) -> None:
    element = api.get(windowed(api))
    assert moment(element["effectiveFromTime"]) == FROM
    assert moment(element["effectiveToTime"]) == TO


def test_get_at_a_time_outside_the_effectivity_window_is_refused(api: Api) -> None:
    guid = windowed(api)
    inside = api.ok(
        f"/metadata-elements/{guid}",
        {"class": "GetRequestBody", "effectiveTime": millis(datetime(2025, 6, 1, tzinfo=UTC))},
    )
    assert inside["element"]["elementGUID"] == guid
    for when in (
        datetime(2019, 12, 31, tzinfo=UTC).isoformat(timespec="milliseconds"),  # ISO text, as the .http file sends
        millis(datetime(2100, 6, 1, tzinfo=UTC)),  # epoch ms, as Egeria's Java client sends
    ):
        failure = api.fails(f"/metadata-elements/{guid}", {"class": "GetRequestBody", "effectiveTime": when})
        assert failure["exceptionErrorMessageId"] == "OMAG-REPOSITORY-HANDLER-400-010", failure
        assert failure["relatedHTTPCode"] == 400
        assert failure["exceptionProperties"]["parameterName"] == "elementGUID"
        assert guid in failure["exceptionErrorMessage"]


# -- get by GUID ------------------------------------------------------------------------------------------


def test_get_by_post_with_and_without_a_body(api: Api) -> None:
    guid = api.create("DataFile", unique("DataFile"))
    with_body = api.ok(f"/metadata-elements/{guid}", {"class": "GetRequestBody", "forLineage": False})
    without = api.ok(f"/metadata-elements/{guid}")
    assert with_body["element"]["elementGUID"] == without["element"]["elementGUID"] == guid
    assert without["element"]["elementProperties"] == with_body["element"]["elementProperties"]


def test_get_on_base_a_with_query_parameters(api_a: Api) -> None:
    guid = windowed(api_a)
    plain_get = api_a.ok(f"/metadata-elements/{guid}", method="GET")
    assert plain_get["class"] == "OpenMetadataElementResponse"
    assert plain_get["element"]["elementGUID"] == guid
    flags = api_a.ok(
        f"/metadata-elements/{guid}",
        method="GET",
        params={"forLineage": "true", "forDuplicateProcessing": "true"},
    )
    assert flags["element"]["elementGUID"] == guid
    inside = api_a.ok(
        f"/metadata-elements/{guid}",
        method="GET",
        params={"effectiveTime": str(millis(datetime(2030, 1, 1, tzinfo=UTC)))},
    )
    assert inside["element"]["elementGUID"] == guid
    failure = api_a.fails(
        f"/metadata-elements/{guid}",
        method="GET",
        params={"effectiveTime": str(millis(datetime(2010, 1, 1, tzinfo=UTC)))},
    )
    assert failure["exceptionErrorMessageId"] == "OMAG-REPOSITORY-HANDLER-400-010"
    assert failure["relatedHTTPCode"] == 400


def test_a_get_without_effective_time_means_now_for_post_without_body_on_base_a_and_any_time_otherwise(
    api_a: Api, api_b: Api
) -> None:
    # endpoints.md §4/§5: base A's POST without a body asks for "effective now"; A's GET without effectiveTime
    # and B (whose client always sends a GetRequestBody) ask for any time.
    guid = windowed(api_a, start=FROM, end=datetime(2021, 1, 1, tzinfo=UTC))
    failure = api_a.fails(f"/metadata-elements/{guid}")
    assert failure["exceptionErrorMessageId"] == "OMAG-REPOSITORY-HANDLER-400-010"
    assert api_a.ok(f"/metadata-elements/{guid}", method="GET")["element"]["elementGUID"] == guid
    assert api_b.ok(f"/metadata-elements/{guid}")["element"]["elementGUID"] == guid


# -- update properties -----------------------------------------------------------------------------------


def update(api: Api, guid: str, body: dict[str, Any]) -> bool:
    answer = api.ok(f"/metadata-elements/{guid}/update-properties", body)
    assert answer["class"] == "BooleanResponse"
    return answer["flag"]


def test_update_merges_by_default_and_sets_the_update_header(api: Api) -> None:
    name = unique("DataFile")
    guid = api.create("DataFile", name, values={"pathName": "/data/a.csv", "description": "first"})
    created = api.get(guid)["versions"]
    changed = update(
        api, guid, {"class": "UpdatePropertiesRequestBody", "properties": props(description="second", fileType="csv")}
    )
    assert changed is True
    element = api.get(guid)
    assert plain(element["elementProperties"]) == {
        "qualifiedName": name,
        "pathName": "/data/a.csv",
        "description": "second",
        "fileType": "csv",
    }
    assert element["elementProperties"]["propertyCount"] == 4
    versions = element["versions"]
    assert versions["version"] == 2
    assert versions["createdBy"] == api.user
    assert versions["updatedBy"] == api.user
    assert moment(versions["updateTime"]) >= moment(created["createTime"])
    assert versions["createTime"] == created["createTime"]


def test_update_with_merge_update_false_replaces_the_properties(api: Api) -> None:
    guid = api.create("DataFile", unique("DataFile"), values={"pathName": "/data/a.csv", "description": "first"})
    name = unique("DataFile")
    body = {
        "class": "UpdatePropertiesRequestBody",
        "mergeUpdate": False,
        "properties": props(qualifiedName=name, fileName="b.csv"),
    }
    assert update(api, guid, body) is True
    element = api.get(guid)
    assert plain(element["elementProperties"]) == {"qualifiedName": name, "fileName": "b.csv"}
    assert element["versions"]["version"] == 2


@pytest.mark.parametrize("replace", [False, True])
def test_update_with_pyegerias_body_merges_whatever_replace_properties_says(api: Api, replace: bool) -> None:
    # pyegeria sends replaceProperties, which is no Egeria field: mergeUpdate keeps its default (true).
    name = unique("DataFile")
    guid = api.create("DataFile", name, values={"pathName": "/data/a.csv", "description": "first"})
    body = {
        "class": "UpdatePropertiesRequestBody",
        "forLineage": False,
        "forDuplicateProcessing": False,
        "properties": {
            "class": "ElementProperties",
            "propertyValueMap": {
                "description": {"class": "PrimitiveTypePropertyValue", "typeName": "string", "primitiveValue": "second"}
            },
        },
        "replaceProperties": replace,
    }
    assert update(api, guid, body) is True
    assert plain(api.get(guid)["elementProperties"]) == {
        "qualifiedName": name,
        "pathName": "/data/a.csv",
        "description": "second",
    }


def test_an_update_that_changes_nothing_answers_false_and_keeps_the_version(api: Api) -> None:
    guid = api.create("DataFile", unique("DataFile"), values={"pathName": "/data/a.csv"})
    body = {"class": "UpdatePropertiesRequestBody", "properties": props(pathName="/data/a.csv")}
    assert update(api, guid, body) is False
    versions = api.get(guid)["versions"]
    assert versions["version"] == 1
    assert "updatedBy" not in versions
    assert update(api, guid, {"class": "UpdatePropertiesRequestBody", "properties": props(pathName="/data/b.csv")})
    assert api.get(guid)["versions"]["version"] == 2
    assert (
        update(api, guid, {"class": "UpdatePropertiesRequestBody", "properties": props(pathName="/data/b.csv")})
        is False
    )
    assert api.get(guid)["versions"]["version"] == 2


# -- delete ------------------------------------------------------------------------------------------------

DELETE_BODIES = {
    # Egeria's Java client.
    "OpenMetadataDeleteRequestBody": {
        "class": "OpenMetadataDeleteRequestBody",
        "forLineage": False,
        "forDuplicateProcessing": False,
    },
    # pyegeria's MetadataExpert.delete_metadata_element.
    "pyegeria": {
        "class": "DeleteElementRequestBody",
        "cascadeDelete": False,
        "forLineage": False,
        "forDuplicateProcessing": False,
    },
}


def file_with_neighbours(api: Api) -> dict[str, str]:
    """A DataFile in a folder (own anchor, linked) with a Connection anchored to it and linked to it."""
    folder = api.create("FileFolder", unique("FileFolder"))
    guid = api.create("DataFile", unique("DataFile"), parentGUID=folder, parentRelationshipTypeName="NestedFile")
    connection = api.create(
        "Connection",
        unique("Connection"),
        isOwnAnchor=False,
        anchorGUID=guid,
        parentGUID=guid,
        parentRelationshipTypeName="AssetConnection",
    )
    [link] = related(api, folder, "NestedFile")["elementList"]
    return {"file": guid, "folder": folder, "connection": connection, "nested": link["relationshipGUID"]}


@pytest.mark.parametrize("body", list(DELETE_BODIES))
def test_delete_takes_the_relationships_and_anchored_elements_along(api: Api, body: str) -> None:
    parts = file_with_neighbours(api)
    answer = api.ok(f"/metadata-elements/{parts['file']}/delete", DELETE_BODIES[body])
    assert answer["class"] == "VoidResponse"
    assert_gone(api, parts["file"])
    # The Connection anchored to the file went with it; the folder, its own anchor, stays, without the link.
    assert_gone(api, parts["connection"])
    assert api.get(parts["folder"])["elementGUID"] == parts["folder"]
    assert not related(api, parts["folder"], "NestedFile").get("elementList")
    failure = api.fails(f"/relationships/by-guid/{parts['nested']}", {"class": "GetRequestBody"})
    assert failure["exceptionErrorMessageId"] == "OMAG-REPOSITORY-HANDLER-404-012"


def test_delete_without_a_body_on_base_a(api_a: Api) -> None:
    parts = file_with_neighbours(api_a)
    assert api_a.ok(f"/metadata-elements/{parts['file']}/delete")["class"] == "VoidResponse"
    assert_gone(api_a, parts["file"])
    assert_gone(api_a, parts["connection"])
    assert not related(api_a, parts["folder"], "NestedFile").get("elementList")


def test_delete_without_a_body_on_base_b_is_refused(api_b: Api, module_raw: Any) -> None:
    # MetadataExpertRESTServices.deleteMetadataElementInStore: a null body goes to handleNoRequestBody
    # (endpoints.md §5), although the resource declares it optional.
    guid = api_b.create("DataFile", unique("DataFile"))
    before = last_sequence(module_raw)
    failure = api_b.fails(f"/metadata-elements/{guid}/delete")
    assert failure["exceptionErrorMessageId"] == "OMAG-COMMON-400-017"
    assert failure["relatedHTTPCode"] == 400
    assert failure["exceptionProperties"]["parameterName"] == "requestBody"
    assert last_sequence(module_raw) == before
    assert api_b.get(guid)["elementGUID"] == guid


def test_delete_keeps_a_linked_element_that_is_its_own_anchor(api: Api) -> None:
    # Both own-anchored, linked by AssetConnection: deleting the connector only unlinks the connection.
    connector = api.create("IntegrationConnector", unique("IntegrationConnector"))
    connection = api.create(
        "Connection", unique("Connection"), parentGUID=connector, parentRelationshipTypeName="AssetConnection"
    )
    api.ok(f"/metadata-elements/{connector}/delete", DELETE_BODIES["OpenMetadataDeleteRequestBody"])
    assert_gone(api, connector)
    assert api.get(connection)["elementGUID"] == connection
    assert not related(api, connection, "AssetConnection").get("elementList")
