"""Integration groups under the daemon: reading their definitions and following changes to them.

``GroupHandler`` keeps one configured group's runners in line with its
definition on the metadata server, by registration GUID (egeria-wire.md §3.4).
``DefinitionWatcher`` follows one metadata server for every group it holds:
through egeria_nb's change feed when the server has one (changes arrive in
milliseconds), else by re-reading every ``poll_interval_s`` seconds (a real
Egeria, whose own daemon re-reads every ~33 minutes, §3.3).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from egeria_nb.daemon.definition import ConnectorDefinition
from egeria_nb.daemon.runner import ConnectorRunner, RunnerHost
from egeria_nb.daemon.status import GroupStatus
from egeria_nb.errors import EgeriaError
from egeria_nb.metadata.catalog import MetadataCatalog
from egeria_nb.metadata.definitions import fetch_group, fetch_registered_connectors, fetch_registration
from egeria_nb.wire.assembly import (
    ASSET_CONNECTION,
    CATALOG_TARGET,
    CONNECT_TO_ENDPOINT,
    CONNECTION,
    CONNECTION_CONNECTOR_TYPE,
    CONNECTOR,
    CONNECTOR_TYPE,
    EMBEDDED_CONNECTION,
    ENDPOINT,
    GROUP,
    REGISTRATION,
    VIRTUAL_CONNECTION,
)
from egeria_nb.wire.catalog import MetadataChange
from egeria_nb.wire.metadata import RegisteredIntegrationConnectorElement

if TYPE_CHECKING:
    from egeria_nb.client import Platform

__all__ = ["DEFINITION_TYPES", "DefinitionWatcher", "GroupHandler", "GroupSnapshot"]

LOGGER = logging.getLogger("egeria_nb.daemon")
# Elements that are part of a connector's connection, and the links from a connection to them.
CONNECTION_PARTS = (CONNECTION, VIRTUAL_CONNECTION, CONNECTOR_TYPE, ENDPOINT)
CONNECTION_LINKS = (CONNECTION_CONNECTOR_TYPE, CONNECT_TO_ENDPOINT, EMBEDDED_CONNECTION)
# The only types whose changes can alter what a daemon runs: the elements a definition is made of
# (egeria-wire.md §8) and the relationships that join them.
DEFINITION_TYPES = (
    GROUP,
    CONNECTOR,
    REGISTRATION,
    CATALOG_TARGET,
    *CONNECTION_PARTS,
    ASSET_CONNECTION,
    *CONNECTION_LINKS,
)
# How long one change-feed request waits for news before asking again.
FEED_WAIT_S = 20.0
# Back-off while a metadata server cannot be reached.
RETRY_INITIAL_S = 1.0
RETRY_MAX_S = 5.0


class GroupHost(RunnerHost, Protocol):
    runners: dict[str, ConnectorRunner]

    def note(self, message: str, group: str | None = None) -> None: ...

    def new_runner(self, definition: ConnectorDefinition) -> ConnectorRunner: ...

    async def drop_runner(self, connector_id: str) -> None: ...


@dataclass(frozen=True, slots=True)
class GroupSnapshot:
    qualified_name: str
    status: GroupStatus | None  # None: a remote daemon reported a state this release does not know
    metadata_server: str | None  # None: a remote daemon does not say
    platform_url: str | None
    guid: str | None
    description: str | None
    connector_count: int
    last_refresh: datetime | None
    last_error: str | None

    @property
    def loading(self) -> bool:
        """True until the group's first read of its definition has ended, found or not."""
        # CONFIGURING comes before the connectors are read, so it counts as loading until the first refresh.
        first_read = self.status in (GroupStatus.ASSIGNED, GroupStatus.CONFIGURING)
        return first_read and self.last_refresh is None and self.last_error is None


class GroupHandler:
    """One configured integration group (``IntegrationGroupConfig``) and the connectors it registers."""

    def __init__(
        self, host: GroupHost, qualified_name: str, metadata_server: str, platform: Platform | None, platform_url: str
    ) -> None:
        self.host = host
        self.qualified_name = qualified_name
        self.metadata_server = metadata_server
        # None when the daemon cannot reach the group's platform (no credentials, bad URL); the group shows why.
        self._platform = platform
        self.platform_url = platform_url
        self.catalog = MetadataCatalog(platform, metadata_server) if platform is not None else None
        self.guid: str | None = None
        self.description: str | None = None
        self.status = GroupStatus.ASSIGNED
        self.connector_ids: set[str] = set()
        # Every connector the group registers, runnable or not yet complete, and the GUID of each
        # element of their connections (connection, connector type, endpoint): a change to any of
        # them may complete or change a definition.
        self.registered: set[str] = set()
        self._parts: dict[str, set[str]] = {}
        self.last_refresh: datetime | None = None
        self.last_error: str | None = None
        self._lock = asyncio.Lock()
        # Set once the group is removed from the configuration. A refresh that was already waiting
        # for the lock (a poll, a change event) must not start the removed group's connectors again.
        self._stopped = False
        # What other threads read: replaced whole after each change (see supervisor.Members).
        self.snapshot = self._snapshot()

    @property
    def platform(self) -> Platform:
        assert self._platform is not None, "only groups with a reachable platform are refreshed"
        return self._platform

    def _snapshot(self) -> GroupSnapshot:
        return GroupSnapshot(
            self.qualified_name,
            self.status,
            self.metadata_server,
            self.platform_url,
            self.guid,
            self.description,
            len(self.connector_ids),
            self.last_refresh,
            self.last_error,
        )

    def _publish(self) -> None:
        self.snapshot = self._snapshot()

    def set_status(self, status: GroupStatus) -> None:
        self.status = status
        self._publish()

    def _record(self, message: str) -> None:
        self.host.note(message, self.qualified_name)

    def fail(self, error: str) -> None:
        """The metadata server could not be read; connectors keep running, the daemon keeps retrying."""
        if error != self.last_error:
            self._record(f"cannot read the group from {self.metadata_server}: {error}")
        self.last_error = error
        self.set_status(GroupStatus.FAILED)

    # -- reconciling ----------------------------------------------------------------------

    async def refresh_all(self, *, refresh_connectors: bool = False) -> None:
        """Read the whole definition and make the runners match it."""
        async with self._lock:
            if self._stopped:
                return
            try:
                group = await fetch_group(self.platform, self.metadata_server, self.qualified_name)
                if group is None or group.guid is None:
                    await self._lost(f"{self.metadata_server} has no IntegrationGroup named {self.qualified_name!r}")
                    return
                self.guid = group.guid
                self.description = group.properties.description if group.properties else None
                if self.status in (GroupStatus.ASSIGNED, GroupStatus.FAILED):
                    self.set_status(GroupStatus.CONFIGURING)
                elements = await fetch_registered_connectors(self.platform, self.metadata_server, group.guid)
            except EgeriaError as error:
                self.fail(str(error))
                return
            definitions = {}
            self.registered.clear()
            self._parts.clear()
            for element in elements:
                self._remember(element)
                definition = ConnectorDefinition.from_element(self.qualified_name, element)
                if definition is not None:
                    definitions[definition.connector_id] = definition
            for gone in self.connector_ids - definitions.keys():
                await self._remove(gone, "its registration was removed from the group")
            for definition in definitions.values():
                self._apply(definition, refresh=refresh_connectors)
            self._refreshed()

    async def refresh_registration(self, connector_guid: str) -> None:
        """Re-read one connector's registration in this group (after a change to it)."""
        if self.guid is None:
            await self.refresh_all()
            return
        async with self._lock:
            if self._stopped:
                return
            try:
                element = await fetch_registration(self.platform, self.metadata_server, self.guid, connector_guid)
            except EgeriaError as error:
                self.fail(str(error))
                return
            definition = ConnectorDefinition.from_element(self.qualified_name, element) if element else None
            if definition is None:
                reason = "its definition is incomplete" if element else "it is no longer registered in the group"
                for cid in [
                    c for c in self.connector_ids if self.host.runners[c].definition.connector_guid == connector_guid
                ]:
                    await self._remove(cid, reason)
            # After the removals, which forget the connector: one still registered, if incomplete (a change under
            # way: its provider replaced, say), stays followed, so the change that completes it starts it again.
            if element is not None:
                self._remember(element)
            else:
                self.registered.discard(connector_guid)
            if definition is not None:
                self._apply(definition, refresh=False)
            self._refreshed()

    async def remove_registration(self, connector_id: str) -> None:
        async with self._lock:
            if not self._stopped and connector_id in self.connector_ids:
                await self._remove(connector_id, "its registration was removed from the group")
                self._refreshed()

    async def stop(self, reason: str) -> None:
        """Stop every connector of the group (the group was removed from the configuration)."""
        async with self._lock:
            self._stopped = True
            for connector_id in list(self.connector_ids):
                await self._remove(connector_id, reason)

    def _remember(self, element: RegisteredIntegrationConnectorElement) -> None:
        connector = element.guid
        if not connector:
            return
        self.registered.add(connector)
        connection = element.properties.connection if element.properties else None
        pending = [connection] if connection is not None else []
        while pending:
            part = pending.pop()
            for guid in (
                part.guid,
                part.connector_type.guid if part.connector_type else None,
                part.endpoint.guid if part.endpoint else None,
            ):
                if guid:
                    self._parts.setdefault(guid, set()).add(connector)
            pending.extend(e.embedded_connection for e in part.embedded_connections or [] if e.embedded_connection)

    def _apply(self, definition: ConnectorDefinition, *, refresh: bool) -> None:
        runner = self.host.runners.get(definition.connector_id)
        if runner is None:
            runner = self.host.new_runner(definition)
            self.connector_ids.add(definition.connector_id)
            runner.start()
            return
        needs_restart = runner.definition.needs_restart(definition)
        runner.update_definition(definition)
        if refresh and not needs_restart:
            runner.request_refresh()

    async def _remove(self, connector_id: str, reason: str) -> None:
        self.connector_ids.discard(connector_id)
        runner = self.host.runners.get(connector_id)
        if runner is not None:
            runner._record(None, f"removed: {reason}")
            # No longer registered here: later changes to its connection's parts are none of this group's
            # business (deleting 1,000 registrations brings 1,000s of such changes, each worth a request).
            if runner.definition.connector_guid:
                self.registered.discard(runner.definition.connector_guid)
        await self.host.drop_runner(connector_id)

    async def _lost(self, message: str) -> None:
        if message != self.last_error:
            self._record(message)
        self.last_error = message
        self.guid = None
        self.set_status(GroupStatus.ASSIGNED)
        # The group is not defined (any more): its connectors are no longer registered anywhere.
        for connector_id in list(self.connector_ids):
            await self._remove(connector_id, "the group's definition is gone")

    def _refreshed(self) -> None:
        self.last_refresh = datetime.now(UTC)
        if self.last_error is not None and self.status != GroupStatus.ASSIGNED:
            self._record(f"reading the group from {self.metadata_server} works again")
        self.last_error = None
        self.set_status(GroupStatus.RUNNING if self.connector_ids else GroupStatus.CONFIGURING)

    # -- change dispatch ------------------------------------------------------------------

    async def on_changes(self, changes: list[MetadataChange]) -> None:
        """Apply one batch of changes from the feed: removals first, then one re-read per affected connector.

        Deleting or changing a connector brings several changes at once (its registration, its
        connection, the links between them); each connector is re-read once per batch, and not at
        all once its registration is gone.
        """
        if any(
            c.type_name == GROUP and (c.guid == self.guid or c.qualified_name == self.qualified_name) for c in changes
        ):
            await self.refresh_all(refresh_connectors=True)
            return
        for change in changes:
            if change.type_name == REGISTRATION and change.action == "DELETED":
                await self.remove_registration(change.guid)
        reread: dict[str, None] = {}  # connector GUIDs, in the order their changes came
        for change in changes:
            for connector in self._affected(change):
                reread[connector] = None
        for connector in reread:
            await self.refresh_registration(connector)

    def _affected(self, change: MetadataChange) -> list[str]:
        """The connectors of this group whose registration ``change`` may alter (after removals)."""
        kind = change.type_name
        if kind == REGISTRATION:
            registered_here = change.action != "DELETED" and change.end1_guid == self.guid and change.end2_guid
            return [change.end2_guid] if registered_here else []  # type: ignore[list-item]
        if kind == CONNECTOR:
            return [change.guid] if change.action != "DELETED" and change.guid in self.registered else []
        if kind in (CATALOG_TARGET, ASSET_CONNECTION):
            # End 1 is the connector: its catalog targets, or its connection, changed.
            return [change.end1_guid] if change.end1_guid in self.registered else []  # type: ignore[list-item]
        if kind in CONNECTION_PARTS:
            return sorted(self._parts.get(change.guid, set()) & self.registered)
        if kind in CONNECTION_LINKS and change.end1_guid:
            # End 1 is a connection (or a virtual connection holding another).
            return sorted(self._parts.get(change.end1_guid, set()) & self.registered)
        return []


class DefinitionWatcher:
    """Follows one metadata server for every group the daemon reads from it.

    Runs under the supervisor (``DaemonSupervisor.supervise``): errors the server
    answers with are shown on the groups and retried here; anything else ends
    ``run`` and the supervisor starts it again.
    """

    def __init__(
        self, host: GroupHost, platform: Platform, metadata_server: str, *, poll_interval_s: float, use_feed: bool
    ) -> None:
        self.host = host
        self.platform = platform
        self.metadata_server = metadata_server
        self.catalog = MetadataCatalog(platform, metadata_server)
        self.groups: list[GroupHandler] = []
        self.poll_interval_s = poll_interval_s
        self.use_feed = use_feed
        self.mode = "starting"

    def failed(self, problem: str) -> None:
        """The watcher itself failed (the supervisor starts it again): show it on its groups until then."""
        for group in self.groups:
            group.fail(f"internal task {problem}")

    def longest_wait_s(self) -> float:
        """The longest this watcher waits between signs of life when all is well."""
        return FEED_WAIT_S if self.use_feed else self.poll_interval_s

    async def _refresh_all(self, *, refresh_connectors: bool = False) -> None:
        for group in list(self.groups):
            await group.refresh_all(refresh_connectors=refresh_connectors)

    async def run(self, alive: Callable[[], None]) -> None:
        """Follow the server until cancelled, calling ``alive`` at every step."""
        delay = RETRY_INITIAL_S
        while True:
            alive()
            try:
                if self.use_feed and await self._follow_feed(alive):
                    return
                await self._poll(alive)
                return
            except EgeriaError as error:
                for group in self.groups:
                    group.fail(str(error))
                await asyncio.sleep(delay)
                delay = min(RETRY_MAX_S, delay * 2)

    async def _follow_feed(self, alive: Callable[[], None]) -> bool:
        """Follow the change feed; False if this server has none."""
        if "changes" not in await self.catalog.capabilities():
            self.mode = "polling"
            return False  # a real Egeria, or an embedded platform without egeria_nb's extensions
        start = await self.catalog.changes(-1)
        self.mode = "change feed"
        sequence = start.last_sequence
        await self._refresh_all()
        while True:
            alive()
            answer = await self.catalog.changes(sequence, wait_s=FEED_WAIT_S, type_names=DEFINITION_TYPES)
            if sequence > 0 and answer.oldest_sequence > sequence + 1:
                # The platform pruned its change log past what this watcher had seen: changes were missed.
                self.host.note(
                    f"the change log of {self.metadata_server} was pruned past change {sequence} (it now starts at "
                    f"{answer.oldest_sequence}); re-reading every group's definition"
                )
                await self._refresh_all()
            for group in list(self.groups):
                await group.on_changes(answer.changes)
            sequence = max(sequence, answer.last_sequence)

    async def _poll(self, alive: Callable[[], None]) -> None:
        self.mode = "polling"
        while True:
            alive()
            await self._refresh_all()
            alive()
            await asyncio.sleep(self.poll_interval_s)
