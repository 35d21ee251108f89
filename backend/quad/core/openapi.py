"""Shared pieces of the OpenAPI description: documented error answers.

Routes document the errors of their own rules with ``errors(...)``. The errors any request
can meet whatever the route (a malformed body, a bad parameter, an unknown cursor, a
database outage) are added to every operation they apply to by ``complete_openapi``,
from what the operation takes and what it depends on, so a new route is documented truthfully
without repeating them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

from quad.core.errors import ErrorEnvelope
from quad.core.text import NO_NUL_PATTERN

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
    503: "A backing service is unavailable; retry after `Retry-After` seconds",
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

# --- Errors every operation of a kind can give ---------------------------------------------

ENVELOPE_REF = {"$ref": "#/components/schemas/ErrorEnvelope"}
_JSON = "application/json"

MALFORMED_JSON = {"code": "malformed_json", "message": "The request body is not valid JSON."}
MALFORMED_BODY = {"code": "bad_request", "message": "The request is not valid."}
INVALID_CURSOR = {
    "code": "invalid_cursor",
    "message": "The cursor is not valid; start again from the first page.",
}
PAYLOAD_TOO_LARGE = {"code": "payload_too_large", "message": "The request body is too large."}
SERVICE_UNAVAILABLE = {
    "code": "service_unavailable",
    "message": "Quad cannot reach its database right now. Try again in a moment.",
}
NOT_AUTHENTICATED = {"code": "not_authenticated", "message": "Log in to continue."}

_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "required": True,
        "schema": {"type": "integer", "minimum": 0},
    }
}
_WWW_AUTHENTICATE = {
    "WWW-Authenticate": {
        "description": "`Bearer`: send `Authorization: Bearer <access token>`.",
        "required": True,
        "schema": {"type": "string"},
    }
}


def _state_no_nul(schema: dict[str, Any]) -> None:
    """A free-text query parameter's schema says what ``RefuseNulInQueryMiddleware`` enforces.

    Parameters declared with ``quad.core.text`` types already carry their pattern; formats
    (uuid), enums and other patterns leave no room for NUL.
    """
    for option in [schema, *schema.get("anyOf", [])]:
        if option.get("type") == "string" and not {"pattern", "format", "enum"} & set(option):
            option["pattern"] = NO_NUL_PATTERN


def _validation_error(field: str) -> dict[str, Any]:
    message = "Some fields are not valid."
    return {
        "code": "validation_error",
        "message": message,
        "details": [{"field": field, "message": "Why this field is not valid."}],
    }


def _body_fields(document: dict[str, Any], content: dict[str, Any]) -> list[str]:
    """The top-level fields of a request body, or ``["body"]`` when it has none."""
    if not content:
        return []
    schema = next(iter(content.values())).get("schema", {})
    for _ in range(3):  # a body schema is a $ref, or anyOf [$ref, null] for an optional body
        if "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        elif "anyOf" in schema:
            schema = next((s for s in schema["anyOf"] if s.get("type") != "null"), {})
    return list(schema.get("properties", {})) or ["body"]


def _restore_examples(document: dict[str, Any]) -> None:
    """Each component schema's example as its model wrote it, nulls included."""
    schemas = document.get("components", {}).get("schemas", {})
    for model in _models_with_examples():
        schema = schemas.get(model.__name__)
        extra = model.model_config.get("json_schema_extra")
        if schema is not None and isinstance(extra, dict) and "example" in schema:
            schema["example"] = extra["example"]


def _models_with_examples() -> Iterator[type[BaseModel]]:
    """Quad's models that state an example (FastAPI names a schema after its model)."""
    pending: list[type[BaseModel]] = [BaseModel]
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        extra = model.model_config.get("json_schema_extra")
        if model.__module__.startswith("quad.") and isinstance(extra, dict) and "example" in extra:
            yield model


def _status_order(item: tuple[str, Any]) -> tuple[bool, str]:
    return (not item[0].isdigit(), item[0])


def _depends_on(dependant: Dependant, call: Callable[..., Any]) -> bool:
    return dependant.call is call or any(
        _depends_on(dependency, call) for dependency in dependant.dependencies
    )


def _operations(
    document: dict[str, Any], app: FastAPI
) -> Iterator[tuple[dict[str, Any], APIRoute]]:
    routes: dict[tuple[str, str], APIRoute] = {}
    for context in iter_route_contexts(app.routes):
        original = context.original_route
        if isinstance(original, APIRoute) and context.include_in_schema and context.path_format:
            for method in context.methods or ():
                routes[(context.path_format, method.lower())] = original
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            api_route = routes.get((path, method))
            if api_route is not None:
                yield operation, api_route


def _document(
    operation: dict[str, Any],
    status: int,
    error: dict[str, Any],
    headers: dict[str, Any] | None = None,
) -> None:
    """Adds ``error`` as an example answer of ``status``, keeping what the route documented."""
    responses = operation.setdefault("responses", {})
    response = responses.setdefault(str(status), {"description": _DESCRIPTIONS[status]})
    media = response.setdefault("content", {}).setdefault(_JSON, {})
    media.setdefault("schema", ENVELOPE_REF)
    value = {"error": error}
    examples = media.setdefault("examples", {})
    if "example" in media:
        # The route's own example stays first, named for its code.
        own = media.pop("example")
        examples.setdefault(
            own["error"]["code"], {"summary": own["error"]["message"], "value": own}
        )
    if not any(example.get("value") == value for example in examples.values()):
        name = error["code"] if error["code"] not in examples else f"{error['code']}_{status}"
        examples[name] = {"summary": error["message"], "value": value}
    if headers:
        response.setdefault("headers", {}).update(headers)


def complete_openapi(app: FastAPI, *, database: Callable[..., Any]) -> None:
    """Completes the app's OpenAPI document: the nulls of the models' examples, and the
    errors that come with what a route takes.

    FastAPI drops every null from the document it builds, examples included, so an example
    of a nullable field that must be sent (``friend_request_id``) would show it missing;
    each model's example is put back as written.

    * a request body: 400 when it cannot be parsed, 413 over the size limit, 422 bad fields;
    * parameters: 422 when one is invalid (a free-text query parameter states that NUL is
      refused); a ``cursor``: 400 ``invalid_cursor``;
    * a bearer token: 401 (every 401 with its ``WWW-Authenticate`` header);
    * the ``database`` dependency: 503 with ``Retry-After`` while the database is unreachable.
    """
    generate = app.openapi
    completed: list[dict[str, Any]] = []  # the document last completed (FastAPI caches it)

    def openapi() -> dict[str, Any]:
        document = generate()
        if completed and completed[0] is document:
            return document
        completed[:] = [document]
        _restore_examples(document)
        for operation, route in _operations(document, app):
            body = operation.get("requestBody", {}).get("content", {})
            parameters = [p for p in operation.get("parameters", []) if p.get("in") != "cookie"]
            for parameter in parameters:
                if parameter["in"] == "query":
                    _state_no_nul(parameter.get("schema", {}))
            if body:
                _document(operation, 400, MALFORMED_JSON if _JSON in body else MALFORMED_BODY)
                _document(operation, 413, PAYLOAD_TOO_LARGE)
            fields = [p["name"] for p in parameters] + _body_fields(document, body)
            if fields:
                _document(operation, 422, _validation_error(fields[0]))
            if any(p["name"] == "cursor" and p["in"] == "query" for p in parameters):
                _document(operation, 400, INVALID_CURSOR)
            if operation.get("security"):
                _document(operation, 401, NOT_AUTHENTICATED)
            if _depends_on(route.dependant, database):
                _document(operation, 503, SERVICE_UNAVAILABLE, _RETRY_AFTER)
            responses = operation["responses"]
            if "401" in responses:  # every 401 says how to authenticate
                responses["401"].setdefault("headers", {}).update(_WWW_AUTHENTICATE)
            operation["responses"] = dict(sorted(responses.items(), key=_status_order))
        return document

    app.openapi = openapi  # type: ignore[method-assign]
