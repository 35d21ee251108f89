"""Two real server processes sharing one Redis: what a client of one does reaches a client
of the other, and a Redis restart loses nothing committed.

Each test starts its own Redis (a real ``redis-server`` on a free port, so it can be killed
and restarted) and two ``quad serve`` processes on the migrated test database.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from tests.builders import Student, befriend, open_direct, register, send_friend_request
from tests.conftest import TEST_JWT_SECRET
from tests.fixtures.live import Socket, free_port

# They time heartbeats and restarts of processes of their own: run alone (see pyproject.toml).
pytestmark = [pytest.mark.usefixtures("fresh_tables"), pytest.mark.alone]


@dataclass
class Process:
    port: int
    child: asyncio.subprocess.Process

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def kill(self, sig: int = signal.SIGTERM) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.child.pid, sig)


async def _until(check: Any, what: str, within: float = 30) -> None:
    async with asyncio.timeout(within):
        while True:
            with contextlib.suppress(Exception):
                if await check():
                    return
            await asyncio.sleep(0.1)
    raise AssertionError(what)  # pragma: no cover


class RedisServer:
    """A real ``redis-server`` of the test's own, on a free port, stopped and started at will."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._child: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self._child = await asyncio.create_subprocess_exec(
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no",
            stdout=asyncio.subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip

    async def stop(self) -> None:
        if self._child is not None:
            with contextlib.suppress(ProcessLookupError):
                self._child.kill()
            await self._child.wait()
            self._child = None


@contextlib.asynccontextmanager
async def quad_process(database_url: str, redis_url: str, data_dir: Path) -> AsyncIterator[Process]:
    port = free_port()
    env = os.environ | {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "JWT_SECRET": TEST_JWT_SECRET,
        "FRONTEND_URL": "http://localhost:3000",
        "DATA_DIR": str(data_dir),
        "WEB_DIST_DIR": str(data_dir / "no-web-app"),
        "BCRYPT_ROUNDS": "4",
        "LOG_FORMAT": "text",
        "LOG_LEVEL": "WARNING",
        "REALTIME_HEARTBEAT_SECONDS": "0.5",
        "REALTIME_PROCESS_TTL_SECONDS": "2",
    }
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "quad.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
        env=env,
        start_new_session=True,
    )  # fmt: skip
    process = Process(port, child)
    try:
        async with httpx.AsyncClient(base_url=process.http) as http:

            async def ready() -> bool:
                return (await http.get("/readyz")).status_code == 200

            await _until(ready, "quad serve did not become ready")
        yield process
    finally:
        process.kill()
        try:
            await asyncio.wait_for(child.wait(), 20)
        except TimeoutError:
            process.kill(signal.SIGKILL)
            await child.wait()


@dataclass
class Cluster:
    a: Process
    b: Process
    a_http: httpx.AsyncClient
    redis: RedisServer


@pytest.fixture
async def cluster(database_url: str, tmp_path: Path) -> AsyncIterator[Cluster]:
    redis = RedisServer()
    await redis.start()
    try:
        async with (
            quad_process(database_url, redis.url, tmp_path / "a") as a,
            quad_process(database_url, redis.url, tmp_path / "b") as b,
            httpx.AsyncClient(base_url=a.http, timeout=10) as a_http,
        ):
            yield Cluster(a, b, a_http, redis)
    finally:
        await redis.stop()


async def _friends_with_a_chat(http: httpx.AsyncClient) -> tuple[Student, Student, str]:
    ada, alan = await register(http), await register(http, first_name="Alan")
    await befriend(http, ada, alan)
    return ada, alan, (await open_direct(http, ada, alan))["id"]


async def test_what_a_client_of_one_process_does_reaches_a_client_of_the_other(
    cluster: Cluster,
) -> None:
    ada, alan, chat = await _friends_with_a_chat(cluster.a_http)
    on_a = await Socket.open(cluster.a.ws, ada.access_token)
    on_b = await Socket.open(cluster.b.ws, alan.access_token)

    came_online = await on_a.expect("presence")
    await on_a.send(
        type="message.send", conversation_id=chat, body="across", client_id=str(uuid.uuid4())
    )
    delivered = await on_b.expect("message.new")
    await on_a.send(type="typing", conversation_id=chat)
    typing = await on_b.expect("typing")
    await on_b.send(type="read", conversation_id=chat, seq=1)
    receipt = await on_a.expect("read")
    await on_b.close()
    went_offline = await on_a.expect("presence")

    assert came_online == {"type": "presence", "user_id": str(alan.id), "online": True}
    assert delivered["message"]["body"] == "across"
    assert typing["user_id"] == str(ada.id)
    assert receipt["seq"] == 1
    assert went_offline == {"type": "presence", "user_id": str(alan.id), "online": False}


async def test_frames_are_not_compressed_even_when_the_client_asks(cluster: Cluster) -> None:
    ada = await register(cluster.a_http)
    socket = await Socket.open(cluster.a.ws, ada.access_token)  # offers permessage-deflate

    extensions = socket.connection.response.headers.get("Sec-WebSocket-Extensions")
    await socket.close()

    assert extensions is None  # WEBSOCKET_COMPRESSION is off by default


async def test_notifications_reach_a_client_of_the_other_process(cluster: Cluster) -> None:
    ada, alan = await register(cluster.a_http), await register(cluster.a_http)
    ada_on_a = await Socket.open(cluster.a.ws, ada.access_token)
    alan_on_b = await Socket.open(cluster.b.ws, alan.access_token)

    request = await send_friend_request(cluster.a_http, ada, alan)  # served by A
    asked = await alan_on_b.expect("notification.new")
    async with httpx.AsyncClient(base_url=cluster.b.http, timeout=10) as b_http:
        accepted = await b_http.post(
            f"/api/v1/friend-requests/{request['id']}/accept", headers=alan.headers
        )
    assert accepted.status_code == 200
    told = await ada_on_a.expect("notification.new")
    chat = (await open_direct(cluster.a_http, ada, alan))["id"]
    await ada_on_a.send(
        type="message.send", conversation_id=chat, body="hi", client_id=str(uuid.uuid4())
    )
    messaged = await alan_on_b.expect("notification.new")

    assert (asked["notification"]["type"], asked["notification"]["actor"]["id"]) == (
        "friend_request",
        str(ada.id),
    )
    assert (told["notification"]["type"], told["notification"]["actor"]["id"]) == (
        "friend_request_accepted",
        str(alan.id),
    )
    assert messaged["notification"]["type"] == "new_message"
    assert messaged["notification"]["data"]["conversation_id"] == chat


async def test_a_password_reset_closes_sockets_on_every_process(cluster: Cluster) -> None:
    ada = await register(cluster.a_http)
    on_a = await Socket.open(cluster.a.ws, ada.access_token)
    on_b = await Socket.open(cluster.b.ws, ada.access_token)
    other = await cluster.a_http.post(
        "/api/v1/auth/login", json={"email": ada.email, "password": ada.password}
    )

    changed = await cluster.a_http.post(
        "/api/v1/users/me/password",
        json={"current_password": ada.password, "new_password": "another long passphrase"},
        headers={"Authorization": f"Bearer {other.json()['access_token']}"},
    )

    assert changed.status_code == 204
    assert await on_a.closed_with() == 4001
    assert await on_b.closed_with() == 4001


async def test_a_killed_process_leaves_no_one_online(cluster: Cluster) -> None:
    ada, alan, _ = await _friends_with_a_chat(cluster.a_http)
    on_a = await Socket.open(cluster.a.ws, ada.access_token)
    await Socket.open(cluster.b.ws, alan.access_token)
    await on_a.expect("presence", online=True)

    cluster.b.kill(signal.SIGKILL)  # no goodbye: its heartbeat just stops

    offline = await on_a.expect("presence", within=15)
    assert offline == {"type": "presence", "user_id": str(alan.id), "online": False}


async def test_a_process_reaped_while_alive_has_its_clients_resync(cluster: Cluster) -> None:
    ada, alan, chat = await _friends_with_a_chat(cluster.a_http)
    on_b = await Socket.open(cluster.b.ws, alan.access_token)
    redis = Redis.from_url(cluster.redis.url)
    [b_id] = [
        key.decode().split(":")[2]
        for key in await redis.keys("quad:process:*:users")
        if await redis.sismember(key, str(alan.id))
    ]

    # As far as process A can tell, B stalled past the limit: A reaps it, and events stop
    # reaching B. B hears it and tells its clients to resync.
    codes: list[int] = []

    async def closed() -> bool:
        await redis.zadd("quad:processes", {b_id: 0})
        codes.append(await on_b.closed_with(within=0.1))
        return True

    try:
        await _until(closed, "the reaped process did not close its sockets")
    finally:
        await redis.aclose()
    back = await _reconnect(cluster.b.ws, alan)
    history = f"/api/v1/conversations/{chat}/messages"
    await cluster.a_http.post(history, json={"body": "still there?"}, headers=ada.headers)

    assert codes == [1012]
    assert (await back.expect("message.new"))["message"]["body"] == "still there?"


async def test_a_redis_restart_loses_nothing_committed(cluster: Cluster) -> None:
    ada, alan, chat = await _friends_with_a_chat(cluster.a_http)
    on_b = await Socket.open(cluster.b.ws, alan.access_token)
    history = f"/api/v1/conversations/{chat}/messages"

    await cluster.redis.stop()

    # Every socket is told to resync: events may be missed while Redis is away.
    assert await on_b.closed_with(within=10) == 1012
    sent_meanwhile = await cluster.a_http.post(
        history, json={"body": "while Redis was down"}, headers=ada.headers
    )
    assert sent_meanwhile.status_code == 201  # committed; its event had nowhere to go

    await cluster.redis.start()

    async def resubscribed() -> bool:
        return (await cluster.a_http.get("/readyz")).status_code == 200

    await _until(resubscribed, "process A did not resubscribe by itself")
    back = await _reconnect(cluster.b.ws, alan)
    caught_up = await cluster.a_http.get(history, params={"after_seq": 0}, headers=alan.headers)
    await cluster.a_http.post(history, json={"body": "live again"}, headers=ada.headers)
    live = await back.expect("message.new")

    assert [m["body"] for m in caught_up.json()["items"]] == ["while Redis was down"]
    assert live["message"]["body"] == "live again"


async def _reconnect(url: str, student: Student) -> Socket:
    """Connects as a client does after a close: again until the server takes it."""
    async with asyncio.timeout(15):
        while True:
            with contextlib.suppress(Exception):
                return await Socket.open(url, student.access_token)
            await asyncio.sleep(0.2)
