"""The five admin functions, and the server basics, against the embedded platform over HTTP."""

from __future__ import annotations

import pandas as pd
import pytest

import egeria_nb as enb

SERVER = "integration-daemon"
AWKWARD = [
    "a b",
    "with:colons",
    "slash/in/name",
    "per%cent",
    "hash#tag",
    "ques?tion",
    "naïve-名前",
    "plus+amp&eq=",
]


def _group(platform: enb.Platform, name: str) -> enb.IntegrationGroupConfig:
    return enb.IntegrationGroupConfig(
        integration_group_qualified_name=name,
        omag_server_name="active-metadata-store",
        omag_server_platform_root_url=platform.url,
    )


def test_issue_example(platform: enb.EmbeddedPlatform) -> None:
    g = enb.IntegrationGroupConfig(
        integration_group_qualified_name="Egeria:IntegrationGroup:Files",
        omag_server_name="active-metadata-store",
        omag_server_platform_root_url=platform.url,
    )
    enb.configure_integration_group(platform, SERVER, g)
    groups = enb.get_integration_groups(platform, SERVER)
    assert groups == [g]
    assert isinstance(groups[0], enb.IntegrationGroupConfig)


def test_five_operations(platform: enb.EmbeddedPlatform) -> None:
    enb.configure_integration_groups(platform, SERVER, [_group(platform, n) for n in ("x", "y", "z")])
    assert enb.get_integration_groups(platform, SERVER).names() == ["x", "y", "z"]
    enb.configure_integration_group(platform, SERVER, _group(platform, "x"))
    assert enb.get_integration_groups(platform, SERVER).names() == ["y", "z", "x"]
    enb.remove_integration_group(platform, SERVER, "z")
    assert enb.get_integration_groups(platform, SERVER).names() == ["y", "x"]
    enb.remove_integration_groups(platform, SERVER)
    assert enb.get_integration_groups(platform, SERVER) == []


@pytest.mark.parametrize("name", AWKWARD)
def test_awkward_qualified_names_round_trip_and_remove(platform: enb.EmbeddedPlatform, name: str) -> None:
    enb.configure_integration_group(platform, SERVER, _group(platform, name))
    enb.configure_integration_group(platform, SERVER, _group(platform, "other"))
    assert enb.get_integration_groups(platform, SERVER).names() == [name, "other"]
    enb.remove_integration_group(platform, SERVER, name)
    assert enb.get_integration_groups(platform, SERVER).names() == ["other"]


@pytest.mark.parametrize("server", ["my server", "daemon:1", "naïve", "per%cent", "q?x#y"])
def test_awkward_server_names(platform: enb.EmbeddedPlatform, server: str) -> None:
    enb.configure_integration_group(platform, server, _group(platform, "g"))
    assert enb.get_integration_groups(platform, server).names() == ["g"]
    assert enb.get_server_config(platform, server).local_server_name == server


def test_groups_accept_dicts_in_either_naming(platform: enb.EmbeddedPlatform) -> None:
    enb.configure_integration_group(
        platform,
        SERVER,
        {
            "integrationGroupQualifiedName": "wire",
            "omagserverName": "m",
            "omagserverPlatformRootURL": platform.url,
        },
    )
    enb.configure_integration_group(
        platform,
        SERVER,
        {
            "integration_group_qualified_name": "python",
            "omag_server_name": "m",
            "omag_server_platform_root_url": platform.url,
        },
    )
    assert enb.get_integration_groups(platform, SERVER).names() == ["wire", "python"]


def test_group_list_is_a_table(platform: enb.EmbeddedPlatform) -> None:
    enb.configure_integration_groups(platform, SERVER, [_group(platform, "<b>bold</b>"), _group(platform, "b")])
    groups = enb.get_integration_groups(platform, SERVER)
    frame = groups.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["integration group", "metadata server", "platform URL"]
    assert frame["integration group"].tolist() == ["<b>bold</b>", "b"]
    html = groups._repr_html_()
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html
    assert "b" in str(groups)
    assert enb.IntegrationGroupList()._repr_html_().startswith("<p><i>No integration groups")


def test_secrets_store_fields_round_trip(platform: enb.EmbeddedPlatform) -> None:
    g = _group(platform, "s").model_copy(
        update={
            "secrets_store_provider": "p.Provider",
            "secrets_store_location": "loc",
            "secrets_store_collection": "c",
        }
    )
    enb.configure_integration_group(platform, SERVER, g)
    back = enb.get_integration_groups(platform, SERVER)
    assert back[0] == g
    assert "secrets store location" in back.to_frame().columns


def test_create_integration_daemon_minimal_sequence(platform: enb.EmbeddedPlatform) -> None:
    config = enb.create_integration_daemon(
        platform,
        "daemon1",
        [_group(platform, "g1"), _group(platform, "g2")],
        organization_name="Coco",
        description="A test daemon",
    )
    assert config.local_server_user_id == "OMAGServer"
    assert config.local_server_url == platform.url
    assert config.max_page_size == 1000
    assert config.organization_name == "Coco"
    assert config.local_server_description == "A test daemon"
    assert config.repository_services_config["auditLogConnections"][0]["qualifiedName"] == "Console- default"
    assert [g.integration_group_qualified_name for g in config.dynamic_integration_groups_config] == [
        "g1",
        "g2",
    ]
    trail = config.audit_trail
    assert [line.split(" updated configuration for ")[1].split(" ")[0] for line in trail] == [
        "local",
        "local",
        "maximum",
        "organization",
        "local",
        "default",
        "integration",
    ]
    kind = enb.get_server_type_classification(platform, "daemon1")
    assert kind.server_type_name == "Integration Daemon"
    assert kind.server_super_type == "Governance Server"


def test_start_and_stop_server(platform: enb.EmbeddedPlatform) -> None:
    enb.create_integration_daemon(platform, "daemon1", [_group(platform, "g1")])
    message = enb.start_server(platform, "daemon1")
    assert "daemon1 is running the following services" in message
    assert "Integration Daemon Services" in message
    enb.stop_server(platform, "daemon1")


def test_start_server_without_config_or_groups_fails_clearly(platform: enb.EmbeddedPlatform) -> None:
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.start_server(platform, "nothing-here")
    assert info.value.message_id == "OMAG-ADMIN-400-011"
    enb.configure_integration_group(platform, "empty", _group(platform, "g"))
    enb.remove_integration_group(platform, "empty", "g")
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.start_server(platform, "empty")
    assert info.value.message_id == "INTEGRATION-DAEMON-SERVICES-400-001"
    assert "Configure at least one integration group" in str(info.value)


def test_whole_document_get_set_delete(platform: enb.EmbeddedPlatform) -> None:
    enb.configure_integration_group(platform, SERVER, _group(platform, "g"))
    config = enb.get_server_config(platform, SERVER)
    config.organization_name = "Changed"
    enb.set_server_config(platform, "copy", config)
    assert enb.get_server_config(platform, "copy").organization_name == "Changed"
    assert enb.get_integration_groups(platform, "copy").names() == ["g"]
    enb.delete_server_config(platform, "copy")
    assert enb.get_integration_groups(platform, "copy") == []
    fresh = enb.get_server_config(platform, "copy")
    assert fresh.version_id == "V6.0" and fresh.dynamic_integration_groups_config is None


def test_server_type_of_empty_document_is_an_egeria_error(platform: enb.EmbeddedPlatform) -> None:
    enb.set_server_user_id(platform, "bare", "me")
    # Egeria's OMAGConfigurationErrorException, an InvalidParameterException (HTTP 400) in 6.x.
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.get_server_type_classification(platform, "bare")
    assert info.value.message_id == "OMAG-ADMIN-400-019"
    assert info.value.exception_class_name.endswith(".OMAGConfigurationErrorException")
    assert info.value.properties == {
        "parameterName": "org.odpi.openmetadata.adminservices.configuration.properties.OMAGServerConfig"
    }


@pytest.mark.parametrize("bad", ["", "   ", None, 3])
def test_client_side_checks_before_any_call(platform: enb.EmbeddedPlatform, bad: object) -> None:
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.get_integration_groups(platform, bad)  # type: ignore[arg-type]
    assert "server_name must be text (not blank" in str(info.value)
    with pytest.raises(enb.InvalidParameterError):
        enb.remove_integration_group(platform, SERVER, bad)  # type: ignore[arg-type]


def test_set_max_page_size_refuses_negative(platform: enb.EmbeddedPlatform) -> None:
    with pytest.raises(enb.InvalidParameterError):
        enb.set_max_page_size(platform, SERVER, -1)
    enb.set_max_page_size(platform, SERVER, 0)
    assert enb.get_server_config(platform, SERVER).max_page_size == 0
