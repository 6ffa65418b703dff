"""Egeria's REST response beans (egeria-wire.md §1.3).

Every response extends ``FFDCResponseBase``: success is ``relatedHTTPCode``
200, failure is any other code plus the ``exception*`` fields, usually with
HTTP status 200 (§0.1). ``egeria_nb.client`` turns failures into exceptions.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field

from egeria_nb.wire.admin import (
    IntegrationDaemonServicesConfig,
    IntegrationGroupConfig,
    OMAGServerConfig,
    ServerTypeClassification,
)
from egeria_nb.wire.base import WireModel

__all__ = [
    "BooleanResponse",
    "FFDCResponseBase",
    "GUIDListResponse",
    "GUIDResponse",
    "IntegrationDaemonServicesResponse",
    "IntegrationGroupsResponse",
    "OMAGServerConfigResponse",
    "ServerListResponse",
    "ServerTypeClassificationResponse",
    "SuccessMessageResponse",
    "VoidResponse",
]


class FFDCResponseBase(WireModel):
    """Fields every Egeria response carries; the ``exception*`` ones only on failure."""

    # A plain string, not a Literal: the client must read any response class.
    class_: str | None = Field(None, alias="class")
    request_id: str | None = Field(None, alias="requestId")
    related_http_code: int = Field(200, alias="relatedHTTPCode")
    exception_class_name: str | None = Field(None, alias="exceptionClassName")
    exception_subclass_name: str | None = Field(None, alias="exceptionSubclassName")
    exception_caused_by: str | None = Field(None, alias="exceptionCausedBy")
    action_description: str | None = Field(None, alias="actionDescription")
    exception_error_message: str | None = Field(None, alias="exceptionErrorMessage")
    exception_error_message_id: str | None = Field(None, alias="exceptionErrorMessageId")
    exception_error_message_parameters: list[str] | None = Field(None, alias="exceptionErrorMessageParameters")
    exception_system_action: str | None = Field(None, alias="exceptionSystemAction")
    exception_user_action: str | None = Field(None, alias="exceptionUserAction")
    exception_properties: dict[str, object] | None = Field(None, alias="exceptionProperties")


class VoidResponse(FFDCResponseBase):
    """A response with no payload."""

    class_: str | None = Field("VoidResponse", alias="class")


class IntegrationGroupsResponse(FFDCResponseBase):
    """``groups`` is absent (None) when no group is configured."""

    class_: str | None = Field("IntegrationGroupsResponse", alias="class")
    groups: list[IntegrationGroupConfig] | None = None


class IntegrationDaemonServicesResponse(FFDCResponseBase):
    class_: str | None = Field("IntegrationDaemonServicesResponse", alias="class")
    services: IntegrationDaemonServicesConfig | None = None


class OMAGServerConfigResponse(FFDCResponseBase):
    """A configuration document: the stored one (admin ``configuration``) or a running server's
    (``instance/configuration``). Egeria's getter ``getOMAGServerConfig()`` names the field
    ``omagserverConfig``; ``serverConfig``, which earlier egeria_nb platforms sent, still reads."""

    class_: str | None = Field("OMAGServerConfigResponse", alias="class")
    server_config: OMAGServerConfig | None = Field(
        None, alias="omagserverConfig", validation_alias=AliasChoices("omagserverConfig", "serverConfig")
    )


class ServerTypeClassificationResponse(FFDCResponseBase):
    # Egeria registers this response under the name ServerClassificationResponse.
    class_: str | None = Field("ServerClassificationResponse", alias="class")
    server_type_classification: ServerTypeClassification | None = Field(None, alias="serverTypeClassification")


class ServerListResponse(FFDCResponseBase):
    """The servers running on a platform (``.../server-platform/servers/active``)."""

    class_: str | None = Field("ServerListResponse", alias="class")
    server_list: list[str] | None = Field(None, alias="serverList")


class SuccessMessageResponse(FFDCResponseBase):
    class_: str | None = Field("SuccessMessageResponse", alias="class")
    success_message: str | None = Field(None, alias="successMessage")


class GUIDResponse(FFDCResponseBase):
    class_: str | None = Field("GUIDResponse", alias="class")
    guid: str | None = None


class GUIDListResponse(FFDCResponseBase):
    class_: str | None = Field("GUIDListResponse", alias="class")
    guids: list[str] | None = None


class BooleanResponse(FFDCResponseBase):
    """``flag``: for an update, whether anything changed."""

    class_: str | None = Field("BooleanResponse", alias="class")
    flag: bool = True
