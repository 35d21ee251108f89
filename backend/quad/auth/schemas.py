from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field

from quad.core.security import Password
from quad.users.schemas import Bio, Course, Interests, Name, UserMe


def _lowercase(email: str) -> str:
    return email.lower()


Email = Annotated[EmailStr, AfterValidator(_lowercase), Field(examples=["ada@ucl.ac.uk"])]


class RegisterIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "first_name": "Ada",
                "last_name": "Lovelace",
                "email": "ada@ucl.ac.uk",
                "password": "correct horse battery",
                "university_id": "0b9c5d4e-1f2a-5b3c-8d4e-5f6a7b8c9d0e",
                "course": "Mathematics",
                "interests": ["poetry", "engines"],
            }
        }
    )

    first_name: Name
    last_name: Name
    email: Email
    password: Password
    university_id: uuid.UUID
    course: Course
    bio: Bio = ""
    interests: Interests = Field(default_factory=list)


class LoginIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {"email": "ada@ucl.ac.uk", "password": "correct horse battery"}
        }
    )

    email: Email
    # Not validated as a new password: any string may be tried (and simply fail).
    password: str = Field(min_length=1, max_length=1024)


class Tokens(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...",
                "refresh_token": "m3Q1V2p0dC1mYWtlLXRva2VuLWZvci1kb2Nz",
                "token_type": "bearer",
                "expires_in": 900,
            }
        }
    )

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105
    expires_in: int = Field(description="Seconds until the access token expires.")


class RegisterOut(BaseModel):
    user: UserMe
    tokens: Tokens


class RefreshIn(BaseModel):
    refresh_token: str | None = Field(
        default=None,
        max_length=256,
        description="Mobile clients send it here; the web app leaves it out and sends the cookie.",
    )


class VerifyEmailIn(BaseModel):
    token: str = Field(min_length=1, max_length=256)


class PasswordResetIn(BaseModel):
    email: Email


class PasswordResetConfirmIn(BaseModel):
    token: str = Field(min_length=1, max_length=256)
    new_password: Password
