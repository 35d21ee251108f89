from __future__ import annotations

from sqlalchemy import Index, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from quad.core.db import Base, UUIDPrimaryKey


class University(UUIDPrimaryKey, Base):
    """A university from the world universities list (seeded by migration)."""

    __tablename__ = "universities"
    __table_args__ = (
        UniqueConstraint("name", "country"),
        # Search as you type: a trigram GiST index serves both ILIKE and the nearest-first
        # scan by word similarity (`<<->`) that finds typos without reading every row.
        Index(
            "ix_universities_name_trgm",
            "name",
            postgresql_using="gist",
            postgresql_ops={"name": "gist_trgm_ops"},
        ),
        # A query that is one of a university's e-mail domains finds it first.
        Index("ix_universities_domains", "domains", postgresql_using="gin"),
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
