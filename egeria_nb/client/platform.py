"""``Platform``: how egeria_nb talks to an Egeria platform (or the embedded one).

One async core (aiohttp) and a one-line sync facade over it. All of a
platform's I/O runs on its *home* loop, a private loop in a background thread,
so a notebook cell that calls ``platform.call(...)`` blocks only itself, with a
timeout, and never the kernel's own event loop (see ``egeria_nb.loop``).
"""

from __future__ import annotations

import asyncio
import io
import json as jsonlib
import logging
import math
import os
import re
import ssl
import threading
import weakref
from collections.abc import Coroutine, Mapping, Sequence
from typing import Any, ClassVar, Literal, TypeVar, overload
from urllib.parse import SplitResult, unquote, urlsplit

import aiohttp
import pydantic
from yarl import URL

from egeria_nb.arguments import MAX_NAME_CHARS, MAX_TEXT_CHARS, LongText
from egeria_nb.client.ffdc import URL_SHOWN_CHARS, raise_for_ffdc, shorten, shorten_repr
from egeria_nb.client.paths import ApiVersion, EgeriaPaths
from egeria_nb.errors import (
    InvalidParameterError,
    NotAuthorizedError,
    PlatformTimeoutError,
    PlatformUnreachableError,
    UnexpectedResponseError,
)
from egeria_nb.loop import LoopThread
from egeria_nb.wire import VoidResponse, WireModel

__all__ = ["DEFAULT_TIMEOUT_S", "Platform"]

LOGGER = logging.getLogger("egeria_nb.client")
M = TypeVar("M", bound=WireModel)
# Query parameters: a mapping, or pairs when a name repeats (``typeName=a&typeName=b``).
QueryParams = Mapping[str, str] | Sequence[tuple[str, str]]
T = TypeVar("T")

# Seconds a single HTTP exchange may take unless the caller says otherwise.
DEFAULT_TIMEOUT_S = 30.0
# Routes a 6.x platform serves without a bearer token (egeria-wire.md §0.1).
PUBLIC_PATHS = (
    "/api/about",
    "/api/public/",
    "/api/token",
    "/open-metadata/platform-services/server-platform/origin",
)
# Upper bound on connections one platform client keeps open.
MAX_CONNECTIONS = 64
# The longest URL (scheme, host, path and query, percent-encoded) the client sends. Egeria's web
# server refuses a longer request before any Egeria code runs, with an answer that names nothing:
# Tomcat (Spring Boot's server.max-http-request-header-size) allows 8 KB for the request line and
# every header together, the bearer token among them, and aiohttp (the embedded platform) 8,190
# bytes for the request line. 7,000 leaves room for the method, the headers and a proxy's additions.
MAX_URL_CHARS = 7000
# How much of a file path (verify=) an error shows: paths are long, but not thousands of characters.
PATH_SHOWN_CHARS = 400
# How much of the value that makes a URL too long the error shows.
SHOWN_VALUE_CHARS = 60
# A value that needs more of a URL than this is named when a URL is too long (shorter ones are
# ordinary names, and the length then comes from many of them).
_NAMEABLE_VALUE_CHARS = 200
# What a path prefix of a root URL may hold (RFC 3986 path characters); anything else is a typo.
_PATH_PREFIX = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*")
# Path segments that start an Egeria service: a URL with one is a service's, not the platform root.
_SERVICE_SEGMENTS = frozenset({"api", "open-metadata", "servers"})
# What Platform.from_env() takes besides the environment.
_FROM_ENV_ARGUMENTS = ("url", "user_id", "password", "api", "verify", "timeout")
_ROOT_URL_ACTION = (
    "Give the platform's root URL: http:// or https://, the host and the port, for example "
    "https://egeria.example:9443. A path prefix is allowed only when a proxy serves the platform under "
    "one (https://proxy.example/egeria); a service's path, a query or a fragment is not."
)


class _Session:
    """The aiohttp session of one Platform, created on and bound to its home loop."""

    def __init__(self, ssl_setting: ssl.SSLContext | bool) -> None:
        self._ssl = ssl_setting
        self.session: aiohttp.ClientSession | None = None

    async def get(self) -> aiohttp.ClientSession:
        if self.session is None or self.session.closed:
            self.session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(ssl=self._ssl, limit=MAX_CONNECTIONS),
                # Egeria errors arrive with HTTP 200; never raise on status here.
                raise_for_status=False,
            )
        return self.session

    async def aclose(self) -> None:
        if self.session is not None and not self.session.closed:
            await self.session.close()
        self.session = None

    def close_soon(self, home_ref: weakref.ref[LoopThread]) -> None:
        """Close from any thread without waiting (used when a client is dropped)."""
        home = home_ref()
        if self.session is not None and home is not None and home.started:
            home.submit(self.aclose())


def _ssl_setting(verify: bool | str) -> ssl.SSLContext | bool:
    if verify is True:
        return True
    if verify is False:
        return False
    if isinstance(verify, str | os.PathLike):
        path = os.fspath(verify)
        if not os.path.isfile(path):
            raise InvalidParameterError(
                f"EGERIA-NB-CLIENT-400-003 verify={shorten_repr(path, PATH_SHOWN_CHARS)} is not the path "
                "of a CA bundle: there is no such file",
                message_id="EGERIA-NB-CLIENT-400-003",
                user_action="Pass the path of a PEM file with the platform's CA certificate, "
                "or verify=True to use the system's trusted certificates.",
            )
        try:
            return ssl.create_default_context(cafile=path)
        except (ssl.SSLError, OSError) as exc:
            # Otherwise a raw ssl.SSLError ("no certificate or crl found") escapes from the constructor.
            raise InvalidParameterError(
                f"EGERIA-NB-CLIENT-400-008 verify={shorten_repr(path, PATH_SHOWN_CHARS)} is not a usable "
                f"CA bundle: the file holds no CA certificate Python can read ({exc})",
                message_id="EGERIA-NB-CLIENT-400-008",
                user_action="Pass the path of a PEM file with the platform's CA certificate "
                "(the text between -----BEGIN CERTIFICATE----- and -----END CERTIFICATE-----).",
            ) from exc
    raise InvalidParameterError(
        f"EGERIA-NB-CLIENT-400-004 verify={shorten_repr(verify)} is not True, False or the path of a CA bundle",
        message_id="EGERIA-NB-CLIENT-400-004",
        user_action="Use verify=True (the default) unless the platform uses a private CA; then pass "
        "verify='/path/to/ca.pem'.",
    )


def _normalise_url(url: object, argument: str = "url") -> str:
    """The root URL without its trailing slash; if it is not one, ``InvalidParameterError`` naming ``argument``."""
    if not isinstance(url, str):
        raise _not_a_root_url(argument, shorten_repr(url), f"it is {_kind(url)}, not text")
    text = url.strip()
    problem = None
    parts: SplitResult | None = None
    blank = re.search(r"[\s\x00-\x1f\x7f]", text)
    if blank is not None:
        what = "a space" if blank.group() == " " else f"the character {blank.group()!r}"
        problem = f"it contains {what} (at position {blank.start() + 1})"
    else:
        try:
            parts = urlsplit(text)
        except ValueError as exc:  # "Invalid IPv6 URL", for one
            problem = f"it cannot be read as a URL ({exc})"
    if parts is not None:
        problem = _root_url_problem(text, parts)
    if problem is not None:
        # Never echo a URL that holds a password: drop everything from "//" to the last "@", even
        # from a URL too broken to parse.
        shown = re.sub(r"//.*@", "//", text)
        raise _not_a_root_url(argument, shorten_repr(shown, URL_SHOWN_CHARS), problem)
    return text.rstrip("/")


def _root_url_problem(text: str, parts: SplitResult) -> str | None:
    if not text:
        return "it is empty"
    if parts.scheme not in ("http", "https"):
        return "it needs http:// or https:// at the start" + (
            f", not {parts.scheme}://" if parts.scheme and "://" in text else ""
        )
    if not parts.hostname:
        return "it has no host name after " + parts.scheme + "://"
    if parts.username is not None or parts.password is not None:
        # Egeria takes credentials in the token request, and a password in the
        # URL would show in repr() and in every error message.
        return "it carries a user name or password; pass user_id= and password= instead"
    if "?" in text or "#" in text:
        return "it has a query or fragment; every path is appended to the root URL"
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        return "its port is not a number from 0 to 65535"
    if not _PATH_PREFIX.fullmatch(parts.path):
        return f"its path {shorten_repr(parts.path)} has characters a URL path cannot hold unencoded"
    if _SERVICE_SEGMENTS.intersection(parts.path.split("/")):
        return f"its path {shorten_repr(parts.path)} is an Egeria service's; give the URL up to the port"
    return None


def _not_a_root_url(argument: str, shown: str, problem: str) -> InvalidParameterError:
    return InvalidParameterError(
        f"EGERIA-NB-CLIENT-400-001 {argument}={shown} is not a platform root URL: {problem}",
        message_id="EGERIA-NB-CLIENT-400-001",
        user_action=_ROOT_URL_ACTION,
    )


def _kind(value: object) -> str:
    """What sort of value this is, for a message: "None", "an int", "a list"."""
    if value is None:
        return "None"
    name = type(value).__name__
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def _check_api(api: object, argument: str = "api") -> ApiVersion:
    text = str(api).strip() if isinstance(api, str | int) and not isinstance(api, bool) else None
    if text in ("6", "5"):
        return text  # type: ignore[return-value]
    raise InvalidParameterError(
        f"EGERIA-NB-CLIENT-400-002 {argument}={shorten_repr(api)} is not an Egeria API line egeria_nb speaks",
        message_id="EGERIA-NB-CLIENT-400-002",
        user_action="Use api='6' for Egeria 6.x (bearer tokens) or api='5' for 4.x and 5.x (user id in the path).",
    )


def _check_user_id(user_id: object, argument: str = "user_id") -> str | None:
    if user_id is None:
        return None
    if not isinstance(user_id, str):
        problem = f"it is {_kind(user_id)}, not text"
    elif not user_id.strip():
        problem = "it is empty" if not user_id else "it is only white space"
    elif user_id != user_id.strip():
        problem = "it starts or ends with white space"
    elif re.search(r"[\x00-\x1f\x7f]", user_id):
        problem = "it contains a control character"
    elif len(user_id) > MAX_NAME_CHARS:
        problem = f"it has {len(user_id):,} characters, more than {MAX_NAME_CHARS:,}"
    else:
        return user_id
    raise InvalidParameterError(
        f"EGERIA-NB-CLIENT-400-011 {argument}={shorten_repr(user_id)} is not a user id: {problem}",
        message_id="EGERIA-NB-CLIENT-400-011",
        user_action="Pass the Egeria user's id as text, for example user_id='garygeeke' "
        "(Platform.from_env() reads EGERIA_USER), or leave it out to call only public services.",
    )


def _check_password(password: object, argument: str = "password") -> str | None:
    if password is None:
        return password
    # The value itself is never shown: it may be a password typed as a number.
    if not isinstance(password, str):
        problem = f"is {_kind(password)}, not text"
    elif not password.strip():
        problem = "is blank"
    elif len(password) > MAX_TEXT_CHARS:
        problem = f"has {len(password):,} characters, more than {MAX_TEXT_CHARS:,}"
    else:
        return password
    raise InvalidParameterError(
        f"EGERIA-NB-CLIENT-400-012 {argument}= {problem}",
        message_id="EGERIA-NB-CLIENT-400-012",
        user_action="Pass the password as a str, for example password=os.environ['EGERIA_USER_PASSWORD'] "
        "(Platform.from_env() reads EGERIA_USER_PASSWORD itself).",
    )


def _legacy_api(api: object) -> object:
    """Egeria 4.x and 5.x share the user-id path style: "4" means "5"."""
    return "5" if isinstance(api, str | int) and not isinstance(api, bool) and str(api).strip() == "4" else api


def _check_timeout(timeout: object) -> float:
    # Every call must end: None, nan and inf would let a hung platform hold a cell forever.
    if isinstance(timeout, int | float) and not isinstance(timeout, bool) and math.isfinite(timeout) and timeout > 0:
        return float(timeout)
    raise InvalidParameterError(
        f"EGERIA-NB-CLIENT-400-006 timeout={shorten_repr(timeout)} must be a positive number of seconds",
        message_id="EGERIA-NB-CLIENT-400-006",
        user_action=f"Pass timeout= as seconds, for example timeout={DEFAULT_TIMEOUT_S:g} (the default).",
    )


class Platform:
    """An Egeria platform (OMAG Server Platform) reached over HTTP.

    **Parameters:**

    * ``url`` - the platform root URL, e.g. ``https://localhost:9443``.
    * ``user_id``, ``password`` - the caller. With ``api="6"`` they buy a bearer
      token from ``POST /api/token`` on first use (renewed once on HTTP 401);
      with ``api="5"`` (Egeria 4.x and 5.x) the user id goes in each path.
    * ``verify`` - TLS verification: ``True`` (default), ``False``, or a CA-bundle path.
    * ``timeout`` - seconds each call may take (default 30).

    Every call is available sync (``call``) for notebook cells and async
    (``acall``) for coroutines on any loop.
    """

    # One home loop shared by every client that has no loop of its own: one
    # thread, created on first use, however many Platform objects there are.
    _shared_home: ClassVar[LoopThread | None] = None
    _shared_home_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        url: str,
        *,
        user_id: str | None = None,
        password: LongText | None = None,
        api: ApiVersion | Literal[6, 5] = "6",
        verify: bool | str = True,
        timeout: float = DEFAULT_TIMEOUT_S,
        _home: LoopThread | None = None,
    ) -> None:
        self._url = _normalise_url(url)
        user_id = _check_user_id(user_id)
        password = _check_password(password)
        api_text = _check_api(api)
        if api_text == "5" and not user_id:
            raise InvalidParameterError(
                "EGERIA-NB-CLIENT-400-005 api='5' needs a user_id, because 4.x/5.x paths carry it",
                message_id="EGERIA-NB-CLIENT-400-005",
                user_action="Pass user_id=... (or set EGERIA_USER).",
            )
        self.timeout = _check_timeout(timeout)
        self.user_id = user_id
        self._password = password
        self.api: ApiVersion = api_text
        self._verify = verify
        self.paths = EgeriaPaths(self.api, user_id)
        self._home_loop = _home
        self._session = _Session(_ssl_setting(verify))
        self._bearer: str | None = None
        self._token_lock: asyncio.Lock | None = None
        # A weak reference: the finalizer registry is global, and a strong one would keep the
        # home loop - and whatever owns it, such as a daemon - alive for as long as the process.
        self._finalizer = weakref.finalize(self, _Session.close_soon, self._session, weakref.ref(self._home()))

    # -- identity -----------------------------------------------------------------

    @property
    def url(self) -> str:
        """The platform root URL (no trailing slash)."""
        return self._url

    @property
    def password(self) -> str | None:
        """The password this client logs in with. Never shown by ``repr``."""
        return self._password

    @property
    def verify(self) -> bool | str:
        return self._verify

    def __repr__(self) -> str:
        # Cheap and safe: no I/O, and never the password or token.
        return f"{type(self).__name__}({self._url!r}, user_id={self.user_id!r}, api={self.api!r})"

    @classmethod
    def from_env(cls, **overrides: Any) -> Platform:
        """A client for the platform named by Egeria's usual environment variables.

        ``EGERIA_PLATFORM_URL``, ``EGERIA_USER``, ``EGERIA_USER_PASSWORD`` (the
        ones Egeria's own Python tools read) and ``EGERIA_API`` (``6`` by
        default; ``5`` for Egeria 4.x and 5.x). Keyword arguments win over them.
        """
        unknown = sorted(set(overrides) - set(_FROM_ENV_ARGUMENTS))
        if unknown:
            raise InvalidParameterError(
                f"EGERIA-NB-CLIENT-400-013 Platform.from_env() takes no argument {shorten(unknown[0])!r}",
                message_id="EGERIA-NB-CLIENT-400-013",
                user_action="Pass only " + ", ".join(f"{name}=" for name in _FROM_ENV_ARGUMENTS) + " (each "
                "overrides its environment variable), or create Platform(url, ...) directly.",
            )
        # An exported but empty variable means the same as an unset one; a value from the
        # environment that is wrong is reported under the variable's name.
        url = overrides.pop("url", None)
        if url is None:
            url = os.environ.get("EGERIA_PLATFORM_URL") or None
            if url is None:
                raise InvalidParameterError(
                    "EGERIA-NB-CLIENT-400-007 EGERIA_PLATFORM_URL is not set",
                    message_id="EGERIA-NB-CLIENT-400-007",
                    user_action="Set EGERIA_PLATFORM_URL (and EGERIA_USER, EGERIA_USER_PASSWORD), "
                    "or use egeria_nb.start_embedded() to run a platform in this kernel.",
                )
            url = _normalise_url(url, "EGERIA_PLATFORM_URL")
        user_id = overrides.pop("user_id", None)
        if user_id is None:
            user_id = _check_user_id(os.environ.get("EGERIA_USER") or None, "EGERIA_USER")
        password = overrides.pop("password", None)
        if password is None:
            password = os.environ.get("EGERIA_USER_PASSWORD") or None
        api = overrides.pop("api", None)
        if api is None:
            api = _check_api(_legacy_api(os.environ.get("EGERIA_API") or "6"), "EGERIA_API")
        return cls(url, user_id=user_id, password=password, api=_legacy_api(api), **overrides)

    def bound_to(self, home: LoopThread) -> Platform:
        """A client for the same platform and user whose I/O runs on ``home``.

        The daemon uses this so that its HTTP calls run on its own loop.
        """
        return self._copy(home=home, timeout=self.timeout)

    def with_timeout(self, timeout: float) -> Platform:
        """The same client with another default timeout (a form, say, should not wait 30 s)."""
        return self._copy(home=None, timeout=timeout)

    def _copy(self, *, home: LoopThread | None, timeout: float) -> Platform:
        return Platform(
            self._url,
            user_id=self.user_id,
            password=self._password,
            api=self.api,
            verify=self._verify,
            timeout=timeout,
            _home=home,
        )

    # -- lifecycle ----------------------------------------------------------------

    def _home(self) -> LoopThread:
        if self._home_loop is None:
            with Platform._shared_home_lock:
                if Platform._shared_home is None:
                    Platform._shared_home = LoopThread("egeria_nb-client")
            self._home_loop = Platform._shared_home
        return self._home_loop

    def close(self) -> None:
        """Close this client's connections. The object can still be used afterwards."""
        home = self._home()
        if home.started and self._session.session is not None:
            if home.in_thread():
                home.submit(self._session.aclose())
            else:
                home.run(self._session.aclose(), timeout=5)

    async def aclose(self) -> None:
        await self._home().run_async(self._session.aclose())

    def __enter__(self) -> Platform:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- calls --------------------------------------------------------------------

    @overload
    def call(self, method: str, path: str, *, response: type[M], **kw: Any) -> M: ...
    @overload
    def call(self, method: str, path: str, *, response: type[str], **kw: Any) -> str: ...
    @overload
    def call(self, method: str, path: str, *, response: None = None, **kw: Any) -> Any: ...

    def call(
        self,
        method: str,
        path: str,
        *,
        response: type[Any] | None = VoidResponse,
        json: Any = None,
        data: str | None = None,
        params: QueryParams | None = None,
        timeout: float | None = None,
    ) -> Any:
        """Call ``method path`` and return the answer as ``response``.

        ``response`` is a wire model class (the FFDC failure fields are checked
        first and raised as ``EgeriaError``), ``str`` for a text answer, or
        ``None`` for the parsed JSON. ``path`` starts with ``/`` and must be
        quoted already (see ``egeria_nb.client.paths``).
        """
        self._check_usable()
        seconds = self.timeout if timeout is None else _check_timeout(timeout)
        self._request_url(method, path, params)  # refuse a URL no platform takes before any I/O
        coro = self._call(method, path, response, json, data, params, seconds)
        try:
            # The backstop covers a token fetch, the call and one retry after renewal.
            return self._home().run(coro, timeout=seconds * 3 + 5)
        except TimeoutError:
            raise self._timeout_error(method, path, seconds) from None

    def run(self, coro: Coroutine[Any, Any, T], *, timeout: float | None = None) -> T:
        """Run a coroutine built on ``acall`` (several calls, say) and wait for it: the sync facade.

        Each HTTP call inside has its own timeout; ``timeout`` bounds the whole.
        """
        self._check_usable()
        try:
            return self._home().run(coro, timeout=timeout)
        except TimeoutError:
            raise PlatformTimeoutError(
                f"EGERIA-NB-CLIENT-504-002 The operation on {self._url} did not finish within {timeout:g} s",
                message_id="EGERIA-NB-CLIENT-504-002",
                user_action="Check that the platform is running and reachable, or allow a longer timeout=.",
            ) from None

    async def acall(
        self,
        method: str,
        path: str,
        *,
        response: type[Any] | None = VoidResponse,
        json: Any = None,
        data: str | None = None,
        params: QueryParams | None = None,
        timeout: float | None = None,
    ) -> Any:
        """Async ``call``: awaitable from a coroutine on any event loop."""
        self._check_usable()
        seconds = self.timeout if timeout is None else _check_timeout(timeout)
        self._request_url(method, path, params)  # refuse a URL no platform takes before any I/O
        coro = self._call(method, path, response, json, data, params, seconds)
        return await self._home().run_async(coro)

    def _check_usable(self) -> None:
        """Raise if this client can no longer make calls (subclasses decide)."""

    def _request_url(self, method: str, path: str, params: QueryParams | None) -> URL:
        """The URL of ``method path?params``; ``InvalidParameterError`` if it is longer than platforms accept."""
        url = URL(self._url + path, encoded=True)
        if params:
            url = url.with_query(params)
        length = len(str(url))
        if length <= MAX_URL_CHARS:
            return url
        raise InvalidParameterError(
            f"EGERIA-NB-CLIENT-400-009 {method} {str(url)[:URL_SHOWN_CHARS]}… was not sent: its URL "
            f"would be {length:,} characters long once percent-encoded, and Egeria platforms refuse a request "
            f"line over about 8 KB, so egeria_nb sends at most {MAX_URL_CHARS:,}. {_culprit(url, length)}",
            message_id="EGERIA-NB-CLIENT-400-009",
            user_action="Use a shorter value: a name that goes in a URL (a server name, the qualified name of a "
            "group to remove, a search string) must fit in a few thousand characters once percent-encoded, "
            "where a non-ASCII character takes 6 to 12. A name already stored with a longer value (a body "
            "carries it, so configuring works) can be taken out only by calls that do not name it, for "
            "example configure_integration_groups() with the list without it, or remove_integration_groups().",
        )

    def _timeout_error(self, method: str, path: str, seconds: float) -> PlatformTimeoutError:
        return PlatformTimeoutError(
            f"EGERIA-NB-CLIENT-504-001 No answer from {self._url} to {method} {shorten(path, URL_SHOWN_CHARS)} "
            f"within {seconds:g} s",
            message_id="EGERIA-NB-CLIENT-504-001",
            user_action="Check that the platform is running and reachable, or pass a longer timeout=.",
        )

    async def _call(
        self,
        method: str,
        path: str,
        response: type[Any] | None,
        json: Any,
        data: str | None,
        params: QueryParams | None,
        seconds: float,
    ) -> Any:
        needs_token = self.api == "6" and not path.startswith(PUBLIC_PATHS)
        for attempt in (1, 2):
            headers = {"Accept": "application/json, text/plain"}
            if needs_token:
                headers["Authorization"] = "Bearer " + await self._token(renew=attempt == 2, seconds=seconds)
            status, content_type, payload = await self._send(method, path, json, data, params, headers, seconds)
            if status == 401 and needs_token and attempt == 1:
                LOGGER.debug(
                    "HTTP 401 from %s %s: renewing the bearer token once", method, shorten(path, URL_SHOWN_CHARS)
                )
                continue
            break
        body = self._decode(content_type, payload)
        raise_for_ffdc(status, body, method=method, url=self._url + path)
        return self._coerce(body, response, method, path)

    async def _send(
        self,
        method: str,
        path: str,
        json: Any,
        data: str | None,
        params: QueryParams | None,
        headers: dict[str, str],
        seconds: float,
    ) -> tuple[int, str, bytes]:
        url = self._request_url(method, path, params)
        session = await self._session.get()
        body: bytes | None = None
        if json is not None:
            body = jsonlib.dumps(json).encode()
            headers["Content-Type"] = "application/json"
        elif data is not None:
            body = data.encode()
            headers["Content-Type"] = "text/plain; charset=utf-8"
        LOGGER.debug("%s %s", method, shorten(path, URL_SHOWN_CHARS))
        # aiohttp warns about large bytes bodies; a stream it reads in chunks is the documented way.
        payload: bytes | io.BytesIO | None = io.BytesIO(body) if body is not None and len(body) > 65536 else body
        try:
            async with session.request(
                method, url, data=payload, headers=headers, timeout=aiohttp.ClientTimeout(total=seconds)
            ) as resp:
                return resp.status, resp.content_type, await resp.read()
        except TimeoutError:
            raise self._timeout_error(method, path, seconds) from None
        except aiohttp.ClientSSLError as exc:
            raise PlatformUnreachableError(
                f"EGERIA-NB-CLIENT-503-002 TLS with {self._url} failed: {exc}",
                message_id="EGERIA-NB-CLIENT-503-002",
                user_action="If the platform uses a private certificate authority, pass verify='/path/to/ca.pem'. "
                "verify=False turns checking off; use it only for a throwaway test platform.",
            ) from exc
        except aiohttp.ClientError as exc:
            raise PlatformUnreachableError(
                f"EGERIA-NB-CLIENT-503-001 Could not reach the platform at {self._url} ({type(exc).__name__}: {exc})",
                message_id="EGERIA-NB-CLIENT-503-001",
                user_action="Check that the platform is running and that the URL (scheme, host, port) is right.",
            ) from exc

    async def _token(self, *, renew: bool, seconds: float) -> str:
        if self._token_lock is None:
            self._token_lock = asyncio.Lock()
        async with self._token_lock:
            if self._bearer is not None and not renew:
                return self._bearer
            if not self.user_id or not self._password:
                raise NotAuthorizedError(
                    f"EGERIA-NB-CLIENT-401-002 No credentials to log in to {self._url}",
                    message_id="EGERIA-NB-CLIENT-401-002",
                    user_action="Create the client with user_id= and password= "
                    "(or set EGERIA_USER and EGERIA_USER_PASSWORD).",
                )
            status, content_type, payload = await self._send(
                "POST",
                "/api/token",
                {"userId": self.user_id, "password": self._password},
                None,
                None,
                {"Accept": "text/plain, application/json"},
                seconds,
            )
            if status not in (200, 400, 401, 403):
                # Not a refusal: e.g. a 4.x/5.x platform has no /api/token at all (404),
                # and "check the password" would send the user the wrong way.
                raise_for_ffdc(status, self._decode(content_type, payload), method="POST", url=self._url + "/api/token")
            if status != 200:
                raise NotAuthorizedError(
                    f"EGERIA-NB-CLIENT-401-003 The platform at {self._url} refused to log in "
                    f"user {self.user_id!r} (HTTP {status})",
                    message_id="EGERIA-NB-CLIENT-401-003",
                    http_code=status,
                    user_action="Check the user id and password. For the embedded platform, "
                    "use the platform object's user_id and password.",
                )
            self._bearer = payload.decode("utf-8", "replace").strip()
            return self._bearer

    def _decode(self, content_type: str, payload: bytes) -> Any:
        text = payload.decode("utf-8", "replace")
        if content_type == "application/json" or text[:1] in ("{", "["):
            try:
                return jsonlib.loads(text)
            except ValueError:
                return text
        return text

    def _coerce(self, body: Any, response: type[Any] | None, method: str, path: str) -> Any:
        if response is None:
            return body
        if response is str:
            return body if isinstance(body, str) else jsonlib.dumps(body)
        try:
            return response.model_validate(body)
        except pydantic.ValidationError as exc:
            raise UnexpectedResponseError(
                f"EGERIA-NB-CLIENT-502-001 The answer to {method} {shorten(path, URL_SHOWN_CHARS)} "
                f"is not a {response.__name__}: "
                f"{exc.error_count()} problem(s), first: {exc.errors()[0]['msg']}",
                message_id="EGERIA-NB-CLIENT-502-001",
                user_action="Check that the URL points at an Egeria platform of the API line given by api=.",
            ) from exc


def _culprit(url: URL, length: int) -> str:
    """Which value makes ``url`` too long, if one alone does; else the URL's length and the limit."""
    pieces = [(part, "in the URL path") for part in url.raw_path.split("/")]
    for pair in url.raw_query_string.split("&"):
        name, _, value = pair.partition("=")
        pieces.append((value, f"in the query parameter {shorten(unquote(name))}="))
    raw, where = max(pieces, key=lambda piece: len(piece[0]))
    if len(raw) < _NAMEABLE_VALUE_CHARS or length - len(raw) > MAX_URL_CHARS:
        return "No single value makes it so long: several long values together do."
    value = unquote(raw.replace("+", " ") if "query" in where else raw)
    encoded = f", {len(raw):,} once percent-encoded" if len(raw) != len(value) else ""
    return f"The value {value[:SHOWN_VALUE_CHARS]!r}… ({len(value):,} characters{encoded}) {where} makes it too long."
