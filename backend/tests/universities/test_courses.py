"""GET /api/v1/universities/{id}/courses: the courses students give, for autocomplete."""

from __future__ import annotations

from typing import Any

import httpx

from quad.universities.seed import university_id
from tests.builders import MIT_ID, OXFORD_ID, assert_error, register


def courses_url(university: object = OXFORD_ID) -> str:
    return f"/api/v1/universities/{university}/courses"


async def courses(
    client: httpx.AsyncClient, university: object = OXFORD_ID, **params: Any
) -> dict[str, Any]:
    response = await client.get(courses_url(university), params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def students_taking(
    client: httpx.AsyncClient, *course_names: str, university: object = OXFORD_ID
) -> None:
    for course in course_names:
        await register(client, course=course, university_id=str(university))


async def oxford_and_mit(client: httpx.AsyncClient) -> None:
    await students_taking(
        client, "Computer Science", "computer  science", " Computer Science ", "Physics"
    )
    await students_taking(client, "History", university=MIT_ID)


async def test_most_used_course_comes_first_grouped_regardless_of_case_and_spacing(
    client: httpx.AsyncClient,
) -> None:
    await oxford_and_mit(client)

    page = await courses(client)

    assert page == {
        "items": [
            {"name": "Computer Science", "student_count": 3},
            {"name": "Physics", "student_count": 1},
        ],
        "next_cursor": None,
    }


async def test_the_most_common_spelling_names_the_group(client: httpx.AsyncClient) -> None:
    await students_taking(client, "physics", "PHYSICS", "physics", "Physics")

    page = await courses(client)

    assert page["items"] == [{"name": "physics", "student_count": 4}]


async def test_other_universities_courses_are_absent(client: httpx.AsyncClient) -> None:
    await oxford_and_mit(client)

    oxford = await courses(client)
    mit = await courses(client, MIT_ID)

    assert "History" not in {item["name"] for item in oxford["items"]}
    assert mit["items"] == [{"name": "History", "student_count": 1}]


async def test_a_university_without_students_has_no_courses(client: httpx.AsyncClient) -> None:
    await oxford_and_mit(client)

    page = await courses(client, university_id("Harvard University", "United States"))

    assert page == {"items": [], "next_cursor": None}


async def test_courses_are_grouped_regardless_of_accents_as_student_search_groups_them(
    client: httpx.AsyncClient,
) -> None:
    spellings = ("Física", "Fisica", "  física ")
    await students_taking(client, *spellings)

    every_course = await courses(client)
    typed_without_accent = await courses(client, q="fisica")

    # One spelling each: any of them may name the group.
    assert [item["student_count"] for item in every_course["items"]] == [3]
    assert every_course["items"][0]["name"] in {spelling.strip() for spelling in spellings}
    assert typed_without_accent["items"] == every_course["items"]


async def test_q_filters_by_substring_case_insensitively(client: httpx.AsyncClient) -> None:
    await oxford_and_mit(client)

    page = await courses(client, q="SCIENCE")

    assert page["items"] == [{"name": "Computer Science", "student_count": 3}]


async def test_q_tolerates_a_typo(client: httpx.AsyncClient) -> None:
    await oxford_and_mit(client)

    page = await courses(client, q="Phisics")

    assert page["items"] == [{"name": "Physics", "student_count": 1}]


async def test_q_with_no_match_gives_an_empty_page(client: httpx.AsyncClient) -> None:
    await oxford_and_mit(client)

    page = await courses(client, q="Astrology")

    assert page["items"] == []


async def test_courses_page_with_a_cursor(client: httpx.AsyncClient) -> None:
    await students_taking(client, "Law", "Law", "Law", "Music", "Music", "Chemistry")

    first = await courses(client, limit=2)
    second = await courses(client, limit=2, cursor=first["next_cursor"])

    assert [item["name"] for item in first["items"]] == ["Law", "Music"]
    assert second == {"items": [{"name": "Chemistry", "student_count": 1}], "next_cursor": None}


async def test_courses_of_an_unknown_university_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get(courses_url(university_id("Hogwarts", "United Kingdom")))

    assert_error(response, 404, "university_not_found")
