from __future__ import annotations

import uuid

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from quad.users.models import User


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: uuid.UUID) -> User | None:
        statement = select(User).where(User.id == user_id).options(joinedload(User.university))
        return (await self.session.scalars(statement)).one_or_none()

    async def get_by_email(self, email: str) -> User | None:
        statement = (
            select(User).where(User.email == email.lower()).options(joinedload(User.university))
        )
        return (await self.session.scalars(statement)).one_or_none()

    async def email_taken(self, email: str) -> bool:
        return bool(await self.session.scalar(select(exists().where(User.email == email.lower()))))

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user
