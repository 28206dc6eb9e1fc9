"""Bad input at the readers: cut WARC files, one URL twice, badly typed JSON lines fields, dates
as numbers, empty folders, damaged bytes in messages, deeply nested HTML, over-long texts. Each
is one error line naming the file (and line or record); what is good still comes through."""
from __future__ import annotations

import gzip
import io
import json

import pytest
from warcio.archiveiterator import ArchiveIterator

from corroborate.errors import InputError
from corroborate.ingest import Article, read_file, read_jsonl
from corroborate.ingest.sources import read_sources

from test_sources import HTML, write_warc

SECOND = HTML.replace("harbour", "marina").replace("Storm", "Gale")


def articles(items):
    return [x for x in items if isinstance(x, Article)]


def errors(items):
    return [str(x) for x in items if isinstance(x, InputError)]


def record_offsets(path) -> list[int]:
    with path.open("rb") as f:
        it = ArchiveIterator(f)
        return [it.get_record_offset() for _ in it]


@pytest.mark.parametrize("gz", [True, False])
def test_a_warc_cut_inside_a_record_is_one_error_naming_it_and_stores_nothing_of_it(tmp_path, gz):
    full = tmp_path / ("full.warc.gz" if gz else "full.warc")
    write_warc(full, [("https://news.example/a", "text/html", "200 OK", HTML),
                      ("https://news.example/b", "text/html", "200 OK", SECOND)], gzip=gz)
    data = full.read_bytes()
    _, second = record_offsets(full)
    cut_file = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    # every cut from just inside record 2's header to just before its last bytes (a cut of the
    # gzip trailer or the closing line breaks only leaves the record whole)
    for cut in range(second + 1, len(data) - 16, 5):
        cut_file.write_bytes(data[:cut])
        items = list(read_sources([str(cut_file)]))
        (art,) = articles(items)
        assert art.url == "https://news.example/a" and "The harbour authority said" in art.text
        (err,) = errors(items)
        assert err.startswith(f"{cut_file}:record 2: "), (cut, err)
        assert "\n" not in err


def test_a_warc_cut_inside_its_only_record_stores_nothing(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [("https://news.example/a", "text/html", "200 OK", HTML)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    items = list(read_sources([str(path)]))
    assert articles(items) == []
    (err,) = errors(items)
    assert err.startswith(f"{path}:record 1: cut short: ")


def test_one_url_is_one_article_the_first_whole_capture(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [("https://news.example/a", "text/html", "200 OK", HTML),
                      ("https://news.example/b", "text/html", "200 OK", SECOND),
                      ("https://news.example/a", "text/html", "200 OK", SECOND)])
    items = list(read_sources([str(path)]))
    assert [(a.url, "harbour authority" in a.text) for a in articles(items)] == [
        ("https://news.example/a", True), ("https://news.example/b", False)]
    assert errors(items) == [f"{path}:record 3: https://news.example/a was read already from record 1; "
                             "one URL is one article, and the first whole capture is kept"]


def test_damaged_bytes_in_a_warc_are_escaped_in_the_error_line(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [("https://news.example/a", "text/html", "200 OK", HTML)])
    path.write_bytes(path.read_bytes() + gzip.compress(b"\x1b[2J\x07 junk\r\nmore\r\n\r\n"))
    items = list(read_sources([str(path)]))
    assert len(articles(items)) == 1
    (err,) = errors(items)
    assert err.startswith(f"{path}:record 2: ") and err.isprintable()
    assert "\\x1b[2J\\x07" in err


@pytest.mark.parametrize("field, value, problem", [
    ("url", 42, "url: Input should be a valid string (got 42)"),
    ("title", ["a", "b"], 'title: Input should be a valid string (got ["a", "b"])'),
    ("outlet", {"name": "X"}, 'outlet: Input should be a valid string (got {"name": "X"})'),
    ("id", True, "id: Input should be a valid string or a valid integer (got true)"),
    ("published", 0, 'published: expected a date string such as "2024-10-28", not a number (0)'),
    ("published", 1730073600, 'published: expected a date string such as "2024-10-28", not a number (1730073600)'),
    ("dct", 20241028.0, "dct: expected a date string"),
])
def test_a_badly_typed_field_is_that_lines_error_in_one_line(tmp_path, field, value, problem):
    p = tmp_path / "feed.jsonl"
    good = {"id": "g", "text": "The mayor said 40 people were hurt."}
    p.write_text("\n".join(json.dumps(x) for x in [good, {"text": "Police said 2,000 people marched.", field: value},
                                                   {**good, "id": "h"}]) + "\n")
    items = list(read_jsonl(p))
    assert [a.id for a in articles(items)] == ["g", "h"]
    (err,) = errors(items)
    assert err.startswith(f"{p}: line 2: {problem}") and "\n" not in err


def test_several_bad_fields_fold_into_one_line(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text(json.dumps({"text": "Police said 2,000 people marched.", "url": 42, "title": 7}) + "\n")
    (err,) = errors(read_jsonl(p))
    assert err == f"{p}: line 1: title: Input should be a valid string (got 7); url: Input should be a valid string (got 42)"


def test_a_numeric_id_is_still_an_id(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text(json.dumps({"id": 7, "text": "Police said 2,000 people marched."}) + "\n")
    assert [a.id for a in read_jsonl(p)] == ["7"]


def test_an_empty_folder_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.csv").write_text("a,b\n")
    items = list(read_sources([str(tmp_path / "empty"), str(tmp_path / "other")]))
    assert errors(items) == [
        f"{tmp_path / 'empty'}: no articles here: the folder holds no .txt, .html, .jsonl, .warc or .warc.gz file",
        f"{tmp_path / 'other'}: no articles here: the folder holds no .txt, .html, .jsonl, .warc or .warc.gz file"]


@pytest.mark.parametrize("depth", [300, 1500])
def test_html_nested_deeper_than_lxmls_default_limit_is_read(tmp_path, depth):
    body = "".join(f"<p>Paragraph {i} says that the council met and agreed the plan for the river port.</p>"
                   for i in range(6))
    p = tmp_path / "deep.html"
    p.write_text(f"<html><head><title>Port plan agreed</title></head><body>{'<div>' * depth}<article>{body}"
                 f"</article>{'</div>' * depth}</body></html>")
    art = read_file(p)
    assert "Paragraph 5 says that the council met" in art.text and art.title == "Port plan agreed"


def test_html_nested_past_the_huge_limit_says_why(tmp_path):
    p = tmp_path / "deeper.html"
    p.write_text(f"<html><body>{'<div>' * 3000}<p>Too deep to read.</p>{'</div>' * 3000}</body></html>")
    with pytest.raises(InputError) as e:
        read_file(p)
    assert str(e.value) == f"{p}: the HTML nests elements deeper than 2,048 levels, which lxml cannot parse even as a huge document"


def test_stdin_jsonl_bytes_not_in_utf8_are_that_lines_error():
    data = b'{"text": "One."}\n' + '{"text": "Montréal"}\n'.encode("cp1252") + b'{"text": "Three."}\n'
    items = list(read_sources(["-"], stdin=io.BytesIO(data)))
    assert [a.text for a in articles(items)] == ["One.", "Three."]
    assert errors(items) == ["<stdin>: line 2: not valid UTF-8 (standard input and JSON lines files over 64 MB "
                             "are read as UTF-8)"]
