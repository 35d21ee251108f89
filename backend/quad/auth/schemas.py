from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field

from quad.core.security import Password
from quad.core.text import VerbatimText
from quad.users.schemas import Bio, Course, Interests, Name, UserMe


def _lowercase(email: str) -> str:
    return email.lower()


# email-validator's rules: stricter than JSON Schema's "email" format, so said in words.
Email = Annotated[
    EmailStr,
    AfterValidator(_lowercase),
    Field(
        max_length=254,
        description="An address that can receive mail: no quoted local part, no IP-address "
        "domain, no special-use domain (.test, .local, .localhost, .invalid, .onion, .arpa). "
        "Stored in lower case.",
        examples=["ada@ox.ac.uk"],
    ),
]


class RegisterIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "first_name": "Ada",
                "last_name": "Lovelace",
                "email": "ada@ox.ac.uk",
                "password": "correct horse battery",
                # The University of Oxford's seeded id: "Try it out" registers for real.
                "university_id": "ea6864be-fc6f-56ec-b4cc-cd3b3a8edefb",
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
            "example": {"email": "ada@ox.ac.uk", "password": "correct horse battery"}
        }
    )

    email: Email
    # Not validated as a new password: any string may be tried (and simply fail).
    password: Annotated[str, VerbatimText(min_length=1, max_length=1024)]


class TokenForm(BaseModel):
    """The OAuth2 password grant's form (RFC 6749 4.3), as Swagger UI's Authorize sends it."""

    grant_type: Literal["password"] | None = Field(
        default=None, description="`password`, or left out."
    )
    username: Email = Field(description="Your e-mail address.")
    password: Annotated[str, VerbatimText(min_length=1, max_length=1024)]


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


# Mailed-link tokens are opaque: only what the server mailed works (400 otherwise).
OpaqueToken = Annotated[str, VerbatimText(min_length=1, max_length=256)]


class RefreshIn(BaseModel):
    refresh_token: Annotated[str, VerbatimText(max_length=256)] | None = Field(
        default=None,
        description="Mobile clients send it here; the web app leaves it out and sends the cookie.",
    )


class VerifyEmailIn(BaseModel):
    token: OpaqueToken


class PasswordResetIn(BaseModel):
    email: Email


class PasswordResetConfirmIn(BaseModel):
    token: OpaqueToken
    new_password: Password
