"""The users feature's own dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from quad.dependencies import ResourcesDep, SessionDep
from quad.users.service import DiscoveryService, UserService


async def get_user_service(session: SessionDep, resources: ResourcesDep) -> UserService:
    return UserService(session, storage=resources.storage)


UserServiceDep = Annotated[UserService, Depends(get_user_service)]


async def get_discovery_service(session: SessionDep) -> DiscoveryService:
    return DiscoveryService(session)


DiscoveryServiceDep = Annotated[DiscoveryService, Depends(get_discovery_service)]
