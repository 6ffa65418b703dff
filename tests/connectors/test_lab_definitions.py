"""The labs' definitions run as shipped: every built-in connector they name catalogues the shipped samples."""

from __future__ import annotations

import egeria_nb as enb
from egeria_nb.metadata.seed import default_samples_dir, load_definitions
from tests.connectors.conftest import Deployment


def test_the_lab_connectors_catalogue_the_samples(platform: enb.EmbeddedPlatform) -> None:
    definitions = load_definitions()
    enb.seed_definitions(platform)
    deployment = Deployment(platform, tuple(g["qualifiedName"] for g in definitions["groups"]))
    try:
        deployment.start(seconds_per_minute=60.0)  # the labs refresh every minute: only the first refresh here
        for name in [c["connectorName"] for g in definitions["groups"] for c in g["connectors"]]:
            deployment.refreshed(name)
        samples = default_samples_dir()
        assert {"hospitals.csv", "patients.csv", "measurements.csv"} <= set(deployment.elements("DataFile")["name"])
        assert set(deployment.elements("CSVFile")["name"]) == {"hospitals.csv", "patients.csv", "measurements.csv"}
        assert list(deployment.elements("DeployedDatabaseSchema")["pathName"]) == [str(samples / "coco.db")]
        assert len(deployment.elements("RelationalTable")) == 4
    finally:
        if deployment.daemon is not None:
            deployment.daemon.stop()
