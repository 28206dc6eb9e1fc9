"""The reference article (../shared/examples): the bar the issues set, checked end to end.

It is read from ../shared at test time (never copied here) and skipped where it is absent.
"""
import json
import re

import pytest

import corroborate

from shared_paths import SHARED, needs_shared

pytestmark = needs_shared
GOLD = SHARED / "examples" / "kursk-2024-10-28.gold.jsonl"
WORD = re.compile(r"\w+")
STOP = {"the", "a", "an", "of", "s", "president", "he", "she", "they", "his", "her"}


def words(s):
    return {w.lower() for w in WORD.findall(s or "")} - STOP


def occurrences(text, sub):
    return [(m.start(), m.end()) for m in re.finditer(re.escape(sub), text)]


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


@pytest.fixture(scope="module")
def gold():
    return json.loads(GOLD.read_text(encoding="utf-8").splitlines()[0])


@pytest.fixture(scope="module")
def record(gold, nlp):
    return corroborate.analyze(gold["text"], published=gold["published"], outlet=gold["outlet"], id=gold["doc_id"], nlp=nlp)


def gold_span(gold, g):
    """Where a gold figure stands: its text's n-th occurrence (``occurrence``, 1 by default)."""
    return occurrences(gold["text"], g["text"])[g.get("occurrence", 1) - 1]


def find_quantity(record, span):
    return next((q for q in record.quantities if overlaps(q.span, span)), None)


def test_every_figure_with_value_bound_and_counted(gold, record):
    problems = []
    for g in gold["quantities"]:
        span = gold_span(gold, g)
        q = find_quantity(record, span)
        if q is None:
            problems.append(f"missing {g['text']!r}")
            continue
        if q.value != g["value"] or q.bound != g["bound"]:
            problems.append(f"{g['text']!r}: got {q.value} {q.bound}")
        if not (q.counted and words(q.counted.text) & words(g["counted"])):
            problems.append(f"{g['text']!r}: counted {q.counted and q.counted.text!r}")
    assert not problems, problems


def test_no_duration_date_or_ordinal_is_a_figure(gold, record):
    for nc in gold["not_claims"]:
        for span in occurrences(gold["text"], nc["text"]):
            assert find_quantity(record, span) is None, nc["text"]


def test_figures_are_listed_once(record):
    spans = sorted(tuple(q.span) for q in record.quantities)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_figures_carry_their_source(gold, record):
    wrong = []
    for g in gold["quantities"]:
        span = gold_span(gold, g)
        q = find_quantity(record, span)
        if q is None:
            continue
        if g["source"] is None:
            ok = q.source is None
        else:
            ok = bool(words(q.source) & (words(g["source"]) | words(g["source_text"])))
        if not ok:
            wrong.append((g["text"], q.source))
    assert len(wrong) <= 1, wrong


def test_statements_with_resolved_sources(gold, record):
    found = 0
    for g in gold["statements"]:
        spans = occurrences(gold["text"], g["content_contains"])
        hit = next((s for s in record.statements if any(overlaps(s.content.span, sp) for sp in spans)), None)
        if hit is None or hit.source is None:
            continue
        if words(hit.source.name or hit.source.text) & (words(g["source"]) | words(g["source_text"])):
            found += 1
    assert found >= 25, f"{found} of {len(gold['statements'])} statements with the expected source"


@pytest.mark.parametrize(
    "text, type_, value",
    [
        ("on Monday", "DATE", "2024-10-28"),
        ("Last week", "DATE", "2024-W43"),
        ("earlier this month", "DATE", "2024-10"),
        ("In February", "DATE", "2024-02"),
        ("February 2022", "DATE", "2022-02"),
        ("more than two months", "DURATION", "P2M"),
        ("more than two-and-a-half years", "DURATION", "P2Y6M"),
    ],
)
def test_times_resolved_against_publication(gold, record, text, type_, value):
    span = occurrences(gold["text"], text)[0]
    t = next((t for t in record.times if overlaps(t.span, span)), None)
    assert t is not None, text
    assert (t.type, t.value) == (type_, value)


@pytest.fixture(scope="module")
def board(gold, nlp, tmp_path_factory):
    """The reference article in a ledger of its own: its estimate groups."""
    from corroborate.ingest.article import Article
    from corroborate.ingest.readers import parse_date
    from corroborate.ledger import Ledger, queries
    from corroborate.run import ingest

    article = Article(text=gold["text"], published=parse_date(gold["published"]),
                      outlet=gold["outlet"], id=gold["doc_id"], origin="reference")
    with Ledger(str(tmp_path_factory.mktemp("reference") / "ledger.db")) as ledger:
        assert ingest([article], ledger).stored == 1
        with ledger.engine.connect() as conn:
            return queries.estimates(conn, limit=None, members=None)


def _group_of(board, text):
    return next(g for g in board if any(m["text"] == text for m in g["members"]))


def test_the_three_north_korean_troop_figures_are_one_group_without_conflict(board):
    group = _group_of(board, "at least 1,500")
    figures = {m["text"]: m["source"] for m in group["members"]}
    assert {"at least 1,500", "about 10,000", "about 5,000"} <= set(figures)
    assert len({figures[t] for t in ("at least 1,500", "about 10,000", "about 5,000")}) == 3
    assert group["conflict"] is False
    assert any("different scopes" in r for r in group["reasons"])


def test_killed_or_wounded_is_one_group_and_confirmed_killed_is_related(board):
    group = _group_of(board, "more than 600,000")
    assert {m["text"] for m in group["members"]} == {"more than 600,000", "about 650,000"}
    assert group["conflict"] is False
    killed = _group_of(board, "more than 70,000")
    assert killed["id"] != group["id"] and killed["id"] in group["related"]
    assert not any(g["conflict"] for g in board)
