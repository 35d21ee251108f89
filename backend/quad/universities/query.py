"""What a student typed into the university search: words, and perhaps an e-mail domain.

Only parsing happens here. Folding (case, accents, punctuation) is the database's job
(``fold_words``, migration 0004), so stored keys and queries always agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A host name as students type it or as it ends their e-mail address: labels of letters,
# digits and inner hyphens, a top-level label of two letters or more.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"(?:{_LABEL}\.)+[a-z][a-z0-9-]*[a-z0-9]")
# The same, in either case and with an optional final dot, as the OpenAPI document states
# it for `GET /universities?domain=`: whatever matches it, ``parse_domain`` accepts.
_ANY_CASE_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
DOMAIN_PATTERN = rf"^(?:{_ANY_CASE_LABEL}\.)+[A-Za-z](?:[A-Za-z0-9-]{{0,61}}[A-Za-z0-9])\.?$"
DOMAIN_MAX_LENGTH = 253
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")


@dataclass(frozen=True)
class TypedSearch:
    text: str
    """The query as typed, spaces collapsed (of an e-mail address, only its domain)."""
    domains: tuple[str, ...]
    """If it is a host or an e-mail address: the host and each parent domain, most
    specific first ("student.ucl.ac.uk", "ucl.ac.uk", "ac.uk"); else empty."""


def parse_search(text: str) -> TypedSearch:
    domain = parse_domain(text)
    if domain and "@" in text:
        # Of an e-mail address only the domain says anything about a university.
        text = domain
    return TypedSearch(text=text, domains=tuple(domain_and_parents(domain)) if domain else ())


def parse_domain(text: str) -> str | None:
    """The host in ``text`` if it is one: a domain ("student.ucl.ac.uk"), an e-mail address
    ("ada@cs.ox.ac.uk") or a web address ("https://www.ucl.ac.uk/"); else None."""
    host = text.strip().lower()
    if "@" in host:
        host = host.rpartition("@")[2]
    else:
        host = _SCHEME.sub("", host).split("/", 1)[0].split(":", 1)[0]
    host = host.rstrip(".")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if len(host) > DOMAIN_MAX_LENGTH or not _HOST.fullmatch(host):
        return None
    return host


def domain_and_parents(domain: str) -> list[str]:
    """``domain`` and every parent with two labels or more, most specific first."""
    labels = domain.split(".")
    return [".".join(labels[start:]) for start in range(len(labels) - 1)]
