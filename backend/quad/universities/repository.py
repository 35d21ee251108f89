from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import any_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from quad.universities.models import University
from quad.users.models import User

# Close-enough spellings for course names (computed per group, so no index applies).
# Names of universities use the indexable `<%` operator, whose threshold is set on every
# connection (see quad.core.db.TRIGRAM_SETTINGS).
_TYPO_THRESHOLD = 0.3


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class UniversityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, university_id: uuid.UUID) -> University | None:
        return await self.session.get(University, university_id)

    async def search(
        self, *, query: str | None, country: str | None, offset: int, limit: int
    ) -> Sequence[University]:
        """Best matches first: exact name, name prefix, word prefix, substring, then typos."""
        statement = select(University)
        if country:
            statement = statement.where(func.lower(University.country) == country.lower())
        if query:
            lowered = query.lower()
            pattern = _escape_like(lowered)
            name = func.lower(University.name)
            rank = case(
                (name == lowered, 0),
                (literal(lowered) == any_(University.domains), 0),
                (name.like(pattern + "%", escape="\\"), 1),
                (name.like("% " + pattern + "%", escape="\\"), 2),
                (name.like("%" + pattern + "%", escape="\\"), 3),
                else_=4,
            )
            statement = statement.where(
                or_(
                    University.name.ilike("%" + pattern + "%", escape="\\"),
                    literal(lowered).op("<%")(University.name),
                    literal(lowered) == any_(University.domains),
                )
            ).order_by(
                rank,
                func.word_similarity(lowered, University.name).desc(),
                func.length(University.name),
                University.name,
                # Names repeat across countries; a total order keeps offset pages from
                # repeating or skipping rows.
                University.country,
            )
        else:
            # Alphabetical as people read it, whatever the database's collation.
            statement = statement.order_by(
                func.lower(University.name), University.name, University.country
            )
        result = await self.session.scalars(statement.offset(offset).limit(limit))
        return result.all()

    async def courses(
        self, university_id: uuid.UUID, *, query: str | None, offset: int, limit: int
    ) -> list[tuple[str, int]]:
        """Course names in use at a university, grouped case-insensitively, most used first."""
        key = func.lower(func.btrim(User.course))
        statement = (
            select(
                # The spelling most students chose represents the group.
                func.mode().within_group(func.btrim(User.course)).label("name"),
                func.count().label("student_count"),
            )
            .where(User.university_id == university_id, func.btrim(User.course) != "")
            .group_by(key)
        )
        if query:
            lowered = query.strip().lower()
            statement = statement.having(
                or_(
                    key.like("%" + _escape_like(lowered) + "%", escape="\\"),
                    func.word_similarity(lowered, key) >= _TYPO_THRESHOLD,
                )
            )
        statement = statement.order_by(func.count().desc(), key).offset(offset).limit(limit)
        result = await self.session.execute(statement)
        return [(row.name, row.student_count) for row in result]
