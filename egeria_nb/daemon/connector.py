"""The connector framework: what a Python integration connector implements, and what it is given.

Lifecycle (egeria-wire.md §5), driven by the daemon:

    instance created  →  context set  →  start()  →  refresh() ... refresh()  →  disconnect()
                                                 └→  engage() ... engage()      (usesBlockingCalls)

A non-blocking connector implements ``async`` ``start``/``refresh``/``disconnect``
and must not block the event loop (use ``await``, or ``asyncio.to_thread`` for
blocking library calls). A connector registered with ``usesBlockingCalls``
implements ``engage()``, a plain function the daemon calls over and over in a
worker thread of its own; it should return after each blocking wait.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from egeria_nb.metadata.catalog import CatalogTarget, MetadataCatalog
    from egeria_nb.wire.metadata import Connection

__all__ = ["CONNECTOR_LOGGER", "ConnectorContext", "IntegrationConnector", "connector_logger"]

# Not one logger per connector: logging keeps every logger it ever created, and connector names come and go.
CONNECTOR_LOGGER = logging.getLogger("egeria_nb.connector")


class _ConnectorLog(logging.LoggerAdapter):  # type: ignore[type-arg]
    def process(self, msg: object, kwargs: Any) -> tuple[object, Any]:
        extra = self.extra or {}
        kwargs["extra"] = {**extra, **kwargs.get("extra", {})}
        return f"[{extra.get('connector_name')}] {msg}", kwargs


def connector_logger(connector_name: str, group: str) -> logging.LoggerAdapter[logging.Logger]:
    """The logger a connector's context gives it: records name the connector and its group."""
    return _ConnectorLog(CONNECTOR_LOGGER, {"connector_name": connector_name, "integration_group": group})


@dataclass
class ConnectorContext:
    """Everything a running connector may know and use. Set before ``start()``."""

    connector_name: str
    connector_id: str
    connector_guid: str | None
    group: str
    connection: Connection
    catalog: MetadataCatalog
    # One shared "egeria_nb.connector" logger; each record carries the connector's name (and is prefixed with it).
    logger: logging.LoggerAdapter[logging.Logger]
    metadata_source_qualified_name: str | None = None
    permitted_synchronization: str = "BOTH_DIRECTIONS"
    connector_user_id: str | None = None
    _publish: Callable[[dict[str, Any]], None] = field(default=lambda stats: None, repr=False)
    _spawn: Callable[[Coroutine[Any, Any, Any], str | None], asyncio.Task[Any]] | None = field(default=None, repr=False)

    @property
    def configuration_properties(self) -> dict[str, Any]:
        """A copy of the connection's configuration properties (changing it changes nothing)."""
        return dict(self.connection.configuration_properties or {})

    @property
    def endpoint_address(self) -> str | None:
        """The connection's endpoint address (a folder, a database file, a URL), or None."""
        return self.connection.endpoint_address

    async def catalog_targets(self) -> list[CatalogTarget]:
        """The elements this connector is asked to work on (``CatalogTarget`` relationships from its
        element), read now through the generic API as Egeria's connectors read them; [] without a GUID."""
        if not self.connector_guid:
            return []
        return await self.catalog.catalog_targets(self.connector_guid)

    def publish_statistics(self, statistics: Mapping[str, Any] | None = None, /, **values: Any) -> None:
        """Show figures in the daemon's status table (``statistics`` column); later values replace earlier ones."""
        self._publish({**(statistics or {}), **values})

    def create_task(self, coro: Coroutine[Any, Any, Any], name: str | None = None) -> asyncio.Task[Any]:
        """Start background work that belongs to this connector.

        The daemon keeps a reference, cancels it when the connector stops, and
        reports an exception in it as this connector's failure.
        """
        if self._spawn is None:
            raise RuntimeError("create_task is only available while the connector runs under a daemon")
        return self._spawn(coro, name)


class IntegrationConnector:
    """Base class of Python integration connectors.

    Subclass it, override what you need, and register the class so a
    connection's ``connectorProviderClassName`` can name it::

        @egeria_nb.register_connector("my_project.TicketCataloguer")
        class TicketCataloguer(egeria_nb.IntegrationConnector):
            async def refresh(self) -> None:
                tickets = await fetch_tickets(self.context.endpoint_address)
                ...
                self.context.publish_statistics(tickets=len(tickets))
    """

    #: Set by the daemon before start().
    context: ConnectorContext
    #: True when the connector cannot work without its connection's endpoint address (``diagnose()`` checks it).
    endpoint_required: ClassVar[bool] = False
    #: Configuration properties it cannot work without (``validate-connector`` marks them required).
    required_configuration_properties: ClassVar[tuple[str, ...]] = ()

    def __repr__(self) -> str:
        name = getattr(getattr(self, "context", None), "connector_name", None)
        return f"<{type(self).__name__} {name!r}>" if name else f"<{type(self).__name__}>"

    async def start(self) -> None:
        """Called once, before the first refresh (or engage). Open connections here."""

    async def refresh(self) -> None:
        """Synchronise metadata. Called after start, every refresh interval, and on request."""

    def engage(self) -> None:
        """For ``usesBlockingCalls`` connectors: one blocking wait-and-process cycle, in a worker thread."""

    async def disconnect(self) -> None:
        """Called when the connector is stopped, restarted or removed. Release resources here."""
