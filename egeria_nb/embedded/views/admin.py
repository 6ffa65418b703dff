"""Admin services: integration groups and the rest of an integration daemon's configuration.

Paths are relative to ``/open-metadata/admin-services/servers/{serverName}``
(6.x) or ``/open-metadata/admin-services/users/{userId}/servers/{serverName}``
(4.x/5.x); see egeria-wire.md §1.1 and §2. Semantics follow 6.x (§1.4), with
stricter validation where Egeria would accept a group that can never run.
Egeria's admin operations for parts of a server this platform does not run (event
buses, cohorts, access services, other repositories and audit-log destinations, server
security connectors) are answered with ``EGERIA-NB-501-001`` and change nothing.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from egeria_nb.embedded import documents as docs
from egeria_nb.embedded.config_store import CONFIG_VERSION, check_server_name
from egeria_nb.embedded.ffdc import Code, FFDCError, error_body
from egeria_nb.embedded.http import (
    Handler,
    caller,
    json_response,
    ok,
    operation,
    parse_body,
    query_param,
    read_json,
    read_text,
    state,
)
from egeria_nb.embedded.metadata_servers import metadata_server_document
from egeria_nb.wire import (
    IntegrationDaemonServicesConfig,
    IntegrationGroupConfig,
    OMAGServerConfig,
    URLRequestBody,
    ViewServiceRequestBody,
)
from egeria_nb.wire.admin import ServerPropertiesRequestBody
from egeria_nb.wire.base import with_class
from egeria_nb.wire.server_config import RepositoryServicesConfig

__all__ = ["ROUTES"]

# The parameter name Egeria's OMAGConfigurationErrorException gives when it is about the whole document.
CONFIG_DOCUMENT_PARAMETER = "org.odpi.openmetadata.adminservices.configuration.properties.OMAGServerConfig"


def _server(request: web.Request) -> str:
    return check_server_name(request.match_info["serverName"])


def _group(server: str, data: Any) -> dict[str, Any]:
    """Validate one group; return it as sent (unknown properties kept), with its class."""
    group = parse_body(IntegrationGroupConfig, data)
    docs.validate_group(server, group)
    return with_class(IntegrationGroupConfig, data)


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
    # Egeria always builds the section, even with no groups (then just its class); egeria-wire.md §9.
    services = IntegrationDaemonServicesConfig().to_wire()
    if groups is not None:
        services[docs.GROUPS] = groups
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
    # Unlike the integration-group calls, Egeria's basic-property setters add no default audit log.
    server = _server(request)
    with state(request).configs.editing(server) as doc:
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
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


def _set_or_clear(doc: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        doc.pop(key, None)  # null, which Jackson leaves out
    else:
        doc[key] = value


@operation("setBasicServerProperties")
async def set_server_properties(request: web.Request) -> web.Response:
    """All the basic properties in one call (research extras §3.2): a key left out takes the bean default."""
    server = _server(request)
    data = await read_json(request, "ServerPropertiesRequestBody")
    if isinstance(data, dict) and "class" not in data:
        # The bean's base class declares the discriminator, so Egeria's Jackson cannot read a body without one.
        raise FFDCError(Code.MISSING_CLASS, "ServerPropertiesRequestBody")
    body = parse_body(ServerPropertiesRequestBody, data)
    # Egeria applies and saves these one by one, so its refusals leave the earlier ones saved; here
    # the whole request is checked first and a refused one changes nothing.
    page_size = 0 if body.max_page_size is None else body.max_page_size
    if page_size < 0:
        raise FFDCError(Code.BAD_MAX_PAGE_SIZE, server, page_size, parameter_name="maxPageSize")
    secrets = (body.secrets_store_provider, body.secrets_store_location, body.secrets_store_collection)
    if any(value is None for value in secrets):
        raise FFDCError(Code.BAD_SECRETS_STORE, server, body.secrets_store_provider, parameter_name="secrets store")
    organization = body.organization_name if body.organization_name and body.organization_name.strip() else None
    description = body.local_server_description or None
    user_id = body.local_server_user_id if body.local_server_user_id and body.local_server_user_id.strip() else None
    user = caller(request)
    with state(request).configs.editing(server) as doc:
        # In Egeria's order, with its normalisation: blank names and an empty description clear the field.
        _set_or_clear(doc, "organizationName", organization)
        docs.add_audit_line(doc, user, _audit("local server's owning organization's name", organization))
        _set_or_clear(doc, "localServerDescription", description)
        docs.add_audit_line(doc, user, _audit("local server's description", description))
        _set_or_clear(doc, "localServerUserId", user_id)
        docs.add_audit_line(doc, user, _audit("local server's userId", user_id))
        _set_or_clear(doc, "localServerURL", body.local_server_url)
        docs.add_audit_line(doc, user, _audit("local server's URL root", body.local_server_url))
        doc["maxPageSize"] = page_size
        docs.add_audit_line(doc, user, f"updated configuration for maximum page size to {page_size}")
        doc["secretsStoreProvider"], doc["secretsStoreLocation"], doc["secretsStoreCollection"] = secrets
        docs.add_audit_line(doc, user, "updated configuration for secrets store")
    return ok()


def _audit(what: str, value: str | None) -> str:
    return f"removed configuration for {what}" if value is None else f"updated configuration for {what} to {value}"


@operation("setBasicServerProperties", response="BasicServerPropertiesResponse")
async def get_server_properties(request: web.Request) -> web.Response:
    """The whole configuration document (as Egeria 6.x answers; its method name is the setter's, kept here)."""
    server = _server(request)
    return ok("BasicServerPropertiesResponse", basicServerProperties=state(request).configs.load_or_new(server))


@operation("setDefaultAuditLog")
async def set_default_audit_log(request: web.Request) -> web.Response:
    server = _server(request)
    with state(request).configs.editing(server) as doc:
        doc["repositoryServicesConfig"] = with_class(
            RepositoryServicesConfig,
            {
                **(doc.get("repositoryServicesConfig") or {}),
                "auditLogConnections": docs.default_repository_services()["auditLogConnections"],
            },
        )
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
    return ok("OMAGServerConfigResponse", omagserverConfig=state(request).configs.load_or_new(server))


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
    state(request).configs.save(
        server, with_class(OMAGServerConfig, data), what=f"{caller(request)} set the whole document"
    )
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


# Egeria registers the response under this name, not ServerTypeClassificationResponse (research extras §3.4).
CLASSIFICATION_RESPONSE = "ServerClassificationResponse"


@operation("getServerTypeClassification", response=CLASSIFICATION_RESPONSE)
async def get_server_type(request: web.Request) -> web.Response:
    server = _server(request)
    # An unknown server is classified from a fresh (empty) document, as Egeria does.
    doc = state(request).configs.load_or_new(server)
    try:
        summary = docs.classify(server, doc)
    except FFDCError as error:
        if error.code is not Code.EMPTY_CONFIGURATION:
            raise
        # Egeria's classifier throws this from its own method, so that is the action the answer names.
        empty = FFDCError(Code.EMPTY_CONFIGURATION_DOCUMENT, server, parameter_name=CONFIG_DOCUMENT_PARAMETER)
        return json_response(error_body(empty, "getServerType", CLASSIFICATION_RESPONSE))
    return ok(CLASSIFICATION_RESPONSE, serverTypeClassification=summary.to_wire())


def _not_served(action: str, what: str) -> Handler:
    """A handler for an admin operation of Egeria's that this platform does not implement: a clear answer."""

    @operation(action)
    async def not_served(request: web.Request) -> web.Response:
        _server(request)
        raise FFDCError(Code.NOT_SERVED, what, f"{request.method} {request.path}")

    return not_served


_SECURITY = "server security connectors"
_AUDIT_LOGS = "audit-log destinations other than the default console one"
_EVENT_BUS = "event buses"
_REPOSITORY = "local repositories other than the platform's metadata store"
_ARCHIVES = "open metadata archives"
_ACCESS = "access services (a metadata access server here serves its API without them)"
_COHORTS = "open metadata repository cohorts"
# (method, path, Egeria's operation, what it is about). Fixed paths come before {parameter} ones.
_NOT_SERVED = [
    ("POST", "/configuration/deploy", "deployOMAGServerConfig", "deploying configuration documents to other platforms"),
    ("GET", "/security/connection", "getServerSecurityConnection", _SECURITY),
    ("POST", "/security/connection", "setServerSecurityConnection", _SECURITY),
    ("DELETE", "/security/connection", "clearServerSecurityConnection", _SECURITY),
    ("GET", "/audit-log-destinations", "getAuditLogDestinations", _AUDIT_LOGS),
    ("POST", "/audit-log-destinations", "setAuditLogDestinations", _AUDIT_LOGS),
    ("DELETE", "/audit-log-destinations", "clearAuditLogDestinations", _AUDIT_LOGS),
    ("POST", "/audit-log-destinations/console", "addConsoleAuditLogDestination", _AUDIT_LOGS),
    ("POST", "/audit-log-destinations/slf4j", "addSLF4JAuditLogDestination", _AUDIT_LOGS),
    ("POST", "/audit-log-destinations/files", "addFileAuditLogDestination", _AUDIT_LOGS),
    ("POST", "/audit-log-destinations/postgres", "addPostgreSQLDatabaseAuditLogDestination", _AUDIT_LOGS),
    ("POST", "/audit-log-destinations/event-topic", "addEventTopicAuditLogDestination", _AUDIT_LOGS),
    ("POST", "/audit-log-destinations/connection", "addAuditLogDestination", _AUDIT_LOGS),
    ("GET", "/event-bus", "getEventBus", _EVENT_BUS),
    ("POST", "/event-bus", "setEventBus", _EVENT_BUS),
    ("DELETE", "/event-bus", "deleteEventBus", _EVENT_BUS),
    ("DELETE", "/local-repository", "setNoRepositoryMode", _REPOSITORY),
    ("POST", "/local-repository/mode/read-only-repository", "setReadOnlyLocalRepository", _REPOSITORY),
    ("POST", "/local-repository/mode/postgres-repository", "setPostgresLocalRepository", _REPOSITORY),
    ("POST", "/local-repository/mode/repository-proxy/details", "setRepositoryProxyConnection", _REPOSITORY),
    ("POST", "/local-repository/event-mapper-details", "setRepositoryProxyEventMapper", _REPOSITORY),
    ("GET", "/local-repository/metadata-collection-id", "getLocalMetadataCollectionId", _REPOSITORY),
    ("POST", "/local-repository/metadata-collection-id", "setLocalMetadataCollectionId", _REPOSITORY),
    ("POST", "/local-repository/metadata-collection-name/{name}", "setLocalMetadataCollectionName", _REPOSITORY),
    (
        "POST",
        "/local-repository/configuration/remote-repository-connector-url",
        "resetRemoteCohortURL",
        _REPOSITORY,
    ),
    ("POST", "/open-metadata-archives/file", "addStartUpOpenMetadataArchiveFile", _ARCHIVES),
    ("DELETE", "/open-metadata-archives", "clearOpenMetadataArchives", _ARCHIVES),
    ("GET", "/access-services", "getConfiguredAccessServices", _ACCESS),
    ("POST", "/access-services", "configureAllAccessServices", _ACCESS),
    ("DELETE", "/access-services", "clearAllAccessServices", _ACCESS),
    ("GET", "/access-services/configuration", "getAccessServicesConfiguration", _ACCESS),
    ("POST", "/access-services/configuration", "setAccessServicesConfig", _ACCESS),
    ("POST", "/access-services/no-topics", "configureAllAccessServicesNoTopics", _ACCESS),
    ("GET", "/access-services/topic-names", "getAllAccessServiceTopicNames", _ACCESS),
    ("GET", "/access-services/{serviceURLMarker}", "getAccessServiceConfig", _ACCESS),
    ("DELETE", "/access-services/{serviceURLMarker}", "clearAccessService", _ACCESS),
    ("GET", "/access-services/{serviceURLMarker}/topic-names", "getAccessServiceTopicNames", _ACCESS),
    (
        "POST",
        "/access-services/{serviceURLMarker}/topic-names/out-topic",
        "overrideAccessServiceOutTopicName",
        _ACCESS,
    ),
    ("POST", "/cohorts/{cohortName}", "addCohortRegistration", _COHORTS),
    ("GET", "/cohorts/{cohortName}", "getCohortConfig", _COHORTS),
    ("DELETE", "/cohorts/{cohortName}", "clearCohortConfig", _COHORTS),
    ("POST", "/cohorts/{cohortName}/topic-name-override/registration", "overrideRegistrationCohortTopicName", _COHORTS),
    ("POST", "/cohorts/{cohortName}/topic-name-override/types", "overrideTypesCohortTopicName", _COHORTS),
    ("POST", "/cohorts/{cohortName}/topic-name-override/instances", "overrideInstancesCohortTopicName", _COHORTS),
    ("GET", "/view-services", "getConfiguredViewServices", "listing configured view services by name"),
]


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
    ("POST", "/server-properties", set_server_properties),
    ("GET", "/server-properties", get_server_properties),
    ("POST", "/view-services/{serviceURLMarker}", configure_view_service),
    ("GET", "/view-services/configuration", get_view_services),
    *((method, path, _not_served(action, what)) for method, path, action, what in _NOT_SERVED),
]
