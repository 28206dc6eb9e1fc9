"""The ledger commands: ingest a corpus, then ask it questions.

``register(app)`` adds them to the ``corroborate`` typer app. Each takes ``--db`` (a SQLite
path or a SQLAlchemy URL; default $CORROBORATE_DB or ./corroborate.db) and ``--format
table|json``. Exit status as in ``analyze``: 0 all fine, 1 some inputs failed, 2 usage.
"""
from __future__ import annotations

from contextlib import ExitStack
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from .common import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    DaskOption,
    DbOption,
    MAX_CHARS,
    FastOption,
    FormatOption,
    MaxCharsOption,
    OutletOption,
    PublishedOption,
    View,
    cluster_analyser,
    err_console,
    open_ledger,
    print_json,
    published_date,
    reporters,
    settings,
)


class ExportFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


def _num(v) -> str:
    if v is None:
        return "?"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) else f"{v:,.3g}"


_MARK = {"exact": "=", "approx": "≈", "lower": "≥", "upper": "≤", "range": ""}


def _figure(m: dict) -> str:
    if m["bound"] == "range" and m["low"] is not None and m["high"] is not None:
        return f"{_num(m['low'])}–{_num(m['high'])}"
    return f"{_MARK.get(m['bound'], '')}{_num(m['value'])}"


def _as_written(m: dict) -> str:
    parts = [m["text"]]
    if m["counted"] and m["counted"] not in m["text"]:
        parts.append(m["counted"])
    if m["predicate"]:
        parts.append(m["predicate"])
    return " ".join(parts)


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursively), globs, or - for stdin: .txt .html .jsonl .warc .warc.gz.", show_default=False)],
    db: DbOption = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Analyse in N processes (one model load each).")] = 1,
    published: PublishedOption = None,
    outlet: OutletOption = None,
    dask: DaskOption = None,
    fast: FastOption = False,
    max_chars: MaxCharsOption = MAX_CHARS,
) -> None:
    """Analyse articles and store them in the ledger; re-running stores nothing twice."""
    from ..ingest.sources import read_sources
    from ..run import ingest as run_ingest

    run_settings = settings(fast, max_chars)
    pub = published_date(published)
    err = err_console()
    on_error, on_note = reporters(err)
    ledger = open_ledger(db)
    items = read_sources(paths, published=pub, outlet=outlet)
    cluster = ExitStack()
    analyse = cluster.enter_context(cluster_analyser(dask, workers, run_settings))
    try:
        if err.is_terminal:
            from rich.progress import (
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                          console=err, transient=True) as bar:
                task = bar.add_task("loading the model")

                def on_progress(s):
                    rate = (s.stored + s.skipped) / s.seconds if s.seconds else 0.0
                    bar.update(task, description=f"{s.stored} stored, {s.skipped} skipped, {s.failed} failed "
                                                 f"· {rate:.1f} articles/s")

                summary = run_ingest(items, ledger, run_settings, workers=workers, on_error=on_error,
                                     on_note=on_note, on_progress=on_progress, analyse=analyse)
        else:
            summary = run_ingest(items, ledger, run_settings, workers=workers, on_error=on_error, on_note=on_note,
                                 analyse=analyse)
    finally:
        cluster.close()
        ledger.close()
    err.print(summary.line, markup=False)
    raise typer.Exit(EXIT_SOME_FAILED if summary.failed else EXIT_OK)


def estimates(
    about: Annotated[Optional[str], typer.Option(help="Only groups whose label or place contains this text.")] = None,
    conflicts_only: Annotated[bool, typer.Option("--conflicts-only", help="Only groups whose sources disagree.")] = False,
    limit: Annotated[int, typer.Option(help="At most this many groups (0: all).", min=0)] = 50,
    members: Annotated[int, typer.Option(help="At most this many members a group, the latest (0: all).",
                                         min=0)] = 20,
    db: DbOption = None,
    fmt: FormatOption = View.table,
) -> None:
    """Figures that measure the same thing, side by side: conflicts first."""
    from ..ledger import queries

    with open_ledger(db) as ledger, ledger.engine.connect() as conn:
        groups = queries.estimates(conn, about=about, conflicts_only=conflicts_only, limit=limit or None,
                                   members=members or None)
    if fmt is View.json:
        return print_json(groups)
    out = Console(soft_wrap=True)
    if not groups:
        out.print("no estimate groups" + (" match" if about or conflicts_only else " yet"))
        return
    for g in groups:
        flag = "[bold red]CONFLICT[/]" if g["conflict"] else "[green]timeline[/]" if g["timeline"] else ""
        table = Table(title=f"{g['id']}  {g['label']}  ({g['unit']})  {flag}", title_justify="left", expand=True)
        table.add_column("figure", style="bold", no_wrap=True)
        table.add_column("source", style="cyan")
        table.add_column("date", style="green", no_wrap=True)
        table.add_column("outlet")
        table.add_column("as written", ratio=3)
        for m in g["members"]:
            table.add_row(_figure(m), m["source"] or "—", m["said_on"] or m["published"] or "?",
                          m["outlet"] or m["article"], _as_written(m))
        notes = []
        if g["members_total"] > len(g["members"]):
            notes.append(f"the latest {len(g['members'])} of {g['members_total']} reports")
        if g["related"]:
            notes.append("related: " + ", ".join(g["related"]))
        table.caption = "; ".join(notes) or None
        out.print(table)


def statements(
    by: Annotated[Optional[str], typer.Option(help="Only statements whose source is this entity or name.")] = None,
    about: Annotated[Optional[str], typer.Option(help="Only statements whose content has these words.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many (0: all).", min=0)] = 100,
    db: DbOption = None,
    fmt: FormatOption = View.table,
) -> None:
    """Who said what: statements, newest first."""
    from ..ledger import queries

    with open_ledger(db) as ledger, ledger.engine.connect() as conn:
        rows = queries.statements(conn, by=by, about=about, limit=limit or None)
    if fmt is View.json:
        return print_json(rows)
    table = Table(expand=True)
    for col, style in (("source", "bold cyan"), ("cue", "magenta"), ("content", ""), ("when", "green"), ("article", "")):
        table.add_column(col, style=style or None, ratio=6 if col == "content" else 1)
    for s in rows:
        src = "—" if s["source"] is None else s["source"]["name"] or s["source"]["text"]
        when = (s["said_on"] or {}).get("value") or s["published"] or "?"
        table.add_row(src, s["cue"]["text"], s["content"]["text"], when, s["article"])
    Console(soft_wrap=True).print(table)


def entities(
    type_: Annotated[Optional[str], typer.Option("--type", help="Only this type (PERSON, ORG, GPE, NORP, ...).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many (0: all).", min=0)] = 100,
    db: DbOption = None,
    fmt: FormatOption = View.table,
) -> None:
    """Canonical entities across the corpus, most mentioned first, with their aliases."""
    from ..ledger import queries

    with open_ledger(db) as ledger, ledger.engine.connect() as conn:
        rows = queries.entities(conn, type=type_, limit=limit or None)
    if fmt is View.json:
        return print_json(rows)
    table = Table(expand=True)
    for col in ("id", "name", "type", "articles", "mentions", "aliases"):
        table.add_column(col, ratio=4 if col == "aliases" else 1)
    for e in rows:
        table.add_row(e["id"], e["name"], e["type"], str(e["articles"]), str(e["mentions"]), ", ".join(e["aliases"]))
    Console(soft_wrap=True).print(table)


def show(
    article: Annotated[str, typer.Argument(help="a7, 7, the input id, or a prefix of the content hash.")],
    db: DbOption = None,
    fmt: FormatOption = View.table,
) -> None:
    """One stored article: its record, with canonical entities and estimate groups."""
    from ..ledger import queries

    with open_ledger(db) as ledger, ledger.engine.connect() as conn:
        found = queries.stored_article(conn, article)
    if found is None:
        err_console().print(f"error: {article}: no such article in the ledger", markup=False)
        raise typer.Exit(EXIT_SOME_FAILED)
    if fmt is View.json:
        return print_json(found.as_json())
    from .render import print_record

    out = Console(soft_wrap=True)
    out.print(f"[bold]{found.article}[/]  {found.origin or ''}  {found.hash[:12]}")
    print_record(out, found.record)


def search(
    text: Annotated[str, typer.Argument(help="Words to find in article text and statement content.")],
    limit: Annotated[int, typer.Option(help="At most this many of each.", min=1)] = 20,
    db: DbOption = None,
    fmt: FormatOption = View.table,
) -> None:
    """Full-text search over articles and statements."""
    from ..ledger import queries

    with open_ledger(db) as ledger, ledger.engine.connect() as conn:
        found = queries.search(conn, text, limit=limit)
    if fmt is View.json:
        return print_json(found)
    out = Console(soft_wrap=True)
    table = Table(title="Articles", title_justify="left", expand=True)
    for col in ("article", "title", "published", "snippet"):
        table.add_column(col, ratio=5 if col == "snippet" else 1)
    for a in found["articles"]:
        table.add_row(a["article"], a["title"] or "", a["published"] or "", a["snippet"] or "")
    out.print(table)
    st = Table(title="Statements", title_justify="left", expand=True)
    for col in ("source", "content", "article"):
        st.add_column(col, ratio=5 if col == "content" else 1)
    for s in found["statements"]:
        st.add_row("—" if s["source"] is None else s["source"]["name"] or s["source"]["text"], s["content"]["text"],
                   s["article"])
    out.print(st)


def stats(db: DbOption = None, fmt: FormatOption = View.table) -> None:
    """Counts: articles, statements, quantities, entities, estimate groups, conflicts, errors."""
    from ..ledger import queries

    with open_ledger(db) as ledger, ledger.engine.connect() as conn:
        numbers = queries.stats(conn)
    if fmt is View.json:
        return print_json(numbers)
    table = Table(show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    for k, v in numbers.items():
        table.add_row(k.replace("_", " "), _num(v) if isinstance(v, int) else str(v or "—"))
    Console().print(table)


def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv | jsonl | parquet")],
    out: Annotated[Path, typer.Option("--out", help="jsonl: the file; csv, parquet: a folder, one file a table.")],
    db: DbOption = None,
) -> None:
    """Export the records (jsonl) or every table (csv, parquet)."""
    from ..ledger.export import EXPORTERS

    with open_ledger(db) as ledger, ledger.engine.connect() as conn:
        n = EXPORTERS[fmt.value](conn, out)
    what = "records" if fmt is ExportFormat.jsonl else "tables"
    err_console().print(f"exported {n} {what} to {out}", markup=False)


def register(app: typer.Typer) -> None:
    """Add the ledger commands to the ``corroborate`` app."""
    app.command()(ingest)
    app.command()(estimates)
    app.command()(statements)
    app.command()(entities)
    app.command()(show)
    app.command()(search)
    app.command()(stats)
    app.command()(export)
