"""Platform services: about, log in, origin, starting/stopping servers, and what the platform knows of them.

Egeria-wire.md §0.1, §2; the queries (known and active servers, a server's status and services, the
registered services) follow research notes diag-egeria §1. A server is *known* once it has run on this
platform since the platform started: one that is only configured is not, as in Egeria.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiohttp import web

from egeria_nb._version import __version__
from egeria_nb.embedded import documents as docs
from egeria_nb.embedded.config_store import check_server_name
from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.http import Handler, answer, json_response, ok, operation, read_json, state
from egeria_nb.embedded.instances import running_server
from egeria_nb.embedded.metadata_servers import SERVICES as METADATA_SERVICES
from egeria_nb.embedded.view_servers import SERVICES as VIEW_SERVICES
from egeria_nb.embedded.views.server_operations import INSTANCE_ROUTES, not_available
from egeria_nb.wire.platform_services import (
    OMAGServerInstanceHistory,
    RegisteredOMAGService,
    RegisteredOMAGServicesResponse,
    ServerServicesListResponse,
    ServerStatusResponse,
    StringResponse,
)
from egeria_nb.wire.responses import BooleanResponse, ServerListResponse

__all__ = ["ORIGIN", "PLATFORM_ROUTES", "PUBLIC_ROUTES", "REGISTERED_SERVICES"]

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
    # The daemon first, so that its last connector records come before the server's Shutdown record.
    await state(request).daemons.stop(server)
    state(request).instances.remove(server)
    return ok()


@operation("shutdownAndUnregisterServer")
async def stop_and_unregister(request: web.Request) -> web.Response:
    server = check_server_name(request.match_info["serverName"])
    st = state(request)
    await st.daemons.stop(server)
    st.instances.remove(server)  # it stays known, as in Egeria; only its configuration goes
    st.configs.delete(server)
    return ok()


@operation("getActiveServers", response="ServerListResponse")
async def active_servers(request: web.Request) -> web.Response:
    return ok("ServerListResponse", serverList=state(request).instances.names() or None)


@operation("isServerActive", response="BooleanResponse")
async def server_is_active(request: web.Request) -> web.Response:
    server = check_server_name(request.match_info["serverName"])
    return ok("BooleanResponse", flag=server in state(request).instances)


@operation("getKnownServerList", response="ServerListResponse")
async def known_servers(request: web.Request) -> web.Response:
    """Running servers and those that ran here since the platform started (an empty list is left out)."""
    return answer(ServerListResponse(server_list=state(request).instances.known() or None))


@operation("isServerKnown", response="BooleanResponse")
async def server_is_known(request: web.Request) -> web.Response:
    server = check_server_name(request.match_info["serverName"])
    return answer(BooleanResponse(flag=state(request).instances.is_known(server)))


def _not_known(request: web.Request, server: str) -> FFDCError:
    error = not_available(request, server)
    # Egeria fills in serverName (and its boolean active, true by default) before it looks the server up,
    # so its failure answer carries both.
    error.payload.update(serverName=server, active=True)
    return error


@operation("getServerStatus", response="ServerStatusResponse")
async def server_status(request: web.Request) -> web.Response:
    server = check_server_name(request.match_info["serverName"])
    status = state(request).instances.status(server)
    if status is None:
        raise _not_known(request, server)
    history = [OMAGServerInstanceHistory(start_time=run.start, end_time=run.end) for run in status.earlier_runs]
    return answer(
        ServerStatusResponse(
            server_name=server,
            server_type=status.server_type,
            active=status.active,
            server_start_time=status.start,
            server_end_time=status.end,
            server_history=history or None,
        )
    )


# Egeria's method for this call is named getActiveServerList (sic), which its failures report.
@operation("getActiveServerList", response="ServerServicesListResponse")
async def server_services(request: web.Request) -> web.Response:
    """The services of a known server: its services while it runs, none (left out) once it has stopped."""
    server = check_server_name(request.match_info["serverName"])
    st = state(request)
    if not st.instances.is_known(server):
        raise not_available(request, server)
    found = st.instances.get(server)
    return answer(
        ServerServicesListResponse(server_name=server, server_services_list=(found.services or None) if found else None)
    )


def _service(
    service_id: int,
    name: str,
    marker: str,
    description: str,
    wiki: str | None,
    server_type: str | None,
    partner: str | None = None,
    partner_server_type: str | None = None,
) -> RegisteredOMAGService:
    return RegisteredOMAGService(
        service_id=service_id,
        service_name=name,
        service_development_status="STABLE",
        service_url_marker=marker,
        service_description=description,
        service_wiki=wiki,
        server_type=server_type,
        partner_service_name=partner,
        partner_server_type=partner_server_type,
    )


_OMAG_SERVER = "Open Metadata and Governance (OMAG) Server"
_METADATA_ACCESS_SERVER = "Metadata Access Server"
# The services this platform really implements, in Egeria's words (CommonServicesDescription,
# AccessServiceDescription, ViewServiceDescription, GovernanceServicesDescription), by kind.
REGISTERED_SERVICES: dict[str, list[RegisteredOMAGService]] = {
    "common-services": [
        _service(
            180,
            "Open Metadata Repository Services (OMRS)",
            "repository-services",
            "Manages the synchronization, retrieval and maintenance of metadata stored in open metadata repositories.",
            "https://egeria-project.org/services/omrs",
            _OMAG_SERVER,
            "Open Metadata Repository Services (OMRS)",
            "Cohort Member",
        ),
        _service(
            181,
            "Administration Services",
            "admin-services",
            "Platform service providing configuration of services for an Open Metadata and Governance server "
            "(OMAG Server).",
            "https://egeria-project.org/services/admin-services/overview",
            None,
            "Administration Services",
        ),
        _service(
            185,
            "Platform Operational Services",
            "platform-services",
            "A platform service that provides information about the registered services and connectors available "
            "in an OMAG Server Platform along with services to control and query information about the OMAG Servers "
            "running on the platform.",
            "https://egeria-project.org/services/platform-services/overview",
            None,
        ),
        _service(
            187,
            "Server Operations",
            "server-operations",
            "Supports the start up and shutdown of OMAG Servers.",
            "https://egeria-project.org/services/server-operations/overview",
            _OMAG_SERVER,
        ),
    ],
    "access-services": [
        _service(
            101,
            "Open Governance Framework Services",
            "open-governance-service",
            "Support open governance services.",
            "https://egeria-project.org/services/gaf-metadata-management",
            _METADATA_ACCESS_SERVER,
        ),
        _service(
            102,
            "Open Metadata Store Services",
            "open-metadata-store",
            "Provides generic open metadata retrieval and management services for the Open Frameworks and Open "
            "Metadata Access Services (OMASs).",
            "https://egeria-project.org/services/oms-metadata-management",
            _METADATA_ACCESS_SERVER,
        ),
    ],
    "view-services": [
        _service(
            202,
            "Metadata Expert",
            "metadata-expert",
            "Provides advanced metadata management features for experts in open metadata.",
            None,
            "View Server",
            "Open Metadata Store Services",
            _METADATA_ACCESS_SERVER,
        ),
    ],
    "engine-services": [],
    "governance-services": [
        _service(
            193,
            "Integration Daemon Services",
            "integration-daemon",
            "Hosts integration connectors that are exchanging metadata with third party technologies.",
            "https://egeria-project.org/services/integration-daemon-services/",
            "Integration Daemon",
            "Open Metadata Store Services",
            _METADATA_ACCESS_SERVER,
        ),
    ],
    # 4.x and 5.x only: the integration services (this platform runs none; its daemon needs none).
    "integration-services": [],
}
# What the plain call lists, as Egeria's getAllRegisteredServices: common, access, view and governance
# services (engine services are left out there too).
_ALL_KINDS = ("common-services", "access-services", "view-services", "governance-services")


def _registered(action: str, kind: str | None) -> Handler:
    @operation(action, response="RegisteredOMAGServicesResponse")
    async def registered(request: web.Request) -> web.Response:
        if kind == "integration-services" and "userId" not in request.match_info:
            raise web.HTTPNotFound()  # Egeria 6 has no integration services, and no path for them
        services = (
            [s for k in _ALL_KINDS for s in REGISTERED_SERVICES[k]] if kind is None else REGISTERED_SERVICES[kind]
        )
        return answer(RegisteredOMAGServicesResponse(services=list(services) or None))

    return registered


@operation("getServerPlatformOrganizationName", response="StringResponse")
async def organization_name(request: web.Request) -> web.Response:
    """Egeria 6.0 only (6.1 moved it to /api/public/app/info): the organization that runs the platform.

    The embedded platform belongs to no organization, so ``resultString`` is left out (null).
    """
    if "userId" in request.match_info:
        raise web.HTTPNotFound()  # not on the 4.x/5.x paths
    return answer(StringResponse())


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
    ("GET", "/servers", known_servers),
    ("GET", "/servers/active", active_servers),
    ("GET", "/servers/{serverName}/is-active", server_is_active),
    ("GET", "/servers/{serverName}/is-known", server_is_known),
    ("GET", "/servers/{serverName}/status", server_status),
    ("GET", "/servers/{serverName}/services", server_services),
    *INSTANCE_ROUTES,
    ("GET", "/registered-services", _registered("getAllRegisteredServices", None)),
    ("GET", "/registered-services/access-services", _registered("getRegisteredAccessServices", "access-services")),
    ("GET", "/registered-services/engine-services", _registered("getRegisteredEngineServices", "engine-services")),
    ("GET", "/registered-services/view-services", _registered("getRegisteredViewServices", "view-services")),
    (
        "GET",
        "/registered-services/governance-services",
        _registered("getRegisteredGovernanceServices", "governance-services"),
    ),
    ("GET", "/registered-services/common-services", _registered("getRegisteredCommonServices", "common-services")),
    (
        "GET",
        "/registered-services/integration-services",
        _registered("getRegisteredIntegrationServices", "integration-services"),
    ),
    ("GET", "/organization-name", organization_name),
]
