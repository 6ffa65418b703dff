"""Platform-services and server-operations beans: what a platform says about its servers and services.

From Egeria's platform services (``.../platform-services/server-platform``) and server operations
(``/open-metadata/server-operations``); the shapes are the same in 4.3, 5.x and 6.x unless a field says
otherwise. Responses carry Egeria's ``class``; the beans inside them (``OMAGServerInstanceHistory``,
``ServerServicesStatus``, ``RegisteredOMAGService``) have none.
"""

from __future__ import annotations

from pydantic import Field

from egeria_nb.wire.base import EgeriaDate, WireModel
from egeria_nb.wire.responses import FFDCResponseBase

__all__ = [
    "OMAGServerInstanceHistory",
    "OMAGServerServiceStatus",
    "OMAGServerStatusResponse",
    "RegisteredOMAGService",
    "RegisteredOMAGServicesResponse",
    "ServerServicesListResponse",
    "ServerServicesStatus",
    "ServerStatusResponse",
    "StringResponse",
]


class OMAGServerInstanceHistory(WireModel):
    """One earlier run of a server on this platform (an entry of ``serverHistory``)."""

    start_time: EgeriaDate | None = Field(None, alias="startTime")
    end_time: EgeriaDate | None = Field(None, alias="endTime")


class ServerStatusResponse(FFDCResponseBase):
    """GET ``.../server-platform/servers/{serverName}/status``: a server that runs or ran on this platform.

    ``active`` is a Java ``boolean`` that starts as true, so Egeria always sends it, even in an error
    answer (with ``serverName``, which it sets before looking the server up). ``serverStartTime`` is the
    start of the current run (absent when stopped), ``serverEndTime`` the end of the last run (only when
    stopped), ``serverHistory`` the earlier runs since the platform started (absent if none).
    """

    class_: str | None = Field("ServerStatusResponse", alias="class")
    server_name: str | None = Field(None, alias="serverName")
    server_type: str | None = Field(None, alias="serverType")
    active: bool = True
    server_start_time: EgeriaDate | None = Field(None, alias="serverStartTime")
    server_end_time: EgeriaDate | None = Field(None, alias="serverEndTime")
    server_history: list[OMAGServerInstanceHistory] | None = Field(None, alias="serverHistory")


class ServerServicesListResponse(FFDCResponseBase):
    """The services of a server: platform ``servers/{s}/services`` (absent for a stopped server) or
    server-operations ``servers/{s}/services`` (those whose status is RUNNING)."""

    class_: str | None = Field("ServerServicesListResponse", alias="class")
    server_name: str | None = Field(None, alias="serverName")
    server_services_list: list[str] | None = Field(None, alias="serverServicesList")


class OMAGServerServiceStatus(WireModel):
    """One service of a running server and its ``ServerActiveStatus`` name (``RUNNING``, ...)."""

    service_name: str | None = Field(None, alias="serviceName")
    service_status: str | None = Field(None, alias="serviceStatus")


class ServerServicesStatus(WireModel):
    """A running server's status (``serverStatus``): ``serverActiveStatus`` is one of ``UNKNOWN``,
    ``STARTING``, ``RUNNING``, ``STOPPING``, ``INACTIVE``."""

    server_name: str | None = Field(None, alias="serverName")
    server_type: str | None = Field(None, alias="serverType")
    server_active_status: str | None = Field(None, alias="serverActiveStatus")
    services: list[OMAGServerServiceStatus] | None = None


class OMAGServerStatusResponse(FFDCResponseBase):
    """GET ``servers/{serverName}/instance/status`` (platform services, and server operations since 5.0).

    Egeria's Java field is ``serverServicesStatus``; its getter ``getServerStatus()`` names the JSON.
    """

    class_: str | None = Field("OMAGServerStatusResponse", alias="class")
    server_status: ServerServicesStatus | None = Field(None, alias="serverStatus")


class RegisteredOMAGService(WireModel):
    """A service the platform can run (an entry of ``services``).

    ``serviceDevelopmentStatus`` is a ``ComponentDevelopmentStatus`` name (``IN_DEVELOPMENT``,
    ``TECHNICAL_PREVIEW``, ``STABLE``, ``SAMPLE``, ``DEPRECATED``). ``serverType`` and the partner
    fields are 5.0 and later.
    """

    service_id: int = Field(0, alias="serviceId")
    service_name: str | None = Field(None, alias="serviceName")
    service_development_status: str | None = Field(None, alias="serviceDevelopmentStatus")
    service_url_marker: str | None = Field(None, alias="serviceURLMarker")
    service_description: str | None = Field(None, alias="serviceDescription")
    service_wiki: str | None = Field(None, alias="serviceWiki")
    server_type: str | None = Field(None, alias="serverType")
    partner_service_name: str | None = Field(None, alias="partnerServiceName")
    partner_server_type: str | None = Field(None, alias="partnerServerType")


class RegisteredOMAGServicesResponse(FFDCResponseBase):
    """GET ``.../server-platform/registered-services[/<kind>]``."""

    class_: str | None = Field("RegisteredOMAGServicesResponse", alias="class")
    services: list[RegisteredOMAGService] | None = None


class StringResponse(FFDCResponseBase):
    """One text value (``resultString``), e.g. Egeria 6.0's ``organization-name``."""

    class_: str | None = Field("StringResponse", alias="class")
    result_string: str | None = Field(None, alias="resultString")
