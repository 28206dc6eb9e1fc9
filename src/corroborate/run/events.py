"""What reading and analysing inputs gives, in input order, and how a run sums it up."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..errors import InputError
from ..ingest.article import Article
from ..record.models import Record
from ..settings import Settings


@dataclass
class Summary:
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0

    @property
    def line(self) -> str:
        rate = (self.stored + self.skipped) / self.seconds if self.seconds else 0.0
        return (f"{self.stored} stored, {self.skipped} skipped as duplicates, {self.failed} failed "
                f"({self.seconds:.1f} s, {rate:.1f} articles/s)")


Outcome = Record | str  # a record, or why the analysis failed


@dataclass(slots=True)
class Note:
    """A warning about an input that was read (e.g. its charset was guessed)."""
    origin: str
    text: str


@dataclass(slots=True)
class Known:
    """An article the ledger holds already: skipped without being analysed."""
    origin: str


@dataclass(slots=True)
class Failed:
    """An article, or a whole input, whose analysis failed."""
    origin: str
    reason: str


# For each input, in input order: an InputError for a bad input, a Note, Known, Failed, and for
# each analysed article the article and its record, or the record as a row (``run.rows``) when a
# worker elsewhere analysed it.
Event = InputError | Note | Known | Failed | tuple[Article, Record] | dict
# Which of these content hashes the ledger holds (None: skip nothing).
KnownHashes = Callable[[list[str]], set[str]] | None
# Reads and analyses the inputs elsewhere (corroborate.scale: a Dask cluster), as ``settings``
# say: called with the inputs, ``known`` and the settings; gives their events in input order.
Analyser = Callable[[Iterable[Article | InputError], KnownHashes, Settings], Iterator[Event]]
