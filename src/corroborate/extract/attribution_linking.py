"""Linking the tagger's spans into attributions: each cue, its source, its content.

Each cue takes the nearest source span in its sentence, and the content pieces within a few
words of it (skipping the source), chained through pieces that lie within a few words of those.
A paragraph break, a sentence end and another cue or source always separate. The statements
component then resolves the source to a name, and fills via, channel and said_on as for its own
statements.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from .tagger import TaggedSpan

_WORD = re.compile(r"\w+")
# The tagger marks the full stop of content that runs on; one left out of the spans ends it,
# as a line break does.
_STOP = re.compile(r"[.!?\n]")
# Words allowed between a cue and its content, or between two pieces of content ("that",
# "in a statement", "adding"): more than this and the pieces are taken as unrelated.
MAX_GAP_WORDS = 3


@dataclass(frozen=True, slots=True)
class Link:
    cue: TaggedSpan
    source: TaggedSpan | None
    content: tuple[int, int]


class _Gaps:
    """What lies between two positions of the text, in time that does not grow with the text:
    the positions of paragraph breaks and sentence ends, and the cues and sources, are sorted
    once, so that each question is a binary search plus the few words of a short gap."""

    def __init__(self, text: str, markers: Sequence[TaggedSpan]):
        self.text = text
        self.stops = [m.start() for m in _STOP.finditer(text)]
        self.markers = sorted(markers, key=lambda m: m.start)
        self.marker_starts = [m.start for m in self.markers]

    def _stops(self, a: int, b: int) -> int:
        return bisect_left(self.stops, b) - bisect_left(self.stops, a)

    def words(self, a: int, b: int, skip: tuple[int, int] | None) -> int | None:
        """Words between a and b (skipping the source span), or None when a paragraph or a
        sentence end lies between."""
        if b < a:
            return None
        inside = skip is not None and a <= skip[0] and skip[1] <= b
        if self._stops(a, b) - (self._stops(*skip) if inside else 0):
            return None
        gap = self.text[a:skip[0]] + " " + self.text[skip[1]:b] if inside else self.text[a:b]
        return len(_WORD.findall(gap))

    def marker_between(self, a: int, b: int, other_than: TaggedSpan | None) -> bool:
        """Whether a cue or source (other than ``other_than``) lies wholly within [a, b)."""
        for k in range(bisect_left(self.marker_starts, a), bisect_right(self.marker_starts, b)):
            m = self.markers[k]
            if m.end <= b and m is not other_than:
                return True
        return False


_LINE = re.compile(r"\S(?:[^\n]*\S)?")


def _paragraph_pieces(text: str, span: TaggedSpan) -> list[TaggedSpan]:
    """A content span cut at its line breaks: the tagger's window may run from a headline into the
    body, or across paragraphs, and what a cue says ends with its paragraph."""
    part = text[span.start:span.end]
    if "\n" not in part:
        return [span]
    return [TaggedSpan(span.label, span.start + m.start(), span.start + m.end(), span.score) for m in _LINE.finditer(part)]


def link(text: str, sentences: Sequence[tuple[int, int]], spans: Sequence[TaggedSpan]) -> list[Link]:
    """Attributions from tagged spans; ``sentences`` are the sorted (start, end) character bounds.

    Near-linear in the spans: sources and contents are sorted by position, so each cue looks
    only at its sentence's sources and at the contents next to it. A content piece further away
    than one that is not close is not close either (its gap holds that gap), so each search
    stops at the first piece that is not.
    """
    starts = [s for s, _ in sentences]
    sources = sorted((s for s in spans if s.label == "source"), key=lambda s: s.start)
    source_starts = [s.start for s in sources]
    contents = sorted((piece for s in spans if s.label == "content" for piece in _paragraph_pieces(text, s)),
                      key=lambda s: s.start)
    content_starts = [c.start for c in contents]
    gaps = _Gaps(text, [s for s in spans if s.label != "content"])  # cues and sources
    # Spans do not overlap, so the longest source bounds how far before a sentence one may start.
    longest = max((s.end - s.start for s in sources), default=0)
    out: list[Link] = []
    for cue in (s for s in spans if s.label == "cue"):
        k = max(bisect_right(starts, cue.start) - 1, 0)
        sent = sentences[k] if sentences else (0, len(text))
        lo_k = bisect_left(source_starts, sent[0] - longest)
        hi_k = bisect_left(source_starts, sent[1])
        in_sentence = [s for s in sources[lo_k:hi_k] if s.start < sent[1] and sent[0] < s.end]
        source = min(
            in_sentence,
            key=lambda s: (cue.start - s.end if s.end <= cue.start else s.start - cue.end, s.start > cue.start),
            default=None,
        )
        skip = (source.start, source.end) if source else None

        def close(a: int, b: int) -> bool:
            # another cue or source in the gap (this cue never is) starts another attribution
            words = gaps.words(a, b, skip)
            return words is not None and words <= MAX_GAP_WORDS and not gaps.marker_between(a, b, source)

        # Walked by index from the cue outwards: a slice would copy the contents for every cue.
        i = bisect_left(content_starts, cue.start)  # contents[:i] start before the cue
        chosen = []
        for c in _backwards(contents, i):  # before the cue, nearest first
            if c.end > cue.start:
                continue
            if not close(c.end, cue.start):
                break
            chosen.append(c)
        for c in _forwards(contents, i):  # after it
            if c.start < cue.end:
                continue
            if not close(cue.end, c.start):
                break
            chosen.append(c)
        if not chosen:
            continue
        lo, hi = min(c.start for c in chosen), max(c.end for c in chosen)
        for c in _forwards(contents, bisect_left(content_starts, hi)):  # left to right: extends the right edge
            if not close(hi, c.start):
                break
            hi = c.end
        for c in _backwards(contents, bisect_left(content_starts, lo)):  # right to left: extends the left edge
            if c.end > lo:
                continue
            if not close(c.end, lo):
                break
            lo = c.start
        out.append(Link(cue, source, (lo, hi)))
    return out


def _forwards(items: list, start: int):
    """items[start:], without copying them."""
    return (items[j] for j in range(start, len(items)))


def _backwards(items: list, stop: int):
    """reversed(items[:stop]), without copying them."""
    return (items[j] for j in range(stop - 1, -1, -1))
