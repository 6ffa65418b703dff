"""A daemon in this kernel and one the platform runs, with the same configuration, are diagnosed alike.

The in-kernel daemon is asked directly; the platform's over Egeria's REST APIs
(``RemoteIntegrationDaemon``), as a real Egeria's Java daemon would be. Only what a daemon
elsewhere cannot tell (whether a connector blocked the event loop) and the server's name differ.
"""

from __future__ import annotations

import time

import egeria_nb as enb
from egeria_nb.diagnosis import Diagnosis
from egeria_nb.diagnosis.findings import FAILED
from tests.conftest import eventually
from tests.diagnosis.conftest import GROUP, DiagnosisEnv

LOCAL, REMOTE = "d-local", "d-remote"
STATES = {"Healthy": "WAITING", "Failing": "FAILED", "Unknown": "CONFIG_FAILED"}
# The platform's daemon restarts a failed connector (1 s, 2 s, 4 s, ... later): for the moment of a
# restart its state is not FAILED. Comparing again until the two agree rides over that moment.
AGREE_DEADLINE_S = 20.0


def rows(diagnosis: Diagnosis) -> list[tuple[str, str, str | None]]:
    """(check, result, message id) of every finding but those only a daemon in this kernel can make."""
    return [(f.check, f.result, f.message_id) for f in diagnosis.findings if not f.check.endswith(": event loop")]


def states(daemon: enb.IntegrationDaemon | enb.RemoteIntegrationDaemon) -> dict[str, str]:
    frame = daemon.status()
    return {str(name): str(status) for name, status in zip(frame["connector_name"], frame["status"], strict=True)}


def test_a_local_and_a_platform_run_daemon_give_the_same_findings(env: DiagnosisEnv) -> None:
    env.group()
    env.connector("c:healthy", "Healthy")
    env.connector("c:failing", "Failing", props={"fail_refresh_every": 1})
    env.connector("c:unknown", "Unknown", "no.such.Provider")
    for server in (LOCAL, REMOTE):
        env.configure(server)
    local = env.daemon(LOCAL)
    env.start_server(REMOTE)
    remote = enb.RemoteIntegrationDaemon(env.platform, REMOTE)
    for daemon in (local, remote):
        eventually(lambda d=daemon: states(d) == STATES, f"{daemon.server_name}'s connectors to reach {STATES}")

    deadline = time.monotonic() + AGREE_DEADLINE_S
    while True:
        here, there = local.diagnose(), remote.diagnose()
        if rows(here) == rows(there) or time.monotonic() >= deadline:
            break
        time.sleep(0.05)
    assert rows(here) == rows(there), f"in this kernel:\n{here}\n\non the platform:\n{there}"

    # What they agree on is the configuration's three faults and nothing else.
    assert [(f.check, f.message_id) for f in here.findings if f.result == FAILED] == [
        ("connector Unknown: provider", "OMAG-COMMON-400-016"),
        ("connector Failing: state", None),
    ]
    assert [f.check for f in here.findings if f.check.endswith(": event loop")] == ["connector Healthy: event loop"]
    assert not any(f.check.endswith(": event loop") for f in there.findings)
    assert here.warnings == there.warnings == []
    # The details differ where they name the daemon, and where the walk says where the daemon runs.
    for mine, theirs in zip(
        [f for f in here.findings if not f.check.endswith(": event loop")], there.findings, strict=True
    ):
        if mine.check == "daemon running":
            assert mine.detail == f"{LOCAL} is running in this kernel, with 3 connectors"
            assert theirs.detail == f"{REMOTE} is running on {env.platform.url}, with 3 connectors"
        elif mine.check in ("configuration document", "connector Unknown: provider", "connector Failing: state"):
            continue  # the server's name; the daemon's own words for a class it cannot load; the call count
        else:
            assert mine.detail == theirs.detail, (mine, theirs)
    assert f"groups configured: 1 group: {GROUP}" in str(there)
