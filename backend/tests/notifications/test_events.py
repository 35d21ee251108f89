"""What makes a notification, and what tidies it away (the contract's Notifications rows)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg
import httpx
from fastapi import FastAPI

from quad.chat.repository import NewMessage, begin_batch, send_messages
from quad.resources import Resources
from tests.builders import (
    Student,
    befriend,
    block,
    create_group,
    mark_conversation_read,
    notifications_of,
    open_direct,
    register,
    send_friend_request,
    send_message,
    unread_count,
)


async def _chat(client: httpx.AsyncClient) -> tuple[Student, Student, str]:
    """Ada and Alan, friends, with their direct chat."""
    ada, alan = await register(client), await register(client, first_name="Alan")
    await befriend(client, ada, alan)
    return ada, alan, (await open_direct(client, ada, alan))["id"]


def _of_type(notifications: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [notification for notification in notifications if notification["type"] == kind]


# --- Friend requests ---------------------------------------------------------------------------


async def test_a_friend_request_notifies_its_recipient(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client, first_name="Alan")

    request = await send_friend_request(client, ada, alan)

    (notification,) = await notifications_of(client, alan)
    assert notification["type"] == "friend_request"
    assert notification["data"] == {"request_id": request["id"]}
    assert notification["actor"]["id"] == str(ada.id)
    # The actor as the recipient sees them.
    assert notification["actor"]["friendship_status"] == "request_received"
    assert notification["actor"]["friend_request_id"] == request["id"]
    assert notification["read"] is False
    assert notification["created_at"].endswith("Z")
    assert notification["updated_at"] == notification["created_at"]
    assert await notifications_of(client, ada) == []  # the sender gets none


async def test_accepting_notifies_the_sender_and_reads_the_request(
    client: httpx.AsyncClient,
) -> None:
    ada, alan = await register(client), await register(client, first_name="Alan")
    request = await send_friend_request(client, ada, alan)

    response = await client.post(
        f"/api/v1/friend-requests/{request['id']}/accept", headers=alan.headers
    )
    assert response.status_code == 200

    (accepted,) = await notifications_of(client, ada)
    assert accepted["type"] == "friend_request_accepted"
    assert accepted["data"] == {"request_id": request["id"]}
    assert accepted["actor"]["id"] == str(alan.id)
    assert accepted["actor"]["friendship_status"] == "friends"
    assert accepted["read"] is False
    (asked,) = await notifications_of(client, alan)
    assert (asked["type"], asked["read"]) == ("friend_request", True)  # answered: seen
    assert await unread_count(client, alan) == 0


async def test_a_crossing_request_notifies_the_first_sender_of_the_acceptance(
    client: httpx.AsyncClient,
) -> None:
    ada, alan = await register(client), await register(client, first_name="Alan")
    request = await send_friend_request(client, ada, alan)

    crossing = await send_friend_request(client, alan, ada)

    assert crossing["status"] == "accepted"
    (accepted,) = await notifications_of(client, ada)
    assert (accepted["type"], accepted["data"]["request_id"]) == (
        "friend_request_accepted",
        request["id"],
    )
    assert accepted["actor"]["id"] == str(alan.id)
    assert [n["read"] for n in await notifications_of(client, alan)] == [True]


async def test_a_declined_request_takes_its_notification_away(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    request = await send_friend_request(client, ada, alan)

    response = await client.post(
        f"/api/v1/friend-requests/{request['id']}/decline", headers=alan.headers
    )

    assert response.status_code == 200
    assert await notifications_of(client, alan) == []
    assert await notifications_of(client, ada) == []  # a decline tells the sender nothing


async def test_a_withdrawn_request_takes_its_notification_away(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    request = await send_friend_request(client, ada, alan)

    response = await client.delete(f"/api/v1/friend-requests/{request['id']}", headers=ada.headers)

    assert response.status_code == 204
    assert await notifications_of(client, alan) == []
    assert await unread_count(client, alan) == 0


async def test_blocking_removes_what_either_caused_the_other(client: httpx.AsyncClient) -> None:
    ada, alan, chat = await _chat(client)
    noah = await register(client, first_name="Noah")
    await send_friend_request(client, noah, ada)
    await send_message(client, alan, chat)

    await block(client, ada, alan)

    remaining = await notifications_of(client, ada)
    assert [(n["type"], n["actor"]["id"]) for n in remaining] == [("friend_request", str(noah.id))]
    assert await notifications_of(client, alan) == []  # Ada's acceptance of Alan, gone too


# --- New messages ------------------------------------------------------------------------------


async def test_messages_coalesce_into_one_unread_notification_per_conversation(
    client: httpx.AsyncClient,
) -> None:
    ada, alan, chat = await _chat(client)

    sent = [await send_message(client, alan, chat, f"message {n}") for n in range(3)]

    (notification,) = _of_type(await notifications_of(client, ada), "new_message")
    assert notification["data"] == {
        "conversation_id": chat,
        "message_id": sent[-1]["id"],
        "count": 3,
    }
    assert notification["actor"]["id"] == str(alan.id)
    assert notification["read"] is False
    assert notification["updated_at"] > notification["created_at"]
    assert _of_type(await notifications_of(client, alan), "new_message") == []  # senders: none


async def test_each_conversation_has_its_own_notification(client: httpx.AsyncClient) -> None:
    ada, alan, chat = await _chat(client)
    group = await create_group(client, alan, [await register(client)], name="Algebra")
    response = await client.post(
        f"/api/v1/conversations/{group['id']}/members",
        json={"user_ids": [str(ada.id)]},
        headers=alan.headers,
    )
    assert response.status_code == 200

    await send_message(client, alan, chat)
    await send_message(client, alan, group["id"])
    await send_message(client, alan, chat)

    counts = {
        n["data"]["conversation_id"]: n["data"]["count"]
        for n in _of_type(await notifications_of(client, ada), "new_message")
    }
    assert counts == {chat: 2, group["id"]: 1}


async def test_in_a_group_the_newest_sender_is_the_actor(client: httpx.AsyncClient) -> None:
    ada, alan, noah = await register(client), await register(client), await register(client)
    group = await create_group(client, ada, [alan, noah])
    await befriend(client, alan, noah)

    await send_message(client, alan, group["id"])
    await send_message(client, noah, group["id"])

    (for_ada,) = _of_type(await notifications_of(client, ada), "new_message")
    assert (for_ada["actor"]["id"], for_ada["data"]["count"]) == (str(noah.id), 2)
    # Alan's counts Noah's message only; Noah's, Alan's only.
    (for_alan,) = _of_type(await notifications_of(client, alan), "new_message")
    (for_noah,) = _of_type(await notifications_of(client, noah), "new_message")
    assert (for_alan["data"]["count"], for_noah["data"]["count"]) == (1, 1)


async def test_a_retried_send_counts_once(client: httpx.AsyncClient) -> None:
    ada, alan, chat = await _chat(client)
    client_id = uuid.uuid4()

    for _ in range(3):
        await send_message(client, alan, chat, client_id=client_id)

    (notification,) = _of_type(await notifications_of(client, ada), "new_message")
    assert notification["data"]["count"] == 1


async def test_reading_the_conversation_reads_its_notification(client: httpx.AsyncClient) -> None:
    ada, alan, chat = await _chat(client)
    await send_message(client, alan, chat)
    last = await send_message(client, alan, chat)
    before = await unread_count(client, ada)

    await mark_conversation_read(client, ada, chat, last["seq"])

    (notification,) = _of_type(await notifications_of(client, ada), "new_message")
    assert notification["read"] is True
    assert await unread_count(client, ada) == before - 1

    # The next message starts a new one.
    newer = await send_message(client, alan, chat, "one more")
    unread = _of_type(await notifications_of(client, ada, unread_only=True), "new_message")
    assert [(n["data"]["message_id"], n["data"]["count"]) for n in unread] == [(newer["id"], 1)]


async def test_reading_older_messages_leaves_a_newer_one_unread(client: httpx.AsyncClient) -> None:
    ada, alan, chat = await _chat(client)
    first = await send_message(client, alan, chat)
    await send_message(client, alan, chat)

    await mark_conversation_read(client, ada, chat, first["seq"])

    (notification,) = _of_type(await notifications_of(client, ada), "new_message")
    assert notification["read"] is False


async def test_reading_over_the_socket_reads_the_notification_too(
    client: httpx.AsyncClient,
) -> None:
    """Reading again at the same position still reads a notification left unread."""
    ada, alan, chat = await _chat(client)
    message = await send_message(client, alan, chat)
    await mark_conversation_read(client, ada, chat, message["seq"])
    await mark_conversation_read(client, ada, chat, message["seq"])

    assert await unread_count(client, ada) == 1  # Alan's acceptance; the message is read


async def test_replying_reads_your_notification_of_the_conversation(
    client: httpx.AsyncClient,
) -> None:
    ada, alan, chat = await _chat(client)
    await send_message(client, alan, chat)

    await send_message(client, ada, chat, "On my way")

    (notification,) = _of_type(await notifications_of(client, ada), "new_message")
    assert notification["read"] is True


async def test_a_removed_member_gets_none_and_keeps_none(client: httpx.AsyncClient) -> None:
    ada, alan, noah = await register(client), await register(client), await register(client)
    group = await create_group(client, ada, [alan, noah])
    await send_message(client, ada, group["id"])

    response = await client.delete(
        f"/api/v1/conversations/{group['id']}/members/{noah.id}", headers=ada.headers
    )
    assert response.status_code == 204
    await send_message(client, ada, group["id"])

    assert _of_type(await notifications_of(client, noah), "new_message") == []
    (for_alan,) = _of_type(await notifications_of(client, alan), "new_message")
    assert for_alan["data"]["count"] == 2


async def test_a_deleted_group_takes_its_notifications_along(
    client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    ada, alan = await register(client), await register(client)
    group = await create_group(client, ada, [alan])
    await send_message(client, alan, group["id"])

    for student in (ada, alan):
        await client.delete(
            f"/api/v1/conversations/{group['id']}/members/{student.id}", headers=student.headers
        )

    remaining = await db.fetchval(
        "SELECT count(*) FROM notifications WHERE conversation_id = $1", uuid.UUID(group["id"])
    )
    assert remaining == 0


async def test_concurrent_senders_share_one_notification_per_recipient(
    client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    admin = await register(client)
    members = [await register(client) for _ in range(6)]
    group = await create_group(client, admin, members)
    senders = [admin, *members]
    rounds = 3

    await asyncio.gather(
        *(
            send_message(client, sender, group["id"], f"{sender.id} {n}")
            for n in range(rounds)
            for sender in senders
        )
    )

    rows = await db.fetch(
        "SELECT user_id, count, read_at FROM notifications WHERE conversation_id = $1",
        uuid.UUID(group["id"]),
    )
    unread = [row["user_id"] for row in rows if row["read_at"] is None]
    assert len(unread) == len(set(unread))  # at most one unread each
    # Every message counted once for each of the others: none lost, none doubled (a
    # notification read by its owner's own send is followed by a new one).
    for student in senders:
        counted = sum(row["count"] for row in rows if row["user_id"] == student.id)
        assert counted == rounds * (len(senders) - 1)


async def test_counting_up_rewrites_no_index(client: httpx.AsyncClient, app: FastAPI) -> None:
    # The write every message makes for every recipient: a HOT update, on the row's own
    # page, with no new index entries (see quad.notifications.models).
    admin = await register(client)
    members = [await register(client) for _ in range(4)]
    group = uuid.UUID((await create_group(client, admin, members))["id"])
    await send_message(client, admin, str(group))  # each member's notification starts
    resources: Resources = app.state.resources

    # The backend's counts since it last reported them (never inside a transaction).
    counts = (
        "SELECT pg_stat_get_xact_tuples_updated('notifications'::regclass),"
        " pg_stat_get_xact_tuples_hot_updated('notifications'::regclass)"
    )

    async with resources.database.driver_connection() as connection:
        batch = [NewMessage(group, admin.id, "again", uuid.uuid4())]
        await begin_batch(connection, batch)
        updated_before, in_place_before = await connection.fetchrow(counts)
        sent = await send_messages(connection, batch)
        updated, in_place = await connection.fetchrow(counts)
        await connection.execute("COMMIT")

    assert sent.complete
    assert (updated - updated_before, in_place - in_place_before) == (len(members),) * 2


# --- Mute --------------------------------------------------------------------------------------


async def test_a_muted_conversation_makes_no_notifications_but_counts_unread(
    client: httpx.AsyncClient,
) -> None:
    ada, alan, chat = await _chat(client)
    mute = f"/api/v1/conversations/{chat}/mute"

    assert (await client.post(mute, headers=ada.headers)).status_code == 204
    assert (await client.post(mute, headers=ada.headers)).status_code == 204  # again: fine
    await send_message(client, alan, chat)

    response = await client.get(f"/api/v1/conversations/{chat}", headers=ada.headers)
    assert (response.json()["muted"], response.json()["unread_count"]) == (True, 1)
    assert _of_type(await notifications_of(client, ada), "new_message") == []
    theirs = await client.get(f"/api/v1/conversations/{chat}", headers=alan.headers)
    assert theirs.json()["muted"] is False  # muting is the muter's own

    assert (await client.delete(mute, headers=ada.headers)).status_code == 204
    await send_message(client, alan, chat)
    (notification,) = _of_type(await notifications_of(client, ada), "new_message")
    assert notification["data"]["count"] == 1
    response = await client.get(f"/api/v1/conversations/{chat}", headers=ada.headers)
    assert (response.json()["muted"], response.json()["unread_count"]) == (False, 2)


async def test_only_members_mute_a_conversation(client: httpx.AsyncClient) -> None:
    _, _, chat = await _chat(client)
    eve = await register(client)

    for method in ("POST", "DELETE"):
        response = await client.request(
            method, f"/api/v1/conversations/{chat}/mute", headers=eve.headers
        )
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "conversation_not_found"
