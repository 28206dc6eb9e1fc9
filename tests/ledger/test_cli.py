"""The ledger commands end to end on small articles written for the tests (SQLite)."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from corroborate.cli.app import app

STORIES = {
    "flood.txt": "Flood waters rise in Port Ennis\n\nAt least 12 people died in the floods, the regional governor "
                 "Mara Quell said on Monday.\nRescuers said about 300 homes had been destroyed.\n",
    "quake.txt": "Quake shakes Velmora\n\nAbout 40 people were killed in Velmora, the mayor said on Tuesday. "
                 "The Red Cross said 120 people were killed.\n",
    "budget.txt": "Council passes budget\n\nThe council of Port Ennis approved a budget of $4 million, "
                  "its treasurer Ilse Varga said.\n",
}
FEED = [
    {"id": "w1", "text": "Governor Mara Quell said 30 people died in the floods in Port Ennis.", "published": "2026-03-04"},
    {"id": "w2", "text": "Quell said the toll had risen to 57 people dead in Port Ennis.", "published": "2026-03-06"},
]


@pytest.fixture(scope="module")
def runner(nlp):  # loads the pipeline once for the module
    return CliRunner()


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    (folder / "more").mkdir(parents=True)
    for name, text in STORIES.items():
        (folder / name).write_text(text)
    (folder / "more" / "feed.jsonl").write_text("".join(json.dumps(x) + "\n" for x in FEED))
    return folder


def ingest(runner, db, *args, **kw):
    return runner.invoke(app, ["ingest", *map(str, args), "--db", str(db)], **kw)


def query(runner, db, *args):
    r = runner.invoke(app, [*args, "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def test_ingest_then_rerun_stores_nothing_twice(runner, corpus, tmp_path):
    db = tmp_path / "l.db"
    r = ingest(runner, db, corpus, "--published", "2026-03-02")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("5 stored, 0 skipped as duplicates, 0 failed")
    before = query(runner, db, "stats")
    assert before["articles"] == 5 and before["ingest_errors"] == 0
    r = ingest(runner, db, corpus / "*.txt", corpus / "more")
    assert r.exit_code == 0
    assert r.stderr.strip().splitlines()[-1].startswith("0 stored, 5 skipped as duplicates, 0 failed")
    assert query(runner, db, "stats") == before


def test_bad_inputs_are_reported_logged_and_skipped(runner, corpus, tmp_path):
    db = tmp_path / "l.db"
    (corpus / "empty.txt").write_text("\n")
    (corpus / "more" / "feed.jsonl").write_text(json.dumps(FEED[0]) + "\nnot json\n")
    r = ingest(runner, db, corpus, tmp_path / "missing.txt")
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {corpus / 'empty.txt'}: is empty",
                      f"error: {corpus / 'more' / 'feed.jsonl'}: line 2: not valid JSON (Expecting value)",
                      f"error: {tmp_path / 'missing.txt'}: no such file or directory"]
    assert r.stderr.strip().splitlines()[-1].startswith("4 stored, 0 skipped as duplicates, 3 failed")
    assert query(runner, db, "stats")["ingest_errors"] == 3


def test_usage_errors(runner, tmp_path):
    assert ingest(runner, tmp_path / "l.db", tmp_path, "--published", "someday").exit_code == 2
    assert runner.invoke(app, ["ingest"]).exit_code == 2
    assert runner.invoke(app, ["stats", "--db", "nosuchdriver://x"]).exit_code == 2


def test_stdin(runner, tmp_path):
    db = tmp_path / "l.db"
    r = ingest(runner, db, "-", input="".join(json.dumps(x) + "\n" for x in FEED))
    assert r.exit_code == 0, r.stderr
    assert query(runner, db, "stats")["articles"] == 2


def test_query_commands(runner, corpus, tmp_path):
    db = tmp_path / "l.db"
    assert ingest(runner, db, corpus, "--published", "2026-03-02").exit_code == 0
    stats = query(runner, db, "stats")
    assert {"articles", "statements", "quantities", "entities", "estimate_groups", "conflicts"} <= set(stats)
    groups = query(runner, db, "estimates")
    assert isinstance(groups, list)
    assert all({"label", "members", "conflict", "spread"} <= set(g) for g in groups)
    assert query(runner, db, "estimates", "--conflicts-only") == [g for g in groups if g["conflict"]]
    assert all(e["type"] == "PERSON" for e in query(runner, db, "entities", "--type", "PERSON"))
    shown = query(runner, db, "show", "a1")
    assert shown["article"] == "a1" and shown["record"]["text"] == STORIES["budget.txt"]
    found = query(runner, db, "search", "floods")
    assert {a["article"] for a in found["articles"]} == {"a2", "a3"}  # flood.txt, then feed.jsonl:1
    assert isinstance(query(runner, db, "statements", "--by", "Quell"), list)
    for args in (["estimates"], ["statements"], ["entities"], ["show", "a2"], ["search", "budget"], ["stats"]):
        r = runner.invoke(app, [*args, "--db", str(db)])
        assert r.exit_code == 0, (args, r.stderr)
    assert runner.invoke(app, ["show", "a99", "--db", str(db)]).exit_code == 1
    for fmt in ("jsonl", "csv", "parquet"):
        r = runner.invoke(app, ["export", "--format", fmt, "--out", str(tmp_path / f"out.{fmt}"), "--db", str(db)])
        assert r.exit_code == 0, r.stderr
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 5
    assert (tmp_path / "out.csv").is_file()  # a .csv name is one file: the estimates, one row a report


def test_workers_give_the_same_ledger(runner, corpus, tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert ingest(runner, one, corpus).exit_code == 0
    r = ingest(runner, two, corpus, "--workers", "2")
    assert r.exit_code == 0, r.stderr
    skip = {"first_published", "last_published"}
    a, b = query(runner, one, "stats"), query(runner, two, "stats")
    assert {k: v for k, v in a.items() if k not in skip} == {k: v for k, v in b.items() if k not in skip}
    assert query(runner, one, "estimates") == query(runner, two, "estimates")


TAGGED_ONLY = "Critics fumed that the plan would cost 40 jobs."  # a cue only the learned tagger finds


def _statements_stored(runner, db) -> int:
    return query(runner, db, "stats")["statements"]


@pytest.mark.slow
def test_fast_is_chosen_by_flag_and_leaves_the_environment_alone(tmp_path, monkeypatch):
    import json
    import os

    from typer.testing import CliRunner

    from corroborate.cli.app import app
    from corroborate.settings import FAST_ENV

    monkeypatch.delenv(FAST_ENV, raising=False)
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x", "text": TAGGED_ONLY}) + "\n")
    runner = CliRunner()
    fast, default = str(tmp_path / "fast.db"), str(tmp_path / "default.db")
    r = runner.invoke(app, ["ingest", str(src), "--db", fast, "--fast"])
    assert r.exit_code == 0, r.stderr
    assert FAST_ENV not in os.environ
    assert _statements_stored(runner, fast) == 0
    # The variable is the default only: --no-fast chooses the default mode over it.
    r = runner.invoke(app, ["ingest", str(src), "--db", default, "--no-fast"], env={FAST_ENV: "1"})
    assert r.exit_code == 0, r.stderr
    assert _statements_stored(runner, default) == 1


def test_join_stories_then_regroup(runner, tmp_path):
    feed = tmp_path / "floods.jsonl"
    feed.write_text("".join(json.dumps(x) + "\n" for x in (
        {"id": "f1", "text": "Officials said 57 people died in the floods in Port Ennis.", "published": "2026-03-01"},
        {"id": "f2", "text": "Rescuers said 12 people died in the floods in Port Ennis.", "published": "2026-05-04"})))
    db = tmp_path / "l.db"
    assert ingest(runner, db, feed).exit_code == 0
    stories = sorted({g["story"] for g in query(runner, db, "estimates")})
    assert len(stories) == 2  # two months apart: two stories

    r = runner.invoke(app, ["join-stories", stories[0], stories[1].lstrip("S"), "--db", str(db)])
    assert r.exit_code == 0, r.stderr
    assert r.stderr.strip() == f"story {stories[0]}: 2 articles, 2 figures grouped again"
    (group,) = [g for g in query(runner, db, "estimates") if g["members_total"] == 2]
    assert group["story"] == stories[0]

    r = runner.invoke(app, ["regroup", "--db", str(db)])
    assert r.exit_code == 0 and r.stderr.strip() == "2 articles regrouped"
    assert len({g["story"] for g in query(runner, db, "estimates")}) == 1

    for args, message in (([stories[0], "S999"], "usage error: no story S999 in the ledger"),
                          ([stories[0], stories[0]], f"usage error: name another story to join with story {stories[0]}"),
                          ([stories[0], "flood"], "Invalid value")):
        r = runner.invoke(app, ["join-stories", *args, "--db", str(db)])
        assert r.exit_code == 2 and message in r.stderr, r.stderr
