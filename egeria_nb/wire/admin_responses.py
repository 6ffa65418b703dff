"""Admin-services responses whose payload is an admin bean (kept apart from ``responses``, which ``admin`` feeds)."""

from __future__ import annotations

from pydantic import Field

from egeria_nb.wire.admin import OMAGServerConfig
from egeria_nb.wire.responses import FFDCResponseBase

__all__ = ["BasicServerPropertiesResponse"]


class BasicServerPropertiesResponse(FFDCResponseBase):
    """GET ``server-properties``: 6.x answers with the whole configuration document (``class`` OMAGServerConfig);
    5.x with a plain ``BasicServerProperties`` of six fields, which reads as a partial document."""

    class_: str | None = Field("BasicServerPropertiesResponse", alias="class")
    basic_server_properties: OMAGServerConfig | None = Field(None, alias="basicServerProperties")
