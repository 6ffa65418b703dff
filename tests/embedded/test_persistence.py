"""Configuration outlives the platform that wrote it; one data directory has one serving process.

Covers stop and restart, a SIGKILLed ``egeria-nb serve``, the data-directory
lock (the same platform again in-process, refusal by ``serve``, no stale lock after a kill) and
the atomic writes behind every document.
"""

from __future__ import annotations

import json
import os
import socket
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
        assert after.url == url  # the killed holder's port is free again: the URL is kept
        assert holder_pid(data_dir) == os.getpid()
        assert saved(after) == before
        assert temp_files(data_dir) == []


# -- the data-directory lock ---------------------------------------------------------------------


def test_a_second_start_in_the_same_process_returns_the_platform_it_serves(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Re-running a notebook cell with start_embedded(): the kernel already serves this directory.
    with enb.start_embedded(data_dir) as first:
        with caplog.at_level("WARNING", logger="egeria_nb"):
            second = enb.start_embedded(data_dir)
        assert second is first and not second.attached
        assert not caplog.records  # no warning about "another process" that is this one
        assert holder_pid(data_dir) == os.getpid()

        # Asked for with other options, it says so rather than ignoring them.
        with pytest.raises(enb.InvalidParameterError) as info:
            enb.start_embedded(data_dir, legacy_api=True)
        assert info.value.message_id == "EGERIA-NB-409-002"
        assert "legacy_api" in str(info.value) and "platform.stop()" in info.value.user_action

        url = first.url
        second.stop()  # stops it: the port is closed, the directory released
        assert not first.running
        with pytest.raises(requests.ConnectionError):
            requests.get(url + "/api/about", timeout=30)
        assert not (data_dir / "platform.json").exists()

    # The next start serves it again, on the same port (it is free).
    with enb.start_embedded(data_dir) as again:
        assert again is not first and not again.attached
        assert again.url == url


def test_a_data_directory_keeps_its_url_and_remembers_earlier_ones(data_dir: Path) -> None:
    first = enb.start_embedded(data_dir)
    url = first.url
    first.stop()
    with enb.start_embedded(data_dir) as second:
        assert second.url == url
        assert second.earlier_urls == ()
    # Port taken by someone else: a new port, and the old URL is remembered as this platform's.
    port = int(url.rsplit(":", 1)[1])
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        with enb.start_embedded(data_dir) as third:
            assert third.url != url
            assert third.earlier_urls == (url,)
    # Asked for a port, it uses that one.
    with socket.socket() as finder:
        finder.bind(("127.0.0.1", 0))
        wanted = finder.getsockname()[1]
    with enb.start_embedded(data_dir, port=wanted) as fourth:
        assert fourth.url.endswith(f":{wanted}")
        assert url in fourth.earlier_urls


def test_an_empty_data_dir_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for empty in ("", "  "):
        with pytest.raises(enb.InvalidParameterError) as info:
            enb.start_embedded(empty)
        assert info.value.message_id == "EGERIA-NB-400-024"
        assert "data_dir" in str(info.value) and "EGERIA_NB_HOME" in info.value.user_action
    assert list(tmp_path.iterdir()) == []  # nothing written to the current directory


@pytest.mark.parametrize(
    ("kwargs", "message_id", "expected"),
    [
        ({"port": -1}, "EGERIA-NB-400-022", "port must be a whole number from 0 to 65535, not -1"),
        ({"port": 70000}, "EGERIA-NB-400-022", "not 70000"),
        ({"port": "9080"}, "EGERIA-NB-ARGS-400-001", "port must be a whole number, not '9080'"),
        ({"host": "256.1.1.1"}, "EGERIA-NB-400-022", "host '256.1.1.1' is not an IP address"),
        # TEST-NET-1: an address this machine does not have.
        ({"host": "192.0.2.1"}, "EGERIA-NB-400-022", "cannot listen on 192.0.2.1"),
        ({"host": ""}, "EGERIA-NB-ARGS-400-001", "host must be text (not blank"),
    ],
)
def test_a_bad_port_or_host_is_refused_before_anything_starts(
    data_dir: Path, caplog: pytest.LogCaptureFixture, kwargs: dict, message_id: str, expected: str
) -> None:
    with caplog.at_level("WARNING"), pytest.raises(enb.InvalidParameterError) as info:
        enb.start_embedded(data_dir, **kwargs)
    assert info.value.message_id == message_id
    assert expected in str(info.value)
    assert not caplog.records  # no warning about exposure for a platform that never listened
    assert not (data_dir / "platform.json").exists()


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
        # The holder's whole command, not its first four words (a kernel's names its connection file).
        assert f"serve --data-dir {data_dir} --port 0" in second.stderr
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
