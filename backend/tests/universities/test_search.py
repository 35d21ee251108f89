"""GET /api/v1/universities: typo-tolerant search over the seeded world list, and paging."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from quad.universities.seed import seed_universities, university_id
from tests.builders import MIT_ID, OXFORD_ID, assert_error

URL = "/api/v1/universities"
HARVARD_ID = university_id("Harvard University", "United States")
ICELAND = 10  # universities in Iceland in the seed list


async def search(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get(URL, params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def names(client: httpx.AsyncClient, **params: Any) -> list[str]:
    return [item["name"] for item in (await search(client, **params))["items"]]


async def all_pages(client: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(200):
        page = await search(client, **params, **({"cursor": cursor} if cursor else {}))
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("the cursor chain never ended")


async def test_an_exact_name_comes_first(client: httpx.AsyncClient) -> None:
    # "Arab Open University" and others contain it and sort before it alphabetically.
    found = await names(client, q="open university")

    assert found[0] == "Open University"


async def test_an_exact_name_beats_names_that_start_with_it(client: httpx.AsyncClient) -> None:
    page = await search(client, q="National University", limit=100)
    found = [item["name"] for item in page["items"]]

    # Three countries have a "National University"; dozens of names start with it.
    assert found[:3] == ["National University"] * 3
    assert {item["country"] for item in page["items"][:3]} == {
        "United States",
        "Bangladesh",
        "Philippines",
    }
    assert any(name.startswith("National University of ") for name in found[3:])


async def test_a_name_prefix_comes_before_a_word_prefix_before_a_substring(
    client: httpx.AsyncClient,
) -> None:
    found = [name.lower() for name in await names(client, q="Ford", limit=100)]

    def kind(name: str) -> str | None:
        if name.startswith("ford"):
            return "prefix"
        if " ford" in name:
            return "word"
        return "inside" if "ford" in name else None

    kinds = [kind(name) for name in found]
    prefix, word, inside = (
        [i for i, k in enumerate(kinds) if k == wanted] for wanted in ("prefix", "word", "inside")
    )
    # e.g. "Fordham University", "Henry Ford College", "Stanford University"
    assert prefix
    assert word
    assert inside
    assert max(prefix) < min(word)
    assert max(word) < min(inside)
    assert "fordham university" in found
    assert found.index("fordham university") < found.index("stanford university")


@pytest.mark.parametrize(
    ("typo", "expected"),
    [("Oxfrod", "University of Oxford"), ("Harvrd", "Harvard University")],
)
async def test_a_typo_still_finds_the_university(
    client: httpx.AsyncClient, typo: str, expected: str
) -> None:
    found = await names(client, q=typo)

    assert found[0] == expected


async def test_a_domain_finds_its_university_first(client: httpx.AsyncClient) -> None:
    page = await search(client, q="mit.edu")

    assert page["items"][0]["id"] == str(MIT_ID)


async def test_a_second_domain_of_a_university_finds_it_too(client: httpx.AsyncClient) -> None:
    page = await search(client, q="ox.ac.uk")

    assert page["items"][0]["id"] == str(OXFORD_ID)


async def test_nothing_matches_gives_an_empty_page(client: httpx.AsyncClient) -> None:
    page = await search(client, q="qqqqzzzzxxxx")

    assert page == {"items": [], "next_cursor": None}


async def test_like_wildcards_in_the_query_are_plain_text(client: httpx.AsyncClient) -> None:
    page = await search(client, q="%_%")

    assert page["items"] == []


async def test_country_filters_case_insensitively(client: httpx.AsyncClient) -> None:
    lower = await search(client, country="iceland", limit=100)
    proper = await search(client, country="Iceland", limit=100)

    assert len(lower["items"]) == ICELAND
    assert {item["country"] for item in lower["items"]} == {"Iceland"}
    assert lower == proper


async def test_country_and_query_combine(client: httpx.AsyncClient) -> None:
    found = await search(client, q="Oxford", country="united states", limit=100)

    assert str(OXFORD_ID) not in {item["id"] for item in found["items"]}
    assert {item["country"] for item in found["items"]} <= {"United States"}


async def test_without_a_query_the_list_is_alphabetical(client: httpx.AsyncClient) -> None:
    found = await names(client, country="Iceland", limit=100)

    assert found == sorted(found, key=str.casefold)
    assert found[0] == "Bifrost School of Business"


async def test_the_whole_list_can_be_paged_to_its_end(
    client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    # Every cursor the server hands out must be accepted, however deep the page.
    items = await all_pages(client, limit=100)

    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids))
    assert len(ids) == await db.fetchval("SELECT count(*) FROM universities")


async def test_limit_sizes_the_page(client: httpx.AsyncClient) -> None:
    page = await search(client, limit=7)

    assert len(page["items"]) == 7
    assert page["next_cursor"] is not None


async def test_the_default_page_holds_20(client: httpx.AsyncClient) -> None:
    page = await search(client)

    assert len(page["items"]) == 20


async def test_next_cursor_chains_pages_without_duplicates_and_ends_with_null(
    client: httpx.AsyncClient,
) -> None:
    pages: list[dict[str, Any]] = []
    cursor = None
    while len(pages) < 10:
        pages.append(
            await search(
                client, country="Iceland", limit=3, **({"cursor": cursor} if cursor else {})
            )
        )
        cursor = pages[-1]["next_cursor"]
        if cursor is None:
            break

    assert [len(page["items"]) for page in pages] == [3, 3, 3, 1]
    assert pages[-1]["next_cursor"] is None
    ids = [item["id"] for page in pages for item in page["items"]]
    everything = await search(client, country="Iceland", limit=100)
    assert ids == [item["id"] for item in everything["items"]]


async def test_a_page_that_ends_exactly_at_the_last_item_has_no_next_cursor(
    client: httpx.AsyncClient,
) -> None:
    page = await search(client, country="Iceland", limit=ICELAND)

    assert len(page["items"]) == ICELAND
    assert page["next_cursor"] is None


@pytest.mark.parametrize("q", ["Universidad Central", "Arab Open University", "Harvrd"])
async def test_search_pages_are_stable_even_when_names_tie(
    client: httpx.AsyncClient, q: str
) -> None:
    # The same name exists in several countries; paging must still neither repeat nor skip.
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        page = await search(client, q=q, limit=5, **({"cursor": cursor} if cursor else {}))
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    at_once = await search(client, q=q, limit=len(seen))

    assert len(seen) == len(set(seen))
    assert seen == [item["id"] for item in at_once["items"]]


@pytest.mark.parametrize("limit", ["0", "101", "-1", "many"])
async def test_a_limit_outside_1_to_100_is_422(client: httpx.AsyncClient, limit: str) -> None:
    response = await client.get(URL, params={"limit": limit})

    error = assert_error(response, 422, "validation_error")
    assert [detail["field"] for detail in error["details"]] == ["limit"]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!!",
        "bm90IGpzb24",  # base64 of "not json"
        "WzFd",  # base64 of "[1]": JSON, but not a position
        "eyJvZmZzZXQiOiAtMX0",  # {"offset": -1}
        "eyJvZmZzZXQiOiAiMTAifQ",  # {"offset": "10"}
        "eyJvZmZzZXQiOnRydWV9",  # {"offset": true}
        "eyJvZmZzZXQiOjEwMDAwMDAwfQ",  # {"offset": 10000000}: deeper than any list
    ],
)
async def test_a_garbage_cursor_is_400_invalid_cursor(
    client: httpx.AsyncClient, cursor: str
) -> None:
    response = await client.get(URL, params={"q": "Oxford", "cursor": cursor})

    assert_error(response, 400, "invalid_cursor")


async def test_each_item_has_exactly_id_name_country_and_domains(
    client: httpx.AsyncClient,
) -> None:
    page = await search(client, q="Massachusetts Institute of Technology")

    assert page["items"][0] == {
        "id": str(MIT_ID),
        "name": "Massachusetts Institute of Technology",
        "country": "United States",
        "domains": ["mit.edu"],
    }
    assert all(set(item) == {"id", "name", "country", "domains"} for item in page["items"])
    assert set(page) == {"items", "next_cursor"}


async def test_one_university_by_id(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{URL}/{HARVARD_ID}")

    assert response.status_code == 200
    assert response.json() == {
        "id": str(HARVARD_ID),
        "name": "Harvard University",
        "country": "United States",
        "domains": ["harvard.edu"],
    }


async def test_an_unknown_university_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{URL}/{university_id('Hogwarts', 'United Kingdom')}")

    assert_error(response, 404, "university_not_found")


async def test_a_malformed_university_id_is_422(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{URL}/not-a-uuid")

    error = assert_error(response, 422, "validation_error")
    assert [detail["field"] for detail in error["details"]] == ["university_id"]


async def test_the_seed_ran(db: asyncpg.Connection) -> None:
    count = await db.fetchval("SELECT count(*) FROM universities")
    oxford = await db.fetchrow("SELECT name, domains FROM universities WHERE id = $1", OXFORD_ID)

    assert count >= 10_000
    assert oxford["name"] == "University of Oxford"
    assert set(oxford["domains"]) == {"ox.ac.uk", "oxford.ac.uk"}


async def test_seeding_again_changes_nothing(db: asyncpg.Connection, database_url: str) -> None:
    before = await db.fetchval("SELECT count(*) FROM universities")
    ids_before = await db.fetchval(
        "SELECT md5(string_agg(id::text, ',' ORDER BY id)) FROM universities"
    )
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as connection:
            reported = await connection.run_sync(seed_universities)
    finally:
        await engine.dispose()

    assert await db.fetchval("SELECT count(*) FROM universities") == before == reported
    assert (
        await db.fetchval("SELECT md5(string_agg(id::text, ',' ORDER BY id)) FROM universities")
        == ids_before
    )


async def test_seeding_again_restores_edited_domains(
    db: asyncpg.Connection, database_url: str
) -> None:
    await db.execute("UPDATE universities SET domains = '{}' WHERE id = $1", MIT_ID)
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(seed_universities)
    finally:
        await engine.dispose()

    assert await db.fetchval("SELECT domains FROM universities WHERE id = $1", MIT_ID) == [
        "mit.edu"
    ]
