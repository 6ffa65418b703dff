"""Refresh tests/slow_tests.txt: run the fast lane once with every duration shown and list the slow tests.

    python -m tests.timing            # about 3 minutes on two cores; rewrites tests/slow_tests.txt

A test counts as slow when its setup, call and teardown together take more than ``THRESHOLD_S``.
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path

THRESHOLD_S = 0.15
HERE = Path(__file__).parent
LISTING = HERE / "slow_tests.txt"
DURATION = re.compile(r"\s*([\d.]+)s (?:call|setup|teardown)\s+(\S+)")


def main() -> int:
    kept = [line for line in LISTING.read_text().splitlines() if line.startswith("#")]
    # Every test of the fast lane as it would be without the listing, so the listing is measured afresh.
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--durations=0",
            "-m",
            "not browser and not notebook and not reliability",
            "-o",
            "addopts=-n 3",
        ],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    times: collections.Counter[str] = collections.Counter()
    for line in run.stdout.splitlines():
        found = DURATION.match(line)
        if found:
            times[found.group(2)] += float(found.group(1))
    if run.returncode != 0 or not times:
        print(run.stdout[-3000:], run.stderr[-3000:], sep="\n")
        return 1
    slow = sorted(name for name, seconds in times.items() if seconds > THRESHOLD_S)
    LISTING.write_text("\n".join([*kept, *slow]) + "\n")
    print(f"{len(slow)} of {len(times)} tests take more than {THRESHOLD_S:g} s: written to {LISTING}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
