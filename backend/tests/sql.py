"""Watching the SQL a request sends: hot paths must cost a fixed number of statements."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.pool import ConnectionPoolEntry

# What asyncpg's query loggers also see of SQLAlchemy's sessions: their transactions (and
# a transaction's own settings, SET LOCAL).
_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET")


@contextlib.contextmanager
def statements_of(
    app: FastAPI, *, with_parameters: bool = False, with_transactions: bool = False
) -> Iterator[list[Any]]:
    """Collects every statement the app's engine sends while the block runs (with its
    parameters if asked, to EXPLAIN it): SQLAlchemy's, and those run on its connections as
    asyncpg's own (``Database.driver_connection``; a pipelined ``fetchmany`` is one). With
    ``with_transactions``, also the BEGIN, COMMIT and ROLLBACK around them: every round
    trip, one each (a simple query may carry several statements: without
    ``with_transactions`` each of them counts, the transaction's control left out)."""
    engine = app.state.resources.database.engine.sync_engine
    sent: list[Any] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters) if with_parameters else statement)

    def record_driver(query: Any) -> None:
        if with_transactions:
            sent.append((query.query, query.args) if with_parameters else query.query)
            return
        for statement in query.query.split(";"):
            if statement.strip() and not statement.lstrip().upper().startswith(
                _TRANSACTION_CONTROL
            ):
                sent.append((statement, query.args) if with_parameters else statement)

    def watch(_dbapi: Any, entry: ConnectionPoolEntry, _proxy: Any) -> None:
        entry.driver_connection.add_query_logger(record_driver)

    def unwatch(_dbapi: Any, entry: ConnectionPoolEntry) -> None:
        if entry.driver_connection is not None:
            entry.driver_connection.remove_query_logger(record_driver)

    event.listen(engine, "before_cursor_execute", record)
    event.listen(engine.pool, "checkout", watch)
    event.listen(engine.pool, "checkin", unwatch)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)
        event.remove(engine.pool, "checkout", watch)
        event.remove(engine.pool, "checkin", unwatch)


def scans(plan: dict[str, Any]) -> list[tuple[str, str]]:
    """(node type, index or table) of every scan in an EXPLAIN (FORMAT JSON) plan tree."""
    found = []
    if "Scan" in plan["Node Type"]:
        found.append((plan["Node Type"], plan.get("Index Name") or plan.get("Relation Name", "")))
    for child in plan.get("Plans", []):
        found += scans(child)
    return found
