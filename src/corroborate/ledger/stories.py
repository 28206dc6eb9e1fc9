"""Stories: the articles that report one real-world event or developing story.

Figures are compared only within a story (design.md): two earthquakes, two shootings, two
companies' job cuts are different stories. A story is found the way topic detection and
tracking does it, incrementally: each new article is compared with the stories that share its
most telling words, found through an index of each story's terms (never with every story), and
joins the closest one when it is close enough and, where both have dates, near in time; else it
opens a story of its own. Ingesting one more article never reclusters the corpus.

An article's profile is its salient terms (``record.terms``: noun and name lemmas) and its
entities' names, weighted tf-idf against the ledger's own document frequencies, the entities
more; a story's centroid is the sum of its articles' profiles, cut to its strongest terms. The
rules are pure; where stories and frequencies live is the ``StoryIndex``'s business (in
memory here, in the database in ``store.py``).
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .entities import name_key

PROFILE_TERMS = 40  # an article's strongest terms, compared and indexed
CENTROID_TERMS = 80  # a story's strongest terms, kept
QUERY_TERMS = 12  # the article's terms whose stories are candidates
JOIN_SIMILARITY = 0.32  # cosine an article needs with a story's centroid to join it (a plateau on ECB+ dev: 0.26-0.35)
WINDOW = timedelta(days=30)  # how far from a story's dates a dated article may join it
ENTITY_BOOST = 2.0
NAMED_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP", "PRODUCT", "WORK_OF_ART", "LAW"})
ENTITY_PREFIX = "@"


def window_start(day: date) -> date:
    """The first day of the window before ``day`` (the calendar's first day at the earliest)."""
    return day - WINDOW if day - date.min > WINDOW else date.min


def window_end(day: date) -> date:
    return day + WINDOW if date.max - day > WINDOW else date.max


def article_terms(terms: dict[str, int], entities: Iterable[tuple[str, str, int]]) -> dict[str, int]:
    """Term -> count: the salient lemmas, and each named entity as one term (by its name key)."""
    out = dict(terms)
    for name, label, mentions in entities:
        if label in NAMED_TYPES:
            key = ENTITY_PREFIX + name_key(name)
            if len(key) > 2:
                out[key] = out.get(key, 0) + max(1, mentions)
    return out


def profile(counts: dict[str, int], df: dict[str, int], articles: int) -> dict[str, float]:
    """The article's strongest terms, tf-idf weighted against ``df`` (the articles holding each
    term among ``articles``), L2-normalised."""
    weights = {}
    for term, count in counts.items():
        idf = math.log((articles + 1) / (df.get(term, 0) + 1)) + 1
        boost = ENTITY_BOOST if term.startswith(ENTITY_PREFIX) else 1.0
        weights[term] = (1 + math.log(count)) * idf * boost
    return _normalised(_strongest(weights, PROFILE_TERMS))


def _strongest(weights: dict[str, float], n: int) -> dict[str, float]:
    """The ``n`` heaviest terms, ties by term."""
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def query_terms(weights: dict[str, float]) -> list[str]:
    return list(_strongest(weights, QUERY_TERMS))


def _normalised(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def similarity(weights: dict[str, float], centroid: dict[str, float]) -> float:
    """Cosine of an article's profile with a story's centroid (either may be unnormalised)."""
    a, b = _normalised(weights), _normalised(centroid)
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


@dataclass
class Story:
    """A story as assignment sees it: its centroid (summed article profiles) and its dates."""

    id: int
    centroid: dict[str, float] = field(default_factory=dict)
    first: date | None = None
    last: date | None = None
    articles: int = 0

    def near(self, day: date | None) -> bool:
        if day is None or self.first is None:
            return True
        return window_start(self.first) <= day <= window_end(self.last)

    def _add(self, weights: dict[str, float]) -> None:
        merged = dict(self.centroid)
        for t, w in weights.items():
            merged[t] = merged.get(t, 0.0) + w
        self.centroid = _strongest(merged, CENTROID_TERMS)

    def absorb(self, weights: dict[str, float], day: date | None) -> None:
        self._add(weights)
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)
        self.articles += 1

    def join(self, other: "Story") -> None:
        """The other story's articles are this story's too (a reader said they are one story)."""
        self._add(other.centroid)
        days = [d for d in (self.first, self.last, other.first, other.last) if d is not None]
        self.first, self.last = (min(days), max(days)) if days else (None, None)
        self.articles += other.articles


def choose(weights: dict[str, float], day: date | None, candidates: Iterable[Story]) -> tuple[Story | None, float]:
    """The candidate story the article joins, and its similarity; None when none is close enough."""
    best, score = None, 0.0
    for story in candidates:
        if not story.near(day):
            continue
        s = similarity(weights, story.centroid)
        if s > score or (s == score and best is not None and story.id < best.id):
            best, score = story, s
    return (best, score) if best is not None and score >= JOIN_SIMILARITY else (None, score)


ARTICLES_TERM = ""  # the term every article holds: its frequency is the number of articles


class StoryIndex:
    """Where stories and term frequencies live; subclasses say where (memory, database)."""

    def frequencies(self, terms: list[str]) -> dict[str, int]:
        raise NotImplementedError

    def candidates(self, terms: list[str], day: date | None) -> list[Story]:
        raise NotImplementedError

    def story(self, story_id: int) -> Story:
        raise NotImplementedError

    def create(self, day: date | None) -> Story:
        raise NotImplementedError

    def save(self, story: Story, counts: list[str]) -> None:
        raise NotImplementedError

    def assign(self, counts: dict[str, int], day: date | None, into: int | None = None) -> tuple[int, float]:
        """The story an article with these term counts joins (created when none is close), and
        how close the article is to it (0 for a story it opens). ``into``: the story it joins
        whatever its words, for an article a reader joined to it."""
        df = self.frequencies([ARTICLES_TERM, *counts])
        weights = profile(counts, df, df.get(ARTICLES_TERM, 0))
        if into is not None:
            story = self.story(into)
            score = similarity(weights, story.centroid) if story.centroid else 0.0
        else:
            story, score = choose(weights, day, self.candidates(query_terms(weights), day))
        if story is None:
            story, score = self.create(day), 0.0
        story.absorb(weights, day)
        self.save(story, [ARTICLES_TERM, *counts])
        return story.id, score


class MemoryStoryIndex(StoryIndex):
    """Stories kept in memory: for tests and for one-off use."""

    def __init__(self):
        self.stories: dict[int, Story] = {}
        self.postings: dict[str, set[int]] = {}
        self.df: dict[str, int] = {}

    def frequencies(self, terms):
        return {t: self.df[t] for t in terms if t in self.df}

    def candidates(self, terms, day):
        ids = set().union(*(self.postings.get(t, ()) for t in terms)) if terms else set()
        return [self.stories[i] for i in sorted(ids)]

    def story(self, story_id):
        return self.stories[story_id]

    def create(self, day):
        story = Story(id=len(self.stories) + 1)
        self.stories[story.id] = story
        return story

    def save(self, story, counts):
        for t in story.centroid:
            self.postings.setdefault(t, set()).add(story.id)
        for t in counts:
            self.df[t] = self.df.get(t, 0) + 1
