"""The error catalogue: every message id egeria_nb raises or answers with, written once.

Each ``ErrorCode`` holds its id, its message template (``{0}``-style slots), what the
system did (``system_action``) and what to do (``user_action``), the egeria_nb exception
a client raises for it (``kind``), and for answers the embedded platform sends, the HTTP
code and the Java exception class Egeria would report. Raising is one line::

    raise Code.DAEMON_NOT_RUNNING.error(server_name)

and so is answering, in an embedded-platform handler: ``raise FFDCError(Code.NO_CONFIG_DOCUMENT, server)``.
``Code`` holds both: first what the embedded platform answers, by the service that answers;
then what egeria_nb raises in the caller's process, by layer (client, admin functions,
metadata, daemon, argument and wire-model checks). No other module writes a message id;
one that needs to recognise an answer compares with ``Code.X.message_id``
(tests/test_error_catalogue.py checks all this).

Where Egeria has an id for the same condition the embedded platform uses it
(egeria-wire.md §1.5, §3.8), so code that matches on Egeria's ids works here too.
Conditions Egeria does not check, or reports badly, get ids that start with
``EGERIA-NB-``. The message texts are egeria_nb's own. ``embedded/ffdc.py`` turns a code
into Egeria's failure body; ``client/ffdc.py`` turns such a body back into an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from egeria_nb.errors import (
    DaemonBlockedError,
    EgeriaError,
    InvalidParameterError,
    NotAuthorizedError,
    PlatformTimeoutError,
    PlatformUnreachableError,
    PropertyServerError,
    ServerNotKnownError,
    UnexpectedResponseError,
)

__all__ = ["Audit", "AuditCode", "Code", "ErrorCode"]

_JAVA = "org.odpi.openmetadata.frameworks.openmetadata.ffdc."
INVALID_PARAMETER = _JAVA + "InvalidParameterException"
NOT_AUTHORIZED = _JAVA + "UserNotAuthorizedException"
PROPERTY_SERVER = _JAVA + "PropertyServerException"
JSON_PARSE = "com.fasterxml.jackson.core.JsonParseException"
JSON_MISMATCH = "com.fasterxml.jackson.databind.exc.MismatchedInputException"
JSON_TYPE_ID = "com.fasterxml.jackson.databind.exc.InvalidTypeIdException"
# The admin services' own exception (a subclass of InvalidParameterException in 6.x).
OMAG_CONFIGURATION_ERROR = "org.odpi.openmetadata.adminservices.ffdc.exception.OMAGConfigurationErrorException"


@dataclass(frozen=True)
class ErrorCode:
    """One failure egeria_nb can raise or the embedded platform can answer with.

    ``{0}``-style slots take the parameters, in the order the raise site passes them. The
    user action may use the template's slots, and slots after them for advice only it shows.
    """

    related_http_code: int
    message_id: str
    template: str
    system_action: str
    user_action: str
    exception_class: str = INVALID_PARAMETER
    # HTTP status of the answer; Egeria keeps 200 and reports in the body, except
    # for request-parsing and authentication failures.
    http_status: int = 200
    # The exception a client raises for it.
    kind: type[EgeriaError] = InvalidParameterError

    def format(self, params: tuple[str, ...]) -> str:
        return f"{self.message_id} {self.template.format(*params)}"

    def error(
        self, *params: object, http_code: int | None = None, properties: Mapping[str, Any] | None = None
    ) -> EgeriaError:
        """The exception to raise for this code (of its ``kind``), its slots filled with ``params``.

        ``http_code``: the HTTP status the error reports (an answer's, or the one Egeria would send);
        ``properties``: Egeria's ``exceptionProperties``, such as ``{"parameterName": ...}``.
        """
        text = tuple(str(p) for p in params)
        return self.kind(
            self.format(text),
            message_id=self.message_id,
            http_code=http_code,
            system_action=self.system_action,
            user_action=self.user_action.format(*text),
            parameters=list(text),
            properties=properties,
        )


@dataclass(frozen=True)
class AuditCode:
    """One kind of record the embedded platform writes to a server's audit log (not an error).

    As Egeria's audit-log message definitions: an id, the severity (the constant name of Egeria's
    ``AuditLogRecordSeverityLevel``, e.g. ``"ERROR"``), a template with ``{0}``-style slots, what the
    system did and what to do. ``text()`` is the record's ``messageText``: without the id, as Egeria's.
    """

    message_id: str
    severity: str
    template: str
    system_action: str
    user_action: str

    def text(self, params: tuple[str, ...]) -> str:
        return self.template.format(*params)

    def action(self, params: tuple[str, ...]) -> str:
        return self.user_action.format(*params)


class Code:
    """The catalogue: the embedded platform's answers by service, then what egeria_nb raises by layer.

    Each name says the condition.
    """

    # -- admin services ------------------------------------------------------------
    NULL_SERVER_NAME = ErrorCode(
        400,
        "OMAG-ADMIN-400-001",
        "A request was made with an empty or blank server name",
        "The request was rejected and nothing was stored.",
        "Put the server's name in the request path.",
    )
    SERVER_NAME_UNSAFE = ErrorCode(
        400,
        "EGERIA-NB-400-002",
        "The server name {0!r} cannot be used: {1}",
        "The request was rejected and nothing was stored.",
        # '\\' is a single backslash in the text users read.
        "Choose a server name without '/', '\\', NUL or control characters that is not '.' or '..'.",
    )
    NO_CONFIG_DOCUMENT = ErrorCode(
        400,
        "OMAG-ADMIN-400-011",
        "Server {0} has no configuration document on this platform",
        "The server was not started.",
        "Configure the server first (for example with create_integration_daemon), then start it.",
    )
    EMPTY_CONFIGURATION = ErrorCode(
        400,
        "OMAG-ADMIN-400-019",
        "The configuration document of server {0} configures no services",
        "The platform cannot tell what kind of server this is, so it cannot run it.",
        "Add the server's services, for example its integration groups, to the configuration document.",
    )
    EMPTY_CONFIGURATION_DOCUMENT = ErrorCode(
        # What the admin services' server-type-classification answers (research extras §3.4); the
        # platform's start path reports the same condition as EMPTY_CONFIGURATION.
        400,
        "OMAG-ADMIN-400-019",
        "The configuration document of server {0} configures no services",
        "The platform cannot tell what kind of server this is, so it cannot run it.",
        "Add the server's services, for example its integration groups, to the configuration document.",
        exception_class=OMAG_CONFIGURATION_ERROR,
    )
    BAD_MAX_PAGE_SIZE = ErrorCode(
        400,
        "OMAG-ADMIN-400-014",
        "The maximum page size {1} sent for server {0} is negative",
        "The request was rejected and the configuration document was not changed.",
        "Send maxPageSize as 0 (no limit) or a positive number, such as 1000.",
    )
    BAD_SECRETS_STORE = ErrorCode(
        400,
        "OMAG-ADMIN-400-041",
        "The secrets store for server {0} (provider {1}) needs a provider, a location and a collection, "
        "and the request did not send all three",
        "The request was rejected and the configuration document was not changed.",
        "Send secretsStoreProvider, secretsStoreLocation and secretsStoreCollection together; to change the other "
        "properties without a secrets store, use the single-property calls (organization-name, server-description, "
        "server-user-id, server-url-root-for-caller, max-page-size).",
    )
    INCOMPATIBLE_CONFIG = ErrorCode(
        400,
        "OMAG-ADMIN-400-023",
        "The configuration document of server {0} has version {1}; this platform reads {2}",
        "The document was not changed.",
        "Replace the document with one of version {2}, or delete it and configure the server again.",
    )
    NULL_GROUP_NAME = ErrorCode(
        400,
        "OMAG-ADMIN-400-032",
        "Server {0} was sent an integration group without an integrationGroupQualifiedName",
        "The request was rejected and the configuration document was not changed.",
        "Set integrationGroupQualifiedName to the qualified name of the IntegrationGroup element "
        "on the metadata access server.",
    )
    NULL_GROUP_SERVER_NAME = ErrorCode(
        400,
        "OMAG-ADMIN-400-021",
        "Integration group {1} for server {0} does not name its metadata access server (omagserverName)",
        "The request was rejected and the configuration document was not changed.",
        "Set omagserverName to the name of the metadata access server that holds the group's definition.",
    )
    NULL_GROUP_URL = ErrorCode(
        400,
        "OMAG-ADMIN-400-039",
        "Integration group {1} for server {0} has no platform URL for its metadata access server "
        "(omagserverPlatformRootURL)",
        "The request was rejected and the configuration document was not changed.",
        "Set omagserverPlatformRootURL to the root URL of the platform that runs the metadata access server, "
        "for example https://localhost:9443.",
    )
    BAD_GROUP_URL = ErrorCode(
        400,
        "EGERIA-NB-400-003",
        "Integration group {1} for server {0} has an omagserverPlatformRootURL that is not a URL: {2!r}",
        "The request was rejected and the configuration document was not changed.",
        "Give an http:// or https:// root URL with a host, for example https://localhost:9443.",
    )
    DUPLICATE_GROUP = ErrorCode(
        400,
        "EGERIA-NB-400-004",
        "The list of integration groups for server {0} names {1} more than once",
        "The request was rejected and the configuration document was not changed.",
        "Send each integration group once.",
    )
    VIEW_SERVICE_NOT_SERVED = ErrorCode(
        400,
        "OMAG-ADMIN-400-036",
        "Server {0} cannot be configured with the view service {1}: this platform serves only {2}",
        "The request was rejected and the configuration document was not changed.",
        "Configure the {2} view service (Egeria's generic open metadata store API).",
    )
    NULL_REMOTE_SERVER_NAME = ErrorCode(
        400,
        "OMAG-ADMIN-400-040",
        "The {1} view service of server {0} does not name the metadata access server it calls (omagserverName)",
        "The request was rejected and the configuration document was not changed.",
        "Set omagserverName to the name of a metadata access server, for example active-metadata-store.",
    )
    NULL_REMOTE_SERVER_URL = ErrorCode(
        400,
        "OMAG-ADMIN-400-039",
        "The {1} view service of server {0} has no platform URL for its metadata access server "
        "(omagserverPlatformRootURL)",
        "The request was rejected and the configuration document was not changed.",
        "Set omagserverPlatformRootURL to the root URL of the platform that runs the metadata access server.",
    )
    BAD_PARAMETER = ErrorCode(
        400,
        "EGERIA-NB-400-005",
        "The value {1} is not valid for {0}: {2}",
        "The request was rejected and nothing was stored.",
        "Correct the value and send the request again.",
    )

    # -- metadata access servers (ids as Egeria's repository handlers answer, egeria-wire.md §8) --
    UNKNOWN_GUID = ErrorCode(
        404,
        "OMAG-REPOSITORY-HANDLER-404-007",
        "There is no {0} with unique identifier {1} on metadata server {2}",
        "The request was not processed and nothing was changed.",
        "Check the GUID; the element may have been deleted. Look it up by its qualified name instead.",
    )
    UNKNOWN_RELATIONSHIP = ErrorCode(
        404,
        "OMAG-REPOSITORY-HANDLER-404-012",
        "There is no relationship with unique identifier {0} on metadata server {1}",
        "The request was not processed and nothing was changed.",
        "Check the GUID; the relationship, or an element at one of its ends, may have been deleted.",
    )
    WRONG_TYPE = ErrorCode(
        404,
        "OMAG-REPOSITORY-HANDLER-404-001",
        "Element {0} is of type {1}, not {2}",
        "The request was not processed and nothing was changed.",
        "Pass the GUID of an element of type {2}.",
    )
    DUPLICATE_QUALIFIED_NAME = ErrorCode(
        409,
        "OMAG-COMMON-409-001",
        "The qualified name {0!r} is already used by the {1} {2} on this metadata server",
        "The request was rejected and nothing was changed; a qualified name is unique across every "
        "Referenceable element, whatever its type.",
        "Use another qualified name, or update the existing element instead of creating a new one.",
    )
    NULL_GUID = ErrorCode(
        400,
        "OMAG-COMMON-400-005",
        "The request to {1} has an empty {0}",
        "The request was rejected and nothing was stored.",
        "Send the GUID of an element in {0}, or leave {0} out.",
    )
    NOT_SERVED = ErrorCode(
        501,
        "EGERIA-NB-501-001",
        "The embedded platform does not serve {0} ({1})",
        "The request was not processed.",
        "Use the operations the embedded platform serves (the README lists them), or call a real Egeria for this one.",
        exception_class=PROPERTY_SERVER,
        kind=PropertyServerError,
    )
    NULL_NAME = ErrorCode(
        400,
        "OMAG-COMMON-400-006",
        "The request to {1} has no {0}",
        "The request was rejected and nothing was stored.",
        "Send {0} in the request.",
    )
    UNKNOWN_TYPE_NAME = ErrorCode(
        400,
        "OMAG-COMMON-400-018",
        "The type name {0!r} is not one of the open metadata types",
        "The request was rejected and nothing was stored.",
        "Use one of Egeria's type names{1}.",
    )
    BAD_SUB_TYPE = ErrorCode(
        400,
        "OMAG-COMMON-400-019",
        "{0} is not a kind of {1}, which {2} needs",
        "The request was rejected and nothing was stored.",
        "Use a type derived from {1}{3}.",
    )
    INVALID_PROPERTY = ErrorCode(
        400,
        "OMAG-REPOSITORY-HANDLER-400-001",
        "The properties sent for {0} are not valid: {1}",
        "The request was rejected and nothing was stored.",
        "{2}",
    )
    INVALID_VALUE = ErrorCode(
        400,
        "OMAG-COMMON-400-032",
        "The value {0!r} is not valid for {1}: {2}",
        "The request was rejected and nothing was stored.",
        "{3}",
    )
    WRONG_RELATIONSHIP_ENDS = ErrorCode(
        500,
        "OMAG-REPOSITORY-HANDLER-500-001",
        "A {0} relationship cannot link {1} at end 1 and {2} at end 2: it links a {3} (end 1) to a {4} (end 2)",
        "The repository refused the relationship and nothing was stored.",
        "Put an element of type {3} (or a subtype) at end 1 and one of type {4} at end 2, or choose the "
        "relationship type that links these two kinds of element.",
        exception_class=PROPERTY_SERVER,
        kind=PropertyServerError,
    )
    INVALID_CLASSIFICATION = ErrorCode(
        500,
        "OMAG-REPOSITORY-HANDLER-500-001",
        "The classification {0} cannot be attached to a {1}: it is for {2}",
        "The repository refused the classification and nothing was stored.",
        "Attach {0} to an element of type {2} (or a subtype), or choose a classification for {1} elements.",
        exception_class=PROPERTY_SERVER,
        kind=PropertyServerError,
    )
    INVALID_INITIAL_CLASSIFICATION = ErrorCode(
        404,
        "OMAG-REPOSITORY-HANDLER-400-004",
        "The initial classification {0} cannot be attached to a {1}: {2}",
        "The element was not created.",
        "Leave {0} out of initialClassifications, or create an element of a type it is valid for: {3}.",
    )
    NEGATIVE_START_FROM = ErrorCode(
        400,
        "OMAG-COMMON-400-008",
        "The starting point {0} for the results is negative",
        "The request was rejected.",
        "Send startFrom as 0 (the first result) or more.",
    )
    NEGATIVE_PAGE_SIZE = ErrorCode(
        400,
        "OMAG-COMMON-400-009",
        "The page size {0} is negative",
        "The request was rejected.",
        "Send pageSize as 0 (the server's largest page) or a positive number.",
    )
    MAX_PAGE_SIZE = ErrorCode(
        400,
        "OMAG-COMMON-400-010",
        "The page size {0} is larger than this metadata server's maximum of {1}",
        "The request was rejected.",
        "Ask for at most {1} results and page through the rest with startFrom.",
    )
    NO_REQUEST_BODY = ErrorCode(
        400,
        "OMAG-COMMON-400-017",
        "The request to {0} had no request body",
        "The request was rejected and nothing was stored.",
        "Send a {1} with the request.",
    )
    MULTIPLE_ELEMENTS_FOR_NAME = ErrorCode(
        404,
        "OPEN-METADATA-404-002",
        "{0} elements have {1} = {2!r}, so it does not name one element",
        "The request was not processed.",
        "Use a property whose values are unique, such as qualifiedName, or find the elements with a search.",
        exception_class=PROPERTY_SERVER,
        kind=PropertyServerError,
    )
    NOT_EFFECTIVE = ErrorCode(
        400,
        "OMAG-REPOSITORY-HANDLER-400-010",
        "The {0} {1} is not effective at {2}",
        "The request was not processed.",
        "Ask for a time within the element's effectivity dates, or leave effectiveTime out.",
    )
    NO_HISTORY = ErrorCode(
        400,
        "EGERIA-NB-400-030",
        "This metadata server keeps no history of its elements, so it cannot answer as of {0}: its metadata has "
        "changed since (last at {1})",
        "The request was rejected.",
        "Leave asOfTime out to read the current state, or ask as of a time after the last change.",
    )

    # -- request parsing (HTTP status 400, like Egeria 6's Jackson handler) ---------
    MALFORMED_JSON = ErrorCode(
        400,
        "EGERIA-NB-400-010",
        "The request body is not valid JSON: {0} at line {1} column {2}",
        "The request was rejected and nothing was stored.",
        "Fix the JSON (a trailing comma or an unquoted value are the usual causes) and send it again.",
        exception_class=JSON_PARSE,
        http_status=400,
    )
    WRONG_BODY_SHAPE = ErrorCode(
        400,
        "EGERIA-NB-400-011",
        "The request body is not a valid {0}: {1}",
        "The request was rejected and nothing was stored.",
        "Send a body of the documented shape; field names are case-sensitive.",
        exception_class=JSON_MISMATCH,
        http_status=400,
    )
    UNKNOWN_CLASS = ErrorCode(
        400,
        "EGERIA-NB-400-012",
        'The request body\'s "class" is {1!r}; this call expects {0!r}',
        "The request was rejected and nothing was stored.",
        'Set "class": "{0}" in the body.',
        exception_class=JSON_TYPE_ID,
        http_status=400,
    )
    MISSING_CLASS = ErrorCode(
        # The same condition as UNKNOWN_CLASS (Jackson cannot tell the body's type), for a body with no "class".
        400,
        "EGERIA-NB-400-012",
        'The request body has no "class"; this call expects {0!r}',
        "The request was rejected and nothing was stored.",
        'Set "class": "{0}" in the body.',
        exception_class=JSON_TYPE_ID,
        http_status=400,
    )
    MISSING_BODY = ErrorCode(
        400,
        "EGERIA-NB-400-013",
        "This request needs a JSON body ({0}) and none was sent",
        "The request was rejected and nothing was stored.",
        "Send the body with Content-Type: application/json.",
        exception_class=JSON_MISMATCH,
        http_status=400,
    )
    BODY_TOO_LARGE = ErrorCode(
        413,
        "EGERIA-NB-413-001",
        "The request body is larger than this platform accepts ({0} bytes)",
        "The request was rejected and nothing was stored.",
        "Send at most {0} bytes per request, for example by configuring integration groups in several calls.",
        http_status=413,
    )

    # -- platform ---------------------------------------------------------------------
    UNIDENTIFIED = ErrorCode(
        # The id the platform answers with for an error a component it hosts raised without one.
        400,
        "EGERIA-NB-400-099",
        "{0}",
        "The request was not processed.",
        "Look in the platform's log for what went wrong.",
    )
    NO_ROUTE = ErrorCode(
        404,
        "EGERIA-NB-404-001",
        "This platform has no service at {0} {1}",
        "The request was not processed.",
        "Check the path; this platform serves Egeria 6.x paths (and 4.x/5.x paths when started with legacy_api=True).",
        http_status=404,
    )
    METHOD_NOT_ALLOWED = ErrorCode(
        405,
        "EGERIA-NB-405-001",
        "{0} is not allowed on {1}; allowed: {2}",
        "The request was not processed.",
        "Use one of the allowed methods.",
        http_status=405,
    )
    LEGACY_PATHS_OFF = ErrorCode(
        404,
        "EGERIA-NB-404-002",
        "This platform does not serve the 4.x/5.x user-id path {0}",
        "The request was not processed.",
        "Use the 6.x path with a bearer token, or start the platform with legacy_api=True "
        "(egeria-nb serve --legacy-api) for older clients.",
        http_status=404,
    )
    SERVER_NOT_RUNNING = ErrorCode(
        # Egeria's text (OMAGServerInstanceErrorCode.SERVER_NOT_AVAILABLE): {1} is the calling user.
        404,
        "OMAG-MULTI-TENANT-404-001",
        "The OMAG Server {0} is not available to service a request from user {1}",
        "The system cannot process the request because the server is not running on the called platform.",
        "Verify that the correct server is being called on the correct platform and that this server is running. "
        "Retry the request when the server is available (start it with start_server; "
        "GET /open-metadata/platform-services/server-platform/servers/active lists the running servers).",
        kind=ServerNotKnownError,
    )
    UNEXPECTED = ErrorCode(
        400,
        "OMAG-COMMON-400-016",
        "An unexpected {0} occurred while processing {1}: {2}",
        "The request failed; nothing it was changing was stored.",
        "This is a fault in the platform; the platform log has the details.",
        exception_class=PROPERTY_SERVER,
        kind=PropertyServerError,
    )
    UNAVAILABLE = ErrorCode(
        503,
        "EGERIA-NB-503-001",
        "The platform could not complete {0}: {1}",
        "The request was not completed; nothing it was changing was stored.",
        "Try again; if it keeps failing, check the platform log and the data directory.",
        exception_class=PROPERTY_SERVER,
        kind=PropertyServerError,
    )

    # -- authentication (HTTP 401, as Spring Security answers in Egeria 6) -------------
    NO_TOKEN = ErrorCode(
        401,
        "EGERIA-NB-401-001",
        "The request has no bearer token",
        "The request was rejected.",
        'Log in with POST /api/token {{"userId": ..., "password": ...}} and send '
        "'Authorization: Bearer <token>' with each call.",
        exception_class=NOT_AUTHORIZED,
        kind=NotAuthorizedError,
        http_status=401,
    )
    BAD_TOKEN = ErrorCode(
        401,
        "EGERIA-NB-401-002",
        "The bearer token is not valid on this platform (it is malformed, unknown or has expired)",
        "The request was rejected.",
        "Log in again with POST /api/token and use the new token.",
        exception_class=NOT_AUTHORIZED,
        kind=NotAuthorizedError,
        http_status=401,
    )
    BAD_LOGIN = ErrorCode(
        401,
        "EGERIA-NB-401-003",
        "The user id and password do not match a user of this platform",
        "No token was issued.",
        "Use the credentials of the platform (EmbeddedPlatform.user_id / .password, or the "
        "credentials file in its data directory).",
        exception_class=NOT_AUTHORIZED,
        kind=NotAuthorizedError,
        http_status=401,
    )
    UNKNOWN_USER = ErrorCode(
        401,
        "EGERIA-NB-401-004",
        "User {0} is not known to this platform",
        "The request was rejected.",
        "Call with a user id of this platform; it is in the credentials file of its data directory.",
        exception_class=NOT_AUTHORIZED,
        kind=NotAuthorizedError,
    )

    # -- integration daemon services ----------------------------------------------------
    UNKNOWN_CONNECTOR_PROVIDER = ErrorCode(
        # Egeria reports a provider class it cannot load as an unexpected ClassNotFoundException
        # (research extras §2.1); the parameters are Egeria's: exception class, operation, class name.
        400,
        "OMAG-COMMON-400-016",
        "{1} found no connector class named {2} ({0})",
        "No connector was created and nothing was changed.",
        "Name a connector this daemon can run: one registered with @egeria_nb.register_connector(name), a "
        "built-in egeria_nb connector, or one an installed package declares in the egeria_nb.connectors "
        "entry-point group. Java connector providers run only in Egeria's own integration daemon.",
        exception_class=PROPERTY_SERVER,
        kind=PropertyServerError,
    )
    NOT_CORRECT_CONNECTOR_PROVIDER = ErrorCode(
        400,
        "OMAG-MULTI-TENANT-400-004",
        "The connector provider {0} does not make a connector of class {1}, which the {2} need",
        "No connector was created and nothing was changed.",
        "Name a subclass of {1}, or fix what the name is registered as (its entry point or registration).",
    )
    NO_GROUPS = ErrorCode(
        400,
        "INTEGRATION-DAEMON-SERVICES-400-001",
        "Integration daemon {0} has no integration groups configured",
        "The server was not started.",
        "Configure at least one integration group (configure_integration_group), then start the server.",
    )
    GROUP_WITHOUT_URL = ErrorCode(
        400,
        "INTEGRATION-DAEMON-SERVICES-400-003",
        "Integration group {1} of daemon {0} has no metadata access server URL",
        "The server was not started.",
        "Set omagserverPlatformRootURL on the group and start the server again.",
    )
    GROUP_WITHOUT_SERVER = ErrorCode(
        400,
        "INTEGRATION-DAEMON-SERVICES-400-004",
        "Integration group {1} of daemon {0} has no metadata access server name",
        "The server was not started.",
        "Set omagserverName on the group and start the server again.",
    )

    # == Above: what the embedded platform answers. Below: what egeria_nb raises in the caller's process. ==

    # -- the embedded platform in this process: its options, data directory and lifetime --------
    # (raised by start_embedded / egeria-nb serve, and by an EmbeddedPlatform used after stop())
    BAD_PLATFORM_OPTION = ErrorCode(
        400,
        "EGERIA-NB-400-023",
        "The embedded platform option {0}={1} is not valid: it must be {2}",
        "The platform was not started and nothing in its data directory was changed.",
        "Pass {0} as {2}, for example {0}={3}; to egeria-nb serve, pass {4}.",
    )
    DATA_DIR_UNUSABLE = ErrorCode(
        400,
        "EGERIA-NB-400-020",
        "The data directory {0} cannot be created or used: {1}",
        "The platform was not started.",
        "Pass data_dir= (or set EGERIA_NB_HOME) to a directory you can write to.",
    )
    CREDENTIALS_DAMAGED = ErrorCode(
        400,
        "EGERIA-NB-400-021",
        "The credentials file {0} is damaged ({1})",
        "The credentials file was left as it is.",
        "Delete it to have a new admin password generated, or restore it from a copy.",
    )
    # EGERIA-NB-400-022: the address the platform is to listen on cannot be used, in five ways.
    CANNOT_LISTEN = ErrorCode(
        400,
        "EGERIA-NB-400-022",
        "The embedded platform cannot listen on {0}:{1}: {2}",
        "The platform was not started.",
        "Choose another port (port=0 picks a free one) or stop what is using it.",
    )
    BAD_PORT = ErrorCode(
        400,
        "EGERIA-NB-400-022",
        "port must be a whole number from 0 to 65535, not {0}",
        "The platform was not started.",
        "Leave port out (0 picks a free port, or this data directory's last one) or pass e.g. port=9080.",
    )
    BAD_HOST = ErrorCode(
        400,
        "EGERIA-NB-400-022",
        "host must be an address of this machine, not {0}",
        "The platform was not started.",
        "Leave host out for loopback (127.0.0.1), the safe default.",
    )
    HOST_NOT_AN_ADDRESS = ErrorCode(
        400,
        "EGERIA-NB-400-022",
        "host {0} is not an IP address",
        "The platform was not started.",
        "Leave host out for loopback (127.0.0.1), or name an address of this machine.",
    )
    HOST_NOT_BINDABLE = ErrorCode(
        400,
        "EGERIA-NB-400-022",
        "The embedded platform cannot listen on {0}: {1}",
        "The platform was not started.",
        "Leave host out for loopback (127.0.0.1), or name an address of this machine.",
    )
    EMPTY_DATA_DIR = ErrorCode(
        400,
        "EGERIA-NB-400-024",
        "data_dir is an empty string, which would put the platform's files in the current directory",
        "The platform was not started.",
        "Leave data_dir out for the default ($EGERIA_NB_HOME, else ~/.egeria_nb), or name a "
        "directory ('.' if you do mean the current one).",
    )
    DATA_DIR_LOCKED = ErrorCode(
        409,
        "EGERIA-NB-409-001",
        "The data directory {0} is locked by {1}",
        "No platform was started, and none was connected to.",
        "Wait a moment and try again, or use another data_dir=.",
        kind=EgeriaError,
    )
    SERVED_WITH_OTHER_OPTIONS = ErrorCode(
        409,
        "EGERIA-NB-409-002",
        "This kernel already serves {0} at {1}, started with other options ({2})",
        "No second platform was started; the one serving the data directory runs on unchanged.",
        "Stop it first (platform.stop(), or egeria_nb.start_embedded(...).stop()) and start "
        "again, or start with the options it has.",
    )
    PLATFORM_STOPPED = ErrorCode(
        503,
        "EGERIA-NB-CLIENT-503-003",
        "The embedded platform at {0} has been stopped",
        "Nothing was sent.",
        "Start a new one with egeria_nb.start_embedded().",
        kind=PlatformUnreachableError,
    )

    # -- integration daemon running in a kernel (egeria_nb.IntegrationDaemon) --------------------
    # The in-kernel daemon's validate_connector: Egeria's ids, with the registry's own explanation.
    CONNECTOR_CLASS_NOT_FOUND = ErrorCode(
        400,
        "OMAG-COMMON-400-016",
        "{0}",
        "No connector was created and nothing was changed.",
        "{0}",
        exception_class=PROPERTY_SERVER,
        kind=PropertyServerError,
    )
    NOT_A_CONNECTOR_CLASS = ErrorCode(
        400,
        "OMAG-MULTI-TENANT-400-004",
        "{0}",
        "No connector was created and nothing was changed.",
        "Name a subclass of egeria_nb.IntegrationConnector.",
    )
    UNKNOWN_DAEMON_CONNECTOR = ErrorCode(
        400,
        "INTEGRATION-DAEMON-SERVICES-400-031",
        "The integration daemon {0} has no connector named {1!r}",
        "Nothing was changed.",
        "Use one of the daemon's connector names: {2}.",
    )
    UNKNOWN_DAEMON_GROUP = ErrorCode(
        400,
        "INTEGRATION-DAEMON-SERVICES-400-034",
        "The integration daemon {0} has no integration group {1!r}",
        "Nothing was changed.",
        "Use one of its groups: {2}.",
    )
    NOT_SECONDS = ErrorCode(
        400,
        "EGERIA-NB-DAEMON-400-001",
        "{0}={1} must be a {2} number of seconds",
        "Nothing was created.",
        "Pass {0} as seconds, e.g. {0}=1.0.",
    )
    STOP_TIMEOUT_NOT_SECONDS = ErrorCode(
        400,
        "EGERIA-NB-DAEMON-400-001",
        "timeout_s={0} must be a positive number of seconds",
        "The daemon was not stopped.",
        "Pass timeout_s as seconds, e.g. daemon.stop(timeout_s=5), or leave it out.",
    )
    BAD_BACKOFF_FACTOR = ErrorCode(
        400,
        "EGERIA-NB-DAEMON-400-002",
        "factor={0} must be at least 1",
        "The restart policy was not created.",
        "Use factor=2.0 to double the delay after each failed restart, 1.0 for a fixed delay.",
    )
    BAD_MAX_RESTARTS = ErrorCode(
        400,
        "EGERIA-NB-DAEMON-400-003",
        "max_restarts={0} must be None or a whole number >= 0",
        "The restart policy was not created.",
        "Use None for no limit.",
    )
    DAEMON_NOT_RUNNING = ErrorCode(
        400,
        "EGERIA-NB-DAEMON-400-005",
        "The daemon {0} is not running",
        "The call was not made.",
        "Start it with daemon.start().",
    )
    BAD_CONNECTION = ErrorCode(
        400,
        "EGERIA-NB-DAEMON-400-006",
        "That is not a valid connection for {0}: {1} at {2}",
        "The connection was not changed and no connector was restarted.",
        "Send an OCF Connection: connectorType.connectorProviderClassName, endpoint.networkAddress, "
        "configurationProperties.",
    )
    NOT_A_CONNECTOR_STATE = ErrorCode(
        400,
        "EGERIA-NB-DAEMON-400-007",
        "{0} is not a connector state",
        "Nothing was waited for.",
        "Wait for one of Egeria's connector states: {1}.",
    )
    RUN_BY_THE_PLATFORM = ErrorCode(
        409,
        "EGERIA-NB-DAEMON-409-001",
        "The platform at {0} already runs the integration daemon {1} itself (start_server)",
        "The daemon was not started in this kernel.",
        "Use egeria_nb.RemoteIntegrationDaemon(platform, server_name) to watch and control "
        "it, or stop_server(platform, server_name) before running it in this kernel.",
    )
    CONNECTOR_WILL_NOT_GET_THERE = ErrorCode(
        500,
        "EGERIA-NB-DAEMON-500-001",
        "The connector {0} in group {1} is {2} ({3}) and will not reach {4}: {5}",
        "egeria_nb stopped waiting.",
        "Fix what the failure names (daemon.status() and daemon.history() show more), then "
        "daemon.restart({0!r}) and wait again.",
        kind=PropertyServerError,
    )
    DAEMON_BLOCKED = ErrorCode(
        503,
        "EGERIA-NB-DAEMON-503-001",
        "The daemon {0} cannot take the call: its event loop is blocked by {1}",
        "egeria_nb stopped waiting and withdrew the call.",
        "Wait for the connector to let go of the loop (the history says when), or stop the daemon. "
        "A connector must await, or use asyncio.to_thread, or be registered with usesBlockingCalls.",
        kind=DaemonBlockedError,
    )
    LOOP_STILL_BLOCKED = ErrorCode(
        503,
        "EGERIA-NB-DAEMON-503-002",
        "The daemon {0} cannot start again: its last event loop is still blocked by {1}",
        "The daemon was not started.",
        "Restart the kernel (or process); then fix the connector so that it awaits "
        "instead of blocking, or register it with usesBlockingCalls.",
        kind=DaemonBlockedError,
    )

    # -- client: egeria_nb.Platform and how it reads answers (raised in the caller's process) ------
    NOT_A_ROOT_URL = ErrorCode(
        400,
        "EGERIA-NB-CLIENT-400-001",
        "{0}={1} is not a platform root URL: {2}",
        "No client was created and nothing was sent.",
        "Give the platform's root URL: http:// or https://, the host and the port, for example "
        "https://egeria.example:9443. A path prefix is allowed only when a proxy serves the platform under "
        "one (https://proxy.example/egeria); a service's path, a query or a fragment is not.",
    )
    BAD_API = ErrorCode(
        400,
        "EGERIA-NB-CLIENT-400-002",
        "{0}={1} is not an Egeria API line egeria_nb speaks",
        "No client was created and nothing was sent.",
        "Use api='6' for Egeria 6.x (bearer tokens) or api='5' for 4.x and 5.x (user id in the path).",
    )
    NO_CA_BUNDLE = ErrorCode(
        400,
        "EGERIA-NB-CLIENT-400-003",
        "verify={0} is not the path of a CA bundle: there is no such file",
        "No client was created and nothing was sent.",
        "Pass the path of a PEM file with the platform's CA certificate, "
        "or verify=True to use the system's trusted certificates.",
    )
    BAD_VERIFY = ErrorCode(
        400,
        "EGERIA-NB-CLIENT-400-004",
        "verify={0} is not True, False or the path of a CA bundle",
        "No client was created and nothing was sent.",
        "Use verify=True (the default) unless the platform uses a private CA; then pass verify='/path/to/ca.pem'.",
    )
    LEGACY_API_WITHOUT_USER = ErrorCode(
        400,
        "EGERIA-NB-CLIENT-400-005",
        "api='5' needs a user_id, because 4.x/5.x paths carry it",
        "No client was created and nothing was sent.",
        "Pass user_id=... (or set EGERIA_USER).",
    )
    BAD_TIMEOUT = ErrorCode(
        # {1}: the default timeout.
        400,
        "EGERIA-NB-CLIENT-400-006",
        "timeout_s={0} must be a positive number of seconds",
        "Nothing was sent.",
        "Pass timeout_s= as seconds, for example timeout_s={1} (the default).",
    )
    NO_PLATFORM_URL = ErrorCode(
        400,
        "EGERIA-NB-CLIENT-400-007",
        "EGERIA_PLATFORM_URL is not set",
        "No client was created.",
        "Set EGERIA_PLATFORM_URL (and EGERIA_USER, EGERIA_USER_PASSWORD), "
        "or use egeria_nb.start_embedded() to run a platform in this kernel.",
    )
    UNUSABLE_CA_BUNDLE = ErrorCode(
        400,
        "EGERIA-NB-CLIENT-400-008",
        "verify={0} is not a usable CA bundle: the file holds no CA certificate Python can read ({1})",
        "No client was created and nothing was sent.",
        "Pass the path of a PEM file with the platform's CA certificate "
        "(the text between -----BEGIN CERTIFICATE----- and -----END CERTIFICATE-----).",
    )
    URL_TOO_LONG = ErrorCode(
        # {4}: which value makes the URL so long.
        400,
        "EGERIA-NB-CLIENT-400-009",
        "{0} {1}… was not sent: its URL would be {2} characters long once percent-encoded, and Egeria "
        "platforms refuse a request line over about 8 KB, so egeria_nb sends at most {3}. {4}",
        "Nothing was sent.",
        "Use a shorter value: a name that goes in a URL (a server name, the qualified name of a "
        "group to remove, a search string) must fit in a few thousand characters once percent-encoded, "
        "where a non-ASCII character takes 6 to 12. A name already stored with a longer value (a body "
        "carries it, so configuring works) can be taken out only by calls that do not name it, for "
        "example configure_integration_groups() with the list without it, or remove_integration_groups().",
    )
    REFUSED_BY_WEB_SERVER = ErrorCode(
        # {3}: the web server's reason, or that it gave none; {4}: what to do about that HTTP status.
        400,
        "EGERIA-NB-CLIENT-400-010",
        "The platform's web server refused {0} {1} with HTTP {2} before any Egeria service read it{3}",
        "No Egeria service carried out the request.",
        "{4}",
    )
    BAD_USER_ID = ErrorCode(
        400,
        "EGERIA-NB-CLIENT-400-011",
        "{0}={1} is not a user id: {2}",
        "No client was created and nothing was sent.",
        "Pass the Egeria user's id as text, for example user_id='garygeeke' "
        "(Platform.from_env() reads EGERIA_USER), or leave it out to call only public services.",
    )
    BAD_PASSWORD = ErrorCode(
        # The password itself is never shown: {1} says only what is wrong with it.
        400,
        "EGERIA-NB-CLIENT-400-012",
        "{0}= {1}",
        "No client was created and nothing was sent.",
        "Pass the password as a str, for example password=os.environ['EGERIA_USER_PASSWORD'] "
        "(Platform.from_env() reads EGERIA_USER_PASSWORD itself).",
    )
    FROM_ENV_ARGUMENT = ErrorCode(
        # {1}: the arguments from_env takes.
        400,
        "EGERIA-NB-CLIENT-400-013",
        "Platform.from_env() takes no argument {0}",
        "No client was created.",
        "Pass only {1} (each overrides its environment variable), or create Platform(url, ...) directly.",
    )
    REFUSED = ErrorCode(
        401,
        "EGERIA-NB-CLIENT-401-001",
        "The platform refused the request {0} {1}",
        "The platform did not carry out the request.",
        "Check the user id and password (or EGERIA_USER / EGERIA_USER_PASSWORD), "
        "and that this user may call this service.",
        kind=NotAuthorizedError,
    )
    NO_CREDENTIALS = ErrorCode(
        401,
        "EGERIA-NB-CLIENT-401-002",
        "No credentials to log in to {0}",
        "No token was asked for and the call was not made.",
        "Create the client with user_id= and password= (or set EGERIA_USER and EGERIA_USER_PASSWORD).",
        kind=NotAuthorizedError,
    )
    LOGIN_REFUSED = ErrorCode(
        401,
        "EGERIA-NB-CLIENT-401-003",
        "The platform at {0} refused to log in user {1!r} (HTTP {2})",
        "No token was issued and the call was not made.",
        "Check the user id and password. For the embedded platform, use the platform object's user_id and password.",
        kind=NotAuthorizedError,
    )
    NO_SERVICE = ErrorCode(
        404,
        "EGERIA-NB-CLIENT-404-001",
        "The platform has no service at {0} {1}",
        "The request was not carried out.",
        "Check the platform URL. If the platform runs Egeria 4.x or 5.x, "
        "create the client with api='5' (or set EGERIA_API=5).",
        kind=UnexpectedResponseError,
    )
    # EGERIA-NB-CLIENT-502-001: an answer that is not what Egeria sends, found in three places.
    UNREADABLE_ANSWER = ErrorCode(
        502,
        "EGERIA-NB-CLIENT-502-001",
        "The answer to {0} {1} is not a {2}: {3} problem(s), first: {4}",
        "The answer was not used.",
        "Check that the URL points at an Egeria platform of the API line given by api=.",
        kind=UnexpectedResponseError,
    )
    UNREADABLE_FOUND_ELEMENTS = ErrorCode(
        502,
        "EGERIA-NB-CLIENT-502-001",
        "The answer to {0} on {1} is not what Egeria sends: {2}",
        "The answer was not used.",
        "Check that the URL points at an Egeria 6.x platform.",
        kind=UnexpectedResponseError,
    )
    FAILED_WITHOUT_DETAILS = ErrorCode(
        # Any HTTP 5xx without Egeria's failure body; {2} is the status, {3} the answer's text.
        502,
        "EGERIA-NB-CLIENT-502-001",
        "The platform answered {0} {1} with HTTP {2} and no Egeria error details{3}",
        "The request failed; whether the platform did part of it first is not known.",
        "Check that the URL points at an Egeria platform and look at the platform's log.",
        kind=UnexpectedResponseError,
    )
    UNREACHABLE = ErrorCode(
        503,
        "EGERIA-NB-CLIENT-503-001",
        "Could not reach the platform at {0} ({1}: {2})",
        "No answer came back.",
        "Check that the platform is running and that the URL (scheme, host, port) is right.",
        kind=PlatformUnreachableError,
    )
    TLS_FAILED = ErrorCode(
        503,
        "EGERIA-NB-CLIENT-503-002",
        "TLS with {0} failed: {1}",
        "The request was not sent.",
        "If the platform uses a private certificate authority, pass verify='/path/to/ca.pem'. "
        "verify=False turns checking off; use it only for a throwaway test platform.",
        kind=PlatformUnreachableError,
    )
    CALL_TIMED_OUT = ErrorCode(
        504,
        "EGERIA-NB-CLIENT-504-001",
        "No answer from {0} to {1} {2} within {3} s",
        "egeria_nb stopped waiting; the platform may still carry out the request.",
        "Check that the platform is running and reachable, or pass a longer timeout_s=.",
        kind=PlatformTimeoutError,
    )
    RUN_TIMED_OUT = ErrorCode(
        504,
        "EGERIA-NB-CLIENT-504-002",
        "The operation on {0} did not finish within {1} s",
        "The operation was cancelled; calls it had made by then may have taken effect.",
        "Check that the platform is running and reachable, or allow a longer timeout_s=.",
        kind=PlatformTimeoutError,
    )

    # -- admin functions (egeria_nb.admin): arguments checked before anything is sent -------------
    # EGERIA-NB-ADMIN-400-001: a name argument that is not one.
    NAME_NOT_TEXT = ErrorCode(
        400,
        "EGERIA-NB-ADMIN-400-001",
        "{0} must be a non-empty string, not {1}",
        "Nothing was sent.",
        "Pass the {0} as text, for example 'integration-daemon'.",
    )
    NAME_TOO_LONG = ErrorCode(
        400,
        "EGERIA-NB-ADMIN-400-001",
        "{0} must be a non-empty string of at most {1} characters, not {2}",
        "Nothing was sent.",
        "Use a shorter {0}: names go into URLs, which must stay short.",
    )
    # EGERIA-NB-ADMIN-400-002: a group argument that is not one.
    BAD_GROUP = ErrorCode(
        # A group the wire model refuses: {0} is the wire check's text, {1} what to do.
        400,
        "EGERIA-NB-ADMIN-400-002",
        "{0}",
        "Nothing was sent.",
        "{1}",
    )
    BAD_PAGE_SIZE_ARGUMENT = ErrorCode(
        400,
        "EGERIA-NB-ADMIN-400-003",
        "{0} must be a whole number from 0 to {1}, not {2}",
        "Nothing was sent.",
        "Use 0 for no limit, or a page size such as 1000.",
    )

    # -- metadata (egeria_nb.metadata): definitions, catalogues and seeding ------------------------
    BAD_DATE = ErrorCode(
        400,
        "EGERIA-NB-ADMIN-400-004",
        "{0} must be a datetime or ISO-8601 text, not {1}",
        "Nothing was changed.",
        "Pass e.g. {0}=datetime(2026, 1, 31, tzinfo=UTC) or '2026-01-31T09:00:00+00:00'.",
    )
    # EGERIA-NB-METADATA-400-001: property values that do not fit Egeria's types.
    PROPERTIES_NOT_VALID = ErrorCode(
        # {2}: what would fit (the type's properties, the enum's values, the kind of value).
        400,
        "EGERIA-NB-METADATA-400-001",
        "The properties for {0} are not valid: {1}",
        "Nothing was sent.",
        "{2}",
    )
    BLOCKING_CALLS_NOT_BOOL = ErrorCode(
        400,
        "EGERIA-NB-METADATA-400-001",
        "uses_blocking_calls (the connector's {0}) must be True or False, not {1}",
        "Nothing was changed.",
        "Pass uses_blocking_calls=True or uses_blocking_calls=False.",
    )
    CONFIGURATION_NOT_A_DICT = ErrorCode(
        400,
        "EGERIA-NB-METADATA-400-001",
        "configuration_properties (the connection's {0}) must be a dict of names to values, not {1}",
        "Nothing was changed.",
        'Pass e.g. configuration_properties={{"recursive": True, "include": ["*.csv"]}}.',
    )
    BAD_REFRESH_INTERVAL = ErrorCode(
        400,
        "EGERIA-NB-METADATA-400-002",
        "refresh_time_interval must be a whole number of minutes, 0 or more, not {0}",
        "Nothing was changed.",
        "Pass minutes as an int, e.g. refresh_time_interval=60 (0: refresh once, at start).",
    )
    DATES_OUT_OF_ORDER = ErrorCode(
        400,
        "EGERIA-NB-METADATA-400-003",
        "stop_date {0} is not after start_date {1}",
        "Nothing was changed.",
        "Give a stop_date after the start_date, or leave one of them out.",
    )
    SYNC_REFUSED = ErrorCode(
        # {2}: what would do instead.
        400,
        "EGERIA-NB-METADATA-400-004",
        "synchronize cannot use {0}: {1}",
        "Nothing was changed.",
        "{2}",
    )
    UNKNOWN_NAME = ErrorCode(
        404,
        "EGERIA-NB-404-004",
        "Metadata server {2} has no {1} named {0!r}",
        "Nothing was changed.",
        "Check the qualified name (it is case-sensitive), or create the {1} first.",
    )
    NOT_REGISTERED = ErrorCode(
        404,
        "EGERIA-NB-404-005",
        "Connector {0!r} is not registered in group {1!r} on {2}",
        "Nothing was changed.",
        "Register it first with register_integration_connector.",
    )
    DEFINITIONS_UNREADABLE = ErrorCode(
        400,
        "EGERIA-NB-SEED-400-001",
        "Cannot read the definitions file {0}: {1}",
        "Nothing was loaded.",
        "Check the path; start from a copy of egeria_nb/data/lab-definitions.json.",
    )
    DEFINITIONS_NEED_YAML = ErrorCode(
        400,
        "EGERIA-NB-SEED-400-002",
        "Reading {0} needs PyYAML",
        "Nothing was loaded.",
        "pip install pyyaml (it comes with egeria_nb[lab]), or use a JSON file.",
    )
    DEFINITIONS_NOT_PARSED = ErrorCode(
        400,
        "EGERIA-NB-SEED-400-003",
        "The definitions file {0} is not valid: {1}",
        "Nothing was loaded.",
        "Fix the file; compare it with egeria_nb/data/lab-definitions.json.",
    )
    DEFINITIONS_WITHOUT_GROUPS = ErrorCode(
        400,
        "EGERIA-NB-SEED-400-004",
        'The definitions file {0} has no list of "groups"',
        "Nothing was loaded.",
        'Give the file a top-level "groups" list; see egeria_nb/data/lab-definitions.json.',
    )
    DEFINITION_WITHOUT_KEY = ErrorCode(
        # {3}: "group" or "connector".
        400,
        "EGERIA-NB-SEED-400-005",
        "{0} in the definitions file {1} has no {2}",
        "Nothing was loaded.",
        'Give every {3} a non-empty "{2}"; nothing was loaded.',
    )
    DEFINITIONS_NOT_VALID = ErrorCode(
        400,
        "EGERIA-NB-SEED-400-006",
        "The definitions file {0} is not valid: {1}",
        "Nothing was loaded.",
        "Fix the file (compare it with egeria_nb/data/lab-definitions.json); nothing was loaded.",
    )

    # -- server diagnostics (egeria_nb.diagnosis.server: tables of Egeria's platform and audit-log calls) --
    NO_AUDIT_LOG_RECORDS = ErrorCode(
        501,
        "EGERIA-NB-DIAGNOSIS-501-001",
        "The platform at {0} serves no audit-log records for server {1}: Egeria serves none over REST (its "
        "audit-log report has counts only), and egeria_nb's extension that does is not on this platform",
        "No records were read.",
        "Call audit_log_summary(platform, {1!r}) for the number of records per component and severity. To read "
        "the records themselves, give the server a file or event-topic audit-log destination (Egeria's admin calls "
        ".../audit-log-destinations/files or .../audit-log-destinations/event-topic) and read them there. The "
        "embedded platform serves them when started with its extensions (start_embedded(extensions=True), or "
        "egeria-nb serve without --egeria-only).",
        kind=UnexpectedResponseError,
    )

    # -- arguments (egeria_nb.arguments: every public callable's arguments, before it runs) --------
    # EGERIA-NB-ARGS-400-001: an argument the call does not take as given.
    ARGUMENTS_NOT_BOUND = ErrorCode(
        # {2}: the call with its parameters.
        400,
        "EGERIA-NB-ARGS-400-001",
        "{0}: {1}",
        "The call was not made.",
        "Call it as {2}.",
    )
    BAD_ARGUMENT = ErrorCode(
        # {4}: " (the problem)" or nothing; {5}: where to read more, or just ".".
        400,
        "EGERIA-NB-ARGS-400-001",
        "{0}: {1} must be {2}, not {3}{4}",
        "The call was not made.",
        "Pass {1} as {2}{5}",
    )
    NOT_POSITIVE = ErrorCode(
        400,
        "EGERIA-NB-ARGS-400-001",
        "{0} must be more than 0, not {1}",
        "The call was not made.",
        "Pass a positive {0}, or leave it out for the default.",
    )

    # -- wire models (egeria_nb.wire: models built in Python from a person's input) ----------------
    # Their text says which model, field and value, and the user action lists the fields: {0} and {1}.
    UNKNOWN_FIELD = ErrorCode(
        400,
        "EGERIA-NB-WIRE-400-001",
        "{0}",
        "Nothing was sent.",
        "{1}",
    )
    BAD_FIELD_VALUE = ErrorCode(
        400,
        "EGERIA-NB-WIRE-400-002",
        "{0}",
        "Nothing was sent.",
        "{1}",
    )
    NOT_A_MODEL = ErrorCode(
        400,
        "EGERIA-NB-WIRE-400-003",
        "{0}",
        "Nothing was sent.",
        "{1}",
    )


class Audit:
    """What the embedded platform writes to a server's audit log, one kind of record each.

    Read back with ``egeria_nb.audit_log``; counted by Egeria's ``audit-log/report``.
    """

    SERVER_STARTED = AuditCode(
        "EGERIA-NB-AUDIT-0001",
        "STARTUP",
        "The {0} {1} is running the following services: {2}",
        "The embedded platform started the server with the configuration document it had then.",
        "No action is needed. server_status(platform, {1!r}) shows its services.",
    )
    SERVER_STOPPED = AuditCode(
        "EGERIA-NB-AUDIT-0002",
        "SHUTDOWN",
        "The {0} {1} has stopped after running for {2}",
        "The server's services no longer answer requests; its configuration document is kept.",
        "Start it again with start_server(platform, {1!r}) if it is still needed.",
    )
    CONFIGURATION_CHANGED = AuditCode(
        "EGERIA-NB-AUDIT-0003",
        "INFO",
        "The configuration document of server {0} changed: {1}",
        "The change is saved. A server reads its document when it starts; an integration daemon the platform "
        "runs also follows changes to its integration groups while it runs.",
        "Restart the server (stop_server, start_server) if it runs and should use the change; "
        "server_configuration_summary(platform, {0!r}) shows what it runs with.",
    )
    CONFIGURATION_DELETED = AuditCode(
        "EGERIA-NB-AUDIT-0004",
        "INFO",
        "The configuration document of server {0} was deleted",
        "The server cannot be started again until it is configured again.",
        "Configure the server again (for example with create_integration_daemon) if it is still needed.",
    )
    CONNECTOR_FAILED = AuditCode(
        "EGERIA-NB-AUDIT-0005",
        "ERROR",
        "The integration connector {0} of integration group {1} in integration daemon {2} is {3}: {4}",
        "The daemon stopped calling the connector. It restarts a failed connector with back-off.",
        "Fix what the failure names (RemoteIntegrationDaemon(platform, {2!r}).history() shows every state "
        "change), then restart the connector with .restart({0!r}), or wait for the daemon to restart it.",
    )
    CONNECTOR_RECOVERED = AuditCode(
        "EGERIA-NB-AUDIT-0006",
        "INFO",
        "The integration connector {0} of integration group {1} in integration daemon {2} is {3} again after failing",
        "The daemon calls the connector again.",
        "No action is needed; the records before this one say why it failed.",
    )
