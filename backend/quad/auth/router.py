"""`/api/v1/auth`: accounts, sessions and mailed links."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Form, Response, status

from quad.auth.schemas import (
    LoginIn,
    PasswordResetConfirmIn,
    PasswordResetIn,
    RefreshIn,
    RegisterIn,
    RegisterOut,
    TokenForm,
    Tokens,
    VerifyEmailIn,
)
from quad.core.config import Settings
from quad.core.openapi import API_PREFIX, AUTH_ERRORS, errors
from quad.dependencies import (
    AuthServiceDep,
    ClientInfoDep,
    CurrentUser,
    PresenterDep,
    SettingsDep,
)

router = APIRouter(prefix=f"{API_PREFIX}/auth", tags=["Accounts"])

REFRESH_COOKIE = "quad_refresh"
REFRESH_COOKIE_PATH = f"{API_PREFIX}/auth"

RefreshCookie = Annotated[str | None, Cookie(alias=REFRESH_COOKIE, include_in_schema=False)]


def _set_refresh_cookie(response: Response, settings: Settings, tokens: Tokens) -> None:
    response.set_cookie(
        REFRESH_COOKIE,
        tokens.refresh_token,
        max_age=settings.refresh_token_ttl_seconds,
        path=REFRESH_COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=settings.cookie_secure,
    )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    summary="Create a student account",
    description="Creates the account, logs it in (tokens in the body, refresh token also as "
    "an httpOnly cookie) and mails a verification link.",
    responses=errors(
        409,
        422,
        e409={"code": "email_taken", "message": "An account with this e-mail already exists."},
    ),
)
async def register(
    body: RegisterIn,
    response: Response,
    auth: AuthServiceDep,
    client: ClientInfoDep,
    presenter: PresenterDep,
    settings: SettingsDep,
) -> RegisterOut:
    user, tokens = await auth.register(body, client)
    _set_refresh_cookie(response, settings, tokens)
    return RegisterOut(user=presenter.me(user), tokens=tokens)


@router.post(
    "/login",
    summary="Log in with e-mail and password",
    responses=errors(
        401,
        422,
        e401={"code": "invalid_credentials", "message": "That e-mail and password do not match."},
    ),
)
async def login(
    body: LoginIn,
    response: Response,
    auth: AuthServiceDep,
    client: ClientInfoDep,
    settings: SettingsDep,
) -> Tokens:
    tokens = await auth.login(body.email, body.password, client)
    _set_refresh_cookie(response, settings, tokens)
    return tokens


@router.post(
    "/token",
    summary="Log in with the OAuth2 password form (Swagger UI's Authorize button)",
    description="`username` is the e-mail.",
    responses=errors(401, 422),
)
async def token(
    form: Annotated[TokenForm, Form()], auth: AuthServiceDep, client: ClientInfoDep
) -> Tokens:
    return await auth.login(form.username, form.password, client)


@router.post(
    "/refresh",
    summary="Trade a refresh token for new tokens (rotation)",
    description="The presented refresh token dies. Presenting a dead one again revokes the "
    "whole session (every device token of that login) and answers 401 "
    "`refresh_token_reused`. The web app sends no body and relies on the cookie.",
    responses=errors(
        401,
        422,
        e401={"code": "refresh_token_reused", "message": "This session was ended."},
    ),
)
async def refresh(
    response: Response,
    auth: AuthServiceDep,
    settings: SettingsDep,
    cookie: RefreshCookie = None,
    body: RefreshIn | None = None,
) -> Tokens:
    tokens = await auth.refresh((body.refresh_token if body else None) or cookie)
    _set_refresh_cookie(response, settings, tokens)
    return tokens


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End this session",
    description="Revokes the session of the refresh token (body or cookie) and its access "
    "tokens, and clears the cookie. Unknown tokens are ignored.",
    responses=errors(422),
)
async def logout(
    auth: AuthServiceDep,
    settings: SettingsDep,
    cookie: RefreshCookie = None,
    body: RefreshIn | None = None,
) -> Response:
    await auth.logout((body.refresh_token if body else None) or cookie)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(
        REFRESH_COOKIE,
        path=REFRESH_COOKIE_PATH,
        httponly=True,
        samesite="strict",
        secure=settings.cookie_secure,
    )
    return response


@router.post(
    "/verify-email",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Confirm the e-mail address with the mailed token",
    responses=errors(
        400,
        422,
        e400={"code": "token_expired", "message": "This link has expired. Ask for a new one."},
    ),
)
async def verify_email(body: VerifyEmailIn, auth: AuthServiceDep) -> None:
    await auth.verify_email(body.token)


@router.post(
    "/verify-email/resend",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Mail a new verification link",
    responses={**AUTH_ERRORS, **errors(409)},
)
async def resend_verification(user: CurrentUser, auth: AuthServiceDep) -> None:
    await auth.resend_verification(user)


@router.post(
    "/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Mail a password reset link",
    description="Answers 202 whether or not an account has that e-mail, in the same time.",
    responses=errors(422),
)
async def request_password_reset(body: PasswordResetIn, auth: AuthServiceDep) -> None:
    await auth.request_password_reset(body.email)


@router.post(
    "/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Set a new password with the mailed token",
    description="The token works once and expires (30 minutes by default). Every session "
    "of the account ends: refresh tokens, access tokens issued before, open WebSockets.",
    responses=errors(
        400,
        422,
        e400={"code": "token_used", "message": "This link has already been used."},
    ),
)
async def confirm_password_reset(body: PasswordResetConfirmIn, auth: AuthServiceDep) -> None:
    await auth.confirm_password_reset(body.token, body.new_password)
