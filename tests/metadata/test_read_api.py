"""The governance-configuration reads a 6.x integration daemon makes (egeria-wire.md §3.2), field by field."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

import egeria_nb as enb
from egeria_nb.metadata.catalog import MetadataCatalog
from egeria_nb.wire.metadata import (
    GUIDListResponse,
    IntegrationGroupElementResponse,
    RegisteredIntegrationConnectorResponse,
    RegisteredIntegrationConnectorsResponse,
)
from tests.conftest import Raw
from tests.metadata.conftest import GOV_50, GOV_54, MD, gov

GROUP = "Egeria:IntegrationGroup:Files"
FOLDER = "egeria_nb:IntegrationConnector:Folder"
CSV = "egeria_nb:IntegrationConnector:CSV"
TAIL = "egeria_nb:IntegrationConnector:Tail"
START = datetime(2026, 1, 31, 10, 0, tzinfo=timezone(timedelta(hours=1)))  # 09:00 UTC
STOP = datetime(2026, 12, 31, 9, 0, tzinfo=UTC)


@dataclass
class Files:
    group: str
    connectors: dict[str, str]  # qualified name -> connector GUID
    registrations: dict[str, str]  # qualified name -> connectorId (relationship GUID)


def define_files(platform: enb.Platform) -> Files:
    """A group with three registered connectors that differ in every optional field."""
    group = enb.create_integration_group(
        platform, MD, GROUP, display_name="Files", description="Catalogues a folder", version_identifier="1.0"
    )
    connectors = {
        FOLDER: enb.create_integration_connector(
            platform,
            MD,
            FOLDER,
            "egeria_nb.connectors.files.FolderCataloguer",
            {"recursive": True, "depth": 3},
            "/data/files",
            display_name="Folder cataloguer",
        ),
        CSV: enb.create_integration_connector(platform, MD, CSV, "egeria_nb.connectors.csv.CSVSchemaCataloguer"),
        TAIL: enb.create_integration_connector(
            platform, MD, TAIL, "egeria_nb.connectors.tail.Tail", {"lines": 10}, "/var/log/x.log", True
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

    parsed = IntegrationGroupElementResponse.model_validate(body).element
    assert parsed is not None and parsed.guid == files.group
    assert parsed.properties is not None and parsed.properties.display_name == "Files"
    assert parsed.element_header is not None and parsed.element_header.versions is not None
    assert parsed.element_header.versions.create_time is not None
    assert parsed.element_header.versions.create_time.tzinfo is not None


def test_an_updated_group_shows_its_new_version(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    enb.update_integration_group(platform, MD, GROUP, description="Now also CSV files")
    element = raw("GET", gov(platform.user_id) + "/integration-groups/by-name/" + quote(GROUP, safe="")).json()[
        "element"
    ]
    versions = element["elementHeader"]["versions"]
    assert versions["version"] == 2
    assert versions["updatedBy"] == platform.user_id
    assert _iso(versions["updateTime"]) >= _iso(versions["createTime"])
    assert element["properties"]["description"] == "Now also CSV files"
    assert element["properties"]["displayName"] == "Files"  # a merge update keeps the rest


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
    guid = enb.create_integration_group(platform, MD, name)
    r = raw("GET", gov(platform.user_id) + "/integration-groups/by-name/" + quote(name, safe=""))
    element = _ok(r, "IntegrationGroupElementResponse")["element"]
    assert element["elementHeader"]["guid"] == guid
    assert element["properties"]["qualifiedName"] == name


def test_a_connector_of_the_same_name_is_not_a_group(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    r = raw("GET", gov(platform.user_id) + "/integration-groups/by-name/" + quote(FOLDER, safe=""))
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
        assert element["connectorId"] == files.registrations[name]
        _check_header(element["elementHeader"], files.connectors[name], "IntegrationConnector", platform.user_id)
        assert "Asset" in element["elementHeader"]["type"]["superTypeNames"]
        assert element["connectorId"] != element["elementHeader"]["guid"]
        props = element["properties"]
        assert props["class"] == "IntegrationConnector"
        assert props["connection"]["class"] == "Connection"
        assert props["connection"]["connectorType"]["class"] == "ConnectorType"
        assert element["registrationProperties"]["class"] == "RegisteredIntegrationConnectorProperties"
        assert "catalogTargets" not in element

    folder = by_name[FOLDER]
    assert folder["properties"]["usesBlockingCalls"] is False
    assert folder["properties"]["displayName"] == "Folder cataloguer"
    connection = folder["properties"]["connection"]
    assert connection["connectorType"]["connectorProviderClassName"] == "egeria_nb.connectors.files.FolderCataloguer"
    assert connection["configurationProperties"] == {"recursive": True, "depth": 3}
    assert connection["endpoint"] == {"class": "Endpoint", "headerVersion": 0, "networkAddress": "/data/files"}
    registration = folder["registrationProperties"]
    assert registration["connectorName"] == "FolderCataloguer"
    assert registration["refreshTimeInterval"] == 60
    assert registration["permittedSynchronization"] == "FROM_THIRD_PARTY"
    assert registration["connectorUserId"] == "files-npa"
    assert registration["metadataSourceQualifiedName"] == "Source:Files"
    # Java Date form: ISO-8601 with millis and offset, normalised to UTC (egeria-wire.md §0.1).
    assert registration["startDate"] == "2026-01-31T09:00:00.000+00:00"
    assert registration["connectorShutdownDate"] == "2026-12-31T09:00:00.000+00:00"
    assert _iso(registration["startDate"]) == START

    csv = by_name[CSV]
    assert "endpoint" not in csv["properties"]["connection"]
    assert "configurationProperties" not in csv["properties"]["connection"]
    assert csv["registrationProperties"]["refreshTimeInterval"] == 0
    assert csv["registrationProperties"]["permittedSynchronization"] == "BOTH_DIRECTIONS"
    assert "startDate" not in csv["registrationProperties"]
    assert "connectorShutdownDate" not in csv["registrationProperties"]

    tail = by_name[TAIL]
    assert tail["properties"]["usesBlockingCalls"] is True
    assert tail["properties"]["connection"]["endpoint"]["networkAddress"] == "/var/log/x.log"
    assert tail["registrationProperties"]["permittedSynchronization"] == "TO_THIRD_PARTY"

    parsed = RegisteredIntegrationConnectorsResponse.model_validate(body).elements
    assert parsed is not None
    assert [e.connector_id for e in parsed] == [files.registrations[n] for n in (FOLDER, CSV, TAIL)]
    assert [e.guid for e in parsed] == [files.connectors[n] for n in (FOLDER, CSV, TAIL)]
    first = parsed[0]
    assert first.properties is not None and first.properties.connection is not None
    assert first.properties.connection.provider == "egeria_nb.connectors.files.FolderCataloguer"
    assert first.properties.connection.endpoint_address == "/data/files"
    assert first.registration_properties is not None
    assert first.registration_properties.start_date == START
    assert first.registration_properties.connector_shutdown_date == STOP
    assert parsed[2].properties is not None and parsed[2].properties.uses_blocking_calls is True


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


def test_a_group_without_registrations_has_no_elements(platform: enb.EmbeddedPlatform, raw: Raw) -> None:
    guid = enb.create_integration_group(platform, MD, "Egeria:IntegrationGroup:Empty")
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
    other = enb.create_integration_connector(platform, MD, "egeria_nb:IntegrationConnector:Other", "x.Provider")
    path = gov(platform.user_id) + f"/integration-groups/{files.group}/integration-connectors/{other}"
    assert "registeredIntegrationConnector" not in _ok(raw("GET", path), "RegisteredIntegrationConnectorResponse")


def test_registrations_of_a_connector(platform: enb.EmbeddedPlatform, raw: Raw, files: Files) -> None:
    second = enb.create_integration_group(platform, MD, "Egeria:IntegrationGroup:Second")
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


def test_catalog_targets_come_with_the_registered_connector(
    platform: enb.EmbeddedPlatform, raw: Raw, files: Files
) -> None:
    folder = MetadataCatalog(platform, MD).blocking.create_element("FileFolder", "/data/files")
    path = gov(platform.user_id) + f"/integration-connectors/{files.connectors[FOLDER]}/catalog-targets/{folder.guid}"
    target = _ok(
        raw("POST", path, json={"catalogTargetName": "files", "configurationProperties": {"a": 1}}), "GUIDResponse"
    )
    body = _registered(raw, platform, files.group)
    folder_element = next(e for e in body["elements"] if e["properties"]["qualifiedName"] == FOLDER)
    [entry] = folder_element["catalogTargets"]
    assert entry["class"] == "CatalogTarget"
    assert (entry["catalogTargetName"], entry["relationshipGUID"]) == ("files", target["guid"])
    assert entry["configurationProperties"] == {"a": 1}
    assert entry["catalogTargetElement"]["elementHeader"]["guid"] == folder.guid
    assert entry["catalogTargetElement"]["properties"]["qualifiedName"] == "/data/files"
    parsed = RegisteredIntegrationConnectorsResponse.model_validate(body).elements
    assert parsed is not None
    targets = next(e for e in parsed if e.guid == files.connectors[FOLDER]).catalog_targets
    assert targets is not None and targets[0].catalog_target_name == "files"
    assert all("catalogTargets" not in e for e in body["elements"] if e is not folder_element)

    MetadataCatalog(platform, MD).blocking.delete_element(folder.guid)  # the target goes with its element
    body = _registered(raw, platform, files.group)
    assert all("catalogTargets" not in e for e in body["elements"])


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


def _reads(url: str, prefix: str, user: str, files: Files) -> list[requests.Response]:
    base = url + gov(user, prefix=prefix)
    return [
        requests.get(base + "/integration-groups/by-name/" + quote(GROUP, safe=""), timeout=10),
        requests.get(base + f"/integration-groups/{files.group}/integration-connectors", timeout=10),
        requests.get(
            base + f"/integration-groups/{files.group}/integration-connectors/{files.connectors[CSV]}", timeout=10
        ),
        requests.get(base + f"/integration-connectors/{files.connectors[CSV]}/registrations", timeout=10),
    ]


@pytest.mark.parametrize("prefix", [GOV_54, GOV_50], ids=["5.4", "5.0-5.3"])
def test_legacy_prefixes_are_off_by_default(platform: enb.EmbeddedPlatform, files: Files, prefix: str) -> None:
    for r in _reads(platform.url, prefix, platform.user_id, files):
        assert r.status_code == 404
        body = r.json()
        assert body["exceptionErrorMessageId"] == "EGERIA-NB-404-002"
        assert "legacy_api=True" in body["exceptionUserAction"]
        assert "element" not in body and "elements" not in body


@pytest.mark.parametrize("prefix", [GOV_54, GOV_50], ids=["5.4", "5.0-5.3"])
def test_legacy_prefixes_answer_like_6x_with_legacy_api(tmp_path: Path, prefix: str) -> None:
    with enb.start_embedded(tmp_path / "legacy", legacy_api=True) as platform:
        files = define_files(platform)
        raw = Raw(platform)
        try:
            modern = [
                raw("GET", gov(platform.user_id) + "/integration-groups/by-name/" + quote(GROUP, safe="")),
                raw("GET", gov(platform.user_id) + f"/integration-groups/{files.group}/integration-connectors"),
                raw(
                    "GET",
                    gov(platform.user_id)
                    + f"/integration-groups/{files.group}/integration-connectors/{files.connectors[CSV]}",
                ),
                raw("GET", gov(platform.user_id) + f"/integration-connectors/{files.connectors[CSV]}/registrations"),
            ]
        finally:
            raw.close()
        legacy = _reads(platform.url, prefix, platform.user_id, files)
        for old, new in zip(legacy, modern, strict=True):
            assert old.status_code == 200
            a, b = old.json(), new.json()
            assert a["relatedHTTPCode"] == 200, a
            a.pop("requestId"), b.pop("requestId")
            assert a == b
        assert len(legacy[1].json()["elements"]) == 3

        for r in _reads(platform.url, prefix, "stranger", files):
            body = r.json()
            assert body["relatedHTTPCode"] == 401
            assert body["exceptionErrorMessageId"] == "EGERIA-NB-401-004"
            assert "element" not in body and "elements" not in body and "guids" not in body


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
    assert body["exceptionErrorMessageParameters"] == [server]
    assert body["exceptionClassName"].endswith("InvalidParameterException")
    assert "element" not in body
    with pytest.raises(enb.ServerNotKnownError) as caught:
        enb.get_integration_group(platform, server, GROUP)
    assert caught.value.message_id == "OMAG-MULTI-TENANT-404-001"
