"""PATH arguments to Articles: files, folders (recursively), globs, and '-' for standard input.

Each input kind goes through its reader: ``.txt`` and ``.html`` through ``readers.read_file``,
``.jsonl`` one article a line through ``readers.read_jsonl``, ``.warc`` / ``.warc.gz`` response
records with HTML through warcio and trafilatura (URL and date from the record). Like the
readers, this never raises for bad input: an ``InputError`` takes the bad item's place, so the
other inputs go through.
"""
from __future__ import annotations

import glob
import io
import itertools
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .article import Article
from .readers import HTML_SUFFIXES, METADATA_FILE, article_from_html, decode, parse_date, read_file, read_jsonl

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = (".warc", ".warc.gz")
# Folders hold other files too (README, images): only these are read from a folder.
FOLDER_SUFFIXES = {".txt", ".text"} | HTML_SUFFIXES | JSONL_SUFFIXES
# Bigger JSON lines files are streamed as UTF-8 rather than read whole for charset detection.
STREAM_JSONL_BYTES = 64 * 1024 * 1024

E_NO_MATCH = "no file matches this pattern"
E_SUFFIX = "unsupported file type {suffix!r} (expected .txt, .html, .jsonl, .warc or .warc.gz)"
E_WARC = "record {n}: {detail}"
E_WARC_FILE = "not a readable WARC file ({detail})"


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
                yield InputError(arg, E_NO_MATCH)
            for m in matches:
                yield from _walk(Path(m))
            continue
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(path: Path) -> Iterator[Path]:
    if not path.is_dir():
        yield path
        return
    for p in sorted(path.rglob("*")):
        rel = p.relative_to(path).parts
        if p.is_file() and not any(part.startswith(".") for part in rel) and _wanted_in_folder(p):
            yield p


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
        yield from read_warc(path)
    elif suffix in JSONL_SUFFIXES and path.is_file():
        if path.stat().st_size > STREAM_JSONL_BYTES:
            with path.open(encoding="utf-8-sig", errors="replace", newline="\n") as f:
                yield from with_meta(read_jsonl(path, stream=f), meta)
        else:
            yield from with_meta(read_jsonl(path), meta)
    elif suffix and suffix not in {".txt", ".text", ".md"} | HTML_SUFFIXES and path.is_file():
        yield InputError(str(path), E_SUFFIX.format(suffix=suffix))
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


def read_stdin(stream, **meta) -> Iterator[Article | InputError]:
    """JSON lines when the first line is a JSON object, else the whole input is one article's text."""
    binary = stream if isinstance(stream.read(0), bytes) else None
    if binary is None:
        first = stream.readline()
        rest = stream
    else:
        first = binary.readline().decode("utf-8-sig", errors="replace")
        rest = io.TextIOWrapper(binary, encoding="utf-8", errors="replace")
    if first.lstrip().startswith("{"):
        yield from with_meta(read_jsonl("<stdin>", stream=itertools.chain([first], rest)), meta)
        return
    data = (first + rest.read()).encode("utf-8")
    try:
        text, note = decode(data, "<stdin>")
    except InputError as e:
        yield e
        return
    art = Article(text=text, id="stdin", origin="<stdin>", **meta)
    if note:
        art.notes.append(note)
    yield art


def read_warc(path: Path) -> Iterator[Article | InputError]:
    """HTML response records of a WARC file; the URL and the date come from the record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    where = str(path)
    n = 0
    try:
        with path.open("rb") as f:
            for n, rec in enumerate(ArchiveIterator(f), start=1):
                if rec.format != "warc":
                    # warcio reads anything as an old ARC file; a WARC file starts with a WARC header.
                    yield InputError(where, E_WARC_FILE.format(detail="no WARC header"))
                    return
                if rec.rec_type != "response" or rec.http_headers is None:
                    continue
                ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
                status = rec.http_headers.get_statuscode() or ""
                if "html" not in ctype or not status.startswith("2"):
                    continue
                origin = f"{where}:record {n}"
                try:
                    yield _warc_article(rec, ctype, origin)
                except InputError as e:
                    yield e
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as e:
        yield InputError(where, E_WARC.format(n=n + 1, detail=e) if n else E_WARC_FILE.format(detail=e))


def _warc_article(rec, ctype: str, origin: str) -> Article:
    data = rec.content_stream().read()
    html = None
    if "charset=" in ctype:
        charset = ctype.split("charset=", 1)[1].split(";")[0].strip().strip('"')
        try:
            html = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            html = None
    if html is None:
        html, _ = decode(data, origin)
    url = rec.rec_headers.get_header("WARC-Target-URI")
    art = article_from_html(html, origin, url=url, id=rec.rec_headers.get_header("WARC-Record-ID"))
    if art.published is None:
        try:
            art.published = parse_date(rec.rec_headers.get_header("WARC-Date"))
        except ValueError:
            pass
    return art


__all__ = ["Sources", "expand", "read_path", "read_sources", "read_stdin", "read_warc", "with_meta"]
