"""``IntegrationDaemon``: an Egeria-style integration daemon running inside the notebook kernel.

It reads its configuration document (which integration groups, on which
metadata servers) from a platform, reads each group's definition, runs the
registered connectors, follows changes to both, and restarts connectors that
fail or change. Everything runs on the daemon's own event loop in a background
thread, so connectors keep working while cells run, and every control call
from a cell is a short, bounded wait.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import pydantic

from egeria_nb.client import Platform
from egeria_nb.daemon.definition import ConnectorDefinition
from egeria_nb.daemon.groups import DefinitionWatcher, GroupHandler
from egeria_nb.daemon.history import History, HistoryEvent
from egeria_nb.daemon.policy import RestartPolicy, Timeouts
from egeria_nb.daemon.registry import DEFAULT_REGISTRY, ConnectorRegistry, NotAConnectorError, ProviderError
from egeria_nb.daemon.reports import connector_report, daemon_status, group_summary, validate_connector
from egeria_nb.daemon.runner import ConnectorRunner, ConnectorStatistics
from egeria_nb.daemon.status import FAILED_STATES, ConnectorStatus, GroupStatus
from egeria_nb.daemon.tables import groups_frame, history_frame, status_frame
from egeria_nb.daemon.watchdog import LoopWatchdog, install_task_factory
from egeria_nb.display import render
from egeria_nb.errors import EgeriaError, InvalidParameterError, PropertyServerError
from egeria_nb.loop import LoopThread
from egeria_nb.metadata.catalog import MetadataCatalog
from egeria_nb.wire import IntegrationGroupConfig, OMAGServerConfigResponse
from egeria_nb.wire.daemon import ConnectorReport

__all__ = ["IntegrationDaemon"]

LOGGER = logging.getLogger("egeria_nb.daemon")
# Placeholders Egeria config documents use for "this platform" (egeria-wire.md §1.2, §1.6).
SELF_PLACEHOLDERS = ("~{egeriaEndpoint}~",)
# How long a control call from a cell waits for the daemon's loop.
CONTROL_TIMEOUT_S = 30.0
# How much of an OpenLineage event's names (or of text that is not an event) a history message quotes.
LINEAGE_QUOTE_CHARS = 200


class IntegrationDaemon:
    """An integration daemon for ``server_name``'s configuration on ``platform``, run in this kernel.

    **Parameters:**

    * ``platforms`` - clients for metadata servers on *other* platforms, by root
      URL. Groups whose metadata server is on ``platform`` use its credentials;
      credentials are never sent to any other URL.
    * ``restart_policy`` - back-off for restarting failed connectors
      (``RestartPolicy.egeria()`` to restart only on request, like Egeria).
    * ``timeouts`` - deadlines for start/refresh/engage/disconnect.
    * ``poll_interval`` - seconds between re-reads of the configuration document,
      and of definitions on servers without a change feed.
    * ``seconds_per_minute`` - the length of a minute for ``refreshTimeInterval``
      (Egeria counts whole minutes). Labs use ``seconds_per_minute=1`` so that
      an interval of 2 refreshes every 2 seconds.
    * ``loop_block_threshold_s`` - how long the loop may stall before the
      connector responsible is named in the history.
    """

    def __init__(
        self,
        platform: Platform,
        server_name: str,
        *,
        platforms: Mapping[str, Platform] | None = None,
        restart_policy: RestartPolicy | None = None,
        timeouts: Timeouts | None = None,
        poll_interval: float = 2.0,
        seconds_per_minute: float = 60.0,
        history_size: int = 10_000,
        registry: ConnectorRegistry | None = None,
        loop_block_threshold_s: float = 0.5,
        engage_pause_s: float = 1.0,
        use_change_feed: bool = True,
    ) -> None:
        if not isinstance(server_name, str) or not server_name.strip():
            raise InvalidParameterError(
                f"EGERIA-NB-DAEMON-400-004 server_name must be the daemon's server name, not {server_name!r}",
                message_id="EGERIA-NB-DAEMON-400-004",
                user_action="Pass the name its groups are configured under, e.g. 'integration-daemon'.",
            )
        for name, value in (
            ("poll_interval", poll_interval),
            ("seconds_per_minute", seconds_per_minute),
            ("loop_block_threshold_s", loop_block_threshold_s),
            ("engage_pause_s", engage_pause_s),
        ):
            if not isinstance(value, int | float) or isinstance(value, bool) or not value > 0:
                raise InvalidParameterError(
                    f"EGERIA-NB-DAEMON-400-001 {name}={value!r} must be a positive number of seconds",
                    message_id="EGERIA-NB-DAEMON-400-001",
                    user_action=f"Pass {name} as seconds, e.g. {name}=1.0.",
                )
        self.platform = platform
        self.server_name = server_name
        self.restart_policy = restart_policy or RestartPolicy()
        self.timeouts = timeouts or Timeouts()
        self.poll_interval = float(poll_interval)
        self.seconds_per_minute = float(seconds_per_minute)
        self.engage_pause_s = float(engage_pause_s)
        self.registry = registry or DEFAULT_REGISTRY
        self.use_change_feed = use_change_feed
        self._other_platforms = {url.rstrip("/"): p for url, p in (platforms or {}).items()}
        self._history = History(history_size)
        self._threshold = float(loop_block_threshold_s)
        self.runners: dict[str, ConnectorRunner] = {}
        self._groups: dict[str, GroupHandler] = {}
        self._watchers: dict[tuple[str, str], DefinitionWatcher] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._loop: LoopThread | None = None
        self._watchdog: LoopWatchdog | None = None
        self._main: Future[None] | None = None
        # The asyncio tasks behind _main and the watchdog's heartbeat, which _shutdown ends first and last.
        self._main_task: asyncio.Task[Any] | None = None
        self._heartbeat: asyncio.Task[Any] | None = None
        self._bound: dict[str, Platform] = {}
        self._config_wake: asyncio.Event | None = None
        self._config_identity: str | None = None
        self.last_error: str | None = None
        self._stopping = False
        self._unsubscribe: Callable[[], None] | None = None
        self._lock = threading.Lock()

    # -- display ----------------------------------------------------------------------

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return (
            f"<IntegrationDaemon {self.server_name!r} on {self.platform.url} {state}, {len(self.runners)} connectors>"
        )

    def _repr_html_(self) -> str:
        snapshots = self._snapshots()
        counts = Counter(s.status.value for s in snapshots)
        order = [s.value for s in ConnectorStatus]
        problems = [
            (s.connector_name, s.failing_exception_message)
            for s in snapshots
            if s.status in FAILED_STATES and s.failing_exception_message
        ][:5]
        problems += [(g.qualified_name, g.last_error) for g in self._group_snapshots() if g.last_error][:3]
        if self.last_error:
            problems.append((self.server_name, self.last_error))
        return render(
            "daemon_summary.html.j2",
            server=self.server_name,
            url=self.platform.url,
            running=self.running,
            groups=len(self._groups),
            total=len(snapshots),
            counts=sorted(counts.items(), key=lambda kv: order.index(kv[0])),
            problems=problems,
        )

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._main is not None and not self._main.done()

    def start(self) -> IntegrationDaemon:
        """Start in the background and return at once (the status table shows progress)."""
        with self._lock:
            if self.running:
                return self
            self._stopping = False
            # A daemon can be started again after stop(): everything but the history starts afresh.
            self.runners, self._groups, self._watchers, self._bound = {}, {}, {}, {}
            self._config_identity = None
            self.last_error = None
            self._loop = LoopThread(f"egeria_nb-daemon-{self.server_name}")
            loop = self._loop.loop
            self._loop.run(self._prepare_loop(), timeout=CONTROL_TIMEOUT_S)
            self._watchdog = LoopWatchdog(loop, self._loop_thread_id, self.record, self._threshold)
            self._watchdog.start()
            self._unsubscribe = self.registry.on_replace(self._on_provider_replaced)
            self._main = self._loop.submit(self._run())
            self.record(HistoryEvent(datetime.now(UTC), None, None, None, None, None, "daemon started"))
        return self

    def _loop_thread_id(self) -> int | None:
        thread = self._loop._thread if self._loop is not None else None
        return thread.ident if thread is not None else None

    async def _prepare_loop(self) -> None:
        loop = asyncio.get_running_loop()
        install_task_factory(loop)
        loop.set_exception_handler(self._loop_exception)

    def _loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        message = context.get("message", "unhandled error")
        exc = context.get("exception")
        text = f"{message}: {type(exc).__name__}: {exc}" if exc else message
        self.record(HistoryEvent(datetime.now(UTC), None, None, None, None, None, f"unhandled on the loop: {text}"))

    def stop(self, timeout: float = CONTROL_TIMEOUT_S) -> None:
        """Disconnect every connector (each within its disconnect deadline) and stop the loop."""
        with self._lock:
            loop, main = self._loop, self._main
            if loop is None or main is None:
                return
            self._stopping = True
            try:
                loop.run(self._shutdown(), timeout=timeout)
            except TimeoutError:
                LOGGER.warning("daemon %s did not stop cleanly within %s s", self.server_name, timeout)
            # The watchdog goes before the loop: stopping the loop ends the heartbeat, and a loop
            # without a heartbeat would look blocked to it.
            if self._watchdog is not None:
                self._watchdog.stop()
            loop.stop()
            if self._unsubscribe is not None:
                self._unsubscribe()
            self._main = None
            self.record(HistoryEvent(datetime.now(UTC), None, None, None, None, None, "daemon stopped"))

    async def astop(self) -> None:
        await asyncio.to_thread(self.stop)

    def __enter__(self) -> IntegrationDaemon:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _shutdown(self) -> None:
        # First stop following the configuration, so that no group, watcher or HTTP client is
        # created while the rest is taken down.
        main = self._main_task
        if main is not None and not main.done():
            main.cancel()
            await asyncio.gather(main, return_exceptions=True)
        # The heartbeat stays until stop() has stopped the watchdog, which keeps watching (and
        # naming connectors that block the loop) while they disconnect.
        tasks = [t for t in self._tasks if t is not self._heartbeat]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        deadline = self.timeouts.disconnect + 1
        await asyncio.gather(*(r.stop(deadline) for r in self.runners.values()), return_exceptions=True)
        for platform in self._bound.values():
            await platform.aclose()
        self._bound.clear()
        self._watchers.clear()
        for group in self._groups.values():
            group.status = GroupStatus.ASSIGNED

    # -- RunnerHost / GroupHost --------------------------------------------------------

    def record(self, event: HistoryEvent) -> None:
        self._history.add(event)
        LOGGER.debug("%s %s: %s", event.group or "", event.connector or "", event.message)

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
        return runner

    async def drop_runner(self, connector_id: str) -> None:
        runner = self.runners.get(connector_id)
        if runner is not None:
            await runner.stop(self.timeouts.disconnect + 1)
            self.runners.pop(connector_id, None)

    def _spawn(self, coro: Any, name: str) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            self.record(
                HistoryEvent(
                    datetime.now(UTC),
                    None,
                    None,
                    None,
                    None,
                    None,
                    f"internal task {task.get_name()} failed: {type(exc).__name__}: {exc}",
                )
            )

    # -- following the configuration ---------------------------------------------------

    async def _run(self) -> None:
        assert self._watchdog is not None
        self._main_task = asyncio.current_task()
        self._heartbeat = self._spawn(self._watchdog.heartbeat(), "egeria_nb heartbeat")
        self._config_wake = asyncio.Event()
        while not self._stopping:
            await self._read_configuration()
            self._config_wake.clear()
            try:
                async with asyncio.timeout(self.poll_interval):
                    await self._config_wake.wait()
            except TimeoutError:
                pass

    def _bound_platform(self, url: str) -> Platform | None:
        """A client for ``url`` on the daemon's loop, or None if the daemon has no credentials for it."""
        key = url.rstrip("/")
        if key in self._bound:
            return self._bound[key]
        assert self._loop is not None
        if key == self.platform.url:
            source = self.platform
        elif key in self._other_platforms:
            source = self._other_platforms[key]
        else:
            return None
        self._bound[key] = source.bound_to(self._loop)
        return self._bound[key]

    def _resolve_url(self, url: str | None) -> str:
        text = (url or "").strip()
        for placeholder in SELF_PLACEHOLDERS:
            text = text.replace(placeholder, self.platform.url)
        return text.rstrip("/")

    async def _read_configuration(self) -> None:
        platform = self._bound_platform(self.platform.url)
        assert platform is not None
        path = platform.paths.admin(self.server_name) + "/configuration"
        try:
            answer = await platform.acall("GET", path, response=OMAGServerConfigResponse)
        except EgeriaError as error:
            self._config_problem(f"cannot read the configuration of {self.server_name}: {error}")
            return
        config = answer.server_config
        identity = config.local_server_id if config else None
        has_history = bool(config and config.audit_trail)
        if self._config_identity is not None and identity != self._config_identity and not has_history:
            # A new, empty document: the stored one was deleted. Keep running what was configured.
            self._config_problem(
                f"the configuration document of {self.server_name} is gone; still running the "
                f"{len(self._groups)} group(s) it named. Configure the daemon again, or stop it."
            )
            return
        self._config_identity = identity
        if self.last_error:
            self.record(HistoryEvent(datetime.now(UTC), None, None, None, None, None, "configuration readable again"))
        self.last_error = None
        groups = (config.dynamic_integration_groups_config if config else None) or []
        await self._reconcile_groups(groups)

    def _config_problem(self, message: str) -> None:
        if message != self.last_error:
            self.record(HistoryEvent(datetime.now(UTC), None, None, None, None, None, message))
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
        self.record(
            HistoryEvent(
                datetime.now(UTC),
                name,
                None,
                None,
                None,
                None,
                f"group added (metadata server {server} at {url or '?'})",
            )
        )
        if not url or not server or "~{" in url:
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
                self, platform, server, poll_interval=self.poll_interval, use_feed=self.use_change_feed
            )
            watcher.groups.append(handler)
            self._watchers[key] = watcher
            self._spawn(watcher.run(), f"egeria_nb watcher {server}")
        else:
            watcher.groups.append(handler)
            await handler.refresh_all()

    async def _remove_group(self, name: str, reason: str) -> None:
        handler = self._groups.pop(name)
        for watcher in self._watchers.values():
            if handler in watcher.groups:
                watcher.groups.remove(handler)
        await handler.stop(reason)
        self.record(HistoryEvent(datetime.now(UTC), name, None, None, None, None, f"group removed: {reason}"))

    def _on_provider_replaced(self, provider: str) -> None:
        loop = self._loop
        if loop is None or not self.running:
            return

        def restart() -> None:
            for runner in self.runners.values():
                if runner.connection.provider == provider:
                    runner.request_restart(f"the connector class registered as {provider} was replaced")

        loop.call_soon(restart)

    # -- tables ------------------------------------------------------------------------

    def _snapshots(self) -> list[ConnectorStatistics]:
        return [r.snapshot for r in list(self.runners.values())]

    def _group_snapshots(self) -> list[Any]:
        return [g.snapshot() for g in list(self._groups.values())]

    def status(self) -> pd.DataFrame:
        """One row per connector: group, name, ids, status, times, restarts, failure message, statistics."""
        return status_frame(self._snapshots())

    def groups(self) -> pd.DataFrame:
        """One row per configured group: status, metadata server, connector count, last refresh, last error."""
        return groups_frame(self._group_snapshots())

    def history(self, limit: int | None = None) -> pd.DataFrame:
        """One row per state change, oldest first (the newest ``limit`` if given)."""
        return history_frame(self._history.events(limit))

    def statistics(self, connector_name: str | None = None) -> list[ConnectorStatistics]:
        """Frozen records of each connector's state (or the named one's): what ``status()`` is built from, cheaply."""
        return [s for s in self._snapshots() if connector_name in (None, s.connector_name)]

    def connector_names(self) -> list[str]:
        return sorted({r.definition.connector_name for r in list(self.runners.values())})

    @property
    def loop_blocks(self) -> int:
        """How many times a connector has blocked the daemon's loop."""
        return self._watchdog.blocks if self._watchdog else 0

    # -- Egeria's JSON (for the integration-daemon REST services) -----------------------

    def _reports(self, runners: Iterable[ConnectorRunner], group_guid: str | None = None) -> list[dict[str, Any]]:
        return [
            connector_report(r.snapshot, r.connection.to_wire(), group_guid)
            for r in sorted(runners, key=lambda r: r.definition.connector_name)
        ]

    def _group_runners(self, handler: GroupHandler) -> list[ConnectorRunner]:
        return [self.runners[c] for c in list(handler.connector_ids) if c in self.runners]

    def group_summaries(self) -> list[dict[str, Any]]:
        """Each group's ``IntegrationGroupSummary``, as Egeria's REST API shows it."""
        return [
            group_summary(h.snapshot(), self._reports(self._group_runners(h)))
            for h in sorted(self._groups.values(), key=lambda h: h.qualified_name)
        ]

    def group_summary(self, qualified_name: str) -> dict[str, Any]:
        handler = self._group(qualified_name)
        return group_summary(handler.snapshot(), self._reports(self._group_runners(handler)))

    def status_report(self) -> dict[str, Any]:
        """The daemon's ``IntegrationDaemonStatus``: group summaries and every connector's report."""
        reports: list[dict[str, Any]] = []
        for handler in self._groups.values():
            reports += self._reports(self._group_runners(handler), handler.guid)
        return daemon_status(self.group_summaries(), reports)

    def configuration_properties(self, connector_name: str) -> dict[str, Any]:
        """The configuration properties the named connector runs with now."""
        runner = self._select(connector_name)[0]
        return dict(runner.connection.configuration_properties or {})

    def _group(self, qualified_name: str) -> GroupHandler:
        handler = self._groups.get(qualified_name)
        if handler is None:
            known = ", ".join(sorted(self._groups)) or "none"
            raise InvalidParameterError(
                f"INTEGRATION-DAEMON-SERVICES-400-034 The integration daemon {self.server_name} has no integration "
                f"group {qualified_name!r}",
                message_id="INTEGRATION-DAEMON-SERVICES-400-034",
                http_code=400,
                user_action=f"Use one of its groups: {known}.",
                properties={"parameterName": "integrationGroupName"},
            )
        return handler

    # -- control -----------------------------------------------------------------------

    def _running_loop(self, coro: Any) -> LoopThread:
        """The daemon's loop, or (closing ``coro``) the error that says the daemon is not running."""
        if self._loop is None or not self.running:
            coro.close()
            raise InvalidParameterError(
                f"EGERIA-NB-DAEMON-400-005 The daemon {self.server_name} is not running",
                message_id="EGERIA-NB-DAEMON-400-005",
                user_action="Start it with daemon.start().",
            )
        return self._loop

    def _control(self, coro: Any) -> Any:
        return self._running_loop(coro).run(coro, timeout=CONTROL_TIMEOUT_S)

    async def _acontrol(self, coro: Any) -> Any:
        return await self._running_loop(coro).run_async(coro)

    def _select(self, connector_name: str | None) -> list[ConnectorRunner]:
        if connector_name is None:
            return list(self.runners.values())
        found = [r for r in self.runners.values() if r.definition.connector_name == connector_name]
        if not found:
            known = ", ".join(self.connector_names()) or "none yet"
            raise InvalidParameterError(
                f"INTEGRATION-DAEMON-SERVICES-400-031 The integration daemon {self.server_name} has no connector "
                f"named {connector_name!r}",
                message_id="INTEGRATION-DAEMON-SERVICES-400-031",
                http_code=400,
                user_action=f"Use one of the daemon's connector names: {known}.",
                properties={"parameterName": "connectorName"},
            )
        return found

    async def _refresh(self, connector_name: str | None) -> None:
        for runner in self._select(connector_name):
            runner.request_refresh()

    async def _restart(self, connector_name: str | None) -> None:
        for runner in self._select(connector_name):
            runner.request_restart("restart requested")

    async def _refresh_group(self, qualified_name: str | None) -> None:
        targets = [self._group(qualified_name)] if qualified_name is not None else list(self._groups.values())
        for handler in targets:
            await handler.refresh_all(refresh_connectors=True)
        if self._config_wake is not None and qualified_name is None:
            self._config_wake.set()

    async def _update_connection(self, connector_name: str, change: Callable[[dict[str, Any]], None]) -> None:
        for runner in self._select(connector_name):
            wire = runner.connection.to_wire()
            change(wire)
            try:
                runner.connection_override = type(runner.connection).model_validate(wire)
            except pydantic.ValidationError as exc:
                raise InvalidParameterError(
                    f"EGERIA-NB-DAEMON-400-006 That is not a valid connection for {connector_name}: "
                    f"{exc.errors()[0]['msg']} at {'.'.join(str(p) for p in exc.errors()[0]['loc'])}",
                    message_id="EGERIA-NB-DAEMON-400-006",
                    user_action="Send an OCF Connection: connectorType.connectorProviderClassName, "
                    "endpoint.networkAddress, configurationProperties.",
                ) from None
            runner.request_restart("connection changed through the daemon")

    async def _update_properties(
        self, connector_name: str | None, properties: Mapping[str, Any] | None, merge: bool
    ) -> None:
        # Egeria's semantics (IntegrationConnectorHandler.updateConfigurationProperties): a merge adds to
        # the current map (nothing to add leaves it as it is); a replace sets the new map, None clearing it.
        def change(wire: dict[str, Any]) -> None:
            if merge:
                if properties is not None:
                    wire["configurationProperties"] = {**(wire.get("configurationProperties") or {}), **properties}
            elif properties is None:
                wire.pop("configurationProperties", None)
            else:
                wire["configurationProperties"] = dict(properties)

        await self._update_connection(connector_name, change)

    async def _update_endpoint(self, connector_name: str, address: str) -> None:
        def change(wire: dict[str, Any]) -> None:
            wire["endpoint"] = {**(wire.get("endpoint") or {"class": "Endpoint"}), "networkAddress": address}

        await self._update_connection(connector_name, change)

    async def _replace_connection(self, connector_name: str, connection: Mapping[str, Any]) -> None:
        def change(wire: dict[str, Any]) -> None:
            wire.clear()
            wire.update(connection)

        await self._update_connection(connector_name, change)

    def update_connection(self, connector_name: str, connection: Mapping[str, Any]) -> None:
        """Run a connector with a different connection (Egeria's JSON) and restart it (in memory, as in Egeria)."""
        self._control(self._replace_connection(connector_name, dict(connection)))

    async def aupdate_connection(self, connector_name: str, connection: Mapping[str, Any]) -> None:
        await self._acontrol(self._replace_connection(connector_name, dict(connection)))

    def refresh(self, connector_name: str | None = None) -> None:
        """Ask one connector (or all) to refresh now."""
        self._control(self._refresh(connector_name))

    async def arefresh(self, connector_name: str | None = None) -> None:
        await self._acontrol(self._refresh(connector_name))

    def restart(self, connector_name: str | None = None) -> None:
        """Disconnect and start again one connector (or all), from their current definitions."""
        self._control(self._restart(connector_name))

    async def arestart(self, connector_name: str | None = None) -> None:
        await self._acontrol(self._restart(connector_name))

    def refresh_group(self, qualified_name: str | None = None) -> None:
        """Re-read one group's definition (or every group's, and the configuration) now."""
        self._control(self._refresh_group(qualified_name))

    async def arefresh_group(self, qualified_name: str | None = None) -> None:
        await self._acontrol(self._refresh_group(qualified_name))

    def update_configuration_properties(
        self, connector_name: str | None, properties: Mapping[str, Any] | None, merge: bool = True
    ) -> None:
        """Change a running connector's configuration properties and restart it (in memory, as in Egeria).

        ``connector_name=None`` changes every connector's. ``merge=False`` replaces the
        properties (``properties=None`` then clears them).
        """
        self._control(self._update_properties(connector_name, _copy(properties), merge))

    async def aupdate_configuration_properties(
        self, connector_name: str | None, properties: Mapping[str, Any] | None, merge: bool = True
    ) -> None:
        await self._acontrol(self._update_properties(connector_name, _copy(properties), merge))

    def validate_connector(self, connector_provider: str) -> ConnectorReport:
        """What this daemon would run for a connection naming ``connector_provider`` (Egeria's validate-connector).

        Raises what Egeria's daemon answers (and ``RemoteIntegrationDaemon.validate_connector``
        raises): ``PropertyServerError`` ``OMAG-COMMON-400-016`` if no connector class is known
        by that name, ``InvalidParameterError`` ``OMAG-MULTI-TENANT-400-004`` if the name is known
        but is not an ``IntegrationConnector``.
        """
        try:
            return validate_connector(self.registry, connector_provider)
        except NotAConnectorError as exc:
            raise InvalidParameterError(
                f"OMAG-MULTI-TENANT-400-004 {exc}",
                message_id="OMAG-MULTI-TENANT-400-004",
                user_action="Name a subclass of egeria_nb.IntegrationConnector.",
            ) from None
        except ProviderError as exc:
            raise PropertyServerError(
                f"OMAG-COMMON-400-016 {exc}", message_id="OMAG-COMMON-400-016", user_action=str(exc)
            ) from None

    def publish_open_lineage_event(self, event: str | Mapping[str, Any]) -> None:
        """Take an OpenLineage run event (JSON text, or a dict), as Egeria's daemon does; note it in the history.

        Egeria hands it to the connectors that listen for OpenLineage events; no Python
        connector listens yet, so the history line (event type, job, run) is all that
        happens. Text that is not a JSON object is noted as such and still accepted, as Egeria does.
        """
        text = event if isinstance(event, str) else json.dumps(dict(event))
        self.record(HistoryEvent(datetime.now(UTC), None, None, None, None, None, _describe_lineage_event(text)))

    def update_endpoint_address(self, connector_name: str, address: str) -> None:
        """Point a running connector at another endpoint and restart it (in memory, as in Egeria)."""
        self._control(self._update_endpoint(connector_name, address))

    async def aupdate_endpoint_address(self, connector_name: str, address: str) -> None:
        await self._acontrol(self._update_endpoint(connector_name, address))

    def wait_for_status(
        self,
        status: str | ConnectorStatus | Iterable[str | ConnectorStatus] = ConnectorStatus.WAITING,
        connector_name: str | None = None,
        *,
        count: int | None = None,
        timeout: float = 30.0,
    ) -> pd.DataFrame:
        """Wait until the connector (or every connector, or ``count`` of them) is in ``status``.

        Returns the status table; raises ``TimeoutError`` showing the table if it does not happen in time.
        """
        wanted = (
            {ConnectorStatus(status)}
            if isinstance(status, str | ConnectorStatus)
            else {ConnectorStatus(s) for s in status}
        )
        deadline = time.monotonic() + timeout
        while True:
            snapshots = [s for s in self._snapshots() if connector_name in (None, s.connector_name)]
            matching = [s for s in snapshots if s.status in wanted]
            if count is not None:
                if len(matching) >= count:
                    return self.status()
            elif snapshots and len(matching) == len(snapshots):
                return self.status()
            if time.monotonic() >= deadline:
                table = self.status()[["group", "connector_name", "status", "failing_exception_message"]]
                raise TimeoutError(
                    f"connectors did not reach {', '.join(sorted(s.value for s in wanted))} within {timeout:g} s:\n"
                    + (table.to_string(index=False) if len(table) else "(no connectors yet)")
                )
            time.sleep(0.05)


def _copy(properties: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if properties is None else dict(properties)


def _describe_lineage_event(event: str) -> str:
    """One history line about an OpenLineage run event (its type, job and run), or why it could not be read."""
    try:
        parsed = json.loads(event)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested too deeply for the parser
        return f"OpenLineage event received that could not be parsed ({type(exc).__name__}: {exc}): {_quote(event)!r}"
    if not isinstance(parsed, dict):
        return f"OpenLineage event received that could not be parsed (not a JSON object): {_quote(event)!r}"
    job = parsed.get("job") if isinstance(parsed.get("job"), dict) else {}
    run = parsed.get("run") if isinstance(parsed.get("run"), dict) else {}
    event_type = parsed.get("eventType")
    parts = [f"OpenLineage {_quote(event_type)} event received" if event_type else "OpenLineage event received"]
    if job.get("name") is not None:
        namespace = job.get("namespace")
        name = f"{namespace}/{job['name']}" if namespace is not None else str(job["name"])
        parts.append(f"for job {_quote(name)!r}")
    if run.get("runId") is not None:
        parts.append(f"(run {_quote(run['runId'])})")
    return " ".join(parts)


def _quote(value: object) -> str:
    text = str(value)
    return text if len(text) <= LINEAGE_QUOTE_CHARS else text[:LINEAGE_QUOTE_CHARS] + "…"
