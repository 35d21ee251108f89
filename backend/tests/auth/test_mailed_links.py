"""E-mail verification and password reset, through the links a student receives."""

from __future__ import annotations

import httpx

from tests.builders import DEFAULT_PASSWORD, assert_error, login, register
from tests.fixtures.smtp import Mailbox, link_from, token_from_link


async def _link_token(mailbox: Mailbox, email: str, path: str) -> str:
    """The token of the next mail to ``email`` whose link has ``path`` (skipping others)."""
    mail = await mailbox.wait_for(email)
    while path not in mail.get_body(("plain",)).get_content():
        mail = await mailbox.wait_for(email)
    link = link_from(mail, path)
    assert link.startswith("http://localhost:3000" + path)  # FRONTEND_URL of the test app
    return token_from_link(link)


async def _verification_token(mailbox: Mailbox, email: str) -> str:
    return await _link_token(mailbox, email, "/verify-email?token=")


async def _reset_token(client: httpx.AsyncClient, mailbox: Mailbox, email: str) -> str:
    response = await client.post("/api/v1/auth/password-reset", json={"email": email})
    assert response.status_code == 202
    return await _link_token(mailbox, email, "/reset-password?token=")


# --- Verification -------------------------------------------------------------------------


async def test_the_mailed_link_verifies_the_email(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    student = await register(client)
    token = await _verification_token(mailbox, student.email)

    response = await client.post("/api/v1/auth/verify-email", json={"token": token})

    assert response.status_code == 204
    me = (await client.get("/api/v1/users/me", headers=student.headers)).json()
    assert me["email_verified"] is True
    assert me["verified_student"] is True  # ox.ac.uk is one of Oxford's domains


async def test_a_verification_link_works_once(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    student = await register(client)
    token = await _verification_token(mailbox, student.email)
    await client.post("/api/v1/auth/verify-email", json={"token": token})

    again = await client.post("/api/v1/auth/verify-email", json={"token": token})

    assert_error(again, 400, "token_used")


async def test_an_unknown_verification_token_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/verify-email", json={"token": "made-up"})

    assert_error(response, 400, "invalid_token")


async def test_an_expired_verification_link_is_400(
    client: httpx.AsyncClient, mailbox: Mailbox, db
) -> None:  # type: ignore[no-untyped-def]
    student = await register(client)
    token = await _verification_token(mailbox, student.email)
    await db.execute("UPDATE account_tokens SET expires_at = now() - interval '1 second'")

    response = await client.post("/api/v1/auth/verify-email", json={"token": token})

    assert_error(response, 400, "token_expired")


async def test_resend_mails_a_new_link_that_works(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    student = await register(client)
    await _verification_token(mailbox, student.email)  # the first mail

    response = await client.post("/api/v1/auth/verify-email/resend", headers=student.headers)

    assert response.status_code == 202
    token = await _verification_token(mailbox, student.email)
    verified = await client.post("/api/v1/auth/verify-email", json={"token": token})
    assert verified.status_code == 204


async def test_resend_after_verification_is_409(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    student = await register(client)
    token = await _verification_token(mailbox, student.email)
    await client.post("/api/v1/auth/verify-email", json={"token": token})

    response = await client.post("/api/v1/auth/verify-email/resend", headers=student.headers)

    assert_error(response, 409, "email_already_verified")


async def test_resend_needs_a_login(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/verify-email/resend")

    assert_error(response, 401, "not_authenticated")


# --- Password reset -----------------------------------------------------------------------


async def test_reset_request_is_202_for_an_unknown_email_and_sends_nothing(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    response = await client.post("/api/v1/auth/password-reset", json={"email": "nobody@ox.ac.uk"})

    assert response.status_code == 202
    await client.app.state.resources.tasks.drain()  # type: ignore[attr-defined]
    assert mailbox.messages_to("nobody@ox.ac.uk") == []


async def test_reset_request_with_a_malformed_email_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/password-reset", json={"email": "nope"})

    assert_error(response, 422, "validation_error")


async def test_the_reset_link_sets_a_new_password(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    student = await register(client)
    token = await _reset_token(client, mailbox, student.email)

    response = await client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "new_password": "a brand new secret"},
    )

    assert response.status_code == 204
    await login(client, student.email, "a brand new secret")
    old = await client.post(
        "/api/v1/auth/login", json={"email": student.email, "password": DEFAULT_PASSWORD}
    )
    assert_error(old, 401, "invalid_credentials")


async def test_a_reset_revokes_every_session_and_access_token(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    student = await register(client)
    other_device = await login(client, student.email, DEFAULT_PASSWORD)
    token = await _reset_token(client, mailbox, student.email)

    await client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "new_password": "a brand new secret"},
    )

    for access_token in (student.access_token, other_device["access_token"]):
        me = await client.get(
            "/api/v1/users/me", headers={"Authorization": f"Bearer {access_token}"}
        )
        assert_error(me, 401, "invalid_token")
    for refresh_token in (student.refresh_token, other_device["refresh_token"]):
        refreshed = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})
        assert_error(refreshed, 401, "invalid_refresh_token")


async def test_a_reset_link_works_once(client: httpx.AsyncClient, mailbox: Mailbox) -> None:
    student = await register(client)
    token = await _reset_token(client, mailbox, student.email)
    body = {"token": token, "new_password": "a brand new secret"}
    await client.post("/api/v1/auth/password-reset/confirm", json=body)

    again = await client.post("/api/v1/auth/password-reset/confirm", json=body)

    assert_error(again, 400, "token_used")


async def test_using_one_reset_link_kills_the_others(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    student = await register(client)
    first = await _reset_token(client, mailbox, student.email)
    second = await _reset_token(client, mailbox, student.email)
    await client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": second, "new_password": "a brand new secret"},
    )

    response = await client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": first, "new_password": "another new secret"},
    )

    assert_error(response, 400, "token_used")


async def test_a_reset_link_expires_after_30_minutes(
    client: httpx.AsyncClient, mailbox: Mailbox, db
) -> None:  # type: ignore[no-untyped-def]
    student = await register(client)
    token = await _reset_token(client, mailbox, student.email)
    lifetime = await db.fetchval(
        "SELECT expires_at - created_at FROM account_tokens WHERE purpose = 'password_reset'"
    )
    assert 29 * 60 < lifetime.total_seconds() <= 30 * 60 + 1
    await db.execute(
        "UPDATE account_tokens SET expires_at = now() - interval '1 second' "
        "WHERE purpose = 'password_reset'"
    )

    response = await client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "new_password": "a brand new secret"},
    )

    assert_error(response, 400, "token_expired")


async def test_a_verification_token_cannot_reset_a_password(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    student = await register(client)
    token = await _verification_token(mailbox, student.email)

    response = await client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "new_password": "a brand new secret"},
    )

    assert_error(response, 400, "invalid_token")


async def test_a_reset_with_a_weak_password_is_422_and_keeps_the_link(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    student = await register(client)
    token = await _reset_token(client, mailbox, student.email)

    weak = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": "short"}
    )
    strong = await client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "new_password": "long enough now"},
    )

    assert_error(weak, 422, "validation_error")
    assert strong.status_code == 204


async def test_only_digests_of_tokens_are_stored(
    client: httpx.AsyncClient, mailbox: Mailbox, db
) -> None:  # type: ignore[no-untyped-def]
    student = await register(client)
    token = await _verification_token(mailbox, student.email)

    stored = await db.fetch("SELECT token_hash FROM account_tokens")
    refresh = await db.fetch("SELECT token_hash FROM refresh_tokens")

    assert all(token.encode() not in bytes(row["token_hash"]) for row in stored)
    assert all(len(bytes(row["token_hash"])) == 32 for row in [*stored, *refresh])
    assert student.refresh_token.encode() not in b"".join(bytes(r["token_hash"]) for r in refresh)
