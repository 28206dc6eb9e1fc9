"""The analysis path: Article -> spaCy Doc with our components -> Record.

``pipeline`` loads the model with corroborate's components; ``record`` turns an analysed Doc
into the contract's Record. Nothing here stores anything or reads the environment.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language

from ..ingest.article import Article, headline
from ..ingest.readers import parse_date
from ..record.models import Record
from ..settings import Settings
from .pipeline import load_pipeline
from .record import build_record

__all__ = ["analyze", "analyze_articles", "load_pipeline"]


def _prepare(article: Article, nlp: Language, detect_title: bool):
    doc = nlp.make_doc(article.text)
    doc._.published = article.dated()[0]
    skip_before = 0
    if detect_title:
        found = headline(article.text)
        if found is not None:
            title, _, end = found
            if article.title is None:
                article.title = title
            if article.title == title:
                skip_before = end
    return doc, skip_before


def analyze_articles(
    articles: Iterable[Article],
    *,
    nlp: Language | None = None,
    settings: Settings | None = None,
    detect_title: bool = True,
    include_text: bool = False,
) -> Iterator[Record]:
    """Records for many articles, in input order, with one pipeline (``nlp``, else the one
    ``settings`` ask for: the default mode unless ``settings.fast``)."""
    settings = settings or Settings()
    nlp = nlp or load_pipeline(settings.model, fast=settings.fast)
    pending: list[tuple[Article, int]] = []

    def docs():
        for art in articles:
            doc, skip = _prepare(art, nlp, detect_title)
            pending.append((art, skip))
            yield doc

    for doc in nlp.pipe(docs(), batch_size=settings.batch_size):
        art, skip = pending.pop(0)
        yield build_record(doc, art, skip_before=skip, include_text=include_text)


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
        published=parse_date(published) if isinstance(published, str) else published,
        outlet=outlet,
        url=url,
    )
    return next(analyze_articles([article], nlp=nlp, settings=Settings(fast=fast), detect_title=detect_title,
                                 include_text=include_text))
