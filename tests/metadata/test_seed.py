"""Seeding definitions from a file: ``seed_definitions`` and ``egeria-nb seed``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import egeria_nb as enb
from egeria_nb.metadata.catalog import MetadataCatalog
from egeria_nb.metadata.seed import default_samples_dir
from tests.conftest import Raw
from tests.metadata.conftest import MD, last_sequence

LAB = json.loads((resources.files("egeria_nb") / "data" / "lab-definitions.json").read_text())
REPORT_COLUMNS = ["group", "group_action", "connector", "connector_action", "connector_name"]

CUSTOM = {
    "metadataServer": MD,
    "groups": [
        {
            "qualifiedName": "Lab:IntegrationGroup:Logs",
            "displayName": "Logs",
            "connectors": [
                {
                    "qualifiedName": "Lab:IntegrationConnector:Tail",
                    "connectorName": "Tail",
                    "provider": "lab.Tail",
                    "endpointAddress": "{samples}/app.log",
                    "configurationProperties": {"lines": 5},
                    "usesBlockingCalls": True,
                    "refreshTimeInterval": 2,
                    "permittedSynchronization": "TO_THIRD_PARTY",
                    "connectorUserId": "logs-npa",
                }
            ],
        }
    ],
}
CUSTOM_YAML = """
groups:
  - qualifiedName: "Lab:IntegrationGroup:Logs"
    displayName: Logs
    connectors:
      - qualifiedName: "Lab:IntegrationConnector:Tail"
        connectorName: Tail
        provider: lab.Tail
        endpointAddress: "{samples}/app.log"
        configurationProperties: {lines: 5}
        usesBlockingCalls: true
        refreshTimeInterval: 2
        permittedSynchronization: TO_THIRD_PARTY
        connectorUserId: logs-npa
"""


def test_default_file_defines_the_lab_groups(platform: enb.EmbeddedPlatform, tmp_path: Path) -> None:
    samples = tmp_path / "samples"
    report = enb.seed_definitions(platform, samples_dir=samples)
    assert list(report.columns) == REPORT_COLUMNS
    expected = [(g["qualifiedName"], c["qualifiedName"]) for g in LAB["groups"] for c in g["connectors"]]
    assert list(zip(report["group"], report["connector"], strict=True)) == expected
    assert set(report["group_action"]) == {"created"} and set(report["connector_action"]) == {"created"}

    groups = enb.list_group_definitions(platform, MD)
    assert groups["qualified_name"].tolist() == [g["qualifiedName"] for g in LAB["groups"]]
    assert groups["connectors"].tolist() == [len(g["connectors"]) for g in LAB["groups"]]
    assert groups["display_name"].tolist() == [g["displayName"] for g in LAB["groups"]]
    for group in LAB["groups"]:
        frame = enb.get_registered_connectors(platform, MD, group["qualifiedName"])
        assert frame["connector_qualified_name"].tolist() == [c["qualifiedName"] for c in group["connectors"]]
        for row, connector in zip(frame.itertuples(), group["connectors"], strict=True):
            assert row.connector_name == connector["connectorName"]
            assert row.provider == connector["provider"]
            assert row.endpoint_address == connector["endpointAddress"].replace("{samples}", str(samples))
            assert row.endpoint_address.startswith(str(samples))
            assert row.configuration_properties == connector["configurationProperties"]
            assert row.refresh_time_interval == connector["refreshTimeInterval"]
            assert row.permitted_synchronization == connector["permittedSynchronization"]


def test_seeding_twice_updates_and_duplicates_nothing(platform: enb.EmbeddedPlatform, raw: Raw, tmp_path: Path) -> None:
    enb.seed_definitions(platform, samples_dir=tmp_path)
    frames = {
        g["qualifiedName"]: enb.get_registered_connectors(platform, MD, g["qualifiedName"]) for g in LAB["groups"]
    }
    mark = last_sequence(raw)

    again = enb.seed_definitions(platform, samples_dir=tmp_path)
    assert set(again["group_action"]) == {"updated"} and set(again["connector_action"]) == {"updated"}
    assert last_sequence(raw) == mark  # nothing changed, so a running daemon restarts nothing
    for name, before in frames.items():
        after = enb.get_registered_connectors(platform, MD, name)
        assert after["connector_id"].tolist() == before["connector_id"].tolist()
        assert after.to_dict("records") == before.to_dict("records")
    catalog = MetadataCatalog(platform, MD).blocking
    assert len(catalog.find_elements("IntegrationGroup")) == len(LAB["groups"])
    assert len(catalog.find_elements("IntegrationConnector")) == sum(len(g["connectors"]) for g in LAB["groups"])

    # Loading again with another samples folder moves the endpoints, in place.
    moved = tmp_path / "moved"
    enb.seed_definitions(platform, samples_dir=moved)
    for name, before in frames.items():
        after = enb.get_registered_connectors(platform, MD, name)
        assert after["connector_id"].tolist() == before["connector_id"].tolist()
        assert all(a.startswith(str(moved)) for a in after["endpoint_address"])


def test_an_edited_file_updates_what_it_names(platform: enb.EmbeddedPlatform, tmp_path: Path) -> None:
    path = tmp_path / "defs.json"
    path.write_text(json.dumps(CUSTOM))
    enb.seed_definitions(platform, path, samples_dir=tmp_path)
    edited = json.loads(json.dumps(CUSTOM))
    connector = edited["groups"][0]["connectors"][0]
    connector.update(configurationProperties={"follow": True}, refreshTimeInterval=9, usesBlockingCalls=False)
    path.write_text(json.dumps(edited))
    report = enb.seed_definitions(platform, path, samples_dir=tmp_path)
    assert report["connector_action"].tolist() == ["updated"]
    row = enb.get_registered_connectors(platform, MD, "Lab:IntegrationGroup:Logs").iloc[0]
    assert row["configuration_properties"] == {"follow": True}  # replaced, not merged
    assert (row["refresh_time_interval"], row["uses_blocking_calls"]) == (9, False)


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml"])
def test_a_custom_file(platform: enb.EmbeddedPlatform, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / ("defs" + suffix)
    path.write_text(json.dumps(CUSTOM) if suffix == ".json" else CUSTOM_YAML)
    report = enb.seed_definitions(platform, path, samples_dir=tmp_path / "s")
    assert report.to_dict("records") == [
        {
            "group": "Lab:IntegrationGroup:Logs",
            "group_action": "created",
            "connector": "Lab:IntegrationConnector:Tail",
            "connector_action": "created",
            "connector_name": "Tail",
        }
    ]
    row = enb.get_registered_connectors(platform, MD, "Lab:IntegrationGroup:Logs").iloc[0]
    assert row["endpoint_address"] == str(tmp_path / "s" / "app.log")
    assert row["configuration_properties"] == {"lines": 5}
    assert (row["uses_blocking_calls"], row["refresh_time_interval"]) == (True, 2)
    assert (row["permitted_synchronization"], row["connector_user_id"]) == ("TO_THIRD_PARTY", "logs-npa")
    assert enb.list_group_definitions(platform, MD)["qualified_name"].tolist() == ["Lab:IntegrationGroup:Logs"]


def test_a_file_can_name_another_metadata_server(platform: enb.EmbeddedPlatform, tmp_path: Path) -> None:
    enb.create_metadata_server(platform, "lab-store")
    path = tmp_path / "defs.json"
    path.write_text(json.dumps({**CUSTOM, "metadataServer": "lab-store"}))
    enb.seed_definitions(platform, path)
    assert len(enb.get_registered_connectors(platform, "lab-store", "Lab:IntegrationGroup:Logs")) == 1
    assert enb.list_group_definitions(platform, MD).empty
    with pytest.raises(enb.ServerNotKnownError):
        enb.seed_definitions(platform, path, metadata_server="no-such-store")


def _connector(**override: object) -> dict:
    return {**CUSTOM["groups"][0]["connectors"][0], **override}


BAD_FILES = [
    ("missing", None, "EGERIA-NB-SEED-400-001", "Cannot read"),
    ("not JSON", "{groups: [", "EGERIA-NB-SEED-400-003", "is not valid"),
    ("no groups", {"metadataServer": MD}, "EGERIA-NB-SEED-400-004", '"groups"'),
    ("groups not a list", {"groups": {"qualifiedName": "G"}}, "EGERIA-NB-SEED-400-004", '"groups"'),
    ("a list at the top", [{"qualifiedName": "G"}], "EGERIA-NB-SEED-400-004", '"groups"'),
    ("group without a name", {"groups": [{"displayName": "G"}]}, "EGERIA-NB-SEED-400-005", "groups[0]"),
    ("group not an object", {"groups": ["G"]}, "EGERIA-NB-SEED-400-006", "groups[0] must be an object"),
    (
        "connector without provider",
        {"groups": [{"qualifiedName": "G", "connectors": [_connector(provider=None)]}]},
        "EGERIA-NB-SEED-400-005",
        "groups[0].connectors[0]",
    ),
    (
        "connector without connectorName",
        {"groups": [{"qualifiedName": "G", "connectors": [_connector(connectorName="")]}]},
        "EGERIA-NB-SEED-400-005",
        "has no connectorName",
    ),
    (
        "refresh interval as text",
        {"groups": [{"qualifiedName": "G", "connectors": [_connector(refreshTimeInterval="soon")]}]},
        "EGERIA-NB-SEED-400-006",
        "refreshTimeInterval",
    ),
    (
        "bad permittedSynchronization",
        {"groups": [{"qualifiedName": "G", "connectors": [_connector(permittedSynchronization="UP")]}]},
        "EGERIA-NB-SEED-400-006",
        "permittedSynchronization",
    ),
    (
        "connectors not a list",
        {"groups": [{"qualifiedName": "G", "connectors": {"qualifiedName": "C"}}]},
        "EGERIA-NB-SEED-400-006",
        "connectors must be a list",
    ),
]


@pytest.mark.parametrize(("content", "message_id", "says"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_refused_before_anything_is_loaded(
    platform: enb.EmbeddedPlatform, raw: Raw, tmp_path: Path, content: object, message_id: str, says: str
) -> None:
    path = tmp_path / "defs.json"
    if isinstance(content, dict) and isinstance(content.get("groups"), list):
        # A good group first: a bad entry later in the file must not leave it half loaded.
        content = {**content, "groups": [CUSTOM["groups"][0], *content["groups"]]}
        says = says.replace("groups[0]", "groups[1]")
    if isinstance(content, str):
        path.write_text(content)
    elif content is not None:
        path.write_text(json.dumps(content))
    before = last_sequence(raw)
    with pytest.raises(enb.InvalidParameterError) as caught:
        enb.seed_definitions(platform, path)
    assert caught.value.message_id == message_id
    assert says in caught.value.message
    assert caught.value.user_action
    assert last_sequence(raw) == before
    assert enb.list_group_definitions(platform, MD).empty


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("defs.yaml", b"groups: [\n", "line 2"),
        ("defs.yml", b"groups:\n  - qualifiedName: G\n   displayName: x\n", "line 3"),
        ("defs.json", b"\xff\xfe{}", "utf-8"),
    ],
    ids=["YAML typo", "YAML indentation", "not text"],
)
def test_unreadable_content_is_a_clear_error(
    platform: enb.EmbeddedPlatform, raw: Raw, tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = last_sequence(raw)
    with pytest.raises(enb.InvalidParameterError) as caught:
        enb.seed_definitions(platform, path)
    assert caught.value.message_id == "EGERIA-NB-SEED-400-003"
    assert str(path) in caught.value.message and says in caught.value.message
    assert last_sequence(raw) == before


def test_egeria_nb_seed_command(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    path = tmp_path / "defs.yaml"
    path.write_text(CUSTOM_YAML)
    command = [sys.executable, "-m", "egeria_nb.cli", "seed", "--data-dir", str(data_dir), "--file", str(path)]
    done = subprocess.run(
        [*command, "--samples", str(tmp_path / "s")], capture_output=True, text=True, timeout=60, env=dict(os.environ)
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0].split() == REPORT_COLUMNS
    assert lines[1].split() == [
        "Lab:IntegrationGroup:Logs",
        "created",
        "Lab:IntegrationConnector:Tail",
        "created",
        "Tail",
    ]

    again = subprocess.run(command, capture_output=True, text=True, timeout=60, env=dict(os.environ))
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().splitlines()[1].split()[1::2] == ["updated", "updated"]

    with enb.start_embedded(data_dir) as platform:  # what the command stored is in the data directory
        row = enb.get_registered_connectors(platform, MD, "Lab:IntegrationGroup:Logs").iloc[0]
        assert row["endpoint_address"].startswith(str(default_samples_dir()))

    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    failed = subprocess.run(
        [sys.executable, "-m", "egeria_nb.cli", "seed", "--data-dir", str(data_dir), "--file", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )
    assert failed.returncode == 2
    assert "EGERIA-NB-SEED-400-004" in failed.stderr
    assert failed.stdout == ""
