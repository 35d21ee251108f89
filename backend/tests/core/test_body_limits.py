"""Oversized bodies are refused with the envelope as they arrive, not after being read."""

from __future__ import annotations

import httpx

from tests.builders import assert_error, register


async def test_an_oversized_json_body_is_413(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/login",
        content=b'{"email": "a@b.co", "password": "' + b"x" * 400_000 + b'"}',
        headers={"content-type": "application/json"},
    )

    assert_error(response, 413, "payload_too_large")


async def test_an_avatar_body_far_over_5_mb_is_refused_from_its_length(
    client: httpx.AsyncClient,
) -> None:
    student = await register(client)
    body = b"--b\r\nContent-Disposition: form-data; name=file; filename=a.png\r\n\r\n"
    body += b"\0" * (8 * 1024 * 1024) + b"\r\n--b--\r\n"

    response = await client.put(
        "/api/v1/users/me/avatar",
        content=body,
        headers={**student.headers, "content-type": "multipart/form-data; boundary=b"},
    )

    assert_error(response, 413, "payload_too_large")


async def test_a_streamed_body_is_cut_off_once_it_passes_the_limit(
    client: httpx.AsyncClient,
) -> None:
    async def chunks():  # type: ignore[no-untyped-def]  # no Content-Length: chunked
        yield b'{"email": "a@b.co", "password": "'
        for _ in range(100):
            yield b"x" * 10_000
        yield b'"}'

    response = await client.post(
        "/api/v1/auth/login", content=chunks(), headers={"content-type": "application/json"}
    )

    assert_error(response, 413, "payload_too_large")
