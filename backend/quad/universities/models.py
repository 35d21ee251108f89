from __future__ import annotations

from sqlalchemy import Computed, Index, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from quad.core.db import Base, UUIDPrimaryKey


class University(UUIDPrimaryKey, Base):
    """A university from the world universities list (seeded by migration)."""

    __tablename__ = "universities"
    __table_args__ = (
        UniqueConstraint("name", "country"),
        # Search as you type (quad.universities.repository): a trigram GIN index finds
        # folded names containing a text or a word near a typo; GIN indexes on arrays find a
        # domain, a domain's label or an acronym among thousands at once.
        Index(
            "ix_universities_name_key_trgm",
            "name_key",
            postgresql_using="gin",
            postgresql_ops={"name_key": "gin_trgm_ops"},
        ),
        Index("ix_universities_domains", "domains", postgresql_using="gin"),
        Index("ix_universities_domain_labels", "domain_labels", postgresql_using="gin"),
        Index("ix_universities_acronyms", "acronyms", postgresql_using="gin"),
        Index(
            "ix_universities_short_key",
            "short_key",
            postgresql_ops={"short_key": "text_pattern_ops"},
        ),
        Index("ix_universities_country", "country"),
    )

    name: Mapped[str] = mapped_column(Text)
    country: Mapped[str] = mapped_column(Text)
    alpha_two_code: Mapped[str | None] = mapped_column(String(2))
    state_province: Mapped[str | None] = mapped_column(Text)
    domains: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    web_pages: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))

    # Derived by PostgreSQL from name and domains (functions of migration 0004), so the seed
    # never computes them and a re-seed keeps them right. Only search reads them: deferred,
    # so loading a university (with a student, say) does not fetch them.
    name_key: Mapped[str] = mapped_column(
        Text, Computed("fold_words(name)", persisted=True), deferred=True
    )
    """The name folded for search: "King's College London" → "kings college london"."""
    short_key: Mapped[str | None] = mapped_column(
        Text, Computed("university_short_key(name)", persisted=True), deferred=True
    )
    """Without "University" and little words: "University of Oxford" → "oxford"."""
    acronyms: Mapped[list[str]] = mapped_column(
        ARRAY(Text), Computed("university_acronyms(name, false)", persisted=True), deferred=True
    )
    """Initials of all or of the significant words, and spelled-out abbreviations."""
    domain_labels: Mapped[list[str]] = mapped_column(
        ARRAY(Text), Computed("domain_labels(domains)", persisted=True), deferred=True
    )
    """Each domain's own label: "berkeley.edu" → "berkeley", "ucl.ac.uk" → "ucl"."""

    def owns_email_domain(self, email: str) -> bool:
        """True if the e-mail's domain is one of ours or a subdomain of one."""
        return email_in_domains(email, self.domains)


def email_in_domains(email: str, domains: list[str]) -> bool:
    """True if the e-mail's domain is one of ``domains`` or a subdomain of one."""
    domain = email.rpartition("@")[2].lower()
    return any(domain == d or domain.endswith("." + d) for d in domains)
