"""Domain errors and the one place that turns every error into the contract's envelope.

Services raise ``QuadError`` subclasses, each with a stable ``code`` and HTTP ``status``;
FastAPI's validation errors and Starlette's routing errors are rewritten into the same
``{"error": {"code", "message", "details"}}`` shape, so a client needs one error parser.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)


class QuadError(Exception):
    """An expected failure with a stable, documented code."""

    code: ClassVar[str] = "error"
    status: ClassVar[int] = 400
    default_message: ClassVar[str] = "The request could not be completed."
    headers: dict[str, str] | None = None

    def __init__(
        self,
        message: str | None = None,
        *,
        details: Sequence[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.details = list(details) if details else None
        if headers is not None:
            self.headers = headers
        super().__init__(self.message)

    @classmethod
    def example(cls) -> dict[str, Any]:
        """The error as the OpenAPI document shows it (``errors(e404=...)``)."""
        return {"code": cls.code, "message": cls.default_message}


class BadRequest(QuadError):
    code = "bad_request"
    status = 400
    default_message = "The request is not valid."


class NotAuthenticated(QuadError):
    code = "not_authenticated"
    status = 401
    default_message = "Log in to continue."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(QuadError):
    code = "forbidden"
    status = 403
    default_message = "You are not allowed to do that."


class NotFound(QuadError):
    code = "not_found"
    status = 404
    default_message = "Not found."


class Conflict(QuadError):
    code = "conflict"
    status = 409
    default_message = "That conflicts with the current state."


class PayloadTooLarge(QuadError):
    code = "payload_too_large"
    status = 413
    default_message = "The upload is too large."


class UnsupportedMediaType(QuadError):
    code = "unsupported_media_type"
    status = 415
    default_message = "That kind of file is not supported."


class InvalidField(QuadError):
    """A 422 about one field, raised by a service after the schema already passed."""

    code = "validation_error"
    status = 422

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, details=[{"field": field, "message": message}])


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorEnvelope(BaseModel):
    """Every non-2xx answer of the API has this shape."""

    error: ErrorBody


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


_HTTP_CODES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "The request is not valid."),
    401: ("not_authenticated", "Log in to continue."),
    403: ("forbidden", "You are not allowed to do that."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    413: ("payload_too_large", "The request body is too large."),
    415: ("unsupported_media_type", "That content type is not supported."),
    429: ("rate_limited", "Too many requests. Slow down and try again shortly."),
}


def _field_name(loc: Sequence[int | str]) -> str:
    # ("body", "interests", 3) -> "interests.3"; ("query", "limit") -> "limit"
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _clean_message(message: str) -> str:
    # Pydantic prefixes custom errors with "Value error, "; students should not see that.
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return message[:1].upper() + message[1:]


def validation_details(errors: Sequence[Any]) -> list[dict[str, Any]]:
    details: list[dict[str, Any]] = []
    for error in errors:
        details.append(
            {
                "field": _field_name(error.get("loc", ())),
                "message": _clean_message(error.get("msg", "Invalid value.")),
            }
        )
    return details


def allowed_methods(request: Request) -> list[str]:
    """Every method the address of the request has: those of its most specific routes.

    Documented routes speak for their path when there are any (the web app's catch-all GET
    matches every path but only serves pages outside the API), and a literal path speaks for
    itself: ``/friend-requests/count`` is not a ``/friend-requests/{request_id}``.
    """
    matching = [
        route
        for route in iter_route_contexts(request.app.routes)
        if route.methods and route.matches(request.scope)[0] != Match.NONE
    ]
    documented = [route for route in matching if getattr(route, "include_in_schema", False)]
    candidates = documented or matching
    if not candidates:
        return []
    fewest = min(_parameters(route.path_format) for route in candidates)
    return sorted(
        {
            method
            for route in candidates
            if _parameters(route.path_format) == fewest
            for method in route.methods or ()
        }
    )


def _parameters(path: str | None) -> int:
    return (path or "").count("{")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QuadError)
    async def _quad_error(_: Request, exc: QuadError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = validation_details(exc.errors())
        if any(error.get("type") == "json_invalid" for error in exc.errors()):
            return error_response(400, "malformed_json", "The request body is not valid JSON.")
        message = details[0]["message"] if len(details) == 1 else "Some fields are not valid."
        return error_response(422, "validation_error", message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = _HTTP_CODES.get(exc.status_code, ("error", "The request failed."))
        if isinstance(exc.detail, str) and exc.status_code not in _HTTP_CODES:
            message = exc.detail
        headers = dict(exc.headers) if exc.headers else {}
        if exc.status_code == 405 and (methods := allowed_methods(request)):
            # Starlette names the methods of the first route that matched the path; the
            # address may have several (GET and PATCH /users/me), and Allow lists them all.
            headers["Allow"] = ", ".join(methods)
        return error_response(exc.status_code, code, message, headers=headers or None)

    @app.exception_handler(Exception)
    async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "Something went wrong on our side.")


class UnhandledErrorMiddleware:
    """Turns a bug into the 500 envelope inside the request's middleware stack.

    Starlette's own last-resort handler answers outside every middleware, so its 500 would
    lack the request id and CORS headers; this one sits innermost, within both.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        response_started = False

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            response_started = response_started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            logger.exception("unhandled error on %s %s", scope["method"], scope["path"])
            if response_started:
                raise
            failure = error_response(500, "internal_error", "Something went wrong on our side.")
            await failure(scope, receive, send)
