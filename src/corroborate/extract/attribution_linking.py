"""Linking the tagger's spans into attributions: each cue, its source, its content.

Each cue takes the nearest source span in its sentence, and the content pieces within a few
words of it (skipping the source), chained through pieces that lie within a few words of those.
A paragraph break, a sentence end and another cue or source always separate. The statements
component then resolves the source to a name, and fills via, channel and said_on as for its own
statements.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from .tagger import TaggedSpan

_WORD = re.compile(r"\w+")
# The tagger marks the full stop of content that runs on; one left out of the spans ends it.
_SENTENCE_END = re.compile(r"[.!?]")
# Words allowed between a cue and its content, or between two pieces of content ("that",
# "in a statement", "adding"): more than this and the pieces are taken as unrelated.
MAX_GAP_WORDS = 3


@dataclass(frozen=True, slots=True)
class Link:
    cue: TaggedSpan
    source: TaggedSpan | None
    content: tuple[int, int]


def _gap_words(text: str, a: int, b: int, skip: tuple[int, int] | None) -> int | None:
    """Words between a and b (skipping the source span), or None when a paragraph or a sentence
    end lies between."""
    if b < a:
        return None
    gap = text[a:b]
    if skip and a <= skip[0] and skip[1] <= b:
        gap = text[a:skip[0]] + " " + text[skip[1]:b]
    if "\n" in gap or _SENTENCE_END.search(gap):
        return None
    return len(_WORD.findall(gap))


def link(text: str, sentences: Sequence[tuple[int, int]], spans: Sequence[TaggedSpan]) -> list[Link]:
    """Attributions from tagged spans; ``sentences`` are the sorted (start, end) character bounds."""
    starts = [s for s, _ in sentences]
    sources = [s for s in spans if s.label == "source"]
    contents = sorted((s for s in spans if s.label == "content"), key=lambda s: s.start)
    markers = [s for s in spans if s.label != "content"]  # cues and sources
    out: list[Link] = []
    for cue in (s for s in spans if s.label == "cue"):
        k = max(bisect_right(starts, cue.start) - 1, 0)
        sent = sentences[k] if sentences else (0, len(text))
        in_sentence = [s for s in sources if s.start < sent[1] and sent[0] < s.end]
        source = min(
            in_sentence,
            key=lambda s: (cue.start - s.end if s.end <= cue.start else s.start - cue.end, s.start > cue.start),
            default=None,
        )
        skip = (source.start, source.end) if source else None

        def close(a: int, b: int) -> bool:
            # another cue or source in the gap (this cue never is) starts another attribution
            if any(a <= m.start and m.end <= b and m is not source for m in markers):
                return False
            words = _gap_words(text, a, b, skip)
            return words is not None and words <= MAX_GAP_WORDS

        chosen = [c for c in contents if close(c.end, cue.start) or close(cue.end, c.start)]
        if not chosen:
            continue
        lo, hi = min(c.start for c in chosen), max(c.end for c in chosen)
        for c in contents:  # left to right: extends the right edge
            if c.start >= hi and close(hi, c.start):
                hi = c.end
        for c in reversed(contents):  # right to left: extends the left edge
            if c.end <= lo and close(c.end, lo):
                lo = c.start
        out.append(Link(cue, source, (lo, hi)))
    return out
