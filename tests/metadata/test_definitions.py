"""Integration groups, connectors and registrations through the Python functions, over HTTP, in SQLite."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

import egeria_nb as enb
from egeria_nb.metadata.catalog import MetadataCatalog
from tests.metadata.conftest import MD

GROUP = "Egeria:IntegrationGroup:Files"
OTHER = "Egeria:IntegrationGroup:Other"
FOLDER = "egeria_nb:IntegrationConnector:Folder"
PROVIDER = "egeria_nb.connectors.files.FolderCataloguer"
REGISTRATION_COLUMNS = [
    "connector_name",
    "connector_qualified_name",
    "provider",
    "endpoint_address",
    "configuration_properties",
    "uses_blocking_calls",
    "refresh_time_interval",
    "permitted_synchronization",
    "start_date",
    "stop_date",
    "connector_user_id",
    "metadata_source_qualified_name",
    "connector_id",
    "connector_guid",
]
GROUP_COLUMNS = ["qualified_name", "display_name", "description", "connectors", "guid"]


def _registrations(platform: enb.Platform, md: str = MD) -> list:
    return MetadataCatalog(platform, md).blocking.relationships("RegisteredIntegrationConnector")


# -- groups ------------------------------------------------------------------------------------------------


def test_group_round_trip(platform: enb.EmbeddedPlatform) -> None:
    guid = enb.create_group_definition(
        platform, MD, GROUP, display_name="Files", description="A folder", additional_properties={"team": "data"}
    )
    group = enb.get_group_definition(platform, MD, GROUP)
    assert group.guid == guid
    assert group.properties is not None
    assert (group.properties.qualified_name, group.properties.display_name) == (GROUP, "Files")
    assert group.properties.additional_properties == {"team": "data"}

    enb.update_group_definition(platform, MD, GROUP, description="Folders and CSV files")
    group = enb.get_group_definition(platform, MD, GROUP)
    assert group.guid == guid
    assert group.properties is not None
    assert group.properties.description == "Folders and CSV files"
    assert group.properties.display_name == "Files"  # untouched properties stay

    enb.update_group_definition(platform, MD, GROUP, new_qualified_name=OTHER)
    assert enb.get_group_definition(platform, MD, OTHER).guid == guid
    with pytest.raises(enb.InvalidParameterError) as caught:
        enb.get_group_definition(platform, MD, GROUP)
    assert caught.value.message_id == "EGERIA-NB-404-004"

    enb.delete_group_definition(platform, MD, OTHER)
    with pytest.raises(enb.InvalidParameterError) as caught:
        enb.get_group_definition(platform, MD, OTHER)
    assert caught.value.message_id == "EGERIA-NB-404-004"
    assert "create the integration group first" in (caught.value.user_action or "")


def test_list_integration_groups_frame(platform: enb.EmbeddedPlatform) -> None:
    empty = enb.list_group_definitions(platform, MD)
    assert list(empty.columns) == GROUP_COLUMNS
    assert empty.empty

    enb.create_group_definition(platform, MD, GROUP, display_name="Files", description="d")
    other = enb.create_group_definition(platform, MD, OTHER)
    for n in range(3):
        enb.create_connector_definition(platform, MD, f"c{n}", PROVIDER)
        enb.register_integration_connector(platform, MD, GROUP, f"c{n}", f"n{n}")

    frame = enb.list_group_definitions(platform, MD)
    assert list(frame.columns) == GROUP_COLUMNS
    assert frame["qualified_name"].tolist() == [GROUP, OTHER]  # creation order
    assert frame["connectors"].tolist() == [3, 0]
    assert pd.api.types.is_integer_dtype(frame["connectors"])
    assert pd.api.types.is_string_dtype(frame["qualified_name"])
    assert frame.loc[1, "guid"] == other
    assert frame.loc[0, "display_name"] == "Files"
    assert pd.isna(frame.loc[1, "display_name"])


# -- connectors --------------------------------------------------------------------------------------------


def test_connector_round_trip(platform: enb.EmbeddedPlatform) -> None:
    guid = enb.create_connector_definition(
        platform,
        MD,
        FOLDER,
        PROVIDER,
        configuration_properties={"recursive": True},
        endpoint_address="/data",
        display_name="Folder",
        description="d",
    )
    connector = enb.get_connector_definition(platform, MD, FOLDER)
    assert connector.guid == guid
    props = connector.properties
    assert props is not None and props.connection is not None
    assert (props.qualified_name, props.display_name, props.uses_blocking_calls) == (FOLDER, "Folder", False)
    assert props.connection.provider == PROVIDER
    assert props.connection.endpoint_address == "/data"
    assert props.connection.configuration_properties == {"recursive": True}

    # Configuration properties merge unless told otherwise; what is not named stays.
    enb.update_connector_definition(platform, MD, FOLDER, configuration_properties={"depth": 2})
    props = enb.get_connector_definition(platform, MD, FOLDER).properties
    assert props is not None and props.connection is not None
    assert props.connection.configuration_properties == {"recursive": True, "depth": 2}
    assert props.connection.endpoint_address == "/data"
    assert props.display_name == "Folder"

    enb.update_connector_definition(
        platform,
        MD,
        FOLDER,
        configuration_properties={"hash": False},
        merge_configuration=False,
        endpoint_address="/elsewhere",
        uses_blocking_calls=True,
        connector_provider="egeria_nb.connectors.files.Other",
    )
    props = enb.get_connector_definition(platform, MD, FOLDER).properties
    assert props is not None and props.connection is not None
    assert props.connection.configuration_properties == {"hash": False}
    assert props.connection.endpoint_address == "/elsewhere"
    assert props.connection.provider == "egeria_nb.connectors.files.Other"
    assert props.uses_blocking_calls is True

    enb.update_connector_definition(platform, MD, FOLDER, endpoint_address=None, configuration_properties=None)
    props = enb.get_connector_definition(platform, MD, FOLDER).properties
    assert props is not None and props.connection is not None
    assert props.connection.endpoint is None
    assert props.connection.configuration_properties == {"hash": False}  # None merges nothing in

    enb.delete_connector_definition(platform, MD, FOLDER)
    with pytest.raises(enb.InvalidParameterError) as caught:
        enb.get_connector_definition(platform, MD, FOLDER)
    assert caught.value.message_id == "EGERIA-NB-404-004"


def test_awkward_qualified_names_round_trip(platform: enb.EmbeddedPlatform) -> None:
    names = ["a b", "slash/in/name", "per%cent", "hash#tag", "ques?tion", "naïve-名前", "plus+amp&eq="]
    for name in names:
        enb.create_group_definition(platform, MD, "G:" + name)
        enb.create_connector_definition(platform, MD, "C:" + name, PROVIDER)
        enb.register_integration_connector(platform, MD, "G:" + name, "C:" + name, name)
    for name in names:
        frame = enb.get_registered_connectors(platform, MD, "G:" + name)
        assert frame["connector_name"].tolist() == [name]
        assert frame["connector_qualified_name"].tolist() == ["C:" + name]
        enb.delete_group_definition(platform, MD, "G:" + name)
        enb.delete_connector_definition(platform, MD, "C:" + name)
    assert enb.list_group_definitions(platform, MD).empty
    # Connections and endpoints go with their connectors; the provider's ConnectorType is shared, and stays.
    left = MetadataCatalog(platform, MD).blocking.find_elements()
    assert [(e.type_name, e.properties["connectorProviderClassName"]) for e in left] == [("ConnectorType", PROVIDER)]


# -- registrations -----------------------------------------------------------------------------------------


def test_get_registered_connectors_frame(platform: enb.EmbeddedPlatform) -> None:
    enb.create_group_definition(platform, MD, GROUP)
    empty = enb.get_registered_connectors(platform, MD, GROUP)
    assert list(empty.columns) == REGISTRATION_COLUMNS
    assert empty.empty

    first = enb.create_connector_definition(
        platform, MD, FOLDER, PROVIDER, configuration_properties={"recursive": True}, endpoint_address="/data"
    )
    second = enb.create_connector_definition(platform, MD, "tail", "x.Tail", uses_blocking_calls=True)
    one = enb.register_integration_connector(
        platform,
        MD,
        GROUP,
        FOLDER,
        "Folder",
        refresh_time_interval=30,
        start_date=datetime(2026, 1, 1, tzinfo=UTC),
        stop_date="2027-01-01T00:00:00+00:00",
        connector_user_id="npa",
        metadata_source_qualified_name="Source:Files",
        permitted_synchronization="FROM_THIRD_PARTY",
    )
    two = enb.register_integration_connector(platform, MD, GROUP, "tail", "Tail")

    frame = enb.get_registered_connectors(platform, MD, GROUP)
    assert list(frame.columns) == REGISTRATION_COLUMNS
    assert frame["connector_name"].tolist() == ["Folder", "Tail"]
    assert frame["connector_id"].tolist() == [one, two]
    assert frame["connector_guid"].tolist() == [first, second]
    assert frame["provider"].tolist() == [PROVIDER, "x.Tail"]
    assert frame.loc[0, "endpoint_address"] == "/data"
    assert pd.isna(frame.loc[1, "endpoint_address"])
    assert frame["configuration_properties"].tolist() == [{"recursive": True}, {}]
    assert frame["uses_blocking_calls"].tolist() == [False, True]
    assert frame["refresh_time_interval"].tolist() == [30, 0]
    assert frame["permitted_synchronization"].tolist() == ["FROM_THIRD_PARTY", "BOTH_DIRECTIONS"]
    assert frame.loc[0, "start_date"] == pd.Timestamp("2026-01-01", tz="UTC")
    assert frame.loc[0, "stop_date"] == pd.Timestamp("2027-01-01", tz="UTC")
    assert pd.isna(frame.loc[1, "start_date"])
    assert frame.loc[0, "connector_user_id"] == "npa"
    assert frame.loc[0, "metadata_source_qualified_name"] == "Source:Files"

    assert frame["uses_blocking_calls"].dtype == bool
    assert frame["refresh_time_interval"].dtype == "int64"
    for column in ("start_date", "stop_date"):
        assert isinstance(frame[column].dtype, pd.DatetimeTZDtype)
        assert str(frame[column].dt.tz) == "UTC"
    for column in ("connector_name", "connector_qualified_name", "provider", "connector_id", "connector_guid"):
        assert pd.api.types.is_string_dtype(frame[column]), column


def test_update_registration_keeps_the_connector_id(platform: enb.EmbeddedPlatform) -> None:
    enb.create_group_definition(platform, MD, GROUP)
    enb.create_connector_definition(platform, MD, FOLDER, PROVIDER)
    connector_id = enb.register_integration_connector(
        platform,
        MD,
        GROUP,
        FOLDER,
        "Folder",
        refresh_time_interval=5,
        connector_user_id="npa",
        permitted_synchronization="TO_THIRD_PARTY",
    )
    enb.update_registration(platform, MD, GROUP, FOLDER, refresh_time_interval=10, stop_date="2030-01-01T00:00:00Z")
    row = enb.get_registered_connectors(platform, MD, GROUP).iloc[0]
    assert row["connector_id"] == connector_id
    assert row["refresh_time_interval"] == 10
    assert row["stop_date"] == pd.Timestamp("2030-01-01", tz="UTC")
    # what update_registration was not given stays as it was
    assert (row["connector_name"], row["connector_user_id"]) == ("Folder", "npa")
    assert row["permitted_synchronization"] == "TO_THIRD_PARTY"
    assert len(_registrations(platform)) == 1

    enb.unregister_integration_connector(platform, MD, GROUP, FOLDER)
    with pytest.raises(enb.InvalidParameterError) as caught:
        enb.update_registration(platform, MD, GROUP, FOLDER, refresh_time_interval=1)
    assert caught.value.message_id == "EGERIA-NB-404-005"
    assert "register_integration_connector" in (caught.value.user_action or "")
    assert _registrations(platform) == []


def test_registering_again_updates_in_place(platform: enb.EmbeddedPlatform) -> None:
    enb.create_group_definition(platform, MD, GROUP)
    enb.create_connector_definition(platform, MD, FOLDER, PROVIDER)
    first = enb.register_integration_connector(
        platform, MD, GROUP, FOLDER, "Folder", refresh_time_interval=5, connector_user_id="npa"
    )
    again = enb.register_integration_connector(platform, MD, GROUP, FOLDER, "Renamed", refresh_time_interval=7)
    assert again == first
    frame = enb.get_registered_connectors(platform, MD, GROUP)
    assert frame["connector_name"].tolist() == ["Renamed"]
    assert frame["refresh_time_interval"].tolist() == [7]
    assert pd.isna(frame.loc[0, "connector_user_id"])  # registering replaces the registration's properties
    assert [r.guid for r in _registrations(platform)] == [first]


def test_deleting_a_group_removes_its_registrations_not_the_connector(platform: enb.EmbeddedPlatform) -> None:
    enb.create_group_definition(platform, MD, GROUP)
    enb.create_group_definition(platform, MD, OTHER)
    connector = enb.create_connector_definition(platform, MD, FOLDER, PROVIDER)
    enb.register_integration_connector(platform, MD, GROUP, FOLDER, "Folder")
    kept = enb.register_integration_connector(platform, MD, OTHER, FOLDER, "Folder")

    enb.delete_group_definition(platform, MD, GROUP)
    assert enb.get_connector_definition(platform, MD, FOLDER).guid == connector
    assert [r.guid for r in _registrations(platform)] == [kept]
    assert enb.get_registered_connectors(platform, MD, OTHER)["connector_id"].tolist() == [kept]
    assert enb.list_group_definitions(platform, MD)["qualified_name"].tolist() == [OTHER]


def test_deleting_a_connector_removes_its_registrations(platform: enb.EmbeddedPlatform) -> None:
    enb.create_group_definition(platform, MD, GROUP)
    enb.create_group_definition(platform, MD, OTHER)
    enb.create_connector_definition(platform, MD, FOLDER, PROVIDER)
    enb.create_connector_definition(platform, MD, "stays", PROVIDER)
    for group in (GROUP, OTHER):
        enb.register_integration_connector(platform, MD, group, FOLDER, "Folder")
    enb.register_integration_connector(platform, MD, GROUP, "stays", "Stays")

    enb.delete_connector_definition(platform, MD, FOLDER)
    assert enb.get_registered_connectors(platform, MD, GROUP)["connector_name"].tolist() == ["Stays"]
    assert enb.get_registered_connectors(platform, MD, OTHER).empty
    assert len(_registrations(platform)) == 1
    assert enb.list_group_definitions(platform, MD)["connectors"].tolist() == [1, 0]


def test_functions_name_what_is_missing(platform: enb.EmbeddedPlatform) -> None:
    enb.create_group_definition(platform, MD, GROUP)
    with pytest.raises(enb.InvalidParameterError) as caught:
        enb.register_integration_connector(platform, MD, GROUP, "no-such-connector", "x")
    assert caught.value.message_id == "EGERIA-NB-404-004"
    assert "no-such-connector" in caught.value.message
    with pytest.raises(enb.InvalidParameterError) as caught:
        enb.get_registered_connectors(platform, MD, "no-such-group")
    assert "no-such-group" in caught.value.message
    with pytest.raises(enb.InvalidParameterError) as caught:
        enb.create_group_definition(platform, MD, "  ")
    assert caught.value.message_id == "EGERIA-NB-ARGS-400-001"
    assert "qualified_name must be text (not blank" in caught.value.message


# -- metadata servers and persistence ----------------------------------------------------------------------


def test_a_second_metadata_server_keeps_its_own_definitions(platform: enb.EmbeddedPlatform) -> None:
    enb.create_metadata_server(platform, "second-store")
    first = enb.create_group_definition(platform, MD, GROUP, display_name="first")
    second = enb.create_group_definition(platform, "second-store", GROUP, display_name="second")
    assert first != second  # the same qualified name on two servers is two elements
    enb.create_connector_definition(platform, "second-store", FOLDER, PROVIDER)
    enb.register_integration_connector(platform, "second-store", GROUP, FOLDER, "Folder")

    assert enb.get_group_definition(platform, MD, GROUP).guid == first
    assert enb.get_group_definition(platform, "second-store", GROUP).guid == second
    assert enb.get_registered_connectors(platform, MD, GROUP).empty
    assert len(enb.get_registered_connectors(platform, "second-store", GROUP)) == 1
    with pytest.raises(enb.InvalidParameterError):
        enb.get_connector_definition(platform, MD, FOLDER)

    enb.delete_group_definition(platform, MD, GROUP)
    assert enb.list_group_definitions(platform, MD).empty
    assert enb.list_group_definitions(platform, "second-store")["display_name"].tolist() == ["second"]


def test_definitions_survive_a_restart(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with enb.start_embedded(data_dir) as platform:
        enb.create_metadata_server(platform, "second-store")
        for md in (MD, "second-store"):
            enb.create_group_definition(platform, md, GROUP, display_name=md)
            enb.create_connector_definition(
                platform, md, FOLDER, PROVIDER, configuration_properties={"depth": 2}, endpoint_address="/data"
            )
            enb.register_integration_connector(
                platform, md, GROUP, FOLDER, "Folder", refresh_time_interval=3, start_date="2026-05-01T00:00:00Z"
            )
        before = {md: enb.get_registered_connectors(platform, md, GROUP) for md in (MD, "second-store")}
        groups_before = enb.list_group_definitions(platform, MD)
        feed_before = MetadataCatalog(platform, MD).blocking.changes(0)
    assert (data_dir / "metadata.db").is_file()

    with enb.start_embedded(data_dir) as platform:
        for md in (MD, "second-store"):
            after = enb.get_registered_connectors(platform, md, GROUP)
            pd.testing.assert_frame_equal(after, before[md])
            assert enb.get_group_definition(platform, md, GROUP).properties.display_name == md  # type: ignore[union-attr]
        pd.testing.assert_frame_equal(enb.list_group_definitions(platform, MD), groups_before)
        feed = MetadataCatalog(platform, MD).blocking
        assert feed.changes(0).changes == feed_before.changes  # the change log is on disk too
        enb.create_group_definition(platform, MD, OTHER)
        assert feed.changes(feed_before.last_sequence).changes[0].sequence > feed_before.last_sequence


def test_two_writers_at_once_lose_nothing(platform: enb.EmbeddedPlatform) -> None:
    enb.create_group_definition(platform, MD, GROUP)
    failures: list[BaseException] = []
    ids: dict[str, str] = {}

    def writer(k: int) -> None:
        try:
            for n in range(50):
                name = f"w{k}-{n}"
                enb.create_connector_definition(platform, MD, name, PROVIDER, configuration_properties={"n": n})
                ids[name] = enb.register_integration_connector(platform, MD, GROUP, name, name, refresh_time_interval=n)
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []

    frame = enb.get_registered_connectors(platform, MD, GROUP)
    assert len(frame) == 100
    assert sorted(frame["connector_name"]) == sorted(f"w{k}-{n}" for k in range(2) for n in range(50))
    assert dict(zip(frame["connector_name"], frame["connector_id"], strict=True)) == ids
    assert frame["connector_guid"].is_unique
    for row in frame.itertuples():
        n = int(row.connector_name.split("-")[1])
        assert row.refresh_time_interval == n
        assert row.configuration_properties == {"n": n}
    changes = MetadataCatalog(platform, MD).blocking.changes(0, limit=10_000).changes
    # The group and the provider's connector type once; for each connector: the connector, its connection,
    # the AssetConnection and ConnectionConnectorType links, and its registration.
    assert len(changes) == 1 + 1 + 100 * 5
    assert [c.sequence for c in changes] == sorted(c.sequence for c in changes)


def test_a_stopped_metadata_server_is_not_running_and_keeps_its_definitions(platform: enb.EmbeddedPlatform) -> None:
    enb.create_metadata_server(platform, "second-store")
    enb.create_group_definition(platform, "second-store", GROUP)
    enb.stop_server(platform, "second-store")
    with pytest.raises(enb.ServerNotKnownError) as caught:
        enb.list_group_definitions(platform, "second-store")
    assert caught.value.message_id == "OMAG-MULTI-TENANT-404-001"
    assert "start_server" in (caught.value.user_action or "")
    assert enb.list_group_definitions(platform, MD).empty  # the other server still answers

    enb.start_server(platform, "second-store")
    assert enb.list_group_definitions(platform, "second-store")["qualified_name"].tolist() == [GROUP]
