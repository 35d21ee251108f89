"""Conversations: the direct chat of two friends, named groups and their admin rules."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import httpx

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


async def _get(client: httpx.AsyncClient, student: Student, conversation_id: str) -> httpx.Response:
    return await client.get(f"/api/v1/conversations/{conversation_id}", headers=student.headers)


# --- Direct chats ------------------------------------------------------------------------------


async def test_a_direct_chat_is_made_once_and_found_again(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client, first_name="Alan")
    await befriend(client, ada, alan)

    first = await client.post(
        "/api/v1/conversations/direct", json={"user_id": str(alan.id)}, headers=ada.headers
    )
    again = await client.post(
        "/api/v1/conversations/direct", json={"user_id": str(ada.id)}, headers=alan.headers
    )

    assert first.status_code == 201
    assert again.status_code == 200
    chat = first.json()
    assert again.json()["id"] == chat["id"]
    assert chat["type"] == "direct"
    assert chat["name"] is None
    assert {m["user"]["id"] for m in chat["members"]} == {str(ada.id), str(alan.id)}
    assert {m["role"] for m in chat["members"]} == {"member"}
    assert chat["last_message"] is None
    assert (chat["unread_count"], chat["last_read_seq"]) == (0, 0)
    statuses = {m["user"]["id"]: m["user"]["friendship_status"] for m in chat["members"]}
    assert statuses == {str(ada.id): "self", str(alan.id): "friends"}


async def test_a_direct_chat_needs_a_friend(client: httpx.AsyncClient) -> None:
    ada, stranger = await register(client), await register(client)

    response = await client.post(
        "/api/v1/conversations/direct", json={"user_id": str(stranger.id)}, headers=ada.headers
    )
    to_self = await client.post(
        "/api/v1/conversations/direct", json={"user_id": str(ada.id)}, headers=ada.headers
    )
    unknown = await client.post(
        "/api/v1/conversations/direct", json={"user_id": str(uuid.uuid4())}, headers=ada.headers
    )

    assert_error(response, 403, "not_friends")
    assert_error(to_self, 403, "not_friends")
    assert_error(unknown, 403, "not_friends")


async def test_an_existing_direct_chat_outlives_the_friendship(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    await befriend(client, ada, alan)
    chat = await open_direct(client, ada, alan)
    await client.delete(f"/api/v1/friends/{alan.id}", headers=ada.headers)

    again = await client.post(
        "/api/v1/conversations/direct", json={"user_id": str(alan.id)}, headers=ada.headers
    )

    assert again.status_code == 200
    assert again.json()["id"] == chat["id"]


async def test_two_students_opening_their_chat_at_once_get_one(
    client: httpx.AsyncClient,
) -> None:
    # More than 5 times: PostgreSQL plans a prepared statement afresh for its first five
    # runs and then reuses a generic plan, which must still find the direct-pair index.
    for _ in range(8):
        ada, alan = await register(client), await register(client)
        await befriend(client, ada, alan)
        answers = await asyncio.gather(
            client.post(
                "/api/v1/conversations/direct", json={"user_id": str(alan.id)}, headers=ada.headers
            ),
            client.post(
                "/api/v1/conversations/direct", json={"user_id": str(ada.id)}, headers=alan.headers
            ),
        )
        assert sorted(answer.status_code for answer in answers) == [200, 201]
        assert answers[0].json()["id"] == answers[1].json()["id"]


# --- Groups ------------------------------------------------------------------------------------


async def test_the_creator_of_a_group_is_its_admin(client: httpx.AsyncClient) -> None:
    ada, alan, grace = await register(client), await register(client), await register(client)

    group = await create_group(client, ada, [alan, grace], name="  Algebra   study ")

    assert group["type"] == "group"
    assert group["name"] == "Algebra study"
    roles = {m["user"]["id"]: m["role"] for m in group["members"]}
    assert roles == {str(ada.id): "admin", str(alan.id): "member", str(grace.id): "member"}
    assert group["members"][0]["user"]["id"] == str(ada.id)  # admins first
    seen_by_grace = (await _get(client, grace, group["id"])).json()
    assert seen_by_grace["id"] == group["id"]


async def test_a_group_is_made_of_friends_only(client: httpx.AsyncClient) -> None:
    ada, friend, stranger = await register(client), await register(client), await register(client)
    await befriend(client, ada, friend)

    response = await client.post(
        "/api/v1/conversations/groups",
        json={"name": "Study", "member_ids": [str(friend.id), str(stranger.id)]},
        headers=ada.headers,
    )

    error = assert_error(response, 403, "not_friends")
    assert error["details"] == [{"field": "user_id", "message": str(stranger.id)}]
    listed = await client.get("/api/v1/conversations", headers=ada.headers)
    assert listed.json()["items"] == []  # nothing half-made


async def test_group_names_are_checked(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    await befriend(client, ada, alan)
    for name in ("", "   ", "x" * 101):
        response = await client.post(
            "/api/v1/conversations/groups",
            json={"name": name, "member_ids": [str(alan.id)]},
            headers=ada.headers,
        )
        assert_error(response, 422, "validation_error")


async def test_only_admins_rename_and_add(client: httpx.AsyncClient) -> None:
    ada, alan, grace = await register(client), await register(client), await register(client)
    group = await create_group(client, ada, [alan])
    await befriend(client, alan, grace)
    await befriend(client, ada, grace)

    by_member = await client.patch(
        f"/api/v1/conversations/{group['id']}", json={"name": "Mine"}, headers=alan.headers
    )
    add_by_member = await client.post(
        f"/api/v1/conversations/{group['id']}/members",
        json={"user_ids": [str(grace.id)]},
        headers=alan.headers,
    )
    renamed = await client.patch(
        f"/api/v1/conversations/{group['id']}", json={"name": "Week 9"}, headers=ada.headers
    )
    added = await client.post(
        f"/api/v1/conversations/{group['id']}/members",
        json={"user_ids": [str(grace.id), str(alan.id)]},
        headers=ada.headers,
    )

    assert_error(by_member, 403, "not_group_admin")
    assert_error(add_by_member, 403, "not_group_admin")
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Week 9"
    assert added.status_code == 200
    assert {m["user"]["id"] for m in added.json()["members"]} == {
        str(ada.id),
        str(alan.id),
        str(grace.id),
    }


async def test_admins_add_only_their_friends(client: httpx.AsyncClient) -> None:
    ada, alan, stranger = await register(client), await register(client), await register(client)
    group = await create_group(client, ada, [alan])

    response = await client.post(
        f"/api/v1/conversations/{group['id']}/members",
        json={"user_ids": [str(stranger.id)]},
        headers=ada.headers,
    )

    assert_error(response, 403, "not_friends")


async def test_a_direct_chat_has_no_group_settings(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    await befriend(client, ada, alan)
    chat = await open_direct(client, ada, alan)

    rename = await client.patch(
        f"/api/v1/conversations/{chat['id']}", json={"name": "Us"}, headers=ada.headers
    )
    remove = await client.delete(
        f"/api/v1/conversations/{chat['id']}/members/{alan.id}", headers=ada.headers
    )

    assert_error(rename, 409, "not_a_group")
    assert_error(remove, 409, "not_a_group")


async def test_admins_remove_anyone_and_members_only_themselves(
    client: httpx.AsyncClient,
) -> None:
    ada, alan, grace = await register(client), await register(client), await register(client)
    group = await create_group(client, ada, [alan, grace])
    path = f"/api/v1/conversations/{group['id']}/members"

    by_member = await client.delete(f"{path}/{grace.id}", headers=alan.headers)
    removed = await client.delete(f"{path}/{grace.id}", headers=ada.headers)
    again = await client.delete(f"{path}/{grace.id}", headers=ada.headers)
    left = await client.delete(f"{path}/{alan.id}", headers=alan.headers)

    assert_error(by_member, 403, "not_group_admin")
    assert removed.status_code == 204
    assert_error(again, 404, "member_not_found")
    assert left.status_code == 204
    for gone in (alan, grace):
        assert_error(await _get(client, gone, group["id"]), 404, "conversation_not_found")
        history = await client.get(f"{path[:-8]}/messages", headers=gone.headers)
        assert_error(history, 404, "conversation_not_found")
    members = (await _get(client, ada, group["id"])).json()["members"]
    assert [m["user"]["id"] for m in members] == [str(ada.id)]


async def test_the_last_admin_leaving_promotes_the_longest_standing_member(
    client: httpx.AsyncClient,
) -> None:
    ada, alan, grace, noah = (
        await register(client),
        await register(client),
        await register(client),
        await register(client),
    )
    group = await create_group(client, ada, [alan])
    await befriend(client, ada, grace)
    await befriend(client, ada, noah)
    await client.post(
        f"/api/v1/conversations/{group['id']}/members",
        json={"user_ids": [str(grace.id)]},
        headers=ada.headers,
    )
    await client.post(
        f"/api/v1/conversations/{group['id']}/members",
        json={"user_ids": [str(noah.id)]},
        headers=ada.headers,
    )

    left = await client.delete(
        f"/api/v1/conversations/{group['id']}/members/{ada.id}", headers=ada.headers
    )

    assert left.status_code == 204
    roles = {
        m["user"]["id"]: m["role"]
        for m in (await _get(client, grace, group["id"])).json()["members"]
    }
    assert roles == {str(alan.id): "admin", str(grace.id): "member", str(noah.id): "member"}


async def test_a_group_everyone_left_is_gone(
    client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    ada, alan = await register(client), await register(client)
    group = await create_group(client, ada, [alan])
    await send_message(client, ada, group["id"])
    for student in (ada, alan):
        response = await client.delete(
            f"/api/v1/conversations/{group['id']}/members/{student.id}", headers=student.headers
        )
        assert response.status_code == 204

    group_id = uuid.UUID(group["id"])
    assert await db.fetchval("SELECT count(*) FROM conversations WHERE id = $1", group_id) == 0
    assert (
        await db.fetchval("SELECT count(*) FROM messages WHERE conversation_id = $1", group_id) == 0
    )


async def test_a_conversation_you_are_not_in_is_not_found(client: httpx.AsyncClient) -> None:
    ada, alan, eve = await register(client), await register(client), await register(client)
    group = await create_group(client, ada, [alan])

    for response in (
        await _get(client, eve, group["id"]),
        await _get(client, eve, str(uuid.uuid4())),
        await client.patch(
            f"/api/v1/conversations/{group['id']}", json={"name": "x"}, headers=eve.headers
        ),
        await client.post(
            f"/api/v1/conversations/{group['id']}/read", json={"seq": 1}, headers=eve.headers
        ),
    ):
        assert_error(response, 404, "conversation_not_found")


# --- The list --------------------------------------------------------------------------------


async def test_conversations_list_most_recent_activity_first(client: httpx.AsyncClient) -> None:
    ada, alan, grace = await register(client), await register(client), await register(client)
    await befriend(client, ada, alan)
    with_alan = await open_direct(client, ada, alan)
    group = await create_group(client, ada, [grace])
    await send_message(client, alan, with_alan["id"], "first")
    await send_message(client, alan, with_alan["id"], "second")

    page = (await client.get("/api/v1/conversations", headers=ada.headers)).json()

    assert [c["id"] for c in page["items"]] == [with_alan["id"], group["id"]]
    latest = page["items"][0]
    assert latest["last_message"]["body"] == "second"
    assert (latest["unread_count"], latest["last_read_seq"]) == (2, 0)
    assert page["next_cursor"] is None


async def test_conversations_page_with_a_cursor(client: httpx.AsyncClient) -> None:
    ada = await register(client)
    friends = [await register(client) for _ in range(5)]
    ids = []
    for friend in friends:
        await befriend(client, ada, friend)
        ids.append((await open_direct(client, ada, friend))["id"])

    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = (
            await client.get("/api/v1/conversations", params=params, headers=ada.headers)
        ).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert seen == list(reversed(ids))


async def test_a_blocked_direct_chat_stays_readable(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    await befriend(client, ada, alan)
    chat = await open_direct(client, ada, alan)
    await send_message(client, ada, chat["id"], "before")
    await block(client, alan, ada)

    history = await client.get(f"/api/v1/conversations/{chat['id']}/messages", headers=ada.headers)

    assert [m["body"] for m in history.json()["items"]] == ["before"]
