"""What handing one frame to an idle connection costs a server process, the socket aside.

10,000 connections of the hub over an in-memory network that takes every frame at once (a
real socket's write is the same either way, and left out), 20 frames each, CPU time per
frame: writing started on the caller's turn (``start_eagerly``, as Quad runs), against a
task made for each write to an idle connection (as it ran before).

    uv run python ../bench/frames.py        # from backend/
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Coroutine
from typing import Any
from unittest.mock import patch

import uvloop

from quad.realtime import hub
from quad.realtime.hub import Connection
from tests.fixtures.sockets import quiet_socket

CONNECTIONS = 10_000
ROUNDS = 20
FRAME = '{"type":"message.new","message":{}}'


async def _network(_: Any) -> None:
    return None


async def cpu_us_per_frame() -> float:
    connections = []
    for _ in range(CONNECTIONS):
        connection = Connection(quiet_socket(_network), uuid.uuid4(), uuid.uuid4())
        await connection.websocket.accept()
        connection.start_writing()
        connections.append(connection)
    started = time.process_time()
    for _ in range(ROUNDS):
        for connection in connections:
            connection.send(FRAME)
        await asyncio.sleep(0)  # the tasks made, if any, write now (the network takes it all)
    return (time.process_time() - started) / (ROUNDS * CONNECTIONS) * 1e6


def main() -> None:
    as_task: Callable[[Coroutine[Any, Any, None]], asyncio.Task[None] | None] = (
        asyncio.ensure_future
    )
    for name, start in (("a task per write", as_task), ("started eagerly", hub.start_eagerly)) * 2:
        with patch.object(hub, "start_eagerly", start):
            print(f"{name:>17}: {uvloop.run(cpu_us_per_frame()):5.2f} µs of CPU a frame")


if __name__ == "__main__":
    main()
