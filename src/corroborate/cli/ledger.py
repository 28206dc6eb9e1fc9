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
from rich.text import Text

from ..errors import Errors

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
    usage,
)
from .render import STATUS_FLAG, STATUS_STYLE, keep_words_whole


class ExportFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"
    datasette = "datasette"


def _num(v) -> str:
    if v is None:
        return "?"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) else f"{v:,.3g}"


def _cell(text) -> Text:
    """Data as it is: no rich markup read into it (a snippet's [match], a figure's [1])."""
    return Text("" if text is None else str(text))


def _excerpt(m: dict) -> Text:
    """The sentence the figure came from, the figure in bold, as written."""
    ex = m.get("excerpt")
    if not ex:
        return Text(m["text"])
    s, e = ex["figure"]
    out = Text("…" if ex["cut_before"] else "")
    out.append(ex["text"][:s])
    out.append(ex["text"][s:e], style="bold yellow")
    out.append(ex["text"][e:] + ("…" if ex["cut_after"] else ""))
    return out


def _snippet(hit: dict) -> Text:
    """A search snippet with its matched words in bold."""
    out = Text(hit["snippet_text"])
    for start, end in hit["matches"]:
        out.stylize("bold yellow", start, end)
    return out


def reading_ledger(db: str | None):
    """The ledger a read command asks about; a SQLite file that does not exist is a usage error
    (opening it would create an empty ledger and answer nothing)."""
    from ..ledger.db import database_url

    url = database_url(db)
    if url.startswith("sqlite:///"):
        path = Path(url.split("///", 1)[1])
        if str(path) != ":memory:" and not path.exists():
            raise usage(Errors.E047.format(path=path))
    return open_ledger(db)


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
    about: Annotated[Optional[str], typer.Option(
        help="Only groups whose label, place, counted words, sources or entities (GM, Ford, Rutte) match.")] = None,
    conflicts_only: Annotated[bool, typer.Option("--conflicts-only", help="Only groups whose sources disagree.")] = False,
    story: Annotated[Optional[str], typer.Option(help="Only groups of this story (S3).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many groups (0: all).", min=0)] = 50,
    members: Annotated[int, typer.Option(help="At most this many members a group, the latest (0: all).",
                                         min=0)] = 20,
    db: DbOption = None,
    fmt: FormatOption = View.table,
) -> None:
    """Figures that measure the same thing, side by side: conflicts first."""
    from ..ledger import queries
    from .. import words

    sid = None
    if story:
        sid = queries.story_id(story)
        if sid is None:
            raise usage(Errors.E049.format(option="--story", value=story))
    with reading_ledger(db) as ledger, ledger.engine.connect() as conn:
        groups = queries.estimates(conn, about=about, conflicts_only=conflicts_only, limit=limit or None,
                                   members=members or None, story=sid, excerpts=fmt is View.table)
    if fmt is View.json:
        return print_json(groups)
    out = Console(soft_wrap=True)
    if not groups:
        out.print("no estimate groups" + (" match" if about or conflicts_only or story else " yet"))
        return
    for g in groups:
        flag = Text(STATUS_FLAG.get(g["status"], ""), style=STATUS_STYLE.get(g["status"], ""))
        title = Text.assemble((g["id"], "bold"), "  ", g["label"], f"  ({g['unit']})  ",
                              flag, f"  {g['sources']} source{'s' if g['sources'] != 1 else ''}")
        if g["story"]:
            title.append(f"  · {g['story']} {g['story_label']}", style="dim")
        table = Table(title=title, title_justify="left", expand=True)
        table.add_column("figure", style="bold", no_wrap=True)
        table.add_column("source", style="cyan", ratio=2, overflow="fold")
        table.add_column("outlet", ratio=2, overflow="fold")
        table.add_column("date", style="green", no_wrap=True)
        table.add_column("article", no_wrap=True)
        table.add_column("as written, in its sentence", ratio=6)
        for m in g["members"]:
            table.add_row(_cell(words.figure(m, g["unit"])), _cell(m["source"] or "— (the outlet)"),
                          _cell(m["outlet"] or "—"), _cell(words.when(m["date"]) or "undated"), _cell(f"{m['article']}#{m['quantity']}"),
                          _excerpt(m))
        notes = [words.dates_in(r) for r in g["reasons"]]
        if g["members_total"] > len(g["members"]):
            notes.append(f"the latest {len(g['members'])} of {g['members_total']} reports")
        if g["related"]:
            notes.append("related: " + ", ".join(g["related"]))
        table.caption = Text("\n".join(notes)) if notes else None
        table.caption_justify = "left"
        out.print(keep_words_whole(table))


def stories(
    about: Annotated[Optional[str], typer.Option(help="Only stories whose label contains this text.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many stories, the latest first (0: all).", min=0)] = 50,
    db: DbOption = None,
    fmt: FormatOption = View.table,
) -> None:
    """Stories: the articles that report one real-world event, the latest first."""
    from ..ledger import queries
    from .. import words

    with reading_ledger(db) as ledger, ledger.engine.connect() as conn:
        rows = queries.stories(conn, about=about, limit=limit or None)
    if fmt is View.json:
        return print_json(rows)
    if not rows:
        Console().print("no stories" + (" match" if about else " yet"))
        return
    table = Table(expand=True)
    table.add_column("id", no_wrap=True, style="bold")
    table.add_column("story", ratio=5)
    table.add_column("dates", ratio=2)
    table.add_column("reported in", ratio=2)
    table.add_column("measures", ratio=2)
    for r in rows:
        size = ", ".join(words.count(r[k], w) for k, w in (("articles", "article"), ("outlets", "outlet"),
                                                            ("sources", "source")) if r[k])
        measures = Text(f"{words.count(r['groups'], 'group')}, {r['groups_with_several']:,} with several reports")
        if r["conflicts"]:
            measures.append(f", {words.count(r['conflicts'], 'conflict')}", style="bold red")
        table.add_row(r["id"], _cell(r["label"]), _cell(words.day_range(r["first"], r["last"]) or "undated"),
                      _cell(size), measures)
    Console(soft_wrap=True).print(keep_words_whole(table))


def statements(
    by: Annotated[Optional[str], typer.Option(help="Only statements whose source is this entity or name.")] = None,
    about: Annotated[Optional[str], typer.Option(help="Only statements whose content has these words.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many (0: all).", min=0)] = 100,
    db: DbOption = None,
    fmt: FormatOption = View.table,
) -> None:
    """Who said what: statements, newest first."""
    from ..ledger import queries
    from .. import words

    with reading_ledger(db) as ledger, ledger.engine.connect() as conn:
        rows = queries.statements(conn, by=by, about=about, limit=limit or None)
    if fmt is View.json:
        return print_json(rows)
    table = Table(expand=True)
    for col, style in (("source", "bold cyan"), ("cue", "magenta"), ("content", ""), ("when", "green"), ("article", "")):
        table.add_column(col, style=style or None, ratio=6 if col == "content" else 1)
    for s in rows:
        src = "—" if s["source"] is None else s["source"]["name"] or s["source"]["text"]
        value = (s["said_on"] or {}).get("value")
        when = words.when(value) if value else words.day(s["published"]) or "undated"
        table.add_row(_cell(src), _cell(s["cue"]["text"]), _cell(s["content"]["text"]), _cell(when), s["article"])
    Console(soft_wrap=True).print(keep_words_whole(table))


def entities(
    type_: Annotated[Optional[str], typer.Option("--type", help="Only this type (PERSON, ORG, GPE, NORP, ...).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many (0: all).", min=0)] = 100,
    db: DbOption = None,
    fmt: FormatOption = View.table,
) -> None:
    """Canonical entities across the corpus, most mentioned first, with their aliases."""
    from ..ledger import queries

    with reading_ledger(db) as ledger, ledger.engine.connect() as conn:
        rows = queries.entities(conn, type=type_, limit=limit or None)
    if fmt is View.json:
        return print_json(rows)
    table = Table(expand=True)
    for col in ("id", "name", "type", "articles", "mentions", "aliases"):
        table.add_column(col, ratio=4 if col == "aliases" else 1)
    for e in rows:
        table.add_row(e["id"], _cell(e["name"]), e["type"], _num(e["articles"]), _num(e["mentions"]),
                      _cell(", ".join(e["aliases"])))
    Console(soft_wrap=True).print(keep_words_whole(table))


def show(
    article: Annotated[str, typer.Argument(help="a7, 7, the input id, or a prefix of the content hash.")],
    db: DbOption = None,
    fmt: FormatOption = View.table,
) -> None:
    """One stored article: its record, with canonical entities and estimate groups."""
    from ..ledger import queries

    with reading_ledger(db) as ledger, ledger.engine.connect() as conn:
        found = queries.stored_article(conn, article)
        groups = queries.article_groups(conn, found) if found is not None and fmt is View.table else []
    if found is None:
        err_console().print(f"error: {Errors.E058.format(article=article)}", markup=False)
        raise typer.Exit(EXIT_SOME_FAILED)
    if fmt is View.json:
        return print_json(found.as_json())
    from .render import print_groups, print_record

    out = Console(soft_wrap=True)
    out.print(Text.assemble((found.article, "bold"), f"  {found.origin or ''}  {found.hash[:12]}"))
    print_record(out, found.record)
    print_groups(out, groups)


def search(
    text: Annotated[str, typer.Argument(help="Words to find in article text and statement content.")],
    limit: Annotated[int, typer.Option(help="At most this many of each.", min=1)] = 20,
    db: DbOption = None,
    fmt: FormatOption = View.table,
) -> None:
    """Full-text search over articles and statements."""
    from ..ledger import queries
    from .. import words

    with reading_ledger(db) as ledger, ledger.engine.connect() as conn:
        found = queries.search(conn, text, limit=limit)
    if fmt is View.json:
        return print_json(found)
    out = Console(soft_wrap=True)
    table = Table(title="Articles", title_justify="left", expand=True)
    for col in ("article", "title", "published", "snippet"):
        table.add_column(col, ratio=5 if col == "snippet" else 1)
    for a in found["articles"]:
        table.add_row(a["article"], _cell(a["title"]), _cell(words.day(a["published"])), _snippet(a))
    out.print(keep_words_whole(table))
    st = Table(title="Statements", title_justify="left", expand=True)
    for col in ("source", "content", "article"):
        st.add_column(col, ratio=5 if col == "content" else 1)
    for s in found["statements"]:
        st.add_row(_cell("—" if s["source"] is None else s["source"]["name"] or s["source"]["text"]),
                   _cell(s["content"]["text"]), s["article"])
    out.print(keep_words_whole(st))


def stats(db: DbOption = None, fmt: FormatOption = View.table) -> None:
    """Counts: articles, statements, quantities, entities, estimate groups, conflicts, errors."""
    from ..ledger import queries

    with reading_ledger(db) as ledger, ledger.engine.connect() as conn:
        numbers = queries.stats(conn)
    if fmt is View.json:
        return print_json(numbers)
    table = Table(show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    from .. import words

    for k, v in numbers.items():
        table.add_row(k.replace("_", " "), _num(v) if isinstance(v, int) else words.day(v) or "—")
    Console().print(table)


def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv | jsonl | parquet | datasette (metadata.json)")],
    out: Annotated[Path, typer.Option("--out", help="jsonl: the file. csv, parquet: a file ending .csv or .parquet "
                                                   "holds one table (--table, default estimates); else a folder, "
                                                   "one file a table.")],
    table: Annotated[Optional[str], typer.Option(
        "--table", help="The table a one-file csv or parquet export holds (estimates: one row a report of a group; "
                        "or articles, stories, entities, statements, figures, ...).")] = None,
    db: DbOption = None,
) -> None:
    """Export the records (jsonl), the tables (csv, parquet) to a folder or one of them to a file, or
    Datasette's metadata.json for this ledger (datasette): descriptions and full-text search."""
    from ..ledger.export import EXPORTERS, TABLE_NAMES

    if table is not None and table not in TABLE_NAMES:
        raise usage(Errors.E048.format(table=table, tables=", ".join(TABLE_NAMES)))
    with reading_ledger(db) as ledger, ledger.engine.connect() as conn:
        n = EXPORTERS[fmt.value](conn, out, table)
    what = {ExportFormat.jsonl: "records", ExportFormat.datasette: "tables described"}.get(
        fmt, "table" if n == 1 else "tables")
    err_console().print(f"exported {n} {what} to {out}", markup=False)


def register(app: typer.Typer) -> None:
    """Add the ledger commands to the ``corroborate`` app."""
    app.command()(ingest)
    app.command()(estimates)
    app.command()(stories)
    app.command()(statements)
    app.command()(entities)
    app.command()(show)
    app.command()(search)
    app.command()(stats)
    app.command()(export)
