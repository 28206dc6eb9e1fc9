from datetime import date

import pytest

from corroborate.errors import InputError
from corroborate.ingest import Article, headline, parse_date, read_file, read_jsonl


def test_missing_path(tmp_path):
    with pytest.raises(InputError) as e:
        read_file(tmp_path / "nope.txt")
    assert str(e.value) == f"{tmp_path / 'nope.txt'}: no such file or directory"


def test_directory_is_not_a_file(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_file(tmp_path)


def test_binary_file(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError, match="binary"):
        read_file(p)


def test_empty_file(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("  \n\n")
    with pytest.raises(InputError, match="is empty"):
        read_file(p)


def test_non_utf8_is_decoded_and_reported(tmp_path):
    p = tmp_path / "x.txt"
    text = "Le ministre a déclaré que les élèves de la région étaient très nombreux à manifester à Genève."
    p.write_bytes(text.encode("cp1252"))
    art = read_file(p)
    assert art.text == text
    assert art.notes and "not UTF-8" in art.notes[0]


def test_unsupported_suffix(tmp_path):
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF")
    with pytest.raises(InputError, match="unsupported file type"):
        read_file(p)


def test_txt_keeps_text_unchanged(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text("Headline here\n\nBody line one.\r\nBody two.\n", newline="")
    art = read_file(p, published=date(2026, 3, 1))
    assert art.text == "Headline here\n\nBody line one.\r\nBody two.\n"
    assert art.id == "story" and art.published == date(2026, 3, 1)


def test_html_main_text_and_metadata(tmp_path):
    p = tmp_path / "a.html"
    body = "".join(f"<p>Paragraph {i} says that the council met and agreed the plan for the river port.</p>" for i in range(6))
    p.write_text(
        "<html><head><title>Council agrees port plan</title>"
        '<meta property="article:published_time" content="2026-03-04T10:00:00Z"></head>'
        f"<body><nav>Home | News</nav><article><h1>Council agrees port plan</h1>{body}</article></body></html>"
    )
    art = read_file(p)
    assert "Paragraph 3 says that the council met" in art.text
    assert "Home | News" not in art.text
    assert art.published == date(2026, 3, 4)
    assert art.title == "Council agrees port plan"


def test_jsonl_good_and_bad_lines(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text(
        '{"id": "a", "text": "One.", "published": "2026-03-01", "outlet": "X"}\n'
        "not json\n"
        '{"id": "c"}\n'
        "[1, 2]\n"
        '{"id": "e", "text": "Two.", "published": "yesterday"}\n'
        "\n"
        '{"doc_id": "f", "text": "Three.", "dct": "2026-03-02"}\n'
    )
    items = list(read_jsonl(p))
    good = [i for i in items if isinstance(i, Article)]
    bad = [str(i) for i in items if isinstance(i, InputError)]
    assert [a.id for a in good] == ["a", "f"]
    assert good[0].published == date(2026, 3, 1) and good[0].outlet == "X"
    assert good[1].published == date(2026, 3, 2)
    assert bad[0].startswith(f"{p}: line 2: not valid JSON")
    assert bad[1] == f"{p}: line 3: no \"text\" field (a non-empty string is required)"
    assert bad[2] == f"{p}: line 4: expected a JSON object"
    assert bad[3].startswith(f"{p}: line 5: cannot parse date 'yesterday'")


def test_parse_date():
    assert parse_date("2024-10-28") == date(2024, 10, 28)
    assert parse_date("2024-10-28T13:00:00+02:00") == date(2024, 10, 28)
    assert parse_date(None) is None
    with pytest.raises(ValueError, match="cannot parse date"):
        parse_date("28/10/2024")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Storm hits coast\nThe storm hit.", ("Storm hits coast", 0, 16)),
        ("\n\n  Storm hits coast  \n\nThe storm hit.", ("Storm hits coast", 4, 20)),
        ("The storm hit the coast on Monday.\nMore followed.", None),
        ("Only a headline", None),
    ],
)
def test_headline(text, expected):
    assert headline(text) == expected


def test_identity_ignores_whitespace_but_not_url():
    a = Article(text="A  story\nabout  things.")
    b = Article(text="A story about things. ")
    c = Article(text="A story about things.", url="http://example.invalid/1")
    assert a.content_hash == b.content_hash
    assert a.content_hash != c.content_hash


def test_folder_metadata_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text("A story.")
    (tmp_path / "b.txt").write_text("B story.")
    (tmp_path / "metadata.csv").write_text("file,published,outlet\na.txt,2026-03-08,Courier\n")
    a = read_file(tmp_path / "a.txt", outlet="Fallback", url="http://example.invalid/a")
    b = read_file(tmp_path / "b.txt", outlet="Fallback")
    assert (a.published, a.outlet, a.url) == (date(2026, 3, 8), "Courier", "http://example.invalid/a")
    assert (b.published, b.outlet) == (None, "Fallback")


def test_folder_metadata_bad_date_names_the_row(tmp_path):
    (tmp_path / "a.txt").write_text("A story.")
    (tmp_path / "metadata.csv").write_text("file,published\na.txt,soon\n")
    with pytest.raises(InputError) as e:
        read_file(tmp_path / "a.txt")
    assert str(e.value).startswith(f"{tmp_path.resolve() / 'metadata.csv'}:2: cannot parse date 'soon'")
