from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from quad.core.types import UtcDateTime
from quad.friends.repository import BlockRow, FriendRequestRow
from quad.users.schemas import UserPresenter, UserPublic

_ADA: JsonDict = {
    "id": "3f1e8c1a-6a0b-4d9f-9a51-2f0f6f1f8f11",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "university": {
        "id": "0b9c5d4e-1f2a-5b3c-8d4e-5f6a7b8c9d0e",
        "name": "University of Oxford",
        "country": "United Kingdom",
    },
    "course": "Mathematics",
    "bio": "",
    "interests": ["poetry"],
    "avatar_url": None,
    "verified_student": True,
    "friendship_status": "self",
    "mutual_friends": 0,
}
_ALAN: JsonDict = {
    **_ADA,
    "id": "8d2c7b6a-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
    "first_name": "Alan",
    "last_name": "Turing",
    "interests": ["chess", "running"],
    "friendship_status": "request_sent",
    "mutual_friends": 2,
}


class UserRef(BaseModel):
    """A student named by id."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"user_id": "8d2c7b6a-5e4f-4a3b-9c2d-1e0f9a8b7c6d"}}
    )

    user_id: uuid.UUID


class FriendRequestOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
                "from_user": _ADA,
                "to_user": _ALAN,
                "status": "pending",
                "created_at": "2026-11-25T09:30:00.000000Z",
                "responded_at": None,
            }
        }
    )

    id: uuid.UUID
    from_user: UserPublic
    to_user: UserPublic
    status: Literal["pending", "accepted", "declined", "cancelled"]
    created_at: UtcDateTime
    responded_at: UtcDateTime | None = Field(
        description="When it was accepted, declined or cancelled; null while pending."
    )


class FriendRequestCounts(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {"incoming": 2, "outgoing": 1}})

    incoming: int = Field(ge=0, description="Pending requests waiting for your answer.")
    outgoing: int = Field(ge=0, description="Your pending requests waiting for theirs.")


class BlockOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "user": {**_ALAN, "friendship_status": "none", "mutual_friends": 0},
                "created_at": "2026-11-25T09:30:00.000000Z",
            }
        }
    )

    user: UserPublic
    created_at: UtcDateTime = Field(description="When you blocked them.")


def present_request(presenter: UserPresenter, row: FriendRequestRow) -> FriendRequestOut:
    request = row.request
    return FriendRequestOut(
        id=request.id,
        from_user=presenter.related(row.from_user),
        to_user=presenter.related(row.to_user),
        status=request.status.value,
        created_at=request.created_at,
        responded_at=request.responded_at,
    )


def present_block(presenter: UserPresenter, row: BlockRow) -> BlockOut:
    return BlockOut(user=presenter.related(row.related), created_at=row.created_at)
