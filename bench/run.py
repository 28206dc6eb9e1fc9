#!/usr/bin/env python3
"""Throughput and memory of the full analysis against raw spaCy parsing, in the same run.

    python bench/run.py [--shared ../shared] [--repeat 2]

Texts: ../shared/data/wikinews/articles.jsonl. Reported:
- words/s of raw spaCy parsing (the model alone) and of corroborate's analysis (pipeline +
  records) in both modes, the default (with the learned tagger) and --fast (rules only),
  measured alternately in this process, best of --repeat; the ratios are what the issues set
  targets on (>= 0.3 default, >= 0.85 fast);
- words/s of ``ingest`` of the same articles into a new SQLite ledger (target >= 0.9x analyze);
- the cost of each corroborate component on already-parsed documents;
- peak RSS of a child process doing each job (``corroborate analyze --jsonl`` for the full one).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BATCH = 16


def load_texts(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def child_peak_rss_mb(cmd: list[str], stdin_path: Path | None = None) -> float:
    stdin = stdin_path.open("rb") if stdin_path else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if stdin_path:
        stdin.close()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{cmd} failed")
    return usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args(argv)
    data = Path(args.shared) / "data" / "wikinews" / "articles.jsonl"
    if not data.exists():
        print(f"error: {data} not found; pass --shared PATH", file=sys.stderr)
        return 2

    # Children first: Linux counts the parent's pages at fork in a child's peak RSS, so the
    # measuring process must still be small when it starts them.
    from corroborate.settings import MODEL, Settings

    py = sys.executable
    raw_rss = child_peak_rss_mb([py, "-c", (
        "import json,sys,spacy;nlp=spacy.load('%s');"
        "texts=[json.loads(l)['text'] for l in open(sys.argv[1])];"
        "[None for _ in nlp.pipe(texts,batch_size=%d)]" % (MODEL, BATCH)), str(data)])
    full_rss = child_peak_rss_mb([py, "-m", "corroborate.cli", "analyze", "--jsonl", "-", "--format", "jsonl"], data)

    import spacy

    import corroborate
    from corroborate.analysis import analyze_articles
    from corroborate.ingest.readers import read_jsonl
    from corroborate.analysis.pipeline import COMPONENTS, build_pipeline

    rows = load_texts(data)
    texts = [r["text"] for r in rows]
    raw = spacy.load(MODEL)
    full = corroborate.load_pipeline(fast=False)
    fast = corroborate.load_pipeline(fast=True)
    words = sum(1 for d in raw.pipe(texts[:8]) for t in d if not t.is_space)  # warm-up
    words = sum(1 for d in raw.pipe(texts, batch_size=BATCH) for t in d if not t.is_space)

    def time_raw() -> float:
        t = time.perf_counter()
        for _ in raw.pipe(texts, batch_size=BATCH):
            pass
        return time.perf_counter() - t

    def time_analyze(nlp) -> float:
        arts = [a for a in read_jsonl(data) if not isinstance(a, Exception)]
        t = time.perf_counter()
        for _ in analyze_articles(arts, nlp=nlp, settings=Settings(batch_size=BATCH)):
            pass
        return time.perf_counter() - t

    def time_ingest() -> float:
        """The same articles analysed and stored in a new SQLite ledger (one transaction each)."""
        import tempfile

        from corroborate.ledger import Ledger
        from corroborate.run import ingest

        arts = [a for a in read_jsonl(data) if not isinstance(a, Exception)]
        with tempfile.TemporaryDirectory() as tmp, Ledger(str(Path(tmp) / "bench.db")) as ledger:
            summary = ingest(arts, ledger)  # the default pipeline, as `analyze` above
        return summary.seconds

    raw_s, full_s, fast_s, ingest_s = [], [], [], []
    for _ in range(args.repeat):
        raw_s.append(time_raw())
        full_s.append(time_analyze(full))
        fast_s.append(time_analyze(fast))
        ingest_s.append(time_ingest())
    r, f, q, g = min(raw_s), min(full_s), min(fast_s), min(ingest_s)
    print(f"texts: {len(texts)} Wikinews articles, {words:,} words, batch {BATCH}")
    print(f"raw spaCy parse      {words / r:9,.0f} words/s  ({r:.2f}s)")
    print(f"analyze (default)    {words / f:9,.0f} words/s  ({f:.2f}s)  ratio to raw {r / f:.3f} (target >= 0.3)")
    print(f"analyze --fast       {words / q:9,.0f} words/s  ({q:.2f}s)  ratio to raw {r / q:.3f} (target >= 0.85)")
    print(f"corroborate ingest   {words / g:9,.0f} words/s  ({g:.2f}s, {len(texts) / g:.1f} articles/s, new SQLite ledger)")
    print(f"ratio ingest/analyze {f / g:9.3f}   (target >= 0.9; both with the tagger)")

    # Per-component cost on parsed documents (so the split is exact, not a difference of noisy runs).
    ours = build_pipeline(fast=False)
    with ours.select_pipes(disable=list(COMPONENTS)):
        docs = list(ours.pipe(texts, batch_size=BATCH))
    parse_s = r
    print("component cost (share of the raw parse time):")
    for name in COMPONENTS:
        comp = ours.get_pipe(name)
        t = time.perf_counter()
        for d in docs:
            comp(d)
        dt = time.perf_counter() - t
        print(f"  {name:24s} {dt:7.3f}s  {100 * dt / parse_s:5.1f}%")

    print(f"peak RSS: raw spaCy {raw_rss:.0f} MB, corroborate analyze --jsonl {full_rss:.0f} MB (target < 500 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
