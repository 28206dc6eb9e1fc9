"""PATH arguments to articles: files, folders, globs, stdin, WARC; every bad input one error."""
from __future__ import annotations

import io
import json
from datetime import date

import pytest

from corroborate.errors import InputError
from corroborate.ingest.article import Article
from corroborate.ingest.sources import expand, read_sources

PARAGRAPH = ("The harbour authority said on Tuesday that about 300 boats had been damaged by the storm, "
             "and that repairs to the northern pier would take at least two months to complete. ")
HTML = ("<html><head><title>Storm damages harbour</title></head><body><article><h1>Storm damages harbour</h1>"
        + "".join(f"<p>{PARAGRAPH}Paragraph {i} adds detail about the clean-up along the quay.</p>" for i in range(4))
        + "</article></body></html>")


def articles(items):
    return [x for x in items if isinstance(x, Article)]


def errors(items):
    return [str(x) for x in items if isinstance(x, InputError)]


def write_warc(path, records, gzip=True):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzip)
        for url, ctype, status, body in records:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode("utf-8")), http_headers=http,
                                            warc_headers_dict={"WARC-Date": "2024-10-28T09:30:00Z"})
            writer.write_record(rec)


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "a.txt").write_text("Flood in Port Ennis\n\nTwelve people died, the governor said.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text(HTML)
    (tmp_path / "sub" / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "text": "One.", "published": "2024-01-02"}) + "\n" + json.dumps({"text": "Two."}) + "\n")
    (tmp_path / "sub" / "README.md").write_text("not an article in a folder walk")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("hidden")
    return tmp_path


def test_folder_is_walked_recursively_in_order(corpus):
    got = [p.name for p in expand([str(corpus)])]
    assert got == ["a.txt", "b.html", "feed.jsonl"]


def test_glob(corpus):
    assert [p.name for p in expand([str(corpus / "**" / "*.jsonl")])] == ["feed.jsonl"]
    (err,) = expand([str(corpus / "*.nothing")])
    assert str(err).endswith("no file matches this pattern")


def test_each_kind_is_read(corpus):
    got = articles(read_sources([str(corpus)]))
    assert [a.id for a in got] == ["a", "b", "j1", None]
    assert "The harbour authority said" in got[1].text and got[1].title == "Storm damages harbour"
    assert got[2].published == date(2024, 1, 2) and got[2].origin.endswith("feed.jsonl:1")


def test_metadata_fills_only_what_an_input_lacks(corpus):
    got = articles(read_sources([str(corpus / "sub" / "feed.jsonl")], published=date(2020, 5, 5), outlet="Wire"))
    assert [(a.published, a.outlet) for a in got] == [(date(2024, 1, 2), "Wire"), (date(2020, 5, 5), "Wire")]


def test_stdin_jsonl_and_text():
    lines = (json.dumps({"id": "x", "text": "First."}) + "\n" + "{broken\n").encode()
    items = list(read_sources(["-"], stdin=io.BytesIO(lines)))
    assert [a.id for a in articles(items)] == ["x"]
    assert errors(items) == ["<stdin>: line 2: not valid JSON (Expecting property name enclosed in double quotes)"]
    (art,) = read_sources(["-"], stdin=io.BytesIO(b"Just a story.\nIn two lines.\n"))
    assert art.text == "Just a story.\nIn two lines.\n" and art.origin == "<stdin>"


def test_warc_records_with_url_and_date(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [
        ("https://news.example/storm", "text/html; charset=utf-8", "200 OK", HTML),
        ("https://news.example/logo.png", "image/png", "200 OK", "png"),
        ("https://news.example/gone", "text/html", "404 Not Found", "<p>gone</p>"),
        ("https://news.example/empty", "text/html", "200 OK", "<html><body></body></html>"),
    ])
    items = list(read_sources([str(path)]))
    (art,) = articles(items)
    assert art.url == "https://news.example/storm" and art.published == date(2024, 10, 28)
    assert art.origin == f"{path}:record 1" and "The harbour authority said" in art.text
    assert errors(items) == [f"{path}:record 4: no text found in the HTML"]


def test_uncompressed_warc(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, [("https://news.example/storm", "text/html", "200 OK", HTML)], gzip=False)
    assert len(articles(read_sources([str(path)]))) == 1


def test_bad_inputs_each_give_one_error(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "data.csv").write_text("a,b\n")
    (tmp_path / "bad.jsonl").write_text('{"text": "ok"}\n[1]\n{"title": "no text"}\n{"text": "x", "published": "soon"}\n')
    (tmp_path / "bad.warc.gz").write_bytes(b"this is not a warc file at all\n" * 3)
    names = ["missing.txt", "empty.txt", "bin.txt", "data.csv", "bad.jsonl", "bad.warc.gz"]
    items = list(read_sources([str(tmp_path / n) for n in names]))
    assert len(articles(items)) == 1
    errs = [e.replace(str(tmp_path) + "/", "") for e in errors(items)]
    assert errs[:5] == [
        "missing.txt: no such file or directory",
        "empty.txt: is empty",
        "bin.txt: is a binary file, not text",
        "data.csv: unsupported file type '.csv' (expected .txt, .html, .jsonl, .warc or .warc.gz)",
        "bad.jsonl: line 2: expected a JSON object",
    ]
    assert errs[5].startswith("bad.jsonl: line 3: no \"text\" field")
    assert errs[6].startswith("bad.jsonl: line 4: cannot parse date")
    assert errs[7].startswith("bad.warc.gz: not a readable WARC file")
    assert len(errs) == 8


def test_folder_walk_reads_the_folders_metadata_csv(tmp_path):
    (tmp_path / "a.txt").write_text("Twelve people died.\n")
    (tmp_path / "metadata.csv").write_text("file,published,outlet\na.txt,2026-03-08,Courier\n")
    (art,) = read_sources([str(tmp_path)])
    assert (art.published, art.outlet) == (date(2026, 3, 8), "Courier")
    # A shell glob names the metadata file too: it is metadata, not a bad input.
    assert [a.id for a in read_sources([str(tmp_path / "metadata.csv"), str(tmp_path / "a.txt")])] == ["a"]
