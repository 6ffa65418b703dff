"""The exceptions egeria_nb raises, in one hierarchy.

Two axes are kept apart, as users act on them differently: "we never got an
answer from the platform" (check the URL, the network, TLS) and "the platform
answered with a failure" (read Egeria's message and user action).

    EgeriaError                      anything egeria_nb raises on purpose
    ├── PlatformUnreachableError     no answer: connection refused, DNS, TLS, reset
    │   └── PlatformTimeoutError     no answer within the timeout
    ├── InvalidParameterError        a request was wrong (Egeria's InvalidParameterException)
    │   └── ServerNotKnownError      the named server is not running / not known there
    ├── NotAuthorizedError           credentials refused or user not allowed
    ├── PropertyServerError          the platform failed while doing the work
    └── UnexpectedResponseError      the platform answered in a shape egeria_nb cannot read

Every error carries the FFDC fields Egeria sends (``http_code``, ``message_id``,
``message``, ``system_action``, ``user_action``) and prints as one paragraph
that says what went wrong and what to do. Errors that egeria_nb detects itself
(before or without reaching Egeria) use ids that start with ``EGERIA-NB-``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "DaemonBlockedError",
    "EgeriaError",
    "InvalidParameterError",
    "NotAuthorizedError",
    "PlatformTimeoutError",
    "PlatformUnreachableError",
    "PropertyServerError",
    "ServerNotKnownError",
    "UnexpectedResponseError",
]


class EgeriaError(Exception):
    """Base of every error egeria_nb raises on purpose.

    ``message`` is Egeria's formatted text; like Egeria's, it normally starts
    with the message id. ``system_action`` says what the platform did about it,
    ``user_action`` what to do next.
    """

    def __init__(
        self,
        message: str,
        *,
        message_id: str | None = None,
        http_code: int | None = None,
        system_action: str | None = None,
        user_action: str | None = None,
        exception_class_name: str | None = None,
        parameters: list[str] | None = None,
        properties: Mapping[str, Any] | None = None,
        action_description: str | None = None,
    ) -> None:
        self.message = message
        self.message_id = message_id
        self.http_code = http_code
        self.system_action = system_action
        self.user_action = user_action
        self.exception_class_name = exception_class_name
        self.parameters = list(parameters or [])
        self.properties = dict(properties or {})
        self.action_description = action_description
        super().__init__(self._paragraph())

    def _paragraph(self) -> str:
        text = _one_line(self.message)
        if self.message_id and not text.startswith(self.message_id):
            text = f"{self.message_id} {text}"
        parts = [_sentence(text)]
        if self.http_code is not None and not re.search(rf"\bHTTP {self.http_code}\b", text):
            # Only when the message does not name the status already ("... (HTTP 401)" twice reads as a stutter).
            parts.append(f"(HTTP {self.http_code})")
        if self.system_action:
            parts.append(_sentence(_one_line(self.system_action)))
        if self.user_action:
            parts.append("What to do: " + _sentence(_one_line(self.user_action)))
        return " ".join(parts)

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments would otherwise be lost when pickled (e.g. by
        # nbclient or multiprocessing); rebuild from the full field set.
        return (_rebuild, (type(self), self.message, self._fields()))

    def _fields(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "http_code": self.http_code,
            "system_action": self.system_action,
            "user_action": self.user_action,
            "exception_class_name": self.exception_class_name,
            "parameters": self.parameters,
            "properties": self.properties,
            "action_description": self.action_description,
        }


def _rebuild(cls: type[EgeriaError], message: str, fields: dict[str, Any]) -> EgeriaError:
    return cls(message, **fields)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _one_line(text: str) -> str:
    # Egeria substitutes raw values (paths, nested exception messages) into its
    # templates, so a field can carry line breaks; the printed error stays one paragraph.
    return " ".join(text.split())


class PlatformUnreachableError(EgeriaError):
    """No answer came back from the platform (connection, DNS or TLS failure)."""


class PlatformTimeoutError(PlatformUnreachableError):
    """The platform did not answer within the timeout."""


class InvalidParameterError(EgeriaError):
    """A request carried a value the platform (or egeria_nb) refuses."""


class ServerNotKnownError(InvalidParameterError):
    """The named server is not running on the platform, or is not known there."""


class NotAuthorizedError(EgeriaError):
    """The platform refused the credentials, or the user may not do this."""


class PropertyServerError(EgeriaError):
    """The platform failed while carrying out the request."""


class UnexpectedResponseError(EgeriaError):
    """The platform answered, but not in a shape egeria_nb understands."""


class DaemonBlockedError(EgeriaError):
    """An in-kernel daemon cannot take a call: a connector is blocking its event loop."""
