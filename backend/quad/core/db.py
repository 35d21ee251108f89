"""The database: the declarative base, the engine and sessions.

Services own transactions: they receive an ``AsyncSession`` and call ``commit()`` once per
state change. Repositories only add, flush and query.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, cast

import asyncpg  # type: ignore[import-untyped]  # no stubs; only its exception classes here
from sqlalchemy import DateTime, MetaData, Uuid, event, func, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DisconnectionError, InterfaceError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from quad.core.config import Settings

# Named constraints and indexes make migrations readable and diffable.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: DateTime(timezone=True),
        uuid.UUID: Uuid(as_uuid=True),
    }


class UUIDPrimaryKey:
    id: Mapped[uuid.UUID] = mapped_column(
        primary_key=True, default=uuid.uuid4, server_default=text("gen_random_uuid()")
    )


class CreatedAt:
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Timestamps(CreatedAt):
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


# pg_trgm's `<%` operator (indexed "is this word close to that text?") compares against a
# setting: its default, 0.6, misses one-letter typos in short words ("Oxfrod"); 0.3 finds
# them, and results are ranked nearest first anyway. Set on every connection.
TRIGRAM_SETTINGS = {"pg_trgm.word_similarity_threshold": "0.3"}

# PostgreSQL's default random_page_cost (4) prices a random read as a spinning disk would;
# on SSDs and with the working set in memory a random read costs about what a sequential
# one does. At 4 the planner reads a whole table rather than walk an index a few hundred
# rows deep to fill a LIMIT (discovery's candidate pools); 1.1 is the usual SSD value.
PLANNER_SETTINGS = {"random_page_cost": "1.1"}


@dataclass(frozen=True)
class Database:
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    # Sessions for a read of one statement, on the hot paths (a socket's token and friends,
    # the notifications a batch of messages wrote): no BEGIN before it and no ROLLBACK
    # after, two round trips of three. One statement is a transaction of its own, with the
    # snapshot it would have inside one (READ COMMITTED takes one per statement). Never for
    # writes: each statement would commit alone.
    reader: async_sessionmaker[AsyncSession]

    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessionmaker() as session:
            yield session

    @contextlib.asynccontextmanager
    async def driver_connection(self) -> AsyncIterator[Any]:
        """A pooled connection as asyncpg's own (``asyncpg.Connection``), for the hot paths
        that pipeline many executions of a statement in one round trip (``fetchmany``),
        which SQLAlchemy does not offer. The caller owns its transaction. A lost connection
        is dropped from the pool and raised as an outage (``InterfaceError``: 503)."""
        async with self.engine.connect() as connection:
            driver = (await connection.get_raw_connection()).driver_connection
            async with _lost_is_outage(connection):
                yield driver

    async def dispose(self) -> None:
        await self.engine.dispose()


async def fetch_on_session(
    session: AsyncSession, statement: DriverStatement, values: Mapping[str, Any]
) -> list[Any]:
    """``statement``'s rows (asyncpg records) on the session's own connection, in its
    transaction if it has one: for a hot path's read of many rows, which SQLAlchemy's result
    machinery would cost more than the rest of the work. A lost connection is an outage, as
    with ``Database.driver_connection``."""
    connection = await session.connection()
    driver: Any = (await connection.get_raw_connection()).driver_connection
    async with _lost_is_outage(connection):
        return cast(list[Any], await driver.fetch(statement.sql, *statement.arguments(values)))


@contextlib.asynccontextmanager
async def _lost_is_outage(connection: AsyncConnection) -> AsyncIterator[None]:
    """asyncpg used directly: its lost connection is dropped from the pool and raised as
    SQLAlchemy's would be (``InterfaceError``: 503)."""
    try:
        yield
    except _CONNECTION_ERRORS as exc:
        await connection.invalidate()
        raise InterfaceError(None, None, exc, connection_invalidated=True) from exc


_ASYNCPG = asyncpg_dialect()  # type: ignore[no-untyped-call]  # SQLAlchemy's own, untyped


@dataclass(frozen=True)
class DriverStatement:
    """A SQLAlchemy statement compiled once into asyncpg's SQL (``$1``, ``$2`` ...), for
    ``Database.driver_connection``: its values bound in order, constants included."""

    sql: str
    # Per position: the name of a value given at each execution, or None for a constant.
    _names: tuple[str | None, ...]
    _constants: tuple[Any, ...]

    @classmethod
    def compile(cls, statement: ClauseElement) -> DriverStatement:
        compiled = cast(SQLCompiler, statement.compile(dialect=_ASYNCPG))
        names: list[str | None] = []
        constants: list[Any] = []
        for name in compiled.positiontup or ():
            bind = compiled.binds[name]
            processor = bind.type.bind_processor(_ASYNCPG)
            if bind.required:
                if processor is not None and not _taken_as_is(bind.type):
                    raise TypeError(f"{name}: only values asyncpg takes as they are")
                names.append(name)
                constants.append(None)
            else:  # a literal of the statement, such as an enum member: bound as SQLAlchemy would
                names.append(None)
                constants.append(processor(bind.value) if processor else bind.value)
        return cls(str(compiled), tuple(names), tuple(constants))

    def arguments(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(
            constant if name is None else values[name]
            for name, constant in zip(self._names, self._constants, strict=True)
        )


def _taken_as_is(type_: Any) -> bool:
    """An array of values asyncpg takes as they are (a list of UUIDs, of strings) is one too:
    SQLAlchemy's processor would only copy it."""
    return isinstance(type_, ARRAY) and type_.item_type.bind_processor(_ASYNCPG) is None


def create_database(settings: Settings, url: str | None = None) -> Database:
    database_url = url or settings.database_url
    if database_url is None:
        raise RuntimeError("DATABASE_URL is not set and no embedded database was started.")
    engine = create_async_engine(
        database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        # A dead database must fail fast (503), never hang a request.
        pool_timeout=5,
        connect_args={
            "timeout": 5,
            "command_timeout": 30,
            "server_settings": TRIGRAM_SETTINGS | PLANNER_SETTINGS,
        },
    )
    event.listen(engine.sync_engine, "checkout", _refuse_closed_connections)
    event.listen(engine.sync_engine, "handle_error", _lost_connections_are_outages)
    return Database(
        engine=engine,
        sessionmaker=async_sessionmaker(engine, expire_on_commit=False, autoflush=False),
        reader=async_sessionmaker(
            engine.execution_options(isolation_level="AUTOCOMMIT"),
            expire_on_commit=False,
            autoflush=False,
        ),
    )


def _refuse_closed_connections(
    _dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
) -> None:
    """A pooled connection the server has closed (a restart, a failover) is replaced before
    use, for free: no ping round trip on every checkout, which would cost each request two
    more statements (``pool_pre_ping``).

    One that dies unnoticed fails its request as an outage (see
    ``_lost_connections_are_outages``); the next request connects afresh.
    """
    if record.driver_connection is None or record.driver_connection.is_closed():
        raise DisconnectionError("the database closed this pooled connection")


# asyncpg's errors about the connection itself, never about a statement: the connection is
# gone (class 08, such as ``ConnectionDoesNotExistError``), the server is shutting it down
# (57P01 to 57P03, not the statement timeout 57014 of the same class), the client cannot use
# it (``InterfaceError``), or its protocol met a message it was not waiting for, such as the
# server's "terminating connection" notice on an idle connection (``InternalClientError``).
_CONNECTION_ERRORS = (
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.InterfaceError,
    asyncpg.exceptions.InternalClientError,
)


def _lost_connections_are_outages(context: ExceptionContext) -> BaseException | None:
    """A statement that fails because its connection is lost is a disconnect: the pool
    replaces every connection opened before it, and the request is answered 503 (an
    ``InterfaceError``), never 500."""
    cause: BaseException | None = context.original_exception
    while cause is not None and not isinstance(cause, _CONNECTION_ERRORS):
        cause = cause.__cause__
    if cause is None or context.sqlalchemy_exception is None:
        return None
    context.is_disconnect = True
    lost = context.sqlalchemy_exception
    return InterfaceError(
        lost.statement,
        lost.params,
        context.original_exception,
        connection_invalidated=True,
    )
