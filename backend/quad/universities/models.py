from __future__ import annotations

from sqlalchemy import ARRAY, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from quad.core.db import Base, UUIDPrimaryKey


class University(UUIDPrimaryKey, Base):
    """A university from the world universities list (seeded by migration)."""

    __tablename__ = "universities"
    __table_args__ = (
        UniqueConstraint("name", "country"),
        # Typo-tolerant search: trigram GIN serves ILIKE, similarity and word_similarity.
        Index(
            "ix_universities_name_trgm",
            "name",
            postgresql_using="gin",
            postgresql_ops={"name": "gin_trgm_ops"},
        ),
        Index("ix_universities_country", "country"),
    )

    name: Mapped[str] = mapped_column(Text)
    country: Mapped[str] = mapped_column(Text)
    alpha_two_code: Mapped[str | None] = mapped_column(String(2))
    state_province: Mapped[str | None] = mapped_column(Text)
    domains: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    web_pages: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))

    def owns_email_domain(self, email: str) -> bool:
        """True if the e-mail's domain is one of ours or a subdomain of one."""
        domain = email.rpartition("@")[2].lower()
        return any(domain == d or domain.endswith("." + d) for d in self.domains)
