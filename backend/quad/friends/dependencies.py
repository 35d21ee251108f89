"""The friends feature's own dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from quad.dependencies import ResourcesDep, SessionDep
from quad.friends.service import FriendService
from quad.notifications.dependencies import NotificationServiceDep


async def get_friend_service(
    session: SessionDep, resources: ResourcesDep, notifications: NotificationServiceDep
) -> FriendService:
    return FriendService(session, realtime=resources.realtime, notifications=notifications)


FriendServiceDep = Annotated[FriendService, Depends(get_friend_service)]
