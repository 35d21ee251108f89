"""The universities feature's own dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from quad.dependencies import SessionDep
from quad.universities.repository import UniversityRepository
from quad.universities.service import UniversityService


async def get_university_service(session: SessionDep) -> UniversityService:
    return UniversityService(UniversityRepository(session))


UniversityServiceDep = Annotated[UniversityService, Depends(get_university_service)]
