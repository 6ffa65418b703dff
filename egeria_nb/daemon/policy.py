"""How the daemon supervises connectors: restart back-off and lifecycle-call deadlines.

Defaults suit a notebook: failed connectors come back by themselves, quickly
at first and then at most once a minute, and no lifecycle call can hold the
daemon for long. ``RestartPolicy.egeria()`` switches automatic restarts off,
which is how Egeria's own daemon behaves (it retries only INITIALIZE_FAILED).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from egeria_nb.arguments import checked
from egeria_nb.catalogue import Code

__all__ = ["RestartPolicy", "Timeouts"]


def check_seconds(name: str, value: float, *, allow_zero: bool = False) -> None:
    """A number of seconds above zero (or at least zero), finite; else ``EGERIA-NB-DAEMON-400-001`` naming it."""
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value < 0 or (value == 0 and not allow_zero):
        raise Code.NOT_SECONDS.error(name, repr(value), "non-negative" if allow_zero else "positive")


@checked
@dataclass(frozen=True)
class RestartPolicy:
    """Capped exponential back-off for restarting failed connectors.

    The n-th restart in a row waits ``initial_delay_s * factor**(n-1)`` seconds,
    at most ``max_delay_s``. A connector that has been healthy for
    ``reset_after_s`` starts again from the initial delay. ``max_restarts``
    (None = no limit) stops trying after that many restarts in a row.
    """

    enabled: bool = True
    initial_delay_s: float = 1.0
    factor: float = 2.0
    max_delay_s: float = 60.0
    max_restarts: int | None = None
    reset_after_s: float = 60.0

    def __post_init__(self) -> None:
        check_seconds("initial_delay_s", self.initial_delay_s, allow_zero=True)
        check_seconds("max_delay_s", self.max_delay_s, allow_zero=True)
        check_seconds("reset_after_s", self.reset_after_s, allow_zero=True)
        if not isinstance(self.factor, int | float) or self.factor < 1:
            raise Code.BAD_BACKOFF_FACTOR.error(repr(self.factor))
        if self.max_restarts is not None and (not isinstance(self.max_restarts, int) or self.max_restarts < 0):
            raise Code.BAD_MAX_RESTARTS.error(repr(self.max_restarts))

    @classmethod
    def egeria(cls) -> RestartPolicy:
        """No automatic restarts: a failed connector waits for restart(), as in Egeria.

        As in Egeria, a connector whose context could not be set (``INITIALIZE_FAILED``,
        usually because its metadata server was away) is still retried, every second.
        """
        return cls(enabled=False)

    def delay_s(self, consecutive_restarts: int) -> float | None:
        """Seconds to wait before the next restart, or None if there should be none.

        ``RestartPolicy().delay_s(3)`` is 8.0: 1 s doubled for each of three restarts in a row.
        """
        if not self.enabled:
            return None
        if self.max_restarts is not None and consecutive_restarts >= self.max_restarts:
            return None
        return min(self.max_delay_s, self.initial_delay_s * self.factor ** max(0, consecutive_restarts))


@checked
@dataclass(frozen=True)
class Timeouts:
    """Deadlines, in seconds, for each lifecycle call of a connector.

    A call that overruns becomes ``FAILED`` with "timed out after N s". A
    coroutine that never awaits cannot be interrupted; the loop-block detector
    names it instead. ``engage`` runs in a worker thread, which is abandoned if
    it overruns.
    """

    start_s: float = 30.0
    refresh_s: float = 120.0
    engage_s: float = 120.0
    disconnect_s: float = 10.0

    def __post_init__(self) -> None:
        for name in ("start_s", "refresh_s", "engage_s", "disconnect_s"):
            check_seconds(name, getattr(self, name))
