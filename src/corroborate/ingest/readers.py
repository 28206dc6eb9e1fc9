"""Readers: turn input files into Articles, or into one clear InputError each.

A reader never raises for bad content; it yields an ``InputError`` in place of the article so
that the other inputs still go through.
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..errors import Errors, InputError, Warnings
from .article import Article
from .charset import decode as decode_bytes
from .charset import decode_declared

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# A folder of articles may carry their metadata in a sidecar table: one row per file, columns
# among file, id, title, published, outlet, url.
METADATA_FILE = "metadata.csv"
_META_FIELDS = ("id", "title", "published", "outlet", "url")


def parse_date(value: str | date | None) -> date | None:
    """An ISO 8601 date (a datetime is cut to its date). Raises ValueError with the contract message.

    A number is refused rather than read as a Unix time or a basic-format date (``0``,
    ``20241028``): a date in JSON or a form is written as a string.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    if not isinstance(value, str):
        raise ValueError(Errors.E017.format(kind=_json_kind(value), value=_short(value)))
    v = value.strip()
    try:
        return date.fromisoformat(v[:10]) if len(v) >= 10 else date.fromisoformat(v)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(v.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(Errors.E007.format(value=value)) from None


def decode(data: bytes, where: str, declared: str | None = None) -> tuple[str, str | None]:
    """Bytes to text (``charset.decode``; a ``declared`` charset first), and the charset to
    report: one other than UTF-8 that was detected rather than declared, else None."""
    found = decode_declared(data, declared, where) if declared else decode_bytes(data, where)
    return found.text, found.encoding


# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)


def html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its head (the first 4 kB, as browsers look). A page
    whose declaration can be read as ASCII is not UTF-16 whatever it says: UTF-8, as browsers read it."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    label = m.group(1).decode("ascii")
    return "utf-8" if label.lower().replace("-", "").startswith(("utf16", "utf32")) else label


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
    text, charset = decode(read_bytes(path), where)
    meta.setdefault("id", path.stem)
    art = Article(text=text, origin=where, **meta)
    if charset:
        art.notes.append(Warnings.W001.format(encoding=charset))
    return art


def read_html_file(path: Path, **meta) -> Article:
    where = str(path)
    data = read_bytes(path)
    html, charset = decode(data, where, html_charset(data))
    meta.setdefault("id", path.stem)
    art = article_from_html(html, where, **meta)
    if charset:
        art.notes.append(Warnings.W001.format(encoding=charset))
    return art


# lxml's HTML parser stops at 256 levels of nesting unless told the document is huge (then 2,048).
_TOO_DEEP = "Excessive depth in document"


def _parse_html(html: str, huge: bool):
    """The page as lxml parses it with trafilatura's parser settings, and whether it was too deep."""
    from lxml.html import HTMLParser, fromstring

    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                        remove_pis=True, huge_tree=huge)
    tree = fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    return tree, any(_TOO_DEEP in e.message for e in parser.error_log)


def _deep_page(html: str, where: str):
    """The page parsed as a huge tree when it nests deeper than lxml's default limit (which
    trafilatura does not ask for), else None; past the huge limit too, one line says so."""
    if html.count("<") < 256:
        return None
    try:
        _, too_deep = _parse_html(html, huge=False)
    except (ValueError, SyntaxError):  # lxml's own complaint: trafilatura's parsing says what is wrong
        return None
    if not too_deep:
        return None
    tree, still_too_deep = _parse_html(html, huge=True)
    if still_too_deep:
        raise InputError(where, Errors.E030)
    return tree


def article_from_html(html: str, where: str, **meta) -> Article:
    """Main text and metadata through trafilatura; offsets then index the extracted text.

    A page nested deeper than 256 elements is parsed by lxml as a huge tree and handed to
    trafilatura as a tree (once for the text, once for the metadata: extraction prunes it).
    """
    import trafilatura

    deep = _deep_page(html, where)
    page = deep if deep is not None else html
    text = trafilatura.extract(page, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise InputError(where, Errors.E012)
    doc_meta = trafilatura.extract_metadata(_parse_html(html, huge=True)[0] if deep is not None else html)
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
    """One article a line: ``text`` and optionally ``id``, ``title``, ``published``, ``outlet``, ``url``.

    A file is decoded whole (its charset, when not UTF-8, is reported on its first article); a
    ``stream`` of lines (str, or bytes read as UTF-8 line by line) is read as it comes.
    """
    where = str(path)
    charset = None
    if stream is None:
        p = Path(path)
        try:
            content, charset = decode(read_bytes(p), where)
        except InputError as e:
            yield e
            return
        # Lines end at "\n" only (str.splitlines also splits at U+2028 and the like, which JSON
        # strings may hold), so a line's number is the count of "\n" bytes before it plus one:
        # what a worker reading a line range of the file (corroborate.scale) counts too.
        lines = content.split("\n")
    else:
        lines = (line.rstrip(b"\n" if isinstance(line, bytes) else "\n") for line in stream)
    for item in jsonl_articles(where, lines):
        if charset and isinstance(item, Article):
            item.notes.append(Warnings.W002.format(encoding=charset))
            charset = None
        yield item


class InputRecord(BaseModel):
    """One JSON lines record as it must be typed; other fields are ignored. ``doc_id``, ``dct``,
    ``publication_date`` and ``publisher`` are read as ``id`` and ``published`` and ``outlet``."""

    model_config = ConfigDict(strict=True, extra="ignore")

    text: str
    id: str | int | None = None
    doc_id: str | int | None = None
    title: str | None = None
    published: str | None = None
    dct: str | None = None
    publication_date: str | None = None
    outlet: str | None = None
    publisher: str | None = None
    url: str | None = None

    @field_validator("published", "dct", "publication_date", mode="before")
    @classmethod
    def _date_is_a_string(cls, value):
        if value is not None and not isinstance(value, str):
            raise ValueError(Errors.E017.format(kind=_json_kind(value), value=_short(value)))
        return value


def _one_line(e: ValidationError) -> str:
    """pydantic's message (a header and two lines per field and alternative type) as one line:
    each field once, with what it should be and what it was."""
    problems: dict[str, list[str]] = {}
    got: dict[str, str] = {}
    for err in e.errors():
        field = str(err["loc"][0]) if err["loc"] else "record"
        problems.setdefault(field, []).append(err["msg"].removeprefix("Value error, "))
        if err["type"] != "value_error":
            got[field] = f" (got {_short(err.get('input'))})"
    parts = []
    for field, msgs in problems.items():
        # a field of several types fails once for each: "a valid string or a valid integer"
        alternatives = [msgs[0]] + [m.removeprefix("Input should be ") for m in msgs[1:]]
        parts.append(f"{field}: {' or '.join(alternatives)}{got.get(field, '')}")
    return "; ".join(parts)


def _short(value, limit: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _json_kind(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    return "a number" if isinstance(value, (int, float)) else "a list" if isinstance(value, list) else "an object"


def jsonl_articles(where: str, lines: Iterable[str | bytes], first: int = 1) -> Iterator[Article | InputError]:
    """The articles of JSON lines numbered from ``first`` in the file ``where``; lines given as
    bytes are read as UTF-8, and one that is not is that line's error."""
    for n, line in enumerate(lines, start=first):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError:
                yield InputError(where, Errors.E018.format(line=n))
                continue
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
            rec = InputRecord.model_validate(obj)
        except ValidationError as e:
            yield InputError(where, Errors.E011.format(line=n, detail=_one_line(e)))
            continue
        try:
            published = parse_date(rec.published or rec.dct or rec.publication_date)
        except ValueError as e:
            yield InputError(where, Errors.E011.format(line=n, detail=e))
            continue
        doc_id = rec.id if rec.id is not None else rec.doc_id
        yield Article(
            text=text,
            id=str(doc_id) if doc_id is not None else None,
            title=rec.title,
            published=published,
            outlet=rec.outlet or rec.publisher,
            url=rec.url,
            origin=f"{where}:{n}",
        )
