"""The JSON the GET routes answer, as models for OpenAPI: what a client may rely on, and what
schemathesis checks every answer against (tests/web/test_schema.py).

Documentation only: the routes return the ledger queries' dicts as they are (no model
validates or reshapes them on the way out), so adding a key to a query's answer breaks no
client; removing or retyping one fails the schema check. Nullable fields are the nullable
columns they come from (ledger/schema.py).
"""
from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from ..record import models as contract

Span = list[int]


class Stats(BaseModel):
    articles: int
    statements: int
    quantities: int
    entities: int
    aliases: int
    mentions: int
    times: int
    events: int
    estimate_groups: int
    grouped_quantities: int
    conflicts: int
    multi_member_groups: int
    ingest_errors: int
    first_published: date | None
    last_published: date | None


class ArticleItem(BaseModel):
    article: str
    ref: str | None
    title: str | None
    outlet: str | None
    published: date | None
    url: str | None


class ArticlesPage(BaseModel):
    page: int
    per_page: int
    total: int
    items: list[ArticleItem]


class StoredEntity(contract.Entity):
    canonical: str | None = Field(description="the name of the ledger's entity it was joined to, across articles")


class StoredQuantity(contract.Quantity):
    group: str | None = Field(description="the estimate group it is a member of (g<id>)")


class StoredRecord(contract.Record):
    """The record as stored, with its text and what the ledger joined across articles."""

    entities: list[StoredEntity]
    quantities: list[StoredQuantity]


class StoredArticle(BaseModel):
    article: str
    hash: str
    origin: str | None
    record: StoredRecord


class StatementSource(BaseModel):
    text: str
    span: Span
    name: str | None
    entity: str | None


class StatementCue(BaseModel):
    text: str
    lemma: str
    span: Span


class StatementContent(BaseModel):
    text: str
    span: Span


class SaidOnRow(BaseModel):
    text: str
    value: str | None


class StatementRow(BaseModel):
    id: str
    article: str
    outlet: str | None
    published: date | None
    source: StatementSource | None
    cue: StatementCue
    content: StatementContent
    direct: bool
    via: str | None
    channel: str | None
    said_on: SaidOnRow | None


class EntityRow(BaseModel):
    id: str
    name: str
    type: str
    articles: int
    mentions: int
    aliases: list[str]


class AliasEvidence(BaseModel):
    alias: str
    kind: str
    evidence: str | None
    confidence: float | None
    articles: int


class EntityStatement(BaseModel):
    id: str
    article: str
    outlet: str | None
    title: str | None
    published: date | None
    source: str | None
    cue: str
    content: str
    direct: bool
    via: str | None
    channel: str | None
    said_on: SaidOnRow | None


class EntityFigure(BaseModel):
    quantity: str
    article: str
    text: str
    value: float | None
    low: float | None
    high: float | None
    bound: str
    unit: str
    counted: str | None
    predicate: str | None
    said_on: str | None
    published: date | None
    outlet: str | None
    group: str | None


class EntityDetail(EntityRow):
    evidence: list[AliasEvidence]
    statements: list[EntityStatement]
    figures: list[EntityFigure]


class Member(BaseModel):
    quantity: str
    article: str
    value: float | None
    low: float | None
    high: float | None
    bound: str
    source: str | None
    outlet: str | None
    said_on: str | None
    published: date | None
    date: str | None
    text: str
    span: Span
    counted: str | None
    predicate: str | None
    place: str | None
    statement: str | None
    scope_words: str
    interval: list[float | None]


class Spread(BaseModel):
    min: float | None
    max: float | None


class Dates(BaseModel):
    first: date | None
    last: date | None


class EstimateGroup(BaseModel):
    id: str
    label: str
    unit: str
    conflict: bool
    status: str
    reasons: list[str]
    story: str | None
    story_label: str | None
    cumulative: bool
    predicate: str | None
    kind: str | None
    place: str | None
    period: str | None
    spread: Spread
    dates: Dates
    related: list[str]
    timeline: bool
    members_total: int
    members: list[Member]


class SearchArticle(BaseModel):
    article: str
    title: str | None
    outlet: str | None
    published: date | None
    snippet: str | None


class Search(BaseModel):
    articles: list[SearchArticle]
    statements: list[StatementRow]


def answers(model) -> dict:
    """A route's ``responses`` documenting its 200 answer as ``model``."""
    return {200: {"model": model, "description": "Successful Response"}}
