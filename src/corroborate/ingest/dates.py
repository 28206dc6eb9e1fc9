"""A publication date for an article that was given none: from its URL, else from a dateline.

News URLs often carry the date (``/2013/05/03/``, ``/2013/may/03/``, ``-20130504``), and pages
often open with a dateline ("May 03, 2013", "Published 05/03/2013", "Tuesday, July 2nd, 2013").
Only the first lines are read for a dateline, where one stands, so a date the story mentions
further down is never taken for the day it was written. Month names are in
``lexicons/times.json``.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ..lexicons import load

DATELINE_CHARS = 300  # how far into the text a dateline may stand
EARLIEST, LATEST_YEAR = 1990, 2100


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    return {name.rstrip("."): num for name, num in load("times.json")["months"].items() if len(name.rstrip(".")) >= 3}


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, ...]:
    month = "|".join(sorted(_months(), key=len, reverse=True))
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:19|20)\d\d)"
    mon = rf"(?P<month>{month})\.?"
    return (
        re.compile(rf"\b{mon}\s+{day},?\s+{year}\b", re.I),  # May 03, 2013
        re.compile(rf"\b{day}\s+{mon},?\s+{year}\b", re.I),  # 3 May 2013
        re.compile(rf"\b(?P<num_month>[01]?\d)/{day}/{year}\b"),  # 05/03/2013 (US order)
        re.compile(rf"\b{year}-(?P<num_month>[01]\d)-{day}\b"),  # 2013-05-03
    )


_URL_PATTERNS = (
    re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<num_month>[01]?\d)/(?P<day>[0-3]?\d)(?:/|$)"),
    re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>[a-z]{3,9})/(?P<day>[0-3]?\d)(?:/|$)", re.I),
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-?(?P<num_month>[01]\d)-?(?P<day>[0-3]\d)(?!\d)"),
)


def _date(m: re.Match) -> date | None:
    parts = m.groupdict()
    month = int(parts["num_month"]) if parts.get("num_month") else _months().get((parts.get("month") or "").lower())
    if month is None:
        return None
    try:
        found = date(int(parts["year"]), month, int(parts["day"]))
    except ValueError:
        return None
    return found if EARLIEST <= found.year < LATEST_YEAR else None


def infer_published(text: str, url: str | None) -> tuple[date, str] | None:
    """The date an article was published, and where it was read (``url`` or ``dateline``)."""
    if url:
        for pattern in _URL_PATTERNS:
            for m in pattern.finditer(url):
                if (found := _date(m)) is not None:
                    return found, "url"
    head = text[:DATELINE_CHARS]
    best: tuple[int, date] | None = None
    for pattern in _patterns():
        for m in pattern.finditer(head):
            if (found := _date(m)) is not None and (best is None or m.start() < best[0]):
                best = (m.start(), found)
    return (best[1], "dateline") if best else None
