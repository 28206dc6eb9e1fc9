"""The analysis path: Article -> spaCy Doc with our components -> Record.

``pipeline`` loads the model with corroborate's components; ``record`` turns an analysed Doc
into the contract's Record; ``windows`` analyses long texts in pieces and joins their records.
Nothing here stores anything or reads the environment.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language

from ..errors import Errors
from ..ingest.article import Article, headline
from ..ingest.readers import parse_date
from ..record.models import Record
from ..settings import Settings
from .pipeline import load_pipeline
from .record import build_record
from .windows import join_records, windows

__all__ = ["analyze", "analyze_articles", "analyze_each", "load_pipeline"]


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


def too_long(article: Article, settings: Settings) -> str | None:
    """Why an article is not analysed (its text is over ``settings.max_chars``), or None."""
    if len(article.text) > settings.max_chars:
        return Errors.E019.format(length=len(article.text), limit=settings.max_chars)
    return None


def analyze_articles(
    articles: Iterable[Article],
    *,
    nlp: Language | None = None,
    settings: Settings | None = None,
    detect_title: bool = True,
    include_text: bool = False,
) -> Iterator[Record]:
    """Records for many articles, in input order, with one pipeline (``nlp``, else the one
    ``settings`` ask for: the default mode unless ``settings.fast``).

    Raises ValueError for a text longer than ``settings.max_chars`` (``analyze_each`` reports
    those instead).
    """
    settings = settings or Settings()
    nlp = nlp or load_pipeline(settings.model, fast=settings.fast)
    pending: list[tuple[Article, int, list[tuple[int, int]]]] = []

    def docs():
        for art in articles:
            if (why := too_long(art, settings)) is not None:
                raise ValueError(why)
            skip = _title_end(art, detect_title)
            spans = windows(art.text)
            pending.append((art, skip, spans))
            published = art.dated()[0]
            for start, end in spans:
                doc = nlp.make_doc(art.text[start:end] if len(spans) > 1 else art.text)
                doc._.published = published
                yield doc

    parts: list[tuple[int, Record]] = []
    for doc in nlp.pipe(docs(), batch_size=settings.batch_size):
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
    settings: Settings | None = None,
    **options,
) -> Iterator[tuple[Article, Record | str]]:
    """(article, record) for each article in input order, or (article, why it was not analysed):
    a batch that fails is analysed again one article at a time, so one bad article fails alone.
    ``options`` are analyze_articles' (detect_title, include_text)."""
    settings = settings or Settings()
    nlp = nlp or load_pipeline(settings.model, fast=settings.fast)
    batch: list[Article] = []
    for art in articles:
        if (why := too_long(art, settings)) is not None:
            yield from _batch_or_each(batch, nlp, settings, options)
            batch = []
            yield art, why
            continue
        batch.append(art)
        if len(batch) == settings.batch_size:
            yield from _batch_or_each(batch, nlp, settings, options)
            batch = []
    yield from _batch_or_each(batch, nlp, settings, options)


def _batch_or_each(batch: list[Article], nlp: Language, settings: Settings,
                   options: dict) -> list[tuple[Article, Record | str]]:
    if not batch:
        return []
    try:
        return list(zip(batch, analyze_articles(batch, nlp=nlp, settings=settings, **options)))
    except Exception:  # noqa: BLE001 - analysed again one by one below to find the article at fault
        out: list[tuple[Article, Record | str]] = []
        for art in batch:
            try:
                out.append((art, next(analyze_articles([art], nlp=nlp, settings=settings, **options))))
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
    fast: bool = False,
    nlp: Language | None = None,
) -> Record:
    """Analyse one article's text and return its record (see docs/output-contract.md).

    ``fast=True`` leaves out the learned attribution tagger: rules only, close to parse speed.
    """
    article = Article(
        text=text,
        id=id,
        title=title,
        published=parse_date(published),
        outlet=outlet,
        url=url,
    )
    return next(analyze_articles([article], nlp=nlp, settings=Settings(fast=fast), detect_title=detect_title,
                                 include_text=include_text))
