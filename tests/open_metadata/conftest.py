"""Shared by the tests of Egeria's generic open metadata store API (egeria-wire.md §8) on the embedded platform.

Bodies are written here as Egeria's own clients send them (hand-written JSON is the
contract); ``api`` runs a test against both bases:

* A - the metadata access server: ``/servers/{md}/open-metadata/access-services/open-metadata-store/users/{user}``
* B - the view server: ``/servers/{view}/api/open-metadata/metadata-expert``

One platform serves a whole module; tests keep out of each other's way with unique
qualified names (``unique()``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

import egeria_nb as enb
from tests.conftest import Raw

MD = "active-metadata-store"
VIEW = "qs-view-server"
# The user base A acts as (the path's user; the token only lets the call in).
PATH_USER = "erinoverview"
BASE_A = f"/servers/{MD}/open-metadata/access-services/open-metadata-store/users/{PATH_USER}"
BASE_B = f"/servers/{VIEW}/api/open-metadata/metadata-expert"
CATALOG = f"/servers/{MD}/open-metadata/egeria-nb"


def unique(prefix: str = "test") -> str:
    return f"{prefix}::{uuid.uuid4().hex[:12]}"


# -- typed values, as Egeria's clients write them -------------------------------------------------


def string(value: str) -> dict[str, Any]:
    return {"class": "PrimitiveTypePropertyValue", "typeName": "string", "primitiveValue": value}


def primitive(type_name: str, value: Any) -> dict[str, Any]:
    return {"class": "PrimitiveTypePropertyValue", "typeName": type_name, "primitiveValue": value}


def enum(type_name: str, symbol: str) -> dict[str, Any]:
    return {"class": "EnumTypePropertyValue", "typeName": type_name, "symbolicName": symbol}


def string_map(values: dict[str, str], type_name: str = "map<string,string>") -> dict[str, Any]:
    return {
        "class": "MapTypePropertyValue",
        "typeName": type_name,
        "mapValues": {"propertyValueMap": {k: string(v) for k, v in values.items()}},
    }


def string_array(values: list[str]) -> dict[str, Any]:
    return {
        "class": "ArrayTypePropertyValue",
        "typeName": "array<string>",
        "arrayCount": len(values),
        "arrayValues": {"propertyValueMap": {str(i): string(v) for i, v in enumerate(values)}},
    }


def props(**values: Any) -> dict[str, Any]:
    """``ElementProperties``; plain str values become string values, dicts are taken as typed values."""
    return {
        "class": "ElementProperties",
        "propertyValueMap": {k: (v if isinstance(v, dict) else string(v)) for k, v in values.items()},
    }


def plain(properties: dict[str, Any] | None) -> dict[str, Any]:
    """An answer's ``ElementProperties`` as name -> primitiveValue / symbolicName (for short assertions)."""
    out: dict[str, Any] = {}
    for name, value in ((properties or {}).get("propertyValueMap") or {}).items():
        if value["class"] == "PrimitiveTypePropertyValue":
            out[name] = value["primitiveValue"]
        elif value["class"] == "EnumTypePropertyValue":
            out[name] = value["symbolicName"]
        elif value["class"] == "MapTypePropertyValue":
            out[name] = plain(value.get("mapValues"))
        else:
            items = plain(value.get("arrayValues"))
            out[name] = [items[k] for k in sorted(items, key=int)]
    return out


# -- the two bases -------------------------------------------------------------------------------


class Api:
    """One base of the generic API, called with plain ``requests`` and a bearer token."""

    def __init__(self, raw: Raw, base: str, name: str, user: str) -> None:
        self.raw = raw
        self.base = base
        self.name = name
        # Who the call acts as (versions.createdBy and updatedBy).
        self.user = user

    def __repr__(self) -> str:
        return f"Api({self.name})"

    def call(self, method: str, suffix: str, body: Any = None, **kw: Any) -> Any:
        response = self.raw(method, self.base + suffix, json=body, **kw)
        return response

    def ok(self, suffix: str, body: Any = None, method: str = "POST", **kw: Any) -> dict[str, Any]:
        """Call and return the answer, which must be a success (HTTP 200, relatedHTTPCode 200)."""
        response = self.call(method, suffix, body, **kw)
        assert response.status_code == 200, response.text
        answer = response.json()
        assert answer["relatedHTTPCode"] == 200, answer
        assert "exceptionErrorMessageId" not in answer
        return answer

    def fails(self, suffix: str, body: Any = None, method: str = "POST", **kw: Any) -> dict[str, Any]:
        """Call and return the FFDC failure body (HTTP 200 with relatedHTTPCode, or HTTP 400 for unreadable JSON)."""
        response = self.call(method, suffix, body, **kw)
        answer = response.json()
        assert answer["relatedHTTPCode"] != 200, answer
        assert answer["exceptionErrorMessage"].startswith(answer["exceptionErrorMessageId"]), answer
        assert answer["exceptionUserAction"] and answer["exceptionSystemAction"], answer
        return answer

    def create(self, type_name: str, qualified_name: str | None = None, **extra: Any) -> str:
        """Create an element; ``extra`` is merged into the NewOpenMetadataElementRequestBody."""
        body: dict[str, Any] = {"class": "NewOpenMetadataElementRequestBody", "typeName": type_name}
        values = extra.pop("values", {})
        if qualified_name is not None:
            values = {"qualifiedName": qualified_name, **values}
        if values:
            body["properties"] = props(**values)
        body.update(extra)
        return self.ok("/metadata-elements", body)["guid"]

    def relate(self, type_name: str, end1: str, end2: str, values: dict[str, Any] | None = None, **extra: Any) -> str:
        body: dict[str, Any] = {
            "class": "NewRelatedElementsRequestBody",
            "typeName": type_name,
            "metadataElement1GUID": end1,
            "metadataElement2GUID": end2,
            **extra,
        }
        if values:
            body["properties"] = props(**values)
        return self.ok("/related-elements", body)["guid"]

    def get(self, guid: str) -> dict[str, Any]:
        return self.ok(f"/metadata-elements/{guid}", {"class": "GetRequestBody"})["element"]

    def find(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        return (
            self.ok("/metadata-elements/by-search-conditions", {"class": "FindRequestBody", **body}).get("elements")
            or []
        )


def last_sequence(raw: Raw) -> int:
    """Where the store's change log ends: the same before and after a refused request means nothing was written."""
    answer = raw("GET", CATALOG + "/changes", params={"after": "-1"}).json()
    assert answer["relatedHTTPCode"] == 200, answer
    return answer["lastSequence"]


@pytest.fixture(scope="module")
def module_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[enb.EmbeddedPlatform]:
    data: Path = tmp_path_factory.mktemp("data")
    with enb.start_embedded(data) as p:
        yield p


@pytest.fixture(scope="module")
def module_raw(module_platform: enb.EmbeddedPlatform) -> Iterator[Raw]:
    r = Raw(module_platform)
    yield r
    r.close()


@pytest.fixture(params=["A", "B"])
def api(request: pytest.FixtureRequest, module_raw: Raw, module_platform: enb.EmbeddedPlatform) -> Api:
    """Each test runs against the metadata access server (A) and the view server (B)."""
    if request.param == "A":
        return Api(module_raw, BASE_A, "A", PATH_USER)
    return Api(module_raw, BASE_B, "B", module_platform.user_id or "")


@pytest.fixture
def api_a(module_raw: Raw) -> Api:
    return Api(module_raw, BASE_A, "A", PATH_USER)


@pytest.fixture
def api_b(module_raw: Raw, module_platform: enb.EmbeddedPlatform) -> Api:
    return Api(module_raw, BASE_B, "B", module_platform.user_id or "")


def quoted(text: str) -> str:
    return quote(text, safe="")
