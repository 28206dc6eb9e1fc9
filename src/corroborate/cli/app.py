"""The ``corroborate`` command.

Exit status: 0 when every input went through, 1 when some inputs failed (each named on stderr
in one line), 2 for a usage error.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from ..errors import InputError
from ..ingest.article import Article
from ..ingest.readers import read_file, read_jsonl
from .common import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    MAX_CHARS,
    FastOption,
    MaxCharsOption,
    PublishedOption,
    published_date,
    settings,
    usage,
)

app = typer.Typer(
    help="corroborate: who claimed what, how many, when, and where news sources disagree.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

@app.callback()
def _root() -> None:
    """corroborate: who claimed what, how many, when, and where news sources disagree."""


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"
    html = "html"


class Failures:
    """Counts bad inputs and reports each in one line on stderr."""

    def __init__(self, err: Console):
        self.err = err
        self.count = 0

    def report(self, e: InputError) -> None:
        self.count += 1
        self.err.print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)

    def note(self, where: str | None, message: str) -> None:
        self.err.print(f"warning: {where}: {message}", markup=False, highlight=False, soft_wrap=True)


def iter_articles(
    files: list[Path], jsonl: list[str], failures: Failures, *, force_html: bool, meta: dict
) -> Iterator[Article]:
    for path in files:
        if _is_jsonl(path, force_html):
            yield from _jsonl_articles(str(path), failures, meta)
            continue
        try:
            art = read_file(path, force_html=force_html, **meta)
        except InputError as e:
            failures.report(e)
            continue
        for n in art.notes:
            failures.note(art.origin, n)
        yield art
    for src in jsonl:
        yield from _jsonl_articles(src, failures, meta)


def _is_jsonl(path: Path, force_html: bool = False) -> bool:
    """A file named .jsonl holds JSON lines, as ``ingest`` reads it too."""
    return not force_html and path.suffix.lower() == ".jsonl"


def _jsonl_articles(src: str, failures: Failures, meta: dict) -> Iterator[Article]:
    # standard input as bytes: each line read as UTF-8, a line that is not is that line's error
    stdin = getattr(sys.stdin, "buffer", sys.stdin)
    items = read_jsonl("<stdin>", stream=stdin) if src == "-" else read_jsonl(Path(src))
    for item in items:
        if isinstance(item, InputError):
            failures.report(item)
            continue
        for key, value in meta.items():
            if value is not None and getattr(item, key) is None:
                setattr(item, key, value)
        for n in item.notes:
            failures.note(item.origin, n)
        yield item


@app.command()
def analyze(
    files: Annotated[Optional[list[Path]], typer.Argument(help="Article files (.txt, .html; .jsonl as JSON lines).", show_default=False)] = None,
    jsonl: Annotated[Optional[list[str]], typer.Option("--jsonl", help="JSON lines, one article a line ('-' for stdin).")] = None,
    published: PublishedOption = None,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet name recorded with the article.")] = None,
    url: Annotated[Optional[str], typer.Option(help="URL recorded with the article.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="json | jsonl | table | html (one article as a page)")] = Format.json,
    html: Annotated[bool, typer.Option("--html", help="Treat input files as HTML whatever their suffix.")] = False,
    no_title: Annotated[bool, typer.Option("--no-title", help="Do not take a headline from the first line.")] = False,
    include_text: Annotated[bool, typer.Option("--include-text", help="Carry the analysed text in each record.")] = False,
    fast: FastOption = False,
    max_chars: MaxCharsOption = MAX_CHARS,
) -> None:
    """Analyse articles and print their records (docs/output-contract.md)."""
    files = files or []
    jsonl = jsonl or []
    if not files and not jsonl:
        raise usage("give one or more files, or --jsonl PATH")
    if fmt is Format.html and (len(files) != 1 or jsonl or _is_jsonl(files[0], html)):
        raise usage("--format html renders one article: give exactly one file")
    pub = published_date(published)
    err = Console(stderr=True)
    failures = Failures(err)
    meta = {"published": pub, "outlet": outlet, "url": url}
    articles = iter_articles(files, jsonl, failures, force_html=html, meta=meta)

    from ..analysis import analyze_each

    out = Console(soft_wrap=True) if fmt is Format.table else None
    json_items: list[str] = []
    for art, rec in analyze_each(articles, settings=settings(fast, max_chars), detect_title=not no_title,
                                 include_text=include_text):
        if isinstance(rec, str):  # its analysis failed: said in a line, the others go on
            failures.report(InputError(art.origin or art.id or "?", rec))
            continue
        if fmt is Format.table:
            from .render import print_record

            print_record(out, rec)
        elif fmt is Format.html:
            from ..web.pages import article_page

            sys.stdout.write(article_page(rec, art.text, standalone=True))
        else:
            # HTML input: offsets index the extracted text, so the record carries it.
            if art.origin and Path(art.origin.split(":")[0]).suffix.lower() in (".html", ".htm") or html:
                rec.text = art.text
            line = rec.model_dump_json(indent=None if fmt is Format.jsonl else 2)
            if fmt is Format.jsonl:
                sys.stdout.write(line + "\n")
                sys.stdout.flush()
            else:
                json_items.append(line)
    if fmt is Format.json:
        if len(files) == 1 and not jsonl and not _is_jsonl(files[0], html):
            if json_items:
                sys.stdout.write(json_items[0] + "\n")
        else:
            sys.stdout.write("[\n" + ",\n".join(json_items) + "\n]\n")
    raise typer.Exit(EXIT_SOME_FAILED if failures.count else EXIT_OK)


def main() -> None:
    app()


from .ledger import register as _register_ledger  # noqa: E402

_register_ledger(app)

from .serve import register as _register_serve  # noqa: E402

_register_serve(app)

from .scale import register as _register_scale  # noqa: E402

_register_scale(app)

from .maintain import register as _register_maintain  # noqa: E402

_register_maintain(app)
