"""Bad definitions: each is refused with an error that says what to do, and nothing is stored.

Definitions are written only with the Python definition functions (through Egeria's generic open metadata
store API); the governance-configuration write operations egeria_nb used to serve are gone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

import egeria_nb as enb
from egeria_nb.metadata.catalog import MetadataCatalog
from egeria_nb.metadata.open_metadata import OpenMetadataStore
from tests.conftest import Raw
from tests.metadata.conftest import CATALOG, GOV_6, GOV_50, GOV_54, MD, gov, last_sequence

GROUP = "Egeria:IntegrationGroup:Files"
TAKEN = "Egeria:IntegrationGroup:Taken"
FOLDER = "egeria_nb:IntegrationConnector:Folder"
OTHER = "egeria_nb:IntegrationConnector:Other"
NEW = "egeria_nb:IntegrationConnector:New"
NEW_GROUP = "Egeria:IntegrationGroup:New"
DATA_FILE = "/data/a.csv"
PROVIDER = "egeria_nb.connectors.files.FolderCataloguer"
START = datetime(2026, 6, 1, tzinfo=UTC)
MISSING = "3e1f0c2a-0000-4000-8000-000000000000"


@dataclass
class Defined:
    group: str
    connector: str
    other: str  # a connector no group registers
    registration: str
    element: str  # a DataFile


@pytest.fixture
def defined(platform: enb.EmbeddedPlatform) -> Defined:
    group = enb.create_group_definition(platform, MD, GROUP, display_name="Files")
    enb.create_group_definition(platform, MD, TAKEN)
    connector = enb.create_connector_definition(
        platform, MD, FOLDER, PROVIDER, configuration_properties={"depth": 1}, endpoint_address="/data"
    )
    other = enb.create_connector_definition(platform, MD, OTHER, PROVIDER)
    registration = enb.register_integration_connector(
        platform, MD, GROUP, FOLDER, "Folder", refresh_time_interval=5, start_date=START
    )
    store = OpenMetadataStore(platform, MD)
    element = platform.run(store.create("DataFile", {"qualifiedName": DATA_FILE, "pathName": DATA_FILE}))
    return Defined(group, connector, other, registration, element)


def _snapshot(platform: enb.EmbeddedPlatform, raw: Raw) -> tuple[Any, ...]:
    """What a refused request must leave as it was."""
    groups = enb.list_group_definitions(platform, MD)
    registrations = [enb.get_registered_connectors(platform, MD, g).to_dict("records") for g in (GROUP, TAKEN)]
    connectors = [enb.get_connector_definition(platform, MD, c).to_wire() for c in (FOLDER, OTHER)]
    return groups.to_dict("records"), registrations, connectors, last_sequence(raw)


# -- bad calls of the Python definition functions ----------------------------------------------------------------

DUPLICATE = "OMAG-COMMON-409-001"
BAD_TYPE = "EGERIA-NB-METADATA-400-001"
BAD_REFRESH = "EGERIA-NB-METADATA-400-002"
STOP_NOT_AFTER_START = "EGERIA-NB-METADATA-400-003"
# Refused by the argument checks before any call, naming the Python argument.
ARGUMENT = "EGERIA-NB-ARGS-400-001"
NOT_A_DATE = "EGERIA-NB-ADMIN-400-004"
UNKNOWN_NAME = "EGERIA-NB-404-004"
NOT_REGISTERED = "EGERIA-NB-404-005"
ALL_SYNCS = "BOTH_DIRECTIONS, TO_THIRD_PARTY, FROM_THIRD_PARTY, OTHER"

Call = Callable[[enb.EmbeddedPlatform], Any]


def bad(name: str, call: Call, message_id: str, says: str, http_code: int | None = None) -> Any:
    """One refused call: the message id, text its message or user action must contain, and (for errors the
    metadata server answers) the HTTP code it reports."""
    return pytest.param(call, message_id, says, http_code, id=name)


def register(**kw: Any) -> Call:
    """Registering the Folder connector in its group again, with these arguments changed."""
    args: dict[str, Any] = {"connector_name": "Folder", **kw}
    group = args.pop("group", GROUP)
    connector = args.pop("connector", FOLDER)
    return lambda p: enb.register_integration_connector(p, MD, group, connector, **args)


def update_registration(group: str = GROUP, connector: str = FOLDER, **kw: Any) -> Call:
    return lambda p: enb.update_registration(p, MD, group, connector, **kw)


CASES = [
    # qualified names are unique across every Referenceable element (Egeria's 409)
    bad("duplicate group", lambda p: enb.create_group_definition(p, MD, GROUP), DUPLICATE, "update the existing", 409),
    bad(
        "duplicate connector",
        lambda p: enb.create_connector_definition(
            p, MD, FOLDER, PROVIDER, configuration_properties={"depth": 2}, endpoint_address="/elsewhere"
        ),
        DUPLICATE,
        "already used by the IntegrationConnector",
        409,
    ),
    bad(
        "group named like a connector",
        lambda p: enb.create_group_definition(p, MD, FOLDER),
        DUPLICATE,
        "already used by the IntegrationConnector",
        409,
    ),
    bad(
        "group named like a connection",
        lambda p: enb.create_group_definition(p, MD, FOLDER + "_implementation"),
        DUPLICATE,
        "already used by the Connection",
        409,
    ),
    bad(
        "connector named like a DataFile",
        lambda p: enb.create_connector_definition(p, MD, DATA_FILE, PROVIDER),
        DUPLICATE,
        "already used by the DataFile",
        409,
    ),
    bad(
        "rename onto another group",
        lambda p: enb.update_group_definition(p, MD, GROUP, new_qualified_name=TAKEN),
        DUPLICATE,
        TAKEN,
        409,
    ),
    # values that do not fit Egeria's type for them: the error names the property and what would fit
    bad(
        "permitted synchronization",
        register(permitted_synchronization="SIDEWAYS"),
        ARGUMENT,
        "permitted_synchronization",
    ),
    bad(
        "permitted synchronization on an update",
        update_registration(permitted_synchronization="SIDEWAYS"),
        ARGUMENT,
        "permitted_synchronization",
    ),
    bad("start date as words", register(start_date="soon"), NOT_A_DATE, "start_date"),
    bad("start date as words on an update", update_registration(start_date="soon"), NOT_A_DATE, "start_date"),
    bad("report flag as text", register(generate_activity_reports="yes"), ARGUMENT, "generate_activity_reports"),
    bad("connector user id as a number", register(connector_user_id=5), ARGUMENT, "connector_user_id"),
    bad(
        "metadata source as a list",
        update_registration(metadata_source_qualified_name=["Source:Files"]),
        ARGUMENT,
        "metadata_source_qualified_name",
    ),
    bad(
        "group display name as a number",
        lambda p: enb.create_group_definition(p, MD, NEW_GROUP, display_name=5),
        ARGUMENT,
        "display_name",
    ),
    bad(
        "group additional properties that are not text",
        lambda p: enb.create_group_definition(p, MD, NEW_GROUP, additional_properties={"a": 1}),
        BAD_TYPE,
        "additionalProperties",
    ),
    bad(
        "group description as a number on an update",
        lambda p: enb.update_group_definition(p, MD, GROUP, description=5),
        ARGUMENT,
        "description",
    ),
    bad(
        "connector display name as a number",
        lambda p: enb.create_connector_definition(p, MD, NEW, PROVIDER, display_name=5),
        ARGUMENT,
        "display_name",
    ),
    bad(
        "configuration properties as a list",
        lambda p: enb.create_connector_definition(p, MD, NEW, PROVIDER, configuration_properties=["depth"]),
        ARGUMENT,
        "configuration_properties",
    ),
    bad(
        "configuration properties as text",
        lambda p: enb.create_connector_definition(p, MD, NEW, PROVIDER, configuration_properties="depth=1"),
        ARGUMENT,
        "configuration_properties",
    ),
    bad(
        "configuration properties as a list on an update",
        lambda p: enb.update_connector_definition(p, MD, FOLDER, configuration_properties=["depth"]),
        ARGUMENT,
        "configuration_properties",
    ),
    # usesBlockingCalls is a boolean: "no" must not become True.
    bad(
        "blocking calls as text",
        lambda p: enb.create_connector_definition(p, MD, NEW, PROVIDER, uses_blocking_calls="no"),
        ARGUMENT,
        "uses_blocking_calls",
    ),
    bad(
        "blocking calls as text on an update",
        lambda p: enb.update_connector_definition(p, MD, FOLDER, uses_blocking_calls="no"),
        ARGUMENT,
        "uses_blocking_calls",
    ),
    # refresh intervals are whole minutes, 0 or more
    bad("negative refresh", register(refresh_time_interval=-5), BAD_REFRESH, "0 or more"),
    bad("negative refresh on an update", update_registration(refresh_time_interval=-1), BAD_REFRESH, "0 or more"),
    bad("fractional refresh", register(refresh_time_interval=1.5), ARGUMENT, "refresh_time_interval"),
    bad("refresh as text", register(refresh_time_interval="5"), ARGUMENT, "refresh_time_interval"),
    bad("refresh as a boolean", register(refresh_time_interval=True), ARGUMENT, "refresh_time_interval"),
    # the stop date must be after the start date
    bad(
        "stop before start",
        register(start_date="2026-06-01", stop_date="2026-05-01"),
        STOP_NOT_AFTER_START,
        "stop_date after the start_date",
    ),
    bad(
        "stop at start, in another offset",
        register(start_date="2026-02-01T01:00:00+01:00", stop_date="2026-02-01T00:00:00Z"),
        STOP_NOT_AFTER_START,
        "stop_date after the start_date",
    ),
    bad(
        "stop before start on an update",
        update_registration(start_date=datetime(2026, 3, 1, tzinfo=UTC), stop_date=datetime(2026, 2, 1, tzinfo=UTC)),
        STOP_NOT_AFTER_START,
        "stop_date after the start_date",
    ),
    # The registration starts on 1 June 2026: a stop date alone must still come after it.
    bad(
        "stop before the stored start on an update",
        update_registration(stop_date="2026-05-01T00:00:00Z"),
        STOP_NOT_AFTER_START,
        "stop_date after the start_date",
    ),
    # dates are datetimes or ISO-8601 text
    bad("start date as a number", register(start_date=5), ARGUMENT, "start_date"),
    bad("stop date as a boolean on an update", update_registration(stop_date=False), ARGUMENT, "stop_date"),
    # names are non-empty text
    bad("blank group name", lambda p: enb.create_group_definition(p, MD, " "), ARGUMENT, "qualified_name"),
    bad(
        "empty connector name",
        lambda p: enb.create_connector_definition(p, MD, "", PROVIDER),
        ARGUMENT,
        "qualified_name",
    ),
    bad("blank provider", lambda p: enb.create_connector_definition(p, MD, NEW, " "), ARGUMENT, "connector_provider"),
    bad(
        "blank provider on an update",
        lambda p: enb.update_connector_definition(p, MD, FOLDER, connector_provider=""),
        ARGUMENT,
        "connector_provider",
    ),
    bad("blank registration name", register(connector_name=""), ARGUMENT, "connector_name"),
    bad("blank group to register in", register(group=" "), ARGUMENT, "group_qualified_name"),
    bad("blank metadata server", lambda p: enb.create_group_definition(p, "", NEW_GROUP), ARGUMENT, "metadata_server"),
    bad("blank name to read", lambda p: enb.get_group_definition(p, MD, ""), ARGUMENT, "qualified_name"),
    bad("blank name to delete", lambda p: enb.delete_connector_definition(p, MD, " "), ARGUMENT, "qualified_name"),
    bad(
        "rename to blank",
        lambda p: enb.update_group_definition(p, MD, GROUP, new_qualified_name=" "),
        ARGUMENT,
        "new_qualified_name",
    ),
    # unknown names: no element of that type with that name
    bad("register in an unknown group", register(group=NEW_GROUP), UNKNOWN_NAME, "no integration group named", 404),
    bad(
        "register an unknown connector", register(connector=NEW), UNKNOWN_NAME, "create the integration connector", 404
    ),
    bad(
        "register a DataFile's name as a connector",
        register(connector=DATA_FILE),
        UNKNOWN_NAME,
        f"no integration connector named {DATA_FILE!r}",
        404,
    ),
    bad(
        "register a connection's name as a connector",
        register(connector=FOLDER + "_implementation"),
        UNKNOWN_NAME,
        "no integration connector named",
        404,
    ),
    bad("register into a connector", register(group=OTHER), UNKNOWN_NAME, "no integration group named", 404),
    bad(
        "update an unknown group",
        lambda p: enb.update_group_definition(p, MD, NEW_GROUP, description="x"),
        UNKNOWN_NAME,
        NEW_GROUP,
        404,
    ),
    bad(
        "delete an unknown group",
        lambda p: enb.delete_group_definition(p, MD, NEW_GROUP),
        UNKNOWN_NAME,
        "Check the qualified name",
        404,
    ),
    bad(
        "update an unknown connector",
        lambda p: enb.update_connector_definition(p, MD, NEW, endpoint_address="/x"),
        UNKNOWN_NAME,
        NEW,
        404,
    ),
    bad("delete an unknown connector", lambda p: enb.delete_connector_definition(p, MD, NEW), UNKNOWN_NAME, NEW, 404),
    bad(
        "delete a DataFile as a connector",
        lambda p: enb.delete_connector_definition(p, MD, DATA_FILE),
        UNKNOWN_NAME,
        DATA_FILE,
        404,
    ),
    bad("read an unknown group", lambda p: enb.get_group_definition(p, MD, NEW_GROUP), UNKNOWN_NAME, NEW_GROUP, 404),
    bad("read an unknown connector", lambda p: enb.get_connector_definition(p, MD, NEW), UNKNOWN_NAME, NEW, 404),
    bad(
        "list an unknown group's connectors",
        lambda p: enb.get_registered_connectors(p, MD, NEW_GROUP),
        UNKNOWN_NAME,
        NEW_GROUP,
        404,
    ),
    bad(
        "unregister from an unknown group",
        lambda p: enb.unregister_integration_connector(p, MD, NEW_GROUP, FOLDER),
        UNKNOWN_NAME,
        NEW_GROUP,
        404,
    ),
    bad(
        "unregister an unknown connector",
        lambda p: enb.unregister_integration_connector(p, MD, GROUP, NEW),
        UNKNOWN_NAME,
        NEW,
        404,
    ),
    bad("update the registration of an unknown connector", update_registration(connector=NEW), UNKNOWN_NAME, NEW, 404),
    # a registration that does not exist
    bad(
        "update a registration in another group",
        update_registration(group=TAKEN, refresh_time_interval=1),
        NOT_REGISTERED,
        "Register it first",
        404,
    ),
    bad(
        "update the registration of an unregistered connector",
        update_registration(connector=OTHER, connector_name="Other"),
        NOT_REGISTERED,
        "register_integration_connector",
        404,
    ),
    # an unknown metadata server
    bad(
        "unknown metadata server",
        lambda p: enb.create_group_definition(p, "no-such-store", NEW_GROUP),
        "OMAG-MULTI-TENANT-404-001",
        "start it with start_server",
        404,
    ),
]


@pytest.mark.parametrize(("call", "message_id", "says", "http_code"), CASES)
def test_refused_with_a_clear_error_and_nothing_stored(
    platform: enb.EmbeddedPlatform,
    raw: Raw,
    defined: Defined,
    call: Call,
    message_id: str,
    says: str,
    http_code: int | None,
) -> None:
    before = _snapshot(platform, raw)
    with pytest.raises(enb.InvalidParameterError) as caught:
        call(platform)
    error = caught.value
    assert error.message_id == message_id, error
    assert str(error).startswith(message_id)
    assert error.user_action, error  # says what to do
    assert says in error.message + " " + error.user_action, error
    if http_code is not None:
        assert error.http_code == http_code
    assert _snapshot(platform, raw) == before


def test_a_date_that_is_not_a_date_is_one_error_however_it_is_passed(
    platform: enb.EmbeddedPlatform, raw: Raw, defined: Defined
) -> None:
    # The same bad start date is the same error, naming the start date, whether or not a stop date comes with it.
    before = _snapshot(platform, raw)
    errors = []
    for call in (
        register(start_date="soon"),
        register(start_date="soon", stop_date="2026-12-31T00:00:00Z"),
        update_registration(start_date="soon"),
        update_registration(start_date="soon", stop_date=datetime(2026, 12, 31, tzinfo=UTC)),
    ):
        with pytest.raises(enb.InvalidParameterError) as caught:
            call(platform)
        errors.append(caught.value)
    assert len({e.message_id for e in errors}) == 1, [e.message_id for e in errors]
    for error in errors:
        assert "'soon'" in error.message
        assert "startDate" in error.message or "start_date" in error.message, error
        assert error.user_action
    assert _snapshot(platform, raw) == before


# -- a failing create leaves nothing half-made ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("taken_by", "taken_name", "endpoint_address"),
    [
        ("Referenceable", NEW + "_implementation", None),
        ("DataFile", NEW + "_implementation", "/data"),
        ("DataFile", NEW + "_endpoint", "/data"),
    ],
    ids=["connection name taken", "connection name taken by a DataFile", "endpoint name taken"],
)
def test_a_failing_create_leaves_nothing_half_made(
    platform: enb.EmbeddedPlatform,
    raw: Raw,
    defined: Defined,
    taken_by: str,
    taken_name: str,
    endpoint_address: str | None,
) -> None:
    store = OpenMetadataStore(platform, MD)
    values = {"qualifiedName": taken_name}
    if taken_by == "DataFile":
        values["pathName"] = "/data/taken"
    clash = platform.run(store.create(taken_by, values))
    provider = "egeria_nb.connectors.files.NewProvider"
    groups, registrations, connectors, mark = _snapshot(platform, raw)

    with pytest.raises(enb.InvalidParameterError) as caught:
        enb.create_connector_definition(
            platform, MD, NEW, provider, configuration_properties={"depth": 1}, endpoint_address=endpoint_address
        )
    assert caught.value.message_id == DUPLICATE
    assert caught.value.http_code == 409
    assert repr(taken_name) in caught.value.message and taken_by in caught.value.message
    assert caught.value.user_action

    # No connector of that name, nor a connection or endpoint of its names, other than the clash.
    with pytest.raises(enb.InvalidParameterError) as missing:
        enb.get_connector_definition(platform, MD, NEW)
    assert missing.value.message_id == UNKNOWN_NAME
    assert platform.run(store.by_name("IntegrationConnector", NEW)) is None
    for type_name, name in (("Connection", NEW + "_implementation"), ("Endpoint", NEW + "_endpoint")):
        found = platform.run(store.by_name(type_name, name))
        assert found is None or found.element_guid == clash, (type_name, name)
    # The element in the way is as it was, and linked to nothing.
    element = platform.run(store.get(clash))
    assert element.type_name == taken_by
    assert element.versions is not None and element.versions.version == 1
    assert platform.run(store.related(clash)) == []
    # The rest of the definitions are untouched.
    assert _snapshot(platform, raw)[:3] == (groups, registrations, connectors)
    # Everything the failed call made was deleted again, except the provider's ConnectorType, which is shared
    # (connectors of that provider made later use it).
    changes = MetadataCatalog(platform, MD).blocking.changes(mark).changes
    assert NEW in {c.qualified_name for c in changes}  # the connector was made, then deleted
    made = {c.guid: c.type_name for c in changes if c.action == "CREATED"}
    gone = {c.guid for c in changes if c.action == "DELETED"}
    assert {g: t for g, t in made.items() if g not in gone and t != "ConnectorType"} == {}

    # Once the name is free, the same call succeeds, with the one ConnectorType of the provider.
    platform.run(store.delete(clash))
    guid = enb.create_connector_definition(
        platform, MD, NEW, provider, configuration_properties={"depth": 1}, endpoint_address=endpoint_address
    )
    connector = enb.get_connector_definition(platform, MD, NEW)
    assert connector.guid == guid
    connection = connector.properties.connection if connector.properties else None
    assert connection is not None and connection.provider == provider
    assert connection.qualified_name == NEW + "_implementation"
    assert connection.endpoint_address == endpoint_address
    assert len(platform.run(store.find("ConnectorType", where={"connectorProviderClassName": provider}))) == 1


# -- the removed governance-configuration write operations ---------------------------------------------------

# What egeria_nb's own write operations used to accept; now "no such service" (or "method not allowed" where
# the path is one of Egeria's reads), and nothing is written.
WRITES = [
    ("POST", "/integration-groups/new", {"class": "IntegrationGroupProperties", "qualifiedName": NEW_GROUP}, 404),
    (
        "POST",
        "/integration-connectors/new",
        {
            "class": "IntegrationConnector",
            "qualifiedName": NEW,
            "connection": {"class": "Connection", "connectorType": {"connectorProviderClassName": PROVIDER}},
        },
        404,
    ),
    (
        "POST",
        "/integration-groups/{group}/integration-connectors/{other}",
        {"class": "RegisteredIntegrationConnectorProperties", "connectorName": "Other", "refreshTimeInterval": 1},
        405,
    ),
    ("POST", "/integration-groups/{group}/integration-connectors/{connector}/delete", {}, 404),
    ("POST", "/integration-groups/{group}/update?isMergeUpdate=true", {"description": "changed"}, 404),
    ("POST", "/integration-groups/{group}/update?isMergeUpdate=false", {"qualifiedName": NEW_GROUP}, 404),
    ("POST", "/integration-groups/{group}/delete", {"qualifiedName": GROUP}, 404),
    ("POST", "/integration-connectors/{connector}/update", {"usesBlockingCalls": True}, 404),
    ("POST", "/integration-connectors/{connector}/delete", {"qualifiedName": FOLDER}, 404),
    ("POST", "/integration-connectors/{connector}/catalog-targets/{element}", {"catalogTargetName": "files"}, 404),
    ("POST", "/catalog-targets/{registration}/update", {"catalogTargetName": "files"}, 404),
    ("POST", "/catalog-targets/{registration}/delete", {}, 404),
]


def _write_path(suffix: str, defined: Defined) -> str:
    return suffix.format(
        group=defined.group,
        connector=defined.connector,
        other=defined.other,
        element=defined.element,
        registration=defined.registration,
    )


def _check_no_service(body: dict, status: int) -> None:
    assert body["relatedHTTPCode"] == status
    message_id = "EGERIA-NB-404-001" if status == 404 else "EGERIA-NB-405-001"
    assert body["exceptionErrorMessageId"] == message_id, body
    assert body["exceptionErrorMessage"].startswith(message_id)
    assert body["exceptionUserAction"]
    assert "guid" not in body


def _write_id(write: tuple) -> str:
    method, suffix, _, _ = write
    return method + " " + suffix.format(group="G", connector="C", other="C", element="E", registration="R")


@pytest.mark.parametrize(("method", "suffix", "json", "status"), [pytest.param(*w, id=_write_id(w)) for w in WRITES])
def test_removed_write_operations_store_nothing(
    platform: enb.EmbeddedPlatform,
    raw: Raw,
    defined: Defined,
    method: str,
    suffix: str,
    json: dict,
    status: int,
) -> None:
    before = _snapshot(platform, raw)
    r = raw(method, gov(platform.user_id) + _write_path(suffix, defined), json=json)
    assert r.status_code == status
    _check_no_service(r.json(), status)
    if status == 405:
        assert "allowed: GET" in r.json()["exceptionErrorMessage"]
    else:
        assert "Check the path" in r.json()["exceptionUserAction"]
    assert _snapshot(platform, raw) == before


def test_removed_write_operations_store_nothing_on_the_legacy_prefixes(tmp_path) -> None:
    with enb.start_embedded(tmp_path / "legacy", legacy_api=True) as platform:
        enb.create_group_definition(platform, MD, GROUP, display_name="Files")
        enb.create_group_definition(platform, MD, TAKEN)
        connector = enb.create_connector_definition(
            platform, MD, FOLDER, PROVIDER, configuration_properties={"depth": 1}, endpoint_address="/data"
        )
        other = enb.create_connector_definition(platform, MD, OTHER, PROVIDER)
        registration = enb.register_integration_connector(
            platform, MD, GROUP, FOLDER, "Folder", refresh_time_interval=5
        )
        group = enb.get_group_definition(platform, MD, GROUP).guid or ""
        defined = Defined(group, connector, other, registration, MISSING)
        raw = Raw(platform)
        try:
            before = _snapshot(platform, raw)
            for prefix in (GOV_6, GOV_54, GOV_50):
                for method, suffix, json, status in WRITES:
                    r = raw(method, gov(platform.user_id, prefix=prefix) + _write_path(suffix, defined), json=json)
                    assert r.status_code == status, (prefix, suffix, r.text)
                    _check_no_service(r.json(), status)
            assert _snapshot(platform, raw) == before
        finally:
            raw.close()


# -- the catalog extension --------------------------------------------------------------------------------------


def test_catalog_sync_refuses_bad_bodies(raw: Raw, defined: Defined) -> None:
    base = CATALOG.format(md=MD) + "/catalog"
    before = last_sequence(raw)
    scope = {"typeNames": ["DataFile"], "qualifiedNamePrefix": "/data/"}
    cases = [
        ({"scope": {"typeNames": [], "qualifiedNamePrefix": "/"}}, "EGERIA-NB-400-011"),
        ({"scope": {"typeNames": ["DataFile"]}}, "EGERIA-NB-400-011"),
        ({"scope": {"typeNames": ["DataFile"], "qualifiedNamePrefix": " "}}, "EGERIA-NB-400-005"),
        ({"elements": []}, "EGERIA-NB-400-011"),
        ({"scope": scope, "elements": ["DataFile"]}, "EGERIA-NB-400-011"),
        ({"scope": scope, "elements": [{"typeName": "DataFile", "properties": ["x"]}]}, "EGERIA-NB-400-011"),
        (
            {
                "scope": scope,
                "elements": [{"typeName": "DataFile", "properties": {"qualifiedName": "/data/a"}}],
                "relationships": [
                    {"typeName": "NestedFile", "end1QualifiedName": "/data/x", "end2QualifiedName": "/data/a"}
                ],
            },
            "EGERIA-NB-400-005",
        ),
        (
            {
                "scope": scope,
                "elements": [
                    {"typeName": "DataFile", "properties": {"qualifiedName": "/data/a"}, "anchorQualifiedName": "/x"}
                ],
            },
            "EGERIA-NB-400-005",
        ),
        (["DataFile"], "EGERIA-NB-400-011"),
    ]
    for body, message_id in cases:
        answer = raw("POST", base + "/sync", json=body).json()
        assert answer["exceptionErrorMessageId"] == message_id, (body, answer)
        assert answer["exceptionUserAction"]
    # The element and relationship calls of earlier versions are gone: the generic API does that now.
    for suffix in ("/elements", "/relationships", f"/elements/{defined.element}/update"):
        answer = raw("POST", base + suffix, json={"typeName": "DataFile", "properties": {}}).json()
        assert answer["exceptionErrorMessageId"] == "EGERIA-NB-404-001", (suffix, answer)
    assert last_sequence(raw) == before
