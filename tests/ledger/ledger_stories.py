"""A builder for hand-made articles and records, so storage tests need no spaCy."""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

from corroborate.ingest.article import Article
from corroborate.record import models as m


_COMMON = frozenset({"said", "that", "were", "have", "been", "with", "from", "this", "about", "more", "than", "also"})


class Story:
    """An article and its record, written by hand: spans are found in the text."""

    def __init__(self, text: str, published: str | None = None, outlet: str | None = None, url: str | None = None):
        self.text = text
        self.article = Article(text=text, published=date.fromisoformat(published) if published else None,
                               outlet=outlet, url=url, origin="test")
        self.entities: list[m.Entity] = []
        self.statements: list[m.Statement] = []
        self.quantities: list[m.Quantity] = []

    def span(self, part: str, after: int = 0) -> tuple[int, int]:
        i = self.text.index(part, after)
        return (i, i + len(part))

    def entity(self, name: str, type: str, *mentions: str) -> str:
        eid = f"e{len(self.entities) + 1}"
        self.entities.append(m.Entity(id=eid, name=name, type=type, mentions=[
            m.Mention(text=x, span=self.span(x)) for x in (mentions or (name,))]))
        return eid

    def statement(self, source: str | None, cue: str, content: str, *, entity: str | None = None,
                  name: str | None = None, said_on: tuple[str, str | None] | None = None) -> str:
        sid = f"s{len(self.statements) + 1}"
        self.statements.append(m.Statement(
            id=sid, source=None if source is None else m.Source(text=source, span=self.span(source), entity=entity,
                                                                 name=name or source),
            cue=m.Cue(text=cue, span=self.span(cue), lemma=cue), content=m.Content(text=content, span=self.span(content)),
            direct=False, said_on=None if said_on is None else m.SaidOn(text=said_on[0], value=said_on[1])))
        return sid

    def figure(self, text: str, value, bound: str = "exact", *, counted: str | None = None,
               predicate: str | None = None, unit: str = "person", low=None, high=None,
               statement: str | None = None, kind: str | None = None, cls: str | None = None,
               verb: str | None = None, modifiers: tuple[str, ...] = (), holder: str | None = None,
               place: str | None = None, period: str | None = None, part: bool = False,
               sentence: int = 0) -> str:
        """A figure with its measure as the extraction reads it: ``kind``, predicate class ``cls``,
        ``verb``, ``modifiers``, and ``holder`` / ``place`` as entity ids of this story."""
        qid = f"q{len(self.quantities) + 1}"
        source = None
        if statement:
            st = next(s for s in self.statements if s.id == statement)
            source = st.source.name if st.source else None
        if bound == "lower" and low is None:
            low = value
        if bound == "upper" and high is None:
            high = value
        start, end = self.span(text)
        self.quantities.append(m.Quantity(
            id=qid, text=text, span=(start, end), value=value, low=low, high=high, bound=bound, unit=unit,
            counted=None if counted is None else m.Counted(text=counted, span=self.span(counted, start)),
            predicate=predicate, statement=statement, source=source,
            measure=m.Measure(head=kind, kind=kind, modifiers=list(modifiers), holder=self._named(holder),
                              predicate=cls, verb=verb, place=self._named(place),
                              period=None if period is None else m.Period(text=period, span=(0, 0), value=period,
                                                                          type="DATE", relation="in"),
                              part=part, sentence=sentence)))
        return qid

    def _named(self, entity_id: str | None) -> m.Named | None:
        if entity_id is None:
            return None
        ent = next(e for e in self.entities if e.id == entity_id)
        return m.Named(text=ent.mentions[0].text, span=ent.mentions[0].span, entity=entity_id, name=ent.name)

    def record(self) -> m.Record:
        a = self.article
        # What the article is about, as the extraction's terms would say it: its longer words.
        terms = Counter(w.lower() for w in re.findall(r"[A-Za-z]{4,}", self.text) if w.lower() not in _COMMON)
        return m.Record(id=a.id, published=a.published.isoformat() if a.published else None, outlet=a.outlet,
                        url=a.url, entities=self.entities, statements=self.statements, quantities=self.quantities,
                        terms=dict(terms))

    def store(self, ledger):
        return ledger.add(self.article, self.record())
