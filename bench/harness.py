"""What every Quad benchmark needs: a database of its own, a real server, latency
percentiles and CPU accounting. Run with the backend's environment (`make bench`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import asyncpg  # type: ignore[import-untyped]
import httpx
import orjson

from quad.core.migrations import upgrade_to_head

POSTGRES_ADMIN_URL = os.environ.get(
    "QUAD_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)
RESULTS_DIR = Path(__file__).resolve().parent / "results"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


_STARTED = time.monotonic()


def say(message: str) -> None:
    """A line of progress, after the minutes and seconds since the benchmark started (the
    full run has a budget of 15 minutes: this shows what spends it)."""
    minutes, seconds = divmod(int(time.monotonic() - _STARTED), 60)
    print(f"[{minutes:2d}:{seconds:02d}] {message}", flush=True)


# --- Database -----------------------------------------------------------------------------


def _url(database: str, driver: str = "postgresql") -> str:
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{database}".replace("postgresql://", f"{driver}://", 1)


@dataclass(frozen=True)
class BenchDatabase:
    name: str

    @property
    def url(self) -> str:
        """For asyncpg."""
        return _url(self.name)

    @property
    def sqlalchemy_url(self) -> str:
        """For Quad (DATABASE_URL)."""
        return _url(self.name, "postgresql+asyncpg")


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def checkpoint() -> None:
    """Writes out what seeding left dirty (its rows, and the vacuum's visibility maps and hint
    bits) before anything is measured, instead of in the first phase, whose commits would
    wait on those writes."""
    await _admin("CHECKPOINT")


@contextlib.asynccontextmanager
async def fresh_database(prefix: str, *, keep: bool = False) -> AsyncIterator[BenchDatabase]:
    """A new database migrated to the newest schema, dropped at the end unless ``keep``."""
    database = BenchDatabase(f"{prefix}_{uuid.uuid4().hex[:8]}")
    await _admin(f'CREATE DATABASE "{database.name}"')
    try:
        started = time.perf_counter()
        await asyncio.to_thread(upgrade_to_head, database.sqlalchemy_url)
        say(f"database {database.name} created and migrated in {elapsed(started)}")
        yield database
    finally:
        if keep:
            say(f"kept database {database.name} (drop it with: DROP DATABASE {database.name})")
        else:
            await _admin(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')


# --- The machine's speed ------------------------------------------------------------------


def speed_probe(rounds: int = 5) -> float:
    """Milliseconds one core takes for a fixed piece of a server's kind of work (a message's
    frame encoded and decoded, a digest, a UUID), the fastest of ``rounds``. Taken with the
    machine otherwise idle at a run's start and end: on a shared host the same code's
    figures drift by tens of percent within an hour, and this says how much of a
    difference between two runs is the machine's."""
    message: dict[str, object] = {
        "id": "5f0c6f7e-8d4b-4a55-9d3e-6f1f7b2f9a10",
        "conversation_id": "0b8e5a3c-2f1d-4c7e-a9b6-3d2e1f0a9c8b",
        "seq": 1234,
        "body": "Are you going to the lab tomorrow? I have the slides.",
        "created_at": "2026-12-06T21:58:04.123456Z",
    }
    frame = {"type": "message.new", "message": message}
    fastest = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for number in range(5_000):
            message["seq"] = number
            encoded = orjson.dumps(frame)
            orjson.loads(encoded)
            hashlib.sha256(encoded).digest()
            uuid.uuid4()
        fastest = min(fastest, time.perf_counter() - started)
    return round(fastest * 1000, 2)


# --- Server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    log: IO[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid


@contextlib.asynccontextmanager
async def quad_server(database: BenchDatabase, **environment: str) -> AsyncIterator[Server]:
    """`quad serve` (one process, its own process group) on a free port, ready to answer;
    stopped by its group at the end, so nothing it started outlives the benchmark."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="quad-bench-") as data_dir:
        # In-process backplane unless the caller passes REDIS_URL (this shell's is not used).
        env = {
            **{name: value for name, value in os.environ.items() if name != "REDIS_URL"},
            "DATABASE_URL": database.sqlalchemy_url,
            "DATA_DIR": data_dir,
            "WEB_DIST_DIR": str(Path(data_dir) / "no-web-app"),
            "JWT_SECRET": "bench-" + uuid.uuid4().hex * 2,
            "LOG_LEVEL": "WARNING",
            "LOG_FORMAT": "json",
            "WORKERS": "1",
            **environment,
        }
        # A local temporary file, and a Popen that returns at once: nothing here blocks.
        log = open(Path(data_dir) / "server.log", "w+b")  # noqa: SIM115, ASYNC230
        process = subprocess.Popen(  # noqa: S603, ASYNC220 (our own command)
            [sys.executable, "-m", "quad.cli", "serve", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        server = Server(process, f"http://127.0.0.1:{port}", log)
        try:
            await _wait_ready(server)
            yield server
        finally:
            _stop(process)
            log.close()


async def _wait_ready(server: Server, within: float = 120) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(base_url=server.base_url) as client:
        while True:
            if server.process.poll() is not None:
                server.log.seek(0)
                tail = server.log.read().decode(errors="replace")[-4000:]
                raise RuntimeError(f"quad serve exited with {server.process.returncode}:\n{tail}")
            with contextlib.suppress(httpx.TransportError):
                if (await client.get("/readyz")).status_code == 200:
                    return
            if time.monotonic() > deadline:
                raise RuntimeError("quad serve did not become ready")
            await asyncio.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# --- Measuring ----------------------------------------------------------------------------


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes so far (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


@dataclass(frozen=True)
class Percentiles:
    count: int
    p50: float
    p95: float
    p99: float
    max: float
    mean: float

    @classmethod
    def of(cls, samples_ms: list[float]) -> Percentiles:
        ordered = sorted(samples_ms)
        cuts = statistics.quantiles(ordered, n=100, method="inclusive")
        return cls(
            count=len(ordered),
            p50=cuts[49],
            p95=cuts[94],
            p99=cuts[98],
            max=ordered[-1],
            mean=statistics.fmean(ordered),
        )


def elapsed(started: float) -> str:
    return f"{time.perf_counter() - started:.1f} s"


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


@contextlib.contextmanager
def stopwatch() -> Iterator[list[float]]:
    """``with stopwatch() as took: ...`` then ``took[0]`` is the seconds it took."""
    took: list[float] = []
    started = time.perf_counter()
    try:
        yield took
    finally:
        took.append(time.perf_counter() - started)


class KeepAliveHttp:
    """HTTP/1.1 GETs over one keep-alive connection, and nothing more.

    The load generator shares the cores it measures: a general client (httpx costs ~1.7 ms of
    CPU a request) would take a fifth of the machine from the server. This one writes the
    request and reads the status line, headers and ``Content-Length`` bytes of body, as wrk
    or k6 would; the server under test is unchanged.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str):
        self._reader = reader
        self._writer = writer
        self._host = host

    @classmethod
    async def connect(cls, base_url: str) -> KeepAliveHttp:
        address = urllib.parse.urlsplit(base_url)  # http://127.0.0.1:PORT, from quad_server
        reader, writer = await asyncio.open_connection(address.hostname, address.port)
        return cls(reader, writer, address.netloc)

    async def get(self, path: str, params: dict[str, str], headers: dict[str, str]) -> Answer:
        target = f"{path}?{urllib.parse.urlencode(params)}" if params else path
        lines = [f"GET {target} HTTP/1.1", f"Host: {self._host}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self._writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = await self._reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        length = next(
            int(line.split(":", 1)[1])
            for line in header_lines
            if line.lower().startswith("content-length:")
        )
        return Answer(int(status_line.split(" ", 2)[1]), await self._reader.readexactly(length))

    async def close(self) -> None:
        self._writer.close()
        with contextlib.suppress(ConnectionError):
            await self._writer.wait_closed()


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: bytes
