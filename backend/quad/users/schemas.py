"""Profile fields (shared by registration and profile edits) and the user views."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from quad.core.security import Password
from quad.core.text import MultiLine, SingleLine, VerbatimText
from quad.core.types import UtcDateTime
from quad.universities.models import University
from quad.users.models import User

if TYPE_CHECKING:
    from quad.users.viewing import ProfileRow, RelatedProfile, RelatedUser, UniversityRow

FriendshipStatus = Literal["none", "friends", "request_sent", "request_received", "self"]

BIO_MAX_CHARS = 500
INTERESTS_MAX = 20
INTEREST_MAX_CHARS = 40


def _clean_interests(values: list[str]) -> list[str]:
    seen: set[str] = set()
    cleaned: list[str] = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            cleaned.append(value)
    return cleaned


# Lengths are counted as sent; names, course and interests are stored single-spaced and
# trimmed, and none may carry control or direction-override characters (quad.core.text).
NAME_MAX_CHARS = 50
COURSE_MAX_CHARS = 100
# A name query holds a first and a last name, and the space between them.
NAME_QUERY_MAX_CHARS = 2 * NAME_MAX_CHARS + 1

Name = Annotated[str, SingleLine(max_length=NAME_MAX_CHARS), Field(examples=["Ada"])]
Course = Annotated[
    str, SingleLine(max_length=COURSE_MAX_CHARS), Field(examples=["Computer Science"])
]
Bio = Annotated[
    str,
    MultiLine(max_length=BIO_MAX_CHARS),
    Field(examples=["Second-year CS. Climbing, chess and bad puns."]),
]
Interest = Annotated[str, SingleLine(max_length=INTEREST_MAX_CHARS)]
Interests = Annotated[
    list[Interest],
    # At most 20 as sent, then duplicates dropped: the schema's maxItems is the server's rule.
    Field(max_length=INTERESTS_MAX, examples=[["chess", "climbing", "machine learning"]]),
    AfterValidator(_clean_interests),
]


class UniversitySummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    country: str

    @classmethod
    def of(cls, university: University | UniversityRow) -> UniversitySummary:
        return cls(id=university.id, name=university.name, country=university.country)


USER_PUBLIC_EXAMPLE: JsonDict = {
    "id": "3f1e8c1a-6a0b-4d9f-9a51-2f0f6f1f8f11",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "university": {
        "id": "0b9c5d4e-1f2a-5b3c-8d4e-5f6a7b8c9d0e",
        "name": "University of London",
        "country": "United Kingdom",
    },
    "course": "Mathematics",
    "bio": "Analytical engines and poetry.",
    "interests": ["mathematics", "poetry"],
    "avatar_url": "http://localhost:8000/media/avatars/3f1e/9a51e0c2.webp",
    "verified_student": True,
    "friendship_status": "none",
    "mutual_friends": 3,
    "friend_request_id": None,
}


class UserPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": USER_PUBLIC_EXAMPLE})

    id: uuid.UUID
    first_name: str
    last_name: str
    university: UniversitySummary
    course: str
    bio: str
    interests: list[str]
    avatar_url: str | None
    verified_student: bool
    friendship_status: FriendshipStatus = Field(
        description="How you stand with this student: `none`, `friends`, `request_sent` (you "
        "asked them), `request_received` (they asked you), or `self`."
    )
    mutual_friends: int = Field(
        ge=0, description="Friends you and this student share (0 for yourself)."
    )
    friend_request_id: uuid.UUID | None = Field(
        description="The pending friend request between you (`request_sent` or "
        "`request_received`), to withdraw, accept or decline it; otherwise null.",
    )


class UserMe(UserPublic):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                **USER_PUBLIC_EXAMPLE,
                "friendship_status": "self",
                "mutual_friends": 0,
                "email": "ada@ox.ac.uk",
                "email_verified": True,
                "created_at": "2026-11-24T09:30:00.000000Z",
            }
        }
    )

    email: str
    email_verified: bool
    created_at: UtcDateTime


class UserPresenter:
    """Turns ``User`` rows into the contract's views (avatar keys become URLs)."""

    def __init__(self, avatar_url: Callable[[str], str]) -> None:
        self._avatar_url = avatar_url

    def public(
        self,
        user: User | ProfileRow,
        friendship_status: FriendshipStatus,
        mutual_friends: int = 0,
        friend_request_id: uuid.UUID | None = None,
    ) -> UserPublic:
        return UserPublic(
            id=user.id,
            first_name=user.first_name,
            last_name=user.last_name,
            university=UniversitySummary.of(user.university),
            course=user.course,
            bio=user.bio,
            interests=list(user.interests),
            avatar_url=self._avatar_url(user.avatar_key) if user.avatar_key else None,
            verified_student=user.verified_student,
            friendship_status=friendship_status,
            mutual_friends=mutual_friends,
            friend_request_id=friend_request_id,
        )

    def profile_fields(self, user: User | ProfileRow) -> dict[str, Any]:
        """UserPublic's fields of the student alone, as JSON values (for ``related_fields``)."""
        university = user.university
        return {
            "id": str(user.id),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "university": {
                "id": str(university.id),
                "name": university.name,
                "country": university.country,
            },
            "course": user.course,
            "bio": user.bio,
            "interests": list(user.interests),
            "avatar_url": self._avatar_url(user.avatar_key) if user.avatar_key else None,
            "verified_student": user.verified_student,
        }

    def related_fields(
        self, related: RelatedUser | RelatedProfile, profile: dict[str, Any]
    ) -> dict[str, Any]:
        """``related`` as JSON values, in UserPublic's order, with the student's own fields
        given (``profile_fields``, made once for all who see them): for views written on a
        hot path, the same JSON as ``related``'s model (a test holds the two together)."""
        return {
            **profile,
            "friendship_status": related.friendship_status,
            "mutual_friends": related.mutual_friends,
            "friend_request_id": (
                None if related.friend_request_id is None else str(related.friend_request_id)
            ),
        }

    def related(self, related: RelatedUser | RelatedProfile) -> UserPublic:
        """A student as the viewer sees them (status and mutual friends from the query)."""
        return self.public(
            related.user,
            cast(FriendshipStatus, related.friendship_status),
            related.mutual_friends,
            related.friend_request_id,
        )

    def me(self, user: User) -> UserMe:
        return UserMe(
            **self.public(user, "self").model_dump(),
            email=user.email,
            email_verified=user.email_verified,
            created_at=user.created_at,
        )


class ProfileUpdate(BaseModel):
    """``PATCH /users/me``: only the fields sent change."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"course": "Physics", "interests": ["astronomy", "jazz"]}},
    )

    first_name: Name | None = None
    last_name: Name | None = None
    university_id: uuid.UUID | None = None
    course: Course | None = None
    bio: Bio | None = None
    interests: Interests | None = None


class PasswordChange(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {"current_password": "correct horse", "new_password": "battery staple 42"}
        }
    )

    current_password: Annotated[str, VerbatimText(max_length=1024)]
    new_password: Password


class SuggestionOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "user": USER_PUBLIC_EXAMPLE,
                "score": 27,
                "reasons": ["3 mutual friends", "Same course: Mathematics", "Also into poetry"],
            }
        }
    )

    user: UserPublic
    score: int = Field(
        ge=0, description="How strongly Quad suggests them; higher first. Only the order matters."
    )
    reasons: list[str] = Field(description="Why, in words to show the student, strongest first.")
