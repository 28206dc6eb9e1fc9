"""Long texts in windows: analysis time grows with the length of a text, not faster.

A text longer than WINDOW_CHARS is analysed in windows of whole paragraphs (each at most
WINDOW_CHARS, cut at a line break, else a sentence end, else a space when one paragraph is
longer), so that no text meets spaCy's ``max_length`` and the parser's memory stays that of a
long article. The windows' records are joined into one with the offsets of the whole text: an
entity named in several windows is one entity (same name and type). What a window cannot see
is the other windows: a pronoun or surname at the top of a window resolves within it only.
"""
from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel

from ..record.models import Entity, Record

# A long news article (under 20k characters) is one window; past that, time per character stays
# flat (bench/long.py).
WINDOW_CHARS = 20_000
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'”’)\]]*\s"), re.compile(r"\s"))


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """[start, end) character ranges covering ``text``, each at most ``size`` long, cut after
    the last paragraph break that fits (else line break, sentence end, space; else at ``size``)."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        for pattern in _BREAKS:
            cuts = [m.end() for m in pattern.finditer(text, start + size // 4, end)]
            if cuts:
                end = cuts[-1]
                break
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out


def _shift(item, offset: int) -> None:
    """Adds ``offset`` to every span in a record's item (its nested parts too)."""
    for name in type(item).model_fields:
        value = getattr(item, name)
        if name == "span" and value is not None:
            setattr(item, name, (value[0] + offset, value[1] + offset))
        elif isinstance(value, BaseModel):
            _shift(value, offset)


def _shift_all(items, offset: int) -> None:
    for item in items:
        _shift(item, offset)


def join_records(parts: list[tuple[int, Record]]) -> Record:
    """One record of the records of an article's windows, given with their start offsets."""
    if len(parts) == 1:
        return parts[0][1]
    record = parts[0][1].model_copy(update={"entities": [], "statements": [], "quantities": [], "times": [],
                                            "events": [], "terms": {}})
    entities: dict[tuple[str, str], Entity] = {}
    terms: Counter[str] = Counter()
    sentences = 0  # sentences of the windows before, so that sentence numbers stay the text's
    for offset, part in parts:
        entity_ids, statement_ids = {}, {}
        for e in part.entities:
            _shift_all(e.mentions, offset)
            joined = entities.get((e.name, e.type))
            if joined is None:
                joined = entities[(e.name, e.type)] = e.model_copy(update={"id": f"e{len(entities) + 1}"})
            else:
                joined.mentions.extend(e.mentions)
            entity_ids[e.id] = joined.id
        for s in part.statements:
            _shift(s, offset)
            statement_ids[s.id] = s.id = f"s{len(record.statements) + 1}"
            if s.source is not None and s.source.entity is not None:
                s.source.entity = entity_ids.get(s.source.entity)
            record.statements.append(s)
        last_sentence = 0
        for q in part.quantities:
            _shift(q, offset)
            q.id = f"q{len(record.quantities) + 1}"
            q.statement = statement_ids.get(q.statement) if q.statement is not None else None
            if q.measure is not None:
                for named in (q.measure.holder, q.measure.place):
                    if named is not None and named.entity is not None:
                        named.entity = entity_ids.get(named.entity)
                last_sentence = max(last_sentence, q.measure.sentence)
                q.measure.sentence += sentences
            record.quantities.append(q)
        sentences += last_sentence + 1
        for x in part.events:
            _shift(x, offset)
            x.id = f"v{len(record.events) + 1}"
            x.statement = statement_ids.get(x.statement) if x.statement is not None else None
            for role in ("actor", "recipient", "location"):
                if getattr(x, role) is not None:
                    setattr(x, role, entity_ids.get(getattr(x, role)))
            record.events.append(x)
        _shift_all(part.times, offset)
        record.times.extend(part.times)
        terms.update(part.terms)
    record.entities = list(entities.values())
    record.terms = dict(terms)
    return record
