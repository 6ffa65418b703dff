"""Integration-daemon services for the daemons the embedded platform runs (egeria-wire.md §3.6, §3.7).

Base ``/servers/{serverName}/open-metadata/integration-daemon`` (6.x) or
``.../integration-daemon/users/{userId}`` (4.x/5.x). Unlike Egeria 5.4/6.x,
a daemon with no connectors yet answers with an empty status, not an error.
"""

from __future__ import annotations

from aiohttp import web

from egeria_nb.daemon import IntegrationDaemon
from egeria_nb.embedded.config_store import check_server_name
from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.http import ok, operation, parse_body, read_json, state
from egeria_nb.wire import NameRequestBody, StringRequestBody
from egeria_nb.wire.daemon import ConnectorConfigPropertiesRequestBody

__all__ = ["ROUTES"]


def _daemon(request: web.Request) -> IntegrationDaemon:
    name = check_server_name(request.match_info["serverName"])
    daemon = state(request).daemons.get(name)
    if daemon is None or not daemon.running:
        raise FFDCError(Code.SERVER_NOT_RUNNING, name, parameter_name="serverName")
    return daemon


async def _connector_name(request: web.Request) -> str | None:
    """The optional NameRequestBody: no body (or no name) means every connector."""
    data = await read_json(request, "NameRequestBody", required=False)
    if data is None:
        return None
    if not isinstance(data, dict):
        raise FFDCError(Code.WRONG_BODY_SHAPE, "NameRequestBody", "the body is not a JSON object")
    return parse_body(NameRequestBody, {**data, "class": data.get("class", "NameRequestBody")}).name or None


@operation("getIntegrationDaemonStatus", response="IntegrationDaemonStatusResponse")
async def daemon_status(request: web.Request) -> web.Response:
    return ok("IntegrationDaemonStatusResponse", integrationDaemonStatus=_daemon(request).status_report())


@operation("getIntegrationGroupSummaries", response="IntegrationGroupSummariesResponse")
async def group_summaries(request: web.Request) -> web.Response:
    return ok("IntegrationGroupSummariesResponse", integrationGroupSummaries=_daemon(request).group_summaries())


@operation("getIntegrationGroupSummary", response="IntegrationGroupSummaryResponse")
async def group_summary(request: web.Request) -> web.Response:
    summary = _daemon(request).group_summary(request.match_info["groupQualifiedName"])
    return ok("IntegrationGroupSummaryResponse", integrationGroupSummary=summary)


@operation("refreshIntegrationGroupConfig")
async def refresh_group(request: web.Request) -> web.Response:
    await _daemon(request).arefresh_group(request.match_info["groupQualifiedName"])
    return ok()


@operation("refreshConnectors")
async def refresh_connectors(request: web.Request) -> web.Response:
    daemon = _daemon(request)
    await daemon.arefresh(await _connector_name(request))
    return ok()


@operation("restartConnectors")
async def restart_connectors(request: web.Request) -> web.Response:
    daemon = _daemon(request)
    await daemon.arestart(await _connector_name(request))
    return ok()


@operation("getConfigurationProperties", response="PropertiesResponse")
async def configuration_properties(request: web.Request) -> web.Response:
    properties = _daemon(request).configuration_properties(request.match_info["connectorName"])
    return ok("PropertiesResponse", properties=properties or None)


@operation("updateConfigurationProperties")
async def update_configuration_properties(request: web.Request) -> web.Response:
    daemon = _daemon(request)
    data = await read_json(request, "ConnectorConfigPropertiesRequestBody")
    body = parse_body(ConnectorConfigPropertiesRequestBody, data)
    if not body.connector_name:
        raise FFDCError(Code.BAD_PARAMETER, "connectorName", "", "name the connector to update")
    await daemon.aupdate_configuration_properties(
        body.connector_name, body.configuration_properties or {}, merge=body.merge_update
    )
    return ok()


@operation("updateEndpointNetworkAddress")
async def update_endpoint(request: web.Request) -> web.Response:
    daemon = _daemon(request)
    data = await read_json(request, "StringRequestBody")
    body = parse_body(StringRequestBody, {**data, "class": "StringRequestBody"} if isinstance(data, dict) else data)
    if not body.string:
        raise FFDCError(Code.BAD_PARAMETER, "string", "", "give the new network address")
    await daemon.aupdate_endpoint_address(request.match_info["connectorName"], body.string)
    return ok()


@operation("updateConnectorConnection")
async def update_connection(request: web.Request) -> web.Response:
    daemon = _daemon(request)
    data = await read_json(request, "Connection")
    if not isinstance(data, dict):
        raise FFDCError(Code.WRONG_BODY_SHAPE, "Connection", "the body is not a JSON object")
    await daemon.aupdate_connection(request.match_info["connectorName"], data)
    return ok()


ROUTES = [
    ("GET", "/status", daemon_status),
    ("GET", "/integration-groups/summary", group_summaries),
    ("GET", "/integration-groups/{groupQualifiedName}/summary", group_summary),
    ("GET", "/integration-groups/{groupQualifiedName}/refresh-config", refresh_group),
    ("POST", "/integration-connectors/refresh", refresh_connectors),
    ("POST", "/integration-connectors/restart", restart_connectors),
    ("GET", "/integration-connectors/{connectorName}/configuration-properties", configuration_properties),
    ("POST", "/integration-connectors/configuration-properties", update_configuration_properties),
    ("POST", "/integration-connectors/{connectorName}/endpoint-network-address", update_endpoint),
    ("POST", "/integration-connectors/{connectorName}/connection", update_connection),
]
