"""Every public function and constructor answers a wrong argument with an egeria_nb error that names it.

Table-driven from the public API itself: for each callable in ``egeria_nb.__all__`` and each
of its parameters, the call is made with the other required arguments valid and this one
wrong: ``None`` (where None is not accepted), a value of an unrelated kind, and for text an
empty and an over-long string. Each must raise ``egeria_nb.EgeriaError`` (never an
``AttributeError``, ``TypeError`` or a library's error) whose message names the parameter,
without reaching the network: the platform the calls get is one that never answers, so a
check that let a wrong value through would surface as a timeout, not as a pass.
"""

from __future__ import annotations

import asyncio
import inspect
import socket
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest

import egeria_nb as enb
from egeria_nb.arguments import Length
from egeria_nb.client import Platform

# Public callables this test leaves out, and why.
NOT_HERE = {
    # Exceptions are raised by egeria_nb, not called with user input.
    "DaemonBlockedError": "an exception",
    "EgeriaError": "an exception",
    "InvalidParameterError": "an exception",
    "NotAuthorizedError": "an exception",
    "PlatformTimeoutError": "an exception",
    "PlatformUnreachableError": "an exception",
    "PropertyServerError": "an exception",
    "ServerNotKnownError": "an exception",
    "UnexpectedResponseError": "an exception",
    "ConnectorStatus": "an enum: ConnectorStatus('X') is the enum's own lookup",
    "IntegrationConnector": "a base class that takes no arguments",
    "IntegrationGroupList": "a list, as get_integration_groups returns it",
    "EmbeddedPlatform": "made by start_embedded(), which is checked",
    # Results egeria_nb hands out, not built by users.
    "ConnectorContext": "made by the daemon for each connector",
    "CatalogTarget": "a result of catalog_targets()",
    "MetadataElement": "a result of the catalog's reads",
    "MetadataRelationship": "a result of the catalog's reads",
    "SyncResult": "a result of synchronize()",
    # pydantic models: their fields are checked by the models (tests/wire/test_model_errors.py).
    "IntegrationGroupConfig": "a wire model",
    "OMAGServerConfig": "a wire model",
    "ServerTypeClassification": "a wire model",
}
OBJECT = object()
# A listening socket that never accepts (set up per module), so any call that got through would wait, not pass.
SILENT: dict[str, str] = {}


@pytest.fixture(autouse=True, scope="module")
def silent_url() -> Iterator[str]:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(0)
        SILENT["url"] = f"http://127.0.0.1:{silent.getsockname()[1]}"
        yield SILENT["url"]


def silent_platform() -> Platform:
    return enb.Platform(SILENT["url"], user_id="tester", password="not-used", timeout_s=5)


def public_callables() -> Iterator[tuple[str, Callable[..., Any]]]:
    for name in enb.__all__:
        value = getattr(enb, name)
        if callable(value) and name not in NOT_HERE:
            yield name, value


def hints_of(target: Callable[..., Any]) -> dict[str, Any]:
    function = target.__init__ if isinstance(target, type) else target
    function = inspect.unwrap(function)
    return typing.get_type_hints(function, include_extras=True)


def accepts_none(hint: Any) -> bool:
    if hint is Any or hint is None or hint is type(None):
        return True
    origin = get_origin(hint)
    if origin is Annotated:
        return accepts_none(get_args(hint)[0])
    return origin in (Union, __import__("types").UnionType) and type(None) in get_args(hint)


def text_length(hint: Any) -> Length | None:
    """The length rule of a text parameter (a plain str is a name), or None if it takes no text."""
    origin = get_origin(hint)
    if hint is str:
        return Length()
    if origin is Annotated:
        base, *meta = get_args(hint)
        if base is str:
            return next((m for m in meta if isinstance(m, Length)), Length())
        return text_length(base)
    if origin in (Union, __import__("types").UnionType):
        found = [text_length(a) for a in get_args(hint)]
        return next((f for f in found if f is not None), None)
    return None


def valid(hint: Any) -> Any:
    """A value the parameter accepts, for the parameters not under test."""
    origin, args = get_origin(hint), get_args(hint)
    if hint in (Any, object):
        return "x"
    if origin is Annotated:
        return valid(args[0])
    if origin in (Union, __import__("types").UnionType):
        return valid(next(a for a in args if a is not type(None)))
    if origin is Literal:
        return args[0]
    if hint is str:
        return "x"
    if hint in (int, float):
        return hint(1)
    if hint is bool:
        return False
    if hint is datetime:
        return datetime.now(UTC)
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
        return {}
    if origin is not None and origin.__name__ in ("Iterable", "Sequence", "list", "tuple"):
        return []
    if origin is not None and origin.__name__ == "Callable":
        return lambda *a, **k: None
    if isinstance(hint, type) and issubclass(hint, Platform):
        return silent_platform()
    factories: dict[str, Callable[[], Any]] = {
        "Daemon": lambda: enb.IntegrationDaemon(silent_platform(), "x"),
        "MetadataCatalog": lambda: enb.MetadataCatalog(silent_platform(), "x"),
    }
    name = getattr(hint, "__name__", "")
    if name in factories:
        return factories[name]()
    if isinstance(hint, type):
        return hint()
    raise AssertionError(f"no valid value known for {hint!r}: teach valid() one")


def wrong_values(hint: Any) -> dict[str, Any]:
    """The wrong values to try for a parameter, by label."""
    wrong: dict[str, Any] = {} if hint in (Any, object) else {"object": OBJECT}
    if not accepts_none(hint):
        wrong["None"] = None
    length = text_length(hint)
    if length is not None:
        if length.least:
            wrong["empty"] = ""
        wrong["over-long"] = "x" * (length.most + 1)
    return wrong


def cases() -> Iterator[Any]:
    for name, target in public_callables():
        hints = hints_of(target)
        for parameter in inspect.signature(target).parameters.values():
            if parameter.kind in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL) or parameter.name not in hints:
                continue
            if parameter.name.startswith("_"):
                continue  # private: for egeria_nb's own use
            for label in wrong_values(hints[parameter.name]):
                # The value is made in the test: a million-character string does not belong in a test id.
                yield pytest.param(name, parameter.name, label, id=f"{name}-{parameter.name}-{label}")


def call_with(target: Callable[..., Any], parameter: str, value: Any) -> Any:
    signature = inspect.signature(target)
    hints = hints_of(target)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for p in signature.parameters.values():
        if p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        if p.name == parameter:
            given = value
        elif p.default is p.empty:
            given = SILENT["url"] if p.name == "url" else valid(hints[p.name])
        else:
            continue
        if p.kind is p.KEYWORD_ONLY:
            kwargs[p.name] = given
        else:
            if len(args) < list(signature.parameters).index(p.name):
                # An optional positional parameter before this one: pass this one by keyword.
                kwargs[p.name] = given
                continue
            args.append(given)
    return target(*args, **kwargs)


@pytest.mark.parametrize(("name", "parameter", "label"), list(cases()))
def test_a_wrong_argument_is_an_egeria_nb_error_naming_it(name: str, parameter: str, label: str) -> None:
    target = getattr(enb, name)
    value = wrong_values(hints_of(target)[parameter])[label]
    with pytest.raises(enb.EgeriaError) as caught:
        made = call_with(target, parameter, value)
        if hasattr(made, "close"):
            made.close()
    text = str(caught.value)
    assert parameter in text, text
    assert "pydantic" not in text and "Traceback" not in text
    assert len(text) < 2_000, "the message quotes too much of the value"


# Public classes whose public methods are checked too, each with a way to make one that never calls out.
INSTANCES: dict[str, Callable[[], Any]] = {
    "IntegrationDaemon": lambda: enb.IntegrationDaemon(silent_platform(), "x"),
    "RemoteIntegrationDaemon": lambda: enb.RemoteIntegrationDaemon(silent_platform(), "x"),
    "OpenMetadataStore": lambda: enb.OpenMetadataStore(silent_platform(), "md"),
    "MetadataCatalog": lambda: enb.MetadataCatalog(silent_platform(), "md"),
}


def public_methods() -> Iterator[tuple[str, str]]:
    for cls_name in INSTANCES:
        cls = getattr(enb, cls_name)
        for name, member in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_") and len(inspect.signature(member).parameters) > 1:
                yield cls_name, name


def method_cases() -> Iterator[Any]:
    for cls_name, method in public_methods():
        function = getattr(getattr(enb, cls_name), method)
        hints = hints_of(function)
        for parameter in list(inspect.signature(function).parameters.values())[1:]:
            if parameter.kind in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL) or parameter.name not in hints:
                continue
            for label in wrong_values(hints[parameter.name]):
                yield pytest.param(
                    cls_name, method, parameter.name, label, id=f"{cls_name}.{method}-{parameter.name}-{label}"
                )


@pytest.mark.parametrize(("cls_name", "method", "parameter", "label"), list(method_cases()))
def test_a_wrong_argument_to_a_method_is_an_egeria_nb_error_naming_it(
    cls_name: str, method: str, parameter: str, label: str
) -> None:
    instance = INSTANCES[cls_name]()
    bound = getattr(instance, method)
    value = wrong_values(hints_of(getattr(type(instance), method))[parameter])[label]
    with pytest.raises(enb.EgeriaError) as caught:
        result = call_with(bound, parameter, value)
        if inspect.iscoroutine(result):
            asyncio.run(asyncio.wait_for(result, 10))
    assert parameter in str(caught.value), str(caught.value)


def test_every_public_callable_is_covered_or_said_why_not() -> None:
    covered = {name for name, _ in public_callables()}
    assert covered | set(NOT_HERE) >= {n for n in enb.__all__ if callable(getattr(enb, n))}
    assert len(list(cases())) > 300


def test_the_cases_named_in_the_issue(tmp_path: Any) -> None:
    platform = silent_platform()
    group = enb.IntegrationGroupConfig(
        integration_group_qualified_name="g", omag_server_name="md", omag_server_platform_root_url=SILENT["url"]
    )
    checks: list[tuple[Callable[[], Any], str]] = [
        (lambda: enb.configure_integration_group(None, "x", group), "platform"),  # type: ignore[arg-type]
        (lambda: enb.IntegrationDaemon(None, "x"), "platform"),  # type: ignore[arg-type]
        (lambda: enb.IntegrationDaemon(platform, "x", restart_policy=5), "restart_policy"),  # type: ignore[arg-type]
        (lambda: enb.IntegrationGroupsForm(None, "x"), "platform"),  # type: ignore[arg-type]
        (lambda: enb.IntegrationGroupsForm(platform, 123), "server_name"),  # type: ignore[arg-type]
        (lambda: enb.IntegrationGroupsForm(platform, ""), "server_name"),
        (lambda: enb.start_embedded(tmp_path, port=-1), "port"),
        (
            lambda: enb.create_connector_definition(
                platform, "md", "c", "p", configuration_properties="recursive=true"
            ),  # type: ignore[arg-type]
            "configuration_properties",
        ),
        (lambda: enb.configure_integration_groups(platform, "s", group), "groups"),  # type: ignore[arg-type]
        (lambda: enb.configure_integration_groups(platform, "s", None), "groups"),  # type: ignore[arg-type]
    ]
    for call, argument in checks:
        with pytest.raises(enb.EgeriaError) as caught:
            call()
        assert argument in str(caught.value)
    # One group passed where a list is wanted: the message says how to pass one.
    with pytest.raises(enb.InvalidParameterError) as caught:
        enb.configure_integration_groups(platform, "s", group)  # type: ignore[arg-type]
    assert "list" in str(caught.value)
