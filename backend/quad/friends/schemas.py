from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from quad.core.types import UtcDateTime
from quad.friends.repository import BlockRow, FriendRequestRow
from quad.users.schemas import USER_PUBLIC_EXAMPLE, UserPresenter, UserPublic

_REQUEST_ID = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"
# The two students of a pending request, as its sender sees them.
_ADA: JsonDict = {**USER_PUBLIC_EXAMPLE, "friendship_status": "self", "mutual_friends": 0}
_ALAN: JsonDict = {
    **USER_PUBLIC_EXAMPLE,
    "id": "8d2c7b6a-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
    "first_name": "Alan",
    "last_name": "Turing",
    "interests": ["chess", "running"],
    "avatar_url": None,
    "friendship_status": "request_sent",
    "mutual_friends": 2,
    "friend_request_id": _REQUEST_ID,
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
                "id": _REQUEST_ID,
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
                "user": {
                    **_ALAN,
                    "friendship_status": "none",
                    "mutual_friends": 0,
                    "friend_request_id": None,
                },
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
