"""Shared by the built-in connector tests: a daemon running real connectors against real folders and databases.

Every test defines a group, connectors and registrations on the embedded platform with the
public functions, runs an ``IntegrationDaemon`` in this process, changes files or databases
in a temporary folder, and reads the catalog back over HTTP.

Connectors are registered with a refresh interval of 0 (refresh once at start), so they only
refresh when a test asks: ``Deployment.refresh`` then waits for exactly that refresh.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import egeria_nb as enb
from egeria_nb.metadata.catalog import MetadataCatalog
from tests.conftest import eventually

MD = "active-metadata-store"
SERVER = "integration-daemon"
GROUP = "Egeria:IntegrationGroup:ConnectorTests"
# Generous: these bound waits for things that take milliseconds, so a busy machine cannot fail a test.
DEADLINE_S = 20.0


class Deployment:
    """One group on the metadata server, its connectors, and a daemon that runs them."""

    def __init__(self, platform: enb.EmbeddedPlatform, groups: tuple[str, ...] = (GROUP,)) -> None:
        """Define the groups (unless they exist) and configure the daemon to run them."""
        self.platform = platform
        self.catalog = MetadataCatalog(platform, MD).blocking
        self.daemon: enb.IntegrationDaemon | None = None
        for group in groups:
            if self.catalog.find_element("IntegrationGroup", group) is None:
                enb.create_integration_group(platform, MD, group)
        enb.configure_integration_groups(
            platform,
            SERVER,
            [
                enb.IntegrationGroupConfig(
                    integration_group_qualified_name=group,
                    omag_server_name=MD,
                    omag_server_platform_root_url=platform.url,
                )
                for group in groups
            ],
        )

    def connector(
        self, name: str, provider: str, endpoint: str | Path | None = None, properties: dict[str, Any] | None = None
    ) -> None:
        qualified_name = f"egeria_nb:test:{name}"
        enb.create_integration_connector(
            self.platform,
            MD,
            qualified_name,
            provider,
            properties,
            None if endpoint is None else str(endpoint),
        )
        enb.register_integration_connector(self.platform, MD, GROUP, qualified_name, name, refresh_time_interval=0)

    def start(self, **options: Any) -> enb.IntegrationDaemon:
        """Start the daemon (connectors are left to the default restart policy of Egeria: none)."""
        options.setdefault("poll_interval", 0.2)
        options.setdefault("seconds_per_minute", 0.1)
        options.setdefault("restart_policy", enb.RestartPolicy.egeria())
        self.daemon = enb.IntegrationDaemon(self.platform, SERVER, **options).start()
        return self.daemon

    # -- reading the daemon ---------------------------------------------------------------------------------

    def row(self, name: str) -> dict[str, Any]:
        assert self.daemon is not None
        frame = self.daemon.status()
        rows = frame[frame["connector_name"] == name]
        return rows.iloc[0].to_dict() if len(rows) else {}

    def status(self, name: str) -> str | None:
        row = self.row(name)
        return str(row["status"]) if row else None

    def statistics(self, name: str) -> dict[str, Any]:
        return dict(self.row(name).get("statistics") or {})

    def history(self, name: str | None = None) -> list[str]:
        assert self.daemon is not None
        frame = self.daemon.history()
        if name is not None:
            frame = frame[frame["connector"] == name]
        return [str(m) for m in frame["message"]]

    def wait_for(self, name: str, status: str) -> dict[str, Any]:
        """Wait until the connector is in ``status``; its status row."""
        eventually(lambda: self.status(name) == status, f"{name} to be {status} (is {self.status(name)})")
        return self.row(name)

    def refreshed(self, name: str) -> dict[str, Any]:
        """Wait for the connector's first refresh to finish; its statistics."""
        eventually(
            lambda: self.status(name) == "WAITING" and not pd.isna(self.row(name)["last_refresh_time"]),
            f"{name} to finish its first refresh (status {self.status(name)}, {self.row(name)})",
        )
        return self.statistics(name)

    def refresh(self, name: str) -> dict[str, Any]:
        """Ask for one refresh and wait until it has finished; the statistics it published."""
        assert self.daemon is not None
        before = self.row(name)["last_refresh_time"]
        assert not pd.isna(before), f"{name} has not refreshed yet; wait with refreshed() first"
        self.daemon.refresh(name)
        eventually(
            lambda: self.row(name)["last_refresh_time"] != before and self.status(name) in ("WAITING", "FAILED"),
            f"{name} to finish the refresh asked for",
        )
        return self.statistics(name)

    # -- reading the catalog --------------------------------------------------------------------------------

    def elements(self, type_name: str) -> pd.DataFrame:
        """The elements of a type, over HTTP, as notebook users see them; sorted by qualified name."""
        frame = enb.find_elements(self.platform, MD, type_name)
        return frame.sort_values("qualified_name").reset_index(drop=True)

    def links(self, type_name: str) -> set[tuple[str, str]]:
        """(end-1 qualified name, end-2 qualified name) of every relationship of a type."""
        names = {e.guid: e.qualified_name for e in self.catalog.find_elements()}
        return {(names[r.end1_guid], names[r.end2_guid]) for r in self.catalog.relationships(type_name)}

    def last_sequence(self) -> int:
        """Where the catalog's change feed ends: unchanged means nothing was written."""
        return self.catalog.changes(-1).last_sequence


@pytest.fixture
def platform(data_dir: Path) -> Iterator[enb.EmbeddedPlatform]:
    with enb.start_embedded(data_dir) as p:
        yield p


@pytest.fixture
def deployment(platform: enb.EmbeddedPlatform) -> Iterator[Deployment]:
    d = Deployment(platform)
    yield d
    if d.daemon is not None:
        d.daemon.stop()
