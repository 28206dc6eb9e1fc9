"""PATH arguments to Articles: files, folders (recursively), globs, and '-' for standard input.

Each input kind goes through its reader: ``.txt`` and ``.html`` through ``readers.read_file``,
``.jsonl`` one article a line through ``readers.read_jsonl``, ``.warc`` / ``.warc.gz`` response
records with HTML through warcio and trafilatura (URL and date from the record). Like the
readers, this never raises for bad input: an ``InputError`` takes the bad item's place, so the
other inputs go through.
"""
from __future__ import annotations

import codecs
import glob
import itertools
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, InputError, Warnings
from .article import Article
from .readers import (
    HTML_SUFFIXES,
    METADATA_FILE,
    article_from_html,
    decode,
    html_charset,
    parse_date,
    read_file,
    read_jsonl,
)

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = (".warc", ".warc.gz")
# Folders hold other files too (README, images): only these are read from a folder.
FOLDER_SUFFIXES = {".txt", ".text"} | HTML_SUFFIXES | JSONL_SUFFIXES
# Bigger JSON lines files are streamed as UTF-8 rather than read whole for charset detection.
STREAM_JSONL_BYTES = 64 * 1024 * 1024



def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _wanted_in_folder(path: Path) -> bool:
    return path.suffix.lower() in FOLDER_SUFFIXES or is_warc(path)


def expand(args: Iterable[str]) -> Iterator[Path | str | InputError]:
    """The files the arguments name, in order: folders walked in sorted order, globs sorted."""
    for arg in args:
        if arg == "-":
            yield "-"
            continue
        path = Path(arg)
        if not path.exists() and any(c in arg for c in "*?["):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield InputError(arg, Errors.E020)
            for m in matches:
                yield from _walk(Path(m))
            continue
        yield from _walk(path)


def _walk(path: Path) -> Iterator[Path | InputError]:
    """The path, or a folder's article files; a folder without any is an error (a user who names
    a folder means its articles, and an empty or unmounted one should not pass unnoticed)."""
    if not path.is_dir():
        yield path
        return
    empty = True
    for p in sorted(path.rglob("*")):
        rel = p.relative_to(path).parts
        if p.is_file() and not any(part.startswith(".") for part in rel) and _wanted_in_folder(p):
            empty = False
            yield p
    if empty:
        yield InputError(str(path), Errors.E021)


@dataclass
class Sources:
    """The articles the PATH arguments hold, or an InputError for each bad file, line or record.

    Iterating reads them here. ``args`` and ``meta`` stay visible so that a cluster driver
    (corroborate.scale.shards) can hand out the files instead and have its workers read them
    with the same readers.
    """

    args: list[str]
    meta: dict = field(default_factory=dict)
    stdin: object = None

    def __iter__(self) -> Iterator[Article | InputError]:
        for item in expand(self.args):
            if isinstance(item, InputError):
                yield item
            elif item == "-":
                yield from read_stdin(self.stdin if self.stdin is not None else sys.stdin.buffer, **self.meta)
            else:
                yield from read_path(item, **self.meta)


def read_sources(args: Iterable[str], *, stdin=None, **meta) -> Sources:
    """Every article the PATH arguments hold (lazily, as they are iterated)."""
    return Sources(list(args), meta, stdin)


def read_path(path: Path, **meta) -> Iterator[Article | InputError]:
    suffix = path.suffix.lower()
    if path.name == METADATA_FILE:
        return  # a folder's metadata, which read_file applies to the articles beside it
    if path.is_file() and is_warc(path):
        yield from with_meta(read_warc(path), meta)
    elif suffix in JSONL_SUFFIXES and path.is_file():
        if path.stat().st_size > STREAM_JSONL_BYTES:
            with path.open("rb") as f:
                yield from with_meta(read_jsonl(path, stream=_without_bom(f)), meta)
        else:
            yield from with_meta(read_jsonl(path), meta)
    elif suffix and suffix not in {".txt", ".text", ".md"} | HTML_SUFFIXES and path.is_file():
        yield InputError(str(path), Errors.E022.format(suffix=suffix))
    else:
        try:
            yield read_file(path, **meta)
        except InputError as e:
            yield e


def with_meta(items: Iterable[Article | InputError], meta: dict) -> Iterator[Article | InputError]:
    """The articles with ``meta`` (the command line's --published, --outlet) where they have none."""
    for item in items:
        if isinstance(item, Article):
            for key, value in meta.items():
                if value is not None and getattr(item, key) is None:
                    setattr(item, key, value)
        yield item


def _without_bom(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Byte lines, the first without a UTF-8 byte order mark."""
    lines = iter(lines)
    first = next(lines, None)
    if first is None:
        return
    yield first.removeprefix(codecs.BOM_UTF8)
    yield from lines


def read_stdin(stream, **meta) -> Iterator[Article | InputError]:
    """JSON lines when the first line is a JSON object, else the whole input is one article's
    text. Bytes are read as they are: JSON lines as UTF-8 line by line, a text through
    ``decode`` (its charset detected and reported)."""
    binary = stream if isinstance(stream.read(0), bytes) else None
    if binary is None:
        first = stream.readline().removeprefix("\ufeff")
        if first.lstrip().startswith("{"):
            yield from with_meta(read_jsonl("<stdin>", stream=itertools.chain([first], stream)), meta)
            return
        data = (first + stream.read()).encode("utf-8")
    else:
        first = binary.readline().removeprefix(codecs.BOM_UTF8)
        if first.lstrip().startswith(b"{"):
            yield from with_meta(read_jsonl("<stdin>", stream=itertools.chain([first], binary)), meta)
            return
        data = first + binary.read()
    try:
        text, charset = decode(data, "<stdin>")
    except InputError as e:
        yield e
        return
    art = Article(text=text, id="stdin", origin="<stdin>", **meta)
    if charset:
        art.notes.append(Warnings.W001.format(encoding=charset))
    yield art


def read_warc(path: Path) -> Iterator[Article | InputError]:
    """HTML response records of a WARC file; the URL and the date come from the record.

    A record that does not read whole (the file is cut short inside it or inside its header) is
    an error naming it; a file cut exactly between records cannot be told from a shorter one.
    One URL is one article: the first response
    for a URL that reads whole is kept and a later one is an error naming both records. The
    first, because a WARC file is read as a stream (nothing is held back to see whether a later
    capture follows) and because a re-run must keep the article it stored before.
    """
    from warcio.archiveiterator import ArchiveIterator

    where = str(path)
    n = 0
    seen: dict[str, int] = {}  # URL -> the record its article came from
    skipped = None  # (record, its number): whether it was whole is known once the iterator read past it
    try:
        with path.open("rb") as f:
            records = ArchiveIterator(f)
            for n, rec in enumerate(records, start=1):
                if skipped and (cut := _cut_short(*skipped, where)):
                    yield cut
                skipped = None
                if rec.format != "warc":
                    # warcio reads anything as an old ARC file; a WARC file starts with a WARC header.
                    yield InputError(where, Errors.E023.format(detail="no WARC header"))
                    return
                ctype = (rec.http_headers.get_header("Content-Type") or "").lower() if rec.http_headers else ""
                status = (rec.http_headers.get_statuscode() or "") if rec.http_headers else ""
                if rec.rec_type != "response" or "html" not in ctype or not status.startswith("2"):
                    skipped = (rec, n)
                    continue
                origin = f"{where}:record {n}"
                url = rec.rec_headers.get_header("WARC-Target-URI")
                try:
                    if url in seen:
                        rec.content_stream().read()  # read whole, or the file is cut short here
                        if cut := _cut_short(rec, n, where):
                            raise cut
                        raise InputError(origin, Errors.E024.format(url=url, first=seen[url]))
                    art = _warc_article(rec, ctype, origin, n, where)
                    seen[url] = n
                    yield art
                except InputError as e:
                    yield e
            if skipped and (cut := _cut_short(*skipped, where)):
                yield cut
            size = path.stat().st_size
            end = getattr(records, "offset", size)
    except Exception as e:  # noqa: BLE001 - warcio fails on cut and damaged files with any error
        detail = f"{type(e).__name__}: {e}" if not isinstance(e, (OSError, ValueError, EOFError)) else str(e)
        yield InputError(f"{where}:record {n + 1}", Errors.E025.format(detail=detail)) if n else \
            InputError(where, Errors.E023.format(detail=detail))
        return
    if not size:
        yield InputError(where, Errors.E004)
    elif end < size:  # bytes after the last record warcio returned: the next one's header, cut short
        yield InputError(f"{where}:record {n + 1}", Errors.E026.format(extra=size - end)) if n else \
            InputError(where, Errors.E023.format(detail="no whole record"))


def _cut_short(rec, n: int, where: str) -> InputError | None:
    """The error for a record read to its end that held fewer bytes than its Content-Length, or
    whose header ends before saying what it is and how long (every WARC header does)."""
    length = (rec.rec_headers.get_header("Content-Length") or "").strip()
    if not rec.rec_type or not length.isdigit():
        return InputError(f"{where}:record {n}", Errors.E031)
    missing = getattr(rec.raw_stream, "limit", 0)
    if not missing:
        return None
    return InputError(f"{where}:record {n}", Errors.E027.format(have=rec.length - missing, length=rec.length))


def _warc_article(rec, ctype: str, origin: str, n: int, where: str) -> Article:
    data = rec.content_stream().read()
    if cut := _cut_short(rec, n, where):
        raise cut
    declared = ctype.split("charset=", 1)[1].split(";")[0] if "charset=" in ctype else html_charset(data)
    html, charset = decode(data, origin, declared)
    url = rec.rec_headers.get_header("WARC-Target-URI")
    art = article_from_html(html, origin, url=url, id=rec.rec_headers.get_header("WARC-Record-ID"))
    if charset:
        art.notes.append(Warnings.W001.format(encoding=charset))
    if art.published is None:
        try:
            art.published = parse_date(rec.rec_headers.get_header("WARC-Date"))
        except ValueError:
            pass
    return art


__all__ = ["Sources", "expand", "read_path", "read_sources", "read_stdin", "read_warc", "with_meta"]
