"""GET /api/v1/universities?domain=: the universities of an e-mail domain, for registration."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from quad.universities.seed import university_id
from tests.builders import assert_error

URL = "/api/v1/universities"
UCL_ID = university_id("University College London, University of London", "United Kingdom")
TORONTO_ID = university_id("University of Toronto", "Canada")
SCARBOROUGH_ID = university_id("University of Toronto, Scarborough", "Canada")


async def lookup(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get(URL, params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def test_a_domain_gives_its_university(client: httpx.AsyncClient) -> None:
    page = await lookup(client, domain="ucl.ac.uk")

    assert page == {
        "items": [
            {
                "id": str(UCL_ID),
                "name": "University College London, University of London",
                "country": "United Kingdom",
                "domains": ["ucl.ac.uk"],
            }
        ],
        "next_cursor": None,
    }


@pytest.mark.parametrize("domain", ["student.ucl.ac.uk", "mail.cs.student.ucl.ac.uk"])
async def test_a_subdomain_gives_the_university_of_its_domain(
    client: httpx.AsyncClient, domain: str
) -> None:
    page = await lookup(client, domain=domain)

    assert [item["id"] for item in page["items"]] == [str(UCL_ID)]


async def test_case_and_a_final_dot_do_not_matter(client: httpx.AsyncClient) -> None:
    page = await lookup(client, domain="Student.UCL.ac.uk.")

    assert [item["id"] for item in page["items"]] == [str(UCL_ID)]


async def test_an_email_address_is_not_a_domain(client: httpx.AsyncClient) -> None:
    # Only the domain is needed, and only the domain should leave the student's device.
    response = await client.get(URL, params={"domain": "ada@cs.ox.ac.uk"})

    error = assert_error(response, 422, "validation_error")
    assert [detail["field"] for detail in error["details"]] == ["domain"]


async def test_the_owner_of_the_most_specific_domain_comes_first(
    client: httpx.AsyncClient,
) -> None:
    # scar.utoronto.ca is Scarborough's; utoronto.ca, its parent, the University of Toronto's.
    page = await lookup(client, domain="mail.scar.utoronto.ca")

    assert [item["id"] for item in page["items"]] == [str(SCARBOROUGH_ID), str(TORONTO_ID)]


async def test_a_domain_no_university_uses_gives_an_empty_list(
    client: httpx.AsyncClient,
) -> None:
    assert await lookup(client, domain="gmail.com") == {"items": [], "next_cursor": None}


async def test_a_label_alone_is_not_a_domain(client: httpx.AsyncClient) -> None:
    # "ucl" is a search, not a domain; the lookup never guesses.
    response = await client.get(URL, params={"domain": "ucl"})

    error = assert_error(response, 422, "validation_error")
    assert [detail["field"] for detail in error["details"]] == ["domain"]


@pytest.mark.parametrize("domain", ["", "not a domain", "ucl..ac.uk", "-ucl.ac.uk", "ucl.ac.u"])
async def test_a_malformed_domain_is_422(client: httpx.AsyncClient, domain: str) -> None:
    response = await client.get(URL, params={"domain": domain})

    error = assert_error(response, 422, "validation_error")
    assert [detail["field"] for detail in error["details"]] == ["domain"]


async def test_with_q_only_the_domains_universities_are_searched(
    client: httpx.AsyncClient,
) -> None:
    everywhere = await lookup(client, q="toronto")
    at_scarborough = await lookup(client, q="toronto", domain="mail.scar.utoronto.ca")

    assert "Toronto Metropolitan University" in {item["name"] for item in everywhere["items"]}
    assert {item["id"] for item in at_scarborough["items"]} == {
        str(TORONTO_ID),
        str(SCARBOROUGH_ID),
    }


async def test_with_q_the_query_ranks_the_domains_universities(
    client: httpx.AsyncClient,
) -> None:
    page = await lookup(client, q="university of toronto", domain="mail.scar.utoronto.ca")

    # The exact name first, though Scarborough owns the more specific domain.
    assert [item["id"] for item in page["items"]] == [str(TORONTO_ID), str(SCARBOROUGH_ID)]


async def test_country_narrows_the_lookup(client: httpx.AsyncClient) -> None:
    assert (await lookup(client, domain="ucl.ac.uk", country="France"))["items"] == []
    assert len((await lookup(client, domain="ucl.ac.uk", country="united kingdom"))["items"]) == 1
