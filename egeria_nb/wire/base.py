"""The base of every wire model: Egeria's JSON names outside, snake_case inside.

Egeria serialises with Jackson: null properties are omitted, unknown incoming
properties are ignored, and polymorphic beans carry a ``class`` discriminator
(egeria-wire.md §0.1). The models here keep unknown properties instead of
dropping them, so a document from a newer Egeria round-trips without loss.

A model built in Python (``IntegrationGroupConfig(...)``, an attribute set, or a
dict given to an admin function) is a person's input: a misspelt field or a value
of the wrong kind is an ``InvalidParameterError`` (``EGERIA-NB-WIRE-400-…``) that
names the model, the field, what it got and what it accepts. ``model_validate`` and
``from_wire`` read what a platform sent and keep raising pydantic's
``ValidationError``, which the client turns into ``UnexpectedResponseError``.
"""

from __future__ import annotations

import difflib
import enum
import functools
import inspect
import re
import types
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal, Self, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, PlainSerializer, ValidationError, ValidationInfo, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from egeria_nb.catalogue import Code, ErrorCode
from egeria_nb.errors import InvalidParameterError

__all__ = [
    "EgeriaDate",
    "WireModel",
    "invalid_fields",
    "java_date",
    "model_from_argument",
    "short_value",
    "with_class",
]

# The codes (egeria_nb.catalogue): Code.UNKNOWN_FIELD for bad field names in a model built in Python
# (or a dict given for one); Code.BAD_FIELD_VALUE for a field's value of the wrong kind, refused, or
# missing; Code.NOT_A_MODEL for not a model or a dict at all, or fields given by position.

# How many fields a user action lists before it points at ``model_fields``.
_LISTED_FIELDS = 12
# Above this ratio (case ignored) an unknown name is taken for a typo of a known one.
_TYPO_RATIO = 0.85


def java_date(value: datetime) -> str:
    moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


# A java.util.Date as Spring Boot's Jackson writes it: ISO-8601 with milliseconds and an offset,
# e.g. 2026-06-28T17:55:59.123+00:00 (egeria-wire.md §0.1). Jackson reads that or epoch milliseconds.
EgeriaDate = Annotated[datetime, PlainSerializer(java_date, return_type=str, when_used="json")]

# snake_case with at least one underscore: how Python names look, and Egeria's JSON names never do.
_PYTHON_NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+")

# The validation context of input a person wrote: a close misspelling of a field is refused too.
_USER_INPUT = "user_input"
USER_CONTEXT: dict[str, Any] = {_USER_INPUT: True}


@functools.cache
def _known_names(model: type[BaseModel]) -> frozenset[str]:
    """A model's field names and aliases, and the properties other Egeria releases use (computed once)."""
    fields = model.model_fields.values()
    elsewhere = getattr(model, "_other_release_properties", frozenset())
    return frozenset({*model.model_fields, *(f.alias for f in fields if f.alias), *elsewhere})


@functools.cache
def _lowered_names(model: type[BaseModel]) -> dict[str, str]:
    return {name.lower(): name for name in _known_names(model)}


def _suggestions(model: type[BaseModel], key: str) -> list[str]:
    """The known names closest to ``key`` (case ignored), best first, in the spelling ``key`` is in."""
    snake = "_" in key or key.islower()
    candidates = {
        (name if snake or not field.alias else field.alias)
        for name, field in model.model_fields.items()
        if name != "class_"
    }
    lowered = {name.lower(): name for name in candidates}
    close = difflib.get_close_matches(key.lower(), list(lowered), n=3, cutoff=0.6)
    return [lowered[c] for c in close]


def _is_typo(model: type[BaseModel], key: str) -> bool:
    lowered = _lowered_names(model)
    if key.lower() in lowered:  # the right name in the wrong case: Jackson would drop it
        return True
    return bool(difflib.get_close_matches(key.lower(), list(lowered), n=1, cutoff=_TYPO_RATIO))


def _a(name: str) -> str:
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def _or_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _unknown_field(model: type[BaseModel], key: str) -> PydanticCustomError:
    close = _suggestions(model, key)
    hint = f"; did you mean {_or_list([repr(c) for c in close])}?" if close else ""
    return PydanticCustomError(
        "unknown_field",
        "{model} has no field {field_repr}{hint}",
        {"model": model.__name__, "field": key, "field_repr": repr(key), "hint": hint},
    )


def short_value(value: object, limit: int = 60) -> str:
    """``value`` for a message: its repr, cut to ``limit`` characters, and its type (and size if long)."""
    kind = type(value).__name__
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the error being reported
        text = f"<{kind} object>"
    if len(text) <= limit:
        return f"{text} ({kind})"
    text = text[: limit - 1] + "…"
    if isinstance(value, str):
        return f"{text} (str of {len(value):,} characters)"
    if isinstance(value, bytes | list | tuple | dict | set):
        return f"{text} ({kind} of {len(value):,} {'bytes' if isinstance(value, bytes) else 'items'})"
    return f"{text} ({kind})"


def field_listing(model: type[BaseModel]) -> str:
    """The model's fields for a user action: Python name, with Egeria's JSON name where it differs."""
    names = [
        f"{name} ({field.alias})" if field.alias and field.alias != name else name
        for name, field in model.model_fields.items()
        if name != "class_"
    ]
    if len(names) > _LISTED_FIELDS:
        rest = len(names) - _LISTED_FIELDS
        names = [*names[:_LISTED_FIELDS], f"and {rest} more (see {model.__name__}.model_fields)"]
    return ", ".join(names) if names else "(none)"


class WireModel(BaseModel):
    """A pydantic model of one Egeria bean.

    Fields are declared with Egeria's JSON name as the alias; Python code uses
    the snake_case attribute names. ``to_wire()`` gives the JSON Egeria expects.
    """

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="allow",
        # Egeria's beans are mutable; notebook users edit a group and post it again.
        validate_assignment=True,
        # Build validators on first use, not at import: `import egeria_nb` stays quick.
        defer_build=True,
    )

    # Properties of this bean in Egeria releases other than the one modelled: known, so never a typo.
    _other_release_properties: ClassVar[frozenset[str]] = frozenset()

    def __new__(cls, *args: Any, **data: Any) -> Self:
        # Fields are given by name; pydantic's own refusal of positional ones is a bare TypeError.
        if args:
            raise Code.NOT_A_MODEL.error(
                f"{cls.__name__} takes its fields by name, not by position; it got {len(args)} positional "
                f"argument{'s' if len(args) > 1 else ''}, the first {short_value(args[0])}",
                f"Write {cls.__name__}(field=value, ...). Its fields: {field_listing(cls)}.",
            )
        return super().__new__(cls)

    # What help() and a notebook's signature tooltip show before the model is first used (pydantic
    # then sets the field-by-field signature): keyword arguments only, as before.
    __new__.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("cls", inspect.Parameter.POSITIONAL_ONLY),
            inspect.Parameter("data", inspect.Parameter.VAR_KEYWORD, annotation=Any),
        ]
    )

    def __init__(self, /, **data: Any) -> None:
        """Build from keyword arguments; a bad field is an ``InvalidParameterError`` (``EGERIA-NB-WIRE-400-…``)."""
        __tracebackhide__ = True
        try:
            self.__pydantic_validator__.validate_python(data, self_instance=self, context=USER_CONTEXT)
        except ValidationError as exc:
            raise invalid_fields(type(self), exc) from None

    # Not a "custom" __init__ to pydantic (RootModel does the same): model_validate and nested
    # models are validated by pydantic-core directly, so reading a response still raises
    # ValidationError, and a nested model's problem is reported with its path in the outer one.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def __setattr__(self, name: str, value: Any) -> None:
        cls = type(self)
        if not name.startswith("_") and name not in cls.model_fields and not hasattr(cls, name):
            aliased = {f.alias: n for n, f in cls.model_fields.items() if f.alias}
            if name in aliased:
                # Set as an extra property it would be sent besides (and clash with) the field.
                raise _refused_name(cls, name, hint=f"; set {aliased[name]!r}, its Python name")
            if _PYTHON_NAME.fullmatch(name) or _is_typo(cls, name):
                raise _refused_name(cls, name)
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:
            raise invalid_fields(cls, exc) from None

    @model_validator(mode="before")
    @classmethod
    def _no_misspelt_names(cls, data: Any, info: ValidationInfo) -> Any:
        """Refuse an unknown snake_case name: it is a typo for a field, not an Egeria property.

        Unknown Egeria (camelCase) properties are kept, so newer documents round-trip;
        but ``integration_group_qualifed_name=`` would otherwise be kept as an extra
        property and the group sent without its name. In input a person wrote (the
        constructor, a dict given to an admin function) a close misspelling of a field,
        such as ``integrationGroupQualifedName``, is refused too. Bodies read from the
        wire with ``context={"lenient": True}`` skip this: Egeria ignores fields it does not know.
        """
        context = info.context or {}
        if isinstance(data, dict) and not context.get("lenient"):
            known = _known_names(cls)
            user = context.get(_USER_INPUT, False)
            for key in data:
                if key in known or not isinstance(key, str):
                    continue
                if _PYTHON_NAME.fullmatch(key) or (user and _is_typo(cls, key)):
                    raise _unknown_field(cls, key)
        return data

    def __repr_args__(self):  # type: ignore[override]
        # Show what is set, in Python names; the discriminator and nulls are noise.
        for name, value in super().__repr_args__():
            if name != "class_" and value is not None:
                yield name, value

    def to_wire(self) -> dict[str, Any]:
        """The JSON body for Egeria: aliases, no nulls (Jackson's include-non-null)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    @classmethod
    def from_wire(cls, data: Any) -> Self:
        """Build from Egeria JSON (a parsed dict)."""
        return cls.model_validate(data)


M = TypeVar("M", bound=WireModel)


def with_class(model: type[WireModel], data: Mapping[str, Any]) -> dict[str, Any]:
    """Egeria's JSON ``data`` for a ``model`` bean kept as given, with the bean's ``class`` discriminator first.

    For a document kept as it was sent (key order, unknown properties and nulls included),
    where ``model(...).to_wire()`` would reorder it and drop its nulls. A ``class`` already
    in ``data`` is kept (in first place).
    """
    field = model.model_fields["class_"]
    return {field.alias or "class": field.default, **data}


def _refused_name(model: type[BaseModel], name: str, *, hint: str | None = None) -> InvalidParameterError:
    error = _unknown_field(model, name)
    text = error.message() if hint is None else f"{model.__name__} has no field {name!r}{hint}"
    return Code.UNKNOWN_FIELD.error(text, f"Use one of {model.__name__}'s fields: {field_listing(model)}.")


def model_from_argument(
    model: type[M],
    value: object,
    argument: str,
    *,
    only_known: bool = False,
    code: ErrorCode | None = None,
) -> M:
    """``value`` as a ``model``: an instance as it is, or a dict (Egeria's JSON names or the Python names).

    Anything else, or a dict with a misspelt field or a bad value, is an ``InvalidParameterError``
    naming ``argument``. ``only_known``: refuse every key that is not a field (for a document
    Egeria reads with unknown properties ignored, where any other key would be silently lost).
    ``code`` replaces the ``EGERIA-NB-WIRE-400-…`` codes (for a caller with an id of its own); its
    template and user action are the text and the action built here, ``{0}`` and ``{1}``.
    """
    if isinstance(value, model):
        return value
    if not isinstance(value, Mapping):
        raise (code or Code.NOT_A_MODEL).error(
            f"{argument} must be {_a(model.__name__)} or a dict of its fields, not {short_value(value)}",
            f"Build it with {model.__name__}(...) or give a dict of its fields: {field_listing(model)}.",
        )
    data = dict(value)
    if only_known:
        known = _known_names(model)
        unknown = [key for key in data if not isinstance(key, str) or key not in known]
        if unknown:
            raise (code or Code.UNKNOWN_FIELD).error(
                f"{argument}: {_unknown_keys(model, unknown)}",
                f"Use only {model.__name__}'s fields (Egeria ignores any other property, so it would be lost): "
                f"{field_listing(model)}. For a document from another Egeria release, give "
                f"{model.__name__}.from_wire(document) instead of the dict.",
            )
    try:
        return model.model_validate(data, context=USER_CONTEXT)
    except ValidationError as exc:
        raise invalid_fields(model, exc, argument=argument, code=code) from None


def _unknown_keys(model: type[BaseModel], keys: list[object]) -> str:
    """``model has no field 'x'; did you mean 'y'?``, for every key (the first five) that is not a field."""
    if len(keys) == 1 and isinstance(keys[0], str):
        return str(_unknown_field(model, keys[0]).message())
    parts = []
    for key in keys[:5]:
        if not isinstance(key, str):
            parts.append(f"{short_value(key)} (field names are text)")
            continue
        close = _suggestions(model, key)
        parts.append(f"{key!r}" + (f" (did you mean {_or_list([repr(c) for c in close])}?)" if close else ""))
    rest = f", and {len(keys) - 5} more" if len(keys) > 5 else ""
    return f"{model.__name__} has no field{'s' if len(keys) > 1 else ''} " + ", ".join(parts) + rest


# -- turning pydantic's ValidationError into one paragraph ------------------------------------


def invalid_fields(
    model: type[BaseModel],
    exc: ValidationError,
    *,
    argument: str | None = None,
    code: ErrorCode | None = None,
) -> InvalidParameterError:
    """One ``InvalidParameterError`` for what pydantic refused in ``model``: the first problem, in one paragraph.

    It names the model, the field (as the caller spelt it), what it got and what it accepts; the
    user action lists the fields of the model the problem is in.
    """
    errors = exc.errors(include_url=False)
    first = errors[0]
    owner, path, accepts = _resolve(model, first["loc"])
    kind = first["type"]
    got = first.get("input")
    where = ".".join(path).replace(".[", "[")
    inside = f"{model.__name__} {where}: " if where and kind == "unknown_field" else ""
    if kind == "unknown_field":
        found = Code.UNKNOWN_FIELD
        text = f"{inside}{first['msg']}"
        action = f"Use one of {owner.__name__}'s fields: {field_listing(owner)}."
    elif kind == "missing":
        found = Code.BAD_FIELD_VALUE
        text = f"{model.__name__} needs {where}, which was not given" + (f"; it accepts {accepts}" if accepts else "")
        action = f"Give {where}. {owner.__name__}'s fields: {field_listing(owner)}."
    elif kind == "invalid_key":
        found = Code.BAD_FIELD_VALUE
        text = f"{model.__name__}'s field names are text, not {short_value(got)}"
        action = f"Use {owner.__name__}'s fields: {field_listing(owner)}."
    elif kind in ("model_type", "model_attributes_type", "dict_type") and not path:
        found = Code.NOT_A_MODEL
        text = f"{model.__name__} is built from a dict of its fields, not {short_value(got)}"
        action = f"Give a dict of {model.__name__}'s fields: {field_listing(model)}."
    else:
        found = Code.BAD_FIELD_VALUE
        problem = _problem_text(first["msg"])
        if where:
            text = f"{model.__name__} cannot take {short_value(got)} for {where}: {problem}"
            if accepts:
                text += f"; {where.rsplit('.', 1)[-1]} accepts {accepts}"
            action = f"Give {where} {accepts or 'a value of the right kind'}. {owner.__name__}'s fields: " + (
                field_listing(owner) + "."
            )
        else:
            text = f"{model.__name__} refuses these values: {problem}"
            action = f"Correct the fields named. {owner.__name__}'s fields: {field_listing(owner)}."
    more = len(errors) - 1
    if more:
        others = [".".join(_resolve(model, e["loc"])[1]).replace(".[", "[") or "(the whole value)" for e in errors[1:4]]
        text += (
            f" (and {more} more problem{'s' if more > 1 else ''}, at {', '.join(others)}{', …' if more > 3 else ''})"
        )
    if argument:
        text = f"{argument}: {text}"
    return (code or found).error(text, action)


def _problem_text(msg: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg.removeprefix(prefix)
    return msg


def _resolve(model: type[BaseModel], loc: tuple[int | str, ...]) -> tuple[type[BaseModel], list[str], str | None]:
    """Follow pydantic's error location: the innermost model, the path as written, what the end accepts."""
    owner: type[BaseModel] = model
    annotation: Any = model
    path: list[str] = []
    for part in loc:
        annotation = _strip(annotation)
        if isinstance(part, int):
            path.append(f"[{part}]")
            args = get_args(annotation)
            origin = get_origin(annotation)
            if origin in (list, tuple, set, frozenset, Sequence) and args:
                annotation = args[0]
            elif origin in (dict, Mapping) and len(args) == 2:
                annotation = args[1]
            else:
                annotation = None
            continue
        model_type = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
        if model_type is not None:
            found = _field(model_type, part)
            if found is not None:
                owner, annotation = model_type, found.annotation
                path.append(part)
                continue
        members = _members(annotation)
        chosen = next((m for m in members if getattr(m, "__name__", None) == part), None)
        if chosen is not None and isinstance(chosen, type) and issubclass(chosen, BaseModel):
            annotation = chosen  # a union's tag: the member's name is not a step of the JSON path
            continue
        if get_origin(annotation) in (dict, Mapping):
            path.append(repr(part) if not part.isidentifier() else part)
            args = get_args(annotation)
            annotation = args[1] if len(args) == 2 else None
            continue
        if members:  # pydantic's tag of a plain union member ('str', 'int'): describe the whole union
            break
        path.append(part)
        annotation = None
    end = _strip(annotation)
    if isinstance(end, type) and issubclass(end, BaseModel):
        owner = end
    return owner, path, _accepts(annotation)


def _field(model: type[BaseModel], key: str) -> FieldInfo | None:
    fields = model.model_fields
    if key in fields:
        return fields[key]
    return next((f for f in fields.values() if f.alias == key), None)


def _strip(annotation: Any) -> Any:
    """Without ``Annotated``, and an optional of one type as that type."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    members = [m for m in _members(annotation) if m is not type(None)]
    return members[0] if len(members) == 1 and _members(annotation) else annotation


def _members(annotation: Any) -> tuple[Any, ...]:
    if get_origin(annotation) in (Union, types.UnionType):
        return get_args(annotation)
    return ()


def _accepts(annotation: Any, *, plural: bool = False) -> str | None:
    """What a field of this type accepts, in words (None when it says nothing useful)."""
    if annotation is None or annotation is Any:
        return None
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    members = _members(annotation)
    if members:
        words = [_accepts(m) for m in members if m is not type(None)]
        if any(w is None for w in words):
            return None
        if type(None) in members:
            words.append("None")
        return _or_list([w for w in words if w])
    origin = get_origin(annotation)
    if origin is Literal:
        return _or_list([repr(v) for v in get_args(annotation)])
    if origin in (list, tuple, set, frozenset, Sequence):
        args = get_args(annotation)
        inner = _accepts(args[0], plural=True) if args else None
        return f"a list of {inner}" if inner else "a list"
    if origin in (dict, Mapping) or annotation is dict:
        return "a dict"
    if annotation is list:
        return "a list"
    if annotation is type(None):
        return "None"
    if annotation is str:
        return "a string" if not plural else "strings"
    if annotation is bool:
        return "True or False" if not plural else "booleans"
    if annotation is int:
        return "a whole number" if not plural else "whole numbers"
    if annotation is float:
        return "a number" if not plural else "numbers"
    if annotation is datetime:
        return "a datetime (or ISO-8601 text)" if not plural else "datetimes"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "one of " + ", ".join(repr(m.value) for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        name = annotation.__name__
        return f"{name}s (or dicts of their fields)" if plural else f"{_a(name)} or a dict of its fields"
    return None
