"""The OpenAPI document lists the errors any request can meet, on every operation they
apply to, and states the limits the server enforces (schemathesis checks the rest)."""

from __future__ import annotations

from typing import Any

import httpx
import jsonschema_rs

from tests.core.test_errors import openapi, operations

ENVELOPE = {"$ref": "#/components/schemas/ErrorEnvelope"}


def error_codes(operation: dict[str, Any], status: str) -> set[str]:
    """The error codes the examples of one documented status show."""
    answer = operation["responses"].get(status)
    assert answer is not None, f"{status} is not documented"
    media = answer["content"]["application/json"]
    assert media["schema"] == ENVELOPE
    examples = [media["example"]] if "example" in media else []
    examples += [example["value"] for example in media.get("examples", {}).values()]
    return {example["error"]["code"] for example in examples}


async def test_every_operation_with_a_json_body_documents_400_413_and_422(
    client: httpx.AsyncClient,
) -> None:
    document = await openapi(client)

    with_json = [
        (m, p, op)
        for m, p, op in operations(document)
        if "application/json" in op.get("requestBody", {}).get("content", {})
    ]
    assert len(with_json) > 10
    for _method, _path, operation in with_json:
        assert "malformed_json" in error_codes(operation, "400")
        assert "payload_too_large" in error_codes(operation, "413")
        assert "validation_error" in error_codes(operation, "422")


async def test_every_paged_operation_documents_400_invalid_cursor(
    client: httpx.AsyncClient,
) -> None:
    document = await openapi(client)

    paged = [
        op
        for _m, _p, op in operations(document)
        if any(p["name"] == "cursor" for p in op.get("parameters", []))
    ]
    assert paged
    for operation in paged:
        assert "invalid_cursor" in error_codes(operation, "400")


async def test_every_api_operation_documents_503_with_retry_after(
    client: httpx.AsyncClient,
) -> None:
    document = await openapi(client)

    api = [op for _m, path, op in operations(document) if path.startswith("/api/v1/")]
    # The WebSocket's address answers a plain GET with 426 and touches nothing.
    api.remove(document["paths"]["/api/v1/ws"]["get"])
    for operation in api:
        assert "service_unavailable" in error_codes(operation, "503")
        assert operation["responses"]["503"]["headers"]["Retry-After"]["required"] is True
    # Liveness never touches the database.
    assert "503" not in document["paths"]["/healthz"]["get"]["responses"]


async def test_every_401_documents_its_www_authenticate_header(
    client: httpx.AsyncClient,
) -> None:
    document = await openapi(client)

    with_401 = [op for _m, _p, op in operations(document) if "401" in op["responses"]]
    assert len(with_401) > 10
    for operation in with_401:
        assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]


async def test_the_password_limits_are_stated(client: httpx.AsyncClient) -> None:
    document = await openapi(client)

    password = document["components"]["schemas"]["RegisterIn"]["properties"]["password"]
    assert (password["minLength"], password["maxLength"]) == (8, 72)
    assert password["x-max-utf8-bytes"] == 72
    assert "72 bytes" in password["description"]


async def test_the_name_limits_and_character_rules_are_stated(client: httpx.AsyncClient) -> None:
    document = await openapi(client)

    name = document["components"]["schemas"]["RegisterIn"]["properties"]["first_name"]
    assert (name["minLength"], name["maxLength"]) == (1, 50)
    assert "\\u202a-\\u202e" in name["pattern"]


async def test_every_example_of_a_schema_is_valid_against_it(client: httpx.AsyncClient) -> None:
    document = await openapi(client)
    schemas = document["components"]["schemas"]

    with_examples = {name: schema for name, schema in schemas.items() if "example" in schema}
    assert len(with_examples) > 10
    for name, schema in with_examples.items():
        validator = jsonschema_rs.validator_for(
            {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        )
        errors = [error.message for error in validator.iter_errors(schema["example"])]
        assert errors == [], f"{name}: {errors}"
