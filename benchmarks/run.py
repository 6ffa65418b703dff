"""``make bench``: every benchmark on the embedded platform, one table, and benchmarks/results/latest.json.

Usage: python -m benchmarks.run [--quick]   (--quick: fewer repeats, for a smoke run)
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

import egeria_nb as enb
from benchmarks import (
    admin_calls,
    daemon_latency,
    daemon_scale,
    folder_cataloguer,
    import_time,
    open_metadata_calls,
    pictures,
)
from benchmarks.harness import Report

RESULTS = Path(__file__).parent / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run, not for the README)")
    parser.add_argument("--record", action="store_true", help="also write the table into benchmarks/README.md")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    repeat = 30 if args.quick else 200
    began = time.perf_counter()
    report = Report()
    print(Report.header(), flush=True)
    with tempfile.TemporaryDirectory(prefix="egeria_nb-bench-") as scratch:
        root = Path(scratch)
        with enb.start_embedded(root / "data") as platform:
            admin_calls.run(report, platform, root, repeat)
            open_metadata_calls.run(report, platform, root, repeat)
            daemon_scale.run(report, platform, runs=1 if args.quick else 3, idle_s=5 if args.quick else 30)
            daemon_latency.follow_changes(report, platform)
            daemon_latency.refresh_lateness(report, platform, seconds=5 if args.quick else 15)
            daemon_latency.restart_delay(report, platform)
            folder_cataloguer.run(report, platform, root, rescans=3 if args.quick else 5)
        import_time.run(report, repeat=5 if args.quick else 15)
        pictures.run(report, repeat=5 if args.quick else 20)
    path = report.write(RESULTS)
    met = sum(f.met for f in report.figures)
    print(f"\n{met} of {len(report.figures)} targets met in {time.perf_counter() - began:.0f} s; results in {path}")
    print("\n" + report.markdown())
    if args.record:
        record(report)
    return 0


def record(report: Report) -> None:
    """Put this run's table, with when and where it ran, between the markers in benchmarks/README.md."""
    page = Path(__file__).parent / "README.md"
    text = page.read_text()
    start, end = text.index("<!-- results -->") + len("<!-- results -->"), text.index("<!-- /results -->")
    machine = report.machine()
    cpu = _cpu_model()
    body = (
        f"\n{report.started} on {machine['cpus']} CPUs ({cpu}), {machine['system']}, Python {machine['python']}.\n"
        f"{sum(f.met for f in report.figures)} of {len(report.figures)} targets met.\n\n{report.markdown()}\n"
    )
    page.write_text(text[:start] + body + text[end:])


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    sys.exit(main())
