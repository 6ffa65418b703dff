"""``egeria-nb demo`` and ``egeria-nb serve``, run as a user runs them: separate processes, real output."""

from __future__ import annotations

import json
import re
import socket
import subprocess
from pathlib import Path

import pytest
import requests

import egeria_nb as enb
from tests.serve_process import DEADLINE_S, Serve, egeria_nb

# The seed page's five calls, in the order the demo makes them.
DEMO_STEPS = [
    ("POST", "/integration-groups/configuration  (configure one group)"),
    ("POST", "/integration-groups/configuration/all  (configure all groups)"),
    ("GET", "/integration-groups/configuration  (list)"),
    ("DELETE", "/integration-groups/Egeria:IntegrationGroup:Database  (remove one)"),
    ("DELETE", "/integration-groups  (remove all)"),
]
TABLE_HEADER = re.compile(r"^\s*integration group\s+metadata server\s+platform URL\s*$")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(egeria_nb(*args), capture_output=True, text=True, timeout=DEADLINE_S, check=False)


def sections(stdout: str) -> list[list[str]]:
    """The demo's output split at its '== ' step headings (the text before the first one dropped)."""
    parts: list[list[str]] = []
    for line in stdout.splitlines():
        if line.startswith("== "):
            parts.append([line])
        elif parts and line.strip():
            parts[-1].append(line)
    return parts


def table_rows(lines: list[str]) -> list[str]:
    """The integration groups a printed table lists (first column), in order."""
    header = [i for i, line in enumerate(lines) if TABLE_HEADER.match(line)]
    assert len(header) == 1, lines
    return [line.split()[0] for line in lines[header[0] + 1 :] if line.split() and line.split()[0].startswith("E")]


def test_demo_prints_the_five_steps_and_the_tables() -> None:
    done = run("demo")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    steps = sections(done.stdout)
    assert len(steps) == 5
    for (verb, suffix), step in zip(DEMO_STEPS, steps, strict=True):
        assert step[0] == f"== {verb} .../servers/integration-daemon{suffix}"
        assert step[1:], f"the step {step[0]!r} printed nothing"  # every step shows what it did

    url = re.search(r"Embedded platform at (http://127\.0\.0\.1:\d+) \(data in (.+)\)", done.stdout)
    assert url is not None
    files, database, default = (
        "Egeria:IntegrationGroup:Files",
        "Egeria:IntegrationGroup:Database",
        "Egeria:IntegrationGroup:Default",
    )
    assert table_rows(steps[0]) == [files]
    assert table_rows(steps[1]) == [files, database, default]  # configure all replaced the list
    assert table_rows(steps[2]) == [files, database, default]
    assert table_rows(steps[3]) == [files, default]
    assert steps[4][1:] == ["No integration groups are configured.", "Done; the platform has stopped."]
    # Every row names the metadata server and the platform the demo ran.
    for line in steps[2][2:]:
        assert line.split()[1:] == ["active-metadata-store", url.group(1)]
    assert done.stdout.rstrip().endswith("Done; the platform has stopped.")
    # Without --data-dir the demo leaves nothing behind.
    assert not Path(url.group(2)).exists()


@pytest.mark.parametrize("command", [(), ("serve",), ("seed",), ("demo",)], ids=["egeria-nb", "serve", "seed", "demo"])
def test_help_is_plain_text(command: tuple[str, ...]) -> None:
    """argparse prints help as written: no reStructuredText markup from docstrings."""
    helped = run(*command, "--help")
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("usage: egeria-nb")
    assert "``" not in helped.stdout, helped.stdout
    description = helped.stdout.split("\n\n")[1]  # usage, then the description, then the options
    assert description.strip() and not description.lstrip().startswith(("options:", "positional")), helped.stdout


def test_demo_with_a_data_dir_keeps_its_configuration(tmp_path: Path) -> None:
    done = run("demo", "--data-dir", str(tmp_path / "demo"))
    assert done.returncode == 0, done.stderr
    assert f"(data in {(tmp_path / 'demo').resolve()})" in done.stdout
    document = json.loads((tmp_path / "demo" / "servers" / "integration-daemon.json").read_text())
    assert "dynamicIntegrationGroupsConfig" not in document  # the last step removed them all
    assert document["auditTrail"][-1].endswith("removed configuration for integration groups.")


def test_serve_prints_where_it_is_but_never_the_password(tmp_path: Path) -> None:
    data_dir = tmp_path / "served"
    with Serve(data_dir) as serve:
        url = serve.wait_for_url()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        assert not url.endswith(":0")  # --port 0 reports the port it actually got
        serve.read_until("Press Ctrl-C to stop.")
        printed = "".join(serve.stdout)
        assert f"data directory: {data_dir.resolve()}" in printed
        assert str((data_dir / "credentials.json").resolve()) in printed
        assert "'nbadmin'" in printed

        # It answers as soon as it has printed its URL.
        about = requests.get(url + "/api/about", timeout=30)
        assert about.status_code == 200
        assert about.json()["version"] == enb.__version__
        credentials = json.loads((data_dir / "credentials.json").read_text())["users"][0]
        token = requests.post(url + "/api/token", json=credentials, timeout=30)
        assert token.status_code == 200
        with enb.start_embedded(data_dir) as client:  # attaches to the served directory
            assert client.url == url
            assert client.password == credentials["password"]

        assert serve.terminate() == 0
    assert credentials["password"] not in serve.output
    assert token.text not in serve.output
    assert "Traceback" not in serve.output
    # A clean stop releases the directory: no one is recorded as serving it.
    assert not (data_dir / "platform.json").exists()


def test_serve_with_verbose_logging_still_keeps_secrets_out(tmp_path: Path) -> None:
    data_dir = tmp_path / "served"
    with Serve(data_dir, "--legacy-api", verbose=True) as serve:
        url = serve.wait_for_url()
        credentials = json.loads((data_dir / "credentials.json").read_text())["users"][0]
        token = requests.post(url + "/api/token", json=credentials, timeout=30).text
        for path in (
            "/open-metadata/admin-services/servers/x/configuration",
            "/open-metadata/admin-services/servers/../configuration",
            "/open-metadata/admin-services/users/nbadmin/servers/x/configuration",
        ):
            requests.get(url + path, headers={"Authorization": "Bearer " + token}, timeout=30)
        requests.post(url + "/api/token", json={"userId": "nbadmin", "password": "guess-1234"}, timeout=30)
        assert serve.terminate() == 0
    assert "embedded platform serving" in serve.stderr  # the INFO line: -v did turn logging on
    for secret in (credentials["password"], token, "guess-1234"):
        assert secret not in serve.output


@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "verbose"])
def test_serve_answers_an_over_long_request_line_without_a_traceback(tmp_path: Path, verbose: bool) -> None:
    """A 10 KB request line (sent raw: the client refuses to send one) gets a 400 and at most one log line."""
    with Serve(tmp_path / "served", verbose=verbose) as serve:
        url = serve.wait_for_url()
        host, port = url.removeprefix("http://").rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=30) as conn:
            conn.sendall(b"GET /" + b"x" * 10_000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n")
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.0 400 ") or answer.startswith(b"HTTP/1.1 400 "), answer[:200]
        assert requests.get(url + "/api/about", timeout=30).status_code == 200  # still serving
        assert serve.terminate() == 0
    assert "Traceback" not in serve.stderr and "LineTooLong" not in serve.stderr, serve.stderr
    refusals = [line for line in serve.stderr.splitlines() if "refused an unreadable HTTP request" in line]
    # One INFO line, shown with -v only; its excerpt of the request is short.
    assert len(refusals) == (1 if verbose else 0), serve.stderr
    assert all(line.startswith("INFO ") and len(line) < 400 for line in refusals), refusals


def test_serve_reports_a_port_in_use(tmp_path: Path) -> None:
    with Serve(tmp_path / "one") as first:
        port = first.wait_for_url().rsplit(":", 1)[1]
        taken = run("serve", "--data-dir", str(tmp_path / "two"), "--port", port)
        assert taken.returncode == 2
        assert f"cannot listen on 127.0.0.1:{port}" in taken.stderr
        assert "Traceback" not in taken.stderr
        assert first.terminate() == 0
    # The refused one let go of its directory: a platform can start there now.
    with enb.start_embedded(tmp_path / "two") as platform:
        assert not platform.attached


def test_serve_refuses_bad_change_log_limits_before_it_starts(tmp_path: Path) -> None:
    data_dir = tmp_path / "never"
    for option, value, name in (
        ("--change-log-keep", "0", "change_log_keep=0"),
        ("--change-log-max-age", "a week", "change_log_max_age_s='a week'"),
        ("--change-log-prune-interval", "-1", "change_log_prune_interval_s=-1"),
    ):
        refused = run("serve", "--data-dir", str(data_dir), option, value)
        assert refused.returncode == 2
        assert "EGERIA-NB-400-023" in refused.stderr and name in refused.stderr and option in refused.stderr
        assert "Traceback" not in refused.stderr
    assert not data_dir.exists()
