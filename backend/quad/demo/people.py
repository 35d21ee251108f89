"""Demo students in memory: who they are, where and what they study, what they like.

Pure functions of a random generator, so a seed gives the same students every time; the
loader (quad.demo.loader) writes them.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random
import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from quad.demo import vocabulary as v


@dataclass(frozen=True, slots=True)
class DemoUniversity:
    id: uuid.UUID
    name: str
    country: str
    short: str  # as students write it
    email_domain: str
    weight: float
    featured: bool


@dataclass(slots=True)
class DemoStudent:
    index: int  # position in the population; the social graph refers to students by it
    id: uuid.UUID
    email: str
    first_name: str
    last_name: str
    university: int  # index into the population's universities
    course: str  # as the student typed it
    course_index: int  # the course it means (vocabulary.COURSES)
    bio: str
    interests: list[str]
    email_verified: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Population:
    universities: list[DemoUniversity]
    students: list[DemoStudent]


def pick_universities(
    rng: random.Random, available: list[tuple[uuid.UUID, str, str, list[str]]], students: int
) -> list[DemoUniversity]:
    """The featured universities found in the seeded list, then a long tail of others;
    for a small demo only a few of them (the larger likelier), so students find classmates.

    ``available`` holds (id, name, country, domains) of every university with a domain.
    """
    by_key = {(name, country): (uid, domains) for uid, name, country, domains in available}
    chosen: list[DemoUniversity] = []
    for featured in v.FEATURED_UNIVERSITIES:
        found = by_key.get((featured.name, featured.country))
        if found is not None:
            uid, domains = found
            chosen.append(
                DemoUniversity(
                    uid,
                    featured.name,
                    featured.country,
                    featured.short,
                    _student_domain(domains),
                    featured.weight,
                    featured=True,
                )
            )
    taken = {university.id for university in chosen}
    others = sorted(row for row in available if row[0] not in taken)
    tail = rng.sample(others, min(v.LONG_TAIL_UNIVERSITIES, len(others)))
    featured_total = sum(university.weight for university in chosen)
    # The tail as a whole gets (1 - FEATURED_SHARE) of the students, unevenly.
    tail_weights = [rng.paretovariate(1.5) for _ in tail]
    tail_scale = (
        featured_total * (1 - v.FEATURED_SHARE) / v.FEATURED_SHARE / sum(tail_weights)
        if chosen and tail
        else 1.0
    )
    for (uid, name, country, domains), weight in zip(tail, tail_weights, strict=True):
        chosen.append(
            DemoUniversity(
                uid, name, country, name, _student_domain(domains), weight * tail_scale, False
            )
        )
    wanted = max(v.MIN_UNIVERSITIES, students // v.STUDENTS_PER_UNIVERSITY)
    if wanted < len(chosen):
        # Weighted sampling without replacement (Efraimidis and Spirakis), in list order.
        keys = {u.id: rng.random() ** (1 / u.weight) for u in chosen}
        kept = set(sorted(keys, key=keys.__getitem__, reverse=True)[:wanted])
        chosen = [u for u in chosen if u.id in kept]
    return chosen


def _student_domain(domains: list[str]) -> str:
    """Where its students' mail goes: a students' subdomain when the list has one."""
    for domain in domains:
        if domain.split(".", 1)[0] in ("student", "students", "etu", "stud"):
            return domain
    return domains[0]


def make_students(
    rng: random.Random,
    universities: list[DemoUniversity],
    count: int,
    *,
    first_number: int,
    now: datetime,
) -> list[DemoStudent]:
    """``count`` students; e-mails are numbered from ``first_number`` so they never collide
    with an earlier run's (quad.demo.loader.next_demo_number)."""
    university_weights = list(itertools.accumulate(u.weight for u in universities))
    course_weights = _course_weights_per_university(rng, universities)
    interest_weights = _interest_weights_per_course()
    interest_names = list(v.INTERESTS)
    cultures = _culture_weights_per_country(universities)
    count_weights = list(itertools.accumulate(v.INTEREST_COUNT_WEIGHTS))
    id_source = random.Random(f"{rng.random()}:{first_number}")  # noqa: S311 (not secrets)
    # Ids ascend with the index, so rows go into each primary key (and a friendship's
    # canonical pair into theirs) in order: appends, not random page splits.
    ids = sorted(random_uuid4_int(id_source) for _ in range(count))

    students: list[DemoStudent] = []
    for number in range(count):
        u = pick(rng, university_weights)
        university = universities[u]
        names, name_weights = cultures[university.country]
        culture = v.CULTURES[names[pick(rng, name_weights)]]
        woman = rng.random() < 0.5
        first = rng.choice(culture.women if woman else culture.men)
        # Some students carry a family name from elsewhere.
        surname_culture = culture if rng.random() > 0.06 else v.CULTURES[rng.choice(names)]
        last = surname_culture.surname_for(rng.choice(surname_culture.surnames), woman=woman)

        c = pick(rng, course_weights[u])
        course = _as_typed(rng, v.COURSES[c])
        how_many = 1 + pick(rng, count_weights)
        interests = _distinct(
            rng.choices(interest_names, cum_weights=interest_weights[c], k=how_many + 3),
            how_many,
        )

        # A few use a personal address; some have not confirmed theirs yet.
        personal = rng.random() < 0.05
        domain = rng.choice(v.PERSONAL_EMAIL_DOMAINS) if personal else university.email_domain
        if rng.random() < 0.2:
            local = f"{_ascii(first)[:1]}{_ascii(last)}"
        else:
            local = f"{_ascii(first)}.{_ascii(last)}"

        # More students joined recently than long ago (the platform grows).
        age = timedelta(days=730 * rng.random() ** 1.6, seconds=rng.randrange(86_400))
        students.append(
            DemoStudent(
                index=number,
                id=uuid.UUID(int=ids[number]),
                email=f"{local}.{first_number + number}@{domain}",
                first_name=first,
                last_name=last,
                university=u,
                course=course,
                course_index=c,
                bio=_bio(rng, university, course, interests) if rng.random() < v.BIO_SHARE else "",
                interests=interests,
                email_verified=rng.random() < 0.92,
                created_at=now - age,
            )
        )
    return students


# The bits uuid.UUID(int=..., version=4) sets: version 4, RFC 4122 variant.
_UUID4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID4_SET = (0x4000 << 64) | (0x8000 << 48)


def random_uuid4_int(rng: random.Random) -> int:
    """A version 4 UUID as an integer (sortable as PostgreSQL sorts uuids)."""
    return (rng.getrandbits(128) & _UUID4_CLEAR) | _UUID4_SET


def pick(rng: random.Random, cumulative: Sequence[float]) -> int:
    """An index drawn with the weights whose running totals are ``cumulative``
    (``random.choices`` for one item, without its per-call set-up)."""
    return bisect.bisect(cumulative, rng.random() * cumulative[-1], 0, len(cumulative) - 1)


def _course_weights_per_university(
    rng: random.Random, universities: list[DemoUniversity]
) -> list[list[float]]:
    """Cumulative course weights: each university is strong in some subjects, weak in others."""
    base = [course.weight for course in v.COURSES]
    cumulative = list(itertools.accumulate(base))
    weights = []
    for university in universities:
        if university.featured:
            tilted = (w * rng.lognormvariate(0, 0.9) for w in base)
            weights.append(list(itertools.accumulate(tilted)))
        else:
            weights.append(cumulative)
    return weights


def _interest_weights_per_course() -> list[list[float]]:
    weights = []
    for course in v.COURSES:
        own = set(course.interests)
        weights.append(
            list(
                itertools.accumulate(
                    weight * (v.COURSE_AFFINITY if name in own else 1.0)
                    for name, weight in v.INTERESTS.items()
                )
            )
        )
    return weights


def _culture_weights_per_country(
    universities: list[DemoUniversity],
) -> dict[str, tuple[list[str], list[float]]]:
    names = list(v.INTERNATIONAL_MIX)
    mix_total = sum(v.INTERNATIONAL_MIX.values())
    result = {}
    for country in {u.country for u in universities}:
        local = v.LOCAL_CULTURES.get(country, {})
        local_share = v.LOCAL_SHARE if local else 0.0
        weights = [
            local.get(name, 0.0) * local_share
            + v.INTERNATIONAL_MIX[name] / mix_total * (1 - local_share)
            for name in names
        ]
        result[country] = (names, list(itertools.accumulate(weights)))
    return result


def _as_typed(rng: random.Random, course: v.Course) -> str:
    roll = rng.random()
    if roll < v.LOWER_CASE_SHARE:
        return course.name.lower()
    roll -= v.LOWER_CASE_SHARE
    if roll < v.SENTENCE_CASE_SHARE:
        return course.name[:1] + course.name[1:].lower()
    roll -= v.SENTENCE_CASE_SHARE
    if roll < v.NICKNAME_SHARE and course.nicknames:
        return rng.choice(course.nicknames)
    return course.name


def _distinct(items: list[str], limit: int) -> list[str]:
    return list(dict.fromkeys(items))[:limit]


def _bio(rng: random.Random, university: DemoUniversity, course: str, interests: list[str]) -> str:
    first = interests[0]
    second = interests[1] if len(interests) > 1 else rng.choice(list(v.INTERESTS))
    return rng.choice(v.BIOS).format(
        year=rng.choice(v.YEARS),
        course=course,
        university=university.short,
        interest=first,
        Interest=first[:1].upper() + first[1:],
        interest2=second,
    )


# Letters that do not decompose into a base letter and accents.
_SPELLED_OUT = str.maketrans(
    {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i", "þ": "th"}
)


@functools.cache
def _ascii(name: str) -> str:
    """A name as it appears in an e-mail address: "Ó Súilleabháin" → "osuilleabhain"."""
    decomposed = unicodedata.normalize("NFKD", name.lower().translate(_SPELLED_OUT))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "", plain)
