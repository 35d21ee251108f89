"""Group commit: the sends a process takes at the same time share one transaction, and each
keeps its own outcome."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import httpx
from fastapi import FastAPI

from quad.chat.repository import NewMessage, begin_batch, send_messages
from quad.chat.writer import MessageWriter, WriterClosed
from quad.resources import Resources
from quad.users.schemas import UserPresenter
from tests.builders import (
    Student,
    befriend,
    create_group,
    notifications_of,
    open_direct,
    register,
    send_message,
)
from tests.conftest import AppFactory
from tests.sql import statements_of


def _writer(app: FastAPI) -> MessageWriter:
    resources: Resources = app.state.resources
    return resources.message_writer


async def _seqs(db: asyncpg.Connection, conversation_id: uuid.UUID) -> list[int]:
    rows = await db.fetch(
        "SELECT seq FROM messages WHERE conversation_id = $1 ORDER BY seq", conversation_id
    )
    return [row["seq"] for row in rows]


async def _group_of(client: httpx.AsyncClient, size: int) -> tuple[list[Student], uuid.UUID]:
    admin = await register(client)
    members = [await register(client) for _ in range(size - 1)]
    group = await create_group(client, admin, members)
    return [admin, *members], uuid.UUID(group["id"])


async def test_sends_arriving_together_are_one_statement_and_one_commit(
    client: httpx.AsyncClient, app: FastAPI, db: asyncpg.Connection
) -> None:
    students, group = await _group_of(client, 20)
    writer = _writer(app)

    with statements_of(app) as sent:
        messages = await asyncio.gather(
            *(
                writer.send(NewMessage(group, student.id, f"hello {n}", uuid.uuid4()))
                for n, student in enumerate(students)
            )
        )
    sends = [statement for statement in sent if "INSERT INTO messages" in statement]

    assert len(sends) == 1  # twenty messages, one pipelined round trip
    assert all(message is not None for message in messages)
    assert sorted(message.seq for message in messages if message) == list(range(1, 21))
    assert await _seqs(db, group) == list(range(1, 21))


async def test_a_refused_send_leaves_the_rest_of_its_batch_sent_without_a_gap(
    client: httpx.AsyncClient, app: FastAPI, db: asyncpg.Connection
) -> None:
    students, group = await _group_of(client, 4)
    stranger = await register(client)
    retried = uuid.uuid4()
    writer = _writer(app)

    outcomes = await asyncio.gather(
        writer.send(NewMessage(group, students[0].id, "first", retried)),
        writer.send(NewMessage(group, stranger.id, "let me in", uuid.uuid4())),
        writer.send(NewMessage(group, students[1].id, "second", uuid.uuid4())),
        writer.send(NewMessage(group, students[0].id, "first", retried)),  # the retry
        writer.send(NewMessage(group, students[2].id, "third", uuid.uuid4())),
    )

    first, from_stranger, second, retry, third = outcomes
    # Not sent: the caller asks why (a 404 for the stranger, the original for the retry).
    assert (from_stranger, retry) == (None, None)
    assert [m.seq if m else None for m in (first, second, third)] == [1, 2, 3]
    assert await _seqs(db, group) == [1, 2, 3]


async def test_a_batch_notifies_as_if_its_messages_came_one_after_another(
    client: httpx.AsyncClient, app: FastAPI, db: asyncpg.Connection
) -> None:
    (ada, alan, grace), group = await _group_of(client, 3)
    writer = _writer(app)

    with statements_of(app) as sent:
        await asyncio.gather(
            writer.send(NewMessage(group, alan.id, "one", uuid.uuid4())),
            writer.send(NewMessage(group, ada.id, "two", uuid.uuid4())),
            writer.send(NewMessage(group, alan.id, "three", uuid.uuid4())),
        )
        await writer.flushed()

    rows = await db.fetch(
        "SELECT n.user_id, n.count, n.read_at IS NOT NULL AS read, m.seq AS newest"
        " FROM notifications n JOIN messages m ON m.id = n.message_id"
        " WHERE n.conversation_id = $1 ORDER BY m.seq",
        group,
    )
    notified = {(r["user_id"], r["read"]): (r["count"], r["newest"]) for r in rows}
    assert len(rows) == len(notified)
    assert notified == {
        # Grace sent nothing: one unread, all three counted, the newest named.
        (grace.id, False): (3, 3),
        # Ada read "one" by sending "two"; "three" came after, a new one.
        (ada.id, True): (1, 1),
        (ada.id, False): (1, 3),
        # Alan read "two" by sending "three".
        (alan.id, True): (1, 2),
    }
    assert len([s for s in sent if "INSERT INTO messages" in s]) == 1


async def test_a_batch_over_several_conversations_tells_each_message_to_its_own_members(
    client: httpx.AsyncClient, app: FastAPI, db: asyncpg.Connection
) -> None:
    big, big_group = await _group_of(client, 6)
    small, small_group = await _group_of(client, 3)
    batch = [
        NewMessage(big_group, big[0].id, "one", uuid.uuid4()),
        NewMessage(small_group, small[1].id, "two", uuid.uuid4()),
        NewMessage(big_group, big[3].id, "three", uuid.uuid4()),
        NewMessage(small_group, small[2].id, "four", uuid.uuid4()),
        NewMessage(big_group, big[5].id, "five", uuid.uuid4()),
    ]
    resources: Resources = app.state.resources

    async with resources.database.driver_connection() as connection:
        await begin_batch(connection, batch)
        sent = await send_messages(connection, batch)
        await connection.execute("COMMIT")

    assert sent.complete
    members = {big_group: {s.id for s in big}, small_group: {s.id for s in small}}
    for message, each in zip(batch, sent.messages, strict=True):
        assert each is not None
        assert each.message.id == message.id
        assert set(each.member_ids) == members[message.conversation_id]
    unread = await db.fetch(
        "SELECT id FROM notifications WHERE conversation_id = ANY($1) AND read_at IS NULL",
        [big_group, small_group],
    )
    assert sorted(sent.notification_ids) == sorted(row["id"] for row in unread)


async def test_two_sends_of_one_client_id_at_the_same_time_make_one_message(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    ada, alan = await register(client), await register(client, first_name="Alan")
    await befriend(client, ada, alan)
    chat = (await open_direct(client, ada, alan))["id"]
    client_id = uuid.uuid4()

    original, retry = await asyncio.gather(
        send_message(client, ada, chat, "once", client_id=client_id),
        send_message(client, ada, chat, "once", client_id=client_id),
    )

    assert original["id"] == retry["id"]
    assert original["seq"] == retry["seq"] == 1


async def test_a_message_the_database_rejects_fails_alone(
    client: httpx.AsyncClient, app: FastAPI, db: asyncpg.Connection
) -> None:
    students, group = await _group_of(client, 3)
    writer = _writer(app)

    outcomes = await asyncio.gather(
        writer.send(NewMessage(group, students[0].id, "fine", uuid.uuid4())),
        # PostgreSQL's text cannot hold a NUL: the whole batch fails, then each alone.
        writer.send(NewMessage(group, students[1].id, "nul \x00 byte", uuid.uuid4())),
        writer.send(NewMessage(group, students[2].id, "also fine", uuid.uuid4())),
        return_exceptions=True,
    )

    assert [type(outcome).__name__ for outcome in outcomes] == [
        "MessageOut",
        "CharacterNotInRepertoireError",
        "MessageOut",
    ]
    assert await _seqs(db, group) == [1, 2]


async def test_notifications_published_close_together_are_read_in_one_round(
    make_client: AppFactory,
) -> None:
    # Rounds at most once a second here (0.1 s by default): the first of four friends'
    # messages is read at once, the three sent meanwhile together in the next round.
    client = await make_client(notification_round_seconds=1.0)
    app: FastAPI = client.app  # type: ignore[attr-defined]
    ada = await register(client)
    friends = [await register(client) for _ in range(4)]
    chats = []
    for friend in friends:
        await befriend(client, friend, ada)
        chats.append((await open_direct(client, friend, ada))["id"])

    with statements_of(app, with_parameters=True) as sent:
        for friend, chat in zip(friends, chats, strict=True):
            await send_message(client, friend, chat)  # each its own batch: one at a time
        await _writer(app).flushed()

    reads = [parameters for statement, parameters in sent if "mutual_friends" in statement]
    assert [len(parameters[-1]) for parameters in reads] == [1, 3]
    unread = await notifications_of(client, ada, unread_only="true")
    assert [n["type"] for n in unread].count("new_message") == 4


async def test_shutting_down_commits_what_was_queued_and_takes_no_more(
    client: httpx.AsyncClient, app: FastAPI, db: asyncpg.Connection
) -> None:
    students, group = await _group_of(client, 5)
    resources: Resources = app.state.resources
    writer = MessageWriter(
        resources.database,
        resources.realtime,
        UserPresenter(resources.storage.public_url),
        notification_interval=resources.settings.notification_push_interval_seconds,
        notification_round_interval=resources.settings.notification_round_seconds,
    )
    await writer.start()

    queued = [
        asyncio.ensure_future(writer.send(NewMessage(group, s.id, "bye", uuid.uuid4())))
        for s in students
    ]
    await asyncio.sleep(0)  # every send queued
    await writer.close()

    assert all(message is not None for message in await asyncio.gather(*queued))
    assert await _seqs(db, group) == [1, 2, 3, 4, 5]
    try:
        await writer.send(NewMessage(group, students[0].id, "too late", uuid.uuid4()))
    except WriterClosed:
        pass
    else:
        raise AssertionError("a closed writer took a send")
