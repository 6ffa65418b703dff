"""egeria_nb: configure and run Egeria integration daemons from Jupyter notebooks.

Layout (each a subpackage or module with one job):

* ``wire``     - pydantic models of Egeria's JSON, no I/O
* ``client``   - ``Platform``: HTTP, authentication, FFDC errors → exceptions
* ``admin``    - config functions (integration groups, server basics)
* ``metadata`` - group/connector definitions and the catalog on a metadata access server
* ``daemon``   - the in-kernel integration daemon and the connector framework
* ``embedded`` - an Egeria-compatible platform in this process
* ``diagnosis`` - ``diagnose()``: the chain a daemon depends on, checked link by link; and Egeria's
  server diagnostics as tables (``platform_servers``, ``server_status``, ``audit_log``, ...)
* ``widgets``  - the integration-groups form and the daemon dashboard (imported on first use)
* ``loop``     - the private event-loop thread behind every sync call
* ``errors``   - the one exception hierarchy
* ``catalogue`` - every message id, written once, with its text and what to do
* ``arguments`` - ``@checked``: every public call checks its arguments against its type hints
* ``display``  - HTML for notebooks, and ``Table``, the DataFrame that shows its cells whole
* ``pictures`` - the timeline and topology pictures, as SVG
* ``cli``      - ``egeria-nb serve | seed | demo | diagnose``

Everything a user needs is re-exported here and listed in ``__all__``.
"""

from contextlib import suppress as _suppress
from typing import TYPE_CHECKING as _TYPE_CHECKING

from egeria_nb._version import __version__
from egeria_nb.admin import (
    IntegrationGroupList,
    configure_integration_group,
    configure_integration_groups,
    create_integration_daemon,
    create_metadata_server,
    create_view_server,
    delete_server_config,
    get_integration_groups,
    get_server_config,
    get_server_properties,
    get_server_type_classification,
    remove_integration_group,
    remove_integration_groups,
    set_default_audit_log,
    set_max_page_size,
    set_organization_name,
    set_server_config,
    set_server_description,
    set_server_properties,
    set_server_url_root,
    set_server_user_id,
    start_server,
    stop_server,
)
from egeria_nb.client import Platform
from egeria_nb.errors import (
    DaemonBlockedError,
    EgeriaError,
    InvalidParameterError,
    NotAuthorizedError,
    PlatformTimeoutError,
    PlatformUnreachableError,
    PropertyServerError,
    ServerNotKnownError,
    UnexpectedResponseError,
)
from egeria_nb.wire import IntegrationGroupConfig, OMAGServerConfig, ServerTypeClassification

__all__ = [
    "CatalogElement",
    "CatalogRelationship",
    "CatalogTarget",
    "ConnectorContext",
    "ConnectorStatus",
    "DaemonBlockedError",
    "DaemonDashboard",
    "Diagnosis",
    "EgeriaError",
    "EmbeddedPlatform",
    "IntegrationConnector",
    "IntegrationDaemon",
    "IntegrationGroupConfig",
    "IntegrationGroupList",
    "IntegrationGroupsForm",
    "InvalidParameterError",
    "MetadataCatalog",
    "MetadataElement",
    "MetadataRelationship",
    "NotAuthorizedError",
    "OMAGServerConfig",
    "OpenMetadataStore",
    "Parent",
    "Platform",
    "PlatformTimeoutError",
    "PlatformUnreachableError",
    "PropertyServerError",
    "RemoteIntegrationDaemon",
    "RestartPolicy",
    "ServerNotKnownError",
    "ServerTypeClassification",
    "SyncResult",
    "Timeouts",
    "UnexpectedResponseError",
    "__version__",
    "audit_log",
    "audit_log_summary",
    "configure_integration_group",
    "configure_integration_groups",
    "create_connector_definition",
    "create_group_definition",
    "create_integration_daemon",
    "create_metadata_server",
    "create_view_server",
    "delete_connector_definition",
    "delete_group_definition",
    "delete_server_config",
    "diagnose",
    "find_elements",
    "get_connector_definition",
    "get_group_definition",
    "get_integration_groups",
    "get_registered_connectors",
    "get_server_config",
    "get_server_properties",
    "get_server_type_classification",
    "list_group_definitions",
    "platform_servers",
    "register_connector",
    "register_integration_connector",
    "remove_integration_group",
    "remove_integration_groups",
    "seed_definitions",
    "server_configuration_summary",
    "server_status",
    "set_default_audit_log",
    "set_max_page_size",
    "set_organization_name",
    "set_server_config",
    "set_server_description",
    "set_server_properties",
    "set_server_url_root",
    "set_server_user_id",
    "start_embedded",
    "start_server",
    "stop_server",
    "unregister_integration_connector",
    "update_connector_definition",
    "update_group_definition",
    "update_registration",
]

# The metadata functions, the daemon, the embedded platform and the widgets pull in
# much more (their models, aiohttp's server, SQLite, ipywidgets); load each on first
# use so `import egeria_nb` stays quick.
_LAZY = {
    "ConnectorContext": "egeria_nb.daemon",
    "ConnectorStatus": "egeria_nb.daemon",
    "IntegrationConnector": "egeria_nb.daemon",
    "IntegrationDaemon": "egeria_nb.daemon",
    "RemoteIntegrationDaemon": "egeria_nb.daemon",
    "RestartPolicy": "egeria_nb.daemon",
    "Timeouts": "egeria_nb.daemon",
    "register_connector": "egeria_nb.daemon",
    "CatalogElement": "egeria_nb.metadata",
    "CatalogRelationship": "egeria_nb.metadata",
    "CatalogTarget": "egeria_nb.metadata",
    "MetadataCatalog": "egeria_nb.metadata",
    "MetadataElement": "egeria_nb.metadata",
    "MetadataRelationship": "egeria_nb.metadata",
    "OpenMetadataStore": "egeria_nb.metadata",
    "Parent": "egeria_nb.metadata",
    "SyncResult": "egeria_nb.metadata",
    "create_connector_definition": "egeria_nb.metadata",
    "create_group_definition": "egeria_nb.metadata",
    "delete_connector_definition": "egeria_nb.metadata",
    "delete_group_definition": "egeria_nb.metadata",
    "find_elements": "egeria_nb.metadata",
    "get_connector_definition": "egeria_nb.metadata",
    "get_group_definition": "egeria_nb.metadata",
    "get_registered_connectors": "egeria_nb.metadata",
    "list_group_definitions": "egeria_nb.metadata",
    "register_integration_connector": "egeria_nb.metadata",
    "seed_definitions": "egeria_nb.metadata",
    "unregister_integration_connector": "egeria_nb.metadata",
    "update_connector_definition": "egeria_nb.metadata",
    "update_group_definition": "egeria_nb.metadata",
    "update_registration": "egeria_nb.metadata",
    "EmbeddedPlatform": "egeria_nb.embedded",
    "start_embedded": "egeria_nb.embedded",
    "Diagnosis": "egeria_nb.diagnosis",
    "diagnose": "egeria_nb.diagnosis",
    "audit_log": "egeria_nb.diagnosis.server",
    "audit_log_summary": "egeria_nb.diagnosis.server",
    "platform_servers": "egeria_nb.diagnosis.server",
    "server_configuration_summary": "egeria_nb.diagnosis.server",
    "server_status": "egeria_nb.diagnosis.server",
    "IntegrationGroupsForm": "egeria_nb.widgets",
    "DaemonDashboard": "egeria_nb.widgets",
}
if _TYPE_CHECKING:
    from egeria_nb.daemon import (
        ConnectorContext,
        ConnectorStatus,
        IntegrationConnector,
        IntegrationDaemon,
        RemoteIntegrationDaemon,
        RestartPolicy,
        Timeouts,
        register_connector,
    )
    from egeria_nb.diagnosis import Diagnosis, diagnose
    from egeria_nb.diagnosis.server import (
        audit_log,
        audit_log_summary,
        platform_servers,
        server_configuration_summary,
        server_status,
    )
    from egeria_nb.embedded import EmbeddedPlatform, start_embedded
    from egeria_nb.metadata import (
        CatalogElement,
        CatalogRelationship,
        CatalogTarget,
        MetadataCatalog,
        MetadataElement,
        MetadataRelationship,
        OpenMetadataStore,
        Parent,
        SyncResult,
        create_connector_definition,
        create_group_definition,
        delete_connector_definition,
        delete_group_definition,
        find_elements,
        get_connector_definition,
        get_group_definition,
        get_registered_connectors,
        list_group_definitions,
        register_integration_connector,
        seed_definitions,
        unregister_integration_connector,
        update_connector_definition,
        update_group_definition,
        update_registration,
    )
    from egeria_nb.widgets import DaemonDashboard, IntegrationGroupsForm


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        with _suppress(AttributeError, TypeError):
            value.__module__ = "egeria_nb"
        globals()[name] = value
        return value
    raise AttributeError(f"module 'egeria_nb' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


# Show egeria_nb.X rather than egeria_nb.admin.groups.X in reprs and tracebacks.
for _name in __all__:
    if _name in _LAZY:
        continue
    _obj = globals()[_name]
    if str(getattr(_obj, "__module__", "")).startswith("egeria_nb."):
        with _suppress(AttributeError, TypeError):
            _obj.__module__ = "egeria_nb"
del _name, _obj
