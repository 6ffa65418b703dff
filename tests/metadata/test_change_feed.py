"""The change feed (``/changes``): what a daemon follows instead of Egeria's ~33-minute poll (egeria-wire.md §3.3).

A definition is several elements and relationships (the IntegrationGroup; each IntegrationConnector with its
Connection, ConnectorType and Endpoint, linked by AssetConnection, ConnectionConnectorType and ConnectToEndpoint;
RegisteredIntegrationConnector relationships), written one by one through the generic API, so the feed records
each of them.
"""

from __future__ import annotations

import threading
import time

import pytest

import egeria_nb as enb
from egeria_nb.metadata.catalog import MetadataCatalog
from egeria_nb.metadata.open_metadata import OpenMetadataStore, Parent
from egeria_nb.wire.catalog import ChangesResponse, MetadataChange
from tests.conftest import Raw
from tests.metadata.conftest import CATALOG, MD

GROUP = "Egeria:IntegrationGroup:Files"
FOLDER = "egeria_nb:IntegrationConnector:Folder"
PROVIDER = "egeria_nb.connectors.files.FolderCataloguer"
OTHER_PROVIDER = "egeria_nb.connectors.files.Other"
CONNECTOR_TYPE = "egeria_nb::ConnectorType::" + PROVIDER
REGISTRATION = "RegisteredIntegrationConnector"


@pytest.fixture
def feed(platform: enb.EmbeddedPlatform):
    return MetadataCatalog(platform, MD).blocking


def _end(feed) -> int:
    return feed.changes(-1).last_sequence


def _only(changes: list[MetadataChange]) -> MetadataChange:
    assert len(changes) == 1, changes
    return changes[0]


def _guid(platform: enb.Platform, type_name: str, qualified_name: str) -> str:
    found = platform.run(OpenMetadataStore(platform, MD).by_name(type_name, qualified_name))
    assert found is not None and found.element_guid, f"no {type_name} named {qualified_name!r}"
    return found.element_guid


def _summary(changes: list[MetadataChange]) -> list[tuple]:
    """Each change as (kind, action, type, qualified name or (end 1, end 2))."""
    return [
        (c.kind, c.action, c.type_name, c.qualified_name if c.kind == "element" else (c.end1_guid, c.end2_guid))
        for c in changes
    ]


def test_changes_after_a_sequence(platform: enb.EmbeddedPlatform, feed) -> None:
    group = enb.create_group_definition(platform, MD, GROUP)
    connector = enb.create_connector_definition(platform, MD, FOLDER, PROVIDER)
    connection = _guid(platform, "Connection", FOLDER + "_implementation")
    connector_type = _guid(platform, "ConnectorType", CONNECTOR_TYPE)
    everything = feed.changes(0)
    assert [(c.kind, c.action, c.type_name) for c in everything.changes] == [
        ("element", "CREATED", "IntegrationGroup"),
        ("element", "CREATED", "IntegrationConnector"),
        ("element", "CREATED", "Connection"),
        ("relationship", "CREATED", "AssetConnection"),
        ("element", "CREATED", "ConnectorType"),
        ("relationship", "CREATED", "ConnectionConnectorType"),
    ]
    assert [c.guid for c in everything.changes if c.kind == "element"] == [
        group,
        connector,
        connection,
        connector_type,
    ]
    assert [c.qualified_name for c in everything.changes if c.kind == "element"] == [
        GROUP,
        FOLDER,
        FOLDER + "_implementation",
        CONNECTOR_TYPE,
    ]
    assert all(c.qualified_name is None for c in everything.changes if c.kind == "relationship")
    assert everything.last_sequence == everything.changes[-1].sequence
    sequences = [c.sequence for c in everything.changes]
    assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences)

    mark = everything.last_sequence
    other = enb.create_group_definition(platform, MD, "Egeria:IntegrationGroup:Other")
    after = feed.changes(mark)
    change = _only(after.changes)
    assert (change.action, change.guid) == ("CREATED", other)
    assert change.sequence > mark
    assert after.last_sequence == change.sequence

    # A page of one: the next read starts where this one ended.
    page = feed.changes(0, limit=1)
    assert [c.guid for c in page.changes] == [group]
    assert page.last_sequence == page.changes[0].sequence
    assert [c.guid for c in feed.changes(page.last_sequence, limit=1).changes] == [connector]
    assert [c.guid for c in feed.changes(0, limit=2).changes] == [group, connector]


def test_creating_a_connector_logs_each_element_and_link(platform: enb.EmbeddedPlatform, feed) -> None:
    mark = _end(feed)
    connector = enb.create_connector_definition(
        platform, MD, FOLDER, PROVIDER, configuration_properties={"depth": 1}, endpoint_address="/data"
    )
    connection = _guid(platform, "Connection", FOLDER + "_implementation")
    connector_type = _guid(platform, "ConnectorType", CONNECTOR_TYPE)
    endpoint = _guid(platform, "Endpoint", FOLDER + "_endpoint")
    changes = feed.changes(mark).changes
    assert _summary(changes) == [
        ("element", "CREATED", "IntegrationConnector", FOLDER),
        ("element", "CREATED", "Connection", FOLDER + "_implementation"),
        ("relationship", "CREATED", "AssetConnection", (connector, connection)),
        ("element", "CREATED", "ConnectorType", CONNECTOR_TYPE),  # the first time the provider is used
        ("relationship", "CREATED", "ConnectionConnectorType", (connection, connector_type)),
        ("element", "CREATED", "Endpoint", FOLDER + "_endpoint"),  # there is an address
        ("relationship", "CREATED", "ConnectToEndpoint", (connection, endpoint)),
    ]
    assert [c.guid for c in changes if c.kind == "element"] == [connector, connection, connector_type, endpoint]

    # A second connector of the same provider, without an address: the ConnectorType is shared.
    mark = _end(feed)
    second = enb.create_connector_definition(platform, MD, "egeria_nb:IntegrationConnector:Second", PROVIDER)
    second_connection = _guid(platform, "Connection", "egeria_nb:IntegrationConnector:Second_implementation")
    assert _summary(feed.changes(mark).changes) == [
        ("element", "CREATED", "IntegrationConnector", "egeria_nb:IntegrationConnector:Second"),
        ("element", "CREATED", "Connection", "egeria_nb:IntegrationConnector:Second_implementation"),
        ("relationship", "CREATED", "AssetConnection", (second, second_connection)),
        ("relationship", "CREATED", "ConnectionConnectorType", (second_connection, connector_type)),
    ]


def test_a_poll_with_nothing_new(platform: enb.EmbeddedPlatform, raw: Raw, feed) -> None:
    enb.create_group_definition(platform, MD, GROUP)
    end = _end(feed)
    assert end > 0
    answer = feed.changes(end)
    assert answer.changes == []
    assert answer.last_sequence == end
    waited = feed.changes(end, wait_s=0.2)  # waits, then answers the same
    assert (waited.changes, waited.last_sequence) == ([], end)

    body = raw("GET", CATALOG.format(md=MD) + "/changes", params={"after": str(end)}).json()
    assert body["class"] == "ChangesResponse"
    assert body["changes"] == []
    assert body["lastSequence"] == end
    assert ChangesResponse.model_validate(body).last_sequence == end


def test_connector_changes_are_logged_on_the_elements_that_hold_them(platform: enb.EmbeddedPlatform, feed) -> None:
    connector = enb.create_connector_definition(
        platform, MD, FOLDER, PROVIDER, configuration_properties={"depth": 1}, endpoint_address="/data"
    )
    connection = _guid(platform, "Connection", FOLDER + "_implementation")
    connector_type = _guid(platform, "ConnectorType", CONNECTOR_TYPE)
    endpoint = _guid(platform, "Endpoint", FOLDER + "_endpoint")
    links = {c.type_name: c.guid for c in feed.changes(0).changes if c.kind == "relationship" and c.action == "CREATED"}

    def changes_of(**change: object) -> list[MetadataChange]:
        mark = _end(feed)
        enb.update_connector_definition(platform, MD, FOLDER, **change)  # type: ignore[arg-type]
        return feed.changes(mark).changes

    def one_update(guid: str, type_name: str, qualified_name: str, **change: object) -> None:
        update = _only(changes_of(**change))
        assert (update.kind, update.action, update.guid) == ("element", "UPDATED", guid)
        assert (update.type_name, update.qualified_name) == (type_name, qualified_name)

    # The address is the Endpoint's, the configuration the Connection's, blocking calls the connector's.
    one_update(endpoint, "Endpoint", FOLDER + "_endpoint", endpoint_address="/elsewhere")
    one_update(connection, "Connection", FOLDER + "_implementation", configuration_properties={"depth": 2})
    one_update(
        connection,
        "Connection",
        FOLDER + "_implementation",
        configuration_properties={"hash": True},
        merge_configuration=False,
    )
    one_update(connector, "IntegrationConnector", FOLDER, uses_blocking_calls=True)
    one_update(connector, "IntegrationConnector", FOLDER, uses_blocking_calls=False)
    one_update(connector, "IntegrationConnector", FOLDER, display_name="Folder")

    # Another provider: the connection is linked to that provider's ConnectorType (made the first time).
    changes = changes_of(connector_provider=OTHER_PROVIDER)
    other_type = _guid(platform, "ConnectorType", "egeria_nb::ConnectorType::" + OTHER_PROVIDER)
    assert _summary(changes) == [
        ("element", "UPDATED", "IntegrationConnector", FOLDER),  # its resourceName names the provider
        ("relationship", "DELETED", "ConnectionConnectorType", (connection, connector_type)),
        ("element", "CREATED", "ConnectorType", "egeria_nb::ConnectorType::" + OTHER_PROVIDER),
        ("relationship", "CREATED", "ConnectionConnectorType", (connection, other_type)),
    ]
    assert changes[1].guid == links["ConnectionConnectorType"]
    # Back again: the first provider's ConnectorType still exists, so only the links change.
    changes = changes_of(connector_provider=PROVIDER)
    assert _summary(changes) == [
        ("element", "UPDATED", "IntegrationConnector", FOLDER),
        ("relationship", "DELETED", "ConnectionConnectorType", (connection, other_type)),
        ("relationship", "CREATED", "ConnectionConnectorType", (connection, connector_type)),
    ]

    # No address: the Endpoint and its link go. A new address: a new Endpoint and link.
    changes = changes_of(endpoint_address=None)
    assert _summary(changes) == [
        ("relationship", "DELETED", "ConnectToEndpoint", (connection, endpoint)),
        ("element", "DELETED", "Endpoint", FOLDER + "_endpoint"),
    ]
    assert (changes[0].guid, changes[1].guid) == (links["ConnectToEndpoint"], endpoint)
    changes = changes_of(endpoint_address="/back")
    new_endpoint = _guid(platform, "Endpoint", FOLDER + "_endpoint")
    assert new_endpoint != endpoint
    assert _summary(changes) == [
        ("element", "CREATED", "Endpoint", FOLDER + "_endpoint"),
        ("relationship", "CREATED", "ConnectToEndpoint", (connection, new_endpoint)),
    ]

    # Sending what is already there is no change, so a daemon restarts nothing.
    assert changes_of(uses_blocking_calls=False, endpoint_address="/back", connector_provider=PROVIDER) == []
    assert changes_of(configuration_properties={"hash": True}) == []


def test_registration_changes_are_relationship_changes(platform: enb.EmbeddedPlatform, feed) -> None:
    group = enb.create_group_definition(platform, MD, GROUP)
    connector = enb.create_connector_definition(platform, MD, FOLDER, PROVIDER)

    def expect(action: str, connector_id: str, mark: int) -> None:
        change = _only(feed.changes(mark).changes)
        assert (change.kind, change.action, change.type_name) == ("relationship", action, REGISTRATION)
        assert (change.guid, change.end1_guid, change.end2_guid) == (connector_id, group, connector)
        assert change.qualified_name is None

    mark = _end(feed)
    connector_id = enb.register_integration_connector(platform, MD, GROUP, FOLDER, "Folder")
    expect("CREATED", connector_id, mark)

    mark = _end(feed)
    enb.update_registration(platform, MD, GROUP, FOLDER, refresh_time_interval=5)
    expect("UPDATED", connector_id, mark)

    mark = _end(feed)
    enb.register_integration_connector(platform, MD, GROUP, FOLDER, "Renamed")
    expect("UPDATED", connector_id, mark)

    mark = _end(feed)
    enb.register_integration_connector(platform, MD, GROUP, FOLDER, "Renamed")
    assert feed.changes(mark).changes == []  # the same registration again changes nothing

    mark = _end(feed)
    enb.update_registration(platform, MD, GROUP, FOLDER, connector_name="Renamed")
    assert feed.changes(mark).changes == []

    mark = _end(feed)
    enb.unregister_integration_connector(platform, MD, GROUP, FOLDER)
    expect("DELETED", connector_id, mark)

    mark = _end(feed)
    enb.unregister_integration_connector(platform, MD, GROUP, FOLDER)  # not registered: nothing to do
    assert feed.changes(mark).changes == []


def test_a_long_poll_returns_a_write_made_while_it_waits(platform: enb.EmbeddedPlatform, feed) -> None:
    connector = enb.create_connector_definition(platform, MD, FOLDER, PROVIDER)
    mark = _end(feed)
    answers: list[ChangesResponse] = []
    failures: list[BaseException] = []

    def poll() -> None:
        try:
            answers.append(feed.changes(mark, wait_s=30))
        except BaseException as exc:
            failures.append(exc)

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.2)  # let the poll reach the platform and wait there (ordering only; nothing is timed)
    enb.update_connector_definition(platform, MD, FOLDER, uses_blocking_calls=True)
    poller.join()
    assert failures == []
    # A poll that ran out its 30 s would have come back empty: this one was woken by the write.
    change = _only(answers[0].changes)
    assert (change.action, change.guid, change.sequence) == ("UPDATED", connector, mark + 1)
    assert answers[0].last_sequence == mark + 1


def test_a_long_poll_is_not_woken_by_another_servers_writes(platform: enb.EmbeddedPlatform) -> None:
    enb.create_metadata_server(platform, "second-store")
    second = MetadataCatalog(platform, "second-store").blocking
    mark = second.changes(-1).last_sequence
    answers: list[ChangesResponse] = []
    poller = threading.Thread(target=lambda: answers.append(second.changes(mark, wait_s=0.5)))
    poller.start()
    enb.create_group_definition(platform, MD, GROUP)
    poller.join()
    assert answers[0].changes == []
    assert answers[0].last_sequence == mark
    assert _only(MetadataCatalog(platform, MD).blocking.changes(0).changes).qualified_name == GROUP


def test_deleting_a_connector_logs_its_relationships_before_the_elements(platform: enb.EmbeddedPlatform, feed) -> None:
    groups = [enb.create_group_definition(platform, MD, f"Egeria:IntegrationGroup:{n}") for n in "AB"]
    connector = enb.create_connector_definition(
        platform, MD, FOLDER, PROVIDER, configuration_properties={"depth": 1}, endpoint_address="/data"
    )
    ids = [enb.register_integration_connector(platform, MD, f"Egeria:IntegrationGroup:{n}", FOLDER, n) for n in "AB"]
    connection = _guid(platform, "Connection", FOLDER + "_implementation")
    connector_type = _guid(platform, "ConnectorType", CONNECTOR_TYPE)
    endpoint = _guid(platform, "Endpoint", FOLDER + "_endpoint")
    links = {c.guid: c for c in feed.changes(0).changes if c.kind == "relationship"}

    mark = _end(feed)
    enb.delete_connector_definition(platform, MD, FOLDER)
    changes = feed.changes(mark).changes
    assert all(c.action == "DELETED" for c in changes)
    # Every relationship of the definition goes: the connector's and those of the elements anchored to it.
    deleted_links = {c.guid: (c.type_name, c.end1_guid, c.end2_guid) for c in changes if c.kind == "relationship"}
    assert deleted_links == {g: (c.type_name, c.end1_guid, c.end2_guid) for g, c in links.items()}
    assert sorted(t for t, _, _ in deleted_links.values()) == sorted(
        [REGISTRATION, REGISTRATION, "AssetConnection", "ConnectionConnectorType", "ConnectToEndpoint"]
    )
    assert sorted(c.guid for c in changes if c.type_name == REGISTRATION) == sorted(ids)
    assert sorted(c.end1_guid for c in changes if c.type_name == REGISTRATION) == sorted(groups)
    # The connector and what is anchored to it (its Connection and Endpoint) go; the shared ConnectorType stays.
    deleted_elements = [(c.guid, c.type_name, c.qualified_name) for c in changes if c.kind == "element"]
    assert sorted(deleted_elements) == sorted(
        [
            (connector, "IntegrationConnector", FOLDER),
            (connection, "Connection", FOLDER + "_implementation"),
            (endpoint, "Endpoint", FOLDER + "_endpoint"),
        ]
    )
    assert connector_type not in {c.guid for c in changes}
    assert _guid(platform, "ConnectorType", CONNECTOR_TYPE) == connector_type

    # A follower never reads of a relationship to an element it was already told is gone.
    position = {c.guid: i for i, c in enumerate(changes) if c.kind == "element"}
    for i, change in enumerate(changes):
        if change.kind == "relationship":
            assert i < position.get(change.end1_guid, len(changes)), change
            assert i < position.get(change.end2_guid, len(changes)), change
    # The connector's own relationships come first, before any element is deleted.
    own = [c for c in changes if connector in (c.end1_guid, c.end2_guid)]
    assert changes[: len(own)] == own
    assert len(own) == 3  # two registrations and the AssetConnection
    assert [c.sequence for c in changes] == list(range(mark + 1, mark + 1 + len(changes)))


def test_deleting_a_group_logs_its_registrations_then_itself(platform: enb.EmbeddedPlatform, feed) -> None:
    group = enb.create_group_definition(platform, MD, GROUP)
    connector = enb.create_connector_definition(platform, MD, FOLDER, PROVIDER)
    connector_id = enb.register_integration_connector(platform, MD, GROUP, FOLDER, "Folder")

    mark = _end(feed)
    enb.update_group_definition(platform, MD, GROUP, description="Files")
    update = _only(feed.changes(mark).changes)
    assert (update.kind, update.action, update.guid, update.qualified_name) == ("element", "UPDATED", group, GROUP)

    mark = _end(feed)
    enb.delete_group_definition(platform, MD, GROUP)
    assert _summary(feed.changes(mark).changes) == [
        ("relationship", "DELETED", REGISTRATION, (group, connector)),
        ("element", "DELETED", "IntegrationGroup", GROUP),
    ]
    assert feed.changes(mark).changes[0].guid == connector_id
    # The connector is not anchored to the group: it stays, with its connection.
    assert enb.get_connector_definition(platform, MD, FOLDER).guid == connector


def test_generic_api_writes_are_in_the_feed_too(platform: enb.EmbeddedPlatform, feed) -> None:
    store = OpenMetadataStore(platform, MD)
    folder = platform.run(store.create("FileFolder", {"qualifiedName": "/data", "pathName": "/data"}))
    file = platform.run(
        store.create(
            "DataFile",
            {"qualifiedName": "/data/a.csv", "pathName": "/data/a.csv", "fileType": "csv"},
            parent=Parent(folder, "NestedFile"),
        )
    )
    [nested] = platform.run(store.related(folder, "NestedFile", starting_at_end=1))
    mark = _end(feed)
    platform.run(store.update(file, "DataFile", {"fileType": "text/csv"}))
    platform.run(store.delete(folder))
    changes = feed.changes(mark).changes
    assert [(c.kind, c.action, c.guid) for c in changes] == [
        ("element", "UPDATED", file),
        ("relationship", "DELETED", nested.relationship_guid),
        ("element", "DELETED", folder),
    ]
    assert (changes[1].type_name, changes[1].end1_guid, changes[1].end2_guid) == ("NestedFile", folder, file)
    assert (changes[0].type_name, changes[0].qualified_name) == ("DataFile", "/data/a.csv")


@pytest.mark.parametrize("params", [{"after": "x"}, {"waitSeconds": "soon"}, {"maximumResults": "many"}])
def test_bad_feed_parameters_are_refused(raw: Raw, params: dict[str, str]) -> None:
    body = raw("GET", CATALOG.format(md=MD) + "/changes", params=params).json()
    assert body["relatedHTTPCode"] == 400
    assert body["exceptionErrorMessageId"] == "EGERIA-NB-400-005"
    assert "numbers" in body["exceptionErrorMessage"]


def test_a_type_filter_keeps_only_those_types(platform: enb.EmbeddedPlatform, feed) -> None:
    store = OpenMetadataStore(platform, MD)
    group = enb.create_group_definition(platform, MD, GROUP)
    platform.run(store.create("DataFile", {"qualifiedName": "/data/a.csv", "pathName": "/data/a.csv"}))
    connector = enb.create_connector_definition(platform, MD, FOLDER, PROVIDER, endpoint_address="/data")
    connector_id = enb.register_integration_connector(platform, MD, GROUP, FOLDER, "Folder")
    platform.run(store.create("DataFile", {"qualifiedName": "/data/b.csv", "pathName": "/data/b.csv"}))
    wanted = ["IntegrationGroup", "IntegrationConnector", REGISTRATION]
    answer = feed.changes(0, type_names=wanted)
    assert [c.guid for c in answer.changes] == [group, connector, connector_id]
    assert answer.last_sequence == answer.changes[-1].sequence  # safe to resume from
    assert feed.changes(answer.last_sequence, type_names=wanted).changes == []
    assert [c.qualified_name for c in feed.changes(0, type_names=["DataFile"]).changes] == [
        "/data/a.csv",
        "/data/b.csv",
    ]
    # What a connection is made of, by its types.
    parts = feed.changes(0, type_names=["Connection", "ConnectorType", "Endpoint"]).changes
    assert [(c.type_name, c.qualified_name) for c in parts] == [
        ("Connection", FOLDER + "_implementation"),
        ("ConnectorType", CONNECTOR_TYPE),
        ("Endpoint", FOLDER + "_endpoint"),
    ]
    links = feed.changes(0, type_names=["AssetConnection", "ConnectionConnectorType", "ConnectToEndpoint"]).changes
    assert [c.type_name for c in links] == ["AssetConnection", "ConnectionConnectorType", "ConnectToEndpoint"]
