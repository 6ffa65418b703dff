"""What a diagnosis found: one finding per check, in the order the checks were made."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from egeria_nb.arguments import LongText, checked
from egeria_nb.display import Table

__all__ = ["FAILED", "PASSED", "WARNING", "Diagnosis", "Finding"]

PASSED, FAILED, WARNING = "✓", "✗", "!"
COLUMNS = ["check", "result", "detail", "what_to_do", "message_id"]
# The colour a result is drawn in, in a notebook.
_COLOURS = {PASSED: "#2e7d32", FAILED: "#b71c1c", WARNING: "#8a6d3b"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One check: what was looked at, ✓ / ✗ / !, what was seen, and what to do about it."""

    check: str
    result: str
    detail: str
    what_to_do: str = ""
    message_id: str | None = None


class Diagnosis:
    """The checks ``diagnose()`` made of one integration daemon, in the order of the chain it depends on.

    ``ok`` is True when no check failed (warnings are allowed); ``first_failure`` is where to start.
    ``to_frame()`` is the table a notebook shows; ``str()`` is what the terminal prints.
    """

    @checked
    def __init__(self, server_name: str, platform_url: LongText, findings: Iterable[Finding]) -> None:
        self.server_name = server_name
        self.platform_url = platform_url
        self.findings: tuple[Finding, ...] = tuple(findings)

    @property
    def ok(self) -> bool:
        """True when no check failed."""
        return self.first_failure is None

    @property
    def first_failure(self) -> Finding | None:
        """The first failed check: the broken link nearest the start of the chain."""
        return next((f for f in self.findings if f.result == FAILED), None)

    @property
    def warnings(self) -> list[Finding]:
        """The checks that passed with something worth a look."""
        return [f for f in self.findings if f.result == WARNING]

    def to_frame(self) -> Table:
        """One row per check: ``check``, ``result`` (✓ ✗ !), ``detail``, ``what_to_do``, ``message_id``."""
        return Table(
            {
                "check": pd.Series([f.check for f in self.findings], dtype="string"),
                "result": pd.Series([f.result for f in self.findings], dtype="string"),
                "detail": pd.Series([f.detail for f in self.findings], dtype="string"),
                "what_to_do": pd.Series([f.what_to_do or None for f in self.findings], dtype="string"),
                "message_id": pd.Series([f.message_id for f in self.findings], dtype="string"),
            },
            columns=COLUMNS,
        )

    def _headline(self) -> str:
        where = f"integration daemon {self.server_name} on {self.platform_url}"
        failure = self.first_failure
        if failure is not None:
            return f"{where}: {failure.check} failed"
        warned = len(self.warnings)
        return f"{where}: healthy" + (f", {warned} warning{'s' if warned != 1 else ''}" if warned else "")

    def __repr__(self) -> str:
        count = len(self.findings)
        return f"<Diagnosis {self._headline()}; {count} check{'s' if count != 1 else ''}>"

    def __str__(self) -> str:
        lines = [self._headline()]
        for f in self.findings:
            lines.append(f"{f.result} {f.check}: {f.detail}" + (f" [{f.message_id}]" if f.message_id else ""))
            if f.what_to_do:
                lines.append(f"    what to do: {f.what_to_do}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = []
        for f in self.findings:
            colour = _COLOURS.get(f.result, "inherit")
            ident = f"<br><code>{html.escape(f.message_id)}</code>" if f.message_id else ""
            rows.append(
                "<tr>"
                f'<td style="text-align:left">{html.escape(f.check)}</td>'
                f'<td style="color:{colour};font-weight:bold;text-align:center">{html.escape(f.result)}</td>'
                f'<td style="text-align:left">{html.escape(f.detail)}{ident}</td>'
                f'<td style="text-align:left">{html.escape(f.what_to_do)}</td>'
                "</tr>"
            )
        colour = _COLOURS[FAILED if not self.ok else WARNING if self.warnings else PASSED]
        return (
            f'<div class="egeria-nb-diagnosis"><p style="color:{colour};font-weight:bold">'
            f"{html.escape(self._headline())}</p>"
            "<table><thead><tr><th>check</th><th>result</th><th>detail</th><th>what to do</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
