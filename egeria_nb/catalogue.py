"""The error catalogue: every message id egeria_nb raises or answers with, written once.

Each ``ErrorCode`` holds its id, its message template (``{0}``-style slots), what the
system did (``system_action``) and what to do (``user_action``), the egeria_nb exception
a client raises for it, and for answers the embedded platform sends, the HTTP code and
the Java exception class Egeria would report. Raising is one line::

    raise Code.DAEMON_NOT_RUNNING.error(server_name)

Where Egeria has an id for the same condition the embedded platform uses it
(egeria-wire.md §1.5, §3.8), so code that matches on Egeria's ids works here too.
Conditions Egeria does not check, or reports badly, get ids that start with
``EGERIA-NB-``. The message texts are egeria_nb's own. ``embedded/ffdc.py`` turns a code
into Egeria's failure body; ``client/ffdc.py`` turns such a body back into an exception.
"""

from __future__ import annotations

from dataclasses import dataclass

from egeria_nb.errors import EgeriaError, InvalidParameterError

__all__ = ["Code", "ErrorCode"]

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
    """One failure the platform can report. ``{0}``-style slots take the parameters."""

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

    def error(self, *params: object) -> EgeriaError:
        """The exception to raise for this code (of its ``kind``), its slots filled with ``params``."""
        text = tuple(str(p) for p in params)
        return self.kind(
            self.format(text),
            message_id=self.message_id,
            system_action=self.system_action,
            user_action=self.user_action.format(*text),
            parameters=list(text),
        )


class Code:
    """The catalogue, grouped by service. Each name says the condition."""

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
    UNKNOWN_NAME = ErrorCode(
        404,
        "EGERIA-NB-404-004",
        "Metadata server {2} has no {1} named {0!r}",
        "The request was not processed and nothing was changed.",
        "Check the qualified name (it is case-sensitive); list what exists with list_integration_groups / "
        "find_elements.",
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
    )
    INVALID_CLASSIFICATION = ErrorCode(
        500,
        "OMAG-REPOSITORY-HANDLER-500-001",
        "The classification {0} cannot be attached to a {1}: it is for {2}",
        "The repository refused the classification and nothing was stored.",
        "Attach {0} to an element of type {2} (or a subtype), or choose a classification for {1} elements.",
        exception_class=PROPERTY_SERVER,
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
        404,
        "OMAG-MULTI-TENANT-404-001",
        "The OMAG server {0} is not running on this platform",
        "The request was not processed.",
        "Start the server (start_server) or check its name; running servers are listed by "
        "GET /open-metadata/platform-services/server-platform/servers/active.",
    )
    UNEXPECTED = ErrorCode(
        400,
        "OMAG-COMMON-400-016",
        "An unexpected {0} occurred while processing {1}: {2}",
        "The request failed; nothing it was changing was stored.",
        "This is a fault in the platform; the platform log has the details.",
        exception_class=PROPERTY_SERVER,
    )
    UNAVAILABLE = ErrorCode(
        503,
        "EGERIA-NB-503-001",
        "The platform could not complete {0}: {1}",
        "The request was not completed; nothing it was changing was stored.",
        "Try again; if it keeps failing, check the platform log and the data directory.",
        exception_class=PROPERTY_SERVER,
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
        http_status=401,
    )
    BAD_TOKEN = ErrorCode(
        401,
        "EGERIA-NB-401-002",
        "The bearer token is not valid on this platform (it is malformed, unknown or has expired)",
        "The request was rejected.",
        "Log in again with POST /api/token and use the new token.",
        exception_class=NOT_AUTHORIZED,
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
        http_status=401,
    )
    UNKNOWN_USER = ErrorCode(
        401,
        "EGERIA-NB-401-004",
        "User {0} is not known to this platform",
        "The request was rejected.",
        "Call with a user id of this platform; it is in the credentials file of its data directory.",
        exception_class=NOT_AUTHORIZED,
    )

    # -- the embedded platform's own options (raised by start_embedded / egeria-nb serve) --------
    BAD_PLATFORM_OPTION = ErrorCode(
        400,
        "EGERIA-NB-400-023",
        "The embedded platform option {0}={1} is not valid: it must be {2}",
        "The platform was not started and nothing in its data directory was changed.",
        "Pass {0} as {2}, for example {0}={3}; to egeria-nb serve, pass {4}.",
    )

    # -- integration daemon ------------------------------------------------------------
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
