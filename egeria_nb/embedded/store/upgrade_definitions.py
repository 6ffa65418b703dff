"""Schema version 3: definitions kept as Egeria keeps them, in stores written by earlier egeria_nb.

Up to version 2 egeria_nb kept a connector's OCF connection as one ``connection`` property of
the ``IntegrationConnector`` (no Egeria type has it) and registration dates as ISO-8601 text;
its cataloguers linked an asset to its schema with ``AssetSchemaType``, a name Egeria 6.x does
not have. Version 3 stores what ``create_connector_definition`` now writes through Egeria's
generic API: a ``Connection`` (the name it had, or ``<connector>_implementation``, linked by
``AssetConnection``),
its ``ConnectorType`` (shared per provider, ``ConnectionConnectorType``) and ``Endpoint``
(``<connector>_endpoint``, ``ConnectToEndpoint``), the connection and endpoint anchored to the
connector; dates as epoch milliseconds; ``Schema`` for the asset-to-schema link.

Catalogued elements keep the properties they had: the connectors that wrote them replace them
at their next refresh.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from egeria_nb.wire.assembly import (
    ASSET_CONNECTION,
    CONNECT_TO_ENDPOINT,
    CONNECTION,
    CONNECTION_CONNECTOR_TYPE,
    CONNECTOR,
    CONNECTOR_TYPE,
    ENDPOINT,
    REGISTRATION,
    connection_name,
    connector_type_name,
    endpoint_name,
)

__all__ = ["upgrade_definitions"]

LOGGER = logging.getLogger("egeria_nb.embedded")


class _Writer:
    """Plain inserts into one store file, inside the upgrade's transaction."""

    def __init__(self, db: sqlite3.Connection, family_of: Callable[[str], str], domain_of: Callable[[str], str]):
        self.db = db
        self.family_of = family_of
        self.domain_of = domain_of
        self.now = datetime.now(UTC).isoformat(timespec="milliseconds")

    def element(self, server: str, type_name: str, name: str, properties: dict[str, Any], user: str) -> str:
        guid = str(uuid.uuid4())
        taken = self.db.execute(
            "SELECT 1 FROM elements WHERE server=? AND family=? AND qualified_name=?",
            (server, self.family_of(type_name), name),
        ).fetchone()
        if taken:
            # Another element already has the name this one would take: keep both, under a distinct name.
            name = f"{name}::{guid}"
            LOGGER.warning("Upgrading the metadata store: %s named %r instead (the name was taken)", type_name, name)
        self.db.execute(
            "INSERT INTO elements VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                guid,
                server,
                type_name,
                self.family_of(type_name),
                name,
                json.dumps({**properties, "qualifiedName": name}),
                1,
                user,
                None,
                self.now,
                None,
                None,
                None,
            ),
        )
        return guid

    def relate(self, server: str, type_name: str, end1: str, end2: str, user: str) -> None:
        self.db.execute(
            "INSERT INTO relationships VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (str(uuid.uuid4()), server, type_name, end1, end2, "{}", 1, user, None, self.now, None, None, None),
        )

    def anchor(self, guid: str, anchor_guid: str, anchor_type: str, user: str) -> None:
        values = {
            "anchorGUID": anchor_guid,
            "anchorTypeName": anchor_type,
            "anchorDomainName": self.domain_of(anchor_type),
        }
        self.db.execute(
            "INSERT OR REPLACE INTO classifications VALUES (?,?,?,?,?,?,?,?,?,?)",
            (guid, "Anchors", json.dumps(values), 1, user, None, self.now, None, None, None),
        )


def _epoch_millis(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def upgrade_definitions(
    db: sqlite3.Connection, family_of: Callable[[str], str], domain_of: Callable[[str], str]
) -> None:
    """Bring a version-2 file's definitions to version 3 (inside the caller's transaction)."""
    w = _Writer(db, family_of, domain_of)
    connector_types: dict[tuple[str, str], str] = {}
    for server, guid, provider in db.execute(
        "SELECT server, guid, json_extract(properties, '$.connectorProviderClassName') FROM elements WHERE type_name=?",
        (CONNECTOR_TYPE,),
    ).fetchall():
        if provider:
            connector_types.setdefault((server, provider), guid)
    connectors = db.execute(
        "SELECT guid, server, qualified_name, properties, created_by FROM elements WHERE type_name=?", (CONNECTOR,)
    ).fetchall()
    for guid, server, name, text, user in connectors:
        properties = json.loads(text)
        connection = properties.pop("connection", None)
        if not isinstance(connection, dict):
            continue
        provider = (connection.get("connectorType") or {}).get("connectorProviderClassName")
        properties.setdefault("deployedImplementationType", "Integration Connector")
        if provider:
            properties.setdefault("resourceName", provider)
        db.execute("UPDATE elements SET properties=? WHERE guid=?", (json.dumps(properties), guid))
        w.anchor(guid, guid, CONNECTOR, user)
        values = {k: connection[k] for k in ("configurationProperties", "userId") if connection.get(k) is not None}
        name_of_connection = connection.get("qualifiedName") or connection_name(name)
        connection_guid = w.element(server, CONNECTION, name_of_connection, values, user)
        w.anchor(connection_guid, guid, CONNECTOR, user)
        w.relate(server, ASSET_CONNECTION, guid, connection_guid, user)
        if provider:
            type_guid = connector_types.get((server, provider))
            if type_guid is None:
                type_guid = w.element(
                    server,
                    CONNECTOR_TYPE,
                    connector_type_name(provider),
                    {
                        "displayName": provider.rsplit(".", 1)[-1],
                        "connectorProviderClassName": provider,
                        "supportedAssetTypeName": CONNECTOR,
                        "supportedDeployedImplementationType": "Integration Connector",
                    },
                    user,
                )
                w.anchor(type_guid, type_guid, CONNECTOR_TYPE, user)
                connector_types[(server, provider)] = type_guid
            w.relate(server, CONNECTION_CONNECTOR_TYPE, connection_guid, type_guid, user)
        endpoint = connection.get("endpoint") or {}
        address = endpoint.get("networkAddress") or endpoint.get("address")
        if address:
            endpoint_guid = w.element(server, ENDPOINT, endpoint_name(name), {"networkAddress": address}, user)
            w.anchor(endpoint_guid, guid, CONNECTOR, user)
            w.relate(server, CONNECT_TO_ENDPOINT, connection_guid, endpoint_guid, user)
    for guid, text in db.execute(
        "SELECT guid, properties FROM relationships WHERE type_name=?", (REGISTRATION,)
    ).fetchall():
        properties = json.loads(text)
        for field in ("startDate", "connectorShutdownDate"):
            if field in properties:
                properties[field] = _epoch_millis(properties[field])
        db.execute("UPDATE relationships SET properties=? WHERE guid=?", (json.dumps(properties), guid))
    db.execute("UPDATE relationships SET type_name='Schema' WHERE type_name='AssetSchemaType'")
