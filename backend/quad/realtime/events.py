"""Frames the server pushes, encoded once per event.

Every event a client receives is a JSON object with a ``type`` (the contract's "Real time"
section). An event is encoded here once, whatever the number of recipients: the same string
goes to every socket of every recipient, on this process or through the backplane to others.
"""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, PrivateAttr

Frame = str


class EncodedOnce(BaseModel):
    """A view that goes out in more than one frame (a sent message: in its sender's ack and
    in every member's ``message.new``) keeps its JSON, written the first time. Such a view
    is frozen, so what was written stays what it is."""

    model_config = ConfigDict(frozen=True)

    _json: orjson.Fragment | None = PrivateAttr(default=None)

    def json_fragment(self) -> orjson.Fragment:
        if self._json is None:
            self._json = orjson.Fragment(self._encode())
        return self._json

    def _encode(self) -> str | bytes:
        """The view's JSON; a view on a hot path may write it faster than Pydantic does."""
        return self.model_dump_json()


def _json(model: BaseModel) -> orjson.Fragment:
    # Pydantic's own serializer writes the model; orjson embeds its JSON as it is.
    if isinstance(model, EncodedOnce):
        return model.json_fragment()
    return orjson.Fragment(model.model_dump_json())


def frame(event_type: str, **fields: Any) -> Frame:
    """One event as the text of a WebSocket frame. Pydantic models among the fields are
    written as their JSON views (UUIDs as strings, times with ``Z``)."""
    body: dict[str, Any] = {"type": event_type}
    for name, value in fields.items():
        body[name] = _json(value) if isinstance(value, BaseModel) else value
    # ``str``: UUIDs that asyncpg made (a subclass orjson does not take as a UUID).
    return orjson.dumps(body, default=str).decode()


def presence(user_id: uuid.UUID, *, online: bool) -> Frame:
    return frame("presence", user_id=user_id, online=online)


def typing(conversation_id: uuid.UUID, user_id: uuid.UUID) -> Frame:
    return frame("typing", conversation_id=conversation_id, user_id=user_id)


def read(conversation_id: uuid.UUID, user_id: uuid.UUID, seq: int) -> Frame:
    return frame("read", conversation_id=conversation_id, user_id=user_id, seq=seq)


def conversation_removed(conversation_id: uuid.UUID) -> Frame:
    return frame("conversation.removed", conversation_id=conversation_id)


def message_deleted(conversation_id: uuid.UUID, message_id: uuid.UUID) -> Frame:
    return frame("message.deleted", conversation_id=conversation_id, message_id=message_id)
