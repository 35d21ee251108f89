"""`/api/v1/ws`: the WebSocket every client keeps open for real-time events.

One connection per tab or app. The handshake is refused for an ``Origin`` that is not
allowed (browsers send one; mobile apps do not). The client authenticates with an
``Authorization: Bearer`` header on the handshake or with a first frame
``{"type": "auth", "token": ...}`` within 10 s; the server answers ``ready``, then a
``presence`` for each friend online now, then events as they happen.

Frames of one connection are handled in order, so a client's sends get seqs in the order
it sent them. Sending from here runs the same service, in its own short transaction, as
``POST /conversations/{id}/messages``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.websockets import WebSocket, WebSocketDisconnect

from quad.auth.service import Principal
from quad.chat.schemas import Body
from quad.chat.service import ChatService
from quad.core.errors import QuadError, error_response, validation_details
from quad.core.openapi import API_PREFIX, errors
from quad.dependencies import get_auth_service
from quad.notifications.service import NotificationService
from quad.realtime import events
from quad.realtime.backplane import BackplaneUnavailable
from quad.realtime.hub import (
    CLOSE_TOO_BIG,
    CLOSE_TRY_AGAIN_LATER,
    CLOSE_UNAUTHORIZED,
    Connection,
)
from quad.resources import Resources
from quad.users.schemas import UserPresenter

logger = logging.getLogger(__name__)

router = APIRouter(prefix=API_PREFIX, tags=["Real time"])

MAX_FRAME_BYTES = 16 * 1024
AUTH_TIMEOUT_SECONDS = 10.0
# A client tells others it is typing at most this often per conversation; more is dropped.
TYPING_INTERVAL_SECONDS = 3.0
_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeoutError, ConnectionError)


# --- Frames a client sends ---------------------------------------------------------------------


class _Frame(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class AuthFrame(_Frame):
    type: Literal["auth"]
    token: Annotated[str, Field(max_length=4096)]


class PingFrame(_Frame):
    type: Literal["ping"]


class SendFrame(_Frame):
    type: Literal["message.send"]
    conversation_id: uuid.UUID
    body: Body
    client_id: uuid.UUID


class TypingFrame(_Frame):
    type: Literal["typing"]
    conversation_id: uuid.UUID


class ReadFrame(_Frame):
    type: Literal["read"]
    conversation_id: uuid.UUID
    seq: Annotated[int, Field(ge=0, le=2**53)]


ClientFrame = AuthFrame | PingFrame | SendFrame | TypingFrame | ReadFrame
# Frames a connection takes once authenticated, by type.
_FRAMES: dict[str, type[PingFrame | SendFrame | TypingFrame | ReadFrame]] = {
    "ping": PingFrame,
    "message.send": SendFrame,
    "typing": TypingFrame,
    "read": ReadFrame,
}
_PONG = events.frame("pong")


# --- The documented address --------------------------------------------------------------------

PROTOCOL = """
Open a WebSocket here (`ws://` or `wss://` on the API's host). A plain GET answers 426.

**Authenticate** with an `Authorization: Bearer <access token>` header on the handshake, or
with the first frame `{"type": "auth", "token": "<access token>"}` within 10 s. The server
answers `{"type": "ready", "user_id": "..."}`, then one `presence` frame for each friend
online now. A bad, expired or revoked token closes the socket with code **4001**; so does
logging out or resetting the password, on every server process.

**Client → server** (JSON text frames of at most 16 KiB; larger closes with **1009**):

* `{"type": "message.send", "conversation_id", "body", "client_id"}` → `{"type":
  "message.ack", "client_id", "message"}`, or `{"type": "error", "client_id", "code",
  "message"}`;
* `{"type": "typing", "conversation_id"}` → nothing; the other members get `typing` (at
  most one per 3 s per conversation);
* `{"type": "read", "conversation_id", "seq"}` → nothing; every member gets `read` if your
  position moved;
* `{"type": "ping"}` → `{"type": "pong"}`.

Anything else, or text that is not JSON, gets `{"type": "error", "code": "bad_frame"}` and
the socket stays open. Send again with the same `client_id` until you get its ack: it is
sent exactly once.

**Server → client**: `message.new {message}` (to every member, your own connections
included), `message.updated {message}`, `message.deleted {conversation_id, message_id}`,
`conversation.updated {conversation}` (also when you are added), `conversation.removed
{conversation_id}`, `notification.new {notification}`, `typing {conversation_id, user_id}`,
`read {conversation_id, user_id, seq}`, `presence {user_id, online}` (friends only).

**Close codes**: 4001 authenticate again; 1009 frame too large; 1012 the server lost its
backplane and events may have been missed; 1013 the connection fell too far behind; 1001
the server is going away. After any close, reconnect with backoff and catch up with
`GET /conversations` and `GET /conversations/{id}/messages?after_seq=<your last seq>`:
nothing committed is ever lost.
"""


@router.get(
    "/ws",
    status_code=status.HTTP_426_UPGRADE_REQUIRED,
    summary="The real-time WebSocket",
    description=PROTOCOL,
    response_class=JSONResponse,
    responses={
        426: {
            "model": None,
            "description": "This address speaks WebSocket only",
            "content": {
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/ErrorEnvelope"},
                    "example": {
                        "error": {
                            "code": "upgrade_required",
                            "message": "Open a WebSocket at this address.",
                        }
                    },
                }
            },
        },
        **errors(400),
    },
)
async def websocket_only() -> JSONResponse:
    return error_response(
        status.HTTP_426_UPGRADE_REQUIRED,
        "upgrade_required",
        "Open a WebSocket at this address.",
        headers={"Upgrade": "websocket", "Connection": "Upgrade"},
    )


@router.websocket("/ws")
async def realtime_socket(websocket: WebSocket) -> None:
    resources: Resources = websocket.app.state.resources
    origin = websocket.headers.get("origin")
    if origin is not None and origin.rstrip("/") not in resources.settings.allowed_origins:
        await websocket.close(code=1008)  # before accepting: the handshake is refused (403)
        return
    await websocket.accept()
    principal = await _authenticate(websocket, resources)
    if principal is None:
        return
    # This task reads the client's frames for as long as the connection lives; the server
    # ends it (``Connection.close``: revoked, too far behind, shutting down) by cancelling it.
    reader = asyncio.current_task()
    connection = Connection(websocket, principal.user.id, principal.session_id, reader=reader)
    connection.send(events.frame("ready", user_id=principal.user.id))
    realtime = resources.realtime
    close_code: int | None = None
    try:
        await realtime.connect(connection)
        await FrameHandler(connection, resources).read_until_closed()
    except BackplaneUnavailable:
        close_code = CLOSE_TRY_AGAIN_LATER  # events could not reach this connection
    except asyncio.CancelledError:
        if connection.close_code is None or reader is None:
            raise  # not ours: the server itself is cancelling its tasks
        reader.uncancel()
    finally:
        await realtime.disconnect(connection)
    close_code = connection.close_code or close_code
    if close_code is not None:
        await _close(websocket, close_code)


async def _close(websocket: WebSocket, code: int) -> None:
    # A client that stopped reading may never take the close frame: do not wait for it.
    with contextlib.suppress(Exception):
        await asyncio.wait_for(websocket.close(code), timeout=1)


async def _authenticate(websocket: WebSocket, resources: Resources) -> Principal | None:
    """The caller, from the handshake's header or the first frame; None once closed 4001."""
    token = _bearer(websocket.headers.get("authorization"))
    if token is None:
        try:
            message = await asyncio.wait_for(websocket.receive(), AUTH_TIMEOUT_SECONDS)
        except TimeoutError:
            await _close(websocket, CLOSE_UNAUTHORIZED)
            return None
        if message["type"] == "websocket.disconnect":
            return None
        try:
            frame = AuthFrame.model_validate_json(
                message.get("text") or message.get("bytes") or b""
            )
        except ValidationError:
            frame = None
        if frame is None:
            await _close(websocket, CLOSE_UNAUTHORIZED)
            return None
        token = frame.token
    try:
        async with resources.database.reader() as session:  # one statement, read only
            return await (await get_auth_service(session, resources)).authenticate(token)
    except QuadError:
        await _close(websocket, CLOSE_UNAUTHORIZED)
    except _UNAVAILABLE:
        await _close(websocket, CLOSE_TRY_AGAIN_LATER)
    return None


def _bearer(header: str | None) -> str | None:
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


class FrameHandler:
    """Reads a connection's frames and answers each, in order."""

    def __init__(self, connection: Connection, resources: Resources) -> None:
        self.connection = connection
        self.resources = resources
        self.presenter = UserPresenter(resources.storage.public_url)
        self._typing_sent: dict[uuid.UUID, float] = {}

    async def read_until_closed(self) -> None:
        websocket = self.connection.websocket
        while True:
            try:
                message = await websocket.receive()
            except WebSocketDisconnect:
                return
            if message["type"] == "websocket.disconnect":
                return
            data: str | bytes = message.get("text") or message.get("bytes") or b""
            # Characters are at most 4 bytes: only long texts need their size measured.
            if len(data) * 4 > MAX_FRAME_BYTES and len(_utf8(data)) > MAX_FRAME_BYTES:
                self.connection.close(CLOSE_TOO_BIG)
                return
            await self.handle(data)
            if self.connection.close_code is not None:  # closed while answering this frame
                return

    async def handle(self, data: str | bytes) -> None:
        try:
            raw = orjson.loads(data)
        except orjson.JSONDecodeError:
            self._error("bad_frame", "A frame must be a JSON object.")
            return
        model = _FRAMES.get(str(raw.get("type"))) if isinstance(raw, dict) else None
        if model is None:
            self._error("bad_frame", "Unknown frame type.")
            return
        client_id = raw.get("client_id") if model is SendFrame else None
        try:
            await self._answer(model.model_validate(raw))
        except ValidationError as exc:
            details = validation_details(exc.errors())
            message = details[0]["message"] if len(details) == 1 else "Some fields are not valid."
            self._error("validation_error", message, client_id=client_id, details=details)
        except QuadError as exc:
            self._error(exc.code, exc.message, client_id=client_id)
        except _UNAVAILABLE:
            self._error(
                "service_unavailable",
                "Quad cannot reach its database right now. Try again in a moment.",
                client_id=client_id,
            )
        except Exception:
            logger.exception("a WebSocket frame failed")
            self._error("internal_error", "Something went wrong on our side.", client_id=client_id)

    async def _answer(self, frame: PingFrame | SendFrame | TypingFrame | ReadFrame) -> None:
        user_id = self.connection.user_id
        if isinstance(frame, PingFrame):
            self.connection.send(_PONG)
        elif isinstance(frame, SendFrame):
            async with self._chat() as chat:
                message, _ = await chat.send(
                    user_id, frame.conversation_id, frame.body, frame.client_id
                )
            self.connection.send(
                events.frame("message.ack", client_id=frame.client_id, message=message)
            )
        elif isinstance(frame, TypingFrame):
            now = time.monotonic()
            last = self._typing_sent.get(frame.conversation_id)
            if last is not None and now - last < TYPING_INTERVAL_SECONDS:
                return
            self._typing_sent[frame.conversation_id] = now
            async with self._chat() as chat:
                await chat.typing(user_id, frame.conversation_id)
        elif isinstance(frame, ReadFrame):
            async with self._chat() as chat:
                await chat.mark_read(user_id, frame.conversation_id, frame.seq)

    @contextlib.asynccontextmanager
    async def _chat(self) -> AsyncIterator[ChatService]:
        """The chat service in a session of its own, for one frame."""
        async with self.resources.database.sessionmaker() as session:
            realtime, presenter = self.resources.realtime, self.presenter
            notifications = NotificationService(session, realtime=realtime, presenter=presenter)
            yield ChatService(
                session,
                realtime=realtime,
                presenter=presenter,
                notifications=notifications,
                writer=self.resources.message_writer,
            )

    def _error(
        self,
        code: str,
        message: str,
        *,
        client_id: Any = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        fields: dict[str, Any] = {"code": code, "message": message}
        if client_id is not None:
            fields["client_id"] = client_id
        if details:
            fields["details"] = details
        self.connection.send(events.frame("error", **fields))


def _utf8(data: str | bytes) -> bytes:
    return data.encode() if isinstance(data, str) else data
