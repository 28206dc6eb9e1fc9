"""Every kind of bad input, alone and mixed with good files, through `analyze` and `ingest`: the
good inputs always go through (and are stored exactly as read), every bad one gives exactly one
`error:` line naming the file and line or record, and the exit status is the README's (0 all
went through, 1 some failed)."""
from __future__ import annotations

import gzip
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corroborate.cli.app import app
from corroborate.ingest import Article
MAX_CHARS_ENV = "CORROBORATE_MAX_CHARS"  # read by the command line, as its --max-chars
from corroborate.ingest.sources import read_sources

from ingest.test_sources import HTML, write_warc

MAX_CHARS = 3000  # the limit during these tests: the long input is over it, every good one under
STORY = "Flood waters rise in Port Ennis\n\nAt least 12 people died in the floods, the regional governor said on Monday.\n"
WESTERN = "Crise à Montréal\n\nLe maire a déclaré que l’aide atteindrait €2 millions pour São Paulo et Montréal.\n"
BODY = "".join(f"<p>Paragraph {i} says that the council met and agreed the plan for the river port.</p>" for i in range(6))


@dataclass
class Bad:
    paths: list[Path]  # what to name on the command line
    error: str  # the start of its one error line, after "error: "
    good: int = 0  # articles inside it that are good (a WARC's whole records)


def _warc(path: Path, records) -> Path:
    write_warc(path, [(url, "text/html", "200 OK", body) for url, body in records])
    return path


def build_bad(kind: str, d: Path) -> Bad:
    d.mkdir(parents=True, exist_ok=True)
    if kind == "unclear charset":
        p = d / "cyrillic.txt"
        p.write_bytes("Привет, мир".encode("cp1251"))
        return Bad([p], f"{p}: cannot tell its character encoding")
    if kind == "binary":
        p = d / "blob.txt"
        p.write_bytes(bytes(range(256)) * 8)
        return Bad([p], f"{p}: is a binary file, not text")
    if kind == "cut WARC":
        p = _warc(d / "cut.warc.gz", [("https://news.example/whole", HTML),
                                      ("https://news.example/cut", HTML.replace("harbour", "marina"))])
        data = p.read_bytes()
        p.write_bytes(data[: len(data) - 200])
        return Bad([p], f"{p}:record 2: cut short", good=1)
    if kind == "URL twice":
        p = _warc(d / "twice.warc.gz", [("https://news.example/twice", HTML),
                                        ("https://news.example/twice", HTML.replace("harbour", "marina"))])
        return Bad([p], f"{p}:record 2: https://news.example/twice was read already from record 1", good=1)
    if kind == "damaged WARC":
        p = _warc(d / "junk.warc.gz", [("https://news.example/before-junk", HTML)])
        p.write_bytes(p.read_bytes() + gzip.compress(b"\x1b[2J\x07 junk\r\n\r\n"))
        return Bad([p], f"{p}:record 2: cannot read", good=1)
    if kind == "typed field":
        p = d / "typed.jsonl"
        p.write_text(json.dumps({"id": "t1", "text": "The mayor said 40 people were hurt.", "url": 42}) + "\n")
        return Bad([p], f"{p}: line 1: url: Input should be a valid string (got 42)")
    if kind == "number date":
        p = d / "epoch.jsonl"
        p.write_text(json.dumps({"id": "t2", "text": "The mayor said 40 people were hurt.", "published": 0}) + "\n")
        return Bad([p], f"{p}: line 1: published: expected a date string")
    if kind == "too long":
        p = d / "long.txt"
        p.write_text("The mayor said 40 people were hurt. " * 100)
        return Bad([p], f"{p}: text too long: 3,600 characters, over the limit of 3,000")
    if kind == "too deep":
        p = d / "deep.html"
        p.write_text(f"<html><body>{'<div>' * 3000}<p>Too deep.</p>{'</div>' * 3000}</body></html>")
        return Bad([p], f"{p}: the HTML nests elements deeper than 2,048 levels")
    if kind == "empty folder":
        p = d / "nothing-here"
        p.mkdir()
        return Bad([p], f"{p}: no articles here")
    raise ValueError(kind)


KINDS = ["unclear charset", "binary", "cut WARC", "URL twice", "damaged WARC", "typed field", "number date",
         "too long", "too deep", "empty folder"]
INGEST_ONLY = {"cut WARC", "URL twice", "damaged WARC", "empty folder"}  # analyze reads files and JSON lines
CASES = [("ingest", kind) for kind in KINDS] + [("analyze", kind) for kind in KINDS if kind not in INGEST_ONLY]


def build_good(d: Path, *, warc: bool) -> list[Path]:
    d.mkdir(parents=True, exist_ok=True)
    (d / "flood.txt").write_text(STORY)
    (d / "western.txt").write_bytes(WESTERN.encode("cp1252"))
    (d / "page.html").write_text(f"<html><head><title>Port plan agreed</title></head><body>{'<div>' * 300}"
                                 f"<article>{BODY}</article>{'</div>' * 300}</body></html>")
    (d / "feed.jsonl").write_text(json.dumps({"id": "j1", "text": "Police said 2,000 people marched."}) + "\n"
                                  + json.dumps({"id": "j2", "text": "The council said 3 bridges fell."}) + "\n")
    paths = [d / "flood.txt", d / "western.txt", d / "page.html", d / "feed.jsonl"]
    if warc:
        paths.append(_warc(d / "good.warc.gz", [("https://news.example/good", HTML)]))
    return paths


def texts_read(paths: list[Path]) -> list[str]:
    """What the readers give for these inputs and the analysis takes (a text over the limit it
    refuses): the texts that must be analysed and stored."""
    return [a.text for a in read_sources([str(p) for p in paths]) if isinstance(a, Article) and len(a.text) <= MAX_CHARS]


@pytest.fixture(scope="module")
def runner(nlp):  # the pipeline, loaded once for the module
    return CliRunner()


@pytest.fixture(autouse=True)
def limit(monkeypatch):
    monkeypatch.setenv(MAX_CHARS_ENV, str(MAX_CHARS))


def error_lines(stderr: str) -> list[str]:
    return [line.removeprefix("error: ") for line in stderr.splitlines() if line.startswith("error: ")]


def run_analyze(runner, paths: list[Path]):
    files = [str(p) for p in paths if p.suffix != ".jsonl"]
    jsonl = [arg for p in paths if p.suffix == ".jsonl" for arg in ("--jsonl", str(p))]
    r = runner.invoke(app, ["analyze", *files, *jsonl, "--format", "jsonl", "--include-text"])
    return r, [json.loads(line)["text"] for line in r.stdout.splitlines()]


def run_ingest(runner, paths: list[Path], db: Path):
    r = runner.invoke(app, ["ingest", *map(str, paths), "--db", str(db)])
    if not db.exists():
        return r, [], 0
    with sqlite3.connect(db) as conn:
        stored = [t for (t,) in conn.execute("SELECT text FROM articles ORDER BY id")]
        logged = conn.execute("SELECT count(*) FROM ingest_errors").fetchone()[0]
    return r, stored, logged


def check(r, got_texts, good_texts, bads: list[Bad]):
    assert r.exit_code == (1 if bads else 0), r.stderr
    errors = error_lines(r.stderr)
    assert len(errors) == len(bads), r.stderr
    for bad in bads:
        assert sum(e.startswith(bad.error) for e in errors) == 1, (bad.error, errors)
    assert all(e.isprintable() for e in errors)
    # what went through is exactly what the good inputs hold, nothing of a bad one
    assert sorted(got_texts) == sorted(good_texts)


@pytest.mark.parametrize("command, kind", CASES)
def test_each_bad_kind_alone_and_among_good_inputs(runner, tmp_path, command, kind):
    bad = build_bad(kind, tmp_path / "bad")
    good = build_good(tmp_path / "good", warc=command == "ingest")
    inside = texts_read(bad.paths)  # the good records a bad file holds (a WARC's whole ones)
    assert len(inside) == bad.good
    for n, paths in enumerate([bad.paths, good[:2] + bad.paths + good[2:]]):
        expected = texts_read(paths)
        if command == "analyze":
            r, got = run_analyze(runner, paths)
        else:
            r, got, logged = run_ingest(runner, paths, tmp_path / f"ledger{n}.db")
            assert logged == 1
        check(r, got, expected, [bad])
        if paths is not bad.paths:
            assert WESTERN in got and STORY in got  # cp1252 read back exactly, alongside the bad one
            assert any("Paragraph 5 says that the council met" in t for t in got)  # HTML nested 300 deep


@pytest.mark.parametrize("command", ["analyze", "ingest"])
def test_every_bad_kind_at_once_among_good_inputs(runner, tmp_path, command):
    bads = [build_bad(kind, tmp_path / "bad" / kind.replace(" ", "-")) for c, kind in CASES if c == command]
    good = build_good(tmp_path / "good", warc=command == "ingest")
    paths = [p for b in bads for p in b.paths] + good
    expected = texts_read(paths)
    assert len(expected) == len(texts_read(good)) + sum(b.good for b in bads)
    if command == "analyze":
        r, got = run_analyze(runner, paths)
    else:
        db = tmp_path / "ledger.db"
        r, got, logged = run_ingest(runner, paths, db)
        assert logged == len(bads)
        # a second run stores nothing twice and reports the same bad inputs again
        r2, again, _ = run_ingest(runner, paths, db)
        assert again == got and r2.exit_code == 1 and len(error_lines(r2.stderr)) == len(bads)
    check(r, got, expected, bads)


@pytest.mark.parametrize("command", ["analyze", "ingest"])
def test_good_inputs_alone_exit_0_with_the_charset_reported(runner, tmp_path, command):
    good = build_good(tmp_path / "good", warc=command == "ingest")
    if command == "analyze":
        r, got = run_analyze(runner, good)
    else:
        r, got, logged = run_ingest(runner, good, tmp_path / "ledger.db")
        assert logged == 0
    check(r, got, texts_read(good), [])
    assert f"warning: {good[1]}: not UTF-8; decoded as cp1252" in r.stderr.splitlines()
