"""Learned attribution tagger: proposes cue, source and content spans (no linking).

A MiniLM-L6 token tagger (BIO tags over cue/source/content) fine-tuned on PolNeAR and shipped
as an int8 ONNX file, ``corroborate/models/attribution.int8.onnx`` (see
``models/attribution/CARD.md``). At run time
only onnxruntime and tokenizers are needed.

The document is tokenized once; windows are token ranges that hold whole paragraphs (packed up
to the model length), a paragraph longer than that is split at sentence ends, and only a
sentence longer than a window is cut mid-sentence, with overlap. Where windows overlap each
token keeps the prediction from the window in which it lies furthest from an edge. The
training script (train/attribution.py) builds its windows with the same functions, so the
model never sees a layout it was not trained on. This module needs no spaCy (the training
environment has none); the pipeline component is in tagger_component.py.
"""
from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "attribution"
# The weights sit directly under models/ (where the repository keeps model files); the
# tokenizer, labels and card in models/attribution/.
MODEL_FILE = "../attribution.int8.onnx"

LABELS = ("cue", "source", "content")
TAGS = ("O",) + tuple(f"{p}-{label}" for label in LABELS for p in ("B", "I"))
# On overlapping gold spans a token gets the first label here: a cue inside a content fragment
# stays a cue, and a source inside content (nested attributions) stays a source.
PRECEDENCE = LABELS

MAX_LENGTH = 256  # tokens per window, [CLS] and [SEP] included
HARD_CUT_OVERLAP = 64  # tokens shared by two windows cut inside one sentence
# Windows per inference call, at most. Windows are sorted by length and a batch only takes
# windows that pad it by little (PADDING_SLACK), so a batch costs what its tokens cost: on a CPU
# one window a call is as fast per token as any batch (measured on the Wikinews windows, fused
# int8 model, one thread: 12,400 tokens/s at 1 and 2 a call, 11,600 at 4, 7,500 at 16 sorted
# but unequal), and small batches keep the peak memory low.
WINDOW_BATCH = 2
PADDING_SLACK = 1.05  # a batch's padded size over its tokens
_SENTENCE_END = frozenset(".!?")
_CLOSERS = frozenset("\"'”’»)]")


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    label: str  # cue | source | content
    start: int
    end: int
    score: float  # mean probability of the tags that make up the span


def plan_windows(text: str, offsets: Sequence[tuple[int, int]], max_tokens: int) -> list[tuple[int, int]]:
    """Token ranges [a, b) of at most ``max_tokens`` tokens covering all tokens.

    Cuts go at the last paragraph start that fits, else the last sentence start, else (one
    sentence longer than a window) mid-sentence with HARD_CUT_OVERLAP tokens of overlap.
    """
    n = len(offsets)
    paragraph_start = [False] * n
    sentence_start = [False] * n
    for k in range(1, n):
        gap = text[offsets[k - 1][1] : offsets[k][0]]
        if not gap:
            continue
        if "\n" in gap:
            paragraph_start[k] = True
        elif gap.isspace() and _ends_sentence(text, offsets, k - 1):
            sentence_start[k] = True
    windows: list[tuple[int, int]] = []
    start = 0
    while start < n:
        limit = start + max_tokens
        if limit >= n:
            windows.append((start, n))
            break
        cut = _last_true(paragraph_start, start + 1, limit) or _last_true(sentence_start, start + 1, limit)
        if cut:
            windows.append((start, cut))
            start = cut
        else:
            windows.append((start, limit))
            start = limit - min(HARD_CUT_OVERLAP, max_tokens // 4)
    return windows


def _ends_sentence(text: str, offsets: Sequence[tuple[int, int]], k: int) -> bool:
    last = text[offsets[k][0] : offsets[k][1]]
    if last[-1:] in _SENTENCE_END:
        return True
    if last in _CLOSERS and k > 0:
        return text[offsets[k - 1][0] : offsets[k - 1][1]][-1:] in _SENTENCE_END
    return False


def _last_true(flags: Sequence[bool], lo: int, hi: int) -> int:
    """The largest index i in [lo, hi] with flags[i], or 0 when there is none."""
    for i in range(min(hi, len(flags) - 1), lo - 1, -1):
        if flags[i]:
            return i
    return 0


def decode_bio(tags: Sequence[int], probs: Sequence[float] | None = None) -> list[tuple[str, int, int, float]]:
    """Runs of tags as (label, first token, last token, mean prob).

    B-X always opens a span; I-X continues a running X span and, after O or another label,
    opens one (a missing B is the commoner error than a stray I).
    """
    spans: list[tuple[str, int, int, float]] = []
    label: str | None = None
    first = 0
    total = 0.0

    def close(last: int) -> None:
        if label is not None:
            spans.append((label, first, last, total / (last - first + 1)))

    for i, tag_id in enumerate(tags):
        tag = TAGS[tag_id]
        p = 1.0 if probs is None else float(probs[i])
        if tag == "O":
            close(i - 1)
            label = None
            continue
        prefix, tag_label = tag.split("-", 1)
        if prefix == "B" or tag_label != label:
            close(i - 1)
            label, first, total = tag_label, i, 0.0
        total += p
    close(len(tags) - 1)
    return spans


def _in_word(ch: str) -> bool:
    # Combining marks belong to the letter before them (decomposed "é" is "e" + U+0301).
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def _is_trimmable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PZC"


def snap_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words, then trim whitespace and punctuation at both ends.

    Returns (start, start) when nothing is left.
    """
    while 0 < start < len(text) and _in_word(text[start - 1]) and _in_word(text[start]):
        start -= 1
    while 0 < end < len(text) and _in_word(text[end - 1]) and _in_word(text[end]):
        end += 1
    while start < end and _is_trimmable(text[start]):
        start += 1
    while end > start and _is_trimmable(text[end - 1]):
        end -= 1
    return start, end


def merge_touching(text: str, spans: Sequence[TaggedSpan]) -> list[TaggedSpan]:
    """Join consecutive spans of one label with only whitespace between them.

    Gold spans of one label almost never have only whitespace between them (36 pairs among
    60,154 fragments in PolNeAR train), while the tagger does open a second B inside a phrase
    ("according | to") or a word ("re | open", which snapping widens to the same word twice).
    """
    out: list[TaggedSpan] = []
    for span in spans:
        prev = out[-1] if out else None
        if prev and prev.label == span.label and span.start >= prev.start and not text[prev.end : span.start].strip():
            width = (prev.end - prev.start) + (span.end - span.start)
            score = (prev.score * (prev.end - prev.start) + span.score * (span.end - span.start)) / width
            out[-1] = TaggedSpan(span.label, prev.start, max(prev.end, span.end), score)
        else:
            out.append(span)
    return out


def token_runs(offsets: Sequence[tuple[int, int]], regions: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges [a, b) of the tokens that overlap a region, one range per run of them.

    Regions that touch or overlap make one run; tokens between two regions end it.
    """
    runs: list[tuple[int, int]] = []
    spans = sorted(regions)
    k = 0
    start = -1
    for i, (s, e) in enumerate(offsets):
        while k < len(spans) and spans[k][1] <= s:
            k += 1
        inside = k < len(spans) and spans[k][0] < e and s < spans[k][1]
        if inside and start < 0:
            start = i
        elif not inside and start >= 0:
            runs.append((start, i))
            start = -1
    if start >= 0:
        runs.append((start, len(offsets)))
    return runs


def length_batches(jobs: Sequence[tuple[int, int, int]], most: int) -> list[list[tuple[int, int, int]]]:
    """Consecutive jobs (sorted by length) in batches of at most ``most`` whose padding stays
    within PADDING_SLACK of their tokens."""
    batches: list[list[tuple[int, int, int]]] = []
    batch: list[tuple[int, int, int]] = []
    tokens = 0
    for job in jobs:
        n = job[2] - job[1] + 2
        if batch and (len(batch) == most or n * (len(batch) + 1) > PADDING_SLACK * (tokens + n)):
            batches.append(batch)
            batch, tokens = [], 0
        batch.append(job)
        tokens += n
    if batch:
        batches.append(batch)
    return batches


def process_threads() -> int:
    """Threads for onnxruntime: $OMP_NUM_THREADS when set, else the cores this process may use.

    onnxruntime reads neither; a Dask worker sets OMP_NUM_THREADS=1 so that N worker processes
    use N cores, not N x cores, and a container or taskset limits the cores it may run on.
    """
    env = os.environ.get("OMP_NUM_THREADS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class AttributionTagger:
    """Load once with :meth:`load`; :meth:`spans` is then safe to call on any text."""

    def __init__(self, session, tokenizer, tags: Sequence[str], max_length: int, batch_size: int) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._max_length = max_length
        self._batch_size = batch_size
        self._cls = tokenizer.token_to_id("[CLS]")
        self._sep = tokenizer.token_to_id("[SEP]")
        self._pad = tokenizer.token_to_id("[PAD]")
        # Running totals, for the benchmark's share of tokens the gate lets through.
        self.tokens_seen = 0
        self.tokens_tagged = 0
        if tuple(tags) != TAGS:
            raise ValueError(f"model tags {tags} differ from {TAGS}")

    @classmethod
    def load(cls, model_dir: Path | str | None = None, threads: int | None = None, batch_size: int = WINDOW_BATCH) -> AttributionTagger:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_dir = Path(model_dir) if model_dir is not None else MODEL_DIR
        meta = json.loads((model_dir / "labels.json").read_text(encoding="utf-8"))
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        options = ort.SessionOptions()
        # The shipped graph is already fused (train/attribution.py export_int8); ENABLE_ALL adds
        # the CPU-specific rewrites on top at load time.
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads or process_threads()
        options.inter_op_num_threads = 1
        # Spinning worker threads halve throughput when the cores are shared (measured on 2
        # cores under load: 4,300 words/s spinning, 7,700 not).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # Without the arena, analyze --jsonl over the Wikinews set peaks at 483 MB instead of
        # 555 MB, at the same speed.
        options.enable_cpu_mem_arena = False
        session = ort.InferenceSession(
            str(model_dir / meta.get("model_file", MODEL_FILE)), options, providers=["CPUExecutionProvider"]
        )
        return cls(session, tokenizer, meta["tags"], int(meta.get("max_length", MAX_LENGTH)), batch_size)

    @property
    def session(self):
        return self._session

    def spans(self, text: str, regions: Sequence[tuple[int, int]] | None = None) -> list[TaggedSpan]:
        return self.spans_many([text], None if regions is None else [regions])[0]

    def spans_many(
        self, texts: Sequence[str], regions: Sequence[Sequence[tuple[int, int]] | None] | None = None
    ) -> list[list[TaggedSpan]]:
        """Tag several texts, batching windows across them.

        ``regions``: per text, the character ranges [start, end) worth tagging (None: all of
        it). Only the tokens inside them are tagged, in windows that never run across a gap
        between regions; every other token is O, and offsets stay those of the whole text.
        """
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        jobs: list[tuple[int, int, int]] = []  # (text index, first token, end token)
        for t, enc in enumerate(encodings):
            offsets = enc.offsets
            wanted = None if regions is None else regions[t]
            self.tokens_seen += len(offsets)
            for lo, hi in [(0, len(offsets))] if wanted is None else token_runs(offsets, wanted):
                self.tokens_tagged += hi - lo
                jobs.extend((t, lo + a, lo + b) for a, b in plan_windows(texts[t], offsets[lo:hi], self._max_length - 2))
        probs = [np.zeros((len(enc.ids), len(TAGS)), dtype=np.float32) for enc in encodings]
        margin = [np.full(len(enc.ids), -1, dtype=np.int64) for enc in encodings]
        jobs.sort(key=lambda job: job[2] - job[1])
        for batch in length_batches(jobs, self._batch_size):
            width = batch[-1][2] - batch[-1][1] + 2
            ids = np.full((len(batch), width), self._pad, dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, (t, a, b) in enumerate(batch):
                ids[row, 0] = self._cls
                ids[row, 1 : b - a + 1] = encodings[t].ids[a:b]
                ids[row, b - a + 1] = self._sep
                mask[row, : b - a + 2] = 1
            logits = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            for row, (t, a, b) in enumerate(batch):
                window = _softmax(logits[row, 1 : b - a + 1])
                positions = np.arange(a, b)
                edge = np.minimum(positions - a, b - 1 - positions)
                better = edge > margin[t][a:b]
                probs[t][a:b][better] = window[better]
                margin[t][a:b][better] = edge[better]
        return [self._decode(text, enc.offsets, p) for text, enc, p in zip(texts, encodings, probs)]

    @staticmethod
    def _decode(text: str, offsets: Sequence[tuple[int, int]], probs: np.ndarray) -> list[TaggedSpan]:
        if not len(probs):
            return []
        tags = probs.argmax(axis=1)
        snapped = []
        for label, first, last, score in decode_bio(tags.tolist(), probs.max(axis=1).tolist()):
            start, end = snap_span(text, offsets[first][0], offsets[last][1])
            if end > start:
                snapped.append(TaggedSpan(label, start, end, score))
        return [TaggedSpan(s.label, s.start, s.end, round(s.score, 4)) for s in merge_touching(text, snapped)]


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
