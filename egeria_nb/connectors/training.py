"""``TrainingConnector``: a connector that misbehaves on purpose, as its configuration properties say.

For labs and tests of the daemon: make a connector fail, hang, block the event loop or fail in
the background, and watch the status table, the history and the restart policy deal with it.
With no configuration properties it is a well-behaved no-op that counts its refreshes, cheap
enough to run ten thousand of in a benchmark.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from egeria_nb.connectors._common import config_bool, config_int, config_number, config_text, warn_unknown
from egeria_nb.daemon.connector import IntegrationConnector
from egeria_nb.daemon.runner import CURRENT_RUNNER

__all__ = ["TrainingConnector", "TrainingConnectorError"]

DEFAULT_MESSAGE = "the training connector failed on purpose"


class TrainingConnectorError(RuntimeError):
    """The failure a ``TrainingConnector`` was configured to produce."""


@dataclass(frozen=True, slots=True)
class _Settings:
    fail_start_every: int = 0
    fail_refresh_every: int = 0
    fail_disconnect_every: int = 0
    hang_refresh_s: float = 0.0
    ignore_cancel: bool = False
    block_loop_s: float = 0.0
    hang_engage_s: float = 0.0
    leave_thread_s: float = 0.0
    slow_start_s: float = 0.0
    slow_disconnect_s: float = 0.0
    background_error_after_s: float | None = None
    message: str = DEFAULT_MESSAGE

    @classmethod
    def from_properties(cls, properties: Mapping[str, Any]) -> _Settings:
        if not properties:
            return _DEFAULTS
        background = properties.get("background_error_after_s")
        return cls(
            fail_start_every=config_int(properties, "fail_start_every"),
            fail_refresh_every=config_int(properties, "fail_refresh_every"),
            fail_disconnect_every=config_int(properties, "fail_disconnect_every"),
            hang_refresh_s=config_number(properties, "hang_refresh_s"),
            ignore_cancel=config_bool(properties, "ignore_cancel", False),
            block_loop_s=config_number(properties, "block_loop_s"),
            hang_engage_s=config_number(properties, "hang_engage_s"),
            leave_thread_s=config_number(properties, "leave_thread_s"),
            slow_start_s=config_number(properties, "slow_start_s"),
            slow_disconnect_s=config_number(properties, "slow_disconnect_s"),
            background_error_after_s=None
            if background is None
            else config_number(properties, "background_error_after_s"),
            message=config_text(properties, "message", DEFAULT_MESSAGE) or DEFAULT_MESSAGE,
        )


_DEFAULTS = _Settings()


class TrainingConnector(IntegrationConnector):
    """A connector that misbehaves on purpose. Configuration properties (all optional):

    ============================  =======  ===============================================================
    property                      default  what it does
    ============================  =======  ===============================================================
    ``fail_start_every``          0        ``start()`` raises on every Nth call (1 = always, 0 = never)
    ``fail_refresh_every``        0        ``refresh()`` raises on every Nth call
    ``fail_disconnect_every``     0        ``disconnect()`` raises on every Nth call
    ``hang_refresh_s``            0        ``refresh()`` awaits this many seconds (the daemon's refresh
                                           timeout catches it: "refresh() timed out after N s")
    ``ignore_cancel``             false    ``true``: the hang of ``hang_refresh_s`` swallows cancellation (the
                                           daemon abandons the call: "did not stop when cancelled")
    ``block_loop_s``              0        ``refresh()`` calls ``time.sleep`` for this many seconds, blocking
                                           the daemon's event loop (the history shows "LOOP BLOCKED")
    ``hang_engage_s``             0        ``engage()`` (``usesBlockingCalls``) blocks its thread this long
    ``leave_thread_s``            0        ``start()`` starts a non-daemon thread that lives this long and
                                           is never stopped (the history names it when the daemon stops)
    ``slow_start_s``              0        ``start()`` awaits this many seconds before returning
    ``slow_disconnect_s``         0        ``disconnect()`` awaits this many seconds before returning
    ``background_error_after_s``  (off)    ``start()`` creates a task with ``asyncio.create_task`` that
                                           raises after this many seconds (0 = at once): the connector
                                           fails with "background task ... failed"
    ``message``                   (text)   the text of every failure it raises
    ============================  =======  ===============================================================

    Call counts are kept per connector id for the life of the process, across restarts of the
    connector, so "fail every N" means every Nth call overall: with ``fail_refresh_every: 3``
    refreshes 3, 6, 9, ... fail, whether or not the connector was restarted in between. Failures
    name the call: ``"<message> (refresh call 3; fail_refresh_every=3)"``.

    Statistics: ``start_calls``, ``refresh_calls``, ``disconnect_calls`` (and ``engage_calls``
    when registered with ``usesBlockingCalls``).
    """

    #: connector id → lifecycle method → calls so far (all instances, all daemons in this process).
    calls: ClassVar[dict[str, dict[str, int]]] = {}
    _calls_lock: ClassVar[threading.Lock] = threading.Lock()

    _settings: _Settings = _DEFAULTS
    _background: asyncio.Task[None] | None = None

    @classmethod
    def reset_counts(cls, connector_id: str | None = None) -> None:
        """Forget the call counts of one connector id (or of all), so "every Nth call" starts again."""
        with cls._calls_lock:
            if connector_id is None:
                cls.calls.clear()
            else:
                cls.calls.pop(connector_id, None)

    def _count(self, method: str) -> int:
        with self._calls_lock:
            counts = self.calls.setdefault(self.context.connector_id, {})
            counts[method] = number = counts.get(method, 0) + 1
            snapshot = {f"{name}_calls": value for name, value in counts.items()}
        self.context.publish_statistics(snapshot)
        return number

    def _fail_if_due(self, method: str, number: int, every: int) -> None:
        if every and number % every == 0:
            raise TrainingConnectorError(
                f"{self._settings.message} ({method} call {number}; fail_{method}_every={every})"
            )

    async def start(self) -> None:
        properties = self.context.configuration_properties
        self._settings = settings = _Settings.from_properties(properties)
        if properties:
            warn_unknown(self.context, properties, _Settings.__slots__)
        number = self._count("start")
        if settings.slow_start_s:
            await asyncio.sleep(settings.slow_start_s)
        self._fail_if_due("start", number, settings.fail_start_every)
        if settings.leave_thread_s:
            # Deliberately non-daemon and never stopped, as a careless connector might write it.
            threading.Thread(target=self._linger, name="training connector thread", daemon=False).start()
        if settings.background_error_after_s is not None:
            # Deliberately a plain asyncio task, as a connector author might write it; the daemon
            # attributes it to this connector and fails the connector when it raises.
            self._background = task = asyncio.create_task(
                self._fail_later(settings.background_error_after_s), name="training connector background task"
            )
            # The daemon's task factory takes coroutines defined inside the egeria_nb package for its
            # own machinery and does not attribute them to a connector, and this module is inside it;
            # so hand the task to the runner directly (adopting it twice is harmless).
            runner = CURRENT_RUNNER.get()
            if runner is not None:
                runner.adopt(task)

    def _linger(self) -> None:
        time.sleep(self._settings.leave_thread_s)

    async def _fail_later(self, delay: float) -> None:
        await asyncio.sleep(delay)
        raise TrainingConnectorError(f"{self._settings.message} (background task, after {delay:g} s)")

    async def refresh(self) -> None:
        settings = self._settings
        number = self._count("refresh")
        if settings.block_loop_s:
            time.sleep(settings.block_loop_s)  # noqa: ASYNC251 - blocking the loop is the point
        if settings.hang_refresh_s:
            await self._hang(settings.hang_refresh_s, settings.ignore_cancel)
        self._fail_if_due("refresh", number, settings.fail_refresh_every)

    @staticmethod
    async def _hang(seconds: float, ignore_cancel: bool) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            try:
                await asyncio.sleep(left)
            except asyncio.CancelledError:
                if not ignore_cancel:
                    raise

    def engage(self) -> None:
        self._count("engage")
        if self._settings.hang_engage_s:
            time.sleep(self._settings.hang_engage_s)

    async def disconnect(self) -> None:
        settings = self._settings
        number = self._count("disconnect")
        if self._background is not None:
            self._background.cancel()
            self._background = None
        if settings.slow_disconnect_s:
            await asyncio.sleep(settings.slow_disconnect_s)
        self._fail_if_due("disconnect", number, settings.fail_disconnect_every)
