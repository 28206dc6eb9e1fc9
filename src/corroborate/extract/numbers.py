"""Numbers as news writes them, read from a run of tokens.

``read_number(texts, i)`` reads the number that starts at token ``i`` and says how far it goes:
digits with separators and decimals (``1,500``, ``2.5``), magnitudes glued or apart (``61bn``,
``1.5 m``, ``3 million``), number words (``twenty-one``, ``two-and-a-half``, ``a dozen``,
``half a million``), fractions (``two-thirds``, ``a quarter``) and vague plurals
(``thousands``, ``tens of thousands``). It knows nothing of what the number counts, of hedges
or of units other than magnitudes: ``corroborate.extract.quantities`` does that.

The vocabulary lives in ``lexicons/numbers.json``.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..lexicons import load

_LEX = load("numbers.json")
UNITS: dict[str, int] = _LEX["units"]
TENS: dict[str, int] = _LEX["tens"]
SCALES: dict[str, int] = _LEX["scales"]
ABBREVIATIONS: dict[str, int] = _LEX["abbreviations"]
DENOMINATORS: dict[str, int] = _LEX["denominators"]
VAGUE: dict[str, int] = _LEX["vague"]
VAGUE_SCALES = frozenset(_LEX["vague_scales"])

# Words a spelled-out number may contain, and so the words a figure may start with.
NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES) | {"a", "an", "half"}
START_WORDS = NUMBER_WORDS | frozenset(VAGUE)

# A leading zero ("020") makes a code or a phone number, not a quantity; "0.5" and "0" are fine.
_DIGITS = re.compile(r"^(0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*|0(?=\.))(\.\d+)?([A-Za-z%²]+)?$")
_HYPHENS = {"-", "–", "—"}


@dataclass(frozen=True, slots=True)
class Number:
    """A number read from tokens ``[start, end)``.

    ``kind`` is ``digits``, ``words``, ``fraction`` or ``vague``. ``factor`` is the magnitude
    (million, bn, dozen) that multiplied it, 1 when none did. ``suffix`` is what was glued after the
    digits and is not a magnitude ("sq" in "250sq", "%" in "40%", "am" in "10am"); an empty
    string when nothing was.
    """

    value: float | int
    start: int
    end: int
    kind: str
    factor: int = 1
    suffix: str = ""

    @property
    def scaled(self) -> bool:
        return self.factor != 1


def tidy(value: float) -> float | int:
    """An int when whole; float products such as 34.3 * 1e9 are rounded to 12 significant digits."""
    value = float(f"{value:.12g}")
    return int(value) if value.is_integer() else value


def parse_digits(text: str) -> tuple[float | int, str] | None:
    """``"1,500"`` -> ``(1500, "")``; ``"250sq"`` -> ``(250, "sq")``; None when not a number."""
    m = _DIGITS.match(text)
    if m is None:
        return None
    whole, decimals, suffix = m.group(1), m.group(2) or "", m.group(3) or ""
    value = float(whole.replace(",", "") + decimals) if decimals else int(whole.replace(",", ""))
    return value, suffix


def magnitude(word: str, raw: str, allow_upper: bool) -> int | None:
    """The multiplier a word or glued suffix stands for: "million", "bn", "m"; None if none.

    Upper-case abbreviations count only where ``allow_upper`` (after a currency sign): a bare
    "3M" names a company.
    """
    if word in SCALES and word != "dozen":
        return SCALES[word]
    if word in ABBREVIATIONS and (allow_upper or raw == word):
        return ABBREVIATIONS[word]
    return None


def read_number(texts: Sequence[str], i: int, *, money: bool = False) -> Number | None:
    """The number starting at token ``i`` of ``texts`` (the tokens' own texts), or None.

    ``money`` says a currency sign came just before, which makes "m"/"M" a magnitude for sure.
    """
    raw = texts[i]
    word = raw.lower()
    digits = parse_digits(raw)
    if digits is not None:
        return _read_digits(texts, i, digits, money)
    if word in VAGUE:
        return _read_vague(texts, i)
    if word in NUMBER_WORDS:
        return _read_words(texts, i)
    return None


def _read_digits(texts: Sequence[str], i: int, digits: tuple[float | int, str], money: bool) -> Number:
    value, suffix = digits
    glued = suffix.lower()
    factor = (magnitude(glued, suffix, money) if glued else None) or 1
    if factor != 1:
        suffix = ""
    end = i + 1
    if not suffix and factor == 1 and end + 1 < len(texts) and texts[end] in _HYPHENS and magnitude(
        texts[end + 1].lower(), texts[end + 1], money
    ):
        end += 1  # "a $400-million business"
    if not suffix and factor == 1 and end < len(texts):
        nxt = texts[end].lower()
        factor = magnitude(nxt, texts[end], money) or (12 if nxt == "dozen" else 1)
        if factor != 1:
            end += 1
            # "5 hundred thousand": a hundred may take a larger scale after it
            if nxt == "hundred" and end < len(texts):
                more = magnitude(texts[end].lower(), texts[end], money)
                if more is not None:
                    factor, end = factor * more, end + 1
    return Number(tidy(value * factor), i, end, "digits", factor, suffix)


def _read_vague(texts: Sequence[str], i: int) -> Number:
    """``thousands``; ``tens of thousands``; ``hundreds of millions``."""
    word = texts[i].lower()
    if (
        word in ("tens", "hundreds")
        and i + 2 < len(texts)
        and texts[i + 1].lower() == "of"
        and texts[i + 2].lower() in VAGUE_SCALES
    ):
        value = VAGUE[word] * VAGUE[texts[i + 2].lower()]
        return Number(value, i, i + 3, "vague", value)
    return Number(VAGUE[word], i, i + 1, "vague", VAGUE[word])


def _word_run(texts: Sequence[str], i: int) -> list[tuple[int, str]]:
    """Tokens from ``i`` that may belong to a spelled-out number: number words, fraction
    words after a numerator, and hyphens/"and"/"a" between them. Trailing joiners are dropped."""
    run: list[tuple[int, str]] = []
    j = i
    n = len(texts)
    while j < n:
        w = texts[j].lower()
        if w in NUMBER_WORDS:
            run.append((j, w))
        elif w in DENOMINATORS and run and run[-1][1] != "and":
            run.append((j, w))  # "two thirds", "two-thirds", "a quarter"
        elif w in _HYPHENS:
            if not run or j + 1 >= n:
                break
            run.append((j, w))
        elif w == "and":
            if not run or not _and_continues(texts, run[-1][1], j + 1):
                break
            run.append((j, w))
        else:
            break
        j += 1
    while run and run[-1][1] in (_HYPHENS | {"and", "a", "an"}):
        run.pop()
    return run


def _and_continues(texts: Sequence[str], prev: str, j: int) -> bool:
    """Whether "and" at ``j - 1`` is inside a number ("two and a half", "a hundred and
    fifty") rather than joining two numbers ("between two and three")."""
    ahead = [w.lower() for w in texts[j:j + 6] if w not in _HYPHENS][:2]
    if ahead[:2] in (["a", "half"], ["an", "half"]):
        return True
    return prev in SCALES and prev != "dozen" and bool(ahead) and (ahead[0] in UNITS or ahead[0] in TENS)


def _read_words(texts: Sequence[str], i: int) -> Number | None:
    run = _word_run(texts, i)
    if not run or (run[0][1] in SCALES and run[0][1] != "hundred"):
        return None  # "billion" or "dozen" alone is the tail of a number ("SGD1.75-billion", "a couple dozen")
    words = [w for _, w in run if w not in _HYPHENS]
    end = run[-1][0] + 1
    value = _words_value(words)
    if value is None:
        return None
    number_value, kind, factor = value
    return Number(tidy(number_value), i, end, kind, factor)


def _words_value(words: list[str]) -> tuple[float, str, int] | None:
    """Evaluate spelled-out number words (hyphens removed): (value, kind, largest scale).

    ``total`` holds what larger scales closed, ``group`` the part under a thousand being
    built. "and a half" adds 0.5 to the group; a denominator turns the group into a fraction.
    """
    total = 0.0
    group: float | None = None
    factor = 1
    fraction = False
    k = 0
    n = len(words)
    if words[0] == "half":
        # "half a million": half of the scale that follows; a bare "half" is a fraction.
        if n >= 3 and words[1] in ("a", "an") and words[2] in SCALES:
            return SCALES[words[2]] / 2, "words", SCALES[words[2]]
        return (0.5, "fraction", 1) if n == 1 else None
    while k < n:
        w = words[k]
        if w in ("a", "an"):
            # "a" stands for one only before a scale or a fraction word: "a dozen", "a third".
            if k + 1 < n and words[k + 1] == "half" and k > 0 and words[k - 1] == "and":
                pass
            elif k + 1 < n and (words[k + 1] in SCALES or words[k + 1] in DENOMINATORS):
                group = (group or 0) + 1
            else:
                return None
        elif w == "and":
            # "one hundred and fifty", "two and a half"
            if group is None and total == 0:
                return None
        elif w == "half":
            if k > 0 and words[k - 1] in ("a", "an") and k > 1 and words[k - 2] == "and":
                group = (group or 0) + 0.5
            else:
                return None
        elif w in UNITS:
            group = (group or 0) + UNITS[w]
        elif w in TENS:
            group = (group or 0) + TENS[w]
        elif w in DENOMINATORS:
            if group is None or fraction or k != n - 1:
                return None
            group = group / DENOMINATORS[w]
            fraction = True
        elif w == "dozen" or w == "hundred":
            group = (group or 1) * SCALES[w]
            factor = max(factor, SCALES[w])
        elif w in SCALES:
            total += (group if group is not None else 1) * SCALES[w]
            group = None
            factor = max(factor, SCALES[w])
        k += 1
    if group is None and total == 0 and factor == 1:
        return None
    value = total + (group or 0)
    return value, ("fraction" if fraction else "words"), factor
