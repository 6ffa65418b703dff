"""The README is executable: its Python examples run in order in one fresh process, and its curl example runs.

The Python blocks are the README's own, in the order a reader meets them, run in one new
interpreter with a fresh home directory (so ``start_embedded()`` makes its default data
directory there) and a fresh working directory. The shell blocks are classified: the ones
that call the platform with ``curl`` run against ``egeria-nb serve``; the others start
long-lived programs (JupyterLab, the test suite, the server itself) or install packages, and
the test fails if a new shell block appears without being classified.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import egeria_nb as enb
from tests.serve_process import Serve

README = Path(__file__).resolve().parents[1] / "README.md"
# Shell blocks a reader runs by hand and this test does not: each starts something that runs until stopped, or
# installs a system package. Identified by their first line.
NOT_RUN_HERE = {
    "make lab     # creates .venv, installs, opens JupyterLab on notebooks/": "opens JupyterLab",
    ".venv/bin/egeria-nb serve            # http://127.0.0.1:9080, until Ctrl-C": "runs until Ctrl-C (the curl "
    "block below runs against it here)",
    "sudo apt-get update && sudo apt-get install -y chromium": "installs a system package",
    "for core in 1 2; do python3 -c 'while True: pass' & done    # keep both cores busy": (
        "runs the whole suite three times under load (recorded in the README)"
    ),
    "python -m pip install '.[lab]'    # egeria_nb, and the lab extra (JupyterLab, ipykernel, PyYAML, requests)": (
        "installs into the reader's own environment (tests/test_distribution.py installs the same into a fresh venv)"
    ),
}
# Each block runs in a deadline: the whole README takes seconds; this only stops a hang.
DEADLINE_S = 300

RUNNER = """
import json, sys, traceback
blocks = json.load(open(sys.argv[1]))
namespace = {"__name__": "__main__"}
for block in blocks:
    print(f"--- README.md line {block['line']}", flush=True)
    try:
        exec(compile(block["code"], f"README.md:{block['line']}", "exec"), namespace)
    except BaseException:
        traceback.print_exc()
        sys.exit(f"README.md: the block at line {block['line']} failed")
# What the examples should have left behind, checked in the same process.
enb, daemon = namespace["enb"], namespace["daemon"]
# The last example's wait returns once the connectors the daemon knows are WAITING; the other group's
# may still be loading, so wait for both before reading the table.
status = daemon.wait_for_status("WAITING", count=2, timeout_s=60)
print("STATUS", json.dumps(sorted(zip(status["connector_name"], status["status"].astype(str)))), flush=True)
files = enb.find_elements(namespace["platform"], namespace["MD"], "DataFile")
print("FILES", len(files), flush=True)
daemon.stop()
namespace["platform"].stop()
"""


def blocks(language: str) -> list[tuple[int, str]]:
    text = README.read_text()
    found = []
    for match in re.finditer(rf"^```{language}\n(.*?)^```", text, re.DOTALL | re.MULTILINE):
        found.append((text.count("\n", 0, match.start()) + 2, match.group(1)))
    return found


def test_every_python_block_runs_in_order_in_one_fresh_process(tmp_path: Path) -> None:
    code = blocks("python")
    assert len(code) >= 6, "the README's Python examples were not found"
    script = tmp_path / "blocks.json"
    script.write_text(json.dumps([{"line": line, "code": source} for line, source in code]))
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    (work / "analysis.ipynb").write_text("{}")  # for "Write your own connector", which catalogues "."
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EGERIA_", "JPY_"))}
    # A reader of "A real Egeria" has these set; nothing is sent to that URL.
    env |= {
        "HOME": str(home),
        "EGERIA_PLATFORM_URL": "https://egeria.example:9443",
        "EGERIA_USER": "garygeeke",
        "EGERIA_USER_PASSWORD": "not-sent",
    }
    run = subprocess.run(
        [sys.executable, "-c", RUNNER, str(script)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE_S,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-6000:]
    assert "Traceback" not in run.stderr, run.stderr[-6000:]
    status = json.loads(next(line for line in run.stdout.splitlines() if line.startswith("STATUS "))[7:])
    # The last daemon runs both groups' connectors, every one healthy.
    assert status == [["DropFolder", "WAITING"], ["Notebooks", "WAITING"]]
    files = int(next(line for line in run.stdout.splitlines() if line.startswith("FILES "))[6:])
    assert files > 1  # the sample folder's files and the notebook
    # The default data directory went to the (fresh) home directory, not the working directory.
    assert (home / ".egeria_nb" / "metadata.db").exists()
    assert sorted(p.name for p in work.iterdir()) == ["analysis.ipynb"]


def test_every_shell_block_is_run_here_or_says_why_not(tmp_path: Path) -> None:
    shell = blocks("bash")
    first_lines = {source.splitlines()[0].strip() for _, source in shell}
    curl = [source for _, source in shell if "curl " in source]
    diagnose = [source for _, source in shell if "egeria-nb diagnose" in source]
    run_here = {s.splitlines()[0].strip() for s in curl + diagnose}
    unclassified = first_lines - set(NOT_RUN_HERE) - run_here
    assert not unclassified, f"classify these README shell blocks in tests/test_readme.py: {unclassified}"
    assert set(NOT_RUN_HERE) <= first_lines, "a block this test skips is gone from the README: update NOT_RUN_HERE"
    assert len(curl) == 1
    assert len(diagnose) == 1


def test_the_curl_block_runs_against_egeria_nb_serve(tmp_path: Path) -> None:
    (source,) = [source for _, source in blocks("bash") if "curl " in source]
    data_dir = tmp_path / "data"
    with Serve(data_dir) as serve:
        url = serve.wait_for_url()
        # The block names the default port; this test's server has a free one.
        script = source.replace("http://127.0.0.1:9080", url)
        env = {**os.environ, "EGERIA_NB_HOME": str(data_dir)}
        run = subprocess.run(
            ["bash", "-eu", "-o", "pipefail", "-c", script],
            env=env,
            capture_output=True,
            text=True,
            timeout=DEADLINE_S,
            check=False,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        answer = json.loads(run.stdout)
        assert answer["relatedHTTPCode"] == 200
        password = json.loads((data_dir / "credentials.json").read_text())["users"][0]["password"]
        with enb.Platform(url, user_id="nbadmin", password=password) as client:
            groups = enb.get_integration_groups(client, "integration-daemon")
        assert groups.names() == ["Egeria:IntegrationGroup:Files"]
        assert groups[0].omag_server_platform_root_url == url
    # The password reached curl through a variable, never through the output.
    assert password not in run.stdout + run.stderr


def test_the_readmes_links_to_its_own_sections_resolve() -> None:
    text = README.read_text()
    anchors = {
        re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-")
        for heading in re.findall(r"^#+ (.+)$", text, re.MULTILINE)
    }
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert "configure-integration-groups" in links  # the one "Write your own connector" relies on
    missing = [link for link in links if link not in anchors]
    assert not missing, f"links to sections that do not exist: {missing}"


def test_the_diagnose_block_runs_against_egeria_nb_serve(tmp_path: Path) -> None:
    (source,) = [source for _, source in blocks("bash") if "egeria-nb diagnose" in source]
    data_dir = tmp_path / "data"
    with Serve(data_dir) as serve:
        url = serve.wait_for_url()
        password = json.loads((data_dir / "credentials.json").read_text())["users"][0]["password"]
        # The block names a real Egeria's usual address and user; this test's platform is the serve process.
        script = (
            source.replace("https://localhost:9443", url)
            .replace("EGERIA_USER=garygeeke", "EGERIA_USER=nbadmin")
            .replace("EGERIA_USER_PASSWORD=secret", f"EGERIA_USER_PASSWORD={password}")
            .replace("egeria-nb diagnose", f"{Path(sys.executable).parent / 'egeria-nb'} diagnose")
        )
        run = subprocess.run(
            ["bash", "-eu", "-c", script], capture_output=True, text=True, timeout=DEADLINE_S, check=False
        )
    # The serve process has no configuration for integration-daemon: the walk stops there, and says so.
    assert run.returncode == 1, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[1].startswith("✓ platform reachable") and lines[2].startswith("✓ credentials accepted")
    assert lines[3].startswith("✗ configuration document") and "OMAG-ADMIN-400-019" in lines[3]
    assert "what to do: Configure it as an integration daemon" in run.stdout
    assert password not in run.stdout + run.stderr
