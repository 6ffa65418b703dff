"""Where each Egeria service lives, per API line (egeria-wire.md §1.1, §2, §3.2, §3.6).

6.x paths carry no user (the bearer token names the caller); 4.x/5.x paths
carry ``/users/{userId}``. Every name is quoted as one path segment, so
qualified names with ``/``, ``?``, ``#``, ``%``, spaces or non-ASCII survive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

__all__ = ["ApiVersion", "EgeriaPaths", "segment"]

ApiVersion = Literal["6", "5"]


def segment(value: str) -> str:
    """``value`` quoted as a single URL path segment."""
    return quote(value, safe="")


@dataclass(frozen=True)
class EgeriaPaths:
    """Path prefixes for one API line and calling user."""

    api: ApiVersion
    user_id: str | None

    def _user(self) -> str:
        return "" if self.api == "6" else f"/users/{segment(self.user_id or '')}"

    def admin(self, server_name: str) -> str:
        """Admin services for one server's configuration document."""
        return f"/open-metadata/admin-services{self._user()}/servers/{segment(server_name)}"

    def platform(self) -> str:
        """Platform services: origin, start and stop server instances."""
        return f"/open-metadata/platform-services{self._user()}/server-platform"

    def server_operations(self, server_name: str) -> str:
        """Running-server queries (status, running configuration); 5.0 and later."""
        return f"/open-metadata/server-operations{self._user()}/servers/{segment(server_name)}"

    def platform_server(self, server_name: str) -> str:
        """What the platform services say about one server (known, status, services, running instance).

        Unlike ``server_operations``, there on every line, Egeria 4.3 included.
        """
        return f"{self.platform()}/servers/{segment(server_name)}"

    def repository_services(self, server_name: str) -> str:
        """A running server's repository services: its audit-log report and severities."""
        return f"/servers/{segment(server_name)}/open-metadata/repository-services{self._user()}"

    def integration_daemon(self, server_name: str) -> str:
        """Integration-daemon services of a running daemon (§3.6)."""
        return f"/servers/{segment(server_name)}/open-metadata/integration-daemon{self._user()}"

    def governance_configuration(self, metadata_server: str, user_id: str) -> str:
        """Group definitions on a metadata access server (§3.2, §4.4).

        Even 6.x keeps ``/users/{userId}`` here; the user is the daemon's. For
        the 4.x/5.x line this is the 5.0-5.3 path, the last with writes.
        """
        if self.api == "6":
            service = "access-services/governance-configuration-service"
        else:
            service = "framework-services/governance-server/governance-configuration-service"
        return f"/servers/{segment(metadata_server)}/open-metadata/{service}/users/{segment(user_id)}"

    def open_metadata_store(self, metadata_server: str, user_id: str) -> str:
        """Egeria's generic open metadata store API on a metadata access server (egeria-wire.md §8, base A).

        6.x keeps ``/users/{userId}`` here too: the path user is the one the call acts as.
        """
        return (
            f"/servers/{segment(metadata_server)}/open-metadata/access-services/open-metadata-store"
            f"/users/{segment(user_id)}"
        )

    def metadata_expert(self, view_server: str) -> str:
        """The same API on a view server's metadata-expert service (§8, base B; 6.x only)."""
        return f"/servers/{segment(view_server)}/api/open-metadata/metadata-expert"

    def egeria_nb(self, metadata_server: str) -> str:
        """The egeria_nb extensions of a metadata server: catalog API and change feed."""
        return f"/servers/{segment(metadata_server)}/open-metadata/egeria-nb"

    def egeria_nb_server(self, server_name: str) -> str:
        """The egeria_nb extensions of any server (its audit-log records), with the user on the 4.x/5.x line."""
        return f"{self.egeria_nb(server_name)}{self._user()}"
