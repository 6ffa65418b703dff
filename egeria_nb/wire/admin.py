"""Admin-services beans: integration groups and the server configuration document.

Field names follow egeria-wire.md §1.2 (IntegrationGroupConfig), §1.6
(OMAGServerConfig) and §2 (URLRequestBody, ServerTypeClassification).
Note Jackson's spelling of the getters ``getOMAGServer…``: ``omagserverName``,
``omagserverPlatformRootURL`` (§0.1).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import Field

from egeria_nb.wire.base import WireModel

# Egeria resolves this placeholder to the URL of the platform the server runs on, when the server starts.
OWN_PLATFORM = "~{egeriaEndpoint}~"
# Any of Egeria's ~{name}~ placeholders, which a configuration document may hold where a URL goes.
PLACEHOLDER = re.compile(r"^~\{[\w.-]+\}~")
# The bean defaults of Egeria's BasicServerProperties (6.x): what a key left out of a request means.
DEFAULT_LOCAL_SERVER_URL = OWN_PLATFORM
DEFAULT_LOCAL_SERVER_USER_ID = "OMAGServer"
DEFAULT_SECRETS_STORE_PROVIDER = "org.odpi.openmetadata.adapters.connectors.secretsstore.yaml.YAMLSecretsStoreProvider"
DEFAULT_MAX_PAGE_SIZE = 1000

__all__ = [
    "DEFAULT_SECRETS_STORE_PROVIDER",
    "OWN_PLATFORM",
    "PLACEHOLDER",
    "IntegrationDaemonServicesConfig",
    "IntegrationGroupConfig",
    "OMAGServerConfig",
    "ServerPropertiesRequestBody",
    "ServerTypeClassification",
    "URLRequestBody",
    "ViewServiceRequestBody",
    "platform_url_problem",
]


class IntegrationGroupConfig(WireModel):
    """One integration group an integration daemon runs (§1.2).

    The group itself (its connectors) lives as an ``IntegrationGroup`` element
    on the metadata access server named here.
    """

    class_: Literal["IntegrationGroupConfig"] = Field("IntegrationGroupConfig", alias="class")
    integration_group_qualified_name: str | None = Field(None, alias="integrationGroupQualifiedName")
    omag_server_name: str | None = Field(None, alias="omagserverName")
    omag_server_platform_root_url: str | None = Field(None, alias="omagserverPlatformRootURL")
    # 6.x only: how the daemon authenticates to the metadata access server.
    secrets_store_provider: str | None = Field(None, alias="secretsStoreProvider")
    secrets_store_location: str | None = Field(None, alias="secretsStoreLocation")
    secrets_store_collection: str | None = Field(None, alias="secretsStoreCollection")


class ViewServiceRequestBody(WireModel):
    """Configures one view service of a view server: the metadata access server it calls."""

    class_: str | None = Field("ViewServiceRequestBody", alias="class")
    omag_server_name: str | None = Field(None, alias="omagserverName")
    omag_server_platform_root_url: str | None = Field(None, alias="omagserverPlatformRootURL")
    secrets_store_provider: str | None = Field(None, alias="secretsStoreProvider")
    secrets_store_location: str | None = Field(None, alias="secretsStoreLocation")
    secrets_store_collection: str | None = Field(None, alias="secretsStoreCollection")
    view_service_options: dict[str, Any] | None = Field(None, alias="viewServiceOptions")


class IntegrationDaemonServicesConfig(WireModel):
    """The integration-daemon section of a configuration document (§1.3)."""

    class_: Literal["IntegrationDaemonServicesConfig"] = Field("IntegrationDaemonServicesConfig", alias="class")
    dynamic_integration_groups_config: list[IntegrationGroupConfig] | None = Field(
        None, alias="dynamicIntegrationGroupsConfig"
    )


class OMAGServerConfig(WireModel):
    """A server's configuration document (§1.6), 6.x field set.

    Sections egeria_nb does not interpret are kept as plain JSON values, and
    properties it does not know at all are kept too (``extra="allow"``), so a
    document read from a real Egeria can be posted back unchanged.
    """

    # Egeria 5.x's document (no secrets store; these three instead) is read and posted back too.
    _other_release_properties: ClassVar[frozenset[str]] = frozenset(
        {"localServerPassword", "integrationServicesConfig", "engineHostServicesConfig"}
    )

    class_: Literal["OMAGServerConfig"] = Field("OMAGServerConfig", alias="class")
    version_id: str | None = Field(None, alias="versionId")
    local_server_id: str | None = Field(None, alias="localServerId")
    local_server_name: str | None = Field(None, alias="localServerName")
    local_server_description: str | None = Field(None, alias="localServerDescription")
    local_server_type: str | None = Field(None, alias="localServerType")
    organization_name: str | None = Field(None, alias="organizationName")
    local_server_url: str | None = Field(None, alias="localServerURL")
    local_server_user_id: str | None = Field(None, alias="localServerUserId")
    secrets_store_provider: str | None = Field(None, alias="secretsStoreProvider")
    secrets_store_location: str | None = Field(None, alias="secretsStoreLocation")
    secrets_store_collection: str | None = Field(None, alias="secretsStoreCollection")
    max_page_size: int | None = Field(None, alias="maxPageSize")
    server_security_connection: dict[str, Any] | None = Field(None, alias="serverSecurityConnection")
    event_bus_config: dict[str, Any] | None = Field(None, alias="eventBusConfig")
    access_services_config: list[Any] | None = Field(None, alias="accessServicesConfig")
    dynamic_integration_groups_config: list[IntegrationGroupConfig] | None = Field(
        None, alias="dynamicIntegrationGroupsConfig"
    )
    governance_engines_config: list[Any] | None = Field(None, alias="governanceEnginesConfig")
    view_services_config: list[Any] | None = Field(None, alias="viewServicesConfig")
    repository_services_config: dict[str, Any] | None = Field(None, alias="repositoryServicesConfig")
    conformance_suite_config: dict[str, Any] | None = Field(None, alias="conformanceSuiteConfig")
    audit_trail: list[str] | None = Field(None, alias="auditTrail")


class ServerPropertiesRequestBody(WireModel):
    """Body of POST ``server-properties``: a server's basic properties in one call (research extras §3.1).

    Egeria's ``BasicServerProperties`` (6.x). A key left out takes the bean's default, so it
    is *not* "leave unchanged": a missing organization name or description clears it. The
    ``class`` is required by Egeria's Jackson (the base class declares the discriminator).
    ``localServerType`` is accepted and ignored, as Egeria does.
    """

    class_: Literal["ServerPropertiesRequestBody"] = Field("ServerPropertiesRequestBody", alias="class")
    local_server_description: str | None = Field(None, alias="localServerDescription")
    local_server_type: str | None = Field(None, alias="localServerType")
    organization_name: str | None = Field(None, alias="organizationName")
    local_server_url: str | None = Field(DEFAULT_LOCAL_SERVER_URL, alias="localServerURL")
    local_server_user_id: str | None = Field(DEFAULT_LOCAL_SERVER_USER_ID, alias="localServerUserId")
    secrets_store_provider: str | None = Field(DEFAULT_SECRETS_STORE_PROVIDER, alias="secretsStoreProvider")
    secrets_store_location: str | None = Field(None, alias="secretsStoreLocation")
    secrets_store_collection: str | None = Field(None, alias="secretsStoreCollection")
    # A Java int: an explicit null reads as 0.
    max_page_size: int | None = Field(DEFAULT_MAX_PAGE_SIZE, alias="maxPageSize")


class ServerTypeClassification(WireModel):
    """What kind of server a configuration document describes (§1.6)."""

    server_type_name: str | None = Field(None, alias="serverTypeName")
    server_type_description: str | None = Field(None, alias="serverTypeDescription")
    server_super_type: str | None = Field(None, alias="serverSuperType")
    server_type_wiki: str | None = Field(None, alias="serverTypeWiki")


class URLRequestBody(WireModel):
    """Body of ``server-url-root-for-caller`` (§2). It has no ``class`` discriminator."""

    url_root: str | None = Field(None, alias="urlRoot")
    secrets_store_provider: str | None = Field(None, alias="secretsStoreProvider")
    secrets_store_location: str | None = Field(None, alias="secretsStoreLocation")
    secrets_store_collection: str | None = Field(None, alias="secretsStoreCollection")


def platform_url_problem(value: str) -> str | None:
    """Why ``value`` cannot be a platform root URL in a configuration document, or None if it can.

    A placeholder such as ``~{egeriaEndpoint}~`` can: Egeria resolves it when the server starts.
    The one check behind the form's field, the embedded admin services and the daemon.
    """
    text = value.strip()
    if not text:
        return "it is blank"
    if PLACEHOLDER.match(text):
        return None
    if any(c.isspace() for c in text):
        return "it contains white space"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - urlsplit checks the port (and "[::1" brackets) only when asked
    except ValueError as exc:
        return f"it cannot be read as a URL ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "it needs http:// or https:// and a host"
    return None
