"""One connector's life under the daemon: lifecycle calls, deadlines, and its own restart loop.

Each registration gets a ``ConnectorRunner`` whose task runs ``_supervise``:
create the instance, set its context, start it, then refresh it (or engage it,
for blocking connectors) until told to stop or restart. Any failure is recorded
with Egeria's state and message; the runner then waits as the restart policy
says and starts over (Egeria's daemon would wait for a manual restart).

Error handling: exceptions from connector code are caught as ``Exception`` and
become states, never escaping; cancellation (``BaseException``) always passes
through, so ``stop()`` cannot be swallowed by a connector. Each lifecycle call
runs as a task of its own, so its deadline holds even for connector code that
swallows the cancellation: such a call is abandoned and the connector FAILED.
Every timed wait (the next refresh, a restart delay, a call's deadline) is an
alarm on the daemon's one ``Scheduler`` that sets the runner's wake-up event,
so a waiting connector holds no timer of its own (see ``schedule``).
Blocking calls (``engage()``) run in daemon threads, which never hold the
process at exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from egeria_nb.daemon.connector import ConnectorContext, IntegrationConnector, connector_logger
from egeria_nb.daemon.definition import ConnectorDefinition
from egeria_nb.daemon.history import HistoryEvent
from egeria_nb.daemon.policy import RestartPolicy, Timeouts
from egeria_nb.daemon.registry import ConnectorRegistry, ProviderError
from egeria_nb.daemon.schedule import Alarm, Scheduler
from egeria_nb.daemon.status import FAILED_STATES, ConnectorStatus
from egeria_nb.daemon.threads import run_in_daemon_thread

if TYPE_CHECKING:
    from egeria_nb.loop import LoopThread
    from egeria_nb.metadata.catalog import MetadataCatalog

__all__ = ["CURRENT_RUNNER", "ConnectorRunner", "ConnectorStatistics", "RunnerHost"]

LOGGER = logging.getLogger("egeria_nb.daemon")
# Egeria retries a connector whose context could not be set (INITIALIZE_FAILED: the metadata server
# was away) on its refresh thread's next one-second cycle, even though it restarts nothing else by
# itself (§3.5). RestartPolicy.egeria() keeps that retry, at this pace.
INITIALIZE_RETRY_S = 1.0
# How long a cancelled lifecycle call may take to end before it is abandoned.
CANCEL_GRACE_S = 0.5
# Calls abandoned because they ignored cancellation keep running on the loop; a connector with this
# many still running is not restarted by itself any more (each restart would leave one more behind).
MAX_ABANDONED_CALLS = 3
# Set while connector code runs, so tasks it creates are attributed to it (see the daemon's task factory).
CURRENT_RUNNER: contextvars.ContextVar[ConnectorRunner | None] = contextvars.ContextVar(
    "egeria_nb_connector", default=None
)


class RunnerHost(Protocol):
    """What a runner needs from its daemon."""

    registry: ConnectorRegistry
    restart_policy: RestartPolicy
    timeouts: Timeouts
    seconds_per_minute: float
    engage_pause_s: float
    # One per daemon, on its loop: every runner's timed waits are alarms on it.
    scheduler: Scheduler
    # The daemon's loop thread, where runners live (and where figures published from other threads are applied).
    home: LoopThread

    def catalog_for(self, group: str) -> MetadataCatalog: ...

    async def check_metadata_server(self, group: str) -> None: ...

    def record(self, event: HistoryEvent) -> None: ...


@dataclass(frozen=True, slots=True)
class ConnectorStatistics:
    """A snapshot of one connector for the status table; replaced whole on every change."""

    group: str
    connector_name: str
    connector_id: str
    connector_guid: str | None
    provider: str | None
    # None only for a remote daemon that reports a state this release does not know (Egeria 4.x numbering).
    status: ConnectorStatus | None
    last_status_change: datetime
    last_refresh_time: datetime | None
    refresh_interval_min: int
    restarts: int
    failing_exception_message: str | None
    uses_blocking_calls: bool
    statistics: dict[str, Any] = field(default_factory=dict)
    next_restart: datetime | None = None


class _Failure(Exception):
    """A lifecycle call failed; carries the state and message to show."""

    def __init__(self, status: ConnectorStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Restarting(Exception):
    """A restart was asked for while a start() or refresh() was under way; it was cancelled."""


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def now() -> datetime:
    return datetime.now(UTC)


class ConnectorRunner:
    """Runs one registered connector. Lives on the daemon's loop; read from any thread via ``snapshot``."""

    def __init__(self, host: RunnerHost, definition: ConnectorDefinition) -> None:
        self.host = host
        self.definition = definition
        # In-memory connection changes made through the daemon's control calls (as in Egeria,
        # §3.6); dropped when the definition's own connection changes.
        self.connection_override: Any = None
        self._wire: tuple[Any, dict[str, Any]] | None = None
        self.snapshot = ConnectorStatistics(
            group=definition.group,
            connector_name=definition.connector_name,
            connector_id=definition.connector_id,
            connector_guid=definition.connector_guid,
            provider=definition.provider,
            status=ConnectorStatus.INITIALIZED,
            last_status_change=now(),
            last_refresh_time=None,
            refresh_interval_min=definition.refresh_interval_min,
            restarts=0,
            failing_exception_message=None,
            uses_blocking_calls=definition.uses_blocking_calls,
        )
        self._status: ConnectorStatus | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        # Each rings by setting _wake. Two, because a call's deadline is re-armed for every call and
        # cancelled when the call ends, while _alarm is mostly left to ring: kept apart, neither
        # brings its heap entry forward, which is the one thing that costs the scheduler an allocation.
        self._alarm = host.scheduler.alarm(self._wake.set)
        self._deadline = host.scheduler.alarm(self._wake.set)
        self._stopping = False
        self._restart_requested = False
        self._refresh_requested = False
        # Set when a registration change was applied in place, so a wait in progress re-reads the
        # refresh interval and the start/stop window instead of sleeping out the old ones.
        self._definition_changed = False
        self._consecutive_failures = 0
        self._healthy_since: float | None = None
        self._background: set[asyncio.Task[Any]] = set()
        self._background_failure: str | None = None
        # True while engage() runs in its thread: a stop cancels the wait for it at once (a thread
        # cannot be interrupted; disconnect() is how a blocking connector is told to end).
        self._engaging = False
        # The lifecycle call under way ("start", "refresh", "disconnect"), if any.
        self._in_call: str | None = None
        # A lifecycle call cancelled because the runner was (its name and task): a stop checks it really ended.
        self._cancelled_call: tuple[str, asyncio.Task[Any]] | None = None
        self._abandoned_calls: set[asyncio.Task[Any]] = set()
        # Figures published from other threads (engage()'s), until the daemon's loop applies them.
        self._from_threads: dict[str, Any] = {}
        self._from_threads_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<ConnectorRunner {self.definition.connector_name!r} {self.snapshot.status}>"

    @property
    def name(self) -> str:
        return self.definition.connector_name

    @property
    def connection(self) -> Any:
        return self.connection_override or self.definition.connection

    def connection_wire(self) -> dict[str, Any]:
        """The connection in Egeria's JSON, made once per connection (status reports show it for every
        connector, every time). Read-only: callers that change a connection start from ``to_wire()``."""
        connection = self.connection
        cached = self._wire
        if cached is None or cached[0] is not connection:
            cached = self._wire = (connection, connection.to_wire())
        return cached[1]

    # -- control (called on the daemon's loop) -------------------------------------------

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(
            self._supervise(), name=f"egeria_nb connector {self.definition.connector_name}"
        )

    def request_refresh(self) -> None:
        self._refresh_requested = True
        self._wake.set()

    def request_restart(self, reason: str = "restart requested") -> None:
        self._record(None, reason)
        self._restart_requested = True
        self._wake.set()

    def update_definition(self, newer: ConnectorDefinition) -> None:
        """Apply a changed registration: restart if the connection or blocking mode changed, else in place."""
        older, self.definition = self.definition, newer
        restart = older.needs_restart(newer)
        if restart:
            self.connection_override = None
        # The table shows the new registration whichever way it is applied: one re-read can bring a
        # new name or interval together with a change that restarts the connector.
        self._set_snapshot(
            connector_name=newer.connector_name,
            connector_guid=newer.connector_guid,
            refresh_interval_min=newer.refresh_interval_min,
            uses_blocking_calls=newer.uses_blocking_calls,
            provider=self.connection.provider,
        )
        if restart:
            self.request_restart("connection or usesBlockingCalls changed in the definition")
        else:
            self._definition_changed = True  # a new interval or start/stop window takes effect now
            self._wake.set()

    @property
    def finished(self) -> bool:
        """True once the runner's task has ended (readable from any thread)."""
        return self._task is None or self._task.done()

    async def stop(self, deadline_s: float) -> None:
        """Disconnect and end the runner within ``deadline_s`` seconds; then cancel whatever is left."""
        self._stopping = True
        self._wake.set()
        task = self._task
        if task is None or task.done():
            return
        if self._engaging or self._in_call in ("start", "refresh"):
            # A stop does not wait for engage() (a thread cannot be interrupted) nor for a start or a
            # refresh to finish: it cancels them, and the runner still calls disconnect().
            self._record(
                None, f"stopping: {'engage' if self._engaging else self._in_call}() was under way and is cancelled"
            )
            task.cancel()
        done, _ = await asyncio.wait({task}, timeout=deadline_s)
        if not done:
            task.cancel()
            done, _ = await asyncio.wait({task}, timeout=CANCEL_GRACE_S)
            if done:
                self._record(ConnectorStatus.STOPPED, f"did not stop within {deadline_s:g} s and was cancelled")
                self._set_status(ConnectorStatus.STOPPED)
            else:
                self.abandon(f"did not stop within {deadline_s:g} s, nor when cancelled; abandoned")
                return
        if self._status not in (ConnectorStatus.STOPPED, *FAILED_STATES):
            self._set_status(ConnectorStatus.STOPPED)  # ended before it had started: nothing to disconnect
        if self._cancelled_call is not None and not self._cancelled_call[1].done():
            # The runner has ended, but connector code it cancelled on the way may not have.
            what, call = self._cancelled_call
            done, _ = await asyncio.wait({call}, timeout=CANCEL_GRACE_S)
            if not done:
                self.abandon(f"{what}() did not stop when cancelled; it was abandoned")
                return
        # A stopped daemon keeps its runners (its tables show them) but not their finished tasks.
        self._task = self._cancelled_call = None

    def abandon(self, message: str) -> None:
        """Give up on a runner that will not end; any thread may call this once the loop is past caring."""
        self._stopping = True
        self._set_snapshot(failing_exception_message=message)
        self._set_status(ConnectorStatus.FAILED, message)

    # -- state ------------------------------------------------------------------------

    def _record(self, to_status: ConnectorStatus | None, message: str) -> None:
        d = self.definition
        self.host.record(
            HistoryEvent(
                now(),
                d.group,
                d.connector_name,
                d.connector_id,
                str(self._status) if self._status else None,
                str(to_status) if to_status else (str(self._status) if self._status else None),
                message,
            )
        )

    def _set_snapshot(self, **changes: Any) -> None:
        self.snapshot = replace(self.snapshot, **changes)

    def _set_status(self, status: ConnectorStatus, message: str | None = None, *, record: bool = True) -> None:
        if status == self._status and message is None:
            return
        if record:
            self._record(status, message or status.display_name)
        self._status = status
        changes: dict[str, Any] = {"status": status, "last_status_change": now()}
        if status not in FAILED_STATES:
            changes["failing_exception_message"] = None
            changes["next_restart"] = None
        self._set_snapshot(**changes)

    def _publish(self, statistics: dict[str, Any]) -> None:
        # engage() publishes from its own thread. The snapshot is replaced on the loop only: a replace from that
        # thread raced the loop's own, and whichever wrote second dropped the other's change.
        # Figures from threads gather in one dict until the loop applies them, so a thread that publishes
        # faster than the loop runs (or while it is blocked) grows nothing but that dict's keys.
        home = self.host.home
        if home.in_thread():
            self._merge_statistics(statistics)
            return
        with self._from_threads_lock:
            first = not self._from_threads
            self._from_threads.update(statistics)
        if first:
            with contextlib.suppress(RuntimeError):  # the loop has stopped: the daemon, and its figures, are gone
                home.call_soon(self._merge_from_threads)

    def _merge_from_threads(self) -> None:
        with self._from_threads_lock:
            statistics, self._from_threads = self._from_threads, {}
        self._merge_statistics(statistics)

    def _merge_statistics(self, statistics: dict[str, Any]) -> None:
        self._set_snapshot(statistics={**self.snapshot.statistics, **statistics})

    # -- background tasks of the connector ----------------------------------------------

    def adopt(self, task: asyncio.Task[Any]) -> None:
        """Track a task the connector created; its exception fails the connector."""
        self._background.add(task)
        task.add_done_callback(self._background_done)

    def _background_done(self, task: asyncio.Task[Any]) -> None:
        self._background.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None and self._background_failure is None:
            self._background_failure = f"background task {task.get_name()!r} failed: {_describe(exc)}"
            self._wake.set()

    def _spawn(self, coro: Coroutine[Any, Any, Any], name: str | None) -> asyncio.Task[Any]:
        token = CURRENT_RUNNER.set(self)
        try:
            task = asyncio.get_running_loop().create_task(coro, name=name)
        finally:
            CURRENT_RUNNER.reset(token)
        # Adopt it here too, so it is tracked even on a loop without the daemon's task factory.
        if task not in self._background:
            self.adopt(task)
        return task

    async def _cancel_background(self) -> None:
        tasks = list(self._background)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=self.host.timeouts.disconnect_s)
        self._background.clear()

    # -- the supervision loop ------------------------------------------------------------

    async def _supervise(self) -> None:
        try:
            await self._supervise_lives()
        finally:
            # A runner that has ended leaves nothing in the scheduler that refers to it.
            self._alarm.close()
            self._deadline.close()

    async def _supervise_lives(self) -> None:
        while not self._stopping:
            self._restart_requested = False
            self._background_failure = None
            failure = await self._run_once()
            if self._stopping:
                break
            if failure is None:
                # Restart on request: count it, start over at once.
                self._set_snapshot(restarts=self.snapshot.restarts + 1)
                continue
            if self._healthy_since is not None and time.monotonic() - self._healthy_since >= (
                self.host.restart_policy.reset_after_s
            ):
                self._consecutive_failures = 0
            self._healthy_since = None
            policy = self.host.restart_policy
            delay = policy.delay_s(self._consecutive_failures)
            if delay is None and not policy.enabled and failure.status is ConnectorStatus.INITIALIZE_FAILED:
                delay = INITIALIZE_RETRY_S
            if delay is not None and len(self._abandoned_calls) >= MAX_ABANDONED_CALLS:
                self._record(
                    None,
                    f"{len(self._abandoned_calls)} abandoned calls of this connector are still running; "
                    "it restarts only when asked (daemon.restart) from now on",
                )
                delay = None
            self._consecutive_failures += 1
            if delay is None:
                self._set_snapshot(next_restart=None)
                await self._wait_until(lambda: self._restart_requested or self._stopping)
            else:
                self._set_snapshot(next_restart=datetime.fromtimestamp(time.time() + delay, UTC))
                await self._wait_until(lambda: self._restart_requested or self._stopping, timeout=delay)
            if self._stopping:
                break
            self._set_snapshot(restarts=self.snapshot.restarts + 1, next_restart=None)
            self._record(None, "restarting" if self._restart_requested else f"automatic restart after {delay:g} s")

    async def _wait_until(
        self, condition: Callable[[], bool], timeout: float | None = None, alarm: Alarm | None = None
    ) -> bool:
        """Wait for ``condition`` (re-checked on every wake-up) or the timeout; True if it held.

        The timeout is ``alarm`` (the runner's ``_alarm`` unless told), which sets ``_wake`` when it rings.
        """
        if condition():
            return True
        if timeout is None:
            alarm = None
        elif timeout <= 0:
            return False
        else:
            alarm = alarm or self._alarm
            alarm.ring_in(timeout)
        try:
            while not condition():
                if alarm is not None and not alarm.armed:
                    return False  # it rang
                self._wake.clear()
                await self._wake.wait()
            return True
        finally:
            if alarm is not None:
                alarm.cancel()

    def _interrupted(self) -> bool:
        return self._stopping or self._restart_requested

    async def _run_once(self) -> _Failure | None:
        """One life of the connector. Returns the failure that ended it, or None (stop/restart)."""
        instance: IntegrationConnector | None = None
        started = attempted = False
        try:
            instance = self._create()
            await self._set_context(instance)
            if not await self._wait_for_window():
                return None
            attempted = True
            await self._start(instance)
            started = True
            self._healthy_since = time.monotonic()
            if self.definition.uses_blocking_calls:
                await self._engage_loop(instance)
            else:
                await self._refresh_loop(instance)
            return None
        except _Restarting:
            return None
        except _Failure as failure:
            self._set_snapshot(failing_exception_message=failure.message)
            self._set_status(failure.status, failure.message)
            return failure
        finally:
            await self._cancel_background()
            if instance is not None and started:
                await self._disconnect(instance)
            elif instance is not None and attempted:
                await self._release_after_failed_start(instance)

    def _create(self) -> IntegrationConnector:
        try:
            cls = self.host.registry.resolve(self.connection.provider)
            instance = cls()
        except ProviderError as exc:
            raise _Failure(ConnectorStatus.CONFIG_FAILED, str(exc)) from None
        except Exception as exc:
            raise _Failure(ConnectorStatus.CONFIG_FAILED, f"creating the connector failed: {_describe(exc)}") from None
        return instance

    async def _set_context(self, instance: IntegrationConnector) -> None:
        d = self.definition
        try:
            await self.host.check_metadata_server(d.group)
            instance.context = ConnectorContext(
                connector_name=d.connector_name,
                connector_id=d.connector_id,
                connector_guid=d.connector_guid,
                group=d.group,
                connection=self.connection,
                catalog=self.host.catalog_for(d.group),
                logger=connector_logger(d.connector_name, d.group),
                metadata_source_qualified_name=d.metadata_source_qualified_name,
                permitted_synchronization=d.permitted_synchronization,
                connector_user_id=d.connector_user_id,
                _publish=self._publish,
                _spawn=self._spawn,
            )
        except Exception as exc:
            raise _Failure(ConnectorStatus.INITIALIZE_FAILED, f"setting the context failed: {_describe(exc)}") from None
        self._set_status(ConnectorStatus.INITIALIZED)

    def _window(self) -> tuple[float | None, float | None]:
        """Seconds until the start date and until the stop date (None when not set)."""
        t = now()
        start, stop = self.definition.start_date, self.definition.stop_date
        return (
            (start - t).total_seconds() if start else None,
            (stop - t).total_seconds() if stop else None,
        )

    async def _wait_for_window(self) -> bool:
        """Wait until the start date (if any); False if stopped, restarted or past the stop date."""
        while not self._interrupted():
            self._definition_changed = False
            to_start, to_stop = self._window()
            if to_stop is not None and to_stop <= 0:
                self._set_status(ConnectorStatus.STOPPED, "past its stop date (connectorShutdownDate)")
                await self._wait_until(lambda: self._interrupted() or (self._window()[1] or 1) > 0)
                continue
            if to_start is None or to_start <= 0:
                return True
            await self._wait_until(lambda: self._interrupted() or self._definition_changed, timeout=to_start)
        return False

    async def _call(self, what: str, coro: Coroutine[Any, Any, Any], timeout: float) -> None:
        # The call runs as its own task, in a context naming this runner (so tasks it creates are its
        # own): a deadline then holds whatever the connector does with the cancellation.
        context = contextvars.copy_context()
        context.run(CURRENT_RUNNER.set, self)
        call = asyncio.get_running_loop().create_task(coro, name=f"egeria_nb {self.name} {what}", context=context)
        # The runner waits on its wake-up event, set when the call ends or when the deadline alarm rings:
        # no timer or waiter of the call's own, and the runner is free to give up on a call that swallows
        # its cancellation.
        call.add_done_callback(self._call_ended)
        self._in_call = what
        # A restart does not wait for a start or a refresh to finish (it could be hung until its deadline).
        interruptible = what in ("start", "refresh")
        try:
            in_time = await self._wait_until(
                lambda: call.done() or (interruptible and self._restart_requested), timeout, self._deadline
            )
        except asyncio.CancelledError:
            call.cancel()
            self._cancelled_call = (what, call)
            raise
        finally:
            self._in_call = None
        if in_time and not call.done():  # a restart was asked for
            call.cancel()
            if not await self._wait_until(call.done, CANCEL_GRACE_S, self._deadline):
                self._abandoned_calls.add(call)
                call.add_done_callback(self._abandoned_calls.discard)
                self._record(None, f"{what}() did not stop when cancelled for the restart; it was abandoned")
            raise _Restarting
        if not in_time:
            call.cancel()
            if not await self._wait_until(call.done, CANCEL_GRACE_S, self._deadline):
                self._abandoned_calls.add(call)
                call.add_done_callback(self._abandoned_calls.discard)
                raise _Failure(
                    ConnectorStatus.FAILED,
                    f"{what}() timed out after {timeout:g} s and did not stop when cancelled; it was abandoned",
                )
            raise _Failure(ConnectorStatus.FAILED, f"{what}() timed out after {timeout:g} s")
        if call.cancelled():
            raise _Failure(ConnectorStatus.FAILED, f"{what}() was cancelled by the connector itself")
        exc = call.exception()
        if exc is not None:
            raise _Failure(ConnectorStatus.FAILED, f"{what}() failed: {_describe(exc)}")
        if self._background_failure:
            raise _Failure(ConnectorStatus.FAILED, self._background_failure)

    def _call_ended(self, _call: asyncio.Task[Any]) -> None:
        self._wake.set()

    async def _start(self, instance: IntegrationConnector) -> None:
        await self._call("start", instance.start(), self.host.timeouts.start_s)
        self._set_status(ConnectorStatus.RUNNING if self.definition.uses_blocking_calls else ConnectorStatus.WAITING)

    def _interval_s(self) -> float:
        return self.definition.refresh_interval_min * self.host.seconds_per_minute

    async def _refresh_loop(self, instance: IntegrationConnector) -> None:
        first = True
        while not self._interrupted():
            if self._background_failure:
                raise _Failure(ConnectorStatus.FAILED, self._background_failure)
            self._definition_changed = False
            _, to_stop = self._window()
            if to_stop is not None and to_stop <= 0:
                return  # disconnect; the next life waits in _wait_for_window
            interval = self._interval_s()
            last = self.snapshot.last_refresh_time
            due_in = (
                0.0 if first or last is None else (interval - (now() - last).total_seconds() if interval > 0 else None)
            )
            if self._refresh_requested or (due_in is not None and due_in <= 0):
                self._refresh_requested = False
                first = False
                await self._refresh(instance)
                continue
            waits = [w for w in (due_in, to_stop) if w is not None]
            await self._wait_until(
                lambda: (
                    self._interrupted()
                    or self._refresh_requested
                    or self._definition_changed
                    or self._background_failure is not None
                ),
                timeout=min(waits) if waits else None,
            )

    async def _refresh(self, instance: IntegrationConnector) -> None:
        self._set_status(ConnectorStatus.REFRESHING, record=False)
        try:
            await self._call("refresh", instance.refresh(), self.host.timeouts.refresh_s)
        finally:
            # Egeria sets the last refresh time even when the refresh failed (§3.5).
            self._set_snapshot(last_refresh_time=now())
        self._set_status(ConnectorStatus.WAITING, record=False)

    async def _engage_loop(self, instance: IntegrationConnector) -> None:
        context = contextvars.copy_context()
        thread_name = f"egeria_nb-engage-{self.definition.connector_name}"
        while not self._interrupted():
            _, to_stop = self._window()
            if to_stop is not None and to_stop <= 0:
                return
            # A daemon thread per call: one that never returns is left behind (a thread cannot be
            # interrupted) without holding the process at exit.
            future = run_in_daemon_thread(context.run, instance.engage, name=thread_name)
            self._engaging = True
            try:
                async with asyncio.timeout(self.host.timeouts.engage_s):
                    await asyncio.shield(future)
            except TimeoutError:
                raise _Failure(
                    ConnectorStatus.FAILED, f"engage() timed out after {self.host.timeouts.engage_s:g} s"
                ) from None
            except asyncio.CancelledError:
                if not future.done():
                    self._record(None, "engage() had not returned when the connector stopped; its thread is left")
                raise
            except Exception as exc:
                raise _Failure(ConnectorStatus.FAILED, f"engage() failed: {_describe(exc)}") from None
            finally:
                self._engaging = False
            self._set_snapshot(last_refresh_time=now())
            await self._wait_until(self._interrupted, timeout=self.host.engage_pause_s)

    async def _release_after_failed_start(self, instance: IntegrationConnector) -> None:
        """A start() that failed may have opened things: let disconnect() release them.

        The start failure stays the connector's state and message; a failing
        disconnect here is only noted in the history.
        """
        try:
            await self._call("disconnect", instance.disconnect(), self.host.timeouts.disconnect_s)
        except _Failure as failure:
            self._record(None, f"after the failed start, {failure.message}")

    async def _disconnect(self, instance: IntegrationConnector) -> None:
        try:
            await self._call("disconnect", instance.disconnect(), self.host.timeouts.disconnect_s)
        except _Failure as failure:
            self._set_snapshot(failing_exception_message=failure.message)
            self._set_status(ConnectorStatus.FAILED, failure.message)
            return
        if self._status not in FAILED_STATES:
            self._set_status(ConnectorStatus.STOPPED)
