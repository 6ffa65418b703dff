"""The fast lane passes on every other supported Python this machine has, as part of `make test`.

`make test` runs the whole suite on the .venv's Python (3.11). This test runs `make pythons`, which finds each
other supported Python (on PATH or under pyenv), makes a venv of its own for it with the ``check`` extra, and runs
the fast lane (`make check`'s selection) there: one process each, as the suite's own workers share the machine.
With CI=true, `make pythons` fails when a supported Python is missing, and so does this test; elsewhere a missing
one is reported as a skip, never as a pass.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# A sub-make must not inherit the outer make's flags, nor the sub-pytest this pytest's (xdist worker ids, addopts).
NOISE = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "VIRTUAL_ENV", "PYTHONPATH")
TIMEOUT_S = 1500


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in NOISE and not k.startswith("PYTEST_")}


def _make(*args: str) -> subprocess.CompletedProcess[str]:
    make = shutil.which("make")
    assert make, "`make` is not on PATH"
    return subprocess.run(
        [make, *args], cwd=REPO, env=_env(), capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )


def _supported() -> list[str]:
    found = re.search(r"^SUPPORTED_PYTHONS\s*:=\s*(.+)$", (REPO / "Makefile").read_text(), re.MULTILINE)
    assert found, "the Makefile has no SUPPORTED_PYTHONS"
    return found.group(1).split()


@pytest.mark.slow
def test_the_fast_lane_passes_on_every_other_supported_python() -> None:
    # How many tests the fast lane selects here; each other Python must pass exactly as many.
    collected = _make("check", "PYTEST_ARGS=--collect-only -q -n 0")
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
    counted = re.search(r"^(\d+)(?:/\d+)? tests? collected", collected.stdout, re.MULTILINE)
    assert counted, collected.stdout[-3000:]
    expected = int(counted.group(1))

    lanes = _make("pythons", "PYTEST_ARGS=-n 0")
    out = lanes.stdout + lanes.stderr
    assert lanes.returncode == 0, f"make pythons failed:\n{out[-6000:]}"
    # Each lane: "== fast lane on Python 3.12.x", then pytest's summary line.
    ran = re.findall(r"^== fast lane on Python (3\.\d+)\.\d+\n(.*?)^=* ?(\d+ passed.*?) in [\d.]+s", out, re.S | re.M)
    missing = re.findall(r"^Python (3\.\d+): not found, skipped$", out, re.MULTILINE)
    assert sorted([version for version, _, _ in ran] + missing) == sorted(_supported()), out[-6000:]
    deselected = _deselected(collected.stdout)
    want = f"{expected} passed" + (f", {deselected} deselected" if deselected else "")
    for version, _, summary in ran:
        assert summary == want, f"Python {version}: {summary}, where this Python's fast lane has {want}"
    if missing:  # only outside CI: there `make pythons` fails instead
        pytest.skip(f"not on this machine: Python {', '.join(missing)} (the others passed)")


def _deselected(collect_output: str) -> int:
    found = re.search(r"\((\d+) deselected\)", collect_output)
    return int(found.group(1)) if found else 0
