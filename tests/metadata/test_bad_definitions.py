"""Bad definitions: each is refused with an FFDC error that says what to do, and nothing is stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

import egeria_nb as enb
from egeria_nb.metadata.catalog import MetadataCatalog
from tests.conftest import Raw
from tests.metadata.conftest import CATALOG, MD, gov, last_sequence

GROUP = "Egeria:IntegrationGroup:Files"
FOLDER = "egeria_nb:IntegrationConnector:Folder"
PROVIDER = "egeria_nb.connectors.files.FolderCataloguer"
MISSING = "3e1f0c2a-0000-4000-8000-000000000000"
CONNECTION = {"class": "Connection", "connectorType": {"class": "ConnectorType", "connectorProviderClassName": "x.P"}}


@dataclass
class Defined:
    group: str
    connector: str
    element: str  # a DataFile


@pytest.fixture
def defined(platform: enb.EmbeddedPlatform) -> Defined:
    group = enb.create_integration_group(platform, MD, GROUP, display_name="Files")
    connector = enb.create_integration_connector(platform, MD, FOLDER, PROVIDER, {"depth": 1}, "/data")
    enb.register_integration_connector(platform, MD, GROUP, FOLDER, "Folder", 5)
    element = MetadataCatalog(platform, MD).blocking.create_element("DataFile", "/data/a.csv").guid
    return Defined(group, connector, element)


def _snapshot(platform: enb.EmbeddedPlatform, raw: Raw) -> tuple[Any, ...]:
    """What a refused request must leave as it was."""
    groups = enb.list_integration_groups(platform, MD)
    registrations = enb.get_registered_connectors(platform, MD, GROUP)
    connector = enb.get_integration_connector(platform, MD, FOLDER)
    return groups.to_dict("records"), registrations.to_dict("records"), connector.to_wire(), last_sequence(raw)


G = "/integration-groups/{group}"
C = "/integration-connectors/{connector}"
REG = G + "/integration-connectors/{connector}"
NEW_GROUP, NEW_CONNECTOR = "/integration-groups/new", "/integration-connectors/new"
G_MISSING, C_MISSING = "/integration-groups/" + MISSING, "/integration-connectors/" + MISSING
REGISTER_BODY = {"class": "RegisteredIntegrationConnectorProperties", "connectorName": "Folder"}
DUPLICATE = "OMAG-COMMON-409-001"
UNKNOWN_GUID = "OMAG-REPOSITORY-HANDLER-404-007"
WRONG_TYPE = "OMAG-REPOSITORY-HANDLER-404-001"
BAD_VALUE = "EGERIA-NB-400-005"
NOT_JSON = "EGERIA-NB-400-010"
BAD_SHAPE = "EGERIA-NB-400-011"
WRONG_CLASS = "EGERIA-NB-400-012"
NO_BODY = "EGERIA-NB-400-013"
# Request-parsing failures change the HTTP status too (egeria-wire.md §0.1); the rest answer 200 with the code inside.
PARSE_ERRORS = {NOT_JSON, BAD_SHAPE, WRONG_CLASS, NO_BODY}


def bad(name: str, method: str, suffix: str, message_id: str, says: str, **request: Any) -> Any:
    """One refused request: the message id, and text its message or user action must contain."""
    return pytest.param(method, suffix, request, message_id, says, id=name)


CASES = [
    # duplicate qualified names
    bad("duplicate group", "POST", NEW_GROUP, DUPLICATE, "update the existing element", json={"qualifiedName": GROUP}),
    bad(
        "duplicate connector",
        "POST",
        NEW_CONNECTOR,
        DUPLICATE,
        "Use another qualified name",
        json={"qualifiedName": FOLDER, "connection": CONNECTION},
    ),
    bad(
        "connector named like a DataFile",
        "POST",
        NEW_CONNECTOR,
        DUPLICATE,
        "already used by the DataFile",
        json={"qualifiedName": "/data/a.csv"},
    ),
    bad(
        "rename onto another group",
        "POST",
        G + "/update",
        DUPLICATE,
        "Taken",
        json={"qualifiedName": "Egeria:IntegrationGroup:Taken"},
    ),
    # unknown GUIDs
    bad("unknown group: read", "GET", G_MISSING + "/integration-connectors", UNKNOWN_GUID, "Check the GUID"),
    bad("unknown group: update", "POST", G_MISSING + "/update", UNKNOWN_GUID, MISSING, json={"displayName": "x"}),
    bad("unknown group: delete", "POST", G_MISSING + "/delete", UNKNOWN_GUID, MISSING),
    bad("unknown connector: registrations", "GET", C_MISSING + "/registrations", UNKNOWN_GUID, MISSING),
    bad("unknown connector: update", "POST", C_MISSING + "/update", UNKNOWN_GUID, MISSING, json={"displayName": "x"}),
    bad("unknown connector: delete", "POST", C_MISSING + "/delete", UNKNOWN_GUID, MISSING),
    bad(
        "unknown group: unregister",
        "POST",
        G_MISSING + "/integration-connectors/{connector}/delete",
        UNKNOWN_GUID,
        MISSING,
    ),
    bad(
        "a connector where a group goes",
        "GET",
        "/integration-groups/{connector}/integration-connectors",
        WRONG_TYPE,
        "Pass the GUID of an element of type IntegrationGroup",
    ),
    bad(
        "a group where a connector goes",
        "POST",
        "/integration-connectors/{group}/delete",
        WRONG_TYPE,
        "not IntegrationConnector",
    ),
    # linking to a missing element
    bad("register a missing connector", "POST", G + C_MISSING, UNKNOWN_GUID, MISSING, json=REGISTER_BODY),
    bad(
        "register into a missing group",
        "POST",
        G_MISSING + "/integration-connectors/{connector}",
        UNKNOWN_GUID,
        MISSING,
        json=REGISTER_BODY,
    ),
    bad(
        "register a DataFile",
        "POST",
        G + "/integration-connectors/{element}",
        WRONG_TYPE,
        "DataFile",
        json=REGISTER_BODY,
    ),
    bad(
        "catalog target to a missing element",
        "POST",
        C + "/catalog-targets/" + MISSING,
        UNKNOWN_GUID,
        MISSING,
        json={"catalogTargetName": "t"},
    ),
    # registration properties
    bad(
        "permittedSynchronization",
        "POST",
        REG,
        BAD_VALUE,
        "BOTH_DIRECTIONS, TO_THIRD_PARTY, FROM_THIRD_PARTY, OTHER",
        json={**REGISTER_BODY, "permittedSynchronization": "SIDEWAYS"},
    ),
    bad(
        "permittedSynchronization case",
        "POST",
        REG,
        BAD_VALUE,
        "use one of",
        json={**REGISTER_BODY, "permittedSynchronization": "both_directions"},
    ),
    bad("negative refresh", "POST", REG, BAD_VALUE, "0 or more", json={**REGISTER_BODY, "refreshTimeInterval": -1}),
    bad(
        "fractional refresh",
        "POST",
        REG,
        BAD_VALUE,
        "whole number of minutes",
        json={**REGISTER_BODY, "refreshTimeInterval": 1.5},
    ),
    bad(
        "refresh as text",
        "POST",
        REG,
        BAD_VALUE,
        "whole number of minutes",
        json={**REGISTER_BODY, "refreshTimeInterval": "5"},
    ),
    bad(
        "refresh as boolean",
        "POST",
        REG,
        BAD_VALUE,
        "whole number of minutes",
        json={**REGISTER_BODY, "refreshTimeInterval": True},
    ),
    bad(
        "stop before start",
        "POST",
        REG,
        BAD_VALUE,
        "later than the startDate",
        json={
            **REGISTER_BODY,
            "startDate": "2026-02-01T00:00:00Z",
            "connectorShutdownDate": "2026-01-01T00:00:00Z",
        },
    ),
    bad(
        "stop at start",
        "POST",
        REG,
        BAD_VALUE,
        "later than the startDate",
        json={
            **REGISTER_BODY,
            "startDate": "2026-02-01T01:00:00+01:00",
            "connectorShutdownDate": "2026-02-01T00:00:00Z",
        },
    ),
    bad(
        "5.3 stopDate before start",
        "POST",
        REG,
        BAD_VALUE,
        "connectorShutdownDate",
        json={**REGISTER_BODY, "startDate": "2026-02-01T00:00:00Z", "stopDate": "2025-01-01T00:00:00Z"},
    ),
    bad("bad date text", "POST", REG, BAD_VALUE, "ISO-8601", json={**REGISTER_BODY, "startDate": "next tuesday"}),
    bad("date as boolean", "POST", REG, BAD_VALUE, "ISO-8601", json={**REGISTER_BODY, "connectorShutdownDate": False}),
    bad("missing connectorName", "POST", REG, BAD_VALUE, "needs a connector name", json={"refreshTimeInterval": 1}),
    bad("blank connectorName", "POST", REG, BAD_VALUE, "needs a connector name", json={"connectorName": "  "}),
    bad(
        "report flag as text",
        "POST",
        REG,
        BAD_VALUE,
        "true or false",
        json={**REGISTER_BODY, "generateConnectorActivityReports": "yes"},
    ),
    # connections
    bad(
        "connection without connectorType",
        "POST",
        NEW_CONNECTOR,
        BAD_VALUE,
        "connector provider",
        json={"qualifiedName": "new", "connection": {"class": "Connection"}},
    ),
    bad(
        "connection without provider",
        "POST",
        NEW_CONNECTOR,
        BAD_VALUE,
        "connectorProviderClassName",
        json={"qualifiedName": "new", "connection": {"connectorType": {"class": "ConnectorType"}}},
    ),
    bad(
        "update to a blank provider",
        "POST",
        C + "/update",
        BAD_VALUE,
        "connector provider",
        json={"connection": {"connectorType": {"connectorProviderClassName": " "}}},
    ),
    bad(
        "connection as text",
        "POST",
        NEW_CONNECTOR,
        BAD_SHAPE,
        "documented shape",
        json={"qualifiedName": "new", "connection": "x.P"},
    ),
    # bodies
    bad(
        "malformed JSON",
        "POST",
        REG,
        NOT_JSON,
        "trailing comma",
        data='{"connectorName": "Folder",}',
        headers={"Content-Type": "application/json"},
    ),
    bad(
        "malformed JSON group",
        "POST",
        NEW_GROUP,
        NOT_JSON,
        "line 1 column 2",
        data="{qualifiedName: x}",
        headers={"Content-Type": "application/json"},
    ),
    bad("list body", "POST", NEW_GROUP, BAD_SHAPE, "not a JSON object", json=[{"qualifiedName": "new"}]),
    bad("text body", "POST", NEW_CONNECTOR, BAD_SHAPE, "not a JSON object", json="new"),
    bad("number body", "POST", REG, BAD_SHAPE, "not a JSON object", json=5),
    bad(
        "null body",
        "POST",
        C + "/update",
        BAD_SHAPE,
        "not a JSON object",
        data="null",
        headers={"Content-Type": "application/json"},
    ),
    bad("no body", "POST", NEW_GROUP, NO_BODY, "Content-Type: application/json"),
    bad(
        "a field of the wrong type",
        "POST",
        NEW_GROUP,
        BAD_SHAPE,
        "displayName",
        json={"qualifiedName": "new", "displayName": 5},
    ),
    # wrong class / typeName
    bad(
        "connector class on a group",
        "POST",
        NEW_GROUP,
        WRONG_CLASS,
        'Set "class": "IntegrationGroupProperties"',
        json={"class": "IntegrationConnector", "qualifiedName": "new"},
    ),
    bad(
        "group class on a connector",
        "POST",
        NEW_CONNECTOR,
        WRONG_CLASS,
        'Set "class": "IntegrationConnector"',
        json={"class": "IntegrationGroupProperties", "qualifiedName": "new"},
    ),
    bad(
        "wrong class on an update",
        "POST",
        G + "/update",
        WRONG_CLASS,
        "IntegrationGroupConfig",
        json={"class": "IntegrationGroupConfig", "displayName": "x"},
    ),
    bad(
        "wrong class on a registration",
        "POST",
        REG,
        WRONG_CLASS,
        "RegisteredIntegrationConnectorProperties",
        json={**REGISTER_BODY, "class": "IntegrationConnector"},
    ),
    bad(
        "connector typeName on a group",
        "POST",
        NEW_GROUP,
        BAD_VALUE,
        "send typeName 'IntegrationGroup'",
        json={"typeName": "IntegrationConnector", "qualifiedName": "new"},
    ),
    bad(
        "group typeName on a connector",
        "POST",
        NEW_CONNECTOR,
        BAD_VALUE,
        "IntegrationConnector elements",
        json={"typeName": "IntegrationGroup", "qualifiedName": "new"},
    ),
    bad(
        "wrong typeName on a registration",
        "POST",
        REG,
        BAD_VALUE,
        "RegisteredIntegrationConnector",
        json={**REGISTER_BODY, "typeName": "CatalogTarget"},
    ),
    # qualified names
    bad("group without a name", "POST", NEW_GROUP, BAD_VALUE, "qualified name is required", json={"displayName": "x"}),
    bad("connector with a blank name", "POST", NEW_CONNECTOR, BAD_VALUE, "qualified name", json={"qualifiedName": " "}),
    bad(
        "replace without a name",
        "POST",
        G + "/update?isMergeUpdate=false",
        BAD_VALUE,
        "qualified name is required",
        json={"displayName": "x"},
    ),
    bad("rename to blank", "POST", C + "/update", BAD_VALUE, "non-empty", json={"qualifiedName": ""}),
    # paging
    bad("negative paging", "GET", G + "/integration-connectors?startingFrom=-1", BAD_VALUE, "cannot be negative"),
    bad("paging as text", "GET", "/integration-groups?maximumResults=all", BAD_VALUE, "whole numbers"),
]


@pytest.mark.parametrize(("method", "suffix", "kw", "message_id", "says"), CASES)
def test_refused_with_a_clear_error_and_nothing_stored(
    platform: enb.EmbeddedPlatform,
    raw: Raw,
    defined: Defined,
    method: str,
    suffix: str,
    kw: dict,
    message_id: str,
    says: str,
) -> None:
    enb.create_integration_group(platform, MD, "Egeria:IntegrationGroup:Taken")
    before = _snapshot(platform, raw)
    path = gov(platform.user_id) + suffix.format(
        group=defined.group, connector=defined.connector, element=defined.element
    )
    r = raw(method, path, **kw)
    assert r.status_code == (400 if message_id in PARSE_ERRORS else 200)
    body = r.json()
    assert body["exceptionErrorMessageId"] == message_id, body
    assert body["relatedHTTPCode"] == int(message_id.split("-")[-2])
    assert body["exceptionErrorMessage"].startswith(message_id)
    assert body["exceptionUserAction"] and body["exceptionSystemAction"]
    assert says in body["exceptionErrorMessage"] + " " + body["exceptionUserAction"]
    assert body["actionDescription"]  # names the operation, e.g. registerConnectorWithIntegrationGroup
    assert _snapshot(platform, raw) == before


def test_python_functions_raise_the_same_errors(platform: enb.EmbeddedPlatform, raw: Raw, defined: Defined) -> None:
    before = _snapshot(platform, raw)
    attempts = [
        (lambda: enb.create_integration_group(platform, MD, GROUP), "OMAG-COMMON-409-001"),
        (lambda: enb.create_integration_connector(platform, MD, FOLDER, PROVIDER), "OMAG-COMMON-409-001"),
        (
            lambda: enb.register_integration_connector(
                platform,
                MD,
                GROUP,
                FOLDER,
                "Folder",
                permitted_synchronization="SIDEWAYS",  # type: ignore[arg-type]
            ),
            "EGERIA-NB-400-005",
        ),
        (lambda: enb.register_integration_connector(platform, MD, GROUP, FOLDER, "Folder", -5), "EGERIA-NB-400-005"),
        (
            lambda: enb.register_integration_connector(
                platform, MD, GROUP, FOLDER, "Folder", start_date="2026-06-01", stop_date="2026-05-01"
            ),
            "EGERIA-NB-400-005",
        ),
        (lambda: enb.update_registration(platform, MD, GROUP, FOLDER, start_date="soon"), "EGERIA-NB-400-005"),
        (lambda: enb.update_registration(platform, MD, GROUP, FOLDER, refresh_time_interval=-1), "EGERIA-NB-400-005"),
        (
            lambda: enb.update_integration_connector(platform, MD, FOLDER, connector_provider=""),
            "EGERIA-NB-ADMIN-400-001",
        ),
        (lambda: enb.register_integration_connector(platform, MD, GROUP, FOLDER, ""), "EGERIA-NB-ADMIN-400-001"),
        (
            lambda: enb.register_integration_connector(platform, MD, GROUP, FOLDER, "Folder", start_date=5),  # type: ignore[arg-type]
            "EGERIA-NB-ADMIN-400-004",
        ),
    ]
    for attempt, message_id in attempts:
        with pytest.raises(enb.InvalidParameterError) as caught:
            attempt()
        assert caught.value.message_id == message_id, caught.value
        assert caught.value.user_action
    assert _snapshot(platform, raw) == before


def test_catalog_refuses_bad_bodies(raw: Raw, defined: Defined) -> None:
    base = CATALOG.format(md=MD) + "/catalog"
    before = last_sequence(raw)
    cases = [
        ("POST", "/elements", {"json": {"properties": {"qualifiedName": "x"}}}, "EGERIA-NB-400-005"),
        ("POST", "/elements", {"json": {"typeName": "DataFile", "properties": ["x"]}}, "EGERIA-NB-400-011"),
        ("POST", "/elements", {"json": ["DataFile"]}, "EGERIA-NB-400-011"),
        (
            "POST",
            "/relationships",
            {"json": {"typeName": "NestedFile", "end1GUID": defined.element}},
            "EGERIA-NB-400-005",
        ),
        (
            "POST",
            "/relationships",
            {"json": {"typeName": "NestedFile", "end1GUID": defined.element, "end2GUID": MISSING}},
            "OMAG-REPOSITORY-HANDLER-404-007",
        ),
        ("POST", "/elements/" + MISSING + "/update", {"json": {"properties": {}}}, "OMAG-REPOSITORY-HANDLER-404-007"),
        ("POST", "/sync", {"json": {"scope": {"typeNames": [], "qualifiedNamePrefix": "/"}}}, "EGERIA-NB-400-011"),
        ("POST", "/sync", {"json": {"scope": {"typeNames": ["DataFile"]}}}, "EGERIA-NB-400-005"),
        ("POST", "/sync", {"json": {"elements": []}}, "EGERIA-NB-400-011"),
    ]
    for method, suffix, kw, message_id in cases:
        body = raw(method, base + suffix, **kw).json()
        assert body["exceptionErrorMessageId"] == message_id, (suffix, body)
        assert body["exceptionUserAction"]
    assert last_sequence(raw) == before
