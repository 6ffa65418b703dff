"""Server operations: what a running server is doing (research notes diag-egeria §2).

Served under ``/open-metadata/server-operations`` (6.x; ``/users/{userId}`` for 5.x) and, for
``instance/status`` and ``instance/configuration``, also under the platform services, where Egeria
runs the same code since 5.0. Every call needs the server running: a stopped or unknown server is
Egeria's ``OMAG-MULTI-TENANT-404-001``.
"""

from __future__ import annotations

from aiohttp import web

from egeria_nb.embedded.config_store import check_server_name
from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.http import answer, caller, ok, operation, state
from egeria_nb.embedded.instances import RunningServer
from egeria_nb.wire.platform_services import (
    OMAGServerServiceStatus,
    OMAGServerStatusResponse,
    ServerServicesListResponse,
    ServerServicesStatus,
)

__all__ = ["INSTANCE_ROUTES", "ROUTES", "not_available", "running"]

# ServerActiveStatus: every server here runs all its services once started (egeria_nb starts them in one step).
RUNNING = "RUNNING"


def not_available(request: web.Request, server: str) -> FFDCError:
    """Egeria's answer for a server that is not running on this platform (with platform services' properties)."""
    return FFDCError(
        Code.SERVER_NOT_RUNNING,
        server,
        caller(request),
        parameter_name="serverName",
        properties={"serverName": server},
    )


def running(request: web.Request) -> RunningServer:
    """The request's server, which must be running here."""
    server = check_server_name(request.match_info["serverName"])
    found = state(request).instances.get(server)
    if found is None:
        raise not_available(request, server)
    return found


@operation("getActiveServerStatus", response="OMAGServerStatusResponse")
async def instance_status(request: web.Request) -> web.Response:
    server = running(request)
    return answer(
        OMAGServerStatusResponse(
            server_status=ServerServicesStatus(
                server_name=server.name,
                server_type=server.server_type,
                server_active_status=RUNNING,
                services=[OMAGServerServiceStatus(service_name=s, service_status=RUNNING) for s in server.services],
            )
        )
    )


@operation("getActiveConfiguration", response="OMAGServerConfigResponse")
async def instance_configuration(request: web.Request) -> web.Response:
    """The configuration document the server started with (kept as it was, unknown properties included)."""
    return ok("OMAGServerConfigResponse", omagserverConfig=running(request).config)


@operation("getActiveServiceListForServer", response="ServerServicesListResponse")
async def active_services(request: web.Request) -> web.Response:
    server = running(request)
    return answer(ServerServicesListResponse(server_name=server.name, server_services_list=server.services or None))


# Relative to a prefix that ends before /servers: both the platform services and the server operations.
INSTANCE_ROUTES = [
    ("GET", "/servers/{serverName}/instance/status", instance_status),
    ("GET", "/servers/{serverName}/instance/configuration", instance_configuration),
]
ROUTES = [
    *INSTANCE_ROUTES,
    ("GET", "/servers/{serverName}/services", active_services),
]
