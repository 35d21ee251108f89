from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    Text,
    and_,
    any_,
    bindparam,
    case,
    exists,
    func,
    literal,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload
from sqlalchemy.types import Uuid

from quad.core.text_search import fold
from quad.friends.models import Block
from quad.friends.relations import (
    friend_ids,
    friends_of,
    hidden_from,
    requested_either_way,
)
from quad.users.models import User
from quad.users.viewing import (
    LIMIT,
    VIEWER,
    AnySelect,
    NameMatch,
    RelatedUser,
    by_name_page,
    by_name_parameters,
    name_words,
    related,
    related_users,
    sort_key_width,
)


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: uuid.UUID) -> User | None:
        statement = select(User).where(User.id == user_id).options(joinedload(User.university))
        return (await self.session.scalars(statement)).one_or_none()

    async def get_by_email(self, email: str) -> User | None:
        statement = (
            select(User).where(User.email == email.lower()).options(joinedload(User.university))
        )
        return (await self.session.scalars(statement)).one_or_none()

    async def email_taken(self, email: str) -> bool:
        return bool(await self.session.scalar(select(exists().where(User.email == email.lower()))))

    async def exists(self, user_id: uuid.UUID) -> bool:
        return bool(await self.session.scalar(select(exists().where(User.id == user_id))))

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user


# --- Students as a viewer sees them -------------------------------------------------------


# A statement of any columns (SQLAlchemy 2.1 types selects by their column types).
@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Search criteria, already cleaned; ``course_keys`` are folded course names."""

    university_id: uuid.UUID | None = None
    course_keys: tuple[str, ...] | None = None
    interest: str | None = None
    name: str | None = None
    name_match: NameMatch | None = None  # how ``name`` finds students; None without one


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A search result and its place in the order (the cursor of the page after it)."""

    related: RelatedUser
    sort_key: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    related: RelatedUser
    score: int
    same_university: bool
    same_course: bool
    shared_interests: list[str]


# Candidate pools of suggestions: enough to rank well, few enough to score in milliseconds.
_FRIENDS_EXPANDED = 100  # friends whose friends are looked at
_FRIENDS_OF_EACH = 50  # friends looked at per friend
_FRIENDS_OF_FRIENDS_POOL = 150  # those sharing the most friends
_CLASSMATES_POOL = 120
_UNIVERSITY_POOL = 60  # sharing an interest, of the newest 600 at the university
_UNIVERSITY_SCANNED = 600
_COURSE_ELSEWHERE_POOL = 40  # sharing an interest, of the newest 400 in the course elsewhere
_COURSE_ELSEWHERE_SCANNED = 400

# Suggestion weights: a shared friend says most, then sharing a course at the same
# university; each shared interest adds a little. Mutual friends and interests are capped
# so one signal cannot drown the others.
MUTUAL_FRIEND_POINTS = 3
MUTUAL_FRIENDS_COUNTED = 10
SAME_COURSE_POINTS = 10
SAME_UNIVERSITY_POINTS = 4
SAME_COURSE_ELSEWHERE_POINTS = 3
SHARED_INTEREST_POINTS = 2
SHARED_INTERESTS_COUNTED = 5

# Similar course spellings: trigram similarity at least this, and nearly as close as the
# closest ("mechanical engneering" means mechanical engineering, not electrical).
_COURSE_SIMILARITY = 0.3
_COURSE_SIMILARITY_MARGIN = 0.15
_COURSE_SPELLINGS_USED = 5

# A typed course that nobody gives exactly is compared with every distinct course spelling
# in use, found by a skip scan of an index on course_key: one index probe per
# spelling, whatever the number of students (PostgreSQL 15 has no skip scan of its own).
_COURSE_KEYS = text(
    """
    WITH RECURSIVE exact AS (
        SELECT course_key FROM users WHERE course_key = fold_text(:course) LIMIT 1
    ),
    spellings(course_key) AS (
        (SELECT course_key FROM users ORDER BY course_key LIMIT 1)
        UNION ALL
        SELECT (SELECT u.course_key FROM users AS u
                WHERE u.course_key > spellings.course_key
                ORDER BY u.course_key LIMIT 1)
        FROM spellings
        WHERE spellings.course_key IS NOT NULL
    ),
    near AS MATERIALIZED (
        SELECT course_key, similarity(course_key, fold_text(:course)) AS score
        FROM spellings
        WHERE NOT EXISTS (SELECT FROM exact)
          AND course_key IS NOT NULL
          AND similarity(course_key, fold_text(:course)) >= :threshold
    )
    SELECT course_key FROM exact
    UNION ALL
    (SELECT course_key FROM near
     WHERE score >= (SELECT max(score) FROM near) - :margin
     ORDER BY score DESC, course_key
     LIMIT :most)
    """
).bindparams(
    threshold=_COURSE_SIMILARITY,
    margin=_COURSE_SIMILARITY_MARGIN,
    most=_COURSE_SPELLINGS_USED,
)


@functools.cache
def _profile_statement() -> AnySelect:
    page = (
        select(User.id)
        .where(User.id == bindparam("user_id", type_=Uuid), User.id.not_in(hidden_from(VIEWER)))
        .subquery("page")
    )
    return related_users(VIEWER, page)


@functools.cache
def _search_statement(
    *,
    university: bool,
    courses: int,
    interest: bool,
    match: NameMatch | None,
    words: int,
    after: bool,
) -> AnySelect:
    """The search for one combination of filters (``courses``: 0, 1 or several keys)."""
    conditions: list[ColumnElement[bool]] = [
        User.id != VIEWER,
        User.id.not_in(hidden_from(VIEWER)),
    ]
    if university:
        conditions.append(User.university_id == bindparam("university_id", type_=Uuid))
    if courses == 1:
        # One key (the usual case) lets the (course_key, name_key, id) index give the order.
        conditions.append(User.course_key == bindparam("course_key", type_=Text))
    elif courses > 1:
        conditions.append(User.course_key == any_(bindparam("course_keys", type_=ARRAY(Text))))
    if interest:
        typed_interest = fold(bindparam("interest", type_=Text))
        conditions.append(User.interest_keys.contains(array([typed_interest])))
    page, keys = by_name_page(select(User.id), conditions, match=match, words=words, after=after)
    return related_users(VIEWER, page, *keys).add_columns(*keys)


@functools.cache
def _suggestions_statement() -> AnySelect:
    """Candidates from bounded pools, each scored by primary key, the best ``limit`` kept."""
    university_id = bindparam("university_id", type_=Uuid)
    course_key = bindparam("course_key", type_=Text)
    mine = bindparam("interest_keys", type_=ARRAY(Text))

    viewer_friends = friends_of(VIEWER)

    def may_suggest(user_id: SQLColumnExpression[uuid.UUID]) -> list[ColumnElement[bool]]:
        """Never the viewer, a friend, a student blocked either way or one with a request
        pending either way: checked inside each pool, before its limit, so a pool full of
        friends never crowds out the students still to meet. Each set is read once and
        looked up by hash, however many rows a pool passes over."""
        return [
            user_id != VIEWER,
            user_id.not_in(select(viewer_friends.c.friend_id)),
            user_id.not_in(hidden_from(VIEWER)),
            user_id.not_in(requested_either_way(VIEWER)),
        ]

    # Friends of friends with how many friends each shares with the viewer, from a bounded
    # sample of each circle: a student with hundreds of friends costs what one with a
    # hundred does. (The mutual counts shown are exact; they are counted for the page.)
    # Friend lists come in id order, and ids are random: the first ones are a fair sample.
    sampled_friends = select(viewer_friends.c.friend_id).limit(_FRIENDS_EXPANDED).subquery()
    their_friends = (
        friend_ids(sampled_friends.c.friend_id).limit(_FRIENDS_OF_EACH).lateral("their_friends")
    )
    friends_of_friends = (
        select(their_friends.c.friend_id.label("id"), func.count().label("mutual"))
        .select_from(sampled_friends.join(their_friends, true()))
        .where(*may_suggest(their_friends.c.friend_id))
        .group_by(their_friends.c.friend_id)
        .order_by(func.count().desc(), their_friends.c.friend_id)
        .limit(_FRIENDS_OF_FRIENDS_POOL)
        .subquery("friends_of_friends")
    )
    newest_first = (User.created_at.desc(), User.id.desc())
    # Each pool walks its own index newest first (new students are the ones looking) and
    # stops when it is full.
    classmates = (
        select(User.id, literal(0).label("mutual"))
        .where(User.university_id == university_id, User.course_key == course_key)
        .where(*may_suggest(User.id))
        .order_by(*newest_first)
        .limit(_CLASSMATES_POOL)
    )

    def sharing_an_interest(where: list[ColumnElement[bool]], scanned: int, pool: int) -> AnySelect:
        """Up to ``pool`` of the newest ``scanned`` students ``where`` says who share an
        interest with the viewer. Bounded on purpose: left to itself, the planner intersects
        the btree with the interests' GIN index and reads every student sharing a popular
        interest (milliseconds at 100,000 students) to keep a few dozen."""
        newest = (
            select(User.id, User.created_at, User.interest_keys)
            .where(*where)
            .order_by(*newest_first)
            .limit(scanned)
            .subquery()
        )
        return (
            select(newest.c.id, literal(0).label("mutual"))
            .where(newest.c.interest_keys.overlap(mine), *may_suggest(newest.c.id))
            .order_by(newest.c.created_at.desc(), newest.c.id.desc())
            .limit(pool)
        )

    same_university = sharing_an_interest(
        [User.university_id == university_id], _UNIVERSITY_SCANNED, _UNIVERSITY_POOL
    )
    same_course_elsewhere = sharing_an_interest(
        [User.course_key == course_key, User.university_id != university_id],
        _COURSE_ELSEWHERE_SCANNED,
        _COURSE_ELSEWHERE_POOL,
    )
    pools = union_all(
        select(friends_of_friends.c.id, friends_of_friends.c.mutual),
        classmates.subquery().select(),
        same_university.subquery().select(),
        same_course_elsewhere.subquery().select(),
    ).subquery("pools")
    candidates = (
        select(pools.c.id, func.max(pools.c.mutual).label("mutual"))
        .group_by(pools.c.id)
        .cte("candidates")
    )

    # Scored one candidate at a time (LATERAL, by primary key): a few hundred look-ups,
    # never a pass over every student.
    same_university_flag = User.university_id == university_id
    same_course_flag = User.course_key == course_key
    their_interests = func.unnest(User.interest_keys).table_valued("key").render_derived()
    shared_count = (
        select(func.count())
        .select_from(their_interests)
        .where(their_interests.c.key == any_(mine))
        .scalar_subquery()
    )
    score = (
        func.least(candidates.c.mutual, MUTUAL_FRIENDS_COUNTED) * MUTUAL_FRIEND_POINTS
        + case(
            (and_(same_university_flag, same_course_flag), SAME_COURSE_POINTS),
            (same_university_flag, SAME_UNIVERSITY_POINTS),
            (same_course_flag, SAME_COURSE_ELSEWHERE_POINTS),
            else_=0,
        )
        + func.least(shared_count, SHARED_INTERESTS_COUNTED) * SHARED_INTEREST_POINTS
    )
    scored = select(score.label("score")).where(User.id == candidates.c.id).lateral("scored")
    ranked = (
        select(candidates.c.id, scored.c.score)
        .select_from(candidates.join(scored, true()))
        .order_by(scored.c.score.desc(), candidates.c.id)
        .limit(LIMIT)
        .subquery("page")
    )
    statement = related_users(
        VIEWER, ranked, ranked.c.score.desc(), ranked.c.id, viewer_friends=viewer_friends
    )
    return statement.add_columns(ranked.c.score)


class DiscoveryRepository:
    """The SQL of finding students: search, suggestions and profiles, as a viewer sees them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def profile(self, viewer_id: uuid.UUID, user_id: uuid.UUID) -> RelatedUser | None:
        """The student, unless missing or blocked either way."""
        result = await self.session.execute(
            _profile_statement(), {"viewer_id": viewer_id, "user_id": user_id}
        )
        row = result.one_or_none()
        return related(row) if row else None

    async def blocked_by(self, blocker_id: uuid.UUID, blocked_id: uuid.UUID) -> bool:
        statement = select(
            exists().where(Block.blocker_id == blocker_id, Block.blocked_id == blocked_id)
        )
        return bool(await self.session.scalar(statement))

    async def course_keys(self, course: str) -> tuple[str, ...]:
        """The folded course names a typed course means: itself if anyone studies it,
        otherwise the nearest spellings in use (typos), best first."""
        found = await self.session.scalars(_COURSE_KEYS, {"course": course})
        return tuple(found)

    async def search(
        self,
        viewer_id: uuid.UUID,
        filters: SearchFilters,
        *,
        after: tuple[Any, ...] | None,
        limit: int,
    ) -> list[SearchHit]:
        """One page of students matching every filter, never the viewer nor anyone blocked
        either way. Alphabetical by folded name; with a name, nearest spelling first."""
        courses = filters.course_keys or ()
        parameters: dict[str, Any] = {
            "viewer_id": viewer_id,
            "limit": limit,
            **by_name_parameters(filters.name, after),
        }
        if filters.university_id is not None:
            parameters["university_id"] = filters.university_id
        if len(courses) == 1:
            parameters["course_key"] = courses[0]
        elif courses:
            parameters["course_keys"] = list(courses)
        if filters.interest is not None:
            parameters["interest"] = filters.interest
        match = filters.name_match
        statement = _search_statement(
            university=filters.university_id is not None,
            courses=min(len(courses), 2),
            interest=filters.interest is not None,
            match=match,
            words=name_words(filters.name),
            after=after is not None,
        )
        rows = (await self.session.execute(statement, parameters)).all()
        width = sort_key_width(match)
        return [SearchHit(related(row), tuple(row[-width:])) for row in rows]

    async def suggestions(self, viewer: User, *, limit: int) -> list[SuggestionRow]:
        """Students the viewer may know, best first: friends of friends, classmates, people
        at the same university or in the same course elsewhere who share interests. Never
        the viewer, a friend, anyone with a pending request either way, or anyone blocked.
        """
        parameters = {
            "viewer_id": viewer.id,
            "university_id": viewer.university_id,
            "course_key": viewer.course_key,
            "interest_keys": list(viewer.interest_keys),
            "limit": limit,
        }
        rows = (await self.session.execute(_suggestions_statement(), parameters)).all()
        viewer_keys = set(viewer.interest_keys)
        suggestions = []
        for row in rows:
            student = related(row)
            user = student.user
            suggestions.append(
                SuggestionRow(
                    related=student,
                    score=row.score,
                    same_university=user.university_id == viewer.university_id,
                    same_course=user.course_key == viewer.course_key,
                    shared_interests=[
                        interest
                        for interest, key in zip(user.interests, user.interest_keys, strict=False)
                        if key in viewer_keys
                    ],
                )
            )
        return suggestions
