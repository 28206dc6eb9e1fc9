#!/usr/bin/env python3
"""Distil the attribution tagger into a student with fewer layers, and export it as int8 ONNX.

    .venv-train/bin/python train/distil.py --teacher teacher.onnx --layers 3 [--out build/student/attribution]

The teacher is an int8 model as train/attribution.py exported it before the export fused the
graph (--teacher; the one trained on 2026-11-25 is src/corroborate/models/attribution.int8.onnx
at commit b59bccd: `git show b59bccd:src/corroborate/models/attribution.int8.onnx > teacher.onnx`),
run with onnxruntime. Its weights, dequantised, also initialise the student: the embeddings, the
classifier and the teacher layers named by --keep (evenly spaced by default). The student
learns from the teacher's tag distribution on PolNeAR train (KL divergence at temperature --t)
and from the gold tags (cross-entropy), weighted by --alpha. Windows, labels, dev selection and
export are those of train/attribution.py. The student is written with its card; copying it over
the shipped model is a separate, deliberate step (see models/attribution/CARD.md).
"""
from __future__ import annotations

import argparse
import copy
import math
import random
import re
import sys
import time
from pathlib import Path

import attribution as base_train  # train/attribution.py: windows, labels, scoring, export
import numpy as np
import torch
from transformers import AutoModelForTokenClassification

tagger = base_train.tagger
REPO = base_train.REPO


def dequantised_state(onnx_path: Path) -> dict[str, torch.Tensor]:
    """The BERT state dict of a dynamically quantised ONNX export, weights dequantised."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(onnx_path))
    init = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}

    def deq(name: str) -> np.ndarray:
        q = init[name + "_quantized"].astype(np.float32)
        return (q - init[name + "_zero_point"].astype(np.float32)) * init[name + "_scale"]

    state = {k[len("model."):]: torch.tensor(v) for k, v in init.items() if k.startswith("model.") and not k.endswith(("_quantized", "_scale", "_zero_point"))}
    for kind in ("word", "position", "token_type"):
        state[f"bert.embeddings.{kind}_embeddings.weight"] = torch.tensor(deq(f"model.bert.embeddings.{kind}_embeddings.weight"))
    for node in model.graph.node:
        if node.op_type == "MatMulInteger":  # weight [in, out]; the module path is in the output name
            path = re.match(r"/model/(.*)/MatMul_output_0_output_quantized", node.output[0]).group(1).replace("/", ".")
            state[path + ".weight"] = torch.tensor(deq(node.input[1][: -len("_quantized")]).T.copy())
    return state


def teacher_logits(teacher: Path, examples, batch: int = 8) -> list[np.ndarray]:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(str(teacher), options, providers=["CPUExecutionProvider"])
    order = sorted(range(len(examples)), key=lambda i: len(examples[i][0]))
    out: list[np.ndarray | None] = [None] * len(examples)
    for k in range(0, len(order), batch):
        rows = order[k : k + batch]
        width = max(len(examples[i][0]) for i in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for r, i in enumerate(rows):
            ids[r, : len(examples[i][0])] = examples[i][0]
            mask[r, : len(examples[i][0])] = 1
        logits = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        for r, i in enumerate(rows):
            out[i] = logits[r, : len(examples[i][0])].astype(np.float16)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "polnear")
    ap.add_argument("--teacher", type=Path, required=True, help="int8 ONNX of train/attribution.py, unfused export")
    ap.add_argument("--out", type=Path, default=REPO / "build" / "student" / "attribution")
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--keep", default="", help="teacher layers to start from, e.g. 0,2,4 (default: evenly spaced)")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--t", type=float, default=2.0, help="distillation temperature")
    ap.add_argument("--alpha", type=float, default=0.5, help="weight of the teacher term (1 - alpha: gold tags)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-steps", type=int, default=0, help="stop each epoch after this many steps (smoke runs)")
    ap.add_argument("--dev-docs", type=int, default=0)
    args = ap.parse_args(argv)
    started, base, tok, train_docs, dev_docs = base_train.start_run(args)
    examples = base_train.build_examples(train_docs, tok, tagger.MAX_LENGTH)
    # --epochs 0 with all six layers kept re-exports the teacher itself (as the current export does).
    soft = teacher_logits(args.teacher, examples) if args.epochs else []
    print(f"train windows={len(examples)}; teacher logits in {(time.time() - started) / 60:.1f} min", flush=True)

    keep = [int(x) for x in args.keep.split(",")] if args.keep else [round(i * 5 / max(1, args.layers - 1)) for i in range(args.layers)]
    teacher_state = dequantised_state(args.teacher)
    student = AutoModelForTokenClassification.from_pretrained(
        str(base), num_labels=len(tagger.TAGS), id2label=dict(enumerate(tagger.TAGS)), label2id=base_train.TAG_ID,
        num_hidden_layers=args.layers, attn_implementation="eager",
    )
    state = {}
    for k, v in teacher_state.items():
        m = re.match(r"bert\.encoder\.layer\.(\d+)\.(.*)", k)
        if m is None:
            state[k] = v
        elif int(m.group(1)) in keep:
            state[f"bert.encoder.layer.{keep.index(int(m.group(1)))}.{m.group(2)}"] = v
    missing, unexpected = student.load_state_dict(state, strict=False)
    print(f"student: {args.layers} layers from teacher layers {keep}; not initialised: {missing}", flush=True)
    student.bert.embeddings.word_embeddings.weight.requires_grad_(False)

    steps_per_epoch = math.ceil(len(examples) / args.batch_size)
    if args.max_steps:
        steps_per_epoch = min(steps_per_epoch, args.max_steps)
    optim, sched = base_train.optimizer_and_schedule(student, args.lr, steps_per_epoch * args.epochs, args.warmup)
    pad_id = tok.token_to_id("[PAD]")
    dev_tagger = tagger.AttributionTagger(base_train.TorchSession(student), tok, tagger.TAGS, tagger.MAX_LENGTH, 32)
    rng = random.Random(args.seed)
    best, best_state, best_epoch, history, step = -1.0, student.state_dict(), 0, [], 0
    for epoch in range(1, args.epochs + 1):
        student.train()
        order = list(range(len(examples)))
        rng.shuffle(order)
        t0 = time.time()
        for i in range(steps_per_epoch):
            rows = order[i * args.batch_size : (i + 1) * args.batch_size]
            ids, mask, labels = base_train.collate([examples[j] for j in rows], pad_id)
            target = torch.zeros(ids.shape + (len(tagger.TAGS),))
            for r, j in enumerate(rows):
                target[r, : len(soft[j])] = torch.from_numpy(soft[j].astype(np.float32))
            logits = student(input_ids=ids, attention_mask=mask).logits
            real = mask.bool()
            kd = torch.nn.functional.kl_div(
                torch.log_softmax(logits[real] / args.t, -1), torch.softmax(target[real] / args.t, -1), reduction="batchmean"
            ) * args.t**2
            ce = torch.nn.functional.cross_entropy(logits.view(-1, logits.shape[-1]), labels.view(-1), ignore_index=-100)
            loss = args.alpha * kd + (1 - args.alpha) * ce
            loss.backward()
            torch.nn.utils.clip_grad_norm_(student.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            if (i + 1) % 50 == 0 or i + 1 == steps_per_epoch:
                print(f"epoch {epoch} step {i + 1}/{steps_per_epoch} kd {kd.item():.4f} ce {ce.item():.4f} "
                      f"{(time.time() - t0) / (i + 1):.2f}s/step elapsed {(time.time() - started) / 60:.1f}m", flush=True)
        student.eval()
        scores = base_train.evaluate(dev_tagger, dev_docs)
        f = base_train.micro_f1(scores)
        history.append((epoch, f))
        print(f"epoch {epoch} dev " + " ".join(f"{k}={v['f1']:.3f}" for k, v in scores.items()) + f" mean={f:.4f}", flush=True)
        if f > best:
            best, best_epoch, best_state = f, epoch, copy.deepcopy(student.state_dict())
            args.out.mkdir(parents=True, exist_ok=True)
            torch.save({"state": best_state, "epoch": epoch, "layers": args.layers, "keep": keep}, args.out / "best.pt")
    student.load_state_dict(best_state)
    train_minutes = (time.time() - started) / 60
    args.max_length = tagger.MAX_LENGTH
    base_train.finish(student, tok, base, args, argv, train_docs, dev_docs, len(examples), best_epoch, step, history, train_minutes)
    print(f"done in {(time.time() - started) / 60:.1f} minutes", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
