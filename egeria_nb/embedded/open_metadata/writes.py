"""What each write of the generic open metadata store API does, and what it refuses (egeria-wire.md §8).

Each function takes a request body and a ``StoreWriter`` (one transaction), checks
what Egeria's metadata access server checks, with Egeria's message ids, and makes
the change. A refusal raises before anything is stored, so a bad request changes
nothing, even where Egeria itself would leave half a change behind (a new element
whose parent relationship it then refuses).
"""

from __future__ import annotations

import difflib
import uuid
from typing import Any

from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.store import Element, StoreWriter
from egeria_nb.typedefs import PropertyTypeError, TypeDef, TypeRegistry, check_properties, epoch_millis
from egeria_nb.wire.open_metadata import (
    NewOpenMetadataClassificationRequestBody,
    NewOpenMetadataElementRequestBody,
    NewRelatedElementsRequestBody,
    UpdatePropertiesRequestBody,
)
from egeria_nb.wire.properties import ElementProperties, NewElementProperties

__all__ = [
    "check_type",
    "classify",
    "create_element",
    "declassify",
    "relate",
    "stored_properties",
    "update_element",
    "update_relationship",
]

ROOT = "OpenMetadataRoot"
REFERENCEABLE = "Referenceable"
ANCHORS = "Anchors"
# The parameter name Egeria's handlers give when the type name is missing.
NULL_PARAMETERS = {
    "entity": "metadataElementTypeName",
    "relationship": "relationshipTypeName",
    "classification": "classificationName",
}
CATEGORY_WORDS = {"entity": "an element", "relationship": "a relationship", "classification": "a classification"}


def _suggestions(registry: TypeRegistry, name: str, category: str) -> str:
    close = difflib.get_close_matches(name, registry.names(category), n=3)  # type: ignore[arg-type]
    return ", such as " + ", ".join(close) if close else " (listed in egeria_nb/data/open-metadata-types.json)"


def check_type(
    registry: TypeRegistry,
    name: str | None,
    category: str,
    parameter: str,
    operation: str,
    *,
    null_parameter: str | None = None,
) -> TypeDef:
    """The type named by a request, which must be an open metadata type of ``category``.

    ``parameter`` names the request's field in the message; Egeria's ``exceptionProperties``
    name it as its handlers do: the checked name (``metadataElementTypeName``,
    ``relationshipTypeName``, ``classificationName``) when missing, ``typeName`` when not a type.
    """
    if not name:
        raise FFDCError(
            Code.NULL_NAME, parameter, operation, parameter_name=null_parameter or NULL_PARAMETERS[category]
        )
    typedef = registry.get(name)
    if typedef is None:
        raise FFDCError(Code.UNKNOWN_TYPE_NAME, name, _suggestions(registry, name, category), parameter_name="typeName")
    if typedef.category != category:
        what = CATEGORY_WORDS[category]
        raise FFDCError(
            Code.BAD_SUB_TYPE,
            name,
            f"{ROOT if category == 'entity' else category + ' type'}",
            f"{operation} ({what})",
            f" ({name} is a {typedef.category} type)",
            parameter_name="typeName",
        )
    return typedef


def stored_properties(registry: TypeRegistry, type_name: str, properties: ElementProperties | None) -> dict[str, Any]:
    """Typed properties checked against the type, as the plain values the store keeps."""
    try:
        return check_properties(registry, type_name, properties)
    except PropertyTypeError as problem:
        raise _property_error(registry, type_name, problem) from None


def _property_error(registry: TypeRegistry, type_name: str, problem: PropertyTypeError) -> FFDCError:
    if problem.problem == "bad_enum":
        return FFDCError(
            Code.INVALID_VALUE,
            str(problem).split(" is not")[0].strip("'"),
            problem.type_name,
            str(problem),
            "Use one of " + ", ".join(problem.valid),
            parameter_name=problem.type_name,
        )
    if problem.problem == "unknown_property":
        close = difflib.get_close_matches(problem.property_name, problem.valid, n=1)
        hint = f"Did you mean {close[0]!r}? " if close else ""
        action = f"{hint}The properties of {type_name} are: {', '.join(problem.valid)}."
    else:
        action = (
            f"Send {problem.property_name} as a {' or '.join(problem.valid)}, the type {type_name} declares for it."
        )
    return FFDCError(Code.INVALID_PROPERTY, type_name, str(problem), action, parameter_name="newProperties")


def _effectivity(properties: NewElementProperties | None) -> tuple[int | None, int | None]:
    if properties is None:
        return None, None
    start = epoch_millis(properties.effective_from) if properties.effective_from else None
    end = epoch_millis(properties.effective_to) if properties.effective_to else None
    return start, end


def check_ends(registry: TypeRegistry, relationship: TypeDef, end1_type: str, end2_type: str) -> None:
    """Refuse a relationship whose ends are not of (subtypes of) the types its definition names."""
    wanted1 = relationship.end1.type_name  # type: ignore[union-attr]
    wanted2 = relationship.end2.type_name  # type: ignore[union-attr]
    if not (registry.is_a(end1_type, wanted1) and registry.is_a(end2_type, wanted2)):
        raise FFDCError(Code.WRONG_RELATIONSHIP_ENDS, relationship.name, end1_type, end2_type, wanted1, wanted2)


def check_classification(registry: TypeRegistry, classification: TypeDef, element_type: str) -> None:
    """Refuse a classification that cannot be attached to an element of this type."""
    misfit = _check_classification_fits(registry, classification, element_type)
    if misfit is not None:
        raise FFDCError(Code.INVALID_CLASSIFICATION, classification.name, element_type, misfit)


def _check_classification_fits(registry: TypeRegistry, classification: TypeDef, element_type: str) -> str | None:
    """Why the classification cannot be attached to an element of this type (None if it can)."""
    valid = classification.valid_entities
    if not valid or any(registry.is_a(element_type, v) for v in valid):
        return None
    return " or ".join(valid)


# -- elements -----------------------------------------------------------------------------------


def create_element(registry: TypeRegistry, w: StoreWriter, body: NewOpenMetadataElementRequestBody) -> str:
    """Create the element, its classifications (Anchors included) and its parent relationship."""
    operation = "createMetadataElementInStore"
    typedef = check_type(registry, body.type_name, "entity", "typeName", operation)
    type_name = typedef.name
    properties = stored_properties(registry, type_name, body.properties)
    if registry.is_a(type_name, REFERENCEABLE) and not properties.get("qualifiedName"):
        raise FFDCError(
            Code.NULL_NAME,
            "qualifiedName",
            f"{operation} ({type_name} is a Referenceable)",
            parameter_name="qualifiedName",
        )
    guid = str(uuid.uuid4())
    # Check everything the request names before storing anything.
    parent: tuple[TypeDef, Element, dict[str, Any]] | None = None
    # As in Egeria, an empty parentGUID or anchorGUID counts as given (and is refused), not as left out.
    if body.parent_guid is not None:
        relationship = check_type(
            registry,
            body.parent_relationship_type_name,
            "relationship",
            "parentRelationshipTypeName",
            operation,
            null_parameter="parentRelationshipTypeName",
        )
        if not body.parent_guid:
            raise FFDCError(Code.NULL_GUID, "parentGUID", operation, parameter_name="parentGUID")
        parent_element = w.element(body.parent_guid, parameter_name="parentGUID")
        parent_end, child_end = (1, 2) if body.parent_at_end1 else (2, 1)
        wanted = (relationship.end1 if parent_end == 1 else relationship.end2).type_name  # type: ignore[union-attr]
        if not registry.is_a(parent_element.type_name, wanted):
            raise FFDCError(
                Code.BAD_SUB_TYPE,
                parent_element.type_name,
                wanted,
                f"the parent at end {parent_end} of a {relationship.name}",
                f" (set parentAtEnd1 to {str(not body.parent_at_end1).lower()} if the parent belongs at the other end)",
                parameter_name="typeName",
            )
        ends = (type_name, parent_element.type_name) if child_end == 1 else (parent_element.type_name, type_name)
        check_ends(registry, relationship, *ends)
        parent = (
            relationship,
            parent_element,
            stored_properties(registry, relationship.name, body.parent_relationship_properties),
        )
    classifications: dict[str, tuple[dict[str, Any], tuple[int | None, int | None]]] = {}
    for name, props in (body.initial_classifications or {}).items():
        classification = check_type(registry, name, "classification", "initialClassifications", operation)
        misfit = _check_classification_fits(registry, classification, type_name)
        if misfit is not None:
            raise FFDCError(
                Code.INVALID_INITIAL_CLASSIFICATION,
                name,
                type_name,
                f"it is for {misfit}",
                misfit,
                parameter_name=name,
            )
        classifications[name] = (stored_properties(registry, name, props), _effectivity(props))
    anchor = _anchor(registry, w, body, guid, type_name, classifications.get(ANCHORS, ({}, (None, None)))[0])
    start, end = _effectivity(body.properties)
    w.add_element(type_name, properties, effective_from=start, effective_to=end, guid=guid)
    if anchor is not None:
        classifications[ANCHORS] = (anchor, classifications.get(ANCHORS, ({}, (None, None)))[1])
    for name, (props, (c_start, c_end)) in classifications.items():
        w.classify(guid, name, props, effective_from=c_start, effective_to=c_end, touch=False)
    if parent is not None:
        relationship, parent_element, rel_props = parent
        end1, end2 = (parent_element.guid, guid) if body.parent_at_end1 else (guid, parent_element.guid)
        r_start, r_end = _effectivity(body.parent_relationship_properties)
        w.relate(relationship.name, end1, end2, rel_props, effective_from=r_start, effective_to=r_end)
    return guid


def _anchor(
    registry: TypeRegistry,
    w: StoreWriter,
    body: NewOpenMetadataElementRequestBody,
    guid: str,
    type_name: str,
    sent: dict[str, Any],
) -> dict[str, Any] | None:
    """The Anchors classification of a new element, the way Egeria decides it.

    ``isOwnAnchor`` (true unless sent false) makes the element its own anchor, whatever
    ``anchorGUID`` says; otherwise ``anchorGUID`` (or one in an initial Anchors
    classification) names the anchor. Egeria leaves an own anchor's ``anchorGUID`` out
    (it does not know the GUID yet) and reads a missing one as "itself"; egeria_nb
    writes the element's own GUID, which reads the same.
    """
    scopes = body.anchor_scope_guids or sent.get("anchorScopeGUIDs")
    if body.is_own_anchor:
        anchor_guid, anchor_type = guid, type_name
    else:
        if body.anchor_guid == "":
            raise FFDCError(Code.NULL_GUID, "anchorGUID", "createMetadataElementInStore", parameter_name="anchorGUID")
        anchor_guid = body.anchor_guid or sent.get("anchorGUID")
        if not anchor_guid:
            if not sent:
                return None
            anchor_guid, anchor_type = guid, type_name
        else:
            anchor_type = w.element(anchor_guid, parameter_name="anchorGUID").type_name
    return {
        "anchorGUID": anchor_guid,
        "anchorTypeName": anchor_type,
        "anchorDomainName": registry.domain(anchor_type),
        "anchorScopeGUIDs": list(scopes) if scopes else None,
    }


def update_element(registry: TypeRegistry, w: StoreWriter, guid: str, body: UpdatePropertiesRequestBody) -> bool:
    """Merge (``mergeUpdate``, the default) or replace the element's properties; False if nothing changed."""
    current = w.element(guid, parameter_name="metadataElementGUID")
    properties = stored_properties(registry, current.type_name, body.properties)
    if not body.merge_update and registry.is_a(current.type_name, REFERENCEABLE) and "qualifiedName" not in properties:
        raise FFDCError(
            Code.NULL_NAME,
            "qualifiedName",
            f"updateMetadataElementInStore with mergeUpdate false ({current.type_name} is a Referenceable, so the "
            "replacement properties need its qualifiedName)",
            parameter_name="qualifiedName",
        )
    return w.update_element(guid, properties, merge=body.merge_update)


def classify(
    registry: TypeRegistry,
    w: StoreWriter,
    guid: str,
    name: str,
    properties: NewElementProperties | ElementProperties | None,
    *,
    merge: bool = False,
) -> bool:
    """Attach the classification (an existing one takes the new properties); False if nothing changed."""
    element = w.element(guid, parameter_name="metadataElementGUID")
    classification = check_type(
        registry, name, "classification", "classificationName", "classifyMetadataElementInStore"
    )
    check_classification(registry, classification, element.type_name)
    values = stored_properties(registry, name, properties)
    start, end = _effectivity(properties) if isinstance(properties, NewElementProperties) else (None, None)
    return w.classify(guid, name, values, merge=merge, effective_from=start, effective_to=end)


def new_classification(
    registry: TypeRegistry, w: StoreWriter, guid: str, name: str, body: NewOpenMetadataClassificationRequestBody
) -> None:
    classify(registry, w, guid, name, body.properties, merge=False)


def declassify(registry: TypeRegistry, w: StoreWriter, guid: str, name: str) -> None:
    """Remove the classification; one the element does not carry is not an error (as in Egeria)."""
    w.element(guid, parameter_name="metadataElementGUID")
    check_type(registry, name, "classification", "classificationName", "declassifyMetadataElementInStore")
    w.declassify(guid, name)


# -- relationships ------------------------------------------------------------------------------


def relate(registry: TypeRegistry, w: StoreWriter, body: NewRelatedElementsRequestBody) -> str:
    """Create the relationship; where the type allows one link between two elements, update the existing one."""
    operation = "createRelatedElementsInStore"
    relationship = check_type(registry, body.type_name, "relationship", "typeName", operation)
    for parameter, value in (
        ("metadataElement1GUID", body.metadata_element1_guid),
        ("metadataElement2GUID", body.metadata_element2_guid),
    ):
        if not value:
            raise FFDCError(Code.NULL_NAME, parameter, operation, parameter_name=parameter)
    end1 = w.element(body.metadata_element1_guid or "", parameter_name="metadataElement1GUID")
    end2 = w.element(body.metadata_element2_guid or "", parameter_name="metadataElement2GUID")
    check_ends(registry, relationship, end1.type_name, end2.type_name)
    properties = stored_properties(registry, relationship.name, body.properties)
    start, end = _effectivity(body.properties)
    if body.make_anchor:
        w.classify(
            end2.guid,
            ANCHORS,
            {
                "anchorGUID": end1.guid,
                "anchorTypeName": end1.type_name,
                "anchorDomainName": registry.domain(end2.type_name),
                "anchorScopeGUIDs": list(body.anchor_scope_guids) if body.anchor_scope_guids else None,
            },
        )
    if not relationship.multi_link:
        existing = w.relationships_between(end1.guid, end2.guid, frozenset({relationship.name}))
        if existing:
            # Egeria keeps one such link and gives it the properties sent.
            w.update_relationship(existing[0].guid, properties, merge=False)
            return existing[0].guid
    return w.relate(relationship.name, end1.guid, end2.guid, properties, effective_from=start, effective_to=end)


def update_relationship(registry: TypeRegistry, w: StoreWriter, guid: str, body: UpdatePropertiesRequestBody) -> bool:
    current = w.relationship(guid)
    properties = stored_properties(registry, current.type_name, body.properties)
    return w.update_relationship(guid, properties, merge=body.merge_update)
