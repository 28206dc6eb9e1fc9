import json
import re

import pytest
from typer.testing import CliRunner

from corroborate.cli.app import app

STORY = (
    "Flood waters rise in Port Ennis\n"
    "\n"
    "At least 12 people died in the floods, the regional governor said on Monday.\n"
    "Rescuers said about 300 homes had been destroyed.\n"
)


@pytest.fixture(scope="module")
def runner(nlp):  # the nlp fixture loads the pipeline once for the module
    return CliRunner()


@pytest.fixture
def story(tmp_path):
    p = tmp_path / "flood.txt"
    p.write_text(STORY)
    return p


def test_json_for_one_file(runner, story):
    r = runner.invoke(app, ["analyze", str(story), "--published", "2026-03-02", "--outlet", "Gazette"])
    assert r.exit_code == 0, r.stderr
    rec = json.loads(r.stdout)
    assert rec["id"] == "flood" and rec["outlet"] == "Gazette" and rec["published"] == "2026-03-02"
    assert rec["title"] == "Flood waters rise in Port Ennis"
    assert rec["text"] is None


def test_include_text_offsets_index_input(runner, story):
    r = runner.invoke(app, ["analyze", str(story), "--include-text"])
    rec = json.loads(r.stdout)
    assert rec["text"] == STORY
    for t in rec["times"] + rec["quantities"]:
        assert STORY[t["span"][0]:t["span"][1]] == t["text"]


def test_jsonl_in_order_with_ids_and_a_bad_line(runner, tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text(
        json.dumps({"id": "b", "text": "The mayor said 40 people were hurt."}) + "\n"
        "{broken\n" + json.dumps({"id": "a", "text": "Police said 2,000 people marched."}) + "\n"
    )
    r = runner.invoke(app, ["analyze", "--jsonl", str(p), "--format", "jsonl"])
    assert r.exit_code == 1
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["b", "a"]
    assert r.stderr.strip().splitlines() == [f"error: {p}: line 2: not valid JSON (Expecting property name enclosed in double quotes)"]


def test_a_jsonl_file_given_as_a_file_is_read_as_json_lines(runner, tmp_path, story):
    p = tmp_path / "feed.JSONL"
    p.write_text(json.dumps({"id": "one", "text": "The mayor said 40 people were hurt."}) + "\n")
    r = runner.invoke(app, ["analyze", str(p)])
    assert r.exit_code == 0, r.stderr
    assert [x["id"] for x in json.loads(r.stdout)] == ["one"]  # a list: a file of lines holds many articles
    r = runner.invoke(app, ["analyze", str(p), str(story), "--format", "jsonl"])
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 2


def test_jsonl_from_stdin(runner):
    r = runner.invoke(app, ["analyze", "--jsonl", "-", "--format", "jsonl"], input=json.dumps({"id": "s", "text": "Hello there."}) + "\n")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["id"] == "s"


def test_missing_file_and_good_file(runner, story, tmp_path):
    r = runner.invoke(app, ["analyze", str(tmp_path / "nope.txt"), str(story)])
    assert r.exit_code == 1
    assert f"error: {tmp_path / 'nope.txt'}: no such file or directory" in r.stderr
    assert [x["id"] for x in json.loads(r.stdout)] == ["flood"]


@pytest.mark.parametrize(
    "content, message",
    [(b"", "is empty"), (bytes(range(256)) * 8, "is a binary file")],
)
def test_bad_files(runner, tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    r = runner.invoke(app, ["analyze", str(p)])
    assert r.exit_code == 1
    assert r.stderr.strip() == f"error: {p}: {message}" + ("" if message == "is empty" else ", not text")


def test_directory_given(runner, tmp_path):
    r = runner.invoke(app, ["analyze", str(tmp_path)])
    assert r.exit_code == 1
    assert "is a directory" in r.stderr


def test_non_utf8_warns_and_goes_through(runner, tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Le préfet a déclaré que 300 élèves étaient présents à Genève.".encode("latin-1"))
    r = runner.invoke(app, ["analyze", str(p)])
    assert r.exit_code == 0
    assert "not UTF-8; decoded as" in r.stderr
    assert json.loads(r.stdout)["id"] == "latin"


def test_usage_errors(runner, story):
    assert runner.invoke(app, ["analyze"]).exit_code == 2
    r = runner.invoke(app, ["analyze", str(story), "--published", "March"])
    assert r.exit_code == 2
    assert "cannot parse date 'March'" in r.stderr
    assert runner.invoke(app, ["analyze", str(story), "--format", "xml"]).exit_code == 2


def test_table_view(runner, story):
    r = runner.invoke(app, ["analyze", str(story), "--format", "table", "--published", "2026-03-02"])
    assert r.exit_code == 0
    assert "Flood waters rise in Port Ennis" in r.stdout
    assert "Statements" in r.stdout and "Figures" in r.stdout



def test_table_view_on_a_narrow_terminal_keeps_names_cues_and_dates_whole(tmp_path, nlp):
    story = tmp_path / "march.txt"
    story.write_text("Crowd estimates diverge in Castrenne\n\nThe Castrenne Metropolitan Police estimated that about "
                     "8,000 people took part in the march on Saturday. Organisers said more than 40,000 had joined.\n")
    record = json.loads(CliRunner().invoke(app, ["analyze", str(story), "--published", "2026-03-08"]).stdout)
    whole = {w for s in record["statements"] for w in [*s["cue"]["text"].split(), *(s["source"] or {}).get("name", "").split()]}
    whole |= {w for q in record["quantities"] for w in (q["source"] or "").split()}
    assert {"estimated", "Organisers", "Metropolitan"} <= whole
    r = CliRunner(env={"COLUMNS": "60"}).invoke(app, ["analyze", str(story), "--format", "table",
                                                      "--published", "2026-03-08"])
    assert r.exit_code == 0, r.stderr
    cells = set(re.split(r"[\s│┃]+", r.stdout))
    assert whole <= cells, sorted(whole - cells)

def test_fast_mode_gives_the_same_record_format(runner, story):
    default = json.loads(runner.invoke(app, ["analyze", str(story), "--published", "2026-03-02"]).stdout)
    fast = runner.invoke(app, ["analyze", str(story), "--published", "2026-03-02", "--fast"])
    assert fast.exit_code == 0
    fast = json.loads(fast.stdout)
    assert set(fast) == set(default)
    assert [q["text"] for q in fast["quantities"]] == [q["text"] for q in default["quantities"]]
