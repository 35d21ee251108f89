"""Text as people search it: folded (case, accents, spacing) and matched by trigrams.

The database does the folding, with ``fold_text`` (migration 0003): lower case, accents
removed by ``unaccent`` ("Zoë" → "zoe", "Müller" → "muller", "ß" → "ss"), runs of white
space made one space, ends trimmed. Stored keys (``users.name_key``, ``users.course_key``)
are generated columns built with it, and queries fold their input with the same function,
so both sides always agree; nothing folds text in Python.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement, Float, Text, func


def fold(value: Any) -> ColumnElement[str]:
    """``fold_text(value)``: immutable, so PostgreSQL folds a constant once per query."""
    return func.fold_text(value, type_=Text)


def escape_like(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def escape_like_in_sql(text: ColumnElement[str]) -> ColumnElement[str]:
    """``escape_like`` done by PostgreSQL, for text computed in the statement (a word split
    from a parameter); backslash is PostgreSQL's default LIKE escape."""
    for special in ("\\", "%", "_"):
        text = func.replace(text, special, "\\" + special)
    return text


def close_to(needle: ColumnElement[str], haystack: Any) -> ColumnElement[bool]:
    """``needle <% haystack``: a word of ``haystack`` is within a typo or two of ``needle``.

    Indexed by a trigram GiST or GIN index on ``haystack``; the threshold is the
    connection's ``pg_trgm.word_similarity_threshold`` (``quad.core.db.TRIGRAM_SETTINGS``).
    """
    return needle.op("<%", return_type=Boolean)(haystack)


def word_distance(needle: ColumnElement[str], haystack: Any) -> ColumnElement[float]:
    """``needle <<-> haystack``: 0 when ``needle`` is a word of ``haystack``, nearer is smaller.

    Scores each row it is asked about: order by it only rows already found another way (the
    GIN trigram index and ``close_to`` find the candidates).
    """
    return needle.op("<<->", return_type=Float)(haystack)
