"""`/api/v1/users`: your own profile, and finding other students."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile, status

from quad.core.errors import PayloadTooLarge
from quad.core.openapi import API_PREFIX, AUTH_ERRORS, errors
from quad.core.pagination import Page, PageParamsDep
from quad.core.text import SearchText
from quad.dependencies import (
    AuthServiceDep,
    CurrentPrincipal,
    CurrentUser,
    PresenterDep,
)
from quad.users.dependencies import DiscoveryServiceDep, UserServiceDep
from quad.users.errors import UserNotFound
from quad.users.images import AVATAR_MAX_BYTES
from quad.users.schemas import (
    COURSE_MAX_CHARS,
    INTEREST_MAX_CHARS,
    NAME_QUERY_MAX_CHARS,
    PasswordChange,
    ProfileUpdate,
    SuggestionOut,
    UserMe,
    UserPublic,
)

router = APIRouter(prefix=f"{API_PREFIX}/users", tags=["Me"], responses=AUTH_ERRORS)

# The one route whose body may be large (quad.main gives it its own body limit).
AVATAR_PATH = f"{API_PREFIX}/users/me/avatar"


@router.get("/me", summary="Your profile")
async def get_me(user: CurrentUser, presenter: PresenterDep) -> UserMe:
    return presenter.me(user)


@router.patch(
    "/me",
    summary="Edit your profile",
    description="Send only the fields to change. `bio` ≤ 500 characters, `interests` ≤ 20 "
    "tags of ≤ 40 characters (duplicates are dropped, regardless of case).",
    responses=errors(422),
)
async def update_me(
    body: ProfileUpdate, user: CurrentUser, users: UserServiceDep, presenter: PresenterDep
) -> UserMe:
    return presenter.me(await users.update_profile(user, body))


@router.put(
    "/me/avatar",
    summary="Upload your profile picture",
    description="Multipart field `file`: JPEG, PNG or WebP up to 5 MB. The image is decoded, "
    "stripped of metadata (location included) and re-encoded at most 512×512.",
    responses=errors(
        413,
        415,
        422,
        e415={"code": "unsupported_media_type", "message": "Upload a JPEG, PNG or WebP image."},
    ),
)
async def upload_avatar(
    file: Annotated[UploadFile, File(description="JPEG, PNG or WebP, ≤ 5 MB")],
    user: CurrentUser,
    users: UserServiceDep,
    presenter: PresenterDep,
) -> UserMe:
    # Read one byte past the limit: enough to know it is too big without reading it all.
    data = await file.read(AVATAR_MAX_BYTES + 1)
    if len(data) > AVATAR_MAX_BYTES:
        raise PayloadTooLarge(f"Avatars can be at most {AVATAR_MAX_BYTES // (1024 * 1024)} MB.")
    return presenter.me(await users.set_avatar(user, data))


@router.delete(
    "/me/avatar", status_code=status.HTTP_204_NO_CONTENT, summary="Remove your profile picture"
)
async def delete_avatar(user: CurrentUser, users: UserServiceDep) -> None:
    await users.remove_avatar(user)


@router.post(
    "/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change your password",
    description="Every other session ends; this one stays logged in.",
    responses=errors(
        403,
        422,
        e403={"code": "wrong_password", "message": "Your current password is not right."},
    ),
)
async def change_password(
    body: PasswordChange, principal: CurrentPrincipal, auth: AuthServiceDep
) -> None:
    await auth.change_password(principal, body.current_password, body.new_password)


# --- Discovery ----------------------------------------------------------------------------

# After the /me routes (main includes this router second): "/me" is not a student id.
discovery_router = APIRouter(
    prefix=f"{API_PREFIX}/users", tags=["Discovery"], responses=AUTH_ERRORS
)
SUGGESTIONS_MAX = 20


@discovery_router.get(
    "/search",
    summary="Find students",
    description="Every filter is optional and they combine. `course` ignores case, accents "
    "and spacing, and a mistyped course finds the nearest course students give. `interest` "
    "is one interest, ignoring case and accents. `q` matches names: the words as typed "
    "(`ada lov`), or, only when no name has them, names within a typo or two. Alphabetical "
    "by name; typo matches closest first. Never yourself, never a student you blocked or "
    "who blocked you.",
    responses=errors(400, 422),
)
async def search_students(
    user: CurrentUser,
    discovery: DiscoveryServiceDep,
    presenter: PresenterDep,
    page: PageParamsDep,
    university_id: Annotated[
        uuid.UUID | None, Query(description="Students of this university.")
    ] = None,
    course: Annotated[
        Annotated[str, SearchText(max_length=COURSE_MAX_CHARS)] | None,
        Query(description="Their course.", examples=["Physics"]),
    ] = None,
    interest: Annotated[
        Annotated[str, SearchText(max_length=INTEREST_MAX_CHARS)] | None,
        Query(description="One of their interests.", examples=["chess"]),
    ] = None,
    q: Annotated[
        Annotated[str, SearchText(max_length=NAME_QUERY_MAX_CHARS)] | None,
        Query(description="Their name.", examples=["ada lovelace"]),
    ] = None,
) -> Page[UserPublic]:
    # SearchText trims and single-spaces; a blank filter filters nothing.
    found = await discovery.search(
        user,
        university_id=university_id,
        course=course or None,
        interest=interest or None,
        name=q or None,
        page=page,
    )
    return Page(
        items=[presenter.related(row) for row in found.items], next_cursor=found.next_cursor
    )


@discovery_router.get(
    "/suggestions",
    summary="People you may know",
    description=f"Up to {SUGGESTIONS_MAX} students, best first, ranked by mutual friends, the "
    "same course at your university, your university, the same course elsewhere, and shared "
    "interests; `reasons` says why in words. Never friends, students with a pending request "
    "either way, or blocked students. One page: `next_cursor` is always null.",
    responses=errors(422),
)
async def suggestions(
    user: CurrentUser,
    discovery: DiscoveryServiceDep,
    presenter: PresenterDep,
    limit: Annotated[
        int, Query(ge=1, le=SUGGESTIONS_MAX, description=f"At most {SUGGESTIONS_MAX}.")
    ] = SUGGESTIONS_MAX,
) -> Page[SuggestionOut]:
    found = await discovery.suggestions(user, limit=limit)
    return Page(
        items=[
            SuggestionOut(
                user=presenter.related(suggestion.row.related),
                score=suggestion.row.score,
                reasons=suggestion.reasons,
            )
            for suggestion in found
        ]
    )


@discovery_router.get(
    "/{user_id}",
    summary="A student's profile",
    description="404 `user_not_found` when there is no such student or they blocked you; "
    "404 `user_blocked` when you blocked them (unblock with `DELETE /blocks/{user_id}`).",
    responses=errors(404, 422, e404=UserNotFound.example()),
)
async def get_student(
    user_id: uuid.UUID, user: CurrentUser, discovery: DiscoveryServiceDep, presenter: PresenterDep
) -> UserPublic:
    return presenter.related(await discovery.profile(user, user_id))
