"""Relationships and classifications through the generic open metadata store API, on both bases.

Covers: creating relationships (``/related-elements``), reading one by GUID (``/relationships/by-guid``),
typed relationship properties (a RegisteredIntegrationConnector), updating (merge / replace) and
deleting relationships, the one-link rule of multiLink-false types, ``makeAnchor``, related elements
(``/related-elements/{guid}/any-type`` and ``/type/{relType}`` with ``startingAtEnd``, type filter and
paging), ``linked-by-any-type`` / ``linked-by-type``, and classify / reclassify / declassify.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.open_metadata.conftest import Api, enum, last_sequence, plain, primitive, props, unique

# Type GUIDs from Egeria's OpenMetadataType.java (egeria-wire.md §4.3, beans.md §8).
NESTED_FILE_GUID = "4cb88900-1446-4eb6-acea-29cd9da45e63"
REGISTERED_CONNECTOR_GUID = "7528bcd4-ae4c-47d0-a33f-4aeebbaa92c2"
FILE_FOLDER_GUID = "229ed5cc-de31-45fc-beb4-9919fd247398"
DATA_FILE_GUID = "10752b4a-4b5d-4519-9eae-fdd6d162122f"
CONFIDENTIALITY_GUID = "742ddb7d-9a4a-4eb5-8ac2-1d69953bd2b6"
START_DATE = 1767225600000  # 2026-01-01T00:00:00Z, as epoch milliseconds


def typed(type_name: str, category: str, value: Any) -> dict[str, Any]:
    """A primitive value as the server writes it (egeria-wire.md §8: typeName and primitiveTypeCategory)."""
    return {
        "class": "PrimitiveTypePropertyValue",
        "typeName": type_name,
        "primitiveTypeCategory": f"OM_PRIMITIVE_TYPE_{category}",
        "primitiveValue": value,
    }


def relationship(api: Api, guid: str, body: Any = None) -> dict[str, Any]:
    answer = api.ok(f"/relationships/by-guid/{guid}", body)
    assert answer["class"] == "OpenMetadataRelationshipResponse"
    return answer["element"]


def related(api: Api, guid: str, suffix: str = "any-type", end: int | None = None, body: Any = None) -> dict[str, Any]:
    params = {"startingAtEnd": str(end)} if end is not None else None
    answer = api.ok(f"/related-elements/{guid}/{suffix}", body, params=params)
    assert answer["class"] == "RelatedMetadataElementListResponse"
    return answer["relatedElementList"]


def entries(found: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A relatedElementList's entries by the GUID of the element at the other end."""
    return {e["element"]["elementGUID"]: e for e in found.get("elementList") or []}


def linked(api: Api, end1: str, end2: str, rel_type: str | None = None) -> list[dict[str, Any]]:
    middle = f"linked-by-type/{rel_type}" if rel_type else "linked-by-any-type"
    answer = api.ok(f"/metadata-elements/{end1}/{middle}/to-elements/{end2}", {"class": "ResultsRequestBody"})
    assert answer["class"] == "OpenMetadataRelationshipListResponse"
    assert "relationshipList" in answer
    return answer["relationshipList"].get("relationships") or []


def classification(element: dict[str, Any], name: str) -> dict[str, Any] | None:
    found = [c for c in element.get("classifications") or [] if c["classificationName"] == name]
    assert len(found) <= 1, element["classifications"]
    return found[0] if found else None


def folder_and_file(api: Api) -> tuple[str, str, str, str]:
    """A FileFolder and a DataFile: (folder GUID, file GUID, folder qualifiedName, file qualifiedName)."""
    folder_name, file_name = unique("Folder"), unique("File")
    folder = api.create("FileFolder", folder_name)
    file = api.create("DataFile", file_name, values={"pathName": "/data/" + file_name})
    return folder, file, folder_name, file_name


def group_and_connector(api: Api) -> tuple[str, str]:
    return api.create("IntegrationGroup", unique("Group")), api.create("IntegrationConnector", unique("Connector"))


# -- 1. create ------------------------------------------------------------------------------------


def test_relating_two_elements_returns_the_new_relationship_guid(api: Api) -> None:
    folder, file, _, _ = folder_and_file(api)
    answer = api.ok(
        "/related-elements",
        {
            "class": "NewRelatedElementsRequestBody",
            "typeName": "NestedFile",
            "metadataElement1GUID": folder,
            "metadataElement2GUID": file,
            "forLineage": False,
            "forDuplicateProcessing": False,
        },
    )
    assert answer["class"] == "GUIDResponse"
    guid = answer["guid"]
    assert isinstance(guid, str) and guid not in (folder, file)
    found = relationship(api, guid, {"class": "GetRequestBody"})
    assert found["relationshipGUID"] == guid
    assert (found["elementGUIDAtEnd1"], found["elementGUIDAtEnd2"]) == (folder, file)


# -- 2. relationship by GUID ----------------------------------------------------------------------


def check_nested_file(
    api: Api, found: dict[str, Any], guid: str, folder: tuple[str, str], file: tuple[str, str]
) -> None:
    assert found["relationshipGUID"] == guid
    assert found["status"] == "ACTIVE"
    for header in (found["type"], found["relationshipType"]):
        assert header["typeName"] == "NestedFile"
        assert header["typeId"] == NESTED_FILE_GUID
        assert header["typeCategory"] == "RELATIONSHIP_DEF"
    assert found["versions"]["createdBy"] == api.user
    assert found["versions"]["version"] == 1
    assert datetime.fromisoformat(found["versions"]["createTime"]).tzinfo is not None
    assert found["labelAtEnd1"] == "homeFolder"
    assert found["labelAtEnd2"] == "nestedFiles"
    assert found["elementGUIDAtEnd1"] == folder[0]
    assert found["elementGUIDAtEnd2"] == file[0]
    stub1, stub2 = found["elementAtEnd1"], found["elementAtEnd2"]
    assert (stub1["guid"], stub1["uniqueName"], stub1["type"]["typeName"]) == (folder[0], folder[1], "FileFolder")
    assert stub1["type"]["typeId"] == FILE_FOLDER_GUID
    assert (stub2["guid"], stub2["uniqueName"], stub2["type"]["typeName"]) == (file[0], file[1], "DataFile")
    assert stub2["type"]["typeId"] == DATA_FILE_GUID


def test_relationship_by_guid_with_a_get_request_body(api: Api) -> None:
    folder, file, folder_name, file_name = folder_and_file(api)
    guid = api.relate("NestedFile", folder, file)
    found = relationship(api, guid, {"class": "GetRequestBody", "forLineage": False, "forDuplicateProcessing": False})
    check_nested_file(api, found, guid, (folder, folder_name), (file, file_name))


def test_relationship_by_guid_without_a_body(api: Api) -> None:
    folder, file, folder_name, file_name = folder_and_file(api)
    guid = api.relate("NestedFile", folder, file)
    check_nested_file(api, relationship(api, guid), guid, (folder, folder_name), (file, file_name))


def test_relationship_by_guid_with_get_on_base_a(api_a: Api) -> None:
    folder, file, folder_name, file_name = folder_and_file(api_a)
    guid = api_a.relate("NestedFile", folder, file)
    plain_get = api_a.ok(f"/relationships/by-guid/{guid}", method="GET")
    assert plain_get["class"] == "OpenMetadataRelationshipResponse"
    check_nested_file(api_a, plain_get["element"], guid, (folder, folder_name), (file, file_name))
    now = int(datetime.now().timestamp() * 1000)
    with_query = api_a.ok(
        f"/relationships/by-guid/{guid}",
        method="GET",
        params={"forLineage": "false", "forDuplicateProcessing": "false", "effectiveTime": str(now)},
    )
    check_nested_file(api_a, with_query["element"], guid, (folder, folder_name), (file, file_name))


def test_relationship_by_guid_returns_typed_relationship_properties(api: Api) -> None:
    connector = api.create("IntegrationConnector", unique("Connector"))
    _, file, _, _ = folder_and_file(api)
    guid = api.relate("CatalogTarget", connector, file, {"catalogTargetName": "landing", "connectionName": "files"})
    found = relationship(api, guid, {"class": "GetRequestBody"})
    assert found["labelAtEnd1"] == "cataloguedByConnectors"
    assert found["labelAtEnd2"] == "catalogTargets"
    values = found["relationshipProperties"]["propertyValueMap"]
    assert values == {
        "catalogTargetName": typed("string", "STRING", "landing"),
        "connectionName": typed("string", "STRING", "files"),
    }
    assert sorted(found["relationshipProperties"]["propertyNames"]) == ["catalogTargetName", "connectionName"]
    assert found["relationshipProperties"]["propertyCount"] == 2


# -- 3. RegisteredIntegrationConnector -----------------------------------------------------------


def test_registered_integration_connector_properties_come_back_typed(api: Api) -> None:
    group, connector = group_and_connector(api)
    guid = api.relate(
        "RegisteredIntegrationConnector",
        group,
        connector,
        {
            "connectorName": "FilesMonitor",
            "refreshTimeInterval": primitive("long", 60),
            "startDate": primitive("date", START_DATE),
            "permittedSynchronization": enum("PermittedSynchronization", "FROM_THIRD_PARTY"),
            "generateConnectorActivityReports": primitive("boolean", True),
        },
    )
    found = relationship(api, guid, {"class": "GetRequestBody"})
    assert found["type"]["typeName"] == "RegisteredIntegrationConnector"
    assert found["type"]["typeId"] == REGISTERED_CONNECTOR_GUID
    assert (found["labelAtEnd1"], found["labelAtEnd2"]) == (
        "includedInIntegrationGroups",
        "registeredIntegrationConnectors",
    )
    assert (found["elementGUIDAtEnd1"], found["elementGUIDAtEnd2"]) == (group, connector)
    assert found["elementAtEnd1"]["type"]["typeName"] == "IntegrationGroup"
    assert found["elementAtEnd2"]["type"]["typeName"] == "IntegrationConnector"
    assert found["relationshipProperties"]["propertyValueMap"] == {
        "connectorName": typed("string", "STRING", "FilesMonitor"),
        "refreshTimeInterval": typed("long", "LONG", 60),
        "startDate": typed("date", "DATE", START_DATE),
        "permittedSynchronization": {
            "class": "EnumTypePropertyValue",
            "typeName": "PermittedSynchronization",
            "symbolicName": "FROM_THIRD_PARTY",
        },
        "generateConnectorActivityReports": typed("boolean", "BOOLEAN", True),
    }
    # The same typed values from the group's side.
    (entry,) = related(api, group, "type/RegisteredIntegrationConnector", 1)["elementList"]
    assert entry["relationshipProperties"]["propertyValueMap"] == found["relationshipProperties"]["propertyValueMap"]


# -- 4. update-properties -------------------------------------------------------------------------


def test_updating_relationship_properties_merges_by_default(api: Api) -> None:
    connector = api.create("IntegrationConnector", unique("Connector"))
    _, file, _, _ = folder_and_file(api)
    guid = api.relate("CatalogTarget", connector, file, {"catalogTargetName": "landing", "connectionName": "files"})
    answer = api.ok(
        f"/related-elements/{guid}/update-properties",
        {"class": "UpdatePropertiesRequestBody", "properties": props(connectionName="files-v2")},
    )
    assert answer["class"] == "VoidResponse"
    found = relationship(api, guid, {"class": "GetRequestBody"})
    assert plain(found["relationshipProperties"]) == {"catalogTargetName": "landing", "connectionName": "files-v2"}
    assert found["versions"]["version"] == 2
    assert found["versions"]["updatedBy"] == api.user


def test_updating_relationship_properties_with_merge_update_false_replaces_them(api: Api) -> None:
    connector = api.create("IntegrationConnector", unique("Connector"))
    _, file, _, _ = folder_and_file(api)
    guid = api.relate("CatalogTarget", connector, file, {"catalogTargetName": "landing", "connectionName": "files"})
    api.ok(
        f"/related-elements/{guid}/update-properties",
        {
            "class": "UpdatePropertiesRequestBody",
            "mergeUpdate": False,
            "properties": props(metadataSourceQualifiedName="Source::files"),
        },
    )
    found = relationship(api, guid, {"class": "GetRequestBody"})
    assert plain(found["relationshipProperties"]) == {"metadataSourceQualifiedName": "Source::files"}


# -- 5. delete ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"class": "OpenMetadataDeleteRequestBody", "forLineage": False, "forDuplicateProcessing": False},
        {
            "class": "DeleteRelationshipRequestBody",
            "deleteMethod": "PURGE",
            "forLineage": False,
            "forDuplicateProcessing": False,
        },
    ],
    ids=["OpenMetadataDeleteRequestBody", "pyegeria-DeleteRelationshipRequestBody"],
)
def test_deleting_a_relationship_removes_it_and_keeps_both_ends(api: Api, body: dict[str, Any] | None) -> None:
    folder, file, _, _ = folder_and_file(api)
    guid = api.relate("NestedFile", folder, file)
    answer = api.ok(f"/related-elements/{guid}/delete", body)
    assert answer["class"] == "VoidResponse"
    gone = api.fails(f"/relationships/by-guid/{guid}", {"class": "GetRequestBody"})
    assert gone["exceptionErrorMessageId"] == "OMAG-REPOSITORY-HANDLER-404-012"
    assert gone["relatedHTTPCode"] == 404
    assert gone["exceptionProperties"]["parameterName"] == "relationshipGUID"
    assert api.get(folder)["elementGUID"] == folder
    assert api.get(file)["elementGUID"] == file
    assert "elementList" not in related(api, folder)
    assert linked(api, folder, file) == []


def test_deleting_a_relationship_needs_a_body(api: Api) -> None:
    # Egeria refuses a body-less relationship delete on both bases (handleNoRequestBody).
    folder, file, _, _ = folder_and_file(api)
    guid = api.relate("NestedFile", folder, file)
    sequence = last_sequence(api.raw)
    failure = api.fails(f"/related-elements/{guid}/delete")
    assert failure["exceptionErrorMessageId"] == "OMAG-COMMON-400-017"
    assert failure["exceptionProperties"]["parameterName"] == "requestBody"
    assert last_sequence(api.raw) == sequence
    assert relationship(api, guid, {"class": "GetRequestBody"})["relationshipGUID"] == guid


# -- 6. one link (multiLink false) or many ------------------------------------------------------


def test_relating_again_with_a_single_link_type_updates_the_existing_relationship(api: Api) -> None:
    group, connector = group_and_connector(api)
    first = api.relate(
        "RegisteredIntegrationConnector",
        group,
        connector,
        {"connectorName": "FilesMonitor", "refreshTimeInterval": primitive("long", 60)},
    )
    again = api.relate("RegisteredIntegrationConnector", group, connector, {"connectorName": "FolderMonitor"})
    assert again == first
    found = relationship(api, first, {"class": "GetRequestBody"})
    assert plain(found["relationshipProperties"]) == {"connectorName": "FolderMonitor"}
    assert found["versions"]["version"] == 2
    assert [r["relationshipGUID"] for r in linked(api, group, connector, "RegisteredIntegrationConnector")] == [first]


def test_relating_again_with_nested_file_returns_the_same_relationship(api: Api) -> None:
    folder, file, _, _ = folder_and_file(api)
    first = api.relate("NestedFile", folder, file)
    assert api.relate("NestedFile", folder, file) == first
    assert [r["relationshipGUID"] for r in linked(api, folder, file, "NestedFile")] == [first]


def test_a_multi_link_type_makes_a_second_relationship(api: Api) -> None:
    connector = api.create("IntegrationConnector", unique("Connector"))
    _, file, _, _ = folder_and_file(api)
    first = api.relate("CatalogTarget", connector, file, {"catalogTargetName": "one"})
    second = api.relate("CatalogTarget", connector, file, {"catalogTargetName": "two"})
    assert second != first
    found = linked(api, connector, file, "CatalogTarget")
    assert {r["relationshipGUID"]: plain(r["relationshipProperties"]) for r in found} == {
        first: {"catalogTargetName": "one"},
        second: {"catalogTargetName": "two"},
    }


# -- 7. makeAnchor --------------------------------------------------------------------------------


def test_make_anchor_anchors_element_2_to_element_1(api: Api) -> None:
    folder, file, _, _ = folder_and_file(api)
    api.relate("NestedFile", folder, file, makeAnchor=True)
    anchors = classification(api.get(file), "Anchors")
    assert anchors is not None
    values = plain(anchors["classificationProperties"])
    assert values["anchorGUID"] == folder
    assert values["anchorTypeName"] == "FileFolder"
    assert values["anchorDomainName"] == "Asset"
    # The folder (end 1) keeps its own anchor.
    folder_anchors = classification(api.get(folder), "Anchors")
    assert folder_anchors is None or plain(folder_anchors["classificationProperties"]).get("anchorGUID") in (
        None,
        folder,
    )


def test_without_make_anchor_element_2_keeps_its_anchor(api: Api) -> None:
    folder, file, _, _ = folder_and_file(api)
    api.relate("NestedFile", folder, file)
    anchors = classification(api.get(file), "Anchors")
    assert anchors is None or plain(anchors["classificationProperties"]).get("anchorGUID") in (None, file)


# -- 8. related elements --------------------------------------------------------------------------


class Graph:
    """parent -FolderHierarchy-> folder -NestedFile-> data file / csv file; connector -CatalogTarget-> folder."""

    def __init__(self, api: Api) -> None:
        self.names = {k: unique(k) for k in ("parent", "folder", "data", "csv", "connector")}
        self.parent = api.create("FileFolder", self.names["parent"])
        self.folder = api.create("FileFolder", self.names["folder"])
        self.data = api.create("DataFile", self.names["data"])
        self.csv = api.create("CSVFile", self.names["csv"])
        self.connector = api.create("IntegrationConnector", self.names["connector"])
        self.hierarchy = api.relate("FolderHierarchy", self.parent, self.folder)
        self.nested_data = api.relate("NestedFile", self.folder, self.data)
        self.nested_csv = api.relate("NestedFile", self.folder, self.csv)
        self.target = api.relate("CatalogTarget", self.connector, self.folder, {"catalogTargetName": "landing"})


def test_related_elements_of_any_type_from_either_end(api: Api) -> None:
    g = Graph(api)
    found = related(api, g.folder, "any-type", 0, {"class": "ResultsRequestBody"})
    start = found["startingElement"]
    assert start["elementGUID"] == g.folder
    assert start["type"]["typeName"] == "FileFolder"
    assert plain(start["elementProperties"]) == {"qualifiedName": g.names["folder"]}
    by_guid = entries(found)
    assert set(by_guid) == {g.parent, g.data, g.csv, g.connector}
    expected = {
        g.parent: (g.hierarchy, "FolderHierarchy", "FileFolder", True),
        g.data: (g.nested_data, "NestedFile", "DataFile", False),
        g.csv: (g.nested_csv, "NestedFile", "CSVFile", False),
        g.connector: (g.target, "CatalogTarget", "IntegrationConnector", True),
    }
    for guid, (rel_guid, rel_type, element_type, at_end1) in expected.items():
        entry = by_guid[guid]
        assert entry["relationshipGUID"] == rel_guid
        assert entry["type"]["typeName"] == rel_type
        assert entry["type"]["typeCategory"] == "RELATIONSHIP_DEF"
        assert entry["versions"]["createdBy"] == api.user
        assert entry["elementAtEnd1"] is at_end1
        assert entry["element"]["type"]["typeName"] == element_type
        assert entry["element"]["status"] == "ACTIVE"
        assert plain(entry["element"]["elementProperties"])["qualifiedName"] in g.names.values()
    assert by_guid[g.data]["type"]["typeId"] == NESTED_FILE_GUID
    assert by_guid[g.connector]["relationshipProperties"]["propertyValueMap"] == {
        "catalogTargetName": typed("string", "STRING", "landing")
    }


def test_related_elements_without_starting_at_end_means_either_end(api: Api) -> None:
    g = Graph(api)
    assert set(entries(related(api, g.folder))) == {g.parent, g.data, g.csv, g.connector}


def test_starting_at_end_1_returns_the_elements_at_end_2(api: Api) -> None:
    g = Graph(api)
    found = entries(related(api, g.folder, "any-type", 1, {"class": "ResultsRequestBody"}))
    assert set(found) == {g.data, g.csv}
    assert all(e["elementAtEnd1"] is False for e in found.values())


def test_starting_at_end_2_returns_the_elements_at_end_1(api: Api) -> None:
    g = Graph(api)
    found = entries(related(api, g.folder, "any-type", 2, {"class": "ResultsRequestBody"}))
    assert set(found) == {g.parent, g.connector}
    assert all(e["elementAtEnd1"] is True for e in found.values())


def test_related_elements_of_one_relationship_type(api: Api) -> None:
    g = Graph(api)
    nested = entries(related(api, g.folder, "type/NestedFile", 0, {"class": "ResultsRequestBody"}))
    assert set(nested) == {g.data, g.csv}
    assert {e["relationshipGUID"] for e in nested.values()} == {g.nested_data, g.nested_csv}
    hierarchy = entries(related(api, g.folder, "type/FolderHierarchy", 2))
    assert set(hierarchy) == {g.parent}
    # The folder is at end 1 of its NestedFile relationships only.
    assert "elementList" not in related(api, g.folder, "type/NestedFile", 2)
    # From the file's side, the folder is at end 1.
    (entry,) = related(api, g.data, "type/NestedFile", 2)["elementList"]
    assert entry["element"]["elementGUID"] == g.folder
    assert entry["elementAtEnd1"] is True


def test_related_elements_filtered_by_the_element_type_include_subtypes(api: Api) -> None:
    g = Graph(api)
    body = {"class": "ResultsRequestBody", "metadataElementTypeName": "DataFile"}
    assert set(entries(related(api, g.folder, "any-type", 0, body))) == {g.data, g.csv}
    body = {"class": "ResultsRequestBody", "metadataElementTypeName": "CSVFile"}
    assert set(entries(related(api, g.folder, "any-type", 0, body))) == {g.csv}
    body = {"class": "ResultsRequestBody", "metadataElementTypeName": "FileFolder"}
    assert set(entries(related(api, g.folder, "any-type", 0, body))) == {g.parent}
    body = {"class": "ResultsRequestBody", "metadataElementTypeName": "Asset"}
    assert set(entries(related(api, g.folder, "any-type", 0, body))) == {g.parent, g.data, g.csv, g.connector}


def test_related_elements_page_through_with_start_from_and_page_size(api: Api) -> None:
    g = Graph(api)
    pages = []
    for start in (0, 2):
        body = {"class": "ResultsRequestBody", "startFrom": start, "pageSize": 2}
        page = related(api, g.folder, "any-type", 0, body)
        assert page["startingElement"]["elementGUID"] == g.folder
        assert len(page["elementList"]) == 2
        pages.append(set(entries(page)))
    assert pages[0].isdisjoint(pages[1])
    assert pages[0] | pages[1] == {g.parent, g.data, g.csv, g.connector}
    beyond = related(api, g.folder, "any-type", 0, {"class": "ResultsRequestBody", "startFrom": 4, "pageSize": 2})
    assert "elementList" not in beyond


def test_an_element_without_relationships_has_a_related_list_without_elements(api: Api) -> None:
    name = unique("Lonely")
    lonely = api.create("DataFile", name)
    found = related(api, lonely, "any-type", 0, {"class": "ResultsRequestBody"})
    assert found["startingElement"]["elementGUID"] == lonely
    assert plain(found["startingElement"]["elementProperties"]) == {"qualifiedName": name}
    assert "elementList" not in found
    assert "elementList" not in related(api, lonely, "type/NestedFile", 2)


# -- 9. linked-by ---------------------------------------------------------------------------------


def test_linked_by_any_type_and_by_type_between_two_elements(api: Api) -> None:
    folder, file, folder_name, file_name = folder_and_file(api)
    nested = api.relate("NestedFile", folder, file)
    flow = api.relate("DataFlow", folder, file, {"formula": "copy"})
    every = {r["relationshipGUID"]: r for r in linked(api, folder, file)}
    assert set(every) == {nested, flow}
    assert every[nested]["type"]["typeName"] == "NestedFile"
    assert every[flow]["relationshipType"]["typeName"] == "DataFlow"
    assert plain(every[flow]["relationshipProperties"]) == {"formula": "copy"}
    for found in every.values():
        assert (found["elementGUIDAtEnd1"], found["elementGUIDAtEnd2"]) == (folder, file)
        assert found["elementAtEnd1"]["uniqueName"] == folder_name
        assert found["elementAtEnd2"]["uniqueName"] == file_name
    assert [r["relationshipGUID"] for r in linked(api, folder, file, "NestedFile")] == [nested]
    assert [r["relationshipGUID"] for r in linked(api, folder, file, "DataFlow")] == [flow]
    # A supertype's name takes in its subtypes (DataFlow is a LineageRelationship).
    assert [r["relationshipGUID"] for r in linked(api, folder, file, "LineageRelationship")] == [flow]


def test_linked_by_between_unrelated_elements_has_no_relationships(api: Api) -> None:
    folder, file, _, _ = folder_and_file(api)
    assert linked(api, folder, file) == []
    assert linked(api, folder, file, "NestedFile") == []


# -- 10. classifications --------------------------------------------------------------------------


@pytest.mark.parametrize("body_class", ["NewOpenMetadataClassificationRequestBody", "NewClassificationRequestBody"])
def test_classify_attaches_the_classification_with_typed_properties(api: Api, body_class: str) -> None:
    _, file, _, _ = folder_and_file(api)
    answer = api.ok(
        f"/metadata-elements/{file}/classifications/Confidentiality",
        {
            "class": body_class,
            "forLineage": False,
            "forDuplicateProcessing": False,
            "properties": props(confidentialityLevel=primitive("int", 3), steward="erinoverview"),
        },
    )
    assert answer["class"] == "VoidResponse"
    found = classification(api.get(file), "Confidentiality")
    assert found is not None
    assert found["class"] == "AttachedClassification"
    assert found["classificationName"] == "Confidentiality"
    assert found["classificationOrigin"] == "ASSIGNED"
    assert found["type"]["typeName"] == "Confidentiality"
    assert found["type"]["typeId"] == CONFIDENTIALITY_GUID
    assert found["type"]["typeCategory"] == "CLASSIFICATION_DEF"
    assert found["versions"]["createdBy"] == api.user
    assert found["classificationProperties"]["propertyValueMap"] == {
        "confidentialityLevel": typed("int", "INT", 3),
        "steward": typed("string", "STRING", "erinoverview"),
    }


def classify(api: Api, guid: str, **values: Any) -> None:
    api.ok(
        f"/metadata-elements/{guid}/classifications/Confidentiality",
        {"class": "NewOpenMetadataClassificationRequestBody", "properties": props(**values)},
    )


def confidentiality_of(api: Api, guid: str) -> dict[str, Any] | None:
    found = classification(api.get(guid), "Confidentiality")
    return plain(found["classificationProperties"]) if found else None


def test_classifying_again_replaces_the_classification_properties(api: Api) -> None:
    _, file, _, _ = folder_and_file(api)
    classify(api, file, confidentialityLevel=primitive("int", 3), steward="erinoverview")
    classify(api, file, notes="reviewed")
    assert confidentiality_of(api, file) == {"notes": "reviewed"}
    assert len([c for c in api.get(file)["classifications"] if c["classificationName"] == "Confidentiality"]) == 1


def test_reclassify_merges_by_default_and_replaces_with_merge_update_false(api: Api) -> None:
    _, file, _, _ = folder_and_file(api)
    classify(api, file, confidentialityLevel=primitive("int", 3), steward="erinoverview")
    suffix = f"/metadata-elements/{file}/classifications/Confidentiality/update-properties"
    answer = api.ok(suffix, {"class": "UpdatePropertiesRequestBody", "properties": props(notes="reviewed")})
    assert answer["class"] == "VoidResponse"
    assert confidentiality_of(api, file) == {"confidentialityLevel": 3, "steward": "erinoverview", "notes": "reviewed"}
    api.ok(
        suffix,
        {
            "class": "UpdatePropertiesRequestBody",
            "mergeUpdate": False,
            "properties": props(confidentialityLevel=primitive("int", 1)),
        },
    )
    assert confidentiality_of(api, file) == {"confidentialityLevel": 1}


def test_declassify_removes_the_classification(api: Api) -> None:
    _, file, _, _ = folder_and_file(api)
    classify(api, file, steward="erinoverview")
    body = {"class": "MetadataSourceRequestBody", "forLineage": False, "forDuplicateProcessing": False}
    answer = api.ok(f"/metadata-elements/{file}/classifications/Confidentiality/delete", body)
    assert answer["class"] == "VoidResponse"
    element = api.get(file)
    assert classification(element, "Confidentiality") is None
    assert classification(element, "Anchors") is not None


def test_declassify_needs_a_body(api: Api) -> None:
    # Egeria refuses a body-less declassify on both bases (handleNoRequestBody).
    _, file, _, _ = folder_and_file(api)
    classify(api, file, steward="erinoverview")
    failure = api.fails(f"/metadata-elements/{file}/classifications/Confidentiality/delete")
    assert failure["exceptionErrorMessageId"] == "OMAG-COMMON-400-017"
    assert classification(api.get(file), "Confidentiality") is not None


def test_declassifying_a_classification_the_element_does_not_carry_succeeds_and_changes_nothing(
    api: Api,
) -> None:
    _, file, _, _ = folder_and_file(api)
    before = api.get(file)
    sequence = last_sequence(api.raw)
    answer = api.ok(
        f"/metadata-elements/{file}/classifications/Confidentiality/delete", {"class": "MetadataSourceRequestBody"}
    )
    assert answer["class"] == "VoidResponse"
    after = api.get(file)
    assert last_sequence(api.raw) == sequence
    assert after["versions"]["version"] == before["versions"]["version"]
    assert classification(after, "Confidentiality") is None


def test_each_classification_change_bumps_the_element_version(api: Api) -> None:
    _, file, _, _ = folder_and_file(api)

    def version() -> int:
        return api.get(file)["versions"]["version"]

    start = version()
    classify(api, file, steward="erinoverview")
    assert version() == start + 1
    classify(api, file, steward="peterprofile")
    assert version() == start + 2
    api.ok(
        f"/metadata-elements/{file}/classifications/Confidentiality/update-properties",
        {"class": "UpdatePropertiesRequestBody", "properties": props(notes="reviewed")},
    )
    assert version() == start + 3
    api.ok(f"/metadata-elements/{file}/classifications/Confidentiality/delete", {"class": "MetadataSourceRequestBody"})
    assert version() == start + 4
