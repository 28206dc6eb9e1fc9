"""An article's text cut into segments, each carrying the annotations that cover it.

Statements' sources, cues and contents, figures and times may nest or overlap (a figure sits in a
content; one statement's content can hold another's cue), so the text is cut at every span
boundary and each piece knows all the spans over it. Templates render the pieces; escaping is
left to Jinja2's autoescape.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..record.models import Record

KINDS = ("source", "cue", "content", "figure", "time", "sentence")


@dataclass(slots=True)
class Segment:
    text: str
    start: int
    kinds: set[str] = field(default_factory=set)
    figure: str | None = None  # quantity id, when the piece lies in a figure
    figure_first: bool = False  # the first piece of that figure carries its anchor
    figure_last: bool = False  # and after its last piece comes the way back to its group
    statement: str | None = None  # innermost statement id covering the piece
    title: str | None = None  # what a hover or focus shows

    @property
    def css(self) -> str:
        return " ".join(f"hl-{k}" for k in KINDS if k in self.kinds)


def figure_title(q, statements: dict) -> str:
    who = q.source or "the outlet itself"
    bound = {"exact": "exact", "approx": "approximately", "lower": "at least (lower bound)",
             "upper": "at most (upper bound)", "range": "a range"}[q.bound]
    counted = f" {q.counted.text}" if q.counted else ""
    when = ""
    st = statements.get(q.statement) if q.statement else None
    if st is not None and st.said_on is not None:
        when = f", said {st.said_on.text}"
    return f"{q.text}{counted}: {bound}; claimed by {who}{when}"


def segments(text: str, record: Record, sentence: tuple[int, int] | None = None) -> list[Segment]:
    """The text cut at every span's ends; ``sentence`` (the one a reader was sent to) is a span too."""
    spans: list[tuple[int, int, str, str | None]] = []  # start, end, kind, ref
    if sentence is not None:
        spans.append((*sentence, "sentence", None))
    for s in record.statements:
        if s.source is not None:
            spans.append((*s.source.span, "source", s.id))
        spans.append((*s.cue.span, "cue", s.id))
        spans.append((*s.content.span, "content", s.id))
    for q in record.quantities:
        spans.append((*q.span, "figure", q.id))
    for t in record.times:
        spans.append((*t.span, "time", None))
    n = len(text)
    cuts = {0, n}
    for s, e, _, _ in spans:
        if 0 <= s < e <= n:
            cuts.update((s, e))
    bounds = sorted(cuts)
    statements = {s.id: s for s in record.statements}
    quantities = {q.id: q for q in record.quantities}
    out: list[Segment] = []
    seen_figures: set[str] = set()
    # Spans sorted by length so the innermost statement is the last one assigned.
    spans.sort(key=lambda x: -(x[1] - x[0]))
    for a, b in zip(bounds, bounds[1:]):
        seg = Segment(text=text[a:b], start=a)
        for s, e, kind, ref in spans:
            if s <= a and b <= e:
                seg.kinds.add(kind)
                if kind == "figure":
                    seg.figure = ref
                    seg.title = figure_title(quantities[ref], statements)
                elif kind in ("source", "cue", "content"):
                    seg.statement = ref
        if seg.figure and seg.figure not in seen_figures:
            seen_figures.add(seg.figure)
            seg.figure_first = True
        out.append(seg)
    last: dict[str, Segment] = {}
    for seg in out:
        if seg.figure:
            last[seg.figure] = seg
    for seg in last.values():
        seg.figure_last = True
    return out


def paragraphs(text: str, record: Record, sentence: tuple[int, int] | None = None) -> list[list[Segment]]:
    """Segments grouped by line, so each paragraph renders as its own block."""
    paras: list[list[Segment]] = [[]]
    for seg in segments(text, record, sentence):
        parts = seg.text.split("\n")
        for i, part in enumerate(parts):
            if i:
                paras.append([])
            if part:
                piece = Segment(part, seg.start, seg.kinds, seg.figure, seg.figure_first and i == 0,
                                seg.figure_last and i == len(parts) - 1, seg.statement, seg.title)
                paras[-1].append(piece)
    return [p for p in paras if any(s.text.strip() for s in p)]
