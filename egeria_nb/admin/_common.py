"""Argument checks shared by the admin functions, so bad input fails before any HTTP call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic

from egeria_nb.errors import InvalidParameterError
from egeria_nb.wire import IntegrationGroupConfig

__all__ = ["as_group", "check_name"]


def check_name(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidParameterError(
            f"EGERIA-NB-ADMIN-400-001 {what} must be a non-empty string, not {value!r}",
            message_id="EGERIA-NB-ADMIN-400-001",
            user_action=f"Pass the {what} as text, for example 'integration-daemon'.",
        )
    return value


def as_group(value: IntegrationGroupConfig | Mapping[str, Any]) -> IntegrationGroupConfig:
    """Accept a model, or a dict in Egeria's JSON names or the Python names."""
    if isinstance(value, IntegrationGroupConfig):
        return value
    if isinstance(value, Mapping):
        try:
            return IntegrationGroupConfig.model_validate(dict(value))
        except pydantic.ValidationError as exc:
            raise InvalidParameterError(
                f"EGERIA-NB-ADMIN-400-002 This is not an integration group configuration: {_first_problem(exc)}",
                message_id="EGERIA-NB-ADMIN-400-002",
                user_action="Build it with egeria_nb.IntegrationGroupConfig(integration_group_qualified_name=..., "
                "omag_server_name=..., omag_server_platform_root_url=...).",
            ) from None
    raise InvalidParameterError(
        f"EGERIA-NB-ADMIN-400-002 Expected an IntegrationGroupConfig, got {type(value).__name__}",
        message_id="EGERIA-NB-ADMIN-400-002",
        user_action="Build it with egeria_nb.IntegrationGroupConfig(...).",
    )


def _first_problem(exc: pydantic.ValidationError) -> str:
    # pydantic's own text spans several lines and links to its docs; the error must read as one sentence.
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "the value"
    more = exc.error_count() - 1
    return f"{where}: {first['msg']}" + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
