"""Helpers shared by the metadata-access-server views."""

from __future__ import annotations

from aiohttp import web

from egeria_nb.embedded.config_store import check_server_name
from egeria_nb.embedded.documents import METADATA_ACCESS_STORE
from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.http import caller, state

__all__ = ["DEFAULT_PAGE_SIZE", "metadata_server", "paging", "truthy"]

# Egeria's default maxPageSize (egeria-wire.md §1.6).
DEFAULT_PAGE_SIZE = 1000


def metadata_server(request: web.Request) -> str:
    """The request's server, which must be a running metadata access server (else §3.8's 404 error)."""
    name = check_server_name(request.match_info["serverName"])
    running = state(request).instances.get(name)
    if running is None or running.server_type != METADATA_ACCESS_STORE.server_type_name:
        raise FFDCError(Code.SERVER_NOT_RUNNING, name, caller(request), parameter_name="serverName")
    return name


def paging(request: web.Request) -> tuple[int, int]:
    """``startingFrom`` and ``maximumResults`` (0 or absent = the default page size)."""
    try:
        start = int(request.query.get("startingFrom", "0"))
        limit = int(request.query.get("maximumResults", "0"))
    except ValueError:
        raise FFDCError(
            Code.BAD_PARAMETER, "startingFrom / maximumResults", dict(request.query), "they must be whole numbers"
        ) from None
    if start < 0 or limit < 0:
        raise FFDCError(
            Code.BAD_PARAMETER, "startingFrom / maximumResults", dict(request.query), "they cannot be negative"
        )
    return start, limit or DEFAULT_PAGE_SIZE


def truthy(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes")
