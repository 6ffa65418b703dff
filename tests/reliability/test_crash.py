"""Crash consistency: SIGKILL ``egeria-nb serve`` at random moments while clients write, and lose nothing.

Each cycle starts ``egeria-nb serve`` on one data directory, lets several client threads write
configuration (admin calls) and definitions (groups, connectors, registrations, catalog
synchronize) through the public functions, and kills the process at a moment drawn from a
seeded random generator (some cycles kill it while it is still starting). Then, with no
process serving the directory:

* every configuration document, the credentials and ``platform.json`` parse as JSON;
* the SQLite store passes ``PRAGMA integrity_check`` and ``foreign_key_check``;
* every write the client saw succeed is there; nothing is there that no client attempted;
* a catalog ``synchronize`` is all or nothing: its scope holds exactly one declared round;

and once the next process has claimed the directory, no temp file is left. ``make test`` kills
20 times, ``make soak`` 500.
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import egeria_nb as enb
from egeria_nb.embedded.datadir import DataDirectory
from egeria_nb.metadata.catalog import MetadataCatalog
from tests.reliability.conftest import CRASHES, FAULTS, LOST, Tally, scaled
from tests.serve_process import Serve

pytestmark = pytest.mark.reliability

KILLS = scaled(20, 500)
SEED = 20260601
MD = "active-metadata-store"
PROVIDER = "egeria_nb.connectors.training.TrainingConnector"
# A kill lands this long after the platform printed its URL (or after its start, for a start-up kill).
KILL_AFTER_S = (0.0, 0.35)
STARTUP_KILL_SHARE = 0.15
# Elements each synchronize declares; the window slides by one each round, so rounds add and remove.
SYNC_SIZE = 12
SUITE = "crash"


@dataclass
class Writer:
    """One client thread's writes: what it attempted and what it was told had succeeded."""

    index: int
    seq: int = 0
    attempted: list[tuple[str, Any]] = field(default_factory=list)
    acked: list[tuple[str, Any]] = field(default_factory=list)

    def write(self, platform: enb.Platform) -> None:
        raise NotImplementedError

    def run(self, platform: enb.Platform, killed: threading.Event, errors: list[str]) -> None:
        while True:
            try:
                self.write(platform)
            except enb.EgeriaError as error:
                if not killed.is_set():
                    errors.append(f"{type(self).__name__} {self.index} failed while the platform was up: {error}")
                self.seq += 1  # whatever was in flight is unknown: go on with fresh names
                return
            self.seq += 1

    def attempt(self, kind: str, value: Any) -> None:
        self.attempted.append((kind, value))

    def ack(self, kind: str, value: Any) -> None:
        self.acked.append((kind, value))


class ConfigWriter(Writer):
    """configure_integration_group on its own daemon's document: the document grows one group a call."""

    @property
    def server(self) -> str:
        return f"crash-daemon-{self.index}"

    def write(self, platform: enb.Platform) -> None:
        name = f"w{self.index}-g{self.seq:05d}"
        self.attempt("group", name)
        enb.configure_integration_group(
            platform,
            self.server,
            enb.IntegrationGroupConfig(
                integration_group_qualified_name=name,
                omag_server_name=MD,
                omag_server_platform_root_url="~{egeriaEndpoint}~",
            ),
        )
        self.ack("group", name)


class DefinitionWriter(Writer):
    """A group, a connector and the registration between them, three calls a round."""

    def write(self, platform: enb.Platform) -> None:
        group = f"crash:group:{self.index}:{self.seq:05d}"
        connector = f"crash:connector:{self.index}:{self.seq:05d}"
        registration = (group, connector, f"c{self.index}-{self.seq:05d}")
        self.attempt("IntegrationGroup", group)
        enb.create_group_definition(platform, MD, group, description=f"round {self.seq}")
        self.ack("IntegrationGroup", group)
        self.attempt("IntegrationConnector", connector)
        enb.create_connector_definition(platform, MD, connector, PROVIDER, configuration_properties={"round": self.seq})
        self.ack("IntegrationConnector", connector)
        self.attempt("registration", registration)
        enb.register_integration_connector(platform, MD, group, connector, registration[2], refresh_time_interval=5)
        self.ack("registration", registration)


class SyncWriter(Writer):
    """Catalog synchronize of one scope: each round declares a sliding window of elements, all marked with it."""

    @property
    def prefix(self) -> str:
        return f"crash:sync:{self.index}:"

    def declared(self, round_: int) -> set[str]:
        return {f"{self.prefix}{i:05d}" for i in range(round_, round_ + SYNC_SIZE)}

    def write(self, platform: enb.Platform) -> None:
        round_ = self.seq
        self.attempt("sync", round_)
        MetadataCatalog(platform, MD).blocking.synchronize(
            type_names=["DataFile"],
            qualified_name_prefix=self.prefix,
            elements=[
                enb.CatalogElement("DataFile", name, {"versionIdentifier": str(round_)})
                for name in sorted(self.declared(round_))
            ],
        )
        self.ack("sync", round_)


# -- what is on disk ------------------------------------------------------------------------------


def read_documents(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Every configuration document, parsed; fails on any that is not a whole JSON object."""
    docs = {}
    for path in sorted((data_dir / "servers").glob("*.json")):
        doc = json.loads(path.read_text())
        assert isinstance(doc, dict) and doc.get("class") == "OMAGServerConfig", path
        docs[path.stem] = doc
    for name in ("credentials.json", "platform.json"):
        if (data_dir / name).exists():
            json.loads((data_dir / name).read_text())
    return docs


@dataclass
class Stored:
    elements: dict[tuple[str, str], dict[str, Any]]  # (type, qualified name) -> properties
    registrations: set[tuple[str, str, str]]  # (group, connector, connector name)


def read_store(data_dir: Path) -> Stored:
    """Open the SQLite store as the next platform would, check it, and read what it holds."""
    db = sqlite3.connect(data_dir / "metadata.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        elements = {
            (t, q): json.loads(p)
            for t, q, p in db.execute(
                "SELECT type_name, qualified_name, properties FROM elements WHERE server=?", (MD,)
            )
        }
        registrations = {
            (g, c, json.loads(p).get("connectorName"))
            for g, c, p in db.execute(
                "SELECT g.qualified_name, c.qualified_name, r.properties FROM relationships r "
                "JOIN elements g ON g.guid = r.end1_guid JOIN elements c ON c.guid = r.end2_guid "
                "WHERE r.type_name = 'RegisteredIntegrationConnector'"
            )
        }
    finally:
        db.close()
    return Stored(elements, registrations)


def temp_files(data_dir: Path) -> list[str]:
    return sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*.tmp"))


# -- the checks ------------------------------------------------------------------------------------


def missing_config(writer: ConfigWriter, docs: dict[str, dict[str, Any]]) -> list[str]:
    """Acknowledged groups absent from the document; also checks order and that nothing unattempted is there."""
    groups = docs.get(writer.server, {}).get("dynamicIntegrationGroupsConfig") or []
    names = [g["integrationGroupQualifiedName"] for g in groups]
    attempted = [v for _, v in writer.attempted]
    assert set(names) <= set(attempted), f"groups no client sent: {set(names) - set(attempted)}"
    assert names == sorted(names), "configure-one appends, so the document keeps the order of the calls"
    return [v for _, v in writer.acked if v not in set(names)]


def missing_definitions(writer: DefinitionWriter, stored: Stored) -> list[Any]:
    """Acknowledged groups, connectors and registrations absent from the store (nothing unattempted there)."""
    present = {("registration", r) for r in stored.registrations}
    present |= {(t, q) for t, q in stored.elements if t in ("IntegrationGroup", "IntegrationConnector")}
    own = (f"crash:group:{writer.index}:", f"crash:connector:{writer.index}:")
    mine = {(k, v) for k, v in present if (v[0] if k == "registration" else v).startswith(own)}
    assert mine <= set(writer.attempted), f"definitions no client sent: {mine - set(writer.attempted)}"
    return [item for item in writer.acked if item not in present]


def check_sync(writer: SyncWriter, stored: Stored) -> int:
    """The scope holds one whole round: the last acknowledged, or one sent after it. 1 if that round was lost."""
    scope = {q: p for (t, q), p in stored.elements.items() if q.startswith(writer.prefix)}
    if not writer.attempted:
        assert scope == {}
        return 0
    rounds = {int(p["versionIdentifier"]) for p in scope.values()}
    assert len(rounds) <= 1, f"a synchronize was half applied: rounds {sorted(rounds)} in one scope"
    last_acked = writer.acked[-1][1] if writer.acked else -1
    if not rounds:
        # Empty scope: only possible if no round was ever committed.
        return 1 if writer.acked else 0
    (found,) = rounds
    assert set(scope) == writer.declared(found), "the scope holds exactly what its round declared"
    # Rounds in flight at a kill may or may not have landed; one older than the last acknowledged is a loss.
    assert ("sync", found) in writer.attempted, f"round {found} was never sent"
    return 1 if found < last_acked else 0


def verify(
    data_dir: Path, config: list[ConfigWriter], definitions: list[DefinitionWriter], syncs: list[SyncWriter]
) -> int:
    """Everything acknowledged is on disk and whole; returns how many acknowledged writes are missing."""
    docs = read_documents(data_dir)
    stored = read_store(data_dir) if (data_dir / "metadata.db").exists() else Stored({}, set())
    lost: list[Any] = []
    for w in config:
        lost += missing_config(w, docs)
    for w in definitions:
        lost += missing_definitions(w, stored)
    lost_syncs = sum(check_sync(w, stored) for w in syncs)
    return len(lost) + lost_syncs


def test_kills_at_random_moments_lose_no_acknowledged_write(tmp_path: Path, tally: Tally) -> None:
    data_dir = tmp_path / "data"
    rng = random.Random(SEED)
    config = [ConfigWriter(i) for i in range(2)]
    definitions = [DefinitionWriter(i) for i in range(2)]
    syncs = [SyncWriter(i) for i in range(1)]
    writers: list[Writer] = [*config, *definitions, *syncs]
    errors: list[str] = []
    lost_total = 0

    for cycle in range(KILLS):
        with Serve(data_dir) as serve:
            if cycle > 0 and rng.random() < STARTUP_KILL_SHARE:
                time.sleep(rng.uniform(*KILL_AFTER_S))
                serve.kill()
            else:
                url = serve.wait_for_url()
                # The previous process's debris is cleared by the one that claims the directory next.
                assert temp_files(data_dir) == [], f"cycle {cycle}: temp files left after restart"
                assert json.loads((data_dir / "platform.json").read_text())["pid"] == serve.proc.pid
                user_id, password = DataDirectory(data_dir).admin_credentials()
                clients = [enb.Platform(url, user_id=user_id, password=password, timeout_s=10) for _ in writers]
                killed = threading.Event()
                threads = [
                    threading.Thread(target=w.run, args=(c, killed, errors), name=f"crash-writer-{i}")
                    for i, (w, c) in enumerate(zip(writers, clients, strict=True))
                ]
                for t in threads:
                    t.start()
                time.sleep(rng.uniform(*KILL_AFTER_S))
                killed.set()
                serve.kill()
                for t in threads:
                    t.join(timeout=60)
                    assert not t.is_alive(), "a writer did not notice the platform was gone"
                for c in clients:
                    c.close()
        tally.add(FAULTS, SUITE)
        assert not errors, errors
        lost = verify(data_dir, config, definitions, syncs)
        lost_total += lost
        tally.add(LOST, SUITE, lost)
        assert lost == 0, f"cycle {cycle}: {lost} acknowledged writes missing after the kill"
        tally.add(CRASHES, SUITE)

    # The writes were real: every kind landed many times over.
    acked = sum(len(w.acked) for w in writers)
    assert acked >= KILLS * 3, f"only {acked} writes acknowledged in {KILLS} cycles"
    assert all(w.acked for w in writers), [type(w).__name__ for w in writers if not w.acked]

    # A platform started on the directory afterwards serves all of it over HTTP.
    with enb.start_embedded(data_dir) as platform:
        assert not platform.attached
        assert temp_files(data_dir) == []
        for w in config:
            names = enb.get_integration_groups(platform, w.server).names() if w.acked else []
            assert set(v for _, v in w.acked) <= set(names)
        catalog = MetadataCatalog(platform, MD).blocking
        served = {(e.type_name, e.qualified_name) for e in catalog.find_elements()}
        for w in definitions:
            for kind, value in w.acked:
                if kind != "registration":
                    assert (kind, value) in served
        for w in syncs:
            scope = catalog.find_elements("DataFile", qualified_name_prefix=w.prefix)
            assert len(scope) == SYNC_SIZE
    assert lost_total == 0
