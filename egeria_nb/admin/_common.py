"""Argument checks shared by the admin functions, so bad input fails before any HTTP call.

Each check names the argument, what it got (shortened) and what it accepts, as an
``InvalidParameterError``: a wrong type never surfaces as Python's own TypeError or
AttributeError from deep inside a call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import BaseModel

from egeria_nb.arguments import MAX_NAME_CHARS
from egeria_nb.errors import InvalidParameterError
from egeria_nb.wire import IntegrationGroupConfig
from egeria_nb.wire.base import model_from_argument, short_value

__all__ = [
    "MAX_NAME_LENGTH",
    "as_group",
    "as_groups",
    "check_name",
]

# The longest name (server name, qualified name, user id ...) sent in a URL: the public functions'
# own limit (see egeria_nb.arguments), checked here for names that reach a URL another way.
MAX_NAME_LENGTH = MAX_NAME_CHARS

NAME_ID = "EGERIA-NB-ADMIN-400-001"
GROUP_ID = "EGERIA-NB-ADMIN-400-002"


def check_name(value: object, what: str, *, max_length: int | None = MAX_NAME_LENGTH) -> str:
    """A non-empty string of at most ``max_length`` characters (None: no limit), naming ``what`` if not."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidParameterError(
            f"{NAME_ID} {what} must be a non-empty string, not {short_value(value)}",
            message_id=NAME_ID,
            user_action=f"Pass the {what} as text, for example 'integration-daemon'.",
        )
    if max_length is not None and len(value) > max_length:
        raise InvalidParameterError(
            f"{NAME_ID} {what} must be a non-empty string of at most {max_length:,} characters, "
            f"not {short_value(value)}",
            message_id=NAME_ID,
            user_action=f"Use a shorter {what}: names go into URLs, which must stay short.",
        )
    return value


def as_group(value: object, argument: str = "group") -> IntegrationGroupConfig:
    """Accept a model, or a dict in Egeria's JSON names or the Python names; ``argument`` names it in errors."""
    return model_from_argument(IntegrationGroupConfig, value, argument, message_id=GROUP_ID)


def as_groups(value: object, argument: str = "groups") -> list[IntegrationGroupConfig]:
    """A list (or other iterable) of groups, each as ``as_group``; one group, None or a string is refused.

    A pydantic model iterates as (name, value) pairs and a string by characters, so
    iterating either would give a baffling error about its pieces.
    """
    if isinstance(value, str | bytes | Mapping | BaseModel) or not isinstance(value, Iterable):
        raise InvalidParameterError(
            f"{GROUP_ID} {argument} must be a list of IntegrationGroupConfig or dicts, not {short_value(value)}; "
            "for one group use configure_integration_group",
            message_id=GROUP_ID,
            user_action=f"Put the groups in a list: {argument}=[group1, group2]; for a single group call "
            "configure_integration_group(platform, server_name, group).",
        )
    return [as_group(g, f"{argument}[{i}]") for i, g in enumerate(value)]
