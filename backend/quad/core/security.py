"""Passwords, access tokens and opaque one-time tokens.

bcrypt is deliberately slow (~250 ms at cost 12), so every hash and check runs in a worker
thread: the event loop keeps serving sockets while a login is being verified.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

import anyio.to_thread
import bcrypt
import jwt
from pydantic import AfterValidator, WithJsonSchema

from quad.core.config import Settings
from quad.core.text import NO_NUL_PATTERN, check_verbatim

# bcrypt reads at most 72 bytes; the contract refuses longer passwords instead of truncating.
PASSWORD_MIN_CHARS = 8
PASSWORD_MAX_BYTES = 72


def _check_password(value: str) -> str:
    check_verbatim(value)  # NUL or an unpaired surrogate: a clear 422, never a 500 from bcrypt
    if len(value) < PASSWORD_MIN_CHARS:
        raise ValueError(f"Use at least {PASSWORD_MIN_CHARS} characters.")
    if len(value.encode()) > PASSWORD_MAX_BYTES:
        raise ValueError(
            f"Use at most {PASSWORD_MAX_BYTES} bytes (about {PASSWORD_MAX_BYTES} letters, "
            "fewer with accents or emoji)."
        )
    return value


# JSON Schema counts characters, not bytes: `maxLength` 72 is the bound it can state (72 bytes
# never hold more than 72 characters), the description states the byte rule, and
# `x-max-utf8-bytes` gives it to tools that read extensions (the contract test teaches it to
# schemathesis, so the passwords it calls valid are).
PASSWORD_FORMAT = "password"  # noqa: S105 (the OpenAPI format name, not a secret)
Password = Annotated[
    str,
    AfterValidator(_check_password),
    WithJsonSchema(
        {
            "type": "string",
            "format": PASSWORD_FORMAT,
            "minLength": PASSWORD_MIN_CHARS,
            "maxLength": PASSWORD_MAX_BYTES,
            "pattern": NO_NUL_PATTERN,
            "x-max-utf8-bytes": PASSWORD_MAX_BYTES,
            "description": f"{PASSWORD_MIN_CHARS} characters to {PASSWORD_MAX_BYTES} bytes of "
            f"UTF-8 ({PASSWORD_MAX_BYTES} ASCII characters, fewer with accents or emoji), "
            "without NUL. Kept exactly as typed: never trimmed or truncated.",
            "examples": ["correct horse battery"],
        }
    ),
]


class PasswordHasher:
    """bcrypt with the configured cost, off the event loop."""

    def __init__(self, rounds: int) -> None:
        self.rounds = rounds
        # A real hash of a random password: checking an unknown e-mail against it costs the
        # same as checking a wrong password, so login timing reveals nothing.
        self._decoy_hash = bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt(rounds))

    async def hash(self, password: str) -> str:
        encoded = password.encode()
        hashed = await anyio.to_thread.run_sync(
            lambda: bcrypt.hashpw(encoded, bcrypt.gensalt(self.rounds))
        )
        return hashed.decode()

    async def verify(self, password: str, password_hash: str | None) -> bool:
        """True if the password matches; with no hash, spends the same time and says False."""
        candidate = password.encode()
        # bcrypt 5 refuses inputs over 72 bytes; such a password cannot match any stored hash,
        # but it still costs one check so it answers in the same time as a wrong one.
        acceptable = len(candidate) <= PASSWORD_MAX_BYTES and password_hash is not None
        stored = password_hash.encode() if password_hash else self._decoy_hash
        matches = await anyio.to_thread.run_sync(
            lambda: bcrypt.checkpw(candidate[:PASSWORD_MAX_BYTES], stored)
        )
        return matches and acceptable


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID
    expires_at: datetime


class InvalidAccessToken(Exception):
    """The token is malformed, forged or expired."""


class AccessTokenCodec:
    """Short-lived JWTs naming the user (`sub`) and the login session (`sid`)."""

    def __init__(self, settings: Settings) -> None:
        self._key = settings.signing_key
        self._algorithm = settings.jwt_algorithm
        self.ttl = timedelta(seconds=settings.access_token_ttl_seconds)

    def issue(self, user_id: uuid.UUID, session_id: uuid.UUID, now: datetime) -> str:
        claims = {
            "sub": str(user_id),
            "sid": str(session_id),
            "typ": "access",
            "iat": int(now.timestamp()),
            "exp": int((now + self.ttl).timestamp()),
        }
        return jwt.encode(claims, self._key, algorithm=self._algorithm)

    def decode(self, token: str) -> AccessClaims:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[self._algorithm],
                options={"require": ["sub", "sid", "exp", "iat"]},
            )
            if claims.get("typ") != "access":
                raise InvalidAccessToken("not an access token")
            return AccessClaims(
                user_id=uuid.UUID(claims["sub"]),
                session_id=uuid.UUID(claims["sid"]),
                expires_at=datetime.fromtimestamp(claims["exp"], UTC),
            )
        except (jwt.PyJWTError, ValueError, TypeError, KeyError) as exc:
            raise InvalidAccessToken(str(exc)) from exc


def new_opaque_token() -> str:
    """A random, URL-safe token for refresh, e-mail verification and password reset links."""
    return secrets.token_urlsafe(32)


def hash_opaque_token(token: str) -> bytes:
    """Only this digest is stored, so a database leak yields no usable token."""
    return hashlib.sha256(token.encode()).digest()


def utcnow() -> datetime:
    return datetime.now(UTC)
