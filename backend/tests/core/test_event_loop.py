"""bcrypt and image decoding run in worker threads: the event loop keeps turning meanwhile.

No timing thresholds: a coroutine counts how often the loop gets to run it while the slow
call is awaited. A call that blocks the loop lets it run zero times; one in a worker thread
lets it run many times.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable
from typing import TypeVar

import anyio.to_thread
import bcrypt
import pytest
from PIL import Image, ImageDraw

from quad.core.config import Settings
from quad.core.security import PasswordHasher
from quad.users.images import normalize_avatar_async

T = TypeVar("T")

PASSWORD = "correct horse battery"


async def loop_turns_during(work: Awaitable[T]) -> tuple[T, int]:
    """Awaits ``work`` and counts the turns a concurrent coroutine got meanwhile."""
    turns = 0
    running = asyncio.Event()
    stop = False

    async def ticker() -> None:
        nonlocal turns
        running.set()
        while not stop:
            await asyncio.sleep(0)
            turns += 1

    task = asyncio.create_task(ticker())
    await running.wait()
    start = turns
    try:
        result = await work
    finally:
        during = turns - start
        stop = True
        await task
    return result, during


@pytest.fixture(scope="module")
async def hasher() -> PasswordHasher:
    # The constructor hashes the login decoy itself: build it off the loop too.
    return await anyio.to_thread.run_sync(PasswordHasher, 12)


def large_photo() -> bytes:
    """A 4000×3000 PNG (12 megapixels to decode) with enough detail to resample."""
    image = Image.new("RGB", (4000, 3000), (240, 240, 240))
    draw = ImageDraw.Draw(image)
    for x in range(0, 4000, 40):
        draw.line([(x, 0), (4000 - x, 3000)], fill=(x % 256, 80, 160), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


async def test_hashing_a_password_does_not_block_the_event_loop(hasher: PasswordHasher) -> None:
    password_hash, turns = await loop_turns_during(hasher.hash(PASSWORD))

    assert turns > 10
    assert bcrypt.checkpw(PASSWORD.encode(), password_hash.encode())


async def test_checking_a_password_does_not_block_the_event_loop(
    hasher: PasswordHasher,
) -> None:
    password_hash = await hasher.hash(PASSWORD)

    matches, turns = await loop_turns_during(hasher.verify(PASSWORD, password_hash))

    assert matches is True
    assert turns > 10


async def test_checking_an_unknown_email_does_not_block_the_event_loop(
    hasher: PasswordHasher,
) -> None:
    matches, turns = await loop_turns_during(hasher.verify(PASSWORD, None))

    assert matches is False
    assert turns > 10


async def test_decoding_an_avatar_does_not_block_the_event_loop() -> None:
    data = await anyio.to_thread.run_sync(large_photo)

    image, turns = await loop_turns_during(normalize_avatar_async(data, max_bytes=len(data)))

    assert turns > 10
    assert (image.width, image.height) == (512, 384)


async def test_the_hash_uses_the_configured_cost(hasher: PasswordHasher) -> None:
    password_hash = await hasher.hash(PASSWORD)

    assert password_hash.startswith("$2b$12$")


async def test_a_lower_cost_is_honoured() -> None:
    cheap = await anyio.to_thread.run_sync(PasswordHasher, 4)

    assert (await cheap.hash(PASSWORD)).startswith("$2b$04$")


def test_the_default_cost_is_12(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BCRYPT_ROUNDS", raising=False)

    assert Settings().bcrypt_rounds == 12
