"""The metadata store: every metadata access server's elements in one SQLite file (see ``store``)."""

from egeria_nb.embedded.store.records import Change, Classification, Element, Relationship, SyncCounts, SyncedElement
from egeria_nb.embedded.store.search import ElementQuery, QueryError
from egeria_nb.embedded.store.store import CHANGE_LOG_KEEP, MetadataStore, StoreWriter

__all__ = [
    "CHANGE_LOG_KEEP",
    "Change",
    "Classification",
    "Element",
    "ElementQuery",
    "MetadataStore",
    "QueryError",
    "Relationship",
    "StoreWriter",
    "SyncCounts",
    "SyncedElement",
]
