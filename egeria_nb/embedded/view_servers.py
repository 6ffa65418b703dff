"""View servers on the embedded platform: the metadata-expert view service in front of a metadata access server.

Egeria's tools and pyegeria call the generic open metadata store API on a view
server (``/servers/{view}/api/open-metadata/metadata-expert``, egeria-wire.md §8);
the view server passes each call to the metadata access server its configuration
names. Here both live on the same platform and share its store. The platform
creates the view servers it was asked for (by default ``qs-view-server``, the name
Egeria's quickstart and pyegeria use, in front of ``active-metadata-store``) and
starts every view server configured in its data directory.
"""

from __future__ import annotations

from typing import Any

from egeria_nb.embedded import documents as docs
from egeria_nb.embedded.config_store import new_document
from egeria_nb.embedded.instances import running_server
from egeria_nb.embedded.state import PlatformState
from egeria_nb.wire.admin import OWN_PLATFORM

__all__ = ["DEFAULT_VIEW_SERVER", "SERVICES", "start_view_servers", "view_server_document"]

DEFAULT_VIEW_SERVER = "qs-view-server"
SERVICES = ["Open Metadata View Services (OMVS)", "Metadata Expert"]


def view_server_document(name: str, metadata_server: str, platform_url: str = OWN_PLATFORM) -> dict[str, Any]:
    doc = new_document(name)
    doc["localServerType"] = docs.VIEW_SERVER.server_type_name
    doc["repositoryServicesConfig"] = docs.default_repository_services()
    doc[docs.VIEW_SERVICES] = [docs.view_service_config(metadata_server, platform_url)]
    return doc


def start_view_servers(state: PlatformState, wanted: dict[str, str]) -> None:
    """Create the wanted view servers (name -> metadata server) if missing, then run every view server configured."""
    for name, metadata_server in wanted.items():
        if state.configs.load(name) is None:
            state.configs.save(
                name, view_server_document(name, metadata_server), what="the platform created it (a view server)"
            )
    for name in state.configs.names():
        doc = state.configs.load(name)
        try:
            kind = docs.classify(name, doc) if doc is not None else None
        except Exception:
            kind = None
        if doc is not None and kind == docs.VIEW_SERVER:
            state.instances.add(running_server(name, docs.VIEW_SERVER.server_type_name, list(SERVICES), doc))
