"""How long the embedded platform keeps its change log, and the task that prunes it.

The metadata store logs every write: that log is the change feed daemons follow (``/changes``).
It keeps the newest ``keep`` changes and none older than ``max_age_s``. A task on the platform's
own loop prunes it once at start and then every ``prune_interval_s``, at most ``PRUNE_BATCH``
changes per transaction and yielding to the loop between batches, so requests are answered
while a large backlog goes. A follower whose place in the log was pruned is told so by the
feed's ``oldestSequence`` and reads every definition again.

No VACUUM, on a schedule or otherwise: SQLite reuses the pages that pruning frees for later
writes, so the file stops growing at its high-water mark. VACUUM would rewrite the whole file
(every element, not only the log), hold the write lock for the whole rewrite and need as much
free disk again. To shrink a file once, stop the platform and run ``sqlite3 metadata.db VACUUM``.
"""

from __future__ import annotations

import asyncio
import logging
import math
import numbers
from dataclasses import dataclass

from egeria_nb.embedded.ffdc import Code
from egeria_nb.embedded.store import CHANGE_LOG_KEEP, MetadataStore

__all__ = [
    "DEFAULT_MAX_AGE_S",
    "DEFAULT_PRUNE_INTERVAL_S",
    "PRUNE_BATCH",
    "ChangeLogLimits",
    "ChangeLogPruner",
]

LOGGER = logging.getLogger("egeria_nb.embedded")
# A week: a daemon that was stopped over a weekend still resumes from the log.
DEFAULT_MAX_AGE_S = 7 * 24 * 60 * 60.0
DEFAULT_PRUNE_INTERVAL_S = 300.0
# Changes dropped per transaction: one batch holds the platform's loop for milliseconds.
PRUNE_BATCH = 2_000
# How long stop() waits for the task to end; it ends at its next await, at most one batch away.
STOP_WAIT_S = 2.0


def _whole(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _seconds(value: object) -> bool:
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and math.isfinite(float(value))  # type: ignore[arg-type]
        and float(value) > 0  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class ChangeLogLimits:
    """The change log's bounds and how often they are applied, checked when made.

    Errors name the options as ``start_embedded`` takes them (``change_log_keep``, ...).
    """

    keep: int = CHANGE_LOG_KEEP
    # None: no age limit (the size limit still holds).
    max_age_s: float | None = DEFAULT_MAX_AGE_S
    prune_interval_s: float = DEFAULT_PRUNE_INTERVAL_S

    def __post_init__(self) -> None:
        if not _whole(self.keep) or self.keep < 1:
            raise Code.BAD_PLATFORM_OPTION.error(
                "change_log_keep",
                repr(self.keep),
                "a whole number of changes, at least 1",
                CHANGE_LOG_KEEP,
                "--change-log-keep COUNT",
            )
        if self.max_age_s is not None and not _seconds(self.max_age_s):
            raise Code.BAD_PLATFORM_OPTION.error(
                "change_log_max_age_s",
                repr(self.max_age_s),
                "a positive number of seconds (604800 is 7 days), or None for no age limit",
                f"{DEFAULT_MAX_AGE_S:.0f}",
                "--change-log-max-age SECONDS (or none)",
            )
        if not _seconds(self.prune_interval_s):
            raise Code.BAD_PLATFORM_OPTION.error(
                "change_log_prune_interval_s",
                repr(self.prune_interval_s),
                "a positive number of seconds",
                f"{DEFAULT_PRUNE_INTERVAL_S:.0f}",
                "--change-log-prune-interval SECONDS",
            )
        object.__setattr__(self, "keep", int(self.keep))
        object.__setattr__(self, "max_age_s", None if self.max_age_s is None else float(self.max_age_s))
        object.__setattr__(self, "prune_interval_s", float(self.prune_interval_s))


class ChangeLogPruner:
    """Prunes one store's change log now and then every ``limits.prune_interval_s``, on the running loop.

    A failed prune is logged and tried again at the next interval; it never stops the platform.
    ``runs`` and ``dropped`` count the prunes done and the changes they dropped.
    """

    def __init__(self, store: MetadataStore, limits: ChangeLogLimits, *, batch: int = PRUNE_BATCH) -> None:
        self.store = store
        self.limits = limits
        self.batch = batch
        self.runs = 0
        self.dropped = 0
        self._task: asyncio.Task[None] | None = None

    def __repr__(self) -> str:
        return f"ChangeLogPruner({self.limits!r}, runs={self.runs}, dropped={self.dropped})"

    async def prune(self) -> int:
        """Prune once, batch by batch, letting the loop serve between batches; returns how many were dropped."""
        total = 0
        while True:
            dropped = self.store.prune_changes(self.limits.keep, self.limits.max_age_s, batch=self.batch)
            total += dropped
            if dropped < self.batch:  # a short batch is the last: nothing more is due
                return total
            await asyncio.sleep(0)

    async def _run(self) -> None:
        while True:
            try:
                dropped = await self.prune()
            except Exception:
                LOGGER.warning(
                    "Pruning the change log of %s failed; the platform carries on and tries again in %g s",
                    self.store.path,
                    self.limits.prune_interval_s,
                    exc_info=True,
                )
            else:
                self.runs += 1
                self.dropped += dropped
                if dropped:
                    LOGGER.info(
                        "pruned %d changes from the change log of %s; it now starts at sequence %d",
                        dropped,
                        self.store.path,
                        self.store.oldest_sequence(""),
                    )
            await asyncio.sleep(self.limits.prune_interval_s)

    def start(self) -> None:
        """Start pruning (now, then on the schedule); call on the loop that serves the store."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="egeria_nb-change-log-pruner")

    async def stop(self) -> None:
        """Stop the schedule; returns within ``STOP_WAIT_S`` whatever the task is doing."""
        task, self._task = self._task, None
        if task is None:
            return
        task.cancel()
        await asyncio.wait({task}, timeout=STOP_WAIT_S)
