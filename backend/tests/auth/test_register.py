"""POST /auth/register."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.builders import MIT_ID, assert_error, register, registration


async def test_register_returns_the_new_user_and_tokens(client: httpx.AsyncClient) -> None:
    body = registration(email="Ada.Lovelace@OX.ac.uk", interests=["Poetry", "poetry", "engines"])
    response = await client.post("/api/v1/auth/register", json=body)

    assert response.status_code == 201
    answer = response.json()
    user, tokens = answer["user"], answer["tokens"]
    assert user["email"] == "ada.lovelace@ox.ac.uk"
    assert user["first_name"] == "Ada"
    assert user["university"]["name"] == "University of Oxford"
    assert user["university"]["country"] == "United Kingdom"
    assert user["interests"] == ["Poetry", "engines"]  # duplicates dropped, regardless of case
    assert user["email_verified"] is False
    assert user["verified_student"] is False  # not until the e-mail is verified
    assert user["friendship_status"] == "self"
    assert user["avatar_url"] is None
    assert user["created_at"].endswith("Z")  # ISO 8601 in UTC, as the contract says
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 900
    assert tokens["access_token"]
    assert tokens["refresh_token"]


async def test_register_sets_the_refresh_cookie_for_the_web_app(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/register", json=registration())

    cookie = response.headers["set-cookie"]
    assert cookie.startswith("quad_refresh=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    assert "Path=/api/v1/auth" in cookie
    assert "Secure" not in cookie  # localhost; production URLs get Secure


async def test_register_mails_a_verification_link(client: httpx.AsyncClient, mailbox) -> None:  # type: ignore[no-untyped-def]
    student = await register(client)

    mail = await mailbox.wait_for(student.email)
    assert "verify-email?token=" in mail.get_body(("plain",)).get_content()
    assert mail["To"] == student.email


async def test_the_access_token_works_right_away(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await client.get("/api/v1/users/me", headers=student.headers)

    assert response.status_code == 200
    assert response.json()["id"] == str(student.id)


async def test_register_with_a_taken_email_is_409(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await client.post(
        "/api/v1/auth/register", json=registration(email=student.email.upper())
    )

    assert_error(response, 409, "email_taken")


async def test_concurrent_registrations_of_one_email_make_one_account(
    client: httpx.AsyncClient,
) -> None:
    body = registration()
    responses = await asyncio.gather(
        *(client.post("/api/v1/auth/register", json=body) for _ in range(5))
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201, 409, 409, 409, 409]


async def test_register_with_an_unknown_university_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register",
        json=registration(university_id="00000000-0000-0000-0000-000000000000"),
    )

    error = assert_error(response, 422, "validation_error")
    assert error["details"] == [
        {"field": "university_id", "message": "There is no such university."}
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-email"),
        ("password", "short"),
        ("password", "é" * 37),  # 74 bytes: over bcrypt's 72, refused rather than truncated
        ("first_name", ""),
        ("first_name", "   "),
        ("last_name", "x" * 51),
        ("course", ""),
        ("bio", "x" * 501),
        ("interests", ["x" * 41]),
        ("interests", [f"tag{i}" for i in range(21)]),
        ("university_id", "not-a-uuid"),
    ],
)
async def test_register_names_each_bad_field(
    client: httpx.AsyncClient, field: str, value: object
) -> None:
    response = await client.post("/api/v1/auth/register", json=registration(**{field: value}))

    error = assert_error(response, 422, "validation_error")
    assert [detail["field"].split(".")[0] for detail in error["details"]] == [field]


async def test_register_lists_every_missing_field(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/register", json={})

    error = assert_error(response, 422, "validation_error")
    fields = {detail["field"] for detail in error["details"]}
    assert fields == {"first_name", "last_name", "email", "password", "university_id", "course"}


async def test_a_72_byte_password_is_accepted(client: httpx.AsyncClient) -> None:
    password = "é" * 36  # exactly 72 bytes
    student = await register(client, password=password)

    response = await client.post(
        "/api/v1/auth/login", json={"email": student.email, "password": password}
    )
    assert response.status_code == 200


async def test_verified_student_needs_a_university_domain(
    client: httpx.AsyncClient,
    mailbox,  # type: ignore[no-untyped-def]
) -> None:
    from tests.fixtures.smtp import link_from, token_from_link

    at_mit = await register(client, email="grace@cs.mit.edu", university_id=str(MIT_ID))
    elsewhere = await register(client, email="grace@gmail.com", university_id=str(MIT_ID))
    for student in (at_mit, elsewhere):
        mail = await mailbox.wait_for(student.email)
        token = token_from_link(link_from(mail, "/verify-email?token="))
        assert (
            await client.post("/api/v1/auth/verify-email", json={"token": token})
        ).status_code == 204

    me_at_mit = (await client.get("/api/v1/users/me", headers=at_mit.headers)).json()
    me_elsewhere = (await client.get("/api/v1/users/me", headers=elsewhere.headers)).json()
    assert me_at_mit["verified_student"] is True  # subdomain of mit.edu
    assert me_elsewhere["verified_student"] is False


async def test_an_unpaired_surrogate_in_a_name_is_422_not_500(client: httpx.AsyncClient) -> None:
    body = registration()
    raw = httpx.Request("POST", "/", json=body).content.decode()
    raw = raw.replace('"first_name":"Ada"', '"first_name":"Ada\\ud800"')
    response = await client.post(
        "/api/v1/auth/register", content=raw, headers={"content-type": "application/json"}
    )

    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["field"] == "first_name"
