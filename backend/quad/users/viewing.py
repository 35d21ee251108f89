"""Students as a viewer sees them: the SQL every list of students shares.

Search, suggestions and profiles (``quad.users``), friend lists and requests
(``quad.friends``) all show students with how the viewer stands to them (friendship status,
mutual friends, the pending request) and page through them by name. These pieces build
those statements; each feature's repository runs its own.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeAlias, TypeVar

from sqlalchemy import (
    CTE,
    ColumnElement,
    Float,
    Integer,
    Select,
    Subquery,
    Text,
    and_,
    bindparam,
    func,
    select,
    tuple_,
)
from sqlalchemy.orm import joinedload
from sqlalchemy.types import Uuid

from quad.core.pagination import InvalidCursor, decode_keyset
from quad.core.text_search import close_to, escape_like_in_sql, fold, word_distance
from quad.friends.relations import (
    friends_of,
    friendship_status,
    mutual_friend_count,
    pending_request_id,
)
from quad.universities.models import email_in_domains
from quad.users.models import User

AnySelect: TypeAlias = Select[*tuple[Any, ...]]

# Lists of students are statements built once per shape and reused with new parameters:
# building one (nested subqueries, ORM entities) costs milliseconds of CPU, running a prebuilt
# one does not, and SQLAlchemy's compiled cache then serves it directly. These are the
# parameters every one of them takes.
VIEWER = bindparam("viewer_id", type_=Uuid)
LIMIT = bindparam("limit", type_=Integer)


@dataclass(frozen=True, slots=True)
class UniversityRow:
    id: uuid.UUID
    name: str
    country: str
    domains: list[str]

    def owns_email_domain(self, email: str) -> bool:
        return email_in_domains(email, self.domains)


@dataclass(frozen=True, slots=True)
class ProfileRow:
    """What UserPublic shows of a student, as plain values: for views read in bulk on a hot
    path (the notifications every message pushes), where loading ORM objects cost more than
    the rest of the work. ``profile_columns`` selects it, ``profile_row`` reads it back."""

    id: uuid.UUID
    first_name: str
    last_name: str
    university: UniversityRow
    course: str
    bio: str
    interests: list[str]
    avatar_key: str | None
    email: str
    email_verified_at: datetime | None

    @property
    def verified_student(self) -> bool:
        """As ``User.verified_student``."""
        return self.email_verified_at is not None and self.university.owns_email_domain(self.email)


_PROFILE_FIELDS = ("id", "first_name", "last_name", "course", "bio", "interests", "avatar_key",
                   "email", "email_verified_at")  # fmt: skip
_UNIVERSITY_FIELDS = ("id", "name", "country", "domains")


def profile_columns(user: Any, university: Any) -> list[ColumnElement[Any]]:
    """A ProfileRow's columns of ``user`` and ``university`` (aliases or the tables; the
    caller joins them), labelled so that ``profile_row`` finds them among others."""
    return [getattr(user, f).label(f"profile_{f}") for f in _PROFILE_FIELDS] + [
        getattr(university, f).label(f"university_{f}") for f in _UNIVERSITY_FIELDS
    ]


def profile_row(fields: Mapping[Any, Any]) -> ProfileRow:
    """A ProfileRow from a row's columns by name (``Row._mapping``, an asyncpg record)."""
    university = UniversityRow(*(fields[f"university_{f}"] for f in _UNIVERSITY_FIELDS))
    profile = {f: fields[f"profile_{f}"] for f in _PROFILE_FIELDS}
    return ProfileRow(university=university, **profile)


StudentT = TypeVar("StudentT", User, ProfileRow)


@dataclass(frozen=True, slots=True)
class Related(Generic[StudentT]):
    """A student with how the viewer stands to them (the contract's UserPublic, in rows)."""

    user: StudentT
    friendship_status: str
    mutual_friends: int
    friend_request_id: uuid.UUID | None = None


# The student as an ORM object, or read as plain values on the hot paths (see ProfileRow).
RelatedUser: TypeAlias = Related[User]
RelatedProfile: TypeAlias = Related[ProfileRow]


def related_users(
    viewer_id: Any,
    page: Subquery,
    *order_by: ColumnElement[Any],
    viewer_friends: CTE | None = None,
) -> Select[User, str, int, uuid.UUID | None]:
    """The users whose ids ``page`` lists, with their university, friendship status,
    mutual-friend count and pending request, in ``order_by`` (columns of ``page``).

    Lists pick their page of ids first (an index walk with a LIMIT) and only then pay for the
    relations, so a page costs one statement whatever its size, and the relation subqueries
    run for the rows shown, never for the rows scanned.
    """
    if viewer_friends is None:
        viewer_friends = friends_of(viewer_id)
    return (
        select(
            User,
            friendship_status(viewer_id, User.id).label("friendship_status"),
            mutual_friend_count(viewer_friends, User.id).label("mutual_friends"),
            pending_request_id(viewer_id, User.id).label("friend_request_id"),
        )
        .join(page, page.c.id == User.id)
        .options(joinedload(User.university))
        .order_by(*order_by)
    )


def related(row: Any) -> RelatedUser:
    """The RelatedUser of a row of ``related_users``."""
    return Related(row[0], row.friendship_status, row.mutual_friends, row.friend_request_id)


class NameMatch(enum.Enum):
    """How a typed name finds students.

    ``WORDS``: every word typed starts a word of the name ("ada lov" finds Ada Lovelace), in
    alphabetical order; cheap, the trigram index finds the candidates. ``CLOSE``: names within
    a typo or two, nearest first; costlier (each candidate is scored), so it is asked only
    when no name has the words as typed.
    """

    WORDS = "words"
    CLOSE = "close"


# The most words of a typed name that must each match (more are ignored).
NAME_WORDS_MAX = 4

# Keyset positions of name-ordered pages: (name_key, id), or (distance, name_key, id) when
# the closest names come first.
_AFTER_TYPES: tuple[Any, ...] = (Float(), Text(), Uuid())


def _starts_a_word(word: ColumnElement[str]) -> ColumnElement[bool]:
    escaped = escape_like_in_sql(word)
    # The first test is the trigram index's; the second, on the rows it finds, is the rule.
    return and_(
        User.name_key.like(func.concat("%", escaped, "%")),
        func.concat(" ", User.name_key).like(func.concat("% ", escaped, "%")),
    )


def by_name_page(
    ids: AnySelect,
    conditions: list[ColumnElement[bool]],
    *,
    match: NameMatch | None,
    words: int,
    after: bool,
) -> tuple[Subquery, list[ColumnElement[Any]]]:
    """A page of the students ``ids`` selects: alphabetical by folded name, or matching a
    typed name (parameter ``name``, of ``words`` words) as ``match`` says. ``after``
    continues after the keyset position in parameters ``after_0``, ``after_1`` ...; the
    page's size is parameter ``limit``. Returns the page and its sort columns (the cursor of
    each row)."""
    conditions = list(conditions)
    sort: list[ColumnElement[Any]] = [User.name_key.expression, User.id.expression]
    typed = fold(bindparam("name", type_=Text))
    if match is NameMatch.WORDS:
        for position in range(1, words + 1):  # name_words(name): at most NAME_WORDS_MAX
            conditions.append(_starts_a_word(func.split_part(typed, " ", position)))
    elif match is NameMatch.CLOSE:
        conditions.append(close_to(typed, User.name_key))
        sort.insert(0, word_distance(typed, User.name_key))
    if after:
        types = _AFTER_TYPES[-len(sort) :]
        position_params = [bindparam(f"after_{i}", type_=kind) for i, kind in enumerate(types)]
        conditions.append(tuple_(*sort) > tuple_(*position_params))
    labels = [f"sort_{index}" for index in range(len(sort))]
    page = (
        ids.add_columns(*(key.label(label) for key, label in zip(sort, labels, strict=True)))
        .where(*conditions)
        .order_by(*sort)
        .limit(LIMIT)
        .subquery("page")
    )
    return page, [page.c[label] for label in labels]


def by_name_parameters(name: str | None, after: tuple[Any, ...] | None) -> dict[str, Any]:
    parameters: dict[str, Any] = {} if name is None else {"name": name}
    for index, value in enumerate(after or ()):
        parameters[f"after_{index}"] = value
    return parameters


def name_words(name: str | None) -> int:
    """How many words a typed name has (fold_text separates words by single spaces)."""
    return min(len(name.split()), NAME_WORDS_MAX) if name else 0


def sort_key_width(match: NameMatch | None) -> int:
    """How many sort columns end each row of a name-ordered page (its keyset position)."""
    return 3 if match is NameMatch.CLOSE else 2


R = TypeVar("R")


async def by_name_rows(
    fetch: Callable[[NameMatch | None, tuple[Any, ...] | None], Awaitable[list[R]]],
    *,
    name: str | None,
    cursor: str | None,
) -> list[R]:
    """The rows of a page of students ordered by name, or found by a typed ``name``.

    A typed name first finds the students whose name has its words as typed; only if none
    has them, the names within a typo or two (see ``NameMatch``). A cursor says which of the
    two lists it continues: three parts (distance first) for the closest names, two else.
    """
    if name is None:
        return await fetch(None, decode_keyset(cursor, str, uuid.UUID))
    if cursor is None:
        rows = await fetch(NameMatch.WORDS, None)
        return rows or await fetch(NameMatch.CLOSE, None)
    try:
        after = decode_keyset(cursor, float, str, uuid.UUID)
    except InvalidCursor:
        return await fetch(NameMatch.WORDS, decode_keyset(cursor, str, uuid.UUID))
    return await fetch(NameMatch.CLOSE, after)
