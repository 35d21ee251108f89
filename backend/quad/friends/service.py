"""Friend requests, friendships and blocks: the rules, one transaction per change."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from quad.core.errors import InvalidField
from quad.core.pagination import Page, PageParams, decode_keyset, keyset_page
from quad.core.security import utcnow
from quad.friends import errors
from quad.friends.models import FriendRequest, FriendRequestStatus
from quad.friends.repository import BlockRow, FriendRequestRow, FriendsRepository
from quad.notifications.service import NotificationService
from quad.realtime.service import Realtime
from quad.users.errors import UserNotFound
from quad.users.models import User
from quad.users.repository import UserRepository
from quad.users.viewing import NameMatch, RelatedUser, by_name_rows

Direction = Literal["incoming", "outgoing"]


@dataclass(frozen=True, slots=True)
class SentRequest:
    """The answer to "add friend": a new request, or theirs accepted because it crossed."""

    row: FriendRequestRow
    created: bool


class FriendService:
    def __init__(
        self, session: AsyncSession, *, realtime: Realtime, notifications: NotificationService
    ) -> None:
        self.session = session
        self.realtime = realtime
        self.notifications = notifications
        self.friends = FriendsRepository(session)
        self.users = UserRepository(session)

    # --- Requests ------------------------------------------------------------------------

    async def send_request(self, sender: User, recipient_id: uuid.UUID) -> SentRequest:
        """Asks ``recipient_id`` to be friends (they get a ``friend_request`` notification).
        If they already asked the sender, their request is accepted instead (and they get
        ``friend_request_accepted``). Two students asking each other at the same instant end
        as one friendship: every change that depends on how a pair stands happens under the
        pair's lock."""
        if recipient_id == sender.id:
            raise InvalidField("user_id", "You cannot send a friend request to yourself.")
        await self.friends.lock_pair(sender.id, recipient_id)
        if not await self.users.exists(recipient_id):
            raise UserNotFound()
        state = await self.friends.pair_state(sender.id, recipient_id)
        if state.blocked:
            raise UserNotFound()
        if state.friends:
            raise errors.AlreadyFriends()
        if state.pending is not None:
            if state.pending.from_user_id == sender.id:
                raise errors.RequestPending()
            request = await self._accept(state.pending)
            notification_id = await self._notify_accepted(request)
            created = False
        else:
            request = await self.friends.add_request(sender.id, recipient_id)
            notification_id = await self.notifications.friend_request_sent(
                request.id, from_user_id=sender.id, to_user_id=recipient_id
            )
            created = True
        await self.session.commit()
        if not created:
            await self.realtime.friendship_started(sender.id, recipient_id)
        await self.notifications.publish([notification_id])
        return SentRequest(await self.friends.request_row(sender.id, request.id), created)

    async def accept(self, viewer: User, request_id: uuid.UUID) -> FriendRequestRow:
        """The recipient accepts: the request is ``accepted`` and the two are friends."""
        request = await self._pending_request_of(viewer, request_id, answer_by="recipient")
        await self._accept(request)
        notification_id = await self._notify_accepted(request)
        await self.session.commit()
        await self.realtime.friendship_started(request.from_user_id, request.to_user_id)
        await self.notifications.publish([notification_id])
        return await self.friends.request_row(viewer.id, request.id)

    async def decline(self, viewer: User, request_id: uuid.UUID) -> FriendRequestRow:
        request = await self._pending_request_of(viewer, request_id, answer_by="recipient")
        request.status = FriendRequestStatus.DECLINED
        request.responded_at = utcnow()
        await self.notifications.friend_request_closed(request.id)
        await self.session.commit()
        return await self.friends.request_row(viewer.id, request.id)

    async def cancel(self, viewer: User, request_id: uuid.UUID) -> None:
        """The sender withdraws a pending request."""
        request = await self._pending_request_of(viewer, request_id, answer_by="sender")
        request.status = FriendRequestStatus.CANCELLED
        request.responded_at = utcnow()
        await self.notifications.friend_request_closed(request.id)
        await self.session.commit()

    async def requests(
        self, viewer: User, direction: Direction, page: PageParams
    ) -> Page[FriendRequestRow]:
        after = decode_keyset(page.cursor, datetime, uuid.UUID)
        rows = await self.friends.request_rows(
            viewer.id, direction=direction, after=after, limit=page.limit + 1
        )
        return keyset_page(
            rows,
            limit=page.limit,
            key=lambda row: (row.request.created_at, row.request.id),
            present=lambda row: row,
        )

    async def pending_counts(self, viewer: User) -> tuple[int, int]:
        """How many requests wait for the viewer's answer, and for others' answers."""
        return await self.friends.pending_counts(viewer.id)

    async def _pending_request_of(
        self, viewer: User, request_id: uuid.UUID, *, answer_by: Literal["sender", "recipient"]
    ) -> FriendRequest:
        """The request, locked with its pair, if the viewer may answer it now.

        Someone else's request is 404 (not visible); the wrong side of one's own request is
        403; one already answered is 409.
        """
        request = await self.friends.get_request(request_id)
        if request is None or viewer.id not in (request.from_user_id, request.to_user_id):
            raise errors.FriendRequestNotFound()
        await self.friends.lock_pair(request.from_user_id, request.to_user_id)
        await self.friends.refresh_locked(request)
        if answer_by == "recipient" and request.to_user_id != viewer.id:
            raise errors.NotRequestRecipient()
        if answer_by == "sender" and request.from_user_id != viewer.id:
            raise errors.NotRequestSender()
        if request.status is not FriendRequestStatus.PENDING:
            raise errors.RequestNotPending()
        return request

    async def _accept(self, request: FriendRequest) -> FriendRequest:
        request.status = FriendRequestStatus.ACCEPTED
        request.responded_at = utcnow()
        await self.friends.add_friendship(request.from_user_id, request.to_user_id)
        return request

    async def _notify_accepted(self, request: FriendRequest) -> uuid.UUID:
        return await self.notifications.friend_request_accepted(
            request.id, from_user_id=request.from_user_id, to_user_id=request.to_user_id
        )

    # --- Friends -------------------------------------------------------------------------

    async def list_friends(
        self, viewer: User, *, name: str | None, page: PageParams
    ) -> Page[RelatedUser]:
        async def fetch(
            match: NameMatch | None, after: tuple[Any, ...] | None
        ) -> list[tuple[RelatedUser, tuple[Any, ...]]]:
            return await self.friends.friends(
                viewer.id, name=name, match=match, after=after, limit=page.limit + 1
            )

        rows = await by_name_rows(fetch, name=name, cursor=page.cursor)
        return keyset_page(
            rows, limit=page.limit, key=lambda row: row[1], present=lambda row: row[0]
        )

    async def unfriend(self, viewer: User, friend_id: uuid.UUID) -> None:
        """Ends the friendship, if there is one (deleting twice is not an error)."""
        await self.friends.lock_pair(viewer.id, friend_id)
        if await self.friends.remove_friendship(viewer.id, friend_id):
            await self.session.commit()
            await self.realtime.friendship_ended(viewer.id, friend_id)

    # --- Blocks --------------------------------------------------------------------------

    async def block(self, viewer: User, user_id: uuid.UUID) -> tuple[BlockRow, bool]:
        """Blocks a student: any friendship ends, pending requests either way are
        cancelled, and each disappears from the other's search, suggestions, profile views
        and notifications. Blocking again changes nothing. Returns the block and whether it
        is new."""
        if user_id == viewer.id:
            raise InvalidField("user_id", "You cannot block yourself.")
        await self.friends.lock_pair(viewer.id, user_id)
        if not await self.users.exists(user_id):
            raise UserNotFound()
        created = await self.friends.add_block(viewer.id, user_id)
        ended = False
        if created:
            ended = await self.friends.remove_friendship(viewer.id, user_id)
            await self.friends.cancel_pending_between(viewer.id, user_id, utcnow())
            await self.notifications.blocked(viewer.id, user_id)
        await self.session.commit()
        if ended:
            await self.realtime.friendship_ended(viewer.id, user_id)
        return await self.friends.block_row(viewer.id, user_id), created

    async def unblock(self, viewer: User, user_id: uuid.UUID) -> None:
        """Lifts the viewer's block (if any). Friendship does not come back by itself. No pair
        lock: removing one row cannot race with anything a lock orders (a block being made
        again just finds the row gone, or not yet)."""
        await self.friends.remove_block(viewer.id, user_id)
        await self.session.commit()

    async def blocks(self, viewer: User, page: PageParams) -> Page[BlockRow]:
        after = decode_keyset(page.cursor, datetime, uuid.UUID)
        rows = await self.friends.blocks(viewer.id, after=after, limit=page.limit + 1)
        return keyset_page(
            rows,
            limit=page.limit,
            key=lambda row: (row.created_at, row.related.user.id),
            present=lambda row: row,
        )
