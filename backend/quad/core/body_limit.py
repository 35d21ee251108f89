"""Request body limits, enforced while the body streams in.

A declared ``Content-Length`` over the limit is refused before a byte is read; a body that
grows past it (chunked, or lying about its length) is refused as soon as it does. Either
way the answer is the contract's 413 envelope.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from quad.core.errors import PayloadTooLarge, error_response


def _describe(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


class BodySizeLimitMiddleware:
    def __init__(self, app: ASGIApp, *, default: int, per_path: Mapping[str, int]) -> None:
        self.app = app
        self.default = default
        self.per_path = dict(per_path)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope["path"], self.default)
        message = f"The request body is too large (at most {_describe(limit)})."
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await error_response(413, PayloadTooLarge.code, message)(scope, receive, send)
            return
        too_large = error_response(413, PayloadTooLarge.code, message)
        received = 0
        exceeded = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            incoming = await receive()
            if incoming["type"] == "http.request":
                received += len(incoming.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise PayloadTooLarge(message)  # stops whatever is reading the body
            return incoming

        async def guarded_send(outgoing: Message) -> None:
            # Body parsers turn any read error into their own answer (FastAPI: a 400);
            # once the limit is passed, the answer is ours.
            if not exceeded:
                await send(outgoing)
            elif outgoing["type"] == "http.response.start":
                await too_large(scope, receive, send)

        await self.app(scope, limited_receive, guarded_send)
