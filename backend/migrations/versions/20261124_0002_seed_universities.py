"""Seed the world universities list (idempotent: re-running upserts the same rows).

Revision ID: 0002_seed_universities
Revises: 0001_accounts
Create Date: 2026-11-24 22:20:00+00:00
"""

from collections.abc import Sequence

from alembic import op

from quad.universities.seed import seed_universities

revision: str = "0002_seed_universities"
down_revision: str | None = "0001_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    seed_universities(op.get_bind())


def downgrade() -> None:
    # Students reference universities; the seeded rows go with the table in 0001's downgrade.
    pass
