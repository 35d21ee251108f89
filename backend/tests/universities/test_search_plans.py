"""University search as you type walks indexes, never every university.

Timing is not tested here (it depends on the machine); the plans PostgreSQL picks for the
statements a search sends are, on the seeded table.
"""

from __future__ import annotations

import json

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from tests.sql import scans, statements_of


async def search_plans(
    app: FastAPI, client: httpx.AsyncClient, db: asyncpg.Connection, q: str
) -> list[list[tuple[str, str]]]:
    """The scans of each statement reading universities that ``GET ?q=`` sends."""
    with statements_of(app, with_parameters=True) as sent:
        response = await client.get("/api/v1/universities", params={"q": q})
        assert response.status_code == 200, response.text
    plans = []
    for statement, parameters in sent:
        if "FROM universities" in statement:
            explained = await db.fetchval(f"EXPLAIN (FORMAT JSON) {statement}", *parameters)
            plans.append(scans(json.loads(explained)[0]["Plan"]))
    return plans


@pytest.mark.parametrize(
    ("q", "indexes"),
    [
        (
            "student.ucl.ac.uk",
            {
                "ix_universities_domains",
                "ix_universities_domain_labels",
                "ix_universities_acronyms",
            },
        ),
        ("ucl", {"ix_universities_domain_labels", "ix_universities_acronyms"}),
        ("berkeley", {"ix_universities_name_key_trgm"}),
        ("oxford", {"ix_universities_short_key", "ix_universities_name_key_trgm"}),
        ("ox", {"ix_universities_name_key_trgm"}),
        ("uc berkeley", {"ix_universities_name_key_trgm", "ix_universities_acronyms"}),
        ("zürich", {"ix_universities_name_key_trgm"}),
        ("unversity of oxford", {"ix_universities_name_key_trgm"}),
        ("massachusets institute of technology", {"ix_universities_name_key_trgm"}),
    ],
)
async def test_every_statement_of_a_search_walks_indexes(
    app: FastAPI, client: httpx.AsyncClient, db: asyncpg.Connection, q: str, indexes: set[str]
) -> None:
    plans = await search_plans(app, client, db, q)

    assert indexes <= {index for plan in plans for _, index in plan}
    assert all(("Seq Scan", "universities") not in plan for plan in plans)


async def test_typos_are_looked_for_through_the_trigram_index(
    app: FastAPI, client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    *_, near_matches = await search_plans(app, client, db, "Oxfrod")

    assert ("Bitmap Index Scan", "ix_universities_name_key_trgm") in near_matches


async def test_a_broad_prefix_never_ranks_the_names_that_merely_contain_it(
    app: FastAPI, client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    # "uni": thousands of names start with it, thousands more contain it; the first fill
    # the page, so the second are never read.
    plans = await search_plans(app, client, db, "uni")

    assert len(plans) == 2  # best matches, then names that start with "uni"
