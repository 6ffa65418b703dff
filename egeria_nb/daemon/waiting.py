"""Waiting for connectors to reach a state: the same wait for a daemon in this kernel and one elsewhere."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import pandas as pd

from egeria_nb.daemon.status import ConnectorStatus
from egeria_nb.errors import InvalidParameterError

__all__ = ["wait_for_status"]

# How often the states are looked at while waiting.
POLL_S = 0.05


def wait_for_status(
    states: Callable[[], Iterable[tuple[str | None, ConnectorStatus | str | None]]],
    table: Callable[[], pd.DataFrame],
    status: str | ConnectorStatus | Iterable[str | ConnectorStatus],
    connector_name: str | None,
    *,
    count: int | None,
    timeout: float,
    poll_s: float = POLL_S,
) -> pd.DataFrame:
    """Wait until ``connector_name`` (or every connector, or ``count`` of them) is in ``status``.

    ``states`` gives (connector name, status) pairs cheaply; ``table`` is the status table,
    returned when the wait is over (only the named connector's rows, if one is named) and
    shown in the ``TimeoutError`` when it is not.
    """
    wanted = {_status(s) for s in ([status] if isinstance(status, str | ConnectorStatus) else list(status))}
    deadline = time.monotonic() + timeout
    while True:
        found = [str(getattr(s, "value", s)) for name, s in states() if connector_name in (None, name)]
        matching = sum(1 for s in found if s in wanted)
        if (count is not None and matching >= count) or (count is None and found and matching == len(found)):
            frame = table()
            if connector_name is None:
                return frame
            return frame[frame["connector_name"] == connector_name].reset_index(drop=True)
        if time.monotonic() >= deadline:
            frame = table()[["group", "connector_name", "status", "failing_exception_message"]]
            raise TimeoutError(
                f"connectors did not reach {', '.join(sorted(wanted))} within {timeout:g} s:\n"
                + (frame.to_string(index=False) if len(frame) else "(no connectors yet)")
            )
        time.sleep(poll_s)


def _status(value: object) -> str:
    """A connector state by its Egeria name, or the error that lists them."""
    try:
        return ConnectorStatus(value).value
    except ValueError:
        known = ", ".join(s.value for s in ConnectorStatus)
        raise InvalidParameterError(
            f"EGERIA-NB-DAEMON-400-007 {value!r} is not a connector state",
            message_id="EGERIA-NB-DAEMON-400-007",
            user_action=f"Wait for one of Egeria's connector states: {known}.",
        ) from None
