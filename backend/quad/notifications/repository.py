"""The notifications feature's SQL.

Lists and counts read the recipient's own indexes; the send path's ``new_message``
notifications are one upsert over the conversation's members, composed into the chat's
sending statement by ``new_message_upsert`` (so a message to a group of 50 costs the
statements one to a pair does).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    CTE,
    ColumnElement,
    DateTime,
    Table,
    Uuid,
    any_,
    bindparam,
    delete,
    func,
    literal,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from quad.chat.models import ConversationMember, Message
from quad.friends.relations import (
    friends_of,
    friendship_status,
    mutual_friend_count,
    mutual_friends_between,
    pending_request_id,
)
from quad.notifications.models import (
    UNREAD_NEW_MESSAGE,
    Notification,
    NotificationType,
)
from quad.universities.models import University
from quad.users.models import User
from quad.users.viewing import (
    LIMIT,
    VIEWER,
    AnySelect,
    Related,
    RelatedProfile,
    profile_columns,
    profile_row,
)

_UUIDS = ARRAY(Uuid)
_NEWEST_FIRST = (Notification.updated_at.desc(), Notification.id.desc())


@dataclass(frozen=True, slots=True)
class NotificationRow:
    """A notification's columns as plain values: lists and the pushes after every message
    read them in bulk, where ORM objects would cost more than the rest of the work."""

    id: uuid.UUID
    user_id: uuid.UUID
    type: NotificationType
    actor_id: uuid.UUID
    request_id: uuid.UUID | None
    conversation_id: uuid.UUID | None
    message_id: uuid.UUID | None
    count: int
    read_at: datetime | None
    created_at: datetime
    updated_at: datetime


_NOTIFICATION_FIELDS = tuple(f.name for f in fields(NotificationRow))


@dataclass(frozen=True, slots=True)
class NotificationView:
    """A notification with its actor as the recipient sees them."""

    notification: NotificationRow
    actor: RelatedProfile


# --- Statements, built once per shape (see quad.users.viewing) ------------------------------


def _with_actors(
    notifications: ColumnElement[bool],
    *,
    viewer: Any,
    mutual_friends: Callable[[Any], ColumnElement[int]],
) -> AnySelect:
    """The notifications ``notifications`` picks, newest first, each with its actor as
    ``viewer`` (the recipient) sees them; ``mutual_friends`` counts them for an actor id."""
    actor = aliased(User, name="actor")
    return (
        select(
            *(getattr(Notification, f) for f in _NOTIFICATION_FIELDS),
            *profile_columns(actor, University),
            friendship_status(viewer, actor.id).label("friendship_status"),
            mutual_friends(actor.id).label("mutual_friends"),
            pending_request_id(viewer, actor.id).label("friend_request_id"),
        )
        .join(actor, actor.id == Notification.actor_id)
        .join(University, University.id == actor.university_id)
        .where(notifications)
        .order_by(*_NEWEST_FIRST)
    )


@functools.cache
def _page_statement(*, unread_only: bool, after: bool) -> AnySelect:
    """A page of the viewer's notifications: the page's ids from the list's index (or the
    unread one's), then the actors for those rows only."""
    conditions: list[ColumnElement[bool]] = [Notification.user_id == VIEWER]
    if unread_only:
        conditions.append(Notification.read_at.is_(None))
    if after:
        position = tuple_(
            bindparam("after_0", type_=DateTime(timezone=True)), bindparam("after_1", type_=Uuid)
        )
        conditions.append(tuple_(Notification.updated_at, Notification.id) < position)
    page = select(Notification.id).where(*conditions).order_by(*_NEWEST_FIRST).limit(LIMIT)
    viewer_friends = friends_of(VIEWER)
    return _with_actors(
        Notification.id.in_(page.scalar_subquery()),
        viewer=VIEWER,
        mutual_friends=lambda actor_id: mutual_friend_count(viewer_friends, actor_id),
    )


@functools.cache
def _by_ids_statement() -> AnySelect:
    """Notifications by id, each as its own recipient sees its actor (events after commit,
    to many recipients at once)."""
    recipient = Notification.user_id.expression
    return _with_actors(
        Notification.id == any_(bindparam("ids", type_=_UUIDS)),
        viewer=recipient,
        mutual_friends=lambda actor_id: mutual_friends_between(recipient, actor_id),
    )


def new_message_upsert(sent: CTE) -> CTE:
    """The ``new_message`` notifications of a message just inserted (``sent``, a CTE of the
    message's row): every member but its sender and those who muted the conversation gets
    one, or the unread one they have for this conversation counts one more. One INSERT ...
    SELECT ... ON CONFLICT over the members, whatever their number; concurrent senders to
    one conversation already queue on its row, and the unique index settles the rest.
    Returns the notifications' ids."""
    notifications = cast(Table, Notification.__table__)
    members = cast(Table, ConversationMember.__table__)
    recipients = (
        select(
            members.c.user_id,
            literal(NotificationType.NEW_MESSAGE, notifications.c.type.type),
            sent.c.sender_id,
            sent.c.conversation_id,
            sent.c.id,
        )
        .select_from(sent)
        .join(members, members.c.conversation_id == sent.c.conversation_id)
        .where(members.c.user_id != sent.c.sender_id, members.c.muted_at.is_(None))
    )
    upsert = insert(notifications).from_select(
        ["user_id", "type", "actor_id", "conversation_id", "message_id"],
        recipients,
        include_defaults=False,  # the id too is the server's: one per row
    )
    return (
        upsert.on_conflict_do_update(
            index_elements=["user_id", "conversation_id"],
            # The index's own predicate, as text: a bound value would not match it.
            index_where=UNREAD_NEW_MESSAGE,
            set_={
                "count": notifications.c.count + 1,
                "actor_id": upsert.excluded.actor_id,
                "message_id": upsert.excluded.message_id,
                "updated_at": func.now(),
            },
        )
        .returning(notifications.c.id)
        .cte("notified")
    )


def read_by_sender(sent: CTE) -> CTE:
    """Writing is reading: the sender's own unread ``new_message`` of the conversation (what
    others wrote before) is read too. Only one the sender could have seen: a message that
    crossed theirs in flight (committed while this statement waited for the conversation's
    row, so after its snapshot) stays unread."""
    notifications = cast(Table, Notification.__table__)
    return (
        update(notifications)
        .where(
            notifications.c.user_id == sent.c.sender_id,
            notifications.c.conversation_id == sent.c.conversation_id,
            notifications.c.type == NotificationType.NEW_MESSAGE,
            notifications.c.read_at.is_(None),
        )
        .values(read_at=func.now())
        .cte("read_by_sender")
    )


class NotificationsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- Reading --------------------------------------------------------------------------

    async def page(
        self,
        viewer_id: uuid.UUID,
        *,
        unread_only: bool,
        after: tuple[Any, ...] | None,
        limit: int,
    ) -> list[NotificationView]:
        """The viewer's notifications, newest first, in one statement."""
        parameters: dict[str, Any] = {"viewer_id": viewer_id, "limit": limit}
        if after is not None:
            parameters |= {"after_0": after[0], "after_1": after[1]}
        statement = _page_statement(unread_only=unread_only, after=after is not None)
        return await self._views(statement, parameters)

    async def views(self, notification_ids: list[uuid.UUID]) -> list[NotificationView]:
        """These notifications, each with its actor as its recipient sees them."""
        if not notification_ids:
            return []
        return await self._views(_by_ids_statement(), {"ids": notification_ids})

    async def _views(
        self, statement: AnySelect, parameters: dict[str, Any]
    ) -> list[NotificationView]:
        rows = await self.session.execute(statement, parameters)
        return [
            NotificationView(
                NotificationRow(*row[: len(_NOTIFICATION_FIELDS)]),
                Related(
                    profile_row(row),
                    row.friendship_status,
                    row.mutual_friends,
                    row.friend_request_id,
                ),
            )
            for row in rows
        ]

    async def unread_count(self, user_id: uuid.UUID) -> int:
        """Counted from the unread partial index alone (an index-only scan)."""
        count = await self.session.scalar(
            select(func.count()).where(
                Notification.user_id == user_id, Notification.read_at.is_(None)
            )
        )
        return int(count or 0)

    # --- Writing --------------------------------------------------------------------------

    async def add(
        self,
        user_id: uuid.UUID,
        kind: NotificationType,
        *,
        actor_id: uuid.UUID,
        request_id: uuid.UUID,
    ) -> uuid.UUID:
        notification_id = uuid.uuid4()
        await self.session.execute(
            insert(Notification).values(
                id=notification_id,
                user_id=user_id,
                type=kind,
                actor_id=actor_id,
                request_id=request_id,
            )
        )
        return notification_id

    async def mark_read(self, user_id: uuid.UUID, notification_id: uuid.UUID) -> bool:
        """Marks one of the user's notifications read (already read: unchanged); False if
        the user has no such notification."""
        found = await self.session.scalar(
            update(Notification)
            .where(Notification.id == notification_id, Notification.user_id == user_id)
            .values(read_at=func.coalesce(Notification.read_at, func.now()))
            .returning(Notification.id)
        )
        return found is not None

    async def read_all(self, user_id: uuid.UUID) -> None:
        await self.session.execute(
            update(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .values(read_at=func.now())
        )

    async def read_request(self, request_id: uuid.UUID) -> None:
        """The recipient answered the request: its notification has served."""
        await self.session.execute(
            update(Notification)
            .where(
                Notification.request_id == request_id,
                Notification.type == NotificationType.FRIEND_REQUEST,
                Notification.read_at.is_(None),
            )
            .values(read_at=func.now())
        )

    async def read_conversation(self, user_id: uuid.UUID, conversation_id: uuid.UUID) -> None:
        """The user's unread ``new_message`` of the conversation is read once their read
        position has reached its newest message (one newer stays unread)."""
        newest_seq = (
            select(Message.seq).where(Message.id == Notification.message_id).scalar_subquery()
        )
        position = (
            select(ConversationMember.last_read_seq)
            .where(
                ConversationMember.conversation_id == conversation_id,
                ConversationMember.user_id == user_id,
            )
            .scalar_subquery()
        )
        await self.session.execute(
            update(Notification)
            .where(
                Notification.user_id == user_id,
                Notification.conversation_id == conversation_id,
                Notification.type == NotificationType.NEW_MESSAGE,
                Notification.read_at.is_(None),
                newest_seq <= position,
            )
            .values(read_at=func.now())
        )

    async def delete_for_request(self, request_id: uuid.UUID) -> None:
        """A request declined or withdrawn leaves nothing to act on."""
        await self.session.execute(
            delete(Notification).where(Notification.request_id == request_id)
        )

    async def delete_between(self, a: uuid.UUID, b: uuid.UUID) -> None:
        """Every notification one of two students caused the other (a block hides them)."""
        await self.session.execute(
            delete(Notification).where(
                or_(
                    (Notification.user_id == a) & (Notification.actor_id == b),
                    (Notification.user_id == b) & (Notification.actor_id == a),
                )
            )
        )

    async def delete_in_conversation(self, conversation_id: uuid.UUID, user_id: uuid.UUID) -> None:
        """A student who left or was removed keeps nothing that points into the chat."""
        await self.session.execute(
            delete(Notification).where(
                Notification.conversation_id == conversation_id, Notification.user_id == user_id
            )
        )
