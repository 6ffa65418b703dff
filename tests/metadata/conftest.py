"""Shared by the metadata-access-server tests: where the governance-configuration service lives, and the feed."""

from __future__ import annotations

from urllib.parse import quote

from tests.conftest import Raw

MD = "active-metadata-store"
# The governance-configuration service per release line (egeria-wire.md §3.2).
GOV_6 = "/servers/{md}/open-metadata/access-services/governance-configuration-service/users/{user}"
GOV_54 = (
    "/servers/{md}/open-metadata/access-services/open-governance-service/governance-configuration-service/users/{user}"
)
GOV_50 = (
    "/servers/{md}/open-metadata/framework-services/governance-server/governance-configuration-service/users/{user}"
)
CATALOG = "/servers/{md}/open-metadata/egeria-nb"


def gov(user: str, md: str = MD, prefix: str = GOV_6) -> str:
    return prefix.format(md=quote(md, safe=""), user=quote(user, safe=""))


def last_sequence(raw: Raw, md: str = MD) -> int:
    """Where the change feed ends: equal before and after a refused request means nothing was written."""
    body = raw("GET", CATALOG.format(md=quote(md, safe="")) + "/changes", params={"after": "-1"}).json()
    assert body["relatedHTTPCode"] == 200, body
    assert body["changes"] == []
    return body["lastSequence"]
