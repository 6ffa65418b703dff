"""The daemon's state and the work that changes it, confined to the daemon's event loop.

``DaemonSupervisor`` owns the runners, the groups, their watchers and the HTTP
clients, and is only ever touched on the daemon's loop. Other threads (a cell,
the platform's REST views, the dashboard) read what it *publishes*: a
``Members`` record replaced whole whenever a group or connector comes or goes,
whose runners and groups each expose an immutable snapshot of their own. So a
reader never iterates a dict the loop is changing, and every picture it takes
is consistent (each connector in exactly one group, counts that agree).

Its own background work (following the configuration, one watcher per
metadata server, the watchdog's heartbeat) runs under ``supervise``: a failure
or a stall is recorded and the task starts again after the connectors' back-off.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pydantic

from egeria_nb.catalogue import Code
from egeria_nb.client import Platform
from egeria_nb.daemon.definition import ConnectorDefinition
from egeria_nb.daemon.groups import DefinitionWatcher, GroupHandler
from egeria_nb.daemon.history import History, HistoryEvent
from egeria_nb.daemon.policy import RestartPolicy, Timeouts
from egeria_nb.daemon.registry import ConnectorRegistry
from egeria_nb.daemon.runner import ConnectorRunner
from egeria_nb.daemon.schedule import Scheduler
from egeria_nb.daemon.status import GroupStatus
from egeria_nb.errors import EgeriaError, InvalidParameterError
from egeria_nb.loop import LoopThread
from egeria_nb.metadata.catalog import MetadataCatalog
from egeria_nb.wire import IntegrationGroupConfig, OMAGServerConfigResponse
from egeria_nb.wire.admin import OWN_PLATFORM, platform_url_problem

__all__ = ["DaemonSettings", "DaemonSupervisor", "Members", "Progress", "unknown_connector", "unknown_group"]

LOGGER = logging.getLogger("egeria_nb.daemon")
# Placeholders Egeria config documents use for "this platform" (egeria-wire.md §1.2, §1.6).
SELF_PLACEHOLDERS = (OWN_PLATFORM,)
# Internal tasks come back with the connectors' back-off, or with this one under a policy that restarts
# nothing by itself (RestartPolicy.egeria()): the daemon's own work must always come back.
INTERNAL_RESTARTS = RestartPolicy()
# The most the published picture of groups and connectors lags behind the supervisor's own.
PUBLISH_INTERVAL_S = 0.05
# The watchdog's heartbeat beats every 0.05 s; silent this long while the loop turns, it is restarted.
HEARTBEAT_STALL_S = 1.0


@dataclass(frozen=True, slots=True)
class DaemonSettings:
    """What the daemon was asked to do; fixed for its life."""

    platform: Platform
    server_name: str
    other_platforms: Mapping[str, Platform]
    restart_policy: RestartPolicy
    timeouts: Timeouts
    poll_interval_s: float
    seconds_per_minute: float
    engage_pause_s: float
    registry: ConnectorRegistry
    use_change_feed: bool


@dataclass(frozen=True, slots=True)
class Members:
    """Each configured group and the runners it has now, in name order. Replaced whole, never changed."""

    groups: tuple[tuple[GroupHandler, tuple[ConnectorRunner, ...]], ...] = ()

    def runners(self) -> Iterable[ConnectorRunner]:
        for _, runners in self.groups:
            yield from runners


@dataclass
class Progress:
    """When an internal task last showed it was alive; a task that goes quiet too long is restarted."""

    stall_s: float | None
    beat: float = field(default_factory=time.monotonic)

    def __call__(self) -> None:
        self.beat = time.monotonic()

    def stalled(self) -> bool:
        return self.stall_s is not None and time.monotonic() - self.beat > self.stall_s


class DaemonSupervisor:
    """Everything the daemon runs, on its loop. Implements ``GroupHost`` (and so ``RunnerHost``)."""

    def __init__(
        self,
        settings: DaemonSettings,
        history: History,
        home: LoopThread,
        on_record: Callable[[HistoryEvent], None] | None = None,
    ) -> None:
        self.settings = settings
        self.home = home
        self.registry = settings.registry
        self.restart_policy = settings.restart_policy
        self.timeouts = settings.timeouts
        self.seconds_per_minute = settings.seconds_per_minute
        self.engage_pause_s = settings.engage_pause_s
        # Every connector's timed waits, on one timer (see schedule.py).
        self.scheduler = Scheduler(home.loop)
        self._history = history
        # Told of each event as it is recorded (see ``record``): the daemon's owner follows state changes
        # without reading the history.
        self._on_record = on_record
        self.runners: dict[str, ConnectorRunner] = {}
        self._groups: dict[str, GroupHandler] = {}
        self._watchers: dict[tuple[str, str], DefinitionWatcher] = {}
        self._watcher_tasks: dict[tuple[str, str], asyncio.Task[None]] = {}
        self._bound: dict[str, Platform] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        # Kept until the very end: the watchdog names blockers while connectors disconnect.
        self._heartbeat: asyncio.Task[None] | None = None
        self._config_wake: asyncio.Event | None = None
        self._config_identity: str | None = None
        self._stopping = False
        self._publish_pending = False
        self._publish_soon = False
        # Read from any thread: replaced whole, on the loop only.
        self.members = Members()
        self.last_error: str | None = None

    # -- what other threads read -------------------------------------------------------

    def changed(self, *, at_once: bool = False) -> None:
        """Groups or connectors came or went: publish ``members`` soon.

        Additions are published ``at_once`` (at the next turn of the loop, before a new
        runner's task first runs: a connector never runs before its row can be read).
        Removals wait up to ``PUBLISH_INTERVAL_S``: a publish is O(connectors), and 1,000
        registrations removed one by one must not cost a million steps. Control calls
        publish when they end (see the facade), so a cell sees its own changes.
        """
        loop = asyncio.get_running_loop()
        if at_once and not self._publish_soon:
            self._publish_soon = True
            loop.call_soon(self._publish_if_pending)
        elif not self._publish_pending:
            self._publish_pending = True
            loop.call_later(PUBLISH_INTERVAL_S, self._publish_if_pending)

    def _publish_if_pending(self) -> None:
        if self._publish_pending or self._publish_soon:
            self.publish()

    def publish(self) -> None:
        self._publish_pending = self._publish_soon = False
        groups = []
        for name in sorted(self._groups):
            handler = self._groups[name]
            runners = [self.runners[c] for c in handler.connector_ids if c in self.runners]
            runners.sort(key=lambda r: r.definition.connector_name)
            groups.append((handler, tuple(runners)))
        self.members = Members(tuple(groups))

    # -- RunnerHost / GroupHost --------------------------------------------------------

    def record(self, event: HistoryEvent) -> None:
        """Add ``event`` to the history, telling ``on_record`` first.

        On the daemon's loop; only a stop that abandons connectors a blocked loop cannot end records from
        the stopping thread. ``on_record`` goes first so that whoever sees the event in the history also
        sees what was made of it (an audit record, say). It runs inline, so it must be quick; if it raises,
        the error is logged and goes no further: the daemon and its history never depend on it.
        """
        if self._on_record is not None:
            try:
                self._on_record(event)
            except Exception:
                LOGGER.exception(
                    "daemon %s: the listener to its state changes failed on: %s %s: %s",
                    self.settings.server_name,
                    event.group or "",
                    event.connector or "",
                    event.message,
                )
        self._history.add(event)
        LOGGER.debug("%s %s: %s", event.group or "", event.connector or "", event.message)

    def note(self, message: str, group: str | None = None) -> None:
        self.record(HistoryEvent(datetime.now(UTC), group, None, None, None, None, message))

    def catalog_for(self, group: str) -> MetadataCatalog:
        catalog = self._groups[group].catalog
        assert catalog is not None  # groups without a usable platform never get connectors
        return catalog

    async def check_metadata_server(self, group: str) -> None:
        handler = self._groups.get(group)
        if handler is not None and handler.status == GroupStatus.FAILED:
            raise ConnectionError(f"metadata server {handler.metadata_server} is unreachable: {handler.last_error}")

    def new_runner(self, definition: ConnectorDefinition) -> ConnectorRunner:
        runner = ConnectorRunner(self, definition)
        self.runners[definition.connector_id] = runner
        self.changed(at_once=True)
        return runner

    async def drop_runner(self, connector_id: str) -> None:
        runner = self.runners.get(connector_id)
        if runner is not None:
            await runner.stop(self.timeouts.disconnect_s + 1)
            self.runners.pop(connector_id, None)
            self.changed()

    # -- supervised internal tasks -----------------------------------------------------

    def supervise(
        self,
        name: str,
        work: Callable[[Progress], Awaitable[None]],
        *,
        stall_s: float | None = None,
        on_failure: Callable[[str], None] | None = None,
    ) -> asyncio.Task[None]:
        """Run ``work`` until the daemon stops, starting it again whenever it fails, ends or stalls.

        ``on_failure`` is told what happened (besides the history), e.g. to show it on groups.
        """
        task = asyncio.get_running_loop().create_task(
            self._supervised(name, work, stall_s, on_failure), name=f"egeria_nb {name}"
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _supervised(
        self,
        name: str,
        work: Callable[[Progress], Awaitable[None]],
        stall_s: float | None,
        on_failure: Callable[[str], None] | None,
    ) -> None:
        failures = 0
        while not self._stopping:
            progress = Progress(stall_s)
            started = time.monotonic()
            attempt = asyncio.ensure_future(work(progress))
            try:
                problem = await _until_done_or_stalled(attempt, progress)
            except asyncio.CancelledError:
                attempt.cancel()
                raise
            if self._stopping:
                return
            if time.monotonic() - started >= INTERNAL_RESTARTS.reset_after_s:
                failures = 0
            delay = (self.restart_policy.delay_s(failures) if self.restart_policy.enabled else None) or (
                INTERNAL_RESTARTS.delay_s(failures) or INTERNAL_RESTARTS.initial_delay_s
            )
            failures += 1
            self.note(f"internal task {name} {problem}; starting it again in {delay:g} s")
            if on_failure is not None:
                on_failure(f"{name} {problem}")
            await asyncio.sleep(delay)
            if not self._stopping:
                self.note(f"internal task {name} started again")

    # -- following the configuration ---------------------------------------------------

    async def run(self, heartbeat: Callable[[Progress], Awaitable[None]]) -> None:
        """The daemon's life: its internal tasks run under supervision until ``shutdown``."""
        self._config_wake = asyncio.Event()

        # A heartbeat that stops would look like a blocked loop to the watchdog (and fail control calls).
        self._heartbeat = self.supervise("heartbeat", heartbeat, stall_s=HEARTBEAT_STALL_S)
        # A read of the configuration is one request; reconciling may read a group's whole definition.
        stall = 4 * self._request_budget() + 2 * self.settings.poll_interval_s
        self.supervise("configuration follower", self._follow_configuration, stall_s=stall)

    def _request_budget(self) -> float:
        return float(self.settings.platform.timeout_s or 30.0)

    async def _follow_configuration(self, progress: Progress) -> None:
        assert self._config_wake is not None
        while not self._stopping:
            progress()
            await self._read_configuration()
            progress()
            self._config_wake.clear()
            try:
                async with asyncio.timeout(self.settings.poll_interval_s):
                    await self._config_wake.wait()
            except TimeoutError:
                pass

    def wake_configuration(self) -> None:
        if self._config_wake is not None:
            self._config_wake.set()

    def _bound_platform(self, url: str) -> Platform | None:
        """A client for ``url`` on the daemon's loop, or None if the daemon has no credentials for it."""
        key = url.rstrip("/")
        if key in self._bound:
            return self._bound[key]
        settings = self.settings
        if key == settings.platform.url:
            source = settings.platform
        elif key in settings.other_platforms:
            source = settings.other_platforms[key]
        else:
            return None
        self._bound[key] = source._bound_to(self.home)
        return self._bound[key]

    def _resolve_url(self, url: str | None) -> str:
        text = (url or "").strip()
        for placeholder in SELF_PLACEHOLDERS:
            text = text.replace(placeholder, self.settings.platform.url)
        return text.rstrip("/")

    async def _read_configuration(self) -> None:
        platform = self._bound_platform(self.settings.platform.url)
        assert platform is not None
        server = self.settings.server_name
        path = platform.paths.admin(server) + "/configuration"
        try:
            answer = await platform.acall("GET", path, response=OMAGServerConfigResponse)
        except EgeriaError as error:
            self._config_problem(f"cannot read the configuration of {server}: {error}")
            return
        config = answer.server_config
        identity = config.local_server_id if config else None
        has_history = bool(config and config.audit_trail)
        if self._config_identity is not None and identity != self._config_identity and not has_history:
            # A new, empty document: the stored one was deleted. Keep running what was configured.
            self._config_problem(
                f"the configuration document of {server} is gone; still running the "
                f"{len(self._groups)} group(s) it named. Configure the daemon again, or stop it."
            )
            return
        self._config_identity = identity
        if self.last_error:
            self.note("configuration readable again")
        self.last_error = None
        groups = (config.dynamic_integration_groups_config if config else None) or []
        await self._reconcile_groups(groups)

    def _config_problem(self, message: str) -> None:
        if message != self.last_error:
            self.note(message)
        self.last_error = message

    async def _reconcile_groups(self, configs: Iterable[IntegrationGroupConfig]) -> None:
        wanted: dict[str, IntegrationGroupConfig] = {}
        for config in configs:
            if config.integration_group_qualified_name:
                wanted[config.integration_group_qualified_name] = config
        for name in list(self._groups):
            handler = self._groups[name]
            config = wanted.get(name)
            if config is None or (
                self._resolve_url(config.omag_server_platform_root_url) != handler.platform_url
                or config.omag_server_name != handler.metadata_server
            ):
                await self._remove_group(
                    name,
                    "the group was removed from the daemon's configuration"
                    if config is None
                    else "the group's metadata server changed",
                )
        for name, config in wanted.items():
            if name not in self._groups:
                await self._add_group(config)

    async def _add_group(self, config: IntegrationGroupConfig) -> None:
        name = config.integration_group_qualified_name or ""
        url = self._resolve_url(config.omag_server_platform_root_url)
        server = config.omag_server_name or ""
        platform = self._bound_platform(url) if url else None
        handler = GroupHandler(self, name, server, platform, url)
        self._groups[name] = handler
        self.changed(at_once=True)
        self.note(f"group added (metadata server {server} at {url or '?'})", name)
        # A placeholder left after resolving this platform's own is one this daemon cannot resolve.
        if not url or not server or "~{" in url or platform_url_problem(url) is not None:
            handler.fail("the group's configuration lacks a usable metadata server name or platform URL")
            return
        if platform is None:
            handler.fail(
                f"no credentials for the platform at {url}; pass platforms={{{url!r}: egeria_nb.Platform(...)}} "
                "to IntegrationDaemon"
            )
            return
        key = (url, server)
        watcher = self._watchers.get(key)
        if watcher is None:
            watcher = DefinitionWatcher(
                self,
                platform,
                server,
                poll_interval_s=self.settings.poll_interval_s,
                use_feed=self.settings.use_change_feed,
            )
            watcher.groups.append(handler)
            self._watchers[key] = watcher
            # A watcher waits at most a long-poll or a poll interval between signs of life, plus its requests.
            stall = max(watcher.longest_wait_s(), self.settings.poll_interval_s) + 2 * self._request_budget()
            self._watcher_tasks[key] = self.supervise(
                f"watcher of {server}", watcher.run, stall_s=stall, on_failure=watcher.failed
            )
        else:
            watcher.groups.append(handler)
            await handler.refresh_all()

    async def _remove_group(self, name: str, reason: str) -> None:
        handler = self._groups.pop(name)
        self.changed()
        for key, watcher in list(self._watchers.items()):
            if handler in watcher.groups:
                watcher.groups.remove(handler)
            if not watcher.groups:
                # Nobody reads from that server any more: its watcher (and its long poll) goes too.
                self._watchers.pop(key)
                task = self._watcher_tasks.pop(key, None)
                if task is not None:
                    task.cancel()
        await handler.stop(reason)
        self.note(f"group removed: {reason}", name)

    def provider_replaced(self, provider: str) -> None:
        for runner in self.runners.values():
            if runner.connection.provider == provider:
                runner.request_restart(f"the connector class registered as {provider} was replaced")

    # -- control (each a coroutine run on the loop by the facade) -----------------------

    def select(self, connector_name: str | None) -> list[ConnectorRunner]:
        if connector_name is None:
            return list(self.runners.values())
        found = [r for r in self.runners.values() if r.definition.connector_name == connector_name]
        if not found:
            known = sorted({r.definition.connector_name for r in self.runners.values()})
            raise unknown_connector(self.settings.server_name, connector_name, known)
        return found

    def group(self, qualified_name: str) -> GroupHandler:
        handler = self._groups.get(qualified_name)
        if handler is None:
            raise unknown_group(self.settings.server_name, qualified_name, sorted(self._groups))
        return handler

    async def refresh(self, connector_name: str | None) -> None:
        for runner in self.select(connector_name):
            runner.request_refresh()

    async def restart(self, connector_name: str | None) -> None:
        for runner in self.select(connector_name):
            runner.request_restart("restart requested")

    async def refresh_group(self, qualified_name: str | None) -> None:
        targets = [self.group(qualified_name)] if qualified_name is not None else list(self._groups.values())
        for handler in targets:
            await handler.refresh_all(refresh_connectors=True)
        if qualified_name is None:
            self.wake_configuration()

    async def update_connection(self, connector_name: str | None, change: Callable[[dict[str, Any]], None]) -> None:
        for runner in self.select(connector_name):
            wire = runner.connection.to_wire()
            change(wire)
            try:
                runner.connection_override = type(runner.connection).model_validate(wire)
            except pydantic.ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise Code.BAD_CONNECTION.error(connector_name, first["msg"], where) from None
            runner.request_restart("connection changed through the daemon")

    # -- stopping ----------------------------------------------------------------------

    async def shutdown(self) -> None:
        """Stop following, then disconnect every connector within its deadline."""
        self._stopping = True
        tasks = [t for t in self._tasks if t is not self._heartbeat]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        deadline = self.timeouts.disconnect_s + 1
        await asyncio.gather(*(r.stop(deadline) for r in self.runners.values()), return_exceptions=True)
        for platform in self._bound.values():
            await platform.aclose()
        self._bound.clear()
        self._watchers.clear()
        self._watcher_tasks.clear()
        for handler in self._groups.values():
            handler.set_status(GroupStatus.ASSIGNED)
        self.publish()


async def _until_done_or_stalled(attempt: asyncio.Future[None], progress: Progress) -> str:
    """Wait for an internal task to end (it never should) or to stall; what happened, for the history."""
    check_s = min(1.0, progress.stall_s or 1.0)
    while True:
        expected = time.monotonic() + check_s
        done, _ = await asyncio.wait({attempt}, timeout=check_s)
        if time.monotonic() - expected > check_s / 2:
            # This check was late itself: the loop was blocked (the watchdog names who), and the
            # task had no chance to show progress either. Judge it from now on.
            progress()
            continue
        if done:
            if attempt.cancelled():
                return "was cancelled"
            error = attempt.exception()
            return f"failed: {type(error).__name__}: {error}" if error else "ended"
        if progress.stalled():
            attempt.cancel()
            await asyncio.wait({attempt}, timeout=1.0)
            return f"showed no progress for {progress.stall_s:g} s and was cancelled"


def unknown_group(server_name: str, qualified_name: str, known: list[str]) -> InvalidParameterError:
    return Code.UNKNOWN_DAEMON_GROUP.error(
        server_name,
        qualified_name,
        ", ".join(known) or "none",
        http_code=400,
        properties={"parameterName": "integrationGroupName"},
    )


def unknown_connector(server_name: str, connector_name: str, known: list[str]) -> InvalidParameterError:
    return Code.UNKNOWN_DAEMON_CONNECTOR.error(
        server_name,
        connector_name,
        ", ".join(known) or "none yet",
        http_code=400,
        properties={"parameterName": "connectorName"},
    )
