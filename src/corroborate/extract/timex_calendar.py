"""Calendar arithmetic for time expressions: TIMEX3 values relative to the publication date.

Every function takes the anchor (the document creation time) as a ``datetime.date`` and returns
a TIMEX3 value string. Month lengths, ISO weeks and moving holidays come from the standard library
and python-dateutil, never from hand-written tables.
"""
from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import MO, TH, relativedelta, weekday

SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_WEEKDAY_RULES = {"MO": MO, "TH": TH}


def day(d: date) -> str:
    return d.isoformat()


def month(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def week(d: date) -> str:
    year, wk, _ = d.isocalendar()
    return f"{year:04d}-W{wk:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def shift(d: date, n: int, unit: str) -> date:
    """``d`` moved by ``n`` units (Y, M, W, D, Q, DE, CE)."""
    if unit == "Y":
        return d + relativedelta(years=n)
    if unit == "DE":
        return d + relativedelta(years=10 * n)
    if unit == "CE":
        return d + relativedelta(years=100 * n)
    if unit == "Q":
        return d + relativedelta(months=3 * n)
    if unit == "M":
        return d + relativedelta(months=n)
    if unit in ("W", "FN"):
        return d + timedelta(weeks=n * (2 if unit == "FN" else 1))
    return d + timedelta(days=n)


def period(d: date, unit: str) -> str:
    """The TIMEX3 value of the calendar period of ``unit`` that contains ``d``."""
    if unit in ("Y", "DE", "CE"):
        return f"{d.year:04d}" if unit == "Y" else (f"{d.year // 10:03d}" if unit == "DE" else f"{d.year // 100:02d}")
    if unit == "Q":
        return f"{d.year:04d}-Q{quarter_of(d)}"
    if unit == "M":
        return month(d)
    if unit in ("W", "FN"):
        return week(d)
    return day(d)


def weekday_near(anchor: date, wd: int, direction: int) -> date:
    """The weekday ``wd`` (0 = Monday) nearest ``anchor``.

    direction 0: on or before the anchor (news reports past events); -1: strictly before;
    +1: strictly after ("next Friday"); +2: on or after (a future clause: wire copy names the
    day of publication by its weekday, "will meet Thursday" on a Thursday is that day).
    """
    if direction == 2:
        return anchor + relativedelta(weekday=weekday(wd)(+1))
    if direction > 0:
        return anchor + timedelta(days=1) + relativedelta(weekday=weekday(wd)(+1))
    if direction < 0:
        return anchor - timedelta(days=1) + relativedelta(weekday=weekday(wd)(-1))
    return anchor + relativedelta(weekday=weekday(wd)(-1))


def weekday_this_week(anchor: date, wd: int) -> date:
    return anchor + timedelta(days=wd - anchor.weekday())


def year_for_month(anchor: date, m: int, d: int | None, tense: int, direction: int | None) -> int:
    """The year of a month (and day) named without a year.

    ``direction`` is -1/0/+1 for last/this/next. A bare name takes the occurrence on the side of
    the publication date that the tense points to (-1 past, +1 future), or the nearest one when
    the tense says nothing ("payable Dec. 15", "a June 3 hearing").
    """
    here = (anchor.month, anchor.day if d is not None else 0)
    there = (m, d or 0)
    y = anchor.year
    if direction == 0:
        return y
    if direction == -1:
        return y if there < here else y - 1
    if direction == 1:
        return y if there > here else y + 1
    if tense > 0:
        return y if there >= here else y + 1
    if tense < 0:
        return y if there <= here else y - 1
    middle = d or 15
    def distance(year: int) -> int:
        return abs((date(year, m, min(middle, 28)) - anchor).days)
    return min((y - 1, y, y + 1), key=lambda year: (distance(year), year))


def year_for_season(anchor: date, season: str, tense: int, direction: int | None) -> int:
    start = SEASON_START[season]
    # Winter starts in December of one year; January and February still belong to it.
    current = anchor.month if anchor.month >= 3 else anchor.month + 12
    y = anchor.year if anchor.month >= 3 else anchor.year - 1
    started, ended = start <= current, start + 3 <= current
    if direction == 0:
        return y
    if direction == -1:
        return y if ended else y - 1
    if direction == 1:
        return y if not started else y + 1
    if tense > 0:
        return y if not ended else y + 1
    return y if started else y - 1


def year_for_quarter(anchor: date, q: int, tense: int) -> int:
    """Quarters named without a year are this year's, unless a past clause names one still ahead."""
    if tense < 0 and q > quarter_of(anchor):
        return anchor.year - 1
    return anchor.year


def holiday(year: int, rule: str) -> date:
    """The date of a holiday in ``year`` from a lexicon rule: 'MM-DD', 'MM TH+4' or 'easter'."""
    if rule == "easter":
        return easter(year)
    if " " in rule:
        m, spec = rule.split()
        wd, n = spec[:2], int(spec[2:])
        first = date(year, int(m), 1)
        if n > 0:
            return first + relativedelta(weekday=_WEEKDAY_RULES[wd](n))
        return first + relativedelta(day=31, weekday=_WEEKDAY_RULES[wd](n))
    m, dd = rule.split("-")
    return date(year, int(m), int(dd))


def duration(n: float | None, unit: str) -> str:
    """TIMEX3 duration: ``n`` units (None for an unspecified count: PXY); fractions carried down."""
    if unit == "DE":
        n, unit = (None if n is None else n * 10), "Y"
    elif unit == "CE":
        n, unit = (None if n is None else n * 100), "Y"
    elif unit == "ML":
        n, unit = (None if n is None else n * 1000), "Y"
    elif unit == "Q":
        n, unit = (None if n is None else n * 3), "M"
    elif unit == "FN":
        n, unit = (None if n is None else n * 2), "W"
    time_unit = unit in ("H", "MIN", "S")
    code = {"MIN": "M"}.get(unit, unit)
    prefix = "PT" if time_unit else "P"
    if n is None:
        return f"{prefix}X{code}"
    whole = int(n)
    frac = n - whole
    if frac < 1e-9:
        return f"{prefix}{whole}{code}"
    # Carry a fraction into the next smaller unit: 2.5 years -> P2Y6M, 1.5 hours -> PT1H30M.
    smaller = {"Y": (12, "M", False), "M": (30, "D", False), "W": (7, "D", False), "D": (24, "H", True),
               "H": (60, "M", True), "MIN": (60, "S", True)}.get(unit)
    if smaller is None:
        return f"{prefix}{n:g}{code}"
    factor, small_code, small_is_time = smaller
    rest = round(frac * factor)
    if unit == "W":
        return f"P{round(n * 7)}D"
    head = f"{whole}{code}" if whole else ""
    if small_is_time and not time_unit:
        return f"P{head}T{rest}{small_code}"
    return f"{prefix}{head}{rest}{small_code}"
