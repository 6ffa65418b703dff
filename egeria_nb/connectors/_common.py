"""What the built-in connectors share: reading configuration properties, globs, paths and file facts.

Configuration properties arrive as JSON values from a connection, or as text
typed into a form, so every reader accepts both (``true`` and ``"true"``,
``["*.csv"]`` and ``"*.csv, *.tsv"``) and refuses anything else with a message
that names the property and shows a value that would work.
"""

from __future__ import annotations

import asyncio
import fnmatch
import mimetypes
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol
from urllib.parse import unquote, urlsplit

from egeria_nb.catalogue import Code
from egeria_nb.daemon.connector import IntegrationConnector
from egeria_nb.errors import InvalidParameterError

if TYPE_CHECKING:
    from egeria_nb.metadata.catalog import CatalogElement, CatalogRelationship, MetadataCatalog, SyncResult

__all__ = [
    "ConnectorConfigurationError",
    "Scan",
    "ScanningCataloguer",
    "config_bool",
    "config_globs",
    "config_int",
    "config_number",
    "config_text",
    "file_properties",
    "file_type",
    "local_path",
    "matches",
    "readable_folder",
    "synchronize_scope",
    "warn_unknown",
]

# The embedded platform's answer to a request body over its size limit.
BODY_TOO_LARGE = Code.BODY_TOO_LARGE.message_id
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0", ""}
# Built-in suffix → MIME type table only, so a file's fileType is the same on every machine
# (mimetypes.guess_type would also read /etc/mime.types).
_MIME = mimetypes.MimeTypes()


class ConnectorConfigurationError(ValueError):
    """A connector's endpoint or configuration properties cannot work; the message says what to change."""


def config_bool(properties: Mapping[str, Any], name: str, default: bool) -> bool:
    value = properties.get(name, default)
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ConnectorConfigurationError(
        f"configuration property {name}={value!r} must be true or false (e.g. {name}: {str(default).lower()})"
    )


def config_number(properties: Mapping[str, Any], name: str, default: float = 0.0) -> float:
    """A number of 0 or more (seconds, usually); text such as ``"2.5"`` is accepted."""
    value = properties.get(name, default)
    try:
        number = float(value) if not isinstance(value, bool) and value is not None else None
    except (TypeError, ValueError):
        number = None
    if number is None or number != number or number < 0 or number == float("inf"):  # NaN, negative, inf
        raise ConnectorConfigurationError(
            f"configuration property {name}={value!r} must be a number, 0 or more (e.g. {name}: 2.5)"
        )
    return number


def config_int(properties: Mapping[str, Any], name: str, default: int = 0, *, minimum: int = 0) -> int:
    """A whole number of at least ``minimum``; text such as ``"3"`` is accepted."""
    value = properties.get(name, default)
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = int(value.strip())
    if number is None or number < minimum:
        raise ConnectorConfigurationError(
            f"configuration property {name}={value!r} must be a whole number, {minimum} or more "
            f"(e.g. {name}: {max(minimum, default)})"
        )
    return number


def config_text(properties: Mapping[str, Any], name: str, default: str) -> str:
    value = properties.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise ConnectorConfigurationError(f"configuration property {name}={value!r} must be text")
    return value


def config_globs(properties: Mapping[str, Any], name: str, default: Sequence[str] = ()) -> list[str]:
    """Glob patterns from a list, or from one comma-separated string."""
    value = properties.get(name)
    if value is None:
        return list(default)
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        items = [value]
    if not all(isinstance(item, str) for item in items):
        raise ConnectorConfigurationError(
            f'configuration property {name}={value!r} must be glob patterns: a list such as ["*.csv", "data/*"] '
            'or one comma-separated string such as "*.csv, data/*"'
        )
    return [item.strip() for item in items if item.strip()]


def warn_unknown(context: Any, properties: Mapping[str, Any], known: Sequence[str]) -> None:
    """Log (not fail) configuration properties the connector does not use: most likely a typo."""
    unknown = sorted(set(properties) - set(known))
    if unknown:
        context.logger.warning(
            "%s ignores the configuration properties %s; it understands %s",
            context.connector_name,
            ", ".join(unknown),
            ", ".join(known) or "none",
        )


def matches(relative: str, patterns: Sequence[str]) -> bool:
    """Does the relative POSIX path, or its last part, match one of the glob patterns?

    ``*.csv`` matches ``a.csv`` and ``sub/a.csv``; ``sub/*`` matches what is in ``sub``
    (``*`` also crosses ``/`` here, as in fnmatch). Matching is case-sensitive.
    """
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def local_path(endpoint: str | None, what: str, example: str) -> Path:
    """The endpoint address as an absolute local path (``file://`` URLs and ``~`` accepted)."""
    text = (endpoint or "").strip()
    if not text:
        raise ConnectorConfigurationError(
            f"the connection has no endpoint address; set it to the {what} to catalogue, e.g. {example} "
            "(daemon.update_endpoint_address(name, path), or endpoint_address= when creating the connector)"
        )
    if text.startswith("file:"):
        text = unquote(urlsplit(text).path)
    return Path(os.path.abspath(Path(text).expanduser()))


def readable_folder(path: Path) -> None:
    """Raise, naming the path and what to do, unless ``path`` is a folder this process can list."""
    if not path.exists():
        raise FileNotFoundError(
            f"The folder {path} does not exist. Create it, or point the connector's endpoint address at an "
            "existing folder; the catalog keeps what it last recorded for it until then."
        )
    if not path.is_dir():
        raise NotADirectoryError(
            f"{path} is not a folder. Point the connector's endpoint address at the folder that holds the files."
        )
    try:
        with os.scandir(path):
            pass
    except PermissionError:
        raise PermissionError(
            f"The folder {path} cannot be read by this process (permission denied). Grant read and execute "
            "permission on it to the user running the kernel, or choose another folder."
        ) from None
    except OSError as exc:
        raise OSError(f"The folder {path} cannot be read: {exc.strerror or exc}. Check that it is mounted.") from None


def file_properties(path: Path, facts: os.stat_result | None) -> dict[str, Any]:
    """A file's properties as Egeria's ``DataFile`` has them (model 0220); its size in ``additionalProperties``.

    ``storeUpdateTime`` is the modification time in epoch milliseconds (Egeria's dates); Egeria's
    file types have no size attribute, so the size travels as text among the additional properties.
    """
    kind, extension = file_type(path)
    properties: dict[str, Any] = {
        "displayName": path.name,
        "fileName": path.name,
        "pathName": str(path),
        "fileType": kind,
        "fileExtension": extension,
    }
    if facts is not None:
        properties["storeUpdateTime"] = facts.st_mtime_ns // 1_000_000
        properties["additionalProperties"] = {"size": str(facts.st_size)}
    return properties


def file_type(path: Path) -> tuple[str, str]:
    """(fileType, fileExtension): a MIME type from the built-in table, and the suffix without its dot."""
    extension = path.suffix[1:].lower() if path.suffix else ""
    guessed, _ = _MIME.guess_type(path.name, strict=False)
    return guessed or ("text/plain" if extension in ("txt", "log", "md") else "application/octet-stream"), extension


class Scan(Protocol):
    """What one scan of a source found: the scope's qualified-name prefix and what it should hold."""

    prefix: str
    elements: list[CatalogElement]
    relationships: list[CatalogRelationship]


class ScanningCataloguer(IntegrationConnector):
    """A cataloguer whose refresh is: scan the source in a worker thread, then one ``synchronize``.

    Subclasses give ``SCOPE_TYPES`` and ``RELATIONSHIP_TYPES`` (what the scope owns), ``scan()``
    (plain code, run off the event loop), ``scope()`` (how to name the source in messages) and
    ``scan_statistics()``; the refresh, its timing and the synchronize counts are shared.
    """

    SCOPE_TYPES: ClassVar[list[str]]
    # Every cataloguer scans what its endpoint address names.
    endpoint_required: ClassVar[bool] = True
    # Relationships between the scope's elements of other types (a person's, another tool's) are left alone.
    RELATIONSHIP_TYPES: ClassVar[list[str]]

    def scan(self) -> Scan:
        raise NotImplementedError

    def scope(self) -> str:
        raise NotImplementedError

    def scan_statistics(self, scan: Any) -> dict[str, Any]:
        return {}

    async def refresh(self) -> None:
        began = time.perf_counter()
        scan = await asyncio.to_thread(self.scan)
        # One synchronize per refresh: the scope ends up holding exactly what the scan found.
        result = await synchronize_scope(
            self.context.catalog,
            type_names=self.SCOPE_TYPES,
            relationship_types=self.RELATIONSHIP_TYPES,
            prefix=scan.prefix,
            elements=scan.elements,
            relationships=scan.relationships,
            what=self.scope(),
        )
        self.context.publish_statistics(
            self.scan_statistics(scan),
            added=result.added,
            updated=result.updated,
            unchanged=result.unchanged,
            removed=result.removed,
            last_scan_seconds=round(time.perf_counter() - began, 3),
        )


async def synchronize_scope(
    catalog: MetadataCatalog,
    *,
    type_names: Sequence[str],
    relationship_types: Sequence[str],
    prefix: str,
    elements: list[CatalogElement],
    relationships: list[CatalogRelationship],
    what: str,
) -> SyncResult:
    """One ``catalog.synchronize`` call for a connector's whole scope; a clear failure if it is too big to send."""
    try:
        return await catalog.synchronize(
            type_names=type_names,
            qualified_name_prefix=prefix,
            elements=elements,
            relationships=relationships,
            relationship_type_names=relationship_types,
        )
    except InvalidParameterError as error:
        if error.message_id != BODY_TOO_LARGE:
            raise
        raise ConnectorConfigurationError(
            f"{what} is too big to catalogue in one request ({len(elements)} elements, {len(relationships)} "
            f"relationships): the metadata server refused it ({error.message_id}). Catalogue less per connector: "
            "narrow include/exclude, set recursive to false, or give sibling folders a connector each."
        ) from error
