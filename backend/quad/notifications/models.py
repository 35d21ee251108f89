"""Notifications: what happened to a student while they looked elsewhere.

A notification names its recipient (``user_id``), who caused it (``actor_id``) and what it
is about: a friend request (``request_id``) or a conversation (``conversation_id``, with the
newest ``message_id``). New messages coalesce: a recipient has at most one unread
``new_message`` notification per conversation (a partial unique index), whose ``count``
rises with every message until it is read; the next message then starts a new one.

Counting up is the write the send path makes for every recipient of every message, so it
changes no indexed column: then PostgreSQL updates the row in place on its page (a HOT
update), where changing an indexed column adds an entry to every index of the table. The
list is ordered by ``updated_at``, which counting up moves; so its indexes hold
``listed_at`` instead: ``updated_at``, but NULL while a ``new_message`` counts up unread.
The list takes those few (one per conversation at most) from the unique index and
the rest, in order, from its own (``quad.notifications.repository``).
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Computed, Enum, ForeignKey, Index, Integer, text
from sqlalchemy.orm import Mapped, mapped_column

from quad.core.db import Base, CreatedAt, UUIDPrimaryKey


class NotificationType(enum.StrEnum):
    FRIEND_REQUEST = "friend_request"
    FRIEND_REQUEST_ACCEPTED = "friend_request_accepted"
    NEW_MESSAGE = "new_message"


UNREAD_NEW_MESSAGE = text("type = 'new_message' AND read_at IS NULL")
UNREAD_LISTED = text("read_at IS NULL AND listed_at IS NOT NULL")
LISTED_AT = "CASE WHEN type = 'new_message' AND read_at IS NULL THEN NULL ELSE updated_at END"
# Room on each page for a row's newer versions: a HOT update needs its page to hold both.
FILLFACTOR = 70


class Notification(UUIDPrimaryKey, CreatedAt, Base):
    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(
            "(type = 'new_message' AND conversation_id IS NOT NULL AND message_id IS NOT NULL"
            " AND request_id IS NULL)"
            " OR (type <> 'new_message' AND request_id IS NOT NULL"
            " AND conversation_id IS NULL AND message_id IS NULL)",
            name="subject_matches_type",
        ),
        CheckConstraint("count > 0", name="count_positive"),
        # The list, newest first, but for the new_message notifications still counting up
        # (listed_at NULL), and its unread part (which also counts the bell's badge with an
        # index-only scan).
        Index("ix_notifications_user_id_listed_at", "user_id", "listed_at", "id"),
        Index(
            "ix_notifications_unread_user_id_listed_at",
            "user_id",
            "listed_at",
            "id",
            postgresql_where=UNREAD_LISTED,
        ),
        # At most one unread new_message per recipient and conversation: the send path's
        # upsert lands on it, and the list and the badge find those counting up by it.
        Index(
            "uq_notifications_unread_new_message",
            "user_id",
            "conversation_id",
            unique=True,
            postgresql_where=UNREAD_NEW_MESSAGE,
        ),
        # Tidying: a request's notification when it is declined or withdrawn, a
        # conversation's when it is deleted (the foreign keys' cascades look these up).
        Index(
            "ix_notifications_request_id",
            "request_id",
            postgresql_where=text("request_id IS NOT NULL"),
        ),
        Index(
            "ix_notifications_conversation_id",
            "conversation_id",
            postgresql_where=text("conversation_id IS NOT NULL"),
        ),
        {"postgresql_with": {"fillfactor": FILLFACTOR}},
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    type: Mapped[NotificationType] = mapped_column(
        Enum(
            NotificationType,
            name="notification_type",
            values_callable=lambda members: [m.value for m in members],
        )
    )
    # For a new_message: the sender of the newest message.
    actor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    request_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("friend_requests.id", ondelete="CASCADE")
    )
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    # The newest message counted. No foreign key: messages go only with their conversation,
    # whose cascade removes this row anyway, and a key would cost the send path a check.
    message_id: Mapped[uuid.UUID | None]
    count: Mapped[int] = mapped_column(Integer, server_default="1")
    read_at: Mapped[datetime | None]
    # Last change: a new_message notification moves to the top with every message it counts.
    updated_at: Mapped[datetime] = mapped_column(server_default=text("now()"))
    # updated_at as the list's indexes hold it: NULL while a new_message counts up unread,
    # so that counting up changes no indexed column (see the module).
    listed_at: Mapped[datetime | None] = mapped_column(
        Computed(LISTED_AT, persisted=True), deferred=True
    )

    @property
    def read(self) -> bool:
        return self.read_at is not None
