"""Geometry of the estimates board and the group page: reports as marks on a shared value axis,
and, for timelines and revisions, on a date axis.

Positions are percentages of the plot's width (and height), so the page lays the marks out at any
width with CSS alone and every piece of text stays in the flow of the page, never drawn over
another. The value axis is logarithmic when the values span more than ``LOG_RATIO`` (a count of
12 beside one of 40,000 would otherwise sit on zero), else linear from zero, so that lengths stay
honest.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..ledger.estimates import date_range
from ..words import amount, figure, figure_exact, when

LOG_RATIO = 10
MAX_TICKS = 5
PAD = 0.06  # of the axis left empty beyond the extreme values, so that no mark sits on the edge
SERIES = 6  # sources told apart by colour and shape; the rest share the last


@dataclass(slots=True)
class Tick:
    pos: float  # percent of the width (or height)
    label: str
    edge: str = ""  # start | end: the first and last label align inwards


@dataclass(slots=True)
class Mark:
    kind: str  # point | approx | lower | upper | range
    a: float  # percent
    b: float | None = None  # the range's other end


@dataclass(slots=True)
class Report:
    """One member as a row of the chart and the table: who, where, when, the figure, its sentence."""

    id: str  # group id and quantity: g7-a3-q2, unique on the page
    who: str
    who_href: str | None
    outlet: str
    date: str  # as a person reads it
    date_iso: str | None
    figure: str  # short: ≥1,500, ≈650k
    exact: str  # in full: at least 1,500
    written: str  # as written in the article
    bound: str
    href: str  # the figure in its article, its sentence highlighted
    mark: Mark | None
    before: str = ""  # the sentence around the figure, when the group was read with excerpts
    in_text: str = ""
    after: str = ""
    cut_before: bool = False
    cut_after: bool = False
    title: str | None = None
    article: str = ""


@dataclass(slots=True)
class Section:
    """A group's reports on the shared axis; ``related`` for a near-miss measure drawn beside it."""

    id: str
    label: str
    status: str
    related: bool
    reports: list[Report] = field(default_factory=list)
    shown: int = 0
    total: int = 0


@dataclass(slots=True)
class Chart:
    scale: str  # linear | log
    ticks: list[Tick]
    sections: list[Section]


def _span(m: dict) -> tuple[float | None, float | None]:
    """The values a report's mark is drawn between."""
    b = m["bound"]
    if b == "range" and m["low"] is not None and m["high"] is not None:
        return m["low"], m["high"]
    if b == "lower":
        v = m["low"] if m["low"] is not None else m["value"]
        return v, v
    if b == "upper":
        v = m["high"] if m["high"] is not None else m["value"]
        return v, v
    return m["value"], m["value"]


class ValueAxis:
    def __init__(self, lo: float, hi: float):
        self.log = lo > 0 and hi / lo > LOG_RATIO
        if self.log:
            width = math.log10(hi) - math.log10(lo)
            self.a, self.b = math.log10(lo) - PAD * width, math.log10(hi) + PAD * width
        else:
            self.a = min(0.0, lo)
            top = max(hi, 0.0)
            self.b = top + (top - self.a) * PAD if top > self.a else self.a + 1

    def pos(self, v: float) -> float:
        if self.log:
            v = math.log10(max(v, 10 ** self.a))
        return round(max(0.0, min(100.0, (v - self.a) / (self.b - self.a) * 100)), 2)

    def values(self) -> list[float]:
        if self.log:
            decades = list(range(math.ceil(self.a), math.floor(self.b) + 1))
            step = max(1, math.ceil(len(decades) / MAX_TICKS))
            found = [10.0 ** k for k in decades[::step]]
            if len(found) < 2:  # less than a decade apart: the round numbers between
                lo, hi = 10 ** self.a, 10 ** self.b
                mag = 10 ** math.floor(math.log10(lo))
                found = [k * mag for k in (1, 2, 3, 5, 10, 20, 30, 50, 100) if lo <= k * mag <= hi]
            return found
        raw = (self.b - self.a) / (MAX_TICKS - 1)
        mag = 10 ** math.floor(math.log10(raw))
        step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
        first = math.ceil(self.a / step) * step
        return [first + i * step for i in range(int((self.b - first) / step + 1e-9) + 1)]

    def ticks(self, unit: str) -> list[Tick]:
        return _spaced([Tick(self.pos(v), amount(v, unit)) for v in self.values()])


def _spaced(ticks: list[Tick], gap: float = 14.0) -> list[Tick]:
    """Ticks far enough apart for their labels; the first and last label align inwards."""
    kept: list[Tick] = []
    for t in sorted(ticks, key=lambda t: t.pos):
        if not kept or t.pos - kept[-1].pos >= gap:
            kept.append(t)
    if kept and kept[0].pos < 8:
        kept[0].edge = "start"
    if kept and kept[-1].pos > 92:
        kept[-1].edge = "end"
    return kept


def _mark(m: dict, axis: ValueAxis) -> Mark | None:
    a, b = _span(m)
    if a is None:
        return None
    kind = {"lower": "lower", "upper": "upper", "range": "range", "approx": "approx"}.get(m["bound"], "point")
    if kind == "range" and a == b:
        kind = "point"
    return Mark(kind, axis.pos(a), axis.pos(b) if kind == "range" else None)


def _as_written(m: dict) -> str:
    counted = m.get("counted")
    return m["text"] if not counted or counted in m["text"] else f"{m['text']} {counted}"


def report(group_id: str, m: dict, unit: str, axis: ValueAxis | None) -> Report:
    who = m["source"] or f"{m['outlet'] or 'the outlet'} (its own report)"
    ex = m.get("excerpt")
    r = Report(
        id=f"{group_id}-{m['article']}-{m['quantity']}", who=who,
        who_href=f"/entities/{m['entity']}" if m.get("entity") else None, outlet=m["outlet"] or "",
        date=when(m["date"]) or "undated",
        date_iso=m.get("date"), figure=figure(m, unit), exact=figure_exact(m, unit), written=_as_written(m),
        bound=m["bound"], href=f"/articles/{m['article']}?figure={m['quantity']}#{m['quantity']}",
        mark=_mark(m, axis) if axis is not None else None, title=m.get("title"),
        article=m["article"])
    if ex:
        s, e = ex["figure"]
        r.before, r.in_text, r.after = ex["text"][:s], ex["text"][s:e], ex["text"][e:]
        r.cut_before, r.cut_after = ex["cut_before"], ex["cut_after"]
    return r


def _extent(groups: list[dict]) -> tuple[float, float] | None:
    """The least and greatest value the groups' reports are drawn at."""
    spans = [_span(m) for g in groups for m in g["members"]]
    spans = [(a, b) for a, b in spans if a is not None]
    if not spans:
        return None
    return min(a for a, _ in spans), max(b for _, b in spans)


def value_axis(groups: list[dict]) -> ValueAxis | None:
    extent = _extent(groups)
    return ValueAxis(*extent) if extent is not None else None


def _near(group: dict, other: dict) -> bool:
    """Another group whose values lie within ``LOG_RATIO`` of this one's: worth the same axis
    (70,000 killed beside 600,000 killed or wounded), where a far one would only squash it."""
    own, theirs = _extent([group]), _extent([other])
    return own is not None and theirs is not None and theirs[0] >= own[0] / LOG_RATIO \
        and theirs[1] <= own[1] * LOG_RATIO


def chart(group: dict, related: list[dict] | None = None) -> Chart:
    """The group's reports, and beside them those of its related groups in the same unit and
    within ``LOG_RATIO`` of its values, on one value axis."""
    related = [r for r in related or [] if r["unit"] == group["unit"] and _near(group, r)]
    axis = value_axis([group, *related])
    sections = []
    for g, rel in [(group, False), *((r, True) for r in related)]:
        sec = Section(g["id"], g["label"], g["status"], rel, shown=len(g["members"]), total=g["members_total"])
        sec.reports = [report(g["id"], m, g["unit"], axis) for m in g["members"]]
        sections.append(sec)
    return Chart(scale="log" if axis is not None and axis.log else "linear",
                 ticks=axis.ticks(group["unit"]) if axis is not None else [], sections=sections)


# -- the time view ---------------------------------------------------------------------------


@dataclass(slots=True)
class Point:
    x: float
    y: float
    series: int
    kind: str
    label: str  # what a hover shows: who, figure, when
    day: str = ""  # ISO date it is drawn at


@dataclass(slots=True)
class Series:
    index: int
    who: str
    points: list[Point]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.2f},{100 - p.y:.2f}" for p in self.points)


@dataclass(slots=True)
class TimeView:
    scale: str
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    series: list[Series]
    order: list[str]  # the reports' ids in date order
    undated: int = 0


def _date_ticks(first: date, last: date) -> list[Tick]:
    span = (last - first).days or 1
    if span <= 70:
        step = 7 if span > 21 else max(1, math.ceil(span / (MAX_TICKS - 1)))
        found, d = [], first
        while d <= last:
            found.append(d)
            d += timedelta(days=step)
        fmt = "%-d %b" if first.year == last.year else "%-d %b %Y"
    elif span <= 3 * 365:
        months = []
        d = date(first.year, first.month, 1)
        while d <= last:
            if d >= first:
                months.append(d)
            d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        step = max(1, math.ceil(len(months) / MAX_TICKS))
        found, fmt = months[::step], "%b %Y"
    else:
        years = [date(y, 1, 1) for y in range(first.year + 1, last.year + 1)]
        step = max(1, math.ceil(len(years) / MAX_TICKS))
        found, fmt = years[::step], "%Y"
    return [Tick(_date_pos(d, first, last), d.strftime(fmt)) for d in found]


def _date_pos(d: date, first: date, last: date) -> float:
    span = (last - first).days
    if span == 0:
        return 50.0
    return round(PAD * 100 + (d - first).days / span * (100 - 2 * PAD * 100), 2)


def timeview(group: dict, reports: list[Report]) -> TimeView | None:
    """The group's dated reports with the date across and the value up, each source's figures
    joined in date order; None when fewer than two are dated."""
    axis = value_axis([group])
    dated = []
    for m, r in zip(group["members"], reports):
        days = date_range(m.get("date"))
        a, b = _span(m)
        if days is not None and a is not None:
            dated.append((days[0], (a + b) / 2, m, r))
    if len(dated) < 2 or axis is None:
        return None
    dated.sort(key=lambda x: (x[0], x[1]))
    first, last = dated[0][0], dated[-1][0]
    who_index: dict[str, int] = {}
    series: dict[int, Series] = {}
    for d, v, m, r in dated:
        i = who_index.setdefault(r.who, min(len(who_index), SERIES - 1))
        s = series.setdefault(i, Series(i, r.who if i < SERIES - 1 else "others", []))
        if i == SERIES - 1 and s.who != r.who:
            s.who = "others"
        s.points.append(Point(_date_pos(d, first, last), axis.pos(v), i, r.mark.kind if r.mark else "point",
                              f"{r.who}: {r.figure}, {r.date}", d.isoformat()))
    y_ticks = _spaced(axis.ticks(group["unit"]), gap=12)
    return TimeView(scale="log" if axis.log else "linear", x_ticks=_spaced(_date_ticks(first, last), gap=18),
                    y_ticks=y_ticks, series=[series[k] for k in sorted(series)], order=[r.id for *_, r in dated],
                    undated=len(group["members"]) - len(dated))
