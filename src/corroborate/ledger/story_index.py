"""Stories in the database: the index that finds an article's candidate stories.

``stories.StoryIndex`` holds the rules; this keeps them in the ledger's tables. A candidate
story is found through ``story_terms`` (each story's strongest terms, indexed by term), for the
article's most telling terms only and, where the article is dated, among the stories of the
date window, so that assigning an article costs the same on a ledger of a thousand stories or a
million. Term frequencies (``term_frequencies``) grow with each article stored.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, bindparam, func, insert, or_, select, update

from . import schema as t
from .db import dialect_insert
from .stories import Story, StoryIndex, window_start

CANDIDATES = 30  # stories compared in full, of those sharing the article's telling terms


def _upsert_frequencies(conn: Connection):
    stmt = dialect_insert(conn, t.term_frequencies).values(term=bindparam("term"), articles=1)
    return stmt.on_conflict_do_update(index_elements=["term"],
                                      set_={"articles": t.term_frequencies.c.articles + 1})


class LedgerStoryIndex(StoryIndex):
    """The stories of one transaction's articles, read from and written to the ledger."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.loaded: dict[int, Story] = {}  # stories this transaction read or made, by id

    def frequencies(self, terms):
        tf = t.term_frequencies
        found = {}
        for i in range(0, len(terms), 500):
            found.update(self.conn.execute(select(tf.c.term, tf.c.articles).where(tf.c.term.in_(terms[i:i + 500]))).all())
        return found

    def candidates(self, terms: list[str], day: date | None) -> list[Story]:
        st, s = t.story_terms, t.stories
        q = (select(st.c.story_id).join(s, s.c.id == st.c.story_id).where(st.c.term.in_(terms))
             .group_by(st.c.story_id).order_by(func.sum(st.c.weight).desc(), st.c.story_id).limit(CANDIDATES))
        if day is not None:
            q = q.where(or_(s.c.last_date.is_(None), s.c.last_date >= window_start(day)))
        self._load(list(self.conn.execute(q).scalars()))
        matched = set(terms)
        return [story for story in self.loaded.values() if matched & story.centroid.keys()]

    def story(self, story_id: int) -> Story:
        self._load([story_id])
        return self.loaded[story_id]

    def _load(self, ids: list[int]) -> None:
        st, s = t.story_terms, t.stories
        ids = [i for i in ids if i not in self.loaded]
        if not ids:
            return
        for sid, first, last, n in self.conn.execute(
                select(s.c.id, s.c.first_date, s.c.last_date, s.c.articles).where(s.c.id.in_(ids))):
            self.loaded[sid] = Story(id=sid, first=first, last=last, articles=n)
        for sid, term, weight in self.conn.execute(
                select(st.c.story_id, st.c.term, st.c.weight).where(st.c.story_id.in_(ids))):
            self.loaded[sid].centroid[term] = weight

    def create(self, day: date | None) -> Story:
        sid = self.conn.execute(insert(t.stories).values(label="", label_score=0.0, articles=0)
                                .returning(t.stories.c.id)).scalar_one()
        story = Story(id=sid)
        self.loaded[sid] = story
        return story

    def save(self, story: Story, counts) -> None:
        st = t.story_terms
        self.conn.execute(st.delete().where(st.c.story_id == story.id))
        if story.centroid:
            self.conn.execute(insert(st), [dict(story_id=story.id, term=term, weight=w)
                                           for term, w in story.centroid.items()])
        self.conn.execute(update(t.stories).where(t.stories.c.id == story.id).values(
            articles=story.articles, first_date=story.first, last_date=story.last))
        if counts:
            self.conn.execute(_upsert_frequencies(self.conn), [dict(term=term) for term in sorted(counts)])

    def join(self, story_id: int, others: list[int]) -> None:
        """The other stories become this one: their articles, centroids and dates; the label of
        the most central titled article of them all. The articles' rows are the caller's."""
        s, st = t.stories, t.story_terms
        story = self.story(story_id)
        for other in others:
            story.join(self.story(other))
        self.save(story, [])
        best = self.conn.execute(select(s.c.label, s.c.label_score).where(s.c.id.in_([story_id, *others]))
                                 .order_by(s.c.label_score.desc(), s.c.id).limit(1)).one()
        self.conn.execute(update(s).where(s.c.id == story_id).values(label=best.label, label_score=best.label_score))
        self.conn.execute(st.delete().where(st.c.story_id.in_(others)))
        self.conn.execute(s.delete().where(s.c.id.in_(others)))
        for other in others:
            self.loaded.pop(other, None)

    def label(self, story_id: int, label: str, score: float) -> None:
        """The story is named after the most central of its articles that has a title so far."""
        s = t.stories
        self.conn.execute(update(s).where(s.c.id == story_id, or_(s.c.label == "", s.c.label_score < score))
                          .values(label=label, label_score=score))
