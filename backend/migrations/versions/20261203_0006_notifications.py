"""Notifications, and muted conversations.

Revision ID: 0006_notifications
Revises: 0005_chat
Create Date: 2026-12-03 05:50:34+00:00

A student's notifications are listed newest first from one index, and the unread ones from a
partial index that also counts the bell's badge; a partial unique index keeps at most one
unread ``new_message`` per recipient and conversation, where the send path's upsert lands.
A muted member (``conversation_members.muted_at``) gets no ``new_message`` notifications.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_notifications"
down_revision: str | None = "0005_chat"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "friend_request", "friend_request_accepted", "new_message", name="notification_type"
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Uuid(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=True),
        sa.Column("conversation_id", sa.Uuid(), nullable=True),
        sa.Column("message_id", sa.Uuid(), nullable=True),
        sa.Column("count", sa.Integer(), server_default="1", nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(type = 'new_message' AND conversation_id IS NOT NULL AND message_id IS NOT NULL"
            " AND request_id IS NULL)"
            " OR (type <> 'new_message' AND request_id IS NOT NULL"
            " AND conversation_id IS NULL AND message_id IS NULL)",
            name=op.f("ck_notifications_subject_matches_type"),
        ),
        sa.CheckConstraint("count > 0", name=op.f("ck_notifications_count_positive")),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_notifications_actor_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_notifications_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["friend_requests.id"],
            name=op.f("fk_notifications_request_id_friend_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(
        "ix_notifications_conversation_id",
        "notifications",
        ["conversation_id"],
        unique=False,
        postgresql_where=sa.text("conversation_id IS NOT NULL"),
    )
    op.create_index(
        "ix_notifications_request_id",
        "notifications",
        ["request_id"],
        unique=False,
        postgresql_where=sa.text("request_id IS NOT NULL"),
    )
    op.create_index(
        "ix_notifications_unread_user_id_updated_at",
        "notifications",
        ["user_id", "updated_at", "id"],
        unique=False,
        postgresql_where=sa.text("read_at IS NULL"),
    )
    op.create_index(
        "ix_notifications_user_id_updated_at",
        "notifications",
        ["user_id", "updated_at", "id"],
        unique=False,
    )
    op.create_index(
        "uq_notifications_unread_new_message",
        "notifications",
        ["user_id", "conversation_id"],
        unique=True,
        postgresql_where=sa.text("type = 'new_message' AND read_at IS NULL"),
    )
    op.add_column(
        "conversation_members", sa.Column("muted_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("conversation_members", "muted_at")
    op.drop_index(
        "uq_notifications_unread_new_message",
        table_name="notifications",
        postgresql_where=sa.text("type = 'new_message' AND read_at IS NULL"),
    )
    op.drop_index("ix_notifications_user_id_updated_at", table_name="notifications")
    op.drop_index(
        "ix_notifications_unread_user_id_updated_at",
        table_name="notifications",
        postgresql_where=sa.text("read_at IS NULL"),
    )
    op.drop_index(
        "ix_notifications_request_id",
        table_name="notifications",
        postgresql_where=sa.text("request_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_notifications_conversation_id",
        table_name="notifications",
        postgresql_where=sa.text("conversation_id IS NOT NULL"),
    )
    op.drop_table("notifications")
    sa.Enum(name="notification_type").drop(op.get_bind(), checkfirst=True)
