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
from pathlib import Path

import anyio.to_thread
import asyncpg
import bcrypt
import httpx
import pytest

from quad.cli import main
from quad.core.embedded_postgres import start_embedded_postgres
from quad.core.migrations import upgrade_to_head
from quad.demo import DEMO_PASSWORD


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


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
    # uvicorn shuts down gracefully, then re-raises SIGTERM so supervisors see why it ended.
    assert server.returncode in (0, -signal.SIGTERM)
    lines = [json.loads(line) for line in output.decode().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "quad.access"]
    assert any(line["route"] == "/api/v1/universities" and line["request_id"] for line in access)
    assert any("Application shutdown complete" in line["message"] for line in lines)


def test_embedded_postgres_runs_the_migrations_with_pg_trgm() -> None:
    # Not pytest's tmp_path: run as root, the server drops to its own system user, which
    # cannot enter pytest's private (0700) temp folders.
    data_dir = Path(tempfile.mkdtemp(prefix="quad-embedded-"))
    data_dir.chmod(0o755)
    embedded = start_embedded_postgres(data_dir)
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
        shutil.rmtree(data_dir, ignore_errors=True)
    assert count > 10_000
    assert int(version.split(".")[0]) >= 18
