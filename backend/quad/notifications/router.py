"""`/api/v1/notifications`."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from quad.core.openapi import API_PREFIX, AUTH_ERRORS, errors
from quad.core.pagination import Page, PageParamsDep
from quad.dependencies import CurrentUser, PresenterDep
from quad.notifications.dependencies import NotificationServiceDep
from quad.notifications.errors import NotificationNotFound
from quad.notifications.schemas import NotificationOut, UnreadCount, present_notification

router = APIRouter(
    prefix=f"{API_PREFIX}/notifications", tags=["Notifications"], responses=AUTH_ERRORS
)


@router.get(
    "",
    summary="Your notifications",
    description="Newest first (by `updated_at`: a `new_message` notification moves up with "
    "every message it counts). Kinds: `friend_request` (someone asked you), "
    "`friend_request_accepted` (someone accepted yours) and `new_message` (at most one "
    "unread per conversation, `data.count` rising; none for your own messages or a muted "
    "conversation). New ones also arrive live as `notification.new` on the WebSocket; a "
    "busy chat's `new_message` when it starts (at once, or within 0.1 s under load), then at "
    "most once every 5 seconds, as it stands then (each `message.new` still comes at once).",
    responses=errors(400, 422),
)
async def list_notifications(
    user: CurrentUser,
    notifications: NotificationServiceDep,
    presenter: PresenterDep,
    page: PageParamsDep,
    unread_only: Annotated[bool, Query(description="Only the unread ones.")] = False,
) -> Page[NotificationOut]:
    views = await notifications.page(user.id, unread_only=unread_only, page=page)
    return Page(
        items=[present_notification(presenter, view) for view in views.items],
        next_cursor=views.next_cursor,
    )


@router.get(
    "/unread-count",
    summary="How many notifications are unread",
    description="For the bell's badge.",
)
async def count_unread(user: CurrentUser, notifications: NotificationServiceDep) -> UnreadCount:
    return UnreadCount(count=await notifications.unread_count(user.id))


@router.post(
    "/read-all",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Mark every notification read",
)
async def read_all(user: CurrentUser, notifications: NotificationServiceDep) -> None:
    await notifications.read_all(user.id)


@router.post(
    "/{notification_id}/read",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Mark a notification read",
    description="Only your own (anyone else's is 404). Marking it again is no error. Reading "
    "a conversation (`POST /conversations/{id}/read`) marks its `new_message` notification "
    "read by itself.",
    responses=errors(404, 422, e404=NotificationNotFound.example()),
)
async def mark_read(
    notification_id: uuid.UUID, user: CurrentUser, notifications: NotificationServiceDep
) -> None:
    await notifications.mark_read(user.id, notification_id)
