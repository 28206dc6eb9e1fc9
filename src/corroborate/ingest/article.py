"""The Article: what every reader produces and the analysis consumes."""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

_SPACE = re.compile(r"\s+")
_HEADLINE_MAX = 200
# The longest text analysed, in characters (about 500 pages). Longer texts are analysed in
# windows (corroborate.analysis), so the limit is one of time, not of spaCy's max_length:
# at about 1 s per 10,000 characters, the limit is an hour and a half of one core.
MAX_CHARS_ENV = "CORROBORATE_MAX_CHARS"
DEFAULT_MAX_CHARS = 5_000_000


def max_chars() -> int:
    """The limit: $CORROBORATE_MAX_CHARS when it is a positive whole number, else the default."""
    value = os.environ.get(MAX_CHARS_ENV, "").replace("_", "").replace(",", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_CHARS


@dataclass(slots=True)
class Article:
    text: str
    id: str | None = None
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    origin: str | None = None  # file (and line) it came from, for messages
    notes: list[str] = field(default_factory=list)  # warnings worth telling the user

    @property
    def content_hash(self) -> str:
        """Identity of the article: its normalised text, plus the URL when known."""
        norm = _SPACE.sub(" ", unicodedata.normalize("NFC", self.text)).strip()
        h = hashlib.sha256(norm.encode("utf-8"))
        if self.url:
            h.update(b"\0" + self.url.encode("utf-8"))
        return h.hexdigest()


def headline(text: str) -> tuple[str, int, int] | None:
    """The first non-empty line when it reads as a headline: short, no final full stop.

    Returns the title and its character span in ``text``.
    """
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            end = start + len(stripped)
            if len(stripped) <= _HEADLINE_MAX and not stripped.endswith((".", "!", "?", ":", ";", ",")):
                # A headline stands alone: something must follow it.
                if text[end:].strip():
                    return stripped, start, end
            return None
        pos += len(line)
    return None
