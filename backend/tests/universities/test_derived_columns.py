"""What migration 0004 derives from the seeded names and domains, and that it stays right."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from quad.universities.seed import seed_universities
from tests.builders import MIT_ID


async def reseed(database_url: str) -> None:
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(seed_universities)
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Massachusetts Institute of Technology", {"mit", "miot"}),
        ("University College London, University of London", {"ucl", "ucluol", "uclul"}),
        ("Université Catholique de Louvain", {"ucl", "ucdl"}),
        ("Texas A&M University - College Station", {"tamu", "tmu", "tamucs", "tmucs"}),
        ("ETHZ - ETH Zurich", {"ethz", "eth", "eez"}),
        ("Université Paris-Sorbonne (Paris IV)", {"ups", "upspi"}),  # "IV" is no acronym
    ],
)
async def test_acronyms_are_the_initials_of_all_or_of_the_significant_words(
    db: asyncpg.Connection, name: str, expected: set[str]
) -> None:
    acronyms = await db.fetchval("SELECT university_acronyms($1, false)", name)

    assert set(acronyms) == expected


async def test_initials_of_every_word_alone_skip_nothing(db: asyncpg.Connection) -> None:
    acronyms = await db.fetchval(
        "SELECT university_acronyms($1, true)", "Massachusetts Institute of Technology"
    )

    assert acronyms == ["miot"]


@pytest.mark.parametrize(
    ("domains", "expected"),
    [
        (["berkeley.edu"], ["berkeley"]),
        (["ucl.ac.uk"], ["ucl"]),
        (["ox.ac.uk", "oxford.ac.uk"], ["ox", "oxford"]),
        (["student.murdoch.edu.au", "www.unimelb.edu.au"], ["murdoch", "unimelb"]),
        (["tu-berlin.de"], ["tu-berlin", "tuberlin"]),
    ],
)
async def test_a_domains_label_is_the_one_left_of_its_public_suffix(
    db: asyncpg.Connection, domains: list[str], expected: list[str]
) -> None:
    assert await db.fetchval("SELECT domain_labels($1)", domains) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("University of Oxford", "oxford"),
        ("Universität Zürich", "zurich"),
        ("University of Michigan - Ann Arbor", "michigan"),
        ("King's College London, University of London", "kings college london"),
        ("Universidad", None),
    ],
)
async def test_the_short_name_drops_university_and_little_words(
    db: asyncpg.Connection, name: str, expected: str | None
) -> None:
    assert await db.fetchval("SELECT university_short_key($1)", name) == expected


async def test_the_folded_name_has_no_case_accents_or_punctuation(db: asyncpg.Connection) -> None:
    folded = await db.fetchval(
        "SELECT fold_words($1)", "  Ludwig-Maximilians-Universität  München, King’s "
    )

    assert folded == "ludwig maximilians universitat munchen kings"


async def test_derived_columns_follow_a_reseed(db: asyncpg.Connection, database_url: str) -> None:
    await db.execute("UPDATE universities SET domains = '{}' WHERE id = $1", MIT_ID)
    assert await db.fetchval("SELECT domain_labels FROM universities WHERE id = $1", MIT_ID) == []

    await reseed(database_url)

    assert await db.fetchval("SELECT domain_labels FROM universities WHERE id = $1", MIT_ID) == [
        "mit"
    ]


async def test_reseeding_an_unchanged_list_rewrites_no_row(
    db: asyncpg.Connection, database_url: str
) -> None:
    # Every write would recompute the derived columns of ten thousand rows for nothing.
    await reseed(database_url)  # whatever earlier tests changed is put back first
    versions = "SELECT md5(string_agg(xmin::text, ',' ORDER BY id)) FROM universities"
    before = await db.fetchval(versions)

    await reseed(database_url)

    assert await db.fetchval(versions) == before
