from __future__ import annotations

import uuid

from quad.core.errors import InvalidField, NotFound
from quad.core.pagination import Page, PageParams, offset_from_cursor, offset_page
from quad.universities.query import domain_and_parents, parse_domain, parse_search
from quad.universities.repository import UniversityRepository
from quad.universities.schemas import CourseOut, UniversityOut


class UniversityNotFound(NotFound):
    code = "university_not_found"
    default_message = "There is no such university."


class UniversityService:
    def __init__(self, repository: UniversityRepository) -> None:
        self.repository = repository

    async def search(
        self, *, query: str | None, domain: str | None, country: str | None, page: PageParams
    ) -> Page[UniversityOut]:
        """Ranked matches of what a student typed (names, acronyms, domains, e-mail
        addresses, typos), alphabetical without a query; with ``domain``, only the
        universities owning it or a parent of it, the most specific owner first unless a
        query ranks them."""
        offset = offset_from_cursor(page.cursor)
        domains: list[str] | None = None
        if domain is not None:
            host = parse_domain(domain)
            if host is None:  # the published pattern admits only what parses
                raise InvalidField("domain", "Give a domain such as ucl.ac.uk.")
            domains = domain_and_parents(host)
        text = query or None  # already trimmed and single-spaced: blank is no query
        if domains is not None and text is None:
            rows = await self.repository.by_domain(
                domains, country=country or None, offset=offset, limit=page.limit + 1
            )
        else:
            rows = await self.repository.search(
                query=parse_search(text) if text else None,
                country=country or None,
                within_domains=domains,
                offset=offset,
                limit=page.limit + 1,
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
            university_id, query=query or None, offset=offset, limit=page.limit + 1
        )
        items = [CourseOut(name=name, student_count=count) for name, count in rows]
        return offset_page(items, offset=offset, limit=page.limit)
