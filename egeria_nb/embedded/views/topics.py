"""The out-topic connection call of a metadata access server (egeria-wire.md §8; ``wire.topics``).

``GET .../topics/out-topic-connection/{callerId}`` on two bases: ``open-metadata-store`` (what
Egeria's Java connectors, and 5.4 daemons, call) and ``open-governance-service`` (what the 6.x
daemon's group refresh loop calls before it reads a group). Egeria 5.3 and earlier asked the
``governance-server`` access service, which is not served.
"""

from __future__ import annotations

from aiohttp import web

from egeria_nb.embedded.http import answer, operation
from egeria_nb.embedded.views.metadata_common import metadata_server
from egeria_nb.wire.topics import (
    GOVERNANCE_SERVICE,
    METADATA_STORE_SERVICE,
    OCFConnectionResponse,
    OutTopicService,
    out_topic_connection,
)

__all__ = ["GOVERNANCE_ROUTES", "METADATA_STORE_ROUTES"]


def _answer(request: web.Request, service: OutTopicService) -> web.Response:
    server = metadata_server(request)
    connection = out_topic_connection(service, server, request.match_info["callerId"])
    return answer(OCFConnectionResponse(connection=connection))


@operation("getOutTopicConnection", response="OCFConnectionResponse")
async def metadata_store_out_topic(request: web.Request) -> web.Response:
    return _answer(request, METADATA_STORE_SERVICE)


@operation("getOutTopicConnection", response="OCFConnectionResponse")
async def governance_out_topic(request: web.Request) -> web.Response:
    return _answer(request, GOVERNANCE_SERVICE)


METADATA_STORE_ROUTES = [("GET", "/topics/out-topic-connection/{callerId}", metadata_store_out_topic)]
GOVERNANCE_ROUTES = [("GET", "/topics/out-topic-connection/{callerId}", governance_out_topic)]
