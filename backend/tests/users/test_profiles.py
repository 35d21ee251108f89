"""GET /users/{id}: another student's profile as you see it."""

from __future__ import annotations

import uuid

import httpx

from tests.builders import assert_error, befriend, register, send_friend_request
from tests.users.test_me import USER_PUBLIC_FIELDS


async def test_a_profile_is_the_public_view_with_how_you_stand(client: httpx.AsyncClient) -> None:
    ada = await register(client, bio="Engines.", interests=["poetry"])
    alan, grace = await register(client), await register(client)
    await befriend(client, ada, grace)
    await befriend(client, alan, grace)
    await send_friend_request(client, alan, ada)

    response = await client.get(f"/api/v1/users/{ada.id}", headers=alan.headers)

    assert response.status_code == 200, response.text
    profile = response.json()
    assert set(profile) == USER_PUBLIC_FIELDS
    assert profile["bio"] == "Engines."
    assert profile["friendship_status"] == "request_sent"
    assert profile["mutual_friends"] == 1
    assert "email" not in profile


async def test_your_own_profile_says_self(client: httpx.AsyncClient) -> None:
    ada = await register(client)

    response = await client.get(f"/api/v1/users/{ada.id}", headers=ada.headers)

    assert response.json()["friendship_status"] == "self"


async def test_an_unknown_student_is_404(client: httpx.AsyncClient) -> None:
    ada = await register(client)

    response = await client.get(f"/api/v1/users/{uuid.uuid4()}", headers=ada.headers)

    assert_error(response, 404, "user_not_found")


async def test_me_is_still_your_own_profile(client: httpx.AsyncClient) -> None:
    ada = await register(client)

    response = await client.get("/api/v1/users/me", headers=ada.headers)

    assert response.json()["email"] == ada.email
