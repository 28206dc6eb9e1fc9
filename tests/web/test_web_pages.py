"""Server-rendered pages from the real app: escaping, the board's SVG, entity and search pages."""
from __future__ import annotations

import re


def test_board_draws_one_svg_group_per_estimate_group(client):
    html = client.get("/").text
    groups = client.get("/api/estimates").json()
    assert html.count('<g class="group') == len(groups) == 3
    assert html.count('class="group conflict"') == 1 and "Conflict: these sources disagree" in html
    # Every mark links to the figure in its article, with an accessible name.
    marks = re.findall(r'<a class="mark mark-(\w+)" href="(/articles/a\d+#q\d+)" aria-label="([^"]+)"', html)
    assert sorted(k for k, _, _ in marks) == ["lower", "point", "point", "range"]
    assert any(name.startswith("Ada Quell: at least 40 people") for _, _, name in marks)


def test_board_filter(client):
    html = client.get("/", params={"about": "homes"}).text
    assert html.count('<g class="group') == 1 and "homes" in html
    assert client.get("/", params={"conflicts_only": "true"}).text.count('<g class="group') == 1


def test_article_page_escapes_script_and_links_entities(client):
    found = client.get("/api/search", params={"q": "council"}).json()["articles"][0]
    html = client.get(f"/articles/{found['article']}").text
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert re.search(r'href="/entities/E\d+">Ada Quell</a>', html)


def test_article_page_highlights_figures(client):
    html = client.get("/articles/a1").text
    assert 'id="q1"' in html and "hl-source" in html and "hl-cue" in html and "hl-content" in html
    assert 'data-tip="at least 40 people: at least (lower bound); claimed by Ada Quell"' in html


def test_missing_pages_are_html_404(client):
    r = client.get("/articles/a424242")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"] and "no article" in r.text
    assert client.get("/entities/nobody").status_code == 404


def test_entity_page_lists_statements_oldest_first(client):
    quell = next(e for e in client.get("/api/entities").json() if e["name"] == "Ada Quell")
    html = client.get(f"/entities/{quell['id']}").text
    assert html.index("2026-03-02") < html.index("2026-03-07")
    assert "at least 40" in html


def test_entity_page_says_why_each_name_belongs(client):
    quell = next(e for e in client.get("/api/entities").json() if e["name"] == "Ada Quell")
    evidence = client.get(f"/api/entities/{quell['id']}").json()["evidence"]
    full = next(a for a in evidence if a["alias"] == "Ada Quell" and a["kind"] == "name")
    assert full["articles"] == quell["articles"] > 1 and full["confidence"] == 1.0
    html = client.get(f"/entities/{quell['id']}").text
    assert "Why these names are one entity" in html and full["evidence"] in html


def test_search_page_marks_matches_and_escapes(client):
    html = client.get("/search", params={"q": "script alert"}).text
    assert "<script>" not in html and "<mark>" in html
    assert 'for="q"' in html


def test_articles_page_pages_and_filters(client):
    html = client.get("/articles", params={"outlet": "Evening Post"}).text
    assert "2 articles" in html and "Ennisford flood deaths disputed" in html and "Storm hits coast" not in html


def test_only_web_urls_become_links(tmp_path):
    from fastapi.testclient import TestClient
    from web_corpus import TOKEN

    from corroborate.web.app import create_app

    with TestClient(create_app(db=str(tmp_path / "l.db"), token=TOKEN)) as c:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        c.post("/api/articles", json={"text": "Police said 3 people died.", "url": "javascript:alert(1)"}, headers=auth)
        c.post("/api/articles", json={"text": "Police said 4 people died.", "url": "https://example.org/x"}, headers=auth)
        assert 'href="javascript' not in c.get("/articles/a1").text
        assert 'href="https://example.org/x"' in c.get("/articles/a2").text


def test_pages_load_nothing_from_elsewhere(client):
    r = client.get("/")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "http://" not in r.text and "https://" not in r.text
    assert client.get("/docs").status_code == 404  # FastAPI's docs would pull scripts from a CDN
