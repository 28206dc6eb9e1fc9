"""Time expressions (TIMEX3 DATE, TIME, DURATION, SET) resolved against the publication date.

``doc._.times`` is a list of :class:`TimeExpr`, sorted by start and non-overlapping, with
character offsets into ``doc.text``. ``doc._.published`` (a ``datetime.date`` or None) is the
anchor: without it, relative expressions ("on Monday", "last week") keep their text and a None
value, while absolute dates and durations are still normalised. The grammar is in
``timex_grammar``; calendar arithmetic in ``timex_calendar``.
"""
from __future__ import annotations

from datetime import date, datetime

from spacy.language import Language
from spacy.tokens import Doc

from .timex_grammar import Grammar
from .types import TimeExpr


def _anchor(published: object) -> date | None:
    if isinstance(published, datetime):
        return published.date()
    return published if isinstance(published, date) else None


def find_times(doc: Doc, published: date | None = None) -> list[TimeExpr]:
    """The time expressions of ``doc``, resolved against ``published``."""
    out: list[TimeExpr] = []
    for hit in Grammar(doc, _anchor(published)).hits():
        span = doc[hit.start:hit.end]
        out.append(TimeExpr(span.text, span.start_char, span.end_char, hit.type, hit.value, hit.mod))
    return out


def times_in(doc: Doc, start: int, end: int) -> list[TimeExpr]:
    """The time expressions of ``doc._.times`` that lie inside the character range [start, end)."""
    return [t for t in (doc._.times or []) if t.start >= start and t.end <= end]


@Language.component("corroborate_times", requires=["doc.ents"], assigns=["doc._.times"])
def component(doc: Doc) -> Doc:
    doc._.times = find_times(doc, doc._.published)
    return doc
