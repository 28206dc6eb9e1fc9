"""Stories: articles of one real-world event together, two events of one kind apart."""
from __future__ import annotations

from datetime import date

from corroborate.ledger import queries
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
