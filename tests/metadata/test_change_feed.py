"""The change feed (``/changes``): what a daemon follows instead of Egeria's ~33-minute poll (egeria-wire.md §3.3)."""

from __future__ import annotations

import threading
import time

import pytest

import egeria_nb as enb
from egeria_nb.metadata.catalog import MetadataCatalog
from egeria_nb.wire.catalog import ChangesResponse, MetadataChange
from tests.conftest import Raw
from tests.metadata.conftest import CATALOG, MD

GROUP = "Egeria:IntegrationGroup:Files"
FOLDER = "egeria_nb:IntegrationConnector:Folder"
PROVIDER = "egeria_nb.connectors.files.FolderCataloguer"
REGISTRATION = "RegisteredIntegrationConnector"


@pytest.fixture
def feed(platform: enb.EmbeddedPlatform):
    return MetadataCatalog(platform, MD).blocking


def _end(feed) -> int:
    return feed.changes(-1).last_sequence


def _only(changes: list[MetadataChange]) -> MetadataChange:
    assert len(changes) == 1, changes
    return changes[0]


def test_changes_after_a_sequence(platform: enb.EmbeddedPlatform, feed) -> None:
    group = enb.create_integration_group(platform, MD, GROUP)
    connector = enb.create_integration_connector(platform, MD, FOLDER, PROVIDER)
    everything = feed.changes(0)
    assert [(c.kind, c.action, c.guid, c.type_name, c.qualified_name) for c in everything.changes] == [
        ("element", "CREATED", group, "IntegrationGroup", GROUP),
        ("element", "CREATED", connector, "IntegrationConnector", FOLDER),
    ]
    assert everything.last_sequence == everything.changes[-1].sequence
    assert everything.changes[0].sequence < everything.changes[1].sequence

    mark = everything.last_sequence
    other = enb.create_integration_group(platform, MD, "Egeria:IntegrationGroup:Other")
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


def test_a_poll_with_nothing_new(platform: enb.EmbeddedPlatform, raw: Raw, feed) -> None:
    enb.create_integration_group(platform, MD, GROUP)
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


def test_connection_and_blocking_changes_are_updates_of_the_connector(platform: enb.EmbeddedPlatform, feed) -> None:
    connector = enb.create_integration_connector(platform, MD, FOLDER, PROVIDER, {"depth": 1}, "/data")

    def one_update(**change: object) -> None:
        mark = _end(feed)
        enb.update_integration_connector(platform, MD, FOLDER, **change)  # type: ignore[arg-type]
        update = _only(feed.changes(mark).changes)
        assert (update.kind, update.action, update.guid) == ("element", "UPDATED", connector)
        assert (update.type_name, update.qualified_name) == ("IntegrationConnector", FOLDER)

    one_update(endpoint_address="/elsewhere")
    one_update(configuration_properties={"depth": 2})
    one_update(configuration_properties={"hash": True}, merge_configuration=False)
    one_update(connector_provider="egeria_nb.connectors.files.Other")
    one_update(uses_blocking_calls=True)
    one_update(uses_blocking_calls=False)

    # Sending what is already there is no change, so a daemon restarts nothing.
    mark = _end(feed)
    enb.update_integration_connector(platform, MD, FOLDER, uses_blocking_calls=False, endpoint_address="/elsewhere")
    assert feed.changes(mark).changes == []


def test_registration_changes_are_relationship_changes(platform: enb.EmbeddedPlatform, feed) -> None:
    group = enb.create_integration_group(platform, MD, GROUP)
    connector = enb.create_integration_connector(platform, MD, FOLDER, PROVIDER)

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
    enb.unregister_integration_connector(platform, MD, GROUP, FOLDER)
    expect("DELETED", connector_id, mark)


def test_a_long_poll_returns_a_write_made_while_it_waits(platform: enb.EmbeddedPlatform, feed) -> None:
    enb.create_integration_connector(platform, MD, FOLDER, PROVIDER)
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
    connector = enb.get_integration_connector(platform, MD, FOLDER).guid
    enb.update_integration_connector(platform, MD, FOLDER, endpoint_address="/new")
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
    enb.create_integration_group(platform, MD, GROUP)
    poller.join()
    assert answers[0].changes == []
    assert answers[0].last_sequence == mark
    assert _only(MetadataCatalog(platform, MD).blocking.changes(0).changes).qualified_name == GROUP


def test_deleting_an_element_logs_its_relationships_deletions_first(platform: enb.EmbeddedPlatform, feed) -> None:
    groups = [enb.create_integration_group(platform, MD, f"Egeria:IntegrationGroup:{n}") for n in "AB"]
    connector = enb.create_integration_connector(platform, MD, FOLDER, PROVIDER)
    ids = [enb.register_integration_connector(platform, MD, f"Egeria:IntegrationGroup:{n}", FOLDER, n) for n in "AB"]

    mark = _end(feed)
    enb.delete_integration_connector(platform, MD, FOLDER)
    changes = feed.changes(mark).changes
    assert [(c.kind, c.action) for c in changes] == [
        ("relationship", "DELETED"),
        ("relationship", "DELETED"),
        ("element", "DELETED"),
    ]
    assert sorted(c.guid for c in changes[:2]) == sorted(ids)
    assert sorted(c.end1_guid for c in changes[:2]) == sorted(groups)
    assert {c.end2_guid for c in changes[:2]} == {connector}
    assert (changes[2].guid, changes[2].type_name, changes[2].qualified_name) == (
        connector,
        "IntegrationConnector",
        FOLDER,
    )


def test_catalog_writes_are_in_the_feed_too(platform: enb.EmbeddedPlatform, feed) -> None:
    folder = feed.create_element("FileFolder", "/data")
    file = feed.create_element("DataFile", "/data/a.csv", {"size": 1})
    nested = feed.create_relationship("NestedFile", folder.guid, file.guid)
    mark = _end(feed)
    feed.update_element(file.guid, {"size": 2})
    feed.delete_element(folder.guid)
    changes = feed.changes(mark).changes
    assert [(c.kind, c.action, c.guid) for c in changes] == [
        ("element", "UPDATED", file.guid),
        ("relationship", "DELETED", nested.guid),
        ("element", "DELETED", folder.guid),
    ]
    assert (changes[1].end1_guid, changes[1].end2_guid) == (folder.guid, file.guid)


@pytest.mark.parametrize("params", [{"after": "x"}, {"waitSeconds": "soon"}, {"maximumResults": "many"}])
def test_bad_feed_parameters_are_refused(raw: Raw, params: dict[str, str]) -> None:
    body = raw("GET", CATALOG.format(md=MD) + "/changes", params=params).json()
    assert body["relatedHTTPCode"] == 400
    assert body["exceptionErrorMessageId"] == "EGERIA-NB-400-005"
    assert "numbers" in body["exceptionErrorMessage"]


def test_a_type_filter_keeps_only_those_types(platform: enb.EmbeddedPlatform, feed) -> None:
    group = enb.create_integration_group(platform, MD, GROUP)
    feed.create_element("DataFile", "/data/a.csv")
    connector = enb.create_integration_connector(platform, MD, FOLDER, PROVIDER)
    connector_id = enb.register_integration_connector(platform, MD, GROUP, FOLDER, "Folder")
    feed.create_element("DataFile", "/data/b.csv")
    wanted = ["IntegrationGroup", "IntegrationConnector", REGISTRATION]
    answer = feed.changes(0, type_names=wanted)
    assert [c.guid for c in answer.changes] == [group, connector, connector_id]
    assert answer.last_sequence == answer.changes[-1].sequence  # safe to resume from
    assert feed.changes(answer.last_sequence, type_names=wanted).changes == []
    assert [c.qualified_name for c in feed.changes(0, type_names=["DataFile"]).changes] == [
        "/data/a.csv",
        "/data/b.csv",
    ]
