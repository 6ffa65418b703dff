"""``make soak``: run ``tests/reliability`` (and the dashboard's flapping run) at soak sizes; print one table.

The suites are the ones ``make test`` runs, with ``EGERIA_NB_SOAK=1`` (500 kills instead of 20,
tens of thousands of fuzz cases instead of a few thousand, 1,000 daemon start/stop cycles, ...).
Each suite adds its counts to a tally (``tests/reliability/conftest.py``); this runner prints the
tally as one table and, with ``--record``, writes it with the date and the machine into
``docs/reliability.md`` between the ``soak:begin`` / ``soak:end`` markers.

Exit status: pytest's, or 1 if any data was lost even though the tests passed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tests.reliability.conftest import LOST, MEASURES, REPORT_ENV, RESOURCES

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "reliability.md"
BEGIN, END = "<!-- soak:begin -->", "<!-- soak:end -->"


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.node()}: {platform.system()} {platform.release()}, {os.cpu_count()} CPUs"
        f"{f' ({cpu})' if cpu else ''}{memory}, Python {platform.python_version()}"
    )


def table(tally: dict[str, dict[str, int]]) -> str:
    rows = ["| measure | total | by suite |", "| --- | ---: | --- |"]
    for measure in MEASURES:
        by_suite = tally.get(measure, {})
        detail = ", ".join(f"{suite} {n:,}" for suite, n in sorted(by_suite.items()) if n) or "-"
        rows.append(f"| {measure} | {sum(by_suite.values()):,} | {detail} |")
    return "\n".join(rows)


def resource_table(samples: list[dict[str, float]]) -> str:
    """What a long run held: at its first sample, the highest in each half, at its last sample."""
    half = max(1, len(samples) // 2)
    first, second = samples[:half], samples[half:] or samples[-1:]
    rows = [
        f"| resource ({len(samples)} samples) | first | highest, first half | highest, second half | last |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in samples[0]:
        if name == "elapsed_s":
            continue
        values = [samples[0][name], max(s[name] for s in first), max(s[name] for s in second), samples[-1][name]]
        rows.append(f"| {name} | " + " | ".join(f"{v:,.0f}" for v in values) + " |")
    return "\n".join(rows)


def summary(tally: dict[str, Any], exit_code: int, seconds: float, started: datetime.datetime) -> str:
    outcome = "all tests passed" if exit_code == 0 else f"pytest exited {exit_code}: see its output"
    minutes, secs = divmod(round(seconds), 60)
    text = (
        f"Soak run of {started:%Y-%m-%d %H:%M} UTC, {minutes} min {secs} s, {outcome}.\n"
        f"Machine: {machine()}.\n\n{table(tally)}\n"
    )
    for run, samples in sorted((tally.get(RESOURCES) or {}).items()):
        if samples:
            minutes_run = samples[-1].get("elapsed_s", 0) / 60
            text += f"\n{run}, {minutes_run:.0f} min:\n\n{resource_table(samples)}\n"
    return text


def record(text: str, doc: Path = DOC) -> None:
    content = doc.read_text()
    head, _, rest = content.partition(BEGIN)
    _, _, tail = rest.partition(END)
    if not rest:
        raise SystemExit(f"{doc} has no {BEGIN} ... {END} section to write the table into")
    doc.write_text(f"{head}{BEGIN}\n{text}{END}{tail}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reliability.soak", description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help=f"write the table into {DOC.relative_to(ROOT)}")
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments (after --)")
    args = parser.parse_args(argv)
    started = datetime.datetime.now(datetime.UTC)
    with tempfile.TemporaryDirectory(prefix="egeria_nb-soak-") as scratch:
        report = Path(scratch) / "tally.json"
        env = {**os.environ, "EGERIA_NB_SOAK": "1", REPORT_ENV: str(report)}
        # One process (-n 0): the soak's sizes and its tally are per run, not per test worker.
        command = [
            sys.executable,
            "-m",
            "pytest",
            "tests/reliability",
            # The widgets' bound: the dashboard over connectors that flap for a minute.
            "tests/widgets/test_dashboard_logic.py::test_soak_flapping_connectors_at_a_fifth_of_a_second",
            "-n",
            "0",
            "-p",
            "no:cacheprovider",
            *args.pytest_args,
        ]
        t0 = time.monotonic()
        exit_code = subprocess.call(command, cwd=ROOT, env=env)
        seconds = time.monotonic() - t0
        tally = json.loads(report.read_text()) if report.exists() else {}
    text = summary(tally, exit_code, seconds, started)
    print("\n" + text)
    if args.record:
        record(text)
        print(f"recorded in {DOC.relative_to(ROOT)}")
    lost = sum(tally.get(LOST, {}).values())
    return exit_code or (1 if lost else 0)


if __name__ == "__main__":
    raise SystemExit(main())
