"""Group commit: the messages a process sends at the same time share one transaction.

A message is acknowledged only once it is committed. Committing each on its own costs a
transaction per message (BEGIN, the statement and COMMIT: three round trips and a flush of
PostgreSQL's log) and an ORM session around it; under load that, not PostgreSQL, is what
limits a process. So every send of a process goes through its one writer: while a batch is
being committed, the sends that arrive queue up, and they become the next batch, committed
together: one transaction, one COMMIT, one flush. Under light load a batch is one message
and costs what a send alone did; under heavy load batches grow and the cost of each message
falls.

A batch is three round trips whatever its size, four at most: its transaction begins and
its conversations are locked (in one order, by every process), one statement over the
batch's arrays sends every message (``send_messages``), and it commits. So a batch holds
its conversations' rows, which another process's batch to the same conversations waits
for, for two round trips, not for a statement per message.

After the commit a second stage publishes the batch, while the next one commits: its
``message.new`` events in one backplane round trip, then each sender's answer. Batches are
published in the order they committed, so members get a conversation's messages in order.
A third stage pushes the recipients' ``notification.new``: it reads the notifications of
every batch published since its last round in one statement (a notification that several
messages counted up is read, and pushed, once, as it stands), so neither the messages nor
their acknowledgements wait for it. One that keeps counting up while its chat is busy is
pushed at most once per interval (``quad.notifications.pacing``). Its rounds start at most
once per ``NOTIFICATION_ROUND_SECONDS`` (0.1): each has a fixed cost (a statement, a
publish, turns of the event loop that the sends' own stages wait through), and under load
a round after every batch made the messages' deliveries later (B, docs/scaling.md). After a
quiet spell a round starts at once.

A batch is all or nothing, but each message keeps its own outcome. A message that is not
sent (the sender is not a member, a block, a ``client_id`` already used) is left out and its
sender learns why (the caller asks, see ``ChatService.send``); the rest commit. Should a
message take a seq and still not go in (its ``client_id`` taken by a transaction the
statement could not see), the batch is rolled back and committed again without it, so seqs
stay gapless. When the batch fails as a whole (a value the database rejects), each of its
messages is tried alone and fails, if it does, alone. Only an outage fails them all.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import uuid
from dataclasses import dataclass
from itertools import chain

from prometheus_client import Histogram
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from quad.chat.repository import (
    NewMessage,
    SentBatch,
    SentMessage,
    begin_batch,
    send_messages,
)
from quad.chat.schemas import MessageOut
from quad.core.db import Database
from quad.notifications.pacing import PushPacer
from quad.notifications.service import NotificationService
from quad.realtime import events
from quad.realtime.service import Realtime
from quad.users.schemas import UserPresenter

logger = logging.getLogger(__name__)

BATCH_SIZES = Histogram(
    "quad_message_batch_size",
    "Messages committed together in one transaction (group commit)",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256),
)

# Enough to amortise a commit many times over; few enough that a batch's notifications
# (a group of 50 writes 49 per message) stay a short statement, and the conversations'
# locks are held briefly. Smaller caps measured better with the database alone (two writers
# of B's mix, bench/writer.py: batches of 48 seldom share a conversation, 3,220 messages a
# second against 2,450-2,590 with 128) and worse in the servers, where each of a batch's
# round trips also waits its turn on a busy event loop: C's one writer then fell behind at
# 2,000 a second (docs/scaling.md, 2026-12-07).
MAX_BATCH = 128
# Committed batches waiting to be published, at most: a slow broker slows sending down
# instead of piling up memory.
PUBLISH_BACKLOG = 2
# How long shutdown waits for the sends already queued to commit and go out.
DRAIN_SECONDS = 10.0
_OUTAGES = (OperationalError, InterfaceError, PoolTimeoutError, ConnectionError)


class WriterClosed(ConnectionError):
    """The process is shutting down and sends no more (the client retries elsewhere)."""


@dataclass(eq=False, slots=True)
class _Pending:
    message: NewMessage
    answer: asyncio.Future[MessageOut | None]
    settled: bool = False


@dataclass(slots=True)
class _Committed:
    """A batch's messages that were committed, each with its sender's place in line, and
    the notifications they wrote."""

    messages: list[tuple[_Pending, SentMessage]]
    notification_ids: list[uuid.UUID]

    def add(self, other: _Committed) -> None:
        self.messages += other.messages
        self.notification_ids += other.notification_ids


class MessageWriter:
    """This process's sends, committed in batches (see the module)."""

    def __init__(
        self,
        database: Database,
        realtime: Realtime,
        presenter: UserPresenter,
        *,
        notification_interval: float,
        notification_round_interval: float,
    ) -> None:
        self.database = database
        self.realtime = realtime
        self.presenter = presenter
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        # Committed batches, in commit order, until the second stage publishes them.
        self._committed: asyncio.Queue[_Committed] = asyncio.Queue(PUBLISH_BACKLOG)
        # The notifications of published batches, until the third stage reads them (an
        # empty round: some that waited for their interval are due).
        self._to_notify: asyncio.Queue[list[uuid.UUID]] = asyncio.Queue()
        self._pacer = PushPacer(notification_interval)
        self._round_interval = notification_round_interval
        self._wake: asyncio.TimerHandle | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._closed = False

    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._write_forever(), name="message-writer"),
            asyncio.create_task(self._publish_forever(), name="message-publisher"),
            asyncio.create_task(self._notify_forever(), name="message-notifier"),
        ]

    async def close(self) -> None:
        """Takes no more sends; those queued are committed and published first."""
        self._closed = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.flushed(), DRAIN_SECONDS)
        if self._wake is not None:
            self._wake.cancel()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        while not self._queue.empty():
            self._settle(self._queue.get_nowait(), error=WriterClosed("shutting down"))

    async def flushed(self) -> None:
        """Returns once every send taken so far is committed and published, its
        notifications pushed (but those waiting for their interval)."""
        await self._queue.join()
        await self._to_notify.join()  # a batch's are queued as its senders are answered

    async def send(self, message: NewMessage) -> MessageOut | None:
        """Commits the message and publishes it to every member (its notifications too).
        None if it was not sent: the caller finds out why."""
        return await self.submit(message)

    def submit(self, message: NewMessage) -> asyncio.Future[MessageOut | None]:
        """``send``, as a future to wait for later: sends submitted one after another are
        committed in that order (a conversation numbers them so), whenever their callers
        look at the answers."""
        if self._closed:
            raise WriterClosed("shutting down")
        answer: asyncio.Future[MessageOut | None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Pending(message, answer))
        return answer

    # --- Stage 1: commit ---------------------------------------------------------------------

    async def _write_forever(self) -> None:
        # One batch at a time: on two cores shared by everything, two or four batches
        # committing at once on their own connections measured worse (smaller batches paid
        # their fixed cost more often; docs/scaling.md).
        while True:
            batch = [await self._queue.get()]
            while len(batch) < MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            BATCH_SIZES.observe(len(batch))
            committed = await self._commit(batch)
            if committed.messages:
                await self._committed.put(committed)

    async def _commit(self, batch: list[_Pending]) -> _Committed:
        """Commits what of the batch can be sent; settles the rest (refused or failed)."""
        remaining = batch  # in the order they came: within a conversation, their seqs' order
        refused: list[_Pending] = []
        committed = _Committed([], [])
        while remaining:
            try:
                sent = await self._send_all([pending.message for pending in remaining])
            except Exception as exc:
                if len(remaining) == 1 or isinstance(exc, _OUTAGES):
                    for pending in remaining:
                        self._settle(pending, error=exc)
                    break
                logger.warning("a batch of %d messages failed: each is sent alone", len(remaining))
                for pending in remaining:
                    committed.add(await self._commit([pending]))
                break
            outcomes = list(zip(remaining, sent.messages, strict=True))
            refused += [pending for pending, message in outcomes if message is None]
            if sent.complete:
                committed.messages += [(p, m) for p, m in outcomes if m is not None]
                committed.notification_ids += sent.notification_ids
                break
            remaining = [pending for pending, message in outcomes if message is not None]
        self._refuse(refused)
        return committed

    async def _send_all(self, messages: list[NewMessage]) -> SentBatch:
        """One transaction: committed if the batch is complete, else rolled back."""
        async with self.database.driver_connection() as connection:
            # Begun and ended here, by hand (one round trip with the locks): the pool would
            # not roll back a transaction it did not begin, so every way out ends it.
            try:
                await begin_batch(connection, messages)
                sent = await send_messages(connection, messages)
            except BaseException:
                await connection.execute("ROLLBACK")
                raise
            await connection.execute("COMMIT" if sent.complete else "ROLLBACK")
            return sent

    def _refuse(self, refused: list[_Pending]) -> None:
        # Answered once the rest is committed: a retry refused because its original is in
        # the same batch finds the original.
        for pending in refused:
            self._settle(pending, result=None)

    # --- Stage 2: publish ----------------------------------------------------------------------

    async def _publish_forever(self) -> None:
        while True:
            committed = await self._committed.get()
            try:
                await self._publish(committed)
            except Exception as exc:  # a bug: the senders hear of it, the writer goes on
                logger.exception(
                    "could not publish a batch of %d messages", len(committed.messages)
                )
                for pending, _ in committed.messages:
                    if not pending.settled:
                        self._settle(pending, error=exc)

    async def _publish(self, committed: _Committed) -> None:
        messages = [
            (pending, MessageOut.of(sent.message), sent) for pending, sent in committed.messages
        ]
        await self.realtime.publish_many(
            [
                (sent.member_ids, events.frame("message.new", message=message))
                for _, message, sent in messages
            ]
        )
        for pending, message, _ in messages:
            self._settle(pending, result=message)
        if committed.notification_ids:
            self._to_notify.put_nowait(committed.notification_ids)

    # --- Stage 3: notify ---------------------------------------------------------------------

    async def _notify_forever(self) -> None:
        loop = asyncio.get_running_loop()
        last_round = -math.inf
        while True:
            rounds = [await self._to_notify.get()]
            # Too soon after the last round: what is published meanwhile joins this one.
            if (wait := last_round + self._round_interval - loop.time()) > 0:
                await asyncio.sleep(wait)
            last_round = loop.time()
            while not self._to_notify.empty():
                rounds.append(self._to_notify.get_nowait())
            try:
                due = self._pacer.admit(dict.fromkeys(chain.from_iterable(rounds)), loop.time())
                if due:
                    await self._notify(due)
            except Exception:
                # Committed all the same: the recipients see them when they next look.
                logger.warning("could not push new notifications", exc_info=True)
            finally:
                for _ in rounds:
                    self._to_notify.task_done()
            self._wake_when_due(loop)

    def _wake_when_due(self, loop: asyncio.AbstractEventLoop) -> None:
        """Makes a round when the next waiting notification falls due."""
        due_at = self._pacer.next_due()
        if due_at is None or (self._wake is not None and self._wake.when() <= due_at):
            return
        if self._wake is not None:
            self._wake.cancel()
        self._wake = loop.call_at(due_at, self._wake_up)

    def _wake_up(self) -> None:
        self._wake = None
        self._to_notify.put_nowait([])

    async def _notify(self, notification_ids: list[uuid.UUID]) -> None:
        async with self.database.reader() as session:  # one statement, read only
            notifications = NotificationService(
                session, realtime=self.realtime, presenter=self.presenter
            )
            await notifications.publish(notification_ids)

    def _settle(
        self,
        pending: _Pending,
        *,
        result: MessageOut | None = None,
        error: BaseException | None = None,
    ) -> None:
        pending.settled = True
        if not pending.answer.done():  # its caller may have gone (a closed request)
            if error is None:
                pending.answer.set_result(result)
            else:
                pending.answer.set_exception(error)
        self._queue.task_done()
