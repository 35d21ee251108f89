"""Cursor pagination: ``{"items": [...], "next_cursor": "opaque or null"}`` as the contract says."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

import orjson
from fastapi import Depends, Query
from pydantic import BaseModel, ConfigDict

from quad.core.errors import BadRequest


class InvalidCursor(BadRequest):
    code = "invalid_cursor"
    default_message = "The cursor is not valid; start again from the first page."


T = TypeVar("T")
R = TypeVar("R")


class Page(BaseModel, Generic[T]):
    model_config = ConfigDict(json_schema_extra={"description": "One page of a list."})

    items: list[T]
    next_cursor: str | None = None


class PageParams(BaseModel):
    limit: int
    cursor: str | None


async def page_params(
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


# --- Keyset pages ------------------------------------------------------------------------
# Lists in a fixed order (alphabetical, newest first) page by position instead: the cursor
# holds the sort key of the last row shown, and the next page starts after it. Rows added or
# removed meanwhile never shift a page, and a deep page costs what the first one does.

Parser = Callable[[Any], Any]


def _parse_float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not a number")
    return float(value)


def _parse_str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def _parse_uuid(value: Any) -> uuid.UUID:
    return uuid.UUID(_parse_str(value))


def _parse_datetime(value: Any) -> datetime:
    parsed = datetime.fromisoformat(_parse_str(value))
    if parsed.tzinfo is None:
        raise ValueError("a time without a zone")
    return parsed


KEY_PARSERS: dict[type, Parser] = {
    float: _parse_float,
    str: _parse_str,
    uuid.UUID: _parse_uuid,
    datetime: _parse_datetime,
}


def encode_keyset(*key: float | str | uuid.UUID | datetime) -> str:
    """The cursor after a row whose sort key is ``key``."""
    values: list[Any] = []
    for part in key:
        if isinstance(part, uuid.UUID):
            values.append(str(part))
        elif isinstance(part, datetime):
            values.append(part.isoformat())
        else:
            values.append(part)
    return encode_cursor({"after": values})


def decode_keyset(cursor: str | None, *types: type) -> tuple[Any, ...] | None:
    """The sort key a keyset cursor holds, each part parsed as ``types`` says.

    Raises ``InvalidCursor`` for anything this server did not hand out for such a list.
    """
    position = decode_cursor(cursor)
    if position is None:
        return None
    values = position.get("after")
    if not isinstance(values, list) or len(values) != len(types):
        raise InvalidCursor()
    try:
        return tuple(KEY_PARSERS[kind](value) for kind, value in zip(types, values, strict=True))
    except (ValueError, TypeError) as exc:
        raise InvalidCursor() from exc


def keyset_page(
    rows: Sequence[R],
    *,
    limit: int,
    key: Callable[[R], tuple[Any, ...]],
    present: Callable[[R], T],
) -> Page[T]:
    """A page from a query that fetched ``limit + 1`` rows after the cursor's position:
    the extra row says whether another page exists, without a COUNT."""
    shown = rows[:limit]
    more = len(rows) > limit
    return Page(
        items=[present(row) for row in shown],
        next_cursor=encode_keyset(*key(shown[-1])) if more and shown else None,
    )
