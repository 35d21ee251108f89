"""The backplane over Redis pub/sub, for any number of server processes.

* **Presence routes events.** ``quad:presence:<user>`` is the set of processes holding a
  connection of the user (online while it is not empty). A process adds itself when the
  user's first connection there joins, and the reply to that command is what makes
  ``ready`` true: any event published after it reaches the process.
* **Events**: each process listens on one channel of its own (``quad:deliver:<process>``).
  Publishing is one command whatever the events and their recipients: a script that looks
  up where each recipient is connected and sends each process one message holding every
  event for it, each with its recipients there (``_PUBLISH``). So a process reads one
  message per batch of messages sent, not one per recipient: that reading (the subscriber's
  parsing and dispatch in Python) had been a fifth of a server's CPU under load.
* **Revocations** (logout everywhere, password reset) are rare: one channel every process
  listens to, with the reaping notices below.
* **Dead processes**: each process beats its heart into ``quad:processes`` (a sorted set of
  last heartbeats) and keeps the users it counts in ``quad:process:<id>:users``; a process
  whose heart stopped (killed, or cut off) is reaped by whichever live process notices
  first, which counts it out of its users' sets, reports those left with none as offline,
  and says so on the control channel. So a crash leaves no student online for ever, and a
  process reaped while alive (stalled past the limit) hears it: events stopped reaching it,
  so its clients reconnect and resync.
* **Losing Redis**: pub/sub delivers only to subscribers connected at the time; while the
  connection is down, events are lost. The subscriber therefore never reconnects silently:
  when its connection drops it tells the hub (every local client must reconnect and resync
  from PostgreSQL, where nothing committed is lost), then reconnects with backoff.

The script reads presence keys it is not given as ``KEYS``: one Redis (with replicas if need
be), as docs/scaling.md says; sharding it across a cluster would route by hash tag.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Collection, Iterator, Sequence

import orjson
from redis.asyncio import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from quad.realtime.backplane import Backplane, BackplaneListener, BackplaneUnavailable
from quad.realtime.events import Frame

logger = logging.getLogger(__name__)

_DELIVER_CHANNEL = "quad:deliver:"  # + a process id: the events for that process
_CONTROL_CHANNEL = b"quad:control"
_PROCESSES = "quad:processes"
_RECONNECT_DELAYS = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0)

# Arguments: for each event, its frame, how many users, then their ids. For each process
# holding any of them, one PUBLISH of its records, in the events' order, each record being
# ``<user id>,<user id>...\n<frame's length in bytes>\n<frame>``. Looking a recipient up
# costs Redis about 7 µs from a script (once per user a call: a batch names a busy group's
# members, and each sender, again and again); a message read in Python cost a process tens.
_PUBLISH = r"""
local records, processes, where = {}, {}, {}
local i, last = 1, #ARGV
while i <= last do
  local frame, count = ARGV[i], tonumber(ARGV[i + 1])
  local here = {}
  for j = i + 2, i + 1 + count do
    local user = ARGV[j]
    local found = where[user]
    if found == nil then
      found = redis.call('SMEMBERS', 'quad:presence:' .. user)
      where[user] = found
    end
    for _, process in ipairs(found) do
      local users = here[process]
      if users == nil then
        users = {}
        here[process] = users
      end
      users[#users + 1] = user
    end
  end
  local header = '\n' .. #frame .. '\n'
  for process, users in pairs(here) do
    local out = records[process]
    if out == nil then
      out = {}
      records[process] = out
      processes[#processes + 1] = process
    end
    out[#out + 1] = table.concat(users, ',') .. header .. frame
  end
  i = i + 2 + count
end
for _, process in ipairs(processes) do
  redis.call('PUBLISH', 'quad:deliver:' .. process, table.concat(records[process]))
end
"""


def _records(data: bytes) -> Iterator[tuple[list[bytes], bytes]]:
    """The events of one delivery message (see ``_PUBLISH``): recipients' ids, and frame."""
    at, end = 0, len(data)
    while at < end:
        users_end = data.index(b"\n", at)
        length_end = data.index(b"\n", users_end + 1)
        frame_end = length_end + 1 + int(data[users_end + 1 : length_end])
        yield data[at:users_end].split(b","), data[length_end + 1 : frame_end]
        at = frame_end


def _text(value: object) -> str:
    """A member of a set or sorted set as text (the client returns bytes)."""
    return value.decode() if isinstance(value, bytes) else str(value)


def _presence_key(user_id: uuid.UUID) -> str:
    return f"quad:presence:{user_id}"


class RedisBackplane(Backplane):
    def __init__(
        self,
        url: str,
        *,
        heartbeat_seconds: float = 5.0,
        process_ttl_seconds: float = 15.0,
    ) -> None:
        # Commands (publish, presence) and the subscriber each have their own connection.
        # Neither retries by itself: a silent reconnect of the subscriber would hide the
        # events lost meanwhile.
        no_retry = Retry(NoBackoff(), 0)
        self._redis = Redis.from_url(
            url, socket_connect_timeout=2, socket_timeout=5, retry=no_retry
        )
        self._subscriber_redis = Redis.from_url(
            url, socket_connect_timeout=2, socket_keepalive=True, retry=no_retry
        )
        self._publish = self._redis.register_script(_PUBLISH)
        self.process_id = uuid.uuid4().hex
        self._deliver_channel = f"{_DELIVER_CHANNEL}{self.process_id}".encode()
        self._process_users = f"quad:process:{self.process_id}:users"
        self._heartbeat_seconds = heartbeat_seconds
        self._process_ttl_ms = int(process_ttl_seconds * 1000)
        self._listener: BackplaneListener | None = None
        self._connected = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self, listener: BackplaneListener) -> None:
        self._listener = listener
        self._tasks = [
            asyncio.create_task(self._subscribe_forever(), name="backplane-subscriber"),
            asyncio.create_task(self._beat_forever(), name="backplane-heartbeat"),
        ]
        # Serve even if Redis is down at start: readiness says so, clients retry.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._connected.wait(), timeout=2)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        with contextlib.suppress(RedisError, OSError):
            # Leave no trace: this process holds no one any more, not even the connections
            # that had not left by now (a shutdown under load): else they would count as
            # online for ever, and every event to them would be looked up for nothing.
            await self._count_out_everyone(self.process_id)
            await self._redis.zrem(_PROCESSES, self.process_id)
        await self._subscriber_redis.aclose()
        await self._redis.aclose()

    # --- Events -----------------------------------------------------------------------------

    async def publish_many(self, events: Sequence[tuple[Collection[uuid.UUID], Frame]]) -> None:
        arguments: list[bytes | int | str] = []
        for user_ids, frame in events:
            if user_ids:
                arguments += (frame.encode(), len(user_ids))
                arguments += map(str, user_ids)
        if arguments:
            await self._publish(args=arguments)

    async def subscribe(self, user_id: uuid.UUID) -> bool:
        # Listening already (the process's channel): counted in, events reach it.
        if not self._connected.is_set():
            raise BackplaneUnavailable("not connected to Redis")
        key = _presence_key(user_id)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.sadd(key, self.process_id)
                pipe.scard(key)
                pipe.sadd(self._process_users, str(user_id))
                added, count, _ = await pipe.execute()
        except (RedisError, OSError) as exc:
            raise BackplaneUnavailable(str(exc)) from exc
        return bool(added == 1 and count == 1)

    async def unsubscribe(self, user_id: uuid.UUID) -> bool:
        return await self._count_out(self.process_id, user_id, self._process_users)

    async def revoke_sessions(
        self,
        user_id: uuid.UUID,
        session_ids: Collection[uuid.UUID] | None,
        *,
        keep: uuid.UUID | None = None,
    ) -> None:
        message = {
            "user_id": str(user_id),
            "session_ids": None if session_ids is None else [str(s) for s in session_ids],
            "keep": None if keep is None else str(keep),
        }
        await self._redis.publish(_CONTROL_CHANNEL, orjson.dumps(message))

    async def _subscribe_forever(self) -> None:
        attempt = 0
        while True:
            pubsub = self._subscriber_redis.pubsub(ignore_subscribe_messages=True)
            connected = False
            try:
                await pubsub.subscribe(_CONTROL_CHANNEL, self._deliver_channel)
                connected, attempt = True, 0
                self._connected.set()
                while True:
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=None)
                    if message is not None and message["type"] == "message":
                        self._dispatch(message["channel"], message["data"])
            except (RedisError, OSError) as exc:
                if connected:
                    logger.warning("lost the Redis subscriber connection: %s", exc)
            finally:
                self._connected.clear()
                with contextlib.suppress(RedisError, OSError):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
            if connected and self._listener is not None:
                self._listener.backplane_lost()
            await asyncio.sleep(_RECONNECT_DELAYS[min(attempt, len(_RECONNECT_DELAYS) - 1)])
            attempt += 1

    def _dispatch(self, channel: bytes, data: bytes) -> None:
        listener = self._listener
        if listener is None:
            return
        if channel != _CONTROL_CHANNEL:
            for user_ids, frame in _records(data):
                text = frame.decode()
                for user_id in user_ids:
                    listener.deliver(uuid.UUID(user_id.decode()), text)
            return
        message = orjson.loads(data)
        if "reaped" in message:
            if message["reaped"] == self.process_id:
                # Counted out while alive (stalled past the limit): events stopped coming.
                logger.warning("this process was reaped as dead: its clients resync")
                listener.backplane_lost()
            return
        sessions = message["session_ids"]
        listener.revoke(
            uuid.UUID(message["user_id"]),
            None if sessions is None else frozenset(uuid.UUID(s) for s in sessions),
            uuid.UUID(message["keep"]) if message["keep"] else None,
        )

    # --- Presence -----------------------------------------------------------------------------

    async def _count_out(self, process_id: str, user_id: uuid.UUID, process_users: str) -> bool:
        key = _presence_key(user_id)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.srem(key, process_id)
            pipe.scard(key)
            pipe.srem(process_users, str(user_id))
            removed, count, _ = await pipe.execute()
        return bool(removed == 1 and count == 0)

    async def online_among(self, user_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
        ids = list(user_ids)
        if not ids:
            return set()
        async with self._redis.pipeline(transaction=False) as pipe:
            for user_id in ids:
                pipe.exists(_presence_key(user_id))
            found = await pipe.execute()
        return {user_id for user_id, exists in zip(ids, found, strict=True) if exists}

    async def ready(self) -> bool:
        if not self._connected.is_set():
            return False
        try:
            return bool(await self._redis.ping())
        except (RedisError, OSError):
            return False

    async def _beat_forever(self) -> None:
        while True:
            try:
                await self._beat()
            except (RedisError, OSError) as exc:
                logger.warning("presence heartbeat failed: %s", exc)
            await asyncio.sleep(self._heartbeat_seconds)

    async def _beat(self) -> None:
        now_ms = int(time.time() * 1000)
        await self._redis.zadd(_PROCESSES, {self.process_id: now_ms})
        stale = await self._redis.zrangebyscore(_PROCESSES, "-inf", now_ms - self._process_ttl_ms)
        for raw in stale:
            process_id = _text(raw)
            # ZREM answers 1 to one process only: that one reaps the dead process.
            if await self._redis.zrem(_PROCESSES, process_id) == 1:
                await self._reap(process_id)

    async def _count_out_everyone(self, process_id: str) -> list[uuid.UUID]:
        """Counts a process out of every user it held, in one transaction (thousands of
        them when a loaded process stops); those left with none went offline."""
        process_users = f"quad:process:{process_id}:users"
        user_ids = [uuid.UUID(_text(raw)) for raw in await self._redis.smembers(process_users)]
        async with self._redis.pipeline(transaction=True) as pipe:
            for user_id in user_ids:
                pipe.srem(_presence_key(user_id), process_id)
                pipe.scard(_presence_key(user_id))
            pipe.delete(process_users)
            replies = await pipe.execute()
        counted_out = zip(user_ids, replies[0:-1:2], replies[1:-1:2], strict=True)
        return [user_id for user_id, removed, left in counted_out if removed == 1 and left == 0]

    async def _reap(self, process_id: str) -> None:
        offline = await self._count_out_everyone(process_id)
        # Should it be alive after all, it must hear it: events no longer reach it.
        await self._redis.publish(_CONTROL_CHANNEL, orjson.dumps({"reaped": process_id}))
        logger.info("reaped process %s: %d users went offline", process_id, len(offline))
        if offline and self._listener is not None:
            self._listener.went_offline(offline)
