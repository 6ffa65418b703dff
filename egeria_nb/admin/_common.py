"""Integration groups as the admin functions take them: a model, or a dict in either naming.

The kind of every argument is checked by ``egeria_nb.arguments`` before these run; here a
group's fields are read, and each problem is named by the argument and its position.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import BaseModel

from egeria_nb.catalogue import Code
from egeria_nb.wire import IntegrationGroupConfig
from egeria_nb.wire.base import model_from_argument, short_value

__all__ = ["as_group", "as_groups"]


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
