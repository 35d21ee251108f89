"""`/api/v1/users`: your own profile."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile, status

from quad.core.errors import PayloadTooLarge
from quad.core.openapi import API_PREFIX, AUTH_ERRORS, errors
from quad.dependencies import (
    AuthServiceDep,
    CurrentPrincipal,
    CurrentUser,
    PresenterDep,
    UserServiceDep,
)
from quad.users.images import AVATAR_MAX_BYTES
from quad.users.schemas import PasswordChange, ProfileUpdate, UserMe

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
