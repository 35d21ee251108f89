"""``quad serve | migrate | seed-demo``: what the Makefile and operators run."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from quad.core.config import Settings
from quad.core.logging import configure_logging
from quad.core.migrations import upgrade_to_head
from quad.demo import DEFAULT_FRIENDS_PER_STUDENT, DEFAULT_SEED, seed_demo

logger = logging.getLogger("quad.cli")


def _database_url(settings: Settings) -> str:
    if settings.database_url:
        return settings.database_url
    from quad.core.embedded_postgres import start_embedded_postgres

    url = start_embedded_postgres(settings.data_dir).url
    # Worker processes build their own Settings from the environment: hand the URL down.
    os.environ["DATABASE_URL"] = url
    return url


def migrate(settings: Settings) -> None:
    upgrade_to_head(_database_url(settings))
    logger.info("database schema is up to date")


def serve(settings: Settings, args: argparse.Namespace) -> None:
    import uvicorn

    migrate(settings)
    host = args.host or settings.host
    port = args.port or settings.port
    workers = args.workers or settings.workers
    if workers > 1 and not settings.redis_url:
        logger.warning(
            "WORKERS=%d without REDIS_URL: real-time events only reach sockets of the same "
            "process. Set REDIS_URL to share them.",
            workers,
        )
    _ = settings.signing_key  # create the generated secret once, before workers race for it
    logger.info("Quad is serving on http://%s:%d (API docs at /docs)", host, port)
    uvicorn.run(
        "quad.main:serve_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        loop="uvloop",
        http="httptools",
        ws="websockets-sansio",
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        timeout_graceful_shutdown=20,
        log_config=None,
        access_log=False,
    )


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


def _non_negative_float(text: str) -> float:
    value = float(text)
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="quad", description="Quad's server commands.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="migrate, then serve the API and web app")
    serve_parser.add_argument("--host")
    serve_parser.add_argument("--port", type=int)
    serve_parser.add_argument("--workers", type=int)
    commands.add_parser("migrate", help="upgrade the database schema to the newest revision")
    seed_parser = commands.add_parser(
        "seed-demo",
        help="add demo students with friendships and pending friend requests",
        description="Adds N demo students (password quad-demo-password) with friendships, "
        "pending friend requests and a few blocks, in one transaction. Each run adds new "
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
        seed_demo(
            _database_url(settings),
            settings,
            users=args.users,
            seed=args.seed,
            friends_per_student=args.friends_per_student,
        )
    else:  # pragma: no cover - argparse rejects unknown commands
        sys.exit(2)


if __name__ == "__main__":
    main()
