"""Shared by the reliability suites: bounded or soak sizes, the tally behind the soak table, FFDC checks.

Every suite here runs twice over in spirit: bounded in ``make test`` (well under two minutes
together), and heavy under ``make soak`` (``EGERIA_NB_SOAK=1``), where ``reliability/soak.py``
reads the tally this conftest writes and prints one table. Sizes come from ``scaled`` so both
versions are the same test code.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SOAK = os.environ.get("EGERIA_NB_SOAK", "").strip() not in ("", "0")
# Where the tally goes when the soak runner asks for it (one JSON object).
REPORT_ENV = "EGERIA_NB_RELIABILITY_REPORT"

# The five measures of the soak table, in its order.
FAULTS = "faults injected"
CRASHES = "crashes survived"
FUZZ = "fuzz cases run"
REFUSED = "requests refused"
LOST = "data lost"
MEASURES = (FAULTS, CRASHES, FUZZ, REFUSED, LOST)
# Where resource samples over a long run go in the tally (name -> list of samples, each a dict).
RESOURCES = "resources"
# Every field an FFDC failure body must have (egeria-wire.md §1.3).
FFDC_FIELDS = ("class", "relatedHTTPCode", "exceptionErrorMessageId", "exceptionErrorMessage", "exceptionUserAction")


def scaled(bounded: int, soak: int) -> int:
    """``bounded`` in ``make test``, ``soak`` under ``make soak``."""
    return soak if SOAK else bounded


class Tally:
    """Counts per measure and per suite, from any thread; written out for the soak table."""

    def __init__(self) -> None:
        self._counts: dict[str, Counter[str]] = {m: Counter() for m in MEASURES}
        self._resources: dict[str, list[dict[str, float]]] = {}
        self._lock = threading.Lock()

    def add(self, measure: str, suite: str, n: int = 1) -> None:
        assert measure in self._counts, measure
        with self._lock:
            self._counts[measure][suite] += n

    def sample(self, run: str, values: dict[str, float]) -> None:
        """One sample of what a long run holds (RSS, threads, ...), for the soak's resource table."""
        with self._lock:
            self._resources.setdefault(run, []).append(values)

    def as_json(self) -> dict[str, Any]:
        with self._lock:
            return {m: dict(c) for m, c in self._counts.items()}

    def resources(self) -> dict[str, list[dict[str, float]]]:
        with self._lock:
            return {run: list(samples) for run, samples in self._resources.items()}


@pytest.fixture(scope="session")
def tally() -> Iterator[Tally]:
    t = Tally()
    yield t
    target = os.environ.get(REPORT_ENV)
    if target:
        # Merged with what is there, so a run split over several pytest processes adds up.
        path = Path(target)
        existing: dict[str, dict[str, int]] = json.loads(path.read_text()) if path.exists() else {}
        for measure, by_suite in t.as_json().items():
            merged = Counter(existing.get(measure, {}))
            merged.update(by_suite)
            existing[measure] = dict(merged)
        existing[RESOURCES] = {**existing.get(RESOURCES, {}), **t.resources()}
        path.write_text(json.dumps(existing, indent=1))


def assert_ffdc(body: Any, context: str = "") -> None:
    """``body`` is an Egeria failure body: every FFDC field there, the message led by its id."""
    assert isinstance(body, dict), f"{context}: not a JSON object: {body!r:.300}"
    missing = [f for f in FFDC_FIELDS if f not in body]
    assert not missing, f"{context}: FFDC body lacks {missing}: {body!r:.500}"
    assert body["relatedHTTPCode"] != 200, f"{context}: {body!r:.300}"
    assert body["exceptionErrorMessage"].startswith(body["exceptionErrorMessageId"] + " "), context
    assert body["exceptionUserAction"].strip(), context
