"""``IntegrationDaemon``: an Egeria-style integration daemon running inside the notebook kernel.

It reads its configuration document (which integration groups, on which
metadata servers) from a platform, reads each group's definition, runs the
registered connectors, follows changes to both, and restarts connectors that
fail or change. Everything runs on the daemon's own event loop in a background
thread, so connectors keep working while cells run, and every control call
from a cell is a short, bounded wait.

This module is the facade; ``supervisor`` holds the state and the work.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import threading
import time
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVar

import pandas as pd

from egeria_nb.arguments import LongText, Text, checked
from egeria_nb.catalogue import Code
from egeria_nb.client import Platform
from egeria_nb.daemon.connector import IntegrationConnector
from egeria_nb.daemon.groups import GroupSnapshot
from egeria_nb.daemon.history import History, HistoryEvent
from egeria_nb.daemon.policy import RestartPolicy, Timeouts, check_seconds
from egeria_nb.daemon.registry import DEFAULT_REGISTRY, ConnectorRegistry, NotAConnectorError, ProviderError
from egeria_nb.daemon.reports import connector_report, daemon_status, group_summary, validate_connector
from egeria_nb.daemon.runner import ConnectorRunner, ConnectorStatistics
from egeria_nb.daemon.summary import summary_html
from egeria_nb.daemon.supervisor import DaemonSettings, DaemonSupervisor, Members, unknown_connector, unknown_group
from egeria_nb.daemon.tables import ConnectorTables, groups_frame
from egeria_nb.daemon.threads import DaemonThreadExecutor, exit_without_waiting, find_leftovers
from egeria_nb.daemon.watchdog import LoopWatchdog, install_task_factory
from egeria_nb.diagnosis.findings import Diagnosis
from egeria_nb.errors import DaemonBlockedError
from egeria_nb.loop import LoopThread
from egeria_nb.wire.base import with_class
from egeria_nb.wire.daemon import ConnectorReport
from egeria_nb.wire.metadata import Endpoint

__all__ = ["IntegrationDaemon"]

T = TypeVar("T")
LOGGER = logging.getLogger("egeria_nb.daemon")
# How long a control call from a cell waits for the daemon's loop, and how often meanwhile it checks
# whether a connector has blocked the loop.
CONTROL_TIMEOUT_S = 30.0
CONTROL_STEP_S = 0.1
# A control call gives a blocked loop this long to turn again before it fails naming the blocker
# (connectors that block for a moment now and then must not fail every call).
BLOCKED_GRACE_S = 1.0
# stop() by default: the connectors' disconnect deadline plus this, of which the loop's own end takes LOOP_END_S.
STOP_GRACE_S = 2.0
LOOP_END_S = 0.25
# How much of an OpenLineage event's names (or of text that is not an event) a history message quotes.
LINEAGE_QUOTE_CHARS = 200

# The daemon running in this process for each (platform URL, server name): one at a time, or two would
# run the same connectors against the same metadata.
_RUNNING: dict[tuple[str, str], IntegrationDaemon] = {}
_RUNNING_LOCK = threading.Lock()


def running_daemon(platform_url: str, server_name: str) -> IntegrationDaemon | None:
    """The daemon a cell started in this process for ``server_name`` on the platform at ``platform_url``, if any.

    Not one the embedded platform runs for ``start_server``: that one is the platform's, seen over its REST API.
    """
    with _RUNNING_LOCK:
        daemon = _RUNNING.get((platform_url.rstrip("/"), server_name))
    return daemon if daemon is not None and daemon._replaceable else None


async def _prepare_loop(supervisor: DaemonSupervisor) -> None:
    loop = asyncio.get_running_loop()
    install_task_factory(loop)
    # asyncio.to_thread in a connector must not hold the process at exit either.
    loop.set_default_executor(DaemonThreadExecutor())

    def exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        message = context.get("message", "unhandled error")
        exc = context.get("exception")
        supervisor.note(f"unhandled on the loop: {message}: {type(exc).__name__}: {exc}" if exc else message)

    loop.set_exception_handler(exception_handler)


async def _then_publish(coro: Coroutine[Any, Any, T], supervisor: DaemonSupervisor) -> T:
    """Run a control call; its effect on groups and connectors is visible to readers when the call returns."""
    try:
        return await coro
    finally:
        supervisor.publish()


class IntegrationDaemon(ConnectorTables):
    """An integration daemon for ``server_name``'s configuration on ``platform``, run in this kernel.

    **Parameters:**

    * ``platforms`` - clients for metadata servers on *other* platforms, by root
      URL. Groups whose metadata server is on ``platform`` use its credentials;
      credentials are never sent to any other URL.
    * ``restart_policy`` - back-off for restarting failed connectors
      (``RestartPolicy.egeria()`` to restart only on request, like Egeria).
    * ``timeouts`` - deadlines for start/refresh/engage/disconnect.
    * ``poll_interval_s`` - seconds between re-reads of the configuration document,
      and of definitions on servers without a change feed.
    * ``seconds_per_minute`` - the length of a minute for ``refreshTimeInterval``
      (Egeria counts whole minutes). Labs use ``seconds_per_minute=1`` so that
      an interval of 2 refreshes every 2 seconds.
    * ``loop_block_threshold_s`` - how long the loop may stall before the
      connector responsible is named in the history.

    Everything the daemon runs belongs to a supervisor on the daemon's own loop;
    this object starts and stops it, sends it control calls, and reads what it
    publishes, so any thread may read the tables at any time.

    One daemon runs per server name and platform in a process: starting a second
    (re-running the cell that starts it, say) stops the first, and says so.
    """

    # False for a daemon the embedded platform runs for start_server(): a cell must not replace it.
    _replaceable = True

    @checked
    def __init__(
        self,
        platform: Platform,
        server_name: str,
        *,
        platforms: Mapping[str, Platform] | None = None,
        restart_policy: RestartPolicy | None = None,
        timeouts: Timeouts | None = None,
        poll_interval_s: float = 2.0,
        seconds_per_minute: float = 60.0,
        history_size: int = 10_000,
        registry: ConnectorRegistry | None = None,
        loop_block_threshold_s: float = 0.5,
        engage_pause_s: float = 1.0,
        use_change_feed: bool = True,
    ) -> None:
        for name, value in (
            ("poll_interval_s", poll_interval_s),
            ("seconds_per_minute", seconds_per_minute),
            ("loop_block_threshold_s", loop_block_threshold_s),
            ("engage_pause_s", engage_pause_s),
        ):
            check_seconds(name, value)
        # Groups may name the URL this same platform had before (an embedded platform's data directory
        # served on another port before a kernel restart): they mean this platform.
        own = {url: platform for url in getattr(platform, "earlier_urls", ())}
        self._settings = DaemonSettings(
            platform=platform,
            server_name=server_name,
            other_platforms={url.rstrip("/"): p for url, p in {**own, **(platforms or {})}.items()},
            restart_policy=restart_policy or RestartPolicy(),
            timeouts=timeouts or Timeouts(),
            poll_interval_s=float(poll_interval_s),
            seconds_per_minute=float(seconds_per_minute),
            engage_pause_s=float(engage_pause_s),
            registry=registry or DEFAULT_REGISTRY,
            use_change_feed=use_change_feed,
        )
        self._history = History(history_size)
        self._threshold = float(loop_block_threshold_s)
        self._loop: LoopThread | None = None
        self._watchdog: LoopWatchdog | None = None
        self._supervisor: DaemonSupervisor | None = None
        self._running = False
        self._unsubscribe: Callable[[], None] | None = None
        self._lock = threading.Lock()
        self._threads_before: list[threading.Thread] = []

    @property
    def platform(self) -> Platform:
        """The platform holding the daemon's configuration document."""
        return self._settings.platform

    @property
    def server_name(self) -> str:
        """The server name whose configuration document the daemon follows."""
        return self._settings.server_name

    @property
    def registry(self) -> ConnectorRegistry:
        """Where the daemon looks up connector classes by provider name."""
        return self._settings.registry

    @property
    def last_error(self) -> str | None:
        """Why the daemon cannot follow its configuration document now, or None."""
        return self._supervisor.last_error if self._supervisor is not None else None

    # -- display ----------------------------------------------------------------------

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        count = sum(len(runners) for _, runners in self._members().groups)
        return f"<IntegrationDaemon {self.server_name!r} on {self.platform.url} {state}, {count} connectors>"

    def _repr_html_(self) -> str:
        members = self._members()
        return summary_html(
            "IntegrationDaemon",
            self.server_name,
            self.platform.url,
            running=self.running,
            groups=self._group_snapshots(members),
            connectors=[r.snapshot for r in members.runners()],
            last_error=self.last_error,
        )

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """True between ``start()`` and ``stop()``."""
        return self._running

    def start(self) -> IntegrationDaemon:
        """Start in the background and return at once (the status table shows progress).

        A daemon already running in this process for the same server name and platform is
        stopped first (a warning names it), unless the embedded platform runs it (then this
        start is refused).
        """
        if self._running:
            return self
        self._replace_running_twin()
        with self._lock:
            if self._running:
                return self
            if self._loop is not None and self._loop.thread_alive:
                # The last stop could not end the loop: a connector blocks it. A second loop beside it
                # would run every connector twice.
                blocker = self._watchdog.blocker if self._watchdog is not None else None
                raise Code.LOOP_STILL_BLOCKED.error(self.server_name, blocker or "a connector")
            # A daemon can be started again after stop(): everything but the history starts afresh.
            self._threads_before = threading.enumerate()
            self._loop = loop = LoopThread(f"egeria_nb-daemon-{self.server_name}")
            supervisor = DaemonSupervisor(self._settings, self._history, loop, self._state_changed)
            loop.run(_prepare_loop(supervisor), timeout=CONTROL_TIMEOUT_S)
            self._watchdog = LoopWatchdog(loop.loop, self._loop_thread_id, self._history.add, self._threshold)
            self._watchdog.start()
            loop.run(supervisor.run(self._watchdog.heartbeat), timeout=CONTROL_TIMEOUT_S)
            self._supervisor = supervisor
            self._unsubscribe = self.registry.on_replace(self._on_provider_replaced)
            self._running = True
            self._note("daemon started")
        return self

    def _running_key(self) -> tuple[str, str]:
        return (self.platform.url.rstrip("/"), self.server_name)

    def _replace_running_twin(self) -> None:
        with _RUNNING_LOCK:
            twin = _RUNNING.get(self._running_key())
            if twin is None or twin is self or not twin.running:
                _RUNNING[self._running_key()] = self
                return
            if not twin._replaceable:
                raise Code.RUN_BY_THE_PLATFORM.error(self.platform.url, self.server_name)
            _RUNNING[self._running_key()] = self
        LOGGER.warning(
            "Stopping the integration daemon %s already running in this process on %s, so that its connectors "
            "do not run twice; this new one takes over.",
            self.server_name,
            self.platform.url,
        )
        twin._note("daemon stopped: another daemon for the same server was started in this process")
        twin.stop()

    def _note(self, message: str) -> None:
        self._history.add(HistoryEvent(datetime.now(UTC), None, None, None, None, None, message))

    def _state_changed(self, event: HistoryEvent) -> None:
        """Each event the supervisor records (every connector state change), as it records it. Nothing here.

        For a subclass whose owner follows the daemon (the embedded platform's ``HostedDaemon`` writes its
        audit log from it), so that it never has to poll ``history()``. See ``DaemonSupervisor.record`` for
        the thread it runs on and what happens when it raises.
        """

    def _loop_thread_id(self) -> int | None:
        thread = self._loop._thread if self._loop is not None else None
        return thread.ident if thread is not None else None

    @checked
    def stop(self, timeout_s: float | None = None) -> None:
        """Disconnect every connector and stop the loop, all within ``timeout_s`` seconds.

        The default is the disconnect deadline plus two seconds. Connectors that have not
        ended by then (a hung call, a cancellation swallowed, a blocked loop) are abandoned,
        marked FAILED and named in the history.
        """
        if timeout_s is not None and not timeout_s > 0:  # its kind is checked by @checked
            raise Code.STOP_TIMEOUT_NOT_SECONDS.error(repr(timeout_s))
        budget = self._settings.timeouts.disconnect_s + STOP_GRACE_S if timeout_s is None else float(timeout_s)
        with self._lock:
            loop, supervisor, watchdog = self._loop, self._supervisor, self._watchdog
            if not self._running or loop is None or supervisor is None:
                return
            self._running = False
            deadline = time.monotonic() + budget
            # The loop needs a moment of the budget for its own ending.
            if not self._wait(loop.submit(supervisor.shutdown()), deadline - LOOP_END_S):
                self._abandon(supervisor, watchdog, budget)
            # The watchdog goes before the loop: stopping the loop ends the heartbeat, and a loop
            # without a heartbeat would look blocked to it.
            if watchdog is not None:
                watchdog.stop()
            # Whatever has not ended by now was cancelled already and is not waited for again; a
            # blocked loop cannot even be asked to end.
            blocked = watchdog is not None and watchdog.blocker is not None
            end_s = 0.1 if blocked else min(LOOP_END_S, max(0.1, deadline - time.monotonic()))
            loop.stop(timeout=end_s)
            if self._unsubscribe is not None:
                self._unsubscribe()
            self._name_leftover_threads(supervisor)
            self._note("daemon stopped")
        with _RUNNING_LOCK:
            if _RUNNING.get(self._running_key()) is self:
                del _RUNNING[self._running_key()]

    def _wait(self, future: concurrent.futures.Future[Any], deadline: float) -> bool:
        """Wait for ``future`` until ``deadline``; False at once if a connector blocks the loop (it cannot end)."""
        while True:
            try:
                future.result(timeout=min(CONTROL_STEP_S, max(0.0, deadline - time.monotonic())))
                return True
            except concurrent.futures.TimeoutError:
                # Stopping, a loop blocked past the watchdog's threshold is not waited for (control calls
                # give it BLOCKED_GRACE_S): the connector is named and abandoned, the stop goes on.
                blocked = self._watchdog is not None and self._watchdog.blocker is not None
                if blocked or time.monotonic() >= deadline:
                    future.cancel()
                    return False
            except Exception as error:
                self._note(f"stopping the daemon's work failed: {type(error).__name__}: {error}")
                return True

    def _abandon(self, supervisor: DaemonSupervisor, watchdog: LoopWatchdog | None, budget: float) -> None:
        blocker = watchdog.blocker if watchdog is not None else None
        stuck = [r for r in supervisor.members.runners() if not r.finished]
        why = f"the daemon's event loop is blocked by {blocker}" if blocker else "it did not stop in time"
        for runner in stuck:
            runner.abandon(f"abandoned when the daemon stopped: {why}")
        names = ", ".join(sorted(r.name for r in stuck)) or "none of its connectors"
        self._note(f"the daemon could not stop cleanly within its {budget:g} s ({why}); abandoned: {names}")
        LOGGER.warning("daemon %s could not stop cleanly (%s); abandoned: %s", self.server_name, why, names)

    def _name_leftover_threads(self, supervisor: DaemonSupervisor) -> None:
        instances = {r.name: r for r in supervisor.runners.values()}
        modules = {}
        for runner in instances.values():
            try:
                modules[self.registry.resolve(runner.connection.provider).__module__] = runner.name
            except Exception:  # noqa: S112 - a provider that no longer resolves owns no thread
                continue

        def owner(value: Any) -> str | None:
            if isinstance(value, IntegrationConnector):
                return getattr(value.context, "connector_name", None) if value.context else type(value).__name__
            return modules.get(value) if isinstance(value, str) else None

        leftovers = find_leftovers(self._threads_before, owner)
        for thread, name in leftovers.items():
            self._note(
                f"connector {name} left the non-daemon thread {thread.name!r} running after the daemon stopped; "
                "such a thread would keep the process from exiting (egeria_nb does not wait for it at exit). "
                "Start threads with daemon=True and end them in disconnect()."
            )
        if leftovers:
            exit_without_waiting(leftovers)

    async def astop(self) -> None:
        """``stop()`` for a coroutine: ``await daemon.astop()`` (runs the stop in a worker thread)."""
        await asyncio.to_thread(self.stop)

    def __enter__(self) -> IntegrationDaemon:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _on_provider_replaced(self, provider: str) -> None:
        loop, supervisor = self._loop, self._supervisor
        if loop is not None and supervisor is not None and self._running:
            loop.call_soon(supervisor.provider_replaced, provider)

    # -- tables ------------------------------------------------------------------------

    def _members(self) -> Members:
        supervisor = self._supervisor
        return supervisor.members if supervisor is not None else Members()

    def _snapshots(self) -> list[ConnectorStatistics]:
        return [r.snapshot for r in self._members().runners()]

    def _groups_and_connectors(self) -> tuple[list[GroupSnapshot], list[ConnectorStatistics]]:
        members = self._members()
        return self._group_snapshots(members), [r.snapshot for r in members.runners()]

    def _groups_loading(self) -> list[str]:
        return [h.qualified_name for h, _ in self._members().groups if h.snapshot.loading]

    def _group_snapshots(self, members: Members | None = None) -> list[GroupSnapshot]:
        members = members or self._members()
        return [replace(h.snapshot, connector_count=len(runners)) for h, runners in members.groups]

    def groups(self) -> pd.DataFrame:
        """One row per configured group: status, metadata server, connector count, last refresh, last error."""
        return groups_frame(self._group_snapshots())

    def connector_names(self) -> list[str]:
        """The names of the connectors the daemon runs now, sorted."""
        return sorted({r.definition.connector_name for r in self._members().runners()})

    @property
    def loop_blocks(self) -> int:
        """How many times a connector has blocked the daemon's loop."""
        return self._watchdog.blocks if self._watchdog else 0

    # -- Egeria's JSON (for the integration-daemon REST services) -----------------------

    @staticmethod
    def _reports(runners: Iterable[ConnectorRunner], group_guid: str | None = None) -> list[dict[str, Any]]:
        return [connector_report(r.snapshot, r.connection_wire(), group_guid) for r in runners]

    def group_summaries(self) -> list[dict[str, Any]]:
        """Each group's ``IntegrationGroupSummary``, as Egeria's REST API shows it."""
        members = self._members()
        snapshots = self._group_snapshots(members)
        return [
            group_summary(g, self._reports(runners)) for g, (_, runners) in zip(snapshots, members.groups, strict=True)
        ]

    @checked
    def group_summary(self, qualified_name: str) -> dict[str, Any]:
        """One group's summary as Egeria's ``IntegrationGroupSummary`` JSON (its connectors' reports included)."""
        members = self._members()
        for snapshot, (_, runners) in zip(self._group_snapshots(members), members.groups, strict=True):
            if snapshot.qualified_name == qualified_name:
                return group_summary(snapshot, self._reports(runners))
        raise unknown_group(self.server_name, qualified_name, [h.qualified_name for h, _ in members.groups])

    def status_report(self) -> dict[str, Any]:
        """The daemon's ``IntegrationDaemonStatus``: group summaries and every connector's report."""
        members = self._members()
        snapshots = self._group_snapshots(members)
        summaries, reports = [], []
        for snapshot, (_, runners) in zip(snapshots, members.groups, strict=True):
            in_group = self._reports(runners)
            summaries.append(group_summary(snapshot, in_group))
            # The flat list names each connector's group (one report made, shown twice).
            reports += [{**r, "integrationGroupGUID": snapshot.guid} if snapshot.guid else r for r in in_group]
        return daemon_status(summaries, reports)

    @checked
    def configuration_properties(self, connector_name: str) -> dict[str, Any]:
        """The configuration properties the named connector runs with now."""
        runners = list(self._members().runners())
        for runner in runners:
            if runner.definition.connector_name == connector_name:
                return dict(runner.connection.configuration_properties or {})
        raise unknown_connector(self.server_name, connector_name, sorted({r.name for r in runners}))

    # -- control -----------------------------------------------------------------------

    def _running_loop(self) -> tuple[LoopThread, DaemonSupervisor]:
        """The daemon's loop and supervisor, or the error that says why a call cannot run."""
        loop, supervisor = self._loop, self._supervisor
        if loop is None or supervisor is None or not self._running:
            raise Code.DAEMON_NOT_RUNNING.error(self.server_name)
        return loop, supervisor

    def _blocker(self) -> str | None:
        """Who blocks the loop, if it has been blocked longer than a control call waits for it."""
        watchdog = self._watchdog
        if watchdog is None or watchdog.blocked_for() < BLOCKED_GRACE_S:
            return None
        return watchdog.blocker

    def _blocked(self, blocker: str) -> DaemonBlockedError:
        return Code.DAEMON_BLOCKED.error(self.server_name, blocker)

    def _gave_up(self, deadline: float) -> Exception | None:
        """While a control call waits: the error to end the wait with (a blocked loop, the deadline), or None."""
        blocker = self._blocker()
        if blocker:
            return self._blocked(blocker)
        if time.monotonic() >= deadline:
            return TimeoutError(f"the daemon's loop did not answer within {CONTROL_TIMEOUT_S:g} s")
        return None

    def _control(self, call: Callable[[DaemonSupervisor], Coroutine[Any, Any, T]]) -> T:
        """Run ``call(supervisor)`` on the daemon's loop and wait for it from this thread."""
        loop, supervisor = self._running_loop()
        future = loop.submit(_then_publish(call(supervisor), supervisor))
        deadline = time.monotonic() + CONTROL_TIMEOUT_S
        # Wait in short steps: a loop that becomes blocked meanwhile is reported at once, not at the deadline.
        while True:
            try:
                return future.result(timeout=min(CONTROL_STEP_S, max(0.0, deadline - time.monotonic())))
            except concurrent.futures.TimeoutError:
                if (error := self._gave_up(deadline)) is not None:
                    future.cancel()
                    raise error from None

    async def _acontrol(self, call: Callable[[DaemonSupervisor], Coroutine[Any, Any, T]]) -> T:
        """``_control`` for a coroutine on any loop (the platform's REST views, a notebook's ``await``)."""
        loop, supervisor = self._running_loop()
        if loop.in_thread():
            return await _then_publish(call(supervisor), supervisor)
        future = asyncio.wrap_future(loop.submit(_then_publish(call(supervisor), supervisor)))
        deadline = time.monotonic() + CONTROL_TIMEOUT_S
        while True:
            done, _ = await asyncio.wait({future}, timeout=CONTROL_STEP_S)
            if done:
                return future.result()
            if (error := self._gave_up(deadline)) is not None:
                future.cancel()
                raise error

    @checked
    def update_connection(self, connector_name: str, connection: Mapping[str, Any]) -> None:
        """Run a connector with a different connection (Egeria's JSON) and restart it (in memory, as in Egeria)."""
        change = _replace_connection(dict(connection))
        self._control(lambda s: s.update_connection(connector_name, change))

    @checked
    async def aupdate_connection(self, connector_name: str, connection: Mapping[str, Any]) -> None:
        """``update_connection()`` for a coroutine: ``await daemon.aupdate_connection(name, connection)``."""
        change = _replace_connection(dict(connection))
        await self._acontrol(lambda s: s.update_connection(connector_name, change))

    @checked
    def refresh(self, connector_name: str | None = None) -> None:
        """Ask one connector (or all) to refresh now."""
        self._control(lambda s: s.refresh(connector_name))

    @checked
    async def arefresh(self, connector_name: str | None = None) -> None:
        """``refresh()`` for a coroutine: ``await daemon.arefresh('DropFolder')``, or every connector."""
        await self._acontrol(lambda s: s.refresh(connector_name))

    @checked
    def restart(self, connector_name: str | None = None) -> None:
        """Disconnect and start again one connector (or all), from their current definitions."""
        self._control(lambda s: s.restart(connector_name))

    @checked
    async def arestart(self, connector_name: str | None = None) -> None:
        """``restart()`` for a coroutine: ``await daemon.arestart('DropFolder')``, or every connector."""
        await self._acontrol(lambda s: s.restart(connector_name))

    @checked
    def refresh_group(self, qualified_name: str | None = None) -> None:
        """Re-read one group's definition (or every group's, and the configuration) now."""
        self._control(lambda s: s.refresh_group(qualified_name))

    @checked
    async def arefresh_group(self, qualified_name: str | None = None) -> None:
        """``refresh_group()`` for a coroutine: re-read one group's definition (or every group's)."""
        await self._acontrol(lambda s: s.refresh_group(qualified_name))

    @checked
    def update_configuration_properties(
        self, connector_name: str | None, properties: Mapping[str, Any] | None, *, merge: bool = True
    ) -> None:
        """Change a running connector's configuration properties and restart it (in memory, as in Egeria).

        ``connector_name=None`` changes every connector's. ``merge=False`` replaces the
        properties (``properties=None`` then clears them).
        """
        change = _properties_change(properties, merge)
        self._control(lambda s: s.update_connection(connector_name, change))

    @checked
    async def aupdate_configuration_properties(
        self, connector_name: str | None, properties: Mapping[str, Any] | None, *, merge: bool = True
    ) -> None:
        """``update_configuration_properties()`` for a coroutine."""
        change = _properties_change(properties, merge)
        await self._acontrol(lambda s: s.update_connection(connector_name, change))

    @checked
    def diagnose(self, *, timeout_s: float = 10.0) -> Diagnosis:
        """Check everything this daemon depends on, in order, and say what to do (see ``egeria_nb.diagnose``).

        Its configuration, groups and definitions are read from the platforms over Egeria's APIs; its
        connectors' states, providers and event-loop blocks are asked of the daemon itself::

            daemon.diagnose().to_frame()
        """
        # Imported here: the diagnosis is built on the daemon package, not the other way round.
        from egeria_nb.diagnosis.chain import DaemonSide, walk

        side = DaemonSide(
            self,
            local=True,
            platforms=self._settings.other_platforms,
            seconds_per_minute=self._settings.seconds_per_minute,
            registry=self.registry,
            running=lambda: self.running,
            history=self._history.events,
        )
        return walk(side, timeout_s=timeout_s)

    @checked
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
            raise Code.NOT_A_CONNECTOR_CLASS.error(exc) from None
        except ProviderError as exc:
            raise Code.CONNECTOR_CLASS_NOT_FOUND.error(exc) from None

    @checked
    def publish_open_lineage_event(self, event: Text | Mapping[str, Any]) -> None:
        """Take an OpenLineage run event (JSON text, or a dict), as Egeria's daemon does; note it in the history.

        Egeria hands it to the connectors that listen for OpenLineage events; no Python
        connector listens yet, so the history line (event type, job, run) is all that
        happens. Text that is not a JSON object is noted as such and still accepted, as Egeria does.
        """
        text = event if isinstance(event, str) else json.dumps(dict(event))
        self._note(_describe_lineage_event(text))

    @checked
    def update_endpoint_address(self, connector_name: str, address: LongText) -> None:
        """Point a running connector at another endpoint and restart it (in memory, as in Egeria)."""
        change = _endpoint_change(address)
        self._control(lambda s: s.update_connection(connector_name, change))

    @checked
    async def aupdate_endpoint_address(self, connector_name: str, address: LongText) -> None:
        """``update_endpoint_address()`` for a coroutine: ``await daemon.aupdate_endpoint_address(name, '/data')``."""
        change = _endpoint_change(address)
        await self._acontrol(lambda s: s.update_connection(connector_name, change))


# -- connection changes, applied by the supervisor to a connector's connection in Egeria's JSON ------------

ConnectionChange = Callable[[dict[str, Any]], None]


def _properties_change(properties: Mapping[str, Any] | None, merge: bool) -> ConnectionChange:
    # Egeria's semantics (IntegrationConnectorHandler.updateConfigurationProperties): a merge adds to
    # the current map (nothing to add leaves it as it is); a replace sets the new map, None clearing it.
    given = None if properties is None else dict(properties)  # a copy: the caller may change theirs

    def change(wire: dict[str, Any]) -> None:
        if merge:
            if given is not None:
                wire["configurationProperties"] = {**(wire.get("configurationProperties") or {}), **given}
        elif given is None:
            wire.pop("configurationProperties", None)
        else:
            wire["configurationProperties"] = dict(given)

    return change


def _endpoint_change(address: str) -> ConnectionChange:
    def change(wire: dict[str, Any]) -> None:
        wire["endpoint"] = {**(wire.get("endpoint") or with_class(Endpoint, {})), "networkAddress": address}

    return change


def _replace_connection(connection: dict[str, Any]) -> ConnectionChange:
    def change(wire: dict[str, Any]) -> None:
        wire.clear()
        wire.update(connection)

    return change


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
