"""Server-side FFDC: the embedded platform's failure answers, in Egeria's JSON.

The codes themselves are in the one error catalogue, ``egeria_nb.catalogue``.
Handlers ``raise FFDCError(CODE, params...)``; the error middleware turns it
into Egeria's failure body (HTTP 200 with ``relatedHTTPCode``, unless the code
says the HTTP status must change too, as for JSON and authentication errors).
"""

from __future__ import annotations

import uuid
from typing import Any

from egeria_nb.catalogue import Code, ErrorCode
from egeria_nb.errors import EgeriaError

__all__ = ["Code", "FFDCError", "error_body", "ok_body"]


class FFDCError(Exception):
    """Raised in handlers; becomes an FFDC failure body at the error middleware."""

    def __init__(
        self,
        code: ErrorCode,
        *params: object,
        parameter_name: str | None = None,
        caused_by: str | None = None,
        properties: dict[str, str] | None = None,
        payload: dict[str, Any] | None = None,
    ) -> None:
        """``properties``: more of Egeria's ``exceptionProperties`` than the parameter name;
        ``payload``: fields of the response Egeria fills in before the failure, kept in its answer."""
        self.code = code
        if code is Code.BAD_PARAMETER and len(params) > 1:
            # Show the offending value as it was sent ('text', 5, [..]), and a missing one as such.
            value = params[1]
            params = (params[0], "nothing" if value is None or value == "" else repr(value), *params[2:])
        self.params = tuple(str(p) for p in params)
        self.parameter_name = parameter_name
        self.caused_by = caused_by
        self.properties = dict(properties or {})
        self.payload = dict(payload or {})
        super().__init__(code.format(self.params))

    @classmethod
    def from_error(cls, error: EgeriaError) -> FFDCError:
        """Report an error a server-side component raised with its own message id (e.g. the daemon's)."""
        message_id = error.message_id or Code.UNIDENTIFIED.message_id
        text = error.message.removeprefix(message_id).strip()
        code = ErrorCode(
            error.http_code or 400,
            message_id,
            "{0}",
            error.system_action or Code.UNIDENTIFIED.system_action,
            (error.user_action or "").replace("{", "{{").replace("}", "}}"),
        )
        return cls(code, text)


def ok_body(response_class: str, **payload: Any) -> dict[str, Any]:
    """A success body: ``{"class": ..., "requestId": ..., "relatedHTTPCode": 200, ...}``."""
    body: dict[str, Any] = {"class": response_class, "requestId": str(uuid.uuid4()), "relatedHTTPCode": 200}
    body.update({k: v for k, v in payload.items() if v is not None})
    return body


def error_body(error: FFDCError, action: str, response_class: str = "VoidResponse") -> dict[str, Any]:
    """Egeria's failure body for ``error`` (egeria-wire.md §1.3)."""
    code = error.code
    body: dict[str, Any] = {
        "class": response_class,
        "requestId": str(uuid.uuid4()),
        "relatedHTTPCode": code.related_http_code,
        "exceptionClassName": code.exception_class,
        "exceptionSubclassName": code.exception_class,
        "actionDescription": action,
        "exceptionErrorMessage": code.format(error.params),
        "exceptionErrorMessageId": code.message_id,
        "exceptionErrorMessageParameters": list(error.params),
        "exceptionSystemAction": code.system_action,
        "exceptionUserAction": code.user_action.format(*error.params),
    }
    if error.caused_by:
        body["exceptionCausedBy"] = error.caused_by
    properties = {**error.properties, **({"parameterName": error.parameter_name} if error.parameter_name else {})}
    if properties:
        body["exceptionProperties"] = properties
    for key, value in error.payload.items():
        body.setdefault(key, value)
    return body
