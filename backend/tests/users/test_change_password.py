"""POST /users/me/password: a new password, and every other session ends."""

from __future__ import annotations

import asyncpg
import httpx
import pytest

from tests.builders import DEFAULT_PASSWORD, Student, assert_error, login, register
from tests.fixtures.smtp import Mailbox, link_from, token_from_link

PASSWORD = "/api/v1/users/me/password"
NEW_PASSWORD = "a brand new secret"


async def change_password(
    client: httpx.AsyncClient,
    student: Student,
    current: str = DEFAULT_PASSWORD,
    new: str = NEW_PASSWORD,
) -> httpx.Response:
    return await client.post(
        PASSWORD,
        json={"current_password": current, "new_password": new},
        headers=student.headers,
    )


async def attempt_login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post("/api/v1/auth/login", json={"email": email, "password": password})


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


async def test_changing_the_password_is_204(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await change_password(client, student)

    assert response.status_code == 204
    assert response.content == b""


async def test_the_new_password_logs_in_and_the_old_one_does_not(
    client: httpx.AsyncClient,
) -> None:
    student = await register(client)

    await change_password(client, student)

    await login(client, student.email, NEW_PASSWORD)
    old = await attempt_login(client, student.email, DEFAULT_PASSWORD)
    assert_error(old, 401, "invalid_credentials")


async def test_other_sessions_are_revoked(client: httpx.AsyncClient) -> None:
    student = await register(client)
    other_device = await login(client, student.email, DEFAULT_PASSWORD)
    third_device = await login(client, student.email, DEFAULT_PASSWORD)

    await change_password(client, student)

    for device in (other_device, third_device):
        me = await client.get("/api/v1/users/me", headers=bearer(device["access_token"]))
        assert_error(me, 401, "invalid_token")
        refreshed = await client.post(
            "/api/v1/auth/refresh", json={"refresh_token": device["refresh_token"]}
        )
        assert_error(refreshed, 401, "invalid_refresh_token")


async def test_the_calling_session_stays_logged_in(client: httpx.AsyncClient) -> None:
    student = await register(client)
    await login(client, student.email, DEFAULT_PASSWORD)

    await change_password(client, student)

    me = await client.get("/api/v1/users/me", headers=student.headers)
    assert me.status_code == 200
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": student.refresh_token}
    )
    assert refreshed.status_code == 200


async def test_only_sessions_of_that_student_are_revoked(client: httpx.AsyncClient) -> None:
    student, someone_else = await register(client), await register(client)

    await change_password(client, student)

    me = await client.get("/api/v1/users/me", headers=someone_else.headers)
    assert me.status_code == 200


async def test_the_new_hash_replaces_the_old_one(
    client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    student = await register(client)
    before = await db.fetchval("SELECT password_hash FROM users WHERE id = $1", student.id)

    await change_password(client, student)

    after = await db.fetchval("SELECT password_hash FROM users WHERE id = $1", student.id)
    assert after != before
    assert after.startswith("$2b$")  # bcrypt, never the password itself
    assert NEW_PASSWORD not in after


async def test_a_pending_reset_link_dies(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    student = await register(client)
    await mailbox.wait_for(student.email)  # the verification mail
    await client.post("/api/v1/auth/password-reset", json={"email": student.email})
    reset_token = token_from_link(
        link_from(await mailbox.wait_for(student.email), "/reset-password?token=")
    )

    await change_password(client, student)

    response = await client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": reset_token, "new_password": "someone else's choice"},
    )
    assert_error(response, 400, "token_used")


async def test_a_wrong_current_password_is_403(client: httpx.AsyncClient) -> None:
    student = await register(client)
    other_device = await login(client, student.email, DEFAULT_PASSWORD)

    response = await change_password(client, student, current="not my password")

    assert_error(response, 403, "wrong_password")
    # Nothing changed: the old password still works and no session was ended.
    await login(client, student.email, DEFAULT_PASSWORD)
    me = await client.get("/api/v1/users/me", headers=bearer(other_device["access_token"]))
    assert me.status_code == 200


async def test_a_current_password_over_72_bytes_is_simply_wrong(
    client: httpx.AsyncClient,
) -> None:
    # bcrypt reads 72 bytes: a longer guess starting with the real password must not pass.
    student = await register(client)

    response = await change_password(client, student, current=DEFAULT_PASSWORD + "x" * 72)

    assert_error(response, 403, "wrong_password")


@pytest.mark.parametrize(
    "new",
    ["short", "seven77", "é" * 37, "x" * 73, "nul\x00byte in it"],
    ids=["5 chars", "7 chars", "74 bytes in 37 chars", "73 bytes", "NUL"],
)
async def test_a_new_password_outside_the_rules_is_422(client: httpx.AsyncClient, new: str) -> None:
    student = await register(client)

    response = await change_password(client, student, new=new)

    error = assert_error(response, 422, "validation_error")
    assert [detail["field"] for detail in error["details"]] == ["new_password"]
    await login(client, student.email, DEFAULT_PASSWORD)


@pytest.mark.parametrize("new", ["8 chars!", "x" * 72, "é" * 36], ids=["8", "72", "72 bytes"])
async def test_a_new_password_of_8_characters_to_72_bytes_is_accepted(
    client: httpx.AsyncClient, new: str
) -> None:
    student = await register(client)

    response = await change_password(client, student, new=new)

    assert response.status_code == 204
    await login(client, student.email, new)


async def test_a_missing_field_is_422(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await client.post(
        PASSWORD, json={"new_password": NEW_PASSWORD}, headers=student.headers
    )

    error = assert_error(response, 422, "validation_error")
    assert [detail["field"] for detail in error["details"]] == ["current_password"]


async def test_an_unpaired_surrogate_as_current_password_is_wrong_not_a_server_error(
    client: httpx.AsyncClient,
) -> None:
    student = await register(client)

    response = await client.post(
        PASSWORD,
        content='{"current_password": "\\ud800", "new_password": "a brand new secret"}',
        headers={**student.headers, "Content-Type": "application/json"},
    )

    assert response.status_code in {403, 422}, response.text
    assert response.json()["error"]["code"] in {"wrong_password", "validation_error"}


async def test_changing_the_password_needs_a_token(client: httpx.AsyncClient) -> None:
    response = await client.post(
        PASSWORD, json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}
    )

    assert_error(response, 401, "not_authenticated")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_a_revoked_session_cannot_change_the_password(client: httpx.AsyncClient) -> None:
    student = await register(client)
    other_device = await login(client, student.email, DEFAULT_PASSWORD)
    await change_password(client, student)

    response = await client.post(
        PASSWORD,
        json={"current_password": NEW_PASSWORD, "new_password": "taken over by a thief"},
        headers=bearer(other_device["access_token"]),
    )

    assert_error(response, 401, "invalid_token")
    await login(client, student.email, NEW_PASSWORD)
