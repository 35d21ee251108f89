"""``quad seed-demo``: realistic demo students and their social graph, fast.

Students are made in memory from a seeded random generator (quad.demo.people,
quad.demo.graph), then written with COPY in one transaction (quad.demo.loader), all
sharing one bcrypt hash of the demo password. A run either adds everything or nothing.

Each run adds new students: their e-mails are numbered after any already in the database,
so running it twice gives twice as many, and never fails on a taken address. The same
``seed`` gives the same students and graph (names, universities, courses, interests,
friendships), so benchmarks over a fresh database are repeatable.

Conversations (quad.demo.chats) follow the friendships: direct chats between friends and
groups of 3 to 50, each with a short history. With a token signer, every student also gets
a login session and an access token, so a load generator connects thousands of students
without a bcrypt check each (``quad seed-demo --tokens FILE``).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import anyio.to_thread
import asyncpg  # type: ignore[import-untyped]  # no stubs; COPY is all we use
import bcrypt
import orjson
from sqlalchemy.engine import make_url

from quad.core.config import Settings
from quad.core.security import AccessTokenCodec
from quad.demo import loader
from quad.demo.chats import DemoChats, make_chats
from quad.demo.graph import SocialGraph, make_social_graph
from quad.demo.people import (
    DemoStudent,
    DemoUniversity,
    make_students,
    pick_universities,
    random_uuid4_int,
)

DEMO_PASSWORD = "quad-demo-password"  # noqa: S105 (demo accounts, printed on purpose)
DEFAULT_SEED = 20261124
DEFAULT_FRIENDS_PER_STUDENT = 20.0
DEFAULT_DIRECT_CHATS_PER_STUDENT = 2.0
DEFAULT_GROUPS_PER_STUDENT = 0.05
DEFAULT_HISTORY = 5


@dataclass(frozen=True, slots=True)
class DemoWorld:
    """What a run made, by index: the graph's pairs index ``students``."""

    universities: list[DemoUniversity]
    students: list[DemoStudent]
    graph: SocialGraph
    chats: DemoChats
    # Each student's access token, by index, when the run was asked to sign them in.
    access_tokens: list[str] | None = None


@dataclass(slots=True)
class SeedReport:
    students: int = 0
    friendships: int = 0
    pending_requests: int = 0
    blocks: int = 0
    direct_chats: int = 0
    groups: int = 0
    messages: int = 0
    max_friends: int = 0
    rebuilt_indexes: bool = False  # bulk load: indexes and foreign keys built after the rows
    seconds: dict[str, float] = field(default_factory=dict)  # per step, in order

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    @property
    def average_friends(self) -> float:
        return 2 * self.friendships / self.students if self.students else 0.0

    def summary(self, world: DemoWorld) -> str:
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.seconds.items())
        verified = (
            s.email
            for s in world.students
            if s.email_verified
            and s.email.endswith("@" + world.universities[s.university].email_domain)
        )
        examples = ", ".join(itertools.islice(verified, 3))
        return (
            f"Seeded {self.students:,} demo students in {self.total_seconds:.1f} s "
            f"(password {DEMO_PASSWORD!r}).\n"
            f"  friendships       {self.friendships:>11,}  ({self.average_friends:.1f} friends "
            f"per student on average, {self.max_friends:,} at most)\n"
            f"  pending requests  {self.pending_requests:>11,}\n"
            f"  blocks            {self.blocks:>11,}\n"
            f"  direct chats      {self.direct_chats:>11,}\n"
            f"  groups            {self.groups:>11,}\n"
            f"  messages          {self.messages:>11,}\n"
            f"  time: {steps}\n"
            f"  log in as, for example: {examples or '-'}\n"
        )


class _Stopwatch:
    def __init__(self, report: SeedReport) -> None:
        self.report = report
        self.started = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.report.seconds[step] = self.report.seconds.get(step, 0.0) + now - self.started
        self.started = now


# Tables a run writes. From BULK_FROM new students on, when they are at least half as many
# as those already there, each group's indexes and foreign keys are rebuilt after its rows
# are in, instead of maintained row by row (quad.demo.loader.defer_indexes).
USERS = ("users",)
GRAPH = ("friendships", "friend_requests", "blocks")
CHATS = ("conversations", "conversation_members", "messages")
BULK_FROM = 5_000


async def populate(
    database_url: str,
    *,
    users: int,
    seed: int = DEFAULT_SEED,
    friends_per_student: float = DEFAULT_FRIENDS_PER_STUDENT,
    direct_chats_per_student: float = DEFAULT_DIRECT_CHATS_PER_STUDENT,
    groups_per_student: float = DEFAULT_GROUPS_PER_STUDENT,
    history: int = DEFAULT_HISTORY,
    bcrypt_rounds: int = 12,
    rebuild_indexes: bool | None = None,
    sign_in: AccessTokenCodec | None = None,
) -> tuple[DemoWorld, SeedReport]:
    """Adds ``users`` demo students with friendships, pending requests, a few blocks, and
    conversations with a short history, in one transaction. Needs a migrated database (the
    universities come from it). With ``sign_in``, each student also gets a login session and
    an access token it signs (``DemoWorld.access_tokens``).

    ``rebuild_indexes``: load into bare tables and rebuild indexes and foreign keys after;
    by default only for a large run (``BULK_FROM`` students or more) that adds at least
    half as many students as there are already."""
    report = SeedReport()
    clock = _Stopwatch(report)
    rng = random.Random(seed)  # noqa: S311 (the same demo for the same seed)
    now = datetime.now(UTC)
    hashing = asyncio.ensure_future(
        anyio.to_thread.run_sync(
            lambda: bcrypt.hashpw(DEMO_PASSWORD.encode(), bcrypt.gensalt(bcrypt_rounds)).decode()
        )
    )
    connection = await asyncpg.connect(_asyncpg_dsn(database_url))
    try:
        async with connection.transaction():
            # A server holding the tables for long gets a clear error, not an endless wait.
            await connection.execute("SET LOCAL lock_timeout = '30s'")
            await loader.lock_demo_seeding(connection)
            first_number = await loader.next_demo_number(connection)
            available = await loader.universities_with_domains(connection)
            if not available:
                raise RuntimeError("No universities in the database: run `quad migrate` first.")
            existing = await loader.count_rows(connection, "users")
            clock.lap("read")

            universities = pick_universities(rng, available, users)
            students = await anyio.to_thread.run_sync(
                lambda: make_students(rng, universities, users, first_number=first_number, now=now)
            )
            password_hash = await hashing
            clock.lap("students")

            if rebuild_indexes is None:
                rebuild_indexes = users >= BULK_FROM and users * 2 >= existing
            report.rebuilt_indexes = rebuild_indexes
            bare_users = await loader.defer_indexes(connection, USERS) if rebuild_indexes else None
            bare_graph = await loader.defer_indexes(connection, GRAPH) if rebuild_indexes else None
            bare_chats = await loader.defer_indexes(connection, CHATS) if rebuild_indexes else None
            # PostgreSQL writes the students (and indexes them) while this process draws
            # their friendships: the two cores work at once.
            drawing = asyncio.ensure_future(
                anyio.to_thread.run_sync(
                    lambda: make_social_graph(
                        rng, students, friends_per_student=friends_per_student, now=now
                    )
                )
            )
            await loader.copy_students(connection, students, universities, password_hash)
            clock.lap("users")
            if bare_users is not None:
                await loader.rebuild(connection, bare_users)
            await loader.analyze(connection, USERS)
            clock.lap("users' indexes")
            graph = await drawing
            clock.lap("social graph")

            await loader.copy_friendships(connection, students, graph)
            clock.lap("friendships")
            await loader.copy_requests(
                connection, students, graph, _ids("requests", seed, first_number)
            )
            await loader.copy_blocks(connection, students, graph)
            clock.lap("requests and blocks")
            if bare_graph is not None:
                await loader.rebuild(connection, bare_graph)
            await loader.analyze(connection, GRAPH)
            clock.lap("graph's indexes")

            chats = make_chats(
                rng,
                students,
                graph,
                direct_chats_per_student=direct_chats_per_student,
                groups_per_student=groups_per_student,
                history=history,
                now=now,
                ids=_ids("conversations", seed, first_number),
            )
            clock.lap("chats drawn")
            await loader.copy_chats(connection, students, chats)
            if bare_chats is not None:
                await loader.rebuild(connection, bare_chats)
            await loader.analyze(connection, CHATS)
            clock.lap("chats")

            access_tokens = None
            if sign_in is not None:
                sessions = [(uuid.uuid4(), s.id) for s in students]
                await loader.copy_sessions(connection, sessions, now)
                access_tokens = [sign_in.issue(uid, sid, now) for sid, uid in sessions]
                clock.lap("sessions")
        clock.lap("commit")
        await loader.vacuum(connection, USERS + GRAPH + CHATS)
        clock.lap("vacuum")
    except asyncpg.exceptions.LockNotAvailableError as exc:
        raise RuntimeError(
            "The demo tables stayed busy for 30 s (a long transaction?); try again."
        ) from exc
    finally:
        hashing.cancel()
        await connection.close()

    world = DemoWorld(universities, students, graph, chats, access_tokens)
    report.students = len(students)
    report.direct_chats = chats.directs
    report.groups = chats.groups
    report.messages = chats.messages
    report.friendships = len(graph.friendships)
    report.pending_requests = len(graph.requests)
    report.blocks = len(graph.blocks)
    degrees = [0] * len(students)
    for a, b in graph.friendships:
        degrees[a] += 1
        degrees[b] += 1
    report.max_friends = max(degrees, default=0)
    return world, report


def _ids(kind: str, seed: int, first_number: int) -> Iterator[uuid.UUID]:
    """Ids of ``kind`` for one run: the same for the same seed, new for each run's numbers."""
    rng = random.Random(f"{kind}:{seed}:{first_number}")  # noqa: S311 (ids, not secrets)
    while True:
        yield uuid.UUID(int=random_uuid4_int(rng))


def _asyncpg_dsn(database_url: str) -> str:
    """The application's SQLAlchemy URL (``postgresql+asyncpg://``) as asyncpg takes it."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def seed_demo(
    database_url: str,
    settings: Settings,
    *,
    users: int,
    seed: int = DEFAULT_SEED,
    friends_per_student: float = DEFAULT_FRIENDS_PER_STUDENT,
    direct_chats_per_student: float = DEFAULT_DIRECT_CHATS_PER_STUDENT,
    groups_per_student: float = DEFAULT_GROUPS_PER_STUDENT,
    history: int = DEFAULT_HISTORY,
    tokens_file: Path | None = None,
) -> SeedReport:
    """The ``quad seed-demo`` command: seeds, then prints what it made and how long it took.
    With ``tokens_file``, writes each student's access token there (JSON lines of
    ``user_id``, ``email``, ``access_token``; readable by the owner only)."""
    world, report = asyncio.run(
        populate(
            database_url,
            users=users,
            seed=seed,
            friends_per_student=friends_per_student,
            direct_chats_per_student=direct_chats_per_student,
            groups_per_student=groups_per_student,
            history=history,
            bcrypt_rounds=settings.bcrypt_rounds,
            sign_in=AccessTokenCodec(settings) if tokens_file is not None else None,
        )
    )
    if tokens_file is not None and world.access_tokens is not None:
        lines = (
            orjson.dumps({"user_id": str(s.id), "email": s.email, "access_token": token})
            for s, token in zip(world.students, world.access_tokens, strict=True)
        )
        # Credentials: created for the owner alone, before anything is written.
        descriptor = os.open(tokens_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "wb") as out:
            out.write(b"\n".join(lines) + b"\n")
    sys.stdout.write(report.summary(world))
    if tokens_file is not None:
        sys.stdout.write(f"  access tokens: {tokens_file}\n")
    return report
