"""Readers: turn input files into Articles, or into one clear InputError each.

A reader never raises for bad content; it yields an ``InputError`` in place of the article so
that the other inputs still go through.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import Errors, InputError, Warnings
from .article import Article

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# A folder of articles may carry their metadata in a sidecar table: one row per file, columns
# among file, id, title, published, outlet, url.
METADATA_FILE = "metadata.csv"
_META_FIELDS = ("id", "title", "published", "outlet", "url")


def parse_date(value: str | None) -> date | None:
    """An ISO 8601 date (a datetime is cut to its date). Raises ValueError with the contract message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    v = str(value).strip()
    try:
        return date.fromisoformat(v[:10]) if len(v) >= 10 else date.fromisoformat(v)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(v.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(Errors.E007.format(value=value)) from None


def decode(data: bytes, where: str) -> tuple[str, str | None]:
    """Bytes to text. UTF-8 first; otherwise the detected charset, which is reported."""
    if not data.strip():
        raise InputError(where, Errors.E004)
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(where, Errors.E003)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError(where, Errors.E003)
    text = str(best)
    if sum(1 for c in text[:4096] if c < " " and c not in "\t\r\n\f") > 8:
        raise InputError(where, Errors.E003)
    return text, Warnings.W001.format(encoding=best.encoding)


def read_bytes(path: Path) -> bytes:
    where = str(path)
    if not path.exists():
        raise InputError(where, Errors.E001)
    if path.is_dir():
        raise InputError(where, Errors.E002)
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(where, Errors.E009.format(detail=e.strerror or e)) from None


def read_text_file(path: Path, **meta) -> Article:
    where = str(path)
    text, note = decode(read_bytes(path), where)
    meta.setdefault("id", path.stem)
    art = Article(text=text, origin=where, **meta)
    if note:
        art.notes.append(note)
    return art


def read_html_file(path: Path, **meta) -> Article:
    where = str(path)
    html, note = decode(read_bytes(path), where)
    meta.setdefault("id", path.stem)
    art = article_from_html(html, where, **meta)
    if note:
        art.notes.append(note)
    return art


def article_from_html(html: str, where: str, **meta) -> Article:
    """Main text and metadata through trafilatura; offsets then index the extracted text."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise InputError(where, Errors.E012)
    doc_meta = trafilatura.extract_metadata(html)
    if doc_meta is not None:
        if meta.get("title") is None and doc_meta.title:
            meta["title"] = doc_meta.title
        if meta.get("published") is None and doc_meta.date:
            try:
                meta["published"] = parse_date(doc_meta.date)
            except ValueError:
                pass
        if meta.get("outlet") is None and doc_meta.sitename:
            meta["outlet"] = doc_meta.sitename
        if meta.get("url") is None and doc_meta.url:
            meta["url"] = doc_meta.url
    return Article(text=text, origin=where, **meta)


@lru_cache(maxsize=64)
def folder_metadata(folder: Path) -> dict[str, dict]:
    """The rows of ``folder/metadata.csv`` by file name (empty when there is none)."""
    table = folder / METADATA_FILE
    if not table.is_file():
        return {}
    rows: dict[str, dict] = {}
    with table.open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            name = (row.get("file") or "").strip()
            if not name:
                continue
            meta = {k: row[k].strip() for k in _META_FIELDS if (row.get(k) or "").strip()}
            if "published" in meta:
                try:
                    meta["published"] = parse_date(meta["published"])
                except ValueError as e:
                    raise InputError(f"{table}:{n}", str(e)) from None
            rows[name] = meta
    return rows


def read_file(path: Path, *, force_html: bool = False, **meta) -> Article:
    """One article file. Metadata given here fills what the folder's metadata.csv leaves open."""
    sidecar = folder_metadata(path.parent.resolve()).get(path.name) if path.parent.exists() else None
    if sidecar:
        meta = {**{k: v for k, v in meta.items() if v is not None}, **sidecar}
    return _read_file(path, force_html=force_html, **meta)


def _read_file(path: Path, *, force_html: bool = False, **meta) -> Article:
    suffix = path.suffix.lower()
    if force_html or suffix in HTML_SUFFIXES:
        return read_html_file(path, **meta)
    if suffix in TEXT_SUFFIXES:
        return read_text_file(path, **meta)
    if path.exists() and path.is_dir():
        raise InputError(str(path), Errors.E002)
    if not path.exists():
        raise InputError(str(path), Errors.E001)
    raise InputError(str(path), Errors.E008.format(suffix=suffix))


def read_jsonl(path: Path | str, stream=None) -> Iterator[Article | InputError]:
    """One article a line: ``text`` and optionally ``id``, ``title``, ``published``, ``outlet``, ``url``."""
    where = str(path)
    if stream is None:
        p = Path(path)
        try:
            data = read_bytes(p)
        except InputError as e:
            yield e
            return
        try:
            content, _ = decode(data, where)
        except InputError as e:
            yield e
            return
        # Lines end at "\n" only (str.splitlines also splits at U+2028 and the like, which JSON
        # strings may hold), so a line's number is the count of "\n" bytes before it plus one:
        # what a worker reading a line range of the file (corroborate.scale) counts too.
        lines = content.split("\n")
    else:
        lines = (line.rstrip("\n") for line in stream)
    yield from jsonl_articles(where, lines)


def jsonl_articles(where: str, lines: Iterable[str], first: int = 1) -> Iterator[Article | InputError]:
    """The articles of JSON lines numbered from ``first`` in the file ``where``."""
    for n, line in enumerate(lines, start=first):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(where, Errors.E005.format(line=n, detail=e.msg))
            continue
        if not isinstance(obj, dict):
            yield InputError(where, Errors.E010.format(line=n))
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            yield InputError(where, Errors.E006.format(line=n))
            continue
        try:
            published = parse_date(obj.get("published") or obj.get("dct") or obj.get("publication_date"))
        except ValueError as e:
            yield InputError(where, Errors.E011.format(line=n, detail=e))
            continue
        doc_id = obj.get("id", obj.get("doc_id"))
        yield Article(
            text=text,
            id=str(doc_id) if doc_id is not None else None,
            title=obj.get("title"),
            published=published,
            outlet=obj.get("outlet") or obj.get("publisher"),
            url=obj.get("url"),
            origin=f"{where}:{n}",
        )
