"""Notifications: the API's reads and marks, and the notifying that other features do.

Other features write notifications inside their own transaction (the friend request and its
notification commit together, or neither does) and call ``publish`` after their commit, which
pushes ``notification.new`` to each recipient, on every process.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from quad.core.pagination import Page, PageParams, decode_keyset, keyset_page
from quad.notifications import errors
from quad.notifications.models import NotificationType
from quad.notifications.repository import NotificationsRepository, NotificationView
from quad.notifications.schemas import notification_json
from quad.realtime import events
from quad.realtime.service import Realtime
from quad.users.schemas import UserPresenter


class NotificationService:
    def __init__(
        self, session: AsyncSession, *, realtime: Realtime, presenter: UserPresenter
    ) -> None:
        self.session = session
        self.notifications = NotificationsRepository(session)
        self.realtime = realtime
        self.presenter = presenter

    # --- The recipient's own --------------------------------------------------------------

    async def page(
        self, viewer_id: uuid.UUID, *, unread_only: bool, page: PageParams
    ) -> Page[NotificationView]:
        after = decode_keyset(page.cursor, datetime, uuid.UUID)
        views = await self.notifications.page(
            viewer_id, unread_only=unread_only, after=after, limit=page.limit + 1
        )
        return keyset_page(
            views,
            limit=page.limit,
            key=lambda view: (view.notification.updated_at, view.notification.id),
            present=lambda view: view,
        )

    async def unread_count(self, viewer_id: uuid.UUID) -> int:
        return await self.notifications.unread_count(viewer_id)

    async def mark_read(self, viewer_id: uuid.UUID, notification_id: uuid.UUID) -> None:
        """Marks one of the viewer's notifications read; again is no error."""
        if not await self.notifications.mark_read(viewer_id, notification_id):
            raise errors.NotificationNotFound()
        await self.session.commit()

    async def read_all(self, viewer_id: uuid.UUID) -> None:
        await self.notifications.read_all(viewer_id)
        await self.session.commit()

    # --- Inside other features' transactions (they commit, then call ``publish``) ---------

    async def friend_request_sent(
        self, request_id: uuid.UUID, *, from_user_id: uuid.UUID, to_user_id: uuid.UUID
    ) -> uuid.UUID:
        return await self.notifications.add(
            to_user_id,
            NotificationType.FRIEND_REQUEST,
            actor_id=from_user_id,
            request_id=request_id,
        )

    async def friend_request_accepted(
        self, request_id: uuid.UUID, *, from_user_id: uuid.UUID, to_user_id: uuid.UUID
    ) -> uuid.UUID:
        """The sender learns of it; the recipient's own notification of the request is read
        (they answered it)."""
        await self.notifications.read_request(request_id)
        return await self.notifications.add(
            from_user_id,
            NotificationType.FRIEND_REQUEST_ACCEPTED,
            actor_id=to_user_id,
            request_id=request_id,
        )

    async def friend_request_closed(self, request_id: uuid.UUID) -> None:
        """Declined or withdrawn: its notification goes, there is nothing left to answer."""
        await self.notifications.delete_for_request(request_id)

    async def blocked(self, a: uuid.UUID, b: uuid.UUID) -> None:
        """A block hides two students from each other, in notifications too."""
        await self.notifications.delete_between(a, b)

    async def left_conversation(self, conversation_id: uuid.UUID, user_id: uuid.UUID) -> None:
        await self.notifications.delete_in_conversation(conversation_id, user_id)

    async def conversation_read(self, user_id: uuid.UUID, conversation_id: uuid.UUID) -> None:
        await self.notifications.read_conversation(user_id, conversation_id)

    # --- After the commit -----------------------------------------------------------------

    async def publish(self, notification_ids: Collection[uuid.UUID]) -> None:
        """``notification.new`` to each notification's recipient, with its actor as that
        recipient sees them: one statement for all of them (read only, its own transaction,
        ended before publishing). One read meanwhile is not pushed: it is news no more (a
        recipient who opened the chat has read its ``new_message``)."""
        if not notification_ids:
            return
        views = await self.notifications.unread_views(list(notification_ids))
        # End the read before publishing; a commit, as a rollback would expire the caller's
        # loaded rows (the request's student among them).
        await self.session.commit()
        # A list, not a map by recipient: a batch of messages may notify one student of
        # several conversations at once.
        actors: dict[uuid.UUID, dict[str, Any]] = {}
        await self.realtime.publish_many(
            [
                (
                    (view.notification.user_id,),
                    events.frame(
                        "notification.new",
                        notification=notification_json(self.presenter, view, actors),
                    ),
                )
                for view in views
            ]
        )
