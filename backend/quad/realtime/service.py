"""What the rest of Quad asks of real time: connect and disconnect sockets, publish an event
after a commit, close revoked sessions' sockets, and tell friends when a student comes online
or goes offline."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Collection, Mapping, Sequence

from quad.core.db import Database
from quad.friends.repository import FriendsRepository
from quad.realtime import events
from quad.realtime.backplane import Backplane
from quad.realtime.events import Frame
from quad.realtime.hub import CLOSE_GOING_AWAY, Connection, Hub

logger = logging.getLogger(__name__)


class Realtime:
    def __init__(self, backplane: Backplane, database: Database) -> None:
        self.backplane = backplane
        self.database = database
        self.hub = Hub(backplane, lambda user_id: self._tell_friends(user_id, online=False))

    async def start(self) -> None:
        await self.backplane.start(self.hub)

    async def close(self) -> None:
        self.hub.close_all(CLOSE_GOING_AWAY)
        await self.backplane.close()

    async def publish(self, user_ids: Collection[uuid.UUID], frame: Frame) -> None:
        """Sends an event to every connection of these users, on every process.

        Called after the transaction that made the event committed. It never fails the
        caller: what was committed stays committed, and a client that missed the event
        (the broker was down) was disconnected by the same outage and resyncs from the
        database when it reconnects.
        """
        try:
            await self.backplane.publish(user_ids, frame)
        except Exception:
            logger.warning("could not publish an event", exc_info=True)

    async def publish_each(self, frames: Mapping[uuid.UUID, Frame]) -> None:
        """Sends each user their own frame, on the same terms as ``publish``."""
        try:
            await self.backplane.publish_each(frames)
        except Exception:
            logger.warning("could not publish an event", exc_info=True)

    async def publish_many(self, events: Sequence[tuple[Collection[uuid.UUID], Frame]]) -> None:
        """Sends several events, each to its users, at once, on the same terms as ``publish``."""
        try:
            await self.backplane.publish_many(events)
        except Exception:
            logger.warning("could not publish %d events", len(events), exc_info=True)

    async def revoke_sessions(
        self,
        user_id: uuid.UUID,
        session_ids: Collection[uuid.UUID] | None,
        *,
        keep: uuid.UUID | None = None,
    ) -> None:
        """Closes (4001) the sockets of revoked sessions on every process (None: every
        session of the user but ``keep``)."""
        try:
            await self.backplane.revoke_sessions(user_id, session_ids, keep=keep)
        except Exception:
            logger.warning("could not close the sockets of revoked sessions", exc_info=True)

    async def connect(self, connection: Connection) -> None:
        """Registers a new connection and starts its writer; sends it a ``presence`` for
        each friend online now and, if its student just came online, tells their friends.

        Raises ``BackplaneUnavailable`` if events cannot reach the connection. The friends
        are read once for both directions: a student's arrival is the hot moment of a ramp
        (everyone logging in before a lecture), and that read was most of its cost.
        """
        # Shielded: a join interrupted half-way would leave the hub unsure of the user; the
        # leave in ``disconnect`` waits for it (the hub orders a user's joins and leaves).
        came_online = await asyncio.shield(self.hub.join(connection))
        connection.start_writing()
        user_id = connection.user_id
        friend_ids = await self._friend_ids(user_id)
        try:
            online = await self.backplane.online_among(friend_ids)
        except Exception:
            # Presence is a hint: each friend's next change reaches the student anyway.
            logger.warning("could not tell which friends are online", exc_info=True)
            online = set()
        for friend_id in online:
            connection.send(events.presence(friend_id, online=True))
        if came_online:
            await self.publish(friend_ids, events.presence(user_id, online=True))

    async def disconnect(self, connection: Connection) -> None:
        """Stops the connection's writer and unregisters it; if that was its student's last
        connection anywhere, tells their friends they went offline."""
        await connection.stop_writing()
        if await self.hub.leave(connection):
            await self._tell_friends(connection.user_id, online=False)

    async def friendship_started(self, a: uuid.UUID, b: uuid.UUID) -> None:
        """New friends see each other's presence at once, not at the next change."""
        try:
            online = await self.backplane.online_among((a, b))
        except Exception:
            logger.warning("could not tell new friends about presence", exc_info=True)
            return
        frames = {
            viewer: events.presence(friend, online=True)
            for viewer, friend in ((a, b), (b, a))
            if friend in online
        }
        await self.publish_each(frames)

    async def friendship_ended(self, a: uuid.UUID, b: uuid.UUID) -> None:
        """Presence is for friends only: each stops seeing the other online."""
        await self.publish_each(
            {a: events.presence(b, online=False), b: events.presence(a, online=False)}
        )

    async def _tell_friends(self, user_id: uuid.UUID, *, online: bool) -> None:
        await self.publish(await self._friend_ids(user_id), events.presence(user_id, online=online))

    async def _friend_ids(self, user_id: uuid.UUID) -> list[uuid.UUID]:
        """The student's friends (none if the database cannot say: presence is a hint)."""
        try:
            async with self.database.reader() as session:
                return await FriendsRepository(session).friend_ids_of(user_id)
        except Exception:
            logger.warning("could not read a student's friends for presence", exc_info=True)
            return []
