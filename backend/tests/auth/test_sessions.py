"""Login, OAuth2 /token, refresh with rotation and reuse detection, logout."""

from __future__ import annotations

import asyncio

import httpx

from tests.builders import DEFAULT_PASSWORD, assert_error, login, register


async def test_login_returns_tokens(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await client.post(
        "/api/v1/auth/login", json={"email": student.email.upper(), "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 200
    tokens = response.json()
    assert set(tokens) == {"access_token", "refresh_token", "token_type", "expires_in"}
    me = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.json()["email"] == student.email


async def test_login_with_a_wrong_password_is_401(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await client.post(
        "/api/v1/auth/login", json={"email": student.email, "password": "wrong password"}
    )

    assert_error(response, 401, "invalid_credentials")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_login_with_an_unknown_email_gives_the_same_answer(
    client: httpx.AsyncClient,
) -> None:
    student = await register(client)
    wrong_password = await client.post(
        "/api/v1/auth/login", json={"email": student.email, "password": "wrong password"}
    )
    unknown_email = await client.post(
        "/api/v1/auth/login", json={"email": "nobody@ox.ac.uk", "password": "wrong password"}
    )

    assert unknown_email.status_code == wrong_password.status_code == 401
    assert unknown_email.json() == wrong_password.json()


async def test_login_with_a_password_over_72_bytes_is_simply_wrong(
    client: httpx.AsyncClient,
) -> None:
    student = await register(client)

    response = await client.post(
        "/api/v1/auth/login", json={"email": student.email, "password": DEFAULT_PASSWORD * 10}
    )

    assert_error(response, 401, "invalid_credentials")


async def test_swagger_token_form_logs_in(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await client.post(
        "/api/v1/auth/token",
        data={"username": student.email, "password": DEFAULT_PASSWORD, "grant_type": "password"},
    )

    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"


async def test_swagger_token_form_with_a_wrong_password_is_401(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await client.post(
        "/api/v1/auth/token", data={"username": student.email, "password": "nope nope"}
    )

    assert_error(response, 401, "invalid_credentials")


async def test_refresh_rotates_the_refresh_token(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": student.refresh_token}
    )

    assert response.status_code == 200
    tokens = response.json()
    assert tokens["refresh_token"] != student.refresh_token
    me = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.status_code == 200


async def test_refresh_reads_the_cookie_when_the_body_has_no_token(
    client: httpx.AsyncClient,
) -> None:
    await register(client)  # sets the cookie in the client's jar

    first = await client.post("/api/v1/auth/refresh")
    second = await client.post("/api/v1/auth/refresh")  # the cookie was rotated too

    assert first.status_code == 200
    assert second.status_code == 200
    assert first.json()["refresh_token"] != second.json()["refresh_token"]


async def test_a_used_refresh_token_presented_again_revokes_the_whole_session(
    client: httpx.AsyncClient,
) -> None:
    student = await register(client)
    rotated = (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": student.refresh_token})
    ).json()

    replay = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": student.refresh_token}
    )

    assert_error(replay, 401, "refresh_token_reused")
    # The newest token of that family is dead too, and so are the session's access tokens.
    newest = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": rotated["refresh_token"]}
    )
    assert_error(newest, 401, "invalid_refresh_token")
    for token in (student.access_token, rotated["access_token"]):
        me = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        assert_error(me, 401, "invalid_token")


async def test_reuse_revokes_only_that_session(client: httpx.AsyncClient) -> None:
    student = await register(client)
    other_device = await login(client, student.email, DEFAULT_PASSWORD)
    await client.post("/api/v1/auth/refresh", json={"refresh_token": student.refresh_token})
    await client.post("/api/v1/auth/refresh", json={"refresh_token": student.refresh_token})

    me = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {other_device['access_token']}"}
    )

    assert me.status_code == 200


async def test_concurrent_refreshes_of_one_token_let_one_through(
    client: httpx.AsyncClient,
) -> None:
    student = await register(client)

    responses = await asyncio.gather(
        *(
            client.post("/api/v1/auth/refresh", json={"refresh_token": student.refresh_token})
            for _ in range(4)
        )
    )

    assert sorted(r.status_code for r in responses) == [200, 401, 401, 401]


async def test_refresh_with_an_unknown_or_missing_token_is_401(client: httpx.AsyncClient) -> None:
    unknown = await client.post("/api/v1/auth/refresh", json={"refresh_token": "made-up"})
    missing = await client.post("/api/v1/auth/refresh", json={})

    assert_error(unknown, 401, "invalid_refresh_token")
    assert_error(missing, 401, "invalid_refresh_token")


async def test_an_expired_refresh_token_is_401(make_client) -> None:  # type: ignore[no-untyped-def]
    client = await make_client(refresh_token_ttl_seconds=60)
    student = await register(client)
    # Age the token in the database rather than waiting for it.
    app = client.app
    async with app.state.resources.database.engine.begin() as connection:
        from sqlalchemy import text

        await connection.execute(
            text("UPDATE refresh_tokens SET expires_at = now() - interval '1 second'")
        )

    response = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": student.refresh_token}
    )

    assert_error(response, 401, "invalid_refresh_token")


async def test_logout_ends_the_session_and_its_access_tokens(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await client.post(
        "/api/v1/auth/logout", json={"refresh_token": student.refresh_token}
    )

    assert response.status_code == 204
    assert (
        'quad_refresh=""' in response.headers["set-cookie"]
        or "Max-Age=0" in response.headers["set-cookie"]
    )
    refresh = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": student.refresh_token}
    )
    assert_error(refresh, 401, "invalid_refresh_token")
    me = await client.get("/api/v1/users/me", headers=student.headers)
    assert_error(me, 401, "invalid_token")


async def test_logout_with_the_cookie(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await client.post("/api/v1/auth/logout")

    assert response.status_code == 204
    me = await client.get("/api/v1/users/me", headers=student.headers)
    assert_error(me, 401, "invalid_token")


async def test_logout_with_an_unknown_token_is_still_204(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/logout", json={"refresh_token": "made-up"})

    assert response.status_code == 204


async def test_protected_routes_need_a_bearer_token(client: httpx.AsyncClient) -> None:
    missing = await client.get("/api/v1/users/me")
    garbage = await client.get("/api/v1/users/me", headers={"Authorization": "Bearer nonsense"})

    assert_error(missing, 401, "not_authenticated")
    assert missing.headers["www-authenticate"] == "Bearer"
    assert_error(garbage, 401, "invalid_token")


async def test_a_token_signed_with_another_key_is_refused(client: httpx.AsyncClient) -> None:
    import jwt

    student = await register(client)
    claims = jwt.decode(student.access_token, options={"verify_signature": False})
    forged = jwt.encode(claims, "another-key-" + "y" * 40, algorithm="HS256")

    response = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {forged}"})

    assert_error(response, 401, "invalid_token")


async def test_an_expired_access_token_is_refused(client: httpx.AsyncClient) -> None:
    import jwt

    from tests.conftest import TEST_JWT_SECRET

    student = await register(client)
    claims = jwt.decode(student.access_token, options={"verify_signature": False})
    claims["exp"] = claims["iat"] - 1
    expired = jwt.encode(claims, TEST_JWT_SECRET, algorithm="HS256")

    response = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {expired}"})

    assert_error(response, 401, "invalid_token")
