"""What every benchmark shares: repeated timing, figures with their floors and targets, the report.

Machines here are shared and noisy, so every figure is a median of repeated
runs, and every comparison with a floor uses a floor measured in the same run.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["Figure", "Report", "median_time", "median_times", "percentile"]


def median_time(fn: Callable[[], object], repeat: int, warmup: int = 3) -> float:
    """Median wall time of ``fn()`` in seconds, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def median_times(fns: list[Callable[[], object]], repeat: int, warmup: int = 3) -> list[float]:
    """Median wall time of each of ``fns``, timed in turn (one of each per round).

    A figure compared with a floor should use this: a busy spell on a shared machine then
    slows the figure and its floor alike, instead of whichever happened to be running.
    """
    for _ in range(warmup):
        for fn in fns:
            fn()
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, times in zip(fns, samples, strict=True):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return [statistics.median(times) for times in samples]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Figure:
    number: int
    name: str
    value: float
    unit: str
    target: str
    met: bool
    floor: float | None = None
    ratio: float | None = None
    note: str = ""


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        print(self.row(figure), flush=True)

    @staticmethod
    def header() -> str:
        return f"{'#':>3}  {'figure':<58} {'value':>12} {'floor':>12} {'ratio':>6}  {'target':<22} met"

    @staticmethod
    def row(f: Figure) -> str:
        floor = "" if f.floor is None else f"{f.floor:.4g} {f.unit}"
        ratio = "" if f.ratio is None else f"{f.ratio:.2f}"
        return (
            f"{f.number:>3}  {f.name:<58} {f.value:>9.4g} {f.unit:<2} {floor:>12} {ratio:>6}  {f.target:<22} "
            f"{'yes' if f.met else 'NO'}"
        )

    def machine(self) -> dict[str, object]:
        return {
            "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}",
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
        }

    def write(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "latest.json"
        body = {"started": self.started, "machine": self.machine(), "figures": [asdict(f) for f in self.figures]}
        path.write_text(json.dumps(body, indent=1))
        return path

    def markdown(self) -> str:
        lines = [
            "| # | figure | value | floor (same run) | ratio | target | met |",
            "|---|---|---|---|---|---|---|",
        ]
        for f in self.figures:
            floor = "" if f.floor is None else f"{f.floor:.4g} {f.unit}"
            ratio = "" if f.ratio is None else f"{f.ratio:.2f}"
            note = f" ({f.note})" if f.note else ""
            lines.append(
                f"| {f.number} | {f.name}{note} | {f.value:.4g} {f.unit} | {floor} | {ratio} | {f.target} | "
                f"{'yes' if f.met else 'no'} |"
            )
        return "\n".join(lines)
