"""Every error is the contract's envelope, and the OpenAPI document says so."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.builders import assert_error, registration

ENVELOPE_REF = "#/components/schemas/ErrorEnvelope"
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}


async def test_an_unknown_route_is_404_not_found(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/no-such-thing")

    assert_error(response, 404, "not_found")


async def test_a_wrong_method_is_405_method_not_allowed(client: httpx.AsyncClient) -> None:
    response = await client.delete("/api/v1/universities")

    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["allow"]


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        # Two routes, one address: Allow names both (RFC 9110), not the first found.
        ("/api/v1/users/me", "GET, PATCH"),
        # A literal path is its own address, not a value of /friend-requests/{request_id}.
        ("/api/v1/friend-requests/count", "GET"),
        ("/api/v1/friend-requests/00000000-0000-0000-0000-000000000000", "DELETE"),
    ],
)
async def test_a_405_allows_every_method_of_its_address(
    client: httpx.AsyncClient, path: str, allow: str
) -> None:
    response = await client.request("OPTIONS", path)

    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == allow


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/api/v1/friend-requests/count", "GET"),
        ("PATCH", "/api/v1/conversations/direct", "POST"),
        ("GET", "/api/v1/conversations/groups", "POST"),
    ],
)
async def test_a_literal_path_is_not_taken_for_a_parameter(
    client: httpx.AsyncClient, method: str, path: str, allow: str
) -> None:
    # DELETE /friend-requests/{request_id} exists, but "count" is an address of its own:
    # 405 with its methods, not a 422 saying "count" is not a UUID.
    response = await client.request(method, path)

    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == allow


async def test_a_malformed_json_body_is_400_malformed_json(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register",
        content=b'{"first_name": "Ada",',
        headers={"content-type": "application/json"},
    )

    error = assert_error(response, 400, "malformed_json")
    assert "details" not in error


async def test_a_422_has_one_details_entry_per_bad_field(client: httpx.AsyncClient) -> None:
    body = registration(
        first_name="", email="not-an-e-mail", university_id="not-a-uuid", interests="chess"
    )
    del body["course"]

    response = await client.post("/api/v1/auth/register", json=body)

    error = assert_error(response, 422, "validation_error")
    fields = [detail["field"] for detail in error["details"]]
    assert sorted(fields) == sorted(["first_name", "email", "university_id", "course", "interests"])
    for detail in error["details"]:
        assert set(detail) == {"field", "message"}
        assert isinstance(detail["message"], str)
        assert detail["message"]


async def test_a_422_names_a_bad_list_item_by_its_position(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register", json=registration(interests=["chess", ""])
    )

    error = assert_error(response, 422, "validation_error")
    assert [detail["field"] for detail in error["details"]] == ["interests.1"]


async def test_a_422_message_does_not_leak_pydantic_prefixes(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/register", json=registration(first_name="Ada\u0000"))

    error = assert_error(response, 422, "validation_error")
    assert not error["message"].startswith("Value error")
    assert error["message"] == error["details"][0]["message"]


async def test_a_bad_query_parameter_is_422_naming_it(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/universities", params={"limit": "0"})

    error = assert_error(response, 422, "validation_error")
    assert [detail["field"] for detail in error["details"]] == ["limit"]


ERRORS: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/api/v1/no-such-thing", {}),
    ("GET", "/no-such-page-outside-the-api", {}),
    ("PUT", "/api/v1/universities", {}),
    (
        "POST",
        "/api/v1/auth/login",
        {"content": b"{", "headers": {"content-type": "application/json"}},
    ),
    ("POST", "/api/v1/auth/login", {"json": {"email": "nope"}}),
    ("GET", "/api/v1/universities", {"params": {"limit": "101"}}),
    ("GET", "/api/v1/universities", {"params": {"cursor": "!!"}}),
    ("GET", "/api/v1/universities/00000000-0000-0000-0000-000000000000", {}),
    ("GET", "/api/v1/universities/not-a-uuid/courses", {}),
    ("GET", "/api/v1/users/me", {}),
    ("GET", "/api/v1/users/me", {"headers": {"authorization": "Bearer not-a-jwt"}}),
]


@pytest.mark.parametrize(("method", "path", "options"), ERRORS)
async def test_every_error_body_is_exactly_the_envelope(
    client: httpx.AsyncClient, method: str, path: str, options: dict[str, Any]
) -> None:
    response = await client.request(method, path, **options)

    assert response.status_code >= 400
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) <= {"code", "message", "details"}
    assert SNAKE_CASE.match(error["code"]), error
    assert isinstance(error["message"], str)
    assert error["message"]
    for detail in error.get("details", []):
        assert set(detail) == {"field", "message"}


async def get_from_a_failing_route(app: FastAPI) -> httpx.Response:
    """A route added for the test raises; the client sees what a real client would."""

    @app.get("/test-only/boom")
    async def boom() -> None:
        raise RuntimeError("secret internal detail")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        return await client.get("/test-only/boom")


async def test_an_unexpected_failure_is_500_internal_error_without_the_cause(
    app: FastAPI,
) -> None:
    response = await get_from_a_failing_route(app)

    assert_error(response, 500, "internal_error")
    assert "secret" not in response.text


async def test_an_unexpected_failure_still_carries_a_request_id(app: FastAPI) -> None:
    response = await get_from_a_failing_route(app)

    assert response.status_code == 500
    assert response.headers.get("x-request-id")


# --- The OpenAPI document ---------------------------------------------------------------


async def openapi(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


async def test_the_openapi_document_is_served(client: httpx.AsyncClient) -> None:
    document = await openapi(client)

    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Quad API"
    assert "/api/v1/universities" in document["paths"]


async def test_every_operation_has_a_summary(client: httpx.AsyncClient) -> None:
    document = await openapi(client)

    missing = [f"{m} {p}" for m, p, op in operations(document) if not op.get("summary")]
    assert missing == []


async def test_every_api_operation_documents_an_error_with_the_envelope(
    client: httpx.AsyncClient,
) -> None:
    document = await openapi(client)

    def documents_envelope(operation: dict[str, Any]) -> bool:
        return any(
            status[0] in "45"
            and answer.get("content", {}).get("application/json", {}).get("schema", {})
            == {"$ref": ENVELOPE_REF}
            for status, answer in operation["responses"].items()
        )

    api = [(m, p, op) for m, p, op in operations(document) if p.startswith("/api/v1/")]
    assert api
    missing = [f"{m} {p}" for m, p, op in api if not documents_envelope(op)]
    assert missing == []
    assert ENVELOPE_REF.rsplit("/", 1)[1] in document["components"]["schemas"]


async def test_no_error_response_is_documented_with_another_schema(
    client: httpx.AsyncClient,
) -> None:
    document = await openapi(client)

    wrong = [
        f"{m} {p} {status}"
        for m, p, op in operations(document)
        for status, answer in op["responses"].items()
        if status[0] in "45"
        and answer.get("content", {}).get("application/json", {}).get("schema")
        != {"$ref": ENVELOPE_REF}
    ]
    assert wrong == []


async def test_the_oauth2_scheme_logs_in_through_the_token_route(
    client: httpx.AsyncClient,
) -> None:
    document = await openapi(client)

    scheme = document["components"]["securitySchemes"]["OAuth2PasswordBearer"]
    assert scheme["type"] == "oauth2"
    assert scheme["flows"]["password"]["tokenUrl"] == "/api/v1/auth/token"
    assert "/api/v1/auth/token" in document["paths"]
    me = document["paths"]["/api/v1/users/me"]["get"]
    assert {"OAuth2PasswordBearer": []} in me["security"]


async def test_swagger_ui_is_served_and_reads_the_openapi_document(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/docs")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/api/v1/openapi.json" in response.text
    assert "swagger-ui" in response.text.lower()
