"""The built web app is served at `/` beside the API, with the right fallback for its routes."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.builders import assert_error
from tests.conftest import AppFactory


@pytest.fixture
async def web(make_client: AppFactory, tmp_path: Path) -> httpx.AsyncClient:
    dist = tmp_path / "out"
    (dist / "_next" / "static" / "chunks").mkdir(parents=True)
    (dist / "settings").mkdir()
    (dist / "index.html").write_text("landing")
    (dist / "login.html").write_text("login page")
    (dist / "settings" / "index.html").write_text("settings page")
    (dist / "404.html").write_text("not found page")
    (dist / "_next" / "static" / "chunks" / "app-3f2a.js").write_text("console.log(1)")
    (tmp_path / "secret.txt").write_text("outside the export")
    return await make_client(web_dist_dir=dist)


async def test_the_landing_page_is_served_at_the_root(web: httpx.AsyncClient) -> None:
    response = await web.get("/")

    assert response.status_code == 200
    assert response.text == "landing"
    assert response.headers["cache-control"] == "no-cache"


async def test_a_client_route_resolves_to_its_exported_page(web: httpx.AsyncClient) -> None:
    assert (await web.get("/login")).text == "login page"
    assert (await web.get("/login/")).text == "login page"
    assert (await web.get("/settings")).text == "settings page"


async def test_pages_answer_head_as_browsers_and_prefetching_ask(
    web: httpx.AsyncClient,
) -> None:
    response = await web.head("/login")

    assert response.status_code == 200
    assert response.headers["content-length"] == str(len("login page"))
    assert response.content == b""


async def test_hashed_assets_are_cached_forever(web: httpx.AsyncClient) -> None:
    response = await web.get("/_next/static/chunks/app-3f2a.js")

    assert response.status_code == 200
    assert "immutable" in response.headers["cache-control"]


async def test_an_unknown_page_gets_the_apps_404_page(web: httpx.AsyncClient) -> None:
    response = await web.get("/no/such/page")

    assert response.status_code == 404
    assert response.text == "not found page"


async def test_nothing_outside_the_export_is_reachable(web: httpx.AsyncClient) -> None:
    response = await web.get("/..%2Fsecret.txt")

    assert response.status_code == 404
    assert "outside the export" not in response.text


async def test_api_addresses_keep_the_json_envelope(web: httpx.AsyncClient) -> None:
    assert_error(await web.get("/api/v1/no-such-route"), 404, "not_found")
    assert (await web.get("/docs")).headers["content-type"].startswith("text/html")
