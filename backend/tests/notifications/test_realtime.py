"""`notification.new` reaches the recipient's sockets as it happens, with either backplane."""

from __future__ import annotations

import uuid

from tests.builders import (
    befriend,
    open_direct,
    register,
    send_friend_request,
    send_message,
)
from tests.fixtures.live import Live


async def test_a_friend_request_arrives_live(live: Live) -> None:
    ada, alan = await register(live.client), await register(live.client, first_name="Alan")
    phone, laptop = await live.socket(alan), await live.socket(alan)

    request = await send_friend_request(live.client, ada, alan)

    for socket in (phone, laptop):
        event = await socket.expect("notification.new")
        notification = event["notification"]
        assert notification["type"] == "friend_request"
        assert notification["data"] == {"request_id": request["id"]}
        assert notification["actor"]["id"] == str(ada.id)
        assert notification["actor"]["friendship_status"] == "request_received"


async def test_an_acceptance_arrives_live_for_the_sender(live: Live) -> None:
    ada, alan = await register(live.client), await register(live.client)
    ada_socket = await live.socket(ada)

    await befriend(live.client, ada, alan)

    event = await ada_socket.expect("notification.new")
    assert event["notification"]["type"] == "friend_request_accepted"
    assert event["notification"]["actor"]["id"] == str(alan.id)
    assert event["notification"]["actor"]["friendship_status"] == "friends"


async def test_each_message_pushes_the_rising_count(live: Live) -> None:
    ada, alan = await register(live.client), await register(live.client)
    await befriend(live.client, ada, alan)
    chat = (await open_direct(live.client, ada, alan))["id"]
    alan_socket, ada_socket = await live.socket(alan), await live.socket(ada)

    await ada_socket.send(
        type="message.send", conversation_id=chat, body="one", client_id=str(uuid.uuid4())
    )
    first = (await alan_socket.expect("notification.new"))["notification"]
    await send_message(live.client, ada, chat, "two")
    second = (await alan_socket.expect("notification.new"))["notification"]

    assert first["id"] == second["id"]
    assert (first["data"]["count"], second["data"]["count"]) == (1, 2)
    assert second["type"] == "new_message"
    assert second["data"]["conversation_id"] == chat
    # The sender's sockets get the message, never a notification of it.
    frames = await ada_socket.frames_within(0.5)
    assert "notification.new" not in {frame["type"] for frame in frames}
