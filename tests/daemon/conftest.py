"""Shared by the daemon tests: a connector that reports what the daemon did to it, and a daemon set up around it.

Everything runs for real: the embedded platform over loopback HTTP, group and
connector definitions in its metadata store, the daemon on its own loop thread.
The test connector (``Probe``) records every lifecycle call and does what the
test asks, either through its connection's configuration properties (part of
the definition, so changing them is a definition change) or through switches
the test flips while the daemon runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import egeria_nb as enb
from egeria_nb.daemon import ConnectorRegistry, IntegrationConnector, register_connector
from egeria_nb.daemon.registry import DEFAULT_REGISTRY
from tests.conftest import Raw, eventually

MD = "active-metadata-store"
SERVER = "integration-daemon"
GROUP = "Egeria:IntegrationGroup:Test"
PROVIDER = "tests.daemon.Probe"
# Generous: these bound waits for things that happen in milliseconds, so a busy machine cannot fail a test.
DEADLINE_S = 20.0
# Thread names the daemon owns (loop, watchdog) and those of blocking connectors' engage() workers.
DAEMON_THREAD_PREFIXES = ("egeria_nb-daemon", "egeria_nb-engage")


def daemon_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(DAEMON_THREAD_PREFIXES)]


@dataclass(frozen=True)
class Call:
    method: str
    connector: str
    instance: int
    thread: str
    time: datetime


@dataclass
class Probe:
    """What the test connectors did, and switches that change what they do next."""

    calls: list[Call] = field(default_factory=list)
    # connector name -> lifecycle methods that raise RuntimeError("<method> failed on purpose").
    failing: dict[str, set[str]] = field(default_factory=dict)
    # (connector name, method) -> gate the method waits on (without blocking the loop) before returning.
    gates: dict[tuple[str, str], threading.Event] = field(default_factory=dict)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def new_instance(self) -> int:
        with self._lock:
            return next(self._ids)

    def record(self, method: str, connector: str, instance: int) -> None:
        with self._lock:
            self.calls.append(Call(method, connector, instance, threading.current_thread().name, datetime.now(UTC)))

    def of(self, method: str | None = None, connector: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if method in (None, c.method) and connector in (None, c.connector)]

    def count(self, method: str, connector: str | None = None) -> int:
        return len(self.of(method, connector))

    def instances(self, connector: str) -> list[int]:
        """Connector instances that were started, in order."""
        return [c.instance for c in self.of("start", connector)]

    def gate(self, connector: str, method: str) -> threading.Event:
        event = threading.Event()
        self.gates[(connector, method)] = event
        return event

    def open_all_gates(self) -> None:
        for event in self.gates.values():
            event.set()


def probe_class(probe: Probe) -> type[IntegrationConnector]:
    """A connector class bound to ``probe``. Configuration properties it understands:

    * ``fail``: list of methods that raise;  * ``hang``: list of methods that never return (await forever);
    * ``block_s``: seconds refresh() blocks the event loop with time.sleep;
    * ``background``: "fail" to start an asyncio task (plain ``asyncio.create_task``) that raises.
    """

    class ProbeConnector(IntegrationConnector):
        def __init__(self) -> None:
            self.instance = probe.new_instance()

        async def _act(self, method: str) -> None:
            name = self.context.connector_name
            probe.record(method, name, self.instance)
            props = self.context.configuration_properties
            gate = probe.gates.get((name, method))
            # The gate is a threading.Event set from the test's thread; polling it keeps the loop turning.
            while gate is not None and not gate.is_set():  # noqa: ASYNC110
                await asyncio.sleep(0.01)
            if method in props.get("hang", ()):
                await asyncio.sleep(3600)
            if method in props.get("fail", ()) or method in probe.failing.get(name, ()):
                raise RuntimeError(f"{method} failed on purpose")

        async def start(self) -> None:
            await self._act("start")
            if self.context.configuration_properties.get("background") == "fail":
                asyncio.create_task(self._explode(), name="probe-background")  # noqa: RUF006 - the daemon adopts it

        async def _explode(self) -> None:
            await asyncio.sleep(0.05)
            raise ValueError("the background task broke")

        async def refresh(self) -> None:
            await self._act("refresh")
            block_s = self.context.configuration_properties.get("block_s")
            if block_s:
                time.sleep(block_s)  # noqa: ASYNC251 - deliberately blocks the daemon's loop
            self.context.publish_statistics(refreshes=probe.count("refresh", self.context.connector_name))

        def engage(self) -> None:
            name = self.context.connector_name
            probe.record("engage", name, self.instance)
            if "engage" in self.context.configuration_properties.get("fail", ()) or "engage" in probe.failing.get(
                name, ()
            ):
                raise RuntimeError("engage failed on purpose")
            if "engage" in self.context.configuration_properties.get("hang", ()):
                time.sleep(1.0)  # longer than the test's engage deadline; the worker thread is abandoned
            time.sleep(0.01)

        async def disconnect(self) -> None:
            await self._act("disconnect")

    ProbeConnector.__name__ = ProbeConnector.__qualname__ = "ProbeConnector"
    return ProbeConnector


class DaemonEnv:
    """A metadata server with one group, a daemon configuration naming it, and daemons that are stopped afterwards."""

    def __init__(self, platform: enb.EmbeddedPlatform, registry: ConnectorRegistry, probe: Probe) -> None:
        self.platform = platform
        self.registry = registry
        self.probe = probe
        self.daemons: list[enb.IntegrationDaemon] = []

    def group(self, qualified_name: str = GROUP, *, configure: bool = True, description: str | None = None) -> str:
        guid = enb.create_group_definition(self.platform, MD, qualified_name, description=description)
        if configure:
            self.configure(qualified_name)
        return guid

    def configure(self, qualified_name: str = GROUP, *, metadata_server: str = MD, url: str | None = None) -> None:
        enb.configure_integration_group(
            self.platform,
            SERVER,
            enb.IntegrationGroupConfig(
                integration_group_qualified_name=qualified_name,
                omag_server_name=metadata_server,
                omag_server_platform_root_url=url or self.platform.url,
            ),
        )

    def connector(
        self,
        qualified_name: str,
        name: str | None = None,
        *,
        props: dict[str, Any] | None = None,
        blocking: bool = False,
        provider: str = PROVIDER,
        interval: int = 0,
        group: str = GROUP,
        **registration: Any,
    ) -> str:
        """Define a connector and register it in ``group`` as ``name``; returns the registration GUID."""
        enb.create_connector_definition(
            self.platform,
            MD,
            qualified_name,
            provider,
            configuration_properties=props,
            endpoint_address=f"probe://{qualified_name}",
            uses_blocking_calls=blocking,
        )
        return enb.register_integration_connector(
            self.platform,
            MD,
            group,
            qualified_name,
            name or qualified_name,
            refresh_time_interval=interval,
            **registration,
        )

    def daemon(self, **options: Any) -> enb.IntegrationDaemon:
        options.setdefault("registry", self.registry)
        options.setdefault("poll_interval_s", 0.2)
        options.setdefault("seconds_per_minute", 0.1)
        options.setdefault("engage_pause_s", 0.02)
        options.setdefault("restart_policy", enb.RestartPolicy(initial_delay_s=0.1, max_delay_s=0.5))
        daemon = enb.IntegrationDaemon(self.platform, options.pop("server_name", SERVER), **options)
        self.daemons.append(daemon)
        return daemon

    def started(self, **options: Any) -> enb.IntegrationDaemon:
        return self.daemon(**options).start()


@pytest.fixture
def platform(data_dir: Path) -> Iterator[enb.EmbeddedPlatform]:
    with enb.start_embedded(data_dir) as p:
        yield p


@pytest.fixture
def probe() -> Iterator[Probe]:
    p = Probe()
    yield p
    p.open_all_gates()


@pytest.fixture
def registry(probe: Probe) -> ConnectorRegistry:
    r = ConnectorRegistry()
    register_connector(PROVIDER, registry=r)(probe_class(probe))
    return r


@pytest.fixture
def env(platform: enb.EmbeddedPlatform, registry: ConnectorRegistry, probe: Probe) -> Iterator[DaemonEnv]:
    e = DaemonEnv(platform, registry, probe)
    yield e
    probe.open_all_gates()
    for daemon in e.daemons:
        daemon.stop()
    # Every daemon stopped: none of its threads may outlive it (engage workers finish their current call first).
    eventually(lambda: not daemon_threads(), f"daemon threads to end, still alive: {daemon_threads()}")
    # Nothing the daemon started may fail unobserved (a task whose exception nobody retrieved is
    # reported when it is garbage-collected, so collect now).
    gc.collect()
    for daemon in e.daemons:
        unhandled = [m for m in history_messages(daemon) if m.startswith("unhandled on the loop")]
        assert not unhandled, unhandled


def history_messages(daemon: enb.IntegrationDaemon, connector: str | None = None) -> list[str]:
    frame = daemon.history()
    if connector is not None:
        frame = frame[frame["connector"] == connector]
    return [str(m) for m in frame["message"]]


def row(daemon: enb.IntegrationDaemon, connector: str) -> dict[str, Any]:
    """The connector's row of the status table, as a dict; fails if there is no such row."""
    frame = daemon.status()
    rows = frame[frame["connector_name"] == connector]
    assert len(rows) == 1, f"expected one row for {connector!r}:\n{frame.to_string()}"
    return rows.iloc[0].to_dict()


def status_of(daemon: enb.IntegrationDaemon, connector: str) -> str | None:
    frame = daemon.status()
    rows = frame[frame["connector_name"] == connector]
    return str(rows.iloc[0]["status"]) if len(rows) else None


# -- the daemon the embedded platform runs itself (start_server), seen over REST --------------------------

DAEMON_SERVICES = f"/servers/{SERVER}/open-metadata/integration-daemon"


@pytest.fixture
def hosted(env: DaemonEnv, raw: Raw) -> Iterator[DaemonEnv]:
    """The test connector registered where the platform's own daemons look (the process-wide registry)."""
    DEFAULT_REGISTRY.register(PROVIDER, probe_class(env.probe))
    yield env
    with contextlib.suppress(enb.EgeriaError):
        enb.stop_server(env.platform, SERVER)
    DEFAULT_REGISTRY.unregister(PROVIDER)


def start_hosted(env: DaemonEnv) -> None:
    answer = enb.start_server(env.platform, SERVER)
    assert "Integration Daemon Services" in answer


def daemon_status(raw: Raw) -> dict[str, Any]:
    """``integrationDaemonStatus`` from GET /status, checked to be a success."""
    answer = raw("GET", DAEMON_SERVICES + "/status")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["class"], body["relatedHTTPCode"]) == ("IntegrationDaemonStatusResponse", 200), body
    return body["integrationDaemonStatus"]


def reports(raw: Raw) -> dict[str, dict[str, Any]]:
    """The daemon-wide connector reports, by connector name (Egeria leaves the list out when it is empty)."""
    return {r["connectorName"]: r for r in daemon_status(raw).get("integrationConnectorReports", [])}


def wait_for_reports(raw: Raw, **states: str) -> dict[str, dict[str, Any]]:
    """Poll /status until each named connector reports the given ``connectorStatus``."""

    def reached() -> dict[str, dict[str, Any]] | None:
        found = reports(raw)
        ok = all(found.get(name, {}).get("connectorStatus") == state for name, state in states.items())
        return found if ok else None

    return eventually(reached, f"connectors to reach {states}")
