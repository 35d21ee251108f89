"""The notifications feature's own dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from quad.dependencies import PresenterDep, ResourcesDep, SessionDep
from quad.notifications.service import NotificationService


async def get_notification_service(
    session: SessionDep, resources: ResourcesDep, presenter: PresenterDep
) -> NotificationService:
    return NotificationService(session, realtime=resources.realtime, presenter=presenter)


NotificationServiceDep = Annotated[NotificationService, Depends(get_notification_service)]
