"""Config functions for an integration daemon's configuration document, all ``(platform, server_name, ...)``."""

from egeria_nb.admin.groups import (
    IntegrationGroupList,
    configure_integration_group,
    configure_integration_groups,
    get_integration_groups,
    remove_integration_group,
    remove_integration_groups,
)
from egeria_nb.admin.server import (
    create_integration_daemon,
    create_metadata_server,
    delete_server_config,
    get_server_config,
    get_server_type_classification,
    set_default_audit_log,
    set_max_page_size,
    set_organization_name,
    set_server_config,
    set_server_description,
    set_server_url_root,
    set_server_user_id,
    start_server,
    stop_server,
)

__all__ = [
    "IntegrationGroupList",
    "configure_integration_group",
    "configure_integration_groups",
    "create_integration_daemon",
    "create_metadata_server",
    "delete_server_config",
    "get_integration_groups",
    "get_server_config",
    "get_server_type_classification",
    "remove_integration_group",
    "remove_integration_groups",
    "set_default_audit_log",
    "set_max_page_size",
    "set_organization_name",
    "set_server_config",
    "set_server_description",
    "set_server_url_root",
    "set_server_user_id",
    "start_server",
    "stop_server",
]
