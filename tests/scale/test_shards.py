"""Shards: what the driver plans (no article read) and what a worker reads from each, which must
be what a local run reads, message for message, at every chunk boundary."""
from __future__ import annotations

import json

from scale_helpers import story, write_corpus

from corroborate.errors import InputError
from corroborate.ingest.article import Article
from corroborate.ingest.sources import read_sources
from corroborate.scale.shards import Files, Given, Lines, plan, read_shard


def _describe(items) -> list[tuple]:
    return [("error", x.where, x.message) if isinstance(x, InputError) else
            ("article", x.origin, x.content_hash, x.id, x.outlet, x.published, tuple(x.notes)) for x in items]


def _read(steps) -> list:
    return [item for step in steps for item in ([step] if isinstance(step, InputError) else read_shard(step))]


def test_the_plan_names_files_and_line_ranges(tmp_path):
    root = write_corpus(tmp_path)
    missing = str(tmp_path / "nothing-*.txt")
    steps = list(plan(read_sources([str(root), missing]), 3))
    feed, names = str(root / "b-feed.jsonl"), [str(root / n) for n in ("a0.txt", "a1.txt", "a2.txt", "a3.txt", "a4.txt")]
    head = len(b"\xef\xbb\xbf") + sum(len(json.dumps(story(10 + i))) + 1 for i in range(2)) + len("{not json\n")
    assert [type(s).__name__ for s in steps] == ["Files", "Files", "Lines", "Lines", "Lines", "Files", "Files",
                                                 "InputError"]
    assert steps[0].paths == names[:3] and steps[1].paths == names[3:]
    first, second, third = steps[2:5]
    assert (first.path, first.first, first.last, first.start) == (feed, 1, 3, 0) and first.end == head
    assert (second.first, second.last, second.start) == (4, 7, head)  # the blank line 4 counts no article
    assert (third.first, third.last, third.end) == (8, 8, (root / "b-feed.jsonl").stat().st_size)
    # Small and Latin-1 JSON lines files are read whole (the second needs its whole text to guess
    # the charset), grouped; the WARC file is a shard of its own.
    assert steps[5].paths == [str(root / "c-small.jsonl"), str(root / "d-latin.jsonl")]
    assert steps[6].paths == [str(root / "e-crawl.warc.gz")]
    assert steps[7].where == missing
    assert third.inputs == [f"{feed}:8-8"]


def test_workers_read_what_a_local_run_reads(tmp_path):
    root = write_corpus(tmp_path)
    sources = read_sources([str(root), str(tmp_path / "nothing-*.txt")], outlet="Wire")
    local = _describe(sources)
    for size in (1, 2, 3, 4, 100):
        assert _describe(_read(plan(sources, size))) == local, size
    feed = str(root / "b-feed.jsonl")
    assert [(x[1], x[3] if x[0] == "article" else x[2]) for x in local if x[1].startswith(feed)] == [
        (f"{feed}:1", "s10"), (f"{feed}:2", "s11"),
        (feed, "line 3: not valid JSON (Expecting property name enclosed in double quotes)"),
        (f"{feed}:5", "s13"), (f"{feed}:6", "sep"), (f"{feed}:7", "s15"), (f"{feed}:8", "s16"),
    ]
    assert local[0][4] == "Courier" and local[1][4] == "Wire"  # metadata.csv first, then --outlet
    assert local[2] == ("error", str(root / "a2.txt"), "is empty")
    latin = [x for x in sources if isinstance(x, Article) and x.origin.startswith(str(root / "d-latin.jsonl"))]
    assert [a.text for a in latin] == [f"Caf\u00e9 story {i}, Z\u00fcrich." for i in range(4)]


def test_articles_in_hand_travel_as_given_shards(tmp_path):
    items = [Article(text="One.", id="1"), InputError("x.jsonl", "line 2: expected a JSON object"),
             Article(text="Two.", id="2"), Article(text="Three.", id="3")]
    steps = list(plan(iter(items), 2))
    assert [type(s).__name__ for s in steps] == ["Given", "InputError", "Given"]
    assert isinstance(steps[0], Given) and [a.id for a in steps[2].articles] == ["2", "3"]
    assert _read(steps) == items
    assert not any(isinstance(s, (Files, Lines)) for s in steps)
