"""Integration daemons that the embedded platform runs itself, when ``start_server`` starts one.

Each runs as an ``IntegrationDaemon`` in the platform's process (on its own
loop thread), calling the platform back over HTTP like any client, and is
what the integration-daemon REST services report on. Its supervisor tells it
of each state change as it records it, and each connector failure and
recovery goes to the daemon's audit log there and then.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Mapping

from egeria_nb.catalogue import Audit
from egeria_nb.client import Platform
from egeria_nb.daemon import IntegrationDaemon
from egeria_nb.daemon.history import HistoryEvent
from egeria_nb.daemon.status import FAILED_STATES, ConnectorStatus
from egeria_nb.embedded.audit_log import INTEGRATION_DAEMON_SERVICES, AuditLog

__all__ = ["HostedDaemons"]

_FAILED = frozenset(str(s) for s in FAILED_STATES)
# A failed connector works again once it is back in one of these (its restart started it, or engaged it).
_WORKING = frozenset({str(ConnectorStatus.WAITING), str(ConnectorStatus.RUNNING)})


class HostedDaemon(IntegrationDaemon):
    """A daemon the platform runs: a daemon started in a cell for the same server is refused, not preferred.

    Its connectors' failures and recoveries go to ``audit`` (the platform's audit log) as they are recorded.
    """

    _replaceable = False

    def __init__(
        self,
        platform: Platform,
        server_name: str,
        *,
        platforms: Mapping[str, Platform] | None = None,
        audit: AuditLog | None = None,
    ) -> None:
        super().__init__(platform, server_name, platforms=platforms)
        self._audit = audit
        # (group, connector) of connectors whose last state change was a failure.
        self._failed: set[tuple[str, str]] = set()
        # Events come on the daemon's loop, but a stop that abandons connectors records from its own thread.
        self._audit_lock = threading.Lock()

    def _state_changed(self, event: HistoryEvent) -> None:
        # Written here, on the daemon's loop thread, not handed to the platform's loop (call_soon_threadsafe):
        # AuditLog.write is safe from any thread (its own lock, held for an in-memory append), so a hand-over
        # would only add an unbounded queue of callbacks and the case of a platform loop already closed. Written
        # inline, too, a stop's last records come before the server's Shutdown record.
        connector = event.connector or ""
        if not connector:
            return  # a daemon-wide or group event
        group, to_status = event.group or "", event.to_status or ""
        key = (group, connector)
        with self._audit_lock:
            audit = self._audit
            if audit is None:
                return
            if to_status in _FAILED and (event.from_status or "") != to_status:
                self._failed.add(key)
                audit.write(
                    self.server_name,
                    Audit.CONNECTOR_FAILED,
                    connector,
                    group,
                    self.server_name,
                    to_status,
                    event.message,
                    component=INTEGRATION_DAEMON_SERVICES,
                )
            elif key in self._failed and to_status in _WORKING:
                self._failed.discard(key)
                audit.write(
                    self.server_name,
                    Audit.CONNECTOR_RECOVERED,
                    connector,
                    group,
                    self.server_name,
                    to_status,
                    component=INTEGRATION_DAEMON_SERVICES,
                )

    def stop_auditing(self) -> None:
        """Write nothing more to the audit log: the platform is done with this daemon.

        Once its stop returned, a loop that a blocked connector kept turning writes no records after the
        server's Shutdown record, as the platform no longer answers for it.
        """
        with self._audit_lock:
            self._audit = None


class HostedDaemons:
    """Server name → the daemon the platform runs for it, which writes its connectors' failures to ``audit``."""

    def __init__(self, audit: AuditLog | None = None) -> None:
        self._daemons: dict[str, HostedDaemon] = {}
        self._audit = audit

    def get(self, name: str) -> IntegrationDaemon | None:
        return self._daemons.get(name)

    def names(self) -> list[str]:
        return sorted(self._daemons)

    def start(
        self, name: str, url: str, user_id: str, password: str, earlier_urls: tuple[str, ...] = ()
    ) -> IntegrationDaemon:
        daemon = self._daemons.get(name)
        if daemon is None or not daemon.running:
            if daemon is not None:
                daemon.stop_auditing()  # one whose start failed: whatever it still does is not this run's
            client = Platform(url, user_id=user_id, password=password)
            # Groups configured while the platform listened elsewhere name it by an earlier URL.
            daemon = HostedDaemon(client, name, platforms=dict.fromkeys(earlier_urls, client), audit=self._audit)
            self._daemons[name] = daemon
            daemon.start()
        return daemon

    async def stop(self, name: str) -> None:
        daemon = self._daemons.pop(name, None)
        if daemon is None:
            return
        try:
            # stop() waits for connectors to disconnect; keep the platform's loop serving meanwhile.
            await asyncio.to_thread(daemon.stop)
            daemon.platform.close()
        finally:
            daemon.stop_auditing()

    async def stop_all(self) -> None:
        await asyncio.gather(*(self.stop(name) for name in list(self._daemons)), return_exceptions=True)
