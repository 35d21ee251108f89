"""The friends feature's own dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from quad.dependencies import SessionDep
from quad.friends.service import FriendService


async def get_friend_service(session: SessionDep) -> FriendService:
    return FriendService(session)


FriendServiceDep = Annotated[FriendService, Depends(get_friend_service)]
