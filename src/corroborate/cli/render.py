"""The table view: what a person reads in a terminal."""
from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..record.models import Record
from .. import words


def source_label(source) -> str:
    """The canonical name, with the words of the text when they say something else (a pronoun, a role)."""
    name = source.name or source.text
    text = source.text
    # "Ms Varga" for Ines Varga, or a long phrase around the name, adds nothing to the name.
    if name.lower() in text.lower() or text.split()[-1] in name.split() or len(text.split()) > 5:
        return name
    return f"{name} ({text})"


STATUS_STYLE = {"conflict": "bold red", "timeline": "green", "revision": "magenta"}
STATUS_FLAG = {"conflict": "CONFLICT", "timeline": "timeline", "revision": "revised"}  # in a group's title


def figure_label(q) -> str:
    """≥1,500, ≈$14.6bn, 100–120, 40 km."""
    return words.figure(words.fields(q), q.unit)


def keep_words_whole(table: Table, cap: int = 16) -> Table:
    """Each column that shares the width by ratio, but the one of the largest ratio (the long
    text, which gives way), at least as wide as its longest word (at most ``cap``): on a narrow
    terminal a name or a header is broken between its words, never inside one ("Organis|ers",
    "Natio…"). Rich takes a ratio column's ``width`` as its least width (its ``min_width`` it
    ignores there)."""
    gives_way = max(table.columns, key=lambda c: c.ratio or 0)
    for column in table.columns:
        if column.ratio and column.width is None and column is not gives_way:
            cells = (c if isinstance(c, str) else c.plain for c in (column.header, *column.cells)
                     if isinstance(c, (str, Text)))
            column.width = min(cap, max((len(w) for c in cells for w in c.split()), default=1))
    return table


def _source_cell(s) -> str:
    src = "—" if s.source is None else source_label(s.source)
    return f"{src} via {s.via}" if s.via else src


def _said_on(s) -> str:
    if s.said_on is None:
        return ""
    return words.when(s.said_on.value) if s.said_on.value else s.said_on.text


def record_view(rec: Record) -> Panel:
    stmts = {s.id: s for s in rec.statements}
    parts = []
    st = Table(title="Statements", title_justify="left", expand=True, show_lines=False)
    st.add_column("source", style="bold cyan", ratio=2)
    st.add_column("cue", style="magenta", ratio=1, overflow="fold")
    st.add_column("content", ratio=6)
    st.add_column("when", style="green", ratio=1)
    for s in rec.statements:
        content = s.content.text
        if s.direct and not content.startswith(('"', "“", "'", "‘")):
            content = f"“{content}”"
        st.add_row(Text(_source_cell(s)), Text(s.cue.text), Text(content), Text(_said_on(s)))
    parts.append(keep_words_whole(st))
    ft = Table(title="Figures", title_justify="left", expand=True)
    ft.add_column("figure", style="bold yellow", no_wrap=True)
    ft.add_column("bound")
    ft.add_column("what", ratio=4)
    ft.add_column("who claims it", style="cyan", ratio=2)
    ft.add_column("when", style="green")
    for q in rec.quantities:
        what = q.counted.text if q.counted else ""
        if q.predicate:
            what = f"{what} — {q.predicate}" if what else q.predicate
        claim = stmts.get(q.statement) if q.statement else None
        when = ""
        if claim is not None and claim.said_on is not None and claim.said_on.value:
            when = words.when(claim.said_on.value)
        elif rec.published:
            when = words.day(rec.published)
        ft.add_row(Text(figure_label(q)), words.BOUND_WORDS.get(q.bound, q.bound), Text(what),
                   Text(q.source or "(the outlet)"), when)
    parts.append(keep_words_whole(ft))
    head = Text(rec.title or rec.id or "(untitled)", style="bold")
    meta = " · ".join(x for x in (rec.outlet, words.day(rec.published), rec.id) if x)
    return Panel(Group(*parts), title=head, subtitle=meta or None, title_align="left")


def print_record(console: Console, rec: Record) -> None:
    console.print(record_view(rec))


def print_groups(console: Console, groups: list[dict]) -> None:
    """The estimate groups an article's figures belong to: what each measures, what its reports
    say together, and where to read more (``corroborate estimates``, the group page)."""
    if not groups:
        console.print("no estimate groups")
        return
    table = Table(title="Estimate groups of its figures", title_justify="left", expand=True)
    table.add_column("group", style="bold", no_wrap=True)
    table.add_column("measure", ratio=4)
    table.add_column("status", no_wrap=True)
    table.add_column("reports", justify="right")
    table.add_column("sources", justify="right")
    table.add_column("its figures here", ratio=2)
    table.add_column("spread", ratio=2)
    for g in groups:
        table.add_row(g["id"], Text(g["label"]), Text(g["status"], style=STATUS_STYLE.get(g["status"], "")),
                      f"{g['members_total']:,}", f"{g['sources']:,}", ", ".join(g["quantities"]),
                      words.spread(g["spread"]["min"], g["spread"]["max"], g["unit"]))
    console.print(keep_words_whole(table))
