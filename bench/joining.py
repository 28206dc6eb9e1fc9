#!/usr/bin/env python3
"""Cross-article entity joining: its cost per article on a ledger of 1x and of 10x the corpus.

    python bench/joining.py [--shared ../shared] [--probe 50] [--repeat 3]

The ECB+ dev articles (../shared/data/ecbplus/dev_articles.jsonl) are analysed once (rules
only: joining reads the records' entities, which the tagger does not change). The 10x corpus adds
nine copies whose names are shifted letter by letter (Rutte -> Svuuf -> Twvvg ...): new entities
with the spread of first letters, word counts and capitals that real names have, so that the
alias index and its fuzzy buckets grow as with ten times the news. A probe of articles (one more
shifted copy, names new to both ledgers) is then joined into each ledger, one transaction per
article, rolled back; reported is the time of the joining step (entity matching, aliases,
mentions) per article, best of --repeat, and the 10x/1x ratio (flat is about 1).
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


def join_cost(ledger, probe) -> float:
    """Seconds per article of the joining step for the probe articles, nothing kept."""
    from datetime import datetime, timezone

    from sqlalchemy import insert

    from corroborate.ledger import schema as t
    from corroborate.ledger import store

    total = 0.0
    for article, record in probe:
        conn = ledger.engine.connect()
        trans = conn.begin()
        try:
            article_id = conn.execute(insert(t.articles).values(
                hash=article.content_hash, ref=article.id, text=article.text, record="{}",
                ingested_at=datetime.now(timezone.utc).replace(tzinfo=None)).returning(t.articles.c.id)).scalar_one()
            start = time.perf_counter()
            store._entities(conn, article_id, record, store._Rows(conn))
            total += time.perf_counter() - start
        finally:
            trans.rollback()
            conn.close()
    return total / max(1, len(probe))


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

    articles = [a for a in read_jsonl(data) if not isinstance(a, Exception)]
    start = time.perf_counter()
    corpus = list(zip(articles, analyze_articles(articles, fast=True)))
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
                cost = min(join_cost(ledger, probe) for _ in range(args.repeat))
                results[scale] = cost
                print(f"{scale:>2}x: {len(corpus) * scale:6,} articles, {n_entities:7,} entities, {n_aliases:7,} aliases "
                      f"(built in {built:.0f}s); joining {1000 * cost:6.2f} ms an article")
    print(f"joining cost 10x/1x: {results[10] / results[1]:.2f} (flat is about 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
