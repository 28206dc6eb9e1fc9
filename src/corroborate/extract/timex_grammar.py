"""A token-level grammar for TIMEX3 expressions over a spaCy Doc.

The grammar walks the tokens once. At a token that can open a time expression (a lexicon word,
a digit) it tries every construction and keeps the longest match: an optional modifier
("more than", "early", "the end of"), a core (a date, a duration, a weekday, a vague reference...)
and optional suffixes ("ago", "or so"). Cores resolve their value against the publication date
through ``timex_calendar``; without one, relative values stay None. Word lists live in
``lexicons/times.json``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc

from ..lexicons import load
from . import timex_calendar as cal
from .numbers import read_number


def _load_lexicon() -> dict:
    return load("times.json")


LEX = _load_lexicon()
MONTHS: dict[str, int] = LEX["months"]
MONTHS_AMBIGUOUS = frozenset(LEX["months_ambiguous"])
WEEKDAYS: dict[str, int] = LEX["weekdays"]
WEEKDAYS_FULL = frozenset(LEX["weekdays_full"])
SEASONS: dict[str, str] = LEX["seasons"]
PARTS_OF_DAY: dict[str, str] = LEX["parts_of_day"]
UNITS: dict[str, str] = LEX["units"]
UNIT_ADJECTIVES = frozenset(LEX["unit_adjectives"])
NUMBERS: dict[str, int] = LEX["numbers"]
MULTIPLIERS: dict[str, int] = LEX["multipliers"]
VAGUE_NUMBERS = frozenset(LEX["vague_numbers"])
ORDINALS: dict[str, int] = LEX["ordinals"]
DEICTIC_DAYS: dict[str, int] = LEX["deictic_days"]
RELATIVE_WORDS: dict[str, int] = LEX["relative_words"]
SETS: dict[str, str] = LEX["sets"]
TIME_ZONES: dict[str, str] = LEX["time_zones"]
YEAR_CONTEXT = frozenset(LEX["year_context"])
FUTURE_AUX = frozenset(LEX["future_auxiliaries"])
FUTURE_GOVERNORS = frozenset(LEX["future_governors"])
FUTURE_MODALS = frozenset(LEX["future_modals"])
SCHEDULING_VERBS = frozenset(LEX["scheduling_verbs"])
FUTURE_OPENERS = [tuple(k.split()) for k in LEX["future_openers"]]
ATTRIBUTIVE_ONLY = frozenset(LEX["references_attributive_only"])
AMOUNT_MODS = frozenset(LEX["modifiers_for_amounts"])
DEADLINE_HEADS: dict[str, str] = LEX["deadline_heads"]
DECADE_WORDS: dict[str, int] = LEX["decade_words"]
DURATION_PREPS = frozenset(LEX["duration_prepositions"])
POINT_MODS = frozenset(LEX["modifiers_for_points"])


def _phrases(table: dict[str, str]) -> dict[tuple[str, ...], str]:
    return {tuple(k.split()): v for k, v in table.items()}


REFERENCES = _phrases(LEX["references"])
MODIFIERS = _phrases(LEX["modifiers"])
HOLIDAYS = _phrases(LEX["holidays"])
ANAPHORA: dict[tuple[str, ...], int] = {tuple(k.split()): v for k, v in LEX["anaphora"].items()}
# "mid" is often glued: "mid-November", "mid - 1990s".
MODIFIERS[("mid", "-")] = "MID"
for _w, _m in (("early", "START"), ("late", "END"), ("mid", "MID")):
    MODIFIERS[("the", _w)] = _m
POINT_MODS = POINT_MODS | {"mid -", "the early", "the late", "the mid"}

_MAX_PHRASE = max(len(k) for k in (*REFERENCES, *MODIFIERS, *HOLIDAYS))
_MAX_ANAPHORA = max(len(k) for k in ANAPHORA)

# How far back (in tokens) a clock time looks for the day it belongs to: about a sentence.
_CLOCK_DAY_WINDOW = 30

RE_INT = re.compile(r"^\d+$")
RE_NUMBER = re.compile(r"^\d{1,3}(,\d{3})*(\.\d+)?$|^\d+(\.\d+)?$")
RE_DAY_ORD = re.compile(r"^(\d{1,2})(st|nd|rd|th)?$")
RE_ORDINAL = re.compile(r"^(\d{1,2})(st|nd|rd|th)$")
RE_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
RE_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
RE_DECADE = re.compile(r"^(\d{4}|\d{2})'?s$")
RE_MID_YEAR = re.compile(r"^(mid|early|late|post|pre)-(\d{4})(s?)$")
RE_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?(am|pm|a\.m\.?|p\.m\.?)?$")
# A 24-hour reading without a colon ("0800 UTC"), a time only when a zone follows.
RE_MILITARY_CLOCK = re.compile(r"^([01]\d|2[0-3])([0-5]\d)$")
RE_QUARTER = re.compile(r"^q([1-4])$")
RE_FRACTION = re.compile(r"^(\d)/(\d)$")
# A calendar point that later expressions can be anchored to ("that year", "the next day").
RE_POINT = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?|-Q([1-4])|-H([12])|-W(\d\d)|-(SP|SU|FA|WI))?$")
RE_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d(T|$)")
# How fine a period is, finest first: an anchor must be at least as fine as what it anchors.
_GRAIN = {"D": 0, "W": 1, "M": 2, "Q": 3, "Y": 4}
# Time words that, capitalised inside a sentence, belong to a title or a name ("60 Minutes",
# "High Noon", "USA Today", ABC's "This Week"). "Day" is left out: holidays end in it.
NAME_WORDS = frozenset((set(UNITS) - {"day"}) | set(DEICTIC_DAYS) | {"noon", "midnight", "midday", "now"})
AM_PM = {"am": "am", "a.m.": "am", "a.m": "am", "pm": "pm", "p.m.": "pm", "p.m": "pm"}

# Tokens that can open an expression; anything else is skipped without trying the grammar.
TRIGGERS = frozenset(
    set(MONTHS) | set(WEEKDAYS) | set(SEASONS) | set(UNITS) | set(NUMBERS) | set(VAGUE_NUMBERS)
    | set(DEICTIC_DAYS) | set(RELATIVE_WORDS) | set(SETS) | set(ORDINALS)
    | {k[0] for k in (*REFERENCES, *MODIFIERS, *HOLIDAYS, *ANAPHORA)}
    | set(LEX["trigger_words"])
)


# An article opens an expression only before one of these ("the past", "a year", "the end of").
AFTER_ARTICLE = frozenset(
    TRIGGERS | {k[1] for k in (*REFERENCES, *MODIFIERS, *HOLIDAYS) if len(k) > 1 and k[0] in ("the", "a", "an")}
    | set(DECADE_WORDS) | UNIT_ADJECTIVES | set(PARTS_OF_DAY)
    | set(LEX["after_article_words"])
)


# "that" opens an expression only before one of these ("that year", "that same day", "that night").
AFTER_THAT = frozenset(set(UNITS) | set(WEEKDAYS) | set(PARTS_OF_DAY) | set(LEX["after_that_words"]))


@dataclass(slots=True)
class Hit:
    """A matched expression: token range [start, end), TIMEX3 type, value and mod."""

    start: int
    end: int
    type: str
    value: str | None
    mod: str | None = None
    amount: tuple[float | None, str] | None = None  # a duration's (count, unit), for "ago"
    point: bool = False  # a calendar point that "early"/"the end of" can narrow
    names_quarter: bool = False  # an explicit quarter, the reference for "a year earlier"

    def from_(self, start: int) -> Hit:
        """The same hit, widened to open at ``start`` ("last" + "Friday")."""
        self.start = start
        return self


def _period_start(value: str, grain: int) -> date | None:
    """The first day of the period ``value`` ("1995", "1989-03", "1988-Q2"), or None when it is
    coarser than ``grain`` (a year cannot anchor "that day")."""
    m = RE_POINT.match(value)
    if m is None:
        return None
    year = int(m.group(1))
    month, day_, q, half, wk, season = m.group(2, 3, 4, 5, 6, 7)
    if day_ is not None:
        try:
            return date(year, int(month), int(day_))
        except ValueError:
            return None
    if wk is not None:
        if grain < _GRAIN["W"]:
            return None
        try:
            # ISO weeks belong to the month and year of their Thursday.
            return date.fromisocalendar(year, int(wk), 4)
        except ValueError:
            return None
    if month is not None:
        return date(year, int(month), 1) if grain >= _GRAIN["M"] and 1 <= int(month) <= 12 else None
    if q is not None or half is not None or season is not None:
        start = 3 * int(q) - 2 if q else 6 * int(half) - 5 if half else cal.SEASON_START[season]
        return date(year, start, 1) if grain >= _GRAIN["Q"] else None
    return date(year, 1, 1) if grain >= _GRAIN["Y"] else None


def _past_perfect(tok) -> bool:
    """A "had" on the verb or on the verbs it hangs from ("had been due to expire")."""
    for _ in range(3):
        if any(c.lower_ == "had" and c.dep_ in ("aux", "auxpass") for c in tok.children):
            return True
        if tok.head is tok:
            break
        tok = tok.head
    return False


class Grammar:
    """Time expressions in one Doc, resolved against ``dct`` (None: relative values stay None)."""

    def __init__(self, doc: Doc, dct: date | None):
        self.doc = doc
        self.dct = dct
        self.low = [t.lower_ for t in doc]
        self.n = len(self.low)
        self._tense: dict[int, int] = {}
        self.ref_quarter: tuple[int, int] | None = None
        self.ref_day: tuple[int, str] | None = None  # (token index, value) of the last day named
        self.ref_month: str | None = None  # the last month named, for "the same month a year ago"
        self.points: list[str] = []  # calendar values named so far, for "that year", "the next day"

    # ---- driving -------------------------------------------------------------------------

    def hits(self) -> list[Hit]:
        out: list[Hit] = []
        low, i = self.low, 0
        while i < self.n:
            w = low[i]
            if w in ("the", "a", "an") and (i + 1 == self.n or (low[i + 1] not in AFTER_ARTICLE and not (
                    low[i + 1][:1].isdigit() or low[i + 1].startswith(("mid-", "early-", "late-"))))):
                i += 1
                continue
            if w == "that" and (i + 1 == self.n or low[i + 1] not in AFTER_THAT):
                i += 1  # a pronoun or conjunction, the common case: skip the grammar
                continue
            if w in TRIGGERS or w[:1].isdigit() or w[-1:].isdigit() or (w[:1] == "'" and len(w) > 1):
                hit = self.at(i)
                if hit is not None and self._inside_a_name(hit):
                    i = hit.end
                    continue
                if hit is not None:
                    second = self._second_day(hit)
                    for found in (hit, second) if second is not None else (hit,):
                        self._remember(found)
                        out.append(found)
                        i = found.end
                    continue
            i += 1
        return out

    def _remember(self, hit: Hit) -> None:
        """Keep what later expressions are anchored to: the last quarter, day, month, point named."""
        if hit.names_quarter and hit.value:
            self.ref_quarter = int(hit.value[:4]), int(hit.value[-1])
        if hit.type in ("DATE", "TIME") and hit.value and RE_DAY_VALUE.match(hit.value):
            self.ref_day = hit.start, hit.value[:10]
        if hit.type == "DATE" and hit.value and len(hit.value) == 7 and hit.value[5].isdigit():
            self.ref_month = hit.value
        if hit.type in ("DATE", "TIME") and hit.value and RE_POINT.match(hit.value.split("T")[0]):
            self.points.append(hit.value.split("T")[0])

    def _second_day(self, hit: Hit) -> Hit | None:
        """ "April 24 and 25": the second day of the same month, a date of its own."""
        low, k = self.low, hit.end
        if hit.type != "DATE" or not hit.value or not RE_DAY_VALUE.match(hit.value) or k + 1 >= self.n \
                or low[k] not in ("and", "or") or not low[hit.end - 1].isdigit():
            return None
        m = RE_DAY_ORD.match(low[k + 1])
        if m is None or not low[k + 1][:1].isdigit() or (
                k + 2 < self.n and self.doc[k + 2].pos_ not in ("PUNCT", "ADP", "CCONJ", "VERB", "AUX")):
            return None  # "on March 3 and 5 others"
        year, end = self._year_after(k + 2, comma=True)
        try:
            first = date(year or int(hit.value[:4]), int(hit.value[5:7]), int(hit.value[8:10]))
            second = first.replace(day=int(m.group(1)))
        except ValueError:
            return None
        hit.value = first.isoformat()  # "May 2 and 9, 2024": the year belongs to both
        return Hit(k + 1, end, "DATE", second.isoformat(), point=True)

    def _inside_a_name(self, hit: Hit) -> bool:
        for t in self.doc[hit.start:hit.end]:
            if t.lower_ not in NAME_WORDS or not t.text[:1].isupper() or t.is_sent_start or t.i == 0:
                continue
            prev = self.doc[t.i - 1]
            # After a quote, a colon or a dash a capital may open a quoted sentence instead.
            if prev.is_alpha or prev.like_num:
                return True
        return False

    def at(self, i: int) -> Hit | None:
        best = self.core(i)
        mod_end, mod_key, mod = self.modifier(i)
        if mod is not None:
            inner = self.core(mod_end)
            if inner is not None and self._mod_fits(mod_key, inner) and (best is None or inner.end >= best.end):
                inner.start, inner.mod = i, mod
                best = inner
        if best is None:
            return None
        return self.suffix(best)

    def _mod_fits(self, key: str, hit: Hit) -> bool:
        if key in AMOUNT_MODS:
            # "over the next two years" is during them, not more than them ("at least the past
            # 18 months" does bound them).
            return hit.amount is not None and not (
                key.split()[-1] in ("over", "under") and self.low[hit.start] in ("the", "this", "these"))
        if key in POINT_MODS:
            return hit.point
        return True

    def modifier(self, i: int) -> tuple[int, str, str | None]:
        for size in range(min(_MAX_PHRASE, self.n - i), 0, -1):
            key = tuple(self.low[i:i + size])
            mod = MODIFIERS.get(key)
            if mod is not None:
                return i + size, " ".join(key), mod
        return i, "", None

    def suffix(self, hit: Hit) -> Hit:
        low, j = self.low, hit.end
        if j + 1 < self.n and low[j] == "or" and low[j + 1] == "so":
            hit.end, hit.mod = j + 2, hit.mod or "APPROX"
            j += 2
        if hit.amount is not None and j < self.n and hit.type == "DURATION":
            w = low[j]
            step = -1 if w in ("ago", "earlier", "before") else 1 if w in ("later", "hence") else 0
            if w == "from" and j + 1 < self.n and low[j + 1] == "now":
                step, j = 1, j + 1
            if step and w != "before" or (w == "before" and self._clause_ends(j + 1)):
                hit.end, hit.type, hit.value = j + 1, "DATE", self._offset(hit.amount, step)
        return hit

    def _clause_ends(self, j: int) -> bool:
        return j >= self.n or not self.doc[j].is_alpha

    def _offset(self, amount: tuple[float | None, str], step: int) -> str | None:
        n, unit = amount
        if (n, unit, step) == (1.0, "Y", -1) and self.ref_quarter is not None:
            # Results news compares a quarter with the same quarter "a year earlier".
            return self._year_before_reference()
        if n is None or unit in ("H", "MIN", "S"):
            return "PAST_REF" if step < 0 else "FUTURE_REF"
        if self.dct is None:
            return None
        if unit in ("DE", "CE", "ML"):
            n, unit = n * {"DE": 10, "CE": 100, "ML": 1000}[unit], "Y"
        if n != int(n):
            return "PAST_REF" if step < 0 else "FUTURE_REF"
        return cal.period(cal.shift(self.dct, step * int(n), unit), unit)

    # ---- cores ---------------------------------------------------------------------------

    def core(self, i: int) -> Hit | None:
        if i >= self.n:
            return None
        best: Hit | None = None
        for parse in (self.anaphoric, self.reference, self.deictic, self.weekday_expr, self.month_expr,
                      self.day_month, self.numeric, self.clock, self.relative, self.duration, self.quarter, self.season,
                      self.holiday, self.frequency, self.year_words, self.same_period, self.week_of_month,
                      self.around_date, self.part_of_day):
            hit = parse(i)
            if hit is not None and (best is None or hit.end > best.end):
                best = hit
        return best

    def anaphoric(self, i: int) -> Hit | None:
        """ "that year", "the same day", "the following month", "the previous Friday", "that night".

        TimeML anchors these to the last date the text named (of a grain at least as fine: a
        day for "that day", a day or a month for "that month"), else to the publication date.
        """
        low = self.low
        for size in range(min(_MAX_ANAPHORA, self.n - i), 0, -1):
            step = ANAPHORA.get(tuple(low[i:i + size]))
            if step is not None:
                break
        else:
            return None
        k = i + size
        if k >= self.n or (k + 1 < self.n and low[k + 1] == "-"):
            return None  # "that day-to-day work"
        if step and low[k - 1] in ("next", "following") and i > 0 and low[i - 1] in DURATION_PREPS:
            return None  # "over the next year": a stretch counted from publication
        if step and (wd := self._is_weekday(k)) is not None:
            anchor = self._anchor("D")
            return Hit(i, k + 1, "DATE", anchor and cal.day(cal.weekday_near(anchor, wd, step)), point=True)
        part = PARTS_OF_DAY.get(low[k])
        if part is not None and low[k] != "overnight":
            anchor = self._anchor("D")
            d = anchor and cal.shift(anchor, step, "D")
            return Hit(i, k + 1, "TIME", d and cal.day(d) + "T" + part, point=True)
        unit = UNITS.get(low[k])
        if unit not in _GRAIN or low[k].endswith("s"):
            return None
        anchor = self._anchor(unit)
        d = anchor and cal.shift(anchor, step, unit)
        return Hit(i, k + 1, "DATE", d and cal.period(d, unit), point=True, names_quarter=unit == "Q")

    def _anchor(self, unit: str) -> date | None:
        """The start of the last period named at least as finely as ``unit``, else the publication date."""
        for value in reversed(self.points):
            start = _period_start(value, _GRAIN[unit])
            if start is not None:
                return start
        return self.dct

    def reference(self, i: int) -> Hit | None:
        for size in range(min(4, self.n - i), 0, -1):
            key = tuple(self.low[i:i + size])
            value = REFERENCES.get(key)
            if value is None:
                continue
            if size == 1 and key[0] in ATTRIBUTIVE_ONLY and not self._before_noun(i + 1):
                return None
            return Hit(i, i + size, "DATE", value)
        return None

    def _before_noun(self, j: int) -> bool:
        return j < self.n and self.doc[j].pos_ in ("NOUN", "PROPN") and self.low[j] not in UNITS

    def deictic(self, i: int) -> Hit | None:
        low = self.low
        w = low[i]
        if w in DEICTIC_DAYS:
            d = self._day(DEICTIC_DAYS[w])
            if w == "tonight":
                return Hit(i, i + 1, "TIME", d and d + "TNI", point=True)
            part = self._part_of_day(i + 1)
            if part:
                return Hit(i, i + 2, "TIME", d and d + "T" + part, point=True)
            return Hit(i, i + 1, "DATE", d, point=True)
        if w in ("this", "last") and i + 1 < self.n and low[i + 1] in PARTS_OF_DAY:
            if w == "last" and low[i + 1] != "night":
                return None
            d = self._day(-1 if w == "last" else 0)
            return Hit(i, i + 2, "TIME", d and d + "T" + PARTS_OF_DAY[low[i + 1]], point=True)
        return None

    def part_of_day(self, i: int) -> Hit | None:
        """ "in the morning", "by mid-afternoon", "late afternoon yesterday": a part of the day last
        named (or of the day that follows), else of the publication date."""
        low = self.low
        j = i + (low[i] == "the")
        part = self._part_of_day(j)
        if part is None or low[j] in ("night", "overnight"):
            return None  # "the night" is as often "the night of the fire", named by what follows
        if j > i and j + 1 < self.n and self.doc[j + 1].pos_ in ("NOUN", "PROPN"):
            return None  # "in the morning paper"
        before = low[i - 1] if i > 0 else ""
        if j > i and before not in ("in", "during", "by", "through", "throughout"):
            return None
        if j == i and before not in ("mid", "early", "late", "-"):
            return None
        day, end = self._reference_day(i, window=self.n), j + 1
        if end < self.n and (low[end] in DEICTIC_DAYS or self._is_weekday(end) is not None):
            inner = self.deictic(end) or self.weekday_expr(end)
            if inner is not None and inner.type == "DATE":
                day, end = inner.value, inner.end
        return Hit(i, end, "TIME", day and f"{day}T{part}", point=True)

    def _part_of_day(self, j: int) -> str | None:
        return PARTS_OF_DAY.get(self.low[j]) if j < self.n else None

    def _day(self, offset: int) -> str | None:
        return None if self.dct is None else cal.day(self.dct + timedelta(days=offset))

    def _is_weekday(self, j: int) -> int | None:
        if j >= self.n:
            return None
        w = self.low[j]
        wd = WEEKDAYS.get(w)
        if wd is None or (w not in WEEKDAYS_FULL and not (w.endswith(".") and self.doc[j].text[:1].isupper())):
            return None
        return wd

    def weekday_expr(self, i: int, direction: int | None = None) -> Hit | None:
        wd = self._is_weekday(i)
        if wd is None:
            return None
        low = self.low
        j = i + 1
        # "Monday, March 3" / "Monday March 3, 2024": the explicit date carries the value.
        k = j + 1 if j < self.n and low[j] == "," else j
        explicit = self.month_expr(k) or self.day_month(k)
        if explicit is not None and explicit.end - explicit.start >= 2 and (
                explicit.value is None or len(explicit.value) >= 10):
            if explicit.value is not None and self.dct is not None and not any(
                    self._year_at(t) for t in range(explicit.start, explicit.end)):
                explicit.value = self._year_matching_weekday(explicit.value, wd)
            return explicit.from_(i)
        d = self._weekday_date(i, wd, direction)
        part = self._part_of_day(j)
        if part:
            return Hit(i, j + 1, "TIME", d and d + "T" + part, point=True)
        return Hit(i, j, "DATE", d, point=True)

    def _year_matching_weekday(self, value: str, wd: int) -> str:
        """ "Saturday, April 25" without a year: the nearest year in which that date is a Saturday."""
        m, d = int(value[5:7]), int(value[8:10])
        candidates = []
        for year in range(self.dct.year - 1, self.dct.year + 2):
            try:
                day = date(year, m, d)
            except ValueError:
                continue
            if day.weekday() == wd:
                candidates.append(day)
        if not candidates:
            return value
        return min(candidates, key=lambda day: abs((day - self.dct).days)).isoformat()

    def _weekday_date(self, i: int, wd: int, direction: int | None) -> str | None:
        if self.dct is None:
            return None
        if direction == 0:
            return cal.day(cal.weekday_this_week(self.dct, wd))
        if direction is None:
            direction = 2 if self.tense(i) > 0 else 0
        return cal.day(cal.weekday_near(self.dct, wd, direction))

    def _month_at(self, j: int) -> int | None:
        if j >= self.n:
            return None
        m = MONTHS.get(self.low[j])
        if m is None or not self.doc[j].text[:1].isupper():
            return None
        return m

    def _day_at(self, j: int) -> int | None:
        if j >= self.n:
            return None
        w = self.low[j]
        m = RE_DAY_ORD.match(w)
        if m:
            v = int(m.group(1))
            return v if 1 <= v <= 31 else None
        v = ORDINALS.get(w)
        return v if v is not None and v > 0 else None

    def _year_at(self, j: int) -> int | None:
        if j < self.n and len(self.low[j]) == 4 and RE_INT.match(self.low[j]):
            v = int(self.low[j])
            if 1000 <= v <= 2199:
                return v
        return None

    def month_expr(self, i: int, direction: int | None = None) -> Hit | None:
        m = self._month_at(i)
        if m is None:
            return None
        low = self.low
        j = i + 1
        day = None
        if (d := self._day_at(j)) is not None and not self._year_at(j):
            day, j = d, j + 1
        elif j + 2 < self.n and low[j] == "the" and (d := self._day_at(j + 1)) and RE_ORDINAL.match(low[j + 1]):
            day, j = d, j + 2
        year, j = self._year_after(j, comma=day is not None)
        if low[i] in MONTHS_AMBIGUOUS and day is None and year is None and direction is None:
            # "in March", or a capitalised month between an article and a noun ("the March accession").
            attributive = i > 0 and low[i - 1] == "the" and j < self.n and self.doc[j].pos_ == "NOUN" \
                and self.doc[j].text.islower()
            after_preposition = i > 0 and low[i - 1] in YEAR_CONTEXT and low[i - 1] not in ("and", "or", "the", "'s")
            if not (attributive or after_preposition):
                return None
        return self._calendar_date(i, j, m, day, year, direction)

    def _year_after(self, j: int, comma: bool) -> tuple[int | None, int]:
        """An explicit or relative year after a month: "2022", ", 2022", "of 2022", "of last year"."""
        low = self.low
        if comma and j + 1 < self.n and low[j] == "," and (y := self._year_at(j + 1)):
            return y, j + 2
        if (y := self._year_at(j)) and not (j + 1 < self.n and low[j + 1] in UNITS):
            return y, j + 1
        k = j + (j < self.n and low[j] == "of")
        if k < self.n and (y := self._year_at(k)) and k > j:
            return y, k + 1
        if k + 1 < self.n and low[k + 1] == "year" and low[k] in ("last", "this", "next") and self.dct:
            return self.dct.year + RELATIVE_WORDS[low[k]], k + 2
        if k < self.n and low[k] in ("nineteen", "eighteen") and (spoken := self.year_words(k)) is not None:
            return int(spoken.value), spoken.end  # broadcast transcripts: "January nineteen ninety-seven"
        return None, j

    def _calendar_date(self, i: int, j: int, m: int, day: int | None, year: int | None,
                       direction: int | None) -> Hit:
        if year is None and self.dct is not None:
            year = cal.year_for_month(self.dct, m, day, self.tense(i), direction)
        if year is None:
            value = None
        elif day is None:
            value = f"{year:04d}-{m:02d}"
        else:
            try:
                value = date(year, m, day).isoformat()
            except ValueError:
                value = f"{year:04d}-{m:02d}"
        return Hit(i, j, "DATE", value, point=True)

    def day_month(self, i: int) -> Hit | None:
        day = self._day_at(i)
        if day is None or not self.low[i][:1].isdigit():
            return None
        j = i + 1
        if j < self.n and self.low[j] == "of":
            j += 1
        m = self._month_at(j)
        if m is None:
            return None
        year, end = self._year_after(j + 1, comma=True)
        return self._calendar_date(i, end, m, day, year, None)

    def numeric(self, i: int) -> Hit | None:
        low, w = self.low, self.low[i]
        if w == "the" and i + 1 < self.n and low[i + 1] in DECADE_WORDS:
            return Hit(i, i + 2, "DATE", f"19{DECADE_WORDS[low[i + 1]]}", point=True)
        if w == "the" and i + 1 < self.n:
            inner = self.numeric(i + 1)
            # Only decades take the article: "the 1990s", "the '80s".
            return inner.from_(i) if inner is not None and inner.value and len(inner.value) == 3 else None
        if w == "'" and i + 1 < self.n:
            m = RE_DECADE.match(low[i + 1])
            if m and len(m.group(1)) == 2 and not self.doc[i].whitespace_:
                return Hit(i, i + 2, "DATE", self._decade(m.group(1)), point=True)
            return None
        if (m := RE_MID_YEAR.match(w)):
            value = self._decade(m.group(2)) if m.group(3) else m.group(2)
            mod = {"mid": "MID", "early": "START", "late": "END", "post": "AFTER", "pre": "BEFORE"}[m.group(1)]
            return Hit(i, i + 1, "DATE", value, mod)
        if not w[:1].isdigit():
            return None
        if (m := RE_ISO.match(w)) and 1 <= int(m.group(2)) <= 12:
            return Hit(i, i + 1, "DATE", w, point=True)
        if (m := RE_SLASH_DATE.match(w)):
            return self._slash_date(i, m)
        if (m := RE_DECADE.match(w)):
            if len(m.group(1)) == 2 and not (i > 0 and low[i - 1] in ("the", "early", "late")):
                return None  # "in his 30s" is an age
            return Hit(i, i + 1, "DATE", self._decade(m.group(1)), point=True)
        year = self._year_at(i)
        if year is None:
            return None
        # "2024-10" and "2024-10-28" come as separate tokens.
        doc = self.doc
        if i + 2 < self.n and low[i + 1] == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_ \
                and len(low[i + 2]) == 2 and RE_INT.match(low[i + 2]) and 1 <= int(low[i + 2]) <= 12:
            if i + 4 < self.n and low[i + 3] == "-" and not doc[i + 2].whitespace_ and not doc[i + 3].whitespace_ \
                    and len(low[i + 4]) == 2 and RE_INT.match(low[i + 4]):
                try:
                    return Hit(i, i + 5, "DATE", date(year, int(low[i + 2]), int(low[i + 4])).isoformat(), point=True)
                except ValueError:
                    return None
            return Hit(i, i + 3, "DATE", f"{year:04d}-{low[i + 2]}", point=True)
        if not self._year_context(i):
            return None
        return Hit(i, i + 1, "DATE", str(year), point=True)

    def _year_context(self, i: int) -> bool:
        doc = self.doc
        nxt = doc[i + 1] if i + 1 < self.n else None
        if nxt is not None and (nxt.tag_ == "NNS" or nxt.lower_ in ("%", "percent")) and nxt.lower_ not in UNITS:
            return False
        if i > 0 and doc[i - 1].text in ("$", "#", "No.", "£", "€"):
            return False
        if i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].is_title and self._month_at(i - 1) is None:
            return False  # a model or index name: "Windows 2000", "the Russell 2000"
        return doc[i].ent_type_ == "DATE" or (i > 0 and self.low[i - 1] in YEAR_CONTEXT)

    @staticmethod
    def _decade(digits: str) -> str:
        if len(digits) == 2:
            digits = ("19" if int(digits) > 20 else "20") + digits
        return digits[:3]

    def _slash_date(self, i: int, m: re.Match) -> Hit | None:
        a, b, y = int(m.group(1)), int(m.group(2)), m.group(3)
        month, day = (a, b) if a <= 12 else (b, a)
        year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 50 else 1900 + int(y))
        try:
            return Hit(i, i + 1, "DATE", date(year, month, day).isoformat(), point=True)
        except ValueError:
            return None

    def clock(self, i: int) -> Hit | None:
        low, w = self.low, self.low[i]
        j = i + 1
        if w in ("noon", "midday", "midnight"):
            hh, mm = (24, 0) if w == "midnight" else (12, 0)
        elif (m := RE_MILITARY_CLOCK.match(w)) and j < self.n and low[j] in TIME_ZONES:
            hh, mm = int(m.group(1)), int(m.group(2))
        else:
            m = RE_CLOCK.match(w)
            if not m:
                return None
            hh, mm, ampm = int(m.group(1)), int(m.group(2) or 0), m.group(3)
            if ampm is None and j < self.n and low[j] in AM_PM:
                ampm, j = low[j], j + 1
            if ampm is None and j + 2 < self.n and low[j] == "in" and low[j + 1] == "the" \
                    and low[j + 2] in ("morning", "afternoon", "evening"):
                # "4 in the morning"
                ampm, j = "am" if low[j + 2] == "morning" else "pm", j + 3
            if ampm is None and m.group(2) is None:
                return None
            if ampm is None and not (j < self.n and low[j] in TIME_ZONES):
                # A bare "3:15" is a time only when it looks like a clock reading next to time words.
                if not (i > 0 and low[i - 1] in ("at", "by", "until", "before", "after", "around", "about")):
                    return None
            if hh > 24 or mm > 59:
                return None
            half = AM_PM.get(ampm) if ampm else None
            if half == "pm" and hh < 12:
                hh += 12
            elif half == "am" and hh == 12:
                hh = 0
        zone = ""
        if j < self.n and low[j] in TIME_ZONES:
            zone, j = TIME_ZONES[low[j]], j + 1
        day = self._reference_day(i, window=_CLOCK_DAY_WINDOW)
        k = j + (j + 1 < self.n and low[j] == "," and self._month_at(j + 1) is not None)
        aside = k < self.n and low[k] == "("
        if aside:
            # "10:35 a.m. (0735 GMT) Friday": the day comes after the other zone's reading.
            k = next((x + 1 for x in range(k + 1, min(k + 6, self.n)) if low[x] == ")"), self.n)
        if k < self.n and (low[k] in DEICTIC_DAYS or self._is_weekday(k) is not None or self._month_at(k)):
            inner = self.deictic(k) or self.weekday_expr(k) or self.month_expr(k)
            if inner is not None and inner.type in ("DATE", "TIME") and (inner.value is None or len(inner.value) >= 10):
                day = inner.value and inner.value[:10]
                j = j if aside else inner.end
        value = day and f"{day}T{hh:02d}:{mm:02d}{zone}"
        return Hit(i, j, "TIME", value, point=True)

    # ---- amounts and durations -----------------------------------------------------------

    def number(self, i: int) -> tuple[int, float | None] | None:
        """A count: "two", "twenty-four", "2.5", "two-and-a-half", "a", "several" (None: vague)."""
        low = self.low
        if i >= self.n:
            return None
        w = low[i]
        if (w in ("a", "an", "one") and i + 1 < self.n and low[i + 1] == "couple") or (
                w == "couple" and i > 0 and low[i - 1] in ("next", "past", "last", "first", "coming")):
            # "a couple of years", "the next couple of years"
            j = (i + 1 if w == "couple" else i + 2)
            j += j < self.n and low[j] == "of"
            return j, 2.0
        if w in ("a", "an") and i + 1 < self.n and low[i + 1] in ("few", "number"):
            j = i + 2 + (low[i + 1] == "number" and i + 2 < self.n and low[i + 2] == "of")
            return j, None
        if w in VAGUE_NUMBERS:
            return i + 1, None
        if w == "half" and i + 1 < self.n and low[i + 1] in ("a", "an"):
            return i + 2, 0.5
        if w in ("a", "an"):
            if i + 1 < self.n and low[i + 1] == "half":
                return i + 2, 0.5
            value, j = 1.0, i + 1
        elif RE_NUMBER.match(w):
            value, j = float(w.replace(",", "")), i + 1
            if j < self.n and (m := RE_FRACTION.match(low[j])):
                value, j = value + int(m.group(1)) / int(m.group(2)), j + 1
        elif w in NUMBERS or w in MULTIPLIERS:
            value, j = self._number_words(i)
        else:
            return None
        # "two and a half", "two-and-a-half"
        k = j + (j < self.n and low[j] == "-")
        if k + 2 < self.n and low[k] == "and" and low[k + 1 + (low[k + 1] == "-")] in ("a", "one"):
            k2 = k + 2 + (low[k + 1] == "-")
            k2 += k2 < self.n and low[k2] == "-"
            if k2 < self.n and low[k2] == "half":
                return k2 + 1, value + 0.5
        return j, value

    def _number_words(self, i: int) -> tuple[float, int]:
        """A spelled-out number at ``i`` and where it ends, read by the one reader of them
        (extract/numbers.py); time words it does not count ("single", a lone "dozen") stand for
        their value."""
        found = read_number(self.low, i)
        if found is not None and found.kind == "words":
            return float(found.value), found.end
        return float(NUMBERS.get(self.low[i]) or MULTIPLIERS.get(self.low[i], 0)), i + 1

    def _unit_at(self, j: int) -> tuple[str, int] | None:
        low = self.low
        while j < self.n and low[j] in UNIT_ADJECTIVES:
            j += 1
        if j < self.n and low[j] in UNITS:
            return UNITS[low[j]], j + 1
        return None

    def duration(self, i: int) -> Hit | None:
        low = self.low
        j, the = i, False
        if low[j] == "the":
            the, j = True, j + 1
        lead = None
        if j < self.n and low[j] in ("past", "last", "next", "first", "coming", "previous", "following", "final",
                                     "initial", "latest", "recent", "preceding", "ensuing"):
            lead, j = low[j], j + 1
        counted = self.number(j)
        if counted is None:
            # "the past year", "the next decade": one unit, only with the article.
            unit = self._unit_at(j)
            if unit is None or lead is None or not the or low[unit[1] - 1].endswith("s") or unit[0] == "Q":
                return self._bare_plural(i) if not the and lead is None else None
            return Hit(i, unit[1], "DURATION", cal.duration(1, unit[0]), amount=(1.0, unit[0]))
        k, n = counted
        hyphen = k < self.n and low[k] == "-"
        unit = self._unit_at(k + hyphen)
        if unit is None:
            return None
        code, end = unit
        if not self._is_amount_of_time(j, k, code, end, n):
            return None
        if n == 1.0 and low[j] in ("a", "an") and not the and lead is None and j > 0 and self._frequency_context(j) \
                and not (end < self.n and low[end] in ("ago", "earlier", "later")):
            return None
        if lead is not None and not the and lead not in ("past", "last", "next", "first", "coming"):
            return None
        return Hit(i, end, "DURATION", cal.duration(n, code), amount=(n, code))

    def _is_amount_of_time(self, j: int, k: int, code: str, end: int, n: float | None) -> bool:
        """Rules out look-alikes: ages ("6-year-old", "52 years old"), fractions ("three-quarters",
        "a quarter of its dealers"), ordinals ("a second A380") and compounds ("a year-earlier loss")."""
        low = self.low
        after = low[end] if end < self.n else ""
        after2 = low[end + 1] if end + 1 < self.n else ""
        if after == "old" or (after == "-" and after2 in ("old", "ago", "earlier")):
            return False
        if code == "Q" and (low[k] == "-" or after == "of" or n is None or n < 2):
            return False
        if code != "Y" and self._year_at(j) is not None:
            return False  # "the 1988 quarter", "the 1988 second quarter"
        return not (code == "S" and low[j] in ("a", "an"))

    def _bare_plural(self, i: int) -> Hit | None:
        """ "for years", "in months", "weeks ago": a plural unit alone is an unspecified amount."""
        w = self.low[i]
        if w not in UNITS or not w.endswith("s") or UNITS[w] in ("Q", "S"):
            return None
        prev = self.low[i - 1] if i > 0 else ""
        nxt = self.low[i + 1] if i + 1 < self.n else ""
        if prev in ("for", "in", "over", "within", "after", "than", "took", "lasted", "take", "last", "spent") \
                or nxt in ("ago", "later", "earlier"):
            return Hit(i, i + 1, "DURATION", cal.duration(None, UNITS[w]), amount=(None, UNITS[w]))
        return None

    def _frequency_context(self, j: int) -> bool:
        """True when "a"/"per" at ``j`` reads as a rate ("15 a year", "twice a day")."""
        prev = self.doc[j - 1]
        if prev.like_num or prev.lower_ in ("%", "percent", "times", "twice", "once", "thrice"):
            return True
        return j > 1 and prev.pos_ == "NOUN" and self.doc[j - 2].like_num

    def frequency(self, i: int) -> Hit | None:
        low, w = self.low, self.low[i]
        if w in SETS:
            return Hit(i, i + 1, "SET", SETS[w])
        if w in ("every", "each") and i + 1 < self.n:
            j = i + 1
            if low[j] == "other":
                j += 1
            if (wd := self._is_weekday(j)) is not None:
                return Hit(i, j + 1, "SET", f"XXXX-WXX-{wd + 1}")
            counted = self.number(j)
            n, k = (1.0, j) if counted is None or low[j] in ("a", "an") else (counted[1], counted[0])
            unit = self._unit_at(k)
            if unit is None or n is None:
                if k < self.n and low[k] in PARTS_OF_DAY:
                    return Hit(i, k + 1, "SET", "XXXX-XX-XXT" + PARTS_OF_DAY[low[k]])
                return None
            if low[i + 1] == "other":
                n *= 2
            return Hit(i, unit[1], "SET", cal.duration(n, unit[0]))
        if w in ("a", "an", "per") and i + 1 < self.n and low[i + 1] in UNITS and not low[i + 1].endswith("s"):
            if i + 2 < self.n and low[i + 2] in ("ago", "earlier", "later", "-"):
                return None
            if w == "per" or (i > 0 and self._frequency_context(i)):
                return Hit(i, i + 2, "SET", cal.duration(1, UNITS[low[i + 1]]))
        return None

    # ---- relative calendar periods -------------------------------------------------------

    def relative(self, i: int) -> Hit | None:
        low = self.low
        j, the = i, low[i] == "the"
        if the:
            j += 1
        if the and j < self.n and low[j] == "weekend":
            return Hit(i, j + 1, "DATE", self._weekend(i), point=True)
        # "for the full year" in results news: the year of the quarter just reported, else this one.
        whole = the and j + 1 < self.n and low[j] in ("full", "entire", "whole") and low[j + 1] == "year"
        if the and j + 1 < self.n and low[j] in ("fiscal", "calendar", "full", "entire", "whole") \
                and low[j + 1] == "year":
            j += 1
        if whole and not (j + 1 < self.n and low[j + 1] in ("-", "'s", "of", "ended", "ending", "to", "through")):
            year = self.ref_quarter[0] if self.ref_quarter else self.dct and self.dct.year
            return Hit(i, j + 1, "DATE", year and str(year), point=True)
        if the and j < self.n and low[j] in ("day", "week", "month", "year") and not (
                j + 1 < self.n and low[j + 1] in ("-", "'s", "of", "before", "after")):
            # "later in the day", "for the year": the period of publication.
            unit = UNITS[low[j]]
            if unit == "D":
                return Hit(i, j + 1, "DATE", self._reference_day(i, window=self.n), point=True)
            if j + 1 < self.n and low[j + 1] in ("ended", "ending", "to", "through"):
                # "the year ended March 31": a fiscal period, known by its length.
                return Hit(i, j + 1, "DURATION", cal.duration(1, unit))
            return Hit(i, j + 1, "DATE", self.dct and cal.period(self.dct, unit), point=True)
        if j >= self.n or low[j] not in RELATIVE_WORDS:
            return None
        rel = low[j]
        if the != (rel in ("previous", "prior", "preceding", "current", "coming")) and rel != "current":
            return None
        step = RELATIVE_WORDS[rel]
        k = j + 1
        if k >= self.n:
            return None
        if self._is_weekday(k) is not None:
            return self.weekday_expr(k, direction=step).from_(i) if rel in ("last", "next", "this") else None
        if self._month_at(k) is not None:
            hit = self.month_expr(k, direction=step)
            return hit.from_(i) if hit is not None and rel in ("last", "next", "this") else None
        if low[k] in SEASONS:
            return self.season(k, direction=step).from_(i)
        w = low[k]
        if w in ("fiscal", "calendar", "financial") and k + 1 < self.n and low[k + 1] in ("year", "quarter"):
            # "last fiscal year": fiscal years are named by the calendar year they end in.
            k += 1
            w = low[k]
        if w in ("weekend", "weekends") or (w == "week" and k + 2 < self.n and low[k + 1] == "-" and low[k + 2] == "end"):
            end = k + 1 if w.startswith("weekend") else k + 3
            d = self.dct and cal.shift(self.dct, step, "W")
            return Hit(i, end, "DATE", d and cal.week(d) + "-WE", point=True)
        unit = UNITS.get(w)
        if unit is None or w.endswith("s") or unit in ("H", "MIN", "S"):
            return None
        if rel == "past":
            return None
        d = self.dct and cal.shift(self.dct, step, unit)
        return Hit(i, k + 1, "DATE", d and cal.period(d, unit), point=True)

    def _reference_day(self, i: int, window: int) -> str | None:
        """The day last named within ``window`` tokens before ``i`` ("on Tuesday ... at 18:00"),
        else the publication date."""
        if self.ref_day is not None and i - self.ref_day[0] <= window:
            return self.ref_day[1]
        return self._day(0)

    def _year_before_reference(self) -> str | None:
        if self.ref_quarter is not None:
            year, q = self.ref_quarter
            return f"{year - 1:04d}-Q{q}"
        return self.dct and str(self.dct.year - 1)

    def _reported_quarter(self) -> str | None:
        """ "the quarter": the quarter last named, else the last one completed."""
        if self.ref_quarter is not None:
            year, q = self.ref_quarter
            return f"{year:04d}-Q{q}"
        return self.dct and cal.period(cal.shift(self.dct, -1, "Q"), "Q")

    def _weekend(self, i: int) -> str | None:
        """The weekend meant by "the weekend": the coming one in a future clause, else the last."""
        if self.dct is None:
            return None
        d = self.dct
        if d.weekday() < 5:
            d = cal.shift(d, 1 if self.tense(i) > 0 else -1, "W")
        return cal.week(d) + "-WE"

    def quarter(self, i: int) -> Hit | None:
        low = self.low
        j = i + (low[i] == "the")
        if j >= self.n:
            return None
        year, q = None, None
        # "next year's first quarter"
        if j + 3 < self.n and low[j] in ("last", "this", "next") and low[j + 1] == "year" and low[j + 2] == "'s":
            if self.dct:
                year = self.dct.year + RELATIVE_WORDS[low[j]]
            j += 3
        if j > i:
            k = j + (low[j] in ("latest", "last", "past", "previous", "recent", "just-ended", "reporting"))
            k += k < self.n and low[k - 1] == "most" and low[k] == "recent"
            if k < self.n and (low[k] == "quarter" or (low[k] == "period" and k > j)):
                latest = k > j and self.dct is not None
                value = cal.period(cal.shift(self.dct, -1, "Q"), "Q") if latest else self._reported_quarter()
                return Hit(i, k + 1, "DATE", value, point=True, names_quarter=True)
        if j > i and (y := self._year_at(j)) and j + 1 < self.n:
            # "the 1988 quarter", "the 1988 period", "the 1988 third quarter"
            if low[j + 1] in ("quarter", "period"):
                q = self.ref_quarter[1] if self.ref_quarter else None
                return Hit(i, j + 2, "DATE", f"{y:04d}-Q{q}" if q else str(y), point=True)
            year, j = y, j + 1
        if (m := RE_QUARTER.match(low[j])):
            q, k = int(m.group(1)), j + 1
            kind = "Q"
        else:
            w = low[j]
            num = ORDINALS.get(w) or (int(RE_ORDINAL.match(w).group(1)) if RE_ORDINAL.match(w) else None)
            if num is None:
                return None
            k = j + 1 + (j + 1 < self.n and low[j + 1] == "-")
            if k >= self.n or low[k] not in ("quarter", "half"):
                return None
            kind = "Q" if low[k] == "quarter" else "H"
            q = (4 if kind == "Q" else 2) if num == -1 else num
            if q > (4 if kind == "Q" else 2) or (low[j] == "last" and kind == "Q" and low[j - 1] != "the"):
                return None
            k += 1
        if year is None:
            explicit, k2 = self._year_after(k, comma=False)
            if explicit is None and k < self.n and low[k] in ("of", "in") and k + 1 < self.n and self._year_at(k + 1):
                explicit, k2 = self._year_at(k + 1), k + 2
            if explicit is not None:
                year, k = explicit, k2
            elif k + 1 < self.n and low[k] == "of" and low[k + 1] in ("fiscal",) and self._year_at(k + 2):
                year, k = self._year_at(k + 2), k + 3
            elif self.dct is not None:
                if kind == "Q":
                    year = cal.year_for_quarter(self.dct, q, self.tense(i))
                else:
                    half = 1 if self.dct.month <= 6 else 2
                    year = self.dct.year if q <= half or self.tense(i) >= 0 else self.dct.year - 1
        value = None if year is None else f"{year:04d}-{kind}{q}"
        return Hit(i, k, "DATE", value, point=True, names_quarter=kind == "Q")

    def season(self, i: int, direction: int | None = None) -> Hit | None:
        low = self.low
        j = i + (low[i] == "the")
        if j >= self.n or low[j] not in SEASONS:
            return None
        code = SEASONS[low[j]]
        year, end = self._year_after(j + 1, comma=False)
        if direction is None and year is None:
            # Bare "fall"/"spring" are mostly other words: need "in the fall", "this spring", or
            # a point modifier ("the early summer", "late spring").
            before = low[i - 1] if i > 0 else ""
            if j == i and before not in ("early", "late", "mid"):
                return None
            if j > i and before not in ("in", "during", "by", "until", "since", "through", "over", "into",
                                        "throughout", "for", "of", "early", "late"):
                return None
            if end < self.n and low[end] == "of":
                return None
        if year is None and self.dct is not None:
            year = cal.year_for_season(self.dct, code, self.tense(i), direction)
        return Hit(i, end, "DATE", None if year is None else f"{year:04d}-{code}", point=True)

    def holiday(self, i: int) -> Hit | None:
        if not self.doc[i].text[:1].isupper():
            return None
        for size in range(min(4, self.n - i), 0, -1):
            rule = HOLIDAYS.get(tuple(self.low[i:i + size]))
            if rule is None:
                continue
            year, end = self._year_after(i + size, comma=False)
            if year is None and self.dct is not None:
                this_year = cal.holiday(self.dct.year, rule)
                if self.tense(i) > 0:
                    year = self.dct.year if this_year >= self.dct else self.dct.year + 1
                else:
                    year = self.dct.year if this_year <= self.dct else self.dct.year - 1
            value = None if year is None else cal.holiday(year, rule).isoformat()
            return Hit(i, end, "DATE", value, point=True)
        return None

    def year_words(self, i: int) -> Hit | None:
        """ "year-end", "year-ago", "year-earlier", "fiscal 1989", "the year 2000"."""
        low = self.low
        j = i + (low[i] == "the")
        if j >= self.n:
            return None
        w = low[j]
        if w in ("nineteen", "eighteen") and j + 1 < self.n and low[j + 1] in NUMBERS:
            tail, end = self._number_words(j + 1)
            if 10 <= tail < 100:
                return Hit(i, end, "DATE", str(NUMBERS[w] * 100 + int(tail)), point=True)
        ordinal = ORDINALS.get(w) or (int(RE_ORDINAL.match(w).group(1)) if RE_ORDINAL.match(w) else None)
        if ordinal and ordinal > 0 and j + 1 < self.n and low[j + 1] in ("century", "millennium"):
            value = f"{ordinal - 1:02d}" if low[j + 1] == "century" else f"{ordinal - 1}"
            return Hit(i, j + 2, "DATE", value, point=True)
        if w == "fiscal" and (y := self._year_at(j + 1)):
            return Hit(i, j + 2, "DATE", str(y), point=True)
        if w == "year-end":
            return Hit(i, j + 1, "DATE", self.dct and str(self.dct.year), point=True)
        if w != "year" or j + 2 >= self.n:
            return None
        if (y := self._year_at(j + 1)) and j > i:
            return Hit(i, j + 2, "DATE", str(y), point=True)
        if j > i and low[j + 1] == "two" and low[j + 2] == "thousand":
            tail, end = self._number_words(j + 1)
            return Hit(i, end, "DATE", str(int(tail)), point=True)
        k = j + 1 + (low[j + 1] in ("-", "'s"))
        if low[j + 1] in ("'s", "-", "end") and k < self.n and low[k] == "end":
            return Hit(i, k + 1, "DATE", self.dct and str(self.dct.year), point=True)
        if low[j + 1] == "-" and low[k] in ("ago", "earlier"):
            return self._year_ago_period(i, k + 1)
        return None

    def _year_ago_period(self, i: int, k: int) -> Hit:
        """ "year-ago", "the year-earlier quarter", "the year-ago third quarter"."""
        low = self.low
        named = self.quarter(k) if k < self.n else None
        if named is not None and named.value and named.names_quarter:
            year = (self.ref_quarter[0] if self.ref_quarter else int(named.value[:4])) - 1
            return Hit(i, named.end, "DATE", f"{year:04d}-{named.value[5:]}", point=True)
        end = k + 1 if k < self.n and low[k] in ("quarter", "period") else k
        return Hit(i, end, "DATE", self._year_before_reference(), point=True)

    def same_period(self, i: int) -> Hit | None:
        """ "the same period last year", "the comparable quarter a year ago": the period in
        question (the quarter or month last named), a year back."""
        low = self.low
        if low[i] != "the" or i + 2 >= self.n or low[i + 1] not in ("same", "comparable", "corresponding", "year-ago"):
            return None
        k = i + 2
        if low[k] not in ("period", "month", "quarter", "time"):
            return None
        k += 1
        back = None
        for phrase in (("last", "year"), ("a", "year", "ago"), ("a", "year", "earlier"), ("a", "year", "before"),
                       ("of", "last", "year"), ("of", "the", "last", "year"), ("of", "the", "previous", "year"),
                       ("the", "previous", "year"), ("the", "prior", "year"), ("a", "year", "earlier")):
            if tuple(low[k:k + len(phrase)]) == phrase:
                back = k + len(phrase)
                break
        if back is None:
            return None
        value: str | None
        if low[i + 2] != "month" and self.ref_quarter is not None:
            value = self._year_before_reference()
        elif low[i + 2] != "quarter" and self.ref_month is not None:
            value = f"{int(self.ref_month[:4]) - 1:04d}{self.ref_month[4:]}"
        else:
            value = self.dct and str(self.dct.year - 1)
        return Hit(i, back, "DATE", value, point=True)

    def around_date(self, i: int) -> Hit | None:
        """ "the day before last Tuesday's hearing", "the year after 1995": one unit off a date."""
        low = self.low
        j = i + (low[i] == "the")
        if j + 1 < self.n and j > i and low[j] in ("day", "week", "month", "year") and low[j + 1] in (
                "before", "after", "previous", "earlier") and (j + 2 == self.n or self.doc[j + 2].is_punct):
            # "$19.8 billion more than the year previous": one unit off the last date named.
            unit = UNITS[low[j]]
            anchor = self._anchor(unit)
            d = anchor and cal.shift(anchor, 1 if low[j + 1] == "after" else -1, unit)
            return Hit(i, j + 2, "DATE", d and cal.period(d, unit), point=True)
        if j + 2 >= self.n or low[j] not in ("day", "week", "month", "year") or low[j + 1] not in ("before", "after"):
            return None
        inner = self.core(j + 2)
        if inner is None or inner.type != "DATE" or inner.value is None:
            return None
        unit = UNITS[low[j]]
        start = _period_start(inner.value, _GRAIN[unit])
        if start is None:
            return None
        d = cal.shift(start, 1 if low[j + 1] == "after" else -1, unit)
        return Hit(i, inner.end, "DATE", cal.period(d, unit), point=True)

    def week_of_month(self, i: int) -> Hit | None:
        """ "the last week of March", "the first week of June 2024", "the week of March 6"."""
        low = self.low
        if low[i] == "the" and i + 3 < self.n and low[i + 1] == "week" and low[i + 2] == "of":
            # "a hearing the week of March 6": the ISO week holding that day.
            inner = self.month_expr(i + 3) or self.day_month(i + 3)
            if inner is None or (inner.value is not None and len(inner.value) != 10):
                return None
            return Hit(i, inner.end, "DATE", inner.value and cal.week(date.fromisoformat(inner.value)), point=True)
        if low[i] != "the" or i + 4 >= self.n or low[i + 2] != "week" or low[i + 3] != "of":
            return None
        nth = ORDINALS.get(low[i + 1])
        month = self._month_at(i + 4)
        if nth is None or month is None or nth > 5:
            return None
        inner = self.month_expr(i + 4)
        if inner is None:
            return None
        value = None
        if inner.value is not None:
            year = int(inner.value[:4])
            first = date(year, month, 1)
            # The week that holds most of the named days: mid-week of the first or last seven.
            middle = first + timedelta(days=7 * (nth - 1) + 3) if nth > 0 else \
                cal.shift(first, 1, "M") - timedelta(days=4)
            value = cal.week(middle)
        return Hit(i, inner.end, "DATE", value, point=True)

    # ---- tense ---------------------------------------------------------------------------

    def tense(self, i: int) -> int:
        """The tense of the clause around token ``i``: -1 past, +1 future, 0 present or unknown.

        Future: an auxiliary "will"/"shall", or an infinitive under "expect", "plan"... Past: a
        past-tense verb or a perfect. Verbs are found by climbing from the token to its head.
        """
        cached = self._tense.get(i)
        if cached is not None:
            return cached
        tok, result, deadline = self.doc[i], 0, None
        governor = tok.head
        for _ in range(3):
            deadline = DEADLINE_HEADS.get(governor.lower_)
            if deadline is not None or governor.pos_ in ("VERB", "AUX") or governor.head is governor:
                break
            governor = governor.head
        for _ in range(6):
            if tok.pos_ in ("VERB", "AUX"):
                result = self._verb_tense(tok, i)
                break
            if tok.head is tok:
                break
            tok = tok.head
        if deadline == "ahead":
            # "payable Dec. 7", "until Nov. 20" name what lies ahead, unless a past perfect says
            # it has gone by ("Until Thursday, they had not called him a suspect").
            result = -1 if result < 0 and _past_perfect(tok) else 1
        if result == 0 and any(tuple(self.low[max(0, i - len(k)):i]) == k for k in FUTURE_OPENERS):
            result = 1
        if deadline is not None:
            # "by", "to" a date on either side ("extended to Nov. 20", "of record Nov. 22"): the
            # nearest one, unless the clause is in the future ("will double by August").
            result = max(result, 0)
        self._tense[i] = result
        return result

    @staticmethod
    def _verb_tense(tok, i: int) -> int:
        """The tense a verb gives a time expression at token ``i`` that depends on it."""
        aux = [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")]
        if tok.lower_ in FUTURE_AUX or any(a in FUTURE_AUX for a in aux):
            return 1
        if any(a in FUTURE_MODALS for a in aux) and "have" not in aux:
            return 1
        if tok.lemma_ in SCHEDULING_VERBS and tok.i < i and tok.dep_ not in ("acl", "relcl"):
            # In a reduced relative ("a rally planned for Saturday was cancelled") the main
            # clause decides.
            return 1
        if "to" in aux:
            head = tok.head
            if head is tok:
                return 0
            if _past_perfect(tok):
                return -1  # "had been due to expire Friday": that plan lies in the past
            if head.lemma_ in FUTURE_GOVERNORS or (head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP")):
                return 1  # "expected to meet Friday", "is to resume trading Tuesday"
            return 0
        if tok.tag_ == "VBD" or any(a in ("had", "was", "were", "did") for a in aux) or (
                tok.tag_ == "VBN" and not aux):
            return -1
        return 0
