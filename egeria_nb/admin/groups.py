"""The five integration-group operations of the admin services (egeria-wire.md §1.1).

Each is one REST call; the embedded platform and a real Egeria answer alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from egeria_nb.admin._common import as_group, as_groups
from egeria_nb.arguments import checked
from egeria_nb.client import Platform, segment
from egeria_nb.display import Table
from egeria_nb.wire import IntegrationGroupConfig, IntegrationGroupsResponse

__all__ = [
    "IntegrationGroupList",
    "configure_integration_group",
    "configure_integration_groups",
    "get_integration_groups",
    "remove_integration_group",
    "remove_integration_groups",
]

GroupLike = IntegrationGroupConfig | Mapping[str, Any]
# Column headings for the table view, in Python names.
GROUP_COLUMNS = {
    "integration_group_qualified_name": "integration group",
    "omag_server_name": "metadata server",
    "omag_server_platform_root_url": "platform URL",
    "secrets_store_provider": "secrets store provider",
    "secrets_store_location": "secrets store location",
    "secrets_store_collection": "secrets store collection",
}


class IntegrationGroupList(list[IntegrationGroupConfig]):
    """The configured groups: a plain list that shows itself as a table in a notebook.

    It stays a list (of ``IntegrationGroupConfig``, what the admin services return); its table,
    ``to_frame()``, is a ``Table``, so it shows qualified names and URLs whole.
    """

    def to_frame(self) -> Table:
        """One row per group, in configuration order; secrets-store columns only if used."""
        rows = [{col: getattr(g, field) for field, col in GROUP_COLUMNS.items()} for g in self]
        frame = Table(rows, columns=list(GROUP_COLUMNS.values()))
        return frame.dropna(axis="columns", how="all") if rows else frame.iloc[:, :3]

    def names(self) -> list[str]:
        """The groups' qualified names, in configuration order."""
        return [g.integration_group_qualified_name or "" for g in self]

    def _repr_html_(self) -> str:
        if not self:
            return "<p><i>No integration groups are configured.</i></p>"
        return self.to_frame().to_html(index=False, escape=True) or ""

    def __str__(self) -> str:
        if not self:
            return "No integration groups are configured."
        return self.to_frame().to_string(index=False) or ""


def _groups_path(platform: Platform, server_name: str) -> str:
    return platform.paths.admin(server_name) + "/integration-groups"


@checked
def configure_integration_group(platform: Platform, server_name: str, group: GroupLike) -> None:
    """Add ``group`` to the daemon's configuration, or replace the one with the same name.

    For example, have the daemon run the files group defined on the embedded metadata server::

        group = enb.IntegrationGroupConfig(integration_group_qualified_name="Egeria:IntegrationGroup:Files",
                                           omag_server_name="active-metadata-store",
                                           omag_server_platform_root_url=platform.url)
        enb.configure_integration_group(platform, "integration-daemon", group)
    """
    body = as_group(group, "group").to_wire()
    path = _groups_path(platform, server_name) + "/configuration"
    platform.call("POST", path, json=body)


@checked
def configure_integration_groups(platform: Platform, server_name: str, groups: Iterable[GroupLike]) -> None:
    """Replace the daemon's whole list of integration groups with ``groups``.

    ``groups`` is a list of ``IntegrationGroupConfig`` or dicts (an empty list removes them
    all); one group on its own, None or a string is refused: use ``configure_integration_group``.

    For example, run exactly these two groups::

        names = ["Egeria:IntegrationGroup:Files", "Egeria:IntegrationGroup:Database"]
        groups = [{"integration_group_qualified_name": name, "omag_server_name": "active-metadata-store",
                   "omag_server_platform_root_url": platform.url} for name in names]
        enb.configure_integration_groups(platform, "integration-daemon", groups)
    """
    body = [g.to_wire() for g in as_groups(groups, "groups")]
    path = _groups_path(platform, server_name) + "/configuration/all"
    platform.call("POST", path, json=body)


@checked
def get_integration_groups(platform: Platform, server_name: str) -> IntegrationGroupList:
    """The groups configured for the daemon, in order (empty if none)."""
    path = _groups_path(platform, server_name) + "/configuration"
    answer = platform.call("GET", path, response=IntegrationGroupsResponse)
    return IntegrationGroupList(answer.groups or [])


@checked
def remove_integration_group(platform: Platform, server_name: str, qualified_name: str) -> None:
    """Remove one group by qualified name (removing one that is not there is not an error)."""
    path = _groups_path(platform, server_name) + "/" + segment(qualified_name)
    platform.call("DELETE", path)


@checked
def remove_integration_groups(platform: Platform, server_name: str) -> None:
    """Remove every integration group from the daemon's configuration."""
    path = _groups_path(platform, server_name)
    platform.call("DELETE", path)
