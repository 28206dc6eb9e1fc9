"""The read commands as a fact-checker uses them: estimates with article, outlet and the sentence,
stories, show with its groups, search snippets, exports to a file, a mistyped --db."""
from __future__ import annotations

import csv
import json
import re

import pytest
from typer.testing import CliRunner

from corroborate.cli.app import app

FEED = [
    {"id": "w1", "text": "Flood in Port Ennis\nGovernor Mara Quell said 30 people died in the floods in Port Ennis "
                         "on Monday. [Update] Rescuers were still searching.", "published": "2026-03-04",
     "outlet": "Ennis Gazette"},
    {"id": "w2", "text": "Port Ennis toll rises\nThe Red Cross said 57 people died in the Port Ennis floods. "
                         "Quell said the toll had risen to 41 people dead in Port Ennis.", "published": "2026-03-06",
     "outlet": "Coast Wire"},
]
READ_COMMANDS = (["estimates"], ["stories"], ["statements"], ["entities"], ["show", "a1"], ["search", "flood"],
                 ["stats"], ["export", "--format", "csv", "--out", "out.csv"])


@pytest.fixture(scope="module")
def ledger(nlp, tmp_path_factory):
    runner = CliRunner()
    db = tmp_path_factory.mktemp("cli") / "l.db"
    r = runner.invoke(app, ["ingest", "-", "--db", str(db)], input="".join(json.dumps(x) + "\n" for x in FEED))
    assert r.exit_code == 0, r.stderr
    return db


def run(db, *args):
    r = CliRunner(env={"COLUMNS": "240"}).invoke(app, [*map(str, args), "--db", str(db)])
    assert r.exit_code == 0, r.stderr
    return r.stdout


def as_json(db, *args):
    return json.loads(run(db, *args, "--format", "json"))


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: a[0])
def test_a_read_command_on_a_missing_ledger_says_so_and_creates_nothing(tmp_path, args):
    missing = tmp_path / "typo.db"
    r = CliRunner().invoke(app, [*args, "--db", str(missing)])
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines() == [
        f"usage error: no ledger at {missing}: the file does not exist (ingest into it first, or give --db or "
        "$CORROBORATE_DB)"]
    assert not missing.exists()


def test_estimates_table_shows_article_outlet_and_the_sentence(ledger):
    groups = as_json(ledger, "estimates")
    died = next(g for g in groups if g["members_total"] >= 2)
    assert {"sources", "story"} <= set(died) and all("entity" in m for m in died["members"])
    out = run(ledger, "estimates", "--about", "died")
    assert "Coast Wire" in out and "Ennis Gazette" in out
    assert "a1#q1" in out.replace("\n", " ") or "a1#q" in out
    # The sentence as written, not the figure glued to its predicate.
    flat = " ".join(out.split())
    assert "the floods in Port Ennis on Monday." in flat
    assert "[Update]" not in flat  # the next sentence is not part of it
    # Dates for people, the reasons' too.
    assert re.search(r"\b\d{1,2} Mar 2026\b", flat) and not re.search(r"2026-03-\d\d", flat)



def narrow(db, *args) -> set[str]:
    r = CliRunner(env={"COLUMNS": "60"}).invoke(app, [*args, "--db", str(db)])
    assert r.exit_code == 0, r.stderr
    return set(re.split(r"[\s│┃]+", r.stdout))


def test_a_narrow_terminal_breaks_names_between_words_not_inside_them(ledger):
    names = {w for g in as_json(ledger, "estimates") for m in g["members"]
             for w in f"{m['source'] or ''} {m['outlet'] or ''}".split()}
    assert "Gazette" in names and names <= narrow(ledger, "estimates"), sorted(names - narrow(ledger, "estimates"))
    said = {w for s in as_json(ledger, "statements") for w in [*s["cue"]["text"].split(), *(
        (s["source"] or {}).get("name") or "").split(), "article"]}
    assert said <= narrow(ledger, "statements"), sorted(said - narrow(ledger, "statements"))
    known = {w for e in as_json(ledger, "entities") for w in e["name"].split()} | {"articles", "mentions"}
    assert known <= narrow(ledger, "entities"), sorted(known - narrow(ledger, "entities"))

def test_about_finds_groups_by_source_and_entity(ledger):
    everything = {g["id"] for g in as_json(ledger, "estimates")}
    by_source = {g["id"] for g in as_json(ledger, "estimates", "--about", "Red Cross")}
    assert by_source and by_source <= everything
    assert all(any("Red Cross" in (m["source"] or "") for m in g["members"])
               for g in as_json(ledger, "estimates", "--about", "Red Cross", "--members", "0"))
    assert as_json(ledger, "estimates", "--about", "no such words anywhere") == []


def test_stories_lists_stories_as_json_and_table(ledger):
    stories = as_json(ledger, "stories")
    assert stories and {"id", "label", "articles", "first", "last", "groups", "conflicts"} <= set(stories[0])
    assert sum(s["articles"] for s in stories) == 2
    table = run(ledger, "stories")
    assert stories[0]["id"] in table and "Mar 2026" in table
    assert as_json(ledger, "stories", "--about", "nothing like this") == []
    story = stories[0]["id"]
    assert all(g["story"] == story for g in as_json(ledger, "estimates", "--story", story))
    r = CliRunner().invoke(app, ["estimates", "--story", "x7", "--db", str(ledger)])
    assert r.exit_code == 2 and "not a story id" in r.stderr


def test_show_lists_the_articles_groups(ledger):
    shown = as_json(ledger, "show", "a2")
    groups = {q["group"] for q in shown["record"]["quantities"] if q["group"]}
    out = run(ledger, "show", "a2")
    assert "Estimate groups of its figures" in out
    assert groups and all(g in out for g in groups)


def test_search_keeps_the_matched_word_and_the_articles_brackets(ledger):
    out = " ".join(run(ledger, "search", "searching").split())
    assert "[Update] Rescuers were still searching." in out
    hit = as_json(ledger, "search", "searching")["articles"][0]
    assert hit["snippet"].endswith("[Update] Rescuers were still [searching].")
    (start, end), = hit["matches"]
    assert hit["snippet_text"][start:end] == "searching"


def test_export_to_one_file_writes_that_file(ledger, tmp_path):
    target = tmp_path / "est.csv"
    run(ledger, "export", "--format", "csv", "--out", target)
    assert target.is_file()
    rows = list(csv.DictReader(target.open()))
    assert {r["article"] for r in rows} == {"a1", "a2"} and {"group", "label", "source", "outlet", "text"} <= set(rows[0])
    members = sum(g["members_total"] for g in as_json(ledger, "estimates", "--limit", "0"))
    assert len(rows) == members
    stories = tmp_path / "stories.parquet"
    run(ledger, "export", "--format", "parquet", "--out", stories, "--table", "stories")
    import pyarrow.parquet as pq

    assert pq.read_table(stories).num_rows == len(as_json(ledger, "stories"))
    folder = tmp_path / "all"
    run(ledger, "export", "--format", "csv", "--out", folder)
    assert (folder / "estimate_groups.csv").is_file() and (folder / "estimates.csv").is_file()
    r = CliRunner().invoke(app, ["export", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--table", "nope",
                                 "--db", str(ledger)])
    assert r.exit_code == 2 and "no table 'nope'" in r.stderr
