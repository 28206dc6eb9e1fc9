"""Doc (with corroborate's extensions) + Article -> the contract Record."""
from __future__ import annotations

from spacy.tokens import Doc

from ..extract import types as t
from ..ingest.article import Article
from ..record import models as m


def _span(start: int, end: int) -> tuple[int, int]:
    return (start, end)


def _time(x: t.TimeExpr) -> m.TimeExpression:
    return m.TimeExpression(text=x.text, span=_span(x.start, x.end), type=x.type, value=x.value, mod=x.mod)


def _statement(s: t.Statement) -> m.Statement:
    source = None
    if s.source is not None:
        source = m.Source(
            text=s.source.text, span=_span(s.source.start, s.source.end), entity=s.source.entity, name=s.source.name
        )
    said_on = None
    if s.said_on is not None:
        said_on = m.SaidOn(text=s.said_on.text, value=s.said_on.value, span=_span(s.said_on.start, s.said_on.end))
    return m.Statement(
        id=s.id,
        source=source,
        cue=m.Cue(text=s.cue.text, span=_span(s.cue.start, s.cue.end), lemma=s.cue_lemma),
        content=m.Content(text=s.content.text, span=_span(s.content.start, s.content.end)),
        direct=s.direct,
        via=s.via,
        channel=s.channel,
        said_on=said_on,
    )


def _named(r: t.NamedRef | None) -> m.Named | None:
    return None if r is None else m.Named(text=r.text, span=_span(r.start, r.end), entity=r.entity, name=r.name)


def _measure(x: t.Measure | None) -> m.Measure | None:
    if x is None:
        return None
    period = None
    if x.period is not None:
        p = x.period
        period = m.Period(text=p.text, span=_span(p.start, p.end), value=p.value, type=p.type, relation=p.relation)
    return m.Measure(head=x.head, kind=x.kind, modifiers=list(x.modifiers), holder=_named(x.holder),
                     predicate=x.predicate, verb=x.verb, place=_named(x.place), period=period, part=x.part,
                     sentence=x.sentence)


def _quantity(q: t.Quantity) -> m.Quantity:
    counted = None
    if q.counted is not None:
        counted = m.Counted(text=q.counted.text, span=_span(q.counted.start, q.counted.end))
    return m.Quantity(
        id=q.id, text=q.text, span=_span(q.start, q.end), value=q.value, low=q.low, high=q.high,
        bound=q.bound, unit=q.unit, counted=counted, predicate=q.predicate, statement=q.statement,
        source=q.source, measure=_measure(q.measure),
    )


def _entity(e: t.Entity) -> m.Entity:
    return m.Entity(
        id=e.id, name=e.name, type=e.type,
        mentions=[m.Mention(text=x.text, span=_span(x.start, x.end)) for x in e.mentions],
    )


def build_record(doc: Doc, article: Article, *, skip_before: int = 0) -> m.Record:
    """The record of one analysed article.

    ``skip_before`` is the end of a headline detected in the text: statements and figures in a
    headline repeat the body's, so only the body's are listed (times and entities keep all).
    """
    statements = [_statement(s) for s in (doc._.statements or []) if s.cue.start >= skip_before]
    quantities = [_quantity(q) for q in (doc._.quantities or []) if q.start >= skip_before]
    # Ids stay dense ("s1", "q1", "e1", ...) once headline items or merged entities are dropped.
    renamed = {}
    for i, s in enumerate(statements, start=1):
        renamed[s.id] = f"s{i}"
        s.id = renamed[s.id]
    for i, q in enumerate(quantities, start=1):
        q.id = f"q{i}"
        if q.statement is not None:
            q.statement = renamed.get(q.statement)
            if q.statement is None:
                q.source = None
    entities = [_entity(e) for e in (doc._.entities or [])]
    entity_ids = {}
    for i, e in enumerate(entities, start=1):
        entity_ids[e.id] = f"e{i}"
        e.id = entity_ids[e.id]
    for s in statements:
        if s.source is not None and s.source.entity is not None:
            s.source.entity = entity_ids.get(s.source.entity)
    for q in quantities:
        if q.measure is not None:
            for named in (q.measure.holder, q.measure.place):
                if named is not None and named.entity is not None:
                    named.entity = entity_ids.get(named.entity)
    published, published_from = article.dated()
    return m.Record(
        id=article.id,
        title=article.title,
        published=published.isoformat() if published else None,
        outlet=article.outlet,
        url=article.url,
        text=None,
        entities=entities,
        statements=statements,
        quantities=quantities,
        times=[_time(x) for x in (doc._.times or [])],
        terms=dict(doc._.terms or {}),
        published_from=published_from,
    )
