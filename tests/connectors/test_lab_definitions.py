"""The labs' definitions run as shipped: every built-in connector they name catalogues the shipped samples."""

from __future__ import annotations

import egeria_nb as enb
from egeria_nb.connectors.csv import CSVSchemaCataloguer
from egeria_nb.connectors.files import FolderCataloguer
from egeria_nb.connectors.sqlite import SQLiteCataloguer
from egeria_nb.metadata.seed import default_samples_dir, load_definitions
from tests.connectors.conftest import Deployment, assert_fits_egeria_types

SAMPLE_CSV_FILES = {"hospitals.csv", "patients.csv", "measurements.csv"}


def test_the_lab_connectors_catalogue_the_samples(platform: enb.EmbeddedPlatform) -> None:
    definitions = load_definitions()
    enb.seed_definitions(platform)
    deployment = Deployment(platform, tuple(g["qualifiedName"] for g in definitions["groups"]))
    try:
        deployment.start(seconds_per_minute=60.0)  # the labs refresh every minute: only the first refresh here
        for name in [c["connectorName"] for g in definitions["groups"] for c in g["connectors"]]:
            deployment.refreshed(name)
        samples = default_samples_dir()
        # Both cataloguers watch the files folder: a DataFile from one, a CSVFile from the other, per CSV file.
        assert set(deployment.elements("DataFile", subtypes=False)["fileName"]) >= SAMPLE_CSV_FILES
        assert set(deployment.elements("CSVFile")["fileName"]) == SAMPLE_CSV_FILES
        assert len(deployment.elements("TabularSchemaType")) == 3
        assert list(deployment.elements("RelationalDatabase")["pathName"]) == [str(samples / "coco.db")]
        assert list(deployment.elements("DeployedDatabaseSchema")["resourceName"]) == [str(samples / "coco.db")]
        assert len(deployment.elements("RelationalTable")) == 4
        for prefix, connector in (
            ((samples / "files").as_uri() + "/", FolderCataloguer),
            (f"CSV::{(samples / 'files').as_posix()}/", CSVSchemaCataloguer),
            (f"SQLite::{(samples / 'coco.db').as_posix()}::", SQLiteCataloguer),
        ):
            assert_fits_egeria_types(deployment.snapshot(prefix), connector.SCOPE_TYPES, connector.RELATIONSHIP_TYPES)
    finally:
        if deployment.daemon is not None:
            deployment.daemon.stop()
