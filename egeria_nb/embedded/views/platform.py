"""Platform services: about, log in, origin, and starting/stopping servers (egeria-wire.md §0.1, §2)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiohttp import web

from egeria_nb._version import __version__
from egeria_nb.embedded import documents as docs
from egeria_nb.embedded.config_store import check_server_name
from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.http import json_response, ok, operation, read_json, state
from egeria_nb.embedded.instances import running_server
from egeria_nb.embedded.metadata_servers import SERVICES as METADATA_SERVICES
from egeria_nb.embedded.view_servers import SERVICES as VIEW_SERVICES

__all__ = ["ORIGIN", "PLATFORM_ROUTES", "PUBLIC_ROUTES"]

ORIGIN = f"egeria_nb embedded OMAG Server Platform {__version__} (Egeria 6.x API)"


@operation("getBuildProperties", auth="public")
async def about(request: web.Request) -> web.Response:
    return json_response(
        {
            "name": "egeria_nb embedded platform",
            "group": "egeria_nb",
            "artifact": "egeria_nb",
            "version": __version__,
            "time": state(request).started.isoformat(timespec="milliseconds"),
        }
    )


@operation("generateUserToken", auth="public")
async def token(request: web.Request) -> web.Response:
    body = await read_json(request, "LoginRequest")
    if not isinstance(body, dict):
        raise FFDCError(Code.WRONG_BODY_SHAPE, "LoginRequest", 'expected {"userId": ..., "password": ...}')
    issued = state(request).auth.login(body.get("userId"), body.get("password"))
    return web.Response(text=issued, content_type="text/plain")


@operation("getServerPlatformOrigin", auth="public")
async def origin(request: web.Request) -> web.Response:
    return web.Response(text=ORIGIN, content_type="text/plain")


def _service_names(server_type: str) -> list[str]:
    if server_type == docs.INTEGRATION_DAEMON.server_type_name:
        return ["Open Metadata Repository Services (OMRS)", "Integration Daemon Services"]
    if server_type == docs.METADATA_ACCESS_STORE.server_type_name:
        return list(METADATA_SERVICES)
    if server_type == docs.VIEW_SERVER.server_type_name:
        return list(VIEW_SERVICES)
    return ["Open Metadata Repository Services (OMRS)"]


def _check_startable(server: str, doc: dict[str, object]) -> str:
    server_type = docs.classify(server, doc).server_type_name or "?"
    if server_type == docs.INTEGRATION_DAEMON.server_type_name:
        groups = docs.group_list(doc) or []
        if not groups:
            raise FFDCError(Code.NO_GROUPS, server)
        for group in groups:
            name = group.get("integrationGroupQualifiedName")
            if not group.get("omagserverPlatformRootURL") or not name:
                raise FFDCError(Code.GROUP_WITHOUT_URL, server, name)
            if not group.get("omagserverName"):
                raise FFDCError(Code.GROUP_WITHOUT_SERVER, server, name)
    return server_type


@operation("activateWithStoredConfig", response="SuccessMessageResponse")
async def start_server(request: web.Request) -> web.Response:
    server = check_server_name(request.match_info["serverName"])
    st = state(request)
    doc = st.configs.load(server)
    if doc is None:
        raise FFDCError(Code.NO_CONFIG_DOCUMENT, server)
    server_type = _check_startable(server, doc)
    running = st.instances.get(server)
    if running is None:
        running = running_server(server, server_type, _service_names(server_type), doc)
        st.instances.add(running)
    if server_type == docs.INTEGRATION_DAEMON.server_type_name:
        user_id, password = st.data_dir.admin_credentials()
        # In a worker thread: starting may first stop a daemon a cell runs for this server, whose connectors
        # call this platform while they disconnect.
        earlier = tuple(u for u in st.data_dir.urls() if u != st.url)
        await asyncio.to_thread(st.daemons.start, server, st.url, user_id, password, earlier)
    stamp = datetime.now(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
    return ok(
        "SuccessMessageResponse",
        successMessage=f"{stamp} {server} is running the following services: [{', '.join(running.services)}]",
    )


@operation("shutdownServer")
async def stop_server(request: web.Request) -> web.Response:
    server = check_server_name(request.match_info["serverName"])
    state(request).instances.remove(server)
    await state(request).daemons.stop(server)
    return ok()


@operation("shutdownAndUnregisterServer")
async def stop_and_unregister(request: web.Request) -> web.Response:
    server = check_server_name(request.match_info["serverName"])
    st = state(request)
    st.instances.remove(server)
    await st.daemons.stop(server)
    st.configs.delete(server)
    return ok()


@operation("getActiveServers", response="ServerListResponse")
async def active_servers(request: web.Request) -> web.Response:
    return ok("ServerListResponse", serverList=state(request).instances.names() or None)


@operation("isServerActive", response="BooleanResponse")
async def server_is_active(request: web.Request) -> web.Response:
    server = check_server_name(request.match_info["serverName"])
    return ok("BooleanResponse", flag=server in state(request).instances)


# Routes outside any user/server prefix.
PUBLIC_ROUTES = [
    ("GET", "/api/about", about),
    ("POST", "/api/token", token),
    ("POST", "/servers/{serverName}/api/token", token),
    ("GET", "/open-metadata/platform-services/server-platform/origin", origin),
]
# Relative to the platform-services prefix (6.x and 4.x/5.x forms).
PLATFORM_ROUTES = [
    ("POST", "/servers/{serverName}/instance", start_server),
    ("DELETE", "/servers/{serverName}/instance", stop_server),
    ("DELETE", "/servers/{serverName}", stop_and_unregister),
    ("GET", "/servers/active", active_servers),
    ("GET", "/servers/{serverName}/is-active", server_is_active),
]
