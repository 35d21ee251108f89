"""The notifications feature's SQL.

Lists and counts read the recipient's own indexes; the send path's ``new_message``
notifications are one upsert over the members of a batch's conversations, composed into the
chat's sending statement by ``new_message_upsert`` (so a batch of messages to groups of 50
costs the statements one message to a pair does).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    CTE,
    ColumnElement,
    DateTime,
    Subquery,
    Table,
    Uuid,
    and_,
    any_,
    bindparam,
    case,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by, distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from quad.chat.models import ConversationMember, Message
from quad.core.db import DriverStatement, fetch_on_session
from quad.friends.relations import (
    friends_of,
    friendship_status,
    mutual_friend_count,
    mutual_friends_between,
    pending_request_id,
)
from quad.notifications.models import (
    UNREAD_LISTED,
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
_TYPE = _NOTIFICATION_FIELDS.index("type")


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
    """A page of the viewer's notifications: the page's ids, then the actors for those rows
    only.

    The ids come from two places (see ``quad.notifications.models``): the viewer's
    ``new_message`` notifications still counting up, all of them, from the unique index (one
    per conversation at most) and sorted by ``updated_at``; and the page's worth of the rest
    from the list's index (or its unread part), in order of ``listed_at``, which is their
    ``updated_at``. The newest of both make the page."""
    counting = select(Notification.id, Notification.updated_at.label("at")).where(
        Notification.user_id == VIEWER, UNREAD_NEW_MESSAGE
    )
    listed = select(Notification.id, Notification.listed_at.label("at")).where(
        Notification.user_id == VIEWER,
        UNREAD_LISTED if unread_only else Notification.listed_at.is_not(None),
    )
    if after:
        position = tuple_(
            bindparam("after_0", type_=DateTime(timezone=True)), bindparam("after_1", type_=Uuid)
        )
        counting = counting.where(tuple_(Notification.updated_at, Notification.id) < position)
        listed = listed.where(tuple_(Notification.listed_at, Notification.id) < position)
    listed = listed.order_by(Notification.listed_at.desc(), Notification.id.desc()).limit(LIMIT)
    both = union_all(counting, listed.subquery().select()).subquery("listed_or_counting")
    page = select(both.c.id).order_by(both.c.at.desc(), both.c.id.desc()).limit(LIMIT)
    viewer_friends = friends_of(VIEWER)
    return _with_actors(
        Notification.id.in_(page.scalar_subquery()),
        viewer=VIEWER,
        mutual_friends=lambda actor_id: mutual_friend_count(viewer_friends, actor_id),
    )


@functools.cache
def _unread_count_statement() -> AnySelect:
    """The bell's badge: the new_message notifications counting up (by the unique index) and
    the other unread ones (by the list's unread index), each counted from its index alone."""
    counting = select(func.count()).where(Notification.user_id == VIEWER, UNREAD_NEW_MESSAGE)
    listed = select(func.count()).where(Notification.user_id == VIEWER, UNREAD_LISTED)
    return select(counting.scalar_subquery() + listed.scalar_subquery())


@functools.cache
def _by_ids_statement() -> AnySelect:
    """Notifications by id, each as its own recipient sees its actor (events after commit, to
    many recipients at once).

    By their ids alone, so that the primary key is the only index that can find them: with
    ``read_at IS NULL`` here too, the unread index's predicate matched, and while the table
    grew faster than its statistics (B: 100,000 unread notifications in a minute) the planner
    scanned all of that index for a few hundred ids, 6 ms a read. The caller leaves out the
    few read meanwhile."""
    recipient = Notification.user_id.expression
    return _with_actors(
        Notification.id == any_(bindparam("ids", type_=_UUIDS)),
        viewer=recipient,
        mutual_friends=lambda actor_id: mutual_friends_between(recipient, actor_id),
    )


@functools.cache
def _by_ids_driver_statement() -> DriverStatement:
    return DriverStatement.compile(_by_ids_statement())


_NOTIFICATION_TYPES = {member.value: member for member in NotificationType}


def _view(row: Sequence[Any], fields: Mapping[Any, Any]) -> NotificationView:
    """A row of ``_with_actors``, from SQLAlchemy (``fields``: its ``_mapping``) or asyncpg
    (a record is both)."""
    values = list(row[: len(_NOTIFICATION_FIELDS)])
    values[_TYPE] = _NOTIFICATION_TYPES.get(values[_TYPE], values[_TYPE])  # asyncpg: the text
    return NotificationView(
        NotificationRow(*values),
        Related(
            profile_row(fields),
            fields["friendship_status"],
            fields["mutual_friends"],
            fields["friend_request_id"],
        ),
    )


# Sending writes ``new_message`` notifications as if a batch's messages were sent one after
# another: each counts one more on every other member's unread notification of the
# conversation (or starts one), and each reads its sender's. In one statement an upsert may
# touch a row once, so a batch is split by member and conversation: a member who sent none
# of the conversation's messages has theirs counted up by all of them; a member who sent
# some has their unread one counted up by the others' messages before their own last and
# read, and the others' messages after it start a new one (``new_messages_after_own``).


def _senders(sent: CTE) -> Subquery:
    """Each sender of messages just sent, by conversation, with the seq of their last.

    Joined, never a subquery per row: the batch's CTEs have no index, and a scan of one per
    member of every conversation would grow with the square of the batch."""
    return (
        select(
            sent.c.conversation_id,
            sent.c.sender_id.label("user_id"),
            func.max(sent.c.seq).label("last_seq"),
        )
        .group_by(sent.c.conversation_id, sent.c.sender_id)
        .subquery("senders")
    )


def new_message_upsert(sent: CTE, *, members_who_sent: bool = False) -> CTE:
    """The unread ``new_message`` notifications of messages just inserted together (``sent``,
    a CTE of their rows, to any number of conversations): each member of a conversation who
    did not mute it, and sent none of them, gets one, or the unread one they have counts up,
    by all of them; with ``members_who_sent``, each member who sent some, by the others'
    messages after their own last. One INSERT ... SELECT ... ON CONFLICT, a row per member
    and conversation whatever the number of messages and members; concurrent sends to one
    conversation already queue on its row, and the unique index settles the rest. Returns
    the notifications' ids."""
    notifications = cast(Table, Notification.__table__)
    members = cast(Table, ConversationMember.__table__)
    own = _senders(sent)
    pair = (members.c.user_id, sent.c.conversation_id)
    # One row per member and conversation: it counts the messages and names the newest,
    # with its sender as the actor.
    recipients = (
        select(
            members.c.user_id,
            literal(NotificationType.NEW_MESSAGE, notifications.c.type.type),
            sent.c.sender_id,
            sent.c.conversation_id,
            sent.c.id,
            func.count().over(partition_by=pair),
        )
        .select_from(sent)
        .join(members, members.c.conversation_id == sent.c.conversation_id)
        .join(
            own,
            and_(
                own.c.conversation_id == sent.c.conversation_id, own.c.user_id == members.c.user_id
            ),
            isouter=not members_who_sent,
        )
        .where(
            members.c.user_id != sent.c.sender_id,
            members.c.muted_at.is_(None),
            sent.c.seq > own.c.last_seq if members_who_sent else own.c.last_seq.is_(None),
        )
        .ext(distinct_on(*pair))
        .order_by(*pair, sent.c.seq.desc())
    )
    upsert = insert(notifications).from_select(
        ["user_id", "type", "actor_id", "conversation_id", "message_id", "count"],
        recipients,
        include_defaults=False,  # the id too is the server's: one per row
    )
    return (
        upsert.on_conflict_do_update(
            index_elements=["user_id", "conversation_id"],
            # The index's own predicate, as text: a bound value would not match it.
            index_where=UNREAD_NEW_MESSAGE,
            set_={
                "count": notifications.c.count + upsert.excluded.count,
                "actor_id": upsert.excluded.actor_id,
                "message_id": upsert.excluded.message_id,
                "updated_at": func.now(),
            },
        )
        .returning(notifications.c.id)
        .cte("notified_after_own" if members_who_sent else "notified")
    )


def read_by_senders(sent: CTE) -> list[CTE]:
    """Writing is reading: each sender's unread ``new_message`` of the conversation is read,
    counting up first by the others' messages sent before the sender's last (a read one is
    made for those if there was none, so that every message counts once for each member).
    Two writes, for senders with and without an unread notification, so no row is touched
    twice."""
    notifications = cast(Table, Notification.__table__)
    members = cast(Table, ConversationMember.__table__)
    senders = _senders(sent)
    before = sent.alias("before")
    earlier = and_(
        before.c.conversation_id == senders.c.conversation_id,
        before.c.sender_id != senders.c.user_id,
        before.c.seq < senders.c.last_seq,
    )
    # Each sender, with the others' messages before their last: how many, and the newest.
    counted = (
        select(
            senders.c.user_id,
            senders.c.conversation_id,
            func.count(before.c.id).label("before_own"),
            func.array_agg(aggregate_order_by(before.c.id, before.c.seq.desc()))[1].label(
                "message_id"
            ),
            func.array_agg(aggregate_order_by(before.c.sender_id, before.c.seq.desc()))[1].label(
                "actor_id"
            ),
        )
        .select_from(senders.outerjoin(before, earlier))
        .group_by(senders.c.user_id, senders.c.conversation_id)
        .cte("counted")
    )
    # Found through the unique index, one lookup per sender (a subquery in the select list
    # is never turned into a join): however stale the planner's idea of the table (it
    # starts empty and grows fast), this cannot become a scan of every unread one.
    unread_id = (
        select(notifications.c.id)
        .where(
            notifications.c.user_id == counted.c.user_id,
            notifications.c.conversation_id == counted.c.conversation_id,
            UNREAD_NEW_MESSAGE,
        )
        .scalar_subquery()
    )
    looked_up = select(counted, unread_id.label("id")).subquery("looked_up")
    found = select(looked_up).where(looked_up.c.id.is_not(None)).cte("found")
    read = (
        update(notifications)
        .where(
            # The ids as one array: the primary key's index is the way in, whatever the
            # planner believes of either side; the join then pairs each with its count.
            notifications.c.id == any_(func.array(select(found.c.id).scalar_subquery())),
            notifications.c.id == found.c.id,
        )
        .values(
            count=notifications.c.count + found.c.before_own,
            read_at=func.now(),
            # Moved up only when it counted more, as a message counted one by one moves it.
            updated_at=case((found.c.before_own > 0, func.now()), else_=notifications.c.updated_at),
        )
        .cte("read_by_senders")
    )
    made_read = (
        insert(notifications)
        .from_select(
            ["user_id", "type", "actor_id", "conversation_id", "message_id", "count", "read_at"],
            select(
                counted.c.user_id,
                literal(NotificationType.NEW_MESSAGE, notifications.c.type.type),
                counted.c.actor_id,
                counted.c.conversation_id,
                counted.c.message_id,
                counted.c.before_own,
                func.now(),
            )
            .join(
                members,
                and_(
                    members.c.conversation_id == counted.c.conversation_id,
                    members.c.user_id == counted.c.user_id,
                ),
            )
            .where(
                counted.c.before_own > 0,
                members.c.muted_at.is_(None),
                ~exists().where(
                    found.c.user_id == counted.c.user_id,
                    found.c.conversation_id == counted.c.conversation_id,
                ),
            ),
            include_defaults=False,
        )
        .cte("made_read")
    )
    return [read, made_read]


@functools.cache
def new_messages_after_own_statement() -> AnySelect:
    """For a batch in which a member of a conversation sent and others sent after them: the
    new unread ``new_message`` notifications of those later messages, once the sending
    statement has read the members' own (parameter ``sent_message_ids``: the batch's)."""
    messages = cast(Table, Message.__table__)
    sent = (
        select(messages)
        .where(messages.c.id == any_(bindparam("sent_message_ids", type_=_UUIDS)))
        .cte("sent")
    )
    notified = new_message_upsert(sent, members_who_sent=True)
    return select(func.array_agg(notified.c.id))


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

    async def unread_views(self, notification_ids: list[uuid.UUID]) -> list[NotificationView]:
        """Those of these notifications still unread, each with its actor as its recipient
        sees them.

        On the session's asyncpg connection, as the send path does: after every batch of
        messages this reads a row for each recipient pushed to, and building them through
        SQLAlchemy's result machinery cost the server more than the rest of the push (with
        10,000 students online, 9 % of each process's CPU against 6 % now)."""
        if not notification_ids:
            return []
        records = await fetch_on_session(
            self.session, _by_ids_driver_statement(), {"ids": notification_ids}
        )
        # One read meanwhile is news no more (a recipient who opened the chat read it).
        return [_view(record, record) for record in records if record["read_at"] is None]

    async def _views(
        self, statement: AnySelect, parameters: dict[str, Any]
    ) -> list[NotificationView]:
        rows = await self.session.execute(statement, parameters)
        return [_view(row, row._mapping) for row in rows]

    async def unread_count(self, user_id: uuid.UUID) -> int:
        """Counted from two partial indexes alone (index-only scans)."""
        count = await self.session.scalar(_unread_count_statement(), {"viewer_id": user_id})
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
