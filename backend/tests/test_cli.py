"""The `quad` command: serve, migrate, openapi, seed-demo, and the embedded PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import anyio.to_thread
import asyncpg
import bcrypt
import httpx
import psutil
import pytest

from quad.cli import main
from quad.core.embedded_postgres import start_embedded_postgres
from quad.core.migrations import upgrade_to_head
from quad.demo import DEMO_PASSWORD
from tests.conftest import TEST_JWT_SECRET

# They start servers and PostgreSQL clusters and time their signals: run alone (pyproject.toml).
pytestmark = pytest.mark.alone


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def embedded_data_dir() -> Iterator[Path]:
    """A DATA_DIR for the embedded PostgreSQL, shared by this module's tests so that only the
    first one to start a server migrates from scratch; each test leaves its server stopped."""
    # Not pytest's tmp_path: run as root, the server drops to its own system user, which
    # cannot enter pytest's private (0700) temp folders.
    data_dir = Path(tempfile.mkdtemp(prefix="quad-embedded-"))
    data_dir.chmod(0o755)
    try:
        yield data_dir
    finally:
        # A failed test must not leave a server running.
        postmaster = _postmaster_pid(data_dir)
        if postmaster is not None and _running(postmaster):
            server = [postmaster, *(child.pid for child in psutil.Process(postmaster).children())]
            os.kill(postmaster, signal.SIGQUIT)  # PostgreSQL's immediate shutdown
            _wait_until_gone(server, seconds=10)
        shutil.rmtree(data_dir, ignore_errors=True)


def _postmaster_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / "postgres" / "postmaster.pid").read_text().split("\n", 1)[0])
    except (FileNotFoundError, ValueError):
        return None


def _running(pid: int) -> bool:
    # A stopped postmaster lingers as a zombie until init reaps it (pg_ctl left it an orphan).
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _wait_until_gone(pids: list[int], seconds: float) -> list[int]:
    """The pids still running after ``seconds``."""
    deadline = time.monotonic() + seconds
    while (alive := [pid for pid in pids if _running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def _start_serve(data_dir: Path, log: Path, *args: str) -> tuple[subprocess.Popen[bytes], int]:
    """`quad serve` with no DATABASE_URL (so on the embedded PostgreSQL), in a process group
    of its own as `make run` is in a terminal's; returns it and its port."""
    port = _free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "WEB_DIST_DIR": str(data_dir / "no-web-app"),
        "LOG_FORMAT": "json",
    }
    for name in ("DATABASE_URL", "REDIS_URL", "HOST", "PORT", "WORKERS"):
        env.pop(name, None)
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "quad.cli", "serve", "--port", str(port), *args],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return server, port


def _wait_until_serving(
    server: subprocess.Popen[bytes], port: int, log: Path, *, workers: int = 1
) -> None:
    """Until /healthz answers and every worker has finished its startup."""
    deadline = time.monotonic() + 120
    while True:
        assert server.poll() is None, f"quad serve ended early:\n{log.read_text()}"
        try:
            healthy = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
        except httpx.TransportError:
            healthy = False
        if healthy and log.read_text().count("Application startup complete") == workers:
            return
        assert time.monotonic() < deadline, f"quad serve did not start:\n{log.read_text()}"
        time.sleep(0.1)


def _stop(server: subprocess.Popen[bytes], signum: signal.Signals, *, group: bool) -> None:
    """Sends ``signum`` (to the whole group, as a terminal's Ctrl-C does, or to the server
    alone, as kill(1) and supervisors do) and waits a few seconds for the server to end."""
    if group:
        os.killpg(server.pid, signum)
    else:
        server.send_signal(signum)
    try:
        server.wait(timeout=10)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_openapi_command_writes_the_document(tmp_path: Path) -> None:
    output = tmp_path / "openapi.json"

    main(["openapi", "--output", str(output)])

    document = json.loads(output.read_text())
    assert document["info"]["title"] == "Quad API"
    assert "/api/v1/auth/register" in document["paths"]


async def test_seed_demo_makes_students_who_can_log_in(
    database_url: str, db: asyncpg.Connection, fresh_tables: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BCRYPT_ROUNDS", "4")

    await anyio.to_thread.run_sync(main, ["seed-demo", "--users", "25"])

    rows = await db.fetch("SELECT email, password_hash, interests FROM users")
    assert len(rows) == 25
    assert len({row["email"] for row in rows}) == 25
    assert all(row["interests"] for row in rows)
    assert bcrypt.checkpw(DEMO_PASSWORD.encode(), rows[0]["password_hash"].encode())


async def test_seed_demo_writes_access_tokens_for_load_generators(
    database_url: str,
    client: httpx.AsyncClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BCRYPT_ROUNDS", "4")
    monkeypatch.setenv("JWT_SECRET", TEST_JWT_SECRET)  # the test app's key
    tokens = tmp_path / "tokens.jsonl"

    await anyio.to_thread.run_sync(main, ["seed-demo", "--users", "20", "--tokens", str(tokens)])

    lines = [json.loads(line) for line in tokens.read_text().splitlines()]
    assert len(lines) == 20
    assert tokens.stat().st_mode & 0o777 == 0o600  # credentials
    me = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {lines[0]['access_token']}"}
    )
    assert me.status_code == 200, me.text
    assert me.json()["email"] == lines[0]["email"]
    assert f"access tokens: {tokens}" in capsys.readouterr().out


async def test_seed_demo_runs_twice_and_says_what_it_made(
    database_url: str,
    db: asyncpg.Connection,
    fresh_tables: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BCRYPT_ROUNDS", "4")

    for _ in range(2):
        await anyio.to_thread.run_sync(
            main, ["seed-demo", "--users", "40", "--friends-per-student", "5", "--seed", "3"]
        )

    output = capsys.readouterr().out
    assert output.count("Seeded 40 demo students in") == 2
    assert "friendships" in output
    assert "pending requests" in output
    assert await db.fetchval("SELECT count(DISTINCT email) FROM users") == 80


async def test_serve_migrates_answers_and_stops_cleanly_on_sigterm(
    database_url: str, fresh_tables: None, tmp_path: Path
) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(tmp_path),
        "WEB_DIST_DIR": str(tmp_path / "no-web-app"),
        "BCRYPT_ROUNDS": "4",
        "LOG_FORMAT": "json",
    }
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(  # noqa: ASYNC220 (returns at once; the wait is in a thread)
        [sys.executable, "-m", "quad.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "quad serve did not become ready"
                await asyncio.sleep(0.2)
            docs = await client.get("/docs")
            answer = await client.get("/api/v1/universities", params={"q": "Oxford"})

        assert docs.status_code == 200
        assert answer.status_code == 200
        assert answer.headers["x-request-id"]
        server.send_signal(signal.SIGTERM)
        output, _ = await anyio.to_thread.run_sync(lambda: server.communicate(timeout=30))
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
    # uvicorn shuts down gracefully, then re-raises SIGTERM; quad exits with the shell's
    # status for it (128 + 15) once everything it started is stopped.
    assert server.returncode == 128 + signal.SIGTERM
    lines = [json.loads(line) for line in output.decode().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "quad.access"]
    assert any(line["route"] == "/api/v1/universities" and line["request_id"] for line in access)
    assert any("Application shutdown complete" in line["message"] for line in lines)


def test_embedded_postgres_runs_the_migrations_with_pg_trgm(embedded_data_dir: Path) -> None:
    embedded = start_embedded_postgres(embedded_data_dir)
    try:
        upgrade_to_head(embedded.url)
        upgrade_to_head(embedded.url)  # idempotent, as `make run` runs it at every start

        async def universities_and_version() -> tuple[int, str]:
            host = embedded.url.split("host=", 1)[1]
            connection = await asyncpg.connect(host=host, user="postgres", database="quad")
            try:
                count = await connection.fetchval("SELECT count(*) FROM universities")
                version = await connection.fetchval("SHOW server_version")
                return count, version
            finally:
                await connection.close()

        count, version = asyncio.run(universities_and_version())
    finally:
        embedded.stop()
    assert count > 10_000
    assert int(version.split(".")[0]) >= 18
    assert not _running(embedded.pid)


def test_ctrl_c_stops_quad_serve_and_its_embedded_postgres(
    embedded_data_dir: Path, tmp_path: Path
) -> None:
    log = tmp_path / "serve.log"
    server, port = _start_serve(embedded_data_dir, log)
    _wait_until_serving(server, port, log)
    postmaster = _postmaster_pid(embedded_data_dir)
    assert postmaster is not None
    assert _running(postmaster)

    _stop(server, signal.SIGINT, group=True)

    assert _wait_until_gone([postmaster], seconds=3) == []
    assert server.returncode == 128 + signal.SIGINT
    assert "Traceback" not in log.read_text()


def test_sigterm_stops_every_worker_and_the_embedded_postgres(
    embedded_data_dir: Path, tmp_path: Path
) -> None:
    log = tmp_path / "serve.log"
    server, port = _start_serve(embedded_data_dir, log, "--workers", "2")
    _wait_until_serving(server, port, log, workers=2)
    postmaster = _postmaster_pid(embedded_data_dir)
    assert postmaster is not None
    # The two workers (and multiprocessing's resource tracker).
    children = [child.pid for child in psutil.Process(server.pid).children(recursive=True)]
    assert len(children) >= 2

    _stop(server, signal.SIGTERM, group=False)

    assert _wait_until_gone([postmaster, *children], seconds=3) == []
    # uvicorn's supervisor stops its workers and returns normally.
    assert server.returncode == 0


def _crash_holding_the_server(data_dir: Path) -> int:
    """A process that starts the embedded PostgreSQL, then is killed outright (as a crashed or
    `kill -9`ed `quad serve` is): its server runs on, its handle stays. Returns the server."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from quad.core.embedded_postgres import start_embedded_postgres\n"
            "start_embedded_postgres(Path(sys.argv[1]))\n"
            "print('started', flush=True)\n"
            "time.sleep(120)\n",
            str(data_dir),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == b"started\n"
    finally:
        holder.kill()
        holder.wait()
    postmaster = _postmaster_pid(data_dir)
    assert postmaster is not None
    return postmaster


def test_serve_after_a_crash_joins_the_server_left_running_and_stops_it_on_sigterm(
    embedded_data_dir: Path, tmp_path: Path
) -> None:
    left_running = _crash_holding_the_server(embedded_data_dir)
    assert _running(left_running)

    log = tmp_path / "serve.log"
    server, port = _start_serve(embedded_data_dir, log)
    _wait_until_serving(server, port, log)
    assert _postmaster_pid(embedded_data_dir) == left_running
    # SIGTERM to one process: Python's default for it ends the process without cleaning up.
    _stop(server, signal.SIGTERM, group=False)

    assert _wait_until_gone([left_running], seconds=3) == []
    assert server.returncode == 128 + signal.SIGTERM


def test_a_stale_postmaster_pid_naming_another_program_is_cleared(
    embedded_data_dir: Path,
) -> None:
    # The server died with its holder (a power cut), and after the reboot its pid is another
    # program's: PostgreSQL's lock file names a live process that is not PostgreSQL.
    crashed = _crash_holding_the_server(embedded_data_dir)
    its_processes = [crashed, *(child.pid for child in psutil.Process(crashed).children())]
    os.kill(crashed, signal.SIGKILL)
    assert _wait_until_gone(its_processes, seconds=10) == []
    pid_file = embedded_data_dir / "postgres" / "postmaster.pid"
    lines = pid_file.read_text().split("\n")
    pid_file.write_text("\n".join([str(os.getpid()), *lines[1:]]))

    embedded = start_embedded_postgres(embedded_data_dir)
    try:
        assert embedded.pid not in (os.getpid(), crashed)
        assert _running(embedded.pid)
    finally:
        embedded.stop()
    assert _wait_until_gone([embedded.pid], seconds=3) == []
