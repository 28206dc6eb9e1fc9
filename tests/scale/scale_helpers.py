"""Articles written for the scale tests (a feed, a folder of every input kind), and a ledger dump
to compare two ledgers."""
from __future__ import annotations

import io
import json
from pathlib import Path

TOWNS = ["Port Ennis", "Velmora", "Castrel", "Dunmarrow", "Lisk"]
OFFICIALS = ["Governor Mara Quell", "Mayor Tobin Ashgrove", "Commissioner Ilse Varga"]
N_ARTICLES = 30


def story(i: int) -> dict:
    """Short articles whose people, places and figures recur, so entity joining and estimate
    groups have cross-article work to do (and the order of storing matters to it)."""
    town, official = TOWNS[i % len(TOWNS)], OFFICIALS[i % len(OFFICIALS)]
    surname = official.split()[-1]
    text = (f"Storm hits {town}, report {i}\n\nAt least {10 + 3 * i} people died in the storm in {town}, "
            f"{official} said on Monday. {surname} said about {200 + 11 * i} homes had been damaged.\n"
            f"The Red Cross said {8 + i} people were missing and {i % 4 + 1} bridges had collapsed in {town}.")
    return {"id": f"s{i}", "text": text, "published": f"2026-04-{i % 27 + 1:02d}"}


def write_feed(path: Path, n: int = N_ARTICLES) -> Path:
    path.write_text("".join(json.dumps(story(i)) + "\n" for i in range(n)))
    return path


def dump(db: str) -> dict[str, list[tuple]]:
    """Every table's rows in id order, without the clock columns."""
    from sqlalchemy import select

    from corroborate.ledger import Ledger
    from corroborate.ledger.export import TABLES

    with Ledger(db) as ledger, ledger.engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(
                    select(*[c for c in t.columns if c.name not in ("ingested_at", "at")]).order_by(t.c.id))]
                for t in TABLES}


def _warc(path, html: str) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://news.example/storm", "response", payload=io.BytesIO(html.encode()), http_headers=http,
            warc_headers_dict={"WARC-Date": "2026-04-02T09:30:00Z"}))


def write_corpus(root):
    """Five text files (one empty) with a metadata.csv, a JSON lines file whose chunk boundaries
    fall on a bad line and a blank one, a small JSON lines file, a Latin-1 one, a WARC file."""
    for i in range(5):
        (root / f"a{i}.txt").write_text(story(i)["text"] if i != 2 else "  \n")
    (root / "metadata.csv").write_text("file,outlet\na0.txt,Courier\n")
    lines = [json.dumps(story(10 + i)) for i in range(7)]
    lines[2] = "{not json"  # the last line of the first chunk of 3
    lines.insert(3, "")  # a blank line opens the second chunk
    lines[5] = json.dumps({"text": "A story with a\u2028line separator in it.", "id": "sep"})
    (root / "b-feed.jsonl").write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n")
    (root / "c-small.jsonl").write_text(json.dumps(story(20)) + "\n" + json.dumps(story(21)) + "\n")
    (root / "d-latin.jsonl").write_bytes(b"".join(
        json.dumps({"text": f"Caf\u00e9 story {i}, Z\u00fcrich."}, ensure_ascii=False).encode("latin-1") + b"\n"
        for i in range(4)))
    html = "<html><body><article><h1>Storm</h1>" + "<p>The harbour authority said 300 boats were hit.</p>" * 5 + \
        "</article></body></html>"
    _warc(root / "e-crawl.warc.gz", html)
    return root
