"""Integration daemons that the embedded platform runs itself, when ``start_server`` starts one.

Each runs as an ``IntegrationDaemon`` in the platform's process (on its own
loop thread), calling the platform back over HTTP like any client, and is
what the integration-daemon REST services report on. While one runs, the
platform reads its history (the daemon's public ``history()``) every
``WATCH_INTERVAL_S`` and writes each connector failure and recovery to the
daemon's audit log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from typing import Any

import pandas as pd

from egeria_nb.catalogue import Audit
from egeria_nb.client import Platform
from egeria_nb.daemon import IntegrationDaemon
from egeria_nb.daemon.status import FAILED_STATES, ConnectorStatus
from egeria_nb.embedded.audit_log import INTEGRATION_DAEMON_SERVICES, AuditLog

__all__ = ["HostedDaemons"]

LOGGER = logging.getLogger("egeria_nb.embedded")
# How often the platform reads a hosted daemon's history for connector failures and recoveries.
WATCH_INTERVAL_S = 1.0
# History rows read each time; when more than these changed since the last look, the whole history is read.
WATCH_WINDOW = 200
_FAILED = frozenset(str(s) for s in FAILED_STATES)
# A failed connector works again once it is back in one of these (its restart started it, or engaged it).
_WORKING = frozenset({str(ConnectorStatus.WAITING), str(ConnectorStatus.RUNNING)})


class HostedDaemon(IntegrationDaemon):
    """A daemon the platform runs: a daemon started in a cell for the same server is refused, not preferred."""

    _replaceable = False


Row = tuple[datetime, str, str, str, str, str]


class _ConnectorWatch:
    """Turns a hosted daemon's history into audit-log records: a connector failed, a connector works again."""

    def __init__(self, name: str, daemon: IntegrationDaemon, audit: AuditLog) -> None:
        self.name = name
        self.daemon = daemon
        self.audit = audit
        self._last_time: datetime | None = None
        self._seen_at_last: set[Row] = set()
        # (group, connector) of connectors whose last state change was a failure.
        self._failed: set[tuple[str, str]] = set()

    async def run(self) -> None:
        while True:
            await self.look()
            await asyncio.sleep(WATCH_INTERVAL_S)

    async def look(self) -> None:
        try:
            frame = await asyncio.to_thread(self.daemon.history, WATCH_WINDOW)
            if self._last_time is None or (len(frame) >= WATCH_WINDOW and self._oldest(frame) > self._last_time):
                # The first look, or more happened than the window holds: read everything the daemon keeps.
                frame = await asyncio.to_thread(self.daemon.history)
            for row in self._new(_rows(frame)):
                self._note(row)
        except Exception:  # a broken look must not end the watch; the next one tries again
            LOGGER.exception("reading the history of the integration daemon %s for its audit log failed", self.name)

    @staticmethod
    def _oldest(frame: pd.DataFrame) -> datetime:
        return pd.Timestamp(frame["time"].min()).to_pydatetime()

    def _new(self, rows: list[Row]) -> list[Row]:
        last = self._last_time
        fresh = [r for r in rows if last is None or r[0] > last or (r[0] == last and r not in self._seen_at_last)]
        if fresh:
            newest = max(r[0] for r in fresh)
            if newest != self._last_time:
                self._last_time, self._seen_at_last = newest, set()
            self._seen_at_last.update(r for r in fresh if r[0] == newest)
        return fresh

    def _note(self, row: Row) -> None:
        _, group, connector, from_status, to_status, message = row
        if not connector:
            return  # a daemon-wide or group event
        key = (group, connector)
        if to_status in _FAILED and from_status != to_status:
            self._failed.add(key)
            self.audit.write(
                self.name,
                Audit.CONNECTOR_FAILED,
                connector,
                group,
                self.name,
                to_status,
                message,
                component=INTEGRATION_DAEMON_SERVICES,
            )
        elif key in self._failed and to_status in _WORKING:
            self._failed.discard(key)
            self.audit.write(
                self.name,
                Audit.CONNECTOR_RECOVERED,
                connector,
                group,
                self.name,
                to_status,
                component=INTEGRATION_DAEMON_SERVICES,
            )


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _rows(frame: pd.DataFrame) -> list[Row]:
    columns = ("group", "connector", "from_status", "to_status", "message")
    return [
        (pd.Timestamp(values[0]).to_pydatetime(), *(_text(v) for v in values[1:]))  # type: ignore[misc]
        for values in zip(frame["time"], *(frame[c] for c in columns), strict=True)
    ]


class HostedDaemons:
    """Server name → the daemon the platform runs for it (and the watch that audits its connectors)."""

    def __init__(self, audit: AuditLog | None = None) -> None:
        self._daemons: dict[str, IntegrationDaemon] = {}
        self._audit = audit
        self._watches: dict[str, tuple[_ConnectorWatch, asyncio.Task[None]]] = {}

    def get(self, name: str) -> IntegrationDaemon | None:
        return self._daemons.get(name)

    def names(self) -> list[str]:
        return sorted(self._daemons)

    def start(
        self, name: str, url: str, user_id: str, password: str, earlier_urls: tuple[str, ...] = ()
    ) -> IntegrationDaemon:
        daemon = self._daemons.get(name)
        if daemon is None or not daemon.running:
            client = Platform(url, user_id=user_id, password=password)
            # Groups configured while the platform listened elsewhere name it by an earlier URL.
            daemon = HostedDaemon(client, name, platforms=dict.fromkeys(earlier_urls, client))
            self._daemons[name] = daemon
            daemon.start()
        return daemon

    def watch(self, name: str) -> None:
        """Start auditing the connectors of the daemon run for ``name`` (on the platform's loop; once)."""
        daemon = self._daemons.get(name)
        current = self._watches.get(name)
        if self._audit is None or daemon is None or (current is not None and current[0].daemon is daemon):
            return
        watch = _ConnectorWatch(name, daemon, self._audit)
        task = asyncio.get_running_loop().create_task(watch.run(), name=f"egeria_nb-audit-{name}")
        self._watches[name] = (watch, task)

    async def _unwatch(self, name: str) -> None:
        found = self._watches.pop(name, None)
        if found is None:
            return
        watch, task = found
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await watch.look()  # what happened between the last look and the stop

    async def stop(self, name: str) -> None:
        daemon = self._daemons.pop(name, None)
        try:
            if daemon is not None:
                # stop() waits for connectors to disconnect; keep the platform's loop serving meanwhile.
                await asyncio.to_thread(daemon.stop)
                daemon.platform.close()
        finally:
            await self._unwatch(name)

    async def stop_all(self) -> None:
        names = set(self._daemons) | set(self._watches)
        await asyncio.gather(*(self.stop(name) for name in names), return_exceptions=True)
