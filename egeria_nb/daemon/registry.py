"""Which Python class a connection's ``connectorProviderClassName`` names.

Looked up, in order: classes registered in this process (``register_connector``,
usable as a decorator in a notebook cell), egeria_nb's built-in connectors, and
the ``egeria_nb.connectors`` entry-point group of installed packages. A name
found nowhere is never imported: definitions come from a metadata server, and
importing whatever module remote metadata names would run arbitrary code.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import TypeVar

from egeria_nb.arguments import checked
from egeria_nb.daemon.connector import IntegrationConnector

__all__ = [
    "BUILTIN_CONNECTORS",
    "ENTRY_POINT_GROUP",
    "ConnectorRegistry",
    "NotAConnectorError",
    "ProviderError",
    "register_connector",
]

ENTRY_POINT_GROUP = "egeria_nb.connectors"
# Provider name → "module:Class" of the connectors egeria_nb ships.
BUILTIN_CONNECTORS = {
    "egeria_nb.connectors.files.FolderCataloguer": "egeria_nb.connectors.files:FolderCataloguer",
    "egeria_nb.connectors.sqlite.SQLiteCataloguer": "egeria_nb.connectors.sqlite:SQLiteCataloguer",
    "egeria_nb.connectors.csv.CSVSchemaCataloguer": "egeria_nb.connectors.csv:CSVSchemaCataloguer",
    "egeria_nb.connectors.training.TrainingConnector": "egeria_nb.connectors.training:TrainingConnector",
}
C = TypeVar("C", bound=type[IntegrationConnector])


class ProviderError(Exception):
    """The provider name cannot be turned into a connector class; the message says what to do."""


class NotAConnectorError(ProviderError):
    """The provider name is known, but names something that is not an ``IntegrationConnector`` class.

    Kept apart from "not known at all" because Egeria reports the two differently
    when a connector is validated (a class that is not found, a provider of the wrong kind).
    """


class ConnectorRegistry:
    """Provider name → connector class, for every daemon in this process."""

    def __init__(self) -> None:
        self._classes: dict[str, type[IntegrationConnector]] = {}
        self._lock = threading.Lock()
        self._listeners: list[Callable[[str], None]] = []

    def register(self, name: str, cls: type[IntegrationConnector]) -> None:
        if not isinstance(name, str) or not name.strip():
            raise ValueError("a connector provider name must be non-empty text, e.g. 'my_project.MyConnector'")
        if not (isinstance(cls, type) and issubclass(cls, IntegrationConnector)):
            raise TypeError(f"{cls!r} is not a subclass of egeria_nb.IntegrationConnector")
        with self._lock:
            replaced = name in self._classes
            self._classes[name] = cls
            listeners = list(self._listeners)
        if replaced:
            # Running connectors of the old class restart with the new one (edit a cell, re-run it).
            for listener in listeners:
                listener(name)

    def unregister(self, name: str) -> None:
        with self._lock:
            self._classes.pop(name, None)

    def on_replace(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """Call ``listener(name)`` when a registered name gets a new class; returns an unsubscribe function."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def names(self) -> list[str]:
        with self._lock:
            return sorted({*self._classes, *BUILTIN_CONNECTORS})

    def resolve(self, name: str | None) -> type[IntegrationConnector]:
        if not name:
            raise ProviderError(
                "The connection names no connector provider (connectorType.connectorProviderClassName is empty). "
                "Set it to a registered Python connector, e.g. egeria_nb.connectors.files.FolderCataloguer."
            )
        with self._lock:
            cls = self._classes.get(name)
        if cls is not None:
            return cls
        if name in BUILTIN_CONNECTORS:
            module, _, attr = BUILTIN_CONNECTORS[name].partition(":")
            return _connector_class(name, getattr(importlib.import_module(module), attr))
        for entry in entry_points(group=ENTRY_POINT_GROUP):
            if entry.name == name:
                return _connector_class(name, entry.load())
        if name.startswith(("org.odpi.", "org.apache.", "com.")) or name.endswith("Provider"):
            raise ProviderError(
                f"{name} is a Java connector provider; it runs only in Egeria's Java integration daemon. "
                "Run this group there (see RemoteIntegrationDaemon), or register a Python connector under this name "
                "with @egeria_nb.register_connector(...)."
            )
        raise ProviderError(
            f"No Python connector is registered as {name!r}. Register one in this kernel with "
            f"@egeria_nb.register_connector({name!r}) on an IntegrationConnector subclass, or install a package "
            f"that declares it in the {ENTRY_POINT_GROUP!r} entry-point group. Built-in connectors: "
            + ", ".join(sorted(BUILTIN_CONNECTORS))
            + "."
        )


def _connector_class(name: str, cls: object) -> type[IntegrationConnector]:
    if isinstance(cls, type) and issubclass(cls, IntegrationConnector):
        return cls
    raise NotAConnectorError(f"{name} names {cls!r}, which is not an egeria_nb.IntegrationConnector subclass")


# The registry every daemon uses unless given another: registrations made in a
# notebook cell must reach daemons created before or after it.
DEFAULT_REGISTRY = ConnectorRegistry()


@checked
def register_connector(name: str, *, registry: ConnectorRegistry | None = None) -> Callable[[C], C]:
    """Class decorator: make connections whose provider is ``name`` run this class.

    Registering a name again (re-running the cell) replaces the class, and
    running connectors of that name restart with the new code.

    For example::

        @enb.register_connector("my_project.NotebookCataloguer")
        class NotebookCataloguer(enb.IntegrationConnector):
            async def refresh(self) -> None:
                ...
    """

    def decorate(cls: C) -> C:
        (registry or DEFAULT_REGISTRY).register(name, cls)
        return cls

    return decorate
