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
import ssl
import threading
import weakref
from collections.abc import Coroutine, Mapping, Sequence
from typing import Any, ClassVar, Literal, TypeVar, overload
from urllib.parse import urlsplit

import aiohttp
import pydantic
from yarl import URL

from egeria_nb.client.ffdc import raise_for_ffdc
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
                f"EGERIA-NB-CLIENT-400-003 The CA bundle {path!r} given as verify= does not exist",
                message_id="EGERIA-NB-CLIENT-400-003",
                user_action="Pass the path of a PEM file with the platform's CA certificate, "
                "or verify=True to use the system's trusted certificates.",
            )
        try:
            return ssl.create_default_context(cafile=path)
        except (ssl.SSLError, OSError) as exc:
            # Otherwise a raw ssl.SSLError ("no certificate or crl found") escapes from the constructor.
            raise InvalidParameterError(
                f"EGERIA-NB-CLIENT-400-008 The file {path!r} given as verify= holds no usable CA certificate: {exc}",
                message_id="EGERIA-NB-CLIENT-400-008",
                user_action="Pass the path of a PEM file with the platform's CA certificate "
                "(the text between -----BEGIN CERTIFICATE----- and -----END CERTIFICATE-----).",
            ) from exc
    raise InvalidParameterError(
        "EGERIA-NB-CLIENT-400-004 verify= must be True, False or the path of a CA bundle",
        message_id="EGERIA-NB-CLIENT-400-004",
        user_action="Use verify=True (the default) unless the platform uses a private CA.",
    )


def _normalise_url(url: str) -> str:
    text = str(url).strip()
    parts = urlsplit(text)
    problem = None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problem = "it needs http:// or https:// and a host name"
    elif parts.username is not None or parts.password is not None:
        # Egeria takes credentials in the token request, and a password in the
        # URL would show in repr() and in every error message.
        problem = "it carries a user name or password; pass user_id= and password= instead"
    elif parts.query or parts.fragment:
        problem = "it has a query or fragment; every path is appended to the root URL"
    else:
        try:
            parts.port  # noqa: B018 - urlsplit checks the port only when asked
        except ValueError:
            problem = "its port is not a number from 0 to 65535"
    if problem is not None:
        # Never echo a URL that holds a password.
        shown = text if parts.password is None else parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        raise InvalidParameterError(
            f"EGERIA-NB-CLIENT-400-001 {shown!r} is not a platform root URL: {problem}",
            message_id="EGERIA-NB-CLIENT-400-001",
            user_action="Give the platform's root URL, for example https://localhost:9443.",
        )
    return text.rstrip("/")


def _check_timeout(timeout: object) -> float:
    # Every call must end: None, nan and inf would let a hung platform hold a cell forever.
    if isinstance(timeout, int | float) and not isinstance(timeout, bool) and math.isfinite(timeout) and timeout > 0:
        return float(timeout)
    raise InvalidParameterError(
        f"EGERIA-NB-CLIENT-400-006 timeout={timeout!r} must be a positive number of seconds",
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
        password: str | None = None,
        api: ApiVersion | Literal[6, 5] = "6",
        verify: bool | str = True,
        timeout: float = DEFAULT_TIMEOUT_S,
        _home: LoopThread | None = None,
    ) -> None:
        api_text = str(api)
        if api_text not in ("6", "5"):
            raise InvalidParameterError(
                f"EGERIA-NB-CLIENT-400-002 api={api!r} is not an Egeria API line egeria_nb speaks",
                message_id="EGERIA-NB-CLIENT-400-002",
                user_action="Use api='6' for Egeria 6.x (bearer tokens) or api='5' for 4.x and 5.x "
                "(user id in the path).",
            )
        if api_text == "5" and not user_id:
            raise InvalidParameterError(
                "EGERIA-NB-CLIENT-400-005 api='5' needs a user_id, because 4.x/5.x paths carry it",
                message_id="EGERIA-NB-CLIENT-400-005",
                user_action="Pass user_id=... (or set EGERIA_USER).",
            )
        self.timeout = _check_timeout(timeout)
        self._url = _normalise_url(url)
        self.user_id = user_id
        self._password = password
        self.api: ApiVersion = api_text  # type: ignore[assignment]
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
        url = overrides.pop("url", None) or os.environ.get("EGERIA_PLATFORM_URL")
        if not url:
            raise InvalidParameterError(
                "EGERIA-NB-CLIENT-400-007 EGERIA_PLATFORM_URL is not set",
                message_id="EGERIA-NB-CLIENT-400-007",
                user_action="Set EGERIA_PLATFORM_URL (and EGERIA_USER, EGERIA_USER_PASSWORD), "
                "or use egeria_nb.start_embedded() to run a platform in this kernel.",
            )
        # An exported but empty EGERIA_API means the default, like an unset one.
        api = str(overrides.pop("api", None) or os.environ.get("EGERIA_API") or "6").strip()
        if api == "4":
            api = "5"  # 4.x and 5.x share the user-id path style
        return cls(
            url,
            user_id=overrides.pop("user_id", None) or os.environ.get("EGERIA_USER"),
            password=overrides.pop("password", None) or os.environ.get("EGERIA_USER_PASSWORD"),
            api=api,  # type: ignore[arg-type]
            **overrides,
        )

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
        coro = self._call(method, path, response, json, data, params, seconds)
        return await self._home().run_async(coro)

    def _check_usable(self) -> None:
        """Raise if this client can no longer make calls (subclasses decide)."""

    def _timeout_error(self, method: str, path: str, seconds: float) -> PlatformTimeoutError:
        return PlatformTimeoutError(
            f"EGERIA-NB-CLIENT-504-001 No answer from {self._url} to {method} {path} within {seconds:g} s",
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
                LOGGER.debug("HTTP 401 from %s %s: renewing the bearer token once", method, path)
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
        session = await self._session.get()
        url = URL(self._url + path, encoded=True)
        if params:
            url = url.with_query(params)
        body: bytes | None = None
        if json is not None:
            body = jsonlib.dumps(json).encode()
            headers["Content-Type"] = "application/json"
        elif data is not None:
            body = data.encode()
            headers["Content-Type"] = "text/plain; charset=utf-8"
        LOGGER.debug("%s %s", method, path)
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
                f"EGERIA-NB-CLIENT-502-001 The answer to {method} {path} is not a {response.__name__}: "
                f"{exc.error_count()} problem(s), first: {exc.errors()[0]['msg']}",
                message_id="EGERIA-NB-CLIENT-502-001",
                user_action="Check that the URL points at an Egeria platform of the API line given by api=.",
            ) from exc
