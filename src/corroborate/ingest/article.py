"""The Article: what every reader produces and the analysis consumes."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

_SPACE = re.compile(r"\s+")
_HEADLINE_MAX = 200
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
    _dated: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def dated(self) -> tuple[date | None, str | None]:
        """The publication date and where it came from: ``input`` when it was given, else ``url``
        or ``dateline`` when inferred (``ingest.dates``); (None, None) when none is known."""
        if self.published is not None:
            return self.published, "input"
        if self._dated is None or self._dated[0] != (self.text, self.url):
            from .dates import infer_published

            self._dated = ((self.text, self.url), infer_published(self.text, self.url) or (None, None))
        return self._dated[1]

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
