"""What notebooks show: HTML from one autoescaping Jinja environment over ``egeria_nb/templates``,
and ``Table``, the DataFrame every table of egeria_nb is returned as.

Connector names and error messages come from servers and connectors; every
value reaches HTML through autoescaping, never by string concatenation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from egeria_nb.templating import template

__all__ = ["MISSING", "STATUS_COLOURS", "TEXT_TYPE", "TIME_TYPE", "Table", "render", "text_column", "time_column"]

# Background colours per connector/group state, used by tables, summaries and the dashboard.
STATUS_COLOURS = {
    "INITIALIZED": "#e8eef7",
    "WAITING": "#d9f2d9",
    "REFRESHING": "#cfe8ff",
    "RUNNING": "#c6efc6",
    "STOPPED": "#e6e6e6",
    "INITIALIZE_FAILED": "#ffe0b3",
    "CONFIG_FAILED": "#ffd1d1",
    "SHUTDOWN": "#e6e6e6",
    "FAILED": "#ffb3b3",
    "ASSIGNED": "#e8eef7",
    "CONFIGURING": "#cfe8ff",
    "DISABLED": "#e6e6e6",
}


def render(name: str, **values: Any) -> str:
    """``egeria_nb/templates/<name>`` rendered with ``values`` (escaped) and the state colours."""
    return template(name).render(colours=STATUS_COLOURS, **values)


TIME_TYPE = "datetime64[ns, UTC]"


def _text_type() -> pd.StringDtype | str:
    """Text whose missing value is NaN, as in the state columns (categoricals) beside it; NaT for times.

    pandas' ``"string"`` dtype has ``pd.NA`` instead, so one history row mixed NaN and <NA> for the
    same "not known". This is pandas 3's default ``str`` dtype; ``is_string_dtype`` holds for both.
    """
    try:
        return pd.StringDtype(na_value=np.nan)
    except TypeError:  # pandas < 2.3: no NaN-backed strings yet
        return "string"


TEXT_TYPE = _text_type()


def text_column(values: Iterable[object]) -> pd.Series:
    """A table's text column (missing values NaN, as everywhere in egeria_nb's tables)."""
    return pd.Series(list(values), dtype=TEXT_TYPE)


def time_column(values: Iterable[object]) -> pd.Series:
    """A table's time column: timezone-aware UTC, missing values NaT."""
    return pd.Series(pd.to_datetime(list(values), utc=True), dtype=TIME_TYPE)


# How a missing value looks in every table. pandas would show None, NaN, <NA> or NaT depending on the
# column's dtype, which tells a learner about pandas, not about the connector. A dash rather than an
# empty cell, so "no value" (no failure, no refresh yet) stays distinguishable from an empty string.
MISSING = "—"


def _missing_as_nan(frame: pd.DataFrame) -> pd.DataFrame:
    """A plain DataFrame like ``frame`` in which every missing cell is NaN (or NaT), so ``na_rep`` covers it.

    pandas' ``na_rep`` replaces NaN and NaT but not ``None`` in object columns nor ``pd.NA`` in
    ``string``/``Int64``/``boolean`` columns; only those columns are converted, for display only.
    """
    shown = pd.DataFrame(frame)
    for i, dtype in enumerate(shown.dtypes):
        if pd.api.types.is_object_dtype(dtype) or getattr(dtype, "na_value", None) is pd.NA:
            column = shown.iloc[:, i]
            shown.isetitem(i, column.astype(object).where(column.notna(), np.nan))
    return shown


class Table(pd.DataFrame):
    """A DataFrame that shows every cell whole, and every missing value as ``MISSING``.

    Failure messages and qualified names are what a table is read for; pandas would cut them at
    ``display.max_colwidth`` (50) characters. The user's pandas options are left alone: the limit is
    lifted only while this table is drawn, and pandas' row and column limits still apply. Filtering,
    ``head()``, ``copy()``, arithmetic and ``pd.concat`` (of a Table first) give a Table again.
    """

    _metadata: list[str] = []

    @property
    def _constructor(self) -> type[Table]:
        return Table

    def to_string(self, *args: Any, **kwargs: Any) -> str | None:  # type: ignore[override]
        kwargs.setdefault("na_rep", MISSING)
        return pd.DataFrame.to_string(_missing_as_nan(self), *args, **kwargs)

    def to_html(self, *args: Any, **kwargs: Any) -> str | None:  # type: ignore[override]
        kwargs.setdefault("na_rep", MISSING)
        return pd.DataFrame.to_html(_missing_as_nan(self), *args, **kwargs)

    def __repr__(self) -> str:
        # DataFrame.__repr__ passes the display options to self.to_string (above), max_colwidth among them.
        # In a terminal pandas' max_columns is 0, "as many columns as fit the width": a whole message is
        # wider than that, so pandas would hide it (and its neighbours) behind "...". There, pandas'
        # notebook limit (20 columns, wrapped to the width) is used instead.
        max_columns = pd.get_option("display.max_columns")
        with pd.option_context("display.max_colwidth", None, "display.max_columns", max_columns or 20):
            return super().__repr__()

    def _repr_html_(self) -> str | None:
        if self._info_repr() or not pd.get_option("display.notebook_repr_html"):
            return super()._repr_html_()
        # What DataFrame._repr_html_ does, through the public to_html: pandas shows min_rows rows
        # of a table longer than max_rows.
        max_rows = pd.get_option("display.max_rows")
        min_rows = pd.get_option("display.min_rows")
        if max_rows and min_rows and len(self) > max_rows:
            max_rows = min(min_rows, max_rows)
        with pd.option_context("display.max_colwidth", None):
            return self.to_html(
                max_rows=max_rows,
                max_cols=pd.get_option("display.max_columns"),
                show_dimensions=pd.get_option("display.show_dimensions"),
                float_format=pd.get_option("display.float_format"),
                notebook=True,
            )
