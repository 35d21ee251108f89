"""Typed dependencies: every route states what it needs (and who may call it) in its signature.

Every dependency is ``async def``, even the trivial ones: FastAPI runs a plain ``def``
dependency in its thread pool, a thread hop per dependency per request that costs more
CPU than the work itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from quad.auth.service import AuthService, ClientInfo, Principal
from quad.core.config import Settings
from quad.core.errors import NotAuthenticated
from quad.core.openapi import API_PREFIX
from quad.resources import Resources
from quad.users.models import User
from quad.users.schemas import UserPresenter


async def get_resources(connection: HTTPConnection) -> Resources:
    resources: Resources = connection.app.state.resources
    return resources


ResourcesDep = Annotated[Resources, Depends(get_resources)]


async def get_settings(resources: ResourcesDep) -> Settings:
    return resources.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_session(resources: ResourcesDep) -> AsyncIterator[AsyncSession]:
    async with resources.database.sessionmaker() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def client_info(connection: HTTPConnection) -> ClientInfo:
    user_agent = connection.headers.get("user-agent")
    return ClientInfo(
        user_agent=user_agent[:512] if user_agent else None,
        ip_address=connection.client.host if connection.client else None,
    )


ClientInfoDep = Annotated[ClientInfo, Depends(client_info)]


async def get_auth_service(session: SessionDep, resources: ResourcesDep) -> AuthService:
    return AuthService(
        session,
        settings=resources.settings,
        hasher=resources.hasher,
        access_tokens=resources.access_tokens,
        mailer=resources.mailer,
        tasks=resources.tasks,
        realtime=resources.realtime,
    )


AuthServiceDep = Annotated[AuthService, Depends(get_auth_service)]

# Swagger UI's Authorize button logs in through /auth/token; auto_error is off so a missing
# token gets the contract's envelope, not FastAPI's default body.
oauth2_scheme = OAuth2PasswordBearer(
    tokenUrl=f"{API_PREFIX}/auth/token",
    auto_error=False,
    description="Log in with your e-mail as the username.",
)


async def current_principal(
    auth: AuthServiceDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> Principal:
    if not token:
        raise NotAuthenticated("Log in to continue: send `Authorization: Bearer <token>`.")
    return await auth.authenticate(token)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


async def current_user(principal: CurrentPrincipal) -> User:
    return principal.user


CurrentUser = Annotated[User, Depends(current_user)]


async def get_presenter(resources: ResourcesDep) -> UserPresenter:
    return UserPresenter(resources.storage.public_url)


PresenterDep = Annotated[UserPresenter, Depends(get_presenter)]
