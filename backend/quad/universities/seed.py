"""The world universities list (Hipo's university-domains-list, MIT licence) as seed data."""

from __future__ import annotations

import json
import uuid
from importlib import resources
from typing import Any

from sqlalchemy import Connection, or_
from sqlalchemy.dialects.postgresql import insert

from quad.universities.models import University

# Seeded rows get stable ids, so every installation names a university the same way.
_UNIVERSITY_NAMESPACE = uuid.UUID("6f6b2c1e-7d1c-4f0c-9a55-3d1f4c2b8e01")


def university_id(name: str, country: str) -> uuid.UUID:
    return uuid.uuid5(_UNIVERSITY_NAMESPACE, f"{country}\n{name}")


def load_universities() -> list[dict[str, Any]]:
    """Rows ready to insert: one per (name, country), domains of duplicates merged."""
    source = resources.files("quad.universities").joinpath(
        "data/world_universities_and_domains.json"
    )
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in json.loads(source.read_text(encoding="utf-8")):
        name, country = entry["name"].strip(), entry["country"].strip()
        domains = [d.strip().lower() for d in entry.get("domains") or [] if d.strip()]
        web_pages = [w.strip() for w in entry.get("web_pages") or [] if w.strip()]
        row = rows.get((name, country))
        if row is None:
            rows[(name, country)] = {
                "id": university_id(name, country),
                "name": name,
                "country": country,
                "alpha_two_code": entry.get("alpha_two_code"),
                "state_province": entry.get("state-province"),
                "domains": domains,
                "web_pages": web_pages,
            }
        else:
            row["domains"] = list(dict.fromkeys([*row["domains"], *domains]))
            row["web_pages"] = list(dict.fromkeys([*row["web_pages"], *web_pages]))
    return list(rows.values())


def seed_universities(connection: Connection) -> int:
    """Insert or refresh every university of the list; returns how many rows it holds."""
    rows = load_universities()
    statement = insert(University)
    refreshed = ("alpha_two_code", "state_province", "domains", "web_pages")
    statement = statement.on_conflict_do_update(
        constraint="uq_universities_name_country",
        set_={column: statement.excluded[column] for column in refreshed},
        # Rows already up to date are left alone: re-seeding writes (and recomputes the
        # derived search columns of) only what changed.
        where=or_(
            *(
                University.__table__.c[column].is_distinct_from(statement.excluded[column])
                for column in refreshed
            )
        ),
    )
    connection.execute(statement, rows)
    return len(rows)
