"""Integration groups as the admin functions take them: a model, or a dict in either naming.

The kind of every argument is checked by ``egeria_nb.arguments`` before these run; here a
group's fields are read, and each problem is named by the argument and its position.
"""

from __future__ import annotations

from collections.abc import Iterable

from egeria_nb.catalogue import Code
from egeria_nb.wire import IntegrationGroupConfig
from egeria_nb.wire.base import model_from_argument

__all__ = ["as_group", "as_groups"]


def as_group(value: object, argument: str = "group") -> IntegrationGroupConfig:
    """Accept a model, or a dict in Egeria's JSON names or the Python names; ``argument`` names it in errors."""
    return model_from_argument(IntegrationGroupConfig, value, argument, code=Code.BAD_GROUP)


def as_groups(value: Iterable[object], argument: str = "groups") -> list[IntegrationGroupConfig]:
    """Each group as ``as_group``, named by its position in errors.

    That ``value`` is a list of groups (not one group, None or a string) the callers' ``@checked``
    has made sure of already.
    """
    return [as_group(g, f"{argument}[{i}]") for i, g in enumerate(value)]
