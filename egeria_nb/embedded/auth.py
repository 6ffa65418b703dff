"""Who may call the embedded platform: its users, the bearer tokens it issues, and the check.

6.x paths need ``Authorization: Bearer <token>`` from ``POST /api/token``
(egeria-wire.md §0.1). 4.x/5.x paths carry ``/users/{userId}`` and no secret at
all, so they are off unless the platform was started with ``legacy_api=True``,
and even then only for user ids the platform knows.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass, field

from egeria_nb.embedded.ffdc import Code, FFDCError

__all__ = ["DEFAULT_TOKEN_TTL_S", "Authenticator"]

# How long a bearer token stays valid. Clients renew on 401, so this can be short.
DEFAULT_TOKEN_TTL_S = 8 * 3600.0
# A token is 32 random bytes, URL-safe base64: 43 characters.
TOKEN_BYTES = 32


@dataclass
class Authenticator:
    users: dict[str, str]
    token_ttl_s: float = DEFAULT_TOKEN_TTL_S
    _tokens: dict[str, tuple[str, float]] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return f"Authenticator(users={sorted(self.users)!r})"

    def login(self, user_id: object, password: object) -> str:
        """Issue a token, or raise ``BAD_LOGIN`` (the same answer for unknown user and wrong password)."""
        expected = self.users.get(user_id) if isinstance(user_id, str) else None
        given = password if isinstance(password, str) else ""
        # Compare even for an unknown user so timing does not tell which part was wrong.
        ok = hmac.compare_digest((expected or "\0").encode(), given.encode()) and expected is not None
        if not ok:
            raise FFDCError(Code.BAD_LOGIN)
        self._forget_expired()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        self._tokens[token] = (user_id, time.monotonic() + self.token_ttl_s)  # type: ignore[assignment]
        return token

    def user_for(self, authorization: str | None) -> str:
        """The user a request's Authorization header speaks for, or raise (HTTP 401)."""
        if not authorization:
            raise FFDCError(Code.NO_TOKEN)
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise FFDCError(Code.BAD_TOKEN)
        entry = self._tokens.get(token.strip())
        if entry is None:
            raise FFDCError(Code.BAD_TOKEN)
        user_id, expires = entry
        if time.monotonic() >= expires:
            self._tokens.pop(token.strip(), None)
            raise FFDCError(Code.BAD_TOKEN)
        return user_id

    def check_known(self, user_id: str) -> str:
        if user_id not in self.users:
            raise FFDCError(Code.UNKNOWN_USER, user_id)
        return user_id

    def _forget_expired(self) -> None:
        now = time.monotonic()
        for token in [t for t, (_, exp) in self._tokens.items() if exp <= now]:
            del self._tokens[token]
