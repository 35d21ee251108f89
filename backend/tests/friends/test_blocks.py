"""Blocks: what blocking ends and hides, both ways, and lifting it."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.builders import (
    Student,
    assert_error,
    befriend,
    block,
    register,
    send_friend_request,
)

BLOCKS = "/api/v1/blocks"


async def get_json(client: httpx.AsyncClient, student: Student, url: str, **params: Any) -> Any:
    response = await client.get(url, params=params, headers=student.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def ids_found(client: httpx.AsyncClient, student: Student, **params: Any) -> set[str]:
    page = await get_json(client, student, "/api/v1/users/search", **params)
    return {item["id"] for item in page["items"]}


async def suggested_ids(client: httpx.AsyncClient, student: Student) -> set[str]:
    page = await get_json(client, student, "/api/v1/users/suggestions")
    return {item["user"]["id"] for item in page["items"]}


async def test_blocking_answers_201_with_the_block(client: httpx.AsyncClient) -> None:
    ada, eve = await register(client), await register(client)

    response = await client.post(BLOCKS, json={"user_id": str(eve.id)}, headers=ada.headers)

    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"user", "created_at"}
    assert body["user"]["id"] == str(eve.id)


async def test_blocking_twice_answers_200_with_the_same_block(client: httpx.AsyncClient) -> None:
    ada, eve = await register(client), await register(client)
    first = await client.post(BLOCKS, json={"user_id": str(eve.id)}, headers=ada.headers)

    again = await client.post(BLOCKS, json={"user_id": str(eve.id)}, headers=ada.headers)

    assert again.status_code == 200
    assert again.json() == first.json()


async def test_blocking_yourself_is_422(client: httpx.AsyncClient) -> None:
    ada = await register(client)

    response = await client.post(BLOCKS, json={"user_id": str(ada.id)}, headers=ada.headers)

    assert_error(response, 422, "validation_error")


async def test_blocking_a_student_who_does_not_exist_is_404(client: httpx.AsyncClient) -> None:
    ada = await register(client)

    response = await client.post(BLOCKS, json={"user_id": str(uuid.uuid4())}, headers=ada.headers)

    assert_error(response, 404, "user_not_found")


async def test_blocking_ends_a_friendship(client: httpx.AsyncClient) -> None:
    ada, eve = await register(client), await register(client)
    await befriend(client, ada, eve)

    await block(client, ada, eve)

    assert (await get_json(client, eve, "/api/v1/friends"))["items"] == []
    assert (await get_json(client, ada, "/api/v1/friends"))["items"] == []


async def test_blocking_cancels_pending_requests_both_ways(client: httpx.AsyncClient) -> None:
    ada, eve, mallory = await register(client), await register(client), await register(client)
    await send_friend_request(client, eve, ada)
    await send_friend_request(client, ada, mallory)

    await block(client, ada, eve)
    await block(client, ada, mallory)

    for student, direction in [(ada, "incoming"), (ada, "outgoing"), (mallory, "incoming")]:
        page = await get_json(client, student, "/api/v1/friend-requests", direction=direction)
        assert page["items"] == []


async def test_blocked_students_vanish_from_each_others_search(client: httpx.AsyncClient) -> None:
    ada = await register(client, course="Mathematics")
    eve = await register(client, course="Mathematics")
    assert str(eve.id) in await ids_found(client, ada, course="Mathematics")

    await block(client, ada, eve)

    assert str(eve.id) not in await ids_found(client, ada, course="Mathematics")
    assert str(ada.id) not in await ids_found(client, eve, course="Mathematics")
    assert str(ada.id) not in await ids_found(client, eve, q=ada.profile["last_name"])


async def test_blocked_students_vanish_from_each_others_suggestions(
    client: httpx.AsyncClient,
) -> None:
    ada = await register(client, course="Chemistry")
    eve = await register(client, course="Chemistry")
    assert str(eve.id) in await suggested_ids(client, ada)

    await block(client, eve, ada)

    assert str(eve.id) not in await suggested_ids(client, ada)
    assert str(ada.id) not in await suggested_ids(client, eve)


async def test_a_blocked_profile_is_404_both_ways(client: httpx.AsyncClient) -> None:
    ada, eve = await register(client), await register(client)

    await block(client, ada, eve)

    # The blocker learns it is their own block (to offer unblocking); the blocked student
    # cannot tell a block from a missing account.
    response = await client.get(f"/api/v1/users/{eve.id}", headers=ada.headers)
    assert_error(response, 404, "user_blocked")
    response = await client.get(f"/api/v1/users/{ada.id}", headers=eve.headers)
    assert_error(response, 404, "user_not_found")


async def test_blocks_are_listed_most_recent_first(client: httpx.AsyncClient) -> None:
    ada, eve, mallory = await register(client), await register(client), await register(client)
    await block(client, ada, eve)
    await block(client, ada, mallory)
    await block(client, eve, ada)  # Eve's block of Ada is hers, not on Ada's list

    page = await get_json(client, ada, BLOCKS)

    assert [item["user"]["id"] for item in page["items"]] == [str(mallory.id), str(eve.id)]


async def test_unblocking_lifts_the_block_but_not_the_friendship(
    client: httpx.AsyncClient,
) -> None:
    ada = await register(client, course="Geology")
    eve = await register(client, course="Geology")
    await befriend(client, ada, eve)
    await block(client, ada, eve)

    response = await client.delete(f"{BLOCKS}/{eve.id}", headers=ada.headers)

    assert response.status_code == 204
    assert (await get_json(client, ada, BLOCKS))["items"] == []
    profile = await get_json(client, ada, f"/api/v1/users/{eve.id}")
    assert profile["friendship_status"] == "none"
    assert str(eve.id) in await ids_found(client, ada, course="Geology")


async def test_unblocking_someone_not_blocked_is_still_204(client: httpx.AsyncClient) -> None:
    ada, eve = await register(client), await register(client)

    response = await client.delete(f"{BLOCKS}/{eve.id}", headers=ada.headers)

    assert response.status_code == 204


async def test_only_the_blocker_can_lift_a_block(client: httpx.AsyncClient) -> None:
    ada, eve = await register(client), await register(client)
    await block(client, ada, eve)

    await client.delete(f"{BLOCKS}/{ada.id}", headers=eve.headers)

    response = await client.get(f"/api/v1/users/{ada.id}", headers=eve.headers)
    assert_error(response, 404, "user_not_found")
