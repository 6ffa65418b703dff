"""Metadata access servers on the embedded platform: configured like any server, started with the platform.

A metadata access server here is a configuration document whose repository is
the platform's SQLite metadata store (classified "Metadata Access Store",
egeria-wire.md §1.6). The platform starts every such server in its data
directory when it starts, and creates the ones it was asked for (by default
``active-metadata-store``) if they do not exist yet.
"""

from __future__ import annotations

from typing import Any

from egeria_nb.embedded import documents as docs
from egeria_nb.embedded.config_store import new_document
from egeria_nb.embedded.instances import running_server
from egeria_nb.embedded.state import PlatformState
from egeria_nb.wire.metadata import Connection, ConnectorType
from egeria_nb.wire.server_config import LocalRepositoryConfig

__all__ = [
    "DEFAULT_METADATA_SERVER",
    "SQLITE_REPOSITORY_PROVIDER",
    "metadata_server_document",
    "start_metadata_servers",
]

DEFAULT_METADATA_SERVER = "active-metadata-store"
# Names the embedded SQLite repository in a configuration document; not a Java class.
SQLITE_REPOSITORY_PROVIDER = "egeria_nb.embedded.metadata_store.MetadataStore"
SERVICES = [
    "Open Metadata Repository Services (OMRS)",
    "Open Metadata Store Services",
    "Governance Configuration Service",
    "egeria_nb Catalog",
]


def metadata_server_document(name: str) -> dict[str, Any]:
    doc = new_document(name)
    doc["localServerType"] = docs.METADATA_ACCESS_STORE.server_type_name
    repository = docs.default_repository_services()
    repository["localRepositoryConfig"] = LocalRepositoryConfig(
        metadata_collection_name=name,
        local_repository_mode="PLUGIN_REPOSITORY",
        local_repository_local_connection=Connection(
            connector_type=ConnectorType(connector_provider_class_name=SQLITE_REPOSITORY_PROVIDER)
        ),
    ).to_wire()
    doc["repositoryServicesConfig"] = repository
    return doc


def is_metadata_server(name: str, doc: dict[str, Any]) -> bool:
    try:
        return docs.classify(name, doc) == docs.METADATA_ACCESS_STORE
    except Exception:
        return False


def start_metadata_servers(state: PlatformState, wanted: list[str]) -> None:
    """Create the wanted metadata servers if missing, then run every metadata server configured."""
    for name in wanted:
        if state.configs.load(name) is None:
            state.configs.save(
                name, metadata_server_document(name), what="the platform created it (a metadata access server)"
            )
    for name in state.configs.names():
        doc = state.configs.load(name)
        if doc is not None and is_metadata_server(name, doc):
            state.instances.add(running_server(name, docs.METADATA_ACCESS_STORE.server_type_name, list(SERVICES), doc))
