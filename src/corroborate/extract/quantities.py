"""Figures: the numbers an article claims, with their hedge, unit, what they count and who claims them.

``doc._.quantities`` is a list of :class:`Quantity` in text order, ids ``q1``, ``q2``...

What a figure is, and its fields:

- ``text``/span: the number with its hedge and its currency, magnitude or unit ("at least
  1,500", "about 250sq km", "US$40 billion", "40 per cent", "between 300 and 400"); a vague
  plural takes the noun it quantifies ("thousands of troops").
- ``value``: the figure as stated with its magnitude applied ($61bn -> 61000000000); the
  midpoint for a range; 40 for "40%"; 2/3 for "two-thirds".
- ``bound`` and ``low``/``high``: ``lower`` sets ``low``, ``upper`` sets ``high``, ``range``
  sets both. ``low``/``high`` carry only a stated limit, so ``exact`` and ``approx`` leave both
  None (an interval is derived from the bound later, by the ledger). Vague plurals
  ("thousands of") are ``lower``.
- ``unit``: an ISO 4217 code for money; ``percent``; a pint symbol for physical units
  ("km2", "t", "ha"); ``fraction`` for "two-thirds of"; ``person`` when the counted noun is a
  people noun; else ``item``.
- ``counted``: the noun phrase the figure quantifies with its modifiers; ``predicate``: what
  the clause says of it.
- ``statement``/``source``: the innermost statement whose content holds the figure, and its
  source's canonical name (its text when it has none); None when the article asserts it.

Not figures: anything inside a time expression of ``doc._.times`` and, so that this holds
even without the times component, numbers that count time units (durations, ages), years,
dates, times of day, ordinals, scores and tallies ("3-1", "5-4"), phone numbers, list
numbering, labels and product names ("Article 5", "Windows 7", "F-16", "the 787"), "one of",
small numbers referring back ("the two countries"), numbers naming a kind ("a three-point
plan"), conversions in brackets ("US$40 billion (GB £20.1 billion)", "5,600 miles (10,400
km)"), and percentages of change ("rose 5%", "a 5% drop", "up 3 per cent", "fell 631 points,
or 5.7%"; "rose to 5%" is a level and is kept): the output contract does not count changes as
claims. Index points of a change and percentage points are skipped for the same reason; a
change stated in money ("profit fell by $2bn") is kept, as the contract names percentages only.

Vocabulary: ``lexicons/hedges.json``, ``units.json``, ``numbers.json``, ``figure_guards.json``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from ..lexicons import load
from .measures import MeasureReader, governor
from .numbers import START_WORDS, Number, read_number, tidy
from .types import Quantity, Statement, TextSpan


def _phrases(items: dict[str, list[str]]) -> dict[tuple[str, ...], str]:
    return {tuple(p.split()): label for label, phrases in items.items() for p in phrases}


_HEDGES = load("hedges.json")
_UNITS = load("units.json")
_GUARDS = load("figure_guards.json")

HEDGE_BEFORE = _phrases(_HEDGES["before"])
HEDGE_AFTER = _phrases(_HEDGES["after"])
_HEDGE_BEFORE_LEN = max(len(p) for p in HEDGE_BEFORE)
_HEDGE_AFTER_LEN = max(len(p) for p in HEDGE_AFTER)
RANGE_CONNECTORS = frozenset(_HEDGES["range_connectors"])
CHANGE = frozenset(_HEDGES["change"])
NOT_CHANGE_WITH_UP = frozenset(_HEDGES["not_change_with_up"])

PEOPLE = frozenset(_UNITS["people"])
INVARIANT_PLURALS = frozenset(_UNITS["invariant_plurals"])
CURRENCY_SIGNS: dict[str, str] = _UNITS["currency_signs"]
CURRENCY_CODES = frozenset(_UNITS["currency_codes"])
CURRENCY_WORDS = {tuple(k.split()): v for k, v in _UNITS["currency_words"].items()}
CURRENCY_AFTER_MAGNITUDE = {tuple(k.split()): v for k, v in _UNITS["currency_words_after_magnitude"].items()}
CURRENCY_SUBUNITS: dict[str, tuple[str, float]] = {k: tuple(v) for k, v in _UNITS["currency_subunits"].items()}
PHYSICAL_WORDS = {tuple(k.split()): v for k, v in _UNITS["physical"].items()}
PERCENT_WORDS = frozenset(tuple(p.split()) for p in _UNITS["percent"])

TIME_UNITS = frozenset(_GUARDS["time_units"])
MONTHS = frozenset(_GUARDS["months"])
WEEKDAYS = frozenset(_GUARDS["weekdays"])
YEAR_CONTEXT = frozenset(_GUARDS["year_prepositions"]) | MONTHS
AGE_BEFORE = frozenset(tuple(p.split()) for p in _GUARDS["age_cues_before"])
AGE_AFTER = frozenset(_GUARDS["age_cues_after"])
LABELS = frozenset(_GUARDS["labels"])
SPORTS = frozenset(_GUARDS["sports_words"])
ANAPHORIC = frozenset(_GUARDS["anaphoric_determiners"])
CONVERSION_FILLERS = frozenset(_GUARDS["conversion_fillers"])

_TIME_TYPES = {"DATE", "TIME", "DURATION", "SET"}
_HYPHENS = {"-", "–", "—"}
_ORDINAL_SUFFIXES = {"st", "nd", "rd", "th"}
_CLOCK_SUFFIXES = {"am", "pm", "a.m.", "p.m.", "h", "hrs", "gmt", "utc"}
_NP_INTERNAL = {"compound", "amod", "nmod", "det", "poss", "nummod", "quantmod", "advmod", "case", "punct", "npadvmod"}
_PREDICATE_SKIP = {"conj", "cc", "punct", "advcl", "ccomp", "parataxis", "relcl", "mark", "nsubj", "nsubjpass", "dep",
                   "csubj", "expl", "intj", "meta"}
_RESTATING = {"or", "(", ",", "which", "is", "was", "that", "equal", "to"}
_LEFT_OF_VERB = {"aux", "auxpass", "neg", "advmod"}
_NOUNS = {"NOUN", "PROPN"}
_CANDIDATE_WORDS = START_WORDS | frozenset(CURRENCY_SIGNS) | CURRENCY_CODES


@lru_cache(maxsize=1)
def _physical_symbols() -> dict[tuple[str, ...], str]:
    """Unit words -> pint's compact symbol ("square kilometre" -> "km2"). pint loads on first need."""
    import pint

    registry = pint.UnitRegistry()
    return {
        words: format(registry.Unit(expr), "~C").replace("**", "")
        for words, expr in PHYSICAL_WORDS.items()
    }


@dataclass(slots=True)
class _Figure:
    """A figure being read: tokens ``[start, end)`` (hedges included), the number's own
    tokens ``[core_start, core_end)``, and what the reading found."""

    start: int
    end: int
    core_start: int
    core_end: int
    number: Number
    value: float | int
    currency: str | None = None
    percent: bool = False
    physical: str | None = None
    bound: str = "exact"
    low: float | int | None = None
    high: float | int | None = None
    counted: tuple[int, int] | None = None  # token range of the counted noun phrase
    head: int | None = None  # token index of the counted noun

    @property
    def bare(self) -> bool:
        """A plain count: no currency, percent or unit to vouch that it is a quantity."""
        return self.currency is None and not self.percent and self.physical is None

    @property
    def unit(self) -> str:
        if self.currency:
            return self.currency
        if self.percent:
            return "percent"
        if self.physical:
            return self.physical
        if self.number.kind == "fraction":
            return "fraction"
        return "item"


class _Reader:
    """Reads the figures of one Doc in a single pass over its tokens."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.texts = [t.text for t in doc]
        # sentence starts as one array: Token.sent walks the whole Doc on every call
        self.starts = doc.to_array([SENT_START]) == 1
        self.lower = [t.lower() for t in self.texts]
        self.n = len(doc)
        self.blocked = _time_tokens(doc)
        self.change_ends: set[int] = set()  # last tokens of changes skipped, for "631 points, or 5.7%"
        self.labels: set[int] = set()  # numbers skipped as labels, for "posts 542 and 543"

    # -- small lookups -------------------------------------------------------------------

    def sentence(self, i: int) -> tuple[int, int]:
        """The token range of the sentence holding token ``i``."""
        start = i
        while start > 0 and not self.starts[start]:
            start -= 1
        end = i + 1
        while end < self.n and not self.starts[end]:
            end += 1
        return start, end

    def word(self, i: int) -> str:
        return self.lower[i] if 0 <= i < self.n else ""

    def glued(self, i: int) -> bool:
        """Whether token ``i`` is written against the next one, with no space."""
        return 0 <= i < self.n and not self.doc[i].whitespace_

    def sent_start(self, i: int) -> bool:
        return i <= 0 or bool(self.starts[i])

    def phrase_before(self, i: int, phrases: dict | frozenset, longest: int) -> tuple[int, object] | None:
        """The longest phrase of ``phrases`` that ends just before token ``i`` in its sentence."""
        for size in range(min(longest, i), 0, -1):
            key = tuple(self.lower[i - size:i])
            if key in phrases and not any(self.sent_start(k) for k in range(i - size + 1, i + 1)):
                return i - size, (phrases[key] if isinstance(phrases, dict) else key)
        return None

    def phrase_after(self, i: int, phrases: dict | frozenset, longest: int) -> tuple[int, object] | None:
        """The longest phrase of ``phrases`` that starts at token ``i``."""
        for size in range(min(longest, self.n - i), 0, -1):
            key = tuple(self.lower[i:i + size])
            if key in phrases:
                return i + size, (phrases[key] if isinstance(phrases, dict) else key)
        return None

    # -- reading -------------------------------------------------------------------------

    def run(self) -> list[_Figure]:
        figures: list[_Figure] = []
        lower = self.lower
        i = 0
        while i < self.n:
            if not (lower[i][0].isdigit() or lower[i] in _CANDIDATE_WORDS):
                i += 1
                continue
            fig, resume = self.figure_at(i)
            if fig is not None and figures and fig.start < figures[-1].end:
                fig.start = max(fig.start, figures[-1].end)  # a hedge or sign already read with the last figure
                if fig.start > fig.core_start:
                    fig = None
            if fig is not None and not self.is_conversion(fig, figures):
                figures.append(fig)
                if fig.counted is not None and fig.counted[0] == fig.end:
                    # a number inside the counted noun modifies it: "five new 737 aircraft"
                    resume = max(resume, fig.counted[1])
            i = max(resume, i + 1)
        return figures

    def read(self, i: int) -> _Figure | None:
        """The number at ``i`` with its currency sign before it and its unit words after it."""
        currency = None
        start = i
        sign = self.lower[i]
        if sign in CURRENCY_SIGNS or (sign in CURRENCY_CODES and self.texts[i].isupper()):
            currency = CURRENCY_SIGNS.get(sign) or sign.upper()
            # a country written before the sign: "US $40", "GB £20", "A$5" split by the tokenizer
            prefix = self.word(i - 1) + sign
            if i > 0 and prefix in CURRENCY_SIGNS and self.texts[i - 1].isupper():
                currency, start = CURRENCY_SIGNS[prefix], i - 1
            i += 1
            if i >= self.n:
                return None
        number = read_number(self.texts, i, money=currency is not None)
        if number is None:
            return None
        fig = _Figure(start, number.end, start, number.end, number, number.value, currency=currency)
        suffix = number.suffix.lower()
        if suffix:
            if suffix == "%":
                fig.percent = True
            elif suffix in _ORDINAL_SUFFIXES or suffix in _CLOCK_SUFFIXES or suffix in ("s", "'s"):
                return None
            else:
                found = self.phrase_after_with(suffix, number.end)
                if found is None:
                    return None  # "5G", "3M", "4x4": a name, not a quantity
                fig.physical, fig.end = found
        if not (fig.percent or fig.physical):
            self.read_unit_words(fig)
        fig.core_end = fig.end
        return fig

    def phrase_after_with(self, suffix: str, j: int) -> tuple[str, int] | None:
        """A physical unit that starts glued to the digits ("250sq" + "km", "5km")."""
        symbols = _physical_symbols()
        for size in (3, 2, 1):
            key = (suffix, *self.lower[j:j + size - 1])
            if len(key) == size and key in symbols:
                return symbols[key], j + size - 1
        return None

    def read_unit_words(self, fig: _Figure) -> None:
        j = fig.end
        found = self.phrase_after(j, PERCENT_WORDS, 2)
        if found is not None:
            fig.percent, fig.end = True, found[0]
            return
        if fig.currency is None:
            found = self.phrase_after(j, CURRENCY_WORDS, 3)
            if found is None and fig.number.scaled:
                found = self.phrase_after(j, CURRENCY_AFTER_MAGNITUDE, 1)
            if found is not None and (found[1] != "KRW" or fig.number.scaled):
                fig.end, fig.currency = found[0], found[1]
                return
            # a currency code after the number: "5 million EUR"
            if self.word(j) in CURRENCY_CODES and self.texts[j].isupper():
                fig.end, fig.currency = j + 1, self.texts[j]
                return
            if self.word(j) in CURRENCY_SUBUNITS:
                fig.currency, share = CURRENCY_SUBUNITS[self.word(j)]
                fig.value, fig.end = tidy(fig.value * share), j + 1
                return
            if self.word(j) in _HYPHENS and self.glued(j - 1):
                j += 1  # "an 11.6-inch screen"
            found = self.phrase_after(j, _physical_symbols(), 3)
            if found is not None:
                fig.end, fig.physical = found[0], str(found[1])

    def figure_at(self, i: int) -> tuple[_Figure | None, int]:
        """The figure whose number starts at ``i`` (None when it is not a figure), and where
        to go on reading."""
        fig = self.read(i)
        if fig is None:
            return None, i + 1
        if self.is_vague_without_noun(fig):
            return None, fig.core_end
        if self.percent_points(fig):
            return None, fig.end + 2
        self.hedge(fig)
        pair, resume = self.range(fig)
        if pair == "score":
            return None, resume  # a score, a tally or a phone number: neither number is a figure
        if pair == "single" and fig.bare and fig.number.kind == "digits":
            self.borrow_unit(fig)
        if self.excluded(fig):
            return None, max(resume, fig.end)
        self.count(fig)
        if self.not_counted(fig):
            return None, max(resume, fig.end)
        if (fig.percent or (fig.head is not None and self.lower[fig.head] in ("point", "points"))) and self.is_change(fig):
            self.change_ends.add(fig.end - 1 if fig.head is None else max(fig.end, fig.head + 1) - 1)
            return None, max(resume, fig.end)
        return fig, max(resume, fig.end)

    # -- hedges and ranges ----------------------------------------------------------------

    def hedge(self, fig: _Figure) -> None:
        found = self.phrase_before(fig.start, HEDGE_BEFORE, _HEDGE_BEFORE_LEN)
        if found is not None:
            fig.start, fig.bound = found[0], str(found[1])
        found = self.phrase_after(fig.end, HEDGE_AFTER, _HEDGE_AFTER_LEN)
        if found is not None and fig.bound == "exact":
            fig.end, fig.bound = found[0], str(found[1])
        if fig.number.kind == "vague" and fig.bound == "exact":
            fig.bound = "lower"
        if fig.bound == "lower":
            fig.low = fig.value
        elif fig.bound == "upper":
            fig.high = fig.value

    def range(self, fig: _Figure) -> tuple[str, int]:
        """Join "between X and Y", "X to Y", "X-Y", "X or Y" into one range figure.

        Returns ("range" when joined, "single" when the number stands alone, "score" when
        the pair is a score, a tally or a phone number) and where to go on reading.
        """
        single = "single", fig.end
        j = fig.core_end
        connector = self.word(j)
        if connector not in RANGE_CONNECTORS or j + 1 >= self.n or fig.number.kind in ("vague", "fraction"):
            return single
        opener = self.word(fig.core_start - 1)
        if connector == "and" and opener != "between":
            return single
        if not (self.lower[j + 1][0].isdigit() or self.lower[j + 1] in _CANDIDATE_WORDS):
            return single
        second = self.read(j + 1)
        if second is None or second.number.kind in ("vague", "fraction"):
            return single
        if (
            (connector in _HYPHENS or (connector == "to" and opener != "from"))
            and fig.bare
            and second.bare
            and fig.number.kind == second.number.kind == "digits"
            and self.is_score(fig, second)
        ):
            return "score", second.end  # "won 3-1", "split 4 to 1", "555-1234"
        low, high = self.share(fig, second)
        if low is None:
            return single
        if connector == "to" and opener == "from" and self.changes(fig.core_start - 1):
            return single  # "rose from 5% to 7%": two levels, not a range
        if connector == "or" and not (fig.bare and second.bare):
            return single
        fig.value = tidy((low + high) / 2)
        fig.low, fig.high, fig.bound = low, high, "range"
        fig.end = fig.core_end = second.end
        if opener == "between" or (opener == "from" and connector == "to"):
            fig.start = fig.core_start - 1
        return "range", second.end

    def share(self, fig: _Figure, second: _Figure) -> tuple[float | int | None, float | int | None]:
        """The two ends of a range once the currency, unit and magnitude written on one end
        are given to the other ("$5-6bn", "10-15%", "2 to 3 million"); (None, None) when they
        do not make a rising pair of the same kind."""
        for attr in ("currency", "physical"):
            a, b = getattr(fig, attr), getattr(second, attr)
            if a and b and a != b:
                return None, None
            if a or b:
                setattr(fig, attr, a or b)
                setattr(second, attr, a or b)
        if fig.percent != second.percent:
            if fig.end != fig.core_end or not second.percent:
                return None, None
            fig.percent = True
        low, high = fig.value, second.value
        if second.number.scaled and not fig.number.scaled and low * second.number.factor <= high:
            low = low * second.number.factor
        if not low < high:
            return None, None
        return tidy(low), tidy(high)

    def is_score(self, fig: _Figure, second: _Figure) -> bool:
        """"3-1", "5-4", "555-1234": a hyphenated pair that is no rising range, or small
        numbers where the sentence speaks of a game or a vote."""
        a, b = fig.value, second.value
        first_text, second_text = self.texts[fig.core_start], self.texts[second.core_start]
        if a >= b or (len(first_text) == 3 and len(second_text) == 4 and second_text.isdigit() and b % 100):
            return True  # "555-1234" is a phone number; "500-1000" a range
        if a > 20 or b > 200:
            return False
        start, end = self.sentence(fig.core_start)
        return any(t.lower_ in SPORTS or t.lemma_.lower() in SPORTS for t in self.doc[start:end])

    # -- not figures ----------------------------------------------------------------------

    def excluded(self, fig: _Figure) -> bool:
        """Dates, years, times, ages, durations, labels, codes, list numbers, phone numbers."""
        doc = self.doc
        core = range(fig.core_start, fig.core_end)
        if any(k in self.blocked for k in core):
            return True
        before, after = fig.core_start - 1, fig.core_end
        prev, nxt = self.word(before), self.word(after)
        # an hour, a day, a year counted is a duration, an age or a date
        unit_word = self.word(after + 1) if nxt in _HYPHENS and self.glued(after - 1) else nxt
        if unit_word in TIME_UNITS or unit_word in AGE_AFTER or nxt in AGE_AFTER:
            return True
        if self.phrase_before(fig.core_start, AGE_BEFORE, 2) is not None:
            return True
        if fig.number.kind == "vague":
            return False
        # "F-16", "COVID-19", "A380-800F"
        if (
            prev in _HYPHENS
            and self.glued(before - 1)
            and self.glued(before)
            and any(c.isalpha() for c in self.texts[before - 1])
        ):
            return True
        if not fig.bare:
            return False
        number = fig.number
        if fig.bound != "range" and self.in_time_entity(fig):
            return True
        if number.kind == "digits":
            text = self.texts[number.start]
            if self.is_year(fig, text):
                return True
            if prev in MONTHS or nxt in MONTHS or (nxt == "," and self.word(after + 1) in MONTHS):
                return True
            # phone numbers and codes: digit groups side by side
            if (before >= 0 and self.texts[before].isdigit() and not self.glued(before)) or (
                after < self.n and self.texts[after].isdigit() and fig.end == after
            ):
                return True
            # a number naming a product, a road or a chapter: "Windows 7", "Article 5", "10 Downing Street"
            if prev in LABELS and fig.start == fig.core_start:
                return True
            if self.names_proper_noun(fig) or _labels_noun(doc[fig.core_end - 1]):
                return True
        # list numbering: "1." or "2)" opening a line
        if self.sent_start(fig.core_start) and nxt in (".", ")", ":") and fig.end == fig.core_end:
            return True
        if prev == "(" and nxt == ")" and number.value < 100 and fig.start == fig.core_start:
            return True
        # an age after a name: "Mark Smith, 45, said", "Crutcher, 40 ― a father"
        if prev == "," and nxt in (",", ")", ";", "―", "—", "–", "-") and before >= 1 and doc[before - 1].pos_ == "PROPN":
            return True
        return False

    def in_time_entity(self, fig: _Figure) -> bool:
        """Whether the model's NER puts the number in a date or time with other words ("15 a
        year", "the 1990s"). A number tagged DATE on its own ("risen to 54") is often a count."""
        doc = self.doc
        label = doc[fig.core_start].ent_type_
        if label == "ORDINAL":
            return True
        if label not in ("DATE", "TIME"):
            return False
        before, after = fig.core_start - 1, fig.core_end
        return (before >= 0 and doc[before].ent_type_ == label and doc[fig.core_start].ent_iob_ == "I") or (
            after < self.n and doc[after].ent_iob_ == "I"
        )

    def is_year(self, fig: _Figure, text: str) -> bool:
        value = fig.number.value  # the first number of a range: "from 2004 to 2009"
        if not (isinstance(value, int) and 1000 <= value <= 2199 and text.isdigit() and not fig.number.scaled):
            return False
        prev = self.word(fig.core_start - 1)
        number = self.doc[fig.core_end - 1]
        # News writes counts of a thousand and more with a comma ("2,000 people"): without one a
        # number modifying a plural noun counts only when it cannot be a recent year ("1709
        # schoolchildren") or a hedge says so ("more than 2000 people"), and no date word precedes
        # ("the 2010 elections", "2007 models").
        counts = (
            number.dep_ == "nummod"
            and number.head.tag_ == "NNS"
            and number.head.i > number.i
            and number.head.lower_ not in TIME_UNITS
            and prev not in YEAR_CONTEXT
            and (not 1800 <= value <= 2100 or fig.bound != "exact")
        )
        return not counts

    def names_proper_noun(self, fig: _Figure) -> bool:
        """A number right after a name, or modifying a singular name, names it: "Windows 7",
        "Boeing 747", "Apollo 11", "10 Downing Street"."""
        doc = self.doc
        before = fig.core_start - 1
        if fig.start != fig.core_start:
            return False
        if before >= 0 and doc[before].pos_ == "PROPN" and doc[before].ent_type_ not in ("DATE", "TIME"):
            word = self.lower[before]
            if word not in MONTHS and word not in WEEKDAYS and not self.sent_start(fig.core_start):
                return True
        last = doc[fig.core_end - 1]
        head = last.head
        return (
            last.dep_ in ("nummod", "compound")
            and head.i > last.i
            and head.tag_ == "NNP"
            and head.ent_type_ not in ("NORP",)
            and head.lower_ not in PEOPLE
        )

    def is_vague_without_noun(self, fig: _Figure) -> bool:
        """"dozens", "scores" and "tens" quantify only with "of"; "thousands" may stand alone
        as a clause's subject or object ("Thousands fled")."""
        if fig.number.kind != "vague" or fig.currency:
            return False
        after = fig.core_end
        if self.word(after) == "of":
            return self.word(fig.core_start - 1) in ANAPHORIC  # "the scores of the games"
        word = self.lower[fig.core_end - 1]
        token = self.doc[fig.core_end - 1]
        if word in ("dozens", "scores", "tens"):
            return True
        return token.dep_ not in ("nsubj", "nsubjpass", "dobj") or self.word(fig.core_start - 1) in ANAPHORIC

    def percent_points(self, fig: _Figure) -> bool:
        return (
            not fig.percent
            and self.word(fig.end) == "percentage"
            and self.word(fig.end + 1) in ("point", "points")
        )

    def not_counted(self, fig: _Figure) -> bool:
        """Numbers that do not state how many: "one of the", "the two countries", a bare
        fraction ("three quarters" of a year), "half" in "the first half"."""
        number = fig.number
        prev = self.word(fig.core_start - 1)
        nxt = self.word(fig.core_end)
        if number.kind == "fraction":
            return nxt != "of" or prev in ANAPHORIC
        if fig.bare and number.value != 1 and fig.head is not None and nxt != "of" and self.names_singular(fig):
            return True
        if fig.bare and fig.head is not None and self.lower[fig.head] in TIME_UNITS:
            return True  # "hundreds of times", "three days"
        if number.kind == "words" and self.texts[fig.core_start].istitle() and not self.sent_start(fig.core_start):
            return fig.bare  # "the Ford Five Hundred": a capitalised number mid-sentence is a name
        if not fig.bare or fig.bound != "exact" or number.scaled:
            return False
        if number.kind == "words" and number.value == 1:
            # "one" counts only a person it modifies directly: "one soldier died" (not "at one point")
            return (
                fig.head is None or fig.head != fig.core_end or prev in ANAPHORIC or prev == "no"
                or not _is_people(self.doc[fig.head])
            )
        if fig.head is None and number.kind == "digits" and (
            self.doc[fig.core_start - 1].pos_ == "NOUN" or (prev in ("and", "or", ",") and fig.core_start - 2 in self.labels)
        ):
            self.labels.add(fig.core_end - 1)
            return True  # a number after a noun, counting nothing, labels it: "posts 542 and 543"
        if fig.head is None and (prev in ANAPHORIC | {"a", "an", "'s", "’s"} or self.determined(fig)):
            return True  # "the 787", "Boeing's 747", "the mid-sized 787": a name, not a count
        if number.kind == "words" and number.value <= 10 and prev in ANAPHORIC:
            return True
        if number.kind == "words" and fig.head is None and nxt not in ("of",):
            # a spelled-out number with nothing counted is a pronoun-like use: "the other two"
            return prev in ANAPHORIC or number.value <= 10
        return False

    def determined(self, fig: _Figure) -> bool:
        """Whether the number heads a noun phrase with a determiner of its own: "the new 787"."""
        last = self.doc[fig.core_end - 1]
        return any(c.dep_ == "det" and c.i < fig.start for c in last.children)

    def names_singular(self, fig: _Figure) -> bool:
        """More than one of a singular noun is no count: the number names a model, a level or
        a label ("the 717 program", "the 5000 mark", "a 6 point gain"). Compounds such as
        "5,000-strong force" and collective people nouns ("300 staff") still count."""
        head = self.doc[fig.head]
        if head.tag_ not in ("NN", "NNP") or head.lower_ in INVARIANT_PLURALS:
            return False
        if self.word(fig.core_end) in _HYPHENS and fig.value >= 100:
            return False  # "a 5,000-strong force"; but "a five-alarm call", "a ten-point lead" name kinds
        return head.lemma_.lower() == head.lower_

    def borrow_unit(self, fig: _Figure) -> None:
        """"fell by 1.5 and 3 percent", "1.83 and 2 GHz": a bare number in a pair takes the
        unit written after the second."""
        j = fig.end
        if self.word(j) not in ("and", "or", ",") or j + 1 >= self.n or not self.lower[j + 1][0].isdigit():
            return
        second = self.read(j + 1)
        if second is not None and not second.bare:
            fig.percent, fig.physical = second.percent, second.physical
            fig.currency = fig.currency or second.currency

    def is_conversion(self, fig: _Figure, figures: Sequence[_Figure]) -> bool:
        """"US$40 billion (GB £20.1 billion)", "5,600 miles (10,400 km)": the bracket restates
        the figure in another currency or unit."""
        if not figures:
            return False
        last = figures[-1]
        if fig.currency is not None:
            if last.currency is None or last.currency == fig.currency:
                return False
        elif fig.physical is None or last.physical is None or last.physical == fig.physical:
            return False
        k = fig.start - 1
        while k > last.end and self.lower[k] in CONVERSION_FILLERS:
            k -= 1
        return k == last.end - 1 or (k == last.end and self.lower[k] in ("(", "["))

    # -- what is counted ------------------------------------------------------------------

    def count(self, fig: _Figure) -> None:
        """Find the counted noun phrase; a vague plural's span takes its noun."""
        doc = self.doc
        k = fig.end
        through_of = self.word(k) == "of"
        if through_of:
            k += 1
            while k < self.n and (doc[k].dep_ in ("det", "poss", "case") or self.lower[k] in ("the", "a", "an")):
                k += 1
        elif self.word(k) in _HYPHENS and self.glued(k - 1):
            k += 1  # "a 5,000-strong force"
        elif self.word(k) == "(":
            # "a US$40 billion (GB £20.1 billion) contract": the noun comes after the bracket
            close = next((m for m in range(k + 1, min(k + 12, self.n)) if self.lower[m] == ")"), None)
            if close is not None:
                k = close + 1
        if k >= self.n or self.sent_start(k) or doc[k].is_punct:
            return
        head = self.np_head(k)
        if head is None:
            return
        if self.lower[head] in TIME_UNITS or doc[head].ent_type_ in ("DATE", "TIME"):
            if fig.bare:
                fig.head = head  # "three days": not_counted drops it
            return
        end = head + 1
        # "rounds of ammunition": the noun's own "of" phrase names what it is
        if self.word(end) == "of" and end + 1 < self.n:
            pobj = doc[end + 1]
            target = self.np_head(end + 1)
            if target is not None and pobj.pos_ != "PRON" and self.lower[target] not in TIME_UNITS:
                end = target + 1
        fig.counted = (k, end)
        fig.head = head
        if fig.number.kind == "vague" and through_of:
            fig.end = head + 1

    def np_head(self, k: int) -> int | None:
        """The noun a noun phrase starting at ``k`` builds up to, by the parse, or None."""
        doc = self.doc
        token = doc[k]
        if token.pos_ not in ("NOUN", "PROPN", "ADJ", "VERB", "NUM", "X") and token.lower_ not in PEOPLE:
            return None
        sent_end = self.sentence(k)[1]
        while token.dep_ in _NP_INTERNAL and token.head.i > token.i and token.head.i < sent_end and token.head.i - k < 8:
            token = token.head
        if token.pos_ in _NOUNS or (token.lower_ in PEOPLE and token.pos_ == "ADJ"):
            return token.i
        return None

    def is_change(self, fig: _Figure) -> bool:
        """A percentage (or index points) measuring a change: "rose 5%", "fell by 5%", "up 5%",
        "a 5% drop", "an increase of 5%", and "lost 631 points, or 5.7%". "rose to 5%" is a level."""
        doc = self.doc
        prev, nxt = self.word(fig.start - 1), self.word(fig.end)
        if prev == "down" or (prev == "up" and doc[fig.start - 1].head.lemma_.lower() not in NOT_CHANGE_WITH_UP):
            return True
        if nxt in ("higher", "lower", "up", "down", "more", "less"):
            return True
        k = fig.start - 1
        while self.word(k) in _RESTATING:
            k -= 1
        if k in self.change_ends and any(w in ("or", "(", "which") for w in self.lower[k + 1:fig.start]):
            return True  # the same change restated: "fell 631 points, or 5.7%", "2.36%, which is 118.40 points"
        k = fig.end + 1 if nxt in _HYPHENS else fig.end
        if k < self.n and doc[k].pos_ == "NOUN" and doc[k].lemma_.lower() in CHANGE:
            return True
        k = fig.start - 1
        while self.word(k) in ("a", "an", "total", "of", "average"):
            k -= 1  # "down by a total of 14%"
        if self.word(k) == "by":
            by = doc[k]
            verb = by.head.head if by.dep_ == "conj" else by.head  # "by 49 percent or by 27 percent"
            if verb.lemma_.lower() in CHANGE or self.word(by.i - 1) in CHANGE:
                return True  # "cut by 8 percent", "went up by 5%"
        # the token of the figure the rest of the sentence hangs it from
        top = doc[fig.end - 1]
        while fig.start <= top.head.i < fig.end and top.head.i != top.i:
            top = top.head
        if fig.head is not None and top.head.i == fig.head:
            top = top.head  # "lost 631 points": the noun carries the figure
        if top.dep_ in ("conj", "appos"):
            top = top.head  # "631 points, or 5.7%", "17 cents (2.1%)"
        governor = top.head
        if governor.i == top.i:
            return False
        if governor.pos_ == "ADP":
            if governor.lower_ not in ("by", "of"):
                return False
            governor = governor.head
        return governor.lemma_.lower() in CHANGE or governor.lower_ in CHANGE

    def changes(self, i: int) -> bool:
        """Whether token ``i`` ("from") hangs from a verb of change."""
        token = self.doc[i]
        return token.head.lemma_.lower() in CHANGE

    # -- predicate ----------------------------------------------------------------------

    def predicate(self, fig: _Figure) -> str | None:
        """What the clause says of the counted noun: "had already arrived in Russia"."""
        doc = self.doc
        node, verb = governor(doc[fig.head] if fig.head is not None else doc[fig.core_end - 1])
        if verb is None:
            return None
        keep: set[int] = set()
        subject = node.dep_ in ("nsubj", "nsubjpass", "csubj")
        if not subject and verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
            ruling = verb.head  # "was preparing to send"
            keep.update(c.i for c in ruling.lefts if c.dep_ in _LEFT_OF_VERB)
            keep.add(ruling.i)
        for child in verb.lefts:
            if child.dep_ in _LEFT_OF_VERB and (not subject or child.i > node.i):
                keep.update(t.i for t in child.subtree)
            elif child.dep_ == "aux" and child.lower_ == "to":
                keep.add(child.i)
        keep.add(verb.i)
        for child in verb.rights:
            if child.dep_ == "advcl" and self.continues(verb, child):
                keep.update(t.i for t in child.subtree)
                continue
            if child.dep_ in _PREDICATE_SKIP or child.i == node.i:
                if child.dep_ == "conj" and child.pos_ == "VERB" and not any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in child.children
                ):
                    keep.update(c.i for c in verb.rights if c.dep_ == "cc" and c.i < child.i)
                    keep.add(child.i)
                continue
            if child.dep_ in ("dobj", "attr") and not subject:
                continue
            keep.update(t.i for t in child.subtree if not (fig.start <= t.i < fig.end))
        keep -= set(range(fig.start, fig.end))
        if fig.counted:
            keep -= set(range(*fig.counted))
        if not keep:
            return None
        return _join(doc, sorted(keep)) or None

    def continues(self, verb: Token, clause: Token) -> bool:
        """Whether an adverbial clause goes on the verb's own predicate ("sent to train in
        Russia", "confirmed killed in combat") rather than adding another ("…, helping to stall")."""
        if any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in clause.children):
            return False
        return not any(self.doc[k].is_punct for k in range(verb.i + 1, clause.left_edge.i))


def _labels_noun(token: Token) -> bool:
    """A number hanging from the noun just before it labels it: "posts 542 and 543"."""
    if token.dep_ == "conj" and token.head.i < token.i and token.head.like_num:
        token = token.head
    head = token.head
    return head.i == token.i - 1 and head.pos_ == "NOUN" and token.dep_ in ("nummod", "appos", "npadvmod", "compound")





def _join(doc: Doc, indices: list[int]) -> str:
    parts: list[str] = []
    for n, i in enumerate(indices):
        token = doc[i]
        if token.is_punct and (n == 0 or n == len(indices) - 1):
            continue
        parts.append(token.text)
        contiguous = n + 1 < len(indices) and indices[n + 1] == i + 1
        parts.append(token.whitespace_ if contiguous else " ")
    return "".join(parts).strip()


def _time_tokens(doc: Doc) -> set[int]:
    """Indices of the tokens inside the time expressions the times component found."""
    blocked: set[int] = set()
    for t in doc._.times or []:
        if t.type not in _TIME_TYPES:
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is not None:
            blocked.update(range(span.start, span.end))
    return blocked


def _statement_for(start: int, end: int, statements: Sequence[Statement]) -> Statement | None:
    """The innermost statement whose content holds the figure's first character."""
    best = None
    for s in statements:
        c = s.content
        if c.start <= start < c.end and (best is None or c.end - c.start < best.content.end - best.content.start):
            best = s
    return best


def find_quantities(doc: Doc) -> list[Quantity]:
    """The figures of ``doc`` (see the module docstring); reads ``doc._.times`` and ``doc._.statements``."""
    if len(doc) == 0:
        return []
    reader = _Reader(doc)
    figures = reader.run()
    if not figures:
        return []
    measures = MeasureReader(doc, reader.starts)  # its indexes cost a pass over entities and times
    text = doc.text  # Doc.text joins every token on each call
    statements = doc._.statements or []
    out: list[Quantity] = []
    # sentence start, counted, unit and head token of the last counted count
    antecedent: tuple[int, TextSpan, str, int | None] | None = None
    for fig in figures:
        first, last = doc[fig.start], doc[fig.end - 1]
        start, end = first.idx, last.idx + len(last.text)
        counted = None
        unit = fig.unit
        stands_for = None
        if fig.counted is not None:
            a, b = doc[fig.counted[0]], doc[fig.counted[1] - 1]
            counted = TextSpan(text[a.idx:b.idx + len(b.text)], a.idx, b.idx + len(b.text))
            if unit == "item" and fig.head is not None and _is_people(doc[fig.head]):
                unit = "person"
            if fig.bare:
                antecedent = (reader.sentence(fig.start)[0], counted, unit, fig.head)
        elif antecedent is not None and _elliptical(fig, last) and _near(reader, antecedent[0], fig.start):
            # "Police put the crowd at about 8,000 people; organisers said more than 40,000 had
            # joined": a bare number standing for a noun phrase counts what the last count counted.
            counted, unit, stands_for = antecedent[1], antecedent[2], antecedent[3]
        statement = _statement_for(start, end, statements)
        source = None
        if statement is not None and statement.source is not None:
            source = statement.source.name or statement.source.text
        out.append(
            Quantity(
                id=f"q{len(out) + 1}",
                text=text[start:end],
                start=start,
                end=end,
                value=fig.value,
                low=fig.low,
                high=fig.high,
                bound=fig.bound,
                unit=unit,
                counted=counted,
                predicate=reader.predicate(fig),
                statement=statement.id if statement is not None else None,
                source=source,
                measure=measures.measure(fig.start, fig.end, fig.head, fig.currency is not None, stands_for),
            )
        )
    return out


_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "conj", "appos"})
_ELLIPSIS_SENTENCES = 2  # how far back the counted noun of an elliptical figure may be


def _elliptical(fig: _Figure, number: Token) -> bool:
    """A plain count that is itself the noun phrase (subject, object): "more than 40,000 had joined"."""
    return fig.bare and fig.number.kind != "fraction" and number.dep_ in _NOMINAL_DEPS


def _near(reader: _Reader, antecedent_sentence: int, i: int) -> bool:
    """The figure at token ``i`` is at most _ELLIPSIS_SENTENCES sentences after the antecedent's."""
    return sum(1 for k in range(antecedent_sentence + 1, i + 1) if reader.starts[k]) <= _ELLIPSIS_SENTENCES


def _is_people(token: Token) -> bool:
    return (
        token.lemma_.lower() in PEOPLE
        or token.lower_ in PEOPLE
        or (token.ent_type_ == "NORP" and token.tag_ in ("NNS", "NNPS"))
    )


@Language.component("corroborate_quantities", requires=["doc._.entities", "doc._.statements", "doc._.times", "token.dep"],
                    assigns=["doc._.quantities"])
def component(doc: Doc) -> Doc:
    doc._.quantities = find_quantities(doc)
    return doc
