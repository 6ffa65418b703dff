"""A daemon's one-glance HTML summary (its ``_repr_html_``): state, counts by status, the first problems."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from egeria_nb.daemon.groups import GroupSnapshot
from egeria_nb.daemon.runner import ConnectorStatistics
from egeria_nb.daemon.status import FAILED_STATES, ConnectorStatus
from egeria_nb.display import render

__all__ = ["summary_html"]

# How many failing connectors and groups the summary names; the tables have the rest.
CONNECTOR_PROBLEMS = 5
GROUP_PROBLEMS = 3


def summary_html(
    kind: str,
    server: str,
    url: str,
    *,
    running: bool,
    groups: Sequence[GroupSnapshot],
    connectors: Sequence[ConnectorStatistics],
    last_error: str | None = None,
) -> str:
    counts = Counter(s.status.value for s in connectors if s.status is not None)
    order = [s.value for s in ConnectorStatus]
    problems = [
        (s.connector_name, s.failing_exception_message)
        for s in connectors
        if s.status in FAILED_STATES and s.failing_exception_message
    ][:CONNECTOR_PROBLEMS]
    problems += [(g.qualified_name, g.last_error) for g in groups if g.last_error][:GROUP_PROBLEMS]
    if last_error:
        problems.append((server, last_error))
    return render(
        "daemon_summary.html.j2",
        kind=kind,
        server=server,
        url=url,
        running=running,
        groups=len(groups),
        total=len(connectors),
        counts=sorted(counts.items(), key=lambda kv: order.index(kv[0])),
        problems=problems,
    )
