"""Sections of a server's configuration document that the embedded platform writes itself.

The default audit log and the local repository (``repositoryServicesConfig``, egeria-wire.md §2)
and a view server's view services (``viewServicesConfig``). They are Egeria's beans of the same
names (admin-services-api ``adminservices/configuration/properties``). ``OMAGServerConfig``
keeps these sections as plain JSON, so a document from another Egeria release is read and posted
back unchanged; these models build the sections egeria_nb adds.

Apart from ``admin`` because they hold OCF ``Connection`` beans (``wire.metadata``), whose module
depends on ``wire.responses`` and so on ``wire.admin``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from egeria_nb.wire.base import WireModel
from egeria_nb.wire.metadata import Connection

__all__ = ["LocalRepositoryConfig", "RepositoryServicesConfig", "ViewServiceConfig"]


class LocalRepositoryConfig(WireModel):
    """The local repository of a metadata access store (``repositoryServicesConfig.localRepositoryConfig``).

    ``localRepositoryMode`` and the ``events…Rule`` fields are Java enums, written by name.
    """

    class_: Literal["LocalRepositoryConfig"] = Field("LocalRepositoryConfig", alias="class")
    metadata_collection_id: str | None = Field(None, alias="metadataCollectionId")
    metadata_collection_name: str | None = Field(None, alias="metadataCollectionName")
    local_repository_mode: str | None = Field(None, alias="localRepositoryMode")
    local_repository_local_connection: Connection | None = Field(None, alias="localRepositoryLocalConnection")
    local_repository_remote_connection: Connection | None = Field(None, alias="localRepositoryRemoteConnection")
    events_to_save_rule: str | None = Field(None, alias="eventsToSaveRule")
    selected_types_to_save: list[Any] | None = Field(None, alias="selectedTypesToSave")
    events_to_send_rule: str | None = Field(None, alias="eventsToSendRule")
    selected_types_to_send: list[Any] | None = Field(None, alias="selectedTypesToSend")
    event_mapper_connection: Connection | None = Field(None, alias="eventMapperConnection")


class RepositoryServicesConfig(WireModel):
    """The repository-services section of a configuration document: audit logs, archives, local repository, cohorts.

    Egeria's getters return null for an empty list, so an empty list is never written.
    """

    class_: Literal["RepositoryServicesConfig"] = Field("RepositoryServicesConfig", alias="class")
    audit_log_connections: list[Connection] | None = Field(None, alias="auditLogConnections")
    open_metadata_archive_connections: list[Connection] | None = Field(None, alias="openMetadataArchiveConnections")
    local_repository_config: LocalRepositoryConfig | None = Field(None, alias="localRepositoryConfig")
    enterprise_access_config: dict[str, Any] | None = Field(None, alias="enterpriseAccessConfig")
    cohort_config_list: list[Any] | None = Field(None, alias="cohortConfigList")


class ViewServiceConfig(WireModel):
    """One view service of a view server (an entry of ``viewServicesConfig``) and the server it calls.

    ``viewServiceId`` is a Java ``int``, so always written; the status fields are Java enums,
    written by name. ``class`` is ``SolutionViewServiceConfig`` or ``IntegrationViewServiceConfig``
    for Egeria's subtypes.
    """

    class_: str | None = Field("ViewServiceConfig", alias="class")
    view_service_id: int = Field(0, alias="viewServiceId")
    view_service_development_status: str | None = Field(None, alias="viewServiceDevelopmentStatus")
    view_service_admin_class: str | None = Field(None, alias="viewServiceAdminClass")
    view_service_name: str | None = Field(None, alias="viewServiceName")
    view_service_full_name: str | None = Field(None, alias="viewServiceFullName")
    view_service_url_marker: str | None = Field(None, alias="viewServiceURLMarker")
    view_service_description: str | None = Field(None, alias="viewServiceDescription")
    view_service_wiki: str | None = Field(None, alias="viewServiceWiki")
    view_service_partner_service: str | None = Field(None, alias="viewServicePartnerService")
    view_service_operational_status: str | None = Field(None, alias="viewServiceOperationalStatus")
    omag_server_platform_root_url: str | None = Field(None, alias="omagserverPlatformRootURL")
    omag_server_name: str | None = Field(None, alias="omagserverName")
    secrets_store_provider: str | None = Field(None, alias="secretsStoreProvider")
    secrets_store_location: str | None = Field(None, alias="secretsStoreLocation")
    secrets_store_collection: str | None = Field(None, alias="secretsStoreCollection")
    # Egeria's getter returns null for an empty map, so an empty one is never written.
    view_service_options: dict[str, Any] | None = Field(None, alias="viewServiceOptions")
