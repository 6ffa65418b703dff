"""The governance-configuration reads a 6.x integration daemon makes (egeria-wire.md §3.2), field by field.

Definitions are written with the Python definition functions (the generic open metadata store API, §8); the
governance-configuration service only reads them, assembled from the elements they are made of: the
IntegrationGroup, each IntegrationConnector with its Connection, ConnectorType and Endpoint, and the
RegisteredIntegrationConnector relationships.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest
import requests

import egeria_nb as enb
from egeria_nb.metadata.open_metadata import OpenMetadataStore
from egeria_nb.wire.metadata import (
    GUIDListResponse,
    IntegrationGroupElementResponse,
    RegisteredIntegrationConnectorResponse,
    RegisteredIntegrationConnectorsResponse,
)
from tests.conftest import Raw
from tests.metadata.conftest import GOV_6, GOV_50, GOV_54, MD, gov, last_sequence

GROUP = "Egeria:IntegrationGroup:Files"
FOLDER = "egeria_nb:IntegrationConnector:Folder"
CSV = "egeria_nb:IntegrationConnector:CSV"
TAIL = "egeria_nb:IntegrationConnector:Tail"
FOLDER_PROVIDER = "egeria_nb.connectors.files.FolderCataloguer"
CSV_PROVIDER = "egeria_nb.connectors.csv.CSVSchemaCataloguer"
TAIL_PROVIDER = "egeria_nb.connectors.tail.Tail"
START = datetime(2026, 1, 31, 10, 0, tzinfo=timezone(timedelta(hours=1)))  # 09:00 UTC
STOP = datetime(2026, 12, 31, 9, 0, tzinfo=UTC)
MISSING = "3e1f0c2a-0000-4000-8000-000000000000"


@dataclass
class Files:
    group: str
    connectors: dict[str, str]  # qualified name -> connector GUID
    registrations: dict[str, str]  # qualified name -> connectorId (relationship GUID)


def define_files(platform: enb.Platform) -> Files:
    """A group with three registered connectors that differ in every optional field."""
    group = enb.create_group_definition(
        platform, MD, GROUP, display_name="Files", description="Catalogues a folder", version_identifier="1.0"
    )
    connectors = {
        FOLDER: enb.create_connector_definition(
            platform,
            MD,
            FOLDER,
            FOLDER_PROVIDER,
            configuration_properties={"recursive": True, "depth": 3},
            endpoint_address="/data/files",
            display_name="Folder cataloguer",
            description="Catalogues the files of a folder",
        ),
        CSV: enb.create_connector_definition(platform, MD, CSV, CSV_PROVIDER),
        TAIL: enb.create_connector_definition(
            platform,
            MD,
            TAIL,
            TAIL_PROVIDER,
            configuration_properties={"lines": 10},
            endpoint_address="/var/log/x.log",
            uses_blocking_calls=True,
            connection_user_id="tail-npa",
        ),
    }
    registrations = {
        FOLDER: enb.register_integration_connector(
            platform,
            MD,
            GROUP,
            FOLDER,
            "FolderCataloguer",
            refresh_time_interval=60,
            start_date=START,
            stop_date=STOP,
            connector_user_id="files-npa",
            metadata_source_qualified_name="Source:Files",
            permitted_synchronization="FROM_THIRD_PARTY",
            generate_activity_reports=True,
        ),
        CSV: enb.register_integration_connector(platform, MD, GROUP, CSV, "CSVCataloguer"),
        TAIL: enb.register_integration_connector(
            platform, MD, GROUP, TAIL, "LogTail", refresh_time_interval=1, permitted_synchronization="TO_THIRD_PARTY"
        ),
    }
    return Files(group, connectors, registrations)


@pytest.fixture
def files(platform: enb.EmbeddedPlatform) -> Files:
    return define_files(platform)


def _guid(platform: enb.Platform, type_name: str, qualified_name: str) -> str:
    """The GUID of the element of this type and name, read through the generic API."""
    found = platform.run(OpenMetadataStore(platform, MD).by_name(type_name, qualified_name))
    assert found is not None and found.element_guid, f"no {type_name} named {qualified_name!r}"
    return found.element_guid


def _ok(response: requests.Response, response_class: str) -> dict:
    assert response.status_code == 200
    body = response.json()
    assert body["class"] == response_class
    assert body["relatedHTTPCode"] == 200, body
    uuid.UUID(body["requestId"])
    return body


def _iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None, f"{text} has no offset"
    return moment


def _check_header(header: dict, guid: str, type_name: str, created_by: str, version: int = 1) -> None:
    assert header["class"] == "ElementHeader"
    assert header["guid"] == guid
    assert header["status"] == "ACTIVE"
    assert header["type"]["typeName"] == type_name
    assert header["type"]["typeCategory"] == "ENTITY_DEF"
    uuid.UUID(header["type"]["typeId"])
    assert header["origin"]["homeMetadataCollectionName"] == MD
    versions = header["versions"]
    assert versions["createdBy"] == created_by
    assert versions["version"] == version
    assert abs(_iso(versions["createTime"]) - datetime.now(UTC)) < timedelta(hours=1)


# -- group by name ------------------------------------------------------------------------------------------


def test_group_by_name_is_the_element_a_daemon_reads(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    r = raw("GET", gov(platform.user_id) + "/integration-groups/by-name/" + quote(GROUP, safe=""))
    body = _ok(r, "IntegrationGroupElementResponse")
    element = body["element"]
    assert set(element) == {"elementHeader", "properties"}
    header = element["elementHeader"]
    _check_header(header, files.group, "IntegrationGroup", platform.user_id)
    assert header["type"]["superTypeNames"][0] == "SoftwareCapability"
    assert "updateTime" not in header["versions"] and "updatedBy" not in header["versions"]
    assert element["properties"] == {
        "class": "IntegrationGroupProperties",
        "typeName": "IntegrationGroup",
        "qualifiedName": GROUP,
        "displayName": "Files",
        "description": "Catalogues a folder",
        "versionIdentifier": "1.0",
    }
    # The same element the generic API holds.
    assert _guid(platform, "IntegrationGroup", GROUP) == files.group

    parsed = IntegrationGroupElementResponse.model_validate(body).element
    assert parsed is not None and parsed.guid == files.group
    assert parsed.properties is not None and parsed.properties.display_name == "Files"
    assert parsed.element_header is not None and parsed.element_header.versions is not None
    assert parsed.element_header.versions.create_time is not None
    assert parsed.element_header.versions.create_time.tzinfo is not None


def test_an_updated_group_shows_its_new_version(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    enb.update_group_definition(platform, MD, GROUP, description="Now also CSV files")
    element = raw("GET", gov(platform.user_id) + "/integration-groups/by-name/" + quote(GROUP, safe="")).json()[
        "element"
    ]
    versions = element["elementHeader"]["versions"]
    assert versions["version"] == 2
    assert versions["updatedBy"] == platform.user_id
    assert _iso(versions["updateTime"]) >= _iso(versions["createTime"])
    assert element["properties"]["description"] == "Now also CSV files"
    assert element["properties"]["displayName"] == "Files"  # a merge update keeps the rest


def test_a_renamed_group_is_found_by_its_new_name_only(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    enb.update_group_definition(platform, MD, GROUP, new_qualified_name="Egeria:IntegrationGroup:Renamed")

    def by_name(name: str) -> dict:
        path = gov(platform.user_id) + "/integration-groups/by-name/" + quote(name, safe="")
        return _ok(raw("GET", path), "IntegrationGroupElementResponse")

    assert "element" not in by_name(GROUP)
    element = by_name("Egeria:IntegrationGroup:Renamed")["element"]
    assert element["elementHeader"]["guid"] == files.group
    assert element["properties"]["qualifiedName"] == "Egeria:IntegrationGroup:Renamed"


@pytest.mark.parametrize("name", ["Egeria:IntegrationGroup:Nope", "Egeria:IntegrationGroup:files", "a/b c?d#e%f"])
def test_unknown_group_name_is_200_with_no_element(
    platform: enb.EmbeddedPlatform, raw: Raw, files: Files, name: str
) -> None:
    r = raw("GET", gov(platform.user_id) + "/integration-groups/by-name/" + quote(name, safe=""))
    body = _ok(r, "IntegrationGroupElementResponse")
    assert set(body) == {"class", "requestId", "relatedHTTPCode"}
    assert IntegrationGroupElementResponse.model_validate(body).element is None


def test_group_names_with_awkward_characters_are_found(platform: enb.EmbeddedPlatform, raw: Raw) -> None:
    name = "Egeria:IntegrationGroup:a/b c?d#e%f+naïve"
    guid = enb.create_group_definition(platform, MD, name)
    r = raw("GET", gov(platform.user_id) + "/integration-groups/by-name/" + quote(name, safe=""))
    element = _ok(r, "IntegrationGroupElementResponse")["element"]
    assert element["elementHeader"]["guid"] == guid
    assert element["properties"]["qualifiedName"] == name


@pytest.mark.parametrize(
    "name", [FOLDER, FOLDER + "_implementation", FOLDER + "_endpoint", "egeria_nb::ConnectorType::" + FOLDER_PROVIDER]
)
def test_other_elements_of_a_definition_are_not_groups(
    platform: enb.EmbeddedPlatform, raw: Raw, files: Files, name: str
) -> None:
    # The connector, its Connection, Endpoint and ConnectorType all have qualified names; none is a group.
    r = raw("GET", gov(platform.user_id) + "/integration-groups/by-name/" + quote(name, safe=""))
    assert "element" not in _ok(r, "IntegrationGroupElementResponse")


# -- registered connectors ----------------------------------------------------------------------------------


def _registered(raw: Raw, platform: enb.EmbeddedPlatform, group: str, **params: str) -> dict:
    path = gov(platform.user_id) + f"/integration-groups/{group}/integration-connectors"
    return _ok(raw("GET", path, params=params), "RegisteredIntegrationConnectorsResponse")


def test_registered_connectors_field_by_field(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    body = _registered(raw, platform, files.group)
    elements = body["elements"]
    assert len(elements) == 3
    by_name = {e["properties"]["qualifiedName"]: e for e in elements}
    assert [e["properties"]["qualifiedName"] for e in elements] == [FOLDER, CSV, TAIL]  # registration order

    for name, element in by_name.items():
        # Egeria never fills catalogTargets on these reads.
        assert set(element) == {"elementHeader", "properties", "connectorId", "registrationProperties"}
        assert element["connectorId"] == files.registrations[name]
        _check_header(element["elementHeader"], files.connectors[name], "IntegrationConnector", platform.user_id)
        assert "Asset" in element["elementHeader"]["type"]["superTypeNames"]
        assert element["connectorId"] != element["elementHeader"]["guid"]
        connection = element["properties"]["connection"]
        # The OCF connection names each element it was assembled from.
        assert connection["class"] == "Connection"
        assert connection["guid"] == _guid(platform, "Connection", name + "_implementation")
        assert connection["qualifiedName"] == name + "_implementation"
        assert connection["connectorType"]["class"] == "ConnectorType"
        provider = connection["connectorType"]["connectorProviderClassName"]
        assert connection["connectorType"]["qualifiedName"] == "egeria_nb::ConnectorType::" + provider
        assert connection["connectorType"]["guid"] == _guid(
            platform, "ConnectorType", "egeria_nb::ConnectorType::" + provider
        )
        assert element["registrationProperties"]["class"] == "RegisteredIntegrationConnectorProperties"
        assert element["registrationProperties"]["typeName"] == "RegisteredIntegrationConnector"

    folder = by_name[FOLDER]
    assert folder["properties"] == {
        "class": "IntegrationConnector",
        "typeName": "DeployedConnector",  # as Egeria 6's bean keeps it
        "qualifiedName": FOLDER,
        "displayName": "Folder cataloguer",
        "description": "Catalogues the files of a folder",
        "usesBlockingCalls": False,
        "connection": folder["properties"]["connection"],
    }
    connection = folder["properties"]["connection"]
    assert connection == {
        "class": "Connection",
        "headerVersion": 0,
        "guid": _guid(platform, "Connection", FOLDER + "_implementation"),
        "qualifiedName": FOLDER + "_implementation",
        "connectorType": {
            "class": "ConnectorType",
            "headerVersion": 0,
            "guid": _guid(platform, "ConnectorType", "egeria_nb::ConnectorType::" + FOLDER_PROVIDER),
            "qualifiedName": "egeria_nb::ConnectorType::" + FOLDER_PROVIDER,
            "displayName": "FolderCataloguer",
            "connectorProviderClassName": FOLDER_PROVIDER,
            "supportedAssetTypeName": "IntegrationConnector",
            "supportedDeployedImplementationType": "Integration Connector",
        },
        "endpoint": {
            "class": "Endpoint",
            "headerVersion": 0,
            "guid": _guid(platform, "Endpoint", FOLDER + "_endpoint"),
            "qualifiedName": FOLDER + "_endpoint",
            "networkAddress": "/data/files",
        },
        "configurationProperties": {"recursive": True, "depth": 3},
    }
    # Java Date form: ISO-8601 with millis and offset, normalised to UTC (egeria-wire.md §0.1).
    assert folder["registrationProperties"] == {
        "class": "RegisteredIntegrationConnectorProperties",
        "typeName": "RegisteredIntegrationConnector",
        "connectorName": "FolderCataloguer",
        "connectorUserId": "files-npa",
        "metadataSourceQualifiedName": "Source:Files",
        "startDate": "2026-01-31T09:00:00.000+00:00",
        "refreshTimeInterval": 60,
        "connectorShutdownDate": "2026-12-31T09:00:00.000+00:00",
        "permittedSynchronization": "FROM_THIRD_PARTY",
        "generateConnectorActivityReports": True,
    }
    assert _iso(folder["registrationProperties"]["startDate"]) == START

    csv = by_name[CSV]
    assert csv["properties"] == {
        "class": "IntegrationConnector",
        "typeName": "DeployedConnector",
        "qualifiedName": CSV,
        "usesBlockingCalls": False,
        "connection": csv["properties"]["connection"],
    }
    assert set(csv["properties"]["connection"]) == {"class", "headerVersion", "guid", "qualifiedName", "connectorType"}
    # What was not given is left out; Egeria's defaults where its bean has one.
    assert csv["registrationProperties"] == {
        "class": "RegisteredIntegrationConnectorProperties",
        "typeName": "RegisteredIntegrationConnector",
        "connectorName": "CSVCataloguer",
        "refreshTimeInterval": 0,
        "permittedSynchronization": "BOTH_DIRECTIONS",
        "generateConnectorActivityReports": False,
    }

    tail = by_name[TAIL]
    assert tail["properties"]["usesBlockingCalls"] is True
    tail_connection = tail["properties"]["connection"]
    assert tail_connection["endpoint"]["networkAddress"] == "/var/log/x.log"
    assert tail_connection["endpoint"]["qualifiedName"] == TAIL + "_endpoint"
    assert tail_connection["userId"] == "tail-npa"
    assert tail_connection["configurationProperties"] == {"lines": 10}
    assert tail["registrationProperties"]["refreshTimeInterval"] == 1
    assert tail["registrationProperties"]["permittedSynchronization"] == "TO_THIRD_PARTY"

    parsed = RegisteredIntegrationConnectorsResponse.model_validate(body).elements
    assert parsed is not None
    assert [e.connector_id for e in parsed] == [files.registrations[n] for n in (FOLDER, CSV, TAIL)]
    assert [e.guid for e in parsed] == [files.connectors[n] for n in (FOLDER, CSV, TAIL)]
    first = parsed[0]
    assert first.properties is not None and first.properties.connection is not None
    assert first.properties.connection.provider == FOLDER_PROVIDER
    assert first.properties.connection.endpoint_address == "/data/files"
    assert first.registration_properties is not None
    assert first.registration_properties.start_date == START
    assert first.registration_properties.connector_shutdown_date == STOP
    assert all(e.catalog_targets is None for e in parsed)
    assert parsed[2].properties is not None and parsed[2].properties.uses_blocking_calls is True


def test_the_python_reads_agree_with_the_wire(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    # get_connector_definition assembles the same connector (through the generic API) as the service does.
    whole = {e["elementHeader"]["guid"]: e for e in _registered(raw, platform, files.group)["elements"]}
    for name, guid in files.connectors.items():
        assembled = enb.get_connector_definition(platform, MD, name).to_wire()
        served = whole[guid]
        assert assembled["elementHeader"] == served["elementHeader"]
        assert assembled["properties"] == served["properties"]
    rows = enb.get_registered_connectors(platform, MD, GROUP)
    assert list(rows["connector_id"]) == [files.registrations[n] for n in (FOLDER, CSV, TAIL)]
    assert list(rows["provider"]) == [FOLDER_PROVIDER, CSV_PROVIDER, TAIL_PROVIDER]


def test_the_connection_follows_changes_to_its_elements(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    def connection_of(name: str) -> dict:
        path = gov(platform.user_id) + f"/integration-groups/{files.group}/integration-connectors/"
        element = _ok(raw("GET", path + files.connectors[name]), "RegisteredIntegrationConnectorResponse")
        return element["registeredIntegrationConnector"]["properties"]["connection"]

    before = connection_of(FOLDER)
    enb.update_connector_definition(
        platform,
        MD,
        FOLDER,
        endpoint_address="/data/elsewhere",
        configuration_properties={"depth": 4},
        connector_provider=CSV_PROVIDER,
    )
    after = connection_of(FOLDER)
    assert after["guid"] == before["guid"]  # the same Connection element, changed
    assert after["endpoint"]["guid"] == before["endpoint"]["guid"]
    assert after["endpoint"]["networkAddress"] == "/data/elsewhere"
    assert after["configurationProperties"] == {"recursive": True, "depth": 4}  # merged
    # Now linked to the ConnectorType the CSV connector uses: one ConnectorType per provider.
    assert after["connectorType"] == connection_of(CSV)["connectorType"]

    enb.update_connector_definition(
        platform, MD, FOLDER, endpoint_address=None, configuration_properties=None, merge_configuration=False
    )
    gone = connection_of(FOLDER)
    assert "endpoint" not in gone
    assert "configurationProperties" not in gone
    assert gone["guid"] == before["guid"]


def test_paging_across_a_page_boundary(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    whole = _registered(raw, platform, files.group)["elements"]
    first = _registered(raw, platform, files.group, startingFrom="0", maximumResults="2")
    second = _registered(raw, platform, files.group, startingFrom="2", maximumResults="2")
    past = _registered(raw, platform, files.group, startingFrom="3", maximumResults="2")
    assert len(first["elements"]) == 2
    assert len(second["elements"]) == 1
    assert "elements" not in past  # an empty page has no "elements" at all
    assert first["elements"] + second["elements"] == whole
    one = _registered(raw, platform, files.group, startingFrom="1", maximumResults="1")["elements"]
    assert [e["connectorId"] for e in one] == [files.registrations[CSV]]
    # 0 (or no maximumResults) means the server's page size.
    assert _registered(raw, platform, files.group, startingFrom="0", maximumResults="0")["elements"] == whole
    assert _registered(raw, platform, files.group, maximumResults="1000")["elements"] == whole


@pytest.mark.parametrize(
    ("params", "message_id", "parameter"),
    [
        ({"startingFrom": "-1"}, "OMAG-COMMON-400-008", "startingFrom"),
        ({"maximumResults": "-1"}, "OMAG-COMMON-400-009", "maximumResults"),
        ({"maximumResults": "1001"}, "OMAG-COMMON-400-010", "maximumResults"),
        ({"maximumResults": "all"}, "OMAG-COMMON-400-032", None),
        ({"startingFrom": "1.5"}, "OMAG-COMMON-400-032", None),
    ],
    ids=["negative start", "negative page", "page over the maximum", "page as text", "fractional start"],
)
def test_bad_paging_is_refused(
    platform: enb.EmbeddedPlatform, raw: Raw, files: Files, params: dict, message_id: str, parameter: str | None
) -> None:
    path = gov(platform.user_id) + f"/integration-groups/{files.group}/integration-connectors"
    r = raw("GET", path, params=params)
    assert r.status_code == 200
    body = r.json()
    assert body["class"] == "RegisteredIntegrationConnectorsResponse"
    assert body["relatedHTTPCode"] == 400
    assert body["exceptionErrorMessageId"] == message_id
    assert body["exceptionErrorMessage"].startswith(message_id)
    assert body["exceptionUserAction"]
    assert body["actionDescription"] == "getRegisteredIntegrationConnectors"
    if parameter is not None:
        assert body["exceptionProperties"] == {"parameterName": parameter}
    if message_id == "OMAG-COMMON-400-010":
        assert "1000" in body["exceptionErrorMessage"]  # the server's maximum page size
    assert "elements" not in body


def test_a_group_without_registrations_has_no_elements(platform: enb.EmbeddedPlatform, raw: Raw) -> None:
    guid = enb.create_group_definition(platform, MD, "Egeria:IntegrationGroup:Empty")
    assert "elements" not in _registered(raw, platform, guid)


def test_one_registered_connector(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    whole = {e["connectorId"]: e for e in _registered(raw, platform, files.group)["elements"]}
    path = gov(platform.user_id) + f"/integration-groups/{files.group}/integration-connectors/{files.connectors[TAIL]}"
    body = _ok(raw("GET", path), "RegisteredIntegrationConnectorResponse")
    element = body["registeredIntegrationConnector"]
    assert element == whole[files.registrations[TAIL]]
    parsed = RegisteredIntegrationConnectorResponse.model_validate(body).registered_integration_connector
    assert parsed is not None and parsed.connector_id == files.registrations[TAIL]
    assert parsed.registration_properties is not None
    assert parsed.registration_properties.connector_name == "LogTail"

    # A connector this group does not register: 200 and no element.
    other = enb.create_connector_definition(platform, MD, "egeria_nb:IntegrationConnector:Other", "x.Provider")
    path = gov(platform.user_id) + f"/integration-groups/{files.group}/integration-connectors/{other}"
    body = _ok(raw("GET", path), "RegisteredIntegrationConnectorResponse")
    assert set(body) == {"class", "requestId", "relatedHTTPCode"}

    # Egeria reads the registration from the connector's side: a group GUID that registers nothing
    # (or is unknown) finds no registration, and that is not an error.
    for group in (MISSING, enb.create_group_definition(platform, MD, "Egeria:IntegrationGroup:Second")):
        path = gov(platform.user_id) + f"/integration-groups/{group}/integration-connectors/{files.connectors[TAIL]}"
        assert "registeredIntegrationConnector" not in _ok(raw("GET", path), "RegisteredIntegrationConnectorResponse")


def test_registrations_of_a_connector(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    second = enb.create_group_definition(platform, MD, "Egeria:IntegrationGroup:Second")
    enb.register_integration_connector(platform, MD, "Egeria:IntegrationGroup:Second", FOLDER, "Folder2")

    def registrations(connector: str) -> dict:
        path = gov(platform.user_id) + f"/integration-connectors/{connector}/registrations"
        return _ok(raw("GET", path), "GUIDListResponse")

    body = registrations(files.connectors[FOLDER])
    assert sorted(body["guids"]) == sorted([files.group, second])
    assert sorted(GUIDListResponse.model_validate(body).guids or []) == sorted([files.group, second])
    assert registrations(files.connectors[CSV])["guids"] == [files.group]

    enb.unregister_integration_connector(platform, MD, GROUP, CSV)
    assert "guids" not in registrations(files.connectors[CSV])
    enb.delete_group_definition(platform, MD, "Egeria:IntegrationGroup:Second")
    assert registrations(files.connectors[FOLDER])["guids"] == [files.group]


# -- unknown and wrong GUIDs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "response_class", "action", "parameter", "type_name"),
    [
        (
            "/integration-groups/{missing}/integration-connectors",
            "RegisteredIntegrationConnectorsResponse",
            "getRegisteredIntegrationConnectors",
            "integrationGroupGUID",
            "IntegrationGroup",
        ),
        (
            "/integration-groups/{group}/integration-connectors/{missing}",
            "RegisteredIntegrationConnectorResponse",
            "getRegisteredIntegrationConnector",
            "integrationConnectorGUID",
            "IntegrationConnector",
        ),
        (
            "/integration-connectors/{missing}/registrations",
            "GUIDListResponse",
            "getIntegrationConnectorRegistrations",
            "integrationConnectorGUID",
            "IntegrationConnector",
        ),
    ],
    ids=["registered connectors", "one registered connector", "registrations"],
)
@pytest.mark.parametrize("missing", ["never existed", "deleted"])
def test_unknown_guids_are_404_007(
    platform: enb.EmbeddedPlatform,
    raw: Raw,
    files: Files,
    suffix: str,
    response_class: str,
    action: str,
    parameter: str,
    type_name: str,
    missing: str,
) -> None:
    guid = MISSING
    if missing == "deleted" and type_name == "IntegrationGroup":
        guid = enb.create_group_definition(platform, MD, "Egeria:IntegrationGroup:Gone")
        enb.delete_group_definition(platform, MD, "Egeria:IntegrationGroup:Gone")
    elif missing == "deleted":
        guid = enb.create_connector_definition(platform, MD, "egeria_nb:IntegrationConnector:Gone", "x.P")
        enb.register_integration_connector(platform, MD, GROUP, "egeria_nb:IntegrationConnector:Gone", "Gone")
        enb.delete_connector_definition(platform, MD, "egeria_nb:IntegrationConnector:Gone")
    r = raw("GET", gov(platform.user_id) + suffix.format(missing=guid, group=files.group))
    assert r.status_code == 200
    body = r.json()
    assert body["class"] == response_class
    assert body["relatedHTTPCode"] == 404
    assert body["exceptionErrorMessageId"] == "OMAG-REPOSITORY-HANDLER-404-007"
    assert body["exceptionClassName"].endswith("InvalidParameterException")
    assert guid in body["exceptionErrorMessage"] and type_name in body["exceptionErrorMessage"]
    assert "Check the GUID" in body["exceptionUserAction"]
    assert body["exceptionProperties"] == {"parameterName": parameter}
    assert body["actionDescription"] == action
    assert not {"elements", "registeredIntegrationConnector", "guids"} & set(body)


@pytest.mark.parametrize(
    ("suffix", "expected", "sent"),
    [
        ("/integration-groups/{connector}/integration-connectors", "IntegrationGroup", "IntegrationConnector"),
        ("/integration-groups/{group}/integration-connectors/{group}", "IntegrationConnector", "IntegrationGroup"),
        ("/integration-connectors/{connection}/registrations", "IntegrationConnector", "Connection"),
    ],
    ids=["a connector where a group goes", "a group where a connector goes", "a connection where a connector goes"],
)
def test_guids_of_the_wrong_type_are_refused(
    platform: enb.EmbeddedPlatform, raw: Raw, files: Files, suffix: str, expected: str, sent: str
) -> None:
    connection = _guid(platform, "Connection", FOLDER + "_implementation")
    path = suffix.format(group=files.group, connector=files.connectors[FOLDER], connection=connection)
    body = raw("GET", gov(platform.user_id) + path).json()
    assert body["relatedHTTPCode"] == 404
    assert body["exceptionErrorMessageId"] == "OMAG-REPOSITORY-HANDLER-404-001"
    assert f"is of type {sent}, not {expected}" in body["exceptionErrorMessage"]
    assert f"Pass the GUID of an element of type {expected}" in body["exceptionUserAction"]


# -- catalog targets ------------------------------------------------------------------------------------------


def test_catalog_targets_are_not_part_of_these_answers(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    store = OpenMetadataStore(platform, MD)
    folder = platform.run(store.create("FileFolder", {"qualifiedName": "/data/files", "pathName": "/data/files"}))
    target = platform.run(
        store.relate(
            "CatalogTarget",
            files.connectors[FOLDER],
            folder,
            {"catalogTargetName": "files", "configurationProperties": {"a": 1}},
        )
    )
    assert target
    # The relationship is there: the generic API finds it.
    related = platform.run(store.related(files.connectors[FOLDER], "CatalogTarget", starting_at_end=1))
    assert [(r.relationship_guid, r.element.element_guid if r.element else None) for r in related] == [(target, folder)]

    base = gov(platform.user_id)
    listed = _registered(raw, platform, files.group)
    one = _ok(
        raw("GET", base + f"/integration-groups/{files.group}/integration-connectors/{files.connectors[FOLDER]}"),
        "RegisteredIntegrationConnectorResponse",
    )
    for element in [*listed["elements"], one["registeredIntegrationConnector"]]:
        assert "catalogTargets" not in element
        assert "catalogTargets" not in element["properties"]
    parsed = RegisteredIntegrationConnectorsResponse.model_validate(listed).elements
    assert parsed is not None and all(e.catalog_targets is None for e in parsed)
    # Nor does a catalog target count as a registration.
    registrations = _ok(
        raw("GET", base + f"/integration-connectors/{files.connectors[FOLDER]}/registrations"), "GUIDListResponse"
    )
    assert registrations["guids"] == [files.group]


def test_the_path_user_is_only_the_caller_on_6x(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    # A daemon puts its own localServerUserId in the path (§3.2); the bearer token is what authenticates.
    r = raw("GET", gov("qs-integration-daemonnpa") + "/integration-groups/by-name/" + quote(GROUP, safe=""))
    assert _ok(r, "IntegrationGroupElementResponse")["element"]["elementHeader"]["guid"] == files.group
    anonymous = requests.get(
        raw.url + gov(platform.user_id) + "/integration-groups/by-name/" + quote(GROUP, safe=""), timeout=10
    )
    assert anonymous.status_code == 401
    assert anonymous.json()["exceptionErrorMessageId"] == "EGERIA-NB-401-001"


# -- older release lines --------------------------------------------------------------------------------------


def _read_paths(files: Files) -> list[str]:
    return [
        "/integration-groups/by-name/" + quote(GROUP, safe=""),
        f"/integration-groups/{files.group}/integration-connectors",
        f"/integration-groups/{files.group}/integration-connectors/{files.connectors[FOLDER]}",
        f"/integration-connectors/{files.connectors[FOLDER]}/registrations",
    ]


def _reads(url: str, prefix: str, user: str, files: Files) -> list[requests.Response]:
    base = url + gov(user, prefix=prefix)
    return [requests.get(base + path, timeout=10) for path in _read_paths(files)]


@pytest.mark.parametrize("prefix", [GOV_54, GOV_50], ids=["5.4", "5.0-5.3"])
def test_legacy_prefixes_are_off_by_default(platform: enb.EmbeddedPlatform, files: Files, prefix: str) -> None:
    for r in _reads(platform.url, prefix, platform.user_id, files):
        assert r.status_code == 404
        body = r.json()
        assert body["exceptionErrorMessageId"] == "EGERIA-NB-404-002"
        assert "legacy_api=True" in body["exceptionUserAction"]
        assert "element" not in body and "elements" not in body


def _as_5_4(element: dict) -> dict:
    """What the 5.4 service answers for a 6.x element: the properties bean of that line."""
    properties = {
        **element["properties"],
        "class": "IntegrationConnectorProperties",
        "typeName": "IntegrationConnector",
    }
    return {**element, "properties": properties}


@pytest.mark.parametrize("line", ["5.4", "5.0-5.3"])
def test_legacy_prefixes_answer_with_their_release_lines_beans(tmp_path: Path, line: str) -> None:
    prefix = GOV_54 if line == "5.4" else GOV_50
    with enb.start_embedded(tmp_path / "legacy", legacy_api=True) as platform:
        files = define_files(platform)
        raw = Raw(platform)
        try:
            modern = [raw("GET", gov(platform.user_id) + path).json() for path in _read_paths(files)]
        finally:
            raw.close()
        legacy = [r.json() for r in _reads(platform.url, prefix, platform.user_id, files)]
        for old in legacy:
            assert old["relatedHTTPCode"] == 200, old
            uuid.UUID(old.pop("requestId"))
        for new in modern:
            new.pop("requestId")

        group, listed, one, registrations = legacy
        # The group element and the registrations are the same beans on every line.
        assert group == modern[0]
        assert registrations == modern[3]
        assert registrations["guids"] == [files.group]
        assert one["registeredIntegrationConnector"] == listed["elements"][0]

        assert listed["class"] == "RegisteredIntegrationConnectorsResponse"
        assert len(listed["elements"]) == 3
        for old, new in zip(listed["elements"], modern[1]["elements"], strict=True):
            # Header, connectorId and the connection are as 6.x has them.
            assert old["elementHeader"] == new["elementHeader"]
            assert old["connectorId"] == new["connectorId"]
            assert old["properties"]["connection"] == new["properties"]["connection"]
            assert "catalogTargets" not in old
            assert old["properties"]["class"] == "IntegrationConnectorProperties"
            assert old["properties"]["typeName"] == "IntegrationConnector"

        folder = listed["elements"][0]
        new_folder = modern[1]["elements"][0]
        if line == "5.4":
            assert listed["elements"] == [_as_5_4(e) for e in modern[1]["elements"]]
            assert folder["registrationProperties"] == new_folder["registrationProperties"]
        else:
            assert folder["properties"] == {
                "class": "IntegrationConnectorProperties",
                "typeName": "IntegrationConnector",
                "qualifiedName": FOLDER,
                "name": "Folder cataloguer",  # 5.0-5.3 beans have "name" where 6.x has displayName
                "description": "Catalogues the files of a folder",
                "usesBlockingCalls": False,
                "connection": new_folder["properties"]["connection"],
            }
            assert folder["registrationProperties"] == {
                "connectorName": "FolderCataloguer",
                "connectorUserId": "files-npa",
                "metadataSourceQualifiedName": "Source:Files",
                "startDate": "2026-01-31T09:00:00.000+00:00",
                "refreshTimeInterval": 60,
                "stopDate": "2026-12-31T09:00:00.000+00:00",
                "permittedSynchronization": "FROM_THIRD_PARTY",
                "generateIntegrationReports": True,
            }
            csv = listed["elements"][1]
            assert "name" not in csv["properties"] and "displayName" not in csv["properties"]
            assert csv["registrationProperties"] == {
                "connectorName": "CSVCataloguer",
                "refreshTimeInterval": 0,
                "permittedSynchronization": "BOTH_DIRECTIONS",
                "generateIntegrationReports": False,
            }
            assert all("displayName" not in e["properties"] for e in listed["elements"])

        for r in _reads(platform.url, prefix, "stranger", files):
            body = r.json()
            assert body["relatedHTTPCode"] == 401
            assert body["exceptionErrorMessageId"] == "EGERIA-NB-401-004"
            assert "element" not in body and "elements" not in body and "guids" not in body


# -- what the service no longer serves -----------------------------------------------------------------------

# Every operation egeria_nb used to serve here besides Egeria's four reads: (method, suffix, body).
REMOVED = [
    ("GET", "/integration-groups", None),
    ("POST", "/integration-groups/new", {"class": "IntegrationGroupProperties", "qualifiedName": "New"}),
    ("GET", "/integration-groups/{group}", None),
    ("POST", "/integration-groups/{group}/update", {"description": "changed"}),
    ("POST", "/integration-groups/{group}/delete", {}),
    ("POST", "/integration-groups/{group}/integration-connectors/{connector}/delete", {}),
    ("GET", "/integration-connectors/by-name/{connector_name}", None),
    ("GET", "/integration-connectors", None),
    ("POST", "/integration-connectors/new", {"qualifiedName": "New", "connection": {"class": "Connection"}}),
    ("GET", "/integration-connectors/{connector}", None),
    ("POST", "/integration-connectors/{connector}/update", {"usesBlockingCalls": True}),
    ("POST", "/integration-connectors/{connector}/delete", {}),
    ("GET", "/integration-connectors/{connector}/catalog-targets", None),
    ("POST", "/integration-connectors/{connector}/catalog-targets/{group}", {"catalogTargetName": "t"}),
    ("GET", "/catalog-targets/{connector}", None),
    ("POST", "/catalog-targets/{connector}/update", {"catalogTargetName": "t"}),
    ("POST", "/catalog-targets/{connector}/delete", {}),
]
# Served paths, other methods: "method not allowed" (what registering used to be, among others).
NOT_ALLOWED = [
    ("POST", "/integration-groups/{group}/integration-connectors/{connector}", {"connectorName": "Folder"}),
    ("POST", "/integration-groups/by-name/{group_name}", {}),
    ("DELETE", "/integration-groups/{group}/integration-connectors/{connector}", None),
    ("PUT", "/integration-groups/{group}/integration-connectors", {}),
    ("POST", "/integration-connectors/{connector}/registrations", {}),
]


def _path(suffix: str, files: Files) -> str:
    return suffix.format(
        group=files.group,
        connector=files.connectors[FOLDER],
        group_name=quote(GROUP, safe=""),
        connector_name=quote(FOLDER, safe=""),
    )


def _check_gone(r: requests.Response, method: str, path: str, status: int) -> None:
    assert r.status_code == status, (method, path, r.text)
    body = r.json()
    assert body["relatedHTTPCode"] == status
    message_id = "EGERIA-NB-404-001" if status == 404 else "EGERIA-NB-405-001"
    assert body["exceptionErrorMessageId"] == message_id, body
    assert body["exceptionErrorMessage"].startswith(message_id)
    # The message names the method and the path (as the platform read it: decoded).
    text = body["exceptionErrorMessage"]
    assert method in text and unquote(path) in text
    assert body["exceptionUserAction"] and body["exceptionSystemAction"]
    if status == 405:
        assert "allowed: GET" in body["exceptionErrorMessage"]
    assert not {"guid", "element", "elements", "guids", "registeredIntegrationConnector"} & set(body)


def test_the_other_operations_are_no_longer_served(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    before = last_sequence(raw)
    for method, suffix, body, status in [
        *((m, s, b, 404) for m, s, b in REMOVED),
        *((m, s, b, 405) for m, s, b in NOT_ALLOWED),
    ]:
        path = gov(platform.user_id) + _path(suffix, files)
        kw: dict[str, Any] = {} if body is None else {"json": body}
        _check_gone(raw(method, path, **kw), method, path, status)
    assert last_sequence(raw) == before  # nothing was written
    assert len(_registered(raw, platform, files.group)["elements"]) == 3


def test_a_method_not_allowed_says_which_are(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    # HTTP requires a 405 answer to list the allowed methods in an Allow header (RFC 9110 §15.5.6).
    path = gov(platform.user_id) + _path("/integration-groups/{group}/integration-connectors/{connector}", files)
    r = raw("POST", path, json={"connectorName": "Folder"})
    assert r.status_code == 405
    assert r.headers.get("Allow") == "GET"


def test_the_other_operations_are_gone_on_the_legacy_prefixes_too(tmp_path: Path) -> None:
    with enb.start_embedded(tmp_path / "legacy", legacy_api=True) as platform:
        files = define_files(platform)
        raw = Raw(platform)
        try:
            before = last_sequence(raw)
            for prefix in (GOV_6, GOV_54, GOV_50):
                for method, suffix, body, status in [
                    *((m, s, b, 404) for m, s, b in REMOVED),
                    *((m, s, b, 405) for m, s, b in NOT_ALLOWED),
                ]:
                    path = gov(platform.user_id, prefix=prefix) + _path(suffix, files)
                    kw: dict[str, Any] = {} if body is None else {"json": body}
                    _check_gone(raw(method, path, **kw), method, path, status)
            assert last_sequence(raw) == before
        finally:
            raw.close()


# -- unknown servers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("server", ["no-such-store", "integration-daemon"])
def test_unknown_metadata_server(platform: enb.EmbeddedPlatform, raw: Raw, server: str) -> None:
    # "integration-daemon" has a configuration document but is not a metadata access server.
    enb.create_integration_daemon(
        platform,
        "integration-daemon",
        [
            enb.IntegrationGroupConfig(
                integration_group_qualified_name=GROUP, omag_server_name=MD, omag_server_platform_root_url=platform.url
            )
        ],
    )
    r = raw("GET", gov(platform.user_id, md=server) + "/integration-groups/by-name/" + quote(GROUP, safe=""))
    assert r.status_code == 200
    body = r.json()
    assert body["class"] == "IntegrationGroupElementResponse"
    assert body["relatedHTTPCode"] == 404
    assert body["exceptionErrorMessageId"] == "OMAG-MULTI-TENANT-404-001"
    assert body["exceptionErrorMessageParameters"] == [server, platform.user_id]  # Egeria's: server, caller
    assert body["exceptionClassName"].endswith("InvalidParameterException")
    assert "element" not in body
    with pytest.raises(enb.ServerNotKnownError) as caught:
        enb.get_group_definition(platform, server, GROUP)
    assert caught.value.message_id == "OMAG-MULTI-TENANT-404-001"
