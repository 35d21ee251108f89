"""``quad seed-demo``: realistic demo students, fast (one bcrypt hash, batched inserts)."""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from datetime import UTC, datetime

import bcrypt
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import create_async_engine

from quad.core.config import Settings
from quad.universities.models import University
from quad.users.models import User

logger = logging.getLogger(__name__)

DEMO_PASSWORD = "quad-demo-password"  # noqa: S105 (demo accounts, printed on purpose)

_FIRST = [
    "Ada",
    "Alan",
    "Amara",
    "Aisha",
    "Ben",
    "Chen",
    "Chloe",
    "Diego",
    "Elena",
    "Emeka",
    "Fatima",
    "Grace",
    "Hana",
    "Ibrahim",
    "Isla",
    "Jonas",
    "Kai",
    "Lena",
    "Leila",
    "Lucas",
    "Maya",
    "Mateo",
    "Nia",
    "Noah",
    "Olga",
    "Priya",
    "Rafael",
    "Sara",
    "Tariq",
    "Yuki",
]
_LAST = [
    "Adeyemi",
    "Bauer",
    "Costa",
    "Dubois",
    "Evans",
    "Fischer",
    "García",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Li",
    "Müller",
    "Nakamura",
    "Okafor",
    "Patel",
    "Rossi",
    "Silva",
    "Tanaka",
    "Walker",
]
_COURSES = [
    "Computer Science",
    "Mathematics",
    "Physics",
    "Medicine",
    "Law",
    "Economics",
    "Psychology",
    "Mechanical Engineering",
    "Biology",
    "History",
    "Architecture",
    "Music",
]
_INTERESTS = [
    "chess",
    "climbing",
    "football",
    "jazz",
    "photography",
    "machine learning",
    "poetry",
    "running",
    "film",
    "cooking",
    "hiking",
    "gaming",
    "startups",
    "volunteering",
    "yoga",
]
_UNIVERSITIES = [
    "University of Oxford",
    "University of Cambridge",
    "Massachusetts Institute of Technology",
    "Stanford University",
    "ETH Zurich",
    "University of Toronto",
    "Technical University of Munich",
    "University of Tokyo",
    "University of Cape Town",
    "University of São Paulo",
]


def seed_demo(database_url: str, settings: Settings, *, users: int) -> None:
    asyncio.run(_seed(database_url, users))


async def _seed(database_url: str, count: int) -> None:
    engine = create_async_engine(database_url)
    password_hash = bcrypt.hashpw(DEMO_PASSWORD.encode(), bcrypt.gensalt(12)).decode()
    rng = random.Random(20261124)  # noqa: S311 (the same demo every time)
    async with engine.begin() as connection:
        rows = (
            await connection.execute(
                select(University.id, University.domains).where(University.name.in_(_UNIVERSITIES))
            )
        ).all()
        universities = [(row.id, row.domains[0] if row.domains else "example.edu") for row in rows]
        if not universities:
            raise RuntimeError("No universities: run `quad migrate` first.")
        now = datetime.now(UTC)
        students = []
        for number in range(count):
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            university_id, domain = rng.choice(universities)
            students.append(
                {
                    "id": uuid.uuid4(),
                    "email": f"{first}.{last}.{number}@{domain}".lower(),
                    "password_hash": password_hash,
                    "first_name": first,
                    "last_name": last,
                    "university_id": university_id,
                    "course": rng.choice(_COURSES),
                    "bio": "",
                    "interests": rng.sample(_INTERESTS, rng.randint(1, 5)),
                    "email_verified_at": now,
                }
            )
        for start in range(0, len(students), 1000):
            await connection.execute(
                insert(User).on_conflict_do_nothing(index_elements=["email"]),
                students[start : start + 1000],
            )
    await engine.dispose()
    logger.info(
        "seeded %d demo students; log in as %s with password %r",
        count,
        students[0]["email"] if students else "-",
        DEMO_PASSWORD,
    )
