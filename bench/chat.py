"""Chat under load: Quad's scenarios A to D on one machine, through two server processes.

    make bench          # A, B, C and D (minutes); make bench-smoke: correctness only (seconds)
    uv run python ../bench/chat.py --scenarios C D --step-seconds 5     # from backend/

A fresh database gets demo students, friendships, direct chats and groups of 3 to 50 straight
through the data layer of ``quad seed-demo`` (with an access token each, so no bcrypt stands
in the way), and two ``quad serve`` processes share it and Redis. The load generator
(bench/loadgen.py, several processes) holds the students' WebSockets, sends ``message.send``
at a set total rate (open loop) and times every delivery from the send to ``message.new``
at each recipient. After each phase every message stored in PostgreSQL is checked against
the deliveries to the members that were connected: lost and doubled are exact counts.

* **A**, the written requirement: 1,000 students connected, each sending every 10 s, with
  the REST hot paths (conversations, history, search) read at a set rate meanwhile; then
  logins of students with production-cost hashes, beside bcrypt's own rate (bench/rest.py).
* **B**, ten times: 10,000 connections (memory per idle connection), 1,000 messages/s; run
  last (the others run first: C, D, A, B).
* **C**, the knee of plain 1:1 chat: 100 direct chats, senders on one process and receivers
  on the other (every message crosses Redis), the rate stepped up until p99 passes 200 ms;
  py-spy profiles both processes at the knee.
* **D**, the ceilings of the stack: a bare WebSocket fan-out server on the same libraries
  with no database (bench/bare_server.py) under C's steps, and PostgreSQL's own rate of
  durable one-row commits (pgbench).

The generator shares the machine's cores with the servers, Redis and PostgreSQL: every
figure comes with the CPU each of them used, the generator's included. The JSON report and
PNG plots go to bench/results/chat-<time>/.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import zlib
from collections import Counter
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
import psutil
import rest as rest_module
from harness import (
    RESULTS_DIR,
    BenchDatabase,
    Percentiles,
    Server,
    checkpoint,
    free_port,
    fresh_database,
    quad_server,
    say,
    speed_probe,
)
from loadgen import Student, Tally, run_shard
from pydantic import SecretStr

from quad.core.config import Settings
from quad.core.security import AccessTokenCodec
from quad.demo import DEFAULT_SEED, populate

TOKEN_TTL_SECONDS = 24 * 3600
KNEE_P99_MS = 200.0
BENCH_DIR = Path(__file__).resolve().parent


# --- The deployment: two server processes, Redis, PostgreSQL --------------------------------


@dataclass
class Deployment:
    database: BenchDatabase
    servers: list[Server]
    settings: Settings  # what the servers run with: the token key above all

    @property
    def ws_urls(self) -> list[str]:
        return [s.base_url.replace("http://", "ws://") for s in self.servers]

    def server_pids(self) -> list[int]:
        return [s.pid for s in self.servers]


@dataclass(frozen=True)
class Target:
    """What a phase loads: the server processes, and where sent messages are kept (None:
    nowhere, as the bare server keeps none: its acknowledgements stand for it)."""

    pids: list[int]
    database: BenchDatabase | None


def quad_target(deployed: Deployment) -> Target:
    return Target(deployed.server_pids(), deployed.database)


def redis_pids() -> list[int]:
    return [p.pid for p in psutil.process_iter(["name"]) if p.info["name"] == "redis-server"]


def postgres_pids() -> list[int]:
    return [p.pid for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"]


@contextlib.asynccontextmanager
async def deployment(processes: int) -> AsyncIterator[Deployment]:
    secret = "bench-" + uuid.uuid4().hex * 2
    environment = {
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "JWT_SECRET": secret,
        "ACCESS_TOKEN_TTL_SECONDS": str(TOKEN_TTL_SECONDS),
        "BCRYPT_ROUNDS": "4",
    }
    async with fresh_database("quad_bench_chat") as database:
        settings = Settings(
            database_url=database.sqlalchemy_url,
            jwt_secret=SecretStr(secret),
            access_token_ttl_seconds=TOKEN_TTL_SECONDS,
        )
        async with contextlib.AsyncExitStack() as stack:
            servers = [
                await stack.enter_async_context(quad_server(database, **environment))
                for _ in range(processes)
            ]
            yield Deployment(database, servers, settings)


# --- The students and their conversations ---------------------------------------------------


@dataclass
class World:
    """Every seeded student by index, and each conversation's members."""

    user_ids: list[str] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    members: dict[str, list[int]] = field(default_factory=dict)  # conversation id -> indexes
    conversations_of: dict[int, list[str]] = field(default_factory=dict)
    directs: list[tuple[str, int, int]] = field(default_factory=list)  # (id, a, b)

    def student(self, index: int, server: str, sends_in: Iterable[str] | None = None) -> Student:
        """The student on ``server``, sending in ``sends_in`` (default: all of theirs)."""
        mine = self.conversations_of.get(index, ()) if sends_in is None else sends_in
        conversations = tuple(mine)
        return Student(index, self.user_ids[index], self.tokens[index], server, conversations)


async def seed(deployment: Deployment, world: World, users: int, seed: int) -> float:
    """Adds ``users`` students (with chats and tokens) to the world; returns the seconds."""
    started = time.perf_counter()
    made, report = await populate(
        deployment.database.sqlalchemy_url,
        users=users,
        seed=seed,
        bcrypt_rounds=4,
        sign_in=AccessTokenCodec(deployment.settings),
    )
    assert made.access_tokens is not None
    offset = len(world.user_ids)
    world.user_ids += [str(s.id) for s in made.students]
    world.tokens += made.access_tokens
    for conversation in made.chats.conversations:
        members = [offset + m for m in conversation.members]
        world.members[str(conversation.id)] = members
        for m in members:
            world.conversations_of.setdefault(m, []).append(str(conversation.id))
        if conversation.name is None:
            world.directs.append((str(conversation.id), members[0], members[1]))
    seconds = time.perf_counter() - started
    say(
        f"seeded {report.students:,} students, {report.friendships:,} friendships, "
        f"{report.direct_chats:,} direct chats, {report.groups:,} groups in {seconds:.1f} s"
    )
    return seconds


# --- The generator: shards in processes of their own ----------------------------------------


class Generator:
    """Students split over ``shards`` processes (bench/loadgen.py), commanded together."""

    def __init__(self, students: list[Student], shards: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.pipes: list[Connection] = []
        self.students = len(students)
        self.connect_failures = Counter[str]()
        self.processes: list[multiprocessing.process.BaseProcess] = []
        for number in range(shards):
            ours, theirs = context.Pipe()
            process = context.Process(
                target=run_shard, args=(theirs, students[number::shards]), daemon=True
            )
            process.start()
            self.pipes.append(ours)
            self.processes.append(process)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes if p.pid is not None]

    async def command(self, name: str, each: list[dict[str, Any]] | None = None) -> list[Any]:
        """The same command to every shard (``each``: the options of each, in order)."""
        for pipe, options in zip(self.pipes, each or [{}] * len(self.pipes), strict=True):
            pipe.send((name, options))
        return list(await asyncio.gather(*(asyncio.to_thread(p.recv) for p in self.pipes)))

    async def connect(self, per_second: float, at_once: int) -> set[int]:
        """Opens every student's socket; what failed and was tried again is in
        ``connect_failures``."""
        shards = len(self.pipes)
        share = {"per_second": per_second / shards, "at_once": max(at_once // shards, 1)}
        answers = await self.command("connect", [share] * len(self.pipes))
        self.connect_failures = Counter[str]()
        for answer in answers:
            self.connect_failures.update(answer["failures"])
        return {index for answer in answers for index in answer["connected"]}

    async def send(self, rate: float, seconds: float, seed: int, grace: float = 90) -> list[Any]:
        """Sends at ``rate`` for ``seconds``, then waits for the answers and deliveries up
        to ``grace`` seconds (an overloaded server's backlog: a minute and more in B)."""
        share = rate / len(self.pipes)
        return await self.command(
            "send",
            [
                {"rate": share, "seconds": seconds, "seed": seed * 100 + n, "grace": grace}
                for n in range(len(self.pipes))
            ],
        )

    async def report(self) -> Tally:
        return Tally.merge(await self.command("report"))

    async def warm_up(self, rate: float, seconds: float = 3) -> None:
        """Sends that are not measured: every server process opens its pool's connections
        and prepares its statements before the figures start."""
        await self.send(rate, seconds, seed=0, grace=10)
        await self.report()

    async def stop(self) -> None:
        with contextlib.suppress(Exception):
            await self.command("exit")
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()


# --- Measuring a phase ------------------------------------------------------------------------


class Usage:
    """CPU seconds of each side between ``start`` and ``stop``, as % of one core."""

    def __init__(self, groups: dict[str, list[int]]) -> None:
        self.groups = groups
        self.before: dict[str, float] = {}
        self.started = 0.0
        self.percent: dict[str, float] = {}
        self.seconds: dict[str, float] = {}

    @staticmethod
    def _cpu(pids: list[int]) -> float:
        total = 0.0
        for pid in pids:
            with contextlib.suppress(psutil.Error):
                times = psutil.Process(pid).cpu_times()
                total += times.user + times.system
        return total

    def start(self) -> Usage:
        self.started = time.perf_counter()
        self.before = {name: self._cpu(pids) for name, pids in self.groups.items()}
        return self

    def stop(self) -> dict[str, float]:
        wall = time.perf_counter() - self.started
        self.seconds = {
            name: self._cpu(pids) - self.before[name] for name, pids in self.groups.items()
        }
        self.percent = {name: round(100 * cpu / wall, 1) for name, cpu in self.seconds.items()}
        return self.percent

    def ms_per(self, count: int) -> dict[str, float]:
        """CPU milliseconds of each side per message (or per connection): unlike a
        percentage, what a phase's length and its wait for the last deliveries do not
        dilute."""
        return {name: round(1000 * cpu / max(count, 1), 3) for name, cpu in self.seconds.items()}


def parties(target: Target, generator: Generator) -> dict[str, list[int]]:
    """The processes whose CPU a phase reports, by side."""
    return {
        "servers": target.pids,
        # Each on its own too: in C the first holds the senders, the second the receivers.
        **{f"server {n}": [pid] for n, pid in enumerate(target.pids, 1)},
        "redis": redis_pids(),
        "postgresql": postgres_pids(),
        "generator": [*generator.pids, os.getpid()],
    }


def rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            total += psutil.Process(pid).memory_info().rss
    return total


async def database_now(database: BenchDatabase) -> datetime:
    connection = await asyncpg.connect(database.url)
    try:
        return await connection.fetchval("SELECT clock_timestamp()")  # type: ignore[no-any-return]
    finally:
        await connection.close()


async def stored_since(database: BenchDatabase, since: datetime) -> list[tuple[str, str]]:
    """The generator's messages committed since ``since``: (message id, conversation id)."""
    connection = await asyncpg.connect(database.url)
    try:
        rows = await connection.fetch(
            "SELECT id::text, conversation_id::text FROM messages"
            " WHERE created_at >= $1 AND body LIKE 'bench:%'",
            since,
        )
    finally:
        await connection.close()
    return [(row[0], row[1]) for row in rows]


@dataclass
class PhaseResult:
    name: str
    connections: int
    # Students whose socket never opened (each tried five times): they measure nothing, so
    # a phase with any fails the run.
    unopened: int
    seconds: float
    target_rate: float
    sent: int
    acked: int
    stored: int
    errors: dict[str, int]
    deliveries: int  # message.new to members other than the sender
    notifications: int  # notification.new pushed to the students (paced: see the servers')
    lost: int  # deliveries owed to connected members that never came
    doubled: int
    # Sockets closed during the phase, by close code. A member whose socket the server
    # closed (1013: too far behind) misses what came after, which a real client fetches
    # when it reconnects (the contract's resync); the generator does not reconnect, so
    # those deliveries are counted apart from the lost ones.
    closed: dict[str, int]
    left_to_resync: int
    acked_not_stored: int
    latency_ms: dict[str, float] | None
    cpu_percent: dict[str, float]
    cpu_ms_per_message: dict[str, float]
    rss_mb: dict[str, float]
    generator_behind_ms: float

    @property
    def sent_per_second(self) -> float:
        return self.sent / self.seconds

    @property
    def deliveries_per_second(self) -> float:
        return self.deliveries / self.seconds

    def row(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "sent_per_second": round(self.sent_per_second, 1),
            "deliveries_per_second": round(self.deliveries_per_second, 1),
        }


async def run_phase(
    name: str,
    target: Target,
    world: World,
    generator: Generator,
    connected: set[int],
    *,
    rate: float,
    seconds: float,
    seed: int,
) -> PhaseResult:
    """Sends at ``rate`` for ``seconds``, then checks every stored message's deliveries."""
    usage = Usage(parties(target, generator)).start()
    since = await database_now(target.database) if target.database else None
    answers = await generator.send(rate, seconds, seed)
    cpu = usage.stop()
    tally = await generator.report()
    stored = (
        await stored_since(target.database, since)
        if target.database and since
        else list(tally.acked.items())
    )
    lost = left_to_resync = 0
    for message_id, conversation_id in stored:
        members = world.members[conversation_id]
        missing = max(
            sum(1 for m in members if m in connected) - tally.delivered.get(message_id, 0), 0
        )
        # Missing at members whose socket the server closed is theirs to fetch on reconnect
        # (as many as there are such members; what is missing beyond is lost).
        closed = min(missing, sum(1 for m in members if m in tally.closed_students))
        left_to_resync += closed
        lost += missing - closed
    echoes = len(stored)  # each sender's own connection gets its message.new too
    latency = Percentiles.of(list(tally.latencies_ms)) if len(tally.latencies_ms) > 1 else None
    result = PhaseResult(
        name=name,
        connections=len(connected),
        unopened=generator.students - len(connected),
        seconds=seconds,
        target_rate=rate,
        sent=tally.sent,
        acked=len(tally.acked),
        stored=len(stored),
        errors=dict(tally.errors),
        deliveries=max(sum(tally.delivered.values()) - echoes, 0),
        notifications=tally.notifications,
        lost=lost,
        doubled=tally.doubled,
        closed=dict(tally.closed),
        left_to_resync=left_to_resync,
        acked_not_stored=len(tally.acked.keys() - {m for m, _ in stored}),
        latency_ms={k: round(v, 2) for k, v in asdict(latency).items()} if latency else None,
        cpu_percent=cpu,
        cpu_ms_per_message=usage.ms_per(tally.sent),
        rss_mb={
            "servers": round(rss_bytes(target.pids) / 2**20, 1),
            "generator": round(rss_bytes(generator.pids) / 2**20, 1),
        },
        generator_behind_ms=round(max(a["behind_ms"] for a in answers), 1),
    )
    say(summary_line(result))
    return result


def summary_line(r: PhaseResult) -> str:
    lat = r.latency_ms or {"p50": 0, "p95": 0, "p99": 0, "max": 0}
    return (
        f"  {r.name}: {r.sent_per_second:,.0f} sent/s, {r.deliveries_per_second:,.0f} "
        f"deliveries/s, {r.notifications / r.seconds:,.0f} notification.new/s, "
        f"p50 {lat['p50']:.1f} p95 {lat['p95']:.1f} p99 {lat['p99']:.1f} "
        f"max {lat['max']:.1f} ms, lost {r.lost}, doubled {r.doubled}, errors "
        f"{sum(r.errors.values())}"
        + (
            ", sockets closed (by code) "
            + ", ".join(f"{code}: {n}" for code, n in sorted(r.closed.items()))
            + f", deliveries left to their resync {r.left_to_resync}"
            if r.closed
            else ""
        )
        + f"; CPU % servers {r.cpu_percent['servers']}, redis "
        f"{r.cpu_percent['redis']}, postgresql {r.cpu_percent['postgresql']}, generator "
        f"{r.cpu_percent['generator']}; CPU ms per message: "
        + ", ".join(f"{name} {ms}" for name, ms in r.cpu_ms_per_message.items())
    )


# --- Scenarios ----------------------------------------------------------------------------------


@dataclass
class Options:
    shards: int
    seconds: float
    step_seconds: float
    rates: list[int]
    connect_rate: float
    connect_at_once: int
    output: Path


def alternate(world: World, deployment: Deployment, indexes: Iterable[int]) -> list[Student]:
    urls = deployment.ws_urls
    return [world.student(i, urls[i % len(urls)]) for i in indexes]


async def connected_generator(
    students: list[Student], options: Options
) -> tuple[Generator, set[int]]:
    generator = Generator(students, options.shards)
    return generator, await open_sockets(generator, len(students), options)


async def open_sockets(generator: Generator, students: int, options: Options) -> set[int]:
    connected = await generator.connect(options.connect_rate, options.connect_at_once)
    if len(connected) < students:
        say(f"  only {len(connected)} of {students} sockets opened")
    return connected


async def scenario_everyone(
    name: str,
    deployment: Deployment,
    world: World,
    options: Options,
    *,
    students: int,
    rate: float,
    memory: dict[str, Any] | None = None,
    during: Callable[[], Coroutine[Any, Any, dict[str, Any]]] | None = None,
    alongside: dict[str, Any] | None = None,
) -> PhaseResult:
    """``students`` connected (half to each process), sending ``rate`` a second in all;
    ``during`` runs while they send, its result into ``alongside``."""
    indexes = range(students)
    baseline = rss_bytes(deployment.server_pids())
    samples: list[tuple[int, int]] = []  # (connections, servers' RSS) while connecting
    sampling = asyncio.create_task(sample_ramp(deployment, samples))
    generator = Generator(alternate(world, deployment, indexes), options.shards)
    usage = Usage(parties(quad_target(deployment), generator)).start()
    started = time.perf_counter()
    connected = await open_sockets(generator, students, options)
    ramp_seconds = time.perf_counter() - started
    usage.stop()
    sampling.cancel()
    try:
        await asyncio.sleep(5)  # idle: what the connections themselves hold
        idle = rss_bytes(deployment.server_pids())
        if memory is not None:
            memory.update(
                connections=len(connected),
                ramp_seconds=round(ramp_seconds, 1),
                # Connection set-up (handshake, token, presence both ways) on each side.
                cpu_ms_per_connection=usage.ms_per(len(connected)),
                connect_retries=dict(generator.connect_failures),
                servers_rss_mb_before=round(baseline / 2**20, 1),
                servers_rss_mb_idle=round(idle / 2**20, 1),
                kb_per_idle_connection=round((idle - baseline) / max(len(connected), 1) / 1024, 1),
                ramp=[(n, round(rss / 2**20, 1)) for n, rss in samples],
                connect_rate=options.connect_rate,
                connect_at_once=options.connect_at_once,
            )
            say(
                f"  {len(connected):,} idle connections: {memory['kb_per_idle_connection']} KB "
                f"each on the servers (RSS {memory['servers_rss_mb_before']} -> "
                f"{memory['servers_rss_mb_idle']} MB), opened in {ramp_seconds:.1f} s "
                f"({generator.connect_failures.total()} tried again); CPU ms per connection: "
                + ", ".join(f"{k} {v}" for k, v in memory["cpu_ms_per_connection"].items())
            )
        await generator.warm_up(min(rate, 200))
        side = asyncio.create_task(during()) if during is not None else None
        result = await run_phase(
            name, quad_target(deployment), world, generator, connected, rate=rate,
            seconds=options.seconds, seed=zlib.crc32(name.encode()),
        )  # fmt: skip
        if side is not None and alongside is not None:
            alongside.update(await side)
        return result
    finally:
        await generator.stop()


async def sample_ramp(deployment: Deployment, samples: list[tuple[int, int]]) -> None:
    """(open connections, servers' RSS) every quarter second, the count from each server's
    own gauge (quad_websocket_connections on /metrics)."""
    async with httpx.AsyncClient(timeout=5) as http:
        while True:
            connections = 0
            for server in deployment.servers:
                with contextlib.suppress(httpx.HTTPError):
                    text = (await http.get(server.base_url + "/metrics")).text
                    found = re.search(r"^quad_websocket_connections ([\d.e+]+)$", text, re.M)
                    connections += int(float(found.group(1))) if found else 0
            samples.append((connections, rss_bytes(deployment.server_pids())))
            await asyncio.sleep(0.25)


async def rest_while_a(deployment: Deployment, world: World, seconds: float) -> dict[str, Any]:
    """The REST hot paths as A's students, while A's messages flow (after its ramp)."""
    students = range(min(1000, len(world.user_ids)))
    memberships = [
        (world.tokens[index], conversation_id)
        for index in students
        for conversation_id in world.conversations_of.get(index, ())[:1]
    ]
    return await rest_module.rest_under_load(
        [server.base_url for server in deployment.servers],
        [world.tokens[index] for index in students],
        memberships,
        seconds=seconds,
    )


def _rest_line(figures: dict[str, Any]) -> str:
    latency = figures["latency_ms"] or {"p50": 0, "p99": 0}
    return (
        f"{figures['per_second']}/s, p50 {latency['p50']:.1f} p99 {latency['p99']:.1f} ms, "
        f"statuses {figures['statuses']}"
    )


def disjoint_directs(world: World, pairs: int) -> list[tuple[str, int, int]]:
    taken: set[int] = set()
    chosen = []
    for conversation_id, a, b in world.directs:
        if a in taken or b in taken:
            continue
        taken.update((a, b))
        chosen.append((conversation_id, a, b))
        if len(chosen) == pairs:
            break
    return chosen


async def scenario_knee(
    name: str,
    urls: tuple[str, str],
    target: Target,
    world: World,
    options: Options,
    *,
    profile: bool = False,
    pairs: int = 100,
) -> dict[str, Any]:
    """1:1 chat between ``pairs`` pairs: senders on ``urls[0]``, receivers on ``urls[1]``;
    the rate stepped up until p99 passes KNEE_P99_MS or the rate is not kept."""
    chats = disjoint_directs(world, pairs)
    students = [world.student(a, urls[0], sends_in=[cid]) for cid, a, _ in chats]
    students += [world.student(b, urls[1], sends_in=[]) for _, _, b in chats]
    generator, connected = await connected_generator(students, options)
    steps: list[PhaseResult] = []
    knee: dict[str, Any] = {}
    try:
        await generator.warm_up(200)
        for number, rate in enumerate(options.rates):
            step = await run_phase(
                f"{name} {rate}/s", target, world, generator, connected,
                rate=rate, seconds=options.step_seconds, seed=number,
            )  # fmt: skip
            steps.append(step)
            p99 = step.latency_ms["p99"] if step.latency_ms else float("inf")
            kept = step.sent_per_second >= 0.9 * rate and step.lost == 0
            if p99 > KNEE_P99_MS or not kept:
                break
        held = [s for s in steps if s.latency_ms and s.latency_ms["p99"] <= KNEE_P99_MS]
        knee["highest_rate_held"] = max((s.target_rate for s in held), default=0)
        if profile:
            knee_rate = steps[-1].target_rate
            knee["profiled_at_rate"] = knee_rate
            knee["profiles"] = await profile_during(
                target.pids,
                options.output / f"profile-{name}",
                generator.send(knee_rate, options.step_seconds, seed=999),
                seconds=max(options.step_seconds - 2, 2),
            )
            await generator.report()  # the profiled run's tally is not a step
    finally:
        await generator.stop()
    return {"pairs": len(chats), "steps": [s.row() for s in steps], **knee}


async def profile_during(
    pids: list[int], folder: Path, load: Any, seconds: float
) -> dict[str, Any]:
    """py-spy of each process while ``load`` runs: the hottest functions, by own samples."""
    py_spy = shutil.which("py-spy", path=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    if py_spy is None:
        await load
        return {"error": "py-spy is not installed"}
    os.makedirs(folder, exist_ok=True)
    recorders = []
    for pid in pids:
        out = folder / f"{pid}.txt"
        recorders.append(
            (
                pid,
                out,
                await asyncio.create_subprocess_exec(
                    py_spy, "record", "--pid", str(pid), "--duration", str(int(seconds)),
                    "--rate", "200", "--format", "raw", "--output", str(out), "--nonblocking",
                    stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
                ),
            )
        )  # fmt: skip
    await load
    profiles = {}
    for pid, out, recorder in recorders:
        await recorder.wait()
        profiles[str(pid)] = hottest(out) if out.exists() else {"error": "no profile"}
    return profiles


def hottest(collapsed: Path, top: int = 15) -> dict[str, Any]:
    """From py-spy's collapsed stacks: where the samples were (own time), and through which
    of our functions they passed (total time)."""
    own: Counter[str] = Counter()
    through: Counter[str] = Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        count = int(count_text)
        total += count
        frames = stack.split(";")
        own[_short(frames[-1])] += count
        for frame in {_short(f) for f in frames if "quad/" in f}:
            through[frame] += count

    def share(samples: int) -> float:
        return round(100 * samples / max(total, 1), 1)

    return {
        "samples": total,
        "own_percent": {f: share(n) for f, n in own.most_common(top)},
        "quad_total_percent": {f: share(n) for f, n in through.most_common(top)},
    }


def _short(frame: str) -> str:
    # "send (quad/chat/service.py:180)" -> "send (quad/chat/service.py)"
    return re.sub(r":\d+\)$", ")", re.sub(r"\(.*?/site-packages/", "(", frame))


# --- D: the ceilings ----------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def bare_server(world: World, settings: Settings) -> AsyncIterator[tuple[str, int]]:
    """bench/bare_server.py on a free port: Quad's libraries, no database, no Redis."""
    port = free_port()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as members_file:
        json.dump({c: [world.user_ids[m] for m in ms] for c, ms in world.members.items()},
                  members_file)  # fmt: skip
    env = {
        **os.environ,
        "BARE_MEMBERS": members_file.name,
        "JWT_SECRET": settings.signing_key,
        "BARE_PORT": str(port),
    }
    process = subprocess.Popen(  # noqa: S603, ASYNC220 (our own script; returns at once)
        [sys.executable, str(BENCH_DIR / "bare_server.py")],
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                _, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                break
            await asyncio.sleep(0.1)
        yield f"ws://127.0.0.1:{port}", process.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        os.unlink(members_file.name)


async def pgbench_commits(database: BenchDatabase, clients: int, seconds: int) -> dict[str, Any]:
    """PostgreSQL's rate of durable one-row commits (synchronous_commit on, as Quad runs)."""
    pgbench = shutil.which("pgbench")
    if pgbench is None:
        return {"error": "pgbench is not installed"}
    connection = await asyncpg.connect(database.url)
    try:
        await connection.execute(
            "CREATE TABLE IF NOT EXISTS bench_commits (id bigserial PRIMARY KEY, body text,"
            " created_at timestamptz NOT NULL DEFAULT now())"
        )
    finally:
        await connection.close()
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write("INSERT INTO bench_commits (body) VALUES ('one durable message');\n")
    try:
        run = await asyncio.create_subprocess_exec(
            pgbench, "--no-vacuum", "--file", script.name, "--client", str(clients),
            "--jobs", str(min(clients, 2)), "--time", str(seconds), "--host", "127.0.0.1",
            "--username", "postgres", database.name,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        output = (await run.communicate())[0].decode()
    finally:
        os.unlink(script.name)
    tps = re.search(r"tps = ([\d.]+)", output)
    latency = re.search(r"latency average = ([\d.]+) ms", output)
    return {
        "clients": clients,
        "seconds": seconds,
        "commits_per_second": round(float(tps.group(1)), 1) if tps else None,
        "latency_average_ms": float(latency.group(1)) if latency else None,
    }


# --- The run -------------------------------------------------------------------------------------


async def benchmark(args: argparse.Namespace) -> int:
    started_at = datetime.now(UTC)
    output = RESULTS_DIR / f"chat-{started_at:%Y%m%d-%H%M%S}{'-smoke' if args.smoke else ''}"
    output.mkdir(parents=True, exist_ok=True)
    options = Options(
        shards=args.shards,
        seconds=args.seconds,
        step_seconds=args.step_seconds,
        rates=args.rates,
        connect_rate=args.connect_rate,
        connect_at_once=args.connect_at_once,
        output=output,
    )
    speed_at_start = speed_probe()
    say(f"machine speed: {speed_at_start} ms for the fixed probe (less is faster)")
    report: dict[str, Any] = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "speed_probe_ms": {"start": speed_at_start},
        },
        "setup": (
            f"2 quad serve processes sharing PostgreSQL and Redis; the generator "
            f"({options.shards} processes) on the same {os.cpu_count()} cores"
        ),
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(options).items()},
        "scenarios": {},
    }
    scenarios = report["scenarios"]
    world = World()
    async with deployment(processes=2) as deployed:
        if args.smoke:
            await seed(deployed, world, args.smoke_users, DEFAULT_SEED)
            scenarios["smoke"] = (
                await scenario_everyone(
                    "smoke", deployed, world, options, students=args.smoke_users,
                    rate=args.smoke_rate,
                )
            ).row()  # fmt: skip
        else:
            # Two batches: A's 1,000 students chat among themselves; B adds 9,000 more.
            await seed(deployed, world, 1000, DEFAULT_SEED)
            if {"B", "C", "D"} & set(args.scenarios):
                await seed(deployed, world, 9000, DEFAULT_SEED + 1)
            await checkpoint()
            if "C" in args.scenarios:
                say("C: 1:1 chat, senders on one process and receivers on the other")
                a, b = deployed.ws_urls
                scenarios["C"] = await scenario_knee(
                    "C", (a, b), quad_target(deployed), world, options, profile=True
                )
                say("C, one process: senders and receivers on the same process")
                scenarios["C"]["one_process"] = await scenario_knee(
                    "C one process", (a, a), quad_target(deployed), world, options
                )
            if "D" in args.scenarios:
                say("D: a bare WebSocket fan-out server on the same libraries, no database")
                async with bare_server(world, deployed.settings) as (url, pid):
                    bare = await scenario_knee(
                        "D bare", (url, url), Target([pid], None), world, options
                    )
                say("D: PostgreSQL's durable one-row commits (pgbench)")
                commits = [
                    await pgbench_commits(deployed.database, clients, 10) for clients in (1, 16)
                ]
                for run in commits:
                    say(f"  pgbench, {run.get('clients')} clients: {run}")
                scenarios["D"] = {"bare_fan_out": bare, "pgbench": commits}
            if "A" in args.scenarios:
                say("A: 1,000 students connected, each sending a message every 10 s")
                rest: dict[str, Any] = {}
                scenarios["A"] = (
                    await scenario_everyone(
                        "A", deployed, world, options, students=1000, rate=100,
                        during=lambda: rest_while_a(deployed, world, options.seconds * 0.8),
                        alongside=rest,
                    )
                ).row()  # fmt: skip
                scenarios["A"]["rest"] = rest
                for route, figures in rest.items():
                    say(f"  {route} during A: {_rest_line(figures)}")
                say("A, logins: students with 12-round bcrypt hashes, beside bcrypt alone")
                scenarios["A"]["logins"] = await rest_module.logins(
                    deployed.database.url, [s.base_url for s in deployed.servers],
                    world.user_ids[:50], seconds=10,
                )  # fmt: skip
                login = scenarios["A"]["logins"]
                say(
                    f"  logins: {_rest_line(login['logins'])}; bcrypt alone "
                    f"{login['bcrypt_checks_per_second']}/s on {login['bcrypt_processes']} cores"
                )
            if "B" in args.scenarios:
                # Last: what 10,000 connections and their backlog leave behind (the
                # database's dead rows, the servers' memory) would weigh on the others.
                say(f"B: 10,000 connections, {args.b_rate:,} messages a second in the mix")
                memory: dict[str, Any] = {}
                row = (
                    await scenario_everyone(
                        "B", deployed, world, options, students=10_000, rate=args.b_rate,
                        memory=memory,
                    )
                ).row()  # fmt: skip
                scenarios["B"] = {**row, "memory": memory}
    report["machine"]["speed_probe_ms"]["end"] = speed_at_end = speed_probe()
    say(
        f"machine speed: {speed_at_end} ms for the fixed probe at the end, "
        f"{speed_at_start} at the start (harness.speed_probe: compare runs by it)"
    )
    (output / "report.json").write_text(json.dumps(report, indent=2))
    with contextlib.suppress(Exception):
        import plots

        plots.draw(report, output)
    print_table(report)
    say(f"report and plots: {output}")
    # A socket the server closed is its overload policy at work (B), not a loss; in the
    # smoke run, which overloads nothing, it is a failure all the same.
    failures = [
        f"{name}: lost {row['lost']}, doubled {row['doubled']}, errors {row['errors']}"
        + (f", sockets closed {row['closed']}" if row["closed"] else "")
        + (f", sockets never opened {row['unopened']}" if row["unopened"] else "")
        for name, row in phase_rows(report)
        if row["lost"]
        or row["unopened"]
        or row["doubled"]
        or row["acked_not_stored"]
        or row["errors"]
        or (args.smoke and row["closed"])
    ]
    for failure in failures:
        say(f"FAILED {failure}")
    return 1 if failures else 0


def phase_rows(report: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    for name, scenario in report["scenarios"].items():
        if "sent" in scenario:
            yield name, scenario
        for step in scenario.get("steps", []):
            yield step["name"], step
        for nested in ("one_process", "bare_fan_out"):
            for step in scenario.get(nested, {}).get("steps", []):
                yield step["name"], step


def print_table(report: dict[str, Any]) -> None:
    header = (
        f"{'phase':<18} {'conns':>6} {'sent/s':>7} {'deliv/s':>8} {'p50':>7} {'p95':>7} "
        f"{'p99':>7} {'max':>7} {'lost':>5} {'dbl':>4} {'srv%':>6} {'redis%':>6} {'pg%':>6} "
        f"{'gen%':>6}"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for name, row in phase_rows(report):
        lat = row["latency_ms"] or {"p50": 0, "p95": 0, "p99": 0, "max": 0}
        cpu = row["cpu_percent"]
        print(
            f"{name:<18} {row['connections']:>6} {row['sent_per_second']:>7.0f} "
            f"{row['deliveries_per_second']:>8.0f} {lat['p50']:>7.1f} {lat['p95']:>7.1f} "
            f"{lat['p99']:>7.1f} {lat['max']:>7.1f} {row['lost']:>5} {row['doubled']:>4} "
            f"{cpu['servers']:>6} {cpu['redis']:>6} {cpu['postgresql']:>6} {cpu['generator']:>6}"
        )
    print("(latency in ms, send to message.new; CPU in % of one core; the generator shares the"
          " cores)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help="correctness only, in seconds")
    parser.add_argument("--smoke-users", type=int, default=60)
    parser.add_argument("--smoke-rate", type=float, default=60)
    parser.add_argument("--scenarios", nargs="+", default=["A", "B", "C", "D"], choices="ABCD")
    parser.add_argument("--seconds", type=float, default=60, help="length of A and B's sending")
    parser.add_argument("--step-seconds", type=float, default=10, help="length of each step")
    parser.add_argument(
        "--rates", type=int, nargs="+", default=[250, 500, 1000, 1500, 2000, 2500, 3000, 4000]
    )
    parser.add_argument(
        "--b-rate",
        type=int,
        default=1000,
        help="B's messages a second (the scenario's 1,000; below it, to compare CPU per message"
        " off saturation)",
    )
    parser.add_argument("--shards", type=int, default=2, help="generator processes")
    parser.add_argument("--connect-rate", type=float, default=1000, help="new sockets a second")
    parser.add_argument(
        "--connect-at-once", type=int, default=200, help="sockets being opened at most, in all"
    )
    args = parser.parse_args()
    # 10,000 sockets on each side, and the servers (started from here) inherit the limit.
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < 12_000:
        say(f"open files are limited to {hard} a process: scenario B needs about 12,000")
    if args.smoke:
        args.seconds = min(args.seconds, 8)
    raise SystemExit(asyncio.run(benchmark(args)))


if __name__ == "__main__":
    main()
