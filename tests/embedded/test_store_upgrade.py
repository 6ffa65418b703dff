"""A metadata store written by an earlier egeria_nb opens in this one, its definitions kept as Egeria keeps them.

``data/metadata-v1.sql`` is the store egeria_nb wrote at commit 23f11c8 (schema version 1): a
group, two connectors whose connections were one ``connection`` property, registrations with
ISO-8601 dates, and a catalogued CSV file linked to its schema by ``AssetSchemaType``.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

import egeria_nb as enb
from egeria_nb.metadata.catalog import MetadataCatalog
from tests.conftest import Raw
from tests.metadata.conftest import MD, gov

OLD_STORE = Path(__file__).parent / "data" / "metadata-v1.sql"
GROUP = "old:group"


@pytest.fixture
def upgraded(data_dir: Path):
    enb.start_embedded(data_dir).stop()  # a data directory with its credentials
    for stale in data_dir.glob("metadata.db*"):
        stale.unlink()
    # closing(): sqlite3's own context manager commits but leaves the connection open (3.13 warns of it).
    with closing(sqlite3.connect(data_dir / "metadata.db")) as db:
        db.executescript(OLD_STORE.read_text())
    with enb.start_embedded(data_dir) as platform:
        yield platform


def _version(data_dir: Path) -> int:
    with closing(sqlite3.connect(data_dir / "metadata.db")) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def test_definitions_read_as_they_were_written(upgraded: enb.EmbeddedPlatform, data_dir: Path) -> None:
    assert _version(data_dir) == 3
    frame = enb.get_registered_connectors(upgraded, MD, GROUP).set_index("connector_name")
    folder = frame.loc["Folder"]
    assert folder["connector_qualified_name"] == "old:folder"
    assert folder["provider"] == "egeria_nb.connectors.files.FolderCataloguer"
    assert folder["endpoint_address"] == "/data/drop"
    assert folder["configuration_properties"] == {"recursive": True}
    assert folder["refresh_time_interval"] == 5
    assert folder["start_date"] == pd.Timestamp(datetime(2026, 1, 1, tzinfo=UTC))
    assert folder["stop_date"] == pd.Timestamp(datetime(2027, 1, 1, tzinfo=UTC))
    training = frame.loc["Training"]
    assert training["provider"] == "egeria_nb.connectors.training.TrainingConnector"
    assert pd.isna(training["endpoint_address"])
    connection = enb.get_connector_definition(upgraded, MD, "old:noendpoint").properties.connection
    assert connection.user_id == "bob"


def test_the_connection_is_elements_of_its_own(upgraded: enb.EmbeddedPlatform) -> None:
    catalog = MetadataCatalog(upgraded, MD).blocking
    connector = catalog.find_element("IntegrationConnector", "old:folder")
    assert "connection" not in connector.properties
    assert connector.properties["resourceName"] == "egeria_nb.connectors.files.FolderCataloguer"
    (link,) = catalog.relationships("AssetConnection", end1_guid=connector.guid)
    connection = catalog.get_element(link.end2_guid)
    assert connection.qualified_name == "old:folder:Connection"  # the name it had
    assert connection.properties["configurationProperties"] == {"recursive": True}
    assert connection.classifications["Anchors"]["anchorGUID"] == connector.guid
    (endpoint_link,) = catalog.relationships("ConnectToEndpoint", end1_guid=connection.guid)
    endpoint = catalog.get_element(endpoint_link.end2_guid)
    assert (endpoint.qualified_name, endpoint.properties["networkAddress"]) == ("old:folder_endpoint", "/data/drop")
    assert endpoint.classifications["Anchors"]["anchorGUID"] == connector.guid
    # One ConnectorType per provider.
    assert len(catalog.find_elements("ConnectorType")) == 2

    # The upgraded definition changes like a new one.
    enb.update_connector_definition(upgraded, MD, "old:folder", endpoint_address="/data/other")
    assert (
        enb.get_registered_connectors(upgraded, MD, GROUP).set_index("connector_name").loc["Folder", "endpoint_address"]
        == "/data/other"
    )
    enb.delete_connector_definition(upgraded, MD, "old:folder")
    assert catalog.find_elements("Connection", qualified_name_prefix="old:folder") == []
    assert catalog.find_elements("Endpoint", qualified_name_prefix="old:folder") == []


def test_a_daemon_reads_the_upgraded_definitions(upgraded: enb.EmbeddedPlatform, raw: Raw) -> None:
    groups = raw("GET", gov(upgraded.user_id) + f"/integration-groups/by-name/{GROUP}").json()
    guid = groups["element"]["elementHeader"]["guid"]
    body = raw("GET", gov(upgraded.user_id) + f"/integration-groups/{guid}/integration-connectors").json()
    by_name = {e["registrationProperties"]["connectorName"]: e for e in body["elements"]}
    connection = by_name["Folder"]["properties"]["connection"]
    assert connection["connectorType"]["connectorProviderClassName"] == "egeria_nb.connectors.files.FolderCataloguer"
    assert connection["endpoint"]["networkAddress"] == "/data/drop"
    # Stored as Egeria's date values (epoch milliseconds), served as Java dates are (ISO-8601 text).
    assert by_name["Folder"]["registrationProperties"]["startDate"] == "2026-01-01T00:00:00.000+00:00"


def test_catalogued_elements_keep_what_they_had(upgraded: enb.EmbeddedPlatform) -> None:
    catalog = MetadataCatalog(upgraded, MD).blocking
    csv = catalog.find_element("CSVFile", "CSV::/d/a.csv")
    assert csv.properties["size"] == 3  # a property Egeria's type lacks, kept until its connector rewrites it
    (schema,) = catalog.relationships("Schema")  # was AssetSchemaType, a name Egeria 6.x does not have
    assert schema.end1_guid == csv.guid


def test_upgrading_again_changes_nothing(upgraded: enb.EmbeddedPlatform, data_dir: Path) -> None:
    catalog = MetadataCatalog(upgraded, MD).blocking
    before = sorted((e.type_name, e.qualified_name) for e in catalog.find_elements())
    relationships = len(catalog.relationships())
    upgraded.stop()
    with enb.start_embedded(data_dir) as again:
        catalog = MetadataCatalog(again, MD).blocking
        assert sorted((e.type_name, e.qualified_name) for e in catalog.find_elements()) == before
        assert len(catalog.relationships()) == relationships
