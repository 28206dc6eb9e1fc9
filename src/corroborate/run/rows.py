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

NESTED = ("entities", "statements", "quantities", "times", "events", "terms")
# Columns a part written before they were added may lack: read as their defaults.
OPTIONAL = {"terms": "{}", "published_from": None}


def to_row(article: Article, record: Record) -> dict:
    data = record.model_dump(mode="json", include=set(NESTED))
    published, published_from = article.dated()
    row = dict(hash=article.content_hash, id=article.id, title=record.title or article.title,
               published=published, published_from=published_from, outlet=article.outlet, url=article.url,
               origin=article.origin, text=article.text)
    row.update({name: json.dumps(data[name], ensure_ascii=False, separators=(",", ":")) for name in NESTED})
    return row


def from_row(row: dict) -> tuple[Article, Record]:
    """The article and its record; ValueError when the row is not a valid record or its hash is wrong."""
    published: date | None = row["published"]
    published_from = row.get("published_from") or ("input" if published else None)
    # The article as it was read: an inferred date is inferred again from its text and URL.
    article = Article(text=row["text"], id=row["id"], title=row["title"],
                      published=published if published_from == "input" else None, outlet=row["outlet"],
                      url=row["url"], origin=row["origin"])
    if article.content_hash != row["hash"]:
        raise ValueError("its hash does not match its text and URL")
    nested = {name: json.loads(row.get(name) or OPTIONAL.get(name, "[]")) for name in NESTED}
    record = Record.model_validate(dict(
        id=row["id"], title=row["title"], published=published.isoformat() if published else None,
        published_from=published_from, outlet=row["outlet"], url=row["url"], **nested))
    return article, record
