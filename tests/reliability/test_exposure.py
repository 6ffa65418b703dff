"""Exposure: where the platform listens, who can read its files, and where its secrets never appear.

``tests/embedded/test_auth.py`` covers tokens on every route, 4.x/5.x paths, the in-process
files' modes and secrets in reprs, errors and the platform's own log. This file adds what it
does not: the warning (and the actual bind) when listening beyond loopback, for
``start_embedded`` and ``egeria-nb serve``; file modes under a permissive umask and a data
directory that already existed with a loose mode, including the SQLite files; and secrets in
widget state, a daemon's tables, ``egeria-nb serve -v``'s output and a real notebook's outputs.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import nbformat
import psutil
import pytest
import requests
from nbclient import NotebookClient

import egeria_nb as enb
from egeria_nb.embedded.datadir import DataDirectory
from tests.conftest import ADMIN, group
from tests.reliability.conftest import REFUSED, Tally
from tests.serve_process import Serve

pytestmark = pytest.mark.reliability

SERVER = "integration-daemon"
MD = "active-metadata-store"
TRAINING = "egeria_nb.connectors.training.TrainingConnector"
WARNING_TEXT = "reachable from other machines"
SUITE = "auth"


def listening(pid: int, port: int) -> set[str]:
    """The addresses process ``pid`` listens on at ``port``."""
    return {
        c.laddr.ip
        for c in psutil.Process(pid).net_connections(kind="tcp")
        if c.status == psutil.CONN_LISTEN and c.laddr.port == port
    }


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def issued_tokens(platform: enb.EmbeddedPlatform) -> list[str]:
    # Every bearer token the platform has issued so far. A test about secrets needs all of them,
    # and only the platform knows the ones its own clients (the kernel's, a daemon's) were given.
    return list(platform._server.state.auth._tokens)  # type: ignore[union-attr]


def assert_no_secret(texts: dict[str, str], secrets: list[str]) -> None:
    assert all(len(s) >= 16 for s in secrets)
    for where, text in texts.items():
        for secret in secrets:
            assert secret not in text, f"a secret appears in {where}"


# -- where it listens ------------------------------------------------------------------------------


def test_start_embedded_stays_on_loopback_and_warns_when_told_otherwise(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="egeria_nb.embedded")
    with enb.start_embedded(tmp_path / "local") as local:
        assert local.url.startswith("http://127.0.0.1:")
        assert listening(os.getpid(), port_of(local.url)) == {"127.0.0.1"}
    assert WARNING_TEXT not in caplog.text

    with enb.start_embedded(tmp_path / "open", host="0.0.0.0") as open_:
        assert listening(os.getpid(), port_of(open_.url)) == {"0.0.0.0"}
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING and WARNING_TEXT in r.getMessage()]
        assert len(warnings) == 1
        assert "0.0.0.0" in warnings[0].getMessage()
        assert warnings[0].name == "egeria_nb.embedded"


def test_serve_stays_on_loopback_and_warns_when_told_otherwise(tmp_path: Path) -> None:
    with Serve(tmp_path / "local") as serve:
        url = serve.wait_for_url()
        assert url.startswith("http://127.0.0.1:")
        assert listening(serve.proc.pid, port_of(url)) == {"127.0.0.1"}
        assert serve.terminate() == 0
    assert WARNING_TEXT not in serve.output

    with Serve(tmp_path / "open", "--host", "0.0.0.0") as serve:
        url = serve.wait_for_url()
        assert listening(serve.proc.pid, port_of(url)) == {"0.0.0.0"}
        assert serve.terminate() == 0
    # Without -v the log shows warnings only: this is one of them, on stderr where a terminal sees it.
    assert "WARNING" in serve.stderr and WARNING_TEXT in serve.stderr and "0.0.0.0" in serve.stderr


# -- file modes ------------------------------------------------------------------------------------

PRIVATE = [
    "credentials.json",
    "platform.json",
    "urls.json",
    "platform.lock",
    "metadata.db",
    "metadata.db-wal",
    "metadata.db-shm",
]


def private_files(data_dir: Path) -> dict[str, int]:
    files = [data_dir / n for n in PRIVATE] + sorted((data_dir / "servers").glob("*.json"))
    return {str(p.relative_to(data_dir)): stat.S_IMODE(p.stat().st_mode) for p in files if p.exists()}


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_every_file_is_private_under_a_permissive_umask_and_a_loose_directory(
    tmp_path: Path, permissive_umask: None
) -> None:
    for how in ("serve", "kernel"):
        data_dir = tmp_path / how
        data_dir.mkdir(mode=0o777)  # made beforehand by someone else, open to all
        (data_dir / "servers").mkdir(mode=0o777)
        if how == "serve":
            with Serve(data_dir) as serve:
                url = serve.wait_for_url()
                user_id, password = DataDirectory(data_dir).admin_credentials()
                platform = enb.Platform(url, user_id=user_id, password=password)
                enb.configure_integration_group(platform, SERVER, group("g", url=url))
                enb.create_connector_definition(platform, MD, "c", TRAINING, configuration_properties={"userId": "me"})
                modes = private_files(data_dir)
                platform.close()
                assert serve.terminate() == 0
        else:
            with enb.start_embedded(data_dir) as platform:
                enb.configure_integration_group(platform, SERVER, group("g", url=platform.url))
                enb.create_connector_definition(platform, MD, "c", TRAINING, configuration_properties={"userId": "me"})
                modes = private_files(data_dir)
        assert {"credentials.json", "metadata.db", "metadata.db-wal", f"servers/{SERVER}.json"} <= set(modes)
        loose = {name: oct(mode) for name, mode in modes.items() if mode != 0o600}
        assert loose == {}, f"{how}: files others can read: {loose}"


# -- secrets ---------------------------------------------------------------------------------------


def widget_strings(widget: widgets.Widget, seen: set[int] | None = None) -> Iterator[str]:
    """Every string in the synced state of ``widget`` and of every widget it contains."""
    seen = set() if seen is None else seen
    if id(widget) in seen:
        return
    seen.add(id(widget))
    yield json.dumps(widget.get_state(), default=str)
    for name in widget.keys:
        value = getattr(widget, name, None)
        children = value if isinstance(value, list | tuple) else [value]
        for child in children:
            if isinstance(child, widgets.Widget):
                yield from widget_strings(child, seen)


def test_no_secret_in_widgets_daemon_tables_or_errors(data_dir: Path, tally: Tally) -> None:
    with enb.start_embedded(data_dir) as platform:
        enb.create_group_definition(platform, MD, "Egeria:IntegrationGroup:Secrets")
        enb.create_connector_definition(
            platform, MD, "fails", TRAINING, configuration_properties={"fail_start_every": 1}
        )
        enb.register_integration_connector(platform, MD, "Egeria:IntegrationGroup:Secrets", "fails", "fails")
        enb.create_connector_definition(platform, MD, "quiet", TRAINING)
        enb.register_integration_connector(platform, MD, "Egeria:IntegrationGroup:Secrets", "quiet", "quiet")
        enb.configure_integration_group(platform, SERVER, group("Egeria:IntegrationGroup:Secrets", url=platform.url))
        # A second client whose password is wrong: its failures must not echo what it sent either.
        wrong = enb.Platform(platform.url, user_id=platform.user_id, password=platform.password[::-1])
        texts: dict[str, Any] = {}
        with pytest.raises(enb.NotAuthorizedError) as refused:
            enb.get_integration_groups(wrong, SERVER)
        tally.add(REFUSED, SUITE)
        texts["wrong-password error"] = f"{refused.value} {refused.value!r} {refused.value.user_action}"
        daemon = enb.IntegrationDaemon(platform, SERVER, poll_interval_s=0.2, seconds_per_minute=0.1)
        daemon.start()
        form = dashboard = None
        try:
            daemon.wait_for_status("FAILED", "fails")
            daemon.wait_for_status("WAITING", "quiet")
            form = enb.IntegrationGroupsForm(platform, SERVER).wait()
            dashboard = enb.DaemonDashboard(daemon)
            dashboard.update()
            texts["form widgets"] = "\n".join(widget_strings(form))
            texts["dashboard widgets"] = "\n".join(widget_strings(dashboard))
            texts["daemon tables"] = "\n".join(
                f.to_string() for f in (daemon.status(), daemon.groups(), daemon.history())
            )
            texts["daemon html"] = daemon._repr_html_()
            texts["reprs"] = " ".join(repr(o) for o in (platform, wrong, daemon, form, dashboard))
        finally:
            if dashboard is not None:
                dashboard.close()
            if form is not None:
                form.close()
            daemon.stop()
            wrong.close()
        assert "Egeria:IntegrationGroup:Secrets" in texts["form widgets"]  # the walk did reach the state
        assert "fails" in texts["dashboard widgets"]
        assert_no_secret(texts, [platform.password, platform.password[::-1], *issued_tokens(platform)])


def test_no_secret_in_serve_output_even_verbose(tmp_path: Path, tally: Tally) -> None:
    data_dir = tmp_path / "data"
    tokens = []
    with Serve(data_dir, verbose=True) as serve:
        url = serve.wait_for_url()
        user_id, password = DataDirectory(data_dir).admin_credentials()
        for attempt in (password, password + "x", password[::-1]):
            r = requests.post(url + "/api/token", json={"userId": user_id, "password": attempt}, timeout=30)
            if r.status_code == 200:
                tokens.append(r.text)
            else:
                tally.add(REFUSED, SUITE)
        headers = {"Authorization": "Bearer " + tokens[0]}
        requests.post(
            url + ADMIN + SERVER + "/integration-groups/configuration",
            json=group("g", url=url),
            headers=headers,
            timeout=30,
        )
        bad = requests.get(
            url + ADMIN + SERVER + "/configuration", headers={"Authorization": "Bearer " + tokens[0][::-1]}, timeout=30
        )
        assert bad.status_code == 401
        tally.add(REFUSED, SUITE)
        # A daemon the platform runs itself logs in with the admin password.
        enb_platform = enb.Platform(url, user_id=user_id, password=password)
        enb.start_server(enb_platform, SERVER)
        enb.stop_server(enb_platform, SERVER)
        enb_platform.close()
        assert serve.terminate() == 0
    assert "embedded platform serving" in serve.output  # -v did log
    assert_no_secret({"egeria-nb serve -v output": serve.output}, [password, *tokens, tokens[0][::-1]])


NOTEBOOK_CELLS = [
    "import egeria_nb as enb\nplatform = enb.start_embedded(DATA_DIR)\nplatform",
    "print(platform, repr(platform), platform.user_id)",
    "group = enb.IntegrationGroupConfig(integration_group_qualified_name='Egeria:IntegrationGroup:Notebook',\n"
    "    omag_server_name='active-metadata-store', omag_server_platform_root_url=platform.url)\n"
    "enb.configure_integration_group(platform, 'integration-daemon', group)\n"
    "enb.get_integration_groups(platform, 'integration-daemon')",
    "enb.get_server_config(platform, 'integration-daemon')",
    "enb.create_group_definition(platform, 'active-metadata-store', 'Egeria:IntegrationGroup:Notebook')\n"
    "enb.create_connector_definition(platform, 'active-metadata-store', 'nb:fails',\n"
    "    'egeria_nb.connectors.training.TrainingConnector', configuration_properties={'fail_refresh_every': 1})\n"
    "enb.register_integration_connector(platform, 'active-metadata-store', 'Egeria:IntegrationGroup:Notebook',\n"
    "    'nb:fails', 'fails')",
    "daemon = enb.IntegrationDaemon(platform, 'integration-daemon', seconds_per_minute=0.1, poll_interval_s=0.2)\n"
    "daemon.start().wait_for_status('FAILED')\ndaemon",
    "daemon.status()",
    "daemon.history()",
    "form = enb.IntegrationGroupsForm(platform, 'integration-daemon').wait()\nform",
    "dashboard = enb.DaemonDashboard(daemon)\ndashboard",
    "wrong = enb.Platform(platform.url, user_id=platform.user_id, password='x' + platform.password)\n"
    "enb.get_integration_groups(wrong, 'integration-daemon')",
    "enb.start_server(platform, 'no-such-server')",
    "dashboard.close(); form.close(); daemon.stop(); platform.stop()",
]


@pytest.mark.notebook
def test_no_secret_in_a_notebooks_outputs(data_dir: Path, tmp_path: Path, tally: Tally) -> None:
    with enb.start_embedded(data_dir) as platform:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(c.replace("DATA_DIR", repr(str(data_dir)))) for c in NOTEBOOK_CELLS]
        client = NotebookClient(
            nb,
            timeout=120,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(tmp_path)}},
        )
        client.execute()
        tokens = issued_tokens(platform)
        password = platform.password
    outputs = {f"cell {i}": json.dumps(cell.get("outputs", [])) for i, cell in enumerate(nb.cells)}
    outputs["notebook metadata (widget state)"] = json.dumps(nb.metadata)
    everything = "\n".join(outputs.values())
    # The notebook ran as meant: it attached, the daemon failed its connector, and both errors showed.
    assert "attached to process" in everything
    assert "NotAuthorizedError" in everything and "OMAG-ADMIN-400-011" in everything
    assert "refresh() failed" in everything
    assert len(tokens) >= 2  # the kernel's own client, and the daemon's
    tally.add(REFUSED, SUITE, 2)
    assert_no_secret(outputs, [password, "x" + password, *tokens])
