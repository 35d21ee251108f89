"""The load generator's worker: one process holding a shard of the students' WebSockets.

The conductor (bench/chat.py) starts several of these (``multiprocessing``, spawned), so
generating the load is not bounded by one core, and talks to each over a pipe:

* ``connect``: open and authenticate this shard's sockets (each to its server), ramped;
* ``send``: send ``message.send`` frames at a rate for a while, open loop (each at its
  planned time, whatever the answers do), then wait until every send is answered and every
  delivery has arrived or a grace period passes;
* ``report``: what this shard saw since the last report; ``close``: drop every socket.

Latency is end to end: each message's body carries the monotonic clock at its send
(CLOCK_MONOTONIC is one clock for every process of the machine), and whichever shard holds
a recipient's socket reads it against its own clock on ``message.new``. Every delivery is
counted per message id and recipient, so the conductor can check the count against the
members of the conversation stored in PostgreSQL: lost and doubled, exactly.
"""

from __future__ import annotations

import array
import asyncio
import contextlib
import random
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import orjson
import uvloop
import wsclient
from wsclient import BenchSocket, HandshakeFailed

# A message.new frame starts so (quad.realtime.events.frame): the rest is parsed only then.
_READY = '{"type":"ready"'
_MESSAGE_NEW = '{"type":"message.new"'
_ACK = '{"type":"message.ack"'
_ERROR = '{"type":"error"'
_NOTIFICATION_NEW = '{"type":"notification.new"'
BODY_TAG = "bench"


@dataclass(frozen=True, slots=True)
class Student:
    index: int
    user_id: str
    token: str
    server: str  # ws://host:port of the process this student connects to
    conversations: tuple[str, ...]  # where they may send


@dataclass(slots=True)
class Tally:
    """What a shard saw since its last report; the conductor merges the shards' into one."""

    sent: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    latencies_ms: array.array[float] = field(default_factory=lambda: array.array("d"))
    # Deliveries of each message (by id) to distinct recipients, and repeats of one.
    delivered: Counter[str] = field(default_factory=Counter)
    doubled: int = 0
    acked: dict[str, str] = field(default_factory=dict)  # message id -> conversation id
    # Sockets closed while the shard held them (by the server: 1013 too far behind, 1012
    # the backplane lost...), by close code, and whose they were.
    closed: Counter[str] = field(default_factory=Counter)
    closed_students: set[int] = field(default_factory=set)
    # Attempts to open a socket that failed (and were tried again), by what went wrong.
    connect_failures: Counter[str] = field(default_factory=Counter)
    frames: int = 0  # every frame received
    notifications: int = 0  # notification.new frames among them

    @classmethod
    def merge(cls, tallies: Iterable[Tally]) -> Tally:
        merged = cls()
        for t in tallies:
            merged.sent += t.sent
            merged.errors.update(t.errors)
            merged.latencies_ms.extend(t.latencies_ms)
            merged.delivered.update(t.delivered)
            merged.doubled += t.doubled
            merged.acked.update(t.acked)
            merged.closed.update(t.closed)
            merged.closed_students |= t.closed_students
            merged.connect_failures.update(t.connect_failures)
            merged.frames += t.frames
            merged.notifications += t.notifications
        return merged


class Shard:
    def __init__(self, students: list[Student]) -> None:
        self.students = students
        self.user_ids = {s.index: s.user_id for s in students}
        self.sockets: dict[int, BenchSocket] = {}
        self.tally = Tally()
        self.closing = False
        # Who received which message: (message id, student index), to tell a repeat.
        self.seen: set[tuple[str, int]] = set()
        self.pending_acks = 0
        self.progress = asyncio.Event()

    # --- connections -----------------------------------------------------------------------

    async def connect(self, per_second: float, at_once: int) -> dict[str, Any]:
        """Opens every socket, ``per_second`` at most (a ramp, as students arrive) and
        ``at_once`` at most in flight: past what the servers can set up, more in flight only
        time out and come again, and the ramp would measure the retries."""
        started = time.perf_counter()
        interval = 1 / per_second
        in_flight = asyncio.Semaphore(at_once)
        opening: list[asyncio.Task[None]] = []

        async def open_one(student: Student) -> None:
            try:
                await self._open(student)
            finally:
                in_flight.release()

        for number, student in enumerate(self.students):
            delay = started + number * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            await in_flight.acquire()
            opening.append(asyncio.create_task(open_one(student)))
        await asyncio.gather(*opening)
        return {
            "connected": sorted(self.sockets),
            "failures": dict(self.tally.connect_failures),
            "seconds": time.perf_counter() - started,
        }

    async def _open(self, student: Student) -> None:
        index = student.index
        loop = asyncio.get_running_loop()
        for attempt in range(5):
            ready: asyncio.Future[None] = loop.create_future()

            def on_text(raw: str, ready: asyncio.Future[None] = ready) -> None:
                if ready.done():
                    self._receive(index, raw)
                elif raw.startswith(_READY):
                    ready.set_result(None)

            def on_close(code: int, ready: asyncio.Future[None] = ready) -> None:
                if not ready.done():
                    ready.set_exception(ConnectionClosedEarly(code))
                elif not ready.cancelled() and not self.closing:  # not an attempt given up
                    self._closed(index, code)

            socket: BenchSocket | None = None
            try:
                async with asyncio.timeout(60):
                    socket = await wsclient.connect(
                        student.server + "/api/v1/ws",
                        {"Authorization": f"Bearer {student.token}"},
                        on_text,
                        on_close,
                    )
                    await ready
            except (OSError, TimeoutError) as exc:
                if socket is not None:
                    socket.abort()
                self.tally.connect_failures[_reason(exc)] += 1
                await asyncio.sleep(0.5 * (attempt + 1))
                continue
            self.sockets[index] = socket
            return

    def _receive(self, index: int, raw: str) -> None:
        """A frame from the server to the student ``index``, as it arrives."""
        tally = self.tally  # a report starts a new one
        tally.frames += 1
        if raw.startswith(_MESSAGE_NEW):
            now = time.monotonic_ns()
            message = orjson.loads(raw)["message"]
            key = (message["id"], index)
            if key in self.seen:
                tally.doubled += 1
                return
            self.seen.add(key)
            tally.delivered[message["id"]] += 1
            tag, _, sent_ns = message["body"].partition(":")
            if tag == BODY_TAG and message["sender_id"] != self.user_ids[index]:
                tally.latencies_ms.append((now - int(sent_ns.split(":", 1)[0])) / 1e6)
            self.progress.set()
        elif raw.startswith(_ACK):
            acked = orjson.loads(raw)["message"]
            tally.acked[acked["id"]] = acked["conversation_id"]
            self.pending_acks -= 1
            self.progress.set()
        elif raw.startswith(_NOTIFICATION_NEW):
            tally.notifications += 1
        elif raw.startswith(_ERROR):
            frame = orjson.loads(raw)
            if frame.get("client_id"):
                self.pending_acks -= 1
            tally.errors[frame.get("code", "?")] += 1
            self.progress.set()

    def _closed(self, index: int, code: int) -> None:
        """The server closed the student's socket (1013 too far behind, 1012 the backplane
        lost...), or the connection dropped (1006)."""
        self.tally.closed[str(code)] += 1
        self.tally.closed_students.add(index)
        self.sockets.pop(index, None)

    # --- sending ---------------------------------------------------------------------------

    async def send(self, rate: float, seconds: float, seed: int, grace: float) -> dict[str, Any]:
        """``rate`` messages a second for ``seconds``: the students of this shard who have a
        conversation take turns (each sends every ``len(senders) / rate`` seconds), each into
        one of theirs at random."""
        senders = [s for s in self.students if s.conversations and s.index in self.sockets]
        if not senders or rate <= 0:
            await asyncio.sleep(seconds)
            return {"sent": 0, "behind_ms": 0.0}
        rng = random.Random(seed)  # noqa: S311 (a load pattern, not a secret)
        rng.shuffle(senders)
        interval = 1 / rate
        total = round(rate * seconds)
        started = time.perf_counter()
        behind = 0.0
        for number in range(total):
            planned = started + number * interval
            delay = planned - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            else:
                behind = max(behind, -delay)
            student = senders[number % len(senders)]
            socket = self.sockets.get(student.index)
            if socket is None:
                continue
            frame = {
                "type": "message.send",
                "conversation_id": rng.choice(student.conversations),
                "body": f"{BODY_TAG}:{time.monotonic_ns()}:{number}",
                "client_id": str(uuid.uuid4()),
            }
            self.pending_acks += 1
            self.tally.sent += 1
            socket.send_text(orjson.dumps(frame).decode())
        sending = time.perf_counter() - started
        # Every send answered, and deliveries quiet for a moment, or ``grace`` seconds after
        # the last send: an overloaded server's backlog is waited out, so that "lost" means
        # never delivered, and how late shows in the latencies.
        deadline = time.perf_counter() + grace
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(grace):
                while self.pending_acks > 0:
                    self.progress.clear()
                    await self.progress.wait()
        await self._quiet(0.5, deadline - time.perf_counter())
        return {"sent": self.tally.sent, "sending_seconds": sending, "behind_ms": behind * 1000}

    async def _quiet(self, for_seconds: float, within: float) -> None:
        """Waits until no delivery arrived for ``for_seconds`` (a repeat would come now)."""
        deadline = time.perf_counter() + within
        while time.perf_counter() < deadline:
            self.progress.clear()
            try:
                async with asyncio.timeout(for_seconds):
                    await self.progress.wait()
            except TimeoutError:
                return

    def report(self) -> Tally:
        snapshot, self.tally = self.tally, Tally()
        self.seen.clear()
        return snapshot

    async def close(self) -> None:
        self.closing = True  # what follows is ours, not the servers' doing
        for socket in self.sockets.values():
            # A server still busy would hold each close handshake: drop them at once.
            socket.abort()
        self.sockets.clear()
        await asyncio.sleep(0)  # the transports report their loss


class ConnectionClosedEarly(ConnectionError):
    """The server closed the socket before ``ready`` (4001: the token was refused)."""

    def __init__(self, code: int) -> None:
        super().__init__(f"closed {code} before ready")
        self.code = code


def _reason(exc: BaseException) -> str:
    """What made an attempt fail, short enough to count by: a close code, an HTTP status, or
    the exception's kind."""
    if isinstance(exc, HandshakeFailed) and exc.status:
        return f"HTTP {exc.status}"
    if isinstance(exc, ConnectionClosedEarly):
        return f"closed {exc.code}"
    return type(exc).__name__


def run_shard(pipe: Connection, students: list[Student]) -> None:
    """The worker process's entry point: obeys the conductor's commands until ``exit``."""
    uvloop.run(_serve(pipe, students))


async def _serve(pipe: Connection, students: list[Student]) -> None:
    shard = Shard(students)
    loop = asyncio.get_running_loop()
    while True:
        command, options = await loop.run_in_executor(None, pipe.recv)
        if command == "connect":
            answer: Any = await shard.connect(**options)
        elif command == "send":
            answer = await shard.send(**options)
        elif command == "report":
            answer = shard.report()
        elif command == "close":
            await shard.close()
            answer = None
        elif command == "exit":
            await shard.close()
            pipe.send(None)
            return
        else:
            answer = {"error": f"unknown command {command}"}
        pipe.send(answer)
