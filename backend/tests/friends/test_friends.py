"""Friends: the list (with its name filter and paging) and unfriending."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from tests.builders import Student, assert_error, befriend, register
from tests.sql import statements_of

FRIENDS = "/api/v1/friends"


async def friends_of(client: httpx.AsyncClient, student: Student, **params: Any) -> list[Any]:
    response = await client.get(FRIENDS, params=params, headers=student.headers)
    assert response.status_code == 200, response.text
    items: list[Any] = response.json()["items"]
    return items


def names(items: list[Any]) -> list[str]:
    return [f"{item['first_name']} {item['last_name']}" for item in items]


async def test_friends_are_listed_alphabetically_as_friends(client: httpx.AsyncClient) -> None:
    ada = await register(client, first_name="Ada", last_name="Lovelace")
    for first, last in [("Grace", "Hopper"), ("Alan", "Turing"), ("Émilie", "du Châtelet")]:
        await befriend(client, ada, await register(client, first_name=first, last_name=last))
    await register(client, first_name="Not", last_name="A Friend")

    items = await friends_of(client, ada)

    # Accents do not move a name: "Émilie" sorts as "Emilie".
    assert names(items) == ["Alan Turing", "Émilie du Châtelet", "Grace Hopper"]
    assert {item["friendship_status"] for item in items} == {"friends"}


async def test_the_friend_filter_finds_names_with_typos_and_without_accents(
    client: httpx.AsyncClient,
) -> None:
    ada = await register(client)
    for first, last in [("Grace", "Hopper"), ("Émilie", "du Châtelet"), ("Alan", "Turing")]:
        await befriend(client, ada, await register(client, first_name=first, last_name=last))

    assert names(await friends_of(client, ada, q="emilie")) == ["Émilie du Châtelet"]
    assert names(await friends_of(client, ada, q="Hoper")) == ["Grace Hopper"]
    assert names(await friends_of(client, ada, q="zzzz")) == []


async def test_friends_carry_mutual_friend_counts(client: httpx.AsyncClient) -> None:
    ada, alan, grace, edsger = [await register(client) for _ in range(4)]
    await befriend(client, ada, alan)
    await befriend(client, ada, grace)
    await befriend(client, alan, grace)
    await befriend(client, alan, edsger)

    mutual = {item["id"]: item["mutual_friends"] for item in await friends_of(client, alan)}

    # Alan and Ada share Grace; Alan and Grace share Ada; Alan and Edsger share nobody.
    assert mutual == {str(ada.id): 1, str(grace.id): 1, str(edsger.id): 0}


async def test_friends_page_by_cursor_without_gaps_or_repeats(client: httpx.AsyncClient) -> None:
    ada = await register(client)
    friends = [await register(client, first_name=f"Friend{n}") for n in range(7)]
    for friend in friends:
        await befriend(client, ada, friend)

    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params: dict[str, Any] = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await client.get(FRIENDS, params=params, headers=ada.headers)).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert sorted(seen) == sorted(str(friend.id) for friend in friends)
    assert len(seen) == len(set(seen))


async def test_a_page_of_friends_costs_the_same_statements_whatever_its_size(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    ada = await register(client)
    for _ in range(12):
        friend = await register(client)
        await befriend(client, ada, friend)

    counts = []
    for limit in (1, 12):
        with statements_of(app) as sent:
            assert len(await friends_of(client, ada, limit=limit)) == limit
        counts.append(len(sent))

    # The login check, then the page with its relations.
    assert counts == [2, 2]


async def test_unfriending_ends_the_friendship_both_ways(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    await befriend(client, ada, alan)

    response = await client.delete(f"{FRIENDS}/{alan.id}", headers=ada.headers)

    assert response.status_code == 204
    assert await friends_of(client, ada) == []
    assert await friends_of(client, alan) == []


async def test_unfriending_someone_who_is_not_a_friend_is_still_204(
    client: httpx.AsyncClient,
) -> None:
    ada, alan = await register(client), await register(client)

    response = await client.delete(f"{FRIENDS}/{alan.id}", headers=ada.headers)

    assert response.status_code == 204


async def test_a_malformed_id_is_422(client: httpx.AsyncClient) -> None:
    ada = await register(client)

    response = await client.delete(f"{FRIENDS}/not-a-uuid", headers=ada.headers)

    assert_error(response, 422, "validation_error")
