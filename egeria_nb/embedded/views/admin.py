"""Admin services: integration groups and the rest of an integration daemon's configuration.

Paths are relative to ``/open-metadata/admin-services/servers/{serverName}``
(6.x) or ``/open-metadata/admin-services/users/{userId}/servers/{serverName}``
(4.x/5.x); see egeria-wire.md §1.1 and §2. Semantics follow 6.x (§1.4), with
stricter validation where Egeria would accept a group that can never run.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from egeria_nb.embedded import documents as docs
from egeria_nb.embedded.config_store import CONFIG_VERSION, check_server_name
from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.http import (
    caller,
    ok,
    operation,
    parse_body,
    query_param,
    read_json,
    read_text,
    state,
)
from egeria_nb.embedded.metadata_servers import metadata_server_document
from egeria_nb.wire import IntegrationGroupConfig, OMAGServerConfig, URLRequestBody, ViewServiceRequestBody

__all__ = ["ROUTES"]


def _server(request: web.Request) -> str:
    return check_server_name(request.match_info["serverName"])


def _group(server: str, data: Any) -> dict[str, Any]:
    """Validate one group; return it as sent (unknown properties kept), with its class."""
    group = parse_body(IntegrationGroupConfig, data)
    docs.validate_group(server, group)
    return {"class": "IntegrationGroupConfig", **data}


# -- integration groups ----------------------------------------------------------------


@operation("configureIntegrationGroup")
async def configure_group(request: web.Request) -> web.Response:
    server = _server(request)
    group = _group(server, await read_json(request, "IntegrationGroupConfig"))
    with state(request).configs.editing(server) as doc:
        docs.upsert_group(doc, group)
        docs.ensure_default_audit_log(doc)
        docs.add_audit_line(
            doc,
            caller(request),
            f"updated configuration for integration group {group['integrationGroupQualifiedName']}",
        )
    return ok()


@operation("setIntegrationGroupsConfig")
async def configure_all_groups(request: web.Request) -> web.Response:
    server = _server(request)
    data = await read_json(request, "array of IntegrationGroupConfig")
    if not isinstance(data, list):
        raise FFDCError(Code.WRONG_BODY_SHAPE, "array of IntegrationGroupConfig", "the body is not a JSON array")
    groups = []
    seen: set[str] = set()
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            raise FFDCError(
                Code.WRONG_BODY_SHAPE,
                "array of IntegrationGroupConfig",
                f"entry {index} is not a JSON object",
            )
        group = _group(server, item)
        name = group["integrationGroupQualifiedName"]
        if name in seen:
            raise FFDCError(Code.DUPLICATE_GROUP, server, name)
        seen.add(name)
        groups.append(group)
    with state(request).configs.editing(server) as doc:
        doc[docs.GROUPS] = groups
        docs.ensure_default_audit_log(doc)
        docs.add_audit_line(doc, caller(request), "updated configuration for integration groups")
    return ok()


@operation("getIntegrationGroupsConfiguration", response="IntegrationGroupsResponse")
async def get_groups(request: web.Request) -> web.Response:
    doc = state(request).configs.load(_server(request)) or {}
    return ok("IntegrationGroupsResponse", groups=docs.group_list(doc) or None)


@operation("clearAllIntegrationGroups")
async def clear_all_groups(request: web.Request) -> web.Response:
    server = _server(request)
    with state(request).configs.editing(server) as doc:
        doc.pop(docs.GROUPS, None)  # null, which Jackson omits
        docs.ensure_default_audit_log(doc)
        docs.add_audit_line(doc, caller(request), "removed configuration for integration groups")
    return ok()


@operation("clearIntegrationGroup")
async def clear_group(request: web.Request) -> web.Response:
    server = _server(request)
    name = request.match_info["groupQualifiedName"]
    configs = state(request).configs
    if docs.group_list(configs.load(server) or {}) is None:
        return ok()  # nothing configured: nothing saved (§1.4)
    with configs.editing(server) as doc:
        docs.remove_group(doc, name)
        docs.ensure_default_audit_log(doc)
        docs.add_audit_line(doc, caller(request), f"removed configuration for integration group {name}")
    return ok()


@operation("getIntegrationDaemonServicesConfiguration", response="IntegrationDaemonServicesResponse")
async def get_daemon_services(request: web.Request) -> web.Response:
    doc = state(request).configs.load(_server(request)) or {}
    groups = docs.group_list(doc)
    services = {"class": "IntegrationDaemonServicesConfig", docs.GROUPS: groups} if groups is not None else None
    return ok("IntegrationDaemonServicesResponse", services=services)


@operation("setIntegrationDaemonServicesConfig")
async def set_daemon_services(request: web.Request) -> web.Response:
    server = _server(request)
    data = await read_json(request, "IntegrationDaemonServicesConfig")
    if not isinstance(data, dict):
        raise FFDCError(Code.WRONG_BODY_SHAPE, "IntegrationDaemonServicesConfig", "the body is not a JSON object")
    raw_groups = data.get(docs.GROUPS)
    if raw_groups is not None and not isinstance(raw_groups, list):
        raise FFDCError(Code.WRONG_BODY_SHAPE, "IntegrationDaemonServicesConfig", f"{docs.GROUPS} is not an array")
    groups = [_group(server, g if isinstance(g, dict) else {}) for g in raw_groups or []]
    with state(request).configs.editing(server) as doc:
        if raw_groups is None:
            doc.pop(docs.GROUPS, None)
        else:
            doc[docs.GROUPS] = groups
        docs.ensure_default_audit_log(doc)
        docs.add_audit_line(doc, caller(request), "updated configuration for integration daemon services")
    return ok()


@operation("clearIntegrationDaemonServicesConfig")
async def clear_daemon_services(request: web.Request) -> web.Response:
    server = _server(request)
    with state(request).configs.editing(server) as doc:
        doc.pop(docs.GROUPS, None)
        docs.add_audit_line(doc, caller(request), "removed configuration for integration daemon services")
    return ok()


# -- server basics (§2) ---------------------------------------------------------------


def _set_property(request: web.Request, key: str, value: Any, what: str) -> web.Response:
    server = _server(request)
    with state(request).configs.editing(server) as doc:
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
        docs.ensure_default_audit_log(doc)
        docs.add_audit_line(doc, caller(request), f"updated configuration for {what}")
    return ok()


@operation("setServerUserId")
async def set_server_user_id(request: web.Request) -> web.Response:
    user = query_param(request, "id", "the local server user id")
    return _set_property(request, "localServerUserId", user, "local server's userId to " + user)


@operation("setServerURLRoot")
async def set_server_url_root(request: web.Request) -> web.Response:
    url = query_param(request, "url", "the local server URL root")
    return _set_property(request, "localServerURL", url, "local server URL root to " + url)


@operation("setServerURLRoot")
async def set_server_url_root_for_caller(request: web.Request) -> web.Response:
    body = parse_body(URLRequestBody, await read_json(request, "URLRequestBody"))
    if not body.url_root or not body.url_root.strip():
        raise FFDCError(Code.BAD_PARAMETER, "urlRoot", body.url_root or "", "a URL root is required")
    server = _server(request)
    with state(request).configs.editing(server) as doc:
        doc["localServerURL"] = body.url_root
        for field, key in (
            ("secrets_store_provider", "secretsStoreProvider"),
            ("secrets_store_location", "secretsStoreLocation"),
            ("secrets_store_collection", "secretsStoreCollection"),
        ):
            if getattr(body, field) is not None:
                doc[key] = getattr(body, field)
        docs.ensure_default_audit_log(doc)
        docs.add_audit_line(doc, caller(request), f"updated configuration for local server URL root to {body.url_root}")
    return ok()


@operation("setMaxPageSize")
async def set_max_page_size(request: web.Request) -> web.Response:
    raw = query_param(request, "limit", "the maximum page size")
    try:
        limit = int(raw)
    except ValueError:
        limit = -1
    if limit < 0:
        raise FFDCError(Code.BAD_PARAMETER, "maxPageSize", raw, "it must be a whole number, 0 for no limit")
    return _set_property(request, "maxPageSize", limit, f"maximum page size to {limit}")


@operation("setOrganizationName")
async def set_organization_name(request: web.Request) -> web.Response:
    name = query_param(request, "name", "the organization name")
    return _set_property(request, "organizationName", name, "organization name to " + name)


@operation("setServerDescription")
async def set_server_description(request: web.Request) -> web.Response:
    text = (await read_text(request)).strip()
    return _set_property(request, "localServerDescription", text or None, "local server description")


@operation("setDefaultAuditLog")
async def set_default_audit_log(request: web.Request) -> web.Response:
    server = _server(request)
    with state(request).configs.editing(server) as doc:
        doc["repositoryServicesConfig"] = {
            **(doc.get("repositoryServicesConfig") or {}),
            "auditLogConnections": docs.default_repository_services()["auditLogConnections"],
        }
        doc["repositoryServicesConfig"].setdefault("class", "RepositoryServicesConfig")
        docs.add_audit_line(doc, caller(request), "updated configuration for default audit log destination")
    return ok()


@operation("setInMemLocalRepository")
async def set_local_repository(request: web.Request) -> web.Response:
    """Make the server a metadata access store; on this platform its repository is the SQLite store."""
    server = _server(request)
    with state(request).configs.editing(server) as doc:
        repository = metadata_server_document(server)["repositoryServicesConfig"]
        current = doc.get("repositoryServicesConfig") or {}
        doc["repositoryServicesConfig"] = {
            **repository,
            **current,
            "localRepositoryConfig": repository["localRepositoryConfig"],
        }
        doc.setdefault("localServerType", "Metadata Access Store")
        docs.add_audit_line(doc, caller(request), "updated configuration for the local repository")
    return ok()


# -- view services ----------------------------------------------------------------------


@operation("configureViewService")
async def configure_view_service(request: web.Request) -> web.Response:
    """Point one view service (only metadata-expert here) at the metadata access server it calls."""
    server = _server(request)
    marker = request.match_info["serviceURLMarker"]
    if marker != docs.METADATA_EXPERT:
        raise FFDCError(Code.VIEW_SERVICE_NOT_SERVED, server, marker, docs.METADATA_EXPERT)
    body = parse_body(ViewServiceRequestBody, await read_json(request, "ViewServiceRequestBody"))
    if not (body.omag_server_platform_root_url or "").strip():
        raise FFDCError(Code.NULL_REMOTE_SERVER_URL, server, marker, parameter_name="omagserverPlatformRootURL")
    if not (body.omag_server_name or "").strip():
        raise FFDCError(Code.NULL_REMOTE_SERVER_NAME, server, marker, parameter_name="omagserverName")
    config = docs.view_service_config(
        check_server_name(body.omag_server_name or ""),
        body.omag_server_platform_root_url or "",
        body.view_service_options,
    )
    with state(request).configs.editing(server) as doc:
        docs.upsert_view_service(doc, config)
        docs.ensure_default_audit_log(doc)
        docs.add_audit_line(doc, caller(request), f"updated configuration for view service {marker}")
    return ok()


@operation("getViewServicesConfiguration", response="ViewServicesResponse")
async def get_view_services(request: web.Request) -> web.Response:
    doc = state(request).configs.load(_server(request)) or {}
    return ok("ViewServicesResponse", services=doc.get(docs.VIEW_SERVICES) or None)


# -- the whole document ----------------------------------------------------------------


@operation("getStoredConfiguration", response="OMAGServerConfigResponse")
async def get_configuration(request: web.Request) -> web.Response:
    server = _server(request)
    return ok("OMAGServerConfigResponse", serverConfig=state(request).configs.load_or_new(server))


@operation("setOMAGServerConfig")
async def set_configuration(request: web.Request) -> web.Response:
    server = _server(request)
    data = await read_json(request, "OMAGServerConfig")
    if not isinstance(data, dict):
        raise FFDCError(Code.WRONG_BODY_SHAPE, "OMAGServerConfig", "the body is not a JSON object")
    parse_body(OMAGServerConfig, data)
    version = data.get("versionId")
    if version is not None and version != CONFIG_VERSION:
        raise FFDCError(Code.INCOMPATIBLE_CONFIG, server, version, CONFIG_VERSION)
    state(request).configs.save(server, {"class": "OMAGServerConfig", **data})
    return ok()


@operation("clearOMAGServerConfig")
async def delete_configuration(request: web.Request) -> web.Response:
    server = _server(request)
    if server in state(request).instances:
        raise FFDCError(
            Code.BAD_PARAMETER,
            "serverName",
            server,
            "the server is running; stop it before deleting its configuration",
        )
    state(request).configs.delete(server)
    return ok()


@operation("getServerTypeClassification", response="ServerTypeClassificationResponse")
async def get_server_type(request: web.Request) -> web.Response:
    server = _server(request)
    doc = state(request).configs.load(server)
    if doc is None:
        raise FFDCError(Code.NO_CONFIG_DOCUMENT, server)
    summary = docs.classify(server, doc)
    return ok("ServerTypeClassificationResponse", serverTypeClassification=summary.to_wire())


# (method, path suffix, handler); the prefix is added by ``routes``.
ROUTES = [
    ("POST", "/integration-groups/configuration", configure_group),
    ("POST", "/integration-groups/configuration/all", configure_all_groups),
    ("GET", "/integration-groups/configuration", get_groups),
    ("DELETE", "/integration-groups", clear_all_groups),
    ("DELETE", "/integration-groups/{groupQualifiedName}", clear_group),
    ("GET", "/integration-daemon-services", get_daemon_services),
    ("POST", "/integration-daemon-services", set_daemon_services),
    ("DELETE", "/integration-daemon-services", clear_daemon_services),
    ("POST", "/server-user-id", set_server_user_id),
    ("POST", "/server-url-root", set_server_url_root),
    ("POST", "/server-url-root-for-caller", set_server_url_root_for_caller),
    ("POST", "/max-page-size", set_max_page_size),
    ("POST", "/organization-name", set_organization_name),
    ("POST", "/server-description", set_server_description),
    ("POST", "/audit-log-destinations/default", set_default_audit_log),
    ("POST", "/local-repository/mode/in-memory-repository", set_local_repository),
    ("GET", "/configuration", get_configuration),
    ("POST", "/configuration", set_configuration),
    ("DELETE", "/configuration", delete_configuration),
    ("GET", "/server-type-classification", get_server_type),
    ("POST", "/view-services/{serviceURLMarker}", configure_view_service),
    ("GET", "/view-services/configuration", get_view_services),
]
