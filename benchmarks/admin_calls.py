"""Figures 1-3: the integration-group admin calls against the embedded platform."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import requests

import egeria_nb as enb
from benchmarks.harness import Figure, Report, median_time

SERVER = "bench-daemon"


def _atomic_small_write(directory: Path) -> None:
    """The floor's file half: what one durable small-document update must cost at least."""
    target = directory / "floor.json"
    fd, tmp = tempfile.mkstemp(dir=directory)
    with os.fdopen(fd, "wb") as handle:
        handle.write(b'{"class": "OMAGServerConfig", "dynamicIntegrationGroupsConfig": []}')
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def run(report: Report, platform: enb.EmbeddedPlatform, scratch: Path, repeat: int) -> None:
    login = {"userId": platform.user_id, "password": platform.password}
    group = enb.IntegrationGroupConfig(
        integration_group_qualified_name="Egeria:IntegrationGroup:Bench",
        omag_server_name="active-metadata-store",
        omag_server_platform_root_url=platform.url,
    )
    enb.delete_server_config(platform, SERVER)

    post_floor = median_time(lambda: requests.post(platform.url + "/api/token", json=login, timeout=10), repeat)
    write_floor = median_time(lambda: _atomic_small_write(scratch), repeat)
    floor = post_floor + write_floor
    configure = median_time(lambda: enb.configure_integration_group(platform, SERVER, group), repeat)
    report.add(
        Figure(
            1,
            "configure_integration_group call, median",
            configure * 1e3,
            "ms",
            "<= 2x floor",
            configure <= 2 * floor,
            floor * 1e3,
            configure / floor,
            "floor: raw requests POST /api/token + atomic fsync'd small write",
        )
    )

    get_floor = median_time(lambda: requests.get(platform.url + "/api/about", timeout=10), repeat)
    get = median_time(lambda: enb.get_integration_groups(platform, SERVER), repeat)
    report.add(
        Figure(
            2,
            "get_integration_groups call, median",
            get * 1e3,
            "ms",
            "<= 1.5x floor",
            get <= 1.5 * get_floor,
            get_floor * 1e3,
            get / get_floor,
            "floor: raw requests GET /api/about",
        )
    )

    many = [
        group.model_copy(update={"integration_group_qualified_name": f"Egeria:IntegrationGroup:B{i}"})
        for i in range(1000)
    ]
    configure_all = median_time(lambda: enb.configure_integration_groups(platform, SERVER, many), 15, warmup=2)
    report.add(
        Figure(
            3, "configure-all with 1,000 groups, median", configure_all * 1e3, "ms", "<= 100 ms", configure_all <= 0.100
        )
    )
    get_all = median_time(lambda: enb.get_integration_groups(platform, SERVER), 15, warmup=2)
    report.add(Figure(3, "get of those 1,000 groups, median", get_all * 1e3, "ms", "<= 30 ms", get_all <= 0.030))
    enb.delete_server_config(platform, SERVER)
