"""Geometry of the estimates board: each group's reports as marks on one axis.

Every group gets its own axis, shared by all its reports, so they compare at a glance. The axis
is logarithmic when the reports span more than ``LOG_RATIO`` (a count of 12 beside one of 40,000
would otherwise sit on zero), else linear from zero, so lengths stay honest.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH = 640
LABEL_W = 230  # room for "source · outlet · date" on the left
PLOT_L, PLOT_R = LABEL_W + 10, WIDTH - 20
ROW_H = 24
AXIS_H = 26
LOG_RATIO = 20

_PREFIX = {"exact": "", "approx": "about ", "lower": "at least ", "upper": "at most ", "range": ""}
_SIGN = {"exact": "", "approx": "≈", "lower": "≥", "upper": "≤", "range": ""}


def fmt(v: float | None) -> str:
    if v is None:
        return "?"
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.3g}"


@dataclass(slots=True)
class Mark:
    kind: str  # point | lower | upper | range
    x: float
    x2: float | None
    y: float
    hollow: bool
    href: str
    name: str  # the accessible name: who, what, where, when
    label: str  # the row label drawn left of the axis
    value: str  # the figure, short: ≥40, ≈25, 100–120


@dataclass(slots=True)
class Row:
    id: str
    label: str
    unit: str
    conflict: bool
    shown: int
    total: int
    height: int
    scale: str
    ticks: list[tuple[float, str]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    first: str | None = None
    last: str | None = None


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


class _Axis:
    def __init__(self, lo: float, hi: float):
        self.log = lo > 0 and hi / lo > LOG_RATIO
        if self.log:
            self.a, self.b = math.log10(lo) - 0.15, math.log10(hi) + 0.15
        else:
            self.a = min(0.0, lo)
            self.b = hi * 1.1 if hi > 0 else (1.0 if hi == 0 else 0.0)
            if self.b <= self.a:
                self.b = self.a + 1

    def x(self, v: float) -> float:
        if self.log:
            v = math.log10(max(v, 10 ** self.a))
        return PLOT_L + (v - self.a) / (self.b - self.a) * (PLOT_R - PLOT_L)

    def ticks(self) -> list[float]:
        if self.log:
            return [10.0 ** k for k in range(math.ceil(self.a), math.floor(self.b) + 1)]
        raw = (self.b - self.a) / 4
        mag = 10 ** math.floor(math.log10(raw))
        step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
        first = math.ceil(self.a / step) * step
        return [first + i * step for i in range(int((self.b - first) / step) + 1)]


def _describe(m: dict, unit: str) -> str:
    counted = m.get("counted") or ("" if unit in ("person", "item") else unit)
    if m["bound"] == "range" and m["low"] is not None and m["high"] is not None:
        amount = f"{fmt(m['low'])} to {fmt(m['high'])}"
    else:
        amount = _PREFIX.get(m["bound"], "") + fmt(_span(m)[0])
    who = m["source"] or f"{m['outlet'] or 'the outlet'} (its own report)"
    when = m["said_on"] or m["published"] or "undated"
    where = f", {m['outlet']}" if m["source"] and m["outlet"] else ""
    return f"{who}: {amount} {counted}".rstrip() + f" ({when}{where})"


def row(group: dict) -> Row | None:
    members = [m for m in group["members"] if _span(m)[0] is not None]
    if not members:
        return None
    lo = min(_span(m)[0] for m in members)
    hi = max(_span(m)[1] for m in members)
    axis = _Axis(lo, hi)
    out = Row(id=group["id"], label=group["label"], unit=group["unit"], conflict=group["conflict"],
              shown=len(members), total=group["members_total"], height=len(members) * ROW_H + AXIS_H,
              scale="log" if axis.log else "linear", first=group["dates"]["first"], last=group["dates"]["last"])
    out.ticks = [(axis.x(v), fmt(v)) for v in axis.ticks()]
    for i, m in enumerate(members):
        a, b = _span(m)
        kind = {"lower": "lower", "upper": "upper", "range": "range"}.get(m["bound"], "point")
        if kind == "range" and a == b:
            kind = "point"
        who = m["source"] or m["outlet"] or "the outlet"
        label = f"{who} · {m['said_on'] or m['published'] or 'undated'}"
        value = f"{fmt(a)}–{fmt(b)}" if kind == "range" else _SIGN.get(m["bound"], "") + fmt(a)
        out.marks.append(Mark(
            kind=kind, x=axis.x(a), x2=axis.x(b) if kind == "range" else None, y=i * ROW_H + ROW_H / 2,
            hollow=m["bound"] == "approx", href=f"/articles/{m['article']}#{m['quantity']}",
            name=_describe(m, group["unit"]), label=label if len(label) <= 30 else label[:29] + "…", value=value))
    return out
