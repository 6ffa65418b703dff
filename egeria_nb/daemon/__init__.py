"""The in-kernel integration daemon and the connector framework.

* ``daemon``     - ``IntegrationDaemon``: the facade cells use (lifecycle, control, tables from snapshots)
* ``supervisor`` - the daemon's state and work, confined to its loop; publishes what others read
* ``groups``     - reading group definitions and following changes to them
* ``runner``     - one connector's lifecycle and restart loop
* ``schedule``   - one timer per daemon for every connector's timed waits
* ``threads``    - daemon threads for connector code, and what connectors leave behind at exit
* ``connector``  - ``IntegrationConnector`` and its ``ConnectorContext``
* ``registry``   - provider names → connector classes
* ``policy``     - restart back-off and lifecycle deadlines
* ``watchdog``   - loop-block detection and task attribution
* ``remote``     - ``RemoteIntegrationDaemon``: a daemon elsewhere, over REST
* ``protocol``   - ``Daemon``: what both daemons offer
* ``status``, ``history``, ``tables``, ``summary``, ``waiting``, ``reports``, ``definition`` - what the tables,
  the HTML summary, the waits and Egeria's JSON are made of
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
