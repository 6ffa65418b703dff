"""Concurrency across processes: threads and two other processes write at once, and no update is lost.

``tests/embedded/test_concurrency.py`` covers many threads of one process on configuration
documents. This suite adds what it does not: writers in *other processes* (second kernels that
attach to the serving one), definitions and merge updates of one shared element alongside the
configuration, and ``egeria-nb serve`` processes racing for one data directory, including one
whose last holder was killed and left its ``platform.json`` behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import egeria_nb as enb
from egeria_nb.embedded.datadir import DataDirectory
from egeria_nb.metadata.catalog import MetadataCatalog
from tests.reliability.conftest import FAULTS, LOST, REFUSED, Tally, scaled
from tests.reliability.writer_process import MD, SHARED_DAEMON, write
from tests.serve_process import DEADLINE_S, SERVING, Serve, egeria_nb

pytestmark = pytest.mark.reliability

THREADS = 6
CALLS = scaled(40, 300)
RACES = scaled(3, 25)
RACERS = 4
REPO = Path(__file__).resolve().parents[2]
SUITE = "concurrency"


def start_writer_process(data_dir: Path, tag: str, shared_guid: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.writer_process", str(data_dir), tag, str(CALLS), shared_guid],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )


def refused_serve(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        egeria_nb("serve", "--data-dir", str(data_dir), "--port", "0"),
        capture_output=True,
        text=True,
        timeout=DEADLINE_S,
        check=False,
    )


def test_threads_and_two_processes_write_at_once_and_lose_no_update(tmp_path: Path, tally: Tally) -> None:
    data_dir = tmp_path / "data"
    with Serve(data_dir) as serve:
        url = serve.wait_for_url()
        user_id, password = DataDirectory(data_dir).admin_credentials()
        setup = enb.Platform(url, user_id=user_id, password=password)
        shared = MetadataCatalog(setup, MD).blocking.create_element("FileFolder", "concurrency:shared")

        processes = [start_writer_process(data_dir, f"p{i}", shared.guid) for i in range(2)]
        for proc in processes:
            assert proc.stdout is not None
            # A second kernel on a served directory connects to the platform rather than starting one.
            assert proc.stdout.readline().strip() == "ATTACHED", proc.stderr.read() if proc.stderr else ""

        errors: list[str] = []
        go = threading.Barrier(THREADS + 1)

        def thread_writer(index: int) -> None:
            client = enb.Platform(url, user_id=user_id, password=password)
            try:
                go.wait(timeout=DEADLINE_S)
                write(client, f"t{index}", CALLS, shared.guid)
            except Exception as exc:  # reported below
                errors.append(f"thread {index}: {exc}")
            finally:
                client.close()

        threads = [threading.Thread(target=thread_writer, args=(i,)) for i in range(THREADS)]
        for t in threads:
            t.start()
        for proc in processes:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        go.wait(timeout=DEADLINE_S)

        # While they write, more platforms try to serve the same directory: each is refused, naming the holder.
        for _ in range(2):
            refused = refused_serve(data_dir)
            assert refused.returncode == 2
            assert f"process {serve.proc.pid} " in refused.stderr, refused.stderr
            assert url in refused.stderr
            tally.add(REFUSED, SUITE)

        for t in threads:
            t.join(timeout=300)
        outputs = []
        for proc in processes:
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, out + err
            outputs.append(out)
        assert not errors, errors

        expected_config = {
            f"{tag}-g{i:04d}" for tag in [*(f"t{n}" for n in range(THREADS)), "p0", "p1"] for i in range(CALLS)
        }
        expected_groups = {n.replace("-g", ":group:") for n in expected_config}
        expected_keys = {n.replace("-g", "-") for n in expected_config}
        # The processes said which calls succeeded; every call of every writer did.
        acked = {
            tuple(line.split(" ", 2)[1:]) for out in outputs for line in out.splitlines() if line.startswith("ACK")
        }
        assert len(acked) == 2 * 3 * CALLS

        names = enb.get_integration_groups(setup, SHARED_DAEMON).names()
        groups = {e.qualified_name for e in MetadataCatalog(setup, MD).blocking.find_elements("IntegrationGroup")}
        catalog = MetadataCatalog(setup, MD).blocking
        files = {e.guid: e.qualified_name for e in catalog.find_elements("DataFile")}
        in_folder = {files[r.end2_guid] for r in catalog.relationships("NestedFile", end1_guid=shared.guid)}
        lost = len(expected_config - set(names)) + len(expected_groups - groups) + len(expected_keys - in_folder)
        tally.add(LOST, SUITE, lost)
        assert lost == 0
        assert len(names) == len(set(names)) == len(expected_config)
        # Each writer's groups stay in the order it configured them (configure-one appends, §1.4).
        for tag in ["t0", "p0", "p1"]:
            mine = [n for n in names if n.startswith(f"{tag}-")]
            assert mine == sorted(mine)
        setup.close()
        assert serve.terminate() == 0


def test_racing_serves_one_wins_and_the_others_name_it(tmp_path: Path, tally: Tally) -> None:
    data_dir = tmp_path / "data"
    for race in range(RACES):
        racers = [Serve(data_dir) for _ in range(RACERS)]
        try:
            deadline = time.monotonic() + DEADLINE_S
            while sum(r.proc.poll() is not None for r in racers) < RACERS - 1:
                assert time.monotonic() < deadline, "the losers of the race did not exit"
                time.sleep(0.05)
            winners = [r for r in racers if r.proc.poll() is None]
            assert len(winners) == 1, f"race {race}: {len(winners)} processes serve one directory"
            (winner,) = winners
            url = winner.wait_for_url()
            for loser in racers:
                if loser is winner:
                    continue
                assert loser.finish() == 2
                # The holder by pid and URL, never "another process", and never the killed holder before it.
                assert f"process {winner.proc.pid} " in loser.stderr, loser.stderr
                assert url in loser.stderr, loser.stderr
                assert SERVING not in "".join(loser.stdout)
                tally.add(REFUSED, SUITE)
        finally:
            # Killed, not stopped: the next race starts with a stale platform.json naming a dead process.
            for r in racers:
                if r.proc.poll() is None:
                    r.kill()
                    tally.add(FAULTS, SUITE)
                r.__exit__()
        assert DataDirectory(data_dir).holder() is not None  # stale: what the next race must see through
    assert os.path.exists(data_dir / "platform.lock")
