"""`/api/v1/ws`: the WebSocket every client keeps open for real-time events.

One connection per tab or app. The handshake is refused for an ``Origin`` that is not
allowed (browsers send one; mobile apps do not). The client authenticates with an
``Authorization: Bearer`` header on the handshake or with a first frame
``{"type": "auth", "token": ...}`` within 10 s; the server answers ``ready``, then a
``presence`` for each friend online now, then events as they happen.

Frames of one connection are taken in order. A send goes to the process's message writer,
as ``POST /conversations/{id}/messages`` does, and is answered when it is committed; the
next frames are taken meanwhile, so a client may send again before its last ack (up to
``SENDS_IN_FLIGHT``), and a connection's sends are committed, and numbered, in the order it
sent them.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
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
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect

from quad.auth.service import Principal
from quad.chat.repository import NewMessage
from quad.chat.schemas import Body, MessageOut
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

REALTIME_PATH = f"{API_PREFIX}/ws"

MAX_FRAME_BYTES = 16 * 1024
AUTH_TIMEOUT_SECONDS = 10.0
# A client tells others it is typing at most this often per conversation; more is dropped.
TYPING_INTERVAL_SECONDS = 3.0
# Sends of one connection submitted and not yet answered, at most: a client need not wait for
# each ack before its next message (a batch then commits several of them together), and one
# that floods waits for answers instead of queueing without bound.
SENDS_IN_FLIGHT = 32
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
sent exactly once. You need not wait for an ack before sending the next message: a
connection's messages are committed, and numbered, in the order it sent them (up to 32
unanswered at a time; more wait their turn), and each answer names its `client_id`.

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


class RealtimeSocketShortcut:
    """Hands the real-time WebSocket straight to ``realtime_socket``; everything else passes.

    Added as the outermost middleware. Every layer an ASGI call goes through (the HTTP
    middleware, which let WebSockets pass, then FastAPI's routing) stays on the stack as a
    suspended coroutine for as long as the connection lives; with 10,000 connections
    held, those frames were a third of a connection's memory (37 KB against 25 KB), and
    walked by every full garbage collection. None of those layers does anything for this
    path, and ``GET`` on it (the 426 and its OpenAPI entry) still goes through them.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and _route_path(scope) == REALTIME_PATH:
            await realtime_socket(WebSocket(scope, receive, send))
        else:
            await self.app(scope, receive, send)


def _route_path(scope: Scope) -> str:
    """The path as routes see it: behind a proxy's prefix (``--root-path``), without it."""
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    return path[len(root_path) :] if root_path and path.startswith(root_path) else path


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
    # Only the ids stay: the student's row (an ORM object and its state) would otherwise be
    # held for as long as the connection lives, and walked by every full garbage collection.
    user_id, session_id = principal.user.id, principal.session_id
    del principal
    # This task reads the client's frames for as long as the connection lives; the server
    # ends it (``Connection.close``: revoked, too far behind, shutting down) by cancelling it.
    reader = asyncio.current_task()
    connection = Connection(websocket, user_id, session_id, reader=reader)
    connection.send(events.frame("ready", user_id=user_id))
    realtime = resources.realtime
    close_code: int | None = None
    frames = FrameHandler(connection, resources)
    try:
        await realtime.connect(connection)
        await frames.read_until_closed()
    except BackplaneUnavailable:
        close_code = CLOSE_TRY_AGAIN_LATER  # events could not reach this connection
    except asyncio.CancelledError:
        if connection.close_code is None or reader is None:
            raise  # not ours: the server itself is cancelling its tasks
        reader.uncancel()
    finally:
        await frames.close()
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
    """Reads a connection's frames and answers each, in order (sends when committed)."""

    def __init__(self, connection: Connection, resources: Resources) -> None:
        self.connection = connection
        self.resources = resources
        self._typing_sent: dict[uuid.UUID, float] = {}
        self._sends_in_flight = 0
        # Set while the frames wait for a send to be answered (SENDS_IN_FLIGHT reached).
        self._room: asyncio.Future[None] | None = None
        # Sends the writer did not send, being explained (rare: a session each).
        self._explaining: set[asyncio.Task[None]] = set()
        self._closed = False

    async def close(self) -> None:
        """Stops what is still answering this connection's sends (they are committed all
        the same; a client that reconnects finds them in the history)."""
        self._closed = True
        for task in self._explaining:
            task.cancel()
        await asyncio.gather(*self._explaining, return_exceptions=True)

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
        except Exception as exc:
            self._failed(exc, client_id)

    def _failed(self, exc: BaseException, client_id: Any) -> None:
        """The error frame of a frame that failed (the client_id of a send)."""
        if isinstance(exc, QuadError):
            self._error(exc.code, exc.message, client_id=client_id)
        elif isinstance(exc, _UNAVAILABLE):
            self._error(
                "service_unavailable",
                "Quad cannot reach its database right now. Try again in a moment.",
                client_id=client_id,
            )
        else:
            logger.error("a WebSocket frame failed", exc_info=exc)
            self._error("internal_error", "Something went wrong on our side.", client_id=client_id)

    async def _answer(self, frame: PingFrame | SendFrame | TypingFrame | ReadFrame) -> None:
        user_id = self.connection.user_id
        if isinstance(frame, PingFrame):
            self.connection.send(_PONG)
        elif isinstance(frame, SendFrame):
            await self._submit(frame)
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

    # --- Sends: answered when committed, while the next frames are taken ---------------------

    async def _submit(self, frame: SendFrame) -> None:
        # Straight to the writer, as ``ChatService.send`` does; a session (opening and closing
        # one costs ~0.13 ms, a fifth of a core at 1,500 sends a second) only when the writer
        # did not send it, to tell why.
        while self._sends_in_flight >= SENDS_IN_FLIGHT:
            self._room = asyncio.get_running_loop().create_future()
            await self._room
        answer = self.resources.message_writer.submit(
            NewMessage(frame.conversation_id, self.connection.user_id, frame.body, frame.client_id)
        )
        self._sends_in_flight += 1
        answer.add_done_callback(functools.partial(self._answered, frame))

    def _answered(self, frame: SendFrame, answer: asyncio.Future[MessageOut | None]) -> None:
        self._sends_in_flight -= 1
        if self._room is not None:
            if not self._room.done():
                self._room.set_result(None)
            self._room = None
        if answer.cancelled():
            return
        error = answer.exception()  # retrieved even when no one is left to tell
        if self._closed:
            return
        if error is not None:
            self._failed(error, frame.client_id)
        elif (message := answer.result()) is not None:
            self._ack(frame, message)
        else:
            task = asyncio.create_task(self._explain(frame))
            self._explaining.add(task)
            task.add_done_callback(self._explaining.discard)

    async def _explain(self, frame: SendFrame) -> None:
        """A send the writer did not send: its original (a retry), or why not."""
        try:
            async with self._chat() as chat:
                message = await chat.not_sent(
                    self.connection.user_id, frame.conversation_id, frame.client_id
                )
        except Exception as exc:
            self._failed(exc, frame.client_id)
        else:
            self._ack(frame, message)

    def _ack(self, frame: SendFrame, message: MessageOut) -> None:
        self.connection.send(
            events.frame("message.ack", client_id=frame.client_id, message=message)
        )

    @contextlib.asynccontextmanager
    async def _chat(self) -> AsyncIterator[ChatService]:
        """The chat service in a session of its own, for one frame."""
        async with self.resources.database.sessionmaker() as session:
            realtime = self.resources.realtime
            presenter = UserPresenter(self.resources.storage.public_url)
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
