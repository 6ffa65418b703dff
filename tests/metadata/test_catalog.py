"""The catalog client connectors write through: elements, relationships, ``synchronize`` and ``find_elements``.

Everything goes through Egeria's generic open metadata store API; ``synchronize`` is tested both
call by call (what it does against a real Egeria) and through the embedded platform's batch call,
and must come to the same catalogue either way.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pandas as pd
import pytest

import egeria_nb as enb
from egeria_nb.metadata.catalog import CatalogElement as E
from egeria_nb.metadata.catalog import CatalogRelationship as R
from egeria_nb.metadata.catalog import MetadataCatalog
from tests.conftest import Raw
from tests.metadata.conftest import MD, last_sequence

MODIFIED = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)


@pytest.fixture
def catalog(platform: enb.EmbeddedPlatform):
    return MetadataCatalog(platform, MD).blocking


@pytest.fixture(params=["call by call", "batch call"])
def syncing(request: pytest.FixtureRequest, platform: enb.EmbeddedPlatform):
    """A catalog whose ``synchronize`` goes call by call through the generic API, or in egeria_nb's batch call."""
    return MetadataCatalog(platform, MD, accelerate=request.param == "batch call").blocking


def _state(catalog) -> tuple:
    """Everything in the catalog, to compare before and after a refused call."""
    elements = sorted(
        (e.guid, e.type_name, e.qualified_name, e.version, repr(e.properties), repr(e.classifications))
        for e in catalog.find_elements()
    )
    relationships = sorted(
        (r.guid, r.type_name, r.end1_guid, r.end2_guid, repr(r.properties)) for r in catalog.relationships()
    )
    return elements, relationships, catalog.changes(-1).last_sequence


# -- elements ----------------------------------------------------------------------------------------------


def test_element_create_get_find(platform: enb.EmbeddedPlatform, catalog) -> None:
    created = catalog.create_element(
        "DataFile",
        "/data/a.csv",
        {"fileType": "text/csv", "storeUpdateTime": MODIFIED, "additionalProperties": {"size": "10"}},
        classifications={"DataAssetEncoding": {"encodingType": "UTF-8"}},
    )
    assert created.type_name == "DataFile"
    assert created.qualified_name == "/data/a.csv"
    assert created.properties == {
        "fileType": "text/csv",
        "storeUpdateTime": MODIFIED,  # a date comes back a datetime
        "additionalProperties": {"size": "10"},
        "qualifiedName": "/data/a.csv",
    }
    assert created.classifications["DataAssetEncoding"] == {"encodingType": "UTF-8"}
    assert created.classifications["Anchors"]["anchorGUID"] == created.guid  # its own anchor, as Egeria makes it
    assert created.version >= 1 and created.create_time is not None and created.update_time is None

    assert catalog.get_element(created.guid) == created
    assert catalog.find_element("DataFile", "/data/a.csv") == created
    assert catalog.find_element("DataFile", "/data/b.csv") is None
    assert catalog.find_element("CSVFile", "/data/a.csv") is None  # a DataFile is not a CSVFile
    assert catalog.find_element("Asset", "/data/a.csv") == created  # but it is an Asset
    with pytest.raises(enb.InvalidParameterError) as caught:
        catalog.get_element("no-such-guid")
    assert caught.value.message_id == "OMAG-REPOSITORY-HANDLER-404-007"


def test_bad_values_are_refused_before_anything_is_sent(catalog) -> None:
    before = _state(catalog)
    with pytest.raises(enb.InvalidParameterError) as caught:
        catalog.create_element("DataFile", "/data/a.csv", {"filetype": "csv"})
    assert caught.value.message_id == "EGERIA-NB-METADATA-400-001"
    assert "Did you mean 'fileType'?" in (caught.value.user_action or "")
    with pytest.raises(enb.InvalidParameterError) as caught:
        catalog.create_element("DataFile", "/data/a.csv", {"storeUpdateTime": "yesterday"})
    assert caught.value.message_id == "EGERIA-NB-METADATA-400-001"
    with pytest.raises(enb.InvalidParameterError) as caught:
        catalog.create_element("GlossaryTerm")  # a Referenceable needs its qualified name
    assert "qualifiedName" in caught.value.message
    assert _state(catalog) == before


def test_element_update_merges_or_replaces(catalog) -> None:
    el = catalog.create_element("DataFile", "/data/a.csv", {"fileName": "a.csv", "fileType": "text/csv"})
    merged = catalog.update_element(el.guid, {"fileName": "b.csv", "displayName": "A"})
    assert merged.properties == {
        "fileName": "b.csv",
        "fileType": "text/csv",
        "displayName": "A",
        "qualifiedName": "/data/a.csv",
    }
    assert merged.version > el.version and merged.update_time is not None

    replaced = catalog.update_element(el.guid, {"fileName": "c.csv", "qualifiedName": "/data/a.csv"}, merge=False)
    assert replaced.properties == {"fileName": "c.csv", "qualifiedName": "/data/a.csv"}

    same = catalog.update_element(el.guid, {"fileName": "c.csv"})
    assert same.version == replaced.version  # no change, no new version

    renamed = catalog.update_element(el.guid, {"qualifiedName": "/data/b.csv"})
    assert renamed.qualified_name == "/data/b.csv"
    assert catalog.find_element("DataFile", "/data/b.csv").guid == el.guid
    assert catalog.find_element("DataFile", "/data/a.csv") is None


def test_element_delete_takes_its_relationships_and_anchored_elements(catalog) -> None:
    folder = catalog.create_element("FileFolder", "/data")
    a = catalog.create_element("DataFile", "/data/a.csv")
    b = catalog.create_element("DataFile", "/data/b.csv")
    catalog.create_relationship("NestedFile", folder.guid, a.guid)
    kept = catalog.create_relationship("LinkedFile", folder.guid, b.guid)
    schema = catalog.create_element(
        "TabularSchemaType",
        "/data/a.csv::schema",
        anchor_guid=a.guid,
        parent=enb.Parent(a.guid, "Schema"),
    )
    catalog.delete_element(a.guid)
    assert catalog.find_element("DataFile", "/data/a.csv") is None
    assert catalog.find_element("TabularSchemaType", "/data/a.csv::schema") is None  # anchored to a.csv
    assert [r.guid for r in catalog.relationships()] == [kept.guid]
    assert {e.guid for e in catalog.find_elements()} == {folder.guid, b.guid}
    with pytest.raises(enb.InvalidParameterError) as caught:
        catalog.delete_element(schema.guid)
    assert caught.value.message_id == "OMAG-REPOSITORY-HANDLER-404-007"


# -- relationships -----------------------------------------------------------------------------------------


def test_relationship_crud(catalog) -> None:
    a = catalog.create_element("GlossaryTerm", "term:a")
    b = catalog.create_element("GlossaryTerm", "term:b")
    c = catalog.create_element("GlossaryTerm", "term:c")
    one = catalog.create_relationship("RelatedTerm", a.guid, b.guid, {"description": "see", "confidence": 80})
    two = catalog.create_relationship("RelatedTerm", a.guid, c.guid)
    syn = catalog.create_relationship("Synonym", b.guid, c.guid)
    assert (one.type_name, one.end1_guid, one.end2_guid, one.properties) == (
        "RelatedTerm",
        a.guid,
        b.guid,
        {"description": "see", "confidence": 80},
    )

    assert [r.guid for r in catalog.relationships("RelatedTerm")] == [one.guid, two.guid]
    assert [r.guid for r in catalog.relationships(end1_guid=b.guid)] == [syn.guid]
    assert [r.guid for r in catalog.relationships(end2_guid=c.guid)] == [two.guid, syn.guid]
    assert [r.guid for r in catalog.relationships("RelatedTerm", end2_guid=c.guid)] == [two.guid]
    assert [r.guid for r in catalog.relationships(page_size=1)] == [one.guid, two.guid, syn.guid]

    merged = catalog.update_relationship(one.guid, {"steward": "ann"})
    assert merged.properties == {"description": "see", "confidence": 80, "steward": "ann"}
    assert merged.version > one.version
    replaced = catalog.update_relationship(one.guid, {"steward": "bob"}, merge=False)
    assert replaced.properties == {"steward": "bob"}

    catalog.delete_relationship(one.guid)
    assert [r.guid for r in catalog.relationships("RelatedTerm")] == [two.guid]
    with pytest.raises(enb.InvalidParameterError) as caught:
        catalog.delete_relationship(one.guid)
    assert caught.value.message_id == "OMAG-REPOSITORY-HANDLER-404-012"
    assert len(catalog.find_elements()) == 3  # ends stay


def test_a_relationship_to_a_missing_element_is_refused(catalog) -> None:
    a = catalog.create_element("DataFile", "/data/a.csv")
    before = _state(catalog)
    for end1, end2 in ((a.guid, "missing"), ("missing", a.guid)):
        with pytest.raises(enb.InvalidParameterError) as caught:
            catalog.create_relationship("NestedFile", end1, end2)
        assert caught.value.message_id == "OMAG-REPOSITORY-HANDLER-404-007"
        assert "missing" in caught.value.message
    assert _state(catalog) == before


# -- synchronize -------------------------------------------------------------------------------------------

SCOPE = {"type_names": ["FileFolder", "DataFile"], "qualified_name_prefix": "/data/"}


def test_synchronize_adds_updates_keeps_and_removes(syncing) -> None:
    outside = syncing.create_element("DataFile", "/other/x.csv", {"fileName": "x.csv"})  # another prefix
    other_type = syncing.create_element("Database", "/data/db", {"displayName": "db"})  # not a scope type

    first = syncing.synchronize(
        **SCOPE,
        elements=[
            E("FileFolder", "/data/"),
            E("DataFile", "/data/a.csv", {"fileName": "a.csv", "storeUpdateTime": MODIFIED}),
            E("DataFile", "/data/b.csv"),
        ],
        relationships=[R("NestedFile", "/data/", "/data/a.csv"), R("NestedFile", "/data/", "/data/b.csv")],
    )
    assert first.accelerated == (syncing.accelerate is True)
    assert (first.added, first.updated, first.unchanged, first.removed) == (3, 0, 0, 0)
    assert (first.relationships_added, first.relationships_removed) == (2, 0)
    assert set(first.guids) == {"/data/", "/data/a.csv", "/data/b.csv"}
    assert syncing.get_element(first.guids["/data/a.csv"]).properties == {
        "fileName": "a.csv",
        "storeUpdateTime": MODIFIED,
        "qualifiedName": "/data/a.csv",
    }

    second = syncing.synchronize(
        **SCOPE,
        elements=[
            E("FileFolder", "/data/"),
            E("DataFile", "/data/a.csv", {"fileName": "a2.csv", "storeUpdateTime": MODIFIED}),
            E("DataFile", "/data/c.csv"),
        ],
        relationships=[R("NestedFile", "/data/", "/data/a.csv"), R("NestedFile", "/data/", "/data/c.csv")],
    )
    assert (second.added, second.updated, second.unchanged, second.removed) == (1, 1, 1, 1)
    assert second.guids["/data/"] == first.guids["/data/"]
    assert second.guids["/data/a.csv"] == first.guids["/data/a.csv"]  # updated in place
    # b.csv went, and its relationship with it; c.csv's is new.
    assert second.relationships_added == 1
    assert syncing.find_element("DataFile", "/data/b.csv") is None
    assert syncing.get_element(second.guids["/data/a.csv"]).properties["fileName"] == "a2.csv"
    nested = {(r.end1_guid, r.end2_guid) for r in syncing.relationships("NestedFile")}
    assert nested == {
        (second.guids["/data/"], second.guids["/data/a.csv"]),
        (second.guids["/data/"], second.guids["/data/c.csv"]),
    }

    # Outside the scope nothing was touched.
    assert syncing.get_element(outside.guid) == outside
    assert syncing.get_element(other_type.guid) == other_type

    mark = syncing.changes(-1).last_sequence
    again = syncing.synchronize(
        **SCOPE,
        elements=[
            E("FileFolder", "/data/"),
            E("DataFile", "/data/a.csv", {"fileName": "a2.csv", "storeUpdateTime": MODIFIED}),
            E("DataFile", "/data/c.csv"),
        ],
        relationships=[R("NestedFile", "/data/", "/data/a.csv"), R("NestedFile", "/data/", "/data/c.csv")],
    )
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 3, 0)
    assert (again.relationships_added, again.relationships_removed) == (0, 0)
    assert syncing.changes(mark).changes == []  # an unchanged scope writes nothing


def test_synchronize_makes_relationships_and_classifications_match(syncing) -> None:
    scope = {"type_names": ["GlossaryTerm"], "qualified_name_prefix": "term:"}
    terms = [E("GlossaryTerm", "term:a"), E("GlossaryTerm", "term:b"), E("GlossaryTerm", "term:c")]
    first = syncing.synchronize(
        **scope, elements=terms, relationships=[R("RelatedTerm", "term:a", "term:b", {"confidence": 1})]
    )
    g = first.guids
    outsider = syncing.create_element("GlossaryTerm", "other:x")
    to_outside = syncing.create_relationship("Synonym", g["term:a"], outsider.guid)

    second = syncing.synchronize(
        **scope,
        elements=[
            E("GlossaryTerm", "term:a", classifications={"Template": {"displayName": "T"}}),
            *terms[1:],
        ],
        relationships=[
            R("RelatedTerm", "term:a", "term:b", {"confidence": 2}),
            R("Synonym", "term:b", "term:c"),
        ],
    )
    assert (second.updated, second.unchanged) == (1, 2)
    assert (second.relationships_added, second.relationships_removed) == (1, 0)
    related = syncing.relationships("RelatedTerm")
    assert [(r.end1_guid, r.end2_guid, r.properties) for r in related] == [
        (g["term:a"], g["term:b"], {"confidence": 2})
    ]
    synonyms = {(r.end1_guid, r.end2_guid) for r in syncing.relationships("Synonym")}
    assert synonyms == {(g["term:b"], g["term:c"]), (g["term:a"], outsider.guid)}
    assert syncing.get_element(g["term:a"]).classifications["Template"] == {"displayName": "T"}

    third = syncing.synchronize(**scope, elements=terms, relationships=[])
    assert (third.updated, third.relationships_removed) == (1, 2)
    assert "Template" not in syncing.get_element(g["term:a"]).classifications
    assert "Anchors" in syncing.get_element(g["term:a"]).classifications  # not the scope's to remove
    # A relationship to an element outside the scope is not the scope's to remove.
    assert [r.guid for r in syncing.relationships()] == [to_outside.guid]


def test_synchronize_owns_only_the_relationship_types_it_names(syncing) -> None:
    scope = {"type_names": ["GlossaryTerm"], "qualified_name_prefix": "term:"}
    terms = [E("GlossaryTerm", "term:a"), E("GlossaryTerm", "term:b")]
    first = syncing.synchronize(**scope, elements=terms, relationship_type_names=["RelatedTerm"])
    someone_elses = syncing.create_relationship("Synonym", first.guids["term:a"], first.guids["term:b"])
    second = syncing.synchronize(
        **scope,
        elements=terms,
        relationships=[R("RelatedTerm", "term:a", "term:b")],
        relationship_type_names=["RelatedTerm"],
    )
    assert (second.relationships_added, second.relationships_removed) == (1, 0)
    assert [r.guid for r in syncing.relationships("Synonym")] == [someone_elses.guid]


def test_synchronize_takes_a_declared_subtype(syncing) -> None:
    first = syncing.synchronize(**SCOPE, elements=[E("DataFile", "/data/a.csv", {"fileName": "a.csv"})])
    second = syncing.synchronize(**SCOPE, elements=[E("CSVFile", "/data/a.csv", {"fileName": "a.csv"})])
    assert syncing.find_element("CSVFile", "/data/a.csv").guid == second.guids["/data/a.csv"]
    # A CSVFile is a DataFile: a find by a type finds its subtypes too, as in Egeria.
    assert syncing.find_element("DataFile", "/data/a.csv").type_name == "CSVFile"
    if second.accelerated:
        # In one transaction the element is retyped and keeps its GUID and relationships.
        assert (second.added, second.updated, second.removed) == (0, 1, 0)
        assert second.guids == first.guids
    else:
        # The generic API cannot retype an element: it is made again.
        assert (second.added, second.updated, second.removed) == (1, 0, 1)


def test_synchronize_a_deep_tree_in_waves(syncing) -> None:
    # Each folder's parent is new too: every element is made with its parent relationship, a level a wave.
    names = ["/data/"] + [f"/data/{'d/' * depth}" for depth in range(1, 6)]
    elements = [E("FileFolder", n) for n in names] + [E("DataFile", names[-1] + "f.csv")]
    relationships = [R("FolderHierarchy", parent, child) for parent, child in itertools.pairwise(names)]
    relationships.append(R("NestedFile", names[-1], names[-1] + "f.csv"))
    result = syncing.synchronize(**SCOPE, elements=elements, relationships=relationships)
    assert (result.added, result.relationships_added) == (7, 6)
    hierarchy = {(r.end1_guid, r.end2_guid) for r in syncing.relationships("FolderHierarchy")}
    assert hierarchy == {(result.guids[p], result.guids[c]) for p, c in itertools.pairwise(names)}
    again = syncing.synchronize(**SCOPE, elements=elements, relationships=relationships)
    assert (again.unchanged, again.relationships_added, again.relationships_removed) == (7, 0, 0)


def test_synchronize_anchors_elements_to_another_of_the_scope(syncing) -> None:
    """A file's schema and columns anchored to the file: deleting the file takes them too, as in Egeria."""
    scope = {"type_names": ["CSVFile", "TabularSchemaType", "TabularColumn"], "qualified_name_prefix": "csv:"}

    def declared(*columns: str) -> dict:
        elements = [E("CSVFile", "csv:a"), E("TabularSchemaType", "csv:a::schema", anchor="csv:a")]
        elements += [E("TabularColumn", f"csv:a::{c}", anchor="csv:a") for c in columns]
        relationships = [R("Schema", "csv:a", "csv:a::schema")]
        relationships += [
            R("AttributeForSchema", "csv:a::schema", f"csv:a::{c}", {"position": i}) for i, c in enumerate(columns)
        ]
        return {**scope, "elements": elements, "relationships": relationships}

    first = syncing.synchronize(**declared("x", "y"))
    assert (first.added, first.relationships_added) == (4, 3)
    for name in ("csv:a::schema", "csv:a::x"):
        assert syncing.get_element(first.guids[name]).classifications["Anchors"]["anchorGUID"] == first.guids["csv:a"]
    positions = {r.end2_guid: r.properties for r in syncing.relationships("AttributeForSchema")}
    assert positions == {first.guids["csv:a::x"]: {"position": 0}, first.guids["csv:a::y"]: {"position": 1}}

    again = syncing.synchronize(**declared("x", "y"))
    assert (again.unchanged, again.added, again.removed) == (4, 0, 0)

    # Its own anchor now. The generic API cannot move an anchor, so call by call the column is made again.
    moved = declared("x", "y")
    moved["elements"][-1] = E("TabularColumn", "csv:a::y")
    result = syncing.synchronize(**moved)
    assert (
        syncing.get_element(result.guids["csv:a::y"]).classifications["Anchors"]["anchorGUID"]
        == result.guids["csv:a::y"]
    )

    gone = syncing.synchronize(**scope, elements=[])
    assert gone.removed == 4
    assert syncing.find_elements("Referenceable") == []


@pytest.mark.parametrize(
    ("anchor", "why"),
    [("csv:missing", "another element of the same call"), ("csv:a::schema", "is anchored itself")],
    ids=["undeclared anchor", "anchor of an anchor"],
)
def test_synchronize_refuses_a_bad_anchor(syncing, anchor: str, why: str) -> None:
    elements = [
        E("CSVFile", "csv:a"),
        E("TabularSchemaType", "csv:a::schema", anchor="csv:a"),
        E("TabularColumn", "csv:a::x", anchor=anchor),
    ]
    before = _state(syncing)
    with pytest.raises(enb.InvalidParameterError) as caught:
        syncing.synchronize(type_names=["Referenceable"], qualified_name_prefix="csv:", elements=elements)
    assert caught.value.message_id == "EGERIA-NB-METADATA-400-004"
    assert why in caught.value.message + (caught.value.user_action or "")
    assert _state(syncing) == before


@pytest.mark.parametrize(
    ("element", "why"),
    [
        (E("DataFile", "/other/x.csv"), "starts with '/data/'"),
        (E("Database", "/data/db"), "scope's types"),
        (E("DataFile", "/data/a.csv", {"filename": "a.csv"}), "Did you mean 'fileName'?"),
        (E("DataFile", "/data/a.csv", classifications={"PrimaryKey": {}}), "PrimaryKey classifies only"),
        (E("Datafile", "/data/x"), "Did you mean 'DataFile'?"),
    ],
    ids=["outside the prefix", "not a scope type", "unknown property", "wrong classification", "unknown type"],
)
def test_synchronize_refuses_what_its_scope_cannot_hold(syncing, element: E, why: str) -> None:
    syncing.synchronize(**SCOPE, elements=[E("FileFolder", "/data/"), E("DataFile", "/data/a.csv")])
    before = _state(syncing)
    with pytest.raises(enb.InvalidParameterError) as caught:
        syncing.synchronize(**SCOPE, elements=[E("DataFile", "/data/new.csv"), element])
    assert caught.value.message_id in ("EGERIA-NB-METADATA-400-004", "EGERIA-NB-METADATA-400-001")
    assert why in caught.value.message + (caught.value.user_action or "")
    assert _state(syncing) == before  # checked first: the valid part was not applied either


@pytest.mark.parametrize(
    ("relationship", "why"),
    [
        (R("NestedFile", "/data/", "/data/a.csv"), "same synchronize call"),
        (R("NestedFile", "/data/a.csv", "/data/a.csv"), "links FileFolder (end 1) to DataFile (end 2)"),
        (R("NestedFiles", "/data/a.csv", "/data/a.csv"), "Did you mean 'NestedFile'?"),
    ],
    ids=["undeclared end", "wrong end types", "unknown type"],
)
def test_synchronize_refuses_a_bad_relationship(syncing, relationship: R, why: str) -> None:
    before = _state(syncing)
    with pytest.raises(enb.InvalidParameterError) as caught:
        syncing.synchronize(**SCOPE, elements=[E("DataFile", "/data/a.csv")], relationships=[relationship])
    assert caught.value.message_id == "EGERIA-NB-METADATA-400-004"
    assert why in caught.value.message + (caught.value.user_action or "")
    assert _state(syncing) == before


def test_the_batch_call_checks_what_it_is_sent_as_the_generic_api_does(
    platform: enb.EmbeddedPlatform, raw: Raw
) -> None:
    """A client that skips egeria_nb's checks gets the generic API's own answer from the batch call."""
    sync = f"/servers/{MD}/open-metadata/egeria-nb/catalog/sync"
    create = (
        f"/servers/{MD}/open-metadata/access-services/open-metadata-store/users/{platform.user_id}/metadata-elements"
    )
    scope = {"typeNames": ["DataFile"], "qualifiedNamePrefix": "/data/"}
    for type_name, properties in (("DataFile", {"size": 1}), ("DataFile", {"storeUpdateTime": "soon"})):
        values = {"qualifiedName": "/data/a", **properties}
        batch = raw("POST", sync, json={"scope": scope, "elements": [{"typeName": type_name, "properties": values}]})
        typed = {
            name: {"class": "PrimitiveTypePropertyValue", "typeName": "string", "primitiveValue": value}
            if isinstance(value, str)
            else {"class": "PrimitiveTypePropertyValue", "typeName": "int", "primitiveValue": value}
            for name, value in values.items()
        }
        generic = raw(
            "POST",
            create,
            json={
                "class": "NewOpenMetadataElementRequestBody",
                "typeName": type_name,
                "properties": {"class": "NewElementProperties", "propertyValueMap": typed},
            },
        )
        assert batch.json()["relatedHTTPCode"] == generic.json()["relatedHTTPCode"] == 400, properties
        assert batch.json()["exceptionErrorMessageId"] == generic.json()["exceptionErrorMessageId"], properties
    outside = {"typeName": "DataFile", "properties": {"qualifiedName": "/elsewhere"}}
    answer = raw("POST", sync, json={"scope": scope, "elements": [outside]}).json()
    assert answer["exceptionErrorMessageId"] == "EGERIA-NB-400-005"
    assert last_sequence(raw) == 0  # nothing was stored


def test_synchronize_without_the_batch_call(data_dir) -> None:
    """An embedded platform without egeria_nb's extensions offers none: synchronize goes call by call."""
    with enb.start_embedded(data_dir / "plain", extensions=False) as plain:
        catalog = MetadataCatalog(plain, MD).blocking
        assert catalog.capabilities() == frozenset()
        result = catalog.synchronize(**SCOPE, elements=[E("FileFolder", "/data/"), E("DataFile", "/data/a.csv")])
        assert (result.added, result.accelerated) == (2, False)
        assert {e.qualified_name for e in catalog.find_elements("Asset")} == {"/data/", "/data/a.csv"}


# -- qualified names ---------------------------------------------------------------------------------------


def test_qualified_names_are_unique_across_referenceables(catalog) -> None:
    catalog.create_element("DataFile", "/data/a")
    before = _state(catalog)
    # Egeria checks qualifiedName where Referenceable declares it, so every subtype shares one namespace.
    for type_name in ("FileFolder", "DataFile", "CSVFile", "IntegrationConnector", "RelationalColumn"):
        with pytest.raises(enb.InvalidParameterError) as caught:
            catalog.create_element(type_name, "/data/a")
        assert caught.value.message_id == "OMAG-COMMON-409-001"
        assert caught.value.http_code == 409
    assert _state(catalog) == before

    b = catalog.create_element("DataFile", "/data/b")
    with pytest.raises(enb.InvalidParameterError) as caught:
        catalog.update_element(b.guid, {"qualifiedName": "/data/a"})
    assert caught.value.message_id == "OMAG-COMMON-409-001"
    assert catalog.get_element(b.guid).qualified_name == "/data/b"


def test_the_same_name_on_another_metadata_server_is_another_element(platform: enb.EmbeddedPlatform, catalog) -> None:
    enb.create_metadata_server(platform, "second-store")
    second = MetadataCatalog(platform, "second-store").blocking
    a = catalog.create_element("DataFile", "/data/a")
    b = second.create_element("DataFile", "/data/a")
    assert a.guid != b.guid
    assert [e.guid for e in second.find_elements()] == [b.guid]
    with pytest.raises(enb.InvalidParameterError) as caught:
        second.get_element(a.guid)
    assert caught.value.message_id == "OMAG-REPOSITORY-HANDLER-404-007"


# -- find_elements -----------------------------------------------------------------------------------------


def test_find_elements_frame(platform: enb.EmbeddedPlatform, catalog) -> None:
    empty = enb.find_elements(platform, MD, "DataFile")
    assert list(empty.columns) == ["guid", "type_name", "qualified_name"]
    assert empty.empty

    a = catalog.create_element("CSVFile", "/data/a.csv", {"fileName": "a.csv", "fileType": "text/csv"})
    b = catalog.create_element("DataFile", "/data/b.txt", {"fileName": "b.txt", "fileType": "text/plain"})
    catalog.create_element(
        "FileFolder",
        "/data",
        {"displayName": "data"},
        classifications={"Template": {"displayName": "T"}},
    )
    frame = enb.find_elements(platform, MD, "DataFile")
    assert list(frame.columns)[:3] == ["guid", "type_name", "qualified_name"]
    assert set(frame.columns[3:]) == {"fileName", "fileType"}  # qualifiedName is not repeated; Anchors left out
    assert frame["guid"].tolist() == [a.guid, b.guid]
    assert frame["type_name"].tolist() == ["CSVFile", "DataFile"]  # subtypes too
    assert frame["fileName"].tolist() == ["a.csv", "b.txt"]

    assert enb.find_elements(platform, MD, "DataFile", fileType="text/csv")["guid"].tolist() == [a.guid]
    assert enb.find_elements(platform, MD, "DataFile", fileName="b.txt", fileType="text/csv").empty
    assert enb.find_elements(platform, MD, "DataFile", fileName="nobody").empty
    everything = enb.find_elements(platform, MD)
    assert sorted(everything["type_name"]) == ["CSVFile", "DataFile", "FileFolder"]
    assert everything.set_index("type_name").loc["FileFolder", "Template.displayName"] == "T"
    assert isinstance(everything, pd.DataFrame)

    found = catalog.find_elements("DataFile", qualified_name_prefix="/data/b", page_size=1)
    assert [e.guid for e in found] == [b.guid]
    with pytest.raises(enb.InvalidParameterError) as caught:
        enb.find_elements(platform, MD, "DataFile", filename="a.csv")
    assert "Did you mean 'fileName'?" in (caught.value.user_action or "")


def test_a_connectors_catalog_targets(platform: enb.EmbeddedPlatform, catalog) -> None:
    connector = catalog.create_element("IntegrationConnector", "lab:connector")
    folder = catalog.create_element("FileFolder", "/data/landing")
    assert catalog.catalog_targets(connector.guid) == []
    link = catalog.create_relationship(
        "CatalogTarget",
        connector.guid,
        folder.guid,
        {"catalogTargetName": "landing", "configurationProperties": {"recursive": True}},
    )
    (target,) = catalog.catalog_targets(connector.guid)
    assert (target.relationship_guid, target.catalog_target_name) == (link.guid, "landing")
    assert target.properties["configurationProperties"] == {"recursive": True}
    assert target.element == catalog.get_element(folder.guid)
