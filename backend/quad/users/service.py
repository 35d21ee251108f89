"""Profiles (edits and avatars) and discovery (search, suggestions, public profiles)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from quad.core.errors import InvalidField
from quad.core.pagination import Page, PageParams, keyset_page
from quad.storage import FileStorage
from quad.universities.repository import UniversityRepository
from quad.users.errors import UserBlocked, UserNotFound
from quad.users.images import AVATAR_MAX_BYTES, normalize_avatar_async
from quad.users.models import User
from quad.users.repository import DiscoveryRepository, SearchFilters, SearchHit, SuggestionRow
from quad.users.schemas import ProfileUpdate
from quad.users.viewing import NameMatch, RelatedUser, by_name_rows

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


class DiscoveryService:
    """Finding students: search, suggestions and profiles, as the viewer may see them."""

    def __init__(self, session: AsyncSession) -> None:
        self.discovery = DiscoveryRepository(session)

    async def search(
        self,
        viewer: User,
        *,
        university_id: uuid.UUID | None,
        course: str | None,
        interest: str | None,
        name: str | None,
        page: PageParams,
    ) -> Page[RelatedUser]:
        """Students matching every filter given, in a stable order, never the viewer nor
        anyone blocked either way. A course matches regardless of case, accents and spacing,
        and a mistyped one finds the nearest course students actually give."""
        course_keys = await self.discovery.course_keys(course) if course else None
        if course_keys == ():
            return Page(items=[], next_cursor=None)

        async def fetch(match: NameMatch | None, after: tuple[Any, ...] | None) -> list[SearchHit]:
            filters = SearchFilters(
                university_id=university_id,
                course_keys=course_keys,
                interest=interest,
                name=name,
                name_match=match,
            )
            return await self.discovery.search(
                viewer.id, filters, after=after, limit=page.limit + 1
            )

        hits = await by_name_rows(fetch, name=name, cursor=page.cursor)
        return keyset_page(
            hits, limit=page.limit, key=lambda hit: hit.sort_key, present=lambda hit: hit.related
        )

    async def suggestions(self, viewer: User, *, limit: int) -> list[Suggestion]:
        """Up to ``limit`` students the viewer may know, best first, each with the reasons
        in words; never friends, pending requests either way, or blocked students."""
        rows = await self.discovery.suggestions(viewer, limit=limit)
        return [Suggestion(row=row, reasons=_reasons(row)) for row in rows]

    async def profile(self, viewer: User, user_id: uuid.UUID) -> RelatedUser:
        related = await self.discovery.profile(viewer.id, user_id)
        if related is None:
            if await self.discovery.blocked_by(viewer.id, user_id):
                raise UserBlocked()
            raise UserNotFound()
        return related


@dataclass(frozen=True, slots=True)
class Suggestion:
    row: SuggestionRow
    reasons: list[str]


# Enough shared interests to say why; the profile shows the rest.
_INTERESTS_NAMED = 3


def _reasons(row: SuggestionRow) -> list[str]:
    """Why a student is suggested, strongest reason first, as a student would say it."""
    user = row.related.user
    reasons = []
    mutual = row.related.mutual_friends
    if mutual:
        reasons.append(f"{mutual} mutual friend{'' if mutual == 1 else 's'}")
    if row.same_university and row.same_course:
        reasons.append(f"Same course: {user.course}")
    elif row.same_university:
        reasons.append(f"Also at {user.university.name}")
    elif row.same_course:
        reasons.append(f"Also studies {user.course}")
    if row.shared_interests:
        reasons.append("Also into " + ", ".join(row.shared_interests[:_INTERESTS_NAMED]))
    return reasons
