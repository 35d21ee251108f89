"""The notifications feature's views, as the contract names them.

A notification is one of three kinds, told apart by ``type``; each kind's ``data`` names
what it is about, so a client switches on ``type`` and finds exactly the fields it needs.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, RootModel
from pydantic.config import JsonDict

from quad.core.types import UtcDateTime, iso_utc
from quad.notifications.models import NotificationType
from quad.notifications.repository import NotificationView
from quad.users.schemas import USER_PUBLIC_EXAMPLE, UserPresenter, UserPublic

_NOAH: JsonDict = {
    **USER_PUBLIC_EXAMPLE,
    "id": "7e6d5c4b-3a29-4f18-8e7d-6c5b4a392817",
    "first_name": "Noah",
    "last_name": "Okafor",
    "friendship_status": "friends",
}
_NOTIFICATION_EXAMPLE: JsonDict = {
    "id": "2b3c4d5e-6f70-4a81-9b2c-3d4e5f607182",
    "type": "new_message",
    "actor": _NOAH,
    "data": {
        "conversation_id": "6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
        "message_id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        "count": 3,
    },
    "read": False,
    "created_at": "2026-12-03T09:30:00.000000Z",
    "updated_at": "2026-12-03T09:41:12.345678Z",
}
_REQUEST_DATA_EXAMPLE: JsonDict = {"request_id": "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"}


class RequestData(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": _REQUEST_DATA_EXAMPLE})

    request_id: uuid.UUID = Field(description="The friend request.")


class MessageData(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": _NOTIFICATION_EXAMPLE["data"]})

    conversation_id: uuid.UUID = Field(description="The conversation the messages are in.")
    message_id: uuid.UUID = Field(description="The newest message counted.")
    count: int = Field(
        ge=1, description="New messages since this notification appeared; rises until read."
    )


class _NotificationBase(BaseModel):
    id: uuid.UUID
    actor: UserPublic = Field(
        description="Who did it: the sender of the request, the student who accepted it, or "
        "the sender of the newest message; as you see them."
    )
    read: bool
    created_at: UtcDateTime
    updated_at: UtcDateTime = Field(
        description="Last change (a new message counted); lists are newest first by it."
    )


class FriendRequestNotification(_NotificationBase):
    """Someone asked to be your friend."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                **_NOTIFICATION_EXAMPLE,
                "type": "friend_request",
                "actor": {**_NOAH, "friendship_status": "request_received"},
                "data": _REQUEST_DATA_EXAMPLE,
                "updated_at": _NOTIFICATION_EXAMPLE["created_at"],
            }
        }
    )

    type: Literal["friend_request"]
    data: RequestData


class FriendRequestAcceptedNotification(_NotificationBase):
    """Someone accepted your friend request."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                **_NOTIFICATION_EXAMPLE,
                "type": "friend_request_accepted",
                "data": _REQUEST_DATA_EXAMPLE,
                "updated_at": _NOTIFICATION_EXAMPLE["created_at"],
            }
        }
    )

    type: Literal["friend_request_accepted"]
    data: RequestData


class NewMessageNotification(_NotificationBase):
    """New messages in a conversation: at most one unread per conversation, its count rising."""

    model_config = ConfigDict(json_schema_extra={"example": _NOTIFICATION_EXAMPLE})

    type: Literal["new_message"]
    data: MessageData


class NotificationOut(
    RootModel[
        Annotated[
            FriendRequestNotification | FriendRequestAcceptedNotification | NewMessageNotification,
            Field(discriminator="type"),
        ]
    ]
):
    """One notification: `type` says which kind, and so what `data` holds."""

    model_config = ConfigDict(json_schema_extra={"example": _NOTIFICATION_EXAMPLE})


class UnreadCount(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {"count": 4}})

    count: int = Field(ge=0, description="Your unread notifications.")


def notification_json(
    presenter: UserPresenter, view: NotificationView, actors: dict[uuid.UUID, dict[str, Any]]
) -> orjson.Fragment:
    """``present_notification``'s JSON, written by orjson (a test holds the two to one text):
    the pushes after messages write one per recipient, and through Pydantic that was most of
    their cost. ``actors``: each actor's own fields, made once for all who see them."""
    notification = view.notification
    actor = view.actor.user
    profile = actors.get(actor.id)
    if profile is None:
        profile = actors[actor.id] = presenter.profile_fields(actor)
    data: dict[str, Any]
    if notification.type is NotificationType.NEW_MESSAGE:
        data = {
            "conversation_id": str(notification.conversation_id),
            "message_id": str(notification.message_id),
            "count": notification.count,
        }
    else:
        data = {"request_id": str(notification.request_id)}
    return orjson.Fragment(
        orjson.dumps(
            {
                "id": str(notification.id),
                "actor": presenter.related_fields(view.actor, profile),
                "read": notification.read_at is not None,
                "created_at": iso_utc(notification.created_at),
                "updated_at": iso_utc(notification.updated_at),
                "type": notification.type.value,
                "data": data,
            }
        )
    )


def present_notification(presenter: UserPresenter, view: NotificationView) -> NotificationOut:
    notification = view.notification
    common = {
        "id": notification.id,
        "actor": presenter.related(view.actor),
        "read": notification.read_at is not None,
        "created_at": notification.created_at,
        "updated_at": notification.updated_at,
    }
    kind = notification.type
    if kind is NotificationType.NEW_MESSAGE:
        assert notification.conversation_id is not None
        assert notification.message_id is not None
        data = MessageData(
            conversation_id=notification.conversation_id,
            message_id=notification.message_id,
            count=notification.count,
        )
        return NotificationOut(NewMessageNotification(type="new_message", data=data, **common))
    assert notification.request_id is not None
    request = RequestData(request_id=notification.request_id)
    if kind is NotificationType.FRIEND_REQUEST:
        return NotificationOut(
            FriendRequestNotification(type="friend_request", data=request, **common)
        )
    return NotificationOut(
        FriendRequestAcceptedNotification(type="friend_request_accepted", data=request, **common)
    )
