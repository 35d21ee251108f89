"""fold_text: how search keys fold what students type (case, accents and white space)."""

from __future__ import annotations

import asyncpg
import pytest


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Zoë Müller", "zoe muller"),
        ("\tZOË \n  müller\r\n", "zoe muller"),
        ("  Génie   Électrique ", "genie electrique"),
        ("Ærø", "aero"),
    ],
)
async def test_fold_text_ignores_case_accents_and_spacing(
    db: asyncpg.Connection, typed: str, folded: str
) -> None:
    assert await db.fetchval("SELECT fold_text($1)", typed) == folded


async def test_fold_text_array_folds_each_interest(db: asyncpg.Connection) -> None:
    folded = await db.fetchval("SELECT fold_text_array($1)", [" Chess ", "CLIMBING\t", "Café"])

    assert folded == ["chess", "climbing", "cafe"]
