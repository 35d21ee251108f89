"""`/api/v1/universities`: the seeded list, searched as you type."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from quad.core.openapi import API_PREFIX, errors
from quad.core.pagination import Page, PageParamsDep
from quad.dependencies import UniversityServiceDep
from quad.universities.schemas import CourseOut, UniversityOut

router = APIRouter(prefix=f"{API_PREFIX}/universities", tags=["Universities"])

SearchText = Annotated[
    str | None, Query(max_length=200, description="Typo tolerant; exact and prefix first.")
]


@router.get(
    "",
    summary="Search universities",
    description="Best matches first: exact name or domain, then name prefix, word prefix, "
    "substring, then close spellings (`Oxfrod` finds Oxford). Without `q`, alphabetical.",
    responses=errors(400, 422),
)
async def search_universities(
    universities: UniversityServiceDep,
    page: PageParamsDep,
    q: SearchText = None,
    country: Annotated[str | None, Query(max_length=100, examples=["Germany"])] = None,
) -> Page[UniversityOut]:
    return await universities.search(query=q, country=country, page=page)


@router.get(
    "/{university_id}",
    summary="One university",
    responses=errors(404, 422),
)
async def get_university(
    university_id: uuid.UUID, universities: UniversityServiceDep
) -> UniversityOut:
    return await universities.get(university_id)


@router.get(
    "/{university_id}/courses",
    summary="Courses students at this university study (for autocomplete)",
    description="Course names already used at the university, grouped regardless of case "
    "and spacing, most used first.",
    responses=errors(404, 422),
)
async def list_courses(
    university_id: uuid.UUID,
    universities: UniversityServiceDep,
    page: PageParamsDep,
    q: SearchText = None,
) -> Page[CourseOut]:
    return await universities.courses(university_id, query=q, page=page)
