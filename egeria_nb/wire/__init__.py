"""Pydantic models of Egeria's JSON, with Egeria's exact field names.

One model per Egeria bean; nothing here does I/O. See ``base.WireModel``.
"""

from egeria_nb.wire.admin import (
    IntegrationDaemonServicesConfig,
    IntegrationGroupConfig,
    OMAGServerConfig,
    ServerTypeClassification,
    URLRequestBody,
    ViewServiceRequestBody,
)
from egeria_nb.wire.base import WireModel
from egeria_nb.wire.bodies import NameRequestBody, StringRequestBody
from egeria_nb.wire.responses import (
    FFDCResponseBase,
    IntegrationDaemonServicesResponse,
    IntegrationGroupsResponse,
    OMAGServerConfigResponse,
    ServerListResponse,
    ServerTypeClassificationResponse,
    SuccessMessageResponse,
    VoidResponse,
)

__all__ = [
    "FFDCResponseBase",
    "IntegrationDaemonServicesConfig",
    "IntegrationDaemonServicesResponse",
    "IntegrationGroupConfig",
    "IntegrationGroupsResponse",
    "NameRequestBody",
    "OMAGServerConfig",
    "OMAGServerConfigResponse",
    "ServerListResponse",
    "ServerTypeClassification",
    "ServerTypeClassificationResponse",
    "StringRequestBody",
    "SuccessMessageResponse",
    "URLRequestBody",
    "ViewServiceRequestBody",
    "VoidResponse",
    "WireModel",
]
