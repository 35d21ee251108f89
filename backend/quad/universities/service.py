from __future__ import annotations

import uuid

from quad.core.errors import NotFound
from quad.core.pagination import Page, PageParams, offset_from_cursor, offset_page
from quad.universities.repository import UniversityRepository
from quad.universities.schemas import CourseOut, UniversityOut


class UniversityNotFound(NotFound):
    code = "university_not_found"
    default_message = "There is no such university."


class UniversityService:
    def __init__(self, repository: UniversityRepository) -> None:
        self.repository = repository

    async def search(
        self, *, query: str | None, country: str | None, page: PageParams
    ) -> Page[UniversityOut]:
        offset = offset_from_cursor(page.cursor)
        rows = await self.repository.search(
            query=_clean(query), country=_clean(country), offset=offset, limit=page.limit + 1
        )
        items = [UniversityOut.model_validate(row) for row in rows]
        return offset_page(items, offset=offset, limit=page.limit)

    async def get(self, university_id: uuid.UUID) -> UniversityOut:
        university = await self.repository.get(university_id)
        if university is None:
            raise UniversityNotFound()
        return UniversityOut.model_validate(university)

    async def courses(
        self, university_id: uuid.UUID, *, query: str | None, page: PageParams
    ) -> Page[CourseOut]:
        if await self.repository.get(university_id) is None:
            raise UniversityNotFound()
        offset = offset_from_cursor(page.cursor)
        rows = await self.repository.courses(
            university_id, query=_clean(query), offset=offset, limit=page.limit + 1
        )
        items = [CourseOut(name=name, student_count=count) for name, count in rows]
        return offset_page(items, offset=offset, limit=page.limit)


def _clean(text: str | None) -> str | None:
    text = " ".join(text.split()) if text else None
    return text or None
