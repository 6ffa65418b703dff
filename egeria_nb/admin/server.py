"""What else an integration daemon's configuration needs, and starting/stopping the server (egeria-wire.md §2)."""

from __future__ import annotations

from collections.abc import Iterable

from egeria_nb.admin._common import check_name
from egeria_nb.admin.groups import GroupLike, configure_integration_groups
from egeria_nb.client import Platform, segment
from egeria_nb.errors import InvalidParameterError
from egeria_nb.wire import (
    OMAGServerConfig,
    OMAGServerConfigResponse,
    ServerTypeClassification,
    ServerTypeClassificationResponse,
    SuccessMessageResponse,
    URLRequestBody,
    ViewServiceRequestBody,
)
from egeria_nb.wire.admin import (
    DEFAULT_LOCAL_SERVER_URL,
    DEFAULT_LOCAL_SERVER_USER_ID,
    DEFAULT_MAX_PAGE_SIZE,
    DEFAULT_SECRETS_STORE_PROVIDER,
    ServerPropertiesRequestBody,
)
from egeria_nb.wire.admin_responses import BasicServerPropertiesResponse

__all__ = [
    "create_integration_daemon",
    "create_metadata_server",
    "create_view_server",
    "delete_server_config",
    "get_server_config",
    "get_server_properties",
    "get_server_type_classification",
    "set_default_audit_log",
    "set_max_page_size",
    "set_organization_name",
    "set_server_config",
    "set_server_description",
    "set_server_properties",
    "set_server_url_root",
    "set_server_user_id",
    "start_server",
    "stop_server",
]


def _admin(platform: Platform, server_name: str) -> str:
    return platform.paths.admin(check_name(server_name, "server_name"))


def set_server_user_id(platform: Platform, server_name: str, user_id: str) -> None:
    """The user id the server itself calls other servers with (``localServerUserId``)."""
    params = {"id": check_name(user_id, "user_id")}
    platform.call("POST", _admin(platform, server_name) + "/server-user-id", params=params)


def set_server_url_root(
    platform: Platform,
    server_name: str,
    url_root: str,
    *,
    secrets_store_provider: str | None = None,
    secrets_store_location: str | None = None,
    secrets_store_collection: str | None = None,
) -> None:
    """The platform URL the server is reached at (``localServerURL``)."""
    body = URLRequestBody(
        url_root=check_name(url_root, "url_root"),
        secrets_store_provider=secrets_store_provider,
        secrets_store_location=secrets_store_location,
        secrets_store_collection=secrets_store_collection,
    )
    platform.call("POST", _admin(platform, server_name) + "/server-url-root-for-caller", json=body.to_wire())


def set_max_page_size(platform: Platform, server_name: str, limit: int) -> None:
    """The largest page a caller may ask for (0 = no limit)."""
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise InvalidParameterError(
            f"EGERIA-NB-ADMIN-400-003 limit must be a whole number >= 0, not {limit!r}",
            message_id="EGERIA-NB-ADMIN-400-003",
            user_action="Use 0 for no limit, or a page size such as 1000.",
        )
    platform.call("POST", _admin(platform, server_name) + "/max-page-size", params={"limit": str(limit)})


def set_organization_name(platform: Platform, server_name: str, name: str) -> None:
    params = {"name": check_name(name, "name")}
    platform.call("POST", _admin(platform, server_name) + "/organization-name", params=params)


def set_server_description(platform: Platform, server_name: str, description: str) -> None:
    platform.call("POST", _admin(platform, server_name) + "/server-description", data=str(description))


def set_server_properties(
    platform: Platform,
    server_name: str,
    *,
    secrets_store_location: str,
    secrets_store_collection: str,
    secrets_store_provider: str = DEFAULT_SECRETS_STORE_PROVIDER,
    description: str | None = None,
    organization_name: str | None = None,
    url_root: str = DEFAULT_LOCAL_SERVER_URL,
    server_user_id: str = DEFAULT_LOCAL_SERVER_USER_ID,
    max_page_size: int = DEFAULT_MAX_PAGE_SIZE,
) -> None:
    """Set a server's basic properties in one call (Egeria 6.x ``server-properties``).

    Every property is set, not only those you pass: one left out takes Egeria's
    default, so leaving out ``description`` or ``organization_name`` clears it, and
    ``url_root`` becomes ``~{egeriaEndpoint}~``. Egeria insists on a whole secrets
    store (provider, location and collection); without one, use the single-property
    calls (``set_organization_name``, ``set_server_description``, ``set_server_user_id``,
    ``set_server_url_root``, ``set_max_page_size``) instead.
    """
    if not isinstance(max_page_size, int) or isinstance(max_page_size, bool) or max_page_size < 0:
        raise InvalidParameterError(
            f"EGERIA-NB-ADMIN-400-003 max_page_size must be a whole number >= 0, not {max_page_size!r}",
            message_id="EGERIA-NB-ADMIN-400-003",
            user_action="Use 0 for no limit, or a page size such as 1000.",
        )
    body = ServerPropertiesRequestBody(
        local_server_description=description,
        organization_name=organization_name,
        local_server_url=check_name(url_root, "url_root"),
        local_server_user_id=check_name(server_user_id, "server_user_id"),
        secrets_store_provider=check_name(secrets_store_provider, "secrets_store_provider"),
        secrets_store_location=check_name(secrets_store_location, "secrets_store_location"),
        secrets_store_collection=check_name(secrets_store_collection, "secrets_store_collection"),
        max_page_size=max_page_size,
    )
    platform.call("POST", _admin(platform, server_name) + "/server-properties", json=body.to_wire())


def get_server_properties(platform: Platform, server_name: str) -> OMAGServerConfig:
    """The server's basic properties: Egeria 6.x answers with the whole configuration document.

    A server with no document gets a fresh default one (not stored). Egeria 5.x
    answers with its six basic properties only, the rest of the document left empty.
    """
    path = _admin(platform, server_name) + "/server-properties"
    answer = platform.call("GET", path, response=BasicServerPropertiesResponse)
    return answer.basic_server_properties or OMAGServerConfig()


def set_default_audit_log(platform: Platform, server_name: str) -> None:
    """Send the server's audit log to the console (Egeria's default destination)."""
    platform.call("POST", _admin(platform, server_name) + "/audit-log-destinations/default")


def create_metadata_server(platform: Platform, server_name: str, *, start: bool = True) -> None:
    """Configure a metadata access server with a local repository and (by default) start it.

    On the embedded platform its repository is the platform's SQLite metadata
    store; Egeria's own call configures an in-memory repository.
    """
    set_server_user_id(platform, server_name, "OMAGServer")
    set_default_audit_log(platform, server_name)
    platform.call("POST", _admin(platform, server_name) + "/local-repository/mode/in-memory-repository")
    if start:
        start_server(platform, server_name)


def create_view_server(
    platform: Platform,
    server_name: str,
    metadata_server: str,
    *,
    metadata_server_url: str | None = None,
    start: bool = True,
) -> None:
    """Configure a view server whose metadata-expert service calls ``metadata_server``, and (by default) start it.

    The view server serves Egeria's generic open metadata store API at
    ``/servers/{server_name}/api/open-metadata/metadata-expert`` (what pyegeria's
    ``MetadataExpert`` calls). ``metadata_server_url`` is the platform that runs
    the metadata server: this platform unless you say otherwise.
    """
    set_server_user_id(platform, server_name, "OMAGServer")
    set_default_audit_log(platform, server_name)
    body = ViewServiceRequestBody(
        omag_server_name=check_name(metadata_server, "metadata_server"),
        omag_server_platform_root_url=metadata_server_url or platform.url,
    )
    platform.call("POST", _admin(platform, server_name) + "/view-services/metadata-expert", json=body.to_wire())
    if start:
        start_server(platform, server_name)


def get_server_config(platform: Platform, server_name: str) -> OMAGServerConfig:
    """The whole stored configuration document (a fresh default one if the server has none)."""
    answer = platform.call("GET", _admin(platform, server_name) + "/configuration", response=OMAGServerConfigResponse)
    return answer.server_config or OMAGServerConfig()


def set_server_config(platform: Platform, server_name: str, config: OMAGServerConfig | dict[str, object]) -> None:
    """Replace the whole configuration document."""
    document = config if isinstance(config, OMAGServerConfig) else OMAGServerConfig.model_validate(config)
    platform.call("POST", _admin(platform, server_name) + "/configuration", json=document.to_wire())


def delete_server_config(platform: Platform, server_name: str) -> None:
    platform.call("DELETE", _admin(platform, server_name) + "/configuration")


def get_server_type_classification(platform: Platform, server_name: str) -> ServerTypeClassification:
    """What kind of server the configuration describes (e.g. "Integration Daemon")."""
    answer = platform.call(
        "GET",
        _admin(platform, server_name) + "/server-type-classification",
        response=ServerTypeClassificationResponse,
    )
    return answer.server_type_classification or ServerTypeClassification()


def start_server(platform: Platform, server_name: str) -> str:
    """Start the server with its stored configuration; return the platform's success message."""
    path = platform.paths.platform() + "/servers/" + segment(check_name(server_name, "server_name")) + "/instance"
    return platform.call("POST", path, response=SuccessMessageResponse).success_message or ""


def stop_server(platform: Platform, server_name: str) -> None:
    """Stop the running server; its configuration stays."""
    path = platform.paths.platform() + "/servers/" + segment(check_name(server_name, "server_name")) + "/instance"
    platform.call("DELETE", path)


def create_integration_daemon(
    platform: Platform,
    server_name: str,
    groups: Iterable[GroupLike],
    *,
    server_user_id: str = "OMAGServer",
    url_root: str | None = None,
    max_page_size: int = 1000,
    organization_name: str | None = None,
    description: str | None = None,
    start: bool = False,
) -> OMAGServerConfig:
    """Configure an integration daemon in one call, with the minimal 6.x sequence of calls.

    Server user id, URL root (the platform's own URL by default), page size,
    optional organization and description, the default audit log, then the
    integration groups (all at once). ``start=True`` also starts the server.
    Returns the resulting configuration document.
    """
    group_list = list(groups)
    set_server_user_id(platform, server_name, server_user_id)
    set_server_url_root(platform, server_name, url_root or platform.url)
    set_max_page_size(platform, server_name, max_page_size)
    if organization_name:
        set_organization_name(platform, server_name, organization_name)
    if description:
        set_server_description(platform, server_name, description)
    set_default_audit_log(platform, server_name)
    configure_integration_groups(platform, server_name, group_list)
    if start:
        start_server(platform, server_name)
    return get_server_config(platform, server_name)
