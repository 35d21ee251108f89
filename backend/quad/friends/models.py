from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, func, text
from sqlalchemy.orm import Mapped, mapped_column

from quad.core.db import Base, CreatedAt, UUIDPrimaryKey


class FriendRequestStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class FriendRequest(UUIDPrimaryKey, CreatedAt, Base):
    """A request from one student to another; only ``pending`` ones can still change."""

    __tablename__ = "friend_requests"
    __table_args__ = (
        CheckConstraint("from_user_id <> to_user_id", name="not_to_self"),
        # At most one pending request per pair, whichever way it points: a crossing request
        # can never sit beside the one it crosses, whatever the code above does.
        Index(
            "uq_friend_requests_pending_pair",
            func.least(text("from_user_id"), text("to_user_id")),
            func.greatest(text("from_user_id"), text("to_user_id")),
            unique=True,
            postgresql_where=text("status = 'pending'"),
        ),
        # The Requests screen: pending, newest first, per recipient and per sender.
        Index(
            "ix_friend_requests_incoming",
            "to_user_id",
            "created_at",
            "id",
            postgresql_where=text("status = 'pending'"),
        ),
        Index(
            "ix_friend_requests_outgoing",
            "from_user_id",
            "created_at",
            "id",
            postgresql_where=text("status = 'pending'"),
        ),
    )

    from_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    to_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[FriendRequestStatus] = mapped_column(
        Enum(
            FriendRequestStatus,
            name="friend_request_status",
            values_callable=lambda members: [m.value for m in members],
        ),
        server_default=FriendRequestStatus.PENDING.value,
    )
    responded_at: Mapped[datetime | None]


class Friendship(CreatedAt, Base):
    """Two students who are friends: one row per pair, the smaller id first.

    The canonical order makes the primary key the pair's uniqueness, so the database itself
    refuses a second row for the same two students.
    """

    __tablename__ = "friendships"
    __table_args__ = (
        CheckConstraint("user_a_id < user_b_id", name="canonical_order"),
        # The primary key finds a's friends; this finds b's.
        Index("ix_friendships_user_b_id_user_a_id", "user_b_id", "user_a_id"),
    )

    user_a_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    user_b_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )


class Block(CreatedAt, Base):
    """``blocker`` no longer wants anything to do with ``blocked``: each hidden from the other."""

    __tablename__ = "blocks"
    __table_args__ = (
        CheckConstraint("blocker_id <> blocked_id", name="not_self"),
        Index("ix_blocks_blocked_id", "blocked_id"),
    )

    blocker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    blocked_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
