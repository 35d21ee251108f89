"""A slow or stuck client fills only its own queue: it is dropped, nobody else waits."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from quad.realtime.backplane_memory import MemoryBackplane
from quad.realtime.hub import CLOSE_TRY_AGAIN_LATER, OUTGOING_QUEUE_FRAMES, Connection, Hub
from tests.fixtures.sockets import quiet_socket


async def test_a_stuck_client_is_dropped_and_never_delays_the_others() -> None:
    async def stuck_network(message: Any) -> None:
        if message["type"] == "websocket.send":
            await asyncio.Event().wait()  # the client stopped reading; its buffers are full

    delivered: list[str] = []
    all_delivered = asyncio.Event()
    burst = OUTGOING_QUEUE_FRAMES + 50

    async def healthy_network(message: Any) -> None:
        if message["type"] != "websocket.send":
            return
        delivered.append(message["text"])
        if len(delivered) == burst:
            all_delivered.set()

    backplane = MemoryBackplane()

    async def ignore_going_offline(_: uuid.UUID) -> None:
        return None

    hub = Hub(backplane, ignore_going_offline)
    await backplane.start(hub)
    stuck = Connection(quiet_socket(stuck_network), uuid.uuid4(), uuid.uuid4())
    healthy = Connection(quiet_socket(healthy_network), uuid.uuid4(), uuid.uuid4())
    for connection in (stuck, healthy):
        await connection.websocket.accept()
        await hub.join(connection)
        connection.start_writing()

    for number in range(burst):
        await backplane.publish([stuck.user_id, healthy.user_id], f'{{"n": {number}}}')
        await asyncio.sleep(0)

    await asyncio.wait_for(all_delivered.wait(), 2)
    assert delivered == [f'{{"n": {number}}}' for number in range(burst)]
    assert stuck.close_code == CLOSE_TRY_AGAIN_LATER
    assert healthy.close_code is None
    for connection in (stuck, healthy):
        await connection.stop_writing()
