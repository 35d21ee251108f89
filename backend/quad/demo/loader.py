"""Writing a demo population with COPY: one statement per table, no ORM, no per-row round trip.

Generated columns (users.name_key, course_key, interest_keys) are left to PostgreSQL, as
for any other insert; every constraint and foreign key is checked as usual.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg  # type: ignore[import-untyped]  # no stubs; COPY is all we use

from quad.demo.chats import DemoChats
from quad.demo.graph import SocialGraph
from quad.demo.people import DemoStudent, DemoUniversity

# One demo seeding at a time per database: each run numbers its e-mails after the last.
_LOCK = "quad.demo.seed"

# The number at the end of a demo e-mail's local part ("ada.lovelace.42@ox.ac.uk").
# Nine digits at most, so any address an earlier run could have made is counted.
_NUMBER = r"\.(\d{1,9})@"


async def lock_demo_seeding(connection: asyncpg.Connection) -> None:
    """Held until the transaction ends: a concurrent run waits, then numbers after this one."""
    await connection.execute("SELECT pg_advisory_xact_lock(hashtext($1))", _LOCK)


async def next_demo_number(connection: asyncpg.Connection) -> int:
    """One more than the largest ``.N@`` ending of any e-mail in the database.

    Demo e-mails end in ``.N@domain`` with N from here on, so none can equal an existing
    address: an existing one of that shape has a smaller N, and no other shape matches.
    """
    largest = await connection.fetchval(
        "SELECT max((regexp_match(email, $1))[1]::bigint) FROM users", _NUMBER
    )
    return int(largest or 0) + 1


async def universities_with_domains(
    connection: asyncpg.Connection,
) -> list[tuple[uuid.UUID, str, str, list[str]]]:
    rows = await connection.fetch(
        "SELECT id, name, country, domains FROM universities WHERE cardinality(domains) > 0"
    )
    return [(row["id"], row["name"], row["country"], list(row["domains"])) for row in rows]


@dataclass(frozen=True, slots=True)
class _Deferred:
    """Indexes and foreign keys set aside for a bulk load, to be rebuilt after it."""

    indexes: list[str]  # CREATE INDEX statements
    foreign_keys: list[tuple[str, str, str]]  # (table, constraint name, definition)


async def defer_indexes(connection: asyncpg.Connection, tables: tuple[str, ...]) -> _Deferred:
    """Drops the tables' foreign keys and the indexes that back no constraint, keeping
    their exact definitions (from the catalog) to rebuild them with ``rebuild``.

    pg_restore's order: loading rows into bare tables, then building each index in one
    sorted pass and checking each foreign key with one join, is many times faster than
    maintaining them row by row (measured: a million friendships in about 12 s instead of
    over 2 minutes). Done inside the caller's transaction, so other sessions never see the
    tables without them; the drops hold the tables' locks until it commits.
    """
    foreign_keys = await connection.fetch(
        """
        SELECT conrelid::regclass::text AS table_name, conname,
               pg_get_constraintdef(oid) AS definition
        FROM pg_constraint
        WHERE contype = 'f' AND conrelid = ANY($1::regclass[])
        ORDER BY conrelid::regclass::text, conname
        """,
        list(tables),
    )
    indexes = await connection.fetch(
        """
        SELECT indexrelid::regclass::text AS index_name,
               pg_get_indexdef(indexrelid) AS definition
        FROM pg_index
        WHERE indrelid = ANY($1::regclass[])
          AND NOT EXISTS (SELECT FROM pg_constraint WHERE conindid = indexrelid)
        ORDER BY indexrelid::regclass::text
        """,
        list(tables),
    )
    for row in foreign_keys:
        await connection.execute(
            f"ALTER TABLE {row['table_name']} DROP CONSTRAINT {_quoted(row['conname'])}"
        )
    for row in indexes:
        await connection.execute(f"DROP INDEX {row['index_name']}")
    return _Deferred(
        indexes=[row["definition"] for row in indexes],
        foreign_keys=[(r["table_name"], r["conname"], r["definition"]) for r in foreign_keys],
    )


async def rebuild(connection: asyncpg.Connection, deferred: _Deferred) -> None:
    """Recreates what ``defer_indexes`` dropped, exactly; unique indexes and foreign keys
    check every row as they are built, so a bad row still fails the whole run."""
    # Index builds sort in memory rather than on disk (a setting any user may raise).
    await connection.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for statement in deferred.indexes:
        await connection.execute(statement)
    for table, name, definition in deferred.foreign_keys:
        await connection.execute(f"ALTER TABLE {table} ADD CONSTRAINT {_quoted(name)} {definition}")


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


async def count_rows(connection: asyncpg.Connection, table: str) -> int:
    """The planner's estimate: instant, and close enough to choose how to load."""
    estimate = await connection.fetchval(
        "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = $1::regclass", table
    )
    return int(estimate or 0)


async def copy_students(
    connection: asyncpg.Connection,
    students: list[DemoStudent],
    universities: list[DemoUniversity],
    password_hash: str,
) -> None:
    def records() -> Iterator[tuple[object, ...]]:
        for s in students:
            verified_at = s.created_at + timedelta(minutes=3) if s.email_verified else None
            yield (
                s.id,
                s.email,
                password_hash,
                s.first_name,
                s.last_name,
                universities[s.university].id,
                s.course,
                s.bio,
                s.interests,
                verified_at,
                s.created_at,
                verified_at or s.created_at,
            )

    await connection.copy_records_to_table(
        "users",
        records=records(),
        columns=(
            "id",
            "email",
            "password_hash",
            "first_name",
            "last_name",
            "university_id",
            "course",
            "bio",
            "interests",
            "email_verified_at",
            "created_at",
            "updated_at",
        ),
    )


async def copy_friendships(
    connection: asyncpg.Connection, students: list[DemoStudent], graph: SocialGraph
) -> None:
    def records() -> Iterator[tuple[uuid.UUID, uuid.UUID, datetime]]:
        for (a, b), created_at in zip(graph.friendships, graph.friendship_times, strict=True):
            first, second = students[a].id, students[b].id
            # Stored in the canonical order the table's CHECK demands: the smaller id first
            # (PostgreSQL and Python order UUIDs alike, byte by byte).
            yield (first, second, created_at) if first < second else (second, first, created_at)

    await connection.copy_records_to_table(
        "friendships", records=records(), columns=("user_a_id", "user_b_id", "created_at")
    )


async def copy_requests(
    connection: asyncpg.Connection,
    students: list[DemoStudent],
    graph: SocialGraph,
    ids: Iterator[uuid.UUID],
) -> None:
    records = [
        (next(ids), students[a].id, students[b].id, "pending", created_at)
        for (a, b), created_at in zip(graph.requests, graph.request_times, strict=True)
    ]
    await connection.copy_records_to_table(
        "friend_requests",
        records=records,
        columns=("id", "from_user_id", "to_user_id", "status", "created_at"),
    )


async def copy_blocks(
    connection: asyncpg.Connection, students: list[DemoStudent], graph: SocialGraph
) -> None:
    records = [(students[a].id, students[b].id) for a, b in graph.blocks]
    await connection.copy_records_to_table(
        "blocks", records=records, columns=("blocker_id", "blocked_id")
    )


async def analyze(connection: asyncpg.Connection, tables: tuple[str, ...]) -> None:
    """Fresh statistics, so the first queries after a large seed are planned for its size."""
    await connection.execute(f"ANALYZE {', '.join(tables)}")


async def vacuum(connection: asyncpg.Connection, tables: tuple[str, ...]) -> None:
    """After the commit (outside a transaction): marks the new rows visible to all in the
    tables' visibility maps, as autovacuum would have long since for rows this old. Until
    then every index-only scan also reads the table: the mutual-friend counts on each
    notification pushed took twice as long (0.091 against 0.047 ms a row, four times the
    pages) for the first minutes after seeding, the whole of a benchmark's run."""
    await connection.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")


async def copy_chats(
    connection: asyncpg.Connection, students: list[DemoStudent], chats: DemoChats
) -> None:
    """Conversations, their members (all read up to the newest message) and their history."""

    def conversations() -> Iterator[tuple[object, ...]]:
        for c in chats.conversations:
            kind: str = "group"
            pair: tuple[uuid.UUID | None, ...] = (None, None)
            if c.name is None:  # a direct chat names its pair, the smaller id first
                kind, pair = "direct", tuple(sorted(students[m].id for m in c.members))
            yield (c.id, kind, c.name, *pair, len(c.messages), c.created_at, c.updated_at)

    def members() -> Iterator[tuple[object, ...]]:
        for c in chats.conversations:
            for position, m in enumerate(c.members):
                role = "admin" if c.name is not None and position == 0 else "member"
                yield (c.id, students[m].id, role, c.created_at, len(c.messages))

    def messages() -> Iterator[tuple[object, ...]]:
        for c in chats.conversations:
            for message in c.messages:
                sender = students[message.sender].id
                yield (c.id, message.seq, sender, message.body, message.created_at)

    await connection.copy_records_to_table(
        "conversations",
        records=conversations(),
        columns=(
            "id",
            "type",
            "name",
            "direct_user_a_id",
            "direct_user_b_id",
            "last_seq",
            "created_at",
            "updated_at",
        ),
    )
    await connection.copy_records_to_table(
        "conversation_members",
        records=members(),
        columns=("conversation_id", "user_id", "role", "joined_at", "last_read_seq"),
    )
    await connection.copy_records_to_table(
        "messages",
        records=messages(),
        columns=("conversation_id", "seq", "sender_id", "body", "created_at"),
    )


async def copy_sessions(
    connection: asyncpg.Connection, sessions: list[tuple[uuid.UUID, uuid.UUID]], now: datetime
) -> None:
    """One login session per ``(session id, user id)``, as logging in opens one."""
    await connection.copy_records_to_table(
        "auth_sessions",
        records=[(sid, uid, now, "quad seed-demo") for sid, uid in sessions],
        columns=("id", "user_id", "created_at", "user_agent"),
    )
