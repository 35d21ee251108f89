"""Notifications count up in place: the list's indexes hold listed_at, not updated_at.

Revision ID: 0007_notifications_listed_at
Revises: 0006_notifications
Create Date: 2026-12-07 08:30:00+00:00

Every message counts up each recipient's unread ``new_message`` notification, which moves
its ``updated_at``. While ``updated_at`` was indexed, no such update could be HOT: each
added an entry to every index of the table (five), and left as many behind to vacuum. The
list's indexes now hold ``listed_at``, a generated column that is ``updated_at`` except
while a ``new_message`` counts up unread (NULL), so counting up changes no indexed column.
The table keeps room on each page for a row's newer versions (fillfactor).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_notifications_listed_at"
down_revision: str | None = "0006_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LISTED_AT = "CASE WHEN type = 'new_message' AND read_at IS NULL THEN NULL ELSE updated_at END"
UNREAD_LISTED = "read_at IS NULL AND listed_at IS NOT NULL"


def upgrade() -> None:
    op.add_column(
        "notifications",
        sa.Column(
            "listed_at",
            sa.DateTime(timezone=True),
            sa.Computed(LISTED_AT, persisted=True),
            nullable=True,
        ),
    )
    op.drop_index("ix_notifications_user_id_updated_at", table_name="notifications")
    op.drop_index(
        "ix_notifications_unread_user_id_updated_at",
        table_name="notifications",
        postgresql_where=sa.text("read_at IS NULL"),
    )
    op.create_index(
        "ix_notifications_user_id_listed_at",
        "notifications",
        ["user_id", "listed_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_notifications_unread_user_id_listed_at",
        "notifications",
        ["user_id", "listed_at", "id"],
        unique=False,
        postgresql_where=sa.text(UNREAD_LISTED),
    )
    # New pages keep the room; the rows already there move as they are next written.
    op.execute("ALTER TABLE notifications SET (fillfactor = 70)")


def downgrade() -> None:
    op.execute("ALTER TABLE notifications RESET (fillfactor)")
    op.drop_index(
        "ix_notifications_unread_user_id_listed_at",
        table_name="notifications",
        postgresql_where=sa.text(UNREAD_LISTED),
    )
    op.drop_index("ix_notifications_user_id_listed_at", table_name="notifications")
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
    op.drop_column("notifications", "listed_at")
