"""Storage and queries, against SQLite and PostgreSQL, with records written by hand."""
from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from corroborate.ledger import queries, schema as t
from corroborate.ledger.db import SCHEMA_REVISION, head_revision
from corroborate.ledger.estimates import any_conflict, point, lexicon

from ledger_stories import Story


def _count(ledger, table) -> int:
    with ledger.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _counts(ledger) -> dict:
    with ledger.engine.connect() as conn:
        return queries.stats(conn)


def kursk_like(published="2024-10-28", outlet="Gazette"):
    """Sources disagree on one measure: a lower bound, two estimates."""
    s = Story(
        "The spy agency said at least 1,500 North Korean troops had arrived in Russia. "
        "The Pentagon estimated that about 10,000 North Korean troops had been sent to train in eastern Russia. "
        "An official said about 40 people were killed in Kharkiv. "
        "Rescuers said about 120 people were killed in Kharkiv.",
        published=published, outlet=outlet)
    nis = s.entity("National Intelligence Service", "ORG", "The spy agency")
    pentagon = s.entity("US Department of Defense", "ORG", "The Pentagon")
    russia = s.entity("Russia", "GPE", "Russia")
    kharkiv = s.entity("Kharkiv", "GPE", "Kharkiv")
    s1 = s.statement("The spy agency", "said", "at least 1,500 North Korean troops had arrived in Russia", entity=nis,
                     said_on=("earlier this month", "2024-10"))
    s2 = s.statement("The Pentagon", "estimated", "about 10,000 North Korean troops had been sent to train in eastern Russia",
                     entity=pentagon)
    s3 = s.statement("An official", "said", "about 40 people were killed in Kharkiv")
    s4 = s.statement("Rescuers", "said", "about 120 people were killed in Kharkiv")
    troops = dict(kind="troops", cls="deployed", modifiers=("north korean",), place=russia)
    s.figure("at least 1,500", 1500, "lower", counted="North Korean troops", predicate="had arrived in Russia",
             statement=s1, verb="arrive", **troops)
    s.figure("about 10,000", 10000, "approx", counted="North Korean troops",
             predicate="had been sent to train in eastern Russia", statement=s2, verb="send", **troops)
    s.figure("about 40", 40, "approx", counted="people", predicate="were killed in Kharkiv", statement=s3,
             kind="people", cls="killed", verb="kill", place=kharkiv)
    s.figure("about 120", 120, "approx", counted="people", predicate="were killed in Kharkiv", statement=s4,
             kind="people", cls="killed", verb="kill", place=kharkiv)
    return s


def toll(text: str, n: int, *, day: str, source: str | None = "Officials", outlet: str | None = None,
         bound: str = "exact") -> Story:
    """One article reporting a flood toll in Port Ennis, claimed by ``source``."""
    s = Story(text, published=day, outlet=outlet)
    sid = s.statement(source, "said", text[text.index(str(n)):].rstrip(".")) if source else None
    s.figure(str(n), n, bound, counted="people", predicate="died in the floods in Port Ennis", statement=sid,
             kind="people", cls="killed", verb="die")
    return s


def test_migrated_on_open_to_head(ledger):
    assert SCHEMA_REVISION == head_revision()
    with ledger.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()


def test_add_stores_the_record_once(ledger):
    story = kursk_like()
    first = story.store(ledger)
    assert isinstance(first, int)
    before = _counts(ledger)
    assert story.store(ledger) is None
    assert _counts(ledger) == before
    assert before["articles"] == 1 and before["statements"] == 4 and before["quantities"] == 4
    assert before["entities"] == 4 and before["mentions"] == 4


def test_same_text_different_url_is_another_article(ledger):
    assert Story("Ten people were hurt.", url="https://a.example/1").store(ledger) is not None
    assert Story("Ten people were hurt.", url="https://b.example/1").store(ledger) is not None
    assert Story("Ten  people were hurt. ", url="https://a.example/1").store(ledger) is None
    assert _count(ledger, t.articles) == 2


def test_failure_inside_an_article_leaves_nothing_of_it(ledger, monkeypatch):
    from corroborate.ledger import store

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_figures", boom)
    with pytest.raises(RuntimeError):
        kursk_like().store(ledger)
    for table in (t.articles, t.statements, t.mentions, t.entities, t.entity_aliases):
        assert _count(ledger, table) == 0
    monkeypatch.undo()
    assert kursk_like().store(ledger) is not None


def test_estimate_groups_and_conflict(ledger):
    kursk_like().store(ledger)
    with ledger.engine.connect() as conn:
        groups = {g["label"]: g for g in queries.estimates(conn)}
    troops = groups["North Korean troops deployed in Russia"]
    assert troops["conflict"] is False and troops["unit"] == "person" and troops["status"] == "agreement"
    assert troops["spread"] == {"min": 1500, "max": 10000}
    assert any("compatible (lower bound)" in r for r in troops["reasons"])
    first = troops["members"][0]
    assert {k: first[k] for k in ("value", "low", "high", "bound", "source", "said_on", "published", "text")} == {
        "value": 1500, "low": 1500, "high": None, "bound": "lower", "source": "National Intelligence Service",
        "said_on": "2024-10", "published": "2024-10-28", "text": "at least 1,500"}
    assert first["span"][1] - first["span"][0] == len("at least 1,500")
    killed = groups["people killed in Kharkiv"]
    assert killed["conflict"] is True and killed["status"] == "conflict"
    assert killed["reasons"] == ["An official ≈40 (2024-10-28) vs Rescuers ≈120 (2024-10-28): "
                                 "disjoint for the same scope and time"]
    assert [m["value"] for m in killed["members"]] == [40, 120]
    with ledger.engine.connect() as conn:
        board = queries.estimates(conn)
        assert board[0]["label"] == "people killed in Kharkiv"  # conflicts first
        assert [g["label"] for g in queries.estimates(conn, conflicts_only=True)] == ["people killed in Kharkiv"]
        assert [g["label"] for g in queries.estimates(conn, about="korean")] == ["North Korean troops deployed in Russia"]


def test_a_rising_toll_across_articles_of_one_story_is_a_timeline(ledger):
    for day, n in (("2024-03-01", 12), ("2024-03-03", 30), ("2024-03-05", 57)):
        toll(f"Officials said {n} people died in the floods in Port Ennis.", n, day=day, outlet=f"Outlet {n}").store(ledger)
    with ledger.engine.connect() as conn:
        (group,) = queries.estimates(conn)
        (story,) = queries.stories(conn)
    assert group["label"] == "people killed" and group["cumulative"] is True and group["story"] == story["id"]
    assert group["conflict"] is False and group["status"] == "timeline"
    assert [m["value"] for m in group["members"]] == [12, 30, 57]
    assert group["dates"] == {"first": "2024-03-01", "last": "2024-03-05"}
    assert story["articles"] == 3 and (story["first"], story["last"]) == ("2024-03-01", "2024-03-05")


def test_a_toll_that_falls_on_a_later_day_conflicts_only_between_sources(ledger):
    toll("Officials said 57 people died in the floods in Port Ennis.", 57, day="2024-03-01").store(ledger)
    toll("Officials said 12 people died in the floods in Port Ennis.", 12, day="2024-03-05").store(ledger)
    with ledger.engine.connect() as conn:
        (group,) = queries.estimates(conn)
    assert group["conflict"] is False and group["status"] == "revision"  # one source, a new figure
    assert group["reasons"] == ["Officials 57 (2024-03-01) revised to Officials 12 (2024-03-05)"]
    toll("Rescuers said 9 people died in the floods in Port Ennis.", 9, day="2024-03-06", source="Rescuers").store(ledger)
    with ledger.engine.connect() as conn:
        (group,) = queries.estimates(conn)
    assert group["conflict"] is True
    assert "a later figure below an earlier one" in group["reasons"][0]


def test_an_article_s_own_figures_are_weighed_against_other_articles_not_against_sources(ledger):
    toll("40 people died in the floods in Port Ennis.", 40, day="2024-03-01", source=None).store(ledger)
    toll("Rescuers said 120 people died in the floods in Port Ennis.", 120, day="2024-03-01", source="Rescuers").store(ledger)
    with ledger.engine.connect() as conn:
        (group,) = queries.estimates(conn)
    assert group["members_total"] == 2 and group["conflict"] is False
    toll("At least 90 people died in the floods in Port Ennis.", 90, day="2024-03-01", source=None,
         bound="lower").store(ledger)
    with ledger.engine.connect() as conn:
        (group,) = queries.estimates(conn)
    assert group["conflict"] is True  # two articles, each in its own voice, the same day


def test_different_predicates_are_related_groups_never_merged(ledger):
    s = Story("Rutte said more than 600,000 Russian troops were killed or wounded. "
              "The BBC counted 70,000 Russian troops confirmed killed.")
    russian = dict(kind="troops", modifiers=("russian",))
    s.figure("more than 600,000", 600000, "lower", counted="Russian troops", predicate="were killed or wounded",
             cls="killed_or_wounded", verb="kill", **russian)
    s.figure("70,000", 70000, counted="Russian troops", predicate="confirmed killed", cls="killed", verb="confirm",
             **russian)
    s.store(ledger)
    with ledger.engine.connect() as conn:
        groups = {g["label"]: g for g in queries.estimates(conn)}
    assert set(groups) == {"Russian troops killed or wounded", "Russian troops killed"}
    a, b = groups.values()
    assert a["related"] == [b["id"]] and b["related"] == [a["id"]]


def test_figures_of_different_scopes_say_which_scopes(ledger):
    s = Story("Ford Motor Company said it would cut 30,000 jobs in Ohio. The union said 2,000 jobs would be cut.")
    ford = s.entity("Ford Motor Company", "ORG")
    ohio = s.entity("Ohio", "GPE")
    s1 = s.statement("Ford Motor Company", "said", "it would cut 30,000 jobs in Ohio", entity=ford)
    s2 = s.statement("The union", "said", "2,000 jobs would be cut")
    jobs = dict(kind="jobs", cls="cut", verb="cut", unit="item")
    s.figure("30,000", 30000, counted="jobs", predicate="cut", statement=s1, holder=ford, place=ohio, **jobs)
    s.figure("2,000", 2000, counted="jobs", predicate="cut", statement=s2, **jobs)
    s.store(ledger)
    with ledger.engine.connect() as conn:
        (group,) = queries.estimates(conn)
    assert group["conflict"] is False
    assert group["reasons"] == ["different scopes, not compared: Ford Motor Company's · in Ohio; none given"]


def test_entities_join_across_articles(ledger):
    s1 = Story("Volodymyr Zelensky said the front held. Zelensky added more.")
    z = s1.entity("Volodymyr Zelensky", "PERSON", "Volodymyr Zelensky", "Zelensky")
    s1.statement("Volodymyr Zelensky", "said", "the front held", entity=z)
    s1.store(ledger)
    s2 = Story("President Zelenskiy warned of a hard winter.")
    z2 = s2.entity("President Zelenskiy", "PERSON")
    s2.statement("President Zelenskiy", "warned", "of a hard winter", entity=z2)
    s2.store(ledger)
    s3 = Story("Nato said it would help. The North Atlantic Treaty Organization met.")
    s3.entity("Nato", "ORG")
    s3.entity("the North Atlantic Treaty Organization", "ORG", "The North Atlantic Treaty Organization")
    s3.store(ledger)
    with ledger.engine.connect() as conn:
        people = queries.entities(conn, type="PERSON")
        assert [(e["name"], e["articles"]) for e in people] == [("Volodymyr Zelensky", 2)]
        assert "Zelenskiy" in people[0]["aliases"]
        assert len(queries.entities(conn, type="ORG")) == 1
        said = queries.statements(conn, by="Zelenskyy")
        assert sorted(s["content"]["text"] for s in said) == ["of a hard winter", "the front held"]
        assert {s["source"]["name"] for s in said} == {"Volodymyr Zelensky"}


def test_search_show_stats(ledger):
    kursk_like().store(ledger)
    Story("Nothing about troops here, only weather in Port Ennis.").store(ledger)
    with ledger.engine.connect() as conn:
        found = queries.search(conn, "troops arrived")
        assert [a["article"] for a in found["articles"]] == ["a1"]
        assert "[" in found["articles"][0]["snippet"]
        assert [s["content"]["text"] for s in found["statements"]] == [
            "at least 1,500 North Korean troops had arrived in Russia"]
        assert queries.search(conn, '"; DROP TABLE') == {"articles": [], "statements": []}
        shown = queries.show(conn, "a1")
        assert shown["record"]["text"].startswith("The spy agency")
        assert shown["record"]["entities"][0]["canonical"] == "National Intelligence Service"
        assert all(q["group"] for q in shown["record"]["quantities"])
        assert queries.show(conn, shown["hash"][:10])["article"] == "a1"
        assert queries.show(conn, "a99") is None
        stats = queries.stats(conn)
    assert {k: stats[k] for k in ("articles", "statements", "quantities", "entities", "conflicts")} == {
        "articles": 2, "statements": 4, "quantities": 4, "entities": 4, "conflicts": 1}


def test_export_formats(ledger, tmp_path):
    import pyarrow.parquet as pq

    from corroborate.ledger.export import EXPORTERS

    kursk_like().store(ledger)
    with ledger.engine.connect() as conn:
        assert EXPORTERS["jsonl"](conn, tmp_path / "records.jsonl") == 1
        EXPORTERS["csv"](conn, tmp_path / "csv")
        EXPORTERS["parquet"](conn, tmp_path / "parquet")
    rec = json.loads((tmp_path / "records.jsonl").read_text())
    assert rec["article"] == "a1" and len(rec["quantities"]) == 4 and rec["text"].startswith("The spy agency")
    with (tmp_path / "csv" / "figures.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert [r["text"] for r in rows][:2] == ["at least 1,500", "about 10,000"]
    table = pq.read_table(tmp_path / "parquet" / "estimate_groups.parquet")
    assert table.num_rows == 2 and "conflict" in table.column_names
    assert pq.read_table(tmp_path / "parquet" / "ingest_errors.parquet").num_rows == 0


def test_errors_are_logged(ledger):
    ledger.log_error("feed.jsonl:3", "read", "line 3: not valid JSON")
    with ledger.engine.connect() as conn:
        row = conn.execute(select(t.ingest_errors.c.origin, t.ingest_errors.c.stage, t.ingest_errors.c.reason)).one()
    assert tuple(row) == ("feed.jsonl:3", "read", "line 3: not valid JSON")


_examples = iter(range(10**6))
_figure = st.tuples(
    st.sampled_from(["exact", "approx", "lower", "upper"]), st.sampled_from([10, 12, 40, 50, 120, 1500, 10000]),
    st.sampled_from([None, "2024-03-01", "2024-03-02", "2024-03"]),  # said_on
    st.integers(0, 2),  # which article of the example
    st.sampled_from([None, "Ana Ruiz", "Bo Lind"]),  # who claims it
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(figures=st.lists(_figure, min_size=2, max_size=5), grows=st.booleans())
def test_stored_conflict_flag_is_the_pure_rule(ledger, figures, grows):
    """The indexed conflict check of the store agrees with estimates.conflicting on every pair."""
    n = next(_examples)
    kind, cls = f"widget{n}", "killed" if grows else "painted"
    assert (cls in lexicon()["cumulative"]) is grows
    points = []
    for article in range(3):
        mine = [f for f in figures if f[3] == article]
        if not mine:
            continue
        text = " ".join(f"{who or 'It'} said {value} {kind}s were hit ({n}/{article}/{i})."
                        for i, (_, value, _, _, who) in enumerate(mine))
        story = Story(f"widgets {kind} " + text, published="2024-03-02")
        for i, (bound, value, said_on, _, who) in enumerate(mine):
            claim = f"{value} {kind}s were hit ({n}/{article}/{i})"
            sid = story.statement(who, "said", claim,
                                  said_on=None if said_on is None else (said_on, said_on)) if who else None
            story.figure(claim, value, bound, counted=kind, kind=kind, cls=cls, verb="hit", statement=sid)
        article_id = story.store(ledger)
        for bound, value, said_on, _, who in mine:
            low, high = (value, None) if bound == "lower" else (None, value) if bound == "upper" else (None, None)
            published = date.fromisoformat("2024-03-02")
            # as the store sees them: no place, period or holder; unnamed sources are the article's own
            points.append(point(bound, value, low, high, str(value), said_on if who else None, published,
                                article=article_id, voice=who.casefold() if who else f"article {article_id}",
                                scope="||"))
    with ledger.engine.connect() as conn:
        groups = [g for g in queries.estimates(conn, limit=None) if g["kind"] == kind]
    assert len(groups) == 1
    assert groups[0]["cumulative"] is grows
    assert groups[0]["conflict"] is any_conflict(points, grows)


def test_a_spokesperson_is_one_voice_in_every_statement_of_theirs(ledger, nlp):
    """The title names the organisation once ("Directorate spokeswoman Lena Morrow"); "Morrow
    said" later is the same voice, so her two figures are a revision of one source, not a
    conflict between two."""
    from corroborate.ingest.article import Article
    from corroborate.run import ingest

    text = ("Missing toll disputed in Ambry\n\nNational Emergency Directorate spokeswoman Lena Morrow said on "
            "Monday that at least 40 people were missing in Ambry. Later on Monday, Morrow said about 20 people "
            "were missing in Ambry.\n")
    ingest([Article(text=text, published=date(2026, 3, 9), outlet="Ambry Post", origin="t")], ledger)
    with ledger.engine.connect() as conn:
        (group,) = [g for g in queries.estimates(conn) if g["members_total"] == 2]
        voices = set(conn.execute(select(t.estimate_members.c.voice)).scalars())
    assert sorted(m["value"] for m in group["members"]) == [20, 40]
    assert group["conflict"] is False and group["sources"] == 1
    assert len(voices) == 1
