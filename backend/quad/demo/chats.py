"""The demo students' conversations: direct chats between friends, groups of 3 to 50, and a
short history in each.

Direct chats follow friendships (each student chats with some of their friends); a group is
started by a student with friends of theirs, topped up with classmates when they have too
few, and most groups are small (sizes are drawn log-uniformly, as in real chat apps). Every
conversation has a few messages, numbered 1, 2, 3 ... as the chat feature numbers them, and
every member has read them all, so no unread count or notification is owed. Pure functions
of a random generator, like quad.demo.people and quad.demo.graph.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from quad.demo.graph import SocialGraph
from quad.demo.people import DemoStudent

MIN_GROUP = 3
MAX_GROUP = 50

_GROUP_NAMES = (
    "{course} study group",
    "{course} year {year}",
    "{course} project team",
    "{course} exam prep",
    "Lab partners",
    "Flatmates",
    "Society committee",
    "Weekend hikes",
    "Five-a-side",
    "Book club",
    "Hackathon team",
    "Choir",
)
_LINES = (
    "Anyone in the library?",
    "Did you get the notes from today's lecture?",
    "I'll be 10 minutes late",
    "The deadline moved to Friday!",
    "Coffee after the seminar?",
    "Can someone share the slides?",
    "Thanks, that helps a lot",
    "See you at 6",
    "Which room is the lab in?",
    "I'm bringing snacks",
    "Has anyone started the problem set?",
    "Good luck tomorrow!",
    "haha yes",
    "On my way",
    "Let's meet by the main entrance",
)


@dataclass(frozen=True, slots=True)
class DemoMessage:
    seq: int
    sender: int  # student index
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class DemoConversation:
    id: uuid.UUID
    members: list[int]  # student indexes; the first is the group's admin
    name: str | None  # None: a direct chat
    created_at: datetime
    messages: list[DemoMessage]

    @property
    def updated_at(self) -> datetime:
        return self.messages[-1].created_at if self.messages else self.created_at


@dataclass(slots=True)
class DemoChats:
    conversations: list[DemoConversation] = field(default_factory=list)

    @property
    def directs(self) -> int:
        return sum(1 for c in self.conversations if c.name is None)

    @property
    def groups(self) -> int:
        return len(self.conversations) - self.directs

    @property
    def messages(self) -> int:
        return sum(len(c.messages) for c in self.conversations)


def make_chats(
    rng: random.Random,
    students: list[DemoStudent],
    graph: SocialGraph,
    *,
    direct_chats_per_student: float,
    groups_per_student: float,
    history: int,
    now: datetime,
    ids: Iterator[uuid.UUID],
) -> DemoChats:
    """Direct chats over a share of the friendships (``direct_chats_per_student`` on average
    per student), ``groups_per_student`` groups per student, ``history`` messages in each;
    the conversations' ids come from ``ids`` (unique to a run, so runs add up)."""
    chats = DemoChats()
    n = len(students)
    if n < 2:
        return chats
    friends: list[list[int]] = [[] for _ in range(n)]
    for a, b in graph.friendships:
        friends[a].append(b)
        friends[b].append(a)

    # Each direct chat has two members: a friendship becomes one with this chance.
    share = min(1.0, direct_chats_per_student * n / 2 / max(len(graph.friendships), 1))
    for (a, b), since in zip(graph.friendships, graph.friendship_times, strict=True):
        if rng.random() < share:
            direct = _conversation(rng, next(ids), [a, b], None, since, history, now)
            chats.conversations.append(direct)

    classmates: dict[tuple[int, int], list[int]] = {}
    for student in students:
        classmates.setdefault((student.university, student.course_index), []).append(student.index)
    for _ in range(round(groups_per_student * n)):
        creator = rng.randrange(n)
        members = _group_members(rng, students[creator], friends[creator], classmates, n)
        if len(members) < MIN_GROUP:
            continue
        name = rng.choice(_GROUP_NAMES).format(
            course=students[creator].course, year=rng.randint(1, 4)
        )
        started = max(students[m].created_at for m in members)
        group = _conversation(rng, next(ids), members, name, started, history, now)
        chats.conversations.append(group)
    return chats


def _group_members(
    rng: random.Random,
    creator: DemoStudent,
    friends: list[int],
    classmates: dict[tuple[int, int], list[int]],
    n: int,
) -> list[int]:
    # Log-uniform: most groups are a handful of people, a few are a whole cohort.
    size = min(round(math.exp(rng.uniform(math.log(MIN_GROUP), math.log(MAX_GROUP)))), n)
    chosen = {creator.index}
    for pool in (friends, classmates[(creator.university, creator.course_index)]):
        wanted = size - len(chosen)
        if wanted <= 0:
            break
        candidates = [m for m in pool if m not in chosen]
        chosen.update(rng.sample(candidates, min(wanted, len(candidates))))
    return [creator.index, *sorted(chosen - {creator.index})]


def _conversation(
    rng: random.Random,
    conversation_id: uuid.UUID,
    members: list[int],
    name: str | None,
    since: datetime,
    history: int,
    now: datetime,
) -> DemoConversation:
    span = max((now - since).total_seconds(), 1.0)
    created_at = since + timedelta(seconds=rng.uniform(0, span / 2))
    times = sorted(
        created_at + timedelta(seconds=rng.uniform(0, (now - created_at).total_seconds()))
        for _ in range(history)
    )
    messages = [
        DemoMessage(seq, rng.choice(members), rng.choice(_LINES), at)
        for seq, at in enumerate(times, start=1)
    ]
    return DemoConversation(conversation_id, members, name, created_at, messages)
