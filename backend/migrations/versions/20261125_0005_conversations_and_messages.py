"""Conversations (direct and group), their members and their messages.

Revision ID: 0005_chat
Revises: 0004_university_search
Create Date: 2026-11-25 18:14:48+00:00

A direct chat's pair is unique (a partial unique index on the canonical pair); a message's
seq is unique per conversation (the index history pages walk), and so is a sender's
``client_id`` (exactly-once sends).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_chat"
down_revision: str | None = "0004_university_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("type", sa.Enum("direct", "group", name="conversation_type"), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("direct_user_a_id", sa.Uuid(), nullable=True),
        sa.Column("direct_user_b_id", sa.Uuid(), nullable=True),
        sa.Column("last_seq", sa.BigInteger(), server_default="0", nullable=False),
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
            "(type = 'direct' AND name IS NULL AND direct_user_a_id < direct_user_b_id)"
            " OR (type = 'group' AND name IS NOT NULL"
            " AND direct_user_a_id IS NULL AND direct_user_b_id IS NULL)",
            name=op.f("ck_conversations_direct_pair_or_group_name"),
        ),
        sa.CheckConstraint("last_seq >= 0", name=op.f("ck_conversations_last_seq_not_negative")),
        sa.ForeignKeyConstraint(
            ["direct_user_a_id"],
            ["users.id"],
            name=op.f("fk_conversations_direct_user_a_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["direct_user_b_id"],
            ["users.id"],
            name=op.f("fk_conversations_direct_user_b_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
    )
    op.create_index(
        "uq_conversations_direct_pair",
        "conversations",
        ["direct_user_a_id", "direct_user_b_id"],
        unique=True,
        postgresql_where=sa.text("type = 'direct'"),
    )
    op.create_table(
        "conversation_members",
        sa.Column("conversation_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "role",
            sa.Enum("admin", "member", name="member_role"),
            server_default="member",
            nullable=False,
        ),
        sa.Column(
            "joined_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("last_read_seq", sa.BigInteger(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "last_read_seq >= 0", name=op.f("ck_conversation_members_last_read_seq_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_conversation_members_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_conversation_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conversation_id", "user_id", name=op.f("pk_conversation_members")),
    )
    op.create_index(
        "ix_conversation_members_user_id_conversation_id",
        "conversation_members",
        ["user_id", "conversation_id"],
        unique=False,
    )
    op.create_table(
        "messages",
        sa.Column("conversation_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("sender_id", sa.Uuid(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("seq > 0", name=op.f("ck_messages_seq_positive")),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_messages_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["users.id"],
            name=op.f("fk_messages_sender_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    op.create_index(
        "uq_messages_conversation_id_sender_id_client_id",
        "messages",
        ["conversation_id", "sender_id", "client_id"],
        unique=True,
        postgresql_where=sa.text("client_id IS NOT NULL"),
    )
    op.create_index(
        "uq_messages_conversation_id_seq", "messages", ["conversation_id", "seq"], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_messages_conversation_id_seq", table_name="messages")
    op.drop_index(
        "uq_messages_conversation_id_sender_id_client_id",
        table_name="messages",
        postgresql_where=sa.text("client_id IS NOT NULL"),
    )
    op.drop_table("messages")
    op.drop_index(
        "ix_conversation_members_user_id_conversation_id", table_name="conversation_members"
    )
    op.drop_table("conversation_members")
    op.drop_index(
        "uq_conversations_direct_pair",
        table_name="conversations",
        postgresql_where=sa.text("type = 'direct'"),
    )
    op.drop_table("conversations")
    sa.Enum(name="member_role").drop(op.get_bind(), checkfirst=True)
    sa.Enum(name="conversation_type").drop(op.get_bind(), checkfirst=True)
