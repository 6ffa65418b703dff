"""Typed property values: Python and plain values in, Egeria's typed JSON out, and checked back."""

from datetime import UTC, datetime

import pytest

from egeria_nb.typedefs import (
    PropertyTypeError,
    check_properties,
    open_metadata_types,
    plain_properties,
    python_properties,
    typed_properties,
)
from egeria_nb.wire.properties import ElementProperties

TYPES = open_metadata_types()


def _typed(type_name: str, values: dict) -> dict:
    return typed_properties(TYPES, type_name, values).to_wire()["propertyValueMap"]


def test_each_value_gets_the_type_egeria_declares_for_its_attribute() -> None:
    wire = _typed(
        "RegisteredIntegrationConnector",
        {
            "connectorName": "Drop",
            "refreshTimeInterval": 5,
            "startDate": datetime(2026, 1, 1, tzinfo=UTC),
            "permittedSynchronization": "from_third_party",
            "generateConnectorActivityReports": True,
        },
    )
    assert wire["connectorName"] == {
        "class": "PrimitiveTypePropertyValue",
        "typeName": "string",
        "primitiveTypeCategory": "OM_PRIMITIVE_TYPE_STRING",
        "primitiveValue": "Drop",
    }
    # An int for a long attribute is sent as a long: Egeria compares categories exactly.
    assert wire["refreshTimeInterval"]["typeName"] == "long"
    assert wire["refreshTimeInterval"]["primitiveTypeCategory"] == "OM_PRIMITIVE_TYPE_LONG"
    assert wire["startDate"]["primitiveValue"] == 1767225600000
    assert wire["permittedSynchronization"] == {
        "class": "EnumTypePropertyValue",
        "typeName": "PermittedSynchronization",
        "symbolicName": "FROM_THIRD_PARTY",
    }
    assert wire["generateConnectorActivityReports"]["primitiveValue"] is True


def test_maps_and_arrays() -> None:
    wire = _typed("Connection", {"configurationProperties": {"recursive": True, "depth": 3, "globs": ["*.csv"]}})
    config = wire["configurationProperties"]
    assert config["class"] == "MapTypePropertyValue"
    assert config["typeName"] == "map<string,object>"
    members = config["mapValues"]["propertyValueMap"]
    assert members["recursive"]["typeName"] == "boolean"
    assert members["depth"]["typeName"] == "int"
    assert members["globs"]["class"] == "ArrayTypePropertyValue"
    assert members["globs"]["arrayCount"] == 1
    assert members["globs"]["arrayValues"]["propertyValueMap"]["0"]["primitiveValue"] == "*.csv"
    names = _typed("Anchors", {"anchorScopeGUIDs": ["a", "b"]})["anchorScopeGUIDs"]
    assert names["typeName"] == "array<string>"
    assert names["arrayCount"] == 2


def test_round_trip_through_the_check_and_back_to_python() -> None:
    values = {
        "connectorName": "Drop",
        "refreshTimeInterval": 60,
        "startDate": datetime(2026, 3, 4, 5, 6, 7, 890000, tzinfo=UTC),
        "permittedSynchronization": "BOTH_DIRECTIONS",
    }
    typed = typed_properties(TYPES, "RegisteredIntegrationConnector", values)
    parsed = ElementProperties.model_validate(typed.to_wire())
    plain = check_properties(TYPES, "RegisteredIntegrationConnector", parsed)
    assert plain["startDate"] == 1772600767890
    assert plain_properties(parsed) == plain
    assert python_properties(parsed) == values


@pytest.mark.parametrize(
    ("type_name", "values", "problem", "says"),
    [
        ("DataFile", {"size": 10}, "unknown_property", "DataFile has no property 'size'"),
        ("RegisteredIntegrationConnector", {"refreshTimeInterval": "often"}, "bad_value", "whole number"),
        ("RegisteredIntegrationConnector", {"permittedSynchronization": "SIDEWAYS"}, "bad_enum", "not a value of"),
        ("RegisteredIntegrationConnector", {"startDate": "yesterday"}, "bad_value", "ISO-8601"),
        ("Connection", {"configurationProperties": "recursive=true"}, "wrong_type", "give a dict"),
    ],
)
def test_values_that_cannot_be_their_type_are_refused(type_name: str, values: dict, problem: str, says: str) -> None:
    with pytest.raises(PropertyTypeError) as caught:
        typed_properties(TYPES, type_name, values)
    assert caught.value.problem == problem
    assert says in str(caught.value)


def test_the_check_refuses_a_primitive_of_another_type() -> None:
    sent = ElementProperties.model_validate(
        {
            "propertyValueMap": {
                "refreshTimeInterval": {"class": "PrimitiveTypePropertyValue", "typeName": "int", "primitiveValue": 5}
            }
        }
    )
    with pytest.raises(PropertyTypeError) as caught:
        check_properties(TYPES, "RegisteredIntegrationConnector", sent)
    assert caught.value.problem == "wrong_type"
    assert "is a long, and a int was sent" in str(caught.value)
    assert caught.value.valid == ["long"]


def test_unknown_property_names_list_the_valid_ones() -> None:
    sent = ElementProperties.model_validate(
        {
            "propertyValueMap": {
                "colour": {"class": "PrimitiveTypePropertyValue", "typeName": "string", "primitiveValue": "x"}
            }
        }
    )
    with pytest.raises(PropertyTypeError) as caught:
        check_properties(TYPES, "FileFolder", sent)
    assert "pathName" in caught.value.valid and "qualifiedName" in caught.value.valid
