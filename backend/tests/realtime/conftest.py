"""Real-time tests run against a real server, once per backplane: both must behave alike."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI

from tests.builders import Student
from tests.conftest import REDIS_URL, AppFactory
from tests.fixtures.live import Socket, serving


@dataclass
class Live:
    """The test app: ``client`` calls its HTTP API, ``url`` is where its WebSocket listens."""

    client: httpx.AsyncClient
    url: str

    @property
    def app(self) -> FastAPI:
        app: FastAPI = self.client.app  # type: ignore[attr-defined]
        return app

    async def socket(self, student: Student) -> Socket:
        return await Socket.open(self.url, student.access_token)


@pytest.fixture(params=["memory", "redis"])
async def live(request: pytest.FixtureRequest, make_client: AppFactory) -> AsyncIterator[Live]:
    overrides = {"redis_url": REDIS_URL} if request.param == "redis" else {}
    client = await make_client(**overrides)
    async with serving(client.app) as url:  # type: ignore[attr-defined]
        yield Live(client, url)
