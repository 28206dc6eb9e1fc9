"""Plain data produced by the extractors.

Extractors read a spaCy Doc and return these; they never touch storage. Offsets are
character offsets into ``doc.text`` (``[start, end)``). The record layer turns them into the
pydantic models of the output contract.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class TextSpan:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class TimeExpr:
    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str | None
    mod: str | None = None  # TIMEX3 modifier: MORE_THAN, LESS_THAN, APPROX, START, END, ...


@dataclass(slots=True)
class EntityMention:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    mentions: list[EntityMention] = field(default_factory=list)


@dataclass(slots=True)
class SourceRef:
    text: str
    start: int
    end: int
    entity: str | None = None  # id of an Entity in the same document
    name: str | None = None  # canonical name a reader recognises


@dataclass(slots=True)
class Statement:
    id: str
    source: SourceRef | None
    cue: TextSpan
    cue_lemma: str
    content: TextSpan
    direct: bool
    via: str | None = None
    channel: str | None = None
    said_on: TimeExpr | None = None


@dataclass(slots=True)
class NamedRef:
    """Words of the text naming something, and the entity of the same document they name."""
    text: str
    start: int
    end: int
    entity: str | None = None  # id of an Entity in the same document
    name: str | None = None  # its canonical name


@dataclass(slots=True)
class PeriodRef:
    """The time a figure refers to: a time expression of the document and how it relates."""
    text: str
    start: int
    end: int
    value: str | None
    type: str  # DATE | DURATION
    relation: str | None = None  # the preposition: in, by, since, during, ...


@dataclass(slots=True)
class Measure:
    """What a figure measures, from the parse (see ``extract/measures.py``)."""
    head: str | None
    kind: str | None
    modifiers: list[str] = field(default_factory=list)
    holder: NamedRef | None = None
    predicate: str | None = None
    verb: str | None = None
    place: NamedRef | None = None
    period: PeriodRef | None = None
    part: bool = False  # given as part of another figure ("including $281m in cash")
    sentence: int = 0


@dataclass(slots=True)
class Quantity:
    id: str
    text: str
    start: int
    end: int
    value: float | int | None
    low: float | int | None
    high: float | int | None
    bound: str  # exact | approx | lower | upper | range
    unit: str
    counted: TextSpan | None = None
    predicate: str | None = None
    statement: str | None = None  # id of the Statement whose content holds the figure
    source: str | None = None  # that statement's source name
    measure: Measure | None = None
