"""Long texts are analysed in windows of whole paragraphs, with offsets into the whole text: no
text meets spaCy's max_length, and one record comes out."""
from __future__ import annotations

import pytest

from corroborate.analysis import analyze_articles
from corroborate.analysis.windows import WINDOW_CHARS, windows
from corroborate.ingest.article import Article
from corroborate.settings import Settings

TOWNS = ["Port Ennis", "Velmora", "Castrel", "Dunmarrow", "Lisk", "Orravale"]


def long_story(chars: int) -> str:
    paragraphs = []
    i = 0
    while sum(len(p) + 2 for p in paragraphs) < chars:
        town = TOWNS[i % len(TOWNS)]
        paragraphs.append(f"Governor Mara Quell said on Monday that at least {10 + i} people had died in {town}. "
                          f"\"We will rebuild {town},\" she said. Rescuers said about {100 + 7 * i} homes were damaged.")
        i += 1
    return "Floods across the region\n\n" + "\n\n".join(paragraphs)


def test_windows_cover_the_text_in_paragraphs_of_at_most_the_size():
    text = long_story(5 * WINDOW_CHARS)
    spans = windows(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(0 < end - start <= WINDOW_CHARS for start, end in spans)
    assert all(text[start - 2:start] == "\n\n" for start, _ in spans[1:])  # cut after a paragraph break
    assert windows("short text") == [(0, 10)]


def test_one_paragraph_longer_than_a_window_is_cut_at_a_sentence_end():
    text = "The mayor spoke. " * (WINDOW_CHARS // 8)
    spans = windows(text)
    assert len(spans) > 1 and all(text[start - 2:start] == ". " for start, _ in spans[1:])


def test_a_text_longer_than_spacys_max_length_is_one_record_with_whole_text_offsets(fast_nlp):
    text = long_story(3 * WINDOW_CHARS)
    saved = fast_nlp.max_length
    fast_nlp.max_length = 2 * WINDOW_CHARS  # below the text's length, as 1,000,000 is for longer texts
    try:
        (record,) = analyze_articles([Article(text=text, id="long")], nlp=fast_nlp, include_text=True)
    finally:
        fast_nlp.max_length = saved
    assert record.text == text and record.title == "Floods across the region"
    assert len(record.statements) >= text.count("she said") - 2
    for s in record.statements:
        assert text[s.cue.span[0]:s.cue.span[1]] == s.cue.text
        assert text[s.content.span[0]:s.content.span[1]] == s.content.text
    for q in record.quantities:
        assert text[q.span[0]:q.span[1]] == q.text
    assert max(q.span[0] for q in record.quantities) > 2 * WINDOW_CHARS  # the last window's are there
    for t in record.times:
        assert text[t.span[0]:t.span[1]] == t.text
    names = [(e.name, e.type) for e in record.entities]
    assert len(names) == len(set(names))  # a name in several windows is one entity
    ids = {e.id for e in record.entities}
    for e in record.entities:
        assert all(text[m.span[0]:m.span[1]] == m.text for m in e.mentions)
    assert [s.id for s in record.statements] == [f"s{i}" for i in range(1, len(record.statements) + 1)]
    statement_ids = {s.id for s in record.statements}
    assert all(q.statement is None or q.statement in statement_ids for q in record.quantities)
    assert all(s.source is None or s.source.entity is None or s.source.entity in ids for s in record.statements)


def test_a_text_over_the_limit_is_refused_by_the_analysis(fast_nlp):
    with pytest.raises(ValueError, match="text too long: 200 characters, over the limit of 100 .set --max-chars"):
        list(analyze_articles([Article(text="x" * 200)], nlp=fast_nlp, settings=Settings(fast=True, max_chars=100)))


def test_a_text_over_the_limit_is_one_outcome_and_the_others_are_analysed(fast_nlp):
    from corroborate.analysis import analyze_each

    articles = [Article(text="The mayor said 40 people were hurt. " * 40, origin="long"),
                Article(text="The mayor said 40 people were hurt.", origin="short")]
    outcomes = list(analyze_each(articles, nlp=fast_nlp, settings=Settings(fast=True, max_chars=1000)))
    assert [a.origin for a, _ in outcomes] == ["long", "short"]
    assert outcomes[0][1] == ("text too long: 1,440 characters, over the limit of 1,000 "
                              "(set --max-chars or $CORROBORATE_MAX_CHARS to analyse longer texts)")
    assert [q.value for q in outcomes[1][1].quantities] == [40]
