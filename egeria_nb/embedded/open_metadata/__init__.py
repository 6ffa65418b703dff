"""Egeria's generic open metadata store API over the metadata store: what each call does (``writes``,
``reads``) and the beans it answers with (``beans``). The handlers are in ``views.open_metadata_store``."""
