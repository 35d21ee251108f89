"""Profiles: edits and avatars."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from quad.core.errors import InvalidField
from quad.storage import FileStorage
from quad.universities.repository import UniversityRepository
from quad.users.images import AVATAR_MAX_BYTES, normalize_avatar_async
from quad.users.models import User
from quad.users.schemas import ProfileUpdate

logger = logging.getLogger(__name__)

_REQUIRED_FIELDS = ("first_name", "last_name", "university_id", "course")


class UserService:
    def __init__(self, session: AsyncSession, *, storage: FileStorage) -> None:
        self.session = session
        self.storage = storage
        self.universities = UniversityRepository(session)

    async def update_profile(self, user: User, changes: ProfileUpdate) -> User:
        """Applies only the fields sent; a required field cannot be cleared."""
        sent = changes.model_dump(exclude_unset=True)
        for field in _REQUIRED_FIELDS:
            if field in sent and sent[field] is None:
                raise InvalidField(field, "This field cannot be empty.")
        if "university_id" in sent and sent["university_id"] != user.university_id:
            university = await self.universities.get(sent["university_id"])
            if university is None:
                raise InvalidField("university_id", "There is no such university.")
            user.university = university
        for field, value in sent.items():
            if value is None:  # bio and interests: null clears them
                value = [] if field == "interests" else ""
            setattr(user, field, value)
        await self.session.commit()
        await self.session.refresh(user, ["updated_at"])
        return user

    async def set_avatar(self, user: User, upload: bytes) -> User:
        """Stores a re-encoded copy (decoded off the event loop) and points the profile at it.

        The key is named by the image's hash, so a URL never changes meaning and caches
        can keep it forever. The old file is deleted only after the new one is committed.
        """
        image = await normalize_avatar_async(upload, max_bytes=AVATAR_MAX_BYTES)
        key = f"avatars/{user.id}/{image.sha256[:32]}.webp"
        await self.storage.put(key, image.data, image.content_type)
        previous = user.avatar_key
        user.avatar_key = key
        await self.session.commit()
        await self.session.refresh(user, ["updated_at"])
        if previous and previous != key:
            await self._delete_quietly(previous)
        return user

    async def remove_avatar(self, user: User) -> None:
        previous = user.avatar_key
        if previous is None:
            return
        user.avatar_key = None
        await self.session.commit()
        await self._delete_quietly(previous)

    async def _delete_quietly(self, key: str) -> None:
        # The profile no longer points at the file; a failed delete leaves an orphan, not
        # a broken profile, so it is logged rather than raised.
        try:
            await self.storage.delete(key)
        except Exception:
            logger.exception("could not delete old avatar %s", key)
