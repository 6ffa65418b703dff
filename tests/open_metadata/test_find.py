"""Finding elements through the generic open metadata store API (egeria-wire.md §8, beans.md §5).

Covers ``by-search-conditions`` (type and subtype filters, every comparison operator, ``ALL``/``ANY``/``NONE``,
nested conditions, classification conditions, paging and ordering, status and effectivity filters),
``by-search-string`` (contains/starts/ends, case, regex characters taken literally, no string = every element of
the type), and on the view server the unique-name lookups and the search vocabulary lists.
Each test builds its own elements under a unique qualified-name prefix and restricts its finds to them.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest

from tests.open_metadata.conftest import Api, plain, primitive, props, string, string_array, unique

FIND = "/metadata-elements/by-search-conditions"
SEARCH = "/metadata-elements/by-search-string"
OPERATORS = [
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


# -- helpers ---------------------------------------------------------------------------------------


def condition(prop: str, operator: str, value: dict[str, Any] | None = None) -> dict[str, Any]:
    """A ``PropertyCondition``; IS_NULL / NOT_NULL carry no value."""
    out: dict[str, Any] = {"property": prop, "operator": operator}
    if value is not None:
        out["value"] = value
    return out


def in_prefix(prefix: str) -> dict[str, Any]:
    return condition("qualifiedName", "STARTS_WITH", string(prefix))


def within(prefix: str, *conditions: dict[str, Any]) -> dict[str, Any]:
    """``SearchProperties``: the test's own elements (qualifiedName starts with ``prefix``) AND ``conditions``."""
    return {"class": "SearchProperties", "conditions": [in_prefix(prefix), *conditions], "matchCriteria": "ALL"}


def nested(conditions: list[dict[str, Any]], match: str | None = None) -> dict[str, Any]:
    """A condition whose ``nestedConditions`` is a SearchProperties (the shape of Egeria's .http example)."""
    inner: dict[str, Any] = {"class": "SearchProperties", "conditions": conditions}
    if match is not None:
        inner["matchCriteria"] = match
    return {"nestedConditions": inner}


def names(elements: list[dict[str, Any]]) -> list[str]:
    return [plain(e["elementProperties"])["qualifiedName"] for e in elements]


def found(api: Api, **body: Any) -> set[str]:
    """The qualified names a find returns (each once)."""
    got = names(api.find(body))
    assert len(got) == len(set(got)), got
    return set(got)


def search(api: Api, **body: Any) -> dict[str, Any]:
    return api.ok(SEARCH, {"class": "SearchStringRequestBody", **body})


def classify(api: Api, guid: str, name: str, **values: Any) -> None:
    body: dict[str, Any] = {"class": "NewOpenMetadataClassificationRequestBody"}
    if values:
        body["properties"] = props(**values)
    api.ok(f"/metadata-elements/{guid}/classifications/{name}", body)


def millis(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp() * 1000)


# -- type and subtype filters ----------------------------------------------------------------------


def test_type_name_finds_the_type_and_its_subtypes(api: Api) -> None:
    p = unique("Types")
    data_file = api.create("DataFile", f"{p}::data", values={"pathName": "/t/data.bin"})
    csv_file = api.create("CSVFile", f"{p}::csv", values={"pathName": "/t/a.csv"})
    folder = api.create("FileFolder", f"{p}::folder", values={"pathName": "/t"})
    api.create("IntegrationGroup", f"{p}::group")

    answer = api.ok(
        FIND, {"class": "FindRequestBody", "metadataElementTypeName": "Asset", "searchProperties": within(p)}
    )
    assert answer["class"] == "OpenMetadataElementsResponse"
    by_guid = {e["elementGUID"]: e for e in answer["elements"]}
    assert set(by_guid) == {data_file, csv_file, folder}
    assert {g: e["type"]["typeName"] for g, e in by_guid.items()} == {
        data_file: "DataFile",
        csv_file: "CSVFile",
        folder: "FileFolder",
    }
    csv = by_guid[csv_file]
    assert csv["status"] == "ACTIVE"
    assert csv["type"]["typeCategory"] == "ENTITY_DEF"
    assert "DataFile" in csv["type"]["superTypeNames"] and "Asset" in csv["type"]["superTypeNames"]
    assert csv["elementProperties"]["propertyValueMap"]["qualifiedName"] == {
        "class": "PrimitiveTypePropertyValue",
        "typeName": "string",
        "primitiveTypeCategory": "OM_PRIMITIVE_TYPE_STRING",
        "primitiveValue": f"{p}::csv",
    }
    assert plain(csv["elementProperties"]) == {"qualifiedName": f"{p}::csv", "pathName": "/t/a.csv"}

    assert found(api, metadataElementTypeName="DataFile", searchProperties=within(p)) == {f"{p}::data", f"{p}::csv"}
    assert found(api, metadataElementTypeName="IntegrationGroup", searchProperties=within(p)) == {f"{p}::group"}
    # No type: every type.
    assert found(api, searchProperties=within(p)) == {f"{p}::data", f"{p}::csv", f"{p}::folder", f"{p}::group"}


def test_subtype_names_limit_the_find_to_those_subtypes(api: Api) -> None:
    p = unique("Subtypes")
    api.create("DataFile", f"{p}::data")
    api.create("CSVFile", f"{p}::csv")
    api.create("FileFolder", f"{p}::folder")
    api.create("IntegrationGroup", f"{p}::group")

    assert found(
        api,
        metadataElementTypeName="Asset",
        metadataElementSubtypeNames=["CSVFile", "FileFolder"],
        searchProperties=within(p),
    ) == {f"{p}::csv", f"{p}::folder"}
    assert found(api, metadataElementSubtypeNames=["DataFile"], searchProperties=within(p)) == {
        f"{p}::data",
        f"{p}::csv",
    }


# -- comparison operators --------------------------------------------------------------------------

# Three DataFiles: (suffix, displayName, description, storeCreateTime (epoch ms), authors).
FILES = [
    ("alpha", "Sales Report", "total a.c (x) value", 1_000_000, ["ann", "bob"]),
    ("beta", "sales summary", "total abc x value", 2_000_000, ["carl"]),
    ("gamma", "Weekly REPORT", None, 3_000_000, None),
]

OPERATOR_CASES = [
    ("EQ", "displayName", string("Sales Report"), {"alpha"}),
    ("EQ", "displayName", string("sales report"), set()),
    ("EQ", "storeCreateTime", primitive("date", 2_000_000), {"beta"}),
    ("EQ", "authors", string("bob"), {"alpha"}),
    ("EQ", "authors", string("carl"), {"beta"}),
    ("NEQ", "displayName", string("Sales Report"), {"beta", "gamma"}),
    ("LT", "storeCreateTime", primitive("date", 2_000_000), {"alpha"}),
    ("LTE", "storeCreateTime", primitive("date", 2_000_000), {"alpha", "beta"}),
    ("GT", "storeCreateTime", primitive("date", 2_000_000), {"gamma"}),
    ("GTE", "storeCreateTime", primitive("date", 2_000_000), {"beta", "gamma"}),
    ("IS_NULL", "description", None, {"gamma"}),
    ("NOT_NULL", "description", None, {"alpha", "beta"}),
    ("LIKE", "displayName", string("Report"), {"alpha"}),
    ("LIKE", "description", string("a.c"), {"alpha"}),
    ("LIKE", "description", string("(x)"), {"alpha"}),
    ("LIKE", "description", string("a.*e"), set()),
    ("NOT_LIKE", "displayName", string("Report"), {"beta", "gamma"}),
    ("CASE_INSENSITIVE_LIKE", "displayName", string("report"), {"alpha", "gamma"}),
    ("CASE_INSENSITIVE_LIKE", "description", string("A.C"), {"alpha"}),
    ("CASE_INSENSITIVE_NOT_LIKE", "displayName", string("REPORT"), {"beta"}),
    ("STARTS_WITH", "displayName", string("Sales"), {"alpha"}),
    ("STARTS_WITH", "description", string("total a.c"), {"alpha"}),
    ("ENDS_WITH", "displayName", string("REPORT"), {"gamma"}),
    ("ENDS_WITH", "description", string("(x) value"), {"alpha"}),
    ("CASE_INSENSITIVE_STARTS_WITH", "displayName", string("SALES"), {"alpha", "beta"}),
    ("CASE_INSENSITIVE_ENDS_WITH", "displayName", string("report"), {"alpha", "gamma"}),
    ("CASE_INSENSITIVE_EQ", "displayName", string("SALES SUMMARY"), {"beta"}),
    ("CASE_INSENSITIVE_EQ", "displayName", string("sales"), set()),
]


@pytest.mark.parametrize(
    ("operator", "prop", "value", "expected"),
    OPERATOR_CASES,
    ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(OPERATOR_CASES)],
)
def test_each_comparison_operator_selects_the_matching_elements(
    api: Api, operator: str, prop: str, value: dict[str, Any] | None, expected: set[str]
) -> None:
    p = unique("Op")
    for suffix, display_name, description, created, authors in FILES:
        values: dict[str, Any] = {"displayName": display_name, "storeCreateTime": primitive("date", created)}
        if description is not None:
            values["description"] = description
        if authors is not None:
            values["authors"] = string_array(authors)
        api.create("DataFile", f"{p}::{suffix}", values=values)

    got = found(api, searchProperties=within(p, condition(prop, operator, value)))
    assert got == {f"{p}::{s}" for s in expected}


def test_numeric_operators_compare_int_values(api: Api) -> None:
    p = unique("Int")
    for priority in (1, 2, 3, 10):
        api.create("Project", f"{p}::{priority}", values={"priority": primitive("int", priority)})
    api.create("Project", f"{p}::none")

    def prio(operator: str, value: int | None = None) -> set[str]:
        typed = None if value is None else primitive("int", value)
        return {
            n.rsplit("::", 1)[1] for n in found(api, searchProperties=within(p, condition("priority", operator, typed)))
        }

    assert prio("EQ", 2) == {"2"}
    # (Whether an element without the property matches NEQ is left open.)
    assert prio("NEQ", 2) - {"none"} == {"1", "3", "10"}
    # Numbers compare as numbers (10 > 3), not as text.
    assert prio("LT", 3) == {"1", "2"}
    assert prio("LTE", 3) == {"1", "2", "3"}
    assert prio("GT", 3) == {"10"}
    assert prio("GTE", 3) == {"3", "10"}
    assert prio("IS_NULL") == {"none"}
    assert prio("NOT_NULL") == {"1", "2", "3", "10"}


def test_comparison_values_come_back_typed_in_the_found_elements(api: Api) -> None:
    p = unique("Typed")
    api.create(
        "DataFile",
        f"{p}::one",
        values={"storeCreateTime": primitive("date", 1_700_000_000_000), "authors": string_array(["ann", "bob"])},
    )
    [element] = api.find({"searchProperties": within(p, condition("authors", "EQ", string("ann")))})
    values = element["elementProperties"]["propertyValueMap"]
    assert values["storeCreateTime"] == {
        "class": "PrimitiveTypePropertyValue",
        "typeName": "date",
        "primitiveTypeCategory": "OM_PRIMITIVE_TYPE_DATE",
        "primitiveValue": 1_700_000_000_000,
    }
    assert values["authors"]["class"] == "ArrayTypePropertyValue"
    assert values["authors"]["arrayCount"] == 2
    assert plain(element["elementProperties"])["authors"] == ["ann", "bob"]


# -- match criteria and nested conditions ---------------------------------------------------------


def _colours(api: Api, p: str) -> None:
    for colour in ("red", "green", "blue"):
        api.create("DataFile", f"{p}::{colour}", values={"displayName": colour})


def test_match_criteria_any_is_the_default(api: Api) -> None:
    p = unique("Any")
    _colours(api, p)
    either = [
        condition("qualifiedName", "EQ", string(f"{p}::red")),
        condition("qualifiedName", "EQ", string(f"{p}::blue")),
    ]
    expected = {f"{p}::red", f"{p}::blue"}
    assert found(api, searchProperties={"class": "SearchProperties", "conditions": either}) == expected
    assert found(api, searchProperties={"conditions": either, "matchCriteria": "ANY"}) == expected
    # ALL: no element has both names.
    assert found(api, searchProperties={"conditions": either, "matchCriteria": "ALL"}) == set()


def test_match_criteria_all_needs_every_condition(api: Api) -> None:
    p = unique("All")
    _colours(api, p)
    assert found(api, searchProperties=within(p, condition("displayName", "EQ", string("green")))) == {f"{p}::green"}
    assert (
        found(
            api,
            searchProperties=within(
                p,
                condition("displayName", "EQ", string("green")),
                condition("displayName", "EQ", string("red")),
            ),
        )
        == set()
    )


def test_nested_conditions_with_any_all_and_none(api: Api) -> None:
    p = unique("Nested")
    _colours(api, p)
    red_or_blue = [condition("displayName", "EQ", string("red")), condition("displayName", "EQ", string("blue"))]
    assert found(api, searchProperties=within(p, nested(red_or_blue, "ANY"))) == {f"{p}::red", f"{p}::blue"}
    # A nested SearchProperties without matchCriteria is ANY too.
    assert found(api, searchProperties=within(p, nested(red_or_blue))) == {f"{p}::red", f"{p}::blue"}
    assert found(api, searchProperties=within(p, nested(red_or_blue, "NONE"))) == {f"{p}::green"}
    assert found(api, searchProperties=within(p, nested(red_or_blue, "ALL"))) == set()
    # Nesting two levels deep: NONE of (displayName contains "d", displayName is "green").
    assert found(
        api,
        searchProperties=within(
            p,
            nested(
                [
                    nested([condition("displayName", "LIKE", string("d"))], "ALL"),
                    condition("displayName", "EQ", string("green")),
                ],
                "NONE",
            ),
        ),
    ) == {f"{p}::blue"}


def test_nested_conditions_in_the_shape_of_egerias_example(api: Api) -> None:
    p = unique("Example")
    for suffix, identifier, display_name in [
        ("1", "AMS-1", "Cancer study"),
        ("2", "OFFICE-2", "Cancer trial"),
        ("3", "AMS-3", "Heart study"),
        ("4", "LAB-4", "Cancer lab"),
    ]:
        api.create("DataFile", f"{p}::{suffix}", values={"identifier": identifier, "displayName": display_name})

    body = {
        "class": "FindRequestBody",
        "searchProperties": {
            "class": "SearchProperties",
            "conditions": [
                in_prefix(p),
                {
                    "nestedConditions": {
                        "class": "SearchProperties",
                        "conditions": [
                            condition("identifier", "LIKE", string("AMS")),
                            condition("identifier", "LIKE", string("OFFICE")),
                        ],
                        "matchCriteria": "ANY",
                    }
                },
                condition("displayName", "LIKE", string("Cancer")),
            ],
            "matchCriteria": "ALL",
        },
        "limitResultsByStatus": ["ACTIVE"],
        "sequencingOrder": "CREATION_DATE_RECENT",
        "sequencingProperty": "",
    }
    assert names(api.ok(FIND, body)["elements"]) == [f"{p}::2", f"{p}::1"]


# -- classification conditions -------------------------------------------------------------------


def test_match_classifications_all_any_none(api: Api) -> None:
    p = unique("Classified")
    high = api.create("DataFile", f"{p}::high")
    low = api.create("DataFile", f"{p}::low")
    api.create("DataFile", f"{p}::plain")
    owned = api.create("DataFile", f"{p}::owned")
    classify(api, high, "Confidentiality", confidentialityLevel=primitive("int", 3))
    classify(api, low, "Confidentiality", confidentialityLevel=primitive("int", 1))
    classify(api, low, "Ownership", owner="erin")
    classify(api, owned, "Ownership", owner="peter")

    def by_classification(conditions: list[dict[str, Any]], match: str | None = None) -> set[str]:
        search: dict[str, Any] = {"class": "SearchClassifications", "conditions": conditions}
        if match is not None:
            search["matchCriteria"] = match
        return {n.rsplit("::", 1)[1] for n in found(api, searchProperties=within(p), matchClassifications=search)}

    confidential = {"name": "Confidentiality"}
    owner = {"name": "Ownership"}
    assert by_classification([confidential]) == {"high", "low"}
    assert by_classification([confidential, owner]) == {"high", "low", "owned"}
    assert by_classification([confidential, owner], "ANY") == {"high", "low", "owned"}
    assert by_classification([confidential, owner], "ALL") == {"low"}
    assert by_classification([confidential], "NONE") == {"plain", "owned"}
    assert by_classification([confidential, owner], "NONE") == {"plain"}

    # The classification's own properties.
    at_least_two = {
        "name": "Confidentiality",
        "searchProperties": {
            "class": "SearchProperties",
            "conditions": [condition("confidentialityLevel", "GTE", primitive("int", 2))],
            "matchCriteria": "ALL",
        },
    }
    assert by_classification([at_least_two]) == {"high"}
    peter = {"name": "Ownership", "searchProperties": {"conditions": [condition("owner", "EQ", string("peter"))]}}
    assert by_classification([peter]) == {"owned"}
    assert by_classification([peter, confidential], "ALL") == set()

    # Found elements carry their classifications.
    [element] = api.find(
        {
            "searchProperties": within(p),
            "matchClassifications": {"conditions": [at_least_two], "matchCriteria": "ALL"},
        }
    )
    [attached] = [c for c in element["classifications"] if c["classificationName"] == "Confidentiality"]
    assert attached["class"] == "AttachedClassification"
    assert attached["type"]["typeName"] == "Confidentiality"
    assert plain(attached["classificationProperties"]) == {"confidentialityLevel": 3}


def test_match_classifications_alone_finds_classified_elements(api: Api) -> None:
    # Without searchProperties: the classification's own properties single the test's element out.
    p = unique("OnlyClassified")
    guid = api.create("DataFile", f"{p}::one")
    api.create("DataFile", f"{p}::two")
    classify(api, guid, "Ownership", owner=p)
    got = api.find(
        {
            "metadataElementTypeName": "DataFile",
            "matchClassifications": {
                "conditions": [
                    {"name": "Ownership", "searchProperties": {"conditions": [condition("owner", "EQ", string(p))]}}
                ],
                "matchCriteria": "ALL",
            },
        }
    )
    assert [e["elementGUID"] for e in got] == [guid]


# -- paging and ordering ---------------------------------------------------------------------------


def test_paging_walks_every_result_once_and_past_the_end_has_no_elements(api: Api) -> None:
    p = unique("Paging")
    created = [f"{p}::{i:02d}" for i in range(7)]
    for name in created:
        api.create("DataFile", name)

    walked: list[str] = []
    pages: list[int] = []
    for start in range(0, 9, 3):
        page = names(
            api.find(
                {
                    "searchProperties": within(p),
                    "sequencingOrder": "CREATION_DATE_OLDEST",
                    "startFrom": start,
                    "pageSize": 3,
                }
            )
        )
        pages.append(len(page))
        walked += page
    assert pages == [3, 3, 1]
    assert walked == created

    for start in (7, 50):
        answer = api.ok(
            FIND,
            {"class": "FindRequestBody", "searchProperties": within(p), "startFrom": start, "pageSize": 3},
        )
        assert "elements" not in answer, answer
        assert answer["class"] == "OpenMetadataElementsResponse"

    # pageSize 0: the whole result.
    assert len(api.find({"searchProperties": within(p), "startFrom": 0, "pageSize": 0})) == 7


def test_creation_date_orders_are_opposite(api: Api) -> None:
    p = unique("Created")
    created = [f"{p}::{c}" for c in ("c", "a", "d", "b")]
    for name in created:
        api.create("DataFile", name)
    oldest = names(api.find({"searchProperties": within(p), "sequencingOrder": "CREATION_DATE_OLDEST"}))
    recent = names(api.find({"searchProperties": within(p), "sequencingOrder": "CREATION_DATE_RECENT"}))
    assert oldest == created
    assert recent == list(reversed(created))


def test_property_orders_sort_by_the_sequencing_property(api: Api) -> None:
    p = unique("Sorted")
    display = {"1": "delta", "2": "alpha", "3": "echo", "4": "charlie", "5": "bravo"}
    for suffix, display_name in display.items():
        api.create("DataFile", f"{p}::{suffix}", values={"displayName": display_name})

    def ordered(order: str) -> list[str]:
        elements = api.find(
            {"searchProperties": within(p), "sequencingOrder": order, "sequencingProperty": "displayName"}
        )
        return [plain(e["elementProperties"])["displayName"] for e in elements]

    assert ordered("PROPERTY_ASCENDING") == ["alpha", "bravo", "charlie", "delta", "echo"]
    assert ordered("PROPERTY_DESCENDING") == ["echo", "delta", "charlie", "bravo", "alpha"]
    # Pages follow the order.
    second = api.find(
        {
            "searchProperties": within(p),
            "sequencingOrder": "PROPERTY_ASCENDING",
            "sequencingProperty": "displayName",
            "startFrom": 2,
            "pageSize": 2,
        }
    )
    assert [plain(e["elementProperties"])["displayName"] for e in second] == ["charlie", "delta"]


# -- status and effectivity ------------------------------------------------------------------------


def test_limit_results_by_status_active_finds_and_deleted_finds_nothing(api: Api) -> None:
    p = unique("Status")
    api.create("DataFile", f"{p}::kept")
    gone = api.create("DataFile", f"{p}::gone")

    assert found(api, searchProperties=within(p), limitResultsByStatus=["ACTIVE"]) == {f"{p}::kept", f"{p}::gone"}
    answer = api.ok(
        FIND, {"class": "FindRequestBody", "searchProperties": within(p), "limitResultsByStatus": ["DELETED"]}
    )
    assert answer["class"] == "OpenMetadataElementsResponse"
    assert "elements" not in answer, answer

    # A deleted element is no longer found.
    api.ok(f"/metadata-elements/{gone}/delete", {"class": "OpenMetadataDeleteRequestBody"})
    assert found(api, searchProperties=within(p), limitResultsByStatus=["ACTIVE"]) == {f"{p}::kept"}
    assert found(api, searchProperties=within(p)) == {f"{p}::kept"}


def test_effective_time_filters_by_the_elements_effectivity_dates(api: Api) -> None:
    p = unique("Effective")

    def create(suffix: str, **dates: Any) -> None:
        properties = {**props(qualifiedName=f"{p}::{suffix}"), **dates}
        api.ok(
            "/metadata-elements",
            {"class": "NewOpenMetadataElementRequestBody", "typeName": "DataFile", "properties": properties},
        )

    create("always")
    # Epoch milliseconds (what Egeria's Java client sends) and ISO text (the .http examples) both set a Date.
    create("past", effectiveFrom=millis("2000-01-01T00:00:00+00:00"), effectiveTo="2001-01-01T00:00:00.000+00:00")
    create("current", effectiveFrom="2020-01-01T00:00:00.000+00:00")
    create("future", effectiveFrom=millis("2100-01-01T00:00:00+00:00"))

    def at(when: Any) -> set[str]:
        return {n.rsplit("::", 1)[1] for n in found(api, searchProperties=within(p), effectiveTime=when)}

    assert at("2000-06-01T00:00:00.000+00:00") == {"always", "past"}
    assert at(millis("2000-06-01T00:00:00+00:00")) == {"always", "past"}
    assert at("2001-06-01T00:00:00.000+00:00") == {"always"}
    assert at("2050-01-01T00:00:00Z") == {"always", "current"}
    assert at(datetime.now().astimezone().isoformat(timespec="milliseconds")) == {"always", "current"}
    assert at("2100-06-01T00:00:00.000+00:00") == {"always", "current", "future"}
    # No effectiveTime: effectivity is not checked.
    assert found(api, searchProperties=within(p)) == {f"{p}::{s}" for s in ("always", "past", "current", "future")}

    [past] = api.find({"searchProperties": within(p, condition("qualifiedName", "EQ", string(f"{p}::past")))})
    assert millis(past["effectiveFromTime"]) == millis("2000-01-01T00:00:00+00:00")
    assert millis(past["effectiveToTime"]) == millis("2001-01-01T00:00:00+00:00")


# -- search string ---------------------------------------------------------------------------------


def test_search_string_flags_choose_contains_starts_ends_and_case(api: Api) -> None:
    p = unique("Text")
    token = "tok" + uuid.uuid4().hex[:10]
    upper = token.upper()
    api.create("DataFile", f"{p}::a", values={"displayName": f"{token} starts here"})
    api.create("DataFile", f"{p}::b", values={"description": f"the {upper} in the middle"})
    api.create("DataFile", f"{p}::c", values={"displayName": f"ends with {token}"})
    api.create("DataFile", f"{p}::d", values={"identifier": upper})
    api.create("DataFile", f"{p}::e", values={"displayName": "nothing to see"})

    def hits(**flags: Any) -> set[str]:
        elements = search(api, searchString=token, **flags).get("elements") or []
        return {n.rsplit("::", 1)[1] for n in names(elements)}

    # Default: ignoreCase true, neither startsWith nor endsWith: a case-insensitive contains over any text property.
    answer = search(api, searchString=token)
    assert answer["class"] == "OpenMetadataElementsResponse"
    assert hits() == {"a", "b", "c", "d"}
    assert hits(ignoreCase=False) == {"a", "c"}
    assert hits(startsWith=True) == {"a", "d"}
    assert hits(startsWith=True, ignoreCase=False) == {"a"}
    assert hits(endsWith=True) == {"c", "d"}
    assert hits(endsWith=True, ignoreCase=False) == {"c"}
    assert hits(startsWith=True, endsWith=True) == {"d"}
    assert hits(startsWith=True, endsWith=True, ignoreCase=False) == set()
    # The qualified name is a text property too.
    assert set(names(search(api, searchString=f"{p}::e", ignoreCase=False)["elements"])) == {f"{p}::e"}


def test_search_string_regex_characters_match_literally(api: Api) -> None:
    p = unique("Literal")
    token = "lit" + uuid.uuid4().hex[:10]
    api.create("DataFile", f"{p}::dot", values={"description": f"{token} a.c (x)"})
    api.create("DataFile", f"{p}::letters", values={"description": f"{token} abc x"})

    def hits(text: str, **flags: Any) -> set[str]:
        elements = search(api, searchString=text, **flags).get("elements") or []
        return {n.rsplit("::", 1)[1] for n in names(elements)}

    assert hits(f"{token} a.c") == {"dot"}
    assert hits(f"{token} a.c (x)") == {"dot"}
    assert hits(f"{token} a.c (x)", startsWith=True, endsWith=True) == {"dot"}
    assert hits(f"{token} a.c (x)", endsWith=True, ignoreCase=False) == {"dot"}
    assert hits(f"{token} A.C (X)", startsWith=True) == {"dot"}
    assert hits(f"{token}.*x") == set()
    assert hits(f"{token} ab.") == set()


def test_search_string_with_no_string_returns_every_element_of_the_type(api: Api) -> None:
    p = unique("EveryCited")
    before = search(api, metadataElementTypeName="CitedDocument").get("elements") or []
    mine = {api.create("CitedDocument", f"{p}::{i}", values={"numberOfPages": primitive("int", i)}) for i in range(3)}
    api.create("DataFile", f"{p}::not-cited")
    after = search(api, metadataElementTypeName="CitedDocument")["elements"]
    assert {e["type"]["typeName"] for e in after} == {"CitedDocument"}
    assert {e["elementGUID"] for e in after} == {e["elementGUID"] for e in before} | mine
    # Paging applies too.
    page = search(api, metadataElementTypeName="CitedDocument", startFrom=0, pageSize=2)["elements"]
    assert len(page) == 2


def test_search_string_limit_by_status_and_type(api: Api) -> None:
    p = unique("StringFilters")
    token = "flt" + uuid.uuid4().hex[:10]
    api.create("DataFile", f"{p}::file", values={"description": token})
    api.create("FileFolder", f"{p}::folder", values={"description": token})
    assert {
        n.rsplit("::", 1)[1]
        for n in names(search(api, searchString=token, metadataElementTypeName="DataFile")["elements"])
    } == {"file"}
    assert len(search(api, searchString=token, limitResultsByStatus=["ACTIVE"])["elements"]) == 2
    assert "elements" not in search(api, searchString=token, limitResultsByStatus=["DELETED"])


# -- view server only: unique names and the search vocabulary -------------------------------------


def test_unique_name_lookups_find_by_qualified_name_and_another_unique_property(api_b: Api) -> None:
    name = unique("UniqueFile")
    path = f"/unique/{uuid.uuid4().hex}.csv"
    guid = api_b.create("DataFile", name, values={"pathName": path})

    answer = api_b.ok(
        "/metadata-elements/by-unique-name",
        {"class": "UniqueNameRequestBody", "name": name, "namePropertyName": "qualifiedName"},
    )
    assert answer["class"] == "OpenMetadataElementResponse"
    assert answer["element"]["elementGUID"] == guid
    assert answer["element"]["type"]["typeName"] == "DataFile"
    assert plain(answer["element"]["elementProperties"]) == {"qualifiedName": name, "pathName": path}

    answer = api_b.ok(
        "/metadata-elements/guid-by-unique-name",
        {"class": "UniqueNameRequestBody", "name": name, "namePropertyName": "qualifiedName"},
    )
    assert answer["class"] == "GUIDResponse"
    assert answer["guid"] == guid

    # namePropertyName left out: qualifiedName.
    assert (
        api_b.ok("/metadata-elements/guid-by-unique-name", {"class": "UniqueNameRequestBody", "name": name})["guid"]
        == guid
    )

    by_path = {"class": "UniqueNameRequestBody", "name": path, "namePropertyName": "pathName"}
    assert api_b.ok("/metadata-elements/by-unique-name", by_path)["element"]["elementGUID"] == guid
    assert api_b.ok("/metadata-elements/guid-by-unique-name", by_path)["guid"] == guid


def test_unique_name_lookups_of_an_unknown_name_succeed_with_nothing(api_b: Api) -> None:
    missing = unique("NoSuchName")
    for body in (
        {"class": "UniqueNameRequestBody", "name": missing, "namePropertyName": "qualifiedName"},
        {"class": "UniqueNameRequestBody", "name": missing, "namePropertyName": "pathName"},
    ):
        answer = api_b.ok("/metadata-elements/by-unique-name", body)
        assert answer["class"] == "OpenMetadataElementResponse"
        assert "element" not in answer, answer
        answer = api_b.ok("/metadata-elements/guid-by-unique-name", body)
        assert answer["class"] == "GUIDResponse"
        assert "guid" not in answer, answer


def test_unique_name_lookups_are_not_served_by_the_metadata_access_server(api_a: Api) -> None:
    name = unique("UniqueOnA")
    api_a.create("DataFile", name)
    for suffix in ("/metadata-elements/by-unique-name", "/metadata-elements/guid-by-unique-name"):
        response = api_a.call(
            "POST", suffix, {"class": "UniqueNameRequestBody", "name": name, "namePropertyName": "qualifiedName"}
        )
        answer = response.json()
        assert answer["relatedHTTPCode"] == 404, answer
        assert answer["exceptionErrorMessage"].startswith(answer["exceptionErrorMessageId"]), answer
        assert "element" not in answer and "guid" not in answer, answer


def test_view_server_lists_the_comparison_operators_and_match_criteria(api_b: Api) -> None:
    answer = api_b.ok("/metadata-search/property-comparison-operator-values", method="GET")
    assert answer["class"] == "PropertyComparisonOperatorListResponse"
    assert answer["values"] == OPERATORS
    answer = api_b.ok("/metadata-search/match-criteria-values", method="GET")
    assert answer["class"] == "MatchCriteriaListResponse"
    assert answer["values"] == ["ALL", "ANY", "NONE"]
