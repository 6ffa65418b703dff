"""Figure 11: the cost of `import egeria_nb` beyond the third-party code it imports.

The floor imports exactly the third-party modules that `import egeria_nb`
leaves loaded (found in the same run), so the ratio is egeria_nb's own cost.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from benchmarks.harness import Figure, Report

LIST_THIRD_PARTY = (
    "import sys, egeria_nb; "
    "std = sys.stdlib_module_names; "
    "print(' '.join(sorted(m for m in list(sys.modules) "
    "if m.split('.')[0] not in std and not m.startswith(('egeria_nb', '_')) and '.' not in m)))"
)


def _median_run(code: str, repeat: int) -> float:
    samples = []
    for _ in range(repeat + 2):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples[2:])


def third_party_import() -> str:
    """`import a, b, ...` for the top-level third-party packages `import egeria_nb` loads, and their submodules."""
    listed = subprocess.run([sys.executable, "-c", LIST_THIRD_PARTY], check=True, capture_output=True, text=True)
    tops = listed.stdout.split()
    # Submodules matter (aiohttp.web is much more than aiohttp): import every loaded one of these packages.
    code = (
        "import sys, egeria_nb; "
        f"tops = {tops!r}; "
        "print(' '.join(sorted(m for m in list(sys.modules) if m.split('.')[0] in tops)))"
    )
    modules = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    return "import " + ", ".join(modules)


def run(report: Report, repeat: int) -> None:
    floor_code = third_party_import()
    floor = _median_run(floor_code, repeat)
    ours = _median_run("import egeria_nb", repeat)
    count = floor_code.count(",") + 1
    report.add(
        Figure(
            11,
            'python -c "import egeria_nb", median',
            ours * 1e3,
            "ms",
            "<= 1.2x floor",
            ours <= 1.2 * floor,
            floor * 1e3,
            ours / floor,
            f"floor: python -c importing the {count} third-party modules it loads",
        )
    )
