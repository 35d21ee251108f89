"""Listing, counting and marking notifications: each student sees and changes only their own."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg
import httpx
from fastapi import FastAPI

from quad.core.db import PLANNER_SETTINGS
from tests.builders import (
    Student,
    assert_error,
    befriend,
    mark_conversation_read,
    notifications_of,
    open_direct,
    register,
    send_friend_request,
    send_message,
    unread_count,
)
from tests.sql import scans, statements_of


async def _asked_by(client: httpx.AsyncClient, student: Student, how_many: int) -> list[Student]:
    """``how_many`` students who each sent ``student`` a friend request, oldest first."""
    senders = [await register(client) for _ in range(how_many)]
    for sender in senders:
        await send_friend_request(client, sender, student)
    return senders


async def test_the_list_is_newest_first_and_paged(client: httpx.AsyncClient) -> None:
    ada = await register(client)
    senders = await _asked_by(client, ada, 5)

    seen, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        response = await client.get("/api/v1/notifications", params=params, headers=ada.headers)
        assert response.status_code == 200
        page = response.json()
        assert len(page["items"]) <= 2
        seen += [item["actor"]["id"] for item in page["items"]]
        if (cursor := page["next_cursor"]) is None:
            break

    assert seen == [str(sender.id) for sender in reversed(senders)]


async def test_a_counted_message_moves_its_notification_to_the_top(
    client: httpx.AsyncClient,
) -> None:
    ada, alan = await register(client), await register(client)
    await befriend(client, alan, ada)
    chat = (await open_direct(client, alan, ada))["id"]
    await send_message(client, alan, chat)
    await _asked_by(client, ada, 1)

    await send_message(client, alan, chat)

    unread = await notifications_of(client, ada, unread_only="true")
    assert [n["type"] for n in unread] == ["new_message", "friend_request"]


async def _paged(
    client: httpx.AsyncClient, student: Student, limit: int, **params: str
) -> list[dict[str, Any]]:
    """Every one of the student's notifications, page by page."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = params | {"limit": str(limit)} | ({"cursor": cursor} if cursor else {})
        response = await client.get("/api/v1/notifications", params=query, headers=student.headers)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        if (cursor := page["next_cursor"]) is None:
            return items


async def test_chats_counting_up_and_the_rest_page_in_one_order(
    client: httpx.AsyncClient,
) -> None:
    # A chat's unread notification (counting up) is listed apart from the rest (see
    # quad.notifications.models): pages interleave them by when each last changed.
    ada, alan, carl = await register(client), await register(client), await register(client)
    await befriend(client, ada, alan)
    await befriend(client, ada, carl)
    busy = (await open_direct(client, alan, ada))["id"]
    quiet = (await open_direct(client, carl, ada))["id"]
    await send_message(client, alan, busy)
    last = await send_message(client, carl, quiet)
    await mark_conversation_read(client, ada, quiet, last["seq"])
    (bob,) = await _asked_by(client, ada, 1)
    await send_message(client, alan, busy)

    def described(items: list[dict[str, Any]]) -> list[tuple[str, str, bool]]:
        return [(n["type"], n["actor"]["id"], n["read"]) for n in items]

    newest_first = [
        ("new_message", str(alan.id), False),
        ("friend_request", str(bob.id), False),
        ("new_message", str(carl.id), True),
        ("friend_request_accepted", str(carl.id), False),
        ("friend_request_accepted", str(alan.id), False),
    ]
    assert described(await notifications_of(client, ada)) == newest_first
    for limit in (1, 2):
        assert described(await _paged(client, ada, limit)) == newest_first
        unread = await _paged(client, ada, limit, unread_only="true")
        assert described(unread) == [n for n in newest_first if not n[2]]
    assert await unread_count(client, ada) == 4


async def test_unread_only_and_the_unread_count(client: httpx.AsyncClient) -> None:
    ada = await register(client)
    await _asked_by(client, ada, 3)
    first = (await notifications_of(client, ada))[-1]

    response = await client.post(f"/api/v1/notifications/{first['id']}/read", headers=ada.headers)

    assert response.status_code == 204
    assert await unread_count(client, ada) == 2
    unread = await notifications_of(client, ada, unread_only="true")
    assert len(unread) == 2
    assert first["id"] not in {n["id"] for n in unread}
    (read,) = [n for n in await notifications_of(client, ada) if n["id"] == first["id"]]
    assert read["read"] is True


async def test_marking_read_again_is_no_error(client: httpx.AsyncClient) -> None:
    ada = await register(client)
    await _asked_by(client, ada, 1)
    (notification,) = await notifications_of(client, ada)
    path = f"/api/v1/notifications/{notification['id']}/read"

    responses = [await client.post(path, headers=ada.headers) for _ in range(2)]

    assert [r.status_code for r in responses] == [204, 204]
    assert await unread_count(client, ada) == 0


async def test_only_your_own_notification_can_be_marked_read(client: httpx.AsyncClient) -> None:
    ada, eve = await register(client), await register(client)
    await _asked_by(client, ada, 1)
    (notification,) = await notifications_of(client, ada)

    for notification_id in (notification["id"], str(uuid.uuid4())):
        response = await client.post(
            f"/api/v1/notifications/{notification_id}/read", headers=eve.headers
        )
        assert_error(response, 404, "notification_not_found")
    assert await unread_count(client, ada) == 1


async def test_read_all_reads_only_yours(client: httpx.AsyncClient) -> None:
    ada, alan = await register(client), await register(client)
    await _asked_by(client, ada, 3)
    await _asked_by(client, alan, 2)

    response = await client.post("/api/v1/notifications/read-all", headers=ada.headers)

    assert response.status_code == 204
    assert await unread_count(client, ada) == 0
    assert all(n["read"] for n in await notifications_of(client, ada))
    assert await unread_count(client, alan) == 2


async def test_each_student_sees_only_their_own(client: httpx.AsyncClient) -> None:
    ada, alan, eve = await register(client), await register(client), await register(client)
    await send_friend_request(client, eve, ada)
    await send_friend_request(client, ada, alan)

    assert [n["actor"]["id"] for n in await notifications_of(client, ada)] == [str(eve.id)]
    assert [n["actor"]["id"] for n in await notifications_of(client, alan)] == [str(ada.id)]
    assert await notifications_of(client, eve) == []


async def test_notifications_need_a_login(client: httpx.AsyncClient) -> None:
    for method, path in (
        ("GET", "/api/v1/notifications"),
        ("GET", "/api/v1/notifications/unread-count"),
        ("POST", "/api/v1/notifications/read-all"),
        ("POST", f"/api/v1/notifications/{uuid.uuid4()}/read"),
    ):
        assert_error(await client.request(method, path), 401, "not_authenticated")


async def test_a_bad_cursor_is_a_clear_400(client: httpx.AsyncClient) -> None:
    ada = await register(client)

    response = await client.get(
        "/api/v1/notifications", params={"cursor": "not-a-cursor"}, headers=ada.headers
    )

    assert_error(response, 400, "invalid_cursor")


# --- Plans on a big table ----------------------------------------------------------------------

# 10,000 notifications of one student (a thousand unread), among 40,000 of others.
SEED = """
INSERT INTO notifications (user_id, type, actor_id, request_id, read_at, created_at, updated_at)
SELECT CASE WHEN n <= 10000 THEN $1::uuid ELSE $2::uuid END,
       'friend_request', $2::uuid, $3::uuid,
       CASE WHEN n % 10 = 0 THEN NULL ELSE now() END,
       now() - n * interval '1 minute', now() - n * interval '1 minute'
FROM generate_series(1, 50000) AS n
"""


async def test_the_list_and_the_count_walk_indexes_with_ten_thousand_notifications(
    client: httpx.AsyncClient, app: FastAPI, database_url: str
) -> None:
    ada, alan = await register(client), await register(client)
    request = await send_friend_request(client, alan, ada)
    url = database_url.replace("postgresql+asyncpg://", "postgresql://")
    # EXPLAIN as the app's own connections plan: with its planner settings.
    db = await asyncpg.connect(url, server_settings=PLANNER_SETTINGS)
    try:
        await db.execute(SEED, ada.id, alan.id, uuid.UUID(request["id"]))
        # As autovacuum leaves a table: statistics, and the visibility map an index-only
        # scan needs (ANALYZE alone would leave the count's plan to chance).
        await db.execute("VACUUM (ANALYZE) notifications")
        plans = {}
        for name, path, params in (
            ("list", "/api/v1/notifications", {}),
            ("unread", "/api/v1/notifications", {"unread_only": "true"}),
            ("count", "/api/v1/notifications/unread-count", {}),
        ):
            with statements_of(app, with_parameters=True) as sent:
                response = await client.get(path, params=params, headers=ada.headers)
                assert response.status_code == 200
            statement, parameters = sent[-1]
            explained = await db.fetchval(f"EXPLAIN (FORMAT JSON) {statement}", *parameters)
            plans[name] = scans(json.loads(explained)[0]["Plan"])
    finally:
        await db.close()

    assert await unread_count(client, ada) == 1001
    walked = {name: {index for _, index in used} for name, used in plans.items()}
    for used in plans.values():
        assert ("Seq Scan", "notifications") not in used, plans
    # Those counting up by the unique index, the rest in order by the list's own.
    counting = "uq_notifications_unread_new_message"
    assert {counting, "ix_notifications_user_id_listed_at"} <= walked["list"], plans
    assert {counting, "ix_notifications_unread_user_id_listed_at"} <= walked["unread"], plans
    assert plans["count"] == [
        ("Index Only Scan", counting),
        ("Index Only Scan", "ix_notifications_unread_user_id_listed_at"),
    ]


# Answered requests, thousands of them, beside one pending: only the pending-pair index
# finds the pending one without reading them all.
ANSWERED_REQUESTS = """
INSERT INTO friend_requests (from_user_id, to_user_id, status, responded_at)
SELECT $1::uuid, $2::uuid, 'declined', now() FROM generate_series(1, 5000)
"""


def _literal(value: Any) -> str:
    """A statement's value written as SQL (EXECUTE takes no bound values)."""
    if isinstance(value, list):
        return "'{" + ",".join(str(item) for item in value) + "}'"
    return "'" + str(value).replace("'", "''") + "'"


async def test_the_push_read_is_planned_once_for_every_batch(
    client: httpx.AsyncClient, app: FastAPI, database_url: str
) -> None:
    # The read after every batch of messages is prepared once per connection. A plan made
    # for any ids (a generic plan) must be as good as one made for each batch's, or the
    # planner makes a new one at every execution; it is, when it can use the partial
    # indexes of pending requests, which a bound 'pending' would keep it from.
    ada, alan = await register(client), await register(client)
    await befriend(client, alan, ada)
    chat = (await open_direct(client, alan, ada))["id"]
    url = database_url.replace("postgresql+asyncpg://", "postgresql://")
    generic = PLANNER_SETTINGS | {"plan_cache_mode": "force_generic_plan"}
    db = await asyncpg.connect(url, server_settings=generic)
    try:
        await db.execute(ANSWERED_REQUESTS, alan.id, ada.id)
        await db.execute("ANALYZE friend_requests")
        with statements_of(app, with_parameters=True) as sent:
            await send_message(client, alan, chat)  # Ada's notification of it is pushed
            await app.state.resources.message_writer.flushed()
        ((statement, parameters),) = [s for s in sent if "mutual_friends" in s[0]]
        await db.execute(f"PREPARE push_read AS {statement}")
        values = ", ".join(_literal(value) for value in parameters)
        explained = await db.fetchval(f"EXPLAIN (FORMAT JSON) EXECUTE push_read({values})")
    finally:
        await db.close()

    used = scans(json.loads(explained)[0]["Plan"])
    assert [scan for scan in used if scan[0] == "Seq Scan"] == [], used
