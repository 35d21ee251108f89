from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Computed, ForeignKey, Index, Text, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quad.core.db import Base, Timestamps, UUIDPrimaryKey
from quad.universities.models import University


class User(UUIDPrimaryKey, Timestamps, Base):
    """A student's account and profile."""

    __tablename__ = "users"
    __table_args__ = (
        # E-mails are stored lower-cased; the database guarantees one account per address.
        Index("uq_users_email", "email", unique=True),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        # Discovery (DiscoveryRepository): each filter walks an index in the list's own
        # order (folded name, then id), so a page reads about as many rows as it shows.
        Index("ix_users_name_key_id", "name_key", "id"),
        Index("ix_users_university_id_name_key_id", "university_id", "name_key", "id"),
        Index("ix_users_course_key_name_key_id", "course_key", "name_key", "id"),
        # Names typed with typos: GIN finds the names close to the text (pg_trgm's `<%`)
        # in about a millisecond; a GiST index could also order them nearest first, but
        # reads most of itself to do so.
        Index(
            "ix_users_name_key_trgm",
            "name_key",
            postgresql_using="gin",
            postgresql_ops={"name_key": "gin_trgm_ops"},
        ),
        Index("ix_users_interest_keys", "interest_keys", postgresql_using="gin"),
        # Suggestions' candidate pools, newest first: classmates, the same university, the
        # same course elsewhere (the first also serves course autocomplete per university).
        Index(
            "ix_users_university_id_course_key_created_at",
            "university_id",
            "course_key",
            "created_at",
        ),
        Index("ix_users_university_id_created_at", "university_id", "created_at"),
        Index("ix_users_course_key_created_at", "course_key", "created_at"),
    )

    email: Mapped[str] = mapped_column(Text)
    password_hash: Mapped[str] = mapped_column(Text)
    first_name: Mapped[str] = mapped_column(Text)
    last_name: Mapped[str] = mapped_column(Text)
    university_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("universities.id"))
    course: Mapped[str] = mapped_column(Text)
    bio: Mapped[str] = mapped_column(Text, server_default="")
    interests: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    avatar_key: Mapped[str | None] = mapped_column(Text)
    email_verified_at: Mapped[datetime | None]

    # Search keys the database derives (quad.core.text_search): folded case, accents and
    # spacing, so "zoe  MULLER" finds Zoë Müller and "physics" finds "Physics ".
    name_key: Mapped[str] = mapped_column(
        Text, Computed("fold_text((first_name || ' '::text) || last_name)", persisted=True)
    )
    course_key: Mapped[str] = mapped_column(Text, Computed("fold_text(course)", persisted=True))
    interest_keys: Mapped[list[str]] = mapped_column(
        ARRAY(Text), Computed("fold_text_array(interests)", persisted=True)
    )

    university: Mapped[University] = relationship(lazy="raise")

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def verified_student(self) -> bool:
        """A verified e-mail at one of the university's domains (or a subdomain)."""
        return self.email_verified and self.university.owns_email_domain(self.email)
