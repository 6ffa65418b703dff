"""The headless walk-through behind ``egeria-nb demo`` / ``make demo``: the seed page's five calls."""

from __future__ import annotations

import os

from egeria_nb.admin import (
    configure_integration_group,
    configure_integration_groups,
    get_integration_groups,
    remove_integration_group,
    remove_integration_groups,
)
from egeria_nb.embedded import start_embedded
from egeria_nb.wire import IntegrationGroupConfig

__all__ = ["run_demo"]

DAEMON = "integration-daemon"
METADATA_SERVER = "active-metadata-store"


def _step(title: str) -> None:
    print(f"\n== {title}")


def run_demo(data_dir: str | os.PathLike[str]) -> None:
    with start_embedded(data_dir) as platform:
        print(f"Embedded platform at {platform.url} (data in {platform.data_dir})")

        def group(name: str) -> IntegrationGroupConfig:
            return IntegrationGroupConfig(
                integration_group_qualified_name=name,
                omag_server_name=METADATA_SERVER,
                omag_server_platform_root_url=platform.url,
            )

        _step(f"POST .../servers/{DAEMON}/integration-groups/configuration  (configure one group)")
        configure_integration_group(platform, DAEMON, group("Egeria:IntegrationGroup:Files"))
        print(get_integration_groups(platform, DAEMON))

        _step(f"POST .../servers/{DAEMON}/integration-groups/configuration/all  (configure all groups)")
        configure_integration_groups(
            platform,
            DAEMON,
            [
                group("Egeria:IntegrationGroup:Files"),
                group("Egeria:IntegrationGroup:Database"),
                group("Egeria:IntegrationGroup:Default"),
            ],
        )
        # Like every other step, show what the call left configured (the list replaced the one group).
        print(get_integration_groups(platform, DAEMON))

        _step(f"GET .../servers/{DAEMON}/integration-groups/configuration  (list)")
        print(get_integration_groups(platform, DAEMON))

        _step(f"DELETE .../servers/{DAEMON}/integration-groups/Egeria:IntegrationGroup:Database  (remove one)")
        remove_integration_group(platform, DAEMON, "Egeria:IntegrationGroup:Database")
        print(get_integration_groups(platform, DAEMON))

        _step(f"DELETE .../servers/{DAEMON}/integration-groups  (remove all)")
        remove_integration_groups(platform, DAEMON)
        print(get_integration_groups(platform, DAEMON))
    print("\nDone; the platform has stopped.")
