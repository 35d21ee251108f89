"""The REST hot paths under load, and logins against raw bcrypt on the same cores.

* ``rest_under_load``: a page of conversations, a page of history and a search, each at a
  set rate (open loop: a slow answer does not slow the asking), spread over both servers,
  as the students the world seeded (their access tokens), while scenario A's messages flow.
* ``logins``: students given a production-cost bcrypt hash (12 rounds, as ``quad serve``
  hashes by default) log in over and over; beside it, bcrypt's own rate of checks on these
  cores (one process per core, no server). A login costs one check, so logins/s can only
  approach that rate: the figure says how much of the cost is bcrypt's.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import bcrypt
import httpx
from harness import Percentiles

from quad.demo import DEMO_PASSWORD

PRODUCTION_ROUNDS = 12  # Settings.bcrypt_rounds' default
# Names (as typed, and one word short), a course and an interest.
SEARCHES = [
    {"q": "ada"},
    {"q": "grace hop"},
    {"q": "alan"},
    {"course": "Physics"},
    {"course": "Mathematics"},
    {"interest": "chess"},
]


class _Timings:
    """Each request's latency and status (0: no answer), for one route's report."""

    def __init__(self) -> None:
        self.latencies_ms: list[float] = []
        self.statuses: Counter[int] = Counter()

    async def time(self, asking: Awaitable[httpx.Response]) -> None:
        started = time.perf_counter()
        try:
            response = await asking
        except httpx.HTTPError:
            self.statuses[0] += 1
            return
        self.statuses[response.status_code] += 1
        self.latencies_ms.append((time.perf_counter() - started) * 1000)

    def row(self, seconds: float) -> dict[str, Any]:
        latencies = self.latencies_ms
        return {
            "requests": len(latencies),
            "per_second": round(len(latencies) / seconds, 1),
            "latency_ms": vars(Percentiles.of(latencies)) if len(latencies) > 1 else None,
            "statuses": {str(code): n for code, n in sorted(self.statuses.items())},
        }


async def _closed_loop(
    base_urls: list[str],
    request: Callable[[httpx.AsyncClient, random.Random], Awaitable[httpx.Response]],
    *,
    clients: int,
    seconds: float,
    seed: int,
) -> dict[str, Any]:
    """``clients`` callers, each asking again as soon as answered, for ``seconds``."""
    timings = _Timings()
    deadline = time.perf_counter() + seconds

    async def caller(number: int) -> None:
        rng = random.Random(seed + number)  # noqa: S311 (a load pattern)
        base_url = base_urls[number % len(base_urls)]
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
            while time.perf_counter() < deadline:
                await timings.time(request(http, rng))

    await asyncio.gather(*(caller(n) for n in range(clients)))
    return timings.row(seconds)


async def _open_loop(
    base_urls: list[str],
    request: Callable[[httpx.AsyncClient, random.Random], Awaitable[httpx.Response]],
    *,
    rate: float,
    seconds: float,
    seed: int,
) -> dict[str, Any]:
    """``rate`` requests a second for ``seconds``, each sent on time whatever the others."""
    timings = _Timings()
    rng = random.Random(seed)  # noqa: S311 (a load pattern)
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    clients = [httpx.AsyncClient(base_url=url, timeout=30, limits=limits) for url in base_urls]
    try:
        started, in_flight = time.perf_counter(), []
        for number in range(round(rate * seconds)):
            delay = started + number / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            http = clients[number % len(clients)]
            in_flight.append(asyncio.create_task(timings.time(request(http, rng))))
        await asyncio.gather(*in_flight)
    finally:
        for http in clients:
            await http.aclose()
    return timings.row(seconds)


async def rest_under_load(
    base_urls: list[str],
    tokens: list[str],
    memberships: list[tuple[str, str]],
    *,
    seconds: float,
    rates: tuple[float, float, float] = (20, 20, 5),
) -> dict[str, Any]:
    """The three hot reads at once, at ``rates`` a second (conversations, history, search),
    as students (``tokens``); history as a member (``memberships``: token, conversation id).
    The default: 1,000 students each opening the app (their chats, one history) every 50 s
    and searching every 200 s."""

    def as_someone(rng: random.Random) -> dict[str, str]:
        return {"Authorization": f"Bearer {rng.choice(tokens)}"}

    async def conversations_page(http: httpx.AsyncClient, rng: random.Random) -> httpx.Response:
        return await http.get(
            "/api/v1/conversations", params={"limit": 20}, headers=as_someone(rng)
        )

    async def history_page(http: httpx.AsyncClient, rng: random.Random) -> httpx.Response:
        # A member's view: a stranger's 404 would time a shortcut.
        token, conversation_id = rng.choice(memberships)
        return await http.get(
            f"/api/v1/conversations/{conversation_id}/messages",
            params={"limit": 50},
            headers={"Authorization": f"Bearer {token}"},
        )

    async def search(http: httpx.AsyncClient, rng: random.Random) -> httpx.Response:
        params = rng.choice(SEARCHES)
        return await http.get("/api/v1/users/search", params=params, headers=as_someone(rng))

    routes = {
        "GET /conversations": conversations_page,
        "GET /conversations/{id}/messages": history_page,
        "GET /users/search": search,
    }
    results = await asyncio.gather(
        *(
            _open_loop(base_urls, request, rate=rate, seconds=seconds, seed=n)
            for n, (request, rate) in enumerate(zip(routes.values(), rates, strict=True))
        )
    )
    return dict(zip(routes, results, strict=True))


async def logins(
    database_url: str,
    base_urls: list[str],
    user_ids: list[str],
    *,
    seconds: float,
    clients: int = 8,
) -> dict[str, Any]:
    """Logins/s of students with a production-cost hash, and bcrypt's own checks/s."""
    loop = asyncio.get_running_loop()
    hashed = await loop.run_in_executor(
        None, lambda: bcrypt.hashpw(DEMO_PASSWORD.encode(), bcrypt.gensalt(PRODUCTION_ROUNDS))
    )
    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch(
            "UPDATE users SET password_hash = $1 WHERE id = ANY($2::uuid[]) RETURNING email",
            hashed.decode(),
            user_ids,
        )
    finally:
        await connection.close()
    emails = [row["email"] for row in rows]

    async def log_in(http: httpx.AsyncClient, rng: random.Random) -> httpx.Response:
        return await http.post(
            "/api/v1/auth/login", json={"email": rng.choice(emails), "password": DEMO_PASSWORD}
        )

    login = await _closed_loop(base_urls, log_in, clients=clients, seconds=seconds, seed=7)
    cores = os.cpu_count() or 1
    with concurrent.futures.ProcessPoolExecutor(cores) as pool:
        checks = await asyncio.gather(
            *(loop.run_in_executor(pool, _bcrypt_checks, hashed, seconds) for _ in range(cores))
        )
    return {
        "rounds": PRODUCTION_ROUNDS,
        "logins": login,
        "bcrypt_checks_per_second": round(sum(checks) / seconds, 1),
        "bcrypt_processes": cores,
    }


def _bcrypt_checks(hashed: bytes, seconds: float) -> int:
    deadline = time.perf_counter() + seconds
    checks = 0
    while time.perf_counter() < deadline:
        bcrypt.checkpw(DEMO_PASSWORD.encode(), hashed)
        checks += 1
    return checks
