"""The shipped type definitions hold the facts egeria_nb depends on (checked against Egeria's archive)."""

import json
from importlib import resources

import pytest

from egeria_nb.typedefs import TypeRegistry, open_metadata_types


@pytest.fixture(scope="module")
def types() -> TypeRegistry:
    return open_metadata_types()


def test_the_data_file_names_its_source() -> None:
    data = json.loads((resources.files("egeria_nb") / "data" / "open-metadata-types.json").read_text())
    source = data["source"]
    assert source["repository"] == "odpi/egeria"
    assert source["path"] == "content-packs/OpenMetadataTypes.omarchive"
    assert len(source["commit"]) == 40
    assert source["license"] == "Apache-2.0"


def test_every_category_of_type_is_there(types: TypeRegistry) -> None:
    assert len(types.names("entity")) >= 300
    assert len(types.names("relationship")) >= 150
    assert len(types.names("classification")) >= 60
    # Every supertype named is itself a type, so no chain ends in a name egeria_nb does not know.
    for typedef in types.types.values():
        assert typedef.super_type is None or typedef.super_type in types.types, typedef.name


def test_supertypes_most_specific_first(types: TypeRegistry) -> None:
    assert types.supertypes("CSVFile") == (
        "DataFile",
        "DataStore",
        "DataAsset",
        "Asset",
        "Referenceable",
        "OpenMetadataRoot",
    )
    assert types.supertypes("IntegrationGroup")[-2:] == ("Referenceable", "OpenMetadataRoot")
    assert types.supertypes("NoSuchType") == ()
    assert types.is_a("IntegrationConnector", "Asset")
    assert not types.is_a("IntegrationGroup", "Asset")


def test_subtypes_include_the_type_itself(types: TypeRegistry) -> None:
    assets = types.subtypes("Asset")
    assert {"Asset", "DataFile", "CSVFile", "FileFolder", "IntegrationConnector"} <= assets
    assert "IntegrationGroup" not in assets
    assert types.subtypes("CSVFile") == {"CSVFile"}


def test_attributes_are_inherited(types: TypeRegistry) -> None:
    data_file = types.attributes("DataFile")
    assert data_file["qualifiedName"] == "string"  # Referenceable
    assert data_file["additionalProperties"] == "map<string,string>"
    assert data_file["pathName"] == "string"  # DataStore
    assert data_file["fileType"] == "string"  # DataFile's own
    assert "size" not in data_file
    assert types.attributes("IntegrationConnector")["usesBlockingCalls"] == "boolean"
    assert types.unique_attributes("DataFile") == ("qualifiedName",)


def test_relationship_ends_and_attribute_types(types: TypeRegistry) -> None:
    registration = types.get("RegisteredIntegrationConnector")
    assert registration is not None and registration.category == "relationship"
    assert registration.guid == "7528bcd4-ae4c-47d0-a33f-4aeebbaa92c2"  # egeria-wire.md §4.3
    assert (registration.end1.type_name, registration.end2.type_name) == ("IntegrationGroup", "IntegrationConnector")
    attributes = types.attributes("RegisteredIntegrationConnector")
    assert attributes["refreshTimeInterval"] == "long"
    assert attributes["startDate"] == "date"
    assert attributes["permittedSynchronization"] == "PermittedSynchronization"
    assert list(types.enum("PermittedSynchronization").values) == [
        "BOTH_DIRECTIONS",
        "TO_THIRD_PARTY",
        "FROM_THIRD_PARTY",
        "OTHER",
    ]
    assert types.get("AssetConnection").end2.type_name == "Connection"
    assert types.get("ConnectToEndpoint").end2.type_name == "Endpoint"
    assert types.get("CatalogTarget").multi_link is True


def test_classifications_say_where_they_apply(types: TypeRegistry) -> None:
    anchors = types.get("Anchors")
    assert anchors.category == "classification"
    assert anchors.valid_entities == ("OpenMetadataRoot",)
    assert types.attributes("Anchors")["anchorScopeGUIDs"] == "array<string>"


def test_anchor_domain_is_the_most_general_type_below_referenceable(types: TypeRegistry) -> None:
    assert types.domain("CSVFile") == "Asset"
    assert types.domain("IntegrationGroup") == "SoftwareCapability"
    assert types.domain("Referenceable") == "Referenceable"
    assert types.uniqueness_family("RelationalColumn") == "Referenceable"
