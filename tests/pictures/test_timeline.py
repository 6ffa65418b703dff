"""timeline_picture: rows, bands, markers, legend and bounds, read back from the SVG it draws."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest

from egeria_nb.daemon.history import HistoryEvent
from egeria_nb.daemon.status import ConnectorStatus
from egeria_nb.errors import InvalidParameterError
from egeria_nb.pictures import timeline_picture
from egeria_nb.pictures.colours import connector_swatch
from egeria_nb.pictures.timeline import MAX_BANDS, MAX_BANDS_PER_ROW, PLOT_W, PLOT_X0, PLOT_X1
from tests.pictures.records import NOW, SVG, ago, connector, event, parse, title, translate, with_class

SCRIPT = "boom <script>alert(1)</script> & more"


def three_connectors() -> tuple[list[HistoryEvent], list]:
    events = [
        event(50, "beta", None, "INITIALIZED", "created"),
        event(50, "gamma", "INITIALIZED", "RUNNING", "engaged"),
        event(45, "beta", "INITIALIZED", "FAILED", "old failure"),
        event(40, "beta", "FAILED", "WAITING", "recovered"),
        event(20, "alpha", "WAITING", "REFRESHING", "refresh 1"),
        event(19, "alpha", "REFRESHING", "WAITING", "done 1"),
        event(10, "beta", "WAITING", "FAILED", SCRIPT),
        event(5, "gamma", None, None, "LOOP BLOCKED: connector gamma held the loop for 2.0 s in time.sleep"),
        event(4, None, None, None, "group removed: its configuration was deleted"),
    ]
    connectors = [
        connector("alpha", ConnectorStatus.WAITING, changed_minutes_ago=19),
        connector("beta", ConnectorStatus.FAILED, changed_minutes_ago=10, failing=SCRIPT),
        connector("gamma", ConnectorStatus.RUNNING, changed_minutes_ago=50),
    ]
    return events, connectors


def x_at(minutes_ago: float, window: float = 30.0) -> float:
    return PLOT_X0 + (window - minutes_ago) / window * PLOT_W


def rows(root) -> dict[str, list]:
    """Each row's label and its bands, in the order drawn (rows top to bottom, bands left to right)."""
    labels = [e.text for e in with_class(root, "row-label")]
    by_y: dict[float, list] = {}
    for band in with_class(root, "band"):
        by_y.setdefault(float(band.get("y")), []).append(band)
    ordered = [sorted(by_y[y], key=lambda b: float(b.get("x"))) for y in sorted(by_y)]
    assert len(ordered) == len(labels)
    return dict(zip(labels, ordered, strict=True))


def test_each_connector_is_a_row_of_its_states_in_order_with_their_colours() -> None:
    events, connectors = three_connectors()
    root = parse(timeline_picture(events, connectors, now=NOW))
    drawn = rows(root)
    # Failing now first, then by name.
    assert list(drawn) == ["G / beta", "G / alpha", "G / gamma"]
    states = {label: [b.get("data-state") for b in bands] for label, bands in drawn.items()}
    assert states == {
        "G / beta": ["WAITING", "FAILED"],
        "G / alpha": ["WAITING", "REFRESHING", "WAITING"],
        "G / gamma": ["RUNNING"],
    }
    for bands in drawn.values():
        for band in bands:
            assert band.get("fill") == connector_swatch(band.get("data-state")).fill
        xs = [float(b.get("x")) for b in bands]
        assert xs == sorted(xs) and xs[0] == pytest.approx(PLOT_X0, abs=0.1)
        end = float(bands[-1].get("x")) + float(bands[-1].get("width"))
        assert end == pytest.approx(PLOT_X1, abs=0.2)
    alpha = drawn["G / alpha"]
    assert float(alpha[1].get("x")) == pytest.approx(x_at(20), abs=0.1)
    assert float(alpha[2].get("x")) == pytest.approx(x_at(19), abs=0.1)
    assert float(drawn["G / beta"][1].get("x")) == pytest.approx(x_at(10), abs=0.1)


def test_failed_bands_are_hatched_in_their_colour_and_the_rest_plain() -> None:
    events, connectors = three_connectors()
    root = parse(timeline_picture(events, connectors, now=NOW))
    failed = connector_swatch("FAILED")
    (pattern,) = root.iter(SVG + "pattern")
    assert pattern.get("id") == failed.pattern_id
    assert pattern.find(SVG + "rect").get("fill") == failed.colour
    assert connector_swatch("WAITING").fill == "#009e73"


def test_hover_titles_say_state_times_and_message_escaped() -> None:
    events, connectors = three_connectors()
    picture = timeline_picture(events, connectors, now=NOW)
    root = parse(picture)
    drawn = rows(root)
    beta_waiting, beta_failed = drawn["G / beta"]
    # The state before the window is from a change before it: not drawn, but it says since when.
    assert "WAITING since 11:20:00 (before this window) to 11:50:00 UTC" in title(beta_waiting)
    assert "recovered" in title(beta_waiting)
    assert title(beta_failed) == f"G / beta\nFAILED from 11:50:00 to now UTC (10 min 0 s)\n{SCRIPT}"
    assert "REFRESHING from 11:40:00 to 11:41:00 UTC" in title(drawn["G / alpha"][1])
    assert "refresh 1" in title(drawn["G / alpha"][1])
    assert "RUNNING since 11:10:00 (before this window) to now UTC" in title(drawn["G / gamma"][0])
    # Escaped in the SVG text, whole in what a browser shows.
    assert "<script>" not in picture.svg
    assert "boom &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in picture.svg


def test_a_failure_is_marked_where_it_happened_and_older_ones_are_not() -> None:
    events, connectors = three_connectors()
    picture = timeline_picture(events, connectors, now=NOW)
    root = parse(picture)
    (failure,) = with_class(root, "failure")
    x, y = translate(failure)
    assert x == pytest.approx(x_at(10), abs=0.1)
    beta_band_y = float(rows(root)["G / beta"][0].get("y"))
    assert beta_band_y - 2 <= y <= beta_band_y + 11
    assert title(failure) == f"G / beta\nFAILED at 11:50:00 UTC\n{SCRIPT}"
    assert "old failure" not in picture.svg
    assert min(float(b.get("x")) for b in with_class(root, "band")) >= PLOT_X0


def test_loop_blocked_notes_get_their_own_marker_and_other_notes_none() -> None:
    events, connectors = three_connectors()
    picture = timeline_picture(events, connectors, now=NOW)
    root = parse(picture)
    (blocked,) = with_class(root, "loop-blocked")
    assert translate(blocked)[0] == pytest.approx(x_at(5), abs=0.1)
    assert "held the loop for 2.0 s" in title(blocked)
    assert blocked.get("d") != with_class(root, "failure")[0].get("d")  # another shape, not only another colour
    assert "group removed" not in picture.svg


def test_a_loop_block_outside_any_connector_gets_a_row_of_its_own() -> None:
    events = [event(3, None, None, None, "LOOP BLOCKED: code outside any connector held the loop")]
    root = parse(timeline_picture(events, [connector("alpha", ConnectorStatus.WAITING)], now=NOW))
    assert [e.text for e in with_class(root, "row-label")] == ["daemon (outside any connector)", "G / alpha"]
    assert len(with_class(root, "loop-blocked")) == 1
    assert len(with_class(root, "band")) == 1


def test_the_legend_lists_exactly_the_states_and_markers_shown() -> None:
    events, connectors = three_connectors()
    root = parse(timeline_picture(events, connectors, now=NOW))
    legend = {e.get("data-state") for e in with_class(root, "legend-item")}
    assert legend == {"WAITING", "REFRESHING", "FAILED", "RUNNING"}
    assert legend == {b.get("data-state") for b in with_class(root, "band")}
    assert [e.get("data-marker") for e in with_class(root, "legend-marker")] == ["failure", "loop blocked"]
    quiet = parse(timeline_picture([], [connector("alpha", ConnectorStatus.WAITING)], now=NOW))
    assert [e.get("data-state") for e in with_class(quiet, "legend-item")] == ["WAITING"]
    assert with_class(quiet, "legend-marker") == []


def test_a_connector_created_in_the_window_starts_there() -> None:
    events = [event(10, "delta", None, "INITIALIZED", "created"), event(9, "delta", "INITIALIZED", "WAITING", "ok")]
    root = parse(timeline_picture(events, [connector("delta", ConnectorStatus.WAITING)], now=NOW))
    bands = with_class(root, "band")
    assert [b.get("data-state") for b in bands] == ["INITIALIZED", "WAITING"]
    assert float(bands[0].get("x")) == pytest.approx(x_at(10), abs=0.1)


def test_a_change_the_history_missed_shows_the_time_before_it_as_unknown() -> None:
    # No event, but the connector says it changed 5 minutes ago: before that the state is not known.
    root = parse(timeline_picture([], [connector("alpha", ConnectorStatus.WAITING, changed_minutes_ago=5)], now=NOW))
    bands = with_class(root, "band")
    assert [b.get("data-state") for b in bands] == ["unknown", "WAITING"]
    assert bands[0].get("stroke-dasharray")
    assert float(bands[1].get("x")) == pytest.approx(x_at(5), abs=0.1)
    assert {e.get("data-state") for e in with_class(root, "legend-item")} == {"unknown", "WAITING"}


def test_a_state_this_release_does_not_know_is_drawn_as_unknown_with_its_name() -> None:
    events = [event(10, "old", "WAITING", "DISCONNECTED", "a 4.x state")]
    root = parse(timeline_picture(events, [connector("old", None)], now=NOW))
    bands = with_class(root, "band")
    assert [b.get("data-state") for b in bands] == ["WAITING", "DISCONNECTED"]
    assert bands[1].get("fill") == connector_swatch(None).fill and bands[1].get("stroke-dasharray")
    assert "DISCONNECTED from 11:50:00" in title(bands[1])


def test_a_removed_connector_keeps_its_row_while_its_changes_are_in_the_window() -> None:
    events = [
        event(60, "gone", None, "WAITING", "started"),
        event(8, "gone", "WAITING", "STOPPED", "disconnected"),
        event(8, "gone", "STOPPED", "STOPPED", "removed: its registration was removed from the group"),
        event(70, "long-gone", None, "WAITING"),
        event(65, "long-gone", "WAITING", "STOPPED"),
    ]
    root = parse(timeline_picture(events, [connector("alpha", ConnectorStatus.WAITING)], now=NOW))
    drawn = rows(root)
    assert list(drawn) == ["G / alpha", "G / gone (removed)"]
    assert [b.get("data-state") for b in drawn["G / gone (removed)"]] == ["WAITING", "STOPPED"]


def test_events_out_of_order_and_after_now_are_handled() -> None:
    events = [
        event(5, "alpha", "REFRESHING", "WAITING", "second"),
        event(6, "alpha", "WAITING", "REFRESHING", "first"),
        event(-5, "alpha", "WAITING", "FAILED", "in the future"),
    ]
    picture = timeline_picture(events, [connector("alpha", ConnectorStatus.WAITING)], now=NOW)
    states = [b.get("data-state") for b in with_class(parse(picture), "band")]
    assert states == ["WAITING", "REFRESHING", "WAITING"]
    assert "in the future" not in picture.svg


def test_changes_too_close_to_draw_apart_are_merged_and_a_failure_among_them_still_shows() -> None:
    cycle = ["WAITING", "REFRESHING", "FAILED", "INITIALIZED"]
    events = []
    for i in range(5000):  # 5,000 changes in one minute: 12 ms apart
        events.append(
            HistoryEvent(
                ago(20) + timedelta(milliseconds=12 * i), "G", "flappy", "flappy", cycle[i % 4], cycle[(i + 1) % 4], "x"
            )
        )
    root = parse(timeline_picture(events, [connector("flappy", ConnectorStatus.WAITING)], now=NOW, minutes=30))
    bands = with_class(root, "band")
    assert len(bands) <= 2 * MAX_BANDS_PER_ROW + 1
    merged = [b for b in bands if "too close together" in title(b)]
    assert merged and all(b.get("data-state") == "FAILED" for b in merged)
    assert "1250 states" not in title(merged[0])  # it counts what it holds, not the whole run
    assert re.search(r"\n\d+ states from 11:40:\d\d to 11:40:\d\d UTC, too close together", title(merged[0]))
    assert "FAILED" in title(merged[0]) and "last failure: x" in title(merged[0])
    assert len(with_class(root, "failure")) <= MAX_BANDS_PER_ROW
    assert "failures from" in title(with_class(root, "failure")[0])


def test_the_row_bound_shows_failing_connectors_first_and_says_how_many_more() -> None:
    connectors = [connector(f"c{i}", ConnectorStatus.WAITING) for i in range(6)]
    connectors.append(connector("zzz", ConnectorStatus.CONFIG_FAILED, failing="no such class"))
    events = [event(3, "c5", "FAILED", "WAITING", "failed in the window, recovered")]
    root = parse(timeline_picture(events, connectors, now=NOW, max_rows=3))
    assert [e.text for e in with_class(root, "row-label")] == ["G / zzz", "G / c5", "G / c0"]
    (more,) = with_class(root, "more")
    assert more.text == "and 4 more connectors not shown"
    root = parse(timeline_picture([], connectors[:2], now=NOW, max_rows=1))
    assert with_class(root, "more")[0].text == "and 1 more connector not shown"
    assert with_class(parse(timeline_picture([], connectors, now=NOW)), "more") == []


def test_ticks_are_a_few_readable_utc_times() -> None:
    root = parse(timeline_picture([], [connector("alpha", ConnectorStatus.WAITING)], now=NOW))
    labels = [e.text for e in root.find(f"{SVG}g[@class='axis']").iter(SVG + "text")]
    assert [t for t in labels if ":" in t] == ["11:30", "11:35", "11:40", "11:45", "11:50", "11:55", "12:00"]
    short = parse(timeline_picture([], [], now=NOW + timedelta(seconds=7), minutes=0.5))
    times = [e.text for e in short.iter(SVG + "text") if re.fullmatch(r"\d\d:\d\d:\d\d", e.text or "")]
    assert 3 <= len(times) <= 7 and times == sorted(times)
    days = parse(timeline_picture([], [], now=NOW, minutes=3 * 24 * 60))
    stamps = [e.text for e in days.iter(SVG + "text") if re.fullmatch(r"\d\d-\d\d \d\d:\d\d", e.text or "")]
    assert stamps == [
        "02-26 12:00",
        "02-27 00:00",
        "02-27 12:00",
        "02-28 00:00",
        "02-28 12:00",
        "03-01 00:00",
        "03-01 12:00",
    ]
    week = parse(timeline_picture([], [], now=NOW, minutes=7 * 24 * 60))
    dates = [e.text for e in week.iter(SVG + "text") if re.fullmatch(r"\d{4}-\d\d-\d\d", e.text or "")]
    assert dates == [f"2026-02-{d}" for d in range(23, 29)] + ["2026-03-01"]


def test_text_xml_cannot_hold_is_replaced_and_naive_times_are_utc() -> None:
    events = [event(10, "alpha", "WAITING", "FAILED", "\x1b[31mred\x1b[0m \x00 end")]
    picture = timeline_picture(events, [connector("alpha\x07", ConnectorStatus.FAILED)], now=NOW.replace(tzinfo=None))
    root = parse(picture)
    assert "\ufffd[31mred" in title(with_class(root, "failure")[0])
    assert len(with_class(root, "band")) == 3  # "alpha\x07" is another connector than the event's "alpha"


def test_nothing_to_draw_still_draws() -> None:
    root = parse(timeline_picture([], [], now=NOW, title="empty"))
    assert any(e.text == "no connectors" for e in root.iter(SVG + "text"))
    assert root.get("aria-label").startswith("empty — connector states, last 30 minutes to 2026-03-01 12:00:00 UTC")


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"now": "12:00"}, "now"),
        ({"now": NOW, "minutes": 0}, "minutes"),
        ({"now": NOW, "minutes": float("nan")}, "minutes"),
        ({"now": NOW, "minutes": 1e12}, "minutes must be a number of minutes up to 5,256,000"),
        ({"now": NOW, "max_rows": 0}, "max_rows"),
        ({"now": NOW, "title": 3}, "title"),
    ],
)
def test_a_wrong_argument_is_named(kwargs: dict, named: str) -> None:
    with pytest.raises(InvalidParameterError, match=named):
        timeline_picture([], [], **kwargs)


def test_500_connectors_and_20000_events_make_a_bounded_picture() -> None:
    rng = random.Random(7)
    states = ["INITIALIZED", "WAITING", "REFRESHING", "WAITING", "REFRESHING", "FAILED"]
    connectors = [connector(f"c{i:03}", ConnectorStatus.WAITING, group=f"G{i % 20}") for i in range(500)]
    last: dict[int, str] = {}
    events = []
    for k in range(20_000):
        i = rng.randrange(500)
        to = rng.choice(states)
        events.append(
            HistoryEvent(ago(60 * (1 - k / 20_000)), f"G{i % 20}", f"c{i:03}", f"c{i:03}", last.get(i), to, "m")
        )
        last[i] = to
    picture = timeline_picture(events, connectors, now=NOW, minutes=60)
    root = parse(picture)
    assert len(with_class(root, "row-label")) == 200
    assert with_class(root, "more")[0].text == "and 300 more connectors not shown"
    bands, markers = with_class(root, "band"), with_class(root, "failure")
    assert len(bands) <= MAX_BANDS
    assert len(markers) <= MAX_BANDS // 2
    assert sum(1 for _ in root.iter()) < 2 * MAX_BANDS
    assert len(picture.svg) < 10_000_000
    # The worst case: every shown row as busy as a row can be is still bounded by MAX_BANDS.
    busy = [
        HistoryEvent(ago(29.9) + timedelta(seconds=0.3 * k), "G0", f"c{i:03}", f"c{i:03}", "WAITING", "FAILED", "m")
        for k in range(300)
        for i in range(0, 500, 20)
    ]
    crowded = parse(timeline_picture(busy, connectors[::20], now=NOW))
    assert len(with_class(crowded, "band")) <= MAX_BANDS
