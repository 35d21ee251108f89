"""SQL of university search and course autocomplete.

University search ranks what students type (names, acronyms, domains, e-mail addresses) with
columns migration 0004 derives from the seeded names and domains, each served by an index;
docs/architecture.md ("Search as students type it") explains the ranking.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    case,
    false,
    func,
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


def _text(name: str) -> Any:
    return bindparam(name, type_=Text)


def _texts(name: str) -> Any:
    """A ``text[]`` parameter (a Python list)."""
    return bindparam(name, type_=ARRAY(Text))


def _like(name: str) -> ColumnElement[bool]:
    return University.name_key.like(_text(name), escape="\\")


# The query, folded by the same functions as the stored keys, and ``plan_cache_mode`` set to
# ``force_custom_plan`` until the transaction ends, so that the search's statements are planned
# for their own values: prepared statements otherwise settle, after a few runs, on a generic
# plan made without them, one plan for "berkeley" (2 names start with it) and "uni" (thousands
# do) that reads every university for one of the two. Both in one statement because a search
# needs both before its first stage, and one round trip is cheaper than two.
_FOLD_AND_FORCE_CUSTOM_PLANS = select(
    func.fold_words(_text("text"), type_=Text),
    fold(_text("text")),
    func.university_short_key(_text("text"), type_=Text),
    func.set_config("plan_cache_mode", "force_custom_plan", True),
)


@dataclass(frozen=True)
class _Folded:
    """The query folded by the database as the stored keys were (migration 0004)."""

    key: str
    """``fold_words``: as ``name_key`` ("King's College" → "kings college")."""
    raw: str
    """``fold_text``: punctuation kept, as domain labels have it ("u-tokyo")."""
    short: str | None
    """``university_short_key``: as ``short_key`` ("University of Oxford" → "oxford")."""

    @property
    def words(self) -> list[str]:
        return self.key.split(" ")


@dataclass(frozen=True)
class _Shape:
    """What a search's statements depend on besides parameter values: searches of the same
    shape share their statements, built once (``_stages``)."""

    long_key: bool
    """The folded query has three letters or more (else it only matches word starts)."""
    long_words: tuple[bool, ...]
    """The same, for each of its words."""
    short: bool
    """It has a short name ("University of Oxford" has "oxford"; "University" none)."""
    domains: int
    """How many domains it names (a host and its parents), 0 for no host."""
    within: bool
    """Only universities owning given domains (``?domain=`` with ``q``)."""
    country: bool


def _parameters(
    folded: _Folded,
    search: TypedSearch,
    country: str | None,
    within_domains: Sequence[str] | None,
) -> tuple[_Shape, dict[str, Any]]:
    """The shape of a search and the values of its parameters."""
    key = escape_like(folded.key)
    # Letters alone, for acronyms typed with dots or spaces ("M.I.T.", "u c l").
    compact = folded.key.replace(" ", "")
    values: dict[str, Any] = {
        "key": folded.key,
        # Arrays are sent whole: ARRAY[$1, $2] would be an array of varchar.
        "labels": [folded.raw, compact],
        "compact": [compact],
        "key_prefix": f"{key}%",
        "key_word_prefix": f"% {key}%",
        "key_contains": f"%{key}%",
        "short": folded.short,
        "short_prefix": f"{escape_like(folded.short)}%" if folded.short else None,
        "domains": list(search.domains),
        "within": list(within_domains or ()),
        "country": country.lower() if country else None,
    }
    for number, word in enumerate(folded.words):
        pattern = escape_like(word)
        values[f"word_{number}"] = word
        values[f"word_{number}_array"] = [word]
        values[f"word_{number}_prefix"] = f"{pattern}%"
        values[f"word_{number}_word_prefix"] = f"% {pattern}%"
        values[f"word_{number}_contains"] = f"%{pattern}%"
    for number, domain in enumerate(search.domains):
        values[f"domain_{number}"] = [domain]
    shape = _Shape(
        long_key=len(folded.key) >= _SHORTEST_TYPO,
        long_words=tuple(len(word) >= _SHORTEST_TYPO for word in folded.words),
        short=folded.short is not None,
        domains=len(search.domains),
        within=within_domains is not None,
        country=country is not None,
    )
    return shape, values


def _contains(name: str, *, long: bool) -> ColumnElement[bool]:
    """The folded name contains the parameter ``name``; if it is shorter than a trigram,
    only at the start of a word ("ox" finds Oxford, not Knox), which the trigram index can
    still answer."""
    if long:
        return _like(f"{name}_contains")
    return or_(_like(f"{name}_prefix"), _like(f"{name}_word_prefix"))


class _Signals:
    """How a university matches a search of one shape, as SQL conditions over parameters
    (ranked in ``UniversityRepository.search``)."""

    def __init__(self, shape: _Shape) -> None:
        # One of the university's domains, or a subdomain of one (an e-mail address).
        self.domain = University.domains.overlap(_texts("domains")) if shape.domains else None
        # "berkeley" for berkeley.edu, "ox" for ox.ac.uk ("u-tokyo" keeps its hyphen).
        self.label = University.domain_labels.overlap(_texts("labels"))
        # "mit", "ucl".
        self.acronym = University.acronyms.contains(_texts("compact"))
        # Computed only for the few rows whose acronyms match: the initials of every word?
        every_initial = func.university_acronyms(University.name, True, type_=ARRAY(Text))
        self.every_initial = case(
            (self.acronym, every_initial.contains(_texts("compact"))), else_=False
        )
        self.exact_name = University.name_key == _text("key")
        # "oxford" and "Oxford University" both for "University of Oxford".
        self.short_name = University.short_key == _text("short") if shape.short else false()
        self.strong = or_(self.label, self.acronym, self.exact_name, self.short_name)
        self.name_prefix = _like("key_prefix")
        if shape.short:
            self.name_prefix = or_(
                self.name_prefix, University.short_key.like(_text("short_prefix"), escape="\\")
            )
        self.word_prefix = _like("key_word_prefix")
        self.substring = _contains("key", long=shape.long_key)
        # Each word found as part of the name, an acronym or a domain label, in any order
        # ("uc berkeley", "oxford university"): what the trigram and GIN indexes answer.
        each_word = [
            or_(
                _contains(f"word_{number}", long=long),
                University.acronyms.contains(_texts(f"word_{number}_array")),
                University.domain_labels.contains(_texts(f"word_{number}_array")),
            )
            for number, long in enumerate(shape.long_words)
        ]
        found = or_(
            self.label,
            self.acronym,
            self.substring if len(each_word) == 1 else and_(*each_word),
        )
        self.found = or_(self.domain, found) if self.domain is not None else found
        # Typos (indexed, see TRIGRAM_SETTINGS): each word found as above or, if it has
        # three letters or more, within a typo or two of a word of the name.
        self.close = and_(
            *(
                or_(matches, close_to(_text(f"word_{number}"), University.name_key))
                if long
                else matches
                for number, (long, matches) in enumerate(
                    zip(shape.long_words, each_word, strict=True)
                )
            )
        )
        # What the first statement finds (ranks 0 and 1).
        self.best = or_(self.domain, self.strong) if self.domain is not None else self.strong
        # 0 for an owner of the most specific domain named, 1 for its parent, ...
        self.specificity = _specificity(shape.domains)
        in_country = func.lower(University.country) == _text("country") if shape.country else true()
        self.scope = (
            and_(in_country, University.domains.overlap(_texts("within")))
            if shape.within
            else in_country
        )


def _specificity(domains: int) -> ColumnElement[int]:
    """0 for an owner of the parameter ``domain_0`` (the most specific), 1 for ``domain_1``..."""
    return case(
        *((University.domains.contains(_texts(f"domain_{rank}")), rank) for rank in range(domains)),
        else_=domains,
    )


# Within a rank: the shortest name is the closest to what was typed; names repeat across
# countries, so the country ends a total order and pages never overlap.
_SHORTER_FIRST = (func.length(University.name), University.name, University.country)


@functools.lru_cache(maxsize=256)
def _stages(shape: _Shape) -> tuple[Select[University], ...]:
    """The statements of a search of this shape, in rank order (see
    ``UniversityRepository.search``), built once: a search binds its values to them."""
    signals = _Signals(shape)
    limit = bindparam("limit", type_=Integer)

    # Ranks 0 and 1: a domain, the owner of the most specific one first; then the exact
    # name; then the university with more of the rank-1 signals; then a domain label (the
    # university's own short name) before an acronym (ours); then initials of every word
    # before initials skipping little words; then the shortest domain label (institutions
    # that registered early, often the best known, took short domains: umich.edu before
    # umdearborn.edu).
    order: list[Any] = []
    if signals.domain is not None:
        order += [signals.domain.desc(), signals.specificity]
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
    best = select(University).where(signals.best, signals.scope).order_by(*order).limit(limit)

    # Rank 2: names (or short names) that start with the query.
    prefix = (
        select(University)
        .where(signals.name_prefix, not_(signals.best), signals.scope)
        .order_by(*_SHORTER_FIRST)
        .limit(limit)
    )

    # Ranks 3 to 5: a word starts with the query, the name contains it, or each of its
    # words is found somewhere.
    rank = case((signals.word_prefix, 3), (signals.substring, 4), else_=5)
    other = (
        select(University)
        .where(signals.found, not_(signals.best), not_(signals.name_prefix), signals.scope)
        .order_by(rank, *_SHORTER_FIRST)
        .limit(limit)
    )
    if not shape.long_key or shape.domains:
        # A typo needs letters around it: one or two are matched as typed. And never for a
        # domain: a near spelling of one names some other institution.
        return best, prefix, other

    # Rank 6: names with a word within a typo or two of each word typed ("Oxfrod",
    # "unversity of oxford"), nearest first; none the text matches found already.
    near = (
        select(University)
        .where(signals.close, not_(signals.found), signals.scope)
        .order_by(word_distance(_text("key"), University.name_key), *_SHORTER_FIRST)
        .limit(limit)
    )
    return best, prefix, other, near


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
        """Matches ranked by their strongest signal (docs/architecture.md, "Search as
        students type it"); without a query, alphabetical.

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

        Shorter names first within a rank. One statement per group of ranks, each excluding
        what earlier ones found, until the page is full: a broad query ("uni") stops once the
        names that start with it fill the page, without ranking the thousands that merely
        contain it.
        """
        if query is None:
            in_country = func.lower(University.country) == country.lower() if country else true()
            if within_domains is not None:
                in_country = and_(in_country, University.domains.overlap(list(within_domains)))
            # Alphabetical as people read it, whatever the database's collation.
            alphabetical = (
                select(University)
                .where(in_country)
                .order_by(func.lower(University.name), University.name, University.country)
                .offset(offset)
                .limit(limit)
            )
            return (await self.session.scalars(alphabetical)).all()

        folded = await self._fold_and_force_custom_plans(query.text)
        if not folded.key:
            return []  # only punctuation: nothing to look for
        shape, values = _parameters(folded, query, country, within_domains)
        # Enough rows to fill the page asked for, and no more.
        window = offset + limit
        matches: list[University] = []
        for stage in _stages(shape):
            found = await self.session.scalars(stage, {**values, "limit": window - len(matches)})
            matches += found.all()
            if len(matches) >= window:
                break
        return matches[offset:]

    async def by_domain(
        self, domains: Sequence[str], *, country: str | None, offset: int, limit: int
    ) -> Sequence[University]:
        """Universities owning one of ``domains`` (a host and its parents, most specific
        first): the owner of the most specific one first."""
        in_country = func.lower(University.country) == country.lower() if country else true()
        statement = (
            select(University)
            .where(University.domains.overlap(list(domains)), in_country)
            .order_by(_specificity(len(domains)), *_SHORTER_FIRST)
            .offset(offset)
            .limit(limit)
        )
        values = {f"domain_{number}": [domain] for number, domain in enumerate(domains)}
        return (await self.session.scalars(statement, values)).all()

    async def _fold_and_force_custom_plans(self, text: str) -> _Folded:
        """``text`` folded as the stored keys are; the rest of the transaction's statements
        are planned for their own values (see ``_FOLD_AND_FORCE_CUSTOM_PLANS``)."""
        row = (await self.session.execute(_FOLD_AND_FORCE_CUSTOM_PLANS, {"text": text})).one()
        return _Folded(key=row[0], raw=row[1], short=row[2])

    async def courses(
        self, university_id: uuid.UUID, *, query: str | None, offset: int, limit: int
    ) -> list[tuple[str, int]]:
        """Course names in use at a university, most used first, grouped by ``course_key``
        (case, accents and spacing folded) as student search groups them: "Física" and
        "fisica" are one course in both."""
        statement = (
            select(
                # The spelling most students chose represents the group.
                func.mode().within_group(func.btrim(User.course)).label("name"),
                func.count().label("student_count"),
            )
            # ix_users_university_id_course_key_created_at can read a university's students
            # already in group order.
            .where(User.university_id == university_id, User.course_key != "")
            .group_by(User.course_key)
        )
        values: dict[str, Any] = {}
        if query:
            values["query"] = query
            # Folded by the database, as course_key was, so both sides agree. A condition on
            # the grouping key, so in WHERE: rows are filtered before they are counted.
            typed = fold(_text("query"))
            statement = statement.where(
                or_(
                    func.strpos(User.course_key, typed) > 0,
                    # A typo or two (threshold: quad.core.db.TRIGRAM_SETTINGS).
                    close_to(typed, User.course_key),
                )
            )
        statement = (
            statement.order_by(func.count().desc(), User.course_key).offset(offset).limit(limit)
        )
        result = await self.session.execute(statement, values)
        return [(row.name, row.student_count) for row in result]
