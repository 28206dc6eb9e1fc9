"""Query latency on a generated ledger: `estimates` and `statements --by` on 100,000 figures.

    .venv/bin/python bench/queries.py [--db PATH_OR_URL] [--figures 100000]

Builds the ledger through the ordinary write path (``Ledger.add``) from generated records,
then times each query (median of runs, in-process, warm) and prints one line per query.
"""
from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from corroborate.ingest.article import Article
from corroborate.ledger import Ledger, queries
from corroborate.record import models as m

HEADS = ["troops", "people", "civilians", "soldiers", "refugees", "homes", "children", "prisoners", "workers",
         "protesters", "migrants", "fighters", "tanks", "drones", "missiles", "jobs", "votes", "patients"]
SIDES = ["Russian", "Ukrainian", "North Korean", "Israeli", "Palestinian", "Sudanese", "Syrian", "", "", ""]
PREDICATES = ["were killed in {p}", "were wounded in {p}", "had arrived in {p}", "fled {p}", "were arrested in {p}",
              "were displaced in {p}", "went missing in {p}", "were evacuated from {p}", "were deployed to {p}",
              "were captured near {p}"]
PLACES = ["Kharkiv", "Gaza", "Khartoum", "Aleppo", "Kursk", "Donetsk", "Rafah", "Darfur", "Idlib", "Mariupol",
          "Bakhmut", "Zaporizhzhia", "Kherson", "Odesa", "Homs", "El Fasher"]
FIRST = ["Anna", "Boris", "Chen", "Dmitri", "Elena", "Farid", "Grace", "Hassan", "Irina", "Jonas", "Karim", "Lena"]
LAST = ["Kovalenko", "Petrov", "Haddad", "Osman", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Quell", "Varga",
        "Whitlock", "Yilmaz", "Zhou", "Abara", "Brandt", "Castell"]
BOUNDS = ["exact", "approx", "lower", "upper"]


def article(i: int, rng: random.Random, figures: int) -> tuple[Article, m.Record]:
    parts, entities, statements, quantities = [], [], [], []
    pos = 0

    def put(s: str) -> tuple[int, int]:
        nonlocal pos
        parts.append(s + " ")
        start = pos
        pos += len(s) + 1
        return start, start + len(s)

    published = date(2024, 1, 1) + timedelta(days=rng.randrange(365))
    for k in range(figures):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        value = rng.choice([10, 12, 40, 120, 1500, 5000, 10000, 350, 75, 2000]) * rng.choice([1, 1, 2, 3])
        bound = rng.choice(BOUNDS)
        counted = f"{rng.choice(SIDES)} {rng.choice(HEADS)}".strip()
        predicate = rng.choice(PREDICATES).format(p=rng.choice(PLACES))
        content = f"{value:,} {counted} {predicate}"
        src = put(name)
        cue = put("said")
        body = put(content)
        eid, sid, qid = f"e{k + 1}", f"s{k + 1}", f"q{k + 1}"
        entities.append(m.Entity(id=eid, name=name, type="PERSON", mentions=[m.Mention(text=name, span=src)]))
        statements.append(m.Statement(id=sid, source=m.Source(text=name, span=src, entity=eid, name=name),
                                      cue=m.Cue(text="said", span=cue, lemma="say"),
                                      content=m.Content(text=content, span=body), direct=False))
        num = f"{value:,}"
        quantities.append(m.Quantity(
            id=qid, text=num, span=(body[0], body[0] + len(num)), value=value, bound=bound, unit="person",
            low=value if bound == "lower" else None, high=value if bound == "upper" else None,
            counted=m.Counted(text=counted, span=(body[0] + len(num) + 1, body[0] + len(num) + 1 + len(counted))),
            predicate=predicate, statement=sid, source=name))
    text = "".join(parts)
    art = Article(text=text, id=f"gen{i}", published=published, outlet=f"Outlet {i % 40}", origin=f"gen:{i}")
    rec = m.Record(id=art.id, published=published.isoformat(), outlet=art.outlet, entities=entities,
                   statements=statements, quantities=quantities)
    return art, rec


def timed(fn, runs: int = 7) -> float:
    fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/corroborate-bench.db")
    ap.add_argument("--figures", type=int, default=100_000)
    ap.add_argument("--per-article", type=int, default=10)
    args = ap.parse_args()
    rng = random.Random(7)
    with Ledger(args.db) as ledger:
        with ledger.engine.connect() as conn:
            have = queries.stats(conn)["quantities"]
        t0 = time.perf_counter()
        i = have // args.per_article
        while have < args.figures:
            art, rec = article(i, rng, args.per_article)
            ledger.add(art, rec)
            have += args.per_article
            i += 1
        built = time.perf_counter() - t0
        with ledger.engine.connect() as conn:
            stats = queries.stats(conn)
            print(f"ledger: {stats['quantities']} figures, {stats['estimate_groups']} groups, "
                  f"{stats['statements']} statements, {stats['entities']} entities (built in {built:.0f} s)")
            for label, fn in [
                ("estimates", lambda: queries.estimates(conn)),
                ("estimates --conflicts-only", lambda: queries.estimates(conn, conflicts_only=True)),
                ("estimates --about kharkiv", lambda: queries.estimates(conn, about="kharkiv")),
                ("statements --by 'Irina Quell'", lambda: queries.statements(conn, by="Irina Quell")),
                ("statements --by Quell", lambda: queries.statements(conn, by="Quell")),
            ]:
                print(f"{label}: {timed(fn):.1f} ms")


if __name__ == "__main__":
    main()
