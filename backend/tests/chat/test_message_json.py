"""A message's JSON, written on the send path by orjson, is the text Pydantic writes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import orjson
from hypothesis import given
from hypothesis import strategies as st

from quad.chat.repository import MessageRow
from quad.chat.schemas import MessageOut
from quad.realtime import events

moments = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]),
)


@given(
    seq=st.integers(min_value=1, max_value=2**53),
    body=st.text(max_size=50),
    client_id=st.none() | st.uuids(),
    created_at=moments,
    edited_at=st.none() | moments,
    deleted=st.booleans(),
)
def test_the_fast_json_of_a_message_is_pydantics(
    seq: int,
    body: str,
    client_id: uuid.UUID | None,
    created_at: datetime,
    edited_at: datetime | None,
    deleted: bool,
) -> None:
    row = MessageRow(
        id=uuid.uuid4(),
        conversation_id=uuid.uuid4(),
        seq=seq,
        sender_id=uuid.uuid4(),
        body=body,
        client_id=client_id,
        created_at=created_at,
        edited_at=edited_at,
        deleted_at=created_at if deleted else None,
    )
    message = MessageOut.of(row)

    assert orjson.dumps(message.json_fragment()) == message.model_dump_json().encode()


def test_a_frame_carries_the_message_as_written() -> None:
    row = MessageRow(
        uuid.uuid4(), uuid.uuid4(), 7, uuid.uuid4(), "hi", None, datetime.now(UTC), None, None
    )
    message = MessageOut.of(row)

    frame = orjson.loads(events.frame("message.new", message=message))

    assert frame == {"type": "message.new", "message": orjson.loads(message.model_dump_json())}
