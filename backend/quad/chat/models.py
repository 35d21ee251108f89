"""Conversations, their members and their messages.

A conversation's messages are numbered 1, 2, 3 ... (``seq``) by a counter on the
conversation row (``last_seq``), bumped in the transaction that inserts the message: the
row's lock orders concurrent senders, so the numbers have no gaps and follow commit order,
and a client that holds seq n asks for ``after_seq=n`` to catch up, never missing one.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Enum, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from quad.core.db import Base, CreatedAt, UUIDPrimaryKey


def _enum(kind: type[enum.Enum], name: str) -> Enum:
    return Enum(kind, name=name, values_callable=lambda members: [m.value for m in members])


class ConversationType(enum.StrEnum):
    DIRECT = "direct"
    GROUP = "group"


class MemberRole(enum.StrEnum):
    ADMIN = "admin"
    MEMBER = "member"


class Conversation(UUIDPrimaryKey, CreatedAt, Base):
    """A direct chat between two students, or a named group.

    A direct chat names its pair in canonical order (smaller id first), so a unique index
    makes the database itself refuse a second chat for the same two students.
    """

    __tablename__ = "conversations"
    __table_args__ = (
        CheckConstraint(
            "(type = 'direct' AND name IS NULL AND direct_user_a_id < direct_user_b_id)"
            " OR (type = 'group' AND name IS NOT NULL"
            " AND direct_user_a_id IS NULL AND direct_user_b_id IS NULL)",
            name="direct_pair_or_group_name",
        ),
        CheckConstraint("last_seq >= 0", name="last_seq_not_negative"),
        Index(
            "uq_conversations_direct_pair",
            "direct_user_a_id",
            "direct_user_b_id",
            unique=True,
            postgresql_where=text("type = 'direct'"),
        ),
    )

    type: Mapped[ConversationType] = mapped_column(_enum(ConversationType, "conversation_type"))
    name: Mapped[str | None] = mapped_column(Text)
    direct_user_a_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE")
    )
    direct_user_b_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE")
    )
    # The seq of the newest message (0: none yet); bumped by every message sent.
    last_seq: Mapped[int] = mapped_column(BigInteger, server_default="0")
    # Last activity (a message, a rename, a member added or removed): lists sort on it.
    updated_at: Mapped[datetime] = mapped_column(server_default=text("now()"))


class ConversationMember(Base):
    """A student in a conversation: their role and how far they have read."""

    __tablename__ = "conversation_members"
    __table_args__ = (
        CheckConstraint("last_read_seq >= 0", name="last_read_seq_not_negative"),
        # A student's conversations (the Chats list); the primary key finds a chat's members.
        Index("ix_conversation_members_user_id_conversation_id", "user_id", "conversation_id"),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[MemberRole] = mapped_column(
        _enum(MemberRole, "member_role"), server_default=MemberRole.MEMBER.value
    )
    joined_at: Mapped[datetime] = mapped_column(server_default=text("now()"))
    # Every message up to this seq has been read (only ever moves forward).
    last_read_seq: Mapped[int] = mapped_column(BigInteger, server_default="0")
    # Muted: messages still count as unread, but make no new_message notifications.
    muted_at: Mapped[datetime | None]


class Message(UUIDPrimaryKey, CreatedAt, Base):
    """One message; a deleted one keeps its seq (and its row) with an empty body."""

    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint("seq > 0", name="seq_positive"),
        # History pages walk this index; it is also what makes seq unique per conversation.
        Index("uq_messages_conversation_id_seq", "conversation_id", "seq", unique=True),
        # Exactly-once sends: a retried send finds the message it already made.
        Index(
            "uq_messages_conversation_id_sender_id_client_id",
            "conversation_id",
            "sender_id",
            "client_id",
            unique=True,
            postgresql_where=text("client_id IS NOT NULL"),
        ),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    seq: Mapped[int] = mapped_column(BigInteger)
    sender_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    client_id: Mapped[uuid.UUID | None]
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None
