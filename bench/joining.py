#!/usr/bin/env python3
"""The cross-article steps (entity joining, story assignment, estimate grouping): their cost per
article on a ledger of 1x and of 10x the corpus.

    python bench/joining.py [--shared ../shared] [--probe 50] [--repeat 3]

The ECB+ dev articles (../shared/data/ecbplus/dev_articles.jsonl) are analysed once (rules
only: joining reads the records' entities, which the tagger does not change). The 10x corpus adds
nine copies whose names and terms are shifted letter by letter (Rutte -> Svuuf -> Twvvg ...):
new entities with the spread of first letters, word counts and capitals that real names have, and
new stories with the spread of words real ones have, so that the alias index, its fuzzy buckets,
the story index and the stories' groups grow as with ten times the news. A probe of articles (one
more shifted copy, new to both ledgers) is then stored into each ledger, one transaction per
article, rolled back; reported is the time of each step per article, best of --repeat, and the
10x/1x ratio (flat is about 1).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def shift(text: str, k: int) -> str:
    """Letters moved k places in the alphabet, case kept: a name no copy shares."""
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + k) % 26 + 97))
        elif "A" <= ch <= "Z":
            out.append(chr((ord(ch) - 65 + k) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out)


def shifted(article, record, k: int):
    """A copy of an analysed article whose entity names are shifted by k (and so is its text)."""
    from dataclasses import replace

    rec = record.model_copy(deep=True)
    rec.terms = {shift(term, k): n for term, n in rec.terms.items()}
    for e in rec.entities:
        e.name = shift(e.name, k)
        for m in e.mentions:
            m.text = shift(m.text, k)
    for s in rec.statements:
        if s.source is not None and s.source.name:
            s.source.name = shift(s.source.name, k)
    return replace(article, text=shift(article.text, k), id=f"{article.id}~{k}"), rec


def fill(ledger, pairs) -> None:
    for article, record in pairs:
        ledger.add(article, record)


STEPS = ("joining", "story", "grouping")


def step_costs(ledger, probe) -> dict[str, float]:
    """Seconds per article of each cross-article step for the probe articles, nothing kept."""
    from datetime import datetime, timezone

    from sqlalchemy import insert, select

    from corroborate.ledger import schema as t
    from corroborate.ledger import store
    from corroborate.ledger.group_index import GroupIndex

    total = dict.fromkeys(STEPS, 0.0)
    for article, record in probe:
        conn = ledger.engine.connect()
        trans = conn.begin()
        try:
            published, _ = article.dated()
            article_id = conn.execute(insert(t.articles).values(
                hash=article.content_hash, ref=article.id, text=article.text, record="{}", published=published,
                ingested_at=datetime.now(timezone.utc).replace(tzinfo=None)).returning(t.articles.c.id)).scalar_one()
            start = time.perf_counter()
            canonical = store._entities(conn, article_id, record, store._Rows(conn))
            total["joining"] += time.perf_counter() - start
            start = time.perf_counter()
            story_id = store._story(conn, record, record.title, published)
            total["story"] += time.perf_counter() - start
            names = dict(conn.execute(select(t.entities.c.id, t.entities.c.name)
                                      .where(t.entities.c.id.in_(set(canonical.values())))).all())
            statement_ids = {s.id: (None, None) for s in record.statements}
            start = time.perf_counter()
            _, groupings = store._figure_rows(article_id, story_id, article.outlet, published, record,
                                              statement_ids, canonical, names)
            groups = GroupIndex(conn)
            for grouping in groupings:
                groups.assign(grouping)
            total["grouping"] += time.perf_counter() - start
        finally:
            trans.rollback()
            conn.close()
    return {step: seconds / max(1, len(probe)) for step, seconds in total.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--probe", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    data = Path(args.shared) / "data" / "ecbplus" / "dev_articles.jsonl"
    if not data.exists():
        print(f"error: {data} not found; pass --shared PATH", file=sys.stderr)
        return 2

    from corroborate.analysis import analyze_articles
    from corroborate.ingest.readers import read_jsonl
    from corroborate.ledger import Ledger
    from corroborate.settings import Settings

    articles = [a for a in read_jsonl(data) if not isinstance(a, Exception)]
    start = time.perf_counter()
    corpus = list(zip(articles, analyze_articles(articles, settings=Settings(fast=True))))
    print(f"corpus: {len(corpus)} ECB+ dev articles, "
          f"{sum(len(r.entities) for _, r in corpus):,} article entities (analysed in {time.perf_counter() - start:.0f}s)")
    probe = [shifted(a, r, 10) for a, r in corpus[: args.probe]]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (1, 10):
            with Ledger(str(Path(tmp) / f"x{scale}.db")) as ledger:
                t0 = time.perf_counter()
                fill(ledger, corpus)
                for k in range(1, scale):
                    fill(ledger, (shifted(a, r, k) for a, r in corpus))
                built = time.perf_counter() - t0
                with ledger.engine.connect() as conn:
                    from sqlalchemy import func, select

                    from corroborate.ledger import schema as t

                    n_entities = conn.execute(select(func.count()).select_from(t.entities)).scalar_one()
                    n_aliases = conn.execute(select(func.count()).select_from(t.entity_aliases)).scalar_one()
                    n_stories = conn.execute(select(func.count()).select_from(t.stories)).scalar_one()
                    n_groups = conn.execute(select(func.count()).select_from(t.estimate_groups)).scalar_one()
                runs = [step_costs(ledger, probe) for _ in range(args.repeat)]
                cost = {step: min(r[step] for r in runs) for step in STEPS}
                results[scale] = cost
                print(f"{scale:>2}x: {len(corpus) * scale:6,} articles, {n_entities:7,} entities, {n_aliases:7,} aliases, "
                      f"{n_stories:6,} stories, {n_groups:7,} groups (built in {built:.0f}s); per article: "
                      + ", ".join(f"{step} {1000 * cost[step]:.2f} ms" for step in STEPS))
    print("per article 10x/1x: " + ", ".join(f"{step} {results[10][step] / results[1][step]:.2f}" for step in STEPS)
          + " (flat is about 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
