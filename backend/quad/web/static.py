"""Serves the built web app (Next.js static export) from the API's own origin.

Next exports each page as ``/path.html`` (or ``/path/index.html``); client-side routes
resolve to those files, unknown pages get the app's own 404 page.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

_RESERVED_PREFIXES = ("api/", "media/", "docs", "redoc", "healthz", "readyz", "metrics")


def _candidates(root: Path, clean: str) -> list[Path]:
    """The files that may answer ``/clean``: an asset as is, a page as ``.html`` or folder."""
    if not clean:
        return [root / "index.html"]
    if "." in clean.rsplit("/", 1)[-1]:
        return [root / clean]
    return [root / f"{clean}.html", root / clean / "index.html"]


def web_app_router(dist: Path) -> APIRouter:
    root = dist.resolve()
    router = APIRouter(include_in_schema=False)

    # A plain `def`: FastAPI runs it in its thread pool, so the file lookups (stat calls)
    # never block the event loop.
    # HEAD too: browsers and Next's link prefetching ask it of pages.
    @router.api_route("/{path:path}", methods=["GET", "HEAD"])
    def web_app(path: str) -> FileResponse:
        if path.startswith(_RESERVED_PREFIXES):
            raise HTTPException(status_code=404)
        clean = path.strip("/")
        for candidate in _candidates(root, clean):
            resolved = candidate.resolve()
            if resolved.is_relative_to(root) and resolved.is_file():
                # HTML revalidates; hashed assets under _next/static never change.
                immutable = "/_next/static/" in f"/{clean}"
                cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
                return FileResponse(resolved, headers={"Cache-Control": cache})
        not_found = root / "404.html"
        if not_found.is_file():
            return FileResponse(not_found, status_code=404, headers={"Cache-Control": "no-cache"})
        raise HTTPException(status_code=404)

    return router
