"""The analysis path: Article -> spaCy Doc with our components -> Record.

A text longer than WINDOW_CHARS is analysed in windows of whole paragraphs (each at most
WINDOW_CHARS, cut at a line break, else a sentence end, else a space when one paragraph is
longer), so that time grows with the length of the text, not faster, and no text meets spaCy's
``max_length``. Their records are joined into one with the offsets of the whole text: an entity
named in several windows is one entity (same name and type). What a window cannot see is the
other windows: a pronoun or surname at the top of a window resolves within that window only.
Texts longer than MAX_CHARS ($CORROBORATE_MAX_CHARS) are refused (the readers say so in a line).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from pydantic import BaseModel
from spacy.language import Language

from .errors import Errors
from .ingest.article import MAX_CHARS_ENV, Article, headline, max_chars
from .ingest.readers import parse_date
from .nlp.pipeline import load_pipeline
from .record.build import build_record
from .record.models import Entity, Record

BATCH_SIZE = 16
# Window size: a long news article (under 20k characters) is one window; past that, time per
# character stays flat (bench/long.py), and the parser's memory stays that of a long article.
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


def _title_end(article: Article, detect_title: bool) -> int:
    """Where a headline detected in the text ends (0: none); sets the article's title."""
    if not detect_title:
        return 0
    found = headline(article.text)
    if found is None:
        return 0
    title, _, end = found
    if article.title is None:
        article.title = title
    return end if article.title == title else 0


def _shift(item, offset: int) -> None:
    """Adds ``offset`` to every span in a record's item (its nested parts too)."""
    for name in type(item).model_fields:
        value = getattr(item, name)
        if name == "span" and value is not None:
            setattr(item, name, (value[0] + offset, value[1] + offset))
        elif isinstance(value, BaseModel):
            _shift(value, offset)


def join_records(parts: list[tuple[int, Record]]) -> Record:
    """One record of the records of an article's windows, given with their start offsets."""
    if len(parts) == 1:
        return parts[0][1]
    record = parts[0][1].model_copy(update={"entities": [], "statements": [], "quantities": [], "times": [],
                                            "events": []})
    entities: dict[tuple[str, str], Entity] = {}
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
        for q in part.quantities:
            _shift(q, offset)
            q.id = f"q{len(record.quantities) + 1}"
            q.statement = statement_ids.get(q.statement) if q.statement is not None else None
            record.quantities.append(q)
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
    record.entities = list(entities.values())
    return record


def _shift_all(items, offset: int) -> None:
    for item in items:
        _shift(item, offset)


def analyze_articles(
    articles: Iterable[Article],
    *,
    nlp: Language | None = None,
    batch_size: int = BATCH_SIZE,
    detect_title: bool = True,
    include_text: bool = False,
    fast: bool | None = None,
) -> Iterator[Record]:
    """Records for many articles, in input order, with one pipeline (``fast``: rules only).

    Raises ValueError for a text longer than MAX_CHARS (the readers refuse those first).
    """
    nlp = nlp or load_pipeline(fast=fast)
    pending: list[tuple[Article, int, list[tuple[int, int]]]] = []

    def docs():
        limit = max_chars()
        for art in articles:
            if len(art.text) > limit:
                raise ValueError(Errors.E019.format(length=len(art.text), limit=limit, env=MAX_CHARS_ENV))
            skip = _title_end(art, detect_title)
            spans = windows(art.text)
            pending.append((art, skip, spans))
            for start, end in spans:
                doc = nlp.make_doc(art.text[start:end] if len(spans) > 1 else art.text)
                doc._.published = art.published
                yield doc

    parts: list[tuple[int, Record]] = []
    for doc in nlp.pipe(docs(), batch_size=batch_size):
        art, skip, spans = pending[0]
        start = spans[len(parts)][0]
        parts.append((start, build_record(doc, art, skip_before=max(skip - start, 0))))
        if len(parts) == len(spans):
            pending.pop(0)
            record = join_records(parts)
            parts = []
            if include_text:
                record.text = art.text
            yield record


def analyze_each(
    articles: Iterable[Article],
    *,
    nlp: Language | None = None,
    batch_size: int = BATCH_SIZE,
    **options,
) -> Iterator[tuple[Article, Record | str]]:
    """(article, record) for each article in input order, or (article, why its analysis failed):
    a batch that fails is analysed again one article at a time, so one bad article fails alone.
    ``options`` are analyze_articles' (detect_title, include_text, fast)."""
    nlp = nlp or load_pipeline(fast=options.get("fast"))
    batch: list[Article] = []
    for art in articles:
        batch.append(art)
        if len(batch) == batch_size:
            yield from _batch_or_each(batch, nlp, options)
            batch = []
    if batch:
        yield from _batch_or_each(batch, nlp, options)


def _batch_or_each(batch: list[Article], nlp: Language, options: dict) -> list[tuple[Article, Record | str]]:
    try:
        return list(zip(batch, analyze_articles(batch, nlp=nlp, **options)))
    except Exception:  # noqa: BLE001 - analysed again one by one below to find the article at fault
        out: list[tuple[Article, Record | str]] = []
        for art in batch:
            try:
                out.append((art, next(analyze_articles([art], nlp=nlp, **options))))
            except Exception as e:  # noqa: BLE001 - any failure is that article's, reported and skipped
                out.append((art, Errors.E013.format(detail=f"{type(e).__name__}: {e}")))
        return out


def analyze(
    text: str,
    published: str | date | None = None,
    *,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
    id: str | None = None,
    detect_title: bool = True,
    include_text: bool = False,
    fast: bool | None = None,
    nlp: Language | None = None,
) -> Record:
    """Analyse one article's text and return its record (see docs/output-contract.md).

    ``fast=True`` leaves out the learned attribution tagger: rules only, close to parse speed
    (``None``: as $CORROBORATE_FAST says, else the default pipeline with the tagger).
    """
    article = Article(
        text=text,
        id=id,
        title=title,
        published=parse_date(published),
        outlet=outlet,
        url=url,
    )
    return next(analyze_articles([article], nlp=nlp, detect_title=detect_title, include_text=include_text, fast=fast))
