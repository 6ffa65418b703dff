"""What every handler of the embedded platform shares: declaring operations, reading bodies, answering.

A handler is declared with ``@operation("javaMethodName", response="XResponse")``
so that errors raised inside it are reported with Egeria's action description
and response class; ``auth=`` says who may call it (see ``middleware``).
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

import pydantic
from aiohttp import web

from egeria_nb.embedded.ffdc import Code, FFDCError, ok_body
from egeria_nb.embedded.keys import STATE, USER
from egeria_nb.embedded.state import PlatformState
from egeria_nb.wire.responses import FFDCResponseBase

__all__ = [
    "Auth",
    "Handler",
    "answer",
    "caller",
    "json_response",
    "ok",
    "operation",
    "parse_body",
    "query_param",
    "read_json",
    "read_text",
    "state",
]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Auth = Literal["public", "token", "legacy"]
M = TypeVar("M", bound=pydantic.BaseModel)
# Bodies nested deeper than this are refused before parsing finishes.
MAX_JSON_DEPTH = 64
# A \u escape in the UTF-16 surrogate range (only a pair of them makes a character).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


# Largest request body a handler accepts unless it declares more (ample for thousands of groups).
MAX_BODY_BYTES = 8 * 1024 * 1024
# The most any handler may declare; the application refuses anything larger before a handler runs.
LARGEST_BODY_BYTES = 64 * 1024 * 1024


def operation(
    action: str, *, response: str = "VoidResponse", auth: Auth = "token", max_body: int = MAX_BODY_BYTES
) -> Callable[[Handler], Handler]:
    """Mark a handler with Egeria's operation name, its response class, its access rule and its body limit."""

    def mark(handler: Handler) -> Handler:
        handler.action = action  # type: ignore[attr-defined]
        handler.response_class = response  # type: ignore[attr-defined]
        handler.auth = auth  # type: ignore[attr-defined]
        handler.max_body = min(max_body, LARGEST_BODY_BYTES)  # type: ignore[attr-defined]
        return handler

    return mark


def state(request: web.Request) -> PlatformState:
    return request.app[STATE]


def caller(request: web.Request) -> str:
    """The calling user (``delegatingUserId`` if given, as Egeria 6.x allows)."""
    return request.query.get("delegatingUserId") or request[USER]


def json_response(body: Any, status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))


def ok(response_class: str = "VoidResponse", **payload: Any) -> web.Response:
    return json_response(ok_body(response_class, **payload))


async def read_text(request: web.Request) -> str:
    limit = getattr(request.match_info.handler, "max_body", MAX_BODY_BYTES)
    if request.content_length is not None and request.content_length > limit:
        raise FFDCError(Code.BODY_TOO_LARGE, limit)
    raw = await request.read()
    if len(raw) > limit:
        raise FFDCError(Code.BODY_TOO_LARGE, limit)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Report the bad byte's line and column, as for any other JSON error.
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise FFDCError(Code.MALFORMED_JSON, "the body is not UTF-8 text", line, column) from None


async def read_json(request: web.Request, what: str, *, required: bool = True) -> Any:
    """The request body parsed as JSON; ``FFDCError`` with the position if it is not JSON."""
    text = await read_text(request)
    if not text.strip():
        if required:
            raise FFDCError(Code.MISSING_BODY, what)
        return None
    too_deep = FFDCError(Code.WRONG_BODY_SHAPE, what, f"it is nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        raise too_deep from None
    except json.JSONDecodeError as exc:
        raise FFDCError(Code.MALFORMED_JSON, exc.msg, exc.lineno, exc.colno) from None
    except _NotJson as exc:
        raise FFDCError(Code.WRONG_BODY_SHAPE, what, str(exc)) from None
    except ValueError:
        # Python refuses to convert integers longer than sys.get_int_max_str_digits().
        raise FFDCError(Code.WRONG_BODY_SHAPE, what, "it contains a number with too many digits") from None
    if _too_deep(data):
        raise too_deep
    if _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(data):
        # "\ud800" alone parses, but is not text: it could be neither stored nor sent back as UTF-8.
        raise FFDCError(Code.WRONG_BODY_SHAPE, what, "it contains a \\u escape for half of a UTF-16 surrogate pair")
    return data


class _NotJson(ValueError):
    """A value Python's json module reads but JSON (and Egeria's Jackson) does not allow."""


def _refuse_constant(name: str) -> float:
    # Stored, NaN or Infinity would make every later answer about the document invalid JSON.
    raise _NotJson(f"it contains {name}, which is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _NotJson(f"the number {text[:40]} is too large")
    return value


def _has_lone_surrogate(data: Any) -> bool:
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _too_deep(data: Any) -> bool:
    # Checked on the parsed value (an iterative walk), so that later code that recurses never meets a
    # hostile depth; the parser itself stops a deeper one with RecursionError.
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            return True
        pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def parse_body(model: type[M], data: Any, what: str | None = None, *, lenient: bool = False) -> M:
    """Validate parsed JSON as ``model``; a wrong ``class`` or shape is a clear HTTP 400.

    ``lenient``: ignore unknown fields, whatever their spelling, as Egeria's Jackson does
    for the generic API's bodies (pyegeria sends some it does not know).
    """
    name = what or model.__name__
    expected_class = _expected_class(model)
    if isinstance(data, dict) and expected_class and "class" in data and data["class"] != expected_class:
        raise FFDCError(Code.UNKNOWN_CLASS, expected_class, data["class"])
    try:
        return model.model_validate(data, context={"lenient": lenient})
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"] if p not in _TAGS) or "the body"
        raise FFDCError(Code.WRONG_BODY_SHAPE, name, f"{where}: {_problem(first)}") from None


# Discriminator values pydantic puts in an error's location; the JSON path has no such step.
_TAGS = {
    "PrimitiveTypePropertyValue",
    "EnumTypePropertyValue",
    "MapTypePropertyValue",
    "ArrayTypePropertyValue",
    "StructTypePropertyValue",
}


def _problem(error: Any) -> str:
    """Pydantic's message, except where a person needs different words (a property value's ``class``)."""
    if error["type"] == "union_tag_not_found":
        return 'a property value needs "class": one of ' + ", ".join(sorted(_TAGS))
    if error["type"] == "union_tag_invalid":
        tag = (error.get("ctx") or {}).get("tag")
        return f'"class" {tag!r} is not a property value class; use one of ' + ", ".join(sorted(_TAGS))
    return str(error["msg"]).removeprefix("Value error, ")


def answer(response: FFDCResponseBase) -> web.Response:
    """A success answer built from its wire model (with a fresh ``requestId``)."""
    body = response.to_wire()
    body["requestId"] = str(uuid.uuid4())
    body["relatedHTTPCode"] = 200
    return json_response(body)


def _expected_class(model: type[pydantic.BaseModel]) -> str | None:
    field = model.model_fields.get("class_")
    if field is None:
        return None
    args = getattr(field.annotation, "__args__", ())
    return args[0] if len(args) == 1 and isinstance(args[0], str) else None


def query_param(request: web.Request, name: str, what: str) -> str:
    value = request.query.get(name)
    if value is None or not value.strip():
        raise FFDCError(Code.BAD_PARAMETER, what, value or "", f"the query parameter {name}= is required")
    return value
