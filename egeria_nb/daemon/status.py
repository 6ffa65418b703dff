"""Connector and group states, with Egeria's names and order (egeria-wire.md §3.5).

Names are what travels (JSON carries the constant name); the order is
Egeria's 5.0+ ordinal order, used to sort status tables.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["FAILED_STATES", "ConnectorStatus", "GroupStatus"]


class ConnectorStatus(StrEnum):
    """A connector's state under a daemon, with Egeria's names for them.

    A string enum, so it compares with the text tables show: ``status == "FAILED"``. ``WAITING`` (between
    refreshes) and ``RUNNING`` (a blocking connector, engaged) are the healthy states; ``FAILED``,
    ``CONFIG_FAILED`` and ``INITIALIZE_FAILED`` are failures. ``display_name`` is the wording of Egeria's status
    reports.
    """

    # The connector instance exists and its context is set; not started yet (or waiting for its start date).
    INITIALIZED = "INITIALIZED"
    # Started (non-blocking connector), and after each successful refresh.
    WAITING = "WAITING"
    # refresh() is running.
    REFRESHING = "REFRESHING"
    # Started and engaged (blocking connector).
    RUNNING = "RUNNING"
    # disconnect() succeeded: removed, restarted, past its stop date, or the daemon stopped.
    STOPPED = "STOPPED"
    # Setting the context failed (e.g. the metadata server could not be reached).
    INITIALIZE_FAILED = "INITIALIZE_FAILED"
    # The connector could not be created (unknown provider, bad connection, not a connector).
    CONFIG_FAILED = "CONFIG_FAILED"
    # Defined by Egeria but never set there; kept so tables list every Egeria state.
    SHUTDOWN = "SHUTDOWN"
    # start(), refresh(), engage() or disconnect() raised or timed out.
    FAILED = "FAILED"

    @property
    def display_name(self) -> str:
        """The state as Egeria's status reports word it, e.g. ``Connector Failed``."""
        return _DISPLAY[self]


_DISPLAY = {
    ConnectorStatus.INITIALIZED: "Initialized",
    ConnectorStatus.WAITING: "Waiting",
    ConnectorStatus.REFRESHING: "Refreshing",
    ConnectorStatus.RUNNING: "Running",
    ConnectorStatus.STOPPED: "Stopped",
    ConnectorStatus.INITIALIZE_FAILED: "Initialize Failed",
    ConnectorStatus.CONFIG_FAILED: "Configuration Failed",
    ConnectorStatus.SHUTDOWN: "Shutdown",
    ConnectorStatus.FAILED: "Connector Failed",
}

FAILED_STATES = frozenset({ConnectorStatus.INITIALIZE_FAILED, ConnectorStatus.CONFIG_FAILED, ConnectorStatus.FAILED})


class GroupStatus(StrEnum):
    # Configured, definition not read yet (or not found on the metadata server).
    ASSIGNED = "ASSIGNED"
    # The definition was found; its connectors are being set up.
    CONFIGURING = "CONFIGURING"
    # At least one connector is managed for the group.
    RUNNING = "RUNNING"
    # The metadata server could not be read; the daemon keeps retrying.
    FAILED = "FAILED"
    DISABLED = "DISABLED"
