"""Every lab runs top to bottom in a fresh kernel, unattended, with no error, and shows what it should;
it runs again in the same kernel, and its clean-up cell leaves nothing of egeria_nb running."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
LABS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))

# Tagged cell → text its last output must contain.
EXPECTED: dict[str, dict[str, list[str]]] = {
    "01-configure-integration-groups.ipynb": {
        "check-raw-list": ["Egeria:IntegrationGroup:Files", "Egeria:IntegrationGroup:Database"],
        "check-function-list": ["Egeria:IntegrationGroup:Default"],
        "check-after-remove": ["['Egeria:IntegrationGroup:Database', 'Egeria:IntegrationGroup:Files']"],
        "check-errors": [
            "OMAG-ADMIN-400-032",
            "OMAG-ADMIN-400-021",
            "EGERIA-NB-400-002",
            "OMAG-ADMIN-400-011",
            "NotAuthorizedError",
            "PlatformUnreachableError",
        ],
    },
    "02-define-groups-and-connectors.ipynb": {
        "check-registered": ["SampleFolder", "SampleCSV", "FROM_THIRD_PARTY"],
        "check-seed": ["Egeria:IntegrationGroup:Database", "created"],
    },
    "03-run-the-integration-daemon.ipynb": {
        "check-waiting": ["SampleFolderCataloguer", "SampleCSVCataloguer", "SampleDatabaseCataloguer", "WAITING"],
        "check-files": ["patients.csv", "measurements.csv", "protocol.json"],
        "check-followed": ["the catalog caught up: True"],
    },
    "04-troubleshoot-connectors.ipynb": {
        # Each failure is found first by diagnose(), and diagnose() confirms each fix.
        "check-empty": ["registers no connectors", "healthy, 1 warning"],
        "check-failed": ["connector Flaky: state failed", "FAILED", "the source system refused the request"],
        "check-timeline": ["<svg", "Flaky", "FAILED", "the source system refused the request"],
        "check-recovered": ["healthy"],
        "check-timeout": ["connector Sleepy: state", "timed out after 2 s"],
        "check-timeout-fixed": ["healthy"],
        "check-blocked": ["connector Blocker: event loop", "LOOP BLOCKED", "uses_blocking_calls=True"],
        "check-unblocked": ["healthy"],
        "check-background": ["connector Background: state", "background task"],
        "check-background-fixed": ["healthy"],
        "check-md-down": ["FAILED"],
        "check-md-down-diagnosed": ["platform reachable failed", "EGERIA-NB-CLIENT-503-001"],
        "check-md-back": ["RUNNING"],
        "check-md-back-diagnosed": ["healthy"],
        "check-topology": ["<svg", "Lab4:IntegrationGroup:Training", "active-metadata-store", "Blocker"],
    },
    "05-write-your-own-connector.ipynb": {
        "check-bug": ["FAILED", "KeyError"],
        "check-fixed": ["WAITING"],
        "check-terms": ["glossary:Cohort", "glossary:Dosage"],
        "check-changed": ["['Cohort', 'Endpoint']"],
        "check-v3": ["glossary.csv"],
    },
    "06-work-with-a-real-egeria.ipynb": {
        "check-origin": ["egeria_nb embedded OMAG Server Platform"],
        "check-remote": ["Demo", "WAITING"],
    },
}


def _text(output: dict) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    # Tables are checked in their HTML form too: the plain-text form elides wide columns.
    return data.get("text/plain", "") + "\n" + data.get("text/html", "")


# Run last, in the lab's kernel: the names of egeria_nb's threads still alive after the lab's clean-up cell.
# Worker pools shut down without waiting, so their threads get a few seconds to end. "egeria_nb-client" is
# left out: it is the one event loop every plain Platform client of the process shares, kept for the process.
THREADS_LEFT = """
import json as _json, tempfile as _tempfile, threading as _threading, time as _time

def _egeria_nb_threads():
    return sorted(t.name for t in _threading.enumerate()
                  if t.name.startswith("egeria_nb-") and t.name != "egeria_nb-client")

_deadline = _time.monotonic() + 10
while _egeria_nb_threads() and _time.monotonic() < _deadline:
    _time.sleep(0.1)
print(_json.dumps({"threads": _egeria_nb_threads(), "tmp": _tempfile.gettempdir()}))
"""


def _execute(lab: Path, tmp_path: Path, *, times: int = 1) -> tuple[nbformat.NotebookNode, list[str]]:
    """Run the lab ``times`` times over in one kernel, then THREADS_LEFT; the notebook and the threads left."""
    nb = nbformat.read(lab, as_version=4)
    once = list(nb.cells)
    for run in range(2, times + 1):
        for cell in once:
            again = copy.deepcopy(cell)
            again.id = f"{cell.id}-run{run}"
            nb.cells.append(again)
    nb.cells.append(nbformat.v4.new_code_cell(THREADS_LEFT))
    # The kernel inherits these: a home of its own, and a temporary folder of its own, where _check_cleaned_up
    # looks for the lab's scratch folders (the same lab may be running beside it, for the docs or the binder test).
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    kernel_env = {"EGERIA_NB_HOME": str(tmp_path / "home"), "TMPDIR": str(scratch)}
    saved = {name: os.environ.get(name) for name in kernel_env}
    os.environ.update(kernel_env)
    try:
        client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
        client.execute()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            assert output.output_type != "error", f"{lab.name}: {output.get('ename')}: {output.get('evalue')}"
            if output.output_type == "stream" and output.name == "stderr":
                assert "Traceback" not in output.text, f"{lab.name}: {output.text}"
    probe = nb.cells.pop()
    left = json.loads("".join(o.text for o in probe.outputs if o.output_type == "stream" and o.name == "stdout"))
    assert left["tmp"] == str(scratch), f"the kernel's temporary folder was {left['tmp']}, not {scratch}"
    return nb, left["threads"]


def _check_shows_what_it_should(lab: Path, nb: nbformat.NotebookNode) -> None:
    """Each tagged cell's last output holds its EXPECTED texts, in every run of the lab."""
    seen: dict[str, list[str]] = {}
    for cell in nb.cells:
        for tag in cell.metadata.get("tags", []):
            seen.setdefault(tag, []).append(_text(cell.outputs[-1]) if cell.outputs else "")
    for tag, needles in EXPECTED[lab.name].items():
        assert tag in seen, f"{lab.name} has no cell tagged {tag}"
        for run, shown in enumerate(seen[tag], start=1):
            for needle in needles:
                assert needle in shown, f"{lab.name} [{tag}], run {run}, lacks {needle!r}:\n{shown}"


def _check_cleaned_up(lab: Path, tmp_path: Path, threads_left: list[str]) -> None:
    # Its clean-up cell stops what the lab started: no form worker, daemon, dashboard or platform thread is left
    # (Lab 1's form used to leave its worker, "egeria_nb-groups-form_0", one more per run).
    assert not threads_left, f"{lab.name} left egeria_nb threads running after its clean-up cell: {threads_left}"
    # And its scratch folders are gone (from the temporary folder _execute gave its kernel).
    leftovers = sorted((tmp_path / "tmp").glob(f"egeria_nb-lab{lab.name[1]}-*"))
    assert not leftovers, f"{lab.name} left {leftovers}"


def test_every_lab_has_checks() -> None:
    assert [p.name for p in LABS] == sorted(EXPECTED)


def _check_first_code_cell_shows_the_platform(lab: Path, nb: nbformat.NotebookNode) -> None:
    # The learner's first result is the platform they will use, shown deliberately (lab 3's was a PosixPath).
    first = next(c for c in nb.cells if c.cell_type == "code")
    shown = [_text(o) for o in first.outputs if o.output_type == "execute_result"]
    assert shown and "Platform(" in shown[-1], f"{lab.name}: its first code cell shows {shown}"
    assert "PosixPath" not in "".join(shown)


@pytest.mark.notebook
@pytest.mark.parametrize("lab", LABS, ids=[p.stem for p in LABS])
def test_lab_runs_twice_in_one_kernel(lab: Path, tmp_path: Path) -> None:
    """Each lab runs top to bottom in a fresh kernel, and again from the top without a restart (as a learner
    re-runs it): both runs show what they should, and the clean-up leaves nothing of either behind."""
    first = nbformat.read(lab, as_version=4).cells[0]
    assert first.cell_type == "markdown" and "**Goal:**" in first.source, "each lab states its goal first"
    nb, threads_left = _execute(lab, tmp_path, times=2)
    _check_shows_what_it_should(lab, nb)
    _check_first_code_cell_shows_the_platform(lab, nb)
    _check_cleaned_up(lab, tmp_path, threads_left)
