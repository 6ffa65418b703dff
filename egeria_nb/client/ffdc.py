"""One step that turns an Egeria answer into an exception, like ``raise_for_status``.

Egeria usually reports failure with HTTP 200 and ``relatedHTTPCode`` != 200 in
the body (egeria-wire.md §0.1, §1.3); authentication and JSON-parsing failures
change the HTTP status instead (§1.5). Both arrive here.
"""

from __future__ import annotations

import json
import re
from typing import Any

from egeria_nb.catalogue import Code
from egeria_nb.errors import (
    EgeriaError,
    InvalidParameterError,
    NotAuthorizedError,
    PropertyServerError,
    ServerNotKnownError,
)

__all__ = ["error_from_ffdc", "excerpt", "raise_for_ffdc", "shorten", "shorten_repr"]

# How much of an over-long value, URL or answer an error message shows.
SHOWN_CHARS = 60
URL_SHOWN_CHARS = 120
REASON_SHOWN_CHARS = 200
_TAG = re.compile(r"<[^>]*>")

# Egeria's id for "server not running on this platform" (§3.8).
SERVER_NOT_RUNNING_IDS = frozenset({Code.SERVER_NOT_RUNNING.message_id})

# Java exception simple names (any package, any release line) → our class.
_BY_EXCEPTION: dict[str, type[EgeriaError]] = {
    "InvalidParameterException": InvalidParameterError,
    "OMAGInvalidParameterException": InvalidParameterError,
    "UserNotAuthorizedException": NotAuthorizedError,
    "OMAGNotAuthorizedException": NotAuthorizedError,
    "PropertyServerException": PropertyServerError,
}


def _simple_name(java_class: str | None) -> str:
    return (java_class or "").rsplit(".", 1)[-1]


def _pick_class(message_id: str | None, exception_class: str | None, code: int) -> type[EgeriaError]:
    if message_id in SERVER_NOT_RUNNING_IDS:
        return ServerNotKnownError
    name = _simple_name(exception_class)
    if name == "OMAGConfigurationErrorException":
        # A configuration that cannot work: an InvalidParameterException (400) in 6.x, a 500 before.
        return InvalidParameterError if 400 <= code < 500 else PropertyServerError
    known = _BY_EXCEPTION.get(name)
    if known is not None:
        return known
    if code in (401, 403):
        return NotAuthorizedError
    if code == 404:
        return ServerNotKnownError
    if 400 <= code < 500:
        return InvalidParameterError
    return PropertyServerError


def error_from_ffdc(body: dict[str, Any], *, http_status: int) -> EgeriaError:
    """Build the exception an FFDC failure body describes."""
    code = body.get("relatedHTTPCode")
    if not isinstance(code, int) or (code == 200 and http_status >= 400):
        # A failing HTTP status wins over a body that claims success (a proxy or
        # filter rejected the call after Egeria built its answer).
        code = http_status
    message_id = body.get("exceptionErrorMessageId")
    exception_class = body.get("exceptionClassName")
    message = body.get("exceptionErrorMessage") or (
        f"The platform reported a failure ({_simple_name(exception_class) or 'no details'})"
    )
    cls = _pick_class(message_id, exception_class, code)
    return cls(
        message,
        message_id=message_id,
        http_code=code,
        system_action=body.get("exceptionSystemAction"),
        user_action=body.get("exceptionUserAction"),
        exception_class_name=exception_class,
        parameters=body.get("exceptionErrorMessageParameters"),
        properties=body.get("exceptionProperties"),
        action_description=body.get("actionDescription"),
    )


def raise_for_ffdc(http_status: int, body: Any, *, method: str, url: str) -> None:
    """Raise the matching ``EgeriaError`` if this answer is a failure; else return."""
    if isinstance(body, dict) and "relatedHTTPCode" in body:
        if body["relatedHTTPCode"] == 200 and http_status < 400:
            return
        raise error_from_ffdc(body, http_status=http_status)
    if http_status < 400:
        return
    # No FFDC body: Spring's own error page, a proxy, the web server itself, or not Egeria at all.
    shown_url = shorten(url, URL_SHOWN_CHARS)
    if http_status in (401, 403):
        raise Code.REFUSED.error(method, shown_url, http_code=http_status)
    if http_status == 404:
        raise Code.NO_SERVICE.error(method, shown_url, http_code=http_status)
    reason = excerpt(body)
    said = f": {reason}" if reason else " and gave no reason"
    if http_status < 500:
        # Every Egeria service answers a failure with an FFDC body; a 4xx without one comes from the
        # web server in front of the services (Tomcat, Spring, aiohttp, a proxy) refusing the HTTP
        # request itself: a request line or header too long, a body too large, a bad character.
        action = _HTTP_REFUSAL_ACTIONS.get(http_status, _HTTP_REFUSAL_ACTION)
        raise Code.REFUSED_BY_WEB_SERVER.error(method, shown_url, http_status, said, action, http_code=http_status)
    raise Code.FAILED_WITHOUT_DETAILS.error(method, shown_url, http_status, said, http_code=http_status)


_HTTP_REFUSAL_ACTION = (
    "Check the values this call sends: a name far longer than usual or with unusual characters is the "
    "common cause, and the reason above names what the web server disliked. If this URL is not an "
    "Egeria platform's (a proxy or another service answered), correct it."
)
_HTTP_REFUSAL_ACTIONS = {
    413: "Send less in one call (fewer or smaller items), or raise the platform's request size limit.",
    414: "Use a shorter value in the URL: a name that goes in the URL path must stay under a few thousand characters.",
    431: "Use shorter header values; if the platform sits behind a proxy, check what the proxy adds.",
}


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` itself if short; else its first ``limit`` characters, an ellipsis and its length.

    Error messages show what was wrong, never thousands of characters of it.
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def shorten_repr(value: object, limit: int = SHOWN_CHARS) -> str:
    """``repr(value)`` for a short value; for a long text the repr of its start, an ellipsis and its length."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value):,} characters)"
    return shorten(repr(value), limit)


def excerpt(body: Any, limit: int = REASON_SHOWN_CHARS) -> str:
    """A non-Egeria answer's text as one short line (HTML tags dropped), for an error message."""
    if body is None:
        return ""
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    text = " ".join(_TAG.sub(" ", text).split())
    return shorten(text, limit)
