"""The WebSocket connections this process holds, and what reaches them.

Each connection has a bounded queue of frames to send, written out in order (a task only
while a write waits for the client), so a slow or stuck client only ever fills its own
queue: when it overflows the connection is dropped (close 1013; the client reconnects and
resyncs), and nobody else waits for it.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Collection, Coroutine
from typing import Any

from prometheus_client import Counter, Gauge
from starlette.websockets import WebSocket

from quad.realtime.backplane import Backplane, BackplaneListener
from quad.realtime.events import Frame

logger = logging.getLogger(__name__)

# WebSocket close codes (the contract's, and RFC 6455's).
CLOSE_UNAUTHORIZED = 4001  # bad, expired or revoked credentials
CLOSE_TOO_BIG = 1009  # a frame over the size limit
CLOSE_SERVICE_RESTART = 1012  # events may have been missed: reconnect and resync
CLOSE_TRY_AGAIN_LATER = 1013  # too far behind (a slow client), or the server is busy
CLOSE_GOING_AWAY = 1001  # the server is shutting down

OPEN_CONNECTIONS = Gauge(
    "quad_websocket_connections", "Authenticated WebSocket connections open on this process"
)
CONNECTED_USERS = Gauge(
    "quad_websocket_users", "Students with at least one connection on this process"
)
SERVER_CLOSES = Counter(
    "quad_websocket_server_closes_total",
    "Connections the server closed, by close code (4001 revoked, 1012 backplane lost, "
    "1013 too far behind, 1009 frame too large)",
    ["code"],
)

# Frames a connection may have waiting before it counts as stuck. A burst in a busy group
# fits many times over; a client that stopped reading does not.
OUTGOING_QUEUE_FRAMES = 512


class Connection:
    """One open, authenticated WebSocket.

    An idle connection holds no task of its own, only its endpoint's (which reads its
    frames): tens of thousands of them wait on a process. Frames to send wait in a bounded
    queue. Writing starts at once, on the turn of whoever queued the frame: the socket
    nearly always takes it there and then, and a task (with its scheduling, a third of
    what handing a frame over had cost) only takes over when a write has to wait for a
    client that reads slower than it is sent to.
    """

    __slots__ = (
        "_outgoing",
        "_reader",
        "_started",
        "_writer",
        "close_code",
        "session_id",
        "user_id",
        "websocket",
    )

    def __init__(
        self,
        websocket: WebSocket,
        user_id: uuid.UUID,
        session_id: uuid.UUID,
        *,
        reader: asyncio.Task[Any] | None = None,
    ) -> None:
        self.websocket = websocket
        self.user_id = user_id
        self.session_id = session_id
        # Set when the server wants this connection gone; the endpoint closes with the code.
        self.close_code: int | None = None
        self._outgoing: collections.deque[Frame] = collections.deque()
        self._writer: asyncio.Task[None] | None = None
        self._started = False
        # The task reading the client's frames (the endpoint's): interrupted by ``close``.
        self._reader = reader

    def send(self, frame: Frame) -> None:
        """Queues a frame; a connection too far behind is closed instead."""
        if self.close_code is not None:
            return
        if len(self._outgoing) >= OUTGOING_QUEUE_FRAMES:
            logger.info(
                "dropping a connection that fell behind", extra={"user_id": str(self.user_id)}
            )
            self.close(CLOSE_TRY_AGAIN_LATER)
            return
        self._outgoing.append(frame)
        if self._writer is None and self._started:
            self._writer = start_eagerly(self._write())

    def start_writing(self) -> None:
        """Sends what was queued so far, and from now on what is queued. Until then frames
        only wait: ``ready`` goes out once the connection is in the hub, so a client that
        has it knows events will reach it."""
        self._started = True
        if self._outgoing and self._writer is None:
            self._writer = start_eagerly(self._write())

    def close(self, code: int) -> None:
        """Ends the connection with ``code``: its endpoint stops reading and closes."""
        if self.close_code is None:
            self.close_code = code
            SERVER_CLOSES.labels(code=str(code)).inc()
            if self._reader is not None and self._reader is not asyncio.current_task():
                self._reader.cancel()

    async def stop_writing(self) -> None:
        """Drops what is still queued (the connection is going)."""
        self._outgoing.clear()
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.cancel()
            await asyncio.gather(writer, return_exceptions=True)

    async def _write(self) -> None:
        """Sends the queued frames in order, then ends."""
        send, outgoing = self.websocket.send, self._outgoing
        try:
            while outgoing:
                await send({"type": "websocket.send", "text": outgoing.popleft()})
        except Exception:  # the client went away: its endpoint sees the disconnect
            outgoing.clear()
        finally:
            # Ended in the task carrying it on (ended at once, it had none: the caller is
            # given None). Not when closed later from elsewhere: a newer writer may be set.
            if self._writer is asyncio.current_task():
                self._writer = None


def start_eagerly(coroutine: Coroutine[Any, Any, None]) -> asyncio.Task[None] | None:
    """Runs ``coroutine`` now, on the caller's turn, until it first has to wait; a task
    carries it on from there. None if it ended without waiting (no task was made).

    What Python 3.12's eager tasks do, for 3.11: the coroutine must not care which task it
    runs in (``asyncio.current_task``) before its first wait."""
    try:
        awaited = coroutine.send(None)
    except StopIteration:
        return None
    task = asyncio.ensure_future(_carry_on(coroutine, awaited))
    # Cancelled before its first turn, the task never reaches the coroutine: end it where it
    # waits, so that its own clean-up runs (a no-op once it has ended).
    task.add_done_callback(lambda _: coroutine.close())
    return task


async def _carry_on(coroutine: Coroutine[Any, Any, None], awaited: Any) -> None:
    """Drives a coroutine from a wait it began outside any task, as a task would: it is
    resumed when what it awaits is done, and a cancellation of this task is thrown into
    it."""
    while True:
        resume: BaseException | None = None
        try:
            if awaited is None:  # a bare yield (``asyncio.sleep(0)``): one turn of the loop
                await asyncio.sleep(0)
            else:  # a future, handed over as a task takes it; its outcome is the coroutine's
                awaited._asyncio_future_blocking = False
                await awaited
        except asyncio.CancelledError as cancelled:
            resume = cancelled
        except Exception:  # noqa: S110 (the future's own exception: the coroutine reads it)
            pass
        try:
            awaited = coroutine.send(None) if resume is None else coroutine.throw(resume)
        except StopIteration:
            return


class KeyedLocks:
    """One lock per key, kept only while someone holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[uuid.UUID, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: uuid.UUID) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


WentOffline = Callable[[uuid.UUID], Coroutine[Any, Any, None]]


class Hub(BackplaneListener):
    """The connections of this process by user, and the backplane's listener."""

    def __init__(self, backplane: Backplane, on_went_offline: WentOffline) -> None:
        self.backplane = backplane
        # Called for the students of a dead process (reaped): no leave of theirs comes.
        self._on_went_offline = on_went_offline
        self._by_user: dict[uuid.UUID, set[Connection]] = {}
        # A user's first connection here subscribes and counts them online; their last one
        # undoes it. Joins and leaves of one user are serialised so the two never interleave.
        self._user_locks = KeyedLocks()
        self._background: set[asyncio.Task[None]] = set()

    @property
    def connection_count(self) -> int:
        return sum(len(connections) for connections in self._by_user.values())

    async def join(self, connection: Connection) -> bool:
        """Registers a connection; True if its student just came online (their first
        connection on any process). Raises ``BackplaneUnavailable`` if events cannot reach
        it."""
        user_id = connection.user_id
        async with self._user_locks.hold(user_id):
            connections = self._by_user.get(user_id)
            if connections:
                connections.add(connection)
                OPEN_CONNECTIONS.inc()
                return False
            # In the hub first: an event may arrive as soon as the backplane counts them in.
            self._by_user[user_id] = {connection}
            try:
                came_online = await self.backplane.subscribe(user_id)
            except BaseException:
                del self._by_user[user_id]
                raise
            OPEN_CONNECTIONS.inc()
            CONNECTED_USERS.inc()
            return came_online

    async def leave(self, connection: Connection) -> bool:
        """Unregisters a connection; True if its student just went offline (their last
        connection on any process)."""
        user_id = connection.user_id
        async with self._user_locks.hold(user_id):
            connections = self._by_user.get(user_id)
            if connections is None or connection not in connections:
                return False
            connections.discard(connection)
            OPEN_CONNECTIONS.dec()
            if connections:
                return False
            del self._by_user[user_id]
            CONNECTED_USERS.dec()
            try:
                return await self.backplane.unsubscribe(user_id)
            except Exception:
                logger.warning("could not count a user out for presence", exc_info=True)
                return False

    def close_all(self, code: int) -> None:
        for connections in list(self._by_user.values()):
            for connection in list(connections):
                connection.close(code)

    # --- BackplaneListener ----------------------------------------------------------------------

    def deliver(self, user_id: uuid.UUID, frame: Frame) -> None:
        for connection in self._by_user.get(user_id, ()):
            connection.send(frame)

    def revoke(
        self, user_id: uuid.UUID, session_ids: frozenset[uuid.UUID] | None, keep: uuid.UUID | None
    ) -> None:
        for connection in list(self._by_user.get(user_id, ())):
            if connection.session_id == keep:
                continue
            if session_ids is None or connection.session_id in session_ids:
                connection.close(CLOSE_UNAUTHORIZED)

    def backplane_lost(self) -> None:
        logger.warning("backplane lost: closing %d connections to resync", self.connection_count)
        self.close_all(CLOSE_SERVICE_RESTART)

    def went_offline(self, user_ids: Collection[uuid.UUID]) -> None:
        for user_id in user_ids:
            if user_id in self._by_user:
                continue  # connected here again meanwhile
            task = asyncio.create_task(self._on_went_offline(user_id))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
