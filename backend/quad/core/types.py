"""Field types shared by every feature's schemas."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import PlainSerializer, WithJsonSchema


def iso_utc(value: datetime) -> str:
    # The contract: ISO 8601 in UTC with `Z` (Pydantic would write "+00:00").
    text = value.astimezone(UTC).isoformat(timespec="microseconds")
    return text.replace("+00:00", "Z")


UtcDateTime = Annotated[
    datetime,
    PlainSerializer(iso_utc, return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "format": "date-time", "examples": ["2026-11-24T09:30:00.000000Z"]}
    ),
]
