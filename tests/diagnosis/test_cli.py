"""``egeria-nb diagnose SERVER`` as a user runs it: a process of its own, against an ``egeria-nb serve`` process.

The platform comes from EGERIA_PLATFORM_URL, EGERIA_USER, EGERIA_USER_PASSWORD (and EGERIA_API);
the exit code says how it went: 0 healthy, 1 a check failed, 2 the environment is wrong.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

import egeria_nb as enb
from tests.diagnosis.conftest import GROUP, MD, TRAINING
from tests.serve_process import DEADLINE_S, Serve, egeria_nb

SERVER = "cli-daemon"


@dataclass(frozen=True)
class Served:
    url: str
    user_id: str
    password: str

    def env(self) -> dict[str, str]:
        return {"EGERIA_PLATFORM_URL": self.url, "EGERIA_USER": self.user_id, "EGERIA_USER_PASSWORD": self.password}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One ``egeria-nb serve`` for the module, with a daemon it runs itself: ``SERVER``, one healthy connector."""
    data_dir = tmp_path_factory.mktemp("served") / "data"
    with Serve(data_dir) as serve:
        url = serve.wait_for_url()
        credentials = json.loads((data_dir / "credentials.json").read_text())["users"][0]
        served = Served(url, credentials["userId"], credentials["password"])
        # Set up as a user would, with the Python API against the served platform.
        with enb.Platform(url, user_id=served.user_id, password=served.password) as platform:
            group = enb.IntegrationGroupConfig(
                integration_group_qualified_name=GROUP, omag_server_name=MD, omag_server_platform_root_url=url
            )
            enb.configure_integration_group(platform, SERVER, group)
            enb.create_group_definition(platform, MD, GROUP)
            enb.create_connector_definition(platform, MD, "c:healthy", TRAINING)
            enb.register_integration_connector(platform, MD, GROUP, "c:healthy", "Healthy")
            enb.start_server(platform, SERVER)
            enb.RemoteIntegrationDaemon(platform, SERVER).wait_for_status("WAITING", "Healthy", timeout_s=DEADLINE_S)
        yield served
        assert serve.terminate() == 0
    assert "Traceback" not in serve.output


def diagnose(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``egeria-nb diagnose ARGS`` with only ``env`` of the platform variables set (none: all unset)."""
    names = ("EGERIA_PLATFORM_URL", "EGERIA_USER", "EGERIA_USER_PASSWORD", "EGERIA_API")
    environment = {k: v for k, v in os.environ.items() if k not in names} | (env or {})
    return subprocess.run(
        egeria_nb("diagnose", *args), capture_output=True, text=True, env=environment, timeout=DEADLINE_S, check=False
    )


def test_with_no_platform_url_it_says_which_variable_to_set_and_exits_2() -> None:
    done = diagnose(SERVER)
    assert done.returncode == 2, done
    assert done.stderr.startswith("egeria-nb diagnose: ")
    assert "EGERIA_PLATFORM_URL" in done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr


def test_a_closed_port_fails_the_first_check_and_exits_1() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    done = diagnose(SERVER, "--timeout", "5", env={"EGERIA_PLATFORM_URL": url, "EGERIA_USER": "someone"})
    assert done.returncode == 1, done
    lines = done.stdout.splitlines()
    assert lines[0] == f"integration daemon {SERVER} on {url}: platform reachable failed"
    assert lines[1].startswith("✗ platform reachable: ") and lines[1].endswith("[EGERIA-NB-CLIENT-503-001]")
    assert lines[2] == (
        f"    what to do: Start the platform at {url}, or check the URL (enb.start_embedded(folder) serves one in "
        "this kernel; `egeria-nb serve` in a terminal)."
    )
    assert len(lines) == 3
    assert done.stderr == ""


def test_a_server_with_no_configuration_names_the_failing_check_and_exits_1(served: Served) -> None:
    done = diagnose("unconfigured", env=served.env())
    assert done.returncode == 1, done
    lines = done.stdout.splitlines()
    assert lines[0] == f"integration daemon unconfigured on {served.url}: configuration document failed"
    assert lines[1].startswith("✓ platform reachable: ")
    assert lines[2] == f"✓ credentials accepted: user {served.user_id!r} is accepted"
    assert lines[3].startswith("✗ configuration document: ") and lines[3].endswith("[OMAG-ADMIN-400-019]")
    assert "enb.configure_integration_group(platform, 'unconfigured', group)" in lines[4]
    assert served.password not in done.stdout + done.stderr


def test_a_healthy_platform_run_daemon_passes_every_check_and_exits_0(served: Served) -> None:
    done = diagnose(SERVER, env=served.env())
    assert done.returncode == 0, done
    headline, *lines = done.stdout.splitlines()
    assert headline.startswith(f"integration daemon {SERVER} on {served.url}: healthy"), done.stdout
    checks = [line for line in lines if not line.startswith("    what to do: ")]
    assert checks and all(line.startswith(("✓ ", "! ")) for line in checks), done.stdout
    for expected in (
        "✓ platform reachable: ",
        "✓ credentials accepted: ",
        f"✓ configuration document: {SERVER} is configured as an Integration Daemon",
        f"✓ group {GROUP}: definition: ",
        "✓ connector Healthy: provider: ",
        f"✓ daemon running: {SERVER} is running on {served.url}, with 1 connector",
        "✓ connector Healthy: state: WAITING",
    ):
        assert any(line.startswith(expected) for line in checks), (expected, done.stdout)
    assert done.stderr == ""
