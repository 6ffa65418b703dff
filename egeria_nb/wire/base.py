"""The base of every wire model: Egeria's JSON names outside, snake_case inside.

Egeria serialises with Jackson: null properties are omitted, unknown incoming
properties are ignored, and polymorphic beans carry a ``class`` discriminator
(egeria-wire.md §0.1). The models here keep unknown properties instead of
dropping them, so a document from a newer Egeria round-trips without loss.
"""

from __future__ import annotations

import difflib
import functools
import re
from datetime import UTC, datetime
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, PlainSerializer, ValidationInfo, model_validator

__all__ = ["EgeriaDate", "WireModel", "java_date"]


def java_date(value: datetime) -> str:
    moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


# A java.util.Date as Spring Boot's Jackson writes it: ISO-8601 with milliseconds and an offset,
# e.g. 2026-06-28T17:55:59.123+00:00 (egeria-wire.md §0.1). Jackson reads that or epoch milliseconds.
EgeriaDate = Annotated[datetime, PlainSerializer(java_date, return_type=str, when_used="json")]

# snake_case with at least one underscore: how Python names look, and Egeria's JSON names never do.
_PYTHON_NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+")


@functools.cache
def _known_names(model: type[BaseModel]) -> frozenset[str]:
    """A model's field names and aliases (asked for on every validation, so computed once)."""
    return frozenset({*model.model_fields, *(f.alias for f in model.model_fields.values() if f.alias)})


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

    @model_validator(mode="before")
    @classmethod
    def _no_misspelt_python_names(cls, data: Any, info: ValidationInfo) -> Any:
        """Refuse an unknown snake_case name: it is a typo for a field, not an Egeria property.

        Unknown Egeria (camelCase) properties are kept, so newer documents round-trip;
        but ``integration_group_qualifed_name=`` would otherwise be kept as an extra
        property and the group sent without its name. Bodies read from the wire with
        ``context={"lenient": True}`` skip this: Egeria ignores fields it does not know.
        """
        if isinstance(data, dict) and not (info.context and info.context.get("lenient")):
            known = _known_names(cls)
            for key in data:
                if key not in known and isinstance(key, str) and _PYTHON_NAME.fullmatch(key):
                    close = difflib.get_close_matches(key, list(cls.model_fields), n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    raise ValueError(f"{cls.__name__} has no field {key!r}{hint}")
        return data

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
