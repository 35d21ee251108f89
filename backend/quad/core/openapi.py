"""Shared pieces of the OpenAPI description: documented error answers."""

from __future__ import annotations

from typing import Any

from quad.core.errors import ErrorEnvelope

# Routers carry the whole prefix, so a route's path (in logs and metrics) is its real path.
API_PREFIX = "/api/v1"

_DESCRIPTIONS = {
    400: "Bad request",
    401: "Not authenticated (missing, expired or revoked token)",
    403: "Authenticated but not allowed",
    404: "Missing, or not visible to you",
    409: "Conflict with the current state",
    413: "Too large",
    415: "Unsupported media type",
    422: "Invalid fields: one `details` entry per field",
    429: "Rate limited; see `Retry-After`",
    503: "A backing service is unavailable",
}


def errors(*statuses: int, **examples: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: each status documented with the error envelope."""
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        responses[status] = {"model": ErrorEnvelope, "description": _DESCRIPTIONS[status]}
    for name, example in examples.items():
        status = int(name.removeprefix("e"))
        responses[status]["content"] = {"application/json": {"example": {"error": example}}}
    return responses


AUTH_ERRORS = errors(
    401,
    e401={"code": "not_authenticated", "message": "Log in to continue."},
)
