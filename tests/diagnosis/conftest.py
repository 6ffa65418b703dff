"""Shared by the diagnosis tests: a metadata server with one group, daemons around it, and waiting on diagnoses.

Everything is real: the embedded platform over loopback HTTP, definitions in its metadata store,
daemons in this process (``IntegrationDaemon``) and ones the platform runs itself (``start_server``).
The connectors are ``egeria_nb.connectors.training.TrainingConnector``, which misbehaves as its
configuration properties say.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import egeria_nb as enb
from egeria_nb.diagnosis import Diagnosis, Finding
from tests.conftest import eventually
from tests.daemon.conftest import daemon_threads

MD = "active-metadata-store"
SERVER = "integration-daemon"
GROUP = "Egeria:IntegrationGroup:Diagnosis"
TRAINING = "egeria_nb.connectors.training.TrainingConnector"
FOLDER = "egeria_nb.connectors.files.FolderCataloguer"
# How long a fix may take to show in the next diagnosis: the daemon reads changes in milliseconds.
FIX_DEADLINE_S = 30.0


def until(
    diagnose: Callable[[], Diagnosis],
    condition: Callable[[Diagnosis], bool],
    what: str,
    timeout: float = FIX_DEADLINE_S,
) -> Diagnosis:
    """Diagnose again until ``condition`` holds; fail showing the last diagnosis if it does not in time."""
    deadline = time.monotonic() + timeout
    while True:
        diagnosis = diagnose()
        if condition(diagnosis):
            return diagnosis
        if time.monotonic() >= deadline:
            raise AssertionError(f"within {timeout:g} s: {what}; the last diagnosis:\n{diagnosis}")
        time.sleep(0.05)


def until_ok(diagnose: Callable[[], Diagnosis], timeout: float = FIX_DEADLINE_S) -> Diagnosis:
    return until(diagnose, lambda d: d.ok, "the diagnosis to be ok", timeout)


def row(diagnosis: Diagnosis, check: str) -> Finding:
    """The one finding of ``check``; fails showing the diagnosis if there is none or several."""
    found = [f for f in diagnosis.findings if f.check == check]
    assert len(found) == 1, f"expected one {check!r} row:\n{diagnosis}"
    return found[0]


class DiagnosisEnv:
    """Group and connector definitions, daemon configurations, and the daemons, stopped afterwards."""

    def __init__(self, platform: enb.EmbeddedPlatform) -> None:
        self.platform = platform
        self.daemons: list[enb.IntegrationDaemon] = []
        self.hosted: list[str] = []

    def configure(self, server: str = SERVER, group: str = GROUP) -> None:
        enb.configure_integration_group(
            self.platform,
            server,
            enb.IntegrationGroupConfig(
                integration_group_qualified_name=group,
                omag_server_name=MD,
                omag_server_platform_root_url=self.platform.url,
            ),
        )

    def group(self, group: str = GROUP) -> str:
        return enb.create_group_definition(self.platform, MD, group)

    def connector(
        self,
        qualified_name: str,
        name: str,
        provider: str = TRAINING,
        *,
        props: dict[str, Any] | None = None,
        endpoint: str | None = None,
        group: str = GROUP,
    ) -> None:
        """Define a connector and register it in ``group`` as ``name``."""
        enb.create_connector_definition(
            self.platform, MD, qualified_name, provider, configuration_properties=props, endpoint_address=endpoint
        )
        enb.register_integration_connector(self.platform, MD, group, qualified_name, name)

    def daemon(self, server: str = SERVER, **options: Any) -> enb.IntegrationDaemon:
        """A daemon in this kernel, started; failed connectors stay failed, as in Egeria, unless told otherwise."""
        options.setdefault("restart_policy", enb.RestartPolicy.egeria())
        options.setdefault("seconds_per_minute", 0.1)
        options.setdefault("poll_interval_s", 0.2)
        daemon = enb.IntegrationDaemon(self.platform, server, **options)
        self.daemons.append(daemon)
        return daemon.start()

    def start_server(self, server: str = SERVER) -> None:
        """The platform runs the daemon itself."""
        self.hosted.append(server)
        enb.start_server(self.platform, server)

    def close(self) -> None:
        for daemon in self.daemons:
            daemon.stop()
        for server in self.hosted:
            with contextlib.suppress(enb.EgeriaError):
                enb.stop_server(self.platform, server)
        eventually(lambda: not daemon_threads(), f"daemon threads to end, still alive: {daemon_threads()}")


@pytest.fixture
def env(platform: enb.EmbeddedPlatform) -> Iterator[DiagnosisEnv]:
    e = DiagnosisEnv(platform)
    yield e
    e.close()
