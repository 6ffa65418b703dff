"""The README's promises about getting started are true.

* ``make lab`` opens a real JupyterLab on notebooks/ and stops cleanly;
* ``make demo`` walks through the five integration-group calls;
* every ``make`` target, API name and keyword the README shows exists, and .ci/run does only what the
  README tells a newcomer to do.

Everything goes through the repo's real Makefile and real processes; nothing here skips.
"""

from __future__ import annotations

import ast
import inspect
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import time
from contextlib import suppress
from pathlib import Path

import pytest
import requests

import egeria_nb

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
MAKEFILE = REPO / "Makefile"
CI_RUN = REPO / ".ci" / "run"
NOTEBOOKS = REPO / "notebooks"

LAB_READY_TIMEOUT_S = 90.0
POLL_S = 0.2
STOP_GRACE_S = 30.0

# A sub-make must not inherit the outer `make test`'s flags, jobserver descriptors or variable overrides.
MAKE_ENV_NOISE = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
JUPYTER_DIRS = (
    "JUPYTER_CONFIG_DIR",
    "JUPYTER_DATA_DIR",
    "JUPYTER_RUNTIME_DIR",
    "IPYTHONDIR",
    "JUPYTERLAB_SETTINGS_DIR",
    "JUPYTERLAB_WORKSPACES_DIR",
)


# ---------------------------------------------------------------------------------------------- helpers


def _make() -> str:
    make = shutil.which("make")
    assert make, "`make` is not on PATH; the README's quick start needs it"
    return make


def _make_env() -> dict[str, str]:
    # EGERIA_NB_HOME is already a tmp dir (conftest's autouse fixture sets it in os.environ).
    return {k: v for k, v in os.environ.items() if k not in MAKE_ENV_NOISE}


def _run(cmd: list[str], *, timeout: float, **kw: object) -> subprocess.CompletedProcess[str]:
    kw.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)  # type: ignore[call-overload]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _live_group_members(pgid: int) -> list[str]:
    """Processes in group ``pgid`` that have not exited (zombies waiting for a reaper do not count)."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():  # not Linux: ask the kernel whether anyone is left
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return []
        return [f"process group {pgid}"]
    alive = []
    for stat_file in proc.glob("[0-9]*/stat"):
        try:
            text = stat_file.read_text()
        except OSError:  # exited while we looked
            continue
        # "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses
        head, _, rest = text.rpartition(")")
        fields = rest.split()
        if len(fields) >= 3 and int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(f"{stat_file.parent.name} {head.partition('(')[2]} ({fields[0]})")
    return alive


def _stop_group(proc: subprocess.Popen[bytes]) -> list[str]:
    """SIGTERM the whole session; return what was still running after the grace period (then SIGKILLed)."""
    pgid = proc.pid  # start_new_session=True: the leader's pid is the group id
    with suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_S
    while time.monotonic() < deadline:
        if proc.poll() is not None and not _live_group_members(pgid):
            return []
        time.sleep(POLL_S)
    left = _live_group_members(pgid) or [f"make (pid {proc.pid}) ignored SIGTERM"]
    with suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    with suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)
    return left


def _tail(path: Path, lines: int = 40) -> str:
    text = path.read_text(errors="replace") if path.exists() else "(no output)"
    return "\n".join(text.splitlines()[-lines:])


def _readme() -> str:
    return README.read_text()


FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)


def _fenced_blocks(text: str) -> list[tuple[str, str]]:
    return [(lang.lower(), body) for lang, body in FENCE.findall(text)]


def _inline_code(text: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", FENCE.sub("", text))


def _readme_python() -> list[str]:
    text = _readme()
    return [body for lang, body in _fenced_blocks(text) if lang in {"python", "py"}]


def _readme_shell_lines() -> list[str]:
    """Shell the README tells a reader to type: bash blocks (continuations joined) and inline code."""
    text = _readme()
    lines: list[str] = []
    for lang, body in _fenced_blocks(text):
        if lang in {"bash", "sh", "shell", "console"}:
            lines += [line.strip() for line in body.replace("\\\n", " ").splitlines() if line.strip()]
    return lines + _inline_code(text)


def _split_commands(line: str) -> list[list[str]]:
    """Shell words of each simple command on ``line`` (split at ;, &&, ||, |), comments dropped."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    try:
        tokens = list(lexer)
    except ValueError:  # not shell (unbalanced quote in prose)
        return []
    commands: list[list[str]] = [[]]
    for token in tokens:
        if token and set(token) <= set(";&|"):
            commands.append([])
        else:
            commands[-1].append(token)
    return [c for c in commands if c]


ASSIGNMENT = re.compile(r"[A-Za-z_]\w*=.*", re.S)
QUIET_FLAGS = {"-q", "-qq", "--quiet"}


def _normalize(words: list[str]) -> tuple[str, ...]:
    """Leading VAR=value and sudo (README: "as root, leave out sudo") and quiet flags change nothing a reader does."""
    words = list(words)
    while words and (ASSIGNMENT.fullmatch(words[0]) or words[0] == "sudo"):
        words.pop(0)
    return tuple(w for w in words if w not in QUIET_FLAGS)


def _make_invocations(lines: list[str]) -> list[list[str]]:
    """The argument lists of every `make ...` in ``lines`` (without the word make)."""
    found = []
    for line in lines:
        for words in _split_commands(line):
            words = list(_normalize(words))
            if words and words[0] == "make":
                found.append(words[1:])
    return found


def _makefile_targets_and_variables() -> tuple[set[str], set[str]]:
    targets: set[str] = set()
    variables: set[str] = set()
    for line in MAKEFILE.read_text().splitlines():
        if not line or line[0] in "\t#":
            continue
        if m := re.match(r"([A-Za-z_][\w]*)\s*(?:\?|:|\+|::)?=", line):
            variables.add(m.group(1))
            continue
        if m := re.match(r"([^\s:#=][^:#=]*?)\s*::?(?!=)", line):
            targets.update(m.group(1).split())
    return targets, variables


# ---------------------------------------------------------------------------------------------- make lab


@pytest.mark.slow
def test_make_lab_opens_jupyterlab_on_notebooks_and_stops_cleanly(tmp_path: Path) -> None:
    make = _make()
    env = _make_env()
    for name in JUPYTER_DIRS:
        d = tmp_path / name.lower()
        d.mkdir()
        env[name] = str(d)

    # Bring the stamp up to date the way the README's `make lab` would (a no-op when it is fresh), so the
    # 90 s below measure Lab and not an install; then the real Makefile must plan no reinstall for `make lab`.
    venv = _run([make, "venv"], cwd=REPO, env=_make_env(), timeout=900)
    assert venv.returncode == 0, f"make venv failed:\n{venv.stdout}\n{venv.stderr}"
    plan = _run([make, "-n", "lab"], cwd=REPO, env=_make_env(), timeout=60)
    assert plan.returncode == 0, plan.stderr
    planned = [line for line in plan.stdout.splitlines() if line.strip()]
    assert len(planned) == 1, f"with a fresh stamp `make lab` should only start Lab, but plans:\n{plan.stdout}"
    assert "jupyter lab" in planned[0] and "--notebook-dir=notebooks" in planned[0], planned[0]
    if os.geteuid() == 0:
        assert "--allow-root" in planned[0], "as root Jupyter exits at once without --allow-root"

    port = _free_port()
    token = secrets.token_hex(16)
    lab_args = f"--no-browser --port {port} --IdentityProvider.token={token} --ServerApp.port_retries=0"
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "make-lab.log"
    http = requests.Session()
    http.trust_env = False  # never through a proxy: this is loopback

    started = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [make, "lab", f"LAB_ARGS={lab_args}"],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        status = None
        deadline = started + LAB_READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"`make lab` exited with {proc.returncode} before Lab answered:\n{_tail(log)}")
            with suppress(requests.ConnectionError, requests.Timeout):
                status = http.get(f"{base}/api/status", params={"token": token}, timeout=5)
                if status.status_code == 200:
                    break
            time.sleep(POLL_S)
        assert status is not None and status.status_code == 200, (
            f"Lab did not answer /api/status within {LAB_READY_TIMEOUT_S:.0f} s "
            f"(last: {status.status_code if status is not None else 'no connection'}):\n{_tail(log)}"
        )
        print(f"\nmake lab: /api/status answered 200 after {time.monotonic() - started:.1f} s")
        assert "started" in status.json()

        # LAB_ARGS reached Jupyter: the port is ours, and the token is required (a new session: no login cookie).
        with requests.Session() as stranger:
            stranger.trust_env = False
            assert stranger.get(f"{base}/api/contents", timeout=10).status_code in {401, 403}

        contents = http.get(f"{base}/api/contents", params={"token": token}, timeout=10)
        assert contents.status_code == 200, contents.text
        root = contents.json()
        assert root["type"] == "directory" and root["path"] == ""
        served = {entry["name"]: entry["type"] for entry in root["content"]}
        on_disk = {p.name for p in NOTEBOOKS.iterdir() if not p.name.startswith(".")}
        notebooks = {p.name for p in NOTEBOOKS.glob("*.ipynb")}
        assert notebooks, "notebooks/ has no notebooks"
        assert set(served) == on_disk, f"Lab's root is not notebooks/: it lists {sorted(served)}"
        assert {name for name, kind in served.items() if kind == "notebook"} == notebooks
    finally:
        http.close()
        leftovers = _stop_group(proc)
    print(f"make lab: whole test {time.monotonic() - started:.1f} s")

    assert not leftovers, f"still running {STOP_GRACE_S:.0f} s after SIGTERM (then killed): {leftovers}"
    text = log.read_text(errors="replace")
    assert "pip install" not in text and " -m venv " not in text, f"`make lab` reinstalled:\n{_tail(log)}"


# ---------------------------------------------------------------------------------------------- make demo


DEMO_STEPS = [
    ("POST", "/integration-groups/configuration  "),
    ("POST", "/integration-groups/configuration/all  "),
    ("GET", "/integration-groups/configuration  "),
    ("DELETE", "/integration-groups/Egeria:IntegrationGroup:Database  "),
    ("DELETE", "/integration-groups  "),
]


def test_make_demo_prints_the_five_integration_group_calls() -> None:
    result = _run([_make(), "demo"], cwd=REPO, env=_make_env(), timeout=600)
    assert result.returncode == 0, f"make demo failed:\n{result.stdout}\n{result.stderr}"
    steps = [line for line in result.stdout.splitlines() if line.startswith("== ")]
    assert len(steps) == 5, f"expected five steps, got {len(steps)}:\n{result.stdout}"
    for line, (verb, path) in zip(steps, DEMO_STEPS, strict=True):
        assert line.startswith(f"== {verb} ") and path in line, f"expected {verb} ...{path.strip()}, got {line!r}"
    # The walk-through really talked to a platform: the list step shows all three groups, the last shows none.
    listing = result.stdout.split(steps[2], 1)[1].split(steps[3], 1)[0]
    for name in ("Files", "Database", "Default"):
        assert f"Egeria:IntegrationGroup:{name}" in listing, listing
    assert "No integration groups are configured." in result.stdout.split(steps[4], 1)[1]
    assert "Traceback" not in result.stderr, result.stderr


# ---------------------------------------------------------------------------------------------- README is true


def test_every_make_target_the_readme_mentions_exists() -> None:
    invocations = _make_invocations(_readme_shell_lines())
    targets, variables = _makefile_targets_and_variables()
    mentioned = {w for args in invocations for w in args if not ASSIGNMENT.fullmatch(w) and not w.startswith("-")}
    assert {"lab", "test", "demo"} <= mentioned, f"the quick start's targets are not all shown: {mentioned}"
    assert mentioned <= targets, f"README mentions make targets the Makefile lacks: {sorted(mentioned - targets)}"
    passed = {w.split("=", 1)[0] for args in invocations for w in args if ASSIGNMENT.fullmatch(w)}
    assert passed <= variables, f"README passes make variables the Makefile lacks: {sorted(passed - variables)}"


def test_api_names_in_the_readme_are_exported() -> None:
    text = _readme()
    code = "\n".join(_readme_python())
    names = set(re.findall(r"\benb\.([A-Za-z_]\w*)", code + "\n".join(_inline_code(text))))
    # Function names in the table and the "Also:" list: `snake_case` or `snake_case(...)` spans.
    for span in _inline_code(text):
        if m := re.fullmatch(r"([a-z][a-z0-9]*_[a-z0-9_]+)(\(.*\))?", span.strip()):
            names.add(m.group(1))
    assert {"start_embedded", "Platform", "configure_integration_group"} <= names, names
    missing = sorted(n for n in names if n not in egeria_nb.__all__ or not hasattr(egeria_nb, n))
    assert not missing, f"README shows names egeria_nb does not export: {missing}"


def test_the_readme_error_tree_is_the_real_hierarchy() -> None:
    (tree,) = [body for _lang, body in _fenced_blocks(_readme()) if "EgeriaError" in body]
    stack: list[tuple[int, str]] = []
    checked = 0
    for line in tree.splitlines():
        m = re.search(r"\b([A-Z]\w*Error)\b", line)
        if not m:
            continue
        column, name = m.start(), m.group(1)
        assert name in egeria_nb.__all__, f"{name} is not exported"
        while stack and stack[-1][0] >= column:
            stack.pop()
        if stack:
            parent = stack[-1][1]
            assert issubclass(getattr(egeria_nb, name), getattr(egeria_nb, parent)), f"{name} is not a {parent}"
            checked += 1
        stack.append((column, name))
    assert checked >= 7, f"parsed only {checked} parent/child pairs from:\n{tree}"


def _resolve(node: ast.expr) -> object | None:
    """egeria_nb object a README call refers to: enb.X.Y(...) or, in prose, bare X(...)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.insert(0, node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    if node.id == "enb":
        obj: object = egeria_nb
    elif node.id in egeria_nb.__all__:
        obj = getattr(egeria_nb, node.id)
    else:
        return None
    for part in parts:
        obj = getattr(obj, part)
    return obj


def _keywords(target: object) -> set[str] | None:
    """Keyword names ``target`` really accepts; None if it takes any (**kwargs)."""
    fields = getattr(target, "model_fields", None)
    if inspect.isclass(target) and isinstance(fields, dict):  # pydantic model that allows extras: check fields
        return set(fields) | {f.alias for f in fields.values() if f.alias}
    params = inspect.signature(target).parameters.values()  # type: ignore[arg-type]
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return None
    return {p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}


def test_calls_in_the_readme_use_real_keyword_arguments() -> None:
    sources = list(_readme_python()) + _inline_code(_readme())
    checked = 0
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:  # prose spans such as `timeout=`
            continue
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            target = _resolve(call.func)
            if target is None:
                continue
            accepted = _keywords(target)
            used = {k.arg for k in call.keywords if k.arg}
            if accepted is not None:
                assert used <= accepted, f"{ast.unparse(call)}: no such keyword {sorted(used - accepted)}"
            checked += 1
    assert checked >= 8, f"found only {checked} egeria_nb calls in the README"


def test_the_readme_notebook_example_runs() -> None:
    (example,) = [body for body in _readme_python() if "enb.start_embedded(" in body]
    module = ast.parse(example)
    *body, last = module.body
    assert isinstance(last, ast.Expr), "the example should end by showing a value"
    namespace: dict[str, object] = {"__name__": "readme_example"}
    try:
        exec(compile(ast.Module(body=body, type_ignores=[]), "README.md", "exec"), namespace)
        shown = eval(compile(ast.Expression(last.value), "README.md", "eval"), namespace)
    finally:
        platform = namespace.get("platform")
        if isinstance(platform, egeria_nb.EmbeddedPlatform):
            platform.stop()
    # "shows as a table"
    assert [g.integration_group_qualified_name for g in shown] == ["Egeria:IntegrationGroup:Files"]
    html = shown._repr_html_()
    assert "<table" in html and "Egeria:IntegrationGroup:Files" in html


# Shell plumbing a CI script may use without the README describing it: strict mode, going to the repo root,
# and "install X only if it is missing" guards around a README install command.
CI_PLUMBING = [
    re.compile(r"set\s+-[euxo]+(\s+pipefail)?"),
    re.compile(r'cd\s+"\$\(dirname\s+"\$0"\)/\.\."'),
    re.compile(r"(then|else|fi)"),
]
CI_GUARD = re.compile(r"if\s+!\s+command\s+-v\s+([\w.+-]+)\s+>\s*/dev/null(\s+2>&1)?;\s*then")


def test_ci_runs_make_test_and_only_what_the_readme_describes() -> None:
    script = CI_RUN.read_text()
    assert script.startswith("#!"), "CI runs .ci/run directly: it needs a shebang"
    assert os.access(CI_RUN, os.X_OK), ".ci/run is not executable"

    readme_commands = {_normalize(words) for line in _readme_shell_lines() for words in _split_commands(line)}
    installs = {words[-1] for words in readme_commands if words[:2] in {("apt-get", "install"), ("apt", "install")}}

    ci_commands: list[tuple[str, ...]] = []
    undescribed = []
    for raw in script.replace("\\\n", " ").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if any(p.fullmatch(line) for p in CI_PLUMBING):
            continue
        if guard := CI_GUARD.fullmatch(line):
            assert guard.group(1) in installs, f"{line!r} guards {guard.group(1)}, which the README never installs"
            continue
        for words in _split_commands(line):
            command = _normalize(words)
            ci_commands.append(command)
            if command not in readme_commands:
                undescribed.append(line)
    assert not undescribed, f".ci/run does things the README does not describe: {undescribed}"
    assert ("make", "test") in ci_commands, ".ci/run must run the README's `make test`"
    makes = [c for c in ci_commands if c and c[0] == "make"]
    assert makes == [("make", "test")], f"CI must run exactly `make test`, with no extra arguments: {makes}"
