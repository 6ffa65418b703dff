"""Load integration-group definitions from a JSON (or YAML) file: ``egeria-nb seed`` and ``seed_definitions``.

The file lists groups, each with its connectors and how the group registers
them (see ``egeria_nb/data/lab-definitions.json``). Loading is idempotent:
what exists is updated to match the file, so a file can be edited and loaded
again. ``{samples}`` in an endpoint address becomes the samples folder.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from egeria_nb.arguments import PathText, checked
from egeria_nb.catalogue import Code
from egeria_nb.client import Platform
from egeria_nb.display import Table
from egeria_nb.metadata.catalog import MetadataCatalog
from egeria_nb.metadata.definitions import (
    create_connector_definition,
    create_group_definition,
    register_integration_connector,
    update_connector_definition,
    update_group_definition,
)
from egeria_nb.wire.assembly import CONNECTOR, GROUP
from egeria_nb.wire.metadata import PERMITTED_SYNCHRONIZATIONS

__all__ = ["LAB_DEFINITIONS", "default_samples_dir", "load_definitions", "seed_definitions"]

LAB_DEFINITIONS = "lab-definitions.json"


def default_samples_dir() -> Path:
    """The sample folder and database shipped with egeria_nb (copy them before changing them)."""
    return Path(str(resources.files("egeria_nb") / "data" / "samples"))


def load_definitions(source: PathText | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Read a definitions file (the labs' own if ``source`` is None)."""
    if source is None:
        text = (resources.files("egeria_nb") / "data" / LAB_DEFINITIONS).read_text()
        name = LAB_DEFINITIONS
    else:
        path = Path(source)
        try:
            text = path.read_bytes()
        except OSError as exc:
            raise Code.DEFINITIONS_UNREADABLE.error(path, exc.strerror) from exc
        name = str(path)
    try:
        data = _parse(text, name)
    except ImportError:
        raise Code.DEFINITIONS_NEED_YAML.error(name) from None
    except ValueError as exc:
        raise Code.DEFINITIONS_NOT_PARSED.error(name, exc) from exc
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise Code.DEFINITIONS_WITHOUT_GROUPS.error(name)
    _check_definitions(data["groups"], name)
    return data


def _parse(text: str | bytes, name: str) -> Any:
    """The file's content; ``ValueError`` (with the position, where the parser gives one) if it is not valid."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")  # UnicodeDecodeError is a ValueError
    if not name.endswith((".yaml", ".yml")):
        return json.loads(text)
    import yaml  # optional: only YAML files need it

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        # Not a ValueError; without this a YAML typo would escape as a bare parser traceback.
        raise ValueError(str(exc)) from exc


def _check_definitions(groups: list[Any], name: str) -> None:
    """Refuse a bad file as a whole, before anything is written, so a mistake halfway
    through cannot leave some groups loaded and others not."""
    for g, group in enumerate(groups):
        where = f"groups[{g}]"
        _object(group, where, name)
        _required(group, "qualifiedName", where, name)
        connectors = group.get("connectors") or []
        if not isinstance(connectors, list):
            _bad(f"{where}.connectors must be a list, not {type(connectors).__name__}", name)
        for c, connector in enumerate(connectors):
            at = f"{where}.connectors[{c}]"
            _object(connector, at, name)
            for key in ("qualifiedName", "connectorName", "provider"):
                _required(connector, key, at, name)
            interval = connector.get("refreshTimeInterval", 0)
            if not isinstance(interval, int) or isinstance(interval, bool) or interval < 0:
                _bad(f"{at}.refreshTimeInterval must be a whole number of minutes, 0 or more, not {interval!r}", name)
            properties = connector.get("configurationProperties")
            if properties is not None and not isinstance(properties, dict):
                _bad(f"{at}.configurationProperties must be an object, not {properties!r}", name)
            sync = connector.get("permittedSynchronization", "BOTH_DIRECTIONS")
            if sync not in PERMITTED_SYNCHRONIZATIONS:
                _bad(
                    f"{at}.permittedSynchronization must be one of {', '.join(PERMITTED_SYNCHRONIZATIONS)}, "
                    f"not {sync!r}",
                    name,
                )


@checked
def seed_definitions(
    platform: Platform,
    source: PathText | os.PathLike[str] | None = None,
    *,
    metadata_server: str | None = None,
    samples_dir: PathText | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Create or update the groups, connectors and registrations a definitions file describes.

    Returns one row per connector registration: group, connector, and whether
    each was created or updated.

    For example::

        enb.seed_definitions(platform)   # the labs' definitions, egeria_nb/data/lab-definitions.json
        # your own copy of that file, on another metadata server than the one the file names
        enb.seed_definitions(platform, "my-definitions.json", metadata_server="lab-metadata-store")
    """
    data = load_definitions(source)
    server = metadata_server or data.get("metadataServer") or "active-metadata-store"
    samples = str(Path(samples_dir) if samples_dir is not None else default_samples_dir())
    catalog = MetadataCatalog(platform, server)
    rows = []
    for group in data["groups"]:
        group_name = group["qualifiedName"]
        exists = platform.run(catalog.find_element(GROUP, group_name)) is not None
        details = {
            "display_name": group.get("displayName"),
            "description": group.get("description"),
        }
        if exists:
            update_group_definition(platform, server, group_name, **details)
        else:
            create_group_definition(platform, server, group_name, **details)
        for connector in group.get("connectors") or []:
            name = connector["qualifiedName"]
            address = connector.get("endpointAddress")
            if isinstance(address, str):
                address = address.replace("{samples}", samples)
            properties = connector.get("configurationProperties") or {}
            connector_exists = platform.run(catalog.find_element(CONNECTOR, name)) is not None
            if connector_exists:
                update_connector_definition(
                    platform,
                    server,
                    name,
                    connector_provider=connector["provider"],
                    configuration_properties=properties,
                    merge_configuration=False,
                    endpoint_address=address,
                    uses_blocking_calls=bool(connector.get("usesBlockingCalls", False)),
                    display_name=connector.get("displayName"),
                    description=connector.get("description"),
                )
            else:
                create_connector_definition(
                    platform,
                    server,
                    name,
                    connector["provider"],
                    configuration_properties=properties,
                    endpoint_address=address,
                    uses_blocking_calls=bool(connector.get("usesBlockingCalls", False)),
                    display_name=connector.get("displayName"),
                    description=connector.get("description"),
                )
            register_integration_connector(
                platform,
                server,
                group_name,
                name,
                connector["connectorName"],
                refresh_time_interval=connector.get("refreshTimeInterval", 0),
                permitted_synchronization=connector.get("permittedSynchronization", "BOTH_DIRECTIONS"),
                connector_user_id=connector.get("connectorUserId"),
                metadata_source_qualified_name=connector.get("metadataSourceQualifiedName"),
            )
            rows.append(
                {
                    "group": group_name,
                    "group_action": "updated" if exists else "created",
                    "connector": name,
                    "connector_action": "updated" if connector_exists else "created",
                    "connector_name": connector["connectorName"],
                }
            )
    return Table(rows, columns=["group", "group_action", "connector", "connector_action", "connector_name"])


def _required(item: dict[str, Any], key: str, where: str, name: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        what = "group" if "connectors[" not in where else "connector"
        raise Code.DEFINITION_WITHOUT_KEY.error(where, name, key, what)
    return value


def _object(item: Any, where: str, name: str) -> None:
    if not isinstance(item, dict):
        _bad(f"{where} must be an object, not {item!r}", name)


def _bad(problem: str, name: str) -> None:
    raise Code.DEFINITIONS_NOT_VALID.error(name, problem)
