from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Select,
    Subquery,
    Text,
    and_,
    any_,
    bindparam,
    case,
    exists,
    func,
    literal,
    select,
    true,
    tuple_,
    union,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from quad.core.text_search import close_to, fold, word_distance
from quad.friends.relations import (
    friend_ids,
    friends_of,
    friendship_status,
    hidden_from,
    mutual_friend_count,
    pending_request,
)
from quad.users.models import User


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


@dataclass(frozen=True, slots=True)
class RelatedUser:
    """A student with how the viewer stands to them (the contract's UserPublic, in rows)."""

    user: User
    friendship_status: str
    mutual_friends: int


def related_users(
    viewer_id: uuid.UUID,
    page: Subquery,
    *order_by: ColumnElement[Any],
    viewer_friends: CTE | None = None,
) -> Select[User, str, int]:
    """The users whose ids ``page`` lists, with their university, friendship status and
    mutual-friend count, in ``order_by`` (columns of ``page``).

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
        )
        .join(page, page.c.id == User.id)
        .options(joinedload(User.university))
        .order_by(*order_by)
    )


def _related(row: Any) -> RelatedUser:
    return RelatedUser(row[0], row.friendship_status, row.mutual_friends)


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Search criteria, already cleaned; ``course_keys`` are folded course names."""

    university_id: uuid.UUID | None = None
    course_keys: tuple[str, ...] | None = None
    interest: str | None = None
    name: str | None = None


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
_CLASSMATES_POOL = 300
_UNIVERSITY_POOL = 150
_COURSE_ELSEWHERE_POOL = 100

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


class DiscoveryRepository:
    """The SQL of finding students: search, suggestions and profiles, as a viewer sees them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def profile(self, viewer_id: uuid.UUID, user_id: uuid.UUID) -> RelatedUser | None:
        """The student, unless missing or blocked either way."""
        page = (
            select(User.id)
            .where(User.id == user_id, User.id.not_in(hidden_from(viewer_id)))
            .subquery("page")
        )
        row = (await self.session.execute(related_users(viewer_id, page))).one_or_none()
        return _related(row) if row else None

    async def course_keys(self, course: str) -> tuple[str, ...]:
        """The folded course names a typed course means: itself if anyone studies it,
        otherwise the nearest spellings in use (typos), best first."""
        typed = fold(course)
        similarity = func.similarity(typed, User.course_key)
        exact = select(User.course_key).where(User.course_key == typed).limit(1)
        near = (
            select(User.course_key, func.max(similarity).label("similarity"))
            # `%`: trigram similarity above pg_trgm.similarity_threshold (0.3), indexed.
            .where(typed.op("%")(User.course_key), ~exists(exact))
            .group_by(User.course_key)
            .subquery()
        )
        best = select(func.max(near.c.similarity)).scalar_subquery()
        nearest = (
            select(near.c.course_key)
            # Only spellings nearly as close as the closest: "mechanical engneering" means
            # mechanical engineering, not electrical engineering.
            .where(near.c.similarity >= best - 0.15)
            .order_by(near.c.similarity.desc(), near.c.course_key)
            .limit(5)
        )
        found = await self.session.scalars(union(exact, nearest))
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
        conditions: list[ColumnElement[bool]] = [
            User.id != viewer_id,
            User.id.not_in(hidden_from(viewer_id)),
        ]
        if filters.university_id is not None:
            conditions.append(User.university_id == filters.university_id)
        if filters.course_keys is not None:
            keys = filters.course_keys
            # One key (the usual case) lets the (course_key, name_key, id) index give the
            # order; several are a short list to merge.
            conditions.append(
                User.course_key == keys[0] if len(keys) == 1 else User.course_key.in_(keys)
            )
        if filters.interest is not None:
            conditions.append(User.interest_keys.contains(array([fold(filters.interest)])))

        sort: list[ColumnElement[Any]] = [User.name_key.expression, User.id.expression]
        if filters.name is not None:
            typed = fold(filters.name)
            conditions.append(close_to(typed, User.name_key))
            sort.insert(0, word_distance(typed, User.name_key))
        if after is not None:
            conditions.append(tuple_(*sort) > tuple_(*(literal(value) for value in after)))

        labels = [f"sort_{index}" for index in range(len(sort))]
        page = (
            select(User.id, *(key.label(name) for key, name in zip(sort, labels, strict=True)))
            .where(*conditions)
            .order_by(*sort)
            .limit(limit)
            .subquery("page")
        )
        statement = related_users(viewer_id, page, *(page.c[name] for name in labels)).add_columns(
            *(page.c[name] for name in labels)
        )
        rows = (await self.session.execute(statement)).all()
        width = len(labels)
        return [SearchHit(_related(row), tuple(row[-width:])) for row in rows]

    async def suggestions(self, viewer: User, *, limit: int) -> list[SuggestionRow]:
        """Students the viewer may know, best first: friends of friends, classmates, people
        at the same university or in the same course elsewhere who share interests. Never
        the viewer, a friend, anyone with a pending request either way, or anyone blocked.
        """
        viewer_friends = friends_of(viewer.id)
        # Friends of friends, with how many friends each shares with the viewer.
        their_friends = friend_ids(viewer_friends.c.friend_id).lateral("their_friends")
        friends_of_friends = (
            select(their_friends.c.friend_id.label("id"), func.count().label("mutual"))
            .select_from(viewer_friends.join(their_friends, literal(True)))
            .group_by(their_friends.c.friend_id)
            .cte("friends_of_friends")
        )
        mine = bindparam("viewer_interests", list(viewer.interest_keys), type_=ARRAY(Text))
        shares_interest = User.interest_keys.overlap(mine)
        # Classmates newest first (new students are the ones looking), by their own index.
        # The other pools take the first matches found: ordering them would mean reading
        # every match, and the ranking below decides anyway.
        classmates = (
            select(User.id, literal(0).label("mutual"))
            .where(User.university_id == viewer.university_id, User.course_key == viewer.course_key)
            .order_by(User.created_at.desc(), User.id.desc())
            .limit(_CLASSMATES_POOL)
        )
        same_university = (
            select(User.id, literal(0).label("mutual"))
            .where(User.university_id == viewer.university_id, shares_interest)
            .limit(_UNIVERSITY_POOL)
        )
        same_course_elsewhere = (
            select(User.id, literal(0).label("mutual"))
            .where(
                User.course_key == viewer.course_key,
                User.university_id != viewer.university_id,
                shares_interest,
            )
            .limit(_COURSE_ELSEWHERE_POOL)
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
        same_university_flag = User.university_id == viewer.university_id
        same_course_flag = User.course_key == viewer.course_key
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
        scored = (
            select(score.label("score"))
            .where(
                User.id == candidates.c.id,
                User.id != viewer.id,
                User.id.not_in(hidden_from(viewer.id)),
                User.id.not_in(select(viewer_friends.c.friend_id)),
                ~pending_request(viewer.id, User.id),
                ~pending_request(User.id, viewer.id),
            )
            .lateral("scored")
        )
        ranked = (
            select(candidates.c.id, scored.c.score)
            .select_from(candidates.join(scored, true()))
            .order_by(scored.c.score.desc(), candidates.c.id)
            .limit(limit)
            .subquery("page")
        )
        statement = related_users(
            viewer.id, ranked, ranked.c.score.desc(), ranked.c.id, viewer_friends=viewer_friends
        )
        statement = statement.add_columns(ranked.c.score)
        rows = (await self.session.execute(statement)).all()
        viewer_keys = set(viewer.interest_keys)
        suggestions = []
        for row in rows:
            related = _related(row)
            user = related.user
            suggestions.append(
                SuggestionRow(
                    related=related,
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
