"""Waiting for connectors to reach a state: the same wait for a daemon in this kernel and one elsewhere."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import pandas as pd

from egeria_nb.daemon.status import ConnectorStatus

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
    returned when the wait is over and shown in the ``TimeoutError`` when it is not.
    """
    wanted = (
        {ConnectorStatus(status).value}
        if isinstance(status, str | ConnectorStatus)
        else {ConnectorStatus(s).value for s in status}
    )
    deadline = time.monotonic() + timeout
    while True:
        found = [str(getattr(s, "value", s)) for name, s in states() if connector_name in (None, name)]
        matching = sum(1 for s in found if s in wanted)
        if (count is not None and matching >= count) or (count is None and found and matching == len(found)):
            return table()
        if time.monotonic() >= deadline:
            frame = table()[["group", "connector_name", "status", "failing_exception_message"]]
            raise TimeoutError(
                f"connectors did not reach {', '.join(sorted(wanted))} within {timeout:g} s:\n"
                + (frame.to_string(index=False) if len(frame) else "(no connectors yet)")
            )
        time.sleep(poll_s)
