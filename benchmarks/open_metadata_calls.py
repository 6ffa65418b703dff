"""Figure 12: Egeria's generic open metadata store API (create, get, find) against its floors.

Each call is made as Egeria's own clients make it: a raw ``requests`` POST of Egeria's
JSON to the metadata access server (base A), so the figure is what the platform adds.
The floors are measured in the same run: a raw POST to the platform's cheapest route
(``/api/token``), plus, for create (a durable write), one atomic fsync'd small write.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import requests

import egeria_nb as enb
from benchmarks.admin_calls import _atomic_small_write
from benchmarks.harness import Figure, Report, median_times

NUMBER = 12
BASE = "/servers/active-metadata-store/open-metadata/access-services/open-metadata-store/users/bench"


def _string(value: str) -> dict[str, str]:
    return {"class": "PrimitiveTypePropertyValue", "typeName": "string", "primitiveValue": value}


def run(report: Report, platform: enb.EmbeddedPlatform, scratch: Path, repeat: int) -> None:
    login = {"userId": platform.user_id, "password": platform.password}
    session = requests.Session()
    token = session.post(platform.url + "/api/token", json=login, timeout=10).text
    session.headers["Authorization"] = "Bearer " + token
    base = platform.url + BASE
    prefix = f"bench::{uuid.uuid4().hex[:8]}::"

    def create() -> str:
        body = {
            "class": "NewOpenMetadataElementRequestBody",
            "typeName": "DataFile",
            "properties": {
                "class": "ElementProperties",
                "propertyValueMap": {
                    "qualifiedName": _string(prefix + uuid.uuid4().hex),
                    "pathName": _string("/data/bench.csv"),
                    "fileType": _string("text/csv"),
                },
            },
        }
        answer = session.post(base + "/metadata-elements", json=body, timeout=10).json()
        assert answer["relatedHTTPCode"] == 200, answer
        return answer["guid"]

    # Something to get and to find among: 1,000 files, one page of finds.
    guids = [create() for _ in range(1000)]
    find_body = {
        "class": "FindRequestBody",
        "metadataElementTypeName": "DataFile",
        "searchProperties": {
            "class": "SearchProperties",
            "conditions": [{"property": "qualifiedName", "operator": "EQ", "value": _string("")}],
            "matchCriteria": "ALL",
        },
    }

    def get() -> None:
        answer = session.post(base + "/metadata-elements/" + guids[500], json={"class": "GetRequestBody"}, timeout=10)
        assert answer.json()["element"]["elementGUID"] == guids[500]

    def find() -> None:
        # An exact-name find: how Egeria's own client looks an element up by its qualified name.
        find_body["searchProperties"]["conditions"][0]["value"] = _string(  # type: ignore[index]
            session_names[len(session_names) // 2]
        )
        answer = session.post(base + "/metadata-elements/by-search-conditions", json=find_body, timeout=10).json()
        assert len(answer["elements"]) == 1, answer

    session_names = [
        e["elementProperties"]["propertyValueMap"]["qualifiedName"]["primitiveValue"]
        for e in session.post(
            base + "/metadata-elements/by-search-conditions",
            json={"class": "FindRequestBody", "metadataElementTypeName": "DataFile", "pageSize": 1000},
            timeout=30,
        ).json()["elements"]
    ]

    # Floors and calls in turn, so that the machine's busy spells slow both alike.
    post_floor, write_floor, create_time, get_time, find_time = median_times(
        [
            lambda: session.post(platform.url + "/api/token", json=login, timeout=10),
            lambda: _atomic_small_write(scratch),
            create,
            get,
            find,
        ],
        repeat,
    )
    session.close()
    for name, value, floor, note in (
        ("generic API create element, median", create_time, post_floor + write_floor, "raw POST + fsync'd write"),
        ("generic API get element by GUID, median", get_time, post_floor, "raw POST /api/token"),
        ("generic API find by qualified name (1,000 files), median", find_time, post_floor, "raw POST /api/token"),
    ):
        report.add(
            Figure(
                NUMBER,
                name,
                value * 1e3,
                "ms",
                "<= 2x floor",
                value <= 2 * floor,
                floor * 1e3,
                value / floor,
                f"floor: {note}",
            )
        )
