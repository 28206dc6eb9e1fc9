"""Estimate groups: which figures measure the same thing, and where their sources disagree.

Pure functions over plain values (no database, no spaCy), so that each rule of design.md
"Estimate groups" can be tested on its own. The store (``store.py``) feeds them what it reads
from the indexed tables.

**Grouping** is scored clustering inside one story (``stories.py``), on the measure the
extraction read from the parse (``record.Quantity.measure``), never on strings:

- a figure may join a group of its story whose unit is compatible (a bare count and a count of
  people are);
- it may not where a field both know disagrees (a *veto*): kind (troops / jobs), holder (Ford's
  / GM's), identity modifiers (Russian / North Korean), predicate class (killed / wounded),
  named place (France / Germany) or period (2008 / 2009). Those are related measures, shown
  side by side, never merged;
- it joins only with positive evidence: the same kind and predicate, or the same stated value
  with the same kind, predicate, holder or verb, or (for a value too specific to recur by
  chance: money, physical units, counts of a hundred or more) the same value alone.

**Intervals** come from bounds: exact ``[v, v]``; approx ``[v(1-t), v(1+t)]``, ``t`` wider for
rounder numbers; lower ``[v, ∞)`` (vague plurals: ``[v, 10v]``); upper ``[0, v]`` (nearly:
``[0.8v, v]``); range ``[low, high]``.

**Conflict** needs two figures of one group claimed by two different sources, both named
sources or both articles in their own voice (a figure no source is named for is its article's
own claim), for the same scope (named place and period), on the same days or both undated,
whose intervals are disjoint. Figures of one source in one
article never conflict (a breakdown, or a revision within the article). The same source giving
different figures on different days is a **revision**; a cumulative measure rising over time
is a **timeline**.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from .. import words
from ..lexicons import load
from ..words import COUNTS, is_money

INF = math.inf
SPECIFIC_COUNT = 100  # a count this large rarely recurs by chance: equal values are evidence


@lru_cache(maxsize=1)
def lexicon() -> dict:
    p = load("predicates.json")
    compatible: dict[str, set[str]] = {}
    for a, b in p["compatible"]:
        compatible.setdefault(a, set()).add(b)
        compatible.setdefault(b, set()).add(a)
    return {
        "cumulative": frozenset(p["cumulative"]),
        "compatible": {k: frozenset(v) for k, v in compatible.items()},
        "near_upper": tuple(p["near_upper"]),
        "vague": frozenset(p["vague_plurals"]),
        "label_words": p["label_words"],
        "said_by_kind": {kind: frozenset(classes) for kind, classes in p["said_by_kind"].items()},
        "identity": frozenset(p["identity_modifiers"]),
    }


# -- what grouping compares ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Facets:
    """What grouping compares of a figure (or, for a group, what its members agree on)."""

    unit: str
    kind: str | None = None
    modifiers: frozenset[str] = frozenset()
    holder: str | None = None  # the canonical entity (E7), or None
    predicate: str | None = None
    place: str | None = None  # a named place's canonical entity, or None
    period: str | None = None  # TIMEX3 value of the period it refers to
    part: bool = False  # given as part of another figure: a part and its total are not one measure

    def merged(self, other: Facets) -> Facets:
        """A group's facets once ``other`` joined it: what either knew of what is measured, and
        the place and period only where all its members share them (else they are scopes)."""
        return Facets(
            unit=self.unit if self.unit not in COUNTS or other.unit not in COUNTS else
            ("person" if "person" in (self.unit, other.unit) else "item"),
            kind=self.kind or other.kind,
            modifiers=self.modifiers or other.modifiers,
            holder=self.holder or other.holder,
            predicate=self.predicate or other.predicate,
            place=self.place if self.place == other.place else None,
            period=self.period if self.period == other.period else None,
            part=self.part,
        )


def unit_family(unit: str) -> str:
    """Units whose figures may be compared: a count of people and a bare count are."""
    return "count" if unit in COUNTS else unit


def predicates_agree(a: str | None, b: str | None) -> bool:
    return a == b or (a is not None and b is not None and b in lexicon()["compatible"].get(a, ()))


def vetoed(group: Facets, fig: Facets) -> str | None:
    """Why ``fig`` may not join ``group`` (a field both know disagrees), or None."""
    if unit_family(group.unit) != unit_family(fig.unit):
        return "unit"
    if group.kind and fig.kind and group.kind != fig.kind:
        return "kind"
    if group.modifiers and fig.modifiers and not group.modifiers & fig.modifiers:
        return "modifiers"
    if group.part != fig.part:
        return "part"
    for name in ("holder", "place", "period"):
        mine, theirs = getattr(group, name), getattr(fig, name)
        if mine and theirs and mine != theirs:
            return name
    if group.predicate and fig.predicate and not predicates_agree(group.predicate, fig.predicate):
        return "predicate"
    return None


def specific(unit: str, value: float | None) -> bool:
    """A value too specific to recur by chance in one story: money, physical units, large counts."""
    if value is None:
        return False
    return unit not in COUNTS and unit not in ("percent", "fraction") or abs(value) >= SPECIFIC_COUNT


@dataclass(slots=True)
class Candidate:
    """A group a figure could join: its facets and what its members have in common with it."""

    id: int
    facets: Facets
    same_value: bool = False
    same_verb: bool = False  # a member stating the same value hangs from the same verb
    members: int = 0


def best_group(fig: Facets, value: float | None, candidates: Iterable[Candidate]) -> Candidate | None:
    """The group ``fig`` (stating ``value``) joins: no veto, the most evidence, then the larger
    and older group; None when none has evidence."""
    best, key = None, None
    for c in candidates:
        why = vetoed(c.facets, fig)
        # What a sum of money is the amount of is named loosely: "a $334 million deal", "a $334
        # million bet" and "the acquisition" are one sum when the sum is the same.
        if why and not (why == "kind" and is_money(fig.unit) and c.same_value):
            continue
        score = _score(c, fig, value)
        if score <= 0:
            continue
        rank = (score, c.members, -c.id)
        if key is None or rank > key:
            best, key = c, rank
    return best


def _score(c: Candidate, fig: Facets, value: float | None) -> int:
    """How strongly ``fig`` belongs with the candidate group (0: not at all)."""
    group = c.facets
    kind = fig.kind is not None and fig.kind == group.kind
    predicate = fig.predicate is not None and group.predicate is not None and \
        predicates_agree(fig.predicate, group.predicate)
    holder = fig.holder is not None and fig.holder == group.holder
    score = 0
    if kind and predicate:
        score += 5  # what is counted and what is said of it: before any equal value
    if c.same_value and kind:
        score += 2
    if c.same_value and (predicate or holder or c.same_verb):
        score += 2
    if c.same_value and specific(fig.unit, value):
        score += 2
    return score


def base_key(story: int | None, f: Facets) -> str:
    """Story, unit, kind, modifiers and holder: groups sharing it are related (near misses:
    killed / killed or wounded, one place / another), never merged."""
    return "|".join((str(story or ""), unit_family(f.unit), f.kind or "", "+".join(sorted(f.modifiers)),
                     f.holder or ""))


# -- intervals and dates ---------------------------------------------------------------------


def _significant_digits(v: float) -> int:
    digits = f"{abs(v):.12g}".split("e")[0].replace(".", "").lstrip("0")
    return max(1, len(digits.rstrip("0")))


def approx_tolerance(v: float) -> float:
    """Relative tolerance of 'about v': 10,000 is rounder, so looser, than 10,350."""
    # One significant digit ('about 40'): 32-48, so about 40 and about 70 disagree.
    return {1: 0.2, 2: 0.1, 3: 0.05}.get(_significant_digits(v), 0.02)


def interval(bound: str, value, low=None, high=None, text: str = "") -> tuple[float, float] | None:
    """The values a figure admits, from its bound (design.md). None when it states no number."""
    lex = lexicon()
    lowered = (text or "").lower()
    if bound == "range" and low is not None and high is not None:
        return (float(low), float(high))
    if value is None:
        return None
    v = float(value)
    if bound == "approx":
        t = approx_tolerance(v)
        return (v * (1 - t), v * (1 + t))
    if bound == "lower":
        if any(w in lex["vague"] for w in lowered.split()):
            return (v, v * 10)
        return (v, INF)
    if bound == "upper":
        if any(w in lowered for w in lex["near_upper"]):
            return (v * 0.8, v)
        return (0.0, v)
    return (v, v)


_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def date_range(value: str | None) -> tuple[date, date] | None:
    """First and last day a TIMEX3 date value covers; None when it is not a calendar date."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return (d, d)
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            first = date(y, mo, 1)
            nxt = date(y + (mo == 12), mo % 12 + 1, 1)
            return (first, nxt - timedelta(days=1))
        if m := _WEEK.match(value):
            first = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return (first, first + timedelta(days=6))
        if m := _YEAR.match(value):
            return (date(int(m[1]), 1, 1), date(int(m[1]), 12, 31))
    except ValueError:
        return None
    return None


@dataclass(frozen=True, slots=True)
class Point:
    """One member as the conflict rule sees it: its interval, the days its date covers, who
    claims it, and the scope it is claimed for."""

    low: float
    high: float
    start: date | None = None
    end: date | None = None
    article: int | None = None
    voice: str | None = None  # who claims it: a source, or the article itself (ARTICLE_VOICE)
    scope: str = ""  # the place as written and the period: figures of other scopes are not compared


def point(bound: str, value, low=None, high=None, text: str = "", said_on: str | None = None,
          published: date | None = None, *, article: int | None = None, voice: str | None = None,
          scope: str = "") -> Point | None:
    """A member's interval and date: the statement's date when resolved, else the article's."""
    iv = interval(bound, value, low, high, text)
    if iv is None:
        return None
    days = date_range(said_on) or ((published, published) if published else None)
    return Point(iv[0], iv[1], *(days or (None, None)), article=article, voice=voice, scope=scope)


def comparable(a: Point, b: Point) -> bool:
    """Two claims that could contradict each other: different sources, one scope, one time."""
    if not _other_sources(a, b):
        return False
    if a.start is None or b.start is None:
        return a.start is None and b.start is None
    return a.start <= b.end and b.start <= a.end


ARTICLE_VOICE = "article "  # the voice of a figure no source is named for: "article 7"


def own_claim(voice: str | None) -> bool:
    """A figure its article states with no source named: the article's own claim."""
    return voice is not None and voice.startswith(ARTICLE_VOICE)


def _other_sources(a: Point, b: Point) -> bool:
    """Two different sources of the same kind: named sources, or two articles in their own voice.
    An article's own figure is not weighed against a source it quotes: it is often the same
    source summed up, or another part of the measure."""
    return a.voice is not None and b.voice is not None and a.voice != b.voice and a.scope == b.scope \
        and own_claim(a.voice) == own_claim(b.voice)


def disjoint(a: Point, b: Point) -> bool:
    return a.high < b.low or b.high < a.low


def falls(earlier: Point, later: Point) -> bool:
    """A later figure wholly below an earlier one: what a measure that only grows cannot do."""
    return earlier.end is not None and later.start is not None and earlier.end < later.start \
        and later.high < earlier.low


def conflicting(a: Point, b: Point, cumulative: bool = False) -> bool:
    """Two sources disagree: disjoint figures for one scope on the same days; or, for a count
    that only grows (deaths, arrivals: ``cumulative``), a later figure below an earlier one."""
    if comparable(a, b) and disjoint(a, b):
        return True
    return cumulative and _other_sources(a, b) and (falls(a, b) or falls(b, a))


def any_conflict(points: Sequence[Point], cumulative: bool = False) -> bool:
    return any(conflicting(p, q, cumulative) for i, p in enumerate(points) for q in points[i + 1:])


# -- what a group says -----------------------------------------------------------------------


@dataclass(slots=True)
class Reading:
    """A group as a reader is told it: ``status`` and the reasons, in words one can check."""

    status: str  # conflict | revision | timeline | agreement | single
    reasons: list[str] = field(default_factory=list)


def figure_words(m: dict, unit: str | None = None) -> str:
    """A member as a reader checks it: who, the figure with its bound and unit, when."""
    who = m.get("source") or m.get("outlet") or "unattributed"
    when = m.get("date")
    return f"{who} {words.figure(m, unit)}" + (f" ({when})" if when else "")


def read_group(members: Sequence[dict], cumulative: bool, unit: str | None = None) -> Reading:
    """What a group's members, each with its ``point`` and display fields, say together (their
    figures in ``unit``)."""

    if len(members) < 2:
        return Reading("single")
    reasons: list[str] = []
    status = "agreement"
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if conflicting(a["point"], b["point"], cumulative):
                status = "conflict"
                why = "disjoint for the same scope and time" if comparable(a["point"], b["point"]) else \
                    "a later figure below an earlier one, for a measure that only grows"
                reasons.append(f"{figure_words(a, unit)} vs {figure_words(b, unit)}: {why}")
    if status == "conflict":
        return Reading(status, reasons[:5])
    by_voice: dict[str, list[dict]] = {}
    for m in members:
        if m["point"].voice is not None and m["point"].start is not None:
            by_voice.setdefault(m["point"].voice, []).append(m)
    for ms in by_voice.values():
        ms = sorted(ms, key=lambda m: m["point"].start)
        for a, b in zip(ms, ms[1:]):
            # A measure that only grows is revised when it falls; rising, it is a timeline.
            changed = falls(a["point"], b["point"]) if cumulative else \
                a["point"].end < b["point"].start and disjoint(a["point"], b["point"])
            if changed:
                status = "revision"
                reasons.append(f"{figure_words(a, unit)} revised to {figure_words(b, unit)}")
    if cumulative and status != "revision":
        by_scope: dict[str, list[dict]] = {}
        for m in members:
            if m["point"].start is not None:
                by_scope.setdefault(m["point"].scope, []).append(m)
        for ms in sorted(by_scope.values(), key=len, reverse=True):
            dated = sorted(ms, key=lambda m: (m["point"].start, m["point"].low))
            steps = [(a, b) for a, b in zip(dated, dated[1:]) if a["point"].end < b["point"].start]
            rises = any(b["point"].low > a["point"].high or (b["value"] or 0) > (a["value"] or 0) for a, b in steps)
            if rises and all(a["point"].low <= b["point"].high for a, b in zip(dated, dated[1:])):
                status = "timeline"
                reasons.append(f"rises from {figure_words(dated[0], unit)} to {figure_words(dated[-1], unit)}")
                break
    if status == "agreement":
        compared = [(a, b) for i, a in enumerate(members) for b in members[i + 1:] if comparable(a["point"], b["point"])]
        for a, b in compared[:3]:
            why = "lower bound" if "lower" in (a["bound"], b["bound"]) else \
                "upper bound" if "upper" in (a["bound"], b["bound"]) else "overlapping"
            reasons.append(f"{figure_words(a, unit)} vs {figure_words(b, unit)}: compatible ({why})")
    scopes = {m["point"].scope: m.get("scope_words") or "" for m in members}
    if len(scopes) > 1:
        reasons.append("different scopes, not compared: "
                       + "; ".join(sorted({w or "none given" for w in scopes.values()})))
    return Reading(status, reasons[:5])


def group_label(f: Facets, noun: str | None, holder: str | None = None, place: str | None = None) -> str:
    """A group's name from its facets: "North Korean troops deployed in Russia", "Ford's jobs laid off"."""
    parts = []
    if holder and not f.modifiers:  # "North Korean troops", not "North Korea's North Korean troops"
        parts.append(words.possessive(holder))
    parts.extend(m if m in lexicon()["identity"] else m.title() for m in sorted(f.modifiers))
    parts.append(f.kind or noun or ("money" if is_money(f.unit) else f.unit if f.unit not in COUNTS else "figures"))
    if f.predicate and f.predicate not in lexicon()["said_by_kind"].get(f.kind, ()):
        parts.append(lexicon()["label_words"].get(f.predicate, f.predicate.replace("_", " ")))
    if place:
        parts.append(f"in {place}")
    if f.period:
        parts.append(f"({f.period})")
    return " ".join(parts)

