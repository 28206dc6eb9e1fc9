#!/usr/bin/env python3
"""Write lexicons/tagger_gate.json: the words that let a sentence through to the learned tagger.

    .venv/bin/python train/gate_lexicon.py --data ../shared/data/polnear [--min-count 3] [--min-rate 0.1]

The tagger only sees sentences that can hold an attribution (extract/tagger_component.py): one
with a quotation mark, a cue of lexicons/cues.json, or a lemma of this list, and their
neighbours. The list is chosen for recall on PolNeAR's training split: the lemma of each gold
cue's head word, kept where it heads a cue at least --min-count times and in at least
--min-rate of its occurrences (so that "in" of "in a statement" does not let every sentence
through). Runs in the main virtualenv (it needs the spaCy model, not the training extras).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "src" / "corroborate" / "lexicons" / "tagger_gate.json"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "polnear")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--min-rate", type=float, default=0.1)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    from corroborate.analysis.pipeline import build_pipeline

    nlp = build_pipeline(fast=True)
    docs = [json.loads(line) for line in (args.data / "train.jsonl").open(encoding="utf-8")]
    heads: Counter[str] = Counter()
    lemmas: Counter[str] = Counter()
    ours = [name for name in nlp.pipe_names if name.startswith("corroborate_") and name != "corroborate_paragraphs"]
    with nlp.select_pipes(disable=ours):
        for gold, doc in zip(docs, nlp.pipe((d["text"] for d in docs), batch_size=16)):
            lemmas.update(t.lemma_.lower() for t in doc)
            for att in gold["attributions"]:
                for s, e in att.get("cue_spans") or ([att["cue"]] if att.get("cue") else []):
                    span = doc.char_span(s, e, alignment_mode="expand")
                    if span is not None and len(span):
                        heads[span.root.lemma_.lower()] += 1
    kept = sorted(
        lemma for lemma, n in heads.items()
        if lemma.isalpha() and n >= args.min_count and n / lemmas[lemma] >= args.min_rate
    )
    covered = sum(heads[lemma] for lemma in kept) / sum(heads.values())
    about = (
        "Lemmas that let a sentence through to the learned attribution tagger (with quotation marks, "
        "the cues of cues.json, and the sentences next to them). Written by train/gate_lexicon.py from "
        f"PolNeAR train: the head lemma of a gold cue at least {args.min_count} times and in at least "
        f"{args.min_rate:.0%} of its occurrences; {len(kept)} lemmas, the heads of {covered:.1%} of the gold cues."
    )
    args.out.write_text(json.dumps({"_about": about, "lemmas": kept}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(kept)} lemmas, heads of {covered:.1%} of the gold cues")
    return 0


if __name__ == "__main__":
    sys.exit(main())
