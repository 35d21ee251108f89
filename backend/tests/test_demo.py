"""Demo students (`quad seed-demo`): realistic, consistent with every rule of the schema and
of the friends feature, repeatable, and able to log in. Timing is measured in bench/."""

from __future__ import annotations

import asyncio
import collections
from typing import Any

import asyncpg
import bcrypt
import httpx
from fastapi import FastAPI

from quad.demo import CHATS, DEMO_PASSWORD, GRAPH, USERS, DemoWorld, SeedReport, populate
from tests.builders import login

# Enough students for a graph with classmates, popular students and newcomers.
STUDENTS = 600


async def seed(database_url: str, users: int = STUDENTS, **options: Any) -> DemoWorld:
    world, _ = await seed_with_report(database_url, users, **options)
    return world


async def seed_with_report(
    database_url: str, users: int = STUDENTS, **options: Any
) -> tuple[DemoWorld, SeedReport]:
    return await populate(database_url, users=users, bcrypt_rounds=4, **options)


async def test_seeds_the_students_friendships_requests_and_blocks_it_reports(
    database_url: str, db: asyncpg.Connection, fresh_tables: None
) -> None:
    _, report = await seed_with_report(database_url, 1000)

    assert await db.fetchval("SELECT count(*) FROM users") == report.students == 1000
    assert await db.fetchval("SELECT count(*) FROM friendships") == report.friendships
    assert (
        await db.fetchval("SELECT count(*) FROM friend_requests WHERE status = 'pending'")
        == report.pending_requests
    )
    assert await db.fetchval("SELECT count(*) FROM blocks") == report.blocks
    assert report.friendships > 0
    assert report.pending_requests > 0


async def test_every_student_shares_one_hash_of_the_demo_password(
    database_url: str, db: asyncpg.Connection, fresh_tables: None
) -> None:
    await seed(database_url)

    hashes = await db.fetch("SELECT DISTINCT password_hash FROM users")
    assert len(hashes) == 1
    assert bcrypt.checkpw(DEMO_PASSWORD.encode(), hashes[0]["password_hash"].encode())


async def test_no_pending_request_joins_friends_or_blocked_students(
    database_url: str, db: asyncpg.Connection, fresh_tables: None
) -> None:
    await seed(database_url, 2000)

    between_friends = await db.fetchval(
        """
        SELECT count(*) FROM friend_requests r JOIN friendships f
          ON f.user_a_id = least(r.from_user_id, r.to_user_id)
         AND f.user_b_id = greatest(r.from_user_id, r.to_user_id)
        """
    )
    between_blocked = await db.fetchval(
        """
        SELECT count(*) FROM friend_requests r JOIN blocks b
          ON (b.blocker_id, b.blocked_id) IN ((r.from_user_id, r.to_user_id),
                                              (r.to_user_id, r.from_user_id))
        """
    )
    assert await db.fetchval("SELECT count(*) FROM friend_requests") > 0
    assert between_friends == 0
    assert between_blocked == 0


async def test_blocked_students_are_not_friends(
    database_url: str, db: asyncpg.Connection, fresh_tables: None
) -> None:
    await seed(database_url, 2000)

    assert await db.fetchval("SELECT count(*) FROM blocks") > 0
    assert (
        await db.fetchval(
            """
            SELECT count(*) FROM blocks b JOIN friendships f
              ON f.user_a_id = least(b.blocker_id, b.blocked_id)
             AND f.user_b_id = greatest(b.blocker_id, b.blocked_id)
            """
        )
        == 0
    )


async def test_pending_requests_go_both_ways(
    database_url: str, db: asyncpg.Connection, fresh_tables: None
) -> None:
    await seed(database_url)

    statuses = await db.fetch("SELECT DISTINCT status::text FROM friend_requests")
    sent_and_received = await db.fetchval(
        """
        SELECT count(*) FROM users u
        WHERE EXISTS (SELECT FROM friend_requests WHERE from_user_id = u.id)
          AND EXISTS (SELECT FROM friend_requests WHERE to_user_id = u.id)
        """
    )
    assert [row["status"] for row in statuses] == ["pending"]
    assert sent_and_received > 0


async def test_friend_counts_average_the_asked_number_with_a_long_tail(
    database_url: str, db: asyncpg.Connection, fresh_tables: None
) -> None:
    await seed(database_url, 1000, friends_per_student=20)

    counts = [
        row["friends"]
        for row in await db.fetch(
            """
            SELECT count(f.user_a_id) AS friends FROM users u
            LEFT JOIN friendships f ON u.id IN (f.user_a_id, f.user_b_id)
            GROUP BY u.id
            """
        )
    ]
    average = sum(counts) / len(counts)
    assert 17 <= average <= 23
    assert max(counts) >= 4 * average  # a few popular students
    assert counts.count(0) >= 0.02 * len(counts)  # newcomers who know nobody yet


async def test_friends_are_mostly_at_the_same_university(
    database_url: str, db: asyncpg.Connection, fresh_tables: None
) -> None:
    await seed(database_url, 1000)

    same_university = await db.fetchval(
        """
        SELECT avg((a.university_id = b.university_id)::int) FROM friendships f
        JOIN users a ON a.id = f.user_a_id JOIN users b ON b.id = f.user_b_id
        """
    )
    assert 0.6 <= same_university < 1  # mostly, and some across universities


async def test_profiles_look_like_students_typed_them(
    database_url: str, db: asyncpg.Connection, fresh_tables: None
) -> None:
    await seed(database_url, 1000)

    rows = await db.fetch("SELECT first_name, last_name, course, bio, interests FROM users")
    assert all(1 <= len(row["interests"]) <= 6 for row in rows)
    assert any(not (row["first_name"] + row["last_name"]).isascii() for row in rows)  # accents
    assert 0.2 < sum(1 for row in rows if row["bio"]) / len(rows) < 0.6
    spellings = collections.Counter(row["course"] for row in rows)
    assert any(course.islower() for course in spellings)  # "computer science" as typed
    assert all(course == " ".join(course.split()) for course in spellings)  # as the API stores


async def test_students_at_their_universitys_domain_are_verified_students(
    database_url: str, client: httpx.AsyncClient
) -> None:
    world = await seed(database_url, 50)
    student = next(
        s
        for s in world.students
        if s.email_verified
        and s.email.endswith("@" + world.universities[s.university].email_domain)
    )

    tokens = await login(client, student.email, DEMO_PASSWORD)
    me = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )

    assert me.status_code == 200, me.text
    assert me.json()["email"] == student.email
    assert me.json()["verified_student"] is True


async def test_demo_students_log_in_with_the_demo_password(
    database_url: str, client: httpx.AsyncClient
) -> None:
    world = await seed(database_url, 50)

    answer = await client.post(
        "/api/v1/auth/login",
        json={"email": world.students[-1].email, "password": DEMO_PASSWORD},
    )

    assert answer.status_code == 200, answer.text
    assert answer.json()["access_token"]


async def test_a_second_run_adds_students_with_new_emails(
    database_url: str, db: asyncpg.Connection, fresh_tables: None
) -> None:
    first = await seed(database_url, 200)
    second = await seed(database_url, 200)

    emails = await db.fetch("SELECT email FROM users")
    assert len(emails) == len({row["email"] for row in emails}) == 400
    assert not {s.email for s in first.students} & {s.email for s in second.students}


async def test_concurrent_runs_wait_for_each_other(
    database_url: str, db: asyncpg.Connection, fresh_tables: None
) -> None:
    await asyncio.gather(seed(database_url, 200), seed(database_url, 200))

    assert await db.fetchval("SELECT count(DISTINCT email) FROM users") == 400


async def test_the_same_seed_makes_the_same_students_and_friendships(
    database_url: str, fresh_tables: None
) -> None:
    first = await seed(database_url, seed=7)
    again = await seed(database_url, seed=7)
    other = await seed(database_url, seed=8)

    def shape(world: DemoWorld) -> tuple[Any, ...]:
        people = [
            (s.first_name, s.last_name, s.course, s.interests, s.bio, s.university)
            for s in world.students
        ]
        return people, world.graph.friendships, world.graph.requests

    assert shape(first) == shape(again)
    assert shape(first) != shape(other)


async def test_a_bulk_run_rebuilds_every_index_and_foreign_key_it_set_aside(
    database_url: str, db: asyncpg.Connection, fresh_tables: None
) -> None:
    tables = [*USERS, *GRAPH, *CHATS]

    async def schema() -> list[tuple[str, str]]:
        rows = await db.fetch(
            """
            SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition
            FROM pg_index
            WHERE indrelid = ANY($1::text[]::regclass[])
            UNION ALL
            SELECT conname, pg_get_constraintdef(oid) || CASE WHEN convalidated THEN ''
                                                              ELSE ' (not valid)' END
            FROM pg_constraint
            WHERE conrelid = ANY($1::text[]::regclass[])
            ORDER BY 1, 2
            """,
            tables,
        )
        return [(row["name"], row["definition"]) for row in rows]

    before = await schema()
    _, report = await seed_with_report(database_url, rebuild_indexes=True)

    assert report.rebuilt_indexes
    assert await schema() == before


async def test_conversations_follow_friendships_and_number_their_messages(
    database_url: str, db: asyncpg.Connection, fresh_tables: None
) -> None:
    _, report = await seed_with_report(database_url, 1000, groups_per_student=0.05)

    assert report.direct_chats > 0
    assert report.groups > 0
    assert await db.fetchval("SELECT count(*) FROM conversations") == (
        report.direct_chats + report.groups
    )
    assert await db.fetchval("SELECT count(*) FROM messages") == report.messages
    # Direct chats are between friends, two members each.
    strangers = await db.fetchval(
        """
        SELECT count(*) FROM conversations c
        WHERE c.type = 'direct' AND NOT EXISTS (
          SELECT FROM friendships f
          WHERE (f.user_a_id, f.user_b_id) = (c.direct_user_a_id, c.direct_user_b_id))
        """
    )
    assert strangers == 0
    sizes = await db.fetch(
        """
        SELECT c.type, count(*) AS members, count(*) FILTER (WHERE m.role = 'admin') AS admins
        FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id
        GROUP BY c.id, c.type
        """
    )
    assert {row["members"] for row in sizes if row["type"] == "direct"} == {2}
    groups = [row for row in sizes if row["type"] == "group"]
    assert all(3 <= row["members"] <= 50 and row["admins"] == 1 for row in groups)
    assert sorted(row["members"] for row in groups)[len(groups) // 2] < 15  # mostly small
    # Messages are 1..last_seq in each, sent by members, read by everyone: nothing unread.
    broken = await db.fetchval(
        """
        SELECT count(*) FROM conversations c
        WHERE c.last_seq <> (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id)
           OR c.last_seq <> coalesce((SELECT max(seq) FROM messages m
                                      WHERE m.conversation_id = c.id), 0)
           OR EXISTS (SELECT FROM conversation_members m
                      WHERE m.conversation_id = c.id AND m.last_read_seq <> c.last_seq)
        """
    )
    outsiders = await db.fetchval(
        """
        SELECT count(*) FROM messages m WHERE NOT EXISTS (
          SELECT FROM conversation_members cm
          WHERE cm.conversation_id = m.conversation_id AND cm.user_id = m.sender_id)
        """
    )
    assert broken == 0
    assert outsiders == 0


async def test_signed_in_students_use_their_tokens_and_see_their_chats(
    database_url: str, client: httpx.AsyncClient, app: FastAPI
) -> None:
    world = await seed(database_url, 300, sign_in=app.state.resources.access_tokens)
    assert world.access_tokens is not None
    member = next(c for c in world.chats.conversations if c.name is not None).members[1]
    headers = {"Authorization": f"Bearer {world.access_tokens[member]}"}

    me = await client.get("/api/v1/users/me", headers=headers)
    chats = await client.get("/api/v1/conversations", headers=headers)

    assert me.status_code == 200, me.text
    assert me.json()["id"] == str(world.students[member].id)
    assert chats.status_code == 200, chats.text
    listed = chats.json()["items"]
    assert listed
    assert all(c["unread_count"] == 0 for c in listed)
    assert any(c["type"] == "group" for c in listed)
