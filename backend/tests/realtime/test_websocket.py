"""`/api/v1/ws` as the contract's "Real time" section says, with either backplane."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from quad.realtime import websocket as endpoint
from tests.builders import (
    Student,
    befriend,
    create_group,
    open_direct,
    register,
    send_message,
)
from tests.fixtures.live import Live, Socket, serving
from tests.sql import statements_of


async def _pair(live: Live) -> tuple[Student, Student, str]:
    ada = await register(live.client)
    alan = await register(live.client, first_name="Alan")
    await befriend(live.client, ada, alan)
    return ada, alan, (await open_direct(live.client, ada, alan))["id"]


# --- Connecting ------------------------------------------------------------------------------


async def test_the_first_frame_authenticates(live: Live) -> None:
    ada = await register(live.client)
    socket = await Socket.open(live.url, authenticate=False)

    await socket.send(type="auth", token=ada.access_token)

    assert await socket.receive() == {"type": "ready", "user_id": str(ada.id)}


async def test_a_bearer_header_authenticates(live: Live) -> None:
    ada = await register(live.client)

    socket = await Socket.open(live.url, headers=ada.headers)

    assert await socket.receive() == {"type": "ready", "user_id": str(ada.id)}


@pytest.mark.parametrize("token", ["not-a-token", ""])
async def test_a_bad_token_closes_with_4001(live: Live, token: str) -> None:
    by_frame = await Socket.open(live.url, authenticate=False)
    await by_frame.send(type="auth", token=token)
    by_header = await Socket.open(live.url, headers={"Authorization": f"Bearer {token}x"})

    assert await by_frame.closed_with() == 4001
    assert await by_header.closed_with() == 4001


async def test_anything_but_auth_first_closes_with_4001(live: Live) -> None:
    socket = await Socket.open(live.url, authenticate=False)

    await socket.send(type="ping")

    assert await socket.closed_with() == 4001


async def test_silence_instead_of_auth_closes_with_4001(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(endpoint, "AUTH_TIMEOUT_SECONDS", 0.2)
    socket = await Socket.open(live.url, authenticate=False)

    assert await socket.closed_with() == 4001


async def test_a_foreign_origin_is_refused_at_the_handshake(live: Live) -> None:
    ada = await register(live.client)

    with pytest.raises(InvalidStatus) as refused:
        await Socket.open(live.url, ada.access_token, origin="https://evil.example")
    # Mobile apps send no Origin at all.
    mobile = await Socket.open(live.url, ada.access_token, origin=None)

    assert refused.value.response.status_code == 403
    await mobile.send(type="ping")
    assert await mobile.receive() == {"type": "pong"}


async def test_a_frame_over_16_kib_closes_with_1009(live: Live) -> None:
    ada = await register(live.client)
    socket = await live.socket(ada)

    await socket.send(type="ping", padding="x" * (16 * 1024))

    assert await socket.closed_with() == 1009


async def test_a_bad_frame_is_answered_and_the_socket_stays_open(live: Live) -> None:
    ada = await register(live.client)
    socket = await live.socket(ada)

    await socket.connection.send("{not json")
    not_json = await socket.receive()
    await socket.send(type="dance")
    unknown = await socket.receive()
    await socket.connection.send("[1, 2]")
    not_an_object = await socket.receive()
    await socket.send(type="ping")

    for error in (not_json, unknown, not_an_object):
        assert error["type"] == "error"
        assert error["code"] == "bad_frame"
    assert await socket.receive() == {"type": "pong"}


# --- Messages ------------------------------------------------------------------------------------


async def test_a_message_sent_over_the_socket_is_acked_and_delivered(live: Live) -> None:
    ada, alan, chat = await _pair(live)
    ada_phone, ada_laptop, alan_socket = (
        await live.socket(ada),
        await live.socket(ada),
        await live.socket(alan),
    )
    client_id = str(uuid.uuid4())

    await ada_phone.send(type="message.send", conversation_id=chat, body="hi!", client_id=client_id)

    # The sending connection gets both, in either order: it de-duplicates by message id.
    sender_frames = [
        frame
        for frame in await ada_phone.frames_within(1)
        if frame["type"] in {"message.ack", "message.new"}
    ]
    [ack] = [frame for frame in sender_frames if frame["type"] == "message.ack"]
    assert len(sender_frames) == 2
    assert ack["client_id"] == client_id
    assert (ack["message"]["body"], ack["message"]["seq"]) == ("hi!", 1)
    for socket in (alan_socket, ada_laptop):
        delivered = await socket.expect("message.new")
        assert delivered["message"] == ack["message"]


async def test_a_resent_client_id_is_acked_with_the_original(live: Live) -> None:
    ada, _, chat = await _pair(live)
    socket = await live.socket(ada)
    frame = {"type": "message.send", "conversation_id": chat, "body": "once"}
    client_id = str(uuid.uuid4())

    await socket.send(**frame, client_id=client_id)
    first = await socket.expect("message.ack")
    await socket.send(**frame, client_id=client_id)
    second = await socket.expect("message.ack")

    assert second["message"] == first["message"]
    page = await live.client.get(f"/api/v1/conversations/{chat}/messages", headers=ada.headers)
    assert len(page.json()["items"]) == 1


async def test_a_refused_send_is_an_error_naming_its_client_id(live: Live) -> None:
    ada, _, _ = await _pair(live)
    socket = await live.socket(ada)
    client_id = str(uuid.uuid4())

    await socket.send(
        type="message.send", conversation_id=str(uuid.uuid4()), body="hi", client_id=client_id
    )
    missing = await socket.expect("error")
    await socket.send(type="message.send", conversation_id="nope", body="", client_id=client_id)
    invalid = await socket.expect("error")

    assert (missing["code"], missing["client_id"]) == ("conversation_not_found", client_id)
    assert (invalid["code"], invalid["client_id"]) == ("validation_error", client_id)
    assert {d["field"] for d in invalid["details"]} == {"conversation_id", "body"}


async def test_sends_need_not_wait_for_acks_and_keep_their_order(live: Live) -> None:
    ada, _, chat = await _pair(live)
    socket = await live.socket(ada)
    client_ids = [str(uuid.uuid4()) for _ in range(6)]
    stranger_chat = str(uuid.uuid4())

    for number, client_id in enumerate(client_ids):
        conversation = stranger_chat if number == 2 else chat
        await socket.send(
            type="message.send",
            conversation_id=conversation,
            body=f"#{number}",
            client_id=client_id,
        )
    answers = {}
    while len(answers) < len(client_ids):
        frame = await socket.receive()
        if frame["type"] in {"message.ack", "error"}:
            answers[frame["client_id"]] = frame

    assert answers[client_ids[2]]["code"] == "conversation_not_found"
    acked = [answers[c]["message"] for c in client_ids if c != client_ids[2]]
    assert [(m["body"], m["seq"]) for m in acked] == [
        ("#0", 1),
        ("#1", 2),
        ("#3", 3),
        ("#4", 4),
        ("#5", 5),
    ]


async def test_a_flood_of_sends_waits_for_answers_and_loses_none(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(endpoint, "SENDS_IN_FLIGHT", 2)
    ada, _, chat = await _pair(live)
    socket = await live.socket(ada)

    for number in range(20):
        await socket.send(
            type="message.send",
            conversation_id=chat,
            body=f"#{number}",
            client_id=str(uuid.uuid4()),
        )
    acks = [await socket.expect("message.ack") for _ in range(20)]

    assert sorted(ack["message"]["seq"] for ack in acks) == list(range(1, 21))
    assert all(ack["message"]["body"] == f"#{ack['message']['seq'] - 1}" for ack in acks)


async def test_rest_sends_edits_and_deletes_reach_the_socket(live: Live) -> None:
    ada, alan, chat = await _pair(live)
    socket = await live.socket(alan)

    message = await send_message(live.client, ada, chat, "typo")
    new = await socket.expect("message.new")
    await live.client.patch(
        f"/api/v1/messages/{message['id']}", json={"body": "fixed"}, headers=ada.headers
    )
    updated = await socket.expect("message.updated")
    await live.client.delete(f"/api/v1/messages/{message['id']}", headers=ada.headers)
    deleted = await socket.expect("message.deleted")

    assert new["message"] == message
    assert updated["message"]["body"] == "fixed"
    assert deleted == {
        "type": "message.deleted",
        "conversation_id": chat,
        "message_id": message["id"],
    }


async def test_typing_reaches_the_others_at_most_every_3_seconds(live: Live) -> None:
    ada, alan, chat = await _pair(live)
    ada_socket, alan_socket = await live.socket(ada), await live.socket(alan)

    await ada_socket.send(type="typing", conversation_id=chat)
    await ada_socket.send(type="typing", conversation_id=chat)  # within 3 s: dropped

    typing = await alan_socket.expect("typing")
    assert typing == {"type": "typing", "conversation_id": chat, "user_id": str(ada.id)}
    assert [f for f in await alan_socket.frames_within(0.5) if f["type"] == "typing"] == []
    assert [f for f in await ada_socket.frames_within(0.2) if f["type"] == "typing"] == []


async def test_reading_sends_a_receipt_to_every_member(live: Live) -> None:
    ada, alan, chat = await _pair(live)
    await send_message(live.client, ada, chat)
    await send_message(live.client, ada, chat)
    ada_socket, alan_socket = await live.socket(ada), await live.socket(alan)

    await alan_socket.send(type="read", conversation_id=chat, seq=2)
    receipt = await ada_socket.expect("read")
    await alan_socket.send(type="read", conversation_id=chat, seq=1)  # backwards: nothing

    assert receipt == {"type": "read", "conversation_id": chat, "user_id": str(alan.id), "seq": 2}
    assert [f for f in await ada_socket.frames_within(0.5) if f["type"] == "read"] == []
    await alan_socket.expect("read", seq=2)  # the reader's other tabs learn it too


# --- Conversations -------------------------------------------------------------------------------


async def test_members_see_groups_change_as_it_happens(live: Live) -> None:
    ada, alan, grace = (
        await register(live.client),
        await register(live.client),
        await register(live.client),
    )
    await befriend(live.client, ada, grace)
    alan_socket, grace_socket = await live.socket(alan), await live.socket(grace)

    group = await create_group(live.client, ada, [alan], name="Algebra")
    added = await alan_socket.expect("conversation.updated")
    await live.client.patch(
        f"/api/v1/conversations/{group['id']}", json={"name": "Algebra II"}, headers=ada.headers
    )
    renamed = await alan_socket.expect("conversation.updated")
    await live.client.post(
        f"/api/v1/conversations/{group['id']}/members",
        json={"user_ids": [str(grace.id)]},
        headers=ada.headers,
    )
    grace_added = await grace_socket.expect("conversation.updated")
    await live.client.delete(
        f"/api/v1/conversations/{group['id']}/members/{alan.id}", headers=ada.headers
    )
    removed = await alan_socket.expect("conversation.removed")

    assert added["conversation"]["name"] == "Algebra"
    me = next(m for m in added["conversation"]["members"] if m["user"]["id"] == str(alan.id))
    assert me["user"]["friendship_status"] == "self"  # each member's own view
    assert renamed["conversation"]["name"] == "Algebra II"
    assert len(grace_added["conversation"]["members"]) == 3
    assert removed == {"type": "conversation.removed", "conversation_id": group["id"]}
    await send_message(live.client, ada, group["id"], "after alan left")
    assert [f for f in await alan_socket.frames_within(0.5) if f["type"] == "message.new"] == []


# --- Presence ------------------------------------------------------------------------------------


async def test_friends_see_each_other_come_and_go(live: Live) -> None:
    ada, alan, _ = await _pair(live)
    stranger = await register(live.client)
    ada_socket = await live.socket(ada)
    stranger_socket = await live.socket(stranger)

    alan_tab = await live.socket(alan)
    came = await ada_socket.expect("presence")
    alan_second_tab = await live.socket(alan)
    snapshot = await alan_second_tab.expect("presence")
    await alan_tab.close()
    no_change = await ada_socket.frames_within(0.5)
    await alan_second_tab.close()
    went = await ada_socket.expect("presence")

    assert came == {"type": "presence", "user_id": str(alan.id), "online": True}
    assert snapshot == {"type": "presence", "user_id": str(ada.id), "online": True}
    assert [f for f in no_change if f["type"] == "presence"] == []  # still online elsewhere
    assert went == {"type": "presence", "user_id": str(alan.id), "online": False}
    assert [f for f in await stranger_socket.frames_within(0.3) if f["type"] == "presence"] == []


async def test_a_socket_is_set_up_in_two_reads_and_no_transaction(live: Live) -> None:
    """Its token's session, then its student's friends (read once for both directions of
    presence): what every student arriving costs the database, with no BEGIN and ROLLBACK
    round trips around the two."""
    ada, alan, _ = await _pair(live)
    alan_socket = await live.socket(alan)
    await alan_socket.send(type="ping")
    await alan_socket.expect("pong")  # frames are answered once the set-up is done

    with statements_of(live.app, with_transactions=True) as sent:
        ada_socket = await live.socket(ada)
        await ada_socket.expect("presence")

    assert len(sent) == 2
    assert not [s for s in sent if s.lstrip().upper().startswith(("BEGIN", "ROLLBACK"))]


# --- Sessions ------------------------------------------------------------------------------------


async def test_changing_the_password_closes_the_other_sessions_sockets(live: Live) -> None:
    ada = await register(live.client)
    other_session = await live.client.post(
        "/api/v1/auth/login", json={"email": ada.email, "password": ada.password}
    )
    other = await Socket.open(live.url, other_session.json()["access_token"])
    this = await live.socket(ada)

    response = await live.client.post(
        "/api/v1/users/me/password",
        json={"current_password": ada.password, "new_password": "a brand new passphrase"},
        headers=ada.headers,
    )

    assert response.status_code == 204
    assert await other.closed_with() == 4001
    await this.send(type="ping")
    assert await this.expect("pong")


async def test_logging_out_closes_that_sessions_sockets(live: Live) -> None:
    ada = await register(live.client)
    socket = await live.socket(ada)

    await live.client.post("/api/v1/auth/logout", json={"refresh_token": ada.refresh_token})

    assert await socket.closed_with() == 4001


async def test_the_ws_address_tells_a_plain_get_to_upgrade(live: Live) -> None:
    response = await live.client.get("/api/v1/ws")

    assert response.status_code == 426
    assert response.json()["error"]["code"] == "upgrade_required"


async def test_the_socket_answers_behind_a_proxy_prefix(live: Live) -> None:
    ada = await register(live.client)

    async with serving(live.app, root_path="/quad") as behind_proxy:
        # The proxy strips its prefix before passing the request on, as --root-path expects.
        socket = await Socket.open(behind_proxy, ada.access_token)
        await socket.send(type="ping")

        assert await socket.expect("pong")


async def test_a_websocket_anywhere_else_is_refused(live: Live) -> None:
    with pytest.raises(InvalidStatus) as refused:
        await connect(f"{live.url}/api/v1/ws/", proxy=None, open_timeout=5)

    assert refused.value.response.status_code == 403


async def test_many_sockets_of_many_students_each_get_their_own(live: Live) -> None:
    ada, alan, chat = await _pair(live)
    grace, noah, other_chat = await _pair(live)
    sockets = {s.id: [await live.socket(s) for _ in range(3)] for s in (ada, alan, grace, noah)}

    await asyncio.gather(
        send_message(live.client, ada, chat, "for alan"),
        send_message(live.client, grace, other_chat, "for noah"),
    )

    for student, body in ((alan, "for alan"), (noah, "for noah")):
        for socket in sockets[student.id]:
            assert (await socket.expect("message.new"))["message"]["body"] == body
    for student in (ada, grace):
        for socket in sockets[student.id]:
            frames = await socket.frames_within(0.2)
            assert len([f for f in frames if f["type"] == "message.new"]) <= 1


async def test_new_friends_see_each_other_online_and_former_friends_stop(live: Live) -> None:
    ada, alan = await register(live.client), await register(live.client)
    ada_socket, alan_socket = await live.socket(ada), await live.socket(alan)

    await befriend(live.client, ada, alan)
    ada_sees = await ada_socket.expect("presence")
    alan_sees = await alan_socket.expect("presence")
    await live.client.delete(f"/api/v1/friends/{alan.id}", headers=ada.headers)
    ada_unsees = await ada_socket.expect("presence")
    alan_unsees = await alan_socket.expect("presence")

    assert ada_sees == {"type": "presence", "user_id": str(alan.id), "online": True}
    assert alan_sees == {"type": "presence", "user_id": str(ada.id), "online": True}
    assert ada_unsees == {"type": "presence", "user_id": str(alan.id), "online": False}
    assert alan_unsees == {"type": "presence", "user_id": str(ada.id), "online": False}


async def test_metrics_count_the_open_connections(live: Live) -> None:
    async def open_connections() -> float:
        text = (await live.client.get("/metrics")).text
        [gauge] = [
            row for row in text.splitlines() if row.startswith("quad_websocket_connections ")
        ]
        return float(gauge.split()[1])

    ada = await register(live.client)
    before = await open_connections()
    socket = await live.socket(ada)
    during = await open_connections()
    await socket.close()
    async with asyncio.timeout(5):  # the server notices the close, then counts it out
        while True:
            if await open_connections() == before:
                break
            await asyncio.sleep(0.05)

    assert during == before + 1
