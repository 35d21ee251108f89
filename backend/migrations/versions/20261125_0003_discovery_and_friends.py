"""Discovery and friends: folded search keys on users, friend requests, friendships, blocks.

Revision ID: 0003_friends
Revises: 0002_seed_universities
Create Date: 2026-11-25 13:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_friends"
down_revision: str | None = "0002_seed_universities"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Folding for search (quad.core.text_search). unaccent() itself is only STABLE (its rules
# file could change), so it cannot feed a generated column or an index directly; naming the
# dictionary makes the result depend on its arguments alone, which is what IMMUTABLE
# promises. Both names are schema-qualified so no search_path can change what they mean.
FOLD_TEXT = r"""
CREATE FUNCTION public.fold_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN lower(public.unaccent('public.unaccent'::regdictionary,
                             btrim(regexp_replace(value, '\s+', ' ', 'g'))))
"""
# One call of fold_text on the joined array, not one per element: a SQL function called
# per element costs about 60 µs a row, this about 15 (interests are trimmed and free of
# control characters, so the unit separator never occurs inside one).
FOLD_TEXT_ARRAY = r"""
CREATE FUNCTION public.fold_text_array(value text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
  RETURN string_to_array(
    regexp_replace(public.fold_text(array_to_string(value, E'\x1f')), E' ?\x1f ?', E'\x1f', 'g'),
    E'\x1f');
END
$$
"""


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute(FOLD_TEXT)
    op.execute(FOLD_TEXT_ARRAY)

    op.add_column(
        "users",
        sa.Column(
            "name_key",
            sa.Text(),
            sa.Computed("fold_text((first_name || ' '::text) || last_name)", persisted=True),
            nullable=False,
        ),
    )
    op.add_column(
        "users",
        sa.Column(
            "course_key",
            sa.Text(),
            sa.Computed("fold_text(course)", persisted=True),
            nullable=False,
        ),
    )
    op.add_column(
        "users",
        sa.Column(
            "interest_keys",
            sa.ARRAY(sa.Text()),
            sa.Computed("fold_text_array(interests)", persisted=True),
            nullable=False,
        ),
    )
    op.create_index("ix_users_name_key_id", "users", ["name_key", "id"])
    op.create_index(
        "ix_users_university_id_name_key_id", "users", ["university_id", "name_key", "id"]
    )
    op.create_index("ix_users_course_key_name_key_id", "users", ["course_key", "name_key", "id"])
    op.create_index(
        "ix_users_name_key_trgm",
        "users",
        ["name_key"],
        postgresql_using="gin",
        postgresql_ops={"name_key": "gin_trgm_ops"},
    )
    op.create_index("ix_users_interest_keys", "users", ["interest_keys"], postgresql_using="gin")
    op.create_index(
        "ix_users_university_id_course_key_created_at",
        "users",
        ["university_id", "course_key", "created_at"],
    )
    op.create_index("ix_users_university_id_created_at", "users", ["university_id", "created_at"])
    op.create_index("ix_users_course_key_created_at", "users", ["course_key", "created_at"])
    # The indexes above serve course autocomplete per university better than this one.
    op.drop_index("ix_users_university_id_course", table_name="users")

    op.create_table(
        "friend_requests",
        sa.Column("from_user_id", sa.Uuid(), nullable=False),
        sa.Column("to_user_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("pending", "accepted", "declined", "cancelled", name="friend_request_status"),
            server_default="pending",
            nullable=False,
        ),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "from_user_id <> to_user_id", name=op.f("ck_friend_requests_not_to_self")
        ),
        sa.ForeignKeyConstraint(
            ["from_user_id"],
            ["users.id"],
            name=op.f("fk_friend_requests_from_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_user_id"],
            ["users.id"],
            name=op.f("fk_friend_requests_to_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_friend_requests")),
    )
    op.create_index(
        "uq_friend_requests_pending_pair",
        "friend_requests",
        [
            sa.literal_column("least(from_user_id, to_user_id)"),
            sa.literal_column("greatest(from_user_id, to_user_id)"),
        ],
        unique=True,
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        "ix_friend_requests_incoming",
        "friend_requests",
        ["to_user_id", "created_at", "id"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        "ix_friend_requests_outgoing",
        "friend_requests",
        ["from_user_id", "created_at", "id"],
        postgresql_where=sa.text("status = 'pending'"),
    )

    op.create_table(
        "friendships",
        sa.Column("user_a_id", sa.Uuid(), nullable=False),
        sa.Column("user_b_id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("user_a_id < user_b_id", name=op.f("ck_friendships_canonical_order")),
        sa.ForeignKeyConstraint(
            ["user_a_id"],
            ["users.id"],
            name=op.f("fk_friendships_user_a_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_b_id"],
            ["users.id"],
            name=op.f("fk_friendships_user_b_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_a_id", "user_b_id", name=op.f("pk_friendships")),
    )
    op.create_index("ix_friendships_user_b_id_user_a_id", "friendships", ["user_b_id", "user_a_id"])

    op.create_table(
        "blocks",
        sa.Column("blocker_id", sa.Uuid(), nullable=False),
        sa.Column("blocked_id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("blocker_id <> blocked_id", name=op.f("ck_blocks_not_self")),
        sa.ForeignKeyConstraint(
            ["blocker_id"],
            ["users.id"],
            name=op.f("fk_blocks_blocker_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["blocked_id"],
            ["users.id"],
            name=op.f("fk_blocks_blocked_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("blocker_id", "blocked_id", name=op.f("pk_blocks")),
    )
    op.create_index("ix_blocks_blocked_id", "blocks", ["blocked_id"])


def downgrade() -> None:
    op.drop_table("blocks")
    op.drop_table("friendships")
    op.drop_table("friend_requests")
    sa.Enum(name="friend_request_status").drop(op.get_bind(), checkfirst=True)
    op.create_index(
        "ix_users_university_id_course",
        "users",
        ["university_id", sa.literal_column("lower(course)")],
    )
    for index in (
        "ix_users_course_key_created_at",
        "ix_users_university_id_created_at",
        "ix_users_university_id_course_key_created_at",
        "ix_users_interest_keys",
        "ix_users_name_key_trgm",
        "ix_users_course_key_name_key_id",
        "ix_users_university_id_name_key_id",
        "ix_users_name_key_id",
    ):
        op.drop_index(index, table_name="users")
    for column in ("interest_keys", "course_key", "name_key"):
        op.drop_column("users", column)
    op.execute("DROP FUNCTION public.fold_text_array(text[])")
    op.execute("DROP FUNCTION public.fold_text(text)")
    # unaccent stays: other objects of the database may use it, and it costs nothing idle.
