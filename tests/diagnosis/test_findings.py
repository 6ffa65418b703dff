"""``Diagnosis`` on its own: which check failed first, the warnings, and the table, HTML and text it shows as."""

from __future__ import annotations

import pandas as pd
import pytest

from egeria_nb.diagnosis import Diagnosis, Finding
from egeria_nb.diagnosis.findings import FAILED, PASSED, WARNING

URL = "http://127.0.0.1:9443"

REACHABLE = Finding("platform reachable", PASSED, f"{URL}: Egeria")
NO_GROUPS = Finding("groups configured", FAILED, "d names no groups", "enb.configure_integration_group(...).")
NO_CONNECTORS = Finding("group G: registrations", WARNING, "the group registers no connectors", "register one")
STATE = Finding("connector X: state", FAILED, "FAILED: boom", "daemon.restart('X').", "OMAG-COMMON-400-016")


def diagnosis(*findings: Finding) -> Diagnosis:
    return Diagnosis("d", URL, findings)


def test_ok_first_failure_and_warnings() -> None:
    healthy = diagnosis(REACHABLE)
    assert (healthy.ok, healthy.first_failure, healthy.warnings) == (True, None, [])

    warned = diagnosis(REACHABLE, NO_CONNECTORS)
    assert (warned.ok, warned.first_failure, warned.warnings) == (True, None, [NO_CONNECTORS])

    broken = diagnosis(REACHABLE, NO_CONNECTORS, NO_GROUPS, STATE)
    assert broken.ok is False
    assert broken.first_failure is NO_GROUPS  # the first in the order the checks were made
    assert broken.warnings == [NO_CONNECTORS]
    assert broken.findings == (REACHABLE, NO_CONNECTORS, NO_GROUPS, STATE)

    nothing = diagnosis()
    assert (nothing.ok, nothing.first_failure, nothing.warnings, nothing.findings) == (True, None, [], ())


def test_findings_are_frozen_and_compare_by_value() -> None:
    assert Finding("c", PASSED, "d") == Finding("c", PASSED, "d", "", None)
    with pytest.raises(AttributeError):
        REACHABLE.result = FAILED  # type: ignore[misc]


def test_to_frame_has_one_row_per_check_with_string_columns() -> None:
    frame = diagnosis(REACHABLE, NO_CONNECTORS, STATE).to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["check", "result", "detail", "what_to_do", "message_id"]
    assert all(dtype == "string" for dtype in frame.dtypes), frame.dtypes
    assert frame["check"].tolist() == ["platform reachable", "group G: registrations", "connector X: state"]
    assert frame["result"].tolist() == ["✓", "!", "✗"]
    assert frame["detail"].tolist() == [REACHABLE.detail, NO_CONNECTORS.detail, STATE.detail]
    # Nothing to do and no message id are missing values, not empty text.
    assert frame["what_to_do"].isna().tolist() == [True, False, False]
    assert frame["message_id"].isna().tolist() == [True, True, False]
    assert frame.loc[2, "message_id"] == "OMAG-COMMON-400-016"

    empty = diagnosis().to_frame()
    assert list(empty.columns) == ["check", "result", "detail", "what_to_do", "message_id"]
    assert len(empty) == 0 and all(dtype == "string" for dtype in empty.dtypes)


def test_html_escapes_what_the_platform_said() -> None:
    hostile = Finding(
        "connector <b>X</b>: state",
        FAILED,
        "FAILED: <script>alert('x')</script> & more",
        "fix <img src=x onerror=alert(1)>",
        "<ID>",
    )
    page = Diagnosis("<srv>", URL, [REACHABLE, hostile])._repr_html_()
    for raw in ("<script>", "<b>X</b>", "<img", "<ID>", "<srv>"):
        assert raw not in page
    for escaped in (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more",
        "connector &lt;b&gt;X&lt;/b&gt;: state",
        "fix &lt;img src=x onerror=alert(1)&gt;",
        "<code>&lt;ID&gt;</code>",
        "integration daemon &lt;srv&gt; on",
    ):
        assert escaped in page
    assert page.count("<tr>") == 3  # the header and one row per finding


def test_str_is_a_headline_then_one_line_per_check_and_what_to_do() -> None:
    assert str(diagnosis(REACHABLE, NO_CONNECTORS, STATE)).splitlines() == [
        f"integration daemon d on {URL}: connector X: state failed",
        f"✓ platform reachable: {URL}: Egeria",
        "! group G: registrations: the group registers no connectors",
        "    what to do: register one",
        "✗ connector X: state: FAILED: boom [OMAG-COMMON-400-016]",
        "    what to do: daemon.restart('X').",
    ]
    assert str(diagnosis(REACHABLE)).splitlines() == [
        f"integration daemon d on {URL}: healthy",
        f"✓ platform reachable: {URL}: Egeria",
    ]
    assert str(diagnosis(REACHABLE, NO_CONNECTORS, NO_CONNECTORS)).splitlines()[0].endswith("healthy, 2 warnings")
    assert str(diagnosis(REACHABLE, NO_CONNECTORS)).splitlines()[0].endswith("healthy, 1 warning")


def test_repr_names_the_daemon_the_verdict_and_the_number_of_checks() -> None:
    assert repr(diagnosis(REACHABLE, STATE)) == (
        f"<Diagnosis integration daemon d on {URL}: connector X: state failed; 2 checks>"
    )
    assert repr(diagnosis(REACHABLE)).startswith(f"<Diagnosis integration daemon d on {URL}: healthy; 1 check")
