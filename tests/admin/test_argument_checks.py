"""The admin functions refuse bad arguments before anything is sent, naming the argument.

Against the embedded platform over loopback HTTP: what a refused call would have changed is
read back to show nothing was.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

import egeria_nb as enb
import egeria_nb.admin
from egeria_nb.arguments import MAX_NAME_CHARS as MAX_NAME_LENGTH

SERVER = "integration-daemon"
UNKNOWN = "EGERIA-NB-WIRE-400-001"
GROUPS_ID = "EGERIA-NB-ADMIN-400-002"


def _group(platform: enb.Platform, name: str = "g") -> enb.IntegrationGroupConfig:
    return enb.IntegrationGroupConfig(
        integration_group_qualified_name=name,
        omag_server_name="active-metadata-store",
        omag_server_platform_root_url=platform.url,
    )


def _one_paragraph(error: enb.EgeriaError) -> str:
    text = str(error)
    assert "\n" not in text and "errors.pydantic.dev" not in text
    return text


# -- set_server_config: a dict is checked against OMAGServerConfig -----------------------------------


def test_issue_misspelt_keys_do_not_replace_the_document(platform: enb.EmbeddedPlatform) -> None:
    enb.set_server_user_id(platform, SERVER, "daemon-user")
    enb.set_max_page_size(platform, SERVER, 77)
    before = enb.get_server_config(platform, SERVER)
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.set_server_config(platform, SERVER, {"localServerUserI": "typo", "maxPageSiz": 10})
    error = info.value
    assert error.message_id == UNKNOWN and error.http_code is None  # refused by egeria_nb; nothing sent
    assert _one_paragraph(error).startswith(
        "EGERIA-NB-WIRE-400-001 config: OMAGServerConfig has no fields 'localServerUserI' (did you mean "
        "'localServerUserId', 'localServerURL' or 'localServerId'?), 'maxPageSiz' (did you mean 'maxPageSize'?)."
    )
    assert (error.user_action or "").startswith(
        "Use only OMAGServerConfig's fields (Egeria ignores any other property, so it would be lost): "
        "version_id (versionId), local_server_id (localServerId),"
    )
    after = enb.get_server_config(platform, SERVER)
    assert after == before
    assert after.local_server_user_id == "daemon-user" and after.max_page_size == 77


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"local_server_user_i": "x"}, "has no field 'local_server_user_i'; did you mean 'local_server_user_id'"),
        ({"localserveruserid": "x"}, "has no field 'localserveruserid'; did you mean 'local_server_user_id'"),
        ({"myOwnSection": {"a": 1}}, "has no field 'myOwnSection'."),
        (
            {"dynamicIntegrationGroupsConfig": [{"integrationGroupQualifedName": "g"}]},
            "OMAGServerConfig dynamicIntegrationGroupsConfig[0]: IntegrationGroupConfig has no field "
            "'integrationGroupQualifedName'; did you mean 'integrationGroupQualifiedName'?",
        ),
    ],
)
def test_set_server_config_refuses_keys_that_are_not_fields(
    platform: enb.EmbeddedPlatform, config: dict[str, Any], expected: str
) -> None:
    enb.set_server_user_id(platform, SERVER, "daemon-user")
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.set_server_config(platform, SERVER, config)
    assert info.value.message_id == UNKNOWN
    text = _one_paragraph(info.value)
    assert text.startswith("EGERIA-NB-WIRE-400-001 config: ") and expected in text
    assert enb.get_server_config(platform, SERVER).local_server_user_id == "daemon-user"


@pytest.mark.parametrize("bad", [None, 5, "", "x" * 10_000, ["a", "list"], enb.IntegrationGroupConfig()])
def test_set_server_config_refuses_what_is_not_a_document(platform: enb.EmbeddedPlatform, bad: object) -> None:
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.set_server_config(platform, SERVER, bad)  # type: ignore[arg-type]
    assert info.value.message_id == "EGERIA-NB-ARGS-400-001"
    text = _one_paragraph(info.value)
    assert text.startswith(
        "EGERIA-NB-ARGS-400-001 set_server_config(): config must be an egeria_nb.OMAGServerConfig or a dict, not "
    )
    assert len(text) < 1_500


def test_set_server_config_refuses_a_bad_value_naming_it(platform: enb.EmbeddedPlatform) -> None:
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.set_server_config(platform, SERVER, {"maxPageSize": "ten"})
    assert info.value.message_id == "EGERIA-NB-WIRE-400-002"
    assert _one_paragraph(info.value).startswith(
        "EGERIA-NB-WIRE-400-002 config: OMAGServerConfig cannot take 'ten' (str) for maxPageSize: "
    )
    assert "maxPageSize accepts a whole number or None" in str(info.value)


def test_set_server_config_takes_either_naming_and_a_model_as_it_is(platform: enb.EmbeddedPlatform) -> None:
    enb.set_server_config(
        platform,
        SERVER,
        {"localServerUserId": "wire-user", "max_page_size": 12, "localServerPassword": "5.x property"},
    )
    stored = enb.get_server_config(platform, SERVER)
    assert stored.local_server_user_id == "wire-user" and stored.max_page_size == 12
    # A model is sent as it is, properties of another Egeria release included.
    document = enb.OMAGServerConfig.from_wire({**stored.to_wire(), "someFutureSection": {"kept": True}})
    enb.set_server_config(platform, "copy", document)
    assert enb.get_server_config(platform, "copy").to_wire()["someFutureSection"] == {"kept": True}


# -- groups: a list, not one group, None or a string ---------------------------------------------------


@pytest.mark.parametrize(
    ("groups", "shown"),
    [
        ("one group", "an IntegrationGroupConfig IntegrationGroupConfig("),
        (None, "None"),
        ("Egeria:IntegrationGroup:Files", "'Egeria:IntegrationGroup:Files'"),
        ({"integrationGroupQualifiedName": "g"}, "a dict {'integrationGroupQualifiedName': 'g'}"),
        (5, "5"),
    ],
)
def test_issue_groups_must_be_a_list(platform: enb.EmbeddedPlatform, groups: object, shown: str) -> None:
    enb.configure_integration_group(platform, SERVER, _group(platform, "kept"))
    value = _group(platform) if groups == "one group" else groups
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.configure_integration_groups(platform, SERVER, value)  # type: ignore[arg-type]
    assert info.value.message_id == "EGERIA-NB-ARGS-400-001"
    assert _one_paragraph(info.value).startswith(
        "EGERIA-NB-ARGS-400-001 configure_integration_groups(): groups must be a list of "
        f"egeria_nb.IntegrationGroupConfig or dict, not {shown}"
    )
    if groups == "one group":
        assert "for one, pass a list of one: [IntegrationGroupConfig(...)]" in str(info.value)
    assert enb.get_integration_groups(platform, SERVER).names() == ["kept"]


def test_each_group_in_the_list_is_named_by_its_position(platform: enb.EmbeddedPlatform) -> None:
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.configure_integration_groups(platform, SERVER, [_group(platform), {"integrationGroupQualifedName": "h"}])
    assert info.value.message_id == GROUPS_ID
    assert _one_paragraph(info.value).startswith(
        "EGERIA-NB-ADMIN-400-002 groups[1]: IntegrationGroupConfig has no field 'integrationGroupQualifedName'; "
        "did you mean 'integrationGroupQualifiedName'?"
    )
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.configure_integration_groups(platform, SERVER, (g for g in [_group(platform), None]))
    assert "groups[1] must be an IntegrationGroupConfig or a dict of its fields, not None" in str(info.value)
    # Any iterable of groups will do; an empty one removes them all.
    enb.configure_integration_groups(platform, SERVER, (_group(platform, n) for n in ("a", "b")))
    assert enb.get_integration_groups(platform, SERVER).names() == ["a", "b"]
    enb.configure_integration_groups(platform, SERVER, ())
    assert enb.get_integration_groups(platform, SERVER) == []


def test_create_integration_daemon_checks_everything_before_the_first_call(platform: enb.EmbeddedPlatform) -> None:
    bad_calls: list[tuple[dict[str, Any], str]] = [
        ({"groups": _group(platform)}, "groups must be a list of egeria_nb.IntegrationGroupConfig or dict"),
        ({"groups": None}, "groups must be a list"),
        ({"organization_name": 5}, "organization_name must be text (at most 1,000,000 characters), or None, not 5"),
        ({"description": 5}, "description must be text (at most 1,000,000 characters), or None, not 5"),
        ({"max_page_size": -1}, "max_page_size must be a whole number from 0 to 2,147,483,647, not -1 (int)"),
        ({"url_root": ""}, "url_root must be text (not blank, at most 1,000,000 characters), or None"),
        ({"start": "no"}, "start must be True or False, not 'no'"),
        ({"server_user_id": None}, "server_user_id must be text (not blank, at most 1,000 characters), not None"),
    ]
    for change, expected in bad_calls:
        kwargs: dict[str, Any] = {"groups": [_group(platform)], **change}
        groups = kwargs.pop("groups")
        with pytest.raises(enb.InvalidParameterError) as info:
            enb.create_integration_daemon(platform, "daemon1", groups, **kwargs)
        assert expected in _one_paragraph(info.value), change
        # Nothing was configured: the platform still has no document for the server.
        assert enb.get_server_config(platform, "daemon1").audit_trail is None, change


# -- names -----------------------------------------------------------------------------------------------


def test_a_name_may_be_up_to_the_limit(platform: enb.EmbeddedPlatform) -> None:
    assert MAX_NAME_LENGTH == 1000
    enb.remove_integration_group(platform, SERVER, "q" * MAX_NAME_LENGTH)  # removing an absent group is fine
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.remove_integration_group(platform, SERVER, "q" * (MAX_NAME_LENGTH + 1))
    assert info.value.message_id == "EGERIA-NB-ARGS-400-001"
    assert _one_paragraph(info.value).startswith(
        "EGERIA-NB-ARGS-400-001 remove_integration_group(): qualified_name must be text (not blank, at most 1,000 "
        "characters), not a string of 1,001 characters ('" + "q" * 60 + "'...)"
    )
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.get_integration_groups(platform, "s" * 10_000)
    # Refused by egeria_nb (the embedded platform's own, shorter, limit is never reached).
    assert info.value.message_id == "EGERIA-NB-ARGS-400-001" and info.value.http_code is None
    assert "server_name must be text (not blank, at most 1,000 characters)" in str(info.value)


def test_a_platform_url_instead_of_a_platform_is_named(platform: enb.EmbeddedPlatform) -> None:
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.get_integration_groups(platform.url, SERVER)  # type: ignore[arg-type]
    assert info.value.message_id == "EGERIA-NB-ARGS-400-001"
    assert _one_paragraph(info.value).startswith(
        f"EGERIA-NB-ARGS-400-001 get_integration_groups(): platform must be an egeria_nb.Platform, not {platform.url!r}"
    )


def test_a_description_must_be_text(platform: enb.EmbeddedPlatform) -> None:
    with pytest.raises(enb.InvalidParameterError) as info:
        enb.set_server_description(platform, SERVER, None)  # type: ignore[arg-type]
    assert "description must be text (at most 1,000,000 characters), not None" in _one_paragraph(info.value)
    # Before, str(None) was sent and stored as the description "None".
    assert enb.get_server_config(platform, SERVER).local_server_description is None


# -- every public function, every argument: None, 5, "" and 10,000 characters -------------------------

BAD_VALUES = [None, 5, "", "x" * 10_000]
# (function, argument) -> the bad values it accepts, by design.
ACCEPTED: dict[tuple[str, str], set[str]] = {
    ("set_server_url_root", "url_root"): {"long"},
    ("set_server_url_root", "secrets_store_provider"): {"None", "long"},
    ("set_server_url_root", "secrets_store_location"): {"None", "long"},
    ("set_server_url_root", "secrets_store_collection"): {"None", "long"},
    ("set_max_page_size", "limit"): {"5"},
    ("set_server_description", "description"): {"empty", "long"},
    ("set_server_properties", "secrets_store_provider"): {"long"},
    ("set_server_properties", "secrets_store_location"): {"long"},
    ("set_server_properties", "secrets_store_collection"): {"long"},
    ("set_server_properties", "description"): {"None", "empty", "long"},
    ("set_server_properties", "organization_name"): {"None", "empty", "long"},
    ("set_server_properties", "url_root"): {"long"},
    ("set_server_properties", "max_page_size"): {"5"},
    ("create_view_server", "metadata_server_url"): {"None", "long"},
    ("create_integration_daemon", "url_root"): {"None", "long"},
    ("create_integration_daemon", "max_page_size"): {"5"},
    ("create_integration_daemon", "organization_name"): {"None", "empty"},
    ("create_integration_daemon", "description"): {"None", "empty", "long"},
}


def _label(value: object) -> str:
    if value is None:
        return "None"
    if isinstance(value, int):
        return str(value)
    return "empty" if value == "" else "long"


def _functions() -> list[tuple[str, Callable[..., Any]]]:
    return [
        (name, getattr(egeria_nb.admin, name))
        for name in egeria_nb.admin.__all__
        if inspect.isfunction(getattr(egeria_nb.admin, name))
    ]


def test_every_argument_of_every_function_is_checked(platform: enb.EmbeddedPlatform) -> None:
    good: dict[str, Any] = {
        "platform": platform,
        "server_name": SERVER,
        "group": _group(platform),
        "groups": [_group(platform)],
        "qualified_name": "g",
        "user_id": "u",
        "url_root": platform.url,
        "limit": 10,
        "name": "Coco",
        "description": "d",
        "config": enb.OMAGServerConfig(local_server_user_id="u"),
        "metadata_server": "active-metadata-store",
        "secrets_store_location": "loc",
        "secrets_store_collection": "c",
        "start": False,
    }
    checked = 0
    for name, function in _functions():
        parameters = inspect.signature(function).parameters
        for argument in parameters:
            for bad in BAD_VALUES:
                args, kwargs = [], {}
                for other, parameter in parameters.items():
                    value = bad if other == argument else good.get(other, parameter.default)
                    if parameter.kind is parameter.KEYWORD_ONLY:
                        if other == argument or other in good:
                            kwargs[other] = value
                    else:
                        args.append(value)
                where = f"{name}({argument}={_label(bad)})"
                try:
                    function(*args, **kwargs)
                except enb.InvalidParameterError as error:
                    text = _one_paragraph(error)
                    assert (error.message_id or "").startswith("EGERIA-NB-"), (where, text)
                    assert error.http_code is None, (where, text)  # refused before sending
                    assert argument in text, (where, text)
                    assert len(text) < 2_500 and "x" * 100 not in text, where
                    checked += 1
                else:
                    assert _label(bad) in ACCEPTED.get((name, argument), set()), f"{where} was accepted"
    assert checked > 250
