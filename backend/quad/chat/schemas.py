"""The chat feature's bodies and views, as the contract names them."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from quad.chat.models import Message
from quad.chat.repository import ConversationView, MessageRow
from quad.core.text import MultiLine, SingleLine
from quad.core.types import UtcDateTime, iso_utc
from quad.realtime.events import EncodedOnce
from quad.users.schemas import USER_PUBLIC_EXAMPLE, UserPresenter, UserPublic

BODY_MAX_CHARS = 4000
GROUP_NAME_MAX_CHARS = 100
GROUP_MAX_MEMBERS = 256
HISTORY_DEFAULT_LIMIT = 50
HISTORY_MAX_LIMIT = 100

Body = Annotated[
    str,
    MultiLine(max_length=BODY_MAX_CHARS, allow_blank=False),
    Field(
        description="1 to 4000 characters with at least one visible one; line breaks kept, "
        "outer blank lines and trailing spaces trimmed.",
        examples=["See you at the library at 6?"],
    ),
]
GroupName = Annotated[
    str, SingleLine(max_length=GROUP_NAME_MAX_CHARS), Field(examples=["Algebra study group"])
]

_CONVERSATION_ID = "6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
_MESSAGE_ID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
_ALAN_ID = "8d2c7b6a-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
MESSAGE_EXAMPLE: JsonDict = {
    "id": _MESSAGE_ID,
    "conversation_id": _CONVERSATION_ID,
    "seq": 42,
    "sender_id": _ALAN_ID,
    "body": "See you at the library at 6?",
    "client_id": "0f9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c",
    "created_at": "2026-11-25T18:02:11.123456Z",
    "edited_at": None,
    "deleted": False,
}
_ADA_MEMBER: JsonDict = {
    "user": {**USER_PUBLIC_EXAMPLE, "friendship_status": "self", "mutual_friends": 0},
    "role": "admin",
    "joined_at": "2026-11-20T10:00:00.000000Z",
    "last_read_seq": 39,
}
_ALAN_MEMBER: JsonDict = {
    "user": {
        **USER_PUBLIC_EXAMPLE,
        "id": _ALAN_ID,
        "first_name": "Alan",
        "last_name": "Turing",
        "interests": ["chess", "running"],
        "avatar_url": None,
        "friendship_status": "friends",
    },
    "role": "member",
    "joined_at": "2026-11-20T10:00:00.000000Z",
    "last_read_seq": 42,
}
CONVERSATION_EXAMPLE: JsonDict = {
    "id": _CONVERSATION_ID,
    "type": "group",
    "name": "Algebra study group",
    "members": [_ADA_MEMBER, _ALAN_MEMBER],
    "last_message": MESSAGE_EXAMPLE,
    "unread_count": 3,
    "last_read_seq": 39,
    "muted": False,
    "created_at": "2026-11-20T10:00:00.000000Z",
    "updated_at": "2026-11-25T18:02:11.123456Z",
}


# --- Bodies ---------------------------------------------------------------------------------


class DirectChatIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {"user_id": _ALAN_ID}})

    user_id: uuid.UUID = Field(description="The friend to chat with.")


class GroupCreate(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"name": "Algebra study group", "member_ids": [_ALAN_ID]}}
    )

    name: GroupName
    member_ids: list[uuid.UUID] = Field(
        min_length=1,
        max_length=GROUP_MAX_MEMBERS - 1,
        description="Friends to add besides you (you are the group's admin); duplicates "
        "and your own id are ignored.",
    )


class GroupUpdate(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {"name": "Algebra, week 9"}})

    name: GroupName


class MembersAdd(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {"user_ids": [_ALAN_ID]}})

    user_ids: list[uuid.UUID] = Field(
        min_length=1,
        max_length=GROUP_MAX_MEMBERS - 1,
        description="Friends of yours to add; students already in the group are skipped.",
    )


class MessageCreate(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "body": "See you at the library at 6?",
                "client_id": "0f9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c",
            }
        }
    )

    body: Body
    client_id: uuid.UUID | None = Field(
        default=None,
        description="A UUID the client makes for this message and sends again with every "
        "retry: the same `client_id` from the same sender gives back the original message "
        "(200) instead of a second one.",
    )


class MessageUpdate(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {"body": "See you at 7 instead?"}})

    body: Body


class ReadPosition(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {"seq": 42}})

    seq: int = Field(
        ge=0,
        le=2**53,
        description="You have read every message up to this one. A position behind the "
        "current one changes nothing; one past the newest message counts as the newest.",
    )


# --- Views ----------------------------------------------------------------------------------


class MessageOut(EncodedOnce):
    model_config = ConfigDict(frozen=True, json_schema_extra={"example": MESSAGE_EXAMPLE})

    id: uuid.UUID
    conversation_id: uuid.UUID
    seq: int = Field(
        ge=1, description="1, 2, 3 ... per conversation: no gaps, in the order of commits."
    )
    sender_id: uuid.UUID
    body: str = Field(description='The text; "" once deleted.')
    client_id: uuid.UUID | None = Field(description="The sender's `client_id`, if it sent one.")
    created_at: UtcDateTime
    edited_at: UtcDateTime | None = Field(description="When it was last edited; null if never.")
    deleted: bool

    def _encode(self) -> bytes:
        # Written by orjson, field by field, as Pydantic writes it (a test holds the two to
        # one text): every message sent is written once, and Pydantic took four times as long.
        return orjson.dumps(
            {
                "id": str(self.id),
                "conversation_id": str(self.conversation_id),
                "seq": self.seq,
                "sender_id": str(self.sender_id),
                "body": self.body,
                "client_id": None if self.client_id is None else str(self.client_id),
                "created_at": iso_utc(self.created_at),
                "edited_at": None if self.edited_at is None else iso_utc(self.edited_at),
                "deleted": self.deleted,
            }
        )

    @classmethod
    def of(cls, message: Message | MessageRow) -> MessageOut:
        deleted = message.deleted_at is not None
        return cls(
            id=message.id,
            conversation_id=message.conversation_id,
            seq=message.seq,
            sender_id=message.sender_id,
            body="" if deleted else message.body,
            client_id=message.client_id,
            created_at=message.created_at,
            edited_at=message.edited_at,
            deleted=deleted,
        )


class MessagePage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"items": [MESSAGE_EXAMPLE], "has_more": True}}
    )

    items: list[MessageOut] = Field(description="Ascending by `seq`.")
    has_more: bool = Field(
        description="More messages lie beyond this page in the direction asked: older ones "
        "for the latest page and for `before_seq`, newer ones for `after_seq`."
    )


class MemberOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": _ALAN_MEMBER})

    user: UserPublic
    role: Literal["admin", "member"]
    joined_at: UtcDateTime
    last_read_seq: int = Field(
        ge=0,
        description="This member has read every message up to this seq: your messages up to "
        "it show as read (the `read` event moves it live).",
    )


class ConversationOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": CONVERSATION_EXAMPLE})

    id: uuid.UUID
    type: Literal["direct", "group"]
    name: str | None = Field(description="The group's name; null for a direct chat.")
    members: list[MemberOut] = Field(description="You included; admins first, then by joining.")
    last_message: MessageOut | None
    unread_count: int = Field(ge=0, description="Messages after `last_read_seq`.")
    last_read_seq: int = Field(ge=0, description="You have read every message up to this seq.")
    muted: bool = Field(
        description="You muted it: its messages still count as unread, but make no "
        "`new_message` notifications for you."
    )
    created_at: UtcDateTime
    updated_at: UtcDateTime = Field(
        description="Last activity: a message, a rename or a change of members. Lists are "
        "ordered by it, most recent first."
    )


def present_conversation(presenter: UserPresenter, view: ConversationView) -> ConversationOut:
    conversation = view.conversation
    return ConversationOut(
        id=conversation.id,
        type=conversation.type.value,
        name=conversation.name,
        members=[
            MemberOut(
                user=presenter.related(member.related),
                role=member.role.value,
                joined_at=member.joined_at,
                last_read_seq=member.last_read_seq,
            )
            for member in view.members
        ],
        last_message=MessageOut.of(view.last_message) if view.last_message else None,
        unread_count=max(conversation.last_seq - view.last_read_seq, 0),
        last_read_seq=view.last_read_seq,
        muted=view.muted,
        created_at=conversation.created_at,
        updated_at=conversation.updated_at,
    )
