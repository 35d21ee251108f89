"""The load generator's WebSocket client: RFC 6455 on a bare asyncio protocol.

The generator shares the machine's two cores with the servers it measures, so every CPU
millisecond it spends is one the servers lack. The ``websockets`` library's asyncio client
gives each connection a reader task, and each frame a trip through its assembler, a future
and a task switch: in scenario B (10,000 sockets, 5,000 and more frames a second) that was
most of the generator's 0.56 ms of CPU per message sent. Here a frame is parsed where its
bytes arrive (``data_received``) and handed to a callback: no task per socket, no future per
frame.

What it implements is what a client of Quad's server needs, and it checks what it relies on:
the opening handshake (``Sec-WebSocket-Accept`` verified), text frames (fragmented ones
reassembled), pings answered, the closing handshake, and every frame it sends masked with
a fresh key. Anything else the server sends (a binary frame, a masked one, a reserved bit
or opcode) is a protocol error: the connection fails with close code 1002.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import struct
from collections.abc import Callable
from typing import cast
from urllib.parse import urlsplit

from websockets.speedups import apply_mask

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_MAX_HEADERS = 16 * 1024

_CONTINUATION, _TEXT, _BINARY, _CLOSE, _PING, _PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA
_PROTOCOL_ERROR = 1002
_NO_STATUS = 1005
_ABNORMAL = 1006


class HandshakeFailed(ConnectionError):
    """The server did not switch protocols: ``status`` is its HTTP status (0: no valid
    answer at all)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"HTTP {status}: {reason}" if status else reason)
        self.status = status


class BenchSocket(asyncio.Protocol):
    """One client connection. ``on_text`` gets each text message as it completes;
    ``on_close`` the close code once the connection is gone (1006: no closing handshake)."""

    def __init__(
        self,
        host: str,
        path: str,
        headers: dict[str, str],
        on_text: Callable[[str], None],
        on_close: Callable[[int], None],
    ) -> None:
        self._key = base64.b64encode(os.urandom(16)).decode()
        request = [
            f"GET {path} HTTP/1.1",
            f"Host: {host}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {self._key}",
            "Sec-WebSocket-Version: 13",
            *(f"{name}: {value}" for name, value in headers.items()),
        ]
        self._request = ("\r\n".join(request) + "\r\n\r\n").encode()
        self._on_text = on_text
        self._on_close = on_close
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._fragments: list[bytes] | None = None  # a text message still arriving
        self._upgraded = False
        self.handshake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.close_code: int | None = None

    # --- asyncio.Protocol --------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        self._transport.write(self._request)

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if not self._upgraded and not self._read_handshake():
            return
        self._read_frames()

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None
        if not self.handshake.done():
            self.handshake.set_exception(exc or HandshakeFailed(0, "connection closed"))
        if self.close_code is None:
            self.close_code = _ABNORMAL
        if self._upgraded:
            self._on_close(self.close_code)

    # --- sending -----------------------------------------------------------------------------

    def send_text(self, text: str) -> None:
        """Sends one text frame (a no-op once the connection is closing)."""
        if self._transport is not None and self.close_code is None:
            self._send_frame(_TEXT, text.encode())

    def abort(self) -> None:
        """Drops the connection at once, without the closing handshake."""
        if self._transport is not None:
            self._transport.abort()

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        assert self._transport is not None
        length = len(payload)
        if length < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
        elif length < 1 << 16:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
        mask = os.urandom(4)
        self._transport.write(header + mask + apply_mask(payload, mask))

    # --- receiving ---------------------------------------------------------------------------

    def _read_handshake(self) -> bool:
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(self._buffer) > _MAX_HEADERS:
                self._fail_handshake(0, "response headers too long")
            return False
        head = bytes(self._buffer[:end]).decode("latin-1").split("\r\n")
        del self._buffer[: end + 4]
        status_line = head[0].split(" ", 2)
        if len(status_line) < 2 or not status_line[1].isdigit():
            self._fail_handshake(0, f"not an HTTP response: {head[0]!r}")
            return False
        status = int(status_line[1])
        if status != 101:
            self._fail_handshake(status, status_line[2] if len(status_line) > 2 else "")
            return False
        fields = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        digest = hashlib.sha1(self._key.encode() + _GUID, usedforsecurity=False).digest()
        expected = base64.b64encode(digest).decode()
        if fields.get("sec-websocket-accept") != expected:
            self._fail_handshake(0, "wrong Sec-WebSocket-Accept")
            return False
        self._upgraded = True
        self.handshake.set_result(None)
        return True

    def _fail_handshake(self, status: int, reason: str) -> None:
        if not self.handshake.done():
            self.handshake.set_exception(HandshakeFailed(status, reason))
        self.abort()

    def _read_frames(self) -> None:
        buffer = self._buffer
        while len(buffer) >= 2 and self._transport is not None:
            first, second = buffer[0], buffer[1]
            length = second & 0x7F
            start = 2
            if length == 126:
                if len(buffer) < 4:
                    return
                length = int.from_bytes(buffer[2:4])
                start = 4
            elif length == 127:
                if len(buffer) < 10:
                    return
                length = int.from_bytes(buffer[2:10])
                start = 10
            if len(buffer) < start + length:
                return
            payload = bytes(buffer[start : start + length])
            del buffer[: start + length]
            if second & 0x80 or first & 0x70:  # masked by the server, or a reserved bit
                self._fail(_PROTOCOL_ERROR)
                return
            self._frame(first & 0x80 != 0, first & 0x0F, payload)

    def _frame(self, fin: bool, opcode: int, payload: bytes) -> None:
        if opcode == _TEXT and self._fragments is None:
            if fin:
                self._on_text(payload.decode())
            else:
                self._fragments = [payload]
        elif opcode == _CONTINUATION and self._fragments is not None:
            self._fragments.append(payload)
            if fin:
                text = b"".join(self._fragments).decode()
                self._fragments = None
                self._on_text(text)
        elif opcode == _PING and fin:
            self._send_frame(_PONG, payload)
        elif opcode == _PONG and fin:
            pass
        elif opcode == _CLOSE and fin:
            self.close_code = int.from_bytes(payload[:2]) if len(payload) >= 2 else _NO_STATUS
            self._send_frame(_CLOSE, payload[:2])
            assert self._transport is not None
            self._transport.close()
        else:  # binary, an unknown opcode, a stray continuation, a fragmented control
            self._fail(_PROTOCOL_ERROR)

    def _fail(self, code: int) -> None:
        self.close_code = code
        self._send_frame(_CLOSE, code.to_bytes(2))
        self.abort()


async def connect(
    url: str,
    headers: dict[str, str],
    on_text: Callable[[str], None],
    on_close: Callable[[int], None],
) -> BenchSocket:
    """Opens ``url`` (``ws://host:port/path``) and completes the opening handshake (the
    caller bounds how long it may take)."""
    parts = urlsplit(url)
    if parts.scheme != "ws" or parts.hostname is None:
        raise ValueError(f"not a ws:// URL: {url}")
    host = parts.hostname
    port = parts.port or 80
    loop = asyncio.get_running_loop()
    _, socket = await loop.create_connection(
        lambda: BenchSocket(f"{host}:{port}", parts.path or "/", headers, on_text, on_close),
        host,
        port,
    )
    try:
        await socket.handshake
    except BaseException:
        socket.handshake.cancel()  # given up (a timeout): what the abort brings is nobody's
        socket.abort()
        raise
    return socket
