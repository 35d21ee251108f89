"""The backplane: how an event reaches a student's sockets on whichever process holds them.

Every server process holds the WebSocket connections of its own clients (``Hub``). Services
publish an event to user ids after their transaction commits; the backplane brings it to
every process where one of those users is connected, and only there: a process never
receives events for nobody it serves.

It also keeps presence across processes: a student is online while any process holds one of
their connections, and a process that dies leaves no one online behind it. (In Redis the
two are one: events go where presence says the recipient is connected.)

Two implementations pass the same tests: ``MemoryBackplane`` (one process; the default
without ``REDIS_URL``) and ``RedisBackplane`` (Redis pub/sub, any number of processes).
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

from quad.realtime.events import Frame


class BackplaneUnavailable(Exception):
    """The backplane cannot take a subscription now (its broker is unreachable)."""


class BackplaneListener(Protocol):
    """What the backplane calls on this process (the hub implements it)."""

    def deliver(self, user_id: uuid.UUID, frame: Frame) -> None:
        """An event for ``user_id``: to every local socket of theirs."""

    def revoke(
        self, user_id: uuid.UUID, session_ids: frozenset[uuid.UUID] | None, keep: uuid.UUID | None
    ) -> None:
        """Sessions of ``user_id`` were revoked (None: all but ``keep``): close their sockets."""

    def backplane_lost(self) -> None:
        """Events may have been missed: every local client must reconnect and resync."""

    def went_offline(self, user_ids: Collection[uuid.UUID]) -> None:
        """Users whose last connection was on a process that died."""


class Backplane(ABC):
    """Publish/subscribe by user id, revocations, and presence, across processes."""

    @abstractmethod
    async def start(self, listener: BackplaneListener) -> None: ...

    @abstractmethod
    async def close(self) -> None: ...

    async def publish(self, user_ids: Collection[uuid.UUID], frame: Frame) -> None:
        """Sends one encoded event to every connection of every user in ``user_ids``."""
        await self.publish_many(((user_ids, frame),))

    async def publish_each(self, frames: Mapping[uuid.UUID, Frame]) -> None:
        """Sends each user their own frame (events whose content depends on the recipient)."""
        await self.publish_many([((user_id,), frame) for user_id, frame in frames.items()])

    @abstractmethod
    async def publish_many(self, events: Sequence[tuple[Collection[uuid.UUID], Frame]]) -> None:
        """Sends several events, each to its users, in order, at once (one round trip to a
        broker): a batch of messages committed together."""

    @abstractmethod
    async def subscribe(self, user_id: uuid.UUID) -> bool:
        """This process now holds a connection of ``user_id`` (its first one here): once
        this returns, every event published to them reaches this process. Returns True if
        they just came online (their first connection on any process). Raises
        ``BackplaneUnavailable`` if events cannot reach them here."""

    @abstractmethod
    async def unsubscribe(self, user_id: uuid.UUID) -> bool:
        """This process no longer holds any connection of ``user_id``; True if that was
        their last connection anywhere (they went offline)."""

    @abstractmethod
    async def revoke_sessions(
        self,
        user_id: uuid.UUID,
        session_ids: Collection[uuid.UUID] | None,
        *,
        keep: uuid.UUID | None = None,
    ) -> None:
        """Closes, on every process, the sockets of those sessions (None: every session of
        the user but ``keep``)."""

    # --- Presence ---------------------------------------------------------------------------

    @abstractmethod
    async def online_among(self, user_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
        """Which of these users are online now."""

    @abstractmethod
    async def ready(self) -> bool:
        """Whether the backplane can carry events now (for ``/readyz``)."""
