"""Messages: sent once, numbered without gaps, paged, edited, deleted and read."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg
import httpx
from fastapi import FastAPI

from tests.builders import (
    Student,
    assert_error,
    befriend,
    block,
    create_group,
    open_direct,
    register,
    send_message,
)
from tests.sql import statements_of


async def _pair(client: httpx.AsyncClient) -> tuple[Student, Student, str]:
    ada, alan = await register(client), await register(client, first_name="Alan")
    await befriend(client, ada, alan)
    return ada, alan, (await open_direct(client, ada, alan))["id"]


async def _history(
    client: httpx.AsyncClient, student: Student, conversation_id: str, **params: Any
) -> dict[str, Any]:
    response = await client.get(
        f"/api/v1/conversations/{conversation_id}/messages", params=params, headers=student.headers
    )
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


# --- Sending -----------------------------------------------------------------------------------


async def test_a_sent_message_is_numbered_and_kept(client: httpx.AsyncClient) -> None:
    ada, alan, chat = await _pair(client)
    client_id = uuid.uuid4()

    response = await client.post(
        f"/api/v1/conversations/{chat}/messages",
        json={"body": "  See you at\r\nthe library?  \n\n", "client_id": str(client_id)},
        headers=ada.headers,
    )

    assert response.status_code == 201
    message = response.json()
    assert message["seq"] == 1
    assert message["body"] == "See you at\nthe library?"
    assert message["client_id"] == str(client_id)
    assert message["sender_id"] == str(ada.id)
    assert message["conversation_id"] == chat
    assert (message["edited_at"], message["deleted"]) == (None, False)
    assert message["created_at"].endswith("Z")
    assert (await _history(client, alan, chat))["items"] == [message]


async def test_the_same_client_id_is_sent_exactly_once(client: httpx.AsyncClient) -> None:
    ada, alan, chat = await _pair(client)
    client_id = uuid.uuid4()
    path = f"/api/v1/conversations/{chat}/messages"
    body = {"body": "once", "client_id": str(client_id)}

    first = await client.post(path, json=body, headers=ada.headers)
    retry = await client.post(path, json=body, headers=ada.headers)
    after = await send_message(client, ada, chat, "next")
    # Another student's client may pick the same id: it is theirs, not a retry.
    theirs = await client.post(path, json=body, headers=alan.headers)

    assert (first.status_code, retry.status_code, theirs.status_code) == (201, 200, 201)
    assert retry.json() == first.json()
    assert after["seq"] == 2  # the retry took no seq
    assert theirs.json()["seq"] == 3


async def test_concurrent_retries_of_one_send_make_one_message(
    client: httpx.AsyncClient,
) -> None:
    ada, _, chat = await _pair(client)
    body = {"body": "racing", "client_id": str(uuid.uuid4())}

    answers = await asyncio.gather(
        *(
            client.post(f"/api/v1/conversations/{chat}/messages", json=body, headers=ada.headers)
            for _ in range(8)
        )
    )

    assert sorted(a.status_code for a in answers) == [200] * 7 + [201]
    assert {a.json()["id"] for a in answers} == {answers[0].json()["id"]}
    assert [m["seq"] for m in (await _history(client, ada, chat))["items"]] == [1]


async def test_seqs_are_gapless_under_fifty_concurrent_senders(
    client: httpx.AsyncClient,
) -> None:
    admin = await register(client)
    members = [await register(client) for _ in range(49)]
    group = await create_group(client, admin, members)
    senders = [admin, *members]

    rounds = []
    for round_ in range(2):
        rounds.append(
            await asyncio.gather(
                *(send_message(client, sender, group["id"], f"{round_}") for sender in senders)
            )
        )

    first, second = ([m["seq"] for m in sent] for sent in rounds)
    assert sorted(first) == list(range(1, 51))
    assert sorted(second) == list(range(51, 101))
    stored = await _history(client, admin, group["id"], limit=100)
    assert [m["seq"] for m in stored["items"]] == list(range(1, 101))
    assert [m["body"] for m in stored["items"]] == ["0"] * 50 + ["1"] * 50


async def test_bodies_are_checked(client: httpx.AsyncClient) -> None:
    ada, _, chat = await _pair(client)
    path = f"/api/v1/conversations/{chat}/messages"

    for body in ("", " \n\t ", "x" * 4001, "a\x00b", "evil\u202etxt.exe"):
        response = await client.post(path, json={"body": body}, headers=ada.headers)
        assert_error(response, 422, "validation_error")
    longest = await client.post(path, json={"body": "é" * 4000}, headers=ada.headers)
    assert longest.status_code == 201


async def test_strangers_cannot_send(client: httpx.AsyncClient) -> None:
    _, _, chat = await _pair(client)
    eve = await register(client)

    for conversation_id in (chat, str(uuid.uuid4())):
        response = await client.post(
            f"/api/v1/conversations/{conversation_id}/messages",
            json={"body": "hi"},
            headers=eve.headers,
        )
        assert_error(response, 404, "conversation_not_found")


async def test_a_block_stops_a_direct_chat_both_ways(client: httpx.AsyncClient) -> None:
    ada, alan, chat = await _pair(client)
    await send_message(client, ada, chat, "before")
    await block(client, ada, alan)

    for sender in (ada, alan):
        response = await client.post(
            f"/api/v1/conversations/{chat}/messages", json={"body": "hi"}, headers=sender.headers
        )
        assert_error(response, 403, "messaging_blocked")
    await client.delete(f"/api/v1/blocks/{alan.id}", headers=ada.headers)
    resumed = await send_message(client, alan, chat, "again")
    assert resumed["seq"] == 2  # the refused sends took no seq


async def test_a_block_does_not_stop_a_group(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    group = await create_group(client, ada, [alan])
    await block(client, alan, ada)

    assert (await send_message(client, ada, group["id"], "still here"))["seq"] == 1


# --- History -----------------------------------------------------------------------------------


async def test_history_pages_up_and_catches_up(client: httpx.AsyncClient) -> None:
    ada, alan, chat = await _pair(client)
    for number in range(1, 8):
        await send_message(client, ada, chat, f"m{number}")

    latest = await _history(client, alan, chat, limit=3)
    older = await _history(client, alan, chat, limit=3, before_seq=5)
    oldest = await _history(client, alan, chat, limit=3, before_seq=2)
    newer = await _history(client, alan, chat, limit=3, after_seq=2)
    newest = await _history(client, alan, chat, limit=3, after_seq=5)
    between = await _history(client, alan, chat, after_seq=2, before_seq=5)

    def seqs(page: dict[str, Any]) -> list[int]:
        return [m["seq"] for m in page["items"]]

    assert (seqs(latest), latest["has_more"]) == ([5, 6, 7], True)
    assert (seqs(older), older["has_more"]) == ([2, 3, 4], True)
    assert (seqs(oldest), oldest["has_more"]) == ([1], False)
    assert (seqs(newer), newer["has_more"]) == ([3, 4, 5], True)
    assert (seqs(newest), newest["has_more"]) == ([6, 7], False)
    assert (seqs(between), between["has_more"]) == ([3, 4], False)
    assert (await _history(client, alan, chat, after_seq=7)) == {"items": [], "has_more": False}


async def test_history_parameters_are_checked(client: httpx.AsyncClient) -> None:
    ada, _, chat = await _pair(client)
    path = f"/api/v1/conversations/{chat}/messages"
    for params in ({"limit": 0}, {"limit": 101}, {"before_seq": -1}, {"after_seq": "x"}):
        response = await client.get(path, params=params, headers=ada.headers)
        assert_error(response, 422, "validation_error")


# --- Edit and delete --------------------------------------------------------------------------


async def test_the_sender_edits_and_deletes(client: httpx.AsyncClient) -> None:
    ada, alan, chat = await _pair(client)
    message = await send_message(client, ada, chat, "typo")
    path = f"/api/v1/messages/{message['id']}"

    by_other = await client.patch(path, json={"body": "mine"}, headers=alan.headers)
    edited = await client.patch(path, json={"body": "fixed"}, headers=ada.headers)
    delete_by_other = await client.delete(path, headers=alan.headers)
    deleted = await client.delete(path, headers=ada.headers)
    deleted_again = await client.delete(path, headers=ada.headers)
    edit_deleted = await client.patch(path, json={"body": "back"}, headers=ada.headers)

    assert_error(by_other, 403, "not_message_sender")
    assert edited.status_code == 200
    assert edited.json()["body"] == "fixed"
    assert edited.json()["edited_at"] is not None
    assert_error(delete_by_other, 403, "not_message_sender")
    assert (deleted.status_code, deleted_again.status_code) == (204, 204)
    assert_error(edit_deleted, 409, "message_deleted")
    [stored] = (await _history(client, alan, chat))["items"]
    assert (stored["seq"], stored["body"], stored["deleted"]) == (1, "", True)


async def test_strangers_cannot_see_or_touch_a_message(client: httpx.AsyncClient) -> None:
    ada, _, chat = await _pair(client)
    eve = await register(client)
    message = await send_message(client, ada, chat)

    for response in (
        await client.patch(
            f"/api/v1/messages/{message['id']}", json={"body": "x"}, headers=eve.headers
        ),
        await client.delete(f"/api/v1/messages/{message['id']}", headers=eve.headers),
        await client.delete(f"/api/v1/messages/{uuid.uuid4()}", headers=ada.headers),
    ):
        assert_error(response, 404, "message_not_found")


# --- Reading -----------------------------------------------------------------------------------


async def _conversation(client: httpx.AsyncClient, student: Student, chat: str) -> dict[str, Any]:
    response = await client.get(f"/api/v1/conversations/{chat}", headers=student.headers)
    assert response.status_code == 200
    conversation: dict[str, Any] = response.json()
    return conversation


async def test_the_read_position_only_moves_forward(client: httpx.AsyncClient) -> None:
    ada, alan, chat = await _pair(client)
    for _ in range(5):
        await send_message(client, ada, chat)
    read = f"/api/v1/conversations/{chat}/read"

    assert (await _conversation(client, alan, chat))["unread_count"] == 5
    assert (await client.post(read, json={"seq": 3}, headers=alan.headers)).status_code == 204
    assert (await client.post(read, json={"seq": 1}, headers=alan.headers)).status_code == 204
    seen = await _conversation(client, alan, chat)
    assert (seen["last_read_seq"], seen["unread_count"]) == (3, 2)

    await client.post(read, json={"seq": 999}, headers=alan.headers)
    caught_up = await _conversation(client, alan, chat)
    assert (caught_up["last_read_seq"], caught_up["unread_count"]) == (5, 0)
    bad = await client.post(read, json={"seq": -1}, headers=alan.headers)
    assert_error(bad, 422, "validation_error")


async def test_sending_reads_up_to_your_own_message(client: httpx.AsyncClient) -> None:
    ada, alan, chat = await _pair(client)
    await send_message(client, alan, chat)
    await send_message(client, alan, chat)
    await send_message(client, ada, chat)

    mine = await _conversation(client, ada, chat)
    theirs = await _conversation(client, alan, chat)

    assert (mine["last_read_seq"], mine["unread_count"]) == (3, 0)
    assert (theirs["last_read_seq"], theirs["unread_count"]) == (2, 1)
    # Each member's position is in the conversation: ada's messages up to 2 show as read.
    positions = {m["user"]["id"]: m["last_read_seq"] for m in mine["members"]}
    assert positions == {str(ada.id): 3, str(alan.id): 2}


# --- Statement counts -----------------------------------------------------------------------


async def test_sending_costs_the_same_statements_in_a_pair_and_in_groups_of_three_and_fifty(
    client: httpx.AsyncClient, app: FastAPI, db: asyncpg.Connection
) -> None:
    ada, _, chat = await _pair(client)
    admin = await register(client)
    small = await create_group(client, admin, [await register(client) for _ in range(2)])
    large = await create_group(client, admin, [await register(client) for _ in range(49)])

    counts = []
    for sender, conversation_id in ((ada, chat), (admin, small["id"]), (admin, large["id"])):
        with statements_of(app) as sent:
            await send_message(client, sender, conversation_id, client_id=uuid.uuid4())
            await app.state.resources.message_writer.flushed()  # the pushes come after the 201
        counts.append(len(sent))

    # The session's user; the two that send (one locks the conversation, one sends, the
    # other members' notifications included); and the notifications as each recipient sees
    # their sender, for the pushes (the commit is not a statement the engine's cursor runs).
    assert counts == [4, 4, 4]
    notified = await db.fetchval(
        "SELECT count(*) FROM notifications WHERE conversation_id = $1",
        uuid.UUID(large["id"]),
    )
    assert notified == 49


async def test_a_page_of_conversations_costs_the_same_statements_whatever_its_size(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    ada = await register(client)
    for _ in range(3):
        friend = await register(client)
        await befriend(client, ada, friend)
        await send_message(client, ada, (await open_direct(client, ada, friend))["id"])
    for size in (3, 10):
        await create_group(client, ada, [await register(client) for _ in range(size)])

    counts = []
    for limit in (1, 5, 20):
        with statements_of(app) as sent:
            response = await client.get(
                "/api/v1/conversations", params={"limit": limit}, headers=ada.headers
            )
        assert len(response.json()["items"]) == min(limit, 5)
        counts.append(len(sent))

    assert counts == [3, 3, 3]  # the session's user, the conversations, all their members
