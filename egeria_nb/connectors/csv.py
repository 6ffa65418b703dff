"""``CSVSchemaCataloguer``: catalogues the CSV files in a folder and the columns in each of them.

Why this connector: data people most often receive data as CSV files dropped in a folder, and
what they need to know about such a drop is its columns - names, order, what kind of values
they hold, whether values are missing - without opening every file. This cataloguer records
that for every CSV file and keeps it current as files arrive, change and go.

Endpoint address: the folder (a path, ``~/...`` or a ``file://`` URL).

What it writes, with Egeria's type and relationship names (models 0220, 0503, 0505, 0530),
each value checked against Egeria's types and written through Egeria's generic open metadata
store API:

* ``CSVFile`` for each file: ``displayName`` and ``fileName``, ``pathName``, ``fileType``,
  ``fileExtension``, ``storeUpdateTime`` (its modification time), ``delimiterCharacter``; in
  ``additionalProperties`` its ``size``, ``encoding``, ``columnCount``, ``sampledRows``, and
  ``readError`` when the file could not be read as CSV;
* ``TabularSchemaType``, its root schema type, linked to it by ``Schema``;
* ``TabularColumn`` for each column, linked from the schema type by ``AttributeForSchema``
  (whose ``position`` is the column's, from 0): ``displayName`` (the header), ``isNullable`` (a
  value is missing in the sample), a ``TypeEmbeddedAttribute`` classification with ``dataType``
  (``integer``, ``float``, ``boolean``, ``date``, ``datetime``, ``string``, or ``unknown`` when the
  sample holds no value), and in ``additionalProperties`` ``pandasType`` and ``nullCount``.

The schema type and the columns are anchored to their file, as Egeria anchors an asset's schema:
deleting the file's element deletes them too.

Types are inferred by pandas from the first ``sample_rows`` rows only (nullable dtypes, so an
integer column with gaps is still ``integer``), and a file is read again only when its size or
modification time changes (a file that could not be read is tried again at every refresh).
Qualified names start with ``CSV::<absolute folder path>/``:
``CSV::/data/drop/sales.csv``, ``...sales.csv::schema``, ``...sales.csv::column::amount``. They
differ from the folder cataloguer's ``file://`` names on purpose, so both can watch the same
folder (the labs do) without removing each other's elements. Each refresh makes one
``catalog.synchronize`` call scoped to that prefix.

A folder that does not exist or cannot be read fails the connector, naming the path. A CSV file
that cannot be read (bad encoding, ragged rows, no permission) does not: it is catalogued with
its ``readError`` and no columns, and counted in the statistics (``files_failed``,
``first_error``). A file that vanishes during the scan is left out.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from egeria_nb.connectors._common import (
    ConnectorConfigurationError,
    ScanningCataloguer,
    config_bool,
    config_globs,
    config_int,
    config_text,
    file_properties,
    local_path,
    readable_folder,
    warn_unknown,
)
from egeria_nb.connectors.files import FolderOptions, list_folder
from egeria_nb.metadata.catalog import CatalogElement, CatalogRelationship

__all__ = ["CSVOptions", "CSVScan", "CSVSchemaCataloguer", "ColumnProfile", "profile_csv", "scan_csv_folder"]

FILE_TYPE = "CSVFile"
SCHEMA_TYPE = "TabularSchemaType"
COLUMN_TYPE = "TabularColumn"
SCOPE_TYPES = (FILE_TYPE, SCHEMA_TYPE, COLUMN_TYPE)
SCHEMA = "Schema"  # Asset → its root SchemaType
ATTRIBUTE_FOR_SCHEMA = "AttributeForSchema"  # ComplexSchemaType → SchemaAttribute (here: the columns)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


@dataclass(frozen=True)
class CSVOptions:
    """The cataloguer's configuration properties, checked."""

    recursive: bool = True
    include: tuple[str, ...] = ("*.csv",)
    exclude: tuple[str, ...] = ()
    sample_rows: int = 1000
    delimiter: str = ","
    encoding: str = "utf-8"

    @classmethod
    def from_properties(cls, properties: Mapping[str, Any]) -> CSVOptions:
        delimiter = config_text(properties, "delimiter", ",")
        if delimiter == "\\t":
            delimiter = "\t"
        if len(delimiter) != 1:
            raise ConnectorConfigurationError(
                f'configuration property delimiter={delimiter!r} must be one character, e.g. "," or ";" or "\\t"'
            )
        encoding = config_text(properties, "encoding", "utf-8")
        try:
            "".encode(encoding)
        except LookupError:
            raise ConnectorConfigurationError(
                f'configuration property encoding={encoding!r} is not an encoding Python knows, e.g. "utf-8", '
                '"latin-1", "utf-16"'
            ) from None
        return cls(
            recursive=config_bool(properties, "recursive", True),
            include=tuple(config_globs(properties, "include", ("*.csv",))),
            exclude=tuple(config_globs(properties, "exclude")),
            sample_rows=config_int(properties, "sample_rows", 1000, minimum=1),
            delimiter=delimiter,
            encoding=encoding,
        )


@dataclass(frozen=True)
class ColumnProfile:
    name: str
    position: int
    data_type: str
    pandas_type: str
    null_count: int


@dataclass
class CSVScan:
    """The catalog content for one refresh, ready for ``synchronize``."""

    prefix: str
    elements: list[CatalogElement] = field(default_factory=list)
    relationships: list[CatalogRelationship] = field(default_factory=list)
    files_seen: int = 0
    files_read: int = 0
    files_failed: int = 0
    files_vanished: int = 0
    columns: int = 0
    first_error: str | None = None


def _data_type(series: pd.Series) -> str:
    values = series.dropna()
    if values.empty:
        return "unknown"
    if pd.api.types.is_bool_dtype(series.dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(series.dtype):
        return "integer"
    if pd.api.types.is_float_dtype(series.dtype):
        return "float"
    text = values.astype(str)
    if text.map(lambda v: _DATE.fullmatch(v) is not None).all():
        return "date"
    if text.map(lambda v: _DATETIME.fullmatch(v) is not None).all():
        return "datetime"
    return "string"


def profile_csv(path: Path, options: CSVOptions) -> tuple[list[ColumnProfile], int]:
    """The columns of a CSV file from its first ``sample_rows`` rows, and how many rows were read.

    Raises what pandas raises for a file it cannot read; an empty file has no columns.
    """
    try:
        frame = pd.read_csv(
            path,
            nrows=options.sample_rows,
            sep=options.delimiter,
            encoding=options.encoding,
            engine="c",
            low_memory=False,
            dtype_backend="numpy_nullable",
        )
    except pd.errors.EmptyDataError:
        return [], 0
    columns = [
        ColumnProfile(
            name=str(name),
            position=position,
            data_type=_data_type(frame[name]),
            pandas_type=str(frame[name].dtype),
            null_count=int(frame[name].isna().sum()),
        )
        for position, name in enumerate(frame.columns)
    ]
    return columns, len(frame)


def _describe_error(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# (size, mtime_ns) of a file when it was last read, and what reading it gave.
_Cached = tuple[int, int, list[ColumnProfile], int, str | None]


def scan_csv_folder(root: Path, options: CSVOptions, cache: dict[str, _Cached] | None = None) -> CSVScan:
    """List the folder's CSV files, profile the new and changed ones, and build what to declare (blocking)."""
    listing = list_folder(
        root, FolderOptions(recursive=options.recursive, include=options.include, exclude=options.exclude)
    )
    scan = CSVScan(prefix=f"CSV::{root.as_posix().rstrip('/')}/")
    kept: dict[str, _Cached] = {}
    for relative, _ in listing.files:
        path = root / relative
        stat_error: str | None = None
        try:
            facts = path.stat()
        except FileNotFoundError:
            scan.files_vanished += 1
            continue
        except OSError as exc:
            facts, stat_error = None, _describe_error(exc)
        key = str(path)
        cached = (cache or {}).get(key)
        if facts is not None and cached is not None and cached[:2] == (facts.st_size, facts.st_mtime_ns):
            columns, rows, error = cached[2], cached[3], cached[4]
        elif facts is None:
            columns, rows, error = [], 0, stat_error
        else:
            scan.files_read += 1
            try:
                columns, rows = profile_csv(path, options)
                error = None
            except FileNotFoundError:
                scan.files_vanished += 1
                continue
            except Exception as exc:  # whatever pandas raises for a file it cannot read
                columns, rows, error = [], 0, _describe_error(exc)
        if facts is not None and error is None:  # a file that failed is tried again next time
            kept[key] = (facts.st_size, facts.st_mtime_ns, columns, rows, error)
        scan.files_seen += 1
        properties = file_properties(path, facts)
        properties["delimiterCharacter"] = options.delimiter
        facts_text = properties.setdefault("additionalProperties", {})
        facts_text.update(encoding=options.encoding, columnCount=str(len(columns)), sampledRows=str(rows))
        if error is not None:
            facts_text["readError"] = error
            scan.files_failed += 1
            scan.first_error = scan.first_error or f"{path}: {error}"
        file_name = f"CSV::{path.as_posix()}"
        schema_name = file_name + "::schema"
        scan.elements.append(CatalogElement(FILE_TYPE, file_name, properties))
        scan.elements.append(
            CatalogElement(SCHEMA_TYPE, schema_name, {"displayName": f"Columns of {path.name}"}, anchor=file_name)
        )
        scan.relationships.append(CatalogRelationship(SCHEMA, file_name, schema_name))
        for column in columns:
            column_name = f"{file_name}::column::{column.name}"
            scan.elements.append(
                CatalogElement(
                    COLUMN_TYPE,
                    column_name,
                    {
                        "displayName": column.name,
                        "isNullable": column.null_count > 0,
                        "additionalProperties": {
                            "pandasType": column.pandas_type,
                            "nullCount": str(column.null_count),
                        },
                    },
                    classifications={
                        "TypeEmbeddedAttribute": {"schemaTypeName": "PrimitiveSchemaType", "dataType": column.data_type}
                    },
                    anchor=file_name,
                )
            )
            scan.relationships.append(
                CatalogRelationship(ATTRIBUTE_FOR_SCHEMA, schema_name, column_name, {"position": column.position})
            )
            scan.columns += 1
    if cache is not None:
        cache.clear()  # forget files that are gone
        cache.update(kept)
    return scan


class CSVSchemaCataloguer(ScanningCataloguer):
    """Catalogues the CSV files in a folder (``CSVFile``) and their columns (``TabularColumn``).

    ===================  ==========  ==========================================================
    property             default     meaning
    ===================  ==========  ==========================================================
    ``recursive``        true        also look in the folders below the folder
    ``include``          ``*.csv``   glob patterns of files to read (list, or comma-separated)
    ``exclude``          (none)      glob patterns of files and folders to leave out
    ``sample_rows``      1000        how many rows pandas reads to infer each column's type
    ``delimiter``        ``,``       the field separator (one character; ``\\t`` for tabs)
    ``encoding``         utf-8       the files' text encoding
    ===================  ==========  ==========================================================

    Statistics: ``files_seen``, ``files_read`` (new or changed since the last refresh),
    ``files_failed`` and ``first_error``, ``columns``, ``added``, ``updated``, ``unchanged``,
    ``removed`` (elements), ``files_vanished``, ``last_scan_seconds``.
    """

    SCOPE_TYPES: ClassVar[list[str]] = list(SCOPE_TYPES)
    RELATIONSHIP_TYPES: ClassVar[list[str]] = [SCHEMA, ATTRIBUTE_FOR_SCHEMA]

    _root: Path
    _options: CSVOptions
    _cache: dict[str, _Cached]

    async def start(self) -> None:
        self._root = local_path(self.context.endpoint_address, "folder", "/data/landing")
        properties = self.context.configuration_properties
        self._options = CSVOptions.from_properties(properties)
        warn_unknown(self.context, properties, [f.name for f in fields(CSVOptions)])
        self._cache = {}
        await asyncio.to_thread(readable_folder, self._root)

    def scan(self) -> CSVScan:
        return scan_csv_folder(self._root, self._options, self._cache)

    def scope(self) -> str:
        return f"The CSV files under {self._root}"

    def scan_statistics(self, scan: CSVScan) -> dict[str, Any]:
        return {
            "files_seen": scan.files_seen,
            "files_read": scan.files_read,
            "files_failed": scan.files_failed,
            "first_error": scan.first_error,
            "columns": scan.columns,
            "files_vanished": scan.files_vanished,
        }
