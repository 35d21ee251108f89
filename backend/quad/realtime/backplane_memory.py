"""The backplane within one process: publishing is handing the event to the local hub."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence

from quad.realtime.backplane import Backplane, BackplaneListener
from quad.realtime.events import Frame


class MemoryBackplane(Backplane):
    """For a single server process (no ``REDIS_URL``): every connection is local."""

    def __init__(self) -> None:
        self._listener: BackplaneListener | None = None
        self._online: set[uuid.UUID] = set()

    async def start(self, listener: BackplaneListener) -> None:
        self._listener = listener

    async def close(self) -> None:
        self._listener = None

    async def publish_many(self, events: Sequence[tuple[Collection[uuid.UUID], Frame]]) -> None:
        if self._listener is None:
            return
        for user_ids, frame in events:
            for user_id in user_ids:
                self._listener.deliver(user_id, frame)

    async def subscribe(self, user_id: uuid.UUID) -> bool:
        # The hub calls this for a user's first connection here, and here is everywhere.
        self._online.add(user_id)
        return True

    async def unsubscribe(self, user_id: uuid.UUID) -> bool:
        self._online.discard(user_id)
        return True

    async def revoke_sessions(
        self,
        user_id: uuid.UUID,
        session_ids: Collection[uuid.UUID] | None,
        *,
        keep: uuid.UUID | None = None,
    ) -> None:
        if self._listener is not None:
            sessions = frozenset(session_ids) if session_ids is not None else None
            self._listener.revoke(user_id, sessions, keep)

    async def online_among(self, user_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
        return {user_id for user_id in user_ids if user_id in self._online}

    async def ready(self) -> bool:
        return True
