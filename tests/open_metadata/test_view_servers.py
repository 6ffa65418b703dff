"""View servers on the embedded platform: the metadata-expert view service in front of a metadata access server.

Covers the default qs-view-server that start_embedded() runs in front of active-metadata-store, a second view server
in front of a second metadata server, the admin call that configures a view service (and what it refuses), a view
server whose metadata server is stopped, a stopped view server, a restart on the same data directory, and a platform
started without view servers. These tests stop and restart servers and platforms, so each has its own platform.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import egeria_nb as enb
from tests.conftest import Raw
from tests.open_metadata.conftest import Api, last_sequence, plain, unique

ACTIVE = "/open-metadata/platform-services/server-platform/servers/active"
MD = "active-metadata-store"
VIEW = "qs-view-server"


def view_api(raw: Raw, platform: enb.EmbeddedPlatform, view: str = VIEW) -> Api:
    """Base B of a view server; the user is the token's."""
    return Api(raw, f"/servers/{view}/api/open-metadata/metadata-expert", view, platform.user_id or "")


def store_api(raw: Raw, server: str = MD) -> Api:
    """Base A of a metadata access server, acting as erinoverview."""
    return Api(
        raw, f"/servers/{server}/open-metadata/access-services/open-metadata-store/users/erinoverview", server, ""
    )


def active_servers(raw: Raw) -> list[str]:
    answer = raw("GET", ACTIVE).json()
    assert answer["relatedHTTPCode"] == 200, answer
    return answer.get("serverList") or []


def view_services(raw: Raw, server: str) -> list[dict[str, Any]]:
    answer = raw.admin("GET", server, "/view-services/configuration").json()
    assert answer["relatedHTTPCode"] == 200, answer
    return answer.get("services") or []


def get_body() -> dict[str, Any]:
    return {"class": "GetRequestBody"}


def unknown_element(api: Api, guid: str) -> None:
    answer = api.fails(f"/metadata-elements/{guid}", get_body())
    assert answer["relatedHTTPCode"] == 404
    assert answer["exceptionErrorMessageId"] == "OMAG-REPOSITORY-HANDLER-404-007"


# -- the default view server ---------------------------------------------------------------------------


def test_start_embedded_runs_qs_view_server_in_front_of_active_metadata_store(
    platform: enb.EmbeddedPlatform, raw: Raw
) -> None:
    assert {MD, VIEW} <= set(active_servers(raw))
    classified = raw.admin("GET", VIEW, "/server-type-classification").json()
    assert classified["relatedHTTPCode"] == 200, classified
    assert classified["serverTypeClassification"]["serverTypeName"] == "View Server"
    services = view_services(raw, VIEW)
    assert [(s["viewServiceURLMarker"], s["omagserverName"]) for s in services] == [("metadata-expert", MD)]
    assert services[0]["class"] == "ViewServiceConfig"
    assert services[0]["omagserverPlatformRootURL"]

    # And it serves the generic API on the metadata server's store.
    name = unique("Location")
    guid = view_api(raw, platform).create("Location", name)
    assert plain(store_api(raw).get(guid)["elementProperties"]) == {"qualifiedName": name}


def test_start_embedded_with_no_view_servers_starts_no_qs_view_server(data_dir: Path) -> None:
    with enb.start_embedded(data_dir, view_servers={}) as platform:
        raw = Raw(platform)
        try:
            servers = active_servers(raw)
            assert MD in servers
            assert VIEW not in servers
            assert view_services(raw, VIEW) == []
            answer = view_api(raw, platform).fails("/metadata-elements/by-search-string", {"searchString": "x"})
            assert answer["exceptionErrorMessageId"] == "OMAG-MULTI-TENANT-404-001"
            assert VIEW in answer["exceptionErrorMessage"]
        finally:
            raw.close()


# -- a second view server in front of a second metadata server --------------------------------------------


@pytest.fixture
def second(platform: enb.EmbeddedPlatform) -> Iterator[None]:
    enb.create_metadata_server(platform, "second-store")
    enb.create_view_server(platform, "second-view", "second-store")
    yield


def test_elements_created_through_second_view_land_on_second_store(
    platform: enb.EmbeddedPlatform, raw: Raw, second: None
) -> None:
    assert {MD, VIEW, "second-store", "second-view"} <= set(active_servers(raw))
    services = view_services(raw, "second-view")
    assert [(s["viewServiceURLMarker"], s["omagserverName"]) for s in services] == [("metadata-expert", "second-store")]

    name = unique("Location")
    second_view = view_api(raw, platform, "second-view")
    guid = second_view.create("Location", name)
    assert second_view.get(guid)["elementGUID"] == guid
    element = store_api(raw, "second-store").get(guid)
    assert plain(element["elementProperties"]) == {"qualifiedName": name}
    assert element["origin"]["homeMetadataCollectionName"] == "second-store"
    # Not on active-metadata-store, nor through the view server in front of it.
    unknown_element(store_api(raw), guid)
    unknown_element(view_api(raw, platform), guid)
    # The same qualified name is free on the other store.
    assert view_api(raw, platform).create("Location", name) != guid


# -- configuring a view service ---------------------------------------------------------------------------


def configure(raw: Raw, server: str, marker: str, body: dict[str, Any]) -> dict[str, Any]:
    response = raw.admin("POST", server, f"/view-services/{marker}", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def full_body(platform: enb.EmbeddedPlatform) -> dict[str, Any]:
    return {"class": "ViewServiceRequestBody", "omagserverName": MD, "omagserverPlatformRootURL": platform.url}


@pytest.mark.parametrize(
    ("marker", "left_out", "message_id"),
    [
        ("no-such-service", None, "OMAG-ADMIN-400-036"),
        ("metadata-expert", "omagserverName", "OMAG-ADMIN-400-040"),
        ("metadata-expert", "omagserverPlatformRootURL", "OMAG-ADMIN-400-039"),
    ],
)
def test_configuring_a_view_service_refuses_and_stores_nothing(
    platform: enb.EmbeddedPlatform, raw: Raw, marker: str, left_out: str | None, message_id: str
) -> None:
    body = full_body(platform)
    if left_out:
        del body[left_out]
    before = raw.admin("GET", VIEW, "/configuration").json()["omagserverConfig"]
    for server in (VIEW, "new-view"):
        answer = configure(raw, server, marker, body)
        assert answer["relatedHTTPCode"] == 400, answer
        assert answer["exceptionErrorMessageId"] == message_id, answer
        assert answer["exceptionErrorMessage"].startswith(message_id + " "), answer
        assert server in answer["exceptionErrorMessage"], answer
        assert answer["exceptionUserAction"] and answer["exceptionSystemAction"], answer
    assert raw.admin("GET", VIEW, "/configuration").json()["omagserverConfig"] == before
    # new-view still has no configuration document at all.
    assert view_services(raw, "new-view") == []
    unconfigured = raw.admin("GET", "new-view", "/server-type-classification").json()
    assert unconfigured["exceptionErrorMessageId"] == "OMAG-ADMIN-400-019", unconfigured  # an empty document
    assert [s["omagserverName"] for s in view_services(raw, VIEW)] == [MD]


def test_configuring_the_metadata_expert_view_service_stores_it(platform: enb.EmbeddedPlatform, raw: Raw) -> None:
    answer = configure(raw, "new-view", "metadata-expert", full_body(platform))
    assert answer["relatedHTTPCode"] == 200, answer
    services = view_services(raw, "new-view")
    assert [(s["viewServiceURLMarker"], s["omagserverName"], s["omagserverPlatformRootURL"]) for s in services] == [
        ("metadata-expert", MD, platform.url)
    ]


# -- stopped servers ---------------------------------------------------------------------------------------


def test_view_server_whose_metadata_server_is_stopped_answers_an_error_naming_it(
    platform: enb.EmbeddedPlatform, raw: Raw, second: None
) -> None:
    second_view = view_api(raw, platform, "second-view")
    guid = second_view.create("Location", unique("Location"))
    enb.stop_server(platform, "second-store")
    before = last_sequence(raw)

    for answer in (
        second_view.fails(f"/metadata-elements/{guid}", get_body()),
        second_view.fails("/metadata-elements", {"typeName": "Location", "properties": {}}),
    ):
        assert answer["relatedHTTPCode"] >= 400, answer
        assert "second-store" in answer["exceptionErrorMessage"], answer
        assert answer["exceptionClassName"], answer
    assert last_sequence(raw) == before
    # The other view server is not affected.
    assert view_api(raw, platform).create("Location", unique("Location"))

    enb.start_server(platform, "second-store")
    assert second_view.get(guid)["elementGUID"] == guid


def test_stopped_view_server_answers_server_not_running(platform: enb.EmbeddedPlatform, raw: Raw) -> None:
    guid = view_api(raw, platform).create("Location", unique("Location"))
    enb.stop_server(platform, VIEW)
    assert VIEW not in active_servers(raw)
    assert MD in active_servers(raw)

    answer = view_api(raw, platform).fails(f"/metadata-elements/{guid}", get_body())
    assert answer["relatedHTTPCode"] == 404
    assert answer["exceptionErrorMessageId"] == "OMAG-MULTI-TENANT-404-001"
    assert VIEW in answer["exceptionErrorMessage"]
    # The metadata server behind it still answers on base A.
    assert store_api(raw).get(guid)["elementGUID"] == guid

    enb.start_server(platform, VIEW)
    assert view_api(raw, platform).get(guid)["elementGUID"] == guid


# -- restart ---------------------------------------------------------------------------------------------


def test_view_servers_and_their_elements_survive_a_platform_restart(data_dir: Path) -> None:
    names = {VIEW: unique("Location"), "second-view": unique("Location")}
    with enb.start_embedded(data_dir) as first:
        enb.create_metadata_server(first, "second-store")
        enb.create_view_server(first, "second-view", "second-store")
        raw = Raw(first)
        try:
            created = {view: view_api(raw, first, view).create("Location", name) for view, name in names.items()}
        finally:
            raw.close()

    with enb.start_embedded(data_dir) as again:
        raw = Raw(again)
        try:
            assert {MD, VIEW, "second-store", "second-view"} <= set(active_servers(raw))
            assert [s["omagserverName"] for s in view_services(raw, "second-view")] == ["second-store"]
            for view, guid in created.items():
                element = view_api(raw, again, view).get(guid)
                assert plain(element["elementProperties"]) == {"qualifiedName": names[view]}
            assert store_api(raw, "second-store").get(created["second-view"])["elementGUID"] == created["second-view"]
            unknown_element(store_api(raw), created["second-view"])
        finally:
            raw.close()
