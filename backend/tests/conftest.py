"""Test configuration: real PostgreSQL, Redis, SMTP (aiosmtpd) and S3 (moto server).

A fresh database is created for the session and migrated with Alembic; after each test every
table but the seeded universities is truncated, so tests see only what they made. Each test
gets its own app (with its lifespan run), talking to the real services.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from quad.core.config import Settings
from quad.core.migrations import upgrade_to_head
from quad.main import create_app

if TYPE_CHECKING:
    from tests.fixtures.smtp import Mailbox

pytest_plugins = ["tests.fixtures.smtp", "tests.fixtures.s3", "tests.fixtures.live"]

POSTGRES_ADMIN_URL = os.environ.get(
    "QUAD_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("QUAD_TEST_REDIS", "redis://127.0.0.1:6379/15")
TEST_JWT_SECRET = "test-secret-" + "x" * 40

# Seeded data the tests leave alone.
_KEEP_TABLES = {"universities", "alembic_version"}


async def _admin_execute(statement: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _asyncpg_url(database: str) -> str:
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{database}"


@pytest.fixture(scope="session")
def database_name() -> Iterator[str]:
    """A fresh database for this test session, migrated from empty to head."""
    name = f"quad_test_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin_execute(f'CREATE DATABASE "{name}"'))
    try:
        upgrade_to_head(_asyncpg_url(name).replace("postgresql://", "postgresql+asyncpg://"))
        yield name
    finally:
        asyncio.run(_admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def database_url(database_name: str) -> str:
    return _asyncpg_url(database_name).replace("postgresql://", "postgresql+asyncpg://")


@pytest.fixture(scope="session")
async def db(database_name: str) -> AsyncIterator[asyncpg.Connection]:
    """A raw connection for tests that look at rows directly."""
    connection = await asyncpg.connect(_asyncpg_url(database_name))
    yield connection
    await connection.close()


@pytest.fixture
async def fresh_tables(db: asyncpg.Connection) -> AsyncIterator[None]:
    """After the test, empties every table but the seeded universities."""
    yield
    await empty_tables(db)


async def empty_tables(connection: asyncpg.Connection) -> None:
    """Empties every table but the seeded universities."""
    tables = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    names = [f'"{row["tablename"]}"' for row in tables if row["tablename"] not in _KEEP_TABLES]
    if names:
        await connection.execute(f"TRUNCATE {', '.join(names)} CASCADE")


@pytest.fixture
def settings(database_url: str, mailbox: Mailbox, tmp_path: Path) -> Settings:
    """Settings of a test app: test database, test SMTP server, media in a temp folder."""
    return make_settings(database_url, mailbox, tmp_path)


def make_settings(
    database_url: str, mailbox: Mailbox, tmp_path: Path, /, **overrides: Any
) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "redis_url": None,
        "data_dir": tmp_path / "data",
        "media_dir": tmp_path / "media",
        "web_dist_dir": tmp_path / "no-web-app",
        "jwt_secret": TEST_JWT_SECRET,
        "frontend_url": "http://localhost:3000",
        "public_url": "http://testserver",
        "smtp_host": mailbox.host,
        "smtp_port": mailbox.port,
        "smtp_tls": "none",
        "bcrypt_rounds": 4,  # the cost is a setting; tests need speed, not strength
        "log_format": "text",
        "s3_bucket": None,
    }
    values.update(overrides)
    return Settings(**values)


AppFactory = Callable[..., Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def make_client(
    database_url: str, mailbox: Mailbox, tmp_path: Path, fresh_tables: None
) -> AsyncIterator[AppFactory]:
    """Builds an app with setting overrides, runs its lifespan, returns an HTTP client."""
    async with contextlib.AsyncExitStack() as stack:

        async def factory(**overrides: Any) -> httpx.AsyncClient:
            app = create_app(make_settings(database_url, mailbox, tmp_path, **overrides))
            await stack.enter_async_context(app.router.lifespan_context(app))
            client = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://testserver"
            )
            await stack.enter_async_context(client)
            client.app = app  # type: ignore[attr-defined]
            return client

        yield factory


@pytest.fixture
async def client(make_client: AppFactory) -> httpx.AsyncClient:
    """An HTTP client of a test app with default test settings."""
    return await make_client()


@pytest.fixture
def app(client: httpx.AsyncClient) -> FastAPI:
    application: FastAPI = client.app  # type: ignore[attr-defined]
    return application
