"""Discovery under load: search (each filter combination) and suggestions over 100,000 seeded
students, measured over HTTP against a real `quad serve`.

    make bench                      # or, from backend/: uv run python ../bench/search.py
    uv run python ../bench/search.py --users 20000 --requests 200   # a quicker look

It creates its own database, seeds it with `quad seed-demo`'s data layer, starts one server
process (`--workers` for more), logs in as demo students picked at random and sends each
scenario's requests from a few concurrent keep-alive clients (a closed loop), after a
warm-up. It prints p50/p95/p99 per scenario, the CPU the server and PostgreSQL used, and
writes a JSON report to bench/results/ with the slowest requests of each scenario.
Target: p95 under 30 ms on a 2-core machine. The load generator runs on the same cores, so
it speaks just enough HTTP/1.1 to cost little (`harness.KeepAliveHttp`).

Four clients keep one server process busy all the time (about 190 requests a second on
2 cores): that measures a saturated server. Two clients (about 165 a second) measure a
busy one; `--concurrency 1` measures the latency of a request on an idle machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import string
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
from harness import (
    RESULTS_DIR,
    BenchDatabase,
    KeepAliveHttp,
    Percentiles,
    Server,
    cpu_seconds,
    elapsed,
    fresh_database,
    load_average,
    own_cpu_seconds,
    quad_server,
    say,
)

from quad.demo import DEFAULT_SEED, DEMO_PASSWORD, populate

API = "/api/v1/users"
TARGET_P95_MS = 30.0
SLOWEST = 3  # requests kept per scenario in the report


@dataclass(frozen=True)
class Student:
    email: str
    university_id: str
    course: str
    first_name: str
    last_name: str
    interests: list[str]


@dataclass(frozen=True)
class Request:
    path: str
    params: dict[str, str]
    viewer: int  # index into the logged-in viewers


@dataclass
class Outcome:
    latencies_ms: list[float] = field(default_factory=list)
    results: int = 0
    errors: list[str] = field(default_factory=list)
    # (ms, query parameters) of the slowest requests, to look into with EXPLAIN.
    slowest: list[tuple[float, dict[str, str]]] = field(default_factory=list)

    def record(self, took_ms: float, params: dict[str, str]) -> None:
        self.latencies_ms.append(took_ms)
        self.slowest = sorted([*self.slowest, (took_ms, params)], key=lambda s: -s[0])[:SLOWEST]


class Population:
    """What the requests are made of: drawn from the seeded students, so every filter
    meets the data's real skew (big universities and courses, common interests, names)."""

    def __init__(self, students: list[Student], rng: random.Random) -> None:
        self.students = students
        self.rng = rng
        self.by_university: dict[str, list[Student]] = {}
        for student in students:
            self.by_university.setdefault(student.university_id, []).append(student)

    def anyone(self) -> Student:
        return self.rng.choice(self.students)

    def university(self, viewer: Student) -> str:
        # Students mostly look around their own university.
        return viewer.university_id if self.rng.random() < 0.7 else self.anyone().university_id

    def course(self) -> str:
        return self.anyone().course  # as students typed it, popular ones most often

    def interest(self) -> str:
        return self.rng.choice(self.anyone().interests)

    def name(self, among: list[Student] | None = None) -> str:
        someone = self.rng.choice(among) if among else self.anyone()
        roll = self.rng.random()
        if roll < 0.4:
            return someone.last_name
        if roll < 0.7:
            return someone.first_name
        return f"{someone.first_name} {someone.last_name}"

    def typo(self, text: str) -> str:
        """One slip of the keyboard: a letter dropped, doubled, swapped or replaced."""
        letters = [i for i, char in enumerate(text) if char.isalpha()]
        at = self.rng.choice(letters[1:] or letters)
        kind = self.rng.randrange(4)
        if kind == 0:
            return text[:at] + text[at + 1 :]
        if kind == 1:
            return text[:at] + text[at] + text[at:]
        if kind == 2 and at + 1 < len(text):
            return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
        replacement = self.rng.choice([c for c in string.ascii_lowercase if c != text[at].lower()])
        return text[:at] + replacement + text[at + 1 :]


Params = Callable[[Population, Student], dict[str, str]]

# Each search scenario: which filters, with values as a student would pick them.
SEARCHES: dict[str, Params] = {
    "university": lambda p, v: {"university_id": p.university(v)},
    "course": lambda p, v: {"course": p.course()},
    "interest": lambda p, v: {"interest": p.interest()},
    "q (name)": lambda p, v: {"q": p.name()},
    "university + course": lambda p, v: {"university_id": v.university_id, "course": v.course},
    "university + interest": lambda p, v: {
        "university_id": p.university(v),
        "interest": p.interest(),
    },
    "course + interest": lambda p, v: {"course": p.course(), "interest": p.interest()},
    "university + course + interest": lambda p, v: {
        "university_id": v.university_id,
        "course": v.course,
        "interest": p.interest(),
    },
    "q + university": lambda p, v: {
        "university_id": v.university_id,
        "q": p.name(p.by_university[v.university_id]),
    },
    "course with a typo": lambda p, v: {"course": p.typo(p.course())},
}
SECOND_PAGE = "university, 2nd page (cursor)"
SUGGESTIONS = "suggestions"


async def load_students(database: BenchDatabase) -> list[Student]:
    connection = await asyncpg.connect(database.url)
    try:
        rows = await connection.fetch(
            "SELECT email, university_id::text, course, first_name, last_name, interests "
            "FROM users ORDER BY id"
        )
    finally:
        await connection.close()
    return [
        Student(
            row["email"],
            row["university_id"],
            row["course"],
            row["first_name"],
            row["last_name"],
            list(row["interests"]),
        )
        for row in rows
    ]


async def log_in(server: Server, students: list[Student]) -> list[str]:
    """Access tokens, logging in through the API as the web app does (bcrypt included)."""
    async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as client:

        async def one(student: Student) -> str:
            answer = await client.post(
                "/api/v1/auth/login", json={"email": student.email, "password": DEMO_PASSWORD}
            )
            answer.raise_for_status()
            token: str = answer.json()["access_token"]
            return token

        return list(await asyncio.gather(*(one(student) for student in students)))


def plan(name: str, population: Population, viewers: list[Student], count: int) -> list[Request]:
    requests = []
    for _ in range(count):
        viewer = population.rng.randrange(len(viewers))
        if name == SUGGESTIONS:
            requests.append(Request(f"{API}/suggestions", {}, viewer))
        else:
            params = SEARCHES[name](population, viewers[viewer])
            requests.append(Request(f"{API}/search", params, viewer))
    return requests


async def second_pages(
    server: Server,
    tokens: list[str],
    population: Population,
    viewers: list[Student],
    count: int,
    concurrency: int,
) -> list[Request]:
    """Page 2 of a university's students: the cursor comes from a page 1 fetched first."""
    firsts = plan("university", population, viewers, count)
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as client:

        async def cursor_of(request: Request) -> Request | None:
            async with gate:
                answer = await client.get(
                    request.path, params=request.params, headers=_auth(tokens[request.viewer])
                )
            answer.raise_for_status()
            cursor = answer.json()["next_cursor"]
            if cursor is None:
                return None
            return Request(request.path, {**request.params, "cursor": cursor}, request.viewer)

        found = await asyncio.gather(*(cursor_of(request) for request in firsts))
    return [request for request in found if request is not None]


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@contextlib.asynccontextmanager
async def keep_alive_clients(server: Server, count: int) -> AsyncIterator[list[KeepAliveHttp]]:
    """One keep-alive connection per concurrent client, opened once for the whole run."""
    clients = [await KeepAliveHttp.connect(server.base_url) for _ in range(count)]
    try:
        yield clients
    finally:
        for client in clients:
            await client.close()


async def drive(
    clients: list[KeepAliveHttp], tokens: list[str], requests: list[Request]
) -> Outcome:
    """Sends the requests from the clients concurrently, each waiting for its answer before
    sending the next (a closed loop), and times each from send to body."""
    outcome = Outcome()
    pending = iter(requests)

    async def client_loop(client: KeepAliveHttp) -> None:
        for request in pending:
            started = time.perf_counter()
            answer = await client.get(request.path, request.params, _auth(tokens[request.viewer]))
            took = (time.perf_counter() - started) * 1000
            if answer.status_code != 200:
                outcome.errors.append(f"{answer.status_code} {request.params}: {answer.body!r}")
                continue
            outcome.record(took, request.params)
            outcome.results += len(json.loads(answer.body)["items"])

    await asyncio.gather(*(client_loop(client) for client in clients))
    return outcome


@contextlib.asynccontextmanager
async def seeded_database(
    args: argparse.Namespace, report: dict[str, Any]
) -> AsyncIterator[BenchDatabase]:
    """A fresh database seeded with ``args.users`` students (dropped at the end unless
    ``--keep-database``), or the one ``--database`` names, as it is."""
    if args.database:
        database = BenchDatabase(args.database)
        students = len(await load_students(database))
        say(f"using database {database.name} as it is ({students:,} students)")
        report["seed"] = {"students": students, "database": database.name}
        yield database
        return
    async with fresh_database("quad_bench", keep=args.keep_database) as database:
        say(f"seeding {args.users:,} demo students ...")
        world, seeded = await populate(
            database.sqlalchemy_url, users=args.users, seed=args.seed, bcrypt_rounds=12
        )
        say(seeded.summary(world).rstrip())
        report["seed"] = {
            **asdict(seeded),
            "total_seconds": seeded.total_seconds,
            "average_friends": seeded.average_friends,
        }
        del world  # the benchmark reads its parameters from the database, like a client
        started = time.perf_counter()
        await vacuum(database)
        say(f"VACUUM ANALYZE (as autovacuum soon would) in {elapsed(started)}")
        yield database


async def vacuum(database: BenchDatabase) -> None:
    """Measure a settled database: visibility maps set, so index-only scans skip the heap."""
    connection = await asyncpg.connect(database.url)
    try:
        await connection.execute("VACUUM (ANALYZE) users, friendships, friend_requests, blocks")
    finally:
        await connection.close()


async def postgres_pids(database: BenchDatabase) -> list[int]:
    connection = await asyncpg.connect(database.url)
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            database.name,
        )
    finally:
        await connection.close()
    return [row["pid"] for row in rows]


def backplane(args: argparse.Namespace) -> dict[str, str]:
    """Several server processes share events through Redis, as in a deployment."""
    if args.workers == 1:
        return {}
    return {"REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}


def server_pids(server: Server) -> list[int]:
    """The server and any process it started (uvicorn workers, if any)."""
    pids = [server.pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == server.pid:  # parent pid
            pids.append(int(stat.parent.name))
    return pids


async def benchmark(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)  # noqa: S311 (the same requests every run)
    report: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": load_average(),
        },
        "settings": vars(args),
    }
    async with seeded_database(args, report) as database:
        population = Population(await load_students(database), rng)
        viewers = rng.sample(population.students, args.viewers)

        async with (
            quad_server(database, WORKERS=str(args.workers), **backplane(args)) as server,
            keep_alive_clients(server, args.concurrency) as clients,
        ):
            started = time.perf_counter()
            tokens = await log_in(server, viewers)
            say(f"{len(tokens)} demo students logged in through the API in {elapsed(started)}")

            names = [*SEARCHES, SECOND_PAGE, SUGGESTIONS]
            plans: dict[str, list[Request]] = {}
            for name in names:
                total = args.requests + args.warmup
                if name == SECOND_PAGE:
                    plans[name] = await second_pages(
                        server, tokens, population, viewers, total, args.concurrency
                    )
                else:
                    plans[name] = plan(name, population, viewers, total)

            say(f"warming up ({args.warmup} requests per scenario) ...")
            for name in names:
                await drive(clients, tokens, plans[name][: args.warmup])

            pg_pids = await postgres_pids(database)
            servers = server_pids(server)
            cpu_before = (cpu_seconds(servers), cpu_seconds(pg_pids), own_cpu_seconds())
            wall_started = time.perf_counter()
            load_before = load_average()
            say(
                f"measuring {args.requests} requests per scenario from {args.concurrency} "
                "concurrent clients ..."
            )
            rows = []
            errors: list[str] = []
            for name in names:
                outcome = await drive(clients, tokens, plans[name][args.warmup :])
                errors += outcome.errors
                if not outcome.latencies_ms:
                    continue
                stats = Percentiles.of(outcome.latencies_ms)
                rows.append(
                    {
                        "scenario": name,
                        **asdict(stats),
                        "results_per_page": outcome.results / stats.count,
                        "errors": len(outcome.errors),
                        "slowest": [
                            {"ms": round(ms, 1), "params": params} for ms, params in outcome.slowest
                        ],
                    }
                )
            wall = time.perf_counter() - wall_started
            cpu_after = (cpu_seconds(servers), cpu_seconds(pg_pids), own_cpu_seconds())

    server_cpu, postgres_cpu, generator_cpu = (
        after - before for after, before in zip(cpu_after, cpu_before, strict=True)
    )
    report["scenarios"] = rows
    report["measurement"] = {
        "wall_seconds": wall,
        "requests": sum(row["count"] for row in rows),
        "server_cpu_seconds": server_cpu,
        "postgres_cpu_seconds": postgres_cpu,
        "load_generator_cpu_seconds": generator_cpu,
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "errors": errors[:20],
    }
    print_table(report)
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"search-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2, default=str) + "\n")
    say(f"report written to {path}")
    if errors:
        say(f"{len(errors)} requests failed, for example: {errors[0]}")
        return 1
    return 0


def _processes(workers: int) -> str:
    return "one server process" if workers == 1 else f"{workers} server processes"


def print_table(report: dict[str, Any]) -> None:
    measured = report["measurement"]
    say("")
    say(
        f"Discovery over {report['seed']['students']:,} students, "
        f"{report['settings']['concurrency']} concurrent clients, "
        f"{_processes(report['settings']['workers'])} "
        f"(target p95 < {TARGET_P95_MS:.0f} ms)"
    )
    header = (
        f"{'scenario':<32} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'rows':>5}  p95 target"
    )
    say(header)
    say("-" * len(header))
    for row in report["scenarios"]:
        verdict = "ok" if row["p95"] < TARGET_P95_MS else "MISSED"
        say(
            f"{row['scenario']:<32} {row['count']:>6} {row['p50']:>8.1f} {row['p95']:>8.1f} "
            f"{row['p99']:>8.1f} {row['max']:>8.1f} {row['results_per_page']:>5.1f}  {verdict}"
        )
    wall = measured["wall_seconds"]
    say("")
    say(
        f"{measured['requests']:,} requests in {wall:.1f} s "
        f"({measured['requests'] / wall:.0f}/s). CPU used meanwhile: "
        f"server {measured['server_cpu_seconds']:.1f} s, "
        f"PostgreSQL {measured['postgres_cpu_seconds']:.1f} s, "
        f"this load generator {measured['load_generator_cpu_seconds']:.1f} s."
    )
    say(
        f"The load generator shares the machine's {report['machine']['cpus']} cores with the "
        "server and PostgreSQL, so latencies include its share of them. Load average "
        f"before/after: {measured['load_average_before'][0]:.1f}/"
        f"{measured['load_average_after'][0]:.1f} (other work on the machine slows every figure)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100_000, help="default: %(default)s")
    parser.add_argument(
        "--requests", type=int, default=200, help="measured per scenario; default: %(default)s"
    )
    parser.add_argument("--warmup", type=int, default=20, help="per scenario; default: %(default)s")
    parser.add_argument(
        "--concurrency", type=int, default=4, help="concurrent clients; default: %(default)s"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (WORKERS; with more than one, REDIS_URL as deployed, "
        "redis://127.0.0.1:6379/0 unless set); default: %(default)s",
    )
    parser.add_argument(
        "--viewers", type=int, default=16, help="demo students logged in; default: %(default)s"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="default: %(default)s")
    parser.add_argument(
        "--keep-database", action="store_true", help="keep the seeded database (for EXPLAIN)"
    )
    parser.add_argument(
        "--database", help="measure this existing (seeded) database instead; nothing dropped"
    )
    args = parser.parse_args()
    sys.exit(asyncio.run(benchmark(args)))


if __name__ == "__main__":
    main()
