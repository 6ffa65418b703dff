"""Integration daemons that the embedded platform runs itself, when ``start_server`` starts one.

Each runs as an ``IntegrationDaemon`` in the platform's process (on its own
loop thread), calling the platform back over HTTP like any client, and is
what the integration-daemon REST services report on.
"""

from __future__ import annotations

import asyncio
import logging

from egeria_nb.client import Platform
from egeria_nb.daemon import IntegrationDaemon

__all__ = ["HostedDaemons"]

LOGGER = logging.getLogger("egeria_nb.embedded")


class HostedDaemon(IntegrationDaemon):
    """A daemon the platform runs: a daemon started in a cell for the same server is refused, not preferred."""

    _replaceable = False


class HostedDaemons:
    """Server name → the daemon the platform runs for it."""

    def __init__(self) -> None:
        self._daemons: dict[str, IntegrationDaemon] = {}

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

    async def stop(self, name: str) -> None:
        daemon = self._daemons.pop(name, None)
        if daemon is not None:
            # stop() waits for connectors to disconnect; keep the platform's loop serving meanwhile.
            await asyncio.to_thread(daemon.stop)
            daemon.platform.close()

    async def stop_all(self) -> None:
        await asyncio.gather(*(self.stop(name) for name in list(self._daemons)), return_exceptions=True)
