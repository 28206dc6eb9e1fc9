"""Shards: descriptions of input that a worker reads itself, with the readers a local run uses.

The driver only plans: it walks the PATH arguments (``ingest.sources.expand``) and groups them
into shards of about ``size`` articles; it never parses an article or holds its text.

- ``Files``: whole files read one after another by ``sources.read_path``. Text and HTML files
  (one article each) and small JSON lines files are grouped, so that many small files do not
  cost a task each; a WARC file is a shard of its own.
- ``Lines``: a line range of a bigger JSON lines file, as a byte range. Planning one reads the
  file's bytes once to find where lines end (no JSON is parsed); files whose reading depends on
  the whole file (empty, binary, not UTF-8: ``readers.decode``) are read whole instead, so every
  message is the one a local run gives.
- ``Given``: articles the driver has in hand (standard input, or an iterable of articles passed
  to ``ingest`` rather than ``read_sources``).
"""
from __future__ import annotations

import codecs
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, InputError
from ..ingest.article import Article
from ..ingest.readers import jsonl_articles
from ..ingest.sources import (
    JSONL_SUFFIXES,
    STREAM_JSONL_BYTES,
    Sources,
    expand,
    is_warc,
    read_path,
    read_stdin,
    with_meta,
)

BINARY_PROBE = 8192  # what readers.decode looks at for NUL bytes


@dataclass(slots=True)
class Files:
    paths: list[str]
    meta: dict = field(default_factory=dict)

    @property
    def inputs(self) -> list[str]:
        return self.paths


@dataclass(slots=True)
class Lines:
    path: str
    first: int  # line numbers, from 1, of the range's first and last line
    last: int
    start: int  # its bytes in the file: [start, end)
    end: int
    meta: dict = field(default_factory=dict)

    @property
    def inputs(self) -> list[str]:
        return [f"{self.path}:{self.first}-{self.last}"]


@dataclass(slots=True)
class Given:
    articles: list[Article]

    @property
    def inputs(self) -> list[str]:
        return [a.origin or a.id or "?" for a in self.articles]


Shard = Files | Lines | Given


def plan(items: Iterable[Article | InputError], size: int) -> Iterator[Shard | InputError]:
    """Shards of about ``size`` articles, in input order; an InputError where the input names
    nothing to read (a glob matching no file), in its place."""
    if not isinstance(items, Sources):
        yield from _given(items, size)
        return
    group: list[str] = []
    weight = 0
    for item in expand(items.args):
        ranges: list[Lines] = []
        if isinstance(item, Path) and not is_warc(item):
            found = _jsonl_ranges(item, size, items.meta) \
                if item.suffix.lower() in JSONL_SUFFIXES and item.is_file() else 1
            if isinstance(found, int):
                group.append(str(item))
                weight += found
                if weight >= size:
                    yield Files(group, items.meta)
                    group, weight = [], 0
                continue
            ranges = found
        if group:
            yield Files(group, items.meta)
            group, weight = [], 0
        if isinstance(item, InputError):
            yield item
        elif item == "-":
            yield from _given(read_stdin(items.stdin if items.stdin is not None else sys.stdin.buffer, **items.meta),
                              size)
        elif ranges:
            yield from ranges
        else:  # a WARC file: a shard of its own
            yield Files([str(item)], items.meta)
    if group:
        yield Files(group, items.meta)


def _given(items: Iterable[Article | InputError], size: int) -> Iterator[Given | InputError]:
    batch: list[Article] = []
    for item in items:
        if isinstance(item, InputError):
            if batch:
                yield Given(batch)
                batch = []
            yield item
            continue
        batch.append(item)
        if len(batch) == size:
            yield Given(batch)
            batch = []
    if batch:
        yield Given(batch)


def _jsonl_ranges(path: Path, size: int, meta: dict) -> list[Lines] | int:
    """Ranges of ``size`` non-blank lines; or, for a file read whole, its count of them."""
    try:
        streamed = path.stat().st_size > STREAM_JSONL_BYTES  # read as UTF-8 whatever it holds
        with path.open("rb") as f:
            if not streamed and b"\x00" in f.read(BINARY_PROBE):
                return 1
            f.seek(0)
            ranges: list[Lines] = []
            n = count = total = offset = start = 0
            first = 1
            for line in f:
                n += 1
                offset += len(line)
                if not streamed:
                    try:
                        line.decode("utf-8")
                    except UnicodeDecodeError:
                        return 1  # decoded as a whole, with a detected charset
                if line.strip():
                    count += 1
                    total += 1
                    if count == size:
                        ranges.append(Lines(str(path), first, n, start, offset, meta))
                        first, start, count = n + 1, offset, 0
    except OSError:
        return 1  # read_path says why
    if count:
        ranges.append(Lines(str(path), first, n, start, offset, meta))
    return ranges if len(ranges) > 1 else max(total, 1)


def read_shard(shard: Shard) -> list[Article | InputError]:
    """The task a worker runs first: the shard's articles, or an InputError for each bad file,
    line or record, as ``read_sources`` gives them."""
    if isinstance(shard, Given):
        return shard.articles
    if isinstance(shard, Files):
        return [item for p in shard.paths for item in read_path(Path(p), **shard.meta)]
    try:
        with open(shard.path, "rb") as f:
            f.seek(shard.start)
            data = f.read(shard.end - shard.start)
    except OSError as e:
        return [InputError(shard.path, Errors.E009.format(detail=e.strerror or e))]
    if shard.start == 0 and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    # bytes: each line read as UTF-8, one that is not is that line's error (as a local run says)
    return list(with_meta(jsonl_articles(shard.path, data.split(b"\n"), shard.first), shard.meta))
