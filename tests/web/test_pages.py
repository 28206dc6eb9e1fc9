from corroborate.record import models as m
from corroborate.web.highlight import paragraphs, segments
from corroborate.web.pages import article_page

TEXT = 'Council row\nThe mayor said at least 40 people <script>alert(1)</script> were hurt on Monday.\n'


def find(sub):
    i = TEXT.index(sub)
    return (i, i + len(sub))


def record():
    content = "at least 40 people <script>alert(1)</script> were hurt on Monday"
    return m.Record(
        id="a1", title="Council row", published="2026-03-02",
        statements=[m.Statement(
            id="s1", source=m.Source(text="The mayor", span=find("The mayor"), name="Mayor Ada Quell"),
            cue=m.Cue(text="said", span=find("said"), lemma="say"),
            content=m.Content(text=content, span=find(content)), direct=False)],
        quantities=[m.Quantity(id="q1", text="at least 40", span=find("at least 40"), value=40, low=40, bound="lower",
                               unit="person", counted=m.Counted(text="people", span=find("people")),
                               statement="s1", source="Mayor Ada Quell")],
        times=[m.TimeExpression(text="on Monday", span=find("on Monday"), type="DATE", value="2026-03-02")],
    )


def test_segments_cover_the_text_once_with_their_kinds():
    segs = segments(TEXT, record())
    assert "".join(s.text for s in segs) == TEXT
    by_text = {s.text: s for s in segs}
    assert by_text["The mayor"].kinds == {"source"}
    assert by_text["said"].kinds == {"cue"}
    assert by_text["at least 40"].kinds == {"content", "figure"}
    assert by_text["at least 40"].figure == "q1" and by_text["at least 40"].figure_first
    assert by_text["on Monday"].kinds == {"content", "time"}
    assert "Mayor Ada Quell" in by_text["at least 40"].title and "at least" in by_text["at least 40"].title


def test_paragraphs_split_on_lines():
    paras = paragraphs(TEXT, record())
    assert ["".join(s.text for s in p) for p in paras] == [line for line in TEXT.split("\n") if line]


def test_article_page_escapes_text_and_anchors_figures():
    html = article_page(record(), TEXT, standalone=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'id="q1"' in html and 'tabindex="0"' in html
    assert 'href="#q1"' in html
    assert "Mayor Ada Quell" in html
