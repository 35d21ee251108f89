"""GET /users/suggestions: people you may know, ranked, with reasons in words."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx
from fastapi import FastAPI

from tests.builders import (
    MIT_ID,
    OXFORD_ID,
    Student,
    assert_error,
    befriend,
    block,
    register,
    send_friend_request,
)
from tests.sql import statements_of

SUGGESTIONS = "/api/v1/users/suggestions"


async def suggestions(client: httpx.AsyncClient, viewer: Student, **params: Any) -> list[Any]:
    response = await client.get(SUGGESTIONS, params=params, headers=viewer.headers)
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["next_cursor"] is None
    items: list[Any] = page["items"]
    return items


def by_name(items: list[Any]) -> dict[str, Any]:
    return {item["user"]["first_name"]: item for item in items}


async def test_a_new_student_with_no_friends_meets_classmates(client: httpx.AsyncClient) -> None:
    newcomer = await register(client, first_name="Nia", course="Physics", interests=["chess"])
    await register(client, first_name="Cora", course="physics")
    await register(client, first_name="Iris", course="History", interests=["Chess"])
    await register(
        client, first_name="Mo", course="Physics", interests=["chess"], university_id=str(MIT_ID)
    )
    await register(client, first_name="Zed", course="History", university_id=str(MIT_ID))

    found = by_name(await suggestions(client, newcomer))

    assert found["Cora"]["reasons"] == ["Same course: physics"]
    assert found["Iris"]["reasons"] == ["Also at University of Oxford", "Also into Chess"]
    assert found["Mo"]["reasons"] == ["Also studies Physics", "Also into chess"]
    assert "Zed" not in found  # nothing in common


async def test_suggestions_are_ranked_best_first(client: httpx.AsyncClient) -> None:
    viewer = await register(client, first_name="Vera", course="Physics", interests=["chess"])
    friends = [await register(client, course="Art") for _ in range(3)]
    popular = await register(client, first_name="Pia", course="Art")
    for friend in friends:
        await befriend(client, viewer, friend)
        await befriend(client, friend, popular)
    await register(client, first_name="Cora", course="Physics", interests=["chess"])
    await register(client, first_name="Cal", course="Physics")
    await register(client, first_name="Uma", course="Law")  # same university only, no interest

    items = await suggestions(client, viewer)

    assert [item["user"]["first_name"] for item in items[:3]] == ["Pia", "Cora", "Cal"]
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    pia = items[0]
    assert pia["user"]["mutual_friends"] == 3
    assert pia["reasons"][0] == "3 mutual friends"
    assert by_name(items)["Cora"]["reasons"] == ["Same course: Physics", "Also into chess"]


async def test_one_mutual_friend_is_said_in_the_singular(client: httpx.AsyncClient) -> None:
    viewer = await register(client, course="Art")
    friend = await register(client, course="Law")
    other = await register(client, first_name="Pia", course="Music")
    await befriend(client, viewer, friend)
    await befriend(client, friend, other)

    assert by_name(await suggestions(client, viewer))["Pia"]["reasons"][0] == "1 mutual friend"


async def test_never_friends_pending_requests_blocked_or_yourself(
    client: httpx.AsyncClient,
) -> None:
    viewer = await register(client, first_name="Vera", course="Physics")
    friend = await register(client, first_name="Fred", course="Physics")
    asked = await register(client, first_name="Sam", course="Physics")
    asking = await register(client, first_name="Rae", course="Physics")
    blocked = await register(client, first_name="Bo", course="Physics")
    blocker = await register(client, first_name="Bea", course="Physics")
    await register(client, first_name="Nia", course="Physics")
    await befriend(client, viewer, friend)
    await send_friend_request(client, viewer, asked)
    await send_friend_request(client, asking, viewer)
    await block(client, viewer, blocked)
    await block(client, blocker, viewer)

    names = {item["user"]["first_name"] for item in await suggestions(client, viewer)}

    assert names == {"Nia"}


async def test_at_most_limit_and_never_more_than_20(client: httpx.AsyncClient) -> None:
    viewer = await register(client, course="Physics")
    for _ in range(22):
        await register(client, course="Physics")

    assert len(await suggestions(client, viewer)) == 20
    assert len(await suggestions(client, viewer, limit=5)) == 5
    response = await client.get(SUGGESTIONS, params={"limit": 21}, headers=viewer.headers)
    assert_error(response, 422, "validation_error")


async def test_suggestions_cost_the_same_statements_whatever_their_number(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    viewer = await register(client, course="Physics")
    for _ in range(8):
        classmate = await register(client, course="Physics")
        await befriend(client, classmate, await register(client, course="Art"))

    counts = []
    for limit in (1, 8):
        with statements_of(app) as sent:
            assert len(await suggestions(client, viewer, limit=limit)) == limit
        counts.append(len(sent))

    assert counts == [2, 2]  # the login check, then the suggestions with their relations


async def test_each_shared_friend_counts_once_however_many_friends_you_have(
    client: httpx.AsyncClient,
) -> None:
    viewer = await register(client, course="Physics")
    friends = [await register(client, course="Art") for _ in range(4)]
    for friend in friends:
        await befriend(client, viewer, friend)
    pia = await register(
        client, first_name="Pia", course="Music", university_id=str(MIT_ID), email="pia@mit.edu"
    )
    await befriend(client, friends[0], pia)
    await register(client, first_name="Cora", course="Physics")

    items = await suggestions(client, viewer)

    # One shared friend weighs less than sharing a course at your university.
    assert [item["user"]["first_name"] for item in items] == ["Cora", "Pia"]
    assert by_name(items)["Pia"]["reasons"] == ["1 mutual friend"]


# Students the viewer is already friends with, newer than every other classmate: more than
# any candidate pool holds (quad.users.repository keeps the newest 120 classmates).
CLASSMATE_FRIENDS = """
WITH classmates AS (
    INSERT INTO users (email, password_hash, first_name, last_name, university_id, course,
                       created_at)
    SELECT 'classmate' || n || '@ox.ac.uk', 'x', 'Friend', 'No' || n, $2::uuid, 'Physics',
           now() + n * interval '1 second'
    FROM generate_series(1, 150) AS n
    RETURNING id
)
INSERT INTO friendships (user_a_id, user_b_id)
SELECT least($1::uuid, id), greatest($1::uuid, id) FROM classmates
"""


async def test_friends_never_crowd_out_the_classmates_still_to_meet(
    client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    older = await register(client, first_name="Olga", course="Physics")
    viewer = await register(client, first_name="Vera", course="Physics")
    await db.execute(CLASSMATE_FRIENDS, viewer.id, OXFORD_ID)

    names = {item["user"]["first_name"] for item in await suggestions(client, viewer)}

    assert names == {older.profile["first_name"]}
