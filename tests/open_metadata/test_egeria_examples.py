"""Egeria's own metadata-expert example requests (Egeria-api-metadata-expert.http) on the view server qs-view-server.

Each test sends one of the file's requests to base B with a token from ``POST /api/token``, as the file does. The
placeholders are filled with real values: a real type name, the GUIDs of elements the test creates, and the current
time as ISO text for ``{{$isoTimestamp}}``. Everything else in the body is as the file writes it, including the shape,
the field names, the ``class`` values Egeria ignores and the fields Egeria's beans do not have. Each test checks the
answer Egeria gives. The requests the embedded platform does not serve must answer a clear FFDC error for an unknown
operation: EGERIA-NB-501-001 (relatedHTTPCode 501).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import requests

import egeria_nb as enb
from tests.conftest import Raw
from tests.open_metadata.conftest import Api, last_sequence, plain, primitive, string, unique

INVALID_PARAMETER = "org.odpi.openmetadata.frameworks.openmetadata.ffdc.InvalidParameterException"


def iso(moment: datetime | None = None) -> str:
    """``{{$isoTimestamp}}``: an instant as ISO 8601 text in UTC (now unless given)."""
    return (moment or datetime.now(UTC)).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def entity_properties(**values: Any) -> dict[str, Any]:
    """Properties as the file writes them: ``EntityElementProperties`` with a ``propertyValueMap``."""
    return {
        "class": "EntityElementProperties",
        "propertyValueMap": {k: (v if isinstance(v, dict) else string(v)) for k, v in values.items()},
    }


def source_and_flags() -> dict[str, Any]:
    """The fields most write examples start with."""
    return {
        "externalSourceGUID": "",
        "externalSourceName": "",
        "forLineage": False,
        "forDuplicateProcessing": False,
        "effectiveTime": iso(),
    }


def results_body(order: str = "CREATION_DATE_RECENT", order_property: str = "") -> dict[str, Any]:
    """The file's ResultsRequestBody."""
    return {
        "class": "ResultsRequestBody",
        "effectiveTime": iso(),
        "limitResultsByStatus": ["ACTIVE"],
        "asOfTime": iso(),
        "sequencingOrder": order,
        "sequencingProperty": order_property,
    }


def classification_names(element: dict[str, Any]) -> list[str]:
    return [c["classificationName"] for c in element.get("classifications") or []]


def classification(element: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in element.get("classifications") or [] if c["classificationName"] == name)


def guids(elements: list[dict[str, Any]] | None) -> list[str]:
    return [e["elementGUID"] for e in elements or []]


def location(api: Api, **values: Any) -> str:
    """A Location with a unique qualified name (and the other properties given)."""
    return api.create("Location", unique("Location"), values=values)


def assert_unknown_path(api: Api, suffix: str, body: dict[str, Any]) -> None:
    """The platform does not serve this request: a clear FFDC answer saying so, not a crash, HTML or "no GUID"."""
    response = api.call("POST", suffix, body)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/json"), response.headers
    answer = response.json()
    assert answer["relatedHTTPCode"] == 501, answer
    assert answer["exceptionErrorMessageId"] == "EGERIA-NB-501-001", answer
    assert answer["exceptionErrorMessage"].startswith("EGERIA-NB-501-001 The embedded platform does not serve "), answer
    assert api.base + suffix.split("?")[0] in answer["exceptionErrorMessage"], answer
    assert answer["exceptionUserAction"] and answer["exceptionSystemAction"], answer


# -- Token (RequestBody) ----------------------------------------------------------------------------


def test_Token_RequestBody_answers_a_bearer_token_that_the_view_server_accepts(
    module_platform: enb.EmbeddedPlatform, api_b: Api
) -> None:
    response = requests.post(
        module_platform.url + "/api/token",
        json={"userId": module_platform.user_id, "password": module_platform.password},
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain")
    token = response.text
    assert token and token == token.strip() and not token.startswith("{")

    url = module_platform.url + api_b.base + "/metadata-search/match-criteria-values"
    with_token = requests.get(url, headers={"Authorization": "Bearer " + token}, timeout=10)
    assert with_token.status_code == 200 and with_token.json()["relatedHTTPCode"] == 200, with_token.text
    assert requests.get(url, timeout=10).status_code == 401


# -- maintain metadata elements -----------------------------------------------------------------------


def create_example(qualified_name: str, when: str) -> dict[str, Any]:
    """createMetadataElementInStore as the file writes it, typeName and properties filled in."""
    return {
        "class": "NewOpenMetadataElementRequestBody",
        "externalSourceGUID": "",
        "externalSourceName": "",
        "typeName": "Location",
        "initialClassifications": {},
        "anchorGUID": "",
        "isOwnAnchor": False,
        "effectiveFrom": when,
        "effectiveTo": when,
        "properties": entity_properties(qualifiedName=qualified_name, displayName="Example office"),
        "parentGUID": "",
        "parentRelationshipTypeName": "",
        "parentRelationshipProperties": {},
        "parentAtEnd1": True,
        "effectiveTime": when,
    }


def test_createMetadataElementInStore_as_written_is_refused_for_its_empty_parentRelationshipTypeName(
    api_b: Api, module_raw: Raw
) -> None:
    # Egeria checks parentGUID against null, not "": an empty parentGUID asks for a parent relationship,
    # whose type name ("") is then missing (OpenMetadataClientBase.createMetadataElementInStore, before the
    # call reaches the metadata server; the server's MetadataElementHandler makes the same check).
    name = unique("Location")
    before = last_sequence(module_raw)
    answer = api_b.fails("/metadata-elements", create_example(name, iso()))
    assert answer["class"] == "GUIDResponse"
    assert answer["relatedHTTPCode"] == 400
    assert answer["exceptionErrorMessageId"] == "OMAG-COMMON-400-006"
    assert answer["exceptionClassName"] == INVALID_PARAMETER
    assert answer["exceptionProperties"]["parameterName"] == "parentRelationshipTypeName"
    assert "guid" not in answer
    assert last_sequence(module_raw) == before
    lookup = {"class": "UniqueNameRequestBody", "name": name, "namePropertyName": "qualifiedName"}
    assert "element" not in api_b.ok("/metadata-elements/by-unique-name", lookup)


def test_createMetadataElementInStore_without_the_empty_guids_creates_the_element_and_ignores_top_level_dates(
    api_b: Api,
) -> None:
    name = unique("Location")
    when = iso()
    body = create_example(name, when)
    for empty in ("anchorGUID", "parentGUID", "parentRelationshipTypeName"):
        del body[empty]
    answer = api_b.ok("/metadata-elements", body)
    assert answer["class"] == "GUIDResponse"
    guid = answer["guid"]

    # effectiveFrom/effectiveTo at the top level are not fields of Egeria's bean: the element has no
    # effectivity dates and is there an hour later (it would not be if effectiveTo had been taken).
    later = iso(datetime.now(UTC) + timedelta(hours=1))
    element = api_b.ok(f"/metadata-elements/{guid}", {"class": "GetRequestBody", "effectiveTime": later})["element"]
    assert element["elementGUID"] == guid
    assert element["type"]["typeName"] == "Location"
    assert element["status"] == "ACTIVE"
    assert "effectiveFromTime" not in element and "effectiveToTime" not in element
    assert plain(element["elementProperties"]) == {"qualifiedName": name, "displayName": "Example office"}
    # isOwnAnchor false and no anchorGUID: the element is not anchored.
    assert "Anchors" not in classification_names(element)
    assert element["versions"]["createdBy"] == api_b.user


def test_updateMetadataElementInStore_merges_the_new_description(api_b: Api) -> None:
    name = unique("Location")
    guid = api_b.create("Location", name, values={"displayName": "Head office"})
    version = api_b.get(guid)["versions"]["version"]
    body = {
        "class": "UpdatePropertiesRequestBody",
        **source_and_flags(),
        "properties": entity_properties(description="New description"),
        "replaceProperties": False,
    }
    answer = api_b.ok(f"/metadata-elements/{guid}/update-properties", body)
    assert answer["class"] == "BooleanResponse"
    assert answer["flag"] is True
    element = api_b.get(guid)
    assert plain(element["elementProperties"]) == {
        "qualifiedName": name,
        "displayName": "Head office",
        "description": "New description",
    }
    assert element["versions"]["updatedBy"] == api_b.user
    assert element["versions"]["version"] > version


def test_deleteMetadataElementInStore_removes_the_element(api_b: Api) -> None:
    guid = location(api_b)
    body = {"class": "OpenMetadataDeleteRequestBody", **source_and_flags()}
    answer = api_b.ok(f"/metadata-elements/{guid}/delete", body)
    assert answer["class"] == "VoidResponse"
    gone = api_b.fails(f"/metadata-elements/{guid}", {"class": "GetRequestBody", "effectiveTime": iso()})
    assert gone["relatedHTTPCode"] == 404
    assert gone["exceptionErrorMessageId"] == "OMAG-REPOSITORY-HANDLER-404-007"


def test_classifyMetadataElementInStore_attaches_the_classification_without_properties(api_b: Api) -> None:
    guid = location(api_b)
    body = {"class": "NewClassificationRequestBody", **source_and_flags()}
    answer = api_b.ok(f"/metadata-elements/{guid}/classifications/Confidentiality", body)
    assert answer["class"] == "VoidResponse"
    attached = classification(api_b.get(guid), "Confidentiality")
    assert attached["class"] == "AttachedClassification"
    assert attached["type"]["typeName"] == "Confidentiality"
    assert attached["type"]["typeCategory"] == "CLASSIFICATION_DEF"
    assert attached["status"] == "ACTIVE"
    assert plain(attached.get("classificationProperties")) == {}


def classify_confidential(api: Api, guid: str) -> None:
    body = {
        "class": "NewOpenMetadataClassificationRequestBody",
        "properties": {
            "propertyValueMap": {"confidentialityLevel": primitive("int", 2), "notes": string("staff only")}
        },
    }
    api.ok(f"/metadata-elements/{guid}/classifications/Confidentiality", body)


def test_reclassifyMetadataElementInStore_without_properties_keeps_the_classifications_properties(
    api_b: Api,
) -> None:
    guid = location(api_b)
    classify_confidential(api_b, guid)
    body = {"class": "UpdatePropertiesRequestBody", **source_and_flags()}
    answer = api_b.ok(f"/metadata-elements/{guid}/classifications/Confidentiality/update-properties", body)
    assert answer["class"] == "VoidResponse"
    attached = classification(api_b.get(guid), "Confidentiality")
    assert plain(attached["classificationProperties"]) == {"confidentialityLevel": 2, "notes": "staff only"}


def test_declassifyMetadataElementInStore_removes_the_classification(api_b: Api) -> None:
    guid = location(api_b)
    classify_confidential(api_b, guid)
    body = {"class": "MetadataSourceRequestBody", **source_and_flags()}
    answer = api_b.ok(f"/metadata-elements/{guid}/classifications/Confidentiality/delete", body)
    assert answer["class"] == "VoidResponse"
    assert "Confidentiality" not in classification_names(api_b.get(guid))


# -- related elements ----------------------------------------------------------------------------------


def get_relationship(api: Api, guid: str) -> dict[str, Any]:
    return api.ok(f"/relationships/by-guid/{guid}", {"class": "GetRequestBody", "effectiveTime": iso()})


def test_createRelatedElementsInStore_needs_the_type_and_ends_the_example_leaves_out(
    api_b: Api, module_raw: Raw
) -> None:
    site, wing = location(api_b), location(api_b)
    example = {"class": "NewRelatedElementsRequestBody", **source_and_flags()}

    # As written the body names no relationship type (Egeria checks it first, on the client side of the view server).
    before = last_sequence(module_raw)
    refused = api_b.fails("/related-elements", example)
    assert refused["class"] == "GUIDResponse"
    assert refused["relatedHTTPCode"] == 400
    assert refused["exceptionErrorMessageId"] == "OMAG-COMMON-400-006"
    assert refused["exceptionProperties"]["parameterName"] == "relationshipTypeName"
    assert last_sequence(module_raw) == before

    completed = {**example, "typeName": "NestedLocation", "metadataElement1GUID": site, "metadataElement2GUID": wing}
    answer = api_b.ok("/related-elements", completed)
    assert answer["class"] == "GUIDResponse"
    relationship = get_relationship(api_b, answer["guid"])["element"]
    assert relationship["relationshipGUID"] == answer["guid"]
    assert relationship["type"]["typeName"] == "NestedLocation"
    assert (relationship["elementGUIDAtEnd1"], relationship["elementGUIDAtEnd2"]) == (site, wing)


def test_updateRelatedElementsInStore_without_properties_keeps_the_relationships_properties(api_b: Api) -> None:
    relationship = api_b.relate("NestedLocation", location(api_b), location(api_b), {"label": "east wing"})
    body = {"class": "UpdatePropertiesRequestBody", **source_and_flags()}
    answer = api_b.ok(f"/related-elements/{relationship}/update-properties", body)
    assert answer["class"] == "VoidResponse"
    stored = get_relationship(api_b, relationship)["element"]
    assert plain(stored["relationshipProperties"]) == {"label": "east wing"}


def test_deleteRelatedElementsInStore_removes_the_relationship(api_b: Api) -> None:
    site, wing = location(api_b), location(api_b)
    relationship = api_b.relate("NestedLocation", site, wing)
    body = {"class": "OpenMetadataDeleteRequestBody", **source_and_flags()}
    answer = api_b.ok(f"/related-elements/{relationship}/delete", body)
    assert answer["class"] == "VoidResponse"
    gone = api_b.fails(f"/relationships/by-guid/{relationship}", {"class": "GetRequestBody", "effectiveTime": iso()})
    assert gone["relatedHTTPCode"] == 404
    assert gone["exceptionErrorMessageId"] == "OMAG-REPOSITORY-HANDLER-404-012"
    related = api_b.ok(f"/related-elements/{site}/any-type?startingAtEnd=0", {"class": "ResultsRequestBody"})
    assert not related["relatedElementList"].get("elementList")
    # Both ends are still there.
    assert api_b.get(site)["elementGUID"] == site and api_b.get(wing)["elementGUID"] == wing


# -- retrieve -------------------------------------------------------------------------------------------


def test_getMetadataElementByGUID_returns_the_element(api_b: Api) -> None:
    name = unique("Location")
    guid = api_b.create("Location", name, values={"identifier": "LOC-1"})
    answer = api_b.ok(f"/metadata-elements/{guid}", {"class": "GetRequestBody", "effectiveTime": iso()})
    assert answer["class"] == "OpenMetadataElementResponse"
    element = answer["element"]
    assert element["elementGUID"] == guid
    assert element["type"]["typeName"] == "Location"
    assert element["type"]["typeCategory"] == "ENTITY_DEF"
    assert element["type"]["superTypeNames"] == ["Referenceable", "OpenMetadataRoot"]
    assert element["origin"]["homeMetadataCollectionName"] == "active-metadata-store"
    assert element["elementProperties"]["propertyValueMap"]["qualifiedName"] == {
        "class": "PrimitiveTypePropertyValue",
        "typeName": "string",
        "primitiveTypeCategory": "OM_PRIMITIVE_TYPE_STRING",
        "primitiveValue": name,
    }
    assert plain(element["elementProperties"]) == {"qualifiedName": name, "identifier": "LOC-1"}


def unique_name_example(name: str) -> dict[str, Any]:
    return {"class": "UniqueNameRequestBody", "effectiveTime": iso(), "name": name, "namePropertyName": "qualifiedName"}


def test_getMetadataElementByUniqueName_returns_the_element_with_that_qualifiedName(api_b: Api) -> None:
    name = unique("Location")
    guid = api_b.create("Location", name)
    location(api_b)  # another one, not returned
    answer = api_b.ok("/metadata-elements/by-unique-name", unique_name_example(name))
    assert answer["class"] == "OpenMetadataElementResponse"
    assert answer["element"]["elementGUID"] == guid
    assert plain(answer["element"]["elementProperties"]) == {"qualifiedName": name}
    # No element of that name is not an error: there is just no element.
    missing = api_b.ok("/metadata-elements/by-unique-name", unique_name_example(unique("NoSuchLocation")))
    assert "element" not in missing


def test_getMetadataElementGUIDByUniqueName_returns_the_guid(api_b: Api) -> None:
    name = unique("Location")
    guid = api_b.create("Location", name)
    answer = api_b.ok("/metadata-elements/guid-by-unique-name", unique_name_example(name))
    assert answer["class"] == "GUIDResponse"
    assert answer["guid"] == guid
    assert "guid" not in api_b.ok("/metadata-elements/guid-by-unique-name", unique_name_example(unique("None")))


def test_findMetadataElementsWithString_finds_the_string_in_any_text_property_ignoring_case(api_b: Api) -> None:
    token = unique("t").split("::")[1]
    in_name = api_b.create("Location", f"Location::{token}::a")
    in_display_name = location(api_b, displayName=f"Harbour {token.upper()} office")
    in_description = location(api_b, description=f"near the x{token.upper()}y gate")
    location(api_b, displayName="Harbour office")  # no token
    api_b.create("DataFile", f"File::{token}")  # token, but not a Location
    body = {
        "class": "SearchStringRequestBody",
        "searchString": token,
        "startsWith": False,
        "endsWith": False,
        "ignoreCase": True,
        "metadataElementTypeName": "Location",
        "effectiveTime": iso(),
        "limitResultsByStatus": ["ACTIVE"],
        "asOfTime": iso(),
        "sequencingOrder": "CREATION_DATE_RECENT",
        "sequencingProperty": "",
    }
    answer = api_b.ok("/metadata-elements/by-search-string", body)
    assert answer["class"] == "OpenMetadataElementsResponse"
    assert guids(answer.get("elements")) == [in_description, in_display_name, in_name]


def test_getAllRelatedMetadataElements_at_either_end_newest_relationship_first(api_b: Api) -> None:
    site, wing, campus = location(api_b), location(api_b), location(api_b)
    to_wing = api_b.relate("NestedLocation", site, wing)  # site at end 1
    to_campus = api_b.relate("NestedLocation", campus, site)  # site at end 2
    api_b.relate("NestedLocation", wing, location(api_b))  # not the site's
    answer = api_b.ok(f"/related-elements/{site}/any-type?startingAtEnd=0", results_body())
    assert answer["class"] == "RelatedMetadataElementListResponse"
    related = answer["relatedElementList"]
    assert related["startingElement"]["elementGUID"] == site
    found = [(r["relationshipGUID"], r["element"]["elementGUID"], r["elementAtEnd1"]) for r in related["elementList"]]
    assert found == [(to_campus, campus, True), (to_wing, wing, False)]
    assert {r["type"]["typeName"] for r in related["elementList"]} == {"NestedLocation"}


def test_getAllRelatedMetadataElements_sorted_by_a_property_returns_every_related_element(api_b: Api) -> None:
    # Egeria sorts on the relationships' properties, and ValidValueMember has no preferredValue: the order is
    # the repository's, so only what comes back is checked.
    valid_values = api_b.create("ValidValueDefinition", unique("ValidValues"))
    members = {}
    for value in ("beta", "alpha", "gamma"):
        member = api_b.create("ValidValueDefinition", unique("ValidValue"), values={"preferredValue": value})
        api_b.relate("ValidValueMember", valid_values, member)
        members[member] = value
    answer = api_b.ok(
        f"/related-elements/{valid_values}/any-type?startingAtEnd=0",
        results_body("PROPERTY_ASCENDING", "preferredValue"),
    )
    elements = answer["relatedElementList"]["elementList"]
    assert {
        e["element"]["elementGUID"]: plain(e["element"]["elementProperties"])["preferredValue"] for e in elements
    } == (members)
    assert {e["type"]["typeName"] for e in elements} == {"ValidValueMember"}


def test_getAllMetadataElementRelationships_returns_every_relationship_between_the_two_newest_first(
    api_b: Api,
) -> None:
    site, wing = location(api_b), location(api_b)
    nested = api_b.relate("NestedLocation", site, wing)
    adjacent = api_b.relate("AdjacentLocation", site, wing)
    api_b.relate("NestedLocation", site, location(api_b))  # to another element
    answer = api_b.ok(f"/metadata-elements/{site}/linked-by-any-type/to-elements/{wing}", results_body())
    assert answer["class"] == "OpenMetadataRelationshipListResponse"
    relationships = answer["relationshipList"]["relationships"]
    assert [r["relationshipGUID"] for r in relationships] == [adjacent, nested]
    assert [r["type"]["typeName"] for r in relationships] == ["AdjacentLocation", "NestedLocation"]
    assert {(r["elementGUIDAtEnd1"], r["elementGUIDAtEnd2"]) for r in relationships} == {(site, wing)}


def test_getMetadataElementRelationships_returns_only_relationships_of_that_type(api_b: Api) -> None:
    site, wing = location(api_b), location(api_b)
    nested = api_b.relate("NestedLocation", site, wing)
    api_b.relate("AdjacentLocation", site, wing)
    answer = api_b.ok(f"/metadata-elements/{site}/linked-by-type/NestedLocation/to-elements/{wing}", results_body())
    assert answer["class"] == "OpenMetadataRelationshipListResponse"
    relationships = answer["relationshipList"]["relationships"]
    assert [r["relationshipGUID"] for r in relationships] == [nested]
    assert relationships[0]["labelAtEnd1"] == "groupingLocations"
    assert relationships[0]["labelAtEnd2"] == "nestedLocations"


def test_getMatchCriteriaList_lists_Egerias_match_criteria(api_b: Api) -> None:
    answer = api_b.ok("/metadata-search/match-criteria-values", method="GET")
    assert answer["class"] == "MatchCriteriaListResponse"
    assert answer["values"] == ["ALL", "ANY", "NONE"]


def test_getPropertyComparisonOperatorList_lists_Egerias_operators_in_order(api_b: Api) -> None:
    answer = api_b.ok("/metadata-search/property-comparison-operator-values", method="GET")
    assert answer["class"] == "PropertyComparisonOperatorListResponse"
    assert answer["values"] == [
        "EQ",
        "NEQ",
        "LT",
        "LTE",
        "GT",
        "GTE",
        "IS_NULL",
        "NOT_NULL",
        "LIKE",
        "NOT_LIKE",
        "CASE_INSENSITIVE_LIKE",
        "CASE_INSENSITIVE_NOT_LIKE",
        "STARTS_WITH",
        "ENDS_WITH",
        "CASE_INSENSITIVE_STARTS_WITH",
        "CASE_INSENSITIVE_ENDS_WITH",
        "CASE_INSENSITIVE_EQ",
    ]


def test_findMetadataElements_nested_condition_finds_AMS_or_OFFICE_locations_about_Cancer(api_b: Api) -> None:
    # No other test in this module gives a Location an identifier or a displayName like these.
    amsterdam = location(api_b, identifier="AMS-01", displayName="Cancer Research Amsterdam")
    office = location(api_b, identifier="HQ-OFFICE-2", displayName="Cancer Clinic")
    location(api_b, identifier="AMS-02", displayName="Heart Clinic")  # not about Cancer
    location(api_b, identifier="LON-01", displayName="Cancer Centre London")  # neither AMS nor OFFICE
    location(api_b, identifier="ams-03", displayName="Cancer Ward")  # LIKE is case-sensitive
    location(api_b, identifier="AMS-04", displayName="cancer lab")  # so is the displayName condition
    api_b.create(
        "DataFile", unique("File"), values={"identifier": "AMS-05", "displayName": "Cancer data"}
    )  # not a Location
    body = {
        "class": "FindRequestBody",
        "metadataElementTypeName": "Location",
        "metadataElementSubtypeNames": [],
        "searchProperties": {
            "class": "SearchProperties",
            "conditions": [
                {
                    "nestedConditions": {
                        "class": "SearchProperties",
                        "conditions": [
                            {"property": "identifier", "operator": "LIKE", "value": string("AMS")},
                            {"property": "identifier", "operator": "LIKE", "value": string("OFFICE")},
                        ],
                        "matchCriteria": "ANY",
                    }
                },
                {"property": "displayName", "operator": "LIKE", "value": string("Cancer")},
            ],
            "matchCriteria": "ALL",
        },
        "skipRelationships": [],
        "includeOnlyRelationships": [],
        "relationshipsPageSize": 100,
        "skipClassifiedElements": [],
        "includeOnlyClassifiedElements": [],
        "graphQueryDepth": 10,
        "effectiveTime": iso(),
        "limitResultsByStatus": ["ACTIVE"],
        "asOfTime": iso(),
        "sequencingOrder": "CREATION_DATE_RECENT",
        "sequencingProperty": "",
    }
    answer = api_b.ok("/metadata-elements/by-search-conditions", body)
    assert answer["class"] == "OpenMetadataElementsResponse"
    assert guids(answer.get("elements")) == [office, amsterdam]


def test_getRelationshipByGUID_returns_the_relationship_and_its_ends(api_b: Api) -> None:
    site_name, wing_name = unique("Location"), unique("Location")
    site, wing = api_b.create("Location", site_name), api_b.create("Location", wing_name)
    relationship = api_b.relate("NestedLocation", site, wing, {"label": "north wing"})
    answer = get_relationship(api_b, relationship)
    assert answer["class"] == "OpenMetadataRelationshipResponse"
    found = answer["element"]
    assert found["relationshipGUID"] == relationship
    assert found["type"]["typeName"] == "NestedLocation"
    assert found["type"]["typeCategory"] == "RELATIONSHIP_DEF"
    assert found["status"] == "ACTIVE"
    assert plain(found["relationshipProperties"]) == {"label": "north wing"}
    assert (found["labelAtEnd1"], found["labelAtEnd2"]) == ("groupingLocations", "nestedLocations")
    assert (found["elementGUIDAtEnd1"], found["elementGUIDAtEnd2"]) == (site, wing)
    assert (found["elementAtEnd1"]["guid"], found["elementAtEnd1"]["uniqueName"]) == (site, site_name)
    assert (found["elementAtEnd2"]["guid"], found["elementAtEnd2"]["uniqueName"]) == (wing, wing_name)


# -- requests the embedded platform does not serve -------------------------------------------------------


def an_element(api: Api) -> str:
    return location(api)


def test_createMetadataElementFromTemplate_is_not_served(api_b: Api) -> None:
    template = an_element(api_b)
    body = {
        "class": "TemplateRequestBody",
        "externalSourceGUID": "",
        "externalSourceName": "",
        "typeName": "Location",
        "templateGUID": template,
        "anchorGUID": "",
        "isOwnAnchor": False,
        "effectiveFrom": iso(),
        "effectiveTo": iso(),
        "replacementProperties": entity_properties(qualifiedName=unique("Location")),
        "placeholderPropertyValues": {"placeholderName1": "placeholderValue1", "placeholderName2": "placeholderValue2"},
        "parentGUID": "",
        "parentRelationshipTypeName": "",
        "parentRelationshipProperties": {},
        "parentAtEnd1": True,
        "effectiveTime": iso(),
    }
    assert_unknown_path(api_b, "/metadata-elements/from-template", body)


def test_publishMetadataElement_is_not_served(api_b: Api) -> None:
    body = {"class": "MetadataSourceRequestBody", **source_and_flags()}
    assert_unknown_path(api_b, f"/metadata-elements/{an_element(api_b)}/publish", body)


def test_withdrawMetadataElement_is_not_served(api_b: Api) -> None:
    body = {"class": "MetadataSourceRequestBody", **source_and_flags()}
    assert_unknown_path(api_b, f"/metadata-elements/{an_element(api_b)}/withdraw", body)


def effectivity_example() -> dict[str, Any]:
    return {
        "class": "UpdateEffectivityDatesRequestBody",
        **source_and_flags(),
        "effectiveFrom": iso(),
        "effectiveTo": iso(datetime.now(UTC) + timedelta(days=1)),
    }


def test_updateMetadataElementEffectivityInStore_is_not_served(api_b: Api) -> None:
    assert_unknown_path(api_b, f"/metadata-elements/{an_element(api_b)}/update-effectivity", effectivity_example())


def test_archiveMetadataElementInStore_is_not_served(api_b: Api) -> None:
    body = {
        "class": "DeleteElementRequestBody",
        **source_and_flags(),
        "archiveDate": iso(),
        "archiveProcess": "",
        "archiveProperties": {"propertyName1": "propertyValue1", "propertyName2": "propertyValue2"},
    }
    guid = an_element(api_b)
    assert_unknown_path(api_b, f"/metadata-elements/{guid}/archive", body)
    assert api_b.get(guid)["elementGUID"] == guid  # not archived


def test_updateClassificationEffectivityInStore_is_not_served(api_b: Api) -> None:
    guid = an_element(api_b)
    classify_confidential(api_b, guid)
    suffix = f"/metadata-elements/{guid}/classifications/Confidentiality/update-effectivity"
    assert_unknown_path(api_b, suffix, effectivity_example())


def test_updateRelatedElementsEffectivityInStore_is_not_served(api_b: Api) -> None:
    relationship = api_b.relate("NestedLocation", an_element(api_b), an_element(api_b))
    assert_unknown_path(api_b, f"/related-elements/{relationship}/update-effectivity", effectivity_example())


def test_getAnchoredElementsGraph_is_not_served(api_b: Api) -> None:
    body = {"class": "GetRequestBody", "effectiveTime": iso()}
    assert_unknown_path(api_b, f"/metadata-elements/{an_element(api_b)}/with-anchored-elements", body)


def test_getMetadataElementHistory_is_not_served(api_b: Api) -> None:
    body = {"class": "HistoryRequestBody", "effectiveTime": iso(), "oldestFirst": False}
    assert_unknown_path(api_b, f"/metadata-elements/{an_element(api_b)}/history", body)


def test_getClassificationHistory_is_not_served(api_b: Api) -> None:
    guid = an_element(api_b)
    classify_confidential(api_b, guid)
    body = {"class": "HistoryRequestBody", "effectiveTime": iso(), "oldestFirst": False}
    assert_unknown_path(api_b, f"/metadata-elements/{guid}/classifications/Confidentiality/history", body)


def anchor_search_example(**extra: Any) -> dict[str, Any]:
    return {
        "class": "SearchStringRequestBody",
        "searchString": "Location",
        **extra,
        "effectiveTime": iso(),
        "limitResultsByStatus": ["ACTIVE"],
        "asOfTime": iso(),
        "sequencingOrder": "CREATION_DATE_RECENT",
        "sequencingProperty": "",
    }


def test_findElementsForAnchor_is_not_served(api_b: Api) -> None:
    body = anchor_search_example(metadataElementTypeName="Location")
    assert_unknown_path(api_b, f"/metadata-elements/by-search-string/for-anchor/{an_element(api_b)}", body)


def test_findElementsInAnchorDomain_is_not_served(api_b: Api) -> None:
    assert_unknown_path(api_b, "/metadata-elements/by-search-string/in-anchor-domain/Location", anchor_search_example())


def test_findElementsInAnchorScope_is_not_served(api_b: Api) -> None:
    body = {"class": "SearchStringRequestBody", "searchString": "Location", "metadataElementTypeName": "Location"}
    assert_unknown_path(api_b, f"/metadata-elements/by-search-string/in-anchor-scope/{an_element(api_b)}", body)


def test_findRelationshipsBetweenMetadataElements(api_b: Api) -> None:
    anchor = an_element(api_b)
    wanted = [
        api_b.relate("ResourceList", anchor, an_element(api_b), {"resourceUse": "Survey Resource"}) for _ in range(2)
    ]
    api_b.relate("ResourceList", anchor, an_element(api_b), {"resourceUse": "Reference"})
    body = {
        "class": "FindRelationshipRequestBody",
        "relationshipTypeName": "ResourceList",
        "searchProperties": {
            "class": "SearchProperties",
            "conditions": [{"property": "resourceUse", "operator": "EQ", "value": string("Survey Resource")}],
            "matchCriteria": "ALL",
        },
        "effectiveTime": iso(),
        "limitResultsByStatus": ["ACTIVE"],
        "asOfTime": iso(),
        "sequencingOrder": "CREATION_DATE_RECENT",
        "sequencingProperty": "",
    }
    answer = api_b.ok("/relationships/by-search-conditions", body)
    assert answer["class"] == "OpenMetadataRelationshipListResponse"
    found = answer["relationshipList"]["relationships"]
    # Every ResourceList used for a survey (this test's and any other's), newest first.
    guids = [r["relationshipGUID"] for r in found]
    assert guids.index(wanted[1]) < guids.index(wanted[0])
    assert all(plain(r["relationshipProperties"])["resourceUse"] == "Survey Resource" for r in found)
    assert all(r["relationshipType"]["typeName"] == "ResourceList" for r in found)


def test_getRelationshipHistory_is_not_served(api_b: Api) -> None:
    relationship = api_b.relate("NestedLocation", an_element(api_b), an_element(api_b))
    body = {"class": "HistoryRequestBody", "effectiveTime": iso()}
    assert_unknown_path(api_b, f"/relationships/{relationship}/history?oldestFirst=true", body)
