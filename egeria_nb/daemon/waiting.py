"""Waiting for connectors to reach a state: the same wait for a daemon in this kernel and one elsewhere."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from egeria_nb.catalogue import Code
from egeria_nb.daemon.runner import ConnectorStatistics
from egeria_nb.daemon.status import FAILED_STATES, ConnectorStatus
from egeria_nb.errors import PropertyServerError

__all__ = ["wait_for_status"]

# How often the states are looked at while waiting.
POLL_S = 0.05
# A failed connector with no restart scheduled must look so for this long before the wait gives up: the
# daemon publishes FAILED a moment before it schedules the restart.
SETTLED_S = 0.25


@dataclass
class _Failure:
    """What the wait saw of one failed connector."""

    restarts: int
    message: str | None
    changed: object
    since: float


def wait_for_status(
    snapshots: Callable[[], Iterable[ConnectorStatistics]],
    table: Callable[[], pd.DataFrame],
    status: str | ConnectorStatus | Iterable[str | ConnectorStatus],
    connector_name: str | None,
    *,
    count: int | None,
    timeout_s: float,
    loading: Callable[[], list[str]] = list,
    poll_s: float = POLL_S,
) -> pd.DataFrame:
    """Wait until ``connector_name`` (or every connector, or ``count`` of them) is in ``status``.

    ``snapshots`` gives the connectors' records cheaply; ``table`` is the status table,
    returned when the wait is over (only the named connector's rows, if one is named) and
    shown in the error when it is not. ``loading`` names the configured groups whose definitions
    have not been read yet: a wait for every connector holds until there are none, since their
    connectors are not known until then.

    The wait ends early, with ``PropertyServerError`` (``EGERIA-NB-DAEMON-500-001``) naming the
    connector and its failure, once a connector it waits for is failed beyond what waiting
    can cure: no restart is coming, the next one is after the deadline, or a restart failed
    again with the same message.
    """
    wanted = {_status(s) for s in ([status] if isinstance(status, str | ConnectorStatus) else list(status))}
    waits_for_failure = any(ConnectorStatus(s) in FAILED_STATES for s in wanted)
    deadline = time.monotonic() + timeout_s
    failures: dict[tuple[str, str], _Failure] = {}
    while True:
        # Groups first: a group that has read its definition has published its connectors already.
        unread = loading() if count is None and connector_name is None else []
        records = [s for s in snapshots() if connector_name in (None, s.connector_name)]
        found = [str(getattr(s.status, "value", s.status)) for s in records]
        matching = sum(1 for s in found if s in wanted)
        every = count is None and found and matching == len(found) and not unread
        if (count is not None and matching >= count) or every:
            frame = table()
            if connector_name is None:
                return frame
            return frame[frame["connector_name"] == connector_name].reset_index(drop=True)
        if not waits_for_failure:
            hopeless = _hopeless(records, failures, deadline)
            if hopeless is not None:
                raise _failed(*hopeless, wanted)
        if time.monotonic() >= deadline:
            frame = table()[["group", "connector_name", "status", "failing_exception_message"]]
            still = f"\n(groups whose definitions were not read yet: {', '.join(unread)})" if unread else ""
            raise TimeoutError(
                f"connectors did not reach {', '.join(sorted(wanted))} within {timeout_s:g} s:\n"
                + (frame.to_string(index=False) if len(frame) else "(no connectors yet)")
                + still
            )
        time.sleep(poll_s)


def _hopeless(
    records: list[ConnectorStatistics], failures: dict[tuple[str, str], _Failure], deadline: float
) -> tuple[ConnectorStatistics, str] | None:
    """The first connector whose failure waiting cannot cure, and why; updates what was seen of each failure."""
    clock = time.monotonic()
    for record in records:
        key = (record.group, record.connector_name)
        if record.status not in FAILED_STATES:
            continue
        seen = failures.get(key)
        if seen is not None and record.restarts > seen.restarts and record.failing_exception_message == seen.message:
            times = f"{record.restarts} time{'s' if record.restarts != 1 else ''}"
            return record, f"it was restarted ({times}) and failed the same way again"
        if seen is None or record.restarts != seen.restarts or record.last_status_change != seen.changed:
            failures[key] = _Failure(
                record.restarts, record.failing_exception_message, record.last_status_change, clock
            )
            seen = failures[key]
        if record.next_restart is not None:
            if record.next_restart.timestamp() - time.time() > deadline - clock:
                return record, "its next restart comes after the wait's deadline"
        elif clock - seen.since >= SETTLED_S:
            # The restart policy, abandoned calls, or a daemon elsewhere that does not restart (Egeria's).
            return record, "no restart is coming"
    return None


def _failed(record: ConnectorStatistics, later: str, wanted: set[str]) -> PropertyServerError:
    state = getattr(record.status, "value", record.status)
    why = record.failing_exception_message or state
    reach = ", ".join(sorted(wanted))
    return Code.CONNECTOR_WILL_NOT_GET_THERE.error(record.connector_name, record.group, state, why, reach, later)


def _status(value: object) -> str:
    """A connector state by its Egeria name, or the error that lists them."""
    try:
        return ConnectorStatus(value).value
    except ValueError:
        known = ", ".join(s.value for s in ConnectorStatus)
        raise Code.NOT_A_CONNECTOR_STATE.error(repr(value), known) from None
