#!/usr/bin/env python3
"""Throughput and memory of the full analysis against raw spaCy parsing, in the same run.

    python bench/run.py [--shared ../shared] [--repeat 2]

Texts: ../shared/data/wikinews/articles.jsonl. Reported:
- words/s of raw spaCy parsing (the model alone) and of corroborate's analysis (pipeline +
  records) in both modes, the default (with the learned tagger) and --fast (rules only),
  measured alternately in this process, best of --repeat; the ratios are what the issues set
  targets on (>= 0.8 default, >= 0.95 fast);
- words/s of ``ingest`` of the same articles into a new SQLite ledger (target >= 0.9x analyze);
- the cost of each corroborate component on already-parsed documents;
- peak RSS of a child process doing each job (``corroborate analyze --jsonl`` for the full one);
- first, the machine: CPU model and the vector instructions the int8 tagger's speed depends on
  (AVX2, AVX-512, VNNI), onnxruntime's version, providers and threads, so that two runs can be
  compared; then the tagger's share of the default mode and of the tokens (the rest is gated).
Times are wall clock; the ratios are also given in CPU time of this process (all its threads),
where the tagger's second thread counts as the cost it is on a busy machine.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BATCH = 16


def load_texts(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def cpu_description() -> str:
    """CPU model and the vector-instruction flags that decide the int8 kernels (Linux)."""
    model, flags = platform.processor() or platform.machine(), set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                model = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
                break
    except OSError:
        pass
    wanted = ("avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8")
    shown = " ".join(f"{f}={'yes' if f in flags else 'no'}" for f in wanted) if flags else "flags unknown"
    return f"{model}, {os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable); {shown}"


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

    def time_raw() -> tuple[float, float]:
        t, c = time.perf_counter(), time.process_time()
        for _ in raw.pipe(texts, batch_size=BATCH):
            pass
        return time.perf_counter() - t, time.process_time() - c

    def time_analyze(nlp) -> tuple[float, float]:
        arts = [a for a in read_jsonl(data) if not isinstance(a, Exception)]
        t, c = time.perf_counter(), time.process_time()
        for _ in analyze_articles(arts, nlp=nlp, settings=Settings(batch_size=BATCH)):
            pass
        return time.perf_counter() - t, time.process_time() - c

    def time_ingest() -> float:
        """The same articles analysed and stored in a new SQLite ledger (one transaction each)."""
        import tempfile

        from corroborate.ledger import Ledger
        from corroborate.run import ingest

        arts = [a for a in read_jsonl(data) if not isinstance(a, Exception)]
        with tempfile.TemporaryDirectory() as tmp, Ledger(str(Path(tmp) / "bench.db")) as ledger:
            summary = ingest(arts, ledger)  # the default pipeline, as `analyze` above
        return summary.seconds

    import onnxruntime

    tagger = full.get_pipe("corroborate_attribution_tagger").tagger
    print(f"cpu: {cpu_description()}")
    print(f"onnxruntime {onnxruntime.__version__}, providers {onnxruntime.get_available_providers()}, "
          f"tagger threads {tagger.session.get_session_options().intra_op_num_threads}")
    raw_s, full_s, fast_s, ingest_s = [], [], [], []
    for _ in range(args.repeat):
        raw_s.append(time_raw())
        full_s.append(time_analyze(full))
        fast_s.append(time_analyze(fast))
        ingest_s.append(time_ingest())
    (r, f, q), (rc, fc, qc) = ([min(x[k] for x in runs) for runs in (raw_s, full_s, fast_s)] for k in (0, 1))
    g = min(ingest_s)
    print(f"texts: {len(texts)} Wikinews articles, {words:,} words, batch {BATCH}")
    print(f"raw spaCy parse      {words / r:9,.0f} words/s  ({r:.2f}s)")
    print(f"analyze (default)    {words / f:9,.0f} words/s  ({f:.2f}s)  ratio to raw {r / f:.3f} (target >= 0.8)  by CPU time {rc / fc:.3f}")
    print(f"analyze --fast       {words / q:9,.0f} words/s  ({q:.2f}s)  ratio to raw {r / q:.3f} (target >= 0.95) by CPU time {rc / qc:.3f}")
    print(f"tagger in the default mode: {100 * (f - q) / r:.1f}% of the raw parse (wall), {100 * (fc - qc) / rc:.1f}% (CPU); "
          f"gate let {tagger.tokens_tagged / max(1, tagger.tokens_seen):.1%} of the tokens through")
    print(f"corroborate ingest   {words / g:9,.0f} words/s  ({g:.2f}s, {len(texts) / g:.1f} articles/s, new SQLite ledger)")
    print(f"ratio ingest/analyze {f / g:9.3f}   (target >= 0.9; both with the tagger)")

    # Per-component cost on parsed documents (so the split is exact, not a difference of noisy runs).
    ours = build_pipeline(fast=False)
    with ours.select_pipes(disable=list(COMPONENTS)):
        docs = list(ours.pipe(texts, batch_size=BATCH))
    parse_s = r
    print("component cost (share of the raw parse time):")

    def cost(label: str, run) -> None:
        t = time.perf_counter()
        run()
        dt = time.perf_counter() - t
        print(f"  {label:32s} {dt:7.3f}s  {100 * dt / parse_s:5.1f}%")

    for name in COMPONENTS:
        comp = ours.get_pipe(name)
        cost(name, lambda: [comp(d) for d in docs])
    tokenized = [ours.make_doc(t) for t in texts]
    cost("corroborate_paragraphs", lambda: [ours.get_pipe("corroborate_paragraphs")(d) for d in tokenized])
    from corroborate.analysis import build_record

    arts = [a for a in read_jsonl(data) if not isinstance(a, Exception)]
    cost("records (build_record)", lambda: [build_record(d, a) for d, a in zip(docs, arts)])
    recs = [build_record(d, a) for d, a in zip(docs, arts)]
    cost("records to JSON", lambda: [rec.model_dump_json() for rec in recs])
    from corroborate.nlp.places import gazetteer

    gazetteer.cache_clear()
    t = time.perf_counter()
    gazetteer()
    print(f"loading the places gazetteer (once a process): {time.perf_counter() - t:.2f}s")

    print(f"peak RSS: raw spaCy {raw_rss:.0f} MB, corroborate analyze --jsonl {full_rss:.0f} MB (target < 500 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
