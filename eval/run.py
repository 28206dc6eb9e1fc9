#!/usr/bin/env python3
"""The evaluation harness: analyse the dev sets, score them with ../shared/eval/score.py; ingest
ECB+ dev into a ledger and score its cross-article entities (score_entities.py) and estimate
groups (score_groups.py) on it.

    python eval/run.py [--shared ../shared] [--only polnear,claims,timex,entities,groups]

Predictions are kept in eval/out/ so that a score can be inspected item by item. Rerunnable:
nothing here is tuned to a result.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

SETS = {
    "claims": [("kursk", "examples/kursk-2024-10-28.gold.jsonl")],
    # Attribution in both modes: the default (learned tagger + rules) and --fast (rules only).
    "polnear": [("polnear-dev", "data/polnear/dev.jsonl"), ("polnear-dev-fast", "data/polnear/dev.jsonl")],
    "timex": [("tbaq", "data/timex/tbaq.jsonl"), ("meantime", "data/timex/meantime.jsonl")],
}
# Sets scored on a ledger: the articles are ingested into eval/out/<name>.db (fresh each run) and
# the scorer reads the ledger through the CLI. name -> (articles, gold, scorer).
LEDGER_SETS = {
    "entities": [("ecb-dev", "data/ecbplus/dev_articles.jsonl", "data/ecbplus/dev_entity_gold.jsonl",
                  "score_entities.py")],
    "groups": [("ecb-dev", "data/ecbplus/dev_articles.jsonl", "data/ecbplus/dev_gold.jsonl", "score_groups.py")],
}


def build_ledger(articles: Path, db: Path) -> tuple[int, float]:
    """A fresh ledger of ``articles`` (JSON lines) at ``db``, as `corroborate ingest` makes it;
    returns (exit status, seconds)."""
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "corroborate.cli", "ingest", str(articles), "--db", f"sqlite:///{db}"],
                          stdout=subprocess.DEVNULL)
    return done.returncode, time.perf_counter() - start


def score_ledger(shared: Path, out_dir: Path, name: str, articles_rel: str, gold_rel: str, scorer: str,
                 built: set[str]) -> None:
    """Score a ledger set; its ledger is built once per run however many scorers read it."""
    articles, gold = shared / articles_rel, shared / gold_rel
    if not articles.exists() or not gold.exists():
        print(f"skip {name}: {articles} or {gold} not found")
        return
    db = out_dir / f"{name}.db"
    if name not in built:
        status, secs = build_ledger(articles, db)
        built.add(name)
        print(f"== ledger · {name} (ingest {secs:.1f}s, exit {status})")
    print(f"== {scorer} · {name}")
    sys.stdout.flush()
    subprocess.run([sys.executable, str(shared / "eval" / scorer), str(gold), str(articles), str(db),
                    "--corroborate", str(Path(sys.executable).parent / "corroborate"), "--examples", "0"], check=True)
    print()


def predict(gold: Path, out: Path, fast: bool = False) -> tuple[int, float]:
    from corroborate.analysis import analyze_articles
    from corroborate.ingest.readers import read_jsonl
    from corroborate.settings import Settings

    articles = [a for a in read_jsonl(gold) if not isinstance(a, Exception)]
    start = time.perf_counter()
    with out.open("w", encoding="utf-8") as f:
        for rec in analyze_articles(articles, settings=Settings(fast=fast)):
            f.write(rec.model_dump_json() + "\n")
    return len(articles), time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--only", default=",".join([*SETS, *LEDGER_SETS]))
    ap.add_argument("--out", default=str(HERE / "out"))
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    scorer = shared / "eval" / "score.py"
    if not scorer.exists():
        print(f"error: {scorer} not found; pass --shared PATH to the shared data", file=sys.stderr)
        return 2
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    built: set[str] = set()
    for mode in args.only.split(","):
        for ledger_set in LEDGER_SETS.get(mode, ()):
            score_ledger(shared, out_dir, *ledger_set, built=built)
        for name, rel in SETS.get(mode, ()):
            gold = shared / rel
            if not gold.exists():
                print(f"skip {name}: {gold} not found")
                continue
            pred = out_dir / f"{name}.jsonl"
            # Written under a private name and moved into place once scored, so that runs at the
            # same time never read each other's half-written predictions.
            tmp = out_dir / f".{name}.{os.getpid()}.jsonl"
            n, secs = predict(gold, tmp, fast=name.endswith("-fast"))
            print(f"== {mode} · {name} ({n} articles, {secs:.1f}s)")
            sys.stdout.flush()
            subprocess.run([sys.executable, str(scorer), mode, str(gold), str(tmp)], check=True)
            os.replace(tmp, pred)
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
