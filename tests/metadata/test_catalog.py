"""The catalog API connectors write through: elements, relationships, ``synchronize`` and ``find_elements``."""

from __future__ import annotations

import pandas as pd
import pytest

import egeria_nb as enb
from egeria_nb.metadata.catalog import CatalogElement as E
from egeria_nb.metadata.catalog import CatalogRelationship as R
from egeria_nb.metadata.catalog import MetadataCatalog
from tests.conftest import Raw
from tests.metadata.conftest import CATALOG, MD


@pytest.fixture
def catalog(platform: enb.EmbeddedPlatform):
    return MetadataCatalog(platform, MD).blocking


def _state(catalog) -> tuple:
    """Everything in the catalog, to compare before and after a refused call."""
    elements = sorted(
        (e.guid, e.type_name, e.qualified_name, e.version, repr(e.properties)) for e in catalog.find_elements()
    )
    relationships = sorted(
        (r.guid, r.type_name, r.end1_guid, r.end2_guid, repr(r.properties)) for r in catalog.relationships()
    )
    return elements, relationships, catalog.changes(-1).last_sequence


# -- elements ----------------------------------------------------------------------------------------------


def test_element_create_get_find(platform: enb.EmbeddedPlatform, catalog) -> None:
    created = catalog.create_element("DataFile", "/data/a.csv", {"size": 10, "fileType": "csv"})
    assert created.type_name == "DataFile"
    assert created.qualified_name == "/data/a.csv"
    assert created.properties == {"size": 10, "fileType": "csv", "qualifiedName": "/data/a.csv"}
    assert (created.version, created.created_by, created.update_time) == (1, platform.user_id, None)

    assert catalog.get_element(created.guid) == created
    assert catalog.find_element("DataFile", "/data/a.csv") == created
    assert catalog.find_element("DataFile", "/data/b.csv") is None
    assert catalog.find_element("CSVFile", "/data/a.csv") is None  # by exact type
    with pytest.raises(enb.InvalidParameterError) as caught:
        catalog.get_element("no-such-guid")
    assert caught.value.message_id == "OMAG-REPOSITORY-HANDLER-404-007"

    unnamed = catalog.create_element("Annotation", properties={"text": "hello"})
    assert unnamed.qualified_name is None
    assert catalog.get_element(unnamed.guid).properties == {"text": "hello"}


def test_element_update_merges_or_replaces(catalog) -> None:
    el = catalog.create_element("DataFile", "/data/a.csv", {"size": 10, "fileType": "csv"})
    merged = catalog.update_element(el.guid, {"size": 11, "owner": "ann"})
    assert merged.properties == {"size": 11, "fileType": "csv", "owner": "ann", "qualifiedName": "/data/a.csv"}
    assert merged.version == 2 and merged.update_time is not None

    replaced = catalog.update_element(el.guid, {"size": 12}, merge=False)
    assert replaced.properties == {"size": 12, "qualifiedName": "/data/a.csv"}  # the name is kept
    assert replaced.version == 3

    removed = catalog.update_element(el.guid, {"size": None})
    assert removed.properties == {"qualifiedName": "/data/a.csv"}  # null removes a property

    same = catalog.update_element(el.guid, {"qualifiedName": "/data/a.csv"})
    assert same.version == removed.version  # no change, no new version

    renamed = catalog.update_element(el.guid, {"qualifiedName": "/data/b.csv"})
    assert renamed.qualified_name == "/data/b.csv"
    assert catalog.find_element("DataFile", "/data/b.csv").guid == el.guid
    assert catalog.find_element("DataFile", "/data/a.csv") is None


def test_element_delete_cascades_to_relationships(catalog) -> None:
    folder = catalog.create_element("FileFolder", "/data")
    a = catalog.create_element("DataFile", "/data/a.csv")
    b = catalog.create_element("DataFile", "/data/b.csv")
    catalog.create_relationship("NestedFile", folder.guid, a.guid)
    kept = catalog.create_relationship("LinkedFile", a.guid, b.guid)
    catalog.delete_element(folder.guid)
    assert catalog.find_element("FileFolder", "/data") is None
    assert [r.guid for r in catalog.relationships()] == [kept.guid]
    assert {e.guid for e in catalog.find_elements()} == {a.guid, b.guid}
    with pytest.raises(enb.InvalidParameterError) as caught:
        catalog.delete_element(folder.guid)
    assert caught.value.message_id == "OMAG-REPOSITORY-HANDLER-404-007"


# -- relationships -----------------------------------------------------------------------------------------


def test_relationship_crud(catalog) -> None:
    folder = catalog.create_element("FileFolder", "/data")
    a = catalog.create_element("DataFile", "/data/a.csv")
    b = catalog.create_element("DataFile", "/data/b.csv")
    one = catalog.create_relationship("NestedFile", folder.guid, a.guid, {"position": 1})
    two = catalog.create_relationship("NestedFile", folder.guid, b.guid)
    link = catalog.create_relationship("LinkedFile", a.guid, b.guid)
    assert (one.type_name, one.end1_guid, one.end2_guid, one.properties) == (
        "NestedFile",
        folder.guid,
        a.guid,
        {"position": 1},
    )

    assert [r.guid for r in catalog.relationships("NestedFile")] == [one.guid, two.guid]
    assert [r.guid for r in catalog.relationships(end1_guid=a.guid)] == [link.guid]
    assert [r.guid for r in catalog.relationships(end2_guid=b.guid)] == [two.guid, link.guid]
    assert [r.guid for r in catalog.relationships("NestedFile", end2_guid=b.guid)] == [two.guid]
    assert [r.guid for r in catalog.relationships(page_size=1)] == [one.guid, two.guid, link.guid]

    merged = catalog.update_relationship(one.guid, {"note": "x"})
    assert merged.properties == {"position": 1, "note": "x"}
    assert merged.version == 2
    replaced = catalog.update_relationship(one.guid, {"note": "y"}, merge=False)
    assert replaced.properties == {"note": "y"}

    catalog.delete_relationship(one.guid)
    assert [r.guid for r in catalog.relationships("NestedFile")] == [two.guid]
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

SCOPE = {"type_names": ["FileFolder", "DataFile", "CSVFile"], "qualified_name_prefix": "/data/"}


def test_synchronize_adds_updates_keeps_and_removes(catalog) -> None:
    outside = catalog.create_element("DataFile", "/other/x.csv", {"size": 1})  # another prefix
    other_type = catalog.create_element("Database", "/data/db", {"x": 1})  # in the prefix, not a scope type

    first = catalog.synchronize(
        **SCOPE,
        elements=[E("FileFolder", "/data/"), E("DataFile", "/data/a.csv", {"size": 1}), E("DataFile", "/data/b.csv")],
        relationships=[R("NestedFile", "/data/", "/data/a.csv"), R("NestedFile", "/data/", "/data/b.csv")],
    )
    assert (first.added, first.updated, first.unchanged, first.removed) == (3, 0, 0, 0)
    assert (first.relationships_added, first.relationships_removed) == (2, 0)
    assert set(first.guids) == {"/data/", "/data/a.csv", "/data/b.csv"}
    assert catalog.get_element(first.guids["/data/a.csv"]).properties == {"size": 1, "qualifiedName": "/data/a.csv"}

    second = catalog.synchronize(
        **SCOPE,
        elements=[E("FileFolder", "/data/"), E("DataFile", "/data/a.csv", {"size": 2}), E("DataFile", "/data/c.csv")],
        relationships=[R("NestedFile", "/data/", "/data/a.csv"), R("NestedFile", "/data/", "/data/c.csv")],
    )
    assert (second.added, second.updated, second.unchanged, second.removed) == (1, 1, 1, 1)
    assert second.guids["/data/"] == first.guids["/data/"]
    assert second.guids["/data/a.csv"] == first.guids["/data/a.csv"]  # updated in place
    # b.csv went, and its relationship with it; c.csv's is new.
    assert (second.relationships_added, second.relationships_removed) == (1, 1)
    assert catalog.find_element("DataFile", "/data/b.csv") is None
    assert catalog.get_element(second.guids["/data/a.csv"]).properties["size"] == 2
    nested = {(r.end1_guid, r.end2_guid) for r in catalog.relationships("NestedFile")}
    assert nested == {
        (second.guids["/data/"], second.guids["/data/a.csv"]),
        (second.guids["/data/"], second.guids["/data/c.csv"]),
    }

    # Outside the scope nothing was touched.
    assert catalog.get_element(outside.guid) == outside
    assert catalog.get_element(other_type.guid) == other_type

    again = catalog.synchronize(
        **SCOPE,
        elements=[E("FileFolder", "/data/"), E("DataFile", "/data/a.csv", {"size": 2}), E("DataFile", "/data/c.csv")],
        relationships=[R("NestedFile", "/data/", "/data/a.csv"), R("NestedFile", "/data/", "/data/c.csv")],
    )
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 3, 0)
    assert (again.relationships_added, again.relationships_removed) == (0, 0)


def test_synchronize_makes_relationships_match(catalog) -> None:
    elements = [E("FileFolder", "/data/"), E("DataFile", "/data/a.csv"), E("DataFile", "/data/b.csv")]
    first = catalog.synchronize(
        **SCOPE, elements=elements, relationships=[R("NestedFile", "/data/", "/data/a.csv", {"n": 1})]
    )
    g = first.guids
    outsider = catalog.create_element("DataFile", "/other/x.csv")
    to_outside = catalog.create_relationship("LinkedFile", g["/data/a.csv"], outsider.guid)
    mark = catalog.changes(-1).last_sequence

    second = catalog.synchronize(
        **SCOPE,
        elements=elements,
        relationships=[
            R("NestedFile", "/data/", "/data/a.csv", {"n": 2}),
            R("LinkedFile", "/data/a.csv", "/data/b.csv"),
        ],
    )
    assert (second.relationships_added, second.relationships_removed) == (1, 0)
    nested = catalog.relationships("NestedFile")
    assert [(r.end1_guid, r.end2_guid, r.properties) for r in nested] == [(g["/data/"], g["/data/a.csv"], {"n": 2})]
    linked = {(r.end1_guid, r.end2_guid) for r in catalog.relationships("LinkedFile")}
    assert linked == {(g["/data/a.csv"], g["/data/b.csv"]), (g["/data/a.csv"], outsider.guid)}
    assert [(c.kind, c.action) for c in catalog.changes(mark).changes] == [
        ("relationship", "UPDATED"),
        ("relationship", "CREATED"),
    ]

    third = catalog.synchronize(**SCOPE, elements=elements, relationships=[])
    assert third.relationships_removed == 2
    # A relationship to an element outside the scope is not the scope's to remove.
    assert [r.guid for r in catalog.relationships()] == [to_outside.guid]


def test_synchronize_takes_the_declared_type_within_a_family(catalog) -> None:
    first = catalog.synchronize(**SCOPE, elements=[E("DataFile", "/data/a.csv", {"size": 1})])
    second = catalog.synchronize(**SCOPE, elements=[E("CSVFile", "/data/a.csv", {"size": 1})])
    assert (second.added, second.updated, second.removed) == (0, 1, 0)
    assert second.guids == first.guids
    assert catalog.find_element("CSVFile", "/data/a.csv").guid == first.guids["/data/a.csv"]
    # A CSVFile is a DataFile: a find by a type finds its subtypes too, as in Egeria.
    assert catalog.find_element("DataFile", "/data/a.csv").type_name == "CSVFile"


@pytest.mark.parametrize(
    ("element", "why"),
    [
        (E("DataFile", "/other/x.csv"), "starting with '/data/'"),
        (E("Database", "/data/db"), "scope type"),
        (E("DataFile", ""), "non-empty"),
    ],
    ids=["outside the prefix", "not a scope type", "no name"],
)
def test_synchronize_refuses_an_element_outside_its_scope(catalog, element: E, why: str) -> None:
    catalog.synchronize(**SCOPE, elements=[E("FileFolder", "/data/"), E("DataFile", "/data/a.csv")])
    before = _state(catalog)
    with pytest.raises(enb.InvalidParameterError) as caught:
        catalog.synchronize(**SCOPE, elements=[E("DataFile", "/data/new.csv"), element])
    assert caught.value.message_id == "EGERIA-NB-400-005"
    assert why in caught.value.message
    assert _state(catalog) == before  # one transaction: the valid part was not applied either


def test_synchronize_refuses_a_relationship_to_an_undeclared_element(catalog) -> None:
    before = _state(catalog)
    with pytest.raises(enb.InvalidParameterError) as caught:
        catalog.synchronize(
            **SCOPE, elements=[E("DataFile", "/data/a.csv")], relationships=[R("NestedFile", "/data/", "/data/a.csv")]
        )
    assert caught.value.message_id == "EGERIA-NB-400-005"
    assert "'/data/'" in caught.value.message
    assert _state(catalog) == before


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
        assert "update the existing element" in (caught.value.user_action or "")
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

    a = catalog.create_element("DataFile", "/data/a.csv", {"size": 5, "hidden": True, "fileType": "csv"})
    b = catalog.create_element("DataFile", "/data/b.txt", {"size": 7, "hidden": False, "fileType": "text"})
    catalog.create_element("FileFolder", "/data", {"size": 5})
    frame = enb.find_elements(platform, MD, "DataFile")
    assert list(frame.columns)[:3] == ["guid", "type_name", "qualified_name"]
    assert set(frame.columns[3:]) == {"size", "hidden", "fileType"}  # qualifiedName is not repeated
    assert frame["guid"].tolist() == [a.guid, b.guid]
    assert frame["qualified_name"].tolist() == ["/data/a.csv", "/data/b.txt"]
    assert frame["size"].tolist() == [5, 7]
    assert frame["hidden"].tolist() == [True, False]

    assert enb.find_elements(platform, MD, "DataFile", fileType="csv")["guid"].tolist() == [a.guid]
    assert enb.find_elements(platform, MD, "DataFile", size=7)["guid"].tolist() == [b.guid]
    assert enb.find_elements(platform, MD, "DataFile", hidden=True)["guid"].tolist() == [a.guid]
    assert enb.find_elements(platform, MD, "DataFile", hidden=False)["guid"].tolist() == [b.guid]
    assert enb.find_elements(platform, MD, "DataFile", size=5, fileType="text").empty
    assert len(enb.find_elements(platform, MD, size=5)) == 2  # any type
    assert enb.find_elements(platform, MD, "DataFile", owner="nobody").empty
    everything = enb.find_elements(platform, MD)
    assert sorted(everything["type_name"]) == ["DataFile", "DataFile", "FileFolder"]
    assert isinstance(everything, pd.DataFrame)

    found = catalog.find_elements("DataFile", qualified_name_prefix="/data/b", page_size=1)
    assert [e.guid for e in found] == [b.guid]


def test_property_filters_over_raw_http(raw: Raw, catalog) -> None:
    a = catalog.create_element("DataFile", "/data/a.csv", {"size": 5, "hidden": True, "ratio": 0.5})
    path = CATALOG.format(md=MD) + "/catalog/elements"
    for key, value in (("size", "5"), ("hidden", "true"), ("ratio", "0.5")):
        body = raw("GET", path, params={"typeName": "DataFile", "property." + key: value}).json()
        assert [e["guid"] for e in body["elements"]] == [a.guid], key
    body = raw("GET", path, params={"property.hidden": "false"}).json()
    assert body["relatedHTTPCode"] == 200 and "elements" not in body
    body = raw("GET", path, params={'property.bad"name': "x"}).json()
    assert body["relatedHTTPCode"] == 400
    assert body["exceptionErrorMessageId"] == "EGERIA-NB-400-005"
