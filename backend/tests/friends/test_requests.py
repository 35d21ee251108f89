"""Friend requests: sending, the crossing request, answering, withdrawing, listing."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from tests.builders import Student, assert_error, befriend, block, register, send_friend_request

REQUESTS = "/api/v1/friend-requests"
FRIEND_REQUEST_FIELDS = {"id", "from_user", "to_user", "status", "created_at", "responded_at"}


async def ask(client: httpx.AsyncClient, sender: Student, recipient_id: Any) -> httpx.Response:
    return await client.post(REQUESTS, json={"user_id": str(recipient_id)}, headers=sender.headers)


async def answer(
    client: httpx.AsyncClient, student: Student, request_id: str, verb: str
) -> httpx.Response:
    return await client.post(f"{REQUESTS}/{request_id}/{verb}", headers=student.headers)


async def pending(client: httpx.AsyncClient, student: Student, direction: str) -> list[Any]:
    response = await client.get(REQUESTS, params={"direction": direction}, headers=student.headers)
    assert response.status_code == 200, response.text
    items: list[Any] = response.json()["items"]
    return items


async def status_of(client: httpx.AsyncClient, viewer: Student, other: Student) -> str:
    response = await client.get(f"/api/v1/users/{other.id}", headers=viewer.headers)
    assert response.status_code == 200, response.text
    status: str = response.json()["friendship_status"]
    return status


# --- Sending --------------------------------------------------------------------------------


async def test_a_request_is_created_pending(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)

    response = await ask(client, ada, alan.id)

    assert response.status_code == 201, response.text
    request = response.json()
    assert set(request) == FRIEND_REQUEST_FIELDS
    assert request["status"] == "pending"
    assert request["responded_at"] is None
    assert request["from_user"]["id"] == str(ada.id)
    assert request["from_user"]["friendship_status"] == "self"
    assert request["to_user"]["id"] == str(alan.id)
    assert request["to_user"]["friendship_status"] == "request_sent"
    # The other student carries the request to act on; you, as everywhere, carry none.
    assert request["to_user"]["friend_request_id"] == request["id"]
    assert request["from_user"]["friend_request_id"] is None
    assert await status_of(client, alan, ada) == "request_received"


async def test_asking_yourself_is_422(client: httpx.AsyncClient) -> None:
    ada = await register(client)

    error = assert_error(await ask(client, ada, ada.id), 422, "validation_error")

    assert error["details"][0]["field"] == "user_id"


async def test_asking_a_student_who_does_not_exist_is_404(client: httpx.AsyncClient) -> None:
    ada = await register(client)

    assert_error(await ask(client, ada, uuid.uuid4()), 404, "user_not_found")


@pytest.mark.parametrize("blocker", ["sender", "recipient"])
async def test_asking_across_a_block_is_404_either_way(
    client: httpx.AsyncClient, blocker: str
) -> None:
    ada, alan = await register(client), await register(client)
    await (block(client, ada, alan) if blocker == "sender" else block(client, alan, ada))

    assert_error(await ask(client, ada, alan.id), 404, "user_not_found")


async def test_asking_a_friend_is_409_already_friends(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    await befriend(client, ada, alan)

    assert_error(await ask(client, ada, alan.id), 409, "already_friends")
    assert_error(await ask(client, alan, ada.id), 409, "already_friends")


async def test_asking_twice_is_409_request_pending(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    await send_friend_request(client, ada, alan)

    assert_error(await ask(client, ada, alan.id), 409, "request_pending")
    assert len(await pending(client, alan, "incoming")) == 1


async def test_crossing_request_accepts_pending(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    theirs = await send_friend_request(client, ada, alan)

    response = await ask(client, alan, ada.id)

    assert response.status_code == 200, response.text
    request = response.json()
    assert request["id"] == theirs["id"]
    assert request["status"] == "accepted"
    assert request["responded_at"] is not None
    assert request["from_user"]["friendship_status"] == "friends"
    assert await status_of(client, ada, alan) == await status_of(client, alan, ada) == "friends"
    assert await pending(client, alan, "incoming") == []


async def test_a_declined_student_may_ask_again(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    first = await send_friend_request(client, ada, alan)
    await answer(client, alan, first["id"], "decline")

    response = await ask(client, ada, alan.id)

    assert response.status_code == 201
    assert response.json()["id"] != first["id"]


async def test_simultaneous_crossing_requests_make_one_friendship(
    client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    for _ in range(12):
        ada, alan = await register(client), await register(client)

        responses = await asyncio.gather(ask(client, ada, alan.id), ask(client, alan, ada.id))

        assert sorted(r.status_code for r in responses) == [200, 201], [r.text for r in responses]
        assert {r.json()["id"] for r in responses} == {responses[0].json()["id"]}
        low, high = sorted((ada.id, alan.id))
        friendships = await db.fetchval(
            "SELECT count(*) FROM friendships WHERE user_a_id = $1 AND user_b_id = $2", low, high
        )
        requests = await db.fetch(
            "SELECT status FROM friend_requests WHERE from_user_id = ANY($1::uuid[])",
            [ada.id, alan.id],
        )
        assert friendships == 1
        assert [row["status"] for row in requests] == ["accepted"]


async def test_simultaneous_identical_requests_make_one(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)

    responses = await asyncio.gather(*(ask(client, ada, alan.id) for _ in range(4)))

    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]
    assert len(await pending(client, alan, "incoming")) == 1


# --- The database enforces the pair rules, not only the code ------------------------------


async def test_the_database_refuses_a_second_pending_request_for_a_pair(
    client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    ada, alan = await register(client), await register(client)
    await send_friend_request(client, ada, alan)

    with pytest.raises(asyncpg.UniqueViolationError):
        await db.execute(
            "INSERT INTO friend_requests (from_user_id, to_user_id) VALUES ($1, $2)",
            alan.id,
            ada.id,
        )


async def test_the_database_keeps_one_friendship_row_per_pair_in_canonical_order(
    client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    ada, alan = await register(client), await register(client)
    await befriend(client, ada, alan)
    low, high = sorted((ada.id, alan.id))

    with pytest.raises(asyncpg.CheckViolationError):
        await db.execute(
            "INSERT INTO friendships (user_a_id, user_b_id) VALUES ($1, $2)", high, low
        )
    with pytest.raises(asyncpg.UniqueViolationError):
        await db.execute(
            "INSERT INTO friendships (user_a_id, user_b_id) VALUES ($1, $2)", low, high
        )


# --- Answering ------------------------------------------------------------------------------


async def test_the_recipient_accepts_and_both_are_friends(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    request = await send_friend_request(client, ada, alan)

    response = await answer(client, alan, request["id"], "accept")

    assert response.status_code == 200, response.text
    accepted = response.json()
    assert accepted["status"] == "accepted"
    assert accepted["responded_at"] is not None
    assert accepted["to_user"]["friendship_status"] == "self"
    assert accepted["from_user"]["friendship_status"] == "friends"
    assert await status_of(client, ada, alan) == "friends"


async def test_the_recipient_declines_and_nobody_is_friends(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    request = await send_friend_request(client, ada, alan)

    response = await answer(client, alan, request["id"], "decline")

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "declined"
    assert await status_of(client, ada, alan) == "none"
    assert await pending(client, ada, "outgoing") == []


@pytest.mark.parametrize("verb", ["accept", "decline"])
async def test_the_sender_cannot_answer_their_own_request(
    client: httpx.AsyncClient, verb: str
) -> None:
    ada, alan = await register(client), await register(client)
    request = await send_friend_request(client, ada, alan)

    assert_error(await answer(client, ada, request["id"], verb), 403, "not_request_recipient")


@pytest.mark.parametrize("verb", ["accept", "decline"])
async def test_someone_elses_request_is_404(client: httpx.AsyncClient, verb: str) -> None:
    ada, alan, eve = await register(client), await register(client), await register(client)
    request = await send_friend_request(client, ada, alan)

    assert_error(await answer(client, eve, request["id"], verb), 404, "friend_request_not_found")
    assert_error(
        await client.delete(f"{REQUESTS}/{request['id']}", headers=eve.headers),
        404,
        "friend_request_not_found",
    )


async def test_an_unknown_request_is_404(client: httpx.AsyncClient) -> None:
    ada = await register(client)

    response = await answer(client, ada, str(uuid.uuid4()), "accept")

    assert_error(response, 404, "friend_request_not_found")


@pytest.mark.parametrize("first", ["accept", "decline"])
@pytest.mark.parametrize("second", ["accept", "decline"])
async def test_an_answered_request_cannot_be_answered_again(
    client: httpx.AsyncClient, first: str, second: str
) -> None:
    ada, alan = await register(client), await register(client)
    request = await send_friend_request(client, ada, alan)
    await answer(client, alan, request["id"], first)

    assert_error(await answer(client, alan, request["id"], second), 409, "request_not_pending")


# --- Withdrawing ------------------------------------------------------------------------------


async def test_the_sender_withdraws_a_pending_request(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    request = await send_friend_request(client, ada, alan)

    response = await client.delete(f"{REQUESTS}/{request['id']}", headers=ada.headers)

    assert response.status_code == 204
    assert await pending(client, alan, "incoming") == []
    assert await status_of(client, alan, ada) == "none"
    assert_error(await answer(client, alan, request["id"], "accept"), 409, "request_not_pending")


async def test_the_recipient_cannot_withdraw(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    request = await send_friend_request(client, ada, alan)

    response = await client.delete(f"{REQUESTS}/{request['id']}", headers=alan.headers)

    assert_error(response, 403, "not_request_sender")


async def test_an_accepted_request_cannot_be_withdrawn(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    request = await send_friend_request(client, ada, alan)
    await answer(client, alan, request["id"], "accept")

    response = await client.delete(f"{REQUESTS}/{request['id']}", headers=ada.headers)

    assert_error(response, 409, "request_not_pending")


# --- Listing --------------------------------------------------------------------------------


async def test_incoming_and_outgoing_list_pending_requests_newest_first(
    client: httpx.AsyncClient,
) -> None:
    ada, alan, grace, eve = [await register(client) for _ in range(4)]
    await send_friend_request(client, alan, ada)
    await send_friend_request(client, grace, ada)
    answered = await send_friend_request(client, eve, ada)
    await answer(client, ada, answered["id"], "decline")
    await send_friend_request(client, ada, eve)

    incoming = await pending(client, ada, "incoming")
    outgoing = await pending(client, ada, "outgoing")

    assert [item["from_user"]["id"] for item in incoming] == [str(grace.id), str(alan.id)]
    assert all(item["from_user"]["friendship_status"] == "request_received" for item in incoming)
    assert [item["to_user"]["id"] for item in outgoing] == [str(eve.id)]
    assert outgoing[0]["to_user"]["friendship_status"] == "request_sent"


async def test_incoming_is_the_default_direction(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    await send_friend_request(client, alan, ada)

    response = await client.get(REQUESTS, headers=ada.headers)

    assert [item["from_user"]["id"] for item in response.json()["items"]] == [str(alan.id)]


async def test_requests_page_by_cursor_without_gaps_or_repeats(
    client: httpx.AsyncClient,
) -> None:
    ada = await register(client)
    senders = [await register(client) for _ in range(5)]
    for sender in senders:
        await send_friend_request(client, sender, ada)

    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await client.get(REQUESTS, params=params, headers=ada.headers)).json()
        seen += [item["from_user"]["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert seen == [str(sender.id) for sender in reversed(senders)]


async def test_an_unknown_direction_is_422(client: httpx.AsyncClient) -> None:
    ada = await register(client)

    response = await client.get(REQUESTS, params={"direction": "sideways"}, headers=ada.headers)

    assert_error(response, 422, "validation_error")


async def test_a_forged_cursor_is_400(client: httpx.AsyncClient) -> None:
    ada = await register(client)

    response = await client.get(
        REQUESTS, params={"cursor": "bm90LWEtY3Vyc29y"}, headers=ada.headers
    )

    assert_error(response, 400, "invalid_cursor")


async def test_friend_requests_need_a_login(client: httpx.AsyncClient) -> None:
    assert_error(await client.get(REQUESTS), 401, "not_authenticated")
    assert_error(
        await client.post(REQUESTS, json={"user_id": str(uuid.uuid4())}), 401, "not_authenticated"
    )


# --- What the other student's view carries about a request ---------------------------------


async def test_a_profile_names_the_pending_request_either_way(client: httpx.AsyncClient) -> None:
    ada, alan, grace = await register(client), await register(client), await register(client)
    request = await send_friend_request(client, ada, alan)

    async def request_id(viewer: Student, other: Student) -> Any:
        response = await client.get(f"/api/v1/users/{other.id}", headers=viewer.headers)
        return response.json()["friend_request_id"]

    assert await request_id(ada, alan) == request["id"]
    assert await request_id(alan, ada) == request["id"]
    assert await request_id(ada, grace) is None
    await answer(client, alan, request["id"], "accept")
    assert await request_id(ada, alan) is None


async def test_counts_say_how_many_requests_wait_each_way(client: httpx.AsyncClient) -> None:
    ada = await register(client)
    for _ in range(3):
        await send_friend_request(client, await register(client), ada)
    await send_friend_request(client, ada, await register(client))
    declined = await send_friend_request(client, await register(client), ada)
    await answer(client, ada, declined["id"], "decline")

    response = await client.get(f"{REQUESTS}/count", headers=ada.headers)

    assert response.status_code == 200, response.text
    assert response.json() == {"incoming": 3, "outgoing": 1}
