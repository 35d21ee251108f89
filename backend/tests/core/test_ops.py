"""Operations: health, readiness, metrics, request ids, CORS, and outages answered as 503."""

from __future__ import annotations

import gc
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import asyncpg
import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from quad.main import YOUNG_GENERATION_THRESHOLD, create_app
from tests.builders import OXFORD_ID, assert_error
from tests.conftest import REDIS_URL, AppFactory, make_settings
from tests.fixtures.smtp import Mailbox

CLOSED_REDIS = "redis://127.0.0.1:1/0"
CLOSED_DATABASE = "postgresql+asyncpg://postgres@127.0.0.1:1/x"
FRONTEND = "http://localhost:3000"  # FRONTEND_URL of the test settings


@pytest.fixture
async def no_database(mailbox: Mailbox, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """An app whose database refuses connections (``make_client`` keeps the test database)."""
    app = create_app(make_settings(CLOSED_DATABASE, mailbox, tmp_path))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


async def test_healthz_answers_200(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_healthz_answers_even_without_a_database(
    no_database: httpx.AsyncClient,
) -> None:
    response = await no_database.get("/healthz")

    assert response.status_code == 200


async def test_readyz_without_redis_reports_the_in_process_broker(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "broker": "in-process"},
    }


async def test_readyz_with_redis_reports_the_broker_ok(make_client: AppFactory) -> None:
    client = await make_client(redis_url=REDIS_URL)

    response = await client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


async def test_readyz_with_an_unreachable_redis_is_503_with_retry_after(
    make_client: AppFactory,
) -> None:
    client = await make_client(redis_url=CLOSED_REDIS)

    with anyio.fail_after(10):
        response = await client.get("/readyz")

    error = assert_error(response, 503, "not_ready")
    assert int(response.headers["retry-after"]) > 0
    assert {"field": "broker", "message": "unavailable"} in error["details"]
    assert {"field": "database", "message": "ok"} in error["details"]


async def test_readyz_with_an_unreachable_database_is_503(
    no_database: httpx.AsyncClient,
) -> None:
    with anyio.fail_after(10):
        response = await no_database.get("/readyz")

    error = assert_error(response, 503, "not_ready")
    assert int(response.headers["retry-after"]) > 0
    assert {"field": "database", "message": "unavailable"} in error["details"]


async def test_an_api_call_without_a_database_is_503_not_500_and_does_not_hang(
    no_database: httpx.AsyncClient,
) -> None:
    with anyio.fail_after(10):
        response = await no_database.get("/api/v1/universities")

    assert_error(response, 503, "service_unavailable")
    assert int(response.headers["retry-after"]) > 0


async def test_a_write_without_a_database_is_503_too(
    no_database: httpx.AsyncClient,
) -> None:
    with anyio.fail_after(10):
        response = await no_database.post(
            "/api/v1/auth/login", json={"email": "ada@ox.ac.uk", "password": "whatever it is"}
        )

    assert_error(response, 503, "service_unavailable")


async def test_a_database_restart_costs_at_most_one_503_never_a_500(
    client: httpx.AsyncClient, db: asyncpg.Connection
) -> None:
    # Connections are not pinged before each use (a round trip per request); one that died
    # with its server fails its request as an outage, and the pool replaces them all.
    assert (await client.get("/api/v1/universities")).status_code == 200
    await db.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )

    first = await client.get("/api/v1/universities")
    after = [await client.get("/api/v1/universities") for _ in range(3)]

    if first.status_code != 200:
        assert_error(first, 503, "service_unavailable")
    assert [response.status_code for response in after] == [200, 200, 200]


def requests_total(text: str) -> list[dict[str, str]]:
    return [
        sample.labels
        for family in text_string_to_metric_families(text)
        if family.name == "quad_http_requests"
        for sample in family.samples
        if sample.name == "quad_http_requests_total"
    ]


async def test_metrics_are_prometheus_text(client: httpx.AsyncClient) -> None:
    await client.get("/healthz")

    response = await client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "# TYPE quad_http_requests_total counter" in response.text
    assert requests_total(response.text)


async def test_metrics_label_requests_by_route_template_never_the_raw_path(
    client: httpx.AsyncClient,
) -> None:
    unknown = uuid.uuid4()
    assert (await client.get(f"/api/v1/universities/{OXFORD_ID}")).status_code == 200
    assert (await client.get(f"/api/v1/universities/{unknown}")).status_code == 404
    assert (await client.get(f"/api/v1/no-such-route/{unknown}")).status_code == 404

    text = (await client.get("/metrics")).text

    labels = requests_total(text)
    assert {
        "method": "GET",
        "route": "/api/v1/universities/{university_id}",
        "status": "200",
    } in labels
    assert {
        "method": "GET",
        "route": "/api/v1/universities/{university_id}",
        "status": "404",
    } in labels
    assert str(OXFORD_ID) not in text
    assert str(unknown) not in text


async def test_every_response_has_a_request_id(client: httpx.AsyncClient) -> None:
    responses = [
        await client.get("/healthz"),
        await client.get("/api/v1/universities", params={"limit": 1}),
        await client.get("/api/v1/no-such-route"),
        await client.get("/api/v1/universities", params={"limit": 0}),
        await client.delete("/api/v1/universities"),
        await client.options(
            "/api/v1/universities",
            headers={"origin": FRONTEND, "access-control-request-method": "GET"},
        ),
    ]

    ids = [response.headers.get("x-request-id") for response in responses]
    assert all(ids), ids
    assert len(set(ids)) == len(ids)


async def test_a_sane_incoming_request_id_is_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz", headers={"x-request-id": "lb-7f3a.2_B"})

    assert response.headers["x-request-id"] == "lb-7f3a.2_B"


@pytest.mark.parametrize(
    "incoming",
    [
        "has spaces in it",
        "x" * 200,
        "evil\tvalue",
        "<script>alert(1)</script>",
        "a;b=c",
        "",
    ],
)
async def test_a_malicious_incoming_request_id_is_replaced(
    client: httpx.AsyncClient, incoming: str
) -> None:
    response = await client.get("/healthz", headers={"x-request-id": incoming})

    answered = response.headers["x-request-id"]
    assert answered != incoming
    assert len(answered) == 32
    assert int(answered, 16) >= 0  # hex


async def test_cors_preflight_from_the_frontend_is_allowed(client: httpx.AsyncClient) -> None:
    response = await client.options(
        "/api/v1/users/me",
        headers={
            "origin": FRONTEND,
            "access-control-request-method": "PATCH",
            "access-control-request-headers": "authorization, content-type",
        },
    )

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == FRONTEND
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "PATCH" in response.headers["access-control-allow-methods"]
    allowed_headers = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed_headers


async def test_cors_preflight_from_another_origin_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.options(
        "/api/v1/users/me",
        headers={"origin": "https://evil.example", "access-control-request-method": "GET"},
    )

    assert response.status_code >= 400
    assert "access-control-allow-origin" not in response.headers


async def test_a_simple_request_from_the_frontend_gets_cors_headers(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/universities", headers={"origin": FRONTEND})

    assert response.headers["access-control-allow-origin"] == FRONTEND
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


async def test_a_simple_request_from_another_origin_gets_no_cors_headers(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/universities", headers={"origin": "https://evil.example"})

    assert "access-control-allow-origin" not in response.headers


async def test_a_serving_process_freezes_startup_objects_and_lets_the_young_die_young(
    database_url: str, mailbox: Mailbox, tmp_path: Path
) -> None:
    thresholds = gc.get_threshold()
    app = create_app(make_settings(database_url, mailbox, tmp_path), serving=True)
    try:
        async with app.router.lifespan_context(app):
            assert gc.get_freeze_count() > 0
            assert gc.get_threshold()[0] == YOUNG_GENERATION_THRESHOLD
    finally:
        # The test process is not a server: its collector goes back to what it was.
        gc.unfreeze()
        gc.set_threshold(*thresholds)
