"""Tables show every cell whole and every missing value alike, without touching the user's pandas options."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import egeria_nb as enb
from egeria_nb.admin.groups import IntegrationGroupList
from egeria_nb.daemon.groups import GroupSnapshot
from egeria_nb.daemon.history import HistoryEvent
from egeria_nb.daemon.runner import ConnectorStatistics
from egeria_nb.daemon.status import ConnectorStatus, GroupStatus
from egeria_nb.daemon.tables import groups_frame, history_frame, status_frame
from egeria_nb.display import MISSING, Table
from egeria_nb.metadata.catalog import MetadataElement, elements_frame
from egeria_nb.metadata.definitions import registered_connectors_frame
from egeria_nb.wire import IntegrationGroupConfig

MD = "active-metadata-store"
LONG = "refresh() failed: TrainingConnectorError: " + "the folder could not be read because " * 8 + "of a lock"
T0 = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def _cells(html: str) -> list[str]:
    return re.findall(r"<td>(.*?)</td>", html, flags=re.S)


def _connector(name: str, status: ConnectorStatus, message: str | None = None) -> ConnectorStatistics:
    return ConnectorStatistics(
        group="Egeria:IntegrationGroup:Files",
        connector_name=name,
        connector_id=f"id-{name}",
        connector_guid=None,
        provider="egeria_nb.connectors.files.FolderCataloguer",
        status=status,
        last_status_change=T0,
        last_refresh_time=None,
        refresh_interval_min=1,
        restarts=0,
        failing_exception_message=message,
        uses_blocking_calls=False,
    )


def _event(connector: str | None, to_status: str | None, message: str, from_status: str | None = None) -> HistoryEvent:
    return HistoryEvent(T0, None, connector, None, from_status, to_status, message)


# -- whole cells, options untouched -------------------------------------------------------------------------


def test_a_long_message_is_shown_whole_and_the_options_stay() -> None:
    assert len(LONG) > 300
    before = pd.get_option("display.max_colwidth")
    assert before == 50
    table = status_frame(
        [_connector("failing", ConnectorStatus.FAILED, LONG), _connector("ok", ConnectorStatus.WAITING)]
    )
    assert LONG in table._repr_html_()
    assert LONG in repr(table)
    assert LONG in str(table)
    assert pd.get_option("display.max_colwidth") == before == 50
    # A plain DataFrame of the same data is still cut by pandas: only Table is different.
    assert LONG not in repr(pd.DataFrame(table)) and LONG not in pd.DataFrame(table)._repr_html_()


def test_the_users_own_setting_is_respected_afterwards() -> None:
    table = Table({"message": [LONG]})
    with pd.option_context("display.max_colwidth", 20):
        assert LONG in repr(table) and LONG in table._repr_html_()
        assert pd.get_option("display.max_colwidth") == 20
    assert pd.get_option("display.max_colwidth") == 50


def test_a_long_table_is_still_truncated_by_rows() -> None:
    table = Table({"n": range(10_000), "message": [LONG] * 10_000})
    text = repr(table)
    html = table._repr_html_()
    assert "[10000 rows x 2 columns]" in text
    assert len(text.splitlines()) < 40
    assert "9999" in text and "5000" not in text
    # pandas' notebook view: min_rows (10) of them, the dots, and the shape.
    assert len(re.findall(r"<tr>", html)) < 20
    assert "10000 rows \N{MULTIPLICATION SIGN} 2 columns" in html
    assert LONG in html
    assert len(html) < 20 * len(LONG)


def test_display_does_not_change_the_data() -> None:
    table = history_frame([_event("c1", "WAITING", LONG), _event(None, None, "loop blocked")])
    before = table.copy()
    repr(table)
    table._repr_html_()
    pd.testing.assert_frame_equal(table, before)


# -- one look for a missing value -----------------------------------------------------------------------------


def test_missing_values_look_the_same_in_every_column() -> None:
    table = Table(
        {
            "text": pd.Series(["a", None], dtype="string"),
            "object": pd.Series(["a", None], dtype=object),
            "number": [1.5, np.nan],
            "count": pd.Series([1, None], dtype="Int64"),
            "time": pd.to_datetime([T0, None], utc=True),
            "state": pd.Series(["WAITING", None], dtype=pd.CategoricalDtype(["WAITING"])),
        }
    )
    missing_row = _cells(table._repr_html_())[len(table.columns) :]
    assert missing_row == [MISSING] * len(table.columns)
    last_line = repr(table).splitlines()[-1].split()
    assert last_line == ["1"] + [MISSING] * len(table.columns)
    for shown in (repr(table), table._repr_html_(), table.to_string(), table.to_html()):
        for pandas_word in ("None", "NaN", "<NA>", "&lt;NA&gt;", "NaT"):
            assert pandas_word not in shown, (pandas_word, shown)


def test_history_table_missing_values_are_one_kind_and_look_alike() -> None:
    table = history_frame(
        [
            _event(None, None, "LOOP BLOCKED: connector Blocker is blocking the daemon's loop"),
            _event("c1", "WAITING", ""),
        ]
    )
    assert isinstance(table, Table)
    row = table.iloc[0]
    # group (text), connector (text), from_status and to_status (states): the same NaN, not NaN beside <NA>.
    for column in ("group", "connector", "from_status", "to_status"):
        assert pd.isna(row[column]) and row[column] is not pd.NA, column
    # A missing timestamp (NaT) and a missing number look like them too.
    table["next"] = pd.to_datetime([None, T0], utc=True)
    table["count"] = [np.nan, 1.0]
    cells = _cells(table._repr_html_())
    first = cells[: len(table.columns)]
    assert first == [
        "2025-01-02 03:04:05+00:00",
        MISSING,
        MISSING,
        MISSING,
        MISSING,
        "LOOP BLOCKED: connector Blocker is blocking the daemon's loop",
        MISSING,
        MISSING,
    ]
    # An empty message is not a missing one.
    assert cells[len(table.columns) + 5] == ""
    # Six missing in the first row, two (group, from_status) in the second, and nothing else.
    assert repr(table).count(MISSING) == 8
    assert not re.search(r"None|NaN|<NA>|NaT", repr(table))
    # Filtering on a text column with missing values gives a plain boolean mask.
    assert list(table[table["connector"] == "c1"].index) == [1]


# -- what pandas operations give back ---------------------------------------------------------------------------


def test_filtering_and_other_operations_keep_the_type() -> None:
    table = status_frame(
        [_connector("a", ConnectorStatus.FAILED, LONG), _connector("b", ConnectorStatus.WAITING, None)]
    )
    assert isinstance(table, pd.DataFrame)
    failed = table[table.status == "FAILED"]
    assert isinstance(failed, Table) and list(failed["connector_name"]) == ["a"]
    assert LONG in repr(failed)
    for derived in (
        table.head(1),
        table.copy(),
        table.sort_values("connector_name"),
        table[["connector_name", "status"]],
        table.loc[table.restarts == 0],
        table.reset_index(drop=True),
        pd.concat([table, table]),
        table[["restarts", "refresh_interval_min"]] * 2,
    ):
        assert isinstance(derived, Table), type(derived)
    assert isinstance(table["connector_name"], pd.Series)
    assert (table[["restarts"]] + 1)["restarts"].tolist() == [1, 1]
    assert len(pd.concat([table, pd.DataFrame(table)])) == 4
    assert LONG in repr(pd.concat([table, table]))


# -- every builder returns a Table -----------------------------------------------------------------------------


def test_daemon_table_builders_return_tables() -> None:
    assert isinstance(status_frame([_connector("a", ConnectorStatus.WAITING)]), Table)
    assert isinstance(status_frame([]), Table)
    assert isinstance(history_frame([_event("a", "WAITING", "started")]), Table)
    group = GroupSnapshot(
        qualified_name="Egeria:IntegrationGroup:Files",
        status=GroupStatus.RUNNING,
        metadata_server=MD,
        platform_url=None,
        guid=None,
        description=None,
        connector_count=1,
        last_refresh=None,
        last_error=None,
    )
    groups = groups_frame([group])
    assert isinstance(groups, Table)
    assert _cells(groups._repr_html_())[-2:] == [MISSING, MISSING]


def test_daemon_methods_return_tables(platform: enb.EmbeddedPlatform) -> None:
    daemon = enb.IntegrationDaemon(platform, "integration-daemon")
    for table in (daemon.status(), daemon.history(), daemon.groups()):
        assert isinstance(table, Table)


def test_group_list_table_is_a_table() -> None:
    name = "Egeria:IntegrationGroup:" + "VeryLongGroupName" * 6
    groups = IntegrationGroupList(
        [
            IntegrationGroupConfig(
                integration_group_qualified_name=name,
                omag_server_name=MD,
                omag_server_platform_root_url="https://localhost:9443",
                secrets_store_provider="p.Provider",
            ),
            IntegrationGroupConfig(
                integration_group_qualified_name="b",
                omag_server_name=MD,
                omag_server_platform_root_url="https://localhost:9443",
            ),
        ]
    )
    assert isinstance(groups, list)
    frame = groups.to_frame()
    assert isinstance(frame, Table)
    assert name in groups._repr_html_() and name in str(groups)
    assert _cells(groups._repr_html_())[-1] == MISSING  # b has no secrets store provider


def test_metadata_frame_builders_return_tables() -> None:
    assert isinstance(registered_connectors_frame([]), Table)
    assert isinstance(elements_frame([]), Table)
    element = MetadataElement(guid="g", type_name="DataFile", qualified_name="file:///a.csv", properties={"x": 1})
    assert isinstance(elements_frame([element]), Table)


def test_metadata_functions_return_tables(platform: enb.EmbeddedPlatform, tmp_path: Path) -> None:
    report = enb.seed_definitions(platform, samples_dir=tmp_path)
    assert isinstance(report, Table)
    groups = enb.list_group_definitions(platform, MD)
    assert isinstance(groups, Table)
    registered = enb.get_registered_connectors(platform, MD, groups["qualified_name"].iloc[0])
    assert isinstance(registered, Table)
    assert isinstance(enb.find_elements(platform, MD, "IntegrationConnector"), Table)
    assert isinstance(enb.get_integration_groups(platform, "integration-daemon").to_frame(), Table)
    # Long qualified names are whole in the notebook view.
    for name in report["connector"]:
        assert name in report._repr_html_()


@pytest.mark.parametrize("width", [None, 10])
def test_a_user_width_of_none_or_less_is_fine(width: int | None) -> None:
    with pd.option_context("display.max_colwidth", width):
        assert LONG in repr(Table({"m": [LONG]}))
