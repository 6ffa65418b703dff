"""Changes to configuration documents, with Egeria 6.x semantics (egeria-wire.md §1.4, §1.6).

Plain functions over the document dict, no HTTP: the admin views call them
inside ``ConfigStore.editing`` so a failure leaves the stored document as it was.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.wire import IntegrationGroupConfig, ServerTypeClassification
from egeria_nb.wire.admin import platform_url_problem
from egeria_nb.wire.metadata import Connection, ConnectorType
from egeria_nb.wire.server_config import RepositoryServicesConfig, ViewServiceConfig

__all__ = [
    "GROUPS",
    "METADATA_EXPERT",
    "VIEW_SERVER",
    "VIEW_SERVICES",
    "add_audit_line",
    "classify",
    "ensure_default_audit_log",
    "group_list",
    "remove_group",
    "upsert_group",
    "upsert_view_service",
    "validate_group",
    "view_service",
    "view_service_config",
]

GROUPS = "dynamicIntegrationGroupsConfig"
VIEW_SERVICES = "viewServicesConfig"
# The one view service the embedded platform serves: Egeria's generic open metadata store API (§8).
METADATA_EXPERT = "metadata-expert"
# Egeria config documents use placeholders such as ~{egeriaEndpoint}~, resolved at start.
# The console audit-log destination every server gets by default (§2).
DEFAULT_SEVERITIES = [
    "Unknown",
    "Information",
    "Decision",
    "Action",
    "Error",
    "Exception",
    "Security",
    "Startup",
    "Shutdown",
    "Asset",
    "Cohort",
]
CONSOLE_AUDIT_LOG_PROVIDER = (
    "org.odpi.openmetadata.adapters.repositoryservices.auditlogstore.console.ConsoleAuditLogStoreProvider"
)

INTEGRATION_DAEMON = ServerTypeClassification(
    server_type_name="Integration Daemon",
    server_type_description="Runs integration connectors that synchronize metadata with third-party technologies.",
    server_super_type="Governance Server",
    server_type_wiki="https://egeria-project.org/concepts/integration-daemon/",
)
METADATA_ACCESS_STORE = ServerTypeClassification(
    server_type_name="Metadata Access Store",
    server_type_description="Holds open metadata in its own repository and serves it to other servers.",
    server_super_type="Metadata Access Server",
    server_type_wiki="https://egeria-project.org/concepts/metadata-access-store/",
)
VIEW_SERVER = ServerTypeClassification(
    server_type_name="View Server",
    server_type_description="Hosts view services: the REST APIs that tools and notebooks call, in front of a "
    "metadata access server.",
    server_super_type="OMAG Server",
    server_type_wiki="https://egeria-project.org/concepts/view-server/",
)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_url(value: str) -> bool:
    return platform_url_problem(value) is None


def validate_group(server_name: str, group: IntegrationGroupConfig) -> None:
    """Refuse what an integration daemon could never use (stricter than Egeria, §1.5)."""
    name = group.integration_group_qualified_name
    if _blank(name):
        raise FFDCError(
            Code.NULL_GROUP_NAME,
            server_name,
            parameter_name="integrationGroupConfig.integrationGroupQualifiedName",
        )
    if _blank(group.omag_server_name):
        raise FFDCError(
            Code.NULL_GROUP_SERVER_NAME,
            server_name,
            name,
            parameter_name="integrationGroupConfig.omagserverName",
        )
    url = group.omag_server_platform_root_url
    if _blank(url):
        raise FFDCError(
            Code.NULL_GROUP_URL,
            server_name,
            name,
            parameter_name="integrationGroupConfig.omagserverPlatformRootURL",
        )
    assert url is not None
    if not _is_url(url.strip()):
        raise FFDCError(
            Code.BAD_GROUP_URL,
            server_name,
            name,
            url,
            parameter_name="integrationGroupConfig.omagserverPlatformRootURL",
        )


def group_list(doc: dict[str, Any]) -> list[dict[str, Any]] | None:
    groups = doc.get(GROUPS)
    return groups if isinstance(groups, list) else None


def upsert_group(doc: dict[str, Any], group: dict[str, Any]) -> None:
    """Replace the group of the same qualified name, or add it; either way it goes last (§1.4)."""
    name = group.get("integrationGroupQualifiedName")
    kept = [g for g in group_list(doc) or [] if g.get("integrationGroupQualifiedName") != name]
    doc[GROUPS] = [*kept, group]


def remove_group(doc: dict[str, Any], name: str) -> None:
    """Drop the named group; an absent name is not an error, removing the last leaves ``[]``."""
    groups = group_list(doc)
    if groups is None:
        return
    doc[GROUPS] = [g for g in groups if g.get("integrationGroupQualifiedName") != name]


def ensure_default_audit_log(doc: dict[str, Any]) -> None:
    """Every successful update gives a document without repository services the console audit log."""
    if doc.get("repositoryServicesConfig") is None:
        doc["repositoryServicesConfig"] = default_repository_services()


def default_repository_services() -> dict[str, Any]:
    console = Connection(
        qualified_name="Console- default",
        display_name="Console- default",
        connector_type=ConnectorType(connector_provider_class_name=CONSOLE_AUDIT_LOG_PROVIDER),
        configuration_properties={"supportedSeverities": list(DEFAULT_SEVERITIES)},
    )
    return RepositoryServicesConfig(audit_log_connections=[console]).to_wire()


def add_audit_line(doc: dict[str, Any], user: str, what: str) -> None:
    """Append ``<date> <user> <what>.`` to the document's audit trail, as Egeria does."""
    stamp = datetime.now(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
    trail = doc.get("auditTrail")
    doc["auditTrail"] = [*(trail if isinstance(trail, list) else []), f"{stamp} {user} {what}."]


def classify(server_name: str, doc: dict[str, Any]) -> ServerTypeClassification:
    """What kind of server ``doc`` describes (§1.6); only the kinds egeria_nb serves."""
    if doc.get(GROUPS) is not None:
        return INTEGRATION_DAEMON
    repository = doc.get("repositoryServicesConfig") or {}
    if doc.get("accessServicesConfig") or (isinstance(repository, dict) and repository.get("localRepositoryConfig")):
        return METADATA_ACCESS_STORE
    if doc.get(VIEW_SERVICES) is not None:
        return VIEW_SERVER
    raise FFDCError(Code.EMPTY_CONFIGURATION, server_name)


def view_service_config(metadata_server: str, platform_url: str, options: Any = None) -> dict[str, Any]:
    """Egeria's ViewServiceConfig of the metadata-expert service, calling ``metadata_server``."""
    return ViewServiceConfig(
        view_service_id=202,
        view_service_development_status="STABLE",
        view_service_name="Metadata Expert",
        view_service_full_name="Metadata Expert",
        view_service_url_marker=METADATA_EXPERT,
        view_service_description="Generic open metadata store API for elements, classifications and relationships.",
        view_service_operational_status="ENABLED",
        omag_server_platform_root_url=platform_url,
        omag_server_name=metadata_server,
        view_service_options=options or None,
    ).to_wire()


def upsert_view_service(doc: dict[str, Any], config: dict[str, Any]) -> None:
    """Replace the view service with the same URL marker, or add it."""
    marker = config.get("viewServiceURLMarker")
    current = doc.get(VIEW_SERVICES)
    kept = [c for c in current if c.get("viewServiceURLMarker") != marker] if isinstance(current, list) else []
    doc[VIEW_SERVICES] = [*kept, config]


def view_service(doc: dict[str, Any], marker: str) -> dict[str, Any] | None:
    """The configuration of the view service with this URL marker, if the document has one."""
    current = doc.get(VIEW_SERVICES)
    for config in current if isinstance(current, list) else []:
        if isinstance(config, dict) and config.get("viewServiceURLMarker") == marker:
            return config
    return None
