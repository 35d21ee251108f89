"""Watching the SQL a request sends: hot paths must cost a fixed number of statements."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from sqlalchemy import event


@contextlib.contextmanager
def statements_of(app: FastAPI, *, with_parameters: bool = False) -> Iterator[list[Any]]:
    """Collects every statement the app's engine sends while the block runs (with its
    parameters if asked, to EXPLAIN it)."""
    engine = app.state.resources.database.engine.sync_engine
    sent: list[Any] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters) if with_parameters else statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def scans(plan: dict[str, Any]) -> list[tuple[str, str]]:
    """(node type, index or table) of every scan in an EXPLAIN (FORMAT JSON) plan tree."""
    found = []
    if "Scan" in plan["Node Type"]:
        found.append((plan["Node Type"], plan.get("Index Name") or plan.get("Relation Name", "")))
    for child in plan.get("Plans", []):
        found += scans(child)
    return found
