"""The catalog client: what connectors use to write metadata, and ``find_elements`` for notebooks.

``MetadataCatalog`` talks to the egeria_nb catalog API of one metadata access
server (an extension the embedded platform serves; see
``egeria_nb.embedded.views.catalog``). Its methods are async, for connectors
on the daemon's loop; ``catalog.blocking`` offers the same methods, sync, for
blocking connectors in worker threads and for notebook cells.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from egeria_nb.admin._common import check_name
from egeria_nb.client import Platform, segment
from egeria_nb.errors import InvalidParameterError
from egeria_nb.wire import VoidResponse
from egeria_nb.wire.catalog import (
    ChangesResponse,
    ElementResponse,
    ElementsResponse,
    MetadataElement,
    MetadataRelationship,
    RelationshipResponse,
    RelationshipsResponse,
    SyncResponse,
)

# The embedded platform's answer for "no element of that type and name".
UNKNOWN_NAME_ID = "EGERIA-NB-404-004"

__all__ = ["CatalogElement", "CatalogRelationship", "MetadataCatalog", "elements_frame", "find_elements"]


@dataclass(frozen=True)
class CatalogElement:
    """An element to declare in ``MetadataCatalog.synchronize``."""

    type_name: str
    qualified_name: str
    properties: Mapping[str, Any] = field(default_factory=dict)

    def to_wire(self) -> dict[str, Any]:
        return {"typeName": self.type_name, "properties": {**self.properties, "qualifiedName": self.qualified_name}}


@dataclass(frozen=True)
class CatalogRelationship:
    """A relationship between two elements of the same ``synchronize`` call, by qualified name."""

    type_name: str
    end1_qualified_name: str
    end2_qualified_name: str
    properties: Mapping[str, Any] = field(default_factory=dict)

    def to_wire(self) -> dict[str, Any]:
        return {
            "typeName": self.type_name,
            "end1QualifiedName": self.end1_qualified_name,
            "end2QualifiedName": self.end2_qualified_name,
            "properties": dict(self.properties),
        }


class MetadataCatalog:
    """Create, find, update and delete metadata on one metadata access server."""

    def __init__(self, platform: Platform, metadata_server: str) -> None:
        self.platform = platform
        self.metadata_server = check_name(metadata_server, "metadata_server")
        self._base = platform.paths.egeria_nb(self.metadata_server)

    def __repr__(self) -> str:
        return f"MetadataCatalog({self.platform.url!r}, {self.metadata_server!r})"

    @functools.cached_property
    def blocking(self) -> _Blocking:
        """The same methods, sync: for blocking connectors' worker threads and notebook cells."""
        return _Blocking(self)

    # -- elements ---------------------------------------------------------------------

    async def create_element(
        self, type_name: str, qualified_name: str | None = None, properties: Mapping[str, Any] | None = None
    ) -> MetadataElement:
        props = dict(properties or {})
        if qualified_name is not None:
            props["qualifiedName"] = qualified_name
        body = {"typeName": check_name(type_name, "type_name"), "properties": props}
        answer = await self.platform.acall(
            "POST", self._base + "/catalog/elements", json=body, response=ElementResponse
        )
        assert answer.element is not None
        return answer.element

    async def get_element(self, guid: str) -> MetadataElement:
        path = self._base + "/catalog/elements/" + segment(check_name(guid, "guid"))
        answer = await self.platform.acall("GET", path, response=ElementResponse)
        assert answer.element is not None
        return answer.element

    async def find_element(self, type_name: str, qualified_name: str) -> MetadataElement | None:
        """The element of this type and qualified name, or None."""
        path = self._base + "/catalog/elements/by-name/" + segment(type_name) + "/" + segment(qualified_name)
        try:
            answer = await self.platform.acall("GET", path, response=ElementResponse)
        except InvalidParameterError as error:
            if error.message_id == UNKNOWN_NAME_ID:
                return None
            raise
        return answer.element

    async def find_elements(
        self,
        type_name: str | None = None,
        *,
        qualified_name_prefix: str | None = None,
        page_size: int = 1000,
        **filters: Any,
    ) -> list[MetadataElement]:
        """All elements of a type (any type if None) whose properties equal ``filters``."""
        params: dict[str, str] = {}
        if type_name:
            params["typeName"] = type_name
        if qualified_name_prefix:
            params["qualifiedNamePrefix"] = qualified_name_prefix
        for key, value in filters.items():
            params["property." + key] = _query_value(value)
        found: list[MetadataElement] = []
        while True:
            page_params = {**params, "startingFrom": str(len(found)), "maximumResults": str(page_size)}
            page = await self.platform.acall(
                "GET", self._base + "/catalog/elements", params=page_params, response=ElementsResponse
            )
            found.extend(page.elements or [])
            if len(page.elements or []) < page_size:
                return found

    async def update_element(self, guid: str, properties: Mapping[str, Any], *, merge: bool = True) -> MetadataElement:
        path = self._base + "/catalog/elements/" + segment(check_name(guid, "guid")) + "/update"
        answer = await self.platform.acall(
            "POST",
            path,
            json={"properties": dict(properties)},
            params={"isMergeUpdate": str(merge).lower()},
            response=ElementResponse,
        )
        assert answer.element is not None
        return answer.element

    async def delete_element(self, guid: str) -> None:
        """Delete the element and its relationships."""
        path = self._base + "/catalog/elements/" + segment(check_name(guid, "guid")) + "/delete"
        await self.platform.acall("POST", path, response=VoidResponse)

    # -- relationships ----------------------------------------------------------------

    async def create_relationship(
        self, type_name: str, end1_guid: str, end2_guid: str, properties: Mapping[str, Any] | None = None
    ) -> MetadataRelationship:
        body = {
            "typeName": type_name,
            "end1GUID": end1_guid,
            "end2GUID": end2_guid,
            "properties": dict(properties or {}),
        }
        answer = await self.platform.acall(
            "POST", self._base + "/catalog/relationships", json=body, response=RelationshipResponse
        )
        assert answer.relationship is not None
        return answer.relationship

    async def relationships(
        self,
        type_name: str | None = None,
        *,
        end1_guid: str | None = None,
        end2_guid: str | None = None,
        page_size: int = 1000,
    ) -> list[MetadataRelationship]:
        params = {k: v for k, v in (("typeName", type_name), ("end1GUID", end1_guid), ("end2GUID", end2_guid)) if v}
        found: list[MetadataRelationship] = []
        while True:
            page_params = {**params, "startingFrom": str(len(found)), "maximumResults": str(page_size)}
            page = await self.platform.acall(
                "GET", self._base + "/catalog/relationships", params=page_params, response=RelationshipsResponse
            )
            found.extend(page.relationships or [])
            if len(page.relationships or []) < page_size:
                return found

    async def update_relationship(
        self, guid: str, properties: Mapping[str, Any], *, merge: bool = True
    ) -> MetadataRelationship:
        path = self._base + "/catalog/relationships/" + segment(guid) + "/update"
        answer = await self.platform.acall(
            "POST",
            path,
            json={"properties": dict(properties)},
            params={"isMergeUpdate": str(merge).lower()},
            response=RelationshipResponse,
        )
        assert answer.relationship is not None
        return answer.relationship

    async def delete_relationship(self, guid: str) -> None:
        await self.platform.acall("POST", self._base + "/catalog/relationships/" + segment(guid) + "/delete")

    # -- declarative ------------------------------------------------------------------

    async def synchronize(
        self,
        *,
        type_names: Iterable[str],
        qualified_name_prefix: str,
        elements: Iterable[CatalogElement],
        relationships: Iterable[CatalogRelationship] = (),
    ) -> SyncResponse:
        """Make the metadata in a scope exactly what you declare, in one call and one transaction.

        The scope is every element of ``type_names`` whose qualified name starts
        with ``qualified_name_prefix``: declared elements are added or updated
        (unchanged ones are left alone), the rest of the scope is deleted, and
        relationships among the declared elements are made to match.
        """
        body = {
            "scope": {"typeNames": list(type_names), "qualifiedNamePrefix": qualified_name_prefix},
            "elements": [e.to_wire() for e in elements],
            "relationships": [r.to_wire() for r in relationships],
        }
        return await self.platform.acall("POST", self._base + "/catalog/sync", json=body, response=SyncResponse)

    # -- change feed ------------------------------------------------------------------

    async def changes(
        self,
        after: int,
        *,
        wait_s: float = 0.0,
        limit: int = 1000,
        type_names: Iterable[str] = (),
        timeout: float | None = None,
    ) -> ChangesResponse:
        """Changes with a sequence number above ``after``; waits up to ``wait_s`` if there are none yet.

        ``after=-1`` just reports the current ``last_sequence``. ``type_names`` keeps only changes of those types.
        """
        params = [("after", str(after)), ("waitSeconds", f"{wait_s:g}"), ("maximumResults", str(limit))]
        params += [("typeName", t) for t in type_names]
        seconds = timeout if timeout is not None else max(self.platform.timeout, wait_s + 10)
        return await self.platform.acall(
            "GET", self._base + "/changes", params=params, response=ChangesResponse, timeout=seconds
        )


class _Blocking:
    """Sync versions of ``MetadataCatalog``'s methods (``catalog.blocking.find_elements(...)``)."""

    def __init__(self, catalog: MetadataCatalog) -> None:
        self._catalog = catalog

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self._catalog, name)
        if not callable(method) or name.startswith("_"):
            raise AttributeError(name)

        @functools.wraps(method)
        def call(*args: Any, **kwargs: Any) -> Any:
            result: Awaitable[Any] = method(*args, **kwargs)
            return self._catalog.platform.run(result)  # type: ignore[arg-type]

        return call


def _query_value(value: Any) -> str:
    # The platform compares a property's JSON text form: true/false, numbers as written.
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def elements_frame(elements: Iterable[MetadataElement]) -> pd.DataFrame:
    """One row per element: GUID, type, qualified name, then each property as a column."""
    rows = []
    for el in elements:
        props = {k: v for k, v in el.properties.items() if k != "qualifiedName"}
        rows.append({"guid": el.guid, "type_name": el.type_name, "qualified_name": el.qualified_name, **props})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=["guid", "type_name", "qualified_name"])
    return frame


def find_elements(
    platform: Platform, metadata_server: str, type_name: str | None = None, **filters: Any
) -> pd.DataFrame:
    """The elements of a type on a metadata server as a table (filters: property=value)."""
    catalog = MetadataCatalog(platform, metadata_server)
    return elements_frame(platform.run(catalog.find_elements(type_name, **filters)))
