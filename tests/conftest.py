"""Fixtures shared by the whole suite: an embedded platform on real loopback HTTP, and raw HTTP access to it."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

import egeria_nb as enb

ADMIN = "/open-metadata/admin-services/servers/"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # No test may touch the developer's ~/.egeria_nb.
    monkeypatch.setenv("EGERIA_NB_HOME", str(tmp_path_factory.mktemp("home")))
    for name in ("EGERIA_PLATFORM_URL", "EGERIA_USER", "EGERIA_USER_PASSWORD", "EGERIA_API"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def platform(data_dir: Path) -> Iterator[enb.EmbeddedPlatform]:
    with enb.start_embedded(data_dir) as p:
        yield p


class Raw:
    """Plain ``requests`` against the platform, with a bearer token: what curl users do."""

    def __init__(self, platform: enb.EmbeddedPlatform) -> None:
        self.url = platform.url
        self.session = requests.Session()
        token = requests.post(
            self.url + "/api/token",
            json={"userId": platform.user_id, "password": platform.password},
            timeout=10,
        )
        token.raise_for_status()
        self.token = token.text
        self.session.headers["Authorization"] = "Bearer " + self.token

    def __call__(self, method: str, path: str, **kw: object) -> requests.Response:
        kw.setdefault("timeout", 30)
        return self.session.request(method, self.url + path, **kw)  # type: ignore[arg-type]

    def admin(self, method: str, server: str, suffix: str, **kw: object) -> requests.Response:
        return self(method, ADMIN + server + suffix, **kw)

    def close(self) -> None:
        self.session.close()


@pytest.fixture
def raw(platform: enb.EmbeddedPlatform) -> Iterator[Raw]:
    r = Raw(platform)
    yield r
    r.close()


def define_training_daemon(
    platform: enb.Platform,
    group_name: str,
    connector: str,
    properties: dict[str, Any],
    *,
    metadata_server: str = "active-metadata-store",
    server: str = "integration-daemon",
    **daemon_options: Any,
) -> None:
    """A group with one training connector (``properties`` its configuration), and the integration daemon
    ``server`` configured to run it, not started; ``daemon_options`` go to ``create_integration_daemon``."""
    enb.create_group_definition(platform, metadata_server, group_name)
    enb.create_connector_definition(
        platform,
        metadata_server,
        connector,
        "egeria_nb.connectors.training.TrainingConnector",
        configuration_properties=properties,
    )
    enb.register_integration_connector(platform, metadata_server, group_name, connector, connector)
    config = {
        "integration_group_qualified_name": group_name,
        "omag_server_name": metadata_server,
        "omag_server_platform_root_url": platform.url,
    }
    enb.create_integration_daemon(platform, server, [config], **daemon_options)


def group(name: str, url: str = "http://127.0.0.1:9443", server: str = "active-metadata-store", **extra: object):
    return {
        "class": "IntegrationGroupConfig",
        "omagserverPlatformRootURL": url,
        "omagserverName": server,
        "integrationGroupQualifiedName": name,
        **extra,
    }


IN_CI = os.environ.get("CI", "").lower() == "true"
# Generous: waits for things that take milliseconds, bounded so that a hang fails instead of stalling,
# and long enough that a busy machine cannot fail a test. Tests assert on outcomes, never on durations.
DEADLINE_S = 20.0


def eventually(condition: Callable[[], Any], what: str, timeout: float = DEADLINE_S) -> Any:
    """Poll ``condition`` until it returns something truthy; fail saying ``what`` did not happen."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"within {timeout:g} s: {what} (last value {value!r})")
        time.sleep(0.02)


# -- the fast lane ------------------------------------------------------------------------------------

SLOW_TESTS = Path(__file__).with_name("slow_tests.txt")


# The tests that take from half a minute to several minutes, longest first (measured with --durations).
# pytest-xdist (--dist load with --maxschedchunk 1, in pyproject.toml) starts each worker on two consecutive tests,
# then hands out one test at a time to whichever worker has fewer than two waiting. Each of these goes first and
# is followed by a short test, so no worker starts on two of them; the rest go to whoever is free.
# Tests sharing a package- or module-scoped fixture (the browser tests' Jupyter servers) stay together in the
# collection's order instead: a worker that moved between them would start the fixture again. The docs tests share
# one build (the first to ask builds it, the others wait for it): only the first goes early.
LONGEST_FIRST = (
    "tests/test_other_pythons.py::",
    "tests/test_distribution.py::",
    "tests/docs/test_docs_site.py::test_the_site_builds_with_warnings_as_errors_and_executes_every_lab",
    "tests/reliability/test_crash.py::test_kills_at_random_moments_lose_no_acknowledged_write",
    "tests/reliability/test_fuzz.py::test_every_route_with_random_requests",
    "tests/notebooks/test_labs.py::test_lab_runs_twice_in_one_kernel",
    "tests/reliability/test_daemon_views_stress.py::",
    "tests/widgets/test_dashboard_logic.py::test_connectors_that_fail_and_recover_add_no_widgets",
    "tests/test_setup.py::test_make_lab_opens_jupyterlab_on_notebooks_and_stops_cleanly",
)


def _start_rank(item: pytest.Item) -> int:
    return next(
        (rank for rank, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix)), len(LONGEST_FIRST)
    )


def _longest_first(items: list[pytest.Item]) -> list[pytest.Item]:
    """The LONGEST_FIRST tests in its order (a stable sort), each followed by one of the others; then the rest."""
    ranked = sorted(items, key=_start_rank)
    cut = next((i for i, item in enumerate(ranked) if _start_rank(item) == len(LONGEST_FIRST)), len(ranked))
    longest, others = ranked[:cut], ranked[cut:]
    paired = [item for pair in zip(longest, others, strict=False) for item in pair]
    return paired + longest[len(paired) // 2 :] + others[len(paired) // 2 :]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests tests/slow_tests.txt lists (measured over 0.15 s) as ``slow``: make check leaves them out.
    Start the longest tests first (a stable sort: everything else keeps its order)."""
    listed = {line.strip() for line in SLOW_TESTS.read_text().splitlines() if line.strip() and not line.startswith("#")}
    for item in items:
        if item.nodeid in listed:
            item.add_marker(pytest.mark.slow)
    items[:] = _longest_first(items)
