"""The board's queries against SQLite and PostgreSQL: filters, paging, a group with its
sentences, a story, an article's groups, sentence spans."""
from __future__ import annotations

from datetime import date

import pytest

from corroborate.ingest.article import Article
from corroborate.ledger import queries

TEXTS = [
    ("Flood toll rises in Ennisford\nThe mayor of Ennisford, Ada Quell, said at least 40 people were killed in the "
     "flood on Monday. Police said 12 people were injured.\n", "2026-03-02", "Daily Test"),
    ("Ennisford flood deaths disputed\nThe governor, Bram Osei, said 25 people were killed in the Ennisford flood. "
     "Osei said the damage would cost $3 million to repair.\n", "2026-03-03", "Evening Post"),
    ("Storm hits the Velmora coast\nPolice in Velmora said between 100 and 120 homes were destroyed by the storm on "
     "Friday.\n", "2026-03-06", "Daily Test"),
]


@pytest.fixture
def board_ledger(ledger, nlp):
    from corroborate.run import ingest

    articles = [Article(text=text, published=date.fromisoformat(pub), outlet=outlet, origin=f"t:{i}")
                for i, (text, pub, outlet) in enumerate(TEXTS)]
    assert ingest(articles, ledger).stored == len(TEXTS)
    return ledger


def test_board_puts_stories_first_and_groups_of_several_sources_in_them(board_ledger):
    with board_ledger.engine.connect() as conn:
        b = queries.board(conn)
        groups = queries.estimates(conn, limit=None)
    killed = next(g for g in groups if g["label"] == "people killed")
    assert b["total"] == 2 and b["groups"] == len(groups)
    flood, storm = b["stories"]
    assert [g["id"] for g in flood["several"]] == [killed["id"]] and killed["sources"] == 2
    assert flood["several"][0]["conflict"] and flood["others_total"] >= 1
    assert storm["several"] == [] and storm["others_total"] == 1
    assert all(g["sources"] == 1 for g in flood["others"] + storm["others"])


def test_board_filters(board_ledger):
    with board_ledger.engine.connect() as conn:
        def labels(**kw):
            return sorted(s["label"] for s in queries.board(conn, queries.GroupFilter(**kw))["stories"])

        everything = labels()
        assert len(everything) == 2
        assert labels(about="homes") == [l for l in everything if "Storm" in l]
        assert labels(about="Osei") == labels(about="injured") == [l for l in everything if "Storm" not in l]
        assert labels(entity="Ada Quell") == [l for l in everything if "Storm" not in l]
        assert labels(outlet="evening post") == labels(entity="Bram Osei")
        assert labels(unit="USD") == labels(entity="Bram Osei")
        assert labels(since=date(2026, 3, 5)) == [l for l in everything if "Storm" in l]
        assert labels(until=date(2026, 3, 1)) == []
        assert labels(conflicts_only=True) == [l for l in everything if "Storm" not in l]
        flood = queries.board(conn)["stories"][0]["id"]
        assert labels(story=int(flood[1:])) == [queries.board(conn)["stories"][0]["label"]]


def test_board_pages_and_sorts(board_ledger):
    with board_ledger.engine.connect() as conn:
        first = queries.board(conn, per_page=1)
        second = queries.board(conn, per_page=1, page=2)
        assert first["total"] == second["total"] == 2
        assert first["stories"][0]["id"] != second["stories"][0]["id"]
        assert queries.board(conn, per_page=1, page=3)["stories"] == []
        # Conflicts first, else the latest figure first: the storm (6 Mar) is later than the flood.
        assert "Storm" not in first["stories"][0]["label"]
        assert "Storm" in queries.board(conn, sort="latest")["stories"][0]["label"]


def test_a_group_with_its_sentences_and_a_story(board_ledger):
    with board_ledger.engine.connect() as conn:
        killed = next(g for g in queries.estimates(conn, limit=None) if g["label"] == "people killed")
        g = queries.estimate_group(conn, int(killed["id"][1:]))
        s = queries.story(conn, int(killed["story"][1:]))
        assert queries.estimate_group(conn, 999_999) is None and queries.story(conn, 999_999) is None
    quell = next(m for m in g["members"] if m["source"] == "Ada Quell")
    assert quell["excerpt"]["text"] == ("The mayor of Ennisford, Ada Quell, said at least 40 people were killed in the "
                                        "flood on Monday.")
    a, b = quell["excerpt"]["figure"]
    assert quell["excerpt"]["text"][a:b] == "at least 40" and quell["title"] == "Flood toll rises in Ennisford"
    assert quell["entity"] and quell["entity"].startswith("E")
    assert [x["title"] for x in s["article_list"]] == ["Flood toll rises in Ennisford", "Ennisford flood deaths disputed"]
    assert [x["id"] for x in s["several"]] == [killed["id"]]
    assert {w["name"] for w in s["main_sources"]} >= {"Ada Quell", "Bram Osei"}


def test_an_articles_groups(board_ledger):
    with board_ledger.engine.connect() as conn:
        found = queries.stored_article(conn, "a2")
        groups = queries.article_groups(conn, found)
    assert {q for g in groups for q in g["quantities"]} == set(found.groups)
    assert any(g["label"] == "people killed" and g["status"] == "conflict" for g in groups)


@pytest.mark.parametrize(("text", "figure", "sentence"), [
    ("First one. The U.S. Department of Defense said about 10,000 troops. Next one.", "10,000",
     "The U.S. Department of Defense said about 10,000 troops."),
    ("Headline\nMr. Smith said 5 people died. After.", "5", "Mr. Smith said 5 people died."),
    ("“We counted 40,” she said. Then more.", "40", "“We counted 40,” she said."),
    ("No end at all 12 here", "12", "No end at all 12 here"),
])
def test_sentence_spans(text, figure, sentence):
    start = text.index(figure)
    a, b = queries.sentence_span(text, start, start + len(figure))
    assert text[a:b] == sentence


def test_a_long_sentence_is_cut_around_its_figure():
    text = "Word " * 300 + "about 7 people " + "word " * 300 + "."
    start = text.index("7")
    a, b = queries.sentence_span(text, start, start + 1)
    assert b - a <= queries.EXCERPT_MAX and a < start < b
