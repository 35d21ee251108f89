"""Running Alembic from code (``quad migrate``, ``quad serve`` and the test suite)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from quad.core.config import REPO_ROOT


def alembic_config(database_url: str) -> Config:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    # The caller has configured logging already; alembic.ini's would replace it.
    config.attributes["configure_logger"] = False
    return config


def upgrade_to_head(database_url: str) -> None:
    """Brings the schema (and seed data) to the newest revision. Safe to run repeatedly."""
    command.upgrade(alembic_config(database_url), "head")
