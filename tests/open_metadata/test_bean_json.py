"""Bulk answers are built as JSON without models; they must be exactly what the models give.

The models are the reference (tests/wire checks them against Egeria's beans); the JSON
builders are a faster path to the same bytes, for pages of thousands of elements.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import egeria_nb as enb
from egeria_nb.embedded.open_metadata.beans import bean_maker
from egeria_nb.embedded.store import MetadataStore
from egeria_nb.metadata.catalog import CatalogElement as E
from egeria_nb.metadata.catalog import CatalogRelationship as R
from egeria_nb.metadata.catalog import MetadataCatalog
from egeria_nb.typedefs import open_metadata_types, plain_checked, typed_json, typed_properties
from egeria_nb.wire.open_metadata import element_summaries, relationship_summaries
from egeria_nb.wire.properties import plain_properties, plain_properties_json, python_properties_json

MD = "active-metadata-store"
VALUES = {
    "qualifiedName": "term:a",
    "displayName": "A",
    "aliases": ["x", "y"],
    "additionalProperties": {"k": "v", "empty": ""},
    "contentStatus": "ACTIVE",
}


@pytest.fixture
def stored(data_dir: Path):
    """A store holding elements with every kind of value, classifications, effectivity and updates."""
    with enb.start_embedded(data_dir) as platform:
        catalog = MetadataCatalog(platform, MD).blocking
        catalog.synchronize(
            type_names=["GlossaryTerm"],
            qualified_name_prefix="term:",
            elements=[
                E("GlossaryTerm", "term:a", VALUES, classifications={"Template": {"displayName": "T"}}),
                E("GlossaryTerm", "term:b"),
            ],
            relationships=[R("RelatedTerm", "term:a", "term:b", {"confidence": 3, "termRelationshipStatus": "DRAFT"})],
        )
        b = catalog.find_element("GlossaryTerm", "term:b")
        catalog.update_element(b.guid, {"displayName": "B"})
        platform.run(
            catalog.store.create(
                "DataFile",
                {"qualifiedName": "file:///f", "storeUpdateTime": datetime(2026, 1, 2, tzinfo=UTC)},
                effective_from=datetime(2025, 1, 1, tzinfo=UTC),
                effective_to=datetime(2030, 1, 1, tzinfo=UTC),
            )
        )
        store = MetadataStore(data_dir / "metadata.db", open_metadata_types())
        try:
            yield store
        finally:
            store.close()


def test_element_relationship_and_related_json_equal_the_models(stored: MetadataStore) -> None:
    maker = bean_maker(stored.registry, MD)
    elements = [*stored.elements(MD, "GlossaryTerm"), *stored.elements(MD, "DataFile")]
    classifications = stored.classifications(e.guid for e in elements)
    assert len(elements) == 3 and any(classifications.values())
    for element in elements:
        assert (
            maker.element_json(element, classifications.get(element.guid))
            == maker.element(element, classifications.get(element.guid)).to_wire()
        )
    ends = {e.guid: e for e in elements}
    (relationship,) = stored.relationships_of(MD, ["RelatedTerm"], list(ends))
    assert (
        maker.relationship_json(relationship, ends, classifications)
        == maker.relationship(relationship, ends, classifications).to_wire()
    )
    other = ends[relationship.end2_guid]
    assert (
        maker.related_json(relationship, other, classifications.get(other.guid))
        == maker.related(relationship, other, classifications.get(other.guid)).to_wire()
    )


def test_summaries_read_what_the_models_read(stored: MetadataStore) -> None:
    maker = bean_maker(stored.registry, MD)
    elements = stored.elements(MD, "GlossaryTerm")
    classifications = stored.classifications(e.guid for e in elements)
    beans = [maker.element(e, classifications.get(e.guid)) for e in elements]
    summaries = element_summaries([b.to_wire() for b in beans])
    for bean, summary in zip(beans, summaries, strict=True):
        assert summary.guid == bean.element_guid and summary.type_name == bean.type_name
        assert summary.properties == plain_properties(bean.element_properties)
        assert summary.classifications == {
            c.classification_name: plain_properties(c.classification_properties) for c in bean.classifications or []
        }
    ends = {e.guid: e for e in elements}
    (relationship,) = stored.relationships_of(MD, ["RelatedTerm"], list(ends))
    (summary,) = relationship_summaries([maker.relationship(relationship, ends, classifications).to_wire()])
    assert (summary.guid, summary.end1_guid, summary.end2_guid) == (
        relationship.guid,
        relationship.end1_guid,
        relationship.end2_guid,
    )
    assert summary.properties == {"confidence": 3, "termRelationshipStatus": "DRAFT"}
    with pytest.raises(ValueError, match="not an OpenMetadataElement"):
        element_summaries([{"elementGUID": "x"}])


@pytest.mark.parametrize("check", [True, False])
def test_typed_json_is_typed_properties(check: bool) -> None:
    registry = open_metadata_types()
    values = {**VALUES, "examples": "e", "usage": None}
    as_json = typed_json(registry, "GlossaryTerm", values, check=check)
    assert as_json == typed_properties(registry, "GlossaryTerm", values, check=check).to_wire()["propertyValueMap"]
    assert plain_properties_json({"propertyValueMap": as_json}) == {k: v for k, v in values.items() if v is not None}
    assert plain_checked(registry, "GlossaryTerm", values) == plain_properties_json({"propertyValueMap": as_json})
    file_values = {"storeUpdateTime": datetime(2026, 1, 2, tzinfo=UTC), "fileName": "f", "additionalProperties": {}}
    assert plain_checked(registry, "DataFile", file_values) == plain_properties_json(
        {"propertyValueMap": typed_json(registry, "DataFile", file_values)}
    )
    dated = typed_json(registry, "DataFile", {"storeUpdateTime": datetime(2026, 1, 2, tzinfo=UTC)})
    assert python_properties_json({"propertyValueMap": dated}) == {"storeUpdateTime": datetime(2026, 1, 2, tzinfo=UTC)}
