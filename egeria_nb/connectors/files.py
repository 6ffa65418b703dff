"""``FolderCataloguer``: catalogues the files and folders under a directory, and keeps the catalog in step.

Endpoint address: the directory (a path, ``~/...`` or a ``file://`` URL).

What it writes, with Egeria's type and relationship names (model 0220, Files and Folders):

* a ``FileFolder`` for the directory and, when ``recursive``, for every folder below it
  (``displayName``, ``pathName``);
* a ``DataFile`` for every file: ``displayName`` and ``fileName`` (its name), ``pathName``,
  ``fileType`` (a MIME type), ``fileExtension``, ``storeUpdateTime`` (its modification time), and
  in ``additionalProperties`` its ``size`` in bytes and, when ``hash`` is on, its ``sha256``
  (Egeria's file types have no attributes for either);
* ``NestedFile`` from each folder to each file in it, and ``FolderHierarchy`` from each folder to
  each folder in it. (Egeria calls the folder-to-folder relationship ``FolderHierarchy``
  (parentFolder → nestedFolder); there is no ``NestedFolder`` type in Egeria.)

Every value is checked against Egeria's types, and written through Egeria's generic open
metadata store API, so the same connector catalogues into a real Egeria.

Qualified names are ``file://`` URLs of the absolute paths, with a trailing ``/`` for folders:
``file:///data/drop/`` and ``file:///data/drop/sales/2024.csv``. Each refresh lists the whole
directory in a worker thread (so the daemon's loop never waits on the disk), then makes one
``catalog.synchronize`` call scoped to the elements whose names start with the directory's URL:
new files are added, changed ones updated, vanished ones removed, and an unchanged directory
changes nothing. Two cataloguers whose directories nest inside each other would fight over the
inner one's elements; give each connector its own directory.

A directory that does not exist or cannot be read fails the connector, naming the path (the
catalog keeps what it last recorded). A file that disappears while the directory is being
scanned is left out of this refresh, not a failure; a subfolder that cannot be read is left out
and counted (``folders_unreadable``). Symbolic links to files are catalogued as the files they
point to; symbolic links to folders are not followed.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar

from egeria_nb.connectors._common import (
    ScanningCataloguer,
    config_bool,
    config_globs,
    file_properties,
    local_path,
    matches,
    readable_folder,
    warn_unknown,
)
from egeria_nb.metadata.catalog import CatalogElement, CatalogRelationship

__all__ = [
    "FolderCataloguer",
    "FolderListing",
    "FolderOptions",
    "FolderScan",
    "describe_folder",
    "list_folder",
    "scan_folder",
]

# Egeria's type names (open metadata types, model 0220).
FOLDER_TYPE = "FileFolder"
FILE_TYPE = "DataFile"
NESTED_FILE = "NestedFile"  # FileFolder (homeFolder) → DataFile (nestedFiles)
FOLDER_HIERARCHY = "FolderHierarchy"  # FileFolder (parentFolder) → FileFolder (nestedFolder)
SCOPE_TYPES = (FOLDER_TYPE, FILE_TYPE)
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class FolderOptions:
    """The cataloguer's configuration properties, checked."""

    recursive: bool = True
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    hash: bool = False

    @classmethod
    def from_properties(cls, properties: Mapping[str, Any]) -> FolderOptions:
        return cls(
            recursive=config_bool(properties, "recursive", True),
            include=tuple(config_globs(properties, "include")),
            exclude=tuple(config_globs(properties, "exclude")),
            hash=config_bool(properties, "hash", False),
        )


@dataclass
class FolderListing:
    """What one pass over the directory found, before any file is looked at.

    Paths are relative POSIX paths; ``""`` is the directory itself.
    """

    root: Path
    folders: list[tuple[str, str | None]] = field(default_factory=list)  # (folder, its parent folder)
    files: list[tuple[str, str]] = field(default_factory=list)  # (file, its folder)
    unreadable: list[str] = field(default_factory=list)  # why subfolders were left out


@dataclass
class FolderScan:
    """The catalog content for one refresh, ready for ``synchronize``."""

    prefix: str
    elements: list[CatalogElement]
    relationships: list[CatalogRelationship]
    files_seen: int
    folders_seen: int
    files_vanished: int
    folders_unreadable: int
    first_problem: str | None = None


def folder_name(path: Path) -> str:
    """A folder's qualified name: its ``file://`` URL ending in ``/``."""
    uri = path.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _join(relative: str, name: str) -> str:
    return f"{relative}/{name}" if relative else name


def list_folder(root: Path, options: FolderOptions) -> FolderListing:
    """List the folders and the (included, not excluded) files under ``root``; no file is opened or stat-ed.

    ``exclude`` also prunes folders (``exclude: ".git"`` skips everything in .git); ``include``
    applies to files only.
    """
    readable_folder(root)
    listing = FolderListing(root, folders=[("", None)])
    pending = [""]
    while pending:
        relative = pending.pop()
        try:
            with os.scandir(root / relative if relative else root) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except FileNotFoundError:
            if not relative:
                raise
            listing.unreadable.append(f"{root / relative}: vanished during the scan")
            continue
        except OSError as exc:
            if not relative:
                raise
            listing.unreadable.append(f"{root / relative}: {exc.strerror or exc}")
            continue
        subfolders = []
        for entry in entries:
            child = _join(relative, entry.name)
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
                is_file = not is_folder and entry.is_file()
            except OSError:
                continue  # vanished or unreadable entry: not there for this refresh
            if options.exclude and matches(child, options.exclude):
                continue
            if is_folder:
                if options.recursive:
                    listing.folders.append((child, relative))
                    subfolders.append(child)
            elif is_file and (not options.include or matches(child, options.include)):
                listing.files.append((child, relative))
        pending.extend(reversed(subfolders))
    return listing


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def describe_folder(
    listing: FolderListing, options: FolderOptions, hashes: dict[str, tuple[int, int, str]] | None = None
) -> FolderScan:
    """Stat every listed file and build the elements and relationships to declare.

    A file that is gone by the time it is stat-ed (or hashed) is left out. ``hashes`` caches
    (size, mtime_ns, sha256) per path between refreshes, so unchanged files are not read again.
    """
    root = listing.root
    prefix = folder_name(root)
    names: dict[str, str] = {}
    elements: list[CatalogElement] = []
    relationships: list[CatalogRelationship] = []
    problems = list(listing.unreadable)
    for relative, parent in listing.folders:
        path = root / relative if relative else root
        name = folder_name(path)
        names[relative] = name
        elements.append(
            CatalogElement(FOLDER_TYPE, name, {"displayName": path.name or str(path), "pathName": str(path)})
        )
        if parent is not None:
            relationships.append(CatalogRelationship(FOLDER_HIERARCHY, names[parent], name))
    vanished = 0
    seen_hashes: dict[str, tuple[int, int, str]] = {}
    for relative, parent in listing.files:
        path = root / relative
        try:
            facts = path.stat()
        except FileNotFoundError:
            vanished += 1
            continue
        except OSError as exc:
            problems.append(f"{path}: {exc.strerror or exc}")
            continue
        properties = file_properties(path, facts)
        if options.hash:
            key = str(path)
            cached = (hashes or {}).get(key)
            if cached is not None and cached[:2] == (facts.st_size, facts.st_mtime_ns):
                digest = cached[2]
            else:
                try:
                    digest = _sha256(path)
                except FileNotFoundError:
                    vanished += 1
                    continue
                except OSError as exc:
                    problems.append(f"{path}: cannot read it to hash it: {exc.strerror or exc}")
                    digest = None
            if digest is not None:
                properties["additionalProperties"]["sha256"] = digest
                seen_hashes[key] = (facts.st_size, facts.st_mtime_ns, digest)
        name = path.as_uri()
        elements.append(CatalogElement(FILE_TYPE, name, properties))
        relationships.append(CatalogRelationship(NESTED_FILE, names[parent], name))
    if hashes is not None:
        hashes.clear()  # forget files that are gone
        hashes.update(seen_hashes)
    return FolderScan(
        prefix=prefix,
        elements=elements,
        relationships=relationships,
        files_seen=len(elements) - len(listing.folders),
        folders_seen=len(listing.folders),
        files_vanished=vanished,
        folders_unreadable=len(listing.unreadable),
        first_problem=problems[0] if problems else None,
    )


def scan_folder(
    root: Path, options: FolderOptions, hashes: dict[str, tuple[int, int, str]] | None = None
) -> FolderScan:
    """List and describe the directory (blocking: run it in a worker thread)."""
    return describe_folder(list_folder(root, options), options, hashes)


class FolderCataloguer(ScanningCataloguer):
    """Catalogues a directory's files (``DataFile``) and folders (``FileFolder``), and follows its changes.

    ===================  ========  =============================================================
    property             default   meaning
    ===================  ========  =============================================================
    ``recursive``        true      also catalogue the folders below the directory, and their files
    ``include``          (all)     glob patterns of files to catalogue (list, or comma-separated)
    ``exclude``          (none)    glob patterns of files and folders to leave out
    ``hash``             false     add a ``sha256`` of each file's content to its additional
                                   properties (re-read only when its size or modification time
                                   changes)
    ===================  ========  =============================================================

    Statistics: ``files_seen``, ``folders_seen``, ``added``, ``updated``, ``unchanged``,
    ``removed`` (elements), ``files_vanished``, ``folders_unreadable``, ``last_scan_seconds``.
    """

    SCOPE_TYPES: ClassVar[list[str]] = list(SCOPE_TYPES)
    RELATIONSHIP_TYPES: ClassVar[list[str]] = [NESTED_FILE, FOLDER_HIERARCHY]

    _root: Path
    _options: FolderOptions
    _hashes: dict[str, tuple[int, int, str]]

    async def start(self) -> None:
        self._root = local_path(self.context.endpoint_address, "directory", "/data/landing")
        properties = self.context.configuration_properties
        self._options = FolderOptions.from_properties(properties)
        warn_unknown(self.context, properties, [f.name for f in fields(FolderOptions)])
        self._hashes = {}
        await asyncio.to_thread(readable_folder, self._root)

    def scan(self) -> FolderScan:
        return scan_folder(self._root, self._options, self._hashes)

    def scope(self) -> str:
        return f"The folder {self._root}"

    def scan_statistics(self, scan: FolderScan) -> dict[str, Any]:
        return {
            "files_seen": scan.files_seen,
            "folders_seen": scan.folders_seen,
            "files_vanished": scan.files_vanished,
            "folders_unreadable": scan.folders_unreadable,
            "first_problem": scan.first_problem,
        }
