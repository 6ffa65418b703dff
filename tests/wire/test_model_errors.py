"""A wire model built with bad fields says so as an egeria_nb error, not pydantic's ValidationError.

Built in Python (constructor, attribute, a dict given to an admin function), a misspelt field, a
wrong type, a missing field or positional arguments give an ``InvalidParameterError``
(``EGERIA-NB-WIRE-400-00x``) in one paragraph that names the model, the field, what it got and
what it accepts. Read from the wire (``model_validate``, ``from_wire``) a bad document still gives
pydantic's ValidationError, which the client reports as an unexpected response.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import pickle
import pkgutil
from types import NoneType
from typing import Any

import pydantic
import pytest
from pydantic import Field, field_validator

import egeria_nb as enb
import egeria_nb.wire
from egeria_nb.errors import InvalidParameterError
from egeria_nb.wire import (
    IntegrationGroupConfig,
    IntegrationGroupsResponse,
    OMAGServerConfig,
    ServerTypeClassification,
    WireModel,
)
from egeria_nb.wire.base import model_from_argument
from egeria_nb.wire.catalog import MetadataChange
from egeria_nb.wire.responses import FFDCResponseBase

UNKNOWN = "EGERIA-NB-WIRE-400-001"
BAD_VALUE = "EGERIA-NB-WIRE-400-002"
NOT_A_MODEL = "EGERIA-NB-WIRE-400-003"


def _wire_models() -> list[type[WireModel]]:
    """Every model egeria_nb defines (not the tests' own)."""
    for module in pkgutil.iter_modules(egeria_nb.wire.__path__):
        importlib.import_module(f"egeria_nb.wire.{module.name}")
    found: list[type[WireModel]] = []
    pending = [WireModel]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            # Models egeria_nb exports show the top-level module ("egeria_nb"); the tests' own are left out.
            if sub.__module__.split(".")[0] == "egeria_nb" and sub not in found:
                found.append(sub)
    return sorted(found, key=lambda c: c.__name__)


MODELS = _wire_models()


def _plain(error: InvalidParameterError) -> str:
    text = str(error)
    assert "\n" not in text, "one paragraph"
    assert "errors.pydantic.dev" not in text and "validation error for" not in text
    assert not isinstance(error, pydantic.ValidationError)
    return text


def test_the_models_are_all_found() -> None:
    names = {m.__name__ for m in MODELS}
    assert {"IntegrationGroupConfig", "OMAGServerConfig", "ServerTypeClassification", "URLRequestBody"} <= names
    assert len(MODELS) > 60


# -- the issue's examples ----------------------------------------------------------------------------


def test_issue_misspelt_field_is_an_egeria_error_with_the_closest_names() -> None:
    with pytest.raises(InvalidParameterError) as info:
        enb.IntegrationGroupConfig(integration_group_qualifed_name="x", omag_server_name="m")  # type: ignore[call-arg]
    error = info.value
    assert error.message_id == UNKNOWN
    assert _plain(error).startswith(
        "EGERIA-NB-WIRE-400-001 IntegrationGroupConfig has no field 'integration_group_qualifed_name'; "
        "did you mean 'integration_group_qualified_name'? Nothing was sent. What to do: Use one of "
        "IntegrationGroupConfig's fields: "
        "integration_group_qualified_name (integrationGroupQualifiedName), omag_server_name (omagserverName), "
    )
    assert error.user_action is not None and "secrets_store_collection (secretsStoreCollection)" in error.user_action
    assert error.__cause__ is None and error.__suppress_context__  # no pydantic chain behind it


def test_issue_wrong_type_names_model_field_value_and_what_it_accepts() -> None:
    with pytest.raises(InvalidParameterError) as info:
        enb.IntegrationGroupConfig(integration_group_qualified_name=42)  # type: ignore[arg-type]
    assert info.value.message_id == BAD_VALUE
    assert _plain(info.value).startswith(
        "EGERIA-NB-WIRE-400-002 IntegrationGroupConfig cannot take 42 (int) for integration_group_qualified_name: "
        "Input should be a valid string; integration_group_qualified_name accepts a string or None."
    )
    assert (info.value.user_action or "").startswith("Give integration_group_qualified_name a string or None.")


def test_issue_missing_required_field() -> None:
    with pytest.raises(InvalidParameterError) as info:
        MetadataChange(time="t", kind="element", action="CREATED", guid="g", type_name="Asset")  # type: ignore[call-arg]
    assert info.value.message_id == BAD_VALUE
    assert _plain(info.value).startswith(
        "EGERIA-NB-WIRE-400-002 MetadataChange needs sequence, which was not given; it accepts a whole number."
    )
    with pytest.raises(InvalidParameterError) as info:
        MetadataChange()  # type: ignore[call-arg]
    assert "(and 5 more problems, at time, kind, action, …)" in _plain(info.value)


def test_server_config_and_server_type_typos() -> None:
    with pytest.raises(InvalidParameterError) as info:
        OMAGServerConfig(localServerUserI="typo", max_page_size=10)  # type: ignore[call-arg]
    assert "OMAGServerConfig has no field 'localServerUserI'; did you mean 'localServerUserId'" in _plain(info.value)
    # 21 fields: the user action lists a dozen and says where the rest are.
    assert "and 9 more (see OMAGServerConfig.model_fields)" in (info.value.user_action or "")
    with pytest.raises(InvalidParameterError) as info:
        ServerTypeClassification(server_type_nam="Integration Daemon")  # type: ignore[call-arg]
    assert "ServerTypeClassification has no field 'server_type_nam'; did you mean 'server_type_name'" in _plain(
        info.value
    )


# -- every public model --------------------------------------------------------------------------------


def _typo(name: str) -> str:
    return name + "x"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_refuses_a_misspelt_field_by_either_name(model: type[WireModel]) -> None:
    fields = {n: f for n, f in model.model_fields.items() if n != "class_"}
    if not fields:
        pytest.skip("no fields")
    name, field = next(iter(fields.items()))
    for given, suggested in ((name, name), (field.alias or name, field.alias or name)):
        with pytest.raises(InvalidParameterError) as info:
            model(**{_typo(given): "v"})
        text = _plain(info.value)
        assert info.value.message_id == UNKNOWN, text
        assert f"{model.__name__} has no field {_typo(given)!r}; did you mean {suggested!r}" in text
        assert name in (info.value.user_action or "")


def _text_field(model: type[WireModel]) -> str | None:
    if any(f.is_required() for f in model.model_fields.values()):
        return None  # a missing field is reported first
    return next((n for n, f in model.model_fields.items() if n != "class_" and f.annotation == (str | NoneType)), None)


@pytest.mark.parametrize("model", [m for m in MODELS if _text_field(m)], ids=lambda m: m.__name__)
def test_every_model_refuses_a_wrong_type_naming_the_field(model: type[WireModel]) -> None:
    name = _text_field(model)
    assert name is not None
    with pytest.raises(InvalidParameterError) as info:
        model(**{name: ["not", "text"]})
    text = _plain(info.value)
    assert info.value.message_id == BAD_VALUE, text
    assert f"{model.__name__} cannot take ['not', 'text'] (list) for {name}: Input should be a valid string" in text


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_refuses_positional_arguments(model: type[WireModel]) -> None:
    with pytest.raises(InvalidParameterError) as info:
        model("Egeria:IntegrationGroup:Files")
    assert info.value.message_id == NOT_A_MODEL
    assert _plain(info.value).startswith(
        f"{NOT_A_MODEL} {model.__name__} takes its fields by name, not by position; it got 1 positional argument, "
        "the first 'Egeria:IntegrationGroup:Files' (str)."
    )


# -- details ---------------------------------------------------------------------------------------------


def test_a_long_value_is_shortened() -> None:
    with pytest.raises(InvalidParameterError) as info:
        IntegrationGroupConfig(omag_server_name=["x" * 100] * 10_000)  # type: ignore[arg-type]
    text = _plain(info.value)
    assert "(list of 10,000 items)" in text and len(text) < 1_500
    with pytest.raises(InvalidParameterError) as info:
        ServerTypeClassification(server_type_name=("y" * 10_000,))  # type: ignore[arg-type]
    assert "y" * 100 not in _plain(info.value)


def test_a_nested_problem_gives_its_path_and_the_inner_models_fields() -> None:
    with pytest.raises(InvalidParameterError) as info:
        OMAGServerConfig(dynamic_integration_groups_config=[{"integrationGroupQualifedName": "x"}])
    assert _plain(info.value).startswith(
        "EGERIA-NB-WIRE-400-001 OMAGServerConfig dynamic_integration_groups_config[0]: IntegrationGroupConfig "
        "has no field 'integrationGroupQualifedName'; did you mean 'integrationGroupQualifiedName'?"
    )
    assert (info.value.user_action or "").startswith("Use one of IntegrationGroupConfig's fields:")
    with pytest.raises(InvalidParameterError) as info:
        OMAGServerConfig(dynamic_integration_groups_config=[IntegrationGroupConfig(), 5])  # type: ignore[list-item]
    assert "OMAGServerConfig cannot take 5 (int) for dynamic_integration_groups_config[1]" in _plain(info.value)
    assert "accepts an IntegrationGroupConfig or a dict of its fields" in str(info.value)
    with pytest.raises(InvalidParameterError) as info:
        OMAGServerConfig(dynamic_integration_groups_config="g")  # type: ignore[arg-type]
    assert "accepts a list of IntegrationGroupConfigs (or dicts of their fields) or None" in _plain(info.value)


def test_close_misspellings_are_refused_but_other_properties_are_kept() -> None:
    # The right name in the wrong case: Jackson is case-sensitive and would drop it.
    with pytest.raises(InvalidParameterError, match="did you mean 'integrationGroupQualifiedName'"):
        IntegrationGroupConfig(integrationgroupqualifiedName="x")  # type: ignore[call-arg]
    # A property of a newer Egeria, not like any field, is kept and sent (the models' round-trip promise).
    kept = IntegrationGroupConfig(integration_group_qualified_name="g", futureProperty=[1, 2])  # type: ignore[call-arg]
    assert kept.to_wire()["futureProperty"] == [1, 2]
    # Egeria 5.x's server properties are known, so never taken for typos.
    assert OMAGServerConfig(localServerPassword="pw").to_wire()["localServerPassword"] == "pw"  # type: ignore[call-arg]


def test_assignment_is_checked_like_the_constructor() -> None:
    group = IntegrationGroupConfig(integration_group_qualified_name="g")
    with pytest.raises(InvalidParameterError) as info:
        group.integration_group_qualifed_name = "x"  # type: ignore[attr-defined]
    assert info.value.message_id == UNKNOWN
    assert "did you mean 'integration_group_qualified_name'" in _plain(info.value)
    with pytest.raises(InvalidParameterError) as info:
        group.integrationGroupQualifiedName = "x"  # type: ignore[attr-defined]
    assert "set 'integration_group_qualified_name', its Python name" in _plain(info.value)
    with pytest.raises(InvalidParameterError) as info:
        group.omag_server_name = 7  # type: ignore[assignment]
    assert info.value.message_id == BAD_VALUE
    assert "IntegrationGroupConfig cannot take 7 (int) for omag_server_name" in _plain(info.value)
    assert group.to_wire() == {"class": "IntegrationGroupConfig", "integrationGroupQualifiedName": "g"}
    group.futureProperty = 1  # type: ignore[attr-defined]
    assert group.to_wire()["futureProperty"] == 1


def test_models_still_copy_pickle_and_show_their_fields() -> None:
    group = IntegrationGroupConfig(integration_group_qualified_name="g", omag_server_name="m")
    assert pickle.loads(pickle.dumps(group)) == group
    assert copy.deepcopy(group) == group
    assert group.model_copy(update={"omag_server_name": "n"}).omag_server_name == "n"
    assert "integrationGroupQualifiedName" in str(inspect.signature(IntegrationGroupConfig))


# -- what was read from the wire keeps pydantic's error, for the client --------------------------------


def test_model_validate_still_raises_validation_error() -> None:
    with pytest.raises(pydantic.ValidationError):
        IntegrationGroupConfig.model_validate({"integration_group_qualifed_name": "x"})
    with pytest.raises(pydantic.ValidationError):
        OMAGServerConfig.from_wire({"maxPageSize": "many"})
    with pytest.raises(pydantic.ValidationError):
        IntegrationGroupsResponse.model_validate({"groups": [{"omagserverName": 5}]})
    # Read leniently (as the embedded platform reads some bodies), unknown names are ignored.
    assert IntegrationGroupConfig.model_validate(
        {"integration_group_qualifed_name": "x"}, context={"lenient": True}
    ).to_wire() == {"class": "IntegrationGroupConfig", "integration_group_qualifed_name": "x"}
    # Camel-case properties from the wire are kept even when close to a field: Egeria sends what it sends.
    assert IntegrationGroupConfig.model_validate({"integrationGroupQualifedName": "x"}).model_extra


class _GroupNames(FFDCResponseBase):
    """A response model that does not fit what the groups call answers (groups are objects, not names)."""

    groups: list[str] | None = None


def test_a_response_of_the_wrong_shape_is_still_an_unexpected_response(platform: enb.EmbeddedPlatform) -> None:
    group = IntegrationGroupConfig(
        integration_group_qualified_name="g", omag_server_name="m", omag_server_platform_root_url=platform.url
    )
    enb.configure_integration_group(platform, "daemon", group)
    path = platform.paths.admin("daemon") + "/integration-groups/configuration"
    with pytest.raises(enb.UnexpectedResponseError) as info:
        platform.call("GET", path, response=_GroupNames)
    assert info.value.message_id == "EGERIA-NB-CLIENT-502-001"
    assert isinstance(info.value.__cause__, pydantic.ValidationError)


# -- an egeria_nb error raised inside validation is neither swallowed nor wrapped ----------------------

SENTINEL = InvalidParameterError("TEST-400-001 refused by a validator", message_id="TEST-400-001")


class _Checked(WireModel):
    name: str | None = None

    @field_validator("name")
    @classmethod
    def _refuse_bad(cls, value: str | None) -> str | None:
        if value == "bad":
            raise SENTINEL
        return value


class _Outer(WireModel):
    inner: _Checked | None = None
    items: list[_Checked] = Field(default_factory=list)


@pytest.mark.parametrize(
    "build",
    [
        lambda: _Checked(name="bad"),
        lambda: _Checked.model_validate({"name": "bad"}),
        lambda: _Checked.from_wire({"name": "bad"}),
        lambda: _Outer(inner={"name": "bad"}),
        lambda: _Outer(items=[{"name": "ok"}, {"name": "bad"}]),
        lambda: _Outer.model_validate({"inner": {"name": "bad"}}),
        lambda: setattr(_Checked(), "name", "bad"),
        lambda: model_from_argument(_Checked, {"name": "bad"}, "checked"),
        lambda: model_from_argument(_Outer, {"inner": {"name": "bad"}}, "outer", only_known=True),
    ],
)
def test_an_egeria_error_from_a_validator_propagates_as_it_is(build: Any) -> None:
    with pytest.raises(InvalidParameterError) as info:
        build()
    assert info.value is SENTINEL


# -- model_from_argument: what the admin functions use for a dict ------------------------------------


def test_model_from_argument_names_the_argument() -> None:
    group = IntegrationGroupConfig(integration_group_qualified_name="g")
    assert model_from_argument(IntegrationGroupConfig, group, "group") is group
    built = model_from_argument(
        IntegrationGroupConfig, {"omagserverName": "m", "omag_server_platform_root_url": "u"}, "g"
    )
    assert built.to_wire() == {
        "class": "IntegrationGroupConfig",
        "omagserverName": "m",
        "omagserverPlatformRootURL": "u",
    }
    for bad in (None, 5, "text", ["a", "list"], ServerTypeClassification()):
        with pytest.raises(InvalidParameterError) as info:
            model_from_argument(IntegrationGroupConfig, bad, "group")
        assert info.value.message_id == NOT_A_MODEL
        assert _plain(info.value).startswith(
            f"{NOT_A_MODEL} group must be an IntegrationGroupConfig or a dict of its fields, not "
        )
    with pytest.raises(InvalidParameterError) as info:
        model_from_argument(OMAGServerConfig, {"maxPageSize": 1, "pageSize": 2, 3: 4}, "config", only_known=True)
    assert _plain(info.value).startswith(
        f"{UNKNOWN} config: OMAGServerConfig has no fields 'pageSize' (did you mean 'maxPageSize'?), 3 (int) "
        "(field names are text)."
    )
    assert "Egeria ignores any other property" in (info.value.user_action or "")
    with pytest.raises(InvalidParameterError) as info:
        model_from_argument(OMAGServerConfig, {"maxPageSize": "ten"}, "config")
    assert _plain(info.value).startswith(
        f"{BAD_VALUE} config: OMAGServerConfig cannot take 'ten' (str) for maxPageSize: Input should be a valid "
        "integer, unable to parse string as an integer; maxPageSize accepts a whole number or None."
    )
