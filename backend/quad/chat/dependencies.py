"""The chat feature's own dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from quad.chat.service import ChatService
from quad.dependencies import PresenterDep, ResourcesDep, SessionDep
from quad.notifications.dependencies import NotificationServiceDep


async def get_chat_service(
    session: SessionDep,
    resources: ResourcesDep,
    presenter: PresenterDep,
    notifications: NotificationServiceDep,
) -> ChatService:
    return ChatService(
        session,
        realtime=resources.realtime,
        presenter=presenter,
        notifications=notifications,
        writer=resources.message_writer,
    )


ChatServiceDep = Annotated[ChatService, Depends(get_chat_service)]
