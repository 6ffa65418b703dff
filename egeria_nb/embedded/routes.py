"""Every path the embedded platform serves, in its 6.x form and, where Egeria had one, its 4.x/5.x form."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from aiohttp import web

from egeria_nb.embedded.http import Handler
from egeria_nb.embedded.keys import STATE
from egeria_nb.embedded.views import (
    admin,
    audit_log,
    catalog,
    governance_configuration,
    integration_daemon,
    open_metadata_store,
    platform,
    server_operations,
    topics,
)

__all__ = ["setup_routes"]

RouteTable = Iterable[tuple[str, str, Handler]]

ADMIN_6 = "/open-metadata/admin-services/servers/{serverName}"
ADMIN_5 = "/open-metadata/admin-services/users/{userId}/servers/{serverName}"
PLATFORM_6 = "/open-metadata/platform-services/server-platform"
PLATFORM_5 = "/open-metadata/platform-services/users/{userId}/server-platform"
# Server operations: 5.0 and later (4.3 has none; its platform services answer instance/status).
SERVER_OPERATIONS_6 = "/open-metadata/server-operations"
SERVER_OPERATIONS_5 = "/open-metadata/server-operations/users/{userId}"
# A server's repository services: its audit-log report and severities.
REPOSITORY_SERVICES_6 = "/servers/{serverName}/open-metadata/repository-services"
REPOSITORY_SERVICES_5 = "/servers/{serverName}/open-metadata/repository-services/users/{userId}"
# egeria_nb's own extensions of any server (the audit-log records), beside those of metadata servers.
EGERIA_NB_6 = "/servers/{serverName}/open-metadata/egeria-nb"
EGERIA_NB_5 = "/servers/{serverName}/open-metadata/egeria-nb/users/{userId}"
# Where a metadata access server serves group definitions (egeria-wire.md §3.2). Even the
# 6.x path names a user; there the bearer token authenticates and the path user is only the caller.
INTEGRATION_DAEMON_6 = "/servers/{serverName}/open-metadata/integration-daemon"
INTEGRATION_DAEMON_5 = "/servers/{serverName}/open-metadata/integration-daemon/users/{userId}"
GOVERNANCE_CONFIGURATION_6 = (
    "/servers/{serverName}/open-metadata/access-services/governance-configuration-service/users/{userId}"
)
GOVERNANCE_CONFIGURATION_54 = (
    "/servers/{serverName}/open-metadata/access-services/open-governance-service/"
    "governance-configuration-service/users/{userId}"
)
# Egeria's generic open metadata store API (§8): A on a metadata access server (the path user is the
# one the call acts as; the token lets it in), B on a view server.
OPEN_METADATA_STORE_6 = "/servers/{serverName}/open-metadata/access-services/open-metadata-store/users/{userId}"
METADATA_EXPERT_6 = "/servers/{serverName}/api/open-metadata/metadata-expert"
# The governance framework's own base on a metadata access server: the 6.x daemon asks it for the out topic.
OPEN_GOVERNANCE_6 = "/servers/{serverName}/open-metadata/access-services/open-governance-service/users/{userId}"
GOVERNANCE_CONFIGURATION_50 = (
    "/servers/{serverName}/open-metadata/framework-services/governance-server/"
    "governance-configuration-service/users/{userId}"
)


def as_legacy(handler: Handler) -> Handler:
    """The same handler, reachable on a ``/users/{userId}`` path (checked by the middleware)."""

    @functools.wraps(handler)
    async def legacy(request: web.Request) -> web.StreamResponse:
        return await handler(request)

    legacy.auth = "legacy"  # type: ignore[attr-defined]
    return legacy


def _add(app: web.Application, prefix_6: str | None, prefix_5: str | None, table: RouteTable) -> None:
    for method, suffix, handler in table:
        if prefix_6 is not None:
            app.router.add_route(method, prefix_6 + suffix, handler)
        if prefix_5 is not None:
            app.router.add_route(method, prefix_5 + suffix, as_legacy(handler))


def setup_routes(app: web.Application) -> None:
    _add(app, "", None, platform.PUBLIC_ROUTES)
    _add(app, None, PLATFORM_5, [("GET", "/origin", platform.origin)])
    _add(app, PLATFORM_6, PLATFORM_5, platform.PLATFORM_ROUTES)
    _add(app, SERVER_OPERATIONS_6, SERVER_OPERATIONS_5, server_operations.ROUTES)
    _add(app, REPOSITORY_SERVICES_6, REPOSITORY_SERVICES_5, audit_log.ROUTES)
    _add(app, ADMIN_6, ADMIN_5, admin.ROUTES)
    _add(app, GOVERNANCE_CONFIGURATION_6, GOVERNANCE_CONFIGURATION_54, governance_configuration.ROUTES)
    _add(app, None, GOVERNANCE_CONFIGURATION_50, governance_configuration.ROUTES)
    _add(app, OPEN_METADATA_STORE_6, None, open_metadata_store.METADATA_STORE_ROUTES)
    _add(app, OPEN_METADATA_STORE_6, None, topics.METADATA_STORE_ROUTES)
    _add(app, OPEN_GOVERNANCE_6, None, topics.GOVERNANCE_ROUTES)
    _add(app, METADATA_EXPERT_6, None, open_metadata_store.VIEW_ROUTES)
    if app[STATE].extensions:
        _add(app, catalog.CATALOG_PREFIX, None, catalog.ROUTES)
        _add(app, EGERIA_NB_6, EGERIA_NB_5, audit_log.EXTENSION_ROUTES)
    _add(app, INTEGRATION_DAEMON_6, INTEGRATION_DAEMON_5, integration_daemon.ROUTES)
