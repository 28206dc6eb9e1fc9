"""The analysis record of docs/output-contract.md as pydantic models.

Field names are a contract shared by the CLI, the Python API, the REST API, the database and
the evaluation scripts: add fields freely, never rename or drop one.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Number = int | float
CharSpan = tuple[int, int]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SpanText(_Model):
    text: str = Field(description="text[span[0]:span[1]] of the record's text")
    span: CharSpan = Field(description="[start, end) code-point offsets into the analysed text")


class Mention(SpanText):
    pass


class Entity(_Model):
    id: str
    name: str = Field(description="canonical name: the fullest form in the article, or the mapped entity for a metonym")
    type: str = Field(description="spaCy NER label (PERSON, ORG, GPE, NORP, ...)")
    mentions: list[Mention] = Field(default_factory=list)


class Source(SpanText):
    entity: str | None = Field(None, description="id of the entity the source refers to, if any")
    name: str | None = Field(None, description="canonical name of the source (a pronoun is resolved)")


class Cue(SpanText):
    lemma: str


class Content(SpanText):
    pass


class SaidOn(_Model):
    text: str
    value: str | None = Field(None, description="TIMEX3 value, or null when it could not be resolved")
    span: CharSpan | None = None


class Statement(_Model):
    id: str
    source: Source | None = Field(None, description="null for a passive or unnamed source")
    cue: Cue
    content: Content
    direct: bool = Field(description="the content is inside quotation marks")
    via: str | None = Field(None, description="the medium a source spoke to (told the New York Times)")
    channel: str | None = Field(None, description="where it was said (in a post on X, in an interview with ...)")
    said_on: SaidOn | None = None


class Counted(SpanText):
    pass


Bound = Literal["exact", "approx", "lower", "upper", "range"]


class Named(SpanText):
    entity: str | None = Field(None, description="id of the entity of this record the words name, if any")
    name: str | None = Field(None, description="that entity's canonical name")


class Period(SpanText):
    value: str | None = Field(None, description="TIMEX3 value of the time expression")
    type: Literal["DATE", "DURATION"]
    relation: str | None = Field(None, description="the preposition relating the figure to it: in, by, since, ...")


class Measure(_Model):
    """What a figure measures, read from the parse; estimate groups compare these fields."""

    head: str | None = Field(None, description="lemma of the counted noun, or of the noun a sum of money is the amount of")
    kind: str | None = Field(None, description="the head's synonym class (troop, soldier -> troops), else the head")
    modifiers: list[str] = Field(default_factory=list, description="what changes who is counted: nationalities, "
                                                                   "groups, identity words (lowercase)")
    holder: Named | None = Field(None, description="whose it is: jobs, loans, losses of whom")
    predicate: str | None = Field(None, description="class of what is said of it (killed, wounded, deployed, spent, ...)")
    verb: str | None = Field(None, description="lemma of the verb the figure hangs from")
    place: Named | None = Field(None, description="the place named for this figure")
    period: Period | None = Field(None, description="the time it refers to (a $14.6bn loss in 2008, by Monday)")
    part: bool = Field(False, description="given as part of another figure (including $281 million in cash)")
    sentence: int = Field(0, description="index of the sentence it is in, from 0")


class Quantity(_Model):
    id: str
    text: str
    span: CharSpan
    value: Number | None = Field(description="the figure as stated (the midpoint for a range)")
    low: Number | None = None
    high: Number | None = None
    bound: Bound
    unit: str = Field(description="person, an ISO 4217 currency, a pint unit, percent, or item")
    counted: Counted | None = None
    predicate: str | None = None
    statement: str | None = Field(None, description="id of the statement whose content holds the figure")
    source: str | None = Field(None, description="canonical name of that statement's source; null when the outlet asserts it")
    measure: Measure | None = Field(None, description="what the figure measures (estimate groups compare it)")


TimeType = Literal["DATE", "TIME", "DURATION", "SET"]


class TimeExpression(_Model):
    text: str
    span: CharSpan
    type: TimeType
    value: str | None = Field(None, description="TIMEX3 value resolved against published; null when relative and unresolved")
    mod: str | None = Field(None, description="TIMEX3 mod: MORE_THAN, LESS_THAN, APPROX, EARLY, ...")


class EventTrigger(SpanText):
    pass


class Event(_Model):
    id: str
    type: str
    mode: str | None = None
    trigger: EventTrigger
    actor: str | None = None
    recipient: str | None = None
    location: str | None = None
    when: str | None = None
    statement: str | None = None


class Record(_Model):
    id: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="publication date, ISO 8601")
    outlet: str | None = None
    url: str | None = None
    text: str | None = Field(None, description="the analysed text (with --include-text, and always for HTML input)")
    entities: list[Entity] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    terms: dict[str, int] = Field(default_factory=dict, description="salient lemma -> count: what the article is "
                                                                     "about (stories compare them)")
    published_from: Literal["input", "url", "dateline"] | None = Field(
        None, description="where ``published`` came from: given with the input, or inferred from the URL or a "
                          "dateline in the text; null when unknown")
