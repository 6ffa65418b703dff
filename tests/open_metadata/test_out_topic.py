"""The out-topic connection a metadata access server gives Egeria's Java daemon and connectors (egeria-wire.md §8).

Checked as Egeria's client checks it before it starts the listener (``ConnectorBroker`` and the
event client): a ``VirtualConnection`` with at least one embedded connection, the service's own
out-topic client as its connector type, and an embedded topic connection naming a provider
Egeria ships, with the caller's id.
"""

from __future__ import annotations

import pytest

from egeria_nb.wire.topics import OCFConnectionResponse
from tests.conftest import Raw
from tests.open_metadata.conftest import MD, PATH_USER

OMF = f"/servers/{MD}/open-metadata/access-services/open-metadata-store/users/{PATH_USER}"
GAF = f"/servers/{MD}/open-metadata/access-services/open-governance-service/users/{PATH_USER}"
IN_MEMORY = "org.odpi.openmetadata.adapters.eventbus.topic.inmemory.InMemoryOpenMetadataTopicProvider"


@pytest.mark.parametrize(
    ("base", "client", "service", "topic"),
    [
        (
            OMF,
            "org.odpi.openmetadata.frameworkservices.omf.connectors.outtopic.OMFOutTopicClientProvider",
            "Open Metadata Store Services",
            "omas.openmetadatastore.outTopic",
        ),
        (
            GAF,
            "org.odpi.openmetadata.frameworkservices.gaf.connectors.outtopic.GAFOutTopicClientProvider",
            "Open Governance Framework Services",
            "omas.opengovernanceservice.outTopic",
        ),
    ],
    ids=["open-metadata-store (connectors, 5.4 daemons)", "open-governance-service (6.x daemons)"],
)
def test_the_out_topic_connection_is_what_egerias_client_accepts(
    module_raw: Raw, base: str, client: str, service: str, topic: str
) -> None:
    caller = "f00dfeed-server-idEgeria:IntegrationGroup:Files"  # the daemon's server id + group name, no separator
    body = module_raw("GET", f"{base}/topics/out-topic-connection/{caller}").json()
    assert body["class"] == "OCFConnectionResponse"
    assert body["relatedHTTPCode"] == 200
    connection = body["connection"]
    assert connection["class"] == "VirtualConnection"
    assert connection["qualifiedName"] == connection["displayName"] == "OutTopicConnector." + service
    assert "guid" not in connection
    outer_type = connection["connectorType"]
    assert (outer_type["class"], outer_type["connectorProviderClassName"]) == ("ConnectorType", client)
    (embedded,) = connection["embeddedConnections"]
    assert (embedded["class"], embedded["position"], embedded["displayName"]) == (
        "EmbeddedConnection",
        0,
        "Topic Event Bus",
    )
    topic_connection = embedded["embeddedConnection"]
    assert topic_connection["class"] == "Connection"
    assert topic_connection["connectorType"]["connectorProviderClassName"] == IN_MEMORY
    assert topic_connection["endpoint"] == {
        "class": "Endpoint",
        "headerVersion": 0,
        "networkAddress": f"egeria.omag.server.{MD}.{topic}",
    }
    assert topic_connection["configurationProperties"] == {"local.server.id": caller, "eventDirection": "inOnly"}
    # Every bean carries its class and headerVersion, as Jackson writes Egeria's.
    for bean in (connection, outer_type, embedded, topic_connection, topic_connection["connectorType"]):
        assert "class" in bean and bean["headerVersion"] == 0, bean
    parsed = OCFConnectionResponse.model_validate(body).connection
    assert parsed is not None and parsed.provider == client


def test_each_caller_gets_its_own_id(module_raw: Raw) -> None:
    ids = {
        module_raw("GET", f"{GAF}/topics/out-topic-connection/{caller}").json()["connection"]["embeddedConnections"][0][
            "embeddedConnection"
        ]["configurationProperties"]["local.server.id"]
        for caller in ("one", "two")
    }
    assert ids == {"one", "two"}


def test_only_a_running_metadata_access_server_has_an_out_topic(module_raw: Raw) -> None:
    for server in ("no-such-server", "qs-view-server"):
        body = module_raw(
            "GET",
            f"/servers/{server}/open-metadata/access-services/open-governance-service/users/u/topics/"
            "out-topic-connection/caller",
        ).json()
        assert body["relatedHTTPCode"] == 404, body
        assert "connection" not in body
        assert server in body["exceptionErrorMessage"]
