"""A record as one flat row: what a worker sends back, a Parquet part holds and ``load`` reads.

The row is the article's identity and metadata, its text (the ledger keeps it; spans index into
it) and the contract's nested lists as JSON text, one string each. Strings pickle and travel
cheaply, and the driver writes them to Parquet as they are; only the ledger needs the record
back as objects (``from_row``).
"""
from __future__ import annotations

import json
from datetime import date

from ..ingest.article import Article
from ..record.models import Record

NESTED = ("entities", "statements", "quantities", "times", "events")
COLUMNS = ("hash", "id", "title", "published", "outlet", "url", "origin", "text") + NESTED


def to_row(article: Article, record: Record) -> dict:
    data = record.model_dump(mode="json", include=set(NESTED))
    row = dict(hash=article.content_hash, id=article.id, title=record.title or article.title,
               published=article.published, outlet=article.outlet, url=article.url, origin=article.origin,
               text=article.text)
    row.update({name: json.dumps(data[name], ensure_ascii=False, separators=(",", ":")) for name in NESTED})
    return row


def from_row(row: dict) -> tuple[Article, Record]:
    """The article and its record; ValueError when the row is not a valid record or its hash is wrong."""
    published: date | None = row["published"]
    article = Article(text=row["text"], id=row["id"], title=row["title"], published=published, outlet=row["outlet"],
                      url=row["url"], origin=row["origin"])
    if article.content_hash != row["hash"]:
        raise ValueError("its hash does not match its text and URL")
    record = Record.model_validate(dict(
        id=row["id"], title=row["title"], published=published.isoformat() if published else None,
        outlet=row["outlet"], url=row["url"], **{name: json.loads(row[name]) for name in NESTED}))
    return article, record
