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

from egeria_nb.arguments import MAX_NAME_CHARS, MAX_TEXT_CHARS, LongText, shape_checked
from egeria_nb.catalogue import Code
from egeria_nb.client.ffdc import URL_SHOWN_CHARS, raise_for_ffdc, shorten, shorten_repr
from egeria_nb.client.paths import ApiVersion, EgeriaPaths
from egeria_nb.errors import InvalidParameterError, PlatformTimeoutError
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
_FROM_ENV_ARGUMENTS = ("url", "user_id", "password", "api", "verify", "timeout_s")


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
            raise Code.NO_CA_BUNDLE.error(shorten_repr(path, PATH_SHOWN_CHARS))
        try:
            return ssl.create_default_context(cafile=path)
        except (ssl.SSLError, OSError) as exc:
            # Otherwise a raw ssl.SSLError ("no certificate or crl found") escapes from the constructor.
            raise Code.UNUSABLE_CA_BUNDLE.error(shorten_repr(path, PATH_SHOWN_CHARS), exc) from exc
    raise Code.BAD_VERIFY.error(shorten_repr(verify))


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
    return Code.NOT_A_ROOT_URL.error(argument, shown, problem)


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
    raise Code.BAD_API.error(argument, shorten_repr(api))


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
    raise Code.BAD_USER_ID.error(argument, shorten_repr(user_id), problem)


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
    raise Code.BAD_PASSWORD.error(argument, problem)


def _legacy_api(api: object) -> object:
    """Egeria 4.x and 5.x share the user-id path style: "4" means "5"."""
    return "5" if isinstance(api, str | int) and not isinstance(api, bool) and str(api).strip() == "4" else api


def _check_timeout(timeout_s: object) -> float:
    # Every call must end: None, nan and inf would let a hung platform hold a cell forever.
    seconds = timeout_s
    if isinstance(seconds, int | float) and not isinstance(seconds, bool) and math.isfinite(seconds) and seconds > 0:
        return float(seconds)
    raise Code.BAD_TIMEOUT.error(shorten_repr(timeout_s), f"{DEFAULT_TIMEOUT_S:g}")


class Platform:
    """An Egeria platform (OMAG Server Platform) reached over HTTP.

    **Parameters:**

    * ``url`` - the platform root URL, e.g. ``https://localhost:9443``.
    * ``user_id``, ``password`` - the caller. With ``api="6"`` they buy a bearer
      token from ``POST /api/token`` on first use (renewed once on HTTP 401);
      with ``api="5"`` (Egeria 4.x and 5.x) the user id goes in each path.
    * ``verify`` - TLS verification: ``True`` (default), ``False``, or a CA-bundle path.
    * ``timeout_s`` - seconds each call may take (default 30).

    Every call is available sync (``call``) for notebook cells and async
    (``acall``) for coroutines on any loop.
    """

    # One home loop shared by every client that has no loop of its own: one
    # thread, created on first use, however many Platform objects there are.
    _shared_home: ClassVar[LoopThread | None] = None
    _shared_home_lock: ClassVar[threading.Lock] = threading.Lock()

    @shape_checked
    def __init__(
        self,
        url: str,
        *,
        user_id: str | None = None,
        password: LongText | None = None,
        api: ApiVersion | Literal[6, 5] = "6",
        verify: bool | str = True,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        _home: LoopThread | None = None,
    ) -> None:
        self._url = _normalise_url(url)
        user_id = _check_user_id(user_id)
        password = _check_password(password)
        api_text = _check_api(api)
        if api_text == "5" and not user_id:
            raise Code.LEGACY_API_WITHOUT_USER.error()
        self.timeout_s = _check_timeout(timeout_s)
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
        """TLS verification: True (the system's CAs), a CA bundle's path, or False."""
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
            taken = ", ".join(f"{name}=" for name in _FROM_ENV_ARGUMENTS)
            raise Code.FROM_ENV_ARGUMENT.error(repr(shorten(unknown[0])), taken)
        # An exported but empty variable means the same as an unset one; a value from the
        # environment that is wrong is reported under the variable's name.
        url = overrides.pop("url", None)
        if url is None:
            url = os.environ.get("EGERIA_PLATFORM_URL") or None
            if url is None:
                raise Code.NO_PLATFORM_URL.error()
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

    def _bound_to(self, home: LoopThread) -> Platform:
        """A client for the same platform and user whose I/O runs on ``home``.

        The daemon uses this so that its HTTP calls run on its own loop.
        """
        return self._copy(home=home, timeout_s=self.timeout_s)

    @shape_checked
    def with_timeout(self, timeout_s: float) -> Platform:
        """The same client with another default timeout, in seconds.

        For example ``platform.with_timeout(5).call("GET", path)`` gives up after 5 s
        where ``platform`` would wait 30 s.
        """
        return self._copy(home=None, timeout_s=_check_timeout(timeout_s))

    def _copy(self, *, home: LoopThread | None, timeout_s: float) -> Platform:
        return Platform(
            self._url,
            user_id=self.user_id,
            password=self._password,
            api=self.api,
            verify=self._verify,
            timeout_s=timeout_s,
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
        """``close()`` for a coroutine: ``await platform.aclose()``."""
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

    @shape_checked
    def call(
        self,
        method: str,
        path: str,
        *,
        response: type[Any] | None = VoidResponse,
        json: Any = None,
        data: str | None = None,
        params: QueryParams | None = None,
        timeout_s: float | None = None,
    ) -> Any:
        """Call ``method path`` and return the answer as ``response``.

        ``response`` is a wire model class (the FFDC failure fields are checked
        first and raised as ``EgeriaError``), ``str`` for a text answer, or
        ``None`` for the parsed JSON. ``path`` starts with ``/`` and must be
        quoted already (see ``egeria_nb.client.paths``).
        """
        self._check_usable()
        seconds = self.timeout_s if timeout_s is None else _check_timeout(timeout_s)
        self._request_url(method, path, params)  # refuse a URL no platform takes before any I/O
        coro = self._call(method, path, response, json, data, params, seconds)
        try:
            # The backstop covers a token fetch, the call and one retry after renewal.
            return self._home().run(coro, timeout=seconds * 3 + 5)
        except TimeoutError:
            raise self._timeout_error(method, path, seconds) from None

    @shape_checked
    def run(self, coro: Coroutine[Any, Any, T], *, timeout_s: float | None = None) -> T:
        """Run a coroutine built on ``acall`` (several calls, say) and wait for it: the sync facade.

        Each HTTP call inside has its own timeout; ``timeout_s`` bounds the whole::

            async def both():
                return await asyncio.gather(platform.acall("GET", a), platform.acall("GET", b))

            first, second = platform.run(both(), timeout_s=60)
        """
        self._check_usable()
        try:
            return self._home().run(coro, timeout=timeout_s)
        except TimeoutError:
            raise Code.RUN_TIMED_OUT.error(self._url, f"{timeout_s:g}") from None

    @shape_checked
    async def acall(
        self,
        method: str,
        path: str,
        *,
        response: type[Any] | None = VoidResponse,
        json: Any = None,
        data: str | None = None,
        params: QueryParams | None = None,
        timeout_s: float | None = None,
    ) -> Any:
        """Async ``call``: awaitable from a coroutine on any event loop."""
        self._check_usable()
        seconds = self.timeout_s if timeout_s is None else _check_timeout(timeout_s)
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
        shown = str(url)[:URL_SHOWN_CHARS]
        raise Code.URL_TOO_LONG.error(method, shown, f"{length:,}", f"{MAX_URL_CHARS:,}", _culprit(url, length))

    def _timeout_error(self, method: str, path: str, seconds: float) -> PlatformTimeoutError:
        return Code.CALL_TIMED_OUT.error(self._url, method, shorten(path, URL_SHOWN_CHARS), f"{seconds:g}")

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
            raise Code.TLS_FAILED.error(self._url, exc) from exc
        except aiohttp.ClientError as exc:
            raise Code.UNREACHABLE.error(self._url, type(exc).__name__, exc) from exc

    async def _token(self, *, renew: bool, seconds: float) -> str:
        if self._token_lock is None:
            self._token_lock = asyncio.Lock()
        async with self._token_lock:
            if self._bearer is not None and not renew:
                return self._bearer
            if not self.user_id or not self._password:
                raise Code.NO_CREDENTIALS.error(self._url)
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
                raise Code.LOGIN_REFUSED.error(self._url, self.user_id, status, http_code=status)
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
            shown = shorten(path, URL_SHOWN_CHARS)
            first = exc.errors()[0]["msg"]
            raise Code.UNREADABLE_ANSWER.error(method, shown, response.__name__, exc.error_count(), first) from exc


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
