"""Everything one embedded platform owns while it serves, in one object."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from egeria_nb.embedded.audit_log import AuditLog
from egeria_nb.embedded.auth import Authenticator
from egeria_nb.embedded.changes import ChangeSignal
from egeria_nb.embedded.config_store import ConfigStore
from egeria_nb.embedded.daemons import HostedDaemons
from egeria_nb.embedded.datadir import DataDirectory
from egeria_nb.embedded.instances import ServerInstances
from egeria_nb.embedded.store import MetadataStore

__all__ = ["PlatformState"]


@dataclass
class PlatformState:
    data_dir: DataDirectory
    configs: ConfigStore
    auth: Authenticator
    metadata: MetadataStore
    # Serve 4.x/5.x /users/{userId} paths (off by default: they carry no secret).
    legacy_api: bool = False
    # Serve egeria_nb's own extensions (the batch catalog sync, the change feed, audit-log records). Off: only
    # what a real Egeria serves, for trying clients and daemons against Egeria's own API.
    extensions: bool = True
    # Each server's audit log: what the platform did (starts, stops, configuration changes, connector failures).
    audit: AuditLog = field(default_factory=AuditLog)
    # Running servers, and those that ran since the platform started (their starts and stops are audited).
    instances: ServerInstances = field(init=False)
    # Integration daemons this platform runs (started with start_server).
    daemons: HostedDaemons = field(init=False)
    # Wakes long-polling /changes requests after each metadata write.
    changes: ChangeSignal = field(default_factory=ChangeSignal)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    url: str = ""

    def __post_init__(self) -> None:
        self.instances = ServerInstances(self.audit)
        self.daemons = HostedDaemons(self.audit)
        self.configs.on_change = self.audit.configuration_changed
