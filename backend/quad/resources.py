"""Everything a running Quad process holds open, built once in the app's lifespan.

Routers reach these through the typed dependencies in ``quad.dependencies``; nothing
imports a global.
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import dataclass

import anyio.to_thread
from redis.asyncio import Redis

from quad.chat.writer import MessageWriter
from quad.core.config import Settings
from quad.core.db import Database, create_database
from quad.core.security import AccessTokenCodec, PasswordHasher
from quad.core.tasks import BackgroundTasks
from quad.mail import MailSender, build_mail_sender
from quad.realtime.backplane import Backplane
from quad.realtime.backplane_memory import MemoryBackplane
from quad.realtime.backplane_redis import RedisBackplane
from quad.realtime.service import Realtime
from quad.storage import FileStorage, build_storage
from quad.users.schemas import UserPresenter


@dataclass(frozen=True)
class Resources:
    settings: Settings
    database: Database
    redis: Redis | None
    storage: FileStorage
    mailer: MailSender
    hasher: PasswordHasher
    access_tokens: AccessTokenCodec
    tasks: BackgroundTasks
    realtime: Realtime
    message_writer: MessageWriter


async def open_resources(settings: Settings, stack: AsyncExitStack) -> Resources:
    """Opens every resource; ``stack`` closes them in reverse order at shutdown."""
    database = create_database(settings)
    stack.push_async_callback(database.dispose)

    redis: Redis | None = None
    if settings.redis_url:
        redis = Redis.from_url(settings.redis_url, socket_connect_timeout=2, socket_timeout=5)
        stack.push_async_callback(redis.aclose)

    storage = await build_storage(settings)
    stack.push_async_callback(storage.close)

    backplane: Backplane = (
        RedisBackplane(
            settings.redis_url,
            heartbeat_seconds=settings.realtime_heartbeat_seconds,
            process_ttl_seconds=settings.realtime_process_ttl_seconds,
        )
        if settings.redis_url
        else MemoryBackplane()
    )
    realtime = Realtime(backplane, database)
    await realtime.start()
    stack.push_async_callback(realtime.close)  # sockets close before the database does

    message_writer = MessageWriter(
        database,
        realtime,
        UserPresenter(storage.public_url),
        notification_interval=settings.notification_push_interval_seconds,
        notification_round_interval=settings.notification_round_seconds,
    )
    await message_writer.start()
    stack.push_async_callback(message_writer.close)  # queued sends go out before sockets close

    tasks = BackgroundTasks()
    stack.push_async_callback(tasks.drain)  # closed first: pending mails go out before exit

    # Hashing the login decoy takes a bcrypt round; keep it off the event loop as well.
    hasher = await anyio.to_thread.run_sync(PasswordHasher, settings.bcrypt_rounds)
    return Resources(
        settings=settings,
        database=database,
        redis=redis,
        storage=storage,
        mailer=build_mail_sender(settings),
        hasher=hasher,
        access_tokens=AccessTokenCodec(settings),
        tasks=tasks,
        realtime=realtime,
        message_writer=message_writer,
    )
