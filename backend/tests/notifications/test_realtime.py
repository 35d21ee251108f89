"""`notification.new` reaches the recipient's sockets as it happens, with either backplane."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from tests.builders import (
    Student,
    befriend,
    open_direct,
    register,
    send_friend_request,
    send_message,
)
from tests.conftest import AppFactory
from tests.fixtures.live import Live, serving


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


@dataclass
class PacedChat:
    """Ada and Alan's chat on a live server whose notifications wait 2 s to be pushed again:
    long enough that messages sent one after another surely fall within it."""

    live: Live
    ada: Student
    alan: Student
    chat: str


@pytest.fixture
async def paced(make_client: AppFactory) -> AsyncIterator[PacedChat]:
    client = await make_client(notification_push_interval_seconds=2)
    async with serving(client.app) as url:  # type: ignore[attr-defined]
        ada, alan = await register(client), await register(client)
        await befriend(client, ada, alan)
        chat = (await open_direct(client, ada, alan))["id"]
        yield PacedChat(Live(client, url), ada, alan, chat)


async def test_a_chats_notification_is_pushed_as_it_starts_then_as_it_stands(
    paced: PacedChat,
) -> None:
    client, ada, chat = paced.live.client, paced.ada, paced.chat
    alan_socket, ada_socket = await paced.live.socket(paced.alan), await paced.live.socket(ada)

    await ada_socket.send(
        type="message.send", conversation_id=chat, body="one", client_id=str(uuid.uuid4())
    )
    first = (await alan_socket.expect("notification.new"))["notification"]
    await send_message(client, ada, chat, "two")
    await send_message(client, ada, chat, "three")
    frames = await alan_socket.frames_within(4)

    pushed = [f["notification"] for f in frames if f["type"] == "notification.new"]
    assert first["data"]["count"] == 1
    assert [(n["id"], n["data"]["count"]) for n in pushed] == [(first["id"], 3)]
    assert pushed[0]["type"] == "new_message"
    assert pushed[0]["data"]["conversation_id"] == chat
    # Each message itself went out at once, as ever.
    assert [f["message"]["body"] for f in frames if f["type"] == "message.new"] == [
        "two",
        "three",
    ]
    # The sender's sockets get the message, never a notification of it.
    frames = await ada_socket.frames_within(0.5)
    assert "notification.new" not in {frame["type"] for frame in frames}


async def test_a_notification_read_meanwhile_is_not_pushed(paced: PacedChat) -> None:
    client, ada, alan, chat = paced.live.client, paced.ada, paced.alan, paced.chat
    alan_socket = await paced.live.socket(alan)

    await send_message(client, ada, chat, "one")
    await alan_socket.expect("notification.new")
    last = await send_message(client, ada, chat, "two")
    read = await client.post(
        f"/api/v1/conversations/{chat}/read", json={"seq": last["seq"]}, headers=alan.headers
    )
    assert read.status_code == 204
    frames = await alan_socket.frames_within(3)

    assert "notification.new" not in {frame["type"] for frame in frames}
