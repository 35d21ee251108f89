"""``quad serve | migrate | seed-demo | openapi``: what the Makefile and operators run.

Only light modules are imported at the top: uvicorn's worker processes import this module
again as their ``__main__`` before they answer the supervisor's first health check (5 s), and
the database and demo modules take seconds to import on a small machine.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from quad.core.config import Settings
from quad.core.logging import configure_logging

logger = logging.getLogger("quad.cli")

# The contract's limit for one WebSocket frame; uvicorn closes larger ones with 1009.
WS_MAX_FRAME_BYTES = 16 * 1024


@contextmanager
def _database(settings: Settings) -> Iterator[str]:
    """DATABASE_URL, or the embedded PostgreSQL, stopped when the command ends (unless
    another live process, a `quad seed-demo` beside `make run`, still uses it)."""
    if settings.database_url:
        yield settings.database_url
        return
    from quad.core.embedded_postgres import start_embedded_postgres

    postgres = start_embedded_postgres(settings.data_dir)
    try:
        # Worker processes build their own Settings from the environment: hand the URL down.
        os.environ["DATABASE_URL"] = postgres.url
        yield postgres.url
    finally:
        postgres.stop()


def migrate(settings: Settings) -> None:
    from quad.core.migrations import upgrade_to_head

    with _database(settings) as database_url:
        upgrade_to_head(database_url)
    logger.info("database schema is up to date")


def serve(settings: Settings, args: argparse.Namespace) -> None:
    import uvicorn

    from quad.core.migrations import upgrade_to_head

    host = args.host or settings.host
    port = args.port or settings.port
    workers = args.workers or settings.workers
    with _database(settings) as database_url:
        # Here, once: the workers never migrate.
        upgrade_to_head(database_url)
        logger.info("database schema is up to date")
        if workers > 1 and not settings.redis_url:
            logger.warning(
                "WORKERS=%d without REDIS_URL: real-time events only reach sockets of the same "
                "process. Set REDIS_URL to share them.",
                workers,
            )
        _ = settings.signing_key  # create the generated secret once, before workers race for it
        logger.info("Quad is serving on http://%s:%d (API docs at /docs)", host, port)
        # With workers > 1 uvicorn's supervisor stops them on SIGINT or SIGTERM and returns;
        # with one, uvicorn re-raises the signal once it has shut down gracefully, and
        # _signals_end_the_command turns that into an exit that runs the finally above.
        uvicorn.run(
            "quad.main:serve_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            loop="uvloop",
            http="httptools",
            ws="websockets-sansio",
            ws_max_size=WS_MAX_FRAME_BYTES,
            ws_per_message_deflate=settings.websocket_compression,
            proxy_headers=True,
            forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            timeout_graceful_shutdown=20,
            log_config=None,
            access_log=False,
        )


def _exit_for_signal(signum: int, _frame: FrameType | None) -> None:
    # An exit, not a kill: `finally` blocks and atexit handlers run (they stop the embedded
    # PostgreSQL), which Python's default SIGTERM skips. 128 + N is the shell's "ended by N".
    raise SystemExit(128 + signum)


@contextmanager
def _signals_end_the_command() -> Iterator[None]:
    """SIGINT (Ctrl-C) and SIGTERM end the command by unwinding it, and quietly (no
    KeyboardInterrupt traceback for a Ctrl-C)."""
    if threading.current_thread() is not threading.main_thread():  # e.g. called from a test
        yield
        return
    stop_signals = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, _exit_for_signal) for signum in stop_signals}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def write_openapi(settings: Settings, output: str | None) -> None:
    """The document clients generate their types from; stable key order, so diffs are real."""
    import json
    from pathlib import Path

    from quad.main import create_app

    document = json.dumps(create_app(settings).openapi(), indent=2, sort_keys=True) + "\n"
    if output:
        Path(output).write_text(document, encoding="utf-8")
    else:
        sys.stdout.write(document)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _non_negative_float(text: str) -> float:
    value = float(text)
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def main(argv: list[str] | None = None) -> None:
    with _signals_end_the_command():
        _run(argv)


def _run(argv: list[str] | None) -> None:
    from quad.demo import (
        DEFAULT_DIRECT_CHATS_PER_STUDENT,
        DEFAULT_FRIENDS_PER_STUDENT,
        DEFAULT_GROUPS_PER_STUDENT,
        DEFAULT_HISTORY,
        DEFAULT_SEED,
        seed_demo,
    )

    parser = argparse.ArgumentParser(prog="quad", description="Quad's server commands.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="migrate, then serve the API and web app")
    serve_parser.add_argument("--host")
    serve_parser.add_argument("--port", type=int)
    serve_parser.add_argument("--workers", type=int)
    commands.add_parser("migrate", help="upgrade the database schema to the newest revision")
    seed_parser = commands.add_parser(
        "seed-demo",
        help="add demo students with friendships, friend requests and chats",
        description="Adds N demo students (password quad-demo-password) with friendships, "
        "pending friend requests, a few blocks, direct chats and groups with a short history, "
        "in one transaction. Each run adds new "
        "students: e-mails are numbered after those already in the database, so a second "
        "run never fails on a taken address. The same --seed makes the same students.",
    )
    seed_parser.add_argument("--users", type=_positive_int, default=50, help="default: 50")
    seed_parser.add_argument(
        "--friends-per-student",
        type=_non_negative_float,
        default=DEFAULT_FRIENDS_PER_STUDENT,
        help="average friend count (a long tail; fewer in small demos); default: %(default)s",
    )
    seed_parser.add_argument(
        "--direct-chats-per-student",
        type=_non_negative_float,
        default=DEFAULT_DIRECT_CHATS_PER_STUDENT,
        help="average direct chats (between friends) per student; default: %(default)s",
    )
    seed_parser.add_argument(
        "--groups-per-student",
        type=_non_negative_float,
        default=DEFAULT_GROUPS_PER_STUDENT,
        help="groups (3 to 50 members, mostly small) per student; default: %(default)s",
    )
    seed_parser.add_argument(
        "--history",
        type=_non_negative_int,
        default=DEFAULT_HISTORY,
        help="messages in each conversation; default: %(default)s",
    )
    seed_parser.add_argument(
        "--tokens",
        type=Path,
        metavar="FILE",
        help="also sign every student in (a login session each) and write their access "
        "tokens to FILE as JSON lines, for load generators; the tokens live "
        "ACCESS_TOKEN_TTL_SECONDS",
    )
    seed_parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="random seed; default: %(default)s"
    )
    openapi_parser = commands.add_parser(
        "openapi", help="write the OpenAPI document (no database needed)"
    )
    openapi_parser.add_argument("--output", "-o", help="file to write; default: stdout")
    args = parser.parse_args(argv)

    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    if args.command == "serve":
        serve(settings, args)
    elif args.command == "migrate":
        migrate(settings)
    elif args.command == "openapi":
        write_openapi(settings, args.output)
    elif args.command == "seed-demo":
        with _database(settings) as database_url:
            seed_demo(
                database_url,
                settings,
                users=args.users,
                seed=args.seed,
                friends_per_student=args.friends_per_student,
                direct_chats_per_student=args.direct_chats_per_student,
                groups_per_student=args.groups_per_student,
                history=args.history,
                tokens_file=args.tokens,
            )
    else:  # pragma: no cover - argparse rejects unknown commands
        sys.exit(2)


if __name__ == "__main__":
    main()
