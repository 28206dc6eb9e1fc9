#!/usr/bin/env python3
"""Analysis time against text length: seconds per 10,000 characters at 10k, 100k and 1M.

    python bench/long.py [--shared ../shared] [--sizes 10000,100000,1000000] [--fast]

One text of each size, made at run time of Wikinews articles (../shared/data/wikinews) joined by
blank lines, as many times over as the size needs, cut at the paragraph break nearest the size.
Each is analysed as one article by ``corroborate.analysis`` (default mode with the tagger, or
``--fast``), and parsed by raw spaCy (nlp.max_length raised to fit) in the same process, best of
RUNS_CHARS // size runs (at least one): on a shared machine the shortest run is the one least
disturbed. The target: analysis at 1M characters within 2x of its time per 10k characters at 10k.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = 2.0  # s/10k at the largest size over s/10k at the smallest, at most
RUNS_CHARS = 300_000  # characters analysed per size, at least (in runs of the size; at most 10 runs)


def long_text(articles: list[str], size: int) -> str:
    """Articles joined by blank lines until ``size`` characters, cut at the last paragraph break
    before it (or at ``size`` when a paragraph runs past it)."""
    parts: list[str] = []
    total = 0
    while total < size:
        for text in articles:
            parts.append(text.strip())
            total += len(parts[-1]) + 2
            if total >= size:
                break
    text = "\n\n".join(parts)[:size]
    cut = text.rfind("\n\n")
    return text[:cut] if cut > size // 2 else text


def per_10k(seconds: float, chars: int) -> float:
    return seconds / chars * 10_000


def best_seconds(job, runs: int):
    """The shortest of ``runs`` runs of ``job()``, and the last run's result."""
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = job()
        best = min(best, time.perf_counter() - started)
    return best, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--fast", action="store_true", help="rules only (no tagger)")
    args = ap.parse_args(argv)
    data = Path(args.shared) / "data" / "wikinews" / "articles.jsonl"
    if not data.exists():
        print(f"error: {data} not found; pass --shared PATH", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",")]
    with data.open(encoding="utf-8") as f:
        articles = [json.loads(line)["text"] for line in f if line.strip()]

    import spacy

    import corroborate
    from corroborate.analysis import analyze_articles
    from corroborate.ingest.article import Article
    from corroborate.settings import MODEL

    nlp = corroborate.load_pipeline(fast=args.fast)
    raw = spacy.load(MODEL)
    raw.max_length = max(sizes) + 1
    next(analyze_articles([Article(text=articles[0])], nlp=nlp))  # warm-up
    mode = "fast" if args.fast else "default"
    print(f"long texts ({mode} mode), seconds per 10k characters:")
    rates = []
    for size in sizes:
        text = long_text(articles, size)
        runs = min(10, max(1, RUNS_CHARS // size))
        seconds, record = best_seconds(lambda: next(analyze_articles([Article(text=text)], nlp=nlp)), runs)
        ours = per_10k(seconds, len(text))
        spacy_rate = per_10k(best_seconds(lambda: raw(text), runs)[0], len(text))
        rates.append(ours)
        print(f"  {len(text):>9,} chars: analysis {ours:6.3f} s/10k, raw spaCy {spacy_rate:6.3f} s/10k "
              f"({ours / spacy_rate:4.1f}x), {len(record.statements)} statements, {len(record.quantities)} figures")
    growth = rates[-1] / rates[0]
    print(f"  s/10k at {sizes[-1]:,} over s/10k at {sizes[0]:,}: {growth:.2f} "
          f"(target <= {TARGET:.0f}: {'met' if growth <= TARGET else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
