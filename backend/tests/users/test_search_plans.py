"""Discovery stays fast on a big table: each search and the suggestions walk indexes.

A typed course that nobody gives exactly is compared with the distinct course spellings,
found by a skip scan of the course index (checked below too).

Timing belongs in bench/search.py; this checks the plans PostgreSQL picks on a seeded table,
which do not depend on the machine: no filter may fall back to reading every student.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import anyio.to_thread
import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from quad.core.db import PLANNER_SETTINGS, TRIGRAM_SETTINGS
from quad.core.migrations import upgrade_to_head
from quad.main import create_app
from tests.builders import MIT_ID, OXFORD_ID, Student, befriend, register
from tests.conftest import POSTGRES_ADMIN_URL, make_settings
from tests.fixtures.smtp import Mailbox
from tests.sql import scans, statements_of

STUDENTS = 30_000

# Ten universities, twelve courses, eleven interests, names from two short lists; the
# moduli are co-prime, so every combination of filters finds someone.
SEED = """
WITH unis AS (SELECT array_agg(id ORDER BY name) AS ids FROM (
         SELECT id, name FROM universities ORDER BY name LIMIT 8) u)
INSERT INTO users (email, password_hash, first_name, last_name, university_id, course,
                   interests)
SELECT 'seed' || n || '@example.edu', 'x',
       (ARRAY['Ada','Alan','Grace','Zoë','Émile','Noah','Maya','Kai','Lena','Omar'])[1 + n % 10],
       (ARRAY['Lovelace','Turing','Hopper','Müller','Borel','Okafor','Tanaka','Silva'])[1 + n % 8]
         || n,
       CASE WHEN n % 7 = 0 THEN $1::uuid WHEN n % 7 = 1 THEN $2::uuid
            ELSE (SELECT ids[1 + n % 8] FROM unis) END,
       (ARRAY['Physics','Mathematics','Law','Medicine','History','Music','Biology',
              'Economics','Psychology','Architecture','Chemistry','Philosophy'])[1 + n % 12],
       ARRAY[(ARRAY['chess','climbing','jazz','running','film'])[1 + n % 5],
             (ARRAY['poetry','hiking','gaming','yoga','cooking','football'])[1 + n % 6]]
FROM generate_series(1, $3) AS n
"""

# Each student befriends the ones 1, 7 and 31 places after them (by id): a few friends
# each, with friends of friends to suggest.
FRIENDSHIPS = """
WITH numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users)
INSERT INTO friendships (user_a_id, user_b_id)
SELECT DISTINCT least(a.id, b.id), greatest(a.id, b.id)
FROM numbered a
CROSS JOIN (VALUES (1), (7), (31)) AS step (size)
JOIN numbered b ON b.n = a.n + step.size
"""


@dataclass
class Campus:
    """A database of its own with many students, and a viewer logged in to an app on it."""

    client: httpx.AsyncClient
    app: FastAPI
    db: asyncpg.Connection
    viewer: Student


@pytest.fixture(scope="module")
async def campus(
    smtp_server: Mailbox, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Campus]:
    """Seeded once for the module (it takes seconds), in its own database so the other
    tests' clean-up never empties it."""
    name = f"quad_plans_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        await anyio.to_thread.run_sync(
            upgrade_to_head, url.replace("postgresql://", "postgresql+asyncpg://")
        )
        # EXPLAIN as the app's own connections plan: with its planner settings.
        db = await asyncpg.connect(url, server_settings=TRIGRAM_SETTINGS | PLANNER_SETTINGS)
        await db.execute(SEED, OXFORD_ID, MIT_ID, STUDENTS)
        await db.execute(FRIENDSHIPS)
        await db.execute("ANALYZE users; ANALYZE friendships")
        settings = make_settings(
            url.replace("postgresql://", "postgresql+asyncpg://"),
            smtp_server,
            tmp_path_factory.mktemp("campus"),
        )
        app = create_app(settings)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://testserver"
            ) as client,
        ):
            viewer = await register(client, course="Physics", interests=["chess"])
            await befriend(client, viewer, await register(client, course="Law"))
            yield Campus(client, app, db, viewer)
        await db.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def plan_of(campus: Campus, url: str, **params: str) -> list[tuple[str, str]]:
    """The scans of the last statement a request sends, as EXPLAIN shows them."""
    with statements_of(campus.app, with_parameters=True) as sent:
        response = await campus.client.get(url, params=params, headers=campus.viewer.headers)
        assert response.status_code == 200, response.text
        assert response.json()["items"], "a seeded campus should find someone"
    statement, parameters = sent[-1]
    explained = await campus.db.fetchval(f"EXPLAIN (FORMAT JSON) {statement}", *parameters)
    return scans(json.loads(explained)[0]["Plan"])


@pytest.mark.parametrize(
    "params",
    [
        {"university_id": str(OXFORD_ID)},
        {"course": "Physics"},
        {"interest": "jazz"},
        {"q": "ada lovelace"},
        {"university_id": str(OXFORD_ID), "course": "Physics"},
        {"university_id": str(OXFORD_ID), "interest": "jazz"},
        {"course": "Physics", "interest": "jazz"},
        {"university_id": str(OXFORD_ID), "course": "Physics", "interest": "jazz"},
        {"university_id": str(OXFORD_ID), "q": "grace"},
        {},
    ],
    ids=lambda params: "+".join(params) or "no filter",
)
async def test_every_search_walks_an_index_of_students(
    campus: Campus, params: dict[str, str]
) -> None:
    used = await plan_of(campus, "/api/v1/users/search", **params)

    assert ("Seq Scan", "users") not in used, used
    assert any(name.startswith("ix_users_") for _, name in used), used


async def test_a_mistyped_course_skips_through_the_course_index(campus: Campus) -> None:
    with statements_of(campus.app, with_parameters=True) as sent:
        response = await campus.client.get(
            "/api/v1/users/search", params={"course": "Phyiscs"}, headers=campus.viewer.headers
        )
        assert response.json()["items"], "the typo should find physics students"
    lookup, parameters = next(item for item in sent if "similarity" in item[0])
    explained = await campus.db.fetchval(f"EXPLAIN (FORMAT JSON) {lookup}", *parameters)

    used = scans(json.loads(explained)[0]["Plan"])
    assert ("Seq Scan", "users") not in used, used
    assert any(name.startswith("ix_users_course_key") for _, name in used), used


async def test_suggestions_walk_indexes(campus: Campus) -> None:
    used = await plan_of(campus, "/api/v1/users/suggestions")

    assert ("Seq Scan", "users") not in used, used
    assert ("Seq Scan", "friendships") not in used, used
