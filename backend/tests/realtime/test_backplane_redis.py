"""The Redis backplane against a real Redis, under real hubs: events go where presence says
the recipients are connected, and a process that goes leaves no one online behind it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis

from quad.realtime.backplane_redis import RedisBackplane
from quad.realtime.hub import Connection, Hub
from tests.conftest import REDIS_URL
from tests.fixtures.sockets import quiet_socket


class Process:
    """A server process's real-time half: its backplane and hub, and what its sockets got."""

    def __init__(self) -> None:
        self.backplane = RedisBackplane(REDIS_URL)
        self.hub = Hub(self.backplane, self._went_offline)
        self.received: asyncio.Queue[tuple[uuid.UUID, str]] = asyncio.Queue()

    async def _went_offline(self, _: uuid.UUID) -> None:
        return None

    async def connect(self, user_id: uuid.UUID) -> bool:
        """A socket of ``user_id`` joins; True if they just came online anywhere."""

        async def network(message: Any) -> None:
            if message["type"] == "websocket.send":
                self.received.put_nowait((user_id, message["text"]))

        connection = Connection(quiet_socket(network), user_id, uuid.uuid4())
        await connection.websocket.accept()
        came_online = await self.hub.join(connection)
        connection.start_writing()
        return came_online

    async def frames(self, count: int) -> list[tuple[uuid.UUID, str]]:
        async with asyncio.timeout(5):
            return [await self.received.get() for _ in range(count)]


@pytest.fixture
async def processes() -> AsyncIterator[tuple[Process, Process]]:
    a, b = Process(), Process()
    for process in (a, b):
        await process.backplane.start(process.hub)
    yield a, b
    for process in (a, b):
        await process.backplane.close()


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_URL)
    yield client
    await client.aclose()


async def test_each_process_gets_the_events_of_the_students_it_holds(
    processes: tuple[Process, Process],
) -> None:
    a, b = processes
    ada, alan, offline = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    assert await a.connect(ada) is True
    assert await b.connect(alan) is True
    assert await a.connect(alan) is False  # a second process: online already

    # Frames of any size and characters, their recipients on either process or nowhere.
    group = '{"type":"message.new","body":"héllo ✓\\n🎉"}'
    await a.backplane.publish_many([((ada, alan, offline), group), ((alan,), '{"n":2}')])

    assert sorted(await a.frames(3)) == sorted([(ada, group), (alan, group), (alan, '{"n":2}')])
    assert await b.frames(2) == [(alan, group), (alan, '{"n":2}')]


async def test_a_process_that_closes_counts_itself_out_of_everyone_it_held(
    processes: tuple[Process, Process], redis: Redis
) -> None:
    a, _ = processes
    ada = uuid.uuid4()
    await a.connect(ada)
    assert await redis.exists(f"quad:presence:{ada}") == 1

    # Shut down before the student's connection left (a shutdown under load).
    await a.backplane.close()

    assert await redis.exists(f"quad:presence:{ada}") == 0
    assert await redis.exists(f"quad:process:{a.backplane.process_id}:users") == 0
    assert await redis.zscore("quad:processes", a.backplane.process_id) is None
