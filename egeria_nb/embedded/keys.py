"""Typed keys for what the embedded platform's aiohttp application and requests carry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from egeria_nb.embedded.state import PlatformState

__all__ = ["STATE", "USER"]

STATE: web.AppKey[PlatformState] = web.AppKey("state")
# The authenticated caller, set on each request by the authentication middleware.
USER: web.RequestKey[str] = web.RequestKey("user")
