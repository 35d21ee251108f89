"""GET /users/search: every filter alone and combined, the order, paging and who is hidden."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.builders import (
    MIT_ID,
    OXFORD_ID,
    Student,
    assert_error,
    befriend,
    register,
    send_friend_request,
)
from tests.sql import statements_of

SEARCH = "/api/v1/users/search"


async def search(client: httpx.AsyncClient, viewer: Student, **params: Any) -> dict[str, Any]:
    response = await client.get(SEARCH, params=params, headers=viewer.headers)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def found(client: httpx.AsyncClient, viewer: Student, **params: Any) -> list[str]:
    """Full names of the first page, in order."""
    items = (await search(client, viewer, **params))["items"]
    return [f"{item['first_name']} {item['last_name']}" for item in items]


async def student(client: httpx.AsyncClient, name: str, **profile: Any) -> Student:
    first, last = name.split(" ", 1)
    return await register(client, first_name=first, last_name=last, **profile)


# --- Filters --------------------------------------------------------------------------------


async def test_university_finds_its_students(client: httpx.AsyncClient) -> None:
    viewer = await student(client, "Vera Viewer")
    await student(client, "Ada Lovelace", university_id=str(OXFORD_ID))
    await student(client, "Alan Turing", university_id=str(MIT_ID), email="alan@mit.edu")

    assert await found(client, viewer, university_id=str(MIT_ID)) == ["Alan Turing"]


@pytest.mark.parametrize(
    "typed", ["Physics", "physics", "  PHYSICS ", "Phyisics", "Physcs"], ids=repr
)
async def test_course_ignores_case_spacing_and_typos(client: httpx.AsyncClient, typed: str) -> None:
    viewer = await student(client, "Vera Viewer", course="History")
    await student(client, "Ada Lovelace", course="Physics")
    await student(client, "Alan Turing", course="physics ")
    await student(client, "Grace Hopper", course="Chemistry")

    assert await found(client, viewer, course=typed) == ["Ada Lovelace", "Alan Turing"]


async def test_course_ignores_accents(client: httpx.AsyncClient) -> None:
    viewer = await student(client, "Vera Viewer")
    await student(client, "Léa Martin", course="Génie Électrique")

    assert await found(client, viewer, course="genie electrique") == ["Léa Martin"]


async def test_a_typo_finds_the_nearest_course_not_every_similar_one(
    client: httpx.AsyncClient,
) -> None:
    viewer = await student(client, "Vera Viewer")
    await student(client, "Ada Lovelace", course="Mechanical Engineering")
    await student(client, "Alan Turing", course="Electrical Engineering")

    assert await found(client, viewer, course="Mechanical Engneering") == ["Ada Lovelace"]


async def test_an_exact_course_wins_over_near_spellings(client: httpx.AsyncClient) -> None:
    viewer = await student(client, "Vera Viewer")
    await student(client, "Ada Lovelace", course="Physics")
    await student(client, "Alan Turing", course="Physic")

    assert await found(client, viewer, course="Physic") == ["Alan Turing"]


async def test_a_course_nobody_studies_finds_nobody(client: httpx.AsyncClient) -> None:
    viewer = await student(client, "Vera Viewer")
    await student(client, "Ada Lovelace", course="Physics")

    assert await found(client, viewer, course="Underwater Basket Weaving") == []


async def test_interest_ignores_case_and_accents(client: httpx.AsyncClient) -> None:
    viewer = await student(client, "Vera Viewer")
    await student(client, "Ada Lovelace", interests=["Poetry", "Café culture"])
    await student(client, "Alan Turing", interests=["running"])

    assert await found(client, viewer, interest="poetry") == ["Ada Lovelace"]
    assert await found(client, viewer, interest="CAFE CULTURE") == ["Ada Lovelace"]


async def test_interest_matches_a_whole_interest(client: httpx.AsyncClient) -> None:
    viewer = await student(client, "Vera Viewer")
    await student(client, "Ada Lovelace", interests=["poetry slams"])

    assert await found(client, viewer, interest="poetry") == []


@pytest.mark.parametrize("typed", ["lovelace", "Ada Lovelace", "ada lovlace", "LOVELACE"])
async def test_q_matches_names_with_typos(client: httpx.AsyncClient, typed: str) -> None:
    viewer = await student(client, "Vera Viewer")
    await student(client, "Ada Lovelace")
    await student(client, "Grace Hopper")

    assert await found(client, viewer, q=typed) == ["Ada Lovelace"]


async def test_q_finds_names_whose_words_start_as_typed(client: httpx.AsyncClient) -> None:
    viewer = await student(client, "Vera Viewer")
    await student(client, "Ada Lovelace")
    await student(client, "Grace Hopper")

    assert await found(client, viewer, q="lov") == ["Ada Lovelace"]
    assert await found(client, viewer, q="ada lov") == ["Ada Lovelace"]
    assert await found(client, viewer, q="lov ada") == ["Ada Lovelace"]


async def test_typos_are_looked_for_only_when_no_name_matches_as_typed(
    client: httpx.AsyncClient,
) -> None:
    viewer = await student(client, "Vera Viewer")
    await student(client, "Ann Lee")
    await student(client, "Anne Leigh")

    # "ann" starts both names: no need to guess. "anm" starts neither: the closest names.
    assert await found(client, viewer, q="ann") == ["Ann Lee", "Anne Leigh"]
    assert set(await found(client, viewer, q="anm lee")) >= {"Ann Lee"}


async def test_q_ignores_accents_both_ways(client: httpx.AsyncClient) -> None:
    viewer = await student(client, "Vera Viewer")
    await student(client, "Zoë Müller")
    await student(client, "Zoe Muller")

    assert sorted(await found(client, viewer, q="zoe muller")) == ["Zoe Muller", "Zoë Müller"]
    assert sorted(await found(client, viewer, q="Zoë Müller")) == ["Zoe Muller", "Zoë Müller"]


async def test_q_puts_the_closest_name_first(client: httpx.AsyncClient) -> None:
    viewer = await student(client, "Vera Viewer")
    await student(client, "Adam Smith")
    await student(client, "Ada Lovelace")

    assert (await found(client, viewer, q="ada"))[0] == "Ada Lovelace"


async def test_filters_combine(client: httpx.AsyncClient) -> None:
    viewer = await student(client, "Vera Viewer")
    await student(client, "Ada Lovelace", course="Physics", interests=["chess"])
    await student(client, "Ada Byron", course="Physics", interests=["poetry"])
    await student(client, "Ada Turing", course="Law", interests=["chess"])
    await student(
        client, "Ada Hopper", course="Physics", interests=["chess"], university_id=str(MIT_ID)
    )

    assert await found(
        client, viewer, university_id=str(OXFORD_ID), course="physics", interest="Chess", q="ada"
    ) == ["Ada Lovelace"]


async def test_without_filters_everyone_else_alphabetically(client: httpx.AsyncClient) -> None:
    viewer = await student(client, "Vera Viewer")
    for name in ["Grace Hopper", "Émile Borel", "Ada Lovelace"]:
        await student(client, name)

    assert await found(client, viewer) == ["Ada Lovelace", "Émile Borel", "Grace Hopper"]


# --- Who is never found -----------------------------------------------------------------------


async def test_you_never_find_yourself(client: httpx.AsyncClient) -> None:
    viewer = await student(client, "Ada Lovelace", course="Physics")

    assert await found(client, viewer, q="Ada Lovelace") == []
    assert await found(client, viewer, course="Physics") == []


# Blocks both ways are in tests/friends/test_blocks.py.


# --- What each result says -------------------------------------------------------------------


async def test_results_carry_friendship_status_and_mutual_friends(
    client: httpx.AsyncClient,
) -> None:
    viewer = await student(client, "Vera Viewer", course="Art")
    friend = await student(client, "Fred Friend", course="Physics")
    asked = await student(client, "Sam Asked", course="Physics")
    asking = await student(client, "Rae Asking", course="Physics")
    await student(client, "Nia Nobody", course="Physics")
    await befriend(client, viewer, friend)
    await befriend(client, friend, asked)
    await send_friend_request(client, viewer, asked)
    await send_friend_request(client, asking, viewer)

    items = (await search(client, viewer, course="Physics"))["items"]

    assert {item["first_name"]: item["friendship_status"] for item in items} == {
        "Fred": "friends",
        "Sam": "request_sent",
        "Rae": "request_received",
        "Nia": "none",
    }
    assert {item["first_name"]: item["mutual_friends"] for item in items} == {
        "Fred": 0,
        "Sam": 1,
        "Rae": 0,
        "Nia": 0,
    }


# --- Paging -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "ada"}, {"q": "adda"}],
    ids=["alphabetical", "words as typed", "closest names"],
)
async def test_pages_chain_without_gaps_or_repeats(
    client: httpx.AsyncClient, params: dict[str, str]
) -> None:
    viewer = await student(client, "Vera Viewer")
    made = {str((await student(client, f"Ada Student{n}")).id) for n in range(7)}

    seen: list[str] = []
    cursor = None
    for _ in range(10):
        page = await search(
            client, viewer, limit=3, **params, **({"cursor": cursor} if cursor else {})
        )
        assert len(page["items"]) <= 3
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == made


async def test_a_forged_cursor_is_400(client: httpx.AsyncClient) -> None:
    viewer = await student(client, "Vera Viewer")

    response = await client.get(
        SEARCH, params={"cursor": "eyJhZnRlciI6WzFdfQ"}, headers=viewer.headers
    )

    assert_error(response, 400, "invalid_cursor")


async def test_a_page_costs_the_same_statements_whatever_its_size(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    viewer = await student(client, "Vera Viewer")
    others = [await student(client, f"Ada Student{n}", course="Physics") for n in range(10)]
    for other in others[:5]:
        await befriend(client, viewer, other)
    await befriend(client, others[0], others[9])

    # The login check and the page; a course adds the look-up of its spellings, and a name
    # with no match as typed adds the search for close names.
    for params, expected in [
        ({}, 2),
        ({"course": "physics"}, 3),
        ({"q": "ada", "interest": "x"}, 3),
        ({"q": "ada student"}, 2),
    ]:
        counts = []
        for limit in (1, 10):
            with statements_of(app) as sent:
                await search(client, viewer, limit=limit, **params)
            counts.append(len(sent))
        assert counts == [expected, expected], params


async def test_search_needs_a_login(client: httpx.AsyncClient) -> None:
    assert_error(await client.get(SEARCH), 401, "not_authenticated")
