"""The table view: what a person reads in a terminal."""
from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..record.models import Record

_BOUND_MARK = {"exact": "=", "approx": "≈", "lower": "≥", "upper": "≤", "range": "↔"}


def _fmt_number(v) -> str:
    if v is None:
        return "?"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    for size, suffix in ((10**9, "bn"), (10**6, "m")):
        if abs(v) >= size:
            return f"{v / size:,.4g}{suffix}"
    return f"{v:,}" if isinstance(v, int) else f"{v:,.4g}"


def source_label(source) -> str:
    """The canonical name, with the words of the text when they say something else (a pronoun, a role)."""
    name = source.name or source.text
    text = source.text
    # "Ms Varga" for Ines Varga, or a long phrase around the name, adds nothing to the name.
    if name.lower() in text.lower() or text.split()[-1] in name.split() or len(text.split()) > 5:
        return name
    return f"{name} ({text})"


def figure_label(q) -> str:
    if q.bound == "range" and q.low is not None and q.high is not None:
        num = f"{_fmt_number(q.low)}–{_fmt_number(q.high)}"
    else:
        num = f"{_BOUND_MARK.get(q.bound, '')} {_fmt_number(q.value)}".strip()
    unit = "" if q.unit in ("item", "person") else f" {q.unit}"
    return num + unit


def record_view(rec: Record) -> Panel:
    stmts = {s.id: s for s in rec.statements}
    parts = []
    st = Table(title="Statements", title_justify="left", expand=True, show_lines=False)
    st.add_column("source", style="bold cyan", ratio=2)
    st.add_column("cue", style="magenta", ratio=1, min_width=9, overflow="fold")
    st.add_column("content", ratio=6)
    st.add_column("when", style="green", ratio=1)
    for s in rec.statements:
        src = "—" if s.source is None else source_label(s.source)
        if s.via:
            src += f" via {s.via}"
        content = s.content.text
        if s.direct and not content.startswith(('"', "“", "'", "‘")):
            content = f"“{content}”"
        when = ""
        if s.said_on is not None:
            when = s.said_on.value or s.said_on.text
        st.add_row(src, s.cue.text, content, when)
    parts.append(st)
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
            when = claim.said_on.value
        elif rec.published:
            when = rec.published
        ft.add_row(figure_label(q), q.bound, what, q.source or "(the outlet)", when)
    parts.append(ft)
    head = Text(rec.title or rec.id or "(untitled)", style="bold")
    meta = " · ".join(x for x in (rec.outlet, rec.published, rec.id) if x)
    return Panel(Group(*parts), title=head, subtitle=meta or None, title_align="left")


def print_record(console: Console, rec: Record) -> None:
    console.print(record_view(rec))
