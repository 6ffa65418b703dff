"""Answers are built as JSON without models; they must be exactly the wire models' JSON.

The models are the reference (tests/wire checks them against Egeria's beans): every bean built
must read as its model without a property the model lacks, and write back unchanged.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import egeria_nb as enb
from egeria_nb.embedded.open_metadata.beans import bean_maker
from egeria_nb.embedded.store import MetadataStore
from egeria_nb.metadata.catalog import CatalogElement as E
from egeria_nb.metadata.catalog import CatalogRelationship as R
from egeria_nb.metadata.catalog import MetadataCatalog
from egeria_nb.typedefs import open_metadata_types, plain_checked, typed_json, typed_properties
from egeria_nb.wire.base import WireModel
from egeria_nb.wire.open_metadata import (
    OpenMetadataElement,
    OpenMetadataRelationship,
    RelatedMetadataElement,
    element_summaries,
    relationship_summaries,
)
from egeria_nb.wire.properties import plain_properties, plain_properties_json, python_properties, python_properties_json

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


def _exactly(model: type[WireModel], bean: dict[str, Any]) -> WireModel:
    """``bean`` read as ``model``: it must read without a property the model lacks, and write back unchanged."""
    parsed = model.model_validate(bean)
    pending: list[Any] = [parsed]
    while pending:
        value = pending.pop()
        if isinstance(value, WireModel):
            assert not value.model_extra, (type(value).__name__, value.model_extra)
            pending.extend(getattr(value, name) for name in type(value).model_fields)
        elif isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    assert parsed.to_wire() == bean
    return parsed


def test_element_relationship_and_related_json_are_the_wire_models(stored: MetadataStore) -> None:
    maker = bean_maker(stored.registry, MD)
    elements = [*stored.elements(MD, "GlossaryTerm"), *stored.elements(MD, "DataFile")]
    classifications = stored.classifications(e.guid for e in elements)
    assert len(elements) == 3 and any(classifications.values())
    for element in elements:
        bean = _exactly(OpenMetadataElement, maker.element_json(element, classifications.get(element.guid)))
        assert bean.element_guid == element.guid and bean.type_name == element.type_name
    dated = next(e for e in elements if e.type_name == "DataFile")
    assert maker.element_json(dated)["effectiveFromTime"] == "2025-01-01T00:00:00.000+00:00"
    ends = {e.guid: e for e in elements}
    (relationship,) = stored.relationships_of(MD, ["RelatedTerm"], list(ends))
    link = _exactly(OpenMetadataRelationship, maker.relationship_json(relationship, ends, classifications))
    assert (link.element_guid_at_end1, link.element_guid_at_end2) == (relationship.end1_guid, relationship.end2_guid)
    assert link.element_at_end1 is not None and link.element_at_end1.unique_name == "term:a"
    other = ends[relationship.end2_guid]
    related = _exactly(RelatedMetadataElement, maker.related_json(relationship, other, classifications.get(other.guid)))
    assert related.element is not None and related.element.element_guid == other.guid and not related.element_at_end1


def test_summaries_read_what_the_models_read(stored: MetadataStore) -> None:
    maker = bean_maker(stored.registry, MD)
    elements = stored.elements(MD, "GlossaryTerm")
    classifications = stored.classifications(e.guid for e in elements)
    beans = [maker.element_json(e, classifications.get(e.guid)) for e in elements]
    for bean, summary in zip(beans, element_summaries(beans), strict=True):
        model = OpenMetadataElement.model_validate(bean)
        assert summary.guid == model.element_guid and summary.type_name == model.type_name
        assert summary.properties == plain_properties(model.element_properties)
        assert summary.classifications == {
            c.classification_name: plain_properties(c.classification_properties) for c in model.classifications or []
        }
        assert summary.python_properties() == python_properties(model.element_properties)
    ends = {e.guid: e for e in elements}
    (relationship,) = stored.relationships_of(MD, ["RelatedTerm"], list(ends))
    (summary,) = relationship_summaries([maker.relationship_json(relationship, ends, classifications)])
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
