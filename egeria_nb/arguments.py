"""Argument checks for the public API, from the type hints it already has.

``@checked`` on a public function (or a public class's ``__init__``) binds each call
to the signature and checks every argument against its annotation before the body
runs, so a wrong argument is an ``InvalidParameterError`` that names the argument,
what it got and what it accepts, never an ``AttributeError`` from deep inside or a
library's traceback. Text is checked too: a plain ``str`` parameter is a name (not
blank, at most ``MAX_NAME_CHARS``, so it fits in a URL path); ``Text`` marks free
text (may be empty, at most ``MAX_TEXT_CHARS``) and ``PathText`` a path.

Only what the hints say is checked here; what a value means (a port's range, a
state's name) stays with the function that knows it.
"""

from __future__ import annotations

import collections.abc
import functools
import inspect
import math
import os
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from egeria_nb.catalogue import Code
from egeria_nb.wire.base import short_value

__all__ = [
    "MAX_NAME_CHARS",
    "MAX_PATH_CHARS",
    "MAX_TEXT_CHARS",
    "Length",
    "LongText",
    "PathText",
    "Text",
    "check_name",
    "check_positive",
    "checked",
    "describe_as",
]

# A name (server, group, connector, provider, metadata server) travels in URL paths; percent-encoded it must
# still fit in the request line every Egeria platform accepts (about 8 KB).
MAX_NAME_CHARS = 1_000
# Free text (descriptions, events): generous, but a bound.
MAX_TEXT_CHARS = 1_000_000
# A file or directory path (Linux's PATH_MAX).
MAX_PATH_CHARS = 4_096
# How much of a wrong value the message shows.
SHOWN_CHARS = 60

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Length:
    """``Annotated[str, Length(0, 500)]``: how long a text argument may be (and whether it may be blank)."""

    least: int = 1
    most: int = MAX_NAME_CHARS


Text = Annotated[str, Length(0, MAX_TEXT_CHARS)]
# Words for kinds whose class name would not tell a user what to pass (a protocol, say).
_DESCRIBED: dict[type, str] = {}


def describe_as(kind: type, words: str) -> None:
    """Say ``words`` (e.g. "an IntegrationDaemon or a RemoteIntegrationDaemon") where ``kind`` is expected."""
    _DESCRIBED[kind] = words


# Text that must not be blank but is sent in a body, so needs no name's limit (a URL, a secrets store's location).
LongText = Annotated[str, Length(1, MAX_TEXT_CHARS)]
# A path given as text; blank is left to the function, which knows what it would mean.
PathText = Annotated[str, Length(0, MAX_PATH_CHARS)]
NAME = Length()


def checked(function: F, *, values: bool = True) -> F:
    """Check every argument of ``function`` against its annotations before it runs.

    On a class (a dataclass, say), its ``__init__`` is checked. With ``values=False`` only the call's
    shape is checked (names and count), for callables that check their values by hand.
    """
    if isinstance(function, type):
        cls = function
        cls.__init__ = checked(cls.__init__, values=values)  # type: ignore[misc]
        return typing.cast(F, cls)
    signature = inspect.signature(function)
    hints: dict[str, Any] | None = None
    where = _where(function)

    def check(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        nonlocal hints
        if hints is None:
            hints = _hints(function)
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as exc:
            raise Code.ARGUMENTS_NOT_BOUND.error(
                where, exc, where.removesuffix("()") + _shown_signature(signature)
            ) from None
        if not values:
            return
        for name, value in bound.arguments.items():
            parameter = signature.parameters[name]
            if name in ("self", "cls") or name not in hints:
                continue
            if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
                items = [(f"{name}[{i}]", v) for i, v in enumerate(value)]
            elif parameter.kind is inspect.Parameter.VAR_KEYWORD:
                items = [(k, v) for k, v in value.items()]
            else:
                items = [(name, value)]
            for label, item in items:
                problem = _problem(hints[name], item)
                if problem is not None:
                    more = f"; help({where.removesuffix('()')}) says more." if "." not in label else "."
                    shown = f" ({problem})" if problem else ""
                    raise Code.BAD_ARGUMENT.error(where, label, describe(hints[name]), _show(item), shown, more)

    if inspect.iscoroutinefunction(function):

        @functools.wraps(function)
        async def acall(*args: Any, **kwargs: Any) -> Any:
            check(args, kwargs)
            return await function(*args, **kwargs)

        return typing.cast(F, acall)

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        check(args, kwargs)
        return function(*args, **kwargs)

    return typing.cast(F, call)


def shape_checked(function: F) -> F:
    """Check only that a call fits ``function``'s parameters; its values are checked by hand.

    ``Platform`` uses this: its own checks never show the password a wrong value might be.
    """
    return checked(function, values=False)


def check_name(value: object, what: str, *, max_length: int | None = MAX_NAME_CHARS) -> str:
    """A name that reaches a URL by another way than a checked argument: not blank, at most ``max_length``."""
    if not isinstance(value, str) or not value.strip():
        raise Code.NAME_NOT_TEXT.error(what, short_value(value))
    if max_length is not None and len(value) > max_length:
        raise Code.NAME_TOO_LONG.error(what, f"{max_length:,}", short_value(value))
    return value


def check_positive(name: str, value: float) -> None:
    """A duration, interval or count that must be more than zero (its kind already checked by ``@checked``)."""
    if not value > 0:
        raise Code.NOT_POSITIVE.error(name, repr(value))


def _where(function: Callable[..., Any]) -> str:
    name = function.__qualname__
    return f"{name.removesuffix('.__init__')}()" if name.endswith(".__init__") else f"{name}()"


def _hints(function: Callable[..., Any]) -> dict[str, Any]:
    try:
        return typing.get_type_hints(function, include_extras=True)
    except (NameError, TypeError):
        # A hint naming what is only imported for type checking: check what can be resolved.
        found = {}
        module = inspect.getmodule(function)
        space = vars(module) if module is not None else {}
        for name, hint in getattr(function, "__annotations__", {}).items():
            try:
                found[name] = eval(hint, space) if isinstance(hint, str) else hint  # noqa: S307 - our own hints
            except Exception:  # noqa: S112 - unresolvable: not checked
                continue
        return found


def _shown_signature(signature: inspect.Signature) -> str:
    """The call's shape without its annotations: ``(platform, server_name, *, timeout_s=30.0)``."""
    parameters = [
        p.replace(annotation=inspect.Parameter.empty)
        for p in signature.parameters.values()
        if p.name not in ("self", "cls") and not p.name.startswith("_")
    ]
    return str(inspect.Signature(parameters))


# -- checking one value -----------------------------------------------------------------------------


def _problem(hint: Any, value: Any) -> str | None:
    """None if ``value`` fits ``hint``; else "" or a few words on what is wrong beyond its kind."""
    if hint is Any or hint is object or isinstance(hint, TypeVar):
        return None
    if hint is None or hint is type(None):
        return None if value is None else ""
    origin, args = get_origin(hint), get_args(hint)
    if origin is Annotated:
        return _problem_annotated(args[0], args[1:], value)
    if origin in (Union, types.UnionType):
        problems = [_problem(arm, value) for arm in args]
        if any(p is None for p in problems):
            return None
        # A str that failed only its length or blankness says so, rather than "not text".
        return next((p for p in problems if p), "")
    if origin is Literal:
        return None if value in args else ""
    if hint is str:
        return _problem_annotated(str, (NAME,), value)
    if hint is bool:
        return None if isinstance(value, bool) else ""
    if hint is int:
        return None if isinstance(value, int) and not isinstance(value, bool) else ""
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return ""
        return None if math.isfinite(value) else "not a finite number"
    if origin is type:
        wanted = args[0] if args else object
        return None if isinstance(value, type) and (wanted is Any or issubclass(value, wanted)) else ""
    if origin is not None:
        return _problem_generic(origin, args, value)
    if isinstance(hint, type):
        if _is_protocol(hint) and not getattr(hint, "_is_runtime_protocol", False):
            return None  # a static protocol: nothing to check at run time
        return None if isinstance(value, hint) else ""
    return None  # a hint this module does not know: not checked


def _problem_annotated(base: Any, metadata: tuple[Any, ...], value: Any) -> str | None:
    problem = _problem(base, value) if base is not str else (None if isinstance(value, str) else "")
    if problem is not None:
        return problem
    for meta in metadata:
        if isinstance(meta, Length) and isinstance(value, str):
            if meta.least and not value.strip():
                return "it is blank"
            if len(value) > meta.most:
                return f"it has {len(value):,} characters, more than {meta.most:,}"
    return None


def _problem_generic(origin: Any, args: tuple[Any, ...], value: Any) -> str | None:
    if origin is collections.abc.Callable:
        return None if callable(value) else ""
    if origin is os.PathLike:
        return None if isinstance(value, os.PathLike) else ""
    if isinstance(origin, type) and issubclass(origin, collections.abc.Mapping):
        if not isinstance(value, collections.abc.Mapping):
            return ""
        if args and args[0] is str and not all(isinstance(k, str) for k in value):
            return "its keys must be text"
        return None
    if isinstance(origin, type) and issubclass(origin, collections.abc.Iterable):
        # Text and pydantic models iterate too, but never mean "a collection of ..." here.
        if _is_model(value):
            return f"for one, pass a list of one: [{type(value).__name__}(...)]"
        # A dict iterates over its keys: never what "a list of ..." means.
        if isinstance(value, str | bytes | collections.abc.Mapping) or not isinstance(value, collections.abc.Iterable):
            return ""
        if not isinstance(value, origin if origin is not collections.abc.Iterable else collections.abc.Iterable):
            return ""
        if args and isinstance(value, list | tuple | set | frozenset):
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                return None  # a fixed-shape tuple: its shape is the function's to check
            element = args[0]
            for index, item in enumerate(value):
                problem = _problem(element, item)
                if problem is not None:
                    return f"item {index} is {_show(item)}, not {describe(element)}" + (
                        f": {problem}" if problem else ""
                    )
        return None
    if not isinstance(origin, type):
        return None  # a generic this module does not know: not checked
    return None if isinstance(value, origin) else ""


def _is_protocol(hint: type) -> bool:
    return bool(getattr(hint, "_is_protocol", False))


def _is_model(value: Any) -> bool:
    return any(cls.__name__ == "BaseModel" for cls in type(value).__mro__)


# -- words -----------------------------------------------------------------------------------------


def describe(hint: Any) -> str:
    """What ``hint`` accepts, in words a notebook user reads."""
    if hint is None or hint is type(None):
        return "None"
    origin, args = get_origin(hint), get_args(hint)
    if origin is Annotated:
        lengths = [m for m in args[1:] if isinstance(m, Length)]
        if args[0] is str and lengths:
            return _describe_text(lengths[0])
        return describe(args[0])
    if origin in (Union, types.UnionType):
        arms = [a for a in args if a is not type(None)]
        text = " or ".join(describe(a) for a in arms)
        return f"{text}, or None" if len(arms) < len(args) else text
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in args)
    if hint is str:
        return _describe_text(NAME)
    simple = {bool: "True or False", int: "a whole number", float: "a number"}
    if hint in simple:
        return simple[hint]
    if origin is collections.abc.Callable:
        return "a function"
    if origin is os.PathLike:
        return "a path"
    if origin is type:
        return f"a class (a subclass of {_name(args[0])})" if args else "a class"
    if isinstance(origin, type) and issubclass(origin, collections.abc.Mapping):
        return "a dict" + (f" of {_bare(describe(args[1]))}" if len(args) == 2 and args[1] not in (Any, object) else "")
    if isinstance(origin, type) and issubclass(origin, collections.abc.Iterable):
        return "a list" + (f" of {_bare(describe(args[0]))}" if args and args[0] is not Any else "")
    if isinstance(hint, type):
        return _DESCRIBED.get(hint) or _an(_name(hint))
    return str(hint)


def _describe_text(length: Length) -> str:
    if length.least:
        return f"text (not blank, at most {length.most:,} characters)"
    return f"text (at most {length.most:,} characters)"


def _name(cls: Any) -> str:
    module = getattr(cls, "__module__", "")
    name = getattr(cls, "__qualname__", str(cls))
    if module.startswith("egeria_nb"):
        return f"egeria_nb.{name}"
    return name if module in ("builtins", "") else f"{module.split('.')[0]}.{name}"


def _bare(text: str) -> str:
    """``describe`` without its articles, for the items of a list ("a list of egeria_nb.X or dict")."""
    return " or ".join(arm.removeprefix("a ").removeprefix("an ") for arm in text.split(" or "))


def _an(text: str) -> str:
    return f"an {text}" if text[:1].lower() in "aeiou" else f"a {text}"


def _show(value: Any) -> str:
    """A wrong value as the message shows it: short, with its kind."""
    if value is None:
        return "None"
    if isinstance(value, str):
        if not value:
            return "an empty string"
        if len(value) > SHOWN_CHARS:
            return f"a string of {len(value):,} characters ({value[:SHOWN_CHARS]!r}...)"
        return repr(value)
    text = repr(value)
    if len(text) > SHOWN_CHARS:
        text = text[:SHOWN_CHARS] + "..."
    kind = type(value).__name__
    return text if kind in ("int", "float", "bool") else f"{_an(kind)} {text}"
