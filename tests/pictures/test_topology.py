"""topology_picture: the daemon, its groups, their metadata servers and connectors, read back from the SVG."""

from __future__ import annotations

import random

import pytest

from egeria_nb.daemon.status import ConnectorStatus, GroupStatus
from egeria_nb.errors import InvalidParameterError
from egeria_nb.pictures import topology_picture
from egeria_nb.pictures.colours import DAEMON_RUNNING, DAEMON_STOPPED, connector_swatch, group_swatch
from egeria_nb.pictures.topology import MAX_CONNECTORS_PER_GROUP
from tests.pictures.records import SVG, connector, group, parse, title, with_class

FILES = "Egeria:IntegrationGroup:Files"
DATABASES = "Egeria:IntegrationGroup:Databases"
REMOTE = "Egeria:IntegrationGroup:Remote"


def layout() -> tuple[list, list]:
    groups = [
        group(FILES, count=2),
        group(DATABASES, GroupStatus.FAILED, count=1, error="cannot reach <active-metadata-store> & retrying"),
        group(REMOTE, GroupStatus.CONFIGURING, server="other-store", url="https://other:9443"),
    ]
    connectors = [
        connector("FilesCataloguer", ConnectorStatus.WAITING, group=FILES),
        connector("CSVConnector", ConnectorStatus.FAILED, group=FILES, failing="ValueError: bad <csv> & row 3"),
        connector("SQLiteConnector", ConnectorStatus.REFRESHING, group=DATABASES, statistics={"tables_seen": 7}),
    ]
    return groups, connectors


def boxes(root, kind: str) -> dict[str, object]:
    return {e.get("data-name"): e for e in with_class(root, kind)}


def texts(element) -> list[str]:
    return [t.text for t in element.iter(SVG + "text")]


def test_a_metadata_server_shared_by_groups_is_drawn_once_and_linked_to_each() -> None:
    groups, connectors = layout()
    root = parse(topology_picture("integration-daemon", groups, connectors, running=True))
    servers = boxes(root, "server")
    assert sorted(servers) == ["active-metadata-store", "other-store"]
    assert texts(servers["active-metadata-store"]) == ["active-metadata-store", "https://localhost:9443"]
    assert f"{DATABASES}\n{FILES}" in title(servers["active-metadata-store"])
    # One link from the daemon to each group, one from each group to its server.
    assert len(with_class(root, "link")) - len(with_class(root, "connector-link")) == 3 + 3


def test_boxes_are_coloured_by_state_and_say_it_in_words() -> None:
    groups, connectors = layout()
    root = parse(topology_picture("integration-daemon", groups, connectors, running=True))
    drawn = boxes(root, "connector")
    assert sorted(drawn) == ["CSVConnector", "FilesCataloguer", "SQLiteConnector"]
    for box in drawn.values():
        state = box.get("data-state")
        rect = box.find(SVG + "rect")
        assert rect.get("stroke") == connector_swatch(state).colour
        assert rect.get("fill") == connector_swatch(state).tint
        assert state in texts(box)
    assert drawn["CSVConnector"].get("data-state") == "FAILED"
    # A failed box is marked by a shape too, not only by its colour.
    assert len(drawn["CSVConnector"].findall(SVG + "path")) == 1
    assert drawn["FilesCataloguer"].findall(SVG + "path") == []
    for name, box in boxes(root, "group").items():
        assert box.find(SVG + "rect").get("stroke") == group_swatch(box.get("data-state")).colour, name
    assert boxes(root, "group")[DATABASES].get("data-state") == "FAILED"
    (daemon,) = with_class(root, "daemon")
    assert daemon.find(SVG + "rect").get("stroke") == DAEMON_RUNNING.colour
    assert texts(daemon)[:2] == ["integration-daemon", "running"]
    stopped = parse(topology_picture("integration-daemon", groups, connectors, running=False))
    assert with_class(stopped, "daemon")[0].find(SVG + "rect").get("stroke") == DAEMON_STOPPED.colour


def test_groups_say_how_many_connectors_and_hover_says_the_details_escaped() -> None:
    groups, connectors = layout()
    picture = topology_picture("integration-daemon", groups, connectors, running=True)
    root = parse(picture)
    drawn = boxes(root, "group")
    assert texts(drawn[FILES]) == [FILES, "RUNNING · 2 connectors"]
    assert texts(drawn[DATABASES])[1] == "FAILED · 1 connector"
    assert "last error: cannot reach <active-metadata-store> & retrying" in title(drawn[DATABASES])
    failing = boxes(root, "connector")["CSVConnector"]
    assert "failing: ValueError: bad <csv> & row 3" in title(failing)
    assert "tables_seen: 7" in title(boxes(root, "connector")["SQLiteConnector"])
    assert "<csv>" not in picture.svg and "bad &lt;csv&gt; &amp; row 3" in picture.svg


def test_element_counts_are_shown_for_the_connectors_that_have_them() -> None:
    groups, connectors = layout()
    root = parse(topology_picture("d", groups, connectors, running=True, element_counts={"FilesCataloguer": 1234}))
    drawn = boxes(root, "connector")
    assert texts(drawn["FilesCataloguer"]) == ["FilesCataloguer", "WAITING", "1,234 elements catalogued"]
    assert texts(drawn["SQLiteConnector"]) == ["SQLiteConnector", "REFRESHING"]


def test_each_group_draws_at_most_its_bound_failing_connectors_first() -> None:
    many = [connector(f"c{i:02}", ConnectorStatus.WAITING, group=FILES) for i in range(60)]
    many.append(connector("zz-broken", ConnectorStatus.INITIALIZE_FAILED, group=FILES))
    root = parse(topology_picture("d", [group(FILES, count=61)], many, running=True))
    drawn = with_class(root, "connector")
    assert len(drawn) == MAX_CONNECTORS_PER_GROUP
    assert drawn[0].get("data-name") == "zz-broken"
    assert [e.text for e in with_class(root, "more")] == ["+11 more connectors"]
    assert "RUNNING · 61 connectors" in texts(boxes(root, "group")[FILES])
    # Each connector is on a line joined to its group's spine: one line per row of boxes, and the spine.
    assert len(with_class(root, "connector-link")) == (MAX_CONNECTORS_PER_GROUP + 2) // 3 + 1


def test_the_layout_is_sorted_so_the_same_daemon_always_draws_the_same() -> None:
    groups, connectors = layout()
    first = topology_picture("d", groups, connectors, running=True, platform_url="https://localhost:9443")
    shuffled_groups, shuffled_connectors = list(groups), list(connectors)
    random.Random(3).shuffle(shuffled_groups)
    random.Random(4).shuffle(shuffled_connectors)
    second = topology_picture(
        "d", shuffled_groups, shuffled_connectors, running=True, platform_url="https://localhost:9443"
    )
    assert first.svg == second.svg
    root = parse(first)
    order = [e.get("data-name") for e in with_class(root, "group")]
    assert order == sorted(order, key=str.casefold)
    ys = [float(e.find(SVG + "rect").get("y")) for e in with_class(root, "group")]
    assert ys == sorted(ys)
    assert "https://localhost:9443" in texts(with_class(root, "daemon")[0])


def test_the_picture_grows_with_its_content() -> None:
    small = topology_picture("d", [group(FILES)], [], running=True)
    big = topology_picture(
        "d",
        [group(f"G{i}") for i in range(5)],
        [connector(f"c{i}", ConnectorStatus.WAITING, group=f"G{i % 5}") for i in range(40)],
        running=True,
    )
    assert big.height > small.height and big.width == small.width
    assert parse(big).get("height") == f"{big.height:.0f}"


def test_connectors_of_a_group_not_in_the_snapshots_and_unknown_servers_are_drawn() -> None:
    groups = [group(FILES, None, server=None, url=None)]
    connectors = [connector("orphan", ConnectorStatus.STOPPED, group="Egeria:IntegrationGroup:Gone")]
    root = parse(topology_picture("d", groups, connectors, running=True))
    drawn = boxes(root, "group")
    assert sorted(drawn) == [FILES, "Egeria:IntegrationGroup:Gone"]
    assert drawn[FILES].get("data-state") == "unknown"
    assert drawn[FILES].find(SVG + "rect").get("stroke-dasharray")
    assert "not in the daemon's configuration" in title(drawn["Egeria:IntegrationGroup:Gone"])
    assert with_class(root, "server") == []


def test_no_groups_says_so() -> None:
    root = parse(topology_picture("d", [], [], running=False))
    assert [e.text for e in with_class(root, "more")] == ["no integration groups"]


def test_many_groups_are_bounded_too() -> None:
    root = parse(topology_picture("d", [group(f"G{i:03}") for i in range(130)], [], running=True))
    assert len(with_class(root, "group")) == 100
    assert with_class(root, "more")[-1].text == "+30 more groups not shown"


@pytest.mark.parametrize(
    ("args", "kwargs", "named"),
    [
        (("", [], []), {"running": True}, "daemon_name"),
        (("d", [], []), {"running": "yes"}, "running"),
        (("d", [], []), {"running": True, "element_counts": [("a", 1)]}, "element_counts"),
    ],
)
def test_a_wrong_argument_is_named(args: tuple, kwargs: dict, named: str) -> None:
    with pytest.raises(InvalidParameterError, match=named):
        topology_picture(*args, **kwargs)
