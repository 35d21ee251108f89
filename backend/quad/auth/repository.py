from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Uuid, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from quad.auth.models import AccountToken, AccountTokenPurpose, AuthSession, RefreshToken
from quad.users.models import User

# Every authenticated request runs this: built once, not per request (see
# quad.users.repository on prebuilt statements).
_USER_IN_LIVE_SESSION = (
    select(User)
    .join(AuthSession, AuthSession.user_id == User.id)
    .where(
        User.id == bindparam("user_id", type_=Uuid),
        AuthSession.id == bindparam("session_id", type_=Uuid),
        AuthSession.revoked_at.is_(None),
    )
    .options(joinedload(User.university))
)


class AuthRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_session(
        self, user_id: uuid.UUID, *, user_agent: str | None, ip_address: str | None
    ) -> AuthSession:
        auth_session = AuthSession(
            id=uuid.uuid4(), user_id=user_id, user_agent=user_agent, ip_address=ip_address
        )
        self.session.add(auth_session)
        await self.session.flush()
        return auth_session

    async def add_refresh_token(
        self, session_id: uuid.UUID, token_hash: bytes, expires_at: datetime
    ) -> None:
        self.session.add(
            RefreshToken(session_id=session_id, token_hash=token_hash, expires_at=expires_at)
        )
        await self.session.flush()

    async def user_in_live_session(self, user_id: uuid.UUID, session_id: uuid.UUID) -> User | None:
        """The user, if that login session of theirs is still live (one indexed join)."""
        parameters = {"user_id": user_id, "session_id": session_id}
        return (await self.session.scalars(_USER_IN_LIVE_SESSION, parameters)).one_or_none()

    async def refresh_token_for_update(
        self, token_hash: bytes
    ) -> tuple[RefreshToken, AuthSession] | None:
        """The token and its session, locked so two refreshes of one token serialize."""
        statement = (
            select(RefreshToken, AuthSession)
            .join(AuthSession, AuthSession.id == RefreshToken.session_id)
            .where(RefreshToken.token_hash == token_hash)
            .with_for_update(of=RefreshToken)
        )
        row = (await self.session.execute(statement)).one_or_none()
        return (row[0], row[1]) if row else None

    async def revoke_session(self, session_id: uuid.UUID, now: datetime) -> None:
        await self.session.execute(
            update(AuthSession)
            .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    async def revoke_user_sessions(
        self, user_id: uuid.UUID, now: datetime, *, keep: uuid.UUID | None = None
    ) -> None:
        statement = update(AuthSession).where(
            AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)
        )
        if keep is not None:
            statement = statement.where(AuthSession.id != keep)
        await self.session.execute(statement.values(revoked_at=now))

    async def add_account_token(
        self,
        user_id: uuid.UUID,
        purpose: AccountTokenPurpose,
        token_hash: bytes,
        expires_at: datetime,
    ) -> None:
        self.session.add(
            AccountToken(
                user_id=user_id, purpose=purpose, token_hash=token_hash, expires_at=expires_at
            )
        )
        await self.session.flush()

    async def account_token_for_update(
        self, token_hash: bytes, purpose: AccountTokenPurpose
    ) -> AccountToken | None:
        statement = (
            select(AccountToken)
            .where(AccountToken.token_hash == token_hash, AccountToken.purpose == purpose)
            .with_for_update()
        )
        return (await self.session.scalars(statement)).one_or_none()

    async def use_up_account_tokens(
        self, user_id: uuid.UUID, purpose: AccountTokenPurpose, now: datetime
    ) -> None:
        """Marks every open token of that purpose used: one reset kills the other links."""
        await self.session.execute(
            update(AccountToken)
            .where(
                AccountToken.user_id == user_id,
                AccountToken.purpose == purpose,
                AccountToken.used_at.is_(None),
            )
            .values(used_at=now)
        )
