"""The app factory: settings → lifespan (database, broker, storage, mail) → routers → handlers."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.requests import Request

from quad import __version__
from quad.auth.router import router as auth_router
from quad.chat.router import router as chat_router
from quad.core.body_limit import BodySizeLimitMiddleware
from quad.core.config import Settings
from quad.core.errors import UnhandledErrorMiddleware, error_response, install_error_handlers
from quad.core.logging import configure_logging
from quad.core.observability import ObservabilityMiddleware
from quad.core.openapi import API_PREFIX, complete_openapi
from quad.core.routing import literal_paths_stand_alone
from quad.core.text import RefuseNulInQueryMiddleware
from quad.dependencies import get_session
from quad.friends.router import router as friends_router
from quad.notifications.router import router as notifications_router
from quad.ops.router import router as ops_router
from quad.realtime.websocket import RealtimeSocketShortcut
from quad.realtime.websocket import router as realtime_router
from quad.resources import open_resources
from quad.storage import MEDIA_URL_PATH
from quad.universities.router import router as universities_router
from quad.users.images import AVATAR_MAX_BYTES
from quad.users.router import AVATAR_PATH, discovery_router
from quad.users.router import router as users_router
from quad.web.docs import install_api_docs
from quad.web.static import web_app_router

MAX_JSON_BODY_BYTES = 256 * 1024
MULTIPART_OVERHEAD_BYTES = 64 * 1024

DESCRIPTION = """
Quad is the chat platform for university students. This is version 1 of its API.

* **Auth**: `Authorization: Bearer <access token>`. Use **Authorize** above with your e-mail
  and password to try the protected calls here.
* **Errors**: every non-2xx answer is `{"error": {"code", "message", "details"}}`;
  `code` is stable and meant for programs, `message` for people. A 422 has one `details`
  entry per bad field: `{"field": "email", "message": "..."}`.
* **Lists**: `{"items": [...], "next_cursor": "..." | null}`; pass `cursor` to get the next
  page, `limit` (1–100, default 20) to size it.
* **Times** are ISO 8601 in UTC; **ids** are UUIDs.
"""


def create_app(settings: Settings | None = None, *, serving: bool = False) -> FastAPI:
    """The app. ``serving``: it is the process's only app, for as long as the process runs
    (``quad serve``), rather than one of many a test makes."""
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_format)
    if settings.sentry_dsn is not None:
        _start_error_reporting(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            app.state.resources = await open_resources(settings, stack)
            if serving:
                _tune_garbage_collector()
            yield

    app = FastAPI(
        title="Quad API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        openapi_tags=[
            {"name": "Accounts", "description": "Register, log in, sessions, mailed links."},
            {"name": "Me", "description": "Your own profile."},
            {
                "name": "Discovery",
                "description": "Find students by university, course, interests and name.",
            },
            {"name": "Friends", "description": "Friend requests, friends and blocks."},
            {
                "name": "Chat",
                "description": "Direct and group conversations and their messages.",
            },
            {
                "name": "Notifications",
                "description": "Friend requests, acceptances and new messages you have not "
                "seen yet: the bell and its list.",
            },
            {
                "name": "Real time",
                "description": "The WebSocket that pushes messages, receipts, typing, "
                "presence and notifications as they happen.",
            },
            {"name": "Universities", "description": "The seeded universities and courses."},
            {"name": "Operations", "description": "Health, readiness and metrics."},
        ],
    )
    install_error_handlers(app)
    _install_database_unavailable_handler(app)

    # Middleware, innermost first. Bugs become the 500 envelope inside the others, so that
    # answer too carries CORS headers and the request id.
    app.add_middleware(UnhandledErrorMiddleware)
    # PostgreSQL cannot hold NUL: no query parameter reaches a route with one.
    app.add_middleware(RefuseNulInQueryMiddleware)
    # JSON bodies are small; avatars may be 5 MB. Oversized bodies are refused as they
    # arrive, not after being spooled to disk.
    app.add_middleware(
        BodySizeLimitMiddleware,
        default=MAX_JSON_BODY_BYTES,
        per_path={AVATAR_PATH: AVATAR_MAX_BYTES + MULTIPART_OVERHEAD_BYTES},
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        expose_headers=["X-Request-ID", "Retry-After"],
        max_age=600,
    )
    app.add_middleware(ObservabilityMiddleware)
    # Outermost: the real-time WebSocket goes straight to its endpoint, past all the above.
    app.add_middleware(RealtimeSocketShortcut)

    for router in (
        auth_router,
        users_router,
        discovery_router,
        friends_router,
        chat_router,
        notifications_router,
        realtime_router,
        universities_router,
        ops_router,
    ):
        app.include_router(router)
    literal_paths_stand_alone(app)
    complete_openapi(app, database=get_session)
    install_api_docs(app, openapi_url=f"{API_PREFIX}/openapi.json", title=app.title)

    if not settings.s3_enabled:
        # The folder is created when storage opens in the lifespan.
        app.mount(
            MEDIA_URL_PATH,
            StaticFiles(directory=settings.media_root, check_dir=False),
            name="media",
        )
    if (settings.web_dist_dir / "index.html").is_file():
        app.include_router(web_app_router(settings.web_dist_dir))
    return app


def serve_app() -> FastAPI:
    """What ``quad serve`` runs in each worker process."""
    return create_app(serving=True)


# The young generation's threshold, in allocations less frees (CPython's default is 700).
# A request's or a message's objects live a few milliseconds; at 700 a collection runs in
# the middle of many of them and promotes what is in flight to the older generations, whose
# growth is what triggers full passes. A full pass walks every live object: ~1 M with 10,000
# WebSockets open (~200 per connection), 0.9 s each, every ~10 s at 1,000 msg/s in bench B
# (a third of the CPU, and p99 1.6 s at 400 msg/s). At 10,000 the young die before a
# collection sees them: two full passes in that run instead of twenty, p99 212 ms, servers'
# CPU 60% instead of 100%. The young generation then holds at most ~10,000 objects more.
YOUNG_GENERATION_THRESHOLD = 10_000


def _tune_garbage_collector() -> None:
    """What startup made (modules, routes, schemas, prebuilt statements) lives as long as the
    process: kept out of the collector's full passes, which would otherwise walk all of it
    again and again, pausing every request in flight (Instagram's ``gc.freeze`` recipe); and
    short-lived objects are left to die young (``YOUNG_GENERATION_THRESHOLD``)."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, old)


def _install_database_unavailable_handler(app: FastAPI) -> None:
    # A lost or refused database connection is an outage to wait out (503), not a bug (500).
    async def unavailable(_: Request, exc: Exception) -> JSONResponse:
        return error_response(
            503,
            "service_unavailable",
            "Quad cannot reach its database right now. Try again in a moment.",
            headers={"Retry-After": "5"},
        )

    for exc_type in (OperationalError, InterfaceError, PoolTimeoutError, ConnectionError):
        app.add_exception_handler(exc_type, unavailable)


def _start_error_reporting(settings: Settings) -> None:
    import sentry_sdk

    assert settings.sentry_dsn is not None
    sentry_sdk.init(
        dsn=settings.sentry_dsn.get_secret_value(),
        release=f"quad@{__version__}",
        # Errors only; students' messages and tokens never leave with an event.
        send_default_pii=False,
        traces_sample_rate=0.0,
    )
