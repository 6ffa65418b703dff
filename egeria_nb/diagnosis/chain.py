"""Walk the chain an integration daemon depends on, link by link, and say where it breaks.

Platform → credentials → configuration document → configured groups → for each group: its
metadata server's platform, that server running, the group's definition, its registrations, and
for each registered connector its provider, endpoint and configuration, and start/stop window →
the daemon running → for each connector it runs: its state, its refreshes, the event loop.

Every fact comes from Egeria's own APIs (admin services, platform services, the governance
configuration service a daemon reads its groups from, the integration-daemon services), so the
walk is the same against the embedded platform and a real Egeria. Only the daemon's own part
differs: a daemon in this kernel is asked directly, one elsewhere over REST. A broken link stops
the walk below it: a group whose metadata server cannot be reached has no definition to check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from egeria_nb.client import Platform
from egeria_nb.daemon.history import HistoryEvent
from egeria_nb.daemon.protocol import Daemon
from egeria_nb.daemon.registry import DEFAULT_REGISTRY, ConnectorRegistry, ProviderError
from egeria_nb.daemon.runner import ConnectorStatistics
from egeria_nb.daemon.status import FAILED_STATES, ConnectorStatus
from egeria_nb.diagnosis.findings import FAILED, PASSED, WARNING, Diagnosis, Finding
from egeria_nb.errors import EgeriaError, NotAuthorizedError, PlatformUnreachableError
from egeria_nb.metadata.definitions import fetch_group, fetch_registered_connectors
from egeria_nb.wire import IntegrationGroupConfig, IntegrationGroupsResponse
from egeria_nb.wire.admin import OWN_PLATFORM, PLACEHOLDER
from egeria_nb.wire.daemon import ConnectorReport
from egeria_nb.wire.metadata import RegisteredIntegrationConnectorElement
from egeria_nb.wire.responses import ServerListResponse, ServerTypeClassificationResponse

__all__ = ["DaemonSide", "walk"]

INTEGRATION_DAEMON = "Integration Daemon"
# How much of an answer or message a detail quotes.
QUOTE_CHARS = 300
# How many names a detail lists before it says how many more there are.
NAMES_SHOWN = 5
# The watchdog's history note for the start of a loop block: "LOOP BLOCKED: connector X is blocking the ...".
_BLOCKED, _BLOCK_STARTS = "LOOP BLOCKED", " is blocking the daemon's event loop "


@dataclass
class DaemonSide:
    """What only the daemon itself can tell: asked directly in this kernel, over REST elsewhere."""

    daemon: Daemon
    # True: a daemon in this kernel (its registry, its history of loop blocks); False: one elsewhere.
    local: bool
    # Clients for metadata servers on other platforms, by root URL.
    platforms: Mapping[str, Platform] = field(default_factory=dict)
    # The length of one of Egeria's minutes for this daemon (refreshTimeInterval counts minutes).
    seconds_per_minute: float = 60.0
    registry: ConnectorRegistry = DEFAULT_REGISTRY
    # None: the daemon does not say whether it runs (one elsewhere: asked of its platform instead).
    running: Callable[[], bool] | None = None
    history: Callable[[], list[HistoryEvent]] = list


def _quote(text: object) -> str:
    words = " ".join(str(text).split())
    return words if len(words) <= QUOTE_CHARS else words[: QUOTE_CHARS - 1] + "…"


def _error(check: str, error: EgeriaError, what_to_do: str = "") -> Finding:
    # The message without its id, which has a column of its own.
    text = error.message.removeprefix(f"{error.message_id} ") if error.message_id else error.message
    return Finding(check, FAILED, _quote(text), what_to_do or (error.user_action or ""), error.message_id)


def _names(names: Iterable[str]) -> str:
    listed = sorted(names)
    more = f" and {len(listed) - NAMES_SHOWN} more" if len(listed) > NAMES_SHOWN else ""
    return ", ".join(listed[:NAMES_SHOWN]) + more


@dataclass
class _Registered:
    """A connector a group registers, as the metadata server has it."""

    group: str
    metadata_server: str
    qualified_name: str
    element: RegisteredIntegrationConnectorElement


class _Walk:
    def __init__(self, side: DaemonSide, timeout_s: float) -> None:
        self.side = side
        self.daemon = side.daemon
        self.server = side.daemon.server_name
        self.client = side.daemon.platform.with_timeout(timeout_s)
        self.timeout_s = timeout_s
        self.findings: list[Finding] = []
        self.failures = 0
        self.registered: dict[tuple[str, str], _Registered] = {}
        # (group, connector name) of the connectors whose definition failed a check: not descended into.
        self.broken: set[tuple[str, str]] = set()
        # One client per platform URL, made for this walk and closed at its end; the daemon's own first.
        self._clients: dict[str, Platform] = {self.client.url.rstrip("/"): self.client}
        # What each platform answered once, asked by several checks (its origin, its running servers).
        self._origins: dict[str, EgeriaError | None] = {}
        self._active: dict[str, list[str]] = {}
        # The configuration's groups as the credentials check read them (or why they could not be read).
        self._configured: IntegrationGroupsResponse | EgeriaError | None = None
        self._daemon_active: bool | None = None

    def record(self, finding: Finding) -> None:
        self.findings.append(finding)
        if finding.result == FAILED:
            self.failures += 1

    def add(self, check: str, result: str, detail: str, what_to_do: str = "", message_id: str | None = None) -> None:
        self.record(Finding(check, result, detail, what_to_do, message_id))

    # -- the platform and the configuration document -------------------------------------------------------------

    def run(self) -> Diagnosis:
        try:
            if self._platform() and self._credentials() and self._configuration():
                groups = self._groups()
                for group in groups:
                    self._group(group)
                if groups and self._daemon_running():
                    snapshots = sorted(self.daemon.statistics(), key=lambda s: (s.group, s.connector_name))
                    for snapshot in snapshots:
                        if (snapshot.group, snapshot.connector_name) not in self.broken:
                            self._connector_runtime(snapshot)
                    self._not_run({(s.group, s.connector_name) for s in snapshots})
        finally:
            for client in self._clients.values():
                client.close()
        return Diagnosis(self.server, self.client.url, self.findings)

    def _platform(self) -> bool:
        check = "platform reachable"
        try:
            origin = self.client.call("GET", self.client.paths.platform() + "/origin", response=str)
        except PlatformUnreachableError as error:
            self.record(
                _error(
                    check,
                    error,
                    f"Start the platform at {self.client.url}, or check the URL (enb.start_embedded(folder) serves "
                    "one in this kernel; `egeria-nb serve` in a terminal).",
                )
            )
            return False
        except EgeriaError as error:
            # It answered, if not with its origin (a proxy, an older release): reachable all the same.
            detail = f"{self.client.url} answers ({_quote(error)})"
        else:
            detail = f"{self.client.url}: {_quote(origin)}"
        self._origins[self.client.url.rstrip("/")] = None  # a group whose metadata server is here need not ask again
        self.add(check, PASSED, detail)
        return True

    def _credentials(self) -> bool:
        check = "credentials accepted"
        try:
            self._configured = self.client.call(
                "GET",
                self.client.paths.admin(self.server) + "/integration-groups/configuration",
                response=IntegrationGroupsResponse,
            )
        except NotAuthorizedError as error:
            self.record(
                _error(
                    check,
                    error,
                    f"Check the user id and password of the Platform object (user {self.client.user_id!r}); "
                    "Platform.from_env() reads EGERIA_USER and EGERIA_USER_PASSWORD, and the embedded platform's "
                    "are in its credentials.json.",
                )
            )
            return False
        except EgeriaError as error:
            if isinstance(error, PlatformUnreachableError):
                self.record(_error(check, error))
                return False
            # Logged in, though the groups cannot be read: the groups check says why.
            self._configured = error
        self.add(check, PASSED, f"user {self.client.user_id!r} is accepted")
        return True

    def _configuration(self) -> bool:
        check = "configuration document"
        create = (
            f"Configure it as an integration daemon: enb.create_integration_daemon(platform, {self.server!r}, groups) "
            f"or enb.configure_integration_group(platform, {self.server!r}, group)."
        )
        try:
            answer = self.client.call(
                "GET",
                self.client.paths.admin(self.server) + "/server-type-classification",
                response=ServerTypeClassificationResponse,
            )
        except EgeriaError as error:
            self.record(_error(check, error, create))
            return False
        kind = answer.server_type_classification.server_type_name if answer.server_type_classification else None
        if kind != INTEGRATION_DAEMON:
            self.add(check, FAILED, f"{self.server} is configured as {kind or 'an unknown kind of server'}", create)
            return False
        self.add(check, PASSED, f"{self.server} is configured as an {INTEGRATION_DAEMON}")
        return True

    def _groups(self) -> list[IntegrationGroupConfig]:
        check = "groups configured"
        if isinstance(self._configured, EgeriaError):
            self.record(_error(check, self._configured))
            return []
        groups = (self._configured.groups if self._configured is not None else None) or []
        if not groups:
            self.add(
                check,
                FAILED,
                f"{self.server}'s configuration names no integration groups",
                f"enb.configure_integration_group(platform, {self.server!r}, enb.IntegrationGroupConfig(...)).",
            )
            return []
        names = [g.integration_group_qualified_name or "?" for g in groups]
        self.add(check, PASSED, f"{len(groups)} group{'s' if len(groups) != 1 else ''}: {_names(names)}")
        return groups

    # -- each group, on its metadata server ----------------------------------------------------------------------

    def _group_client(self, url: str) -> Platform:
        if url in self._clients:
            return self._clients[url]
        own = {u.rstrip("/") for u in getattr(self.daemon.platform, "earlier_urls", ())}
        known = {u.rstrip("/"): p for u, p in self.side.platforms.items()}
        if url in own:
            client = self.client
        elif url in known:
            client = known[url].with_timeout(self.timeout_s)
        else:
            source = self.daemon.platform
            # The daemon's own credentials, as the daemon itself would use them for another platform.
            client = Platform(
                url,
                user_id=source.user_id,
                password=source.password,
                api=source.api,
                verify=source.verify,
                timeout_s=self.timeout_s,
            )
        self._clients[url] = client
        return client

    def _origin_problem(self, client: Platform) -> EgeriaError | None:
        """Why the platform cannot be reached, or None: asked once per platform (several groups may share one)."""
        url = client.url.rstrip("/")
        if url not in self._origins:
            try:
                client.call("GET", client.paths.platform() + "/origin", response=str)
                self._origins[url] = None
            except PlatformUnreachableError as error:
                self._origins[url] = error
            except EgeriaError:
                self._origins[url] = None  # it answered, if not with its origin
        return self._origins[url]

    def _active_servers(self, client: Platform) -> list[str]:
        """The servers running on the platform (platform services' ``servers/active``, in every Egeria release).

        Asked once per platform: each group on it, and the daemon, check against the same answer.
        """
        url = client.url.rstrip("/")
        if url not in self._active:
            answer = client.call("GET", client.paths.platform() + "/servers/active", response=ServerListResponse)
            self._active[url] = answer.server_list or []
        return self._active[url]

    def _group(self, group: IntegrationGroupConfig) -> None:
        name = group.integration_group_qualified_name or "?"
        server = group.omag_server_name or "?"
        url = (group.omag_server_platform_root_url or "").replace(OWN_PLATFORM, self.client.url).rstrip("/")
        prefix = f"group {name}"
        reconfigure = (
            f"Correct the group's configuration: enb.configure_integration_group(platform, {self.server!r}, "
            f"enb.IntegrationGroupConfig(integration_group_qualified_name={name!r}, omag_server_name=..., "
            "omag_server_platform_root_url=...))."
        )
        if not url or PLACEHOLDER.match(url):
            self.add(f"{prefix}: metadata server platform", FAILED, f"no usable platform URL ({url!r})", reconfigure)
            return
        client = self._group_client(url)
        unreachable = self._origin_problem(client)
        if unreachable is not None:
            self.record(
                _error(
                    f"{prefix}: metadata server platform",
                    unreachable,
                    f"Start the platform at {url}; or: {reconfigure}",
                )
            )
            return
        self.add(f"{prefix}: metadata server platform", PASSED, f"{url} answers")
        check = f"{prefix}: metadata server running"
        try:
            active = server in self._active_servers(client)
        except EgeriaError as error:
            self.record(_error(check, error))
            return
        if not active:
            self.add(
                check,
                FAILED,
                f"{server} is not running on {url}",
                f"Start it: enb.start_server(platform, {server!r}) (on the platform at {url}); or: {reconfigure}",
            )
            return
        self.add(check, PASSED, f"{server} is running on {url}")
        check = f"{prefix}: definition"
        try:
            element = client.run(fetch_group(client, server, name), timeout_s=self.timeout_s * 3)
        except EgeriaError as error:
            self.record(_error(check, error))
            return
        if element is None or element.guid is None:
            self.add(
                check,
                FAILED,
                f"{server} has no IntegrationGroup named {name!r}",
                f"Define it: enb.create_group_definition(platform, {server!r}, {name!r}); or: {reconfigure}",
            )
            return
        self.add(check, PASSED, f"found on {server} (GUID {element.guid})")
        check = f"{prefix}: registrations"
        try:
            elements = client.run(
                fetch_registered_connectors(client, server, element.guid), timeout_s=self.timeout_s * 3
            )
        except EgeriaError as error:
            self.record(_error(check, error))
            return
        if not elements:
            self.add(
                check,
                WARNING,
                "the group registers no connectors, so the daemon runs none for it",
                f"enb.register_integration_connector(platform, {server!r}, {name!r}, connector_qualified_name, "
                "connector_name).",
            )
            return
        names = [_registered_name(e) for e in elements]
        self.add(check, PASSED, f"{len(elements)} connector{'s' if len(elements) != 1 else ''}: {_names(names)}")
        for registered in elements:
            failed_before = self.failures
            self._connector_definition(name, server, registered)
            if self.failures > failed_before:
                self.broken.add((name, _registered_name(registered)))

    # -- each registered connector, as defined ---------------------------------------------------------------------

    def _connector_definition(self, group: str, server: str, element: RegisteredIntegrationConnectorElement) -> None:
        name = _registered_name(element)
        qualified = (element.properties.qualified_name if element.properties else None) or name
        self.registered[(group, name)] = _Registered(group, server, qualified, element)
        prefix = f"connector {name}"
        connection = element.properties.connection if element.properties else None
        provider = connection.provider if connection is not None else None
        redefine = f"enb.update_connector_definition(platform, {server!r}, {qualified!r}, connector_provider=...)"
        if not provider:
            self.add(f"{prefix}: provider", FAILED, "its connection names no connector provider", redefine + ".")
            return
        go_on, report = self._provider(prefix, provider, redefine)
        if not go_on:
            return
        self._needs(prefix, server, qualified, provider, report, element)
        self._window(prefix, group, server, qualified, element)

    def _provider(self, prefix: str, provider: str, redefine: str) -> tuple[bool, ConnectorReport | None]:
        """Whether to go on with the connector's checks, and what the daemon says of its provider if it was asked."""
        check = f"{prefix}: provider"
        if not self.side.local and not self._is_daemon_active():
            self.add(
                check,
                WARNING,
                f"{provider}: not checked, since {self.server} is not running to be asked (validate-connector)",
            )
            return True, None
        try:
            report = self.daemon.validate_connector(provider)
        except EgeriaError as error:
            self.record(
                _error(
                    check,
                    error,
                    f"Name a class the daemon can load: {redefine}; for a class in this kernel, decorate it with "
                    f"@enb.register_connector({provider!r}) (egeria_nb looks nowhere else, by design).",
                )
            )
            return False, None
        kind = report.connector_type.display_name if report.connector_type else None
        self.add(check, PASSED, f"{provider} resolves" + (f" to {kind}" if kind else ""))
        return True, report

    def _needs(
        self,
        prefix: str,
        server: str,
        qualified: str,
        provider: str,
        report: ConnectorReport | None,
        element: RegisteredIntegrationConnectorElement,
    ) -> None:
        check = f"{prefix}: endpoint and configuration"
        connection = element.properties.connection if element.properties else None
        endpoint = connection.endpoint_address if connection is not None else None
        configured = dict(connection.configuration_properties or {}) if connection is not None else {}
        # No report when a daemon elsewhere was not running to be asked: nothing is known to be required.
        supported = (report.supported_configuration_properties if report is not None else None) or []
        required = sorted(p.name for p in supported if p.required and p.name)
        missing = [p for p in required if configured.get(p) in (None, "")]
        needs_endpoint = _needs_endpoint(self.side.registry, provider)
        problems = []
        if needs_endpoint and not (endpoint or "").strip():
            problems.append("it has no endpoint address, which its provider needs")
        if missing:
            problems.append(f"configuration properties its provider needs are missing: {', '.join(missing)}")
        if problems:
            fixes = []
            if needs_endpoint and not (endpoint or "").strip():
                fixes.append("endpoint_address=...")
            if missing:
                fixes.append("configuration_properties={" + ", ".join(f"{p!r}: ..." for p in missing) + "}")
            self.add(
                check,
                FAILED,
                "; ".join(problems),
                f"enb.update_connector_definition(platform, {server!r}, {qualified!r}, {', '.join(fixes)}).",
            )
            return
        shown = [f"endpoint {endpoint}" if endpoint else "no endpoint"]
        shown.append(f"{len(configured)} configuration propert{'ies' if len(configured) != 1 else 'y'}")
        self.add(check, PASSED, ", ".join(shown))

    def _window(
        self, prefix: str, group: str, server: str, qualified: str, element: RegisteredIntegrationConnectorElement
    ) -> None:
        check = f"{prefix}: start/stop window"
        registration = element.registration_properties
        start = _when(registration.start_date) if registration else None
        stop = _when(registration.connector_shutdown_date) if registration else None
        now = datetime.now(UTC)
        change = (
            f"enb.update_registration(platform, {server!r}, {group!r}, {qualified!r}, start_date=..., stop_date=...)."
        )
        if start is not None and start > now:
            self.add(check, WARNING, f"it starts at {start.isoformat(timespec='seconds')}; until then it waits", change)
        elif stop is not None and stop <= now:
            self.add(check, WARNING, f"its stop date {stop.isoformat(timespec='seconds')} has passed", change)
        else:
            parts = [
                f"from {start.isoformat(timespec='seconds')}" if start else "",
                f"until {stop.isoformat(timespec='seconds')}" if stop else "",
            ]
            self.add(check, PASSED, " ".join(p for p in parts if p) or "no start or stop date")

    # -- the daemon, and each connector it runs ------------------------------------------------------------------

    def _is_daemon_active(self) -> bool:
        if self._daemon_active is None:
            if self.side.running is not None:
                self._daemon_active = self.side.running()
            else:
                try:
                    self._daemon_active = self.server in self._active_servers(self.client)
                except EgeriaError:
                    self._daemon_active = False
        return self._daemon_active

    def _daemon_running(self) -> bool:
        check = "daemon running"
        if not self._is_daemon_active():
            if self.side.local:
                what = "daemon.start()"
            else:
                what = (
                    f"Start it on its platform: enb.start_server(platform, {self.server!r}); or run it in this kernel: "
                    f"enb.IntegrationDaemon(platform, {self.server!r}).start()."
                )
            self.add(check, FAILED, f"{self.server} is not running", what)
            return False
        try:
            count = len(self.daemon.statistics())
        except EgeriaError as error:
            self.record(_error(check, error))
            return False
        where = "in this kernel" if self.side.local else f"on {self.client.url}"
        self.add(check, PASSED, f"{self.server} is running {where}, with {count} connector{'s' if count != 1 else ''}")
        return True

    def _connector_runtime(self, s: ConnectorStatistics) -> None:
        prefix = f"connector {s.connector_name}"
        registered = self.registered.get((s.group, s.connector_name))
        if registered is not None:
            redefine = (
                f"enb.update_connector_definition(platform, {registered.metadata_server!r}, "
                f"{registered.qualified_name!r}, configuration_properties=..., endpoint_address=...)"
            )
        else:
            redefine = "enb.update_connector_definition(platform, metadata_server, connector_qualified_name, ...)"
        status = s.status
        check = f"{prefix}: state"
        if status in FAILED_STATES:
            self.add(
                check,
                FAILED,
                f"{status}: {_quote(s.failing_exception_message or status)}",
                f"Fix what the message says in the connector's definition ({redefine}): the daemon restarts it "
                f"with the new definition. If the cause was outside it, daemon.restart({s.connector_name!r}).",
            )
            return
        if status is None or status in (ConnectorStatus.STOPPED, ConnectorStatus.SHUTDOWN):
            self.add(
                check,
                WARNING,
                f"{status or 'a state this release does not know'}",
                f"daemon.restart({s.connector_name!r}) if it should run.",
            )
        else:
            self.add(check, PASSED, f"{status}" + (f", {s.restarts} restarts" if s.restarts else ""))
        self._refreshed(prefix, s)
        if self.side.local:
            self._loop(prefix, s, registered)

    def _not_run(self, running: set[tuple[str, str]]) -> None:
        """Each connector a group registers, defined well enough to run, that the daemon does not run."""
        for (group, name), registered in sorted(self.registered.items(), key=lambda item: item[0]):
            if (group, name) in running or (group, name) in self.broken:
                continue
            again = (
                f"daemon.refresh_group({group!r})"
                if self.side.local
                else f"enb.RemoteIntegrationDaemon(platform, {self.server!r}).refresh_group({group!r})"
            )
            self.add(
                f"connector {name}: state",
                FAILED,
                f"registered in {group} on {registered.metadata_server}, but {self.server} does not run it",
                f"If it was registered or changed a moment ago, diagnose again; if it stays so, make the daemon "
                f"read the group again: {again}.",
            )

    def _refreshed(self, prefix: str, s: ConnectorStatistics) -> None:
        check = f"{prefix}: refreshed"
        if s.refresh_interval_min <= 0:
            self.add(check, PASSED, "refreshes when it starts and on request (no interval)")
            return
        every_s = s.refresh_interval_min * self.side.seconds_per_minute
        last = s.last_refresh_time
        if last is None:
            since_start = (datetime.now(UTC) - s.last_status_change).total_seconds()
            if since_start > 2 * every_s:
                self.add(
                    check,
                    WARNING,
                    f"never refreshed, every {every_s:g} s expected",
                    f"daemon.refresh({s.connector_name!r}).",
                )
            else:
                self.add(check, PASSED, f"not refreshed yet (every {every_s:g} s)")
            return
        age = (datetime.now(UTC) - last).total_seconds()
        if age > 2 * every_s:
            self.add(
                check,
                WARNING,
                f"last refreshed {age:.0f} s ago, every {every_s:g} s expected",
                f"daemon.refresh({s.connector_name!r}); if it recurs, look at how long its refresh() takes.",
            )
        else:
            self.add(check, PASSED, f"{age:.0f} s ago (every {every_s:g} s)")

    def _loop(self, prefix: str, s: ConnectorStatistics, registered: _Registered | None) -> None:
        check = f"{prefix}: event loop"
        events = [e for e in self.side.history() if e.connector_id == s.connector_id]
        starts = [i for i, e in enumerate(events) if e.to_status == ConnectorStatus.INITIALIZED.value]
        since = events[starts[-1] :] if starts else events
        # The watchdog notes each block twice: as it starts ("is blocking ... so far") and once the loop turns
        # again ("blocked ... for N s"), a heartbeat later, by when the loop may already have restarted the
        # connector. So a block counts once, by its start, and only if it started since the connector did.
        began = [i for i, e in enumerate(since) if e.message.startswith(_BLOCKED) and _BLOCK_STARTS in e.message]
        blocks = [e for e in since[began[0] :] if e.message.startswith(_BLOCKED)] if began else []
        if not blocks:
            self.add(check, PASSED, "has not blocked the daemon's event loop since it started")
            return
        fix = (
            f"enb.update_connector_definition(platform, {registered.metadata_server!r}, "
            f"{registered.qualified_name!r}, uses_blocking_calls=True)"
            if registered is not None
            else "uses_blocking_calls=True in its definition"
        )
        self.add(
            check,
            FAILED,
            f"blocked the event loop {len(began)} time{'s' if len(began) != 1 else ''} since it started, "
            f"freezing every other connector (last: {_quote(blocks[-1].message)})",
            f"In its code, await instead of blocking, or use asyncio.to_thread; or give it a thread of its own: {fix}.",
        )


def _registered_name(element: RegisteredIntegrationConnectorElement) -> str:
    registration = element.registration_properties
    if registration is not None and registration.connector_name:
        return registration.connector_name
    return (element.properties.qualified_name if element.properties else None) or element.guid or "?"


def _when(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return None


def _needs_endpoint(registry: ConnectorRegistry, provider: str) -> bool:
    """Whether the class ``provider`` names (if this kernel can find it) says it needs an endpoint."""
    try:
        cls = registry.resolve(provider)
    except ProviderError:
        return False  # a class only the daemon elsewhere knows (a Java one): it says nothing about endpoints
    return bool(getattr(cls, "endpoint_required", False))


def walk(side: DaemonSide, *, timeout_s: float) -> Diagnosis:
    """Check the chain ``side.daemon`` depends on; each call waits at most ``timeout_s``."""
    return _Walk(side, timeout_s).run()
