"""SQL of university search and course autocomplete.

University search ranks what students type (names, acronyms, domains, e-mail addresses) with
columns migration 0004 derives from the seeded names and domains, each served by an index;
docs/architecture.md explains the ranking.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Text,
    and_,
    case,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from quad.core.text_search import close_to, escape_like, fold, word_distance
from quad.universities.models import University
from quad.universities.query import TypedSearch
from quad.users.models import User

# Trigrams need three letters: shorter text is matched as typed, never as a typo.
_SHORTEST_TYPO = 3
# "Close enough" for a course-name typo (word similarity; see quad.core.db.TRIGRAM_SETTINGS).
_TYPO_THRESHOLD = 0.3


def _texts(values: Sequence[str]) -> ColumnElement[list[str]]:
    """A ``text[]`` parameter (``literal`` alone would send ``varchar[]``)."""
    return literal(list(values), ARRAY(Text))


def _like(pattern: str) -> ColumnElement[str]:
    return literal(pattern, Text)


@dataclass(frozen=True)
class _Folded:
    """The query folded by the database as the stored keys were (migration 0004)."""

    key: str
    """``fold_words``: as ``name_key`` ("King's College" → "kings college")."""
    raw: str
    """``fold_text``: punctuation kept, as domain labels have it ("u-tokyo")."""
    short: str | None
    """``university_short_key``: as ``short_key`` ("University of Oxford" → "oxford")."""


class _Signals:
    """How a university matches one search, as SQL conditions (ranked in ``search``).

    Every value is a plain parameter, folded beforehand: PostgreSQL plans the query once
    and reuses the plan, and no row evaluates a folding function.
    """

    def __init__(self, folded: _Folded, domains: Sequence[str]) -> None:
        key = escape_like(folded.key)
        self.key = literal(folded.key, Text)
        self.domains = domains
        # One of the university's domains, or a subdomain of one (an e-mail address).
        self.domain = University.domains.overlap(_texts(domains)) if domains else None
        # Letters alone, for acronyms typed with dots or spaces ("M.I.T.", "u c l").
        compact = folded.key.replace(" ", "")
        # "berkeley" for berkeley.edu, "ox" for ox.ac.uk ("u-tokyo" keeps its hyphen).
        self.label = University.domain_labels.overlap(_texts([folded.raw, compact]))
        # "mit", "ucl".
        self.acronym = University.acronyms.contains(_texts([compact]))
        # Computed only for the few rows whose acronyms match: the initials of every word?
        every_initial = func.university_acronyms(University.name, True, type_=ARRAY(Text))
        self.every_initial = case(
            (self.acronym, every_initial.contains(_texts([compact]))), else_=False
        )
        self.exact_name = University.name_key == self.key
        # "oxford" and "Oxford University" both for "University of Oxford".
        self.short_name = (
            University.short_key == literal(folded.short, Text) if folded.short else false()
        )
        self.strong = or_(self.label, self.acronym, self.exact_name, self.short_name)
        self.name_prefix: ColumnElement[bool] = University.name_key.like(
            _like(f"{key}%"), escape="\\"
        )
        if folded.short:
            self.name_prefix = or_(
                self.name_prefix,
                University.short_key.like(_like(f"{escape_like(folded.short)}%"), escape="\\"),
            )
        self.word_prefix = University.name_key.like(_like(f"% {key}%"), escape="\\")
        self.substring = _contains(folded.key)
        # Each word found as part of the name, an acronym or a domain label, in any order
        # ("uc berkeley", "oxford university"): what the trigram and GIN indexes answer.
        words = folded.key.split(" ")
        each_word = [
            or_(
                _contains(word),
                University.acronyms.contains(_texts([word])),
                University.domain_labels.contains(_texts([word])),
            )
            for word in words
        ]
        found = or_(
            self.label, self.acronym, self.substring if len(words) == 1 else and_(*each_word)
        )
        # Typos (indexed, see TRIGRAM_SETTINGS): each word found as above or, if it has
        # three letters or more, within a typo or two of a word of the name.
        self.close = and_(
            *(
                or_(matches, close_to(literal(word, Text), University.name_key))
                if len(word) >= _SHORTEST_TYPO
                else matches
                for word, matches in zip(words, each_word, strict=True)
            )
        )
        self.found = or_(self.domain, found) if self.domain is not None else found
        # What the first query finds (rank 0 and 1 of ``_best_matches``).
        self.best = or_(self.domain, self.strong) if self.domain is not None else self.strong
        # A typo needs letters around it: one or two letters are matched as typed.
        self.typos_possible = len(folded.key) >= _SHORTEST_TYPO and not domains


def _contains(word: str) -> ColumnElement[bool]:
    """The folded name contains ``word``; if it is shorter than a trigram, only at the start
    of a word ("ox" finds Oxford, not Knox), which the trigram index can still answer."""
    pattern = escape_like(word)
    if len(word) < _SHORTEST_TYPO:
        return or_(
            University.name_key.like(_like(f"{pattern}%"), escape="\\"),
            University.name_key.like(_like(f"% {pattern}%"), escape="\\"),
        )
    return University.name_key.like(_like(f"%{pattern}%"), escape="\\")


# Within a rank: the shortest name is the closest to what was typed; names repeat across
# countries, so the country ends a total order and pages never overlap.
_SHORTER_FIRST = (func.length(University.name), University.name, University.country)


def _scope(country: str | None, domains: Sequence[str] | None = None) -> ColumnElement[bool]:
    """In ``country`` (any case), owning one of ``domains``: each only if given."""
    in_country = func.lower(University.country) == country.lower() if country else true()
    if domains is None:
        return in_country
    return and_(in_country, University.domains.overlap(_texts(domains)))


def _specificity(domains: Sequence[str]) -> ColumnElement[int]:
    """0 for an owner of ``domains[0]`` (the most specific), 1 for ``domains[1]``, ..."""
    return case(
        *(
            (University.domains.contains(_texts([domain])), rank)
            for rank, domain in enumerate(domains)
        ),
        else_=len(domains),
    )


class UniversityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, university_id: uuid.UUID) -> University | None:
        return await self.session.get(University, university_id)

    async def search(
        self,
        *,
        query: TypedSearch | None,
        country: str | None,
        within_domains: Sequence[str] | None = None,
        offset: int,
        limit: int,
    ) -> Sequence[University]:
        """Matches ranked by their strongest signal (docs/architecture.md, "University
        search"); without a query, alphabetical.

        0. the query is one of the university's domains, or under one (an e-mail address);
        1. it is a domain's label ("berkeley"), an acronym of the name ("mit"), the name,
           or the name without "University" and little words ("oxford");
        2. the name (or that short name) starts with it;
        3. a word of the name starts with it;
        4. the name contains it;
        5. each of its words is found, in any order, as part of the name, an acronym or a
           domain label ("uc berkeley");
        6. close spellings: each word of three letters or more found or within a typo or
           two of a word of the name, nearest first.

        One query per group of ranks, each excluding what earlier ones found, until the
        page is full: a broad query ("uni") stops after the first ones, whose matches an
        index returns already in order, instead of ranking thousands of names.
        """
        in_country = _scope(country, within_domains)
        if query is None:
            # Alphabetical as people read it, whatever the database's collation.
            alphabetical = (
                select(University)
                .where(in_country)
                .order_by(func.lower(University.name), University.name, University.country)
                .offset(offset)
                .limit(limit)
            )
            return (await self.session.scalars(alphabetical)).all()

        folded = await self._fold(query.text)
        if not folded.key:
            return []  # only punctuation: nothing to look for
        signals = _Signals(folded, query.domains)
        stages = [self._best_matches, self._prefix_matches, self._other_matches]
        if signals.typos_possible:
            # Never for a domain: a near spelling of one names some other institution.
            stages.append(self._near_matches)
        # Enough rows to fill the page asked for, and no more.
        window = offset + limit
        matches: list[University] = []
        for stage in stages:
            matches += await stage(signals, in_country, limit=window - len(matches))
            if len(matches) >= window:
                break
        return matches[offset:]

    async def by_domain(
        self, domains: Sequence[str], *, country: str | None, offset: int, limit: int
    ) -> Sequence[University]:
        """Universities owning one of ``domains`` (a host and its parents, most specific
        first): the owner of the most specific one first."""
        statement = (
            select(University)
            .where(_scope(country, domains))
            .order_by(
                _specificity(domains),
                func.length(University.name),
                University.name,
                University.country,
            )
            .offset(offset)
            .limit(limit)
        )
        return (await self.session.scalars(statement)).all()

    async def _fold(self, text: str) -> _Folded:
        """One round trip folds the query the way the stored keys were folded.

        It also has the rest of this transaction's queries planned for their own values.
        Prepared statements otherwise settle, after a few runs, on a generic plan made
        without them: one plan for "berkeley" (2 names start with it) and "uni" (thousands do),
        which reads every university for one of the two.
        """
        value = literal(text, Text)
        row = (
            await self.session.execute(
                select(
                    func.fold_words(value, type_=Text),
                    fold(value),
                    func.university_short_key(value, type_=Text),
                    func.set_config("plan_cache_mode", "force_custom_plan", True),
                )
            )
        ).one()
        return _Folded(key=row[0], raw=row[1], short=row[2])

    async def _best_matches(
        self, signals: _Signals, in_country: ColumnElement[bool], *, limit: int
    ) -> Sequence[University]:
        """Ranks 0 and 1: a domain, the owner of the most specific one first; then the exact
        name; then the university with more of the rank-1 signals; then a domain label (the
        university's own short name) before an acronym (ours); then initials of every word
        before initials skipping little words; then the shortest domain label (institutions
        that registered early, often the best known, took short domains: umich.edu before
        umdearborn.edu); then shorter names, alphabetical, by country."""
        order: list[Any] = []
        if signals.domain is not None:
            order += [signals.domain.desc(), _specificity(signals.domains)]
        strength = (
            signals.label.cast(Integer)
            + signals.acronym.cast(Integer)
            + signals.short_name.cast(Integer)
        )
        label = func.unnest(University.domain_labels).column_valued("label")
        shortest_label = select(func.min(func.length(label))).scalar_subquery()
        order += [
            signals.exact_name.desc(),
            strength.desc(),
            signals.label.desc(),
            signals.every_initial.desc(),
            shortest_label,
            *_SHORTER_FIRST,
        ]
        statement = select(University).where(signals.best, in_country).order_by(*order).limit(limit)
        return (await self.session.scalars(statement)).all()

    async def _prefix_matches(
        self, signals: _Signals, in_country: ColumnElement[bool], *, limit: int
    ) -> Sequence[University]:
        """Rank 2: names (or short names) that start with the query, shorter first; an index
        in that order serves a prefix thousands of names share ("uni")."""
        statement = (
            select(University)
            .where(signals.name_prefix, not_(signals.best), in_country)
            .order_by(*_SHORTER_FIRST)
            .limit(limit)
        )
        return (await self.session.scalars(statement)).all()

    async def _other_matches(
        self, signals: _Signals, in_country: ColumnElement[bool], *, limit: int
    ) -> Sequence[University]:
        """Ranks 3 to 5: a word starts with the query, the name contains it, or each of its
        words is found somewhere; shorter names first within each."""
        rank = case((signals.word_prefix, 3), (signals.substring, 4), else_=5)
        statement = (
            select(University)
            .where(signals.found, not_(signals.best), not_(signals.name_prefix), in_country)
            .order_by(rank, *_SHORTER_FIRST)
            .limit(limit)
        )
        return (await self.session.scalars(statement)).all()

    async def _near_matches(
        self, signals: _Signals, in_country: ColumnElement[bool], *, limit: int
    ) -> Sequence[University]:
        """Rank 6: names with a word within a typo or two of each word typed ("Oxfrod",
        "unversity of oxford"), nearest first; none the text matches found already."""
        statement = (
            select(University)
            .where(signals.close, not_(signals.found), in_country)
            .order_by(word_distance(signals.key, University.name_key), *_SHORTER_FIRST)
            .limit(limit)
        )
        return (await self.session.scalars(statement)).all()

    async def courses(
        self, university_id: uuid.UUID, *, query: str | None, offset: int, limit: int
    ) -> list[tuple[str, int]]:
        """Course names in use at a university, grouped case-insensitively, most used first."""
        key = func.lower(func.btrim(User.course))
        statement = (
            select(
                # The spelling most students chose represents the group.
                func.mode().within_group(func.btrim(User.course)).label("name"),
                func.count().label("student_count"),
            )
            .where(User.university_id == university_id, func.btrim(User.course) != "")
            .group_by(key)
        )
        if query:
            lowered = query.strip().lower()
            statement = statement.having(
                or_(
                    key.like("%" + escape_like(lowered) + "%", escape="\\"),
                    func.word_similarity(lowered, key) >= _TYPO_THRESHOLD,
                )
            )
        statement = statement.order_by(func.count().desc(), key).offset(offset).limit(limit)
        result = await self.session.execute(statement)
        return [(row.name, row.student_count) for row in result]
