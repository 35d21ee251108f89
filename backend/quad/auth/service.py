"""Accounts: registration, login sessions with rotating refresh tokens, mailed links."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from quad.auth import errors
from quad.auth.emails import (
    password_reset_link,
    password_reset_mail,
    verification_link,
    verification_mail,
)
from quad.auth.models import AccountToken, AccountTokenPurpose
from quad.auth.repository import AuthRepository
from quad.auth.schemas import RegisterIn, Tokens
from quad.core.config import Settings
from quad.core.errors import InvalidField
from quad.core.security import (
    AccessTokenCodec,
    InvalidAccessToken,
    PasswordHasher,
    hash_opaque_token,
    new_opaque_token,
    utcnow,
)
from quad.core.tasks import BackgroundTasks
from quad.mail import MailSender, OutgoingMail
from quad.realtime.service import Realtime
from quad.universities.repository import UniversityRepository
from quad.users.models import User
from quad.users.repository import UserRepository

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClientInfo:
    """Who is logging in, kept on the session so a student can recognise their devices."""

    user_agent: str | None
    ip_address: str | None


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: the user and the login session the access token names."""

    user: User
    session_id: uuid.UUID


class AuthService:
    def __init__(
        self,
        session: AsyncSession,
        *,
        settings: Settings,
        hasher: PasswordHasher,
        access_tokens: AccessTokenCodec,
        mailer: MailSender,
        tasks: BackgroundTasks,
        realtime: Realtime,
    ) -> None:
        self.session = session
        # Ending sessions also closes their open sockets, on every server process.
        self.realtime = realtime
        self.settings = settings
        self.hasher = hasher
        self.access_tokens = access_tokens
        self.mailer = mailer
        self.tasks = tasks
        self.auth = AuthRepository(session)
        self.users = UserRepository(session)
        self.universities = UniversityRepository(session)

    # --- Accounts -------------------------------------------------------------------------

    async def register(self, data: RegisterIn, client: ClientInfo) -> tuple[User, Tokens]:
        """Creates the account and its first session in one transaction, then mails the
        verification link. The e-mail is unique even under concurrent registrations."""
        university = await self.universities.get(data.university_id)
        if university is None:
            raise InvalidField("university_id", "There is no such university.")
        if await self.users.email_taken(data.email):
            raise errors.EmailTaken()
        user = User(
            id=uuid.uuid4(),
            email=data.email,
            password_hash=await self.hasher.hash(data.password),
            first_name=data.first_name,
            last_name=data.last_name,
            university_id=university.id,
            course=data.course,
            bio=data.bio,
            interests=data.interests,
        )
        user.university = university
        try:
            await self.users.add(user)
        except IntegrityError as exc:  # a concurrent registration won the race
            await self.session.rollback()
            raise errors.EmailTaken() from exc
        tokens = await self._open_session(user.id, client)
        link_token = await self._new_account_token(user.id, AccountTokenPurpose.VERIFY_EMAIL)
        await self.session.commit()
        await self.session.refresh(user, ["created_at", "updated_at"])
        self._send(self._verification_mail(user, link_token))
        return user, tokens

    async def login(self, email: str, password: str, client: ClientInfo) -> Tokens:
        user = await self.users.get_by_email(email)
        # Unknown e-mails are checked against a decoy hash: same answer, same time.
        if not await self.hasher.verify(password, user.password_hash if user else None):
            raise errors.InvalidCredentials()
        assert user is not None
        tokens = await self._open_session(user.id, client)
        await self.session.commit()
        return tokens

    async def authenticate(self, access_token: str) -> Principal:
        """The caller of a request: a valid access token whose session is still live."""
        try:
            claims = self.access_tokens.decode(access_token)
        except InvalidAccessToken as exc:
            raise errors.InvalidAccessToken() from exc
        user = await self.auth.user_in_live_session(claims.user_id, claims.session_id)
        if user is None:
            raise errors.InvalidAccessToken()
        return Principal(user=user, session_id=claims.session_id)

    async def refresh(self, refresh_token: str | None) -> Tokens:
        """Rotates the refresh token. A used one presented again means it leaked: the whole
        session (every token of that family, and its access tokens) is revoked."""
        if not refresh_token:
            raise errors.InvalidRefreshToken()
        now = utcnow()
        found = await self.auth.refresh_token_for_update(hash_opaque_token(refresh_token))
        if found is None:
            raise errors.InvalidRefreshToken()
        token, auth_session = found
        if auth_session.revoked_at is not None or token.expires_at <= now:
            raise errors.InvalidRefreshToken()
        if token.used_at is not None:
            await self.auth.revoke_session(auth_session.id, now)
            await self.session.commit()
            await self.realtime.revoke_sessions(auth_session.user_id, [auth_session.id])
            logger.warning(
                "refresh token reuse detected; session revoked",
                extra={"user_id": str(auth_session.user_id), "session_id": str(auth_session.id)},
            )
            raise errors.RefreshTokenReused()
        token.used_at = now
        tokens = await self._issue_tokens(auth_session.user_id, auth_session.id, now)
        await self.session.commit()
        return tokens

    async def logout(self, refresh_token: str | None) -> None:
        """Ends the session the refresh token belongs to; unknown tokens are ignored."""
        if not refresh_token:
            return
        found = await self.auth.refresh_token_for_update(hash_opaque_token(refresh_token))
        if found is not None:
            auth_session = found[1]
            await self.auth.revoke_session(auth_session.id, utcnow())
            await self.session.commit()
            await self.realtime.revoke_sessions(auth_session.user_id, [auth_session.id])

    # --- E-mail verification --------------------------------------------------------------

    async def verify_email(self, token: str) -> None:
        account_token = await self._consume_account_token(token, AccountTokenPurpose.VERIFY_EMAIL)
        user = await self.users.get(account_token.user_id)
        assert user is not None  # tokens are deleted with their user
        if user.email_verified_at is None:
            user.email_verified_at = utcnow()
        await self.session.commit()

    async def resend_verification(self, user: User) -> None:
        if user.email_verified:
            raise errors.EmailAlreadyVerified()
        link_token = await self._new_account_token(user.id, AccountTokenPurpose.VERIFY_EMAIL)
        await self.session.commit()
        self._send(self._verification_mail(user, link_token))

    # --- Passwords ------------------------------------------------------------------------

    async def request_password_reset(self, email: str) -> None:
        """Mails a reset link if the account exists; says nothing either way."""
        user = await self.users.get_by_email(email)
        if user is None:
            logger.info("password reset asked for an unknown e-mail")
            return
        link_token = await self._new_account_token(user.id, AccountTokenPurpose.PASSWORD_RESET)
        await self.session.commit()
        self._send(
            password_reset_mail(
                to=user.email,
                first_name=user.first_name,
                link=password_reset_link(self.settings.frontend_url, link_token),
                valid_for=timedelta(seconds=self.settings.password_reset_ttl_seconds),
            )
        )

    async def confirm_password_reset(self, token: str, new_password: str) -> None:
        """Sets the new password and ends every session of the user, access tokens and open
        sockets included; the other reset links die too."""
        account_token = await self._consume_account_token(token, AccountTokenPurpose.PASSWORD_RESET)
        user = await self.users.get(account_token.user_id)
        assert user is not None
        now = utcnow()
        user.password_hash = await self.hasher.hash(new_password)
        # Reading the link proves the address works, as a verification link would.
        if user.email_verified_at is None:
            user.email_verified_at = now
        await self.auth.use_up_account_tokens(user.id, AccountTokenPurpose.PASSWORD_RESET, now)
        await self.auth.revoke_user_sessions(user.id, now)
        await self.session.commit()
        await self.realtime.revoke_sessions(user.id, None)

    async def change_password(self, principal: Principal, current: str, new: str) -> None:
        """Changes the password; every other session ends, this one stays logged in."""
        user = principal.user
        if not await self.hasher.verify(current, user.password_hash):
            raise errors.WrongPassword()
        now = utcnow()
        user.password_hash = await self.hasher.hash(new)
        await self.auth.revoke_user_sessions(user.id, now, keep=principal.session_id)
        await self.auth.use_up_account_tokens(user.id, AccountTokenPurpose.PASSWORD_RESET, now)
        await self.session.commit()
        await self.realtime.revoke_sessions(user.id, None, keep=principal.session_id)

    # --- Internals ------------------------------------------------------------------------

    async def _open_session(self, user_id: uuid.UUID, client: ClientInfo) -> Tokens:
        auth_session = await self.auth.add_session(
            user_id, user_agent=client.user_agent, ip_address=client.ip_address
        )
        return await self._issue_tokens(user_id, auth_session.id, utcnow())

    async def _issue_tokens(
        self, user_id: uuid.UUID, session_id: uuid.UUID, now: datetime
    ) -> Tokens:
        refresh_token = new_opaque_token()
        await self.auth.add_refresh_token(
            session_id,
            hash_opaque_token(refresh_token),
            now + timedelta(seconds=self.settings.refresh_token_ttl_seconds),
        )
        return Tokens(
            access_token=self.access_tokens.issue(user_id, session_id, now),
            refresh_token=refresh_token,
            expires_in=int(self.access_tokens.ttl.total_seconds()),
        )

    async def _new_account_token(self, user_id: uuid.UUID, purpose: AccountTokenPurpose) -> str:
        ttl = (
            self.settings.email_verification_ttl_seconds
            if purpose is AccountTokenPurpose.VERIFY_EMAIL
            else self.settings.password_reset_ttl_seconds
        )
        token = new_opaque_token()
        await self.auth.add_account_token(
            user_id, purpose, hash_opaque_token(token), utcnow() + timedelta(seconds=ttl)
        )
        return token

    async def _consume_account_token(
        self, token: str, purpose: AccountTokenPurpose
    ) -> AccountToken:
        account_token = await self.auth.account_token_for_update(hash_opaque_token(token), purpose)
        now = utcnow()
        if account_token is None:
            raise errors.InvalidLinkToken()
        if account_token.used_at is not None:
            raise errors.UsedLinkToken()
        if account_token.expires_at <= now:
            raise errors.ExpiredLinkToken()
        account_token.used_at = now
        return account_token

    def _verification_mail(self, user: User, token: str) -> OutgoingMail:
        return verification_mail(
            to=user.email,
            first_name=user.first_name,
            link=verification_link(self.settings.frontend_url, token),
            valid_for=timedelta(seconds=self.settings.email_verification_ttl_seconds),
        )

    def _send(self, mail: OutgoingMail) -> None:
        # After the commit, off the request: a slow mail server never delays the answer,
        # and the password-reset answer takes the same time whether or not the e-mail exists.
        self.tasks.spawn(self.mailer.send(mail), name="send-mail")
