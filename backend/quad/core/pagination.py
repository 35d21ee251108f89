"""Cursor pagination: ``{"items": [...], "next_cursor": "opaque or null"}`` as the contract says."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

import orjson
from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict

from quad.core.errors import BadRequest


class InvalidCursor(BadRequest):
    code = "invalid_cursor"
    default_message = "The cursor is not valid; start again from the first page."


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    model_config = ConfigDict(json_schema_extra={"description": "One page of a list."})

    items: list[T]
    next_cursor: str | None = None


class PageParams(BaseModel):
    limit: int
    cursor: str | None


def page_params(
    limit: Annotated[int, Query(ge=1, le=100, description="Items per page (1–100).")] = 20,
    cursor: Annotated[
        str | None, Query(max_length=512, description="`next_cursor` of the previous page.")
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


PageParamsDep = Annotated[PageParams, Depends(page_params)]


def encode_cursor(position: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(position)).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, orjson.JSONDecodeError) as exc:
        raise InvalidCursor() from exc
    if not isinstance(position, dict):
        raise InvalidCursor()
    return position


# Deep offsets cost a scan; no offset-paged list (universities, courses) comes near this.
MAX_OFFSET = 100_000


def offset_from_cursor(cursor: str | None) -> int:
    """For relevance-ranked lists, where the cursor is a position in the ranking."""
    position = decode_cursor(cursor)
    if position is None:
        return 0
    offset = position.get("offset")
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= MAX_OFFSET:
        raise InvalidCursor()
    return offset


def offset_page(rows: Sequence[T], *, offset: int, limit: int) -> Page[T]:
    """A page from a query that fetched ``limit + 1`` rows at ``offset``.

    The extra row tells whether another page exists, without a COUNT.
    """
    # Never hand out a cursor that offset_from_cursor would refuse: the list ends there.
    more = len(rows) > limit and offset + limit <= MAX_OFFSET
    return Page(
        items=list(rows[:limit]),
        next_cursor=encode_cursor({"offset": offset + limit}) if more else None,
    )
