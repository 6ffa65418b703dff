"""egeria_nb's built-in integration connectors.

Name one in a connection's ``connectorProviderClassName`` (``connector_provider`` of
``create_connector_definition``); the daemon imports its module only when a connector uses it.

* ``egeria_nb.connectors.files.FolderCataloguer`` - the files (``DataFile``) and folders
  (``FileFolder``) under a directory, kept in step as files come, change and go
* ``egeria_nb.connectors.sqlite.SQLiteCataloguer`` - the tables, views and columns of a SQLite
  database, opened read-only, following schema changes
* ``egeria_nb.connectors.csv.CSVSchemaCataloguer`` - the CSV files in a folder and their columns,
  with types inferred by pandas from a sample of rows
* ``egeria_nb.connectors.training.TrainingConnector`` - fails, hangs, blocks the loop or fails
  in the background on purpose, as its configuration properties say; a cheap no-op without them

Each module's docstring lists what it catalogues and its configuration properties. This package
imports nothing at import time, so importing it stays cheap.
"""

__all__: list[str] = []
