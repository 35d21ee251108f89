"""The demo students' social graph: friendships, pending friend requests and a few blocks.

Friendships cluster as they do among students: most are between classmates (same
university and course), then the same university, then the same course elsewhere, a few
anywhere, and some close triangles (a friend of a friend). How many friends a student has
follows a heavy-tailed (log-normal) distribution around the asked-for average, so a few
students know hundreds and new arrivals know nobody yet. Pure functions of a random
generator, like quad.demo.people.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from quad.demo.people import DemoStudent

# Where a student's friendships come from.
SAME_COURSE = 0.52  # same university and course
SAME_UNIVERSITY = 0.25
SAME_COURSE_ELSEWHERE = 0.06
ANYWHERE = 0.04
FRIEND_OF_FRIEND = 0.13  # closes a triangle, after the rest exist

DEGREE_SIGMA = 1.0  # spread of the log-normal friend count: a long tail of popular students
NEWCOMER_SHARE = 0.04  # the newest students, with no friends yet
MAX_FRIENDS_SHARE = 40  # nobody has more than this many times the average

REQUESTING_SHARE = 0.3  # students with pending outgoing requests (newcomers more often)
NEWCOMER_REQUESTING_SHARE = 0.6
BLOCKING_SHARE = 0.003

# Small pools give duplicate picks and lopsided graphs: below this size, look wider.
MIN_POOL = 4
_KINDS = range(4)


@dataclass(slots=True)
class SocialGraph:
    """Pairs of student indexes (quad.demo.people.DemoStudent.index)."""

    friendships: list[tuple[int, int]] = field(default_factory=list)  # (smaller, larger)
    friendship_times: list[datetime] = field(default_factory=list)
    requests: list[tuple[int, int]] = field(default_factory=list)  # pending (from, to)
    request_times: list[datetime] = field(default_factory=list)
    blocks: list[tuple[int, int]] = field(default_factory=list)  # (blocker, blocked)


class _Pool:
    """Students to pick from, each as likely as their wanted friend count."""

    __slots__ = ("cumulative", "members")

    def __init__(self, members: list[int], weights: Sequence[float]) -> None:
        self.members = members
        self.cumulative = list(itertools.accumulate(weights[m] for m in members))

    @property
    def usable(self) -> bool:
        return len(self.members) >= MIN_POOL and self.cumulative[-1] > 0

    def pick(self, rng: random.Random, k: int) -> list[int]:
        return rng.choices(self.members, cum_weights=self.cumulative, k=k)


def newcomer_count(students: int) -> int:
    return round(students * NEWCOMER_SHARE)


def make_social_graph(
    rng: random.Random,
    students: list[DemoStudent],
    *,
    friends_per_student: float,
    now: datetime,
) -> SocialGraph:
    """Friendships, then blocks between students who are not friends, then pending requests
    between students who are neither friends, nor blocked, nor already asked either way."""
    n = len(students)
    graph = SocialGraph()
    if n < 2:
        return graph
    # In a small demo everyone cannot have dozens of friends: keep the graph sparse.
    average = min(friends_per_student, (n - 1) / 4)
    wanted = _wanted_friend_counts(rng, students, average)
    pools = _Pools(students, wanted)

    pairs: set[int] = set()  # a * n + b with a < b

    # Each student starts about half of their friendships; the other half come from others
    # picking them (picks are weighted by wanted friend count), so each ends near the wish.
    first_pass = 1 - FRIEND_OF_FRIEND
    shares = (SAME_COURSE, SAME_UNIVERSITY, SAME_COURSE_ELSEWHERE, ANYWHERE)
    cumulative_shares = list(itertools.accumulate(share / first_pass for share in shares))
    wishes: list[list[int]] = [[] for _ in shares]  # per kind of friend, who wants one
    for i in range(n):
        started = _started(rng, wanted[i] * first_pass)
        if started:
            for kind in rng.choices(_KINDS, cum_weights=cumulative_shares, k=started):
                wishes[kind].append(i)
    # A pick that is the student or a friend already tries again, then one circle wider.
    adjacency: list[list[int]] = [[] for _ in range(n)]
    for attempt in range(6):
        wishes = pools.befriend(rng, wishes, pairs, adjacency, widen=attempt > 0)
        if not any(wishes):
            break

    # Friends of friends: close triangles, as real friend groups do.
    for i in range(n):
        mine = adjacency[i]
        wanted_here = _started(rng, wanted[i] * FRIEND_OF_FRIEND) if mine else 0
        for _ in range(3 * wanted_here):  # a few tries each: many are friends already
            if not wanted_here:
                break
            j = rng.choice(adjacency[rng.choice(mine)])
            key = i * n + j if i < j else j * n + i
            if j != i and key not in pairs:
                pairs.add(key)
                wanted_here -= 1

    # When each friendship began: some hour after the later of the two joined.
    hours_ago = [int((now - s.created_at).total_seconds()) // 3600 for s in students]
    hours = [now - timedelta(hours=h) for h in range(max(hours_ago) + 1)]
    random_ = rng.random
    # In (a, b) order, which is the primary key's order too (ids ascend with the index).
    for key in sorted(pairs):
        a, b = divmod(key, n)
        graph.friendships.append((a, b))
        both_there = hours_ago[a] if hours_ago[a] < hours_ago[b] else hours_ago[b]
        graph.friendship_times.append(hours[int(both_there * random_())])

    blocked: set[int] = set()
    for student in students:
        if rng.random() < BLOCKING_SHARE:
            other = pools.pick(rng, 1, student.index)
            key = _pair_key(student.index, other, n)
            if other != student.index and key not in pairs and key not in blocked:
                blocked.add(key)
                graph.blocks.append((student.index, other))

    asked: set[int] = set()
    recent = now - timedelta(days=21)
    for student in students:
        newcomer = wanted[student.index] == 0
        if rng.random() >= (NEWCOMER_REQUESTING_SHARE if newcomer else REQUESTING_SHARE):
            continue
        how_many = min(1 + int(rng.expovariate(0.7)), 8)
        for kind in rng.choices((0, 1, 2), cum_weights=(0.55, 0.85, 1.0), k=how_many):
            other = pools.pick(rng, kind, student.index)
            key = _pair_key(student.index, other, n)
            if other == student.index or key in pairs or key in blocked or key in asked:
                continue
            asked.add(key)
            graph.requests.append((student.index, other))
            since = max(students[student.index].created_at, students[other].created_at, recent)
            graph.request_times.append(_between(rng, since, now))
    return graph


def _wanted_friend_counts(
    rng: random.Random, students: list[DemoStudent], average: float
) -> list[float]:
    """Log-normal around ``average``; the newest few students have no friends yet."""
    newest = sorted(students, key=lambda s: s.created_at, reverse=True)
    newcomers = {s.index for s in newest[: newcomer_count(len(students))]}
    # The others make up for the newcomers, so the average over everyone is ``average``.
    others = average * len(students) / max(len(students) - len(newcomers), 1)
    mu = math.log(others) - DEGREE_SIGMA**2 / 2 if average > 0 else 0.0
    cap = average * MAX_FRIENDS_SHARE
    return [
        0.0
        if s.index in newcomers or average <= 0
        else min(rng.lognormvariate(mu, DEGREE_SIGMA), cap)
        for s in students
    ]


def _started(rng: random.Random, expected_total: float) -> int:
    """How many friendships a student starts: half their share, rounded at random."""
    half = expected_total / 2
    whole = int(half)
    return whole + (1 if rng.random() < half - whole else 0)


def _pair_key(a: int, b: int, n: int) -> int:
    return a * n + b if a < b else b * n + a


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.random() if end > start else end


class _Pools:
    """Candidate friends by kind (0 classmates, 1 same university, 2 same course anywhere,
    3 anyone); a pool too small to pick from falls back to the next wider one."""

    def __init__(self, students: list[DemoStudent], wanted: list[float]) -> None:
        by_class: dict[tuple[int, int], list[int]] = {}
        by_university: dict[int, list[int]] = {}
        by_course: dict[int, list[int]] = {}
        for s in students:
            by_class.setdefault((s.university, s.course_index), []).append(s.index)
            by_university.setdefault(s.university, []).append(s.index)
            by_course.setdefault(s.course_index, []).append(s.index)
        everyone = _Pool([s.index for s in students], wanted)
        if not everyone.usable:  # a handful of students: any pick will do
            everyone = _Pool(everyone.members, [1.0] * len(students))
        self.n = len(students)
        self.pools = [everyone]
        numbers = [
            {key: self._add(_Pool(members, wanted)) for key, members in groups.items()}
            for groups in (by_class, by_university, by_course)
        ]
        classes, universities, courses = numbers
        # Per kind, each student's pool (a number in self.pools), fallbacks resolved once.
        self.chains: list[list[int]] = [[], [], [], [0] * self.n]
        for s in students:
            chain = [classes[(s.university, s.course_index)], universities[s.university]]
            chain += [courses[s.course_index], 0]
            for kind in (2, 1, 0):
                if not self.pools[chain[kind]].usable:
                    chain[kind] = chain[kind + 1]
            for kind in (0, 1, 2):
                self.chains[kind].append(chain[kind])

    def _add(self, pool: _Pool) -> int:
        self.pools.append(pool)
        return len(self.pools) - 1

    def pick(self, rng: random.Random, kind: int, student: int) -> int:
        return self.pools[self.chains[kind][student]].pick(rng, 1)[0]

    def befriend(
        self,
        rng: random.Random,
        wishes: list[list[int]],
        pairs: set[int],
        adjacency: list[list[int]],
        *,
        widen: bool,
    ) -> list[list[int]]:
        """A friend for each student listed under a kind (``wishes[kind]``), drawn from each
        pool once for all who want one from it. Returns the students whose pick was
        themselves or a friend already, under the same kind or, with ``widen``, the next."""
        n = self.n
        missed: list[list[int]] = [[] for _ in wishes]
        for kind, students in enumerate(wishes):
            wider = missed[min(kind + 1, len(wishes) - 1) if widen else kind]
            by_pool: dict[int, list[int]] = {}
            chain = self.chains[kind]
            for student in students:
                number = chain[student]
                if number in by_pool:
                    by_pool[number].append(student)
                else:
                    by_pool[number] = [student]
            for number, starters in by_pool.items():
                picks = self.pools[number].pick(rng, len(starters))
                for a, b in zip(starters, picks, strict=True):
                    key = a * n + b if a < b else b * n + a
                    if a == b or key in pairs:
                        wider.append(a)
                    else:
                        pairs.add(key)
                        adjacency[a].append(b)
                        adjacency[b].append(a)
        return missed
