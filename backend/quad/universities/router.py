"""`/api/v1/universities`: the seeded list, searched as you type."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from quad.core.openapi import API_PREFIX, errors
from quad.core.pagination import Page, PageParamsDep
from quad.core.text import SEARCH_MAX_CHARS, SearchText
from quad.universities.dependencies import UniversityServiceDep
from quad.universities.query import DOMAIN_MAX_LENGTH, DOMAIN_PATTERN
from quad.universities.schemas import CourseOut, UniversityOut

router = APIRouter(prefix=f"{API_PREFIX}/universities", tags=["Universities"])

# Room to spare over the longest country in the seeded list ("Korea, Democratic People's
# Republic of", 38 characters) without letting a page of text through as a filter.
COUNTRY_MAX_CHARS = 100

CourseText = Annotated[
    Annotated[str, SearchText(max_length=SEARCH_MAX_CHARS)] | None,
    Query(
        description="Part of a course name, or a name within a typo of it; accents and case "
        "optional."
    ),
]


SEARCH_DESCRIPTION = """\
Search as students type. `q` may be a name or part of one, an acronym, a domain or an
e-mail address; accents, case and punctuation do not matter. Best matches first:

1. `q` is one of the university's domains or under one: `ucl.ac.uk`, `student.ucl.ac.uk`,
   `ada@cs.ox.ac.uk`;
2. `q` is the label of one of its domains (`berkeley` for berkeley.edu, `ox` for ox.ac.uk),
   an acronym of its name (`mit`, `ucl`, `uob`, also typed `M.I.T.`), the name, or the name
   without "University" (`oxford`, `universite de montreal`); the university with more of
   these first;
3. the name starts with `q`, then a word of it does, then it contains `q` anywhere;
4. every word of `q` is found, in any order (`uc berkeley`, `oxford university`);
5. close spellings, nearest first (`Oxfrod` finds Oxford).

Without `q`, alphabetical.

`domain` keeps only the universities owning that domain or a parent of it. Alone, it answers
"which university is this e-mail address at?", the owner of the most specific domain first
(usually exactly one; none for `gmail.com`): what a registration form asks as soon as the
student has typed an e-mail address, to offer "Studying at University College London?".
"""

SearchQuery = Annotated[
    Annotated[str, SearchText(max_length=SEARCH_MAX_CHARS)] | None,
    Query(
        description="What the student typed: a name, an acronym, a domain or an e-mail address.",
        openapi_examples={
            "acronym": {"summary": "An acronym", "value": "mit"},
            "label": {"summary": "A domain's label", "value": "berkeley"},
            "domain": {
                "summary": "A subdomain of a university's domain",
                "value": "student.ucl.ac.uk",
            },
            "accents": {"summary": "Accents optional", "value": "universite de montreal"},
            "typo": {"summary": "A typo", "value": "Oxfrod"},
        },
    ),
]
DomainQuery = Annotated[
    str | None,
    Query(
        max_length=DOMAIN_MAX_LENGTH,
        pattern=DOMAIN_PATTERN,
        description="A domain, or a subdomain of one, as an e-mail address ends "
        "(`student.ucl.ac.uk`; punycode for internationalised names): only the universities "
        "owning it or a parent of it. Alone, the owner of the most specific domain comes "
        "first; with `q`, `q` ranks them.",
        openapi_examples={
            "domain": {"summary": "A university's domain", "value": "ucl.ac.uk"},
            "subdomain": {
                "summary": "A department's or students' subdomain",
                "value": "student.ucl.ac.uk",
            },
        },
    ),
]


@router.get(
    "",
    summary="Search universities, or find those of an e-mail domain",
    description=SEARCH_DESCRIPTION,
    responses=errors(
        400,
        422,
        e422={
            "code": "validation_error",
            "message": "Some fields are not valid.",
            "details": [{"field": "domain", "message": "Give a domain such as ucl.ac.uk."}],
        },
    ),
)
async def search_universities(
    universities: UniversityServiceDep,
    page: PageParamsDep,
    q: SearchQuery = None,
    domain: DomainQuery = None,
    country: Annotated[
        Annotated[str, SearchText(max_length=COUNTRY_MAX_CHARS)] | None, Query(examples=["Germany"])
    ] = None,
) -> Page[UniversityOut]:
    return await universities.search(query=q, domain=domain, country=country, page=page)


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
    description="Course names already used at the university, grouped regardless of case, "
    "accents and spacing (each under the spelling most students use), most used first.",
    responses=errors(404, 422),
)
async def list_courses(
    university_id: uuid.UUID,
    universities: UniversityServiceDep,
    page: PageParamsDep,
    q: CourseText = None,
) -> Page[CourseOut]:
    return await universities.courses(university_id, query=q, page=page)
