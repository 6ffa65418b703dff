"""The two middlewares every request passes: FFDC error bodies, then authentication.

Errors: anything a handler raises becomes Egeria's failure JSON (egeria-wire.md
§1.3), never an HTML page or a bare 500, so a client can always read it.
Authentication: see ``auth``; each handler declares ``public``, ``token`` or
``legacy`` with ``@operation``.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from egeria_nb.embedded.ffdc import Code, FFDCError, error_body
from egeria_nb.embedded.http import Handler, json_response, state
from egeria_nb.embedded.keys import USER
from egeria_nb.errors import EgeriaError

__all__ = ["authenticate", "ffdc_errors"]

LOGGER = logging.getLogger("egeria_nb.embedded")


def _declared(request: web.Request, name: str, default: str) -> str:
    handler = request.match_info.handler
    return str(getattr(handler, name, default))


@web.middleware
async def ffdc_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except FFDCError as error:
        return _answer(request, error)
    except EgeriaError as error:
        # A component the platform runs (a hosted daemon) refused, with its own Egeria-style id.
        return _answer(request, FFDCError.from_error(error))
    except web.HTTPRequestEntityTooLarge:
        # aiohttp's own text is a sentence, not the byte count the message needs.
        return _answer(request, FFDCError(Code.BODY_TOO_LARGE, request.client_max_size))
    except web.HTTPNotFound:
        return _answer(request, FFDCError(Code.NO_ROUTE, request.method, request.path))
    except web.HTTPMethodNotAllowed as exc:
        allowed = ", ".join(sorted(exc.allowed_methods)) or "none"
        response = _answer(request, FFDCError(Code.METHOD_NOT_ALLOWED, request.method, request.path, allowed))
        # HTTP requires a 405 to list the methods the path does allow (RFC 9110 §15.5.6).
        response.headers["Allow"] = ", ".join(sorted(exc.allowed_methods))
        return response
    except web.HTTPException:
        raise
    except (asyncio.CancelledError, KeyboardInterrupt):
        raise
    except OSError as exc:
        LOGGER.exception("%s %s failed on I/O", request.method, request.path)
        return _answer(request, FFDCError(Code.UNAVAILABLE, request.path, exc.strerror or str(exc)))
    except Exception as exc:
        LOGGER.exception("%s %s failed unexpectedly", request.method, request.path)
        return _answer(
            request,
            FFDCError(
                Code.UNEXPECTED,
                type(exc).__name__,
                request.path,
                str(exc)[:500],
                caused_by=type(exc).__name__,
            ),
        )


def _answer(request: web.Request, error: FFDCError) -> web.Response:
    action = _declared(request, "action", request.path)
    response_class = _declared(request, "response_class", "VoidResponse")
    body = error_body(error, action, response_class)
    response = json_response(body, status=error.code.http_status)
    if error.code.http_status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="egeria_nb"'
    return response


@web.middleware
async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
    kind = _declared(request, "auth", "token")
    st = state(request)
    if kind == "legacy":
        if not st.legacy_api:
            raise FFDCError(Code.LEGACY_PATHS_OFF, request.path)
        request[USER] = st.auth.check_known(request.match_info["userId"])
    elif kind == "token":
        request[USER] = st.auth.user_for(request.headers.get("Authorization"))
    return await handler(request)
