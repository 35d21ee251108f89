from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Float, case, func, literal, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from quad.universities.models import University
from quad.users.models import User

# "Close enough" for a course-name typo (word similarity; see quad.core.db.TRIGRAM_SETTINGS).
_TYPO_THRESHOLD = 0.3


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(lowered: str) -> ColumnElement[bool]:
    return University.name.ilike(f"%{_escape_like(lowered)}%", escape="\\")


def _is_domain(lowered: str) -> ColumnElement[bool]:
    return University.domains.contains([lowered])


class UniversityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, university_id: uuid.UUID) -> University | None:
        return await self.session.get(University, university_id)

    async def search(
        self, *, query: str | None, country: str | None, offset: int, limit: int
    ) -> Sequence[University]:
        """Best matches first: exact name or domain, name prefix, word prefix, substring,
        then close spellings (nearest first)."""
        in_country = func.lower(University.country) == country.lower() if country else true()
        if not query:
            # Alphabetical as people read it, whatever the database's collation.
            alphabetical = (
                select(University)
                .where(in_country)
                .order_by(func.lower(University.name), University.name, University.country)
                .offset(offset)
                .limit(limit)
            )
            return (await self.session.scalars(alphabetical)).all()

        lowered = query.lower()
        # Enough rows to fill the page asked for, and no more.
        window = offset + limit
        matches = list(await self._text_matches(lowered, in_country, limit=window))
        if len(matches) < window:
            # Typos are looked for only when the text itself does not fill the page.
            matches += await self._near_matches(lowered, in_country, limit=window - len(matches))
        return matches[offset:]

    async def _text_matches(
        self, lowered: str, in_country: ColumnElement[bool], *, limit: int
    ) -> Sequence[University]:
        """Names containing the text (found by the trigram index), exact and prefix first."""
        pattern = _escape_like(lowered)
        name = func.lower(University.name)
        is_domain = _is_domain(lowered)
        rank = case(
            (or_(name == lowered, is_domain), 0),
            (name.like(f"{pattern}%", escape="\\"), 1),
            (name.like(f"% {pattern}%", escape="\\"), 2),
            else_=3,
        )
        statement = (
            select(University)
            .where(or_(_contains(lowered), is_domain), in_country)
            # Names repeat across countries; a total order keeps pages from overlapping.
            .order_by(rank, func.length(University.name), University.name, University.country)
            .limit(limit)
        )
        return (await self.session.scalars(statement)).all()

    async def _near_matches(
        self, lowered: str, in_country: ColumnElement[bool], *, limit: int
    ) -> Sequence[University]:
        """Other names that look like the text (one word within a typo or two), nearest first."""
        close = literal(lowered).op("<%")(University.name)  # indexed; see TRIGRAM_SETTINGS
        distance = literal(lowered).op("<<->", return_type=Float)(University.name)
        statement = (
            select(University)
            # Not what the text matches already found.
            .where(close, ~_contains(lowered), ~_is_domain(lowered), in_country)
            .order_by(distance, func.length(University.name), University.name, University.country)
            .limit(limit)
        )
        return (await self.session.scalars(statement)).all()

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
