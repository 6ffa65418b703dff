"""Real servers and a real browser for the widget tests (recipes: reference/browser-testing.md §1-§3, §7).

Started on first use and stopped when the browser tests are done (package scope, so that the rest of a
``make test`` run does not share the machine with idle servers and a browser):

* ``platform_under_test`` - the embedded platform, served from this pytest process. Every kernel the
  servers start has ``EGERIA_NB_HOME`` pointing at its data directory, so the notebooks'
  ``enb.start_embedded()`` connects to it, and the tests check over HTTP what the widgets did.
* ``lab_server``, ``nb7_server``, ``voila_server`` - JupyterLab 4, Notebook 7 and Voila on free loopback
  ports, serving a tmp root with the test notebooks (generated here with nbformat);
  ``voila_pictures_server`` - a second Voila, serving pictures.ipynb.
* ``browser`` - Debian's Chromium driven by Playwright's sync API (never ``playwright install``).

Per test: ``lab``/``nb7`` (fresh notebook copies before, every session deleted after, so the next test
gets a new kernel), ``page`` (a 1280x900 context whose final screenshot goes to tests/artifacts/),
``fresh_definitions`` (what the notebooks define on the platform deleted before and after: they create
it anew, and a qualified name is made once).

What is not installed skips the tests, except under ``CI=true``, where it fails them: a missing apt
step must not pass unnoticed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
import requests
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import egeria_nb as enb
from tests.browser.chromium import CHROMIUM, CHROMIUM_FLAGS
from tests.conftest import IN_CI

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
SCREENSHOTS = REPO / "docs" / "screenshots"
# Set to 1 to refresh the README's screenshots in docs/screenshots/ from this run.
UPDATE_SCREENSHOTS = os.environ.get("EGERIA_NB_UPDATE_SCREENSHOTS") == "1"
VIEWPORT = {"width": 1280, "height": 900}
SERVER_READY_TIMEOUT_S = 60.0
STOP_GRACE_S = 15.0
POLL_S = 0.2
# Playwright's default wait: generous, since a cold JupyterLab takes seconds to load its bundles.
PAGE_TIMEOUT_MS = 30_000

SERVER = "integration-daemon"
DASHBOARD_DAEMON = "dashboard-daemon"
MD = "active-metadata-store"
TRAINING = "egeria_nb.connectors.training.TrainingConnector"
# pictures.ipynb: a daemon of its own (no other test notebook uses the name), one failing and one healthy connector.
PICTURES_DAEMON = "pictures-daemon"
PICTURES_GROUP = "Lab:IntegrationGroup:Pictures"
FAILING, HEALTHY = "failing-training", "healthy-training"
# What the training connector's failing refresh says (egeria_nb/connectors/training.py).
FAILING_MESSAGE = "fail_refresh_every=2"

# The document is ready and its kernel connected and idle (browser-testing.md §3: the toolbar's
# indicator says "idle" too early). Needs expose_app_in_browser; the same in Lab 4 and Notebook 7.
KERNEL_IDLE_JS = """() => {
  const w = window.jupyterapp?.shell.currentWidget;
  const k = w?.sessionContext?.session?.kernel;
  return !!(w?.context?.isReady && k && k.connectionStatus === 'connected' && k.status === 'idle');
}"""


def missing(what: str) -> None:
    """Skip, or under CI=true fail: the browser tests may not silently vanish from CI."""
    message = f"{what} (see README, 'Browser tests')"
    if IN_CI:
        pytest.fail(f"CI=true but {message}", pytrace=False)
    pytest.skip(message)


def require_modules(*names: str) -> None:
    absent = [name for name in names if importlib.util.find_spec(name) is None]
    if absent:
        missing(f"not installed: {', '.join(absent)}")


# -- the notebooks the servers serve -----------------------------------------------------------------


def _notebook(*cells: str | tuple[str, str]) -> nbformat.NotebookNode:
    nb = new_notebook(
        cells=[new_markdown_cell(c[1]) if isinstance(c, tuple) else new_code_cell(c) for c in cells],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    nbformat.validate(nb)
    return nb


NOTEBOOKS: dict[str, nbformat.NotebookNode] = {
    "form.ipynb": _notebook(
        ("md", "# Integration groups\nAdd, update and remove the groups of an integration daemon."),
        "import egeria_nb as enb\n\nplatform = enb.start_embedded()  # the platform this data directory has",
        f"form = enb.IntegrationGroupsForm(platform, {SERVER!r})\nform",
    ),
    "dashboard.ipynb": _notebook(
        ("md", "# Integration daemon\nA training connector whose every 2nd refresh fails."),
        "import egeria_nb as enb\n\nplatform = enb.start_embedded()\n"
        f'MD, GROUP = {MD!r}, "Lab:IntegrationGroup:Training"\n'
        "enb.create_group_definition(platform, MD, GROUP)\n"
        f'enb.create_connector_definition(platform, MD, "Lab:Connector:Flaky", {TRAINING!r},\n'
        '                                 configuration_properties={"fail_refresh_every": 2})\n'
        'enb.register_integration_connector(platform, MD, GROUP, "Lab:Connector:Flaky", "flaky-training",\n'
        "                                   refresh_time_interval=1)\n"
        f"enb.configure_integration_group(platform, {DASHBOARD_DAEMON!r}, enb.IntegrationGroupConfig(\n"
        "    integration_group_qualified_name=GROUP, omag_server_name=MD,\n"
        "    omag_server_platform_root_url=platform.url))",
        # A "minute" of 3 s: refreshed at start (fine), 3 s later (fails), and only restarted on request.
        f"daemon = enb.IntegrationDaemon(platform, {DASHBOARD_DAEMON!r}, seconds_per_minute=3,\n"
        "                               restart_policy=enb.RestartPolicy.egeria())\n"
        "daemon.start()\n"
        "enb.DaemonDashboard(daemon, interval_s=0.25)",
    ),
    "pictures.ipynb": _notebook(
        ("md", "# Pictures of an integration daemon\nTwo training connectors; every 2nd refresh of one fails."),
        "import egeria_nb as enb\n\nplatform = enb.start_embedded()\n"
        f"MD, GROUP = {MD!r}, {PICTURES_GROUP!r}\n"
        "enb.create_group_definition(platform, MD, GROUP)\n"
        f'enb.create_connector_definition(platform, MD, "Lab:Connector:Failing", {TRAINING!r},\n'
        '                                 configuration_properties={"fail_refresh_every": 2})\n'
        f'enb.create_connector_definition(platform, MD, "Lab:Connector:Healthy", {TRAINING!r})\n'
        f'enb.register_integration_connector(platform, MD, GROUP, "Lab:Connector:Failing", {FAILING!r},\n'
        "                                   refresh_time_interval=1)\n"
        f'enb.register_integration_connector(platform, MD, GROUP, "Lab:Connector:Healthy", {HEALTHY!r},\n'
        "                                   refresh_time_interval=1)\n"
        f"enb.configure_integration_group(platform, {PICTURES_DAEMON!r}, enb.IntegrationGroupConfig(\n"
        "    integration_group_qualified_name=GROUP, omag_server_name=MD,\n"
        "    omag_server_platform_root_url=platform.url))",
        # A "minute" of 1 s: refreshed at start (fine), 1 s later (fails), and only restarted on request.
        f"daemon = enb.IntegrationDaemon(platform, {PICTURES_DAEMON!r}, seconds_per_minute=1,\n"
        "                               restart_policy=enb.RestartPolicy.egeria())\n"
        "daemon.start()\n"
        f'failed = daemon.wait_for_status("FAILED", {FAILING!r}, timeout_s=60)',
        "daemon.diagnose()",
        "daemon.timeline(minutes=2)",
        "daemon.topology()",
    ),
}
# What each notebook defines on the platform: (its daemon server, its group, its connectors' qualified names).
DEFINED = {
    "dashboard.ipynb": (DASHBOARD_DAEMON, "Lab:IntegrationGroup:Training", ("Lab:Connector:Flaky",)),
    "pictures.ipynb": (PICTURES_DAEMON, PICTURES_GROUP, ("Lab:Connector:Failing", "Lab:Connector:Healthy")),
}


def write_notebooks(root: Path) -> None:
    """(Re)write fresh copies: Lab autosaves outputs, and the next test must not see the last one's."""
    root.mkdir(parents=True, exist_ok=True)
    for name, nb in NOTEBOOKS.items():
        nbformat.write(nb, root / name)


# -- servers -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    url: str  # no trailing slash
    token: str
    root: Path
    proc: subprocess.Popen[bytes]
    log: Path

    def api(self, method: str, path: str) -> requests.Response:
        return requests.request(method, f"{self.url}{path}", params={"token": self.token}, timeout=10)

    def delete_sessions(self) -> None:
        """Shut every kernel down, so the next test opening a notebook gets a fresh one (§3: kernels are reused)."""
        for session in self.api("GET", "/api/sessions").json():
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def log_tail(self, size: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-size:]

    def stop(self) -> None:
        # SIGTERM shuts the server's kernels down cleanly (§3).
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


@dataclass
class Home:
    """The tmp tree every server runs in: notebooks, Jupyter's directories, and the egeria_nb data directory."""

    base: Path

    @property
    def root(self) -> Path:
        return self.base / "root"

    @property
    def egeria(self) -> Path:
        return self.base / "egeria_nb"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
            env[name] = str(self.base / name.lower())
        env["JUPYTERLAB_SETTINGS_DIR"] = str(self.base / "lab-settings")
        env["JUPYTERLAB_WORKSPACES_DIR"] = str(self.base / "lab-workspaces")
        env["EGERIA_NB_HOME"] = str(self.egeria)  # the kernels' enb.start_embedded() attaches to the tests' platform
        env["JUPYTER_PLATFORM_DIRS"] = "1"  # no "Jupyter is migrating" warning in every log line
        # Servers stopped by a signal leave their temporary folders behind: keep them in this tree, which pytest
        # removes, not in the machine's temporary folder (a tmpfs under make test, where they would hold memory).
        (self.base / "tmp").mkdir(parents=True, exist_ok=True)
        env["TMPDIR"] = str(self.base / "tmp")
        for name in ("EGERIA_PLATFORM_URL", "EGERIA_USER", "EGERIA_USER_PASSWORD", "EGERIA_API"):
            env.pop(name, None)
        return env


@pytest.fixture(scope="package")
def home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    h = Home(tmp_path_factory.mktemp("browser"))
    write_notebooks(h.root)
    # "Would you like to get notified about official Jupyter news?" would cover the bottom right (§3).
    settings = h.base / "lab-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    return h


@pytest.fixture(scope="package")
def platform_under_test(home: Home) -> Iterator[enb.EmbeddedPlatform]:
    with enb.start_embedded(home.egeria) as platform:
        yield platform


def start_server(name: str, command: list[str], home: Home, url: str, probe: str, token: str = "") -> Server:
    log = home.base / f"{name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=home.env(), cwd=home.root)
    server = Server(name, url, token, home.root, proc, log)
    deadline = time.monotonic() + SERVER_READY_TIMEOUT_S
    while True:
        if proc.poll() is not None:
            pytest.fail(f"{name} exited with {proc.returncode}:\n{server.log_tail()}", pytrace=False)
        with contextlib.suppress(requests.RequestException):
            # Any HTTP answer means it is listening (Voila has no status API, and "/" would run the notebook).
            requests.get(url + probe, params={"token": token} if token else None, timeout=2)
            return server
        if time.monotonic() > deadline:
            server.stop()
            pytest.fail(f"{name} did not answer within {SERVER_READY_TIMEOUT_S:g} s:\n{server.log_tail()}")
        time.sleep(POLL_S)


def _jupyter(app: str, expose: str, home: Home, platform: enb.EmbeddedPlatform) -> Iterator[Server]:
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable,  # the kernel's "python" is then this venv's (jupyter_client maps it to sys.executable)
        "-m",
        "jupyter",
        app,
        "--no-browser",
        "--allow-root",  # we are root here (§3)
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={home.root}",
        f"--{expose}.expose_app_in_browser=True",
    ]
    if app == "lab":
        command.append("--LabApp.news_url=None")
    server = start_server(app, command, home, f"http://127.0.0.1:{port}", "/api/status", token)
    try:
        yield server
    finally:
        with contextlib.suppress(requests.RequestException):
            server.delete_sessions()
        server.stop()


@pytest.fixture(scope="package")
def lab_server(home: Home, platform_under_test: enb.EmbeddedPlatform) -> Iterator[Server]:
    require_modules("jupyterlab", "ipykernel", "ipywidgets")
    yield from _jupyter("lab", "LabApp", home, platform_under_test)


@pytest.fixture(scope="package")
def nb7_server(home: Home, platform_under_test: enb.EmbeddedPlatform) -> Iterator[Server]:
    require_modules("notebook", "ipykernel", "ipywidgets")
    yield from _jupyter("notebook", "JupyterNotebookApp", home, platform_under_test)


def _voila(name: str, notebook: str, home: Home) -> Iterator[Server]:
    # A Voila started with a notebook serves only that one: one server per notebook.
    require_modules("voila", "ipykernel", "ipywidgets")
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "voila",
        str(home.root / notebook),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        "--Voila.port_retries=0",
    ]
    server = start_server(name, command, home, f"http://127.0.0.1:{port}", "/voila-probe")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="package")
def voila_server(home: Home, platform_under_test: enb.EmbeddedPlatform) -> Iterator[Server]:
    yield from _voila("voila", "form.ipynb", home)


@pytest.fixture(scope="package")
def voila_pictures_server(home: Home, platform_under_test: enb.EmbeddedPlatform) -> Iterator[Server]:
    """A second Voila, serving pictures.ipynb."""
    yield from _voila("voila-pictures", "pictures.ipynb", home)


def _per_test(server: Server) -> Iterator[Server]:
    write_notebooks(server.root)
    try:
        yield server
    finally:
        server.delete_sessions()


@pytest.fixture
def lab(lab_server: Server) -> Iterator[Server]:
    yield from _per_test(lab_server)


@pytest.fixture
def nb7(nb7_server: Server) -> Iterator[Server]:
    yield from _per_test(nb7_server)


@pytest.fixture
def platform(platform_under_test: enb.EmbeddedPlatform) -> enb.EmbeddedPlatform:
    """The platform the kernels use, with no integration groups configured for the form's server."""
    enb.remove_integration_groups(platform_under_test, SERVER)
    return platform_under_test


def forget_definitions(platform: enb.EmbeddedPlatform) -> None:
    """Delete what the notebooks define, so that running one again can create it anew (names are made once)."""
    for server, group, connectors in DEFINED.values():
        with contextlib.suppress(enb.EgeriaError):
            enb.remove_integration_groups(platform, server)
        with contextlib.suppress(enb.EgeriaError):
            enb.delete_group_definition(platform, MD, group)  # with its registrations
        for connector in connectors:
            with contextlib.suppress(enb.EgeriaError):
                enb.delete_connector_definition(platform, MD, connector)


@pytest.fixture
def fresh_definitions(platform_under_test: enb.EmbeddedPlatform) -> Iterator[enb.EmbeddedPlatform]:
    """The platform without the notebooks' definitions, before the test and again after it (for the next one)."""
    forget_definitions(platform_under_test)
    try:
        yield platform_under_test
    finally:
        forget_definitions(platform_under_test)


# -- the browser -------------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    require_modules("playwright")
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        missing(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        pw.stop()


@dataclass
class Shots:
    """Where a test's screenshots go: tests/artifacts/, and docs/screenshots/ for the README's when asked."""

    test_name: str

    def path(self, label: str = "") -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        return ARTIFACTS / f"{self.test_name}{'-' + label if label else ''}.png"

    def take(self, target: Any, label: str = "", *, readme_name: str | None = None) -> Path:
        """Screenshot ``target`` (a page or a locator, clipped to it); copy to docs/screenshots/ if asked."""
        path = self.path(label)
        target.screenshot(path=str(path))
        if readme_name and UPDATE_SCREENSHOTS:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, SCREENSHOTS / readme_name)
        return path


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Shots:
    return Shots(request.node.name.replace("/", "_").replace("[", "-").replace("]", ""))


@pytest.fixture
def page(browser: Any, shots: Shots) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda error: errors.append(str(error)))
    p.page_errors = errors  # type: ignore[attr-defined]
    try:
        yield p
    finally:
        # Always: the final state is what explains a failure.
        with contextlib.suppress(Exception):
            p.screenshot(path=str(shots.path("final")))
        context.close()


# -- what the tests do in a notebook -----------------------------------------------------------------


def open_notebook(page: Any, server: Server, name: str) -> None:
    """Open ``name`` in Lab or Notebook 7 and wait until its kernel is connected and idle."""
    if server.name == "lab":
        page.goto(f"{server.url}/lab/tree/{name}?token={server.token}&reset")
    else:
        page.goto(f"{server.url}/notebooks/{name}?token={server.token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    page.wait_for_function(KERNEL_IDLE_JS, polling=200, timeout=60_000)


def run_all_cells(page: Any, until: str) -> None:
    """Run every cell; wait for ``until`` to show and the kernel to be idle again."""
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_selector(until, state="visible")
    page.wait_for_function(KERNEL_IDLE_JS, polling=200, timeout=60_000)
