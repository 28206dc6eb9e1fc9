"""Quotation regions of a text: where a speaker's own words are.

News text quotes with curly marks (“…”), straight marks ("…") or doubled apostrophes (''…''
in some wire archives). A quote that runs over several paragraphs opens every paragraph and
closes only the last, so a paragraph that ends inside a quote continues it when the next
paragraph opens with a mark. Marks that pair with nothing are tolerated: an opened quote ends
with its paragraph, a stray closing mark is ignored. Never raises.
"""
from __future__ import annotations

import re
from bisect import bisect_right

# One scan over the text finds every double quotation mark and every paragraph break.
_MARKS = re.compile(r"“|”|„|«|»|``|''|\"|\n")
_OPENERS = {"“", "„", "«", "``"}
_CLOSERS = {"”", "»"}  # "''" and '"' decide by position


def _opens(text: str, start: int, end: int) -> bool:
    """Whether an ambiguous mark (" or '') opens: it touches the next word, not the previous one."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isspace() or before in "([{—–-/":
        return not after.isspace()
    return False


def quote_regions(text: str) -> list[tuple[int, int]]:
    """[start, end) character spans of quotations, marks included, in text order."""
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    continued = False  # the open quote ran past a paragraph end
    for m in _MARKS.finditer(text):
        mark, s, e = m.group(), m.start(), m.end()
        if mark == "\n":
            if open_at is not None and not continued:
                continued = True
                para_end = s
            continue
        if open_at is not None and continued:
            # The quote left open at the previous paragraph goes on only if this paragraph
            # starts with an opening mark; otherwise it was unmatched and ends there.
            line_start = text.rfind("\n", 0, s) + 1
            if text[line_start:s].strip() == "" and (mark in _OPENERS or _opens(text, s, e)):
                continued = False
                continue
            regions.append((open_at, para_end))
            open_at, continued = None, False
        if mark in _OPENERS:
            is_open = True
        elif mark in _CLOSERS:
            is_open = False
        elif open_at is None:
            is_open = _opens(text, s, e) or mark == '"'
        else:
            is_open = False
        if is_open:
            if open_at is None:
                open_at = s
            # A second opener inside an open quote: the first was unmatched; keep the first.
            continue
        if open_at is not None:
            regions.append((open_at, e))
            open_at = None
    if open_at is not None:
        end = para_end if continued else len(text.rstrip())
        if end > open_at:
            regions.append((open_at, end))
    return regions


class QuoteIndex:
    """Which quotation (if any) a character offset falls in."""

    def __init__(self, regions: list[tuple[int, int]]):
        self.regions = regions
        self._starts = [s for s, _ in regions]

    def at(self, offset: int) -> tuple[int, int] | None:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.regions[i][1]:
            return self.regions[i]
        return None

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """Quotations that overlap [start, end)."""
        i = max(bisect_right(self._starts, start) - 1, 0)
        out = []
        while i < len(self.regions) and self.regions[i][0] < end:
            if self.regions[i][1] > start:
                out.append(self.regions[i])
            i += 1
        return out
