"""Configuration outlives the platform that wrote it; one data directory has one serving process.

Covers stop and restart, a SIGKILLed ``egeria-nb serve``, the data-directory
lock (attach in-process, refusal by ``serve``, no stale lock after a kill) and
the atomic writes behind every document.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

import pytest
import requests

import egeria_nb as enb
from tests.conftest import group
from tests.serve_process import DEADLINE_S, Serve, egeria_nb

SERVER = "integration-daemon"


def configure_some(platform: enb.Platform) -> None:
    enb.create_integration_daemon(
        platform,
        SERVER,
        [group("Egeria:IntegrationGroup:Files", url=platform.url), group("naïve/名前 #1", url="~{egeriaEndpoint}~")],
        organization_name="Coco",
    )
    enb.configure_integration_group(platform, "second-daemon", group("g", url=platform.url))


def saved(platform: enb.Platform) -> dict:
    """What the platform says it holds: both documents, whole."""
    return {
        SERVER: enb.get_server_config(platform, SERVER).to_wire(),
        "second-daemon": enb.get_server_config(platform, "second-daemon").to_wire(),
    }


def temp_files(data_dir: Path) -> list[str]:
    return sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*.tmp"))


def holder_pid(data_dir: Path) -> int:
    return json.loads((data_dir / "platform.json").read_text())["pid"]


# -- restart ---------------------------------------------------------------------------------


def test_configuration_survives_stop_and_restart(data_dir: Path) -> None:
    first = enb.start_embedded(data_dir)
    configure_some(first)
    before = saved(first)
    credentials = (data_dir / "credentials.json").read_bytes()
    user_id, password = first.user_id, first.password
    first.stop()
    assert not (data_dir / "platform.json").exists()  # no one serves it now

    with enb.start_embedded(data_dir) as second:
        assert not second.attached
        assert saved(second) == before
        assert enb.get_integration_groups(second, SERVER).names() == [
            "Egeria:IntegrationGroup:Files",
            "naïve/名前 #1",
        ]
        # Same users, same passwords: a notebook's stored credentials keep working.
        assert (second.user_id, second.password) == (user_id, password)
        assert (data_dir / "credentials.json").read_bytes() == credentials
        assert holder_pid(data_dir) == os.getpid()
        # And it goes on changing what it found.
        enb.remove_integration_group(second, SERVER, "naïve/名前 #1")
    with enb.start_embedded(data_dir) as third:
        assert enb.get_integration_groups(third, SERVER).names() == ["Egeria:IntegrationGroup:Files"]


def test_configuration_survives_a_killed_serve_process(data_dir: Path) -> None:
    with Serve(data_dir) as serve:
        url = serve.wait_for_url()
        # A kernel that starts a platform on a served directory connects to the server instead.
        client = enb.start_embedded(data_dir)
        assert client.attached
        assert client.url == url
        assert client.holder is not None and client.holder.pid == serve.proc.pid
        configure_some(client)
        before = saved(client)
        assert serve.kill() == -9
        client.stop()

    # The kill left platform.json behind, naming a dead process; the lock itself died with it.
    assert holder_pid(data_dir) == serve.proc.pid
    with enb.start_embedded(data_dir) as after:
        assert not after.attached
        assert after.url != url
        assert holder_pid(data_dir) == os.getpid()
        assert saved(after) == before
        assert temp_files(data_dir) == []


# -- the data-directory lock ---------------------------------------------------------------------


def test_second_start_in_the_same_process_attaches_to_the_first(data_dir: Path) -> None:
    with enb.start_embedded(data_dir) as first:
        second = enb.start_embedded(data_dir)
        assert second.attached and not first.attached
        assert second.url == first.url
        assert second.holder is not None and second.holder.pid == os.getpid()
        assert "attached to process" in repr(second)
        assert (second.user_id, second.password) == (first.user_id, first.password)
        enb.configure_integration_group(second, SERVER, group("via-second", url=first.url))
        assert enb.get_integration_groups(first, SERVER).names() == ["via-second"]

        second.stop()  # only disconnects
        assert not second.running
        with pytest.raises(enb.PlatformUnreachableError) as info:
            enb.get_integration_groups(second, SERVER)
        assert info.value.message_id == "EGERIA-NB-CLIENT-503-003"
        # The first keeps serving, and still owns the directory.
        assert requests.get(first.url + "/api/about", timeout=30).status_code == 200
        enb.configure_integration_group(first, SERVER, group("after", url=first.url))
        assert enb.get_integration_groups(first, SERVER).names() == ["via-second", "after"]
        assert holder_pid(data_dir) == os.getpid()
        third = enb.start_embedded(data_dir)
        assert third.attached
        third.stop()


def test_serve_refuses_a_directory_served_by_another_process(data_dir: Path) -> None:
    with enb.start_embedded(data_dir) as platform:
        enb.configure_integration_group(platform, SERVER, group("g", url=platform.url))
        before = (data_dir / "servers" / f"{SERVER}.json").read_bytes()
        refused = subprocess.run(
            egeria_nb("serve", "--data-dir", str(data_dir), "--port", "0"),
            capture_output=True,
            text=True,
            timeout=DEADLINE_S,
            check=False,
        )
        assert refused.returncode == 2
        assert f"process {os.getpid()}" in refused.stderr
        assert str(data_dir.resolve()) in refused.stderr
        assert platform.url in refused.stderr
        assert "--data-dir" in refused.stderr  # says what to do
        assert "serving" not in refused.stdout
        # The refusal touched nothing: the holder still serves the same documents.
        assert holder_pid(data_dir) == os.getpid()
        assert (data_dir / "servers" / f"{SERVER}.json").read_bytes() == before
        assert enb.get_integration_groups(platform, SERVER).names() == ["g"]


def test_serve_refuses_a_directory_another_serve_holds(data_dir: Path) -> None:
    with Serve(data_dir) as holder:
        holder.wait_for_url()
        with Serve(data_dir) as second:
            assert second.finish() == 2
            assert f"process {holder.proc.pid}" in second.stderr
        assert holder.proc.poll() is None
        assert holder.terminate() == 0


# -- atomic writes -----------------------------------------------------------------------------


def test_atomic_writes_leave_no_temp_files_and_private_documents(platform: enb.EmbeddedPlatform) -> None:
    configure_some(platform)
    for i in range(20):
        enb.configure_integration_group(platform, SERVER, group(f"g{i}", url=platform.url))
    enb.remove_integration_groups(platform, "second-daemon")
    enb.delete_server_config(platform, "second-daemon")
    assert temp_files(platform.data_dir) == []
    for document in (platform.data_dir / "servers").glob("*.json"):
        json.loads(document.read_text())  # complete JSON, every one
    assert not (platform.data_dir / "servers" / "second-daemon.json").exists()


def test_documents_stay_whole_when_the_server_is_killed_mid_write(data_dir: Path) -> None:
    with Serve(data_dir) as serve:
        serve.wait_for_url()
        client = enb.start_embedded(data_dir)
        group_url = client.url
        stop = threading.Event()
        failures: list[BaseException] = []

        def hammer() -> None:
            i = 0
            while not stop.is_set():
                try:
                    enb.configure_integration_group(client, SERVER, group(f"g{i}", url=group_url))
                except enb.PlatformUnreachableError:
                    return  # the server has gone: expected
                except Exception as exc:  # reported below
                    failures.append(exc)
                    return
                i += 1

        writer = threading.Thread(target=hammer)
        writer.start()
        # Kill once a good number of writes have landed (no timing involved: watch the document grow).
        document = data_dir / "servers" / f"{SERVER}.json"
        while not document.exists() or document.read_text().count('"g') < 30:
            assert writer.is_alive(), failures
            stop.wait(0.01)
        serve.kill()
        stop.set()
        writer.join(timeout=DEADLINE_S)
        client.stop()
    assert failures == []
    # Whatever instant the kill came at, the document is whole: the old one or the new one.
    groups = json.loads(document.read_text())["dynamicIntegrationGroupsConfig"]
    names = [g["integrationGroupQualifiedName"] for g in groups]
    assert names == [f"g{i}" for i in range(len(names))]
    assert len(names) >= 30
    # A temp file the kill may have left is cleared by the next platform to claim the directory.
    (data_dir / "servers" / f".{SERVER}.json.crashed.tmp").write_text('{"half": ')
    with enb.start_embedded(data_dir) as after:
        assert temp_files(data_dir) == []
        assert enb.get_integration_groups(after, SERVER).names() == names
