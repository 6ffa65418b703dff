"""Integration-daemon services for the daemons the embedded platform runs (egeria-wire.md §3.6, §3.7, §9).

Base ``/servers/{serverName}/open-metadata/integration-daemon`` (6.x) or
``.../integration-daemon/users/{userId}`` (4.x/5.x). Unlike Egeria 5.4/6.x,
a daemon with no connectors yet answers with an empty status, not an error.
Operations only one release line has (validate-connector and publish-open-lineage-event
on 6.x, the 5.4 ``/api/v1/lineage``) are answered only on that line's paths.
"""

from __future__ import annotations

import functools

from aiohttp import web

from egeria_nb.daemon import IntegrationDaemon
from egeria_nb.daemon.registry import NotAConnectorError, ProviderError
from egeria_nb.daemon.reports import validate_connector as connector_report
from egeria_nb.embedded.config_store import check_server_name
from egeria_nb.embedded.ffdc import Code, FFDCError
from egeria_nb.embedded.http import Handler, answer, caller, ok, operation, parse_body, read_json, read_text, state
from egeria_nb.errors import EgeriaError
from egeria_nb.wire import NameRequestBody, StringRequestBody
from egeria_nb.wire.daemon import ConnectorConfigPropertiesRequestBody, ConnectorReportResponse

__all__ = ["ROUTES"]

# How Egeria's validate-connector names what it needed and who needed it (research extras §2.1), with
# the Python class an egeria_nb daemon needs in place of Egeria's Java interface.
REQUIRED_CONNECTOR_CLASS = "egeria_nb.IntegrationConnector"
SERVICE_NAME = "Integration Daemon Services"
CLASS_NOT_FOUND = "java.lang.ClassNotFoundException"


def _daemon(request: web.Request) -> IntegrationDaemon:
    name = check_server_name(request.match_info["serverName"])
    daemon = state(request).daemons.get(name)
    if daemon is None or not daemon.running:
        raise FFDCError(Code.SERVER_NOT_RUNNING, name, caller(request), parameter_name="serverName")
    return daemon


def _only_on(request: web.Request, line: str) -> None:
    """Answer as for a path that does not exist when the operation is not on this release line's paths."""
    legacy = "userId" in request.match_info
    if legacy != (line == "5"):
        raise web.HTTPNotFound()


def _daemon_errors(handler: Handler) -> Handler:
    """Report a daemon's refusal with the parameter Egeria names in ``exceptionProperties.parameterName``."""

    @functools.wraps(handler)
    async def reported(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except EgeriaError as error:
            ffdc = FFDCError.from_error(error)
            parameter = error.properties.get("parameterName")
            ffdc.parameter_name = parameter if isinstance(parameter, str) else None
            raise ffdc from None

    return reported


async def _connector_name(request: web.Request) -> str | None:
    """The optional NameRequestBody: no body (or no name) means every connector."""
    data = await read_json(request, "NameRequestBody", required=False)
    if data is None:
        return None
    if not isinstance(data, dict):
        raise FFDCError(Code.WRONG_BODY_SHAPE, "NameRequestBody", "the body is not a JSON object")
    return parse_body(NameRequestBody, data).name or None


@operation("getIntegrationDaemonStatus", response="IntegrationDaemonStatusResponse")
async def daemon_status(request: web.Request) -> web.Response:
    # Always an object, even when both of its lists are empty and so left out (research extras §2.4).
    return ok("IntegrationDaemonStatusResponse", integrationDaemonStatus=_daemon(request).status_report())


@operation("getIntegrationGroupSummaries", response="IntegrationGroupSummariesResponse")
async def group_summaries(request: web.Request) -> web.Response:
    summaries = _daemon(request).group_summaries()
    return ok("IntegrationGroupSummariesResponse", integrationGroupSummaries=summaries or None)


@operation("getIntegrationGroupSummary", response="IntegrationGroupSummaryResponse")
@_daemon_errors
async def group_summary(request: web.Request) -> web.Response:
    summary = _daemon(request).group_summary(request.match_info["groupQualifiedName"])
    return ok("IntegrationGroupSummaryResponse", integrationGroupSummary=summary)


@operation("refreshIntegrationGroupConfig")
@_daemon_errors
async def refresh_group(request: web.Request) -> web.Response:
    await _daemon(request).arefresh_group(request.match_info["groupQualifiedName"])
    return ok()


@operation("refreshConnectors")
@_daemon_errors
async def refresh_connectors(request: web.Request) -> web.Response:
    daemon = _daemon(request)
    await daemon.arefresh(await _connector_name(request))
    return ok()


@operation("restartConnectors")
@_daemon_errors
async def restart_connectors(request: web.Request) -> web.Response:
    daemon = _daemon(request)
    await daemon.arestart(await _connector_name(request))
    return ok()


@operation("getConfigurationProperties", response="PropertiesResponse")
@_daemon_errors
async def configuration_properties(request: web.Request) -> web.Response:
    properties = _daemon(request).configuration_properties(request.match_info["connectorName"])
    return ok("PropertiesResponse", properties=properties or None)


@operation("updateConfigurationProperties")
@_daemon_errors
async def update_configuration_properties(request: web.Request) -> web.Response:
    daemon = _daemon(request)
    data = await read_json(request, "ConnectorConfigPropertiesRequestBody")
    body = parse_body(ConnectorConfigPropertiesRequestBody, data)
    # We follow the documented behaviour (egeria-wire.md §9, the bean's Javadoc): no connectorName updates every
    # connector; Egeria's code refuses a null name with OMAG-COMMON-400-006 instead (research extras §2.3).
    await daemon.aupdate_configuration_properties(
        body.connector_name or None, body.configuration_properties, merge=bool(body.merge_update)
    )
    return ok()


@operation("updateEndpointNetworkAddress")
@_daemon_errors
async def update_endpoint(request: web.Request) -> web.Response:
    daemon = _daemon(request)
    data = await read_json(request, "StringRequestBody")
    if isinstance(data, dict):
        # The bean declares no discriminator, so whatever "class" is sent is ignored (egeria-wire.md §0.1).
        data = {key: value for key, value in data.items() if key != "class"}
    body = parse_body(StringRequestBody, data)
    if not body.string:
        raise FFDCError(Code.BAD_PARAMETER, "string", "", "give the new network address")
    await daemon.aupdate_endpoint_address(request.match_info["connectorName"], body.string)
    return ok()


@operation("updateConnectorConnection")
@_daemon_errors
async def update_connection(request: web.Request) -> web.Response:
    daemon = _daemon(request)
    data = await read_json(request, "Connection")
    if not isinstance(data, dict):
        raise FFDCError(Code.WRONG_BODY_SHAPE, "Connection", "the body is not a JSON object")
    await daemon.aupdate_connection(request.match_info["connectorName"], data)
    return ok()


@operation("validateConnector", response="ConnectorReportResponse")
async def validate_connector(request: web.Request) -> web.Response:
    """What the daemon would run for a connection naming this provider: its connector type and properties."""
    _only_on(request, "6")
    daemon = _daemon(request)
    provider = request.match_info["connectorProviderClassName"]
    if not provider.strip():
        raise FFDCError(
            Code.NULL_NAME,
            "connectorProviderClassName",
            "validateConnector",
            parameter_name="connectorProviderClassName",
        )
    try:
        # The daemon's own lookup (its registry), so a provider that validates is one it can run.
        report = connector_report(daemon.registry, provider)
    except NotAConnectorError:
        raise FFDCError(
            Code.NOT_CORRECT_CONNECTOR_PROVIDER,
            provider,
            REQUIRED_CONNECTOR_CLASS,
            SERVICE_NAME,
            parameter_name=provider,
        ) from None
    except ProviderError:
        # Egeria's answer for a class it cannot load: an unexpected ClassNotFoundException (no parameter name).
        raise FFDCError(
            Code.UNKNOWN_CONNECTOR_PROVIDER, CLASS_NOT_FOUND, "validateConnector", provider, caused_by=CLASS_NOT_FOUND
        ) from None
    return answer(ConnectorReportResponse(connector_report=report))


async def _publish(request: web.Request) -> web.Response:
    daemon = _daemon(request)
    event = await read_text(request)
    if not event.strip():
        # The event is a required body (@RequestBody String): Spring refuses an empty one before Egeria runs.
        raise FFDCError(Code.MISSING_BODY, "an OpenLineage run event")
    daemon.publish_open_lineage_event(event)
    return ok()


@operation("publishOpenLineageEvent")
async def publish_open_lineage_event(request: web.Request) -> web.Response:
    """Take an OpenLineage run event (JSON text); it is noted in the daemon's history, parsed or not."""
    _only_on(request, "6")
    return await _publish(request)


@operation("publishOpenLineageEvent")
async def publish_open_lineage_event_54(request: web.Request) -> web.Response:
    """The same, at the path Egeria 5.4 used."""
    _only_on(request, "5")
    return await _publish(request)


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
    ("GET", "/validate-connector/{connectorProviderClassName}", validate_connector),
    ("POST", "/publish-open-lineage-event", publish_open_lineage_event),
    ("POST", "/api/v1/lineage", publish_open_lineage_event_54),
]
