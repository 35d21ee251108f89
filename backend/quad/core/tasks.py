"""Fire-and-forget work that must not delay a response but must not vanish either.

Mails are sent after the transaction that caused them commits. The tasks are tracked so a
graceful shutdown waits for them instead of dropping them mid-send.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

logger = logging.getLogger(__name__)


class BackgroundTasks:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, work: Coroutine[Any, Any, None], *, name: str) -> None:
        task = asyncio.create_task(self._run(work, name), name=name)
        # Holding a reference keeps the task from being garbage-collected mid-flight.
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, work: Coroutine[Any, Any, None], name: str) -> None:
        try:
            await work
        except Exception:
            logger.exception("background task %s failed", name)

    async def drain(self, grace_seconds: float = 10.0) -> None:
        """Wait for running tasks (at most ``grace_seconds``), then cancel the rest."""
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=grace_seconds)
        for task in pending:
            task.cancel()
