"""The chat feature's SQL: conversations, memberships and messages.

The hot paths cost a fixed number of statements whatever the page or the group: a page of
conversations is two (the conversations with their last message, then every member of all
of them as the viewer sees them), and sending a batch of messages to any number of
conversations is two, or three, its notifications included (see ``send_messages``).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    DateTime,
    FromClause,
    Table,
    Text,
    Uuid,
    and_,
    any_,
    bindparam,
    case,
    column,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, joinedload

from quad.chat.models import Conversation, ConversationMember, ConversationType, MemberRole, Message
from quad.core.db import DriverStatement
from quad.friends.relations import (
    are_friends,
    blocked_either_way,
    friendship_status,
    mutual_friends_between,
    pair,
    pending_request_id,
)
from quad.notifications.repository import (
    new_message_upsert,
    new_messages_after_own_statement,
    read_by_senders,
)
from quad.users.models import User
from quad.users.viewing import LIMIT, VIEWER, AnySelect, Related, RelatedUser

CONVERSATION_ID = bindparam("conversation_id", type_=Uuid)
_UUIDS = ARRAY(Uuid)


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A member of a conversation as one viewer sees them."""

    viewer_id: uuid.UUID
    conversation_id: uuid.UUID
    role: MemberRole
    joined_at: datetime
    last_read_seq: int
    muted: bool  # the member's own setting: shown to them alone
    related: RelatedUser


@dataclass(frozen=True, slots=True)
class ConversationView:
    """A conversation as one member sees it (the contract's Conversation, in rows)."""

    viewer_id: uuid.UUID
    conversation: Conversation
    last_message: Message | None
    last_read_seq: int
    muted: bool
    members: list[MemberRow]


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A message to send; its id is made before it is sent, to find its row among a batch's."""

    conversation_id: uuid.UUID
    sender_id: uuid.UUID
    body: str
    client_id: uuid.UUID | None
    id: uuid.UUID = field(default_factory=uuid.uuid4)


@dataclass(frozen=True, slots=True)
class MessageRow:
    """A message's columns as a statement returned them: the send path builds no ORM
    object (under load, making one per message cost more than the rest of its handling)."""

    id: uuid.UUID
    conversation_id: uuid.UUID
    seq: int
    sender_id: uuid.UUID
    body: str
    client_id: uuid.UUID | None
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None


@dataclass(frozen=True, slots=True)
class SentMessage:
    message: MessageRow
    member_ids: list[uuid.UUID]  # who to tell


@dataclass(frozen=True, slots=True)
class SentBatch:
    """What sending a batch did, in its transaction (see ``send_messages``)."""

    # Per message, in the batch's order: the message sent, or None.
    messages: list[SentMessage | None]
    # The recipients' ``new_message`` notifications, written or counted up.
    notification_ids: list[uuid.UUID]
    # Whether the transaction may commit: something was sent and its seqs have no gap.
    complete: bool


@dataclass(frozen=True, slots=True)
class Membership:
    conversation: Conversation
    member: ConversationMember


# --- Statements, built once per shape ---------------------------------------------------------


@functools.cache
def _conversations_statement(*, after: bool, one: bool) -> AnySelect:
    """The viewer's conversations with their last message, most recent activity first."""
    me = aliased(ConversationMember, name="me")
    statement = (
        select(Conversation, me.last_read_seq, me.muted_at.is_not(None), Message)
        .join(me, and_(me.conversation_id == Conversation.id, me.user_id == VIEWER))
        # The last message, found by (conversation_id, seq): its unique index.
        .outerjoin(
            Message,
            and_(Message.conversation_id == Conversation.id, Message.seq == Conversation.last_seq),
        )
        .order_by(Conversation.updated_at.desc(), Conversation.id.desc())
        .limit(LIMIT)
    )
    if after:
        position = tuple_(
            bindparam("after_0", type_=DateTime(timezone=True)), bindparam("after_1", type_=Uuid)
        )
        statement = statement.where(tuple_(Conversation.updated_at, Conversation.id) < position)
    if one:
        statement = statement.where(Conversation.id == CONVERSATION_ID)
    return statement


def _members_statement(viewers: FromClause, conversations: ColumnElement[bool]) -> AnySelect:
    """Members of the conversations ``conversations`` picks, as each viewer of ``viewers``
    (a FROM with a ``viewer_id`` column) sees them: one row per viewer and member, with the
    relations of UserPublic computed by the same statement. Admins first, then by joining."""
    viewer = viewers.c.viewer_id
    member = ConversationMember
    return (
        select(
            viewer.label("viewer_id"),
            member.conversation_id,
            member.role,
            member.joined_at,
            member.last_read_seq,
            member.muted_at,
            User,
            friendship_status(viewer, User.id).label("friendship_status"),
            mutual_friends_between(viewer, User.id).label("mutual_friends"),
            pending_request_id(viewer, User.id).label("friend_request_id"),
        )
        .select_from(viewers)
        .join(member, conversations)
        .join(User, User.id == member.user_id)
        .options(joinedload(User.university))
        .order_by(
            member.conversation_id,
            viewer,
            case((member.role == MemberRole.ADMIN, 0), else_=1),
            member.joined_at,
            member.user_id,
        )
    )


@functools.cache
def _page_members_statement() -> AnySelect:
    """Every member of a page of conversations, as the viewer sees them."""
    viewers = select(VIEWER.label("viewer_id")).subquery("viewers")
    ids = bindparam("conversation_ids", type_=_UUIDS)
    return _members_statement(viewers, ConversationMember.conversation_id == any_(ids))


@functools.cache
def _members_as_each_member_statement() -> AnySelect:
    """Every member of one conversation, as each of its members sees them (events)."""
    viewers = (
        select(ConversationMember.user_id.label("viewer_id"))
        .where(ConversationMember.conversation_id == CONVERSATION_ID)
        .subquery("viewers")
    )
    return _members_statement(viewers, ConversationMember.conversation_id == CONVERSATION_ID)


@functools.cache
def _lock_statement() -> str:
    """Locks the conversations a batch writes to, in one order for every batch of every
    process, so two batches never wait for each other in a circle. Their counters are what
    order concurrent sends: each batch takes its seqs, in commit order, gapless. SQL text
    with one parameter, ``$1``: the conversations' ids (see ``begin_batch``)."""
    conversations = cast(Table, Conversation.__table__)
    locking = DriverStatement.compile(
        select(conversations.c.id)
        .where(conversations.c.id == any_(bindparam("lock_ids", type_=_UUIDS)))
        .order_by(conversations.c.id)
        .with_for_update()
    )
    assert locking.arguments({"lock_ids": None}) == (None,), "one parameter, the ids"
    return locking.sql


@functools.cache
def _notify_after_own_statement() -> DriverStatement:
    return DriverStatement.compile(new_messages_after_own_statement())


@functools.cache
def _send_statement() -> DriverStatement:
    """One statement sends a batch of messages to any number of conversations (see
    ``send_messages``): set arithmetic over the batch's arrays, so its cost grows with the
    rows it writes, not with statements.

    Core tables throughout, and parameters named unlike any column (an UPDATE would take
    those as values to set).
    """
    conversations, members, messages = (
        cast(Table, Conversation.__table__),
        cast(Table, ConversationMember.__table__),
        cast(Table, Message.__table__),
    )
    batch = (
        func.unnest(
            bindparam("send_ids", type_=_UUIDS),
            bindparam("send_to", type_=_UUIDS),
            bindparam("send_by", type_=_UUIDS),
            bindparam("send_bodies", type_=ARRAY(Text)),
            bindparam("send_client_ids", type_=_UUIDS),
        )
        .table_valued(
            column("id", Uuid),
            column("conversation_id", Uuid),
            column("sender_id", Uuid),
            column("body", Text),
            column("client_id", Uuid),
            with_ordinality="position",
        )
        .render_derived(name="batch")
    )
    may_send = or_(
        conversations.c.type == ConversationType.GROUP,
        ~blocked_either_way(conversations.c.direct_user_a_id, conversations.c.direct_user_b_id),
    )

    # The batch's lookups are subqueries in the select list, one probe of an index per send,
    # which the planner never turns into joins: as joins (or beside an OR) it planned them
    # by the tables' statistics, which lag a table growing by thousands of rows a second,
    # and hashed or merged every membership and every message for each batch (B's batches
    # grew slower minute by minute). A subquery over a unique index finds one row at most.
    def found(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
        return select(literal(True)).where(*conditions).scalar_subquery().is_not(None)

    is_member = found(
        members.c.conversation_id == batch.c.conversation_id,
        members.c.user_id == batch.c.sender_id,
    )
    # A client_id of theirs already used (one without is never equal to NULL).
    already_sent = found(
        messages.c.conversation_id == batch.c.conversation_id,
        messages.c.sender_id == batch.c.sender_id,
        messages.c.client_id == batch.c.client_id,
    )
    # A client_id twice in the batch (a retry that caught up with its original): the first.
    once = (
        batch.c.conversation_id,
        batch.c.sender_id,
        func.coalesce(batch.c.client_id, batch.c.id),
    )
    allowed = (
        select(batch)
        .join(conversations, conversations.c.id == batch.c.conversation_id)
        .where(is_member, may_send, ~already_sent)
        .ext(distinct_on(*once))
        .order_by(*once, batch.c.position)
        .cte("allowed")
    )
    conversation = allowed.c.conversation_id
    numbered = select(
        allowed,
        func.row_number().over(partition_by=conversation, order_by=allowed.c.position).label("n"),
        func.count().over(partition_by=conversation).label("total"),
    ).cte("numbered")
    taken = (
        select(numbered.c.conversation_id, func.count().label("total"))
        .group_by(numbered.c.conversation_id)
        .subquery("taken")
    )
    bumped = (
        update(conversations)
        .where(conversations.c.id == taken.c.conversation_id)
        .values(last_seq=conversations.c.last_seq + taken.c.total, updated_at=func.now())
        .returning(conversations.c.id, conversations.c.last_seq)
        .cte("bumped")
    )
    new_rows = select(
        numbered.c.id,
        numbered.c.conversation_id,
        bumped.c.last_seq - numbered.c.total + numbered.c.n,
        numbered.c.sender_id,
        numbered.c.body,
        numbered.c.client_id,
    ).join_from(numbered, bumped, bumped.c.id == numbered.c.conversation_id)
    sent = (
        insert(messages)
        .from_select(["id", "conversation_id", "seq", "sender_id", "body", "client_id"], new_rows)
        # Only a send that another transaction made since this one's snapshot gets here: its
        # seq is then taken and not used, so the caller rolls back (``complete``).
        .on_conflict_do_nothing(
            index_elements=["conversation_id", "sender_id", "client_id"],
            index_where=messages.c.client_id.is_not(None),
        )
        .returning(*messages.c)
        .cte("sent")
    )
    # Writing is reading: each sender has read up to their own last message.
    last_own = (
        select(sent.c.conversation_id, sent.c.sender_id, func.max(sent.c.seq).label("seq"))
        .group_by(sent.c.conversation_id, sent.c.sender_id)
        .subquery("last_own")
    )
    sender_read = (
        update(members)
        .where(
            members.c.conversation_id == last_own.c.conversation_id,
            members.c.user_id == last_own.c.sender_id,
        )
        .values(last_read_seq=last_own.c.seq)
        .cte("sender_read")
    )
    member_lists = (
        select(members.c.conversation_id, func.array_agg(members.c.user_id).label("member_ids"))
        .where(members.c.conversation_id.in_(select(bumped.c.id)))
        .group_by(members.c.conversation_id)
        .cte("member_lists")
    )
    notified = new_message_upsert(sent)
    # The lists go out once, not on every row: a batch's notifications on one row (a busy
    # group's make hundreds), a conversation's members on one of its messages. Decoding a
    # list of hundreds of ids on each of a batch's rows cost the sending process more than
    # the statement cost PostgreSQL, and the batch's locks were held meanwhile.
    once_per_batch = func.row_number().over() == 1
    notification_ids = select(func.array_agg(notified.c.id)).scalar_subquery()
    once_per_conversation = func.row_number().over(partition_by=sent.c.conversation_id) == 1
    return DriverStatement.compile(
        select(
            sent,
            case((once_per_conversation, member_lists.c.member_ids)).label("member_ids"),
            select(func.count()).select_from(numbered).scalar_subquery().label("numbered"),
            case((once_per_batch, notification_ids)).label("notification_ids"),
        )
        .join_from(sent, member_lists, member_lists.c.conversation_id == sent.c.conversation_id)
        .add_cte(sender_read, notified, *read_by_senders(sent))
    )


async def begin_batch(connection: Any, messages: Sequence[NewMessage]) -> None:
    """Begins a batch's transaction on an asyncpg connection and locks its conversations
    (``_lock_statement``), in one round trip, before ``send_messages``.

    One round trip because a batch holds its conversations from this lock to its commit,
    and a batch of another process to any of them waits as long: every round trip of the
    sending process's event loop in between makes that longer. Several statements go in one
    only by the simple query protocol, which takes no parameters, so the ids are written
    into the text, as 32 hex digits each (``UUID.hex``: nothing else can get in).

    Its statements are planned generically: the send's lookups are index probes by
    construction (``_send_statement``), so a plan made for each batch's values is no better,
    and making one cost about 1.7 ms a batch.
    """
    ids = ",".join({message.conversation_id.hex for message in messages})
    await connection.execute(
        "BEGIN; SET LOCAL plan_cache_mode = force_generic_plan; "
        + _lock_statement().replace("$1", f"'{{{ids}}}'::uuid[]")
    )


async def send_messages(connection: Any, messages: Sequence[NewMessage]) -> SentBatch:
    """Sends a batch of messages on an asyncpg connection, in the transaction ``begin_batch``
    began, in one statement whatever the batch, and a second when members of a conversation
    both sent and received in it (their notifications of what came after their own; see
    ``quad.notifications.repository``).

    The sending statement keeps, of the batch, each message whose sender is a member (and,
    in a direct chat, without a block between the two) and whose ``client_id`` is new; it
    bumps each conversation's counter by its messages, inserts them numbered in the batch's
    order, moves each sender's read position to their last one, writes and reads the
    members' ``new_message`` notifications (``quad.notifications``), and returns the messages with
    the ids of every member (who to tell) and of the notifications.

    None for a message not sent: not a member, blocked, or a ``client_id`` already used (its
    message exists); the caller asks which it was. Unless ``complete``, the caller rolls
    back (a counter bump without its message would leave a gap in the seqs) and sends again
    without the messages not sent.
    """
    conversation_ids = [message.conversation_id for message in messages]
    sending = _send_statement()
    rows = await connection.fetch(
        sending.sql,
        *sending.arguments(
            {
                "send_ids": [message.id for message in messages],
                "send_to": conversation_ids,
                "send_by": [message.sender_id for message in messages],
                "send_bodies": [message.body for message in messages],
                "send_client_ids": [message.client_id for message in messages],
            }
        ),
    )
    members = {row["conversation_id"]: list(row["member_ids"]) for row in rows if row["member_ids"]}
    sent = [_sent(row, members) for row in _in_order(rows, messages)]
    if not rows or rows[0]["numbered"] != len(rows):
        return SentBatch(sent, [], complete=False)
    # On one row of the batch; NULL on every row: nobody to notify.
    notification_ids = next(
        (list(row["notification_ids"]) for row in rows if row["notification_ids"] is not None),
        [],
    )
    senders: dict[uuid.UUID, set[uuid.UUID]] = {}
    for row in rows:
        senders.setdefault(row["conversation_id"], set()).add(row["sender_id"])
    if any(len(each) > 1 for each in senders.values()):
        notifying = _notify_after_own_statement()
        notification_ids += (
            await connection.fetchval(
                notifying.sql,
                *notifying.arguments({"sent_message_ids": [row["id"] for row in rows]}),
            )
            or ()
        )
    return SentBatch(sent, notification_ids, complete=True)


def _in_order(rows: Sequence[Any], messages: Sequence[NewMessage]) -> list[Any]:
    by_id = {row["id"]: row for row in rows}
    return [by_id.get(message.id) for message in messages]


def _sent(row: Any, members: dict[uuid.UUID, list[uuid.UUID]]) -> SentMessage | None:
    """A sent message's row, with its conversation's members (on one row of the
    conversation's, ``members``)."""
    if row is None:
        return None
    fields = dict(row.items())
    del fields["member_ids"], fields["numbered"], fields["notification_ids"]
    return SentMessage(MessageRow(**fields), members[fields["conversation_id"]])


@functools.cache
def _history_statement(*, before: bool, after: bool) -> AnySelect:
    """A page of history: after a seq ascending; else the latest (before a seq) descending."""
    statement = select(Message).where(Message.conversation_id == CONVERSATION_ID).limit(LIMIT)
    if before:
        statement = statement.where(Message.seq < bindparam("before_seq", type_=BigInteger))
    if after:
        statement = statement.where(Message.seq > bindparam("after_seq", type_=BigInteger))
        return statement.order_by(Message.seq)
    return statement.order_by(Message.seq.desc())


class ChatRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- Conversations as a member sees them -----------------------------------------------

    async def conversations(
        self, viewer_id: uuid.UUID, *, after: tuple[Any, ...] | None, limit: int
    ) -> list[ConversationView]:
        """A page of the viewer's conversations, most recent activity first: two statements
        whatever the page's size or its groups' sizes."""
        parameters: dict[str, Any] = {"viewer_id": viewer_id, "limit": limit}
        if after is not None:
            parameters |= {"after_0": after[0], "after_1": after[1]}
        statement = _conversations_statement(after=after is not None, one=False)
        return await self._views(viewer_id, statement, parameters)

    async def conversation(
        self, viewer_id: uuid.UUID, conversation_id: uuid.UUID
    ) -> ConversationView | None:
        """One conversation as the viewer sees it; None if the viewer is not in it."""
        parameters = {"viewer_id": viewer_id, "limit": 1, "conversation_id": conversation_id}
        views = await self._views(
            viewer_id, _conversations_statement(after=False, one=True), parameters
        )
        return views[0] if views else None

    async def _views(
        self, viewer_id: uuid.UUID, statement: AnySelect, parameters: dict[str, Any]
    ) -> list[ConversationView]:
        rows = (await self.session.execute(statement, parameters)).all()
        if not rows:
            return []
        members = await self.session.execute(
            _page_members_statement(),
            {"viewer_id": viewer_id, "conversation_ids": [row[0].id for row in rows]},
        )
        by_conversation: dict[uuid.UUID, list[MemberRow]] = {row[0].id: [] for row in rows}
        for member in members:
            by_conversation[member.conversation_id].append(_member_row(member))
        return [
            ConversationView(
                viewer_id,
                conversation,
                last_message,
                last_read_seq,
                muted,
                by_conversation[conversation.id],
            )
            for conversation, last_read_seq, muted, last_message in rows
        ]

    async def as_each_member_sees_it(self, conversation_id: uuid.UUID) -> list[ConversationView]:
        """The conversation as each of its members sees it (for ``conversation.updated``,
        whose members carry each recipient's own friendship status): two statements."""
        statement = (
            select(Conversation, Message)
            .outerjoin(
                Message,
                and_(
                    Message.conversation_id == Conversation.id,
                    Message.seq == Conversation.last_seq,
                ),
            )
            .where(Conversation.id == conversation_id)
        )
        found = (await self.session.execute(statement)).first()
        if found is None:
            return []
        conversation, last_message = found
        rows = await self.session.execute(
            _members_as_each_member_statement(), {"conversation_id": conversation_id}
        )
        by_viewer: dict[uuid.UUID, list[MemberRow]] = {}
        for row in rows:
            by_viewer.setdefault(row.viewer_id, []).append(_member_row(row))
        views = []
        for viewer_id, members in by_viewer.items():
            me = next(m for m in members if m.related.user.id == viewer_id)
            views.append(
                ConversationView(
                    viewer_id, conversation, last_message, me.last_read_seq, me.muted, members
                )
            )
        return views

    # --- Memberships ----------------------------------------------------------------------

    async def membership(
        self, conversation_id: uuid.UUID, user_id: uuid.UUID, *, lock: bool = False
    ) -> Membership | None:
        """The user's membership with its conversation. ``lock``: the conversation's row is
        locked until the transaction ends (changes of members and names queue on it)."""
        statement = (
            select(Conversation, ConversationMember)
            .join(ConversationMember, ConversationMember.conversation_id == Conversation.id)
            .where(Conversation.id == conversation_id, ConversationMember.user_id == user_id)
        )
        if lock:
            statement = statement.with_for_update(of=Conversation)
        row = (await self.session.execute(statement)).first()
        return Membership(row[0], row[1]) if row else None

    async def member_ids(self, conversation_id: uuid.UUID) -> list[uuid.UUID]:
        rows = await self.session.scalars(
            select(ConversationMember.user_id).where(
                ConversationMember.conversation_id == conversation_id
            )
        )
        return list(rows)

    async def friends_among(
        self, user_id: uuid.UUID, candidate_ids: list[uuid.UUID]
    ) -> set[uuid.UUID]:
        """Which of ``candidate_ids`` are the user's friends (one statement)."""
        candidates = (
            func.unnest(bindparam("ids", type_=_UUIDS)).table_valued("id").render_derived("c")
        )
        rows = await self.session.scalars(
            select(candidates.c.id).where(are_friends(literal(user_id), candidates.c.id)),
            {"ids": candidate_ids},
        )
        return set(rows)

    async def add_members(
        self,
        conversation_id: uuid.UUID,
        user_ids: list[uuid.UUID],
        *,
        role: MemberRole = MemberRole.MEMBER,
    ) -> list[uuid.UUID]:
        """Adds those not yet members; returns who was added."""
        if not user_ids:
            return []
        result = await self.session.scalars(
            insert(ConversationMember)
            .values(
                [
                    {"conversation_id": conversation_id, "user_id": user_id, "role": role}
                    for user_id in user_ids
                ]
            )
            .on_conflict_do_nothing()
            .returning(ConversationMember.user_id)
        )
        return list(result)

    async def set_muted(
        self, conversation_id: uuid.UUID, user_id: uuid.UUID, *, muted: bool
    ) -> bool:
        """Mutes or unmutes the conversation for one member (muting again keeps the first
        time); False if they are not a member."""
        members = ConversationMember
        found = await self.session.scalar(
            update(members)
            .where(members.conversation_id == conversation_id, members.user_id == user_id)
            .values(muted_at=func.coalesce(members.muted_at, func.now()) if muted else None)
            .returning(members.user_id)
        )
        return found is not None

    async def member_count(self, conversation_id: uuid.UUID) -> int:
        count = await self.session.scalar(
            select(func.count()).where(ConversationMember.conversation_id == conversation_id)
        )
        return int(count or 0)

    async def remove_member(self, conversation_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        result = await self.session.execute(
            delete(ConversationMember)
            .where(
                ConversationMember.conversation_id == conversation_id,
                ConversationMember.user_id == user_id,
            )
            .returning(ConversationMember.user_id)
        )
        return result.first() is not None

    async def promote_if_no_admin(self, conversation_id: uuid.UUID) -> uuid.UUID | None:
        """A group whose last admin left gets its longest-standing member as admin."""
        members = ConversationMember
        has_admin = exists().where(
            members.conversation_id == conversation_id, members.role == MemberRole.ADMIN
        )
        senior = (
            select(members.user_id)
            .where(members.conversation_id == conversation_id, ~has_admin)
            .order_by(members.joined_at, members.user_id)
            .limit(1)
            .scalar_subquery()
        )
        return await self.session.scalar(
            update(members)
            .where(members.conversation_id == conversation_id, members.user_id == senior)
            .values(role=MemberRole.ADMIN)
            .returning(members.user_id)
        )

    # --- Conversations --------------------------------------------------------------------

    async def direct_between(self, a: uuid.UUID, b: uuid.UUID) -> tuple[uuid.UUID | None, bool]:
        """The id of the direct chat of two students (None if none yet), and whether they
        are friends: one statement."""
        low, high = pair(literal(a), literal(b))
        existing = (
            select(Conversation.id)
            .where(
                Conversation.type == ConversationType.DIRECT,
                Conversation.direct_user_a_id == low,
                Conversation.direct_user_b_id == high,
            )
            .scalar_subquery()
        )
        row = (
            await self.session.execute(
                select(existing.label("id"), are_friends(literal(a), literal(b)).label("friends"))
            )
        ).one()
        return row.id, row.friends

    async def add_direct(self, a: uuid.UUID, b: uuid.UUID) -> uuid.UUID | None:
        """A new direct chat of two students with both as members; None if one was made
        meanwhile (the pair's unique index decides)."""
        low, high = sorted((a, b))
        conversation_id = await self.session.scalar(
            insert(Conversation)
            .values(
                id=uuid.uuid4(),
                type=ConversationType.DIRECT,
                direct_user_a_id=low,
                direct_user_b_id=high,
            )
            .on_conflict_do_nothing(
                index_elements=["direct_user_a_id", "direct_user_b_id"],
                # The index's own predicate, as text: a bound value here would not match it.
                index_where=text("type = 'direct'"),
            )
            .returning(Conversation.id)
        )
        if conversation_id is not None:
            await self.add_members(conversation_id, [a, b], role=MemberRole.MEMBER)
        return conversation_id

    async def add_group(
        self, name: str, creator_id: uuid.UUID, member_ids: list[uuid.UUID]
    ) -> uuid.UUID:
        conversation_id = uuid.uuid4()
        await self.session.execute(
            insert(Conversation).values(id=conversation_id, type=ConversationType.GROUP, name=name)
        )
        await self.add_members(conversation_id, [creator_id], role=MemberRole.ADMIN)
        await self.add_members(conversation_id, member_ids)
        return conversation_id

    async def touch(self, conversation_id: uuid.UUID, **values: Any) -> None:
        """Records activity on a conversation (and any other change of its row)."""
        await self.session.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id)
            .values(updated_at=func.now(), **values)
        )

    async def delete_conversation(self, conversation_id: uuid.UUID) -> None:
        await self.session.execute(delete(Conversation).where(Conversation.id == conversation_id))

    # --- Messages -------------------------------------------------------------------------

    async def message_by_client_id(
        self, conversation_id: uuid.UUID, sender_id: uuid.UUID, client_id: uuid.UUID
    ) -> Message | None:
        return await self.session.scalar(
            select(Message).where(
                Message.conversation_id == conversation_id,
                Message.sender_id == sender_id,
                Message.client_id == client_id,
            )
        )

    async def direct_blocked(self, conversation: Conversation) -> bool:
        if conversation.type is not ConversationType.DIRECT:
            return False
        blocked = await self.session.scalar(
            select(
                blocked_either_way(
                    literal(conversation.direct_user_a_id), literal(conversation.direct_user_b_id)
                )
            )
        )
        return bool(blocked)

    async def history(
        self,
        conversation_id: uuid.UUID,
        *,
        before_seq: int | None,
        after_seq: int | None,
        limit: int,
    ) -> list[Message]:
        """Up to ``limit`` messages: the first ones after ``after_seq`` (ascending), or the
        last ones before ``before_seq`` (or the latest), newest first."""
        statement = _history_statement(before=before_seq is not None, after=after_seq is not None)
        parameters: dict[str, Any] = {"conversation_id": conversation_id, "limit": limit}
        if before_seq is not None:
            parameters["before_seq"] = before_seq
        if after_seq is not None:
            parameters["after_seq"] = after_seq
        return list(await self.session.scalars(statement, parameters))

    async def message_for_update(
        self, message_id: uuid.UUID, member_id: uuid.UUID
    ) -> Message | None:
        """The message, locked, if ``member_id`` is in its conversation."""
        statement = (
            select(Message)
            .where(
                Message.id == message_id,
                exists().where(
                    ConversationMember.conversation_id == Message.conversation_id,
                    ConversationMember.user_id == member_id,
                ),
            )
            .with_for_update(of=Message)
        )
        return await self.session.scalar(statement)

    async def mark_read(
        self, conversation_id: uuid.UUID, user_id: uuid.UUID, seq: int
    ) -> tuple[int, list[uuid.UUID]] | None:
        """Moves the member's read position forward to ``seq`` (at most the newest message):
        the new position and every member's id, or None if it did not move."""
        members = ConversationMember
        newest = (
            select(Conversation.last_seq)
            .where(Conversation.id == conversation_id)
            .scalar_subquery()
        )
        position = func.least(bindparam("seq", type_=BigInteger), newest)
        member_ids = (
            select(func.array_agg(members.user_id))
            .where(members.conversation_id == conversation_id)
            .scalar_subquery()
        )
        row = (
            await self.session.execute(
                update(members)
                .where(
                    members.conversation_id == conversation_id,
                    members.user_id == user_id,
                    members.last_read_seq < position,
                )
                .values(last_read_seq=position)
                .returning(members.last_read_seq, member_ids.label("member_ids")),
                {"seq": seq},
            )
        ).first()
        return (row[0], list(row.member_ids)) if row else None


def _member_row(row: Any) -> MemberRow:
    return MemberRow(
        viewer_id=row.viewer_id,
        conversation_id=row.conversation_id,
        role=row.role,
        joined_at=row.joined_at,
        last_read_seq=row.last_read_seq,
        muted=row.muted_at is not None,
        related=Related(row.User, row.friendship_status, row.mutual_friends, row.friend_request_id),
    )
