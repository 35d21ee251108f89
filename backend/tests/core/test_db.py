"""asyncpg used directly on a hot path answers a lost connection as SQLAlchemy would."""

from __future__ import annotations

import asyncpg  # type: ignore[import-untyped]
import pytest
from fastapi import FastAPI
from sqlalchemy import literal, select, text
from sqlalchemy.exc import InterfaceError

from quad.core.db import Database, DriverStatement, fetch_on_session

ONE = DriverStatement.compile(select(literal(1).label("one")))


async def test_a_connection_lost_under_fetch_on_session_is_an_outage_and_is_replaced(
    app: FastAPI, db: asyncpg.Connection
) -> None:
    database: Database = app.state.resources.database
    async with database.sessionmaker() as session:
        pid = await session.scalar(text("SELECT pg_backend_pid()"))
        # Returns once the backend is gone (or after 5 s, false).
        assert await db.fetchval("SELECT pg_terminate_backend($1, 5000)", pid)

        with pytest.raises(InterfaceError) as lost:  # answered 503, not 500
            await fetch_on_session(session, ONE, {})
        assert lost.value.connection_invalidated

    async with database.sessionmaker() as session:
        assert [record["one"] for record in await fetch_on_session(session, ONE, {})] == [1]
