"""The in-kernel integration daemon and the connector framework.

* ``daemon``     - ``IntegrationDaemon``: configuration, groups, control, tables
* ``groups``     - reading group definitions and following changes to them
* ``runner``     - one connector's lifecycle and restart loop
* ``connector``  - ``IntegrationConnector`` and its ``ConnectorContext``
* ``registry``   - provider names → connector classes
* ``policy``     - restart back-off and lifecycle deadlines
* ``watchdog``   - loop-block detection and task attribution
* ``status``, ``history``, ``tables``, ``definition`` - what the tables are made of
"""

from egeria_nb.daemon.connector import ConnectorContext, IntegrationConnector
from egeria_nb.daemon.daemon import IntegrationDaemon
from egeria_nb.daemon.policy import RestartPolicy, Timeouts
from egeria_nb.daemon.registry import ConnectorRegistry, register_connector
from egeria_nb.daemon.remote import RemoteIntegrationDaemon
from egeria_nb.daemon.status import ConnectorStatus, GroupStatus

__all__ = [
    "ConnectorContext",
    "ConnectorRegistry",
    "ConnectorStatus",
    "GroupStatus",
    "IntegrationConnector",
    "IntegrationDaemon",
    "RemoteIntegrationDaemon",
    "RestartPolicy",
    "Timeouts",
    "register_connector",
]
