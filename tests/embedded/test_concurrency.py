"""Many callers at once: every configure and remove lands, none overwrites another (no lost update)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import requests

import egeria_nb as enb
from tests.conftest import ADMIN, Raw, group

SERVER = "integration-daemon"
THREADS = 8
CALLS_PER_THREAD = 50


def run_together(work: Callable[[int], None], threads: int = THREADS) -> None:
    """Run ``work(i)`` for each thread index, all released at the same moment; re-raise the first failure."""
    start = threading.Barrier(threads)

    def worker(index: int) -> None:
        start.wait(timeout=30)
        work(index)

    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(worker, i) for i in range(threads)]:
            future.result()


def stored_names(platform: enb.EmbeddedPlatform, server: str = SERVER) -> list[str]:
    doc = json.loads((platform.data_dir / "servers" / f"{server}.json").read_text())
    return [g["integrationGroupQualifiedName"] for g in doc["dynamicIntegrationGroupsConfig"]]


def test_parallel_configure_one_through_the_functions_loses_nothing(platform: enb.EmbeddedPlatform) -> None:
    def work(thread: int) -> None:
        for i in range(CALLS_PER_THREAD):
            enb.configure_integration_group(platform, SERVER, group(f"t{thread}-g{i}", url=platform.url))

    run_together(work)
    expected = {f"t{t}-g{i}" for t in range(THREADS) for i in range(CALLS_PER_THREAD)}
    names = enb.get_integration_groups(platform, SERVER).names()
    assert len(names) == THREADS * CALLS_PER_THREAD == 400
    assert set(names) == expected
    # Each thread's own groups stay in the order it configured them (appended at the end, §1.4).
    for t in range(THREADS):
        mine = [n for n in names if n.startswith(f"t{t}-")]
        assert mine == [f"t{t}-g{i}" for i in range(CALLS_PER_THREAD)]
    # What a reader of the file sees agrees with the API, and every update left an audit line.
    assert stored_names(platform) == names
    trail = enb.get_server_config(platform, SERVER).audit_trail
    assert sum("updated configuration for integration group " in line for line in trail) == 400


def test_parallel_raw_configure_and_remove_of_distinct_names(platform: enb.EmbeddedPlatform, raw: Raw) -> None:
    # Half of the threads remove groups that exist; the other half add new ones, all at once.
    old = [group(f"old-{i}") for i in range(THREADS // 2 * CALLS_PER_THREAD)]
    assert raw.admin("POST", SERVER, "/integration-groups/configuration/all", json=old).json()["relatedHTTPCode"] == 200
    base = platform.url + ADMIN + SERVER + "/integration-groups"

    def work(thread: int) -> None:
        with requests.Session() as session:
            session.headers["Authorization"] = "Bearer " + raw.token
            for i in range(CALLS_PER_THREAD):
                n = thread // 2 * CALLS_PER_THREAD + i
                if thread % 2:
                    r = session.delete(f"{base}/{quote(f'old-{n}', safe='')}", timeout=30)
                else:
                    r = session.post(f"{base}/configuration", json=group(f"new-{n}"), timeout=30)
                assert r.status_code == 200
                assert r.json()["relatedHTTPCode"] == 200, r.text

    run_together(work)
    # Thread pairs (0, 1), (2, 3), ... cover names 0-49, 50-99, ...: every old one removed, every new one kept.
    expected = {f"new-{n}" for n in range(THREADS // 2 * CALLS_PER_THREAD)}
    names = [
        g["integrationGroupQualifiedName"]
        for g in raw.admin("GET", SERVER, "/integration-groups/configuration").json()["groups"]
    ]
    assert len(names) == len(expected) == 200
    assert set(names) == expected
    assert stored_names(platform) == names


def test_parallel_writes_to_different_servers_and_no_temp_files_left(platform: enb.EmbeddedPlatform) -> None:
    def work(thread: int) -> None:
        for i in range(CALLS_PER_THREAD // 2):
            # Every thread writes to its own server and to one shared server.
            enb.configure_integration_group(platform, f"daemon-{thread}", group(f"g{i}", url=platform.url))
            enb.configure_integration_group(platform, "shared", group(f"t{thread}-g{i}", url=platform.url))

    run_together(work)
    for t in range(THREADS):
        assert stored_names(platform, f"daemon-{t}") == [f"g{i}" for i in range(CALLS_PER_THREAD // 2)]
    assert len(stored_names(platform, "shared")) == THREADS * (CALLS_PER_THREAD // 2)
    leftovers = [p.name for p in platform.data_dir.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
