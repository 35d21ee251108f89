"""A connection's writes start on the caller's turn; a task carries on only from a wait."""

from __future__ import annotations

import asyncio

import pytest

from quad.realtime.hub import start_eagerly


async def test_a_coroutine_that_never_waits_ends_at_once_without_a_task() -> None:
    ran: list[str] = []

    async def write() -> None:
        ran.append("written")

    assert start_eagerly(write()) is None
    assert ran == ["written"]


async def test_one_that_waits_is_carried_on_by_a_task_with_what_it_awaited() -> None:
    steps: list[str] = []
    answer: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def write() -> None:
        steps.append("began")
        steps.append(await answer)
        await asyncio.sleep(0)  # a bare yield too
        steps.append("ended")

    task = start_eagerly(write())
    assert task is not None
    assert steps == ["began"]  # before any task ran
    answer.set_result("answered")
    await task
    assert steps == ["began", "answered", "ended"]


async def test_the_exception_of_what_it_awaited_is_raised_in_it() -> None:
    caught: list[BaseException] = []
    failing: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def write() -> None:
        try:
            await failing
        except ConnectionResetError as exc:
            caught.append(exc)

    task = start_eagerly(write())
    assert task is not None
    failing.set_exception(ConnectionResetError("gone"))
    await task
    assert [str(exc) for exc in caught] == ["gone"]


async def test_cancelling_the_task_cancels_the_coroutine_where_it_waits() -> None:
    cleaned_up = asyncio.Event()

    async def write() -> None:
        try:
            await asyncio.Event().wait()  # a client that never reads
        finally:
            cleaned_up.set()

    task = start_eagerly(write())
    assert task is not None
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert cleaned_up.is_set()


async def test_cancelled_before_its_first_turn_it_still_cleans_up() -> None:
    cleaned_up = asyncio.Event()

    async def write() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            cleaned_up.set()

    # Held here, as a connection's writer is held while it lives: not garbage that the
    # interpreter would close on its own.
    writing = write()
    task = start_eagerly(writing)
    assert task is not None
    task.cancel()  # before the loop ran it once
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0)  # its done callbacks
    assert cleaned_up.is_set()
