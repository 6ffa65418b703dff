"""Argument checks shared by the admin functions, so bad input fails before any HTTP call.

Each check names the argument, what it got (shortened) and what it accepts, as an
``InvalidParameterError``: a wrong type never surfaces as Python's own TypeError or
AttributeError from deep inside a call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import BaseModel

from egeria_nb.arguments import MAX_NAME_CHARS
from egeria_nb.catalogue import Code
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


def check_name(value: object, what: str, *, max_length: int | None = MAX_NAME_LENGTH) -> str:
    """A non-empty string of at most ``max_length`` characters (None: no limit), naming ``what`` if not."""
    if not isinstance(value, str) or not value.strip():
        raise Code.NAME_NOT_TEXT.error(what, short_value(value))
    if max_length is not None and len(value) > max_length:
        raise Code.NAME_TOO_LONG.error(what, f"{max_length:,}", short_value(value))
    return value


def as_group(value: object, argument: str = "group") -> IntegrationGroupConfig:
    """Accept a model, or a dict in Egeria's JSON names or the Python names; ``argument`` names it in errors."""
    return model_from_argument(IntegrationGroupConfig, value, argument, code=Code.BAD_GROUP)


def as_groups(value: object, argument: str = "groups") -> list[IntegrationGroupConfig]:
    """A list (or other iterable) of groups, each as ``as_group``; one group, None or a string is refused.

    A pydantic model iterates as (name, value) pairs and a string by characters, so
    iterating either would give a baffling error about its pieces.
    """
    if isinstance(value, str | bytes | Mapping | BaseModel) or not isinstance(value, Iterable):
        raise Code.GROUPS_NOT_A_LIST.error(argument, short_value(value))
    return [as_group(g, f"{argument}[{i}]") for i, g in enumerate(value)]
