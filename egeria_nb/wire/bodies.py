"""Small request bodies shared by several services (egeria-wire.md §0.1, §3.6).

These do not extend Egeria's config/response bases, so they declare no
``class`` discriminator; Egeria ignores one if sent.
"""

from __future__ import annotations

from pydantic import Field

from egeria_nb.wire.base import WireModel

__all__ = ["NameRequestBody", "StringRequestBody"]


class NameRequestBody(WireModel):
    class_: str | None = Field("NameRequestBody", alias="class")
    name: str | None = None


class StringRequestBody(WireModel):
    class_: str | None = Field("StringRequestBody", alias="class")
    string: str | None = None
