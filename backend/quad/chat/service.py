"""Conversations and messages: the rules, one transaction per change, events after commit."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from quad.chat import errors
from quad.chat.models import ConversationType, MemberRole, Message
from quad.chat.repository import ChatRepository, ConversationView, Membership, NewMessage
from quad.chat.schemas import GROUP_MAX_MEMBERS, MessageOut, present_conversation
from quad.chat.writer import MessageWriter
from quad.core.pagination import Page, PageParams, decode_keyset, keyset_page
from quad.core.security import utcnow
from quad.notifications.service import NotificationService
from quad.realtime import events
from quad.realtime.service import Realtime
from quad.users.schemas import UserPresenter


class ChatService:
    def __init__(
        self,
        session: AsyncSession,
        *,
        realtime: Realtime,
        presenter: UserPresenter,
        notifications: NotificationService,
        writer: MessageWriter,
    ) -> None:
        self.session = session
        self.chats = ChatRepository(session)
        self.writer = writer
        self.realtime = realtime
        self.presenter = presenter
        self.notifications = notifications

    # --- Conversations --------------------------------------------------------------------

    async def conversations(self, viewer_id: uuid.UUID, page: PageParams) -> Page[ConversationView]:
        after = decode_keyset(page.cursor, datetime, uuid.UUID)
        views = await self.chats.conversations(viewer_id, after=after, limit=page.limit + 1)
        return keyset_page(
            views,
            limit=page.limit,
            key=lambda view: (view.conversation.updated_at, view.conversation.id),
            present=lambda view: view,
        )

    async def conversation(
        self, viewer_id: uuid.UUID, conversation_id: uuid.UUID
    ) -> ConversationView:
        view = await self.chats.conversation(viewer_id, conversation_id)
        if view is None:
            raise errors.ConversationNotFound()
        return view

    async def open_direct(
        self, viewer_id: uuid.UUID, other_id: uuid.UUID
    ) -> tuple[ConversationView, bool]:
        """The one direct chat of the viewer and a friend, made if it does not exist yet.

        An existing chat is returned whoever the two are to each other now (its history is
        theirs); a new one needs them to be friends. Returns it and whether it is new."""
        if other_id == viewer_id:
            raise errors.NotFriends("You cannot start a chat with yourself.")
        existing, friends = await self.chats.direct_between(viewer_id, other_id)
        if existing is None:
            if not friends:
                raise errors.NotFriends()
            existing = await self.chats.add_direct(viewer_id, other_id)
            if existing is not None:
                await self.session.commit()
                await self._publish_conversation(existing)
                return await self.conversation(viewer_id, existing), True
            # Made by the other student at the same instant: theirs is the one.
            await self.session.rollback()
            existing, _ = await self.chats.direct_between(viewer_id, other_id)
            assert existing is not None
        return await self.conversation(viewer_id, existing), False

    async def create_group(
        self, viewer_id: uuid.UUID, name: str, member_ids: list[uuid.UUID]
    ) -> ConversationView:
        """A named group of the viewer (its admin) and friends of theirs."""
        others = _distinct(member_ids, without=viewer_id)
        await self._require_friends(viewer_id, others)
        conversation_id = await self.chats.add_group(name, viewer_id, others)
        await self.session.commit()
        await self._publish_conversation(conversation_id)
        return await self.conversation(viewer_id, conversation_id)

    async def rename(
        self, viewer_id: uuid.UUID, conversation_id: uuid.UUID, name: str
    ) -> ConversationView:
        await self._admin_of_group(viewer_id, conversation_id)
        await self.chats.touch(conversation_id, name=name)
        await self.session.commit()
        await self._publish_conversation(conversation_id)
        return await self.conversation(viewer_id, conversation_id)

    async def add_members(
        self, viewer_id: uuid.UUID, conversation_id: uuid.UUID, user_ids: list[uuid.UUID]
    ) -> ConversationView:
        """Adds friends of the admin; students already in the group are skipped."""
        await self._admin_of_group(viewer_id, conversation_id)
        candidates = _distinct(user_ids, without=viewer_id)
        await self._require_friends(viewer_id, candidates)
        added = await self.chats.add_members(conversation_id, candidates)
        if added:
            if await self.chats.member_count(conversation_id) > GROUP_MAX_MEMBERS:
                raise errors.GroupFull()
            await self.chats.touch(conversation_id)
        await self.session.commit()
        if added:
            await self._publish_conversation(conversation_id)
        return await self.conversation(viewer_id, conversation_id)

    async def remove_member(
        self, viewer_id: uuid.UUID, conversation_id: uuid.UUID, user_id: uuid.UUID
    ) -> None:
        """An admin removes anyone; anyone removes themself (leaves). When the last admin
        leaves, the longest-standing member becomes admin; when the last member leaves, the
        group is gone."""
        membership = await self._member(viewer_id, conversation_id, lock=True)
        if membership.conversation.type is not ConversationType.GROUP:
            raise errors.NotAGroup()
        if user_id != viewer_id and membership.member.role is not MemberRole.ADMIN:
            raise errors.NotGroupAdmin()
        if not await self.chats.remove_member(conversation_id, user_id):
            raise errors.MemberNotFound()
        await self.notifications.left_conversation(conversation_id, user_id)
        remaining = await self.chats.member_count(conversation_id)
        if remaining:
            await self.chats.promote_if_no_admin(conversation_id)
            await self.chats.touch(conversation_id)
        else:
            await self.chats.delete_conversation(conversation_id)
        await self.session.commit()
        await self.realtime.publish((user_id,), events.conversation_removed(conversation_id))
        if remaining:
            await self._publish_conversation(conversation_id)

    # --- Messages -------------------------------------------------------------------------

    async def history(
        self,
        viewer_id: uuid.UUID,
        conversation_id: uuid.UUID,
        *,
        before_seq: int | None,
        after_seq: int | None,
        limit: int,
    ) -> tuple[list[MessageOut], bool]:
        """A page of messages ascending by seq, and whether more lie beyond it."""
        await self._member(viewer_id, conversation_id)
        rows = await self.chats.history(
            conversation_id, before_seq=before_seq, after_seq=after_seq, limit=limit + 1
        )
        has_more = len(rows) > limit
        rows = rows[:limit]
        if after_seq is None:
            rows.reverse()  # fetched newest first
        return [MessageOut.of(row) for row in rows], has_more

    async def send(
        self,
        viewer_id: uuid.UUID,
        conversation_id: uuid.UUID,
        body: str,
        client_id: uuid.UUID | None,
    ) -> tuple[MessageOut, bool]:
        """Sends a message: committed with the other members' ``new_message``
        notifications (together with the other messages this process sends at the same
        time: ``quad.chat.writer``), then published to every member, and the notifications
        to theirs. Returns it and whether it is new (False: this ``client_id`` was sent
        before; the original)."""
        # The writer sends on a connection of its own: a request waiting for it must not hold
        # one (a commit, as a rollback would expire the caller's loaded rows). A WebSocket
        # frame's session has read nothing, so it holds none.
        if self.session.in_transaction():
            await self.session.commit()
        message = await self.writer.send(NewMessage(conversation_id, viewer_id, body, client_id))
        if message is None:
            return await self.not_sent(viewer_id, conversation_id, client_id), False
        return message, True

    async def not_sent(
        self, viewer_id: uuid.UUID, conversation_id: uuid.UUID, client_id: uuid.UUID | None
    ) -> MessageOut:
        """Why a send made nothing (the writer answered None): a retry of a message already
        sent (its original), or an error."""
        membership = await self._member(viewer_id, conversation_id)
        if client_id is not None:
            original = await self.chats.message_by_client_id(conversation_id, viewer_id, client_id)
            if original is not None:
                return MessageOut.of(original)
        if await self.chats.direct_blocked(membership.conversation):
            raise errors.MessagingBlocked()
        raise errors.ConversationNotFound()  # left between the two statements

    async def edit(self, viewer_id: uuid.UUID, message_id: uuid.UUID, body: str) -> MessageOut:
        message = await self._own_message(viewer_id, message_id)
        if message.deleted_at is not None:
            raise errors.MessageDeleted()
        message.body = body
        message.edited_at = utcnow()
        member_ids = await self.chats.member_ids(message.conversation_id)
        await self.session.commit()
        updated = MessageOut.of(message)
        await self.realtime.publish(member_ids, events.frame("message.updated", message=updated))
        return updated

    async def delete(self, viewer_id: uuid.UUID, message_id: uuid.UUID) -> None:
        """Deletes a message's text; it keeps its place (seq). Deleting twice is no error."""
        message = await self._own_message(viewer_id, message_id)
        if message.deleted_at is not None:
            return
        message.deleted_at = utcnow()
        message.body = ""
        member_ids = await self.chats.member_ids(message.conversation_id)
        await self.session.commit()
        await self.realtime.publish(
            member_ids, events.message_deleted(message.conversation_id, message.id)
        )

    async def mark_read(self, viewer_id: uuid.UUID, conversation_id: uuid.UUID, seq: int) -> None:
        """Moves the viewer's read position forward (never back); members see a ``read``.
        The conversation's ``new_message`` notification is read once the position reaches
        its newest message (also when the position was there already)."""
        moved = await self.chats.mark_read(conversation_id, viewer_id, seq)
        await self.notifications.conversation_read(viewer_id, conversation_id)
        if moved is None:
            await self._member(viewer_id, conversation_id)  # 404 for a stranger
            await self.session.commit()
            return
        position, member_ids = moved
        await self.session.commit()
        await self.realtime.publish(member_ids, events.read(conversation_id, viewer_id, position))

    async def mute(self, viewer_id: uuid.UUID, conversation_id: uuid.UUID, *, muted: bool) -> None:
        """Mutes (or unmutes) a conversation for the viewer; their other open apps see it
        with ``conversation.updated``."""
        if not await self.chats.set_muted(conversation_id, viewer_id, muted=muted):
            raise errors.ConversationNotFound()
        await self.session.commit()
        view = await self.conversation(viewer_id, conversation_id)
        frame = events.frame(
            "conversation.updated", conversation=present_conversation(self.presenter, view)
        )
        await self.session.rollback()  # read only: end the transaction before publishing
        await self.realtime.publish((viewer_id,), frame)

    async def typing(self, viewer_id: uuid.UUID, conversation_id: uuid.UUID) -> None:
        """Tells the other members the viewer is typing (never stored)."""
        membership = await self._member(viewer_id, conversation_id)
        if await self.chats.direct_blocked(membership.conversation):
            raise errors.MessagingBlocked()
        others = [m for m in await self.chats.member_ids(conversation_id) if m != viewer_id]
        await self.session.rollback()  # read only: end the transaction before publishing
        await self.realtime.publish(others, events.typing(conversation_id, viewer_id))

    # --- Helpers --------------------------------------------------------------------------

    async def _member(
        self, viewer_id: uuid.UUID, conversation_id: uuid.UUID, *, lock: bool = False
    ) -> Membership:
        membership = await self.chats.membership(conversation_id, viewer_id, lock=lock)
        if membership is None:
            raise errors.ConversationNotFound()
        return membership

    async def _admin_of_group(self, viewer_id: uuid.UUID, conversation_id: uuid.UUID) -> Membership:
        membership = await self._member(viewer_id, conversation_id, lock=True)
        if membership.conversation.type is not ConversationType.GROUP:
            raise errors.NotAGroup()
        if membership.member.role is not MemberRole.ADMIN:
            raise errors.NotGroupAdmin()
        return membership

    async def _own_message(self, viewer_id: uuid.UUID, message_id: uuid.UUID) -> Message:
        message = await self.chats.message_for_update(message_id, viewer_id)
        if message is None:
            raise errors.MessageNotFound()
        if message.sender_id != viewer_id:
            raise errors.NotMessageSender()
        return message

    async def _require_friends(self, viewer_id: uuid.UUID, user_ids: list[uuid.UUID]) -> None:
        if not user_ids:
            return
        friends = await self.chats.friends_among(viewer_id, user_ids)
        strangers = [user_id for user_id in user_ids if user_id not in friends]
        if strangers:
            raise errors.NotFriends(
                "You can only add your friends.",
                details=[{"field": "user_id", "message": str(user_id)} for user_id in strangers],
            )

    async def _publish_conversation(self, conversation_id: uuid.UUID) -> None:
        """``conversation.updated`` to every member. Each gets their own encoding: a
        Conversation carries the recipient's unread count and how they stand to each member
        (these events are rare: a new chat, a rename, a change of members)."""
        views = await self.chats.as_each_member_sees_it(conversation_id)
        frames = {
            view.viewer_id: events.frame(
                "conversation.updated", conversation=present_conversation(self.presenter, view)
            )
            for view in views
        }
        await self.session.rollback()  # read only: end the transaction before publishing
        await self.realtime.publish_each(frames)


def _distinct(user_ids: list[uuid.UUID], *, without: uuid.UUID) -> list[uuid.UUID]:
    return [user_id for user_id in dict.fromkeys(user_ids) if user_id != without]
