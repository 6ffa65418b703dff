"""A process running an in-kernel daemon with one misbehaving connector, for the clean-exit tests.

``python -m tests.reliability.misbehaving_daemon KIND ACTION DATA_DIR``

* KIND - ``hung-engage``, ``swallowed-cancel``, ``blocked-loop`` or ``leftover-thread``
  (the training connector's configuration for each is in ``MISBEHAVIOURS``).
* ACTION - ``stop``: ``daemon.stop(timeout_s=5)``, then let the process end by itself;
  ``wait``: wait to be signalled.

Prints ``READY`` once the misbehaviour is under way, ``STOPPED <seconds>`` when ``stop`` returns,
then the daemon's history, one ``HISTORY`` line per event.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

import egeria_nb as enb

MD = "active-metadata-store"
SERVER = "integration-daemon"
GROUP = "Egeria:IntegrationGroup:Misbehaving"
PROVIDER = "egeria_nb.connectors.training.TrainingConnector"
FOREVER_S = 3600
# Configuration properties and usesBlockingCalls for each misbehaviour.
MISBEHAVIOURS: dict[str, tuple[dict[str, Any], bool]] = {
    "hung-engage": ({"hang_engage_s": FOREVER_S}, True),
    "swallowed-cancel": ({"hang_refresh_s": FOREVER_S, "ignore_cancel": True}, False),
    "blocked-loop": ({"block_loop_s": FOREVER_S}, False),
    "leftover-thread": ({"leave_thread_s": FOREVER_S}, False),
}
DEADLINE_S = 30.0


def define(platform: enb.Platform, kind: str) -> None:
    """The misbehaving connector in a group, and the daemon's configuration naming the group."""
    properties, blocking = MISBEHAVIOURS[kind]
    enb.create_group_definition(platform, MD, GROUP)
    enb.create_connector_definition(
        platform, MD, "misbehaving", PROVIDER, configuration_properties=properties, uses_blocking_calls=blocking
    )
    enb.register_integration_connector(platform, MD, GROUP, "misbehaving", "misbehaving")
    enb.configure_integration_group(
        platform,
        SERVER,
        enb.IntegrationGroupConfig(
            integration_group_qualified_name=GROUP, omag_server_name=MD, omag_server_platform_root_url=platform.url
        ),
    )


def under_way(kind: str, daemon: enb.IntegrationDaemon | enb.RemoteIntegrationDaemon) -> bool:
    """True once the connector misbehaves: the call that misbehaves has been counted (or start() is over)."""
    rows = daemon.statistics("misbehaving")
    if not rows:
        return False
    calls = rows[0].statistics
    if kind == "hung-engage":
        return calls.get("engage_calls", 0) >= 1
    if kind in ("swallowed-cancel", "blocked-loop"):
        return calls.get("refresh_calls", 0) >= 1
    return rows[0].status in (enb.ConnectorStatus.WAITING, enb.ConnectorStatus.REFRESHING)


def main(kind: str, action: str, data_dir: str) -> None:
    with enb.start_embedded(data_dir) as platform:
        define(platform, kind)
        # Deadlines far beyond the test: stop() itself must deal with the misbehaviour.
        timeouts = enb.Timeouts(refresh_s=FOREVER_S, engage_s=FOREVER_S)
        daemon = enb.IntegrationDaemon(platform, SERVER, timeouts=timeouts, poll_interval_s=0.2).start()
        deadline = time.monotonic() + DEADLINE_S
        while not under_way(kind, daemon):
            if time.monotonic() > deadline:
                sys.exit(f"the misbehaviour {kind} did not start within {DEADLINE_S} s")
            time.sleep(0.05)
        print("READY", flush=True)
        if action == "wait":
            threading.Event().wait()
        if kind == "blocked-loop":
            # A control call cannot reach the blocked loop: it must fail soon, naming the connector.
            asked = time.monotonic()
            try:
                daemon.refresh()
            except enb.DaemonBlockedError as error:
                print(f"CONTROL {time.monotonic() - asked:.3f} {error.message_id} {error}", flush=True)
        started = time.monotonic()
        daemon.stop(timeout_s=5)
        print(f"STOPPED {time.monotonic() - started:.3f}", flush=True)
        if kind == "blocked-loop":
            try:  # the old loop is still blocked: a second one beside it is refused
                daemon.start()
            except enb.DaemonBlockedError as error:
                print(f"RESTART {error.message_id}", flush=True)
        for message in daemon.history()["message"]:
            print(f"HISTORY {message}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
