"""GET /api/v1/universities?q=: students type acronyms, short names and e-mail domains.

The ranking these tests pin down is written out in docs/architecture.md.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from quad.universities.seed import university_id
from tests.builders import MIT_ID, OXFORD_ID

URL = "/api/v1/universities"
UCL_ID = university_id("University College London, University of London", "United Kingdom")
LOUVAIN_ID = university_id("Université Catholique de Louvain", "Belgium")
BERKELEY_ID = university_id("University of California, Berkeley", "United States")
BERKELEY_COLLEGE_ID = university_id("Berkeley College", "United States")
MIT_WPU_ID = university_id("MIT World Peace University", "India")
EUCLID_ID = university_id("EUCLID University", "Gambia")
UZH_ID = university_id("Universität Zürich", "Switzerland")
ETH_ID = university_id("ETHZ - ETH Zurich", "Switzerland")
OXFORD_BROOKES_ID = university_id("Oxford Brookes University", "United Kingdom")


async def ids(client: httpx.AsyncClient, q: str, **params: Any) -> list[str]:
    response = await client.get(URL, params={"q": q, **params})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def names(client: httpx.AsyncClient, q: str, **params: Any) -> list[str]:
    response = await client.get(URL, params={"q": q, **params})
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


async def test_mit_finds_the_massachusetts_institute_of_technology_first(
    client: httpx.AsyncClient,
) -> None:
    found = await ids(client, "mit")

    # MIT World Peace University spells "MIT" out, but mit.edu is Massachusetts' domain and
    # its name's initials, two signals against one.
    assert found[0] == str(MIT_ID)
    assert str(MIT_WPU_ID) in found


async def test_ucl_finds_university_college_london_first(client: httpx.AsyncClient) -> None:
    found = await ids(client, "ucl")

    assert found[0] == str(UCL_ID)
    assert str(EUCLID_ID) in found  # "ucl" inside a name comes after every acronym


async def test_initials_of_every_word_come_before_initials_that_skip_little_words(
    client: httpx.AsyncClient,
) -> None:
    # Université Catholique de Louvain has ucl.ac.be and "ucl" too, once "de" is skipped.
    found = await ids(client, "ucl")

    assert found.index(str(UCL_ID)) < found.index(str(LOUVAIN_ID))


async def test_berkeley_finds_uc_berkeley_before_berkeley_college(
    client: httpx.AsyncClient,
) -> None:
    # berkeley.edu's own label beats a name that merely starts with the word.
    found = await ids(client, "berkeley")

    assert found[0] == str(BERKELEY_ID)
    assert found.index(str(BERKELEY_ID)) < found.index(str(BERKELEY_COLLEGE_ID))


async def test_a_domain_label_finds_its_university(client: httpx.AsyncClient) -> None:
    found = await ids(client, "ox")

    assert found[0] == str(OXFORD_ID)  # ox.ac.uk


async def test_a_subdomain_finds_the_university_of_its_domain(client: httpx.AsyncClient) -> None:
    found = await ids(client, "student.ucl.ac.uk")

    assert found == [str(UCL_ID)]


async def test_an_email_address_finds_the_university_of_its_domain(
    client: httpx.AsyncClient,
) -> None:
    found = await ids(client, "ada@cs.ox.ac.uk")

    assert found == [str(OXFORD_ID)]


async def test_a_domain_brings_no_near_spellings(client: httpx.AsyncClient) -> None:
    # A near spelling of a domain names some other institution.
    assert await ids(client, "ucl.ac.uk") == [str(UCL_ID)]
    assert await ids(client, "no-such-university.ac.uk") == []


async def test_an_acronym_of_the_significant_words_finds_the_university(
    client: httpx.AsyncClient,
) -> None:
    # Its domain is umd.edu: only the initials say "umcp".
    found = await names(client, "umcp")

    assert found[0] == "University of Maryland, College Park"


async def test_an_acronym_may_be_typed_with_dots(client: httpx.AsyncClient) -> None:
    assert (await ids(client, "M.I.T."))[0] == str(MIT_ID)


async def test_accents_are_optional_in_the_query(client: httpx.AsyncClient) -> None:
    found = await ids(client, "zurich")

    assert found[0] == str(UZH_ID)  # Universität Zürich: "zurich" is all it is called


async def test_accents_in_the_query_find_names_without_them(client: httpx.AsyncClient) -> None:
    assert str(ETH_ID) in await ids(client, "zürich")


async def test_a_whole_name_typed_without_accents_finds_it(client: httpx.AsyncClient) -> None:
    assert (await names(client, "universite de montreal"))[0] == "Université de Montréal"


async def test_punctuation_does_not_matter(client: httpx.AsyncClient) -> None:
    assert (await names(client, "kings college london"))[0] == (
        "King's College London, University of London"
    )
    assert (await names(client, "ludwig maximilians"))[0] == (
        "Ludwig-Maximilians-Universität München"
    )


async def test_the_name_without_university_comes_before_longer_names(
    client: httpx.AsyncClient,
) -> None:
    found = await ids(client, "oxford")

    assert found[0] == str(OXFORD_ID)
    assert found.index(str(OXFORD_ID)) < found.index(str(OXFORD_BROOKES_ID))


async def test_words_are_found_in_any_order(client: httpx.AsyncClient) -> None:
    assert (await ids(client, "oxford university"))[0] == str(OXFORD_ID)
    assert (await ids(client, "uc berkeley"))[0] == str(BERKELEY_ID)


async def test_the_shorter_domain_wins_among_equals(client: httpx.AsyncClient) -> None:
    # "michigan" is what both campuses are called; umich.edu is older than umdearborn.edu.
    found = await names(client, "michigan")

    assert found[:2] == ["University of Michigan - Ann Arbor", "University of Michigan - Dearborn"]


async def test_a_typo_in_one_word_of_several_still_finds_the_university(
    client: httpx.AsyncClient,
) -> None:
    assert (await ids(client, "unversity of oxford"))[0] == str(OXFORD_ID)
    assert (await ids(client, "massachusets institute of technology"))[0] == str(MIT_ID)


async def test_one_or_two_letters_match_only_where_words_start(
    client: httpx.AsyncClient,
) -> None:
    found = await names(client, "ox", limit=100)

    assert "Oxford Brookes University" in found
    assert "Knox College" not in found


@pytest.mark.parametrize("q", ["%_%", "...", "'"])
async def test_only_punctuation_finds_nothing(client: httpx.AsyncClient, q: str) -> None:
    assert await ids(client, q) == []
