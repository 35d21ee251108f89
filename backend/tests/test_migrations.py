"""Migrations on a brand-new database: up from empty, in step with the models, down and up."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import anyio.to_thread
import asyncpg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from quad.core.migrations import alembic_config
from quad.models import Base
from tests.conftest import POSTGRES_ADMIN_URL

# Alembic's env.py runs its own event loop (asyncio.run), so commands run in a worker thread.


async def upgrade(url: str, revision: str = "head") -> None:
    await anyio.to_thread.run_sync(command.upgrade, alembic_config(url), revision)


async def downgrade(url: str, revision: str) -> None:
    await anyio.to_thread.run_sync(command.downgrade, alembic_config(url), revision)


@pytest.fixture
async def empty_database() -> AsyncIterator[str]:
    """A database of its own, created empty and dropped at the end; yields its asyncpg URL."""
    name = f"quad_migrations_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+asyncpg://", 1)


async def tables(url: str) -> set[str]:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {row["tablename"] for row in rows}
    finally:
        await connection.close()


async def fetchval(url: str, query: str) -> Any:
    connection = await asyncpg.connect(url)
    try:
        return await connection.fetchval(query)
    finally:
        await connection.close()


async def schema_differences(url: str) -> list[Any]:
    def compare(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(
            connection,
            opts={
                "target_metadata": Base.metadata,
                "compare_type": True,
                "compare_server_default": True,
            },
        )
        return list(compare_metadata(context, Base.metadata))

    engine = create_async_engine(sqlalchemy_url(url))
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(compare)
    finally:
        await engine.dispose()


async def test_upgrade_from_empty_to_head_builds_the_schema_and_seeds(
    empty_database: str,
) -> None:
    await upgrade(sqlalchemy_url(empty_database))

    assert {"universities", "users", "auth_sessions", "refresh_tokens", "account_tokens"} <= (
        await tables(empty_database)
    )
    assert await fetchval(empty_database, "SELECT count(*) FROM universities") >= 10_000


async def test_the_migrated_schema_matches_the_models(empty_database: str) -> None:
    await upgrade(sqlalchemy_url(empty_database))

    assert await schema_differences(empty_database) == []


async def test_downgrade_to_base_then_upgrade_again(empty_database: str) -> None:
    url = sqlalchemy_url(empty_database)
    await upgrade(url)

    await downgrade(url, "base")

    assert await tables(empty_database) == {"alembic_version"}
    assert await fetchval(empty_database, "SELECT count(*) FROM alembic_version") == 0
    assert (
        await fetchval(
            empty_database, "SELECT count(*) FROM pg_type WHERE typname = 'account_token_purpose'"
        )
        == 0
    )

    await upgrade(url)

    assert await fetchval(empty_database, "SELECT count(*) FROM universities") >= 10_000
    assert await schema_differences(empty_database) == []


async def test_upgrading_a_database_at_head_again_changes_nothing(empty_database: str) -> None:
    url = sqlalchemy_url(empty_database)
    await upgrade(url)
    before = await fetchval(empty_database, "SELECT count(*) FROM universities")

    await upgrade(url)

    assert await fetchval(empty_database, "SELECT count(*) FROM universities") == before
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    assert await fetchval(empty_database, "SELECT version_num FROM alembic_version") == head
