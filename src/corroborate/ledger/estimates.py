"""Estimate groups: which figures measure the same thing, and when they disagree.

Pure functions over plain values (no database, no spaCy), so the rules of design.md
"Estimate groups" can be tested one by one:

- the *measure* of a figure is its unit, the counted head's lemma with the modifiers that
  change what is counted (nationality, organisation, side), a predicate class from
  ``lexicons/predicates.json``, and the place its predicate names;
- each figure becomes an *interval* from its bound, approximate ones wider for rounder numbers;
- two members *conflict* when their intervals are disjoint, unless the measure only grows
  (deaths, arrivals) and the higher figure is the later one: that is a timeline.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ..lexicons import load

INF = math.inf


@lru_cache(maxsize=1)
def lexicon() -> dict:
    data = load("predicates.json")
    words: dict[str, str] = {}
    # The first class listed wins a word, and a figure whose words signal several classes takes
    # the one listed first: "lost their lives" is killed, not lost money.
    order = list(data["classes"])
    for cls in order:
        for w in data["classes"][cls]:
            words.setdefault(w, cls)
    return {
        "word_class": words,
        "order": {c: i for i, c in enumerate(order)},
        "cumulative": frozenset(data["cumulative"]),
        "combine": [(frozenset(row[:-1]), row[-1]) for row in data["combine"]],
        "identity": frozenset(data["identity_modifiers"]),
        "irregular": data["irregular_plurals"],
        "near_upper": tuple(data["near_upper"]),
        "vague": frozenset(data["vague_plurals"]),
        "place_preps": frozenset(data["place_prepositions"]),
        "place_skip": frozenset(data["place_skip"]),
        "not_places": frozenset(data["not_places"]),
        "cut": frozenset(data["cut_words"]),
        "aux": frozenset(data["auxiliaries"]),
    }


_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019-]*[\w'\u2019])?")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_DETERMINERS = frozenset({"the", "a", "an", "some", "about", "more", "than", "least", "at", "over", "other",
                          "additional", "new", "further", "extra", "another", "all", "its", "their", "his", "her"})


def singular(word: str) -> str:
    """Lemma of a plural noun by rule: enough for counted heads (troops, casualties, people)."""
    w = word.lower()
    irregular = lexicon()["irregular"]
    if w in irregular:
        return irregular[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _words(text: str) -> list[str]:
    return _WORD.findall(text or "")


@dataclass(frozen=True, slots=True)
class Measure:
    """What a figure counts: figures with the same ``key`` are one estimate group."""

    unit: str
    head: str
    modifiers: tuple[str, ...]
    predicate_class: str | None
    place: str | None
    phrase: str  # the counted phrase as written, for the label
    place_name: str | None  # the place as written
    verb: str | None = None  # the predicate's first word, when it signals no class

    @property
    def base_key(self) -> str:
        """Unit, head and modifiers: groups sharing it are related (near misses), never merged."""
        return "|".join((self.unit, self.head, "+".join(self.modifiers)))

    @property
    def key(self) -> str:
        return "|".join((self.base_key, self.predicate_class or "", self.place or ""))

    @property
    def cumulative(self) -> bool:
        return self.predicate_class in lexicon()["cumulative"]

    @property
    def label(self) -> str:
        parts = [self.phrase]
        if self.predicate_class and not self.predicate_class.startswith("~"):
            parts.append(self.predicate_class.replace("_", " "))
        elif self.verb:
            parts.append(self.verb)
        if self.place_name:
            parts.append(f"in {self.place_name}")
        return " ".join(parts)


def _head_phrase(counted: str) -> list[str]:
    """The words of the counted phrase up to its head: 'residents of Gaza' -> ['residents']."""
    cut = lexicon()["cut"]
    out: list[str] = []
    for w in _words(counted):
        if w.lower() in cut and out:
            break
        out.append(w)
    return out


def _modifiers(words: list[str]) -> tuple[str, ...]:
    """Identity-bearing modifiers: runs of capitalised words (North Korean) and lexicon words."""
    identity = lexicon()["identity"]
    mods: list[str] = []
    run: list[str] = []
    for w in words:
        bare = _POSSESSIVE.sub("", w)
        if bare[:1].isupper():
            run.append(bare.lower())
            continue
        if run:
            mods.append(" ".join(run))
            run = []
        if w.lower() in identity:
            mods.append(singular(w))
    if run:
        mods.append(" ".join(run))
    return tuple(sorted(set(mods)))


def predicate_class(predicate: str | None, counted: str | None) -> str | None:
    lex = lexicon()
    found = {lex["word_class"][w] for w in (x.lower() for x in _words(f"{predicate or ''} {counted or ''}"))
             if w in lex["word_class"]}
    for parts, combined in lex["combine"]:
        if parts <= found:
            found = (found - parts) | {combined}
    if not found:
        return None
    return min(found, key=lex["order"].__getitem__)


def _stem(word: str) -> str:
    w = word.lower()
    for suffix in ("ing", "ed", "es", "s", "e"):
        if len(w) - len(suffix) >= 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def predicate_word(predicate: str | None) -> str | None:
    """The first word of a predicate past its auxiliaries: 'can carry' -> carry."""
    aux = lexicon()["aux"]
    return next((w for w in _words(predicate or "")
                 if w.lower() not in aux and w[:1].islower() and not w.endswith("ly")), None)


def place_of(predicate: str | None) -> str | None:
    """The first place name the predicate introduces: 'sent to train in eastern Russia' -> Russia."""
    lex = lexicon()
    words = _words(predicate or "")
    for i, w in enumerate(words):
        if w.lower() not in lex["place_preps"]:
            continue
        j = i + 1
        while j < len(words) and words[j].lower() in lex["place_skip"] and not words[j][:1].isupper():
            j += 1
        run: list[str] = []
        while j < len(words) and words[j][:1].isupper():
            bare = _POSSESSIVE.sub("", words[j])
            run.append(bare)
            if bare != words[j]:
                break
            j += 1
        if run and run[0].lower() not in lex["not_places"]:
            return " ".join(run)
    return None


def measure_of(unit: str, counted: str | None, predicate: str | None) -> Measure | None:
    """The measure of a figure, or None when it names nothing countable to group on."""
    words = _head_phrase(counted or "")
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if not words:
        return None
    head = singular(_POSSESSIVE.sub("", words[-1]))
    place_name = place_of(predicate)
    cls = predicate_class(predicate, counted)
    verb = None
    if cls is None:
        # No class: figures share a group only when their predicates start alike ('can carry'
        # and 'can seat' are not one measure); '~' marks such a stand-in class.
        verb = predicate_word(predicate)
        cls = "~" + _stem(verb) if verb else None
    return Measure(
        unit=unit,
        head=head,
        modifiers=_modifiers(words[:-1]),
        predicate_class=cls,
        place=place_name.lower() if place_name else None,
        phrase=" ".join(words),
        place_name=place_name,
        verb=verb,
    )


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
    """One member as the conflict rule sees it: its interval and the days its date covers."""

    low: float
    high: float
    start: date | None = None
    end: date | None = None
    article: int | None = None
    source: str | None = None  # who claims it; None when the outlet does


def point(bound: str, value, low=None, high=None, text: str = "", said_on: str | None = None,
          published: str | None = None, article: int | None = None, source: str | None = None) -> Point | None:
    """A member's interval and date: the statement's date when resolved, else publication."""
    iv = interval(bound, value, low, high, text)
    if iv is None:
        return None
    days = date_range(said_on) or date_range(published)
    return Point(iv[0], iv[1], *(days or (None, None)), article=article, source=source)


def conflicting(a: Point, b: Point, cumulative: bool) -> bool:
    """Disjoint intervals conflict, unless a growing measure is higher at a later date, or both
    figures are one article's in one voice: an article does not contradict itself, so two of its
    figures under one key are two measures the key cannot tell apart."""
    if a.low <= b.high and b.low <= a.high:
        return False
    if a.article is not None and a.article == b.article and a.source == b.source:
        return False
    if cumulative and a.start and b.start:
        earlier, later = (a, b) if a.end < b.start else (b, a) if b.end < a.start else (None, None)
        if earlier is not None and earlier.high < later.low:
            return False
    return True


def any_conflict(points: list[Point], cumulative: bool) -> bool:
    return any(conflicting(p, q, cumulative) for i, p in enumerate(points) for q in points[i + 1:])
