"""``diagnose()``: why is my integration daemon not working? One call walks the chain it depends on.

* ``findings`` - ``Finding`` (one check) and ``Diagnosis`` (the checks, as a table, HTML or text)
* ``chain``    - the walk itself, over Egeria's own APIs
"""

from __future__ import annotations

from egeria_nb.arguments import checked
from egeria_nb.client import Platform
from egeria_nb.diagnosis.findings import Diagnosis, Finding

__all__ = ["Diagnosis", "Finding", "diagnose"]

DEFAULT_TIMEOUT_S = 10.0


@checked
def diagnose(platform: Platform, server_name: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> Diagnosis:
    """Check everything the integration daemon ``server_name`` depends on, in order, and say what to do.

    The platform, the credentials, the daemon's configuration document and groups, each group's
    metadata server and definition, each connector's provider, endpoint, configuration and
    start/stop window, the daemon itself and each connector's state. A daemon running in this
    kernel (started by a cell, as the same user) for ``server_name`` on ``platform`` is asked
    directly; otherwise the one the platform runs, over Egeria's REST APIs. Each call waits at most
    ``timeout_s``. For example::

        diagnosis = enb.diagnose(platform, "integration-daemon")
        diagnosis.ok                  # False if a check failed
        diagnosis.to_frame()          # check, result (✓ ✗ !), detail, what_to_do, message_id
    """
    from egeria_nb.daemon.daemon import running_daemon
    from egeria_nb.daemon.remote import RemoteIntegrationDaemon

    daemon = running_daemon(platform.url, server_name)
    # Only for the same caller: the daemon's walk uses its own client, and the caller's credentials are checked too.
    if daemon is not None and (daemon.platform.user_id, daemon.platform.password) == (
        platform.user_id,
        platform.password,
    ):
        return daemon.diagnose(timeout_s=timeout_s)
    return RemoteIntegrationDaemon(platform, server_name).diagnose(timeout_s=timeout_s)
