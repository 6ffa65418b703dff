"""The base of every wire model: Egeria's JSON names outside, snake_case inside.

Egeria serialises with Jackson: null properties are omitted, unknown incoming
properties are ignored, and polymorphic beans carry a ``class`` discriminator
(egeria-wire.md §0.1). The models here keep unknown properties instead of
dropping them, so a document from a newer Egeria round-trips without loss.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict

__all__ = ["WireModel"]


class WireModel(BaseModel):
    """A pydantic model of one Egeria bean.

    Fields are declared with Egeria's JSON name as the alias; Python code uses
    the snake_case attribute names. ``to_wire()`` gives the JSON Egeria expects.
    """

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="allow",
        # Egeria's beans are mutable; notebook users edit a group and post it again.
        validate_assignment=True,
        # Build validators on first use, not at import: `import egeria_nb` stays quick.
        defer_build=True,
    )

    def __repr_args__(self):  # type: ignore[override]
        # Show what is set, in Python names; the discriminator and nulls are noise.
        for name, value in super().__repr_args__():
            if name != "class_" and value is not None:
                yield name, value

    def to_wire(self) -> dict[str, Any]:
        """The JSON body for Egeria: aliases, no nulls (Jackson's include-non-null)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    @classmethod
    def from_wire(cls, data: Any) -> Self:
        """Build from Egeria JSON (a parsed dict)."""
        return cls.model_validate(data)
