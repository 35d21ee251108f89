"""The send path's database side alone: B's mix of messages, committed in batches straight to
PostgreSQL, by one or more writers at once (as the server processes' writers do).

    make bench-writer                                   # from the top: 2 writers, 20 s
    uv run python ../bench/writer.py --writers 1 --batch 128 --seconds 10   # from backend/

No server, no WebSocket, no generator: each writer is a loop on an asyncpg connection that
builds a batch of ``--batch`` messages (each from a random student to one of their
conversations, as bench/chat.py's students choose), and sends it as the server's writer does
(``begin_batch``, ``send_messages``, COMMIT). What it reports is how many messages a second
the database side of sending can take with the cores to itself, and where a batch's time
goes: waiting for the other writers' locks, the sending statement (with its answer decoded),
the commit. A batch's time in ``bench/chat.py``'s B beyond these figures is the server's
event loop, not PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
import uuid
from dataclasses import dataclass, field

import asyncpg  # type: ignore[import-untyped]
from harness import fresh_database, say

from quad.chat.repository import NewMessage, begin_batch, send_messages
from quad.chat.writer import MAX_BATCH
from quad.demo import DEFAULT_SEED, populate


@dataclass
class Timings:
    """Per batch: messages, and seconds spent locking, sending and committing."""

    batches: list[tuple[int, float, float, float]] = field(default_factory=list)
    incomplete: int = 0

    def line(self, seconds: float) -> str:
        count = len(self.batches) or 1
        messages = sum(batch[0] for batch in self.batches)
        lock, send, commit = (
            1000 * sum(batch[i] for batch in self.batches) / count for i in (1, 2, 3)
        )
        return (
            f"{messages / seconds:,.0f} messages/s in {len(self.batches)} batches; per batch: "
            f"lock {lock:.1f} ms, send {send:.1f} ms, commit {commit:.1f} ms"
            + (f"; {self.incomplete} rolled back" if self.incomplete else "")
        )


async def write(
    url: str,
    choices: list[tuple[uuid.UUID, uuid.UUID]],
    *,
    batch_size: int,
    until: float,
    seed: int,
    timings: Timings,
) -> None:
    """Commits batches until ``until`` (perf_counter), as the server's writer does."""
    rng = random.Random(seed)  # noqa: S311 (a load pattern, not a secret)
    connection = await asyncpg.connect(url)
    try:
        while time.perf_counter() < until:
            batch = [
                NewMessage(conversation, sender, "bench message", uuid.uuid4())
                for sender, conversation in (rng.choice(choices) for _ in range(batch_size))
            ]
            started = time.perf_counter()
            await begin_batch(connection, batch)
            locked = time.perf_counter()
            sent = await send_messages(connection, batch)
            answered = time.perf_counter()
            await connection.execute("COMMIT" if sent.complete else "ROLLBACK")
            committed = time.perf_counter()
            timings.batches.append(
                (len(batch), locked - started, answered - locked, committed - answered)
            )
            timings.incomplete += not sent.complete
    finally:
        await connection.close()


async def main(args: argparse.Namespace) -> None:
    async with fresh_database("quad_bench_writer") as database:
        world, report = await populate(
            database.sqlalchemy_url, users=args.users, seed=DEFAULT_SEED, bcrypt_rounds=4
        )
        say(
            f"seeded {report.students:,} students, {report.direct_chats:,} direct chats, "
            f"{report.groups:,} groups"
        )
        # Each student sends to one of their conversations at random, as in bench/chat.py:
        # the groups (3 to 50 members) are in about a third of the messages.
        theirs: dict[uuid.UUID, list[uuid.UUID]] = {}
        for conversation in world.chats.conversations:
            for member in conversation.members:
                theirs.setdefault(world.students[member].id, []).append(conversation.id)
        rng = random.Random(args.seed)  # noqa: S311
        choices = [(student, rng.choice(mine)) for student, mine in theirs.items()]
        for phase, seconds in (("warm-up", min(3.0, args.seconds)), ("run", args.seconds)):
            timings = Timings()
            until = time.perf_counter() + seconds
            await asyncio.gather(
                *(
                    write(
                        database.url,
                        choices,
                        batch_size=args.batch,
                        until=until,
                        seed=args.seed + n,
                        timings=timings,
                    )
                    for n in range(args.writers)
                )
            )
            writers = f"{args.writers} writer{'s' if args.writers > 1 else ''}"
            say(f"{phase}, {writers}, batches of {args.batch}: {timings.line(seconds)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=10_000, help="students seeded (B's)")
    parser.add_argument("--writers", type=int, default=2, help="writers at once (processes)")
    parser.add_argument("--batch", type=int, default=MAX_BATCH, help="messages a batch")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=1)
    asyncio.run(main(parser.parse_args()))
