"""Delivery latency through two server processes sharing Redis (issue 14's figures).

Pairs of friends chat 1:1; every sender is connected to process A and every receiver to
process B, so each message is committed to PostgreSQL by A, published to Redis, and pushed
by B. The generator sends over the WebSocket (`message.send`) at a set total rate and times
each message from the send to its `message.new` at the receiver. At the end every message
is counted in PostgreSQL: lost (acked but never delivered) and doubled are reported.

The generator shares the 2 cores with both servers, PostgreSQL and Redis; its own CPU is
reported beside the figures. Run: make bench-delivery BENCH_ARGS="--rates 100 500".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
import orjson
from harness import (
    RESULTS_DIR,
    BenchDatabase,
    Percentiles,
    Server,
    cpu_seconds,
    fresh_database,
    own_cpu_seconds,
    quad_server,
    say,
)
from websockets.asyncio.client import ClientConnection, connect

PASSWORD = "bench delivery password"  # noqa: S105 (demo students of a throwaway database)


@dataclass
class Pair:
    sender_token: str
    receiver_token: str
    conversation_id: str


@dataclass
class Run:
    rate: int
    seconds: float
    sent: int = 0
    acked: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    duplicates: int = 0


async def make_pairs(server: Server, count: int) -> list[Pair]:
    """Students registered through the API (BCRYPT_ROUNDS is low for the set-up), made
    friends, each pair with its direct chat."""
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as http:
        oxford = await http.get("/api/v1/universities", params={"domain": "ox.ac.uk"})
        university_id = oxford.json()["items"][0]["id"]

        async def student(tag: str) -> tuple[str, str]:
            body = {
                "first_name": "Bench",
                "last_name": tag,
                "email": f"{tag}.{uuid.uuid4().hex[:8]}@ox.ac.uk",
                "password": PASSWORD,
                "university_id": university_id,
                "course": "Mathematics",
            }
            answer = _ok(await http.post("/api/v1/auth/register", json=body))
            return answer["user"]["id"], answer["tokens"]["access_token"]

        async def pair(number: int) -> Pair:
            (_, a_token), (b_id, b_token) = await student(f"s{number}"), await student(f"r{number}")
            a = {"Authorization": f"Bearer {a_token}"}
            b = {"Authorization": f"Bearer {b_token}"}
            request = _ok(
                await http.post("/api/v1/friend-requests", json={"user_id": b_id}, headers=a)
            )
            _ok(await http.post(f"/api/v1/friend-requests/{request['id']}/accept", headers=b))
            chat = _ok(
                await http.post("/api/v1/conversations/direct", json={"user_id": b_id}, headers=a)
            )
            return Pair(a_token, b_token, chat["id"])

        pairs = []
        for start in range(0, count, 10):
            pairs += await asyncio.gather(*(pair(n) for n in range(start, min(start + 10, count))))
        return pairs


def _ok(response: httpx.Response) -> Any:
    if response.is_error:
        raise RuntimeError(f"{response.request.method} {response.request.url}: {response.text}")
    return response.json()


async def open_socket(url: str, token: str) -> ClientConnection:
    socket = await connect(url + "/api/v1/ws", max_size=None, ping_interval=None, proxy=None)
    await socket.send(orjson.dumps({"type": "auth", "token": token}).decode())
    while orjson.loads(await socket.recv())["type"] != "ready":
        pass
    return socket


async def drive(pairs: list[Pair], senders: list[ClientConnection],
                receivers: list[ClientConnection], run: Run) -> None:  # fmt: skip
    sent_at: dict[str, float] = {}
    seen: set[str] = set()
    progress = asyncio.Event()  # set on every ack, error and delivery

    async def receive(socket: ClientConnection) -> None:
        async for raw in socket:
            frame = orjson.loads(raw)
            if frame["type"] != "message.new":
                continue
            client_id = frame["message"]["client_id"]
            if client_id in seen:
                run.duplicates += 1
                continue
            seen.add(client_id)
            started = sent_at.get(client_id)
            if started is not None:
                run.latencies_ms.append((time.perf_counter() - started) * 1000)
                progress.set()

    async def acks(socket: ClientConnection) -> None:
        async for raw in socket:
            kind = orjson.loads(raw)["type"]
            if kind == "message.ack":
                run.acked += 1
                progress.set()
            elif kind == "error":
                run.errors += 1
                progress.set()

    readers = [asyncio.create_task(receive(s)) for s in receivers]
    readers += [asyncio.create_task(acks(s)) for s in senders]
    interval = 1 / run.rate
    started = time.perf_counter()
    total = int(run.rate * run.seconds)
    for number in range(total):
        # Open loop: each send at its planned time, whatever the answers do.
        delay = started + number * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        index = number % len(pairs)
        client_id = str(uuid.uuid4())
        frame = {
            "type": "message.send",
            "conversation_id": pairs[index].conversation_id,
            "body": f"message {number}",
            "client_id": client_id,
        }
        sent_at[client_id] = time.perf_counter()
        await senders[index].send(orjson.dumps(frame).decode())
        run.sent += 1
    # Every send is answered (acked or refused) and every acked message delivered, or 30 s
    # pass: what is still missing then counts as lost.
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(30):
            while run.acked + run.errors < run.sent or len(run.latencies_ms) < run.acked:
                progress.clear()
                await progress.wait()
    await asyncio.sleep(0.5)  # a duplicate would arrive now
    for reader in readers:
        reader.cancel()


async def benchmark(args: argparse.Namespace) -> int:
    report: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count()},
        "setup": "2 quad serve processes sharing Redis; senders on A, receivers on B; the "
        "generator on the same 2 cores",
        "runs": [],
    }
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    async with fresh_database("quad_bench_delivery") as database:
        # One deployment: both processes share the broker and the signing key.
        environment = {
            "REDIS_URL": redis_url,
            "BCRYPT_ROUNDS": "4",
            "JWT_SECRET": "bench-" + uuid.uuid4().hex * 2,
        }
        async with (
            quad_server(database, **environment) as a,
            quad_server(database, **environment) as b,
        ):
            pairs = await make_pairs(a, args.pairs)
            say(f"{len(pairs)} pairs of friends, each with a direct chat")
            ws_a, ws_b = a.base_url.replace("http", "ws"), b.base_url.replace("http", "ws")
            senders = [await open_socket(ws_a, p.sender_token) for p in pairs]
            receivers = [await open_socket(ws_b, p.receiver_token) for p in pairs]
            stored_before = await count_messages(database)
            for rate in args.rates:
                run = Run(rate=rate, seconds=args.seconds)
                cpu_before = cpu_seconds([a.pid, b.pid]), own_cpu_seconds()
                await drive(pairs, senders, receivers, run)
                servers_cpu = cpu_seconds([a.pid, b.pid]) - cpu_before[0]
                generator_cpu = own_cpu_seconds() - cpu_before[1]
                stored = await count_messages(database) - stored_before
                stored_before += stored
                latency = Percentiles.of(run.latencies_ms) if run.latencies_ms else None
                result = {
                    "rate": rate,
                    "seconds": args.seconds,
                    "sent": run.sent,
                    "acked": run.acked,
                    "errors": run.errors,
                    "delivered": len(run.latencies_ms),
                    # Acked means committed: each must reach its receiver.
                    "lost": max(run.acked, stored) - len(run.latencies_ms),
                    "doubled": run.duplicates,
                    "stored_in_postgresql": stored,
                    "latency_ms": asdict(latency) if latency else None,
                    "servers_cpu_percent": round(100 * servers_cpu / args.seconds, 1),
                    "generator_cpu_percent": round(100 * generator_cpu / args.seconds, 1),
                }
                report["runs"].append(result)
                say(json.dumps(result))
            # A server still busy would hold each close handshake: drop them all at once.
            for socket in senders + receivers:
                socket.transport.abort()
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"delivery-{int(time.time())}.json"
    path.write_text(json.dumps(report, indent=2))
    print_table(report)
    say(f"report: {path}")
    return 0 if all(r["lost"] == 0 and r["doubled"] == 0 for r in report["runs"]) else 1


async def count_messages(database: BenchDatabase) -> int:
    connection = await asyncpg.connect(database.url)
    try:
        return int(await connection.fetchval("SELECT count(*) FROM messages"))
    finally:
        await connection.close()


def print_table(report: dict[str, Any]) -> None:
    print(
        "\nrate/s  sent  delivered  lost  doubled   p50 ms   p95 ms   p99 ms   max ms"
        "  servers CPU  generator CPU"
    )
    for run in report["runs"]:
        latency = run["latency_ms"] or {"p50": 0, "p95": 0, "p99": 0, "max": 0}
        print(
            f"{run['rate']:>6} {run['sent']:>5} {run['delivered']:>10} {run['lost']:>5} "
            f"{run['doubled']:>8} {latency['p50']:>8.1f} {latency['p95']:>8.1f} "
            f"{latency['p99']:>8.1f} {latency['max']:>8.1f} {run['servers_cpu_percent']:>11}% "
            f"{run['generator_cpu_percent']:>13}%"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--rates", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--seconds", type=float, default=15)
    raise SystemExit(asyncio.run(benchmark(parser.parse_args())))


if __name__ == "__main__":
    main()
