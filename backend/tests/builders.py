"""Test data builders: students made through the API, as a real client would."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from quad.universities.seed import university_id

OXFORD_ID = university_id(
    "University of Oxford", "United Kingdom"
)  # domains ox.ac.uk, oxford.ac.uk
MIT_ID = university_id("Massachusetts Institute of Technology", "United States")  # mit.edu
DEFAULT_PASSWORD = "correct horse battery"

_numbers = itertools.count(1)


@dataclass
class Student:
    id: uuid.UUID
    email: str
    password: str
    access_token: str
    refresh_token: str
    profile: dict[str, Any] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def registration(**overrides: Any) -> dict[str, Any]:
    """A valid registration body; every field can be overridden."""
    number = next(_numbers)
    body: dict[str, Any] = {
        "first_name": "Ada",
        "last_name": f"Lovelace{number}",
        "email": f"ada{number}.{uuid.uuid4().hex[:6]}@ox.ac.uk",
        "password": DEFAULT_PASSWORD,
        "university_id": str(OXFORD_ID),
        "course": "Mathematics",
    }
    body.update(overrides)
    return body


async def register(client: httpx.AsyncClient, **overrides: Any) -> Student:
    body = registration(**overrides)
    response = await client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 201, response.text
    answer = response.json()
    return Student(
        id=uuid.UUID(answer["user"]["id"]),
        email=answer["user"]["email"],
        password=body["password"],
        access_token=answer["tokens"]["access_token"],
        refresh_token=answer["tokens"]["refresh_token"],
        profile=answer["user"],
    )


async def login(client: httpx.AsyncClient, email: str, password: str) -> dict[str, Any]:
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The contract's envelope with that status and code; returns the error object."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert error["code"] == code, error
    assert isinstance(error["message"], str)
    assert error["message"]
    return error


# --- Friends ---------------------------------------------------------------------------


async def send_friend_request(
    client: httpx.AsyncClient, sender: Student, recipient: Student
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/friend-requests", json={"user_id": str(recipient.id)}, headers=sender.headers
    )
    assert response.status_code in (200, 201), response.text
    request: dict[str, Any] = response.json()
    return request


async def befriend(client: httpx.AsyncClient, a: Student, b: Student) -> None:
    """Makes ``a`` and ``b`` friends the way students do: a asks, b accepts."""
    request = await send_friend_request(client, a, b)
    response = await client.post(
        f"/api/v1/friend-requests/{request['id']}/accept", headers=b.headers
    )
    assert response.status_code == 200, response.text


async def block(client: httpx.AsyncClient, blocker: Student, blocked: Student) -> None:
    response = await client.post(
        "/api/v1/blocks", json={"user_id": str(blocked.id)}, headers=blocker.headers
    )
    assert response.status_code == 201, response.text


# --- Chat ------------------------------------------------------------------------------


async def open_direct(client: httpx.AsyncClient, a: Student, b: Student) -> dict[str, Any]:
    """The direct chat of ``a`` and ``b`` (friends), as ``a`` sees it."""
    response = await client.post(
        "/api/v1/conversations/direct", json={"user_id": str(b.id)}, headers=a.headers
    )
    assert response.status_code in (200, 201), response.text
    conversation: dict[str, Any] = response.json()
    return conversation


async def create_group(
    client: httpx.AsyncClient, admin: Student, members: list[Student], name: str = "Study group"
) -> dict[str, Any]:
    """A group of ``admin`` and ``members`` (each befriended first)."""
    for member in members:
        await befriend(client, admin, member)
    response = await client.post(
        "/api/v1/conversations/groups",
        json={"name": name, "member_ids": [str(member.id) for member in members]},
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    conversation: dict[str, Any] = response.json()
    return conversation


async def send_message(
    client: httpx.AsyncClient,
    sender: Student,
    conversation_id: str,
    body: str = "Hello!",
    client_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {"body": body}
    if client_id is not None:
        payload["client_id"] = str(client_id)
    response = await client.post(
        f"/api/v1/conversations/{conversation_id}/messages", json=payload, headers=sender.headers
    )
    assert response.status_code in (200, 201), response.text
    message: dict[str, Any] = response.json()
    return message


# --- Notifications ---------------------------------------------------------------------


async def notifications_of(
    client: httpx.AsyncClient, student: Student, **params: Any
) -> list[dict[str, Any]]:
    """The first page of the student's notifications, newest first."""
    response = await client.get("/api/v1/notifications", params=params, headers=student.headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def unread_count(client: httpx.AsyncClient, student: Student) -> int:
    response = await client.get("/api/v1/notifications/unread-count", headers=student.headers)
    assert response.status_code == 200, response.text
    count: int = response.json()["count"]
    return count


async def mark_conversation_read(
    client: httpx.AsyncClient, student: Student, conversation_id: str, seq: int
) -> None:
    response = await client.post(
        f"/api/v1/conversations/{conversation_id}/read", json={"seq": seq}, headers=student.headers
    )
    assert response.status_code == 204, response.text
