"""Articles written for the scale tests, and a ledger dump to compare two ledgers."""
from __future__ import annotations

import json
from pathlib import Path

TOWNS = ["Port Ennis", "Velmora", "Castrel", "Dunmarrow", "Lisk"]
OFFICIALS = ["Governor Mara Quell", "Mayor Tobin Ashgrove", "Commissioner Ilse Varga"]
N_ARTICLES = 30


def story(i: int) -> dict:
    """Short articles whose people, places and figures recur, so entity joining and estimate
    groups have cross-article work to do (and the order of storing matters to it)."""
    town, official = TOWNS[i % len(TOWNS)], OFFICIALS[i % len(OFFICIALS)]
    surname = official.split()[-1]
    text = (f"Storm hits {town}, report {i}\n\nAt least {10 + 3 * i} people died in the storm in {town}, "
            f"{official} said on Monday. {surname} said about {200 + 11 * i} homes had been damaged.\n"
            f"The Red Cross said {8 + i} people were missing and {i % 4 + 1} bridges had collapsed in {town}.")
    return {"id": f"s{i}", "text": text, "published": f"2026-04-{i % 27 + 1:02d}"}


def write_feed(path: Path, n: int = N_ARTICLES) -> Path:
    path.write_text("".join(json.dumps(story(i)) + "\n" for i in range(n)))
    return path


def dump(db: str) -> dict[str, list[tuple]]:
    """Every table's rows in id order, without the clock columns."""
    from sqlalchemy import select

    from corroborate.ledger import Ledger
    from corroborate.ledger.export import TABLES

    with Ledger(db) as ledger, ledger.engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(
                    select(*[c for c in t.columns if c.name not in ("ingested_at", "at")]).order_by(t.c.id))]
                for t in TABLES}
