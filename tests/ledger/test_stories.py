"""Stories: articles of one real-world event together, two events of one kind apart."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from corroborate.ledger import queries
from corroborate.ledger import schema as t
from corroborate.ledger.stories import MemoryStoryIndex, article_terms, profile, similarity

from ledger_stories import Story


def counts(text: str, *names: tuple[str, str]) -> dict[str, int]:
    words = [w.strip(".,").lower() for w in text.split() if len(w.strip(".,")) > 3]
    terms: dict[str, int] = {}
    for w in words:
        terms[w] = terms.get(w, 0) + 1
    return article_terms(terms, [(n, label, 2) for n, label in names])


QUAKE_A = ("earthquake struck Varnholt province killing villagers houses collapsed magnitude tremor",
           ("Varnholt", "GPE"), ("Emil Draskov", "PERSON"))
QUAKE_A2 = ("magnitude earthquake Varnholt villagers rescue houses tremor aftershock",
            ("Varnholt", "GPE"), ("Emil Draskov", "PERSON"))
QUAKE_B = ("earthquake struck Selmira coast killing fishermen houses collapsed magnitude tsunami",
           ("Selmira", "GPE"), ("Ona Pettersen", "PERSON"))


def _assign(index, spec, day=None):
    text, *names = spec
    return index.assign(counts(text, *names), day)[0]


def test_one_event_is_one_story_and_another_event_of_its_kind_is_another():
    index = MemoryStoryIndex()
    # Enough other news for the corpus' document frequencies to say which words are telling.
    for i in range(8):
        index.assign(counts(f"council budget school road election market report{i} weather"), None)
    a = _assign(index, QUAKE_A)
    assert _assign(index, QUAKE_A2) == a
    assert _assign(index, QUAKE_B) != a


def test_a_dated_article_far_from_a_story_s_dates_opens_another():
    index = MemoryStoryIndex()
    first = _assign(index, QUAKE_A, date(2024, 3, 1))
    assert _assign(index, QUAKE_A2, date(2024, 3, 9)) == first
    later = _assign(index, QUAKE_A2, date(2024, 9, 1))
    assert later != first
    # An undated article is compared on its words alone: it joins the story closest in words.
    assert _assign(index, QUAKE_A2, None) == later


def test_profiles_weigh_names_more_and_are_unit_length():
    weights = profile(counts(*QUAKE_A), df={}, articles=10)
    assert abs(sum(w * w for w in weights.values()) - 1) < 1e-9
    assert max(weights, key=weights.get).startswith("@")
    assert similarity(weights, weights) > 0.999


def test_stories_are_stored_listed_and_named_after_a_titled_article(ledger):
    for day, outlet in (("2024-03-01", "Courier"), ("2024-03-02", "Herald")):
        s = Story(f"Varnholt earthquake: rescuers search collapsed houses\n"
                  f"An earthquake struck Varnholt province, officials said, and rescuers searched collapsed houses "
                  f"for villagers on {day}.", published=day, outlet=outlet)
        s.entity("Varnholt", "GPE", "Varnholt")
        s.article.title = "Varnholt earthquake: rescuers search collapsed houses"
        s.store(ledger)
    other = Story("Selmira election: the council counts ballots in the harbour district.", published="2024-03-02")
    other.entity("Selmira", "GPE", "Selmira")
    other.store(ledger)
    with ledger.engine.connect() as conn:
        found = queries.stories(conn)
    quake = next(s for s in found if "Varnholt" in s["label"])
    assert quake["articles"] == 2 and quake["outlets"] == 2
    assert (quake["first"], quake["last"]) == ("2024-03-01", "2024-03-02")
    assert len(found) == 2


def test_dates_at_the_ends_of_the_calendar_are_dates_not_a_crash():
    index = MemoryStoryIndex()
    first = _assign(index, QUAKE_A, date(1, 1, 2))
    assert _assign(index, QUAKE_A2, date(1, 1, 3)) == first
    assert _assign(index, QUAKE_A2, date(9999, 12, 30)) != first


def _toll(text: str, n: int, day: str, source: str) -> Story:
    s = Story(text, published=day)
    sid = s.statement(source, "said", text[text.index(str(n)):].rstrip("."))
    s.figure(str(n), n, counted="people", predicate="died in the floods in Port Ennis", statement=sid,
             kind="people", cls="killed", verb="die")
    return s


def _story_of_each(ledger) -> list[tuple[int, int | None, bool]]:
    """(article, its story, whether its figure's group holds a conflict), in article order."""
    with ledger.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(t.articles.c.id, t.articles.c.story_id, t.estimate_groups.c.conflict)
            .join(t.figures, t.figures.c.article_id == t.articles.c.id)
            .join(t.estimate_groups, t.estimate_groups.c.id == t.figures.c.group_id).order_by(t.articles.c.id))]


def test_stories_a_reader_joins_compare_their_figures_and_stay_joined_when_regrouped(ledger):
    # Two months apart, past the date window: two stories, so the falling toll is not compared.
    _toll("Officials said 57 people died in the floods in Port Ennis.", 57, "2024-03-01", "Officials").store(ledger)
    _toll("Rescuers said 12 people died in the floods in Port Ennis.", 12, "2024-05-01", "Rescuers").store(ledger)
    (a, first, c1), (b, second, c2) = _story_of_each(ledger)
    assert first != second and not c1 and not c2

    assert ledger.join_stories(first, [second]) == (2, 2)
    assert _story_of_each(ledger) == [(a, first, True), (b, first, True)]
    with ledger.engine.connect() as conn:
        (story,) = queries.stories(conn)
        (group,) = queries.estimates(conn)
    assert story["articles"] == 2 and (story["first"], story["last"]) == ("2024-03-01", "2024-05-01")
    assert "a later figure below an earlier one" in group["reasons"][0]

    ledger.regroup()
    (_, s1, c1), (_, s2, c2) = _story_of_each(ledger)
    assert s1 == s2 and c1 and c2


def test_joining_a_story_that_is_not_there_changes_nothing(ledger):
    _toll("Officials said 57 people died in the floods in Port Ennis.", 57, "2024-03-01", "Officials").store(ledger)
    before = _story_of_each(ledger)
    ((_, story, _),) = before
    with pytest.raises(LookupError, match=f"no story S{story + 5} in the ledger"):
        ledger.join_stories(story, [story + 5])
    assert _story_of_each(ledger) == before
