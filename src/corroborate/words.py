"""Numbers and dates as a person reads them: ``$14.6bn``, ``650k``, ``28 Oct 2024``, ``the night of
26 Jan 2006``. Pages and terminal tables use these; JSON keeps the machine values.
"""
from __future__ import annotations

import re
from datetime import date

CURRENCY = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "INR": "₹", "CNY": "CN¥", "KRW": "₩", "RUB": "₽",
            "AUD": "A$", "CAD": "C$", "NZD": "NZ$"}
COUNTS = frozenset({"person", "item"})  # units of plain counts; a bare count may be of people
BOUND_WORDS = {"exact": "exactly", "approx": "about", "lower": "at least", "upper": "at most", "range": "between"}
BOUND_SIGN = {"exact": "", "approx": "≈", "lower": "≥", "upper": "≤", "range": ""}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


def compact(v) -> str:
    """A number short: 1,500, 12.3k, 650k, 1m (not 1,000k), 14.6bn."""
    v = abs(float(v))
    if v >= 1e4:
        for size, suffix in ((1e3, "k"), (1e6, "m"), (1e9, "bn"), (1e12, "tn")):
            short = float(f"{v / size:.3g}")
            if short < 1000 or suffix == "tn":
                return f"{short:g}{suffix}"
    return f"{int(v):,}" if v.is_integer() else f"{v:,.3g}"


def is_money(unit: str) -> bool:
    """An ISO 4217 currency code (the unit of a sum of money)."""
    return len(unit) == 3 and unit.isupper()


def possessive(name: str) -> str:
    """Ford's, General Motors'."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _with_unit(number: str, unit: str | None, negative: bool = False) -> str:
    sign = "−" if negative else ""
    if not unit or unit in COUNTS or unit == "fraction":
        return sign + number
    if unit == "percent":
        return f"{sign}{number}%"
    if unit in CURRENCY:
        return f"{sign}{CURRENCY[unit]}{number}"
    if is_money(unit):
        return f"{sign}{unit} {number}"
    return f"{sign}{number} {unit}"


def amount(value, unit: str | None = None) -> str:
    """A value short, with its unit: $14.6bn, 650k, 5%, 3,400 ha."""
    if value is None:
        return "?"
    return _with_unit(compact(abs(value)), unit, value < 0)


def exact_amount(value, unit: str | None = None) -> str:
    """A value in full: $14,600,000,000, 650,000."""
    if value is None:
        return "?"
    v = float(value)
    number = f"{int(abs(v)):,}" if v.is_integer() else f"{abs(v):,.6g}"
    return _with_unit(number, unit, v < 0)


def _stated(m: dict):
    """(low, high) of a stated range, else the one value the figure states."""
    if m.get("bound") == "range" and m.get("low") is not None and m.get("high") is not None:
        return m["low"], m["high"]
    value = m.get("value")
    if value is None:
        value = m.get("low") if m.get("bound") == "lower" else m.get("high")
    return value


def _nearly(m: dict) -> bool:
    """An upper bound just below the figure ("nearly £4bn"): its interval has a floor."""
    interval = m.get("interval") or (None,)
    return m.get("bound") == "upper" and bool(interval[0])


def fields(q) -> dict:
    """A record's quantity, or a figure dict, as the fields these functions read."""
    if isinstance(q, dict):
        return q
    return {"bound": q.bound, "value": q.value, "low": q.low, "high": q.high}


def spread(low, high, unit: str | None = None) -> str:
    """A group's spread: one amount, or 'X to Y'."""
    return amount(low, unit) if low == high else f"{amount(low, unit)} to {amount(high, unit)}"


def figure(m: dict, unit: str | None = None) -> str:
    """A member's figure short, with its bound: ≥1,500, ≈650k, 100–120, ≤£3,000, nearly £4bn."""
    stated = _stated(m)
    if isinstance(stated, tuple):
        return f"{amount(stated[0], unit)}–{amount(stated[1], unit)}"
    if _nearly(m):
        return "nearly " + amount(stated, unit)
    return BOUND_SIGN.get(m.get("bound"), "") + amount(stated, unit)


def figure_exact(m: dict, unit: str | None = None) -> str:
    """A member's figure in full words: 'at least 1,500', 'between $100 and $120'."""
    stated = _stated(m)
    if isinstance(stated, tuple):
        return f"between {exact_amount(stated[0], unit)} and {exact_amount(stated[1], unit)}"
    bound = "nearly" if _nearly(m) else BOUND_WORDS.get(m.get("bound"), "")
    return f"{bound} {exact_amount(stated, unit)}".strip()


def day(value) -> str:
    """An ISO date as 28 Oct 2024; anything else as given ('' for none)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    return when(str(value))


_PARTS_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_REFS = {"PAST_REF": "in the past", "PRESENT_REF": "now", "FUTURE_REF": "in the future"}
_TIMEX = re.compile(r"^(?P<y>\d{4})(?:-(?P<rest>.+))?$")


def when(value: str | None) -> str:
    """A TIMEX3 value as words: 2006-01-26TNI -> the night of 26 Jan 2006, 2024-W43 -> week 43 of
    2024, PAST_REF -> in the past. A value it does not know is shown as it is."""
    if not value:
        return ""
    if value in _REFS:
        return _REFS[value]
    m = _TIMEX.match(value)
    if not m:
        return value
    year, rest = m["y"], m["rest"]
    if rest is None:
        return year
    if re.fullmatch(r"\d{2}", rest) and 1 <= int(rest) <= 12:
        return f"{_MONTH_NAMES[int(rest) - 1]} {year}"
    if (w := re.fullmatch(r"W(\d{2})(-WE)?", rest)):
        return f"{'the weekend of ' if w[2] else ''}week {int(w[1])} of {year}"
    if (q := re.fullmatch(r"Q([1-4])", rest)):
        return f"Q{q[1]} {year}"
    if (h := re.fullmatch(r"H([12])", rest)):
        return f"{'first' if h[1] == '1' else 'second'} half of {year}"
    if rest in _SEASONS:
        return f"{_SEASONS[rest]} {year}"
    if (d := re.fullmatch(r"(\d{2})-(\d{2})(?:T(.+))?", rest)):
        try:
            text = day(date(int(year), int(d[1]), int(d[2])))
        except ValueError:
            return value
        clock = d[3]
        if clock is None:
            return text
        if clock in _PARTS_OF_DAY:
            return f"the {_PARTS_OF_DAY[clock]} of {text}"
        if re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", clock):
            return f"{text}, {clock[:5]}"
        return text
    return value


def count(n: int | None, one: str, many: str | None = None) -> str:
    """'1 article', '2,300 articles'."""
    if n is None:
        return ""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def day_range(first, last) -> str:
    """'2 Mar 2026', '2 – 9 Mar 2026' spelled in full at both ends: '2 Mar 2026 – 9 Mar 2026'."""
    a, b = day(first), day(last)
    if not a:
        return b
    if not b or a == b:
        return a
    return f"{a} – {b}"


_DATED = re.compile(r"\((\d{4}(?:-[0-9A-Z]{2,3})?(?:-\d{2})?(?:T[A-Z0-9:]+)?)\)")


def dates_in(text: str) -> str:
    """A sentence with the TIMEX3 values it quotes in parentheses as words ("(2026-03-06)" ->
    "(6 Mar 2026)"): the reasons a group gives are written for a person."""
    return _DATED.sub(lambda m: f"({when(m[1])})", text)
