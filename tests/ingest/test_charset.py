"""Charsets: UTF-8 first, cp1252/latin-1 for Western text, UTF-16 without a mark, another charset
only when it is clear, and a refusal (one line) rather than a guess."""
from __future__ import annotations

import io
import json

import pytest

from corroborate.errors import InputError
from corroborate.ingest import Article, read_file, read_jsonl
from corroborate.ingest import sources
from corroborate.ingest.sources import read_sources

from shared_paths import SHARED, needs_shared

WESTERN = [
    ("Crise à Montréal : le maire a déclaré que « la ville ne cédera pas » et que l’aide atteindrait €2 millions.",
     "cp1252"),
    ("Crise à Montréal", "cp1252"),
    ("O prefeito de São Paulo disse que a população não aceitará a decisão, e que as eleições serão adiadas.",
     "latin-1"),
    ("“We will not stand by,” the minister said — it’s “a matter of principle”, and €2 million… or £1.7m.", "cp1252"),
    ("Der Bürgermeister von München sagte, dass die Straßen gesperrt würden. Über 300 Häuser sind beschädigt.",
     "latin-1"),
    ("El alcalde de Bogotá afirmó que la situación económica es difícil. ¿Quién pagará el año próximo?", "cp1252"),
    ("Il sindaco ha detto che la città sarà più sicura, perché così è stato deciso lunedì.", "cp1252"),
    ("Statsministeren sagde, at regeringen vil øge støtten til de ældre i København og Århus.", "cp1252"),
    ("Forsætisráðherra sagði að ríkisstjórnin myndi auka stuðning við aldraða í Reykjavík.", "latin-1"),
    ("L’alcalde va dir que la història de la ciutat és important, i que la col·lecció s’obrirà aviat.", "cp1252"),
]


@pytest.mark.parametrize("text, encoding", WESTERN)
def test_western_text_in_cp1252_or_latin1_reads_back_exactly(tmp_path, text, encoding):
    p = tmp_path / "story.txt"
    p.write_bytes(text.encode(encoding))
    art = read_file(p)
    assert art.text == text
    # latin-1 and cp1252 give the same text where there is no byte 0x80-0x9f: named for what it is
    named = "cp1252" if any(0x80 <= b <= 0x9F for b in text.encode(encoding)) else "latin-1"
    assert art.notes == [f"not UTF-8; decoded as {named}"]


@pytest.mark.parametrize("text, encoding", [
    ("Президент России заявил в среду, что правительство примет новые меры. По словам министра, "
     "в Москве пострадали 300 человек.", "cp1251"),
    ("Prezydent Polski powiedział, że rząd przyjął ustawę. Łódź i Kraków otrzymają pieniądze na szkoły, "
     "a mieszkańcy będą zadowoleni.", "cp1250"),
    ("Předseda vlády řekl, že Česká republika přijme nová opatření. Dvořák uvedl, že město Brno dostane "
     "peníze na školy.", "cp1250"),
    ("Ο πρωθυπουργός της Ελλάδας δήλωσε ότι η κυβέρνηση θα λάβει νέα μέτρα για την οικονομία της χώρας.", "cp1253"),
    ("東京都知事は水曜日、政府が新しい対策を講じると述べた。大臣によると、三百人が被害を受けた。", "shift_jis"),
])
def test_a_clear_other_charset_is_taken_and_reported(tmp_path, text, encoding):
    p = tmp_path / "story.txt"
    p.write_bytes(text.encode(encoding))
    art = read_file(p)
    assert art.text == text
    (note,) = art.notes
    assert note.startswith("not UTF-8; decoded as ") and not note.endswith(("cp1252", "latin-1"))


@pytest.mark.parametrize("text, encoding", [
    ("Привет, мир", "cp1251"),  # too short to tell the Cyrillic code pages apart
    ("Predsjednik vlade rekao je da će Hrvatska donijeti nove mjere. Stanovnici Đakova i Čakovca dobit će "
     "novac za škole.", "cp1250"),
    ("A miniszterelnök azt mondta, hogy a kormány új intézkedéseket hoz. Győr és Pécs lakói pénzt kapnak, "
     "ő szerint.", "iso8859-2"),
])
def test_an_unclear_charset_is_refused_in_one_line(tmp_path, text, encoding):
    p = tmp_path / "story.txt"
    p.write_bytes(text.encode(encoding))
    with pytest.raises(InputError) as e:
        read_file(p)
    line = str(e.value)
    assert line.startswith(f"{p}: cannot tell its character encoding") and "\n" not in line
    assert line.endswith("convert it to UTF-8")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_text_not_binary(tmp_path, encoding):
    text = "The minister said on Monday that 300 homes were damaged in Montréal.\n"
    p = tmp_path / "story.txt"
    p.write_bytes(text.encode(encoding))
    art = read_file(p)
    assert art.text == text
    assert art.notes == [f"not UTF-8; decoded as {encoding} (no byte order mark)"]


def test_utf16_with_a_byte_order_mark(tmp_path):
    p = tmp_path / "story.txt"
    p.write_bytes("São Paulo, 3 de março.".encode("utf-16"))
    assert read_file(p).text == "São Paulo, 3 de março."


def test_utf8_is_not_reported(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text("Crise à Montréal: €2 million.", encoding="utf-8")
    art = read_file(p)
    assert art.text == "Crise à Montréal: €2 million." and art.notes == []


def test_html_declared_charset_is_used(tmp_path):
    body = "".join(f"<p>Le maire de Montréal a déclaré que l’aide atteindrait €{i} millions pour les élèves.</p>"
                   for i in range(2, 8))
    page = f'<html><head><meta charset="windows-1252"><title>Crise à Montréal</title></head><body><article>{body}</article></body></html>'
    p = tmp_path / "page.html"
    p.write_bytes(page.encode("cp1252"))
    art = read_file(p)
    assert "l’aide atteindrait €2 millions pour les élèves" in art.text
    assert art.notes == []  # declared, not guessed


def test_jsonl_file_not_in_utf8_is_reported_once_and_reads_back_exactly(tmp_path):
    texts = ["Crise à Montréal: €2 million.", "São Paulo disse que não.", "Plain ASCII text."]
    p = tmp_path / "feed.jsonl"
    p.write_bytes("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts).encode("cp1252"))
    items = list(read_jsonl(p))
    assert [a.text for a in items] == texts
    assert [a.notes for a in items] == [["the file is not UTF-8; decoded as cp1252"], [], []]


def test_stdin_text_bytes_are_decoded_not_replaced():
    text = "Crise à Montréal: “€2 million”, said the mayor.\n"
    (art,) = read_sources(["-"], stdin=io.BytesIO(text.encode("cp1252")))
    assert art.text == text and art.notes == ["not UTF-8; decoded as cp1252"]


def test_a_streamed_jsonl_line_not_in_utf8_is_that_lines_error(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "STREAM_JSONL_BYTES", 10)  # stream this small file as a big one is
    p = tmp_path / "big.jsonl"
    p.write_bytes(b'{"text": "One."}\n' + '{"text": "Crise à Montréal."}\n'.encode("cp1252") + b'{"text": "Three."}\n')
    items = list(read_sources([str(p)]))
    assert [a.text for a in items if isinstance(a, Article)] == ["One.", "Three."]
    assert [str(e) for e in items if isinstance(e, InputError)] == [
        f"{p}: line 2: not valid UTF-8 (standard input and JSON lines files over 64 MB are read as UTF-8)"]


@needs_shared
@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_wikinews_reencoded_reads_back_exactly(tmp_path, encoding):
    """Every Wikinews article written in a Western charset (latin-1 replaces what it lacks with
    ?) reads back as written, one file each and as one JSON lines file."""
    with (SHARED / "data" / "wikinews" / "articles.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    wrong = []
    for i, row in enumerate(rows):
        data = (row["title"] + "\n\n" + row["text"]).encode(encoding, errors="replace")
        p = tmp_path / f"{i}.txt"
        p.write_bytes(data)
        if read_file(p).text != data.decode(encoding):
            wrong.append(row["doc_id"])
    assert wrong == []
    p = tmp_path / "all.jsonl"
    p.write_bytes("".join(json.dumps({"text": r["text"]}, ensure_ascii=False) + "\n" for r in rows)
                  .encode(encoding, errors="replace"))
    assert [a.text for a in read_jsonl(p)] == [r["text"].encode(encoding, errors="replace").decode(encoding)
                                               for r in rows]
