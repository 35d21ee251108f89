"""Operations: liveness, readiness and metrics (outside `/api/v1`, for load balancers)."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from quad.core.openapi import errors
from quad.dependencies import ResourcesDep

router = APIRouter(tags=["Operations"])
logger = logging.getLogger(__name__)

_CHECK_TIMEOUT = 2.0


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Readiness: PostgreSQL and the broker answer",
    responses=errors(503),
)
async def readyz(resources: ResourcesDep) -> JSONResponse:
    checks: dict[str, str] = {}

    async def database() -> None:
        async with resources.database.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def broker() -> None:
        if resources.redis is not None:
            await resources.redis.ping()
        if not await resources.realtime.backplane.ready():
            raise ConnectionError("the backplane is not subscribed")

    for name, check in (("database", database), ("broker", broker)):
        try:
            await asyncio.wait_for(check(), _CHECK_TIMEOUT)
            checks[name] = "ok"
        except Exception as exc:  # any failure means "not ready", and says why
            logger.warning("readiness check %s failed: %s", name, exc)
            checks[name] = "unavailable"
    if resources.redis is None:
        checks["broker"] = "in-process"
    ready = all(state != "unavailable" for state in checks.values())
    if not ready:
        return JSONResponse(
            {
                "error": {
                    "code": "not_ready",
                    "message": "A backing service is unreachable.",
                    "details": [{"field": k, "message": v} for k, v in checks.items()],
                }
            },
            status_code=503,
            headers={"Retry-After": "5"},
        )
    return JSONResponse({"status": "ready", "checks": checks})


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
