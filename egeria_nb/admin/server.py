"""What else an integration daemon's configuration needs, and starting/stopping the server (egeria-wire.md §2)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from egeria_nb.admin._common import as_groups
from egeria_nb.admin.groups import GroupLike, configure_integration_groups
from egeria_nb.arguments import LongText, Text, checked
from egeria_nb.catalogue import Code
from egeria_nb.client import Platform, segment
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
from egeria_nb.wire.base import model_from_argument, short_value

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


# Egeria keeps the page size in a Java int.
MAX_PAGE_SIZE_LIMIT = 2**31 - 1


def _admin(platform: Platform, server_name: str) -> str:
    return platform.paths.admin(server_name)


def _admin_call(platform: Platform, server_name: str, method: str, suffix: str, **kw: Any) -> Any:
    """One admin-services call (the public functions have checked their arguments)."""
    return platform.call(method, _admin(platform, server_name) + suffix, **kw)


def _page_size(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_PAGE_SIZE_LIMIT:
        raise Code.BAD_PAGE_SIZE_ARGUMENT.error(what, f"{MAX_PAGE_SIZE_LIMIT:,}", short_value(value))
    return value


@checked
def set_server_user_id(platform: Platform, server_name: str, user_id: str) -> None:
    """The user id the server itself calls other servers with (``localServerUserId``)."""
    _admin_call(platform, server_name, "POST", "/server-user-id", params={"id": user_id})


@checked
def set_server_url_root(
    platform: Platform,
    server_name: str,
    url_root: LongText,
    *,
    secrets_store_provider: LongText | None = None,
    secrets_store_location: LongText | None = None,
    secrets_store_collection: LongText | None = None,
) -> None:
    """The platform URL the server is reached at (``localServerURL``)."""
    body = URLRequestBody(
        url_root=url_root,
        secrets_store_provider=secrets_store_provider,
        secrets_store_location=secrets_store_location,
        secrets_store_collection=secrets_store_collection,
    )
    _admin_call(platform, server_name, "POST", "/server-url-root-for-caller", json=body.to_wire())


@checked
def set_max_page_size(platform: Platform, server_name: str, limit: int) -> None:
    """The largest page a caller may ask for (0 = no limit)."""
    _page_size(limit, "limit")
    _admin_call(platform, server_name, "POST", "/max-page-size", params={"limit": str(limit)})


@checked
def set_organization_name(platform: Platform, server_name: str, name: str) -> None:
    """The organization that runs the server (``organizationName``)."""
    _admin_call(platform, server_name, "POST", "/organization-name", params={"name": name})


@checked
def set_server_description(platform: Platform, server_name: str, description: Text) -> None:
    """What the server is for (``localServerDescription``); empty clears it."""
    _admin_call(platform, server_name, "POST", "/server-description", data=description)


@checked
def set_server_properties(
    platform: Platform,
    server_name: str,
    *,
    secrets_store_location: LongText,
    secrets_store_collection: LongText,
    secrets_store_provider: LongText = DEFAULT_SECRETS_STORE_PROVIDER,
    description: Text | None = None,
    organization_name: Text | None = None,
    url_root: LongText = DEFAULT_LOCAL_SERVER_URL,
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

    For example::

        enb.set_server_properties(platform, "integration-daemon",
                                  secrets_store_location="loading-bay/secrets/default.omsecrets",
                                  secrets_store_collection="garygeeke", organization_name="Coco Pharmaceuticals",
                                  url_root=platform.url)
    """
    body = ServerPropertiesRequestBody(
        local_server_description=description,
        organization_name=organization_name,
        local_server_url=url_root,
        local_server_user_id=server_user_id,
        secrets_store_provider=secrets_store_provider,
        secrets_store_location=secrets_store_location,
        secrets_store_collection=secrets_store_collection,
        max_page_size=_page_size(max_page_size, "max_page_size"),
    )
    _admin_call(platform, server_name, "POST", "/server-properties", json=body.to_wire())


@checked
def get_server_properties(platform: Platform, server_name: str) -> OMAGServerConfig:
    """The server's basic properties: Egeria 6.x answers with the whole configuration document.

    A server with no document gets a fresh default one (not stored). Egeria 5.x
    answers with its six basic properties only, the rest of the document left empty.
    """
    path = _admin(platform, server_name) + "/server-properties"
    answer = platform.call("GET", path, response=BasicServerPropertiesResponse)
    return answer.basic_server_properties or OMAGServerConfig()


@checked
def set_default_audit_log(platform: Platform, server_name: str) -> None:
    """Send the server's audit log to the console (Egeria's default destination)."""
    _admin_call(platform, server_name, "POST", "/audit-log-destinations/default")


@checked
def create_metadata_server(platform: Platform, server_name: str, *, start: bool = True) -> None:
    """Configure a metadata access server with a local repository and (by default) start it.

    On the embedded platform its repository is the platform's SQLite metadata
    store; Egeria's own call configures an in-memory repository.

    For example, a second metadata server that holds definitions of its own::

        enb.create_metadata_server(platform, "lab-metadata-store")
        enb.create_group_definition(platform, "lab-metadata-store", "Egeria:IntegrationGroup:Files")
    """
    set_server_user_id(platform, server_name, "OMAGServer")
    set_default_audit_log(platform, server_name)
    _admin_call(platform, server_name, "POST", "/local-repository/mode/in-memory-repository")
    if start:
        start_server(platform, server_name)


@checked
def create_view_server(
    platform: Platform,
    server_name: str,
    metadata_server: str,
    *,
    metadata_server_url: LongText | None = None,
    start: bool = True,
) -> None:
    """Configure a view server whose metadata-expert service calls ``metadata_server``, and (by default) start it.

    The view server serves Egeria's generic open metadata store API at
    ``/servers/{server_name}/api/open-metadata/metadata-expert`` (what pyegeria's
    ``MetadataExpert`` calls). ``metadata_server_url`` is the platform that runs
    the metadata server: this platform unless you say otherwise.

    For example, a view server in front of the embedded metadata server, and a client for it::

        enb.create_view_server(platform, "lab-view-server", "active-metadata-store")
        store = enb.OpenMetadataStore(platform, "lab-view-server", view_server=True)
    """
    body = ViewServiceRequestBody(
        omag_server_name=metadata_server, omag_server_platform_root_url=metadata_server_url or platform.url
    )
    set_server_user_id(platform, server_name, "OMAGServer")
    set_default_audit_log(platform, server_name)
    _admin_call(platform, server_name, "POST", "/view-services/metadata-expert", json=body.to_wire())
    if start:
        start_server(platform, server_name)


@checked
def get_server_config(platform: Platform, server_name: str) -> OMAGServerConfig:
    """The whole stored configuration document (a fresh default one if the server has none)."""
    path = _admin(platform, server_name) + "/configuration"
    answer = platform.call("GET", path, response=OMAGServerConfigResponse)
    return answer.server_config or OMAGServerConfig()


@checked
def set_server_config(platform: Platform, server_name: str, config: OMAGServerConfig | dict[str, object]) -> None:
    """Replace the whole configuration document.

    ``config`` is an ``OMAGServerConfig`` (sent as it is) or a dict in Egeria's JSON names or
    the Python names. A dict key that is not a field of the document is refused, with the
    closest names: Egeria ignores properties it does not know, so a misspelt one would be
    silently lost, and with it the value it was meant to set. For a document from another
    Egeria release, pass ``OMAGServerConfig.from_wire(document)``.

    For example, change one property of the stored document::

        config = enb.get_server_config(platform, "integration-daemon")
        config.organization_name = "Coco Pharmaceuticals"
        enb.set_server_config(platform, "integration-daemon", config)
    """
    document = model_from_argument(OMAGServerConfig, config, "config", only_known=True)
    _admin_call(platform, server_name, "POST", "/configuration", json=document.to_wire())


@checked
def delete_server_config(platform: Platform, server_name: str) -> None:
    """Delete the server's configuration document."""
    _admin_call(platform, server_name, "DELETE", "/configuration")


@checked
def get_server_type_classification(platform: Platform, server_name: str) -> ServerTypeClassification:
    """What kind of server the configuration describes (e.g. "Integration Daemon")."""
    path = _admin(platform, server_name) + "/server-type-classification"
    answer = platform.call("GET", path, response=ServerTypeClassificationResponse)
    return answer.server_type_classification or ServerTypeClassification()


def _instance_path(platform: Platform, server_name: str) -> str:
    return platform.paths.platform() + "/servers/" + segment(server_name) + "/instance"


@checked
def start_server(platform: Platform, server_name: str) -> str:
    """Start the server with its stored configuration; return the platform's success message."""
    path = _instance_path(platform, server_name)
    return platform.call("POST", path, response=SuccessMessageResponse).success_message or ""


@checked
def stop_server(platform: Platform, server_name: str) -> None:
    """Stop the running server; its configuration stays."""
    path = _instance_path(platform, server_name)
    platform.call("DELETE", path)


@checked
def create_integration_daemon(
    platform: Platform,
    server_name: str,
    groups: Iterable[GroupLike],
    *,
    server_user_id: str = "OMAGServer",
    url_root: LongText | None = None,
    max_page_size: int = 1000,
    organization_name: Text | None = None,
    description: Text | None = None,
    start: bool = False,
) -> OMAGServerConfig:
    """Configure an integration daemon in one call, with the minimal 6.x sequence of calls.

    Server user id, URL root (the platform's own URL by default), page size,
    optional organization and description, the default audit log, then the
    integration groups (all at once). ``start=True`` also starts the server.
    Returns the resulting configuration document. Every argument is checked before the
    first call, so a bad one leaves the configuration as it was.

    For example::

        files = {"integration_group_qualified_name": "Egeria:IntegrationGroup:Files",
                 "omag_server_name": "active-metadata-store", "omag_server_platform_root_url": platform.url}
        enb.create_integration_daemon(platform, "integration-daemon", [files],
                                      organization_name="Coco Pharmaceuticals", start=True)
    """
    group_list = as_groups(groups, "groups")
    _page_size(max_page_size, "max_page_size")
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
