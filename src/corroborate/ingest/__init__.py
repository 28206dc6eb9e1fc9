"""Ingest: readers that turn inputs into Articles."""
from .article import Article, headline
from .readers import article_from_html, parse_date, read_file, read_jsonl

__all__ = ["Article", "headline", "article_from_html", "parse_date", "read_file", "read_jsonl"]
