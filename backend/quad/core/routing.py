"""Routing rules the framework leaves to us."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.exceptions import HTTPException
from starlette.routing import Match

_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}


async def _method_not_allowed() -> None:
    raise HTTPException(405)


def literal_paths_stand_alone(app: FastAPI) -> None:
    """A literal path answers only for itself: ``PATCH /conversations/direct`` is 405 (the
    address takes POST), not a ``PATCH /conversations/{conversation_id}`` refused with 422
    because "direct" is not a UUID. For each literal path that a parameterised route would
    also match, a route placed first takes the methods the literal path does not have and
    answers 405 with its ``Allow`` list (``quad.core.errors``)."""
    routes = [route for route in iter_route_contexts(app.routes) if route.methods]
    literal_methods: dict[str, set[str]] = {}
    for route in routes:
        path = route.path_format or ""
        if "{" not in path:
            literal_methods.setdefault(path, set()).update(route.methods or ())
    for path, methods in literal_methods.items():
        scope = {"type": "http", "path": path, "method": "GET", "root_path": ""}
        shadowed = any(
            "{" in (route.path_format or "") and route.matches(scope)[0] is not Match.NONE
            for route in routes
        )
        others = _METHODS - methods - ({"HEAD"} if "GET" in methods else set())
        if shadowed and others:
            guard = APIRoute(
                path, _method_not_allowed, methods=sorted(others), include_in_schema=False
            )
            app.router.routes.insert(0, guard)
