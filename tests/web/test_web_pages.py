"""Server-rendered pages from the real app: escaping, the board's SVG, entity and search pages."""
from __future__ import annotations

import re


def cards(html: str) -> list[str]:
    return re.findall(r'<article class="group-card[^"]*"[^>]*data-group="(g\d+)"', html)


def test_board_lists_stories_then_their_groups_of_several_sources(client):
    html = client.get("/").text
    groups = client.get("/api/estimates").json()
    several = [g["id"] for g in groups if len({m["source"] or m["outlet"] for m in g["members"]}) >= 2]
    # The one group two sources give a figure for is drawn; the singletons are folded away.
    assert cards(html) == several == ["g1"]
    assert html.count('<section class="story"') == 2
    assert html.index("Ennisford flood deaths disputed") < html.index("people killed") < html.index("Storm hits coast")
    assert "Council vote" not in html  # a story without figures has nothing to show here
    assert re.search(r'<details class="others">\s*<summary>Other figures: 1 from one source each</summary>', html)
    assert 'is-conflict' in html and "⚠ conflict" in html
    # Every report links to its sentence in its article, with an accessible name in words.
    links = re.findall(r'<a class="figure tip" href="(/articles/a\d+\?figure=q\d+#q\d+)"[^>]*aria-label="([^"]+)"', html)
    assert len(links) == 2 and any(name.startswith("Ada Quell: at least 40, 2 Mar 2026") for _, name in links)


def test_board_filters_and_sorts_from_the_url(client):
    assert cards(client.get("/", params={"about": "killed"}).text) == ["g1"]
    assert cards(client.get("/", params={"about": "homes"}).text) == []
    homes = client.get("/", params={"about": "homes"}).text
    assert "Storm hits coast" in homes and "Ennisford flood" not in homes
    assert "Storm hits coast" not in client.get("/", params={"entity": "Ada Quell"}).text
    assert "Ennisford flood" not in client.get("/", params={"outlet": "daily test", "unit": "item"}).text
    assert "1 story" in client.get("/", params={"since": "2026-03-05"}).text
    assert "0 stories" in client.get("/", params={"until": "2026-03-01"}).text
    assert "0 stories" in client.get("/", params={"story": "S99"}).text
    latest = client.get("/", params={"sort": "latest"}).text
    # The storm's figure (6 Mar) is later than the flood story's last (3 Mar), though that one is in conflict.
    assert latest.index("Storm hits coast") < latest.index("Ennisford flood deaths disputed")
    assert client.get("/", params={"story": "nonsense"}).status_code == 422
    assert client.get("/", params={"sort": "nonsense"}).status_code == 422


def test_board_pages_keep_the_filters(client):
    html = client.get("/", params={"per_page": 1, "sort": "latest"}).text
    assert "page 1 of 2" in html
    nxt = re.search(r'<a href="\?([^"]+)" rel="next">', html)[1].replace("&amp;", "&")
    assert dict(p.split("=") for p in nxt.split("&")) == {"per_page": "1", "sort": "latest", "page": "2"}
    assert "page 2 of 2" in client.get("/?" + nxt).text


def test_group_page_draws_every_member_on_one_axis_with_its_sentence(client):
    html = client.get("/estimates/g1").text
    assert html.count('<div class="chart') == 1
    assert html.count('<li class="report"') == 2
    assert "Ada Quell" in html and "Bram Osei" in html and "Daily Test" in html and "3 Mar 2026" in html
    # The sentence each figure came from, linked to the article, the figure marked in it.
    assert re.search(r'<a class="sentence" href="/articles/a1\?figure=q1#q1">The mayor of Ennisford, Ada Quell, said '
                     r'<mark class="fig">at least 40</mark> people were killed in the flood on Monday\.</a>', html)
    assert 'href="/stories/S1"' in html
    assert client.get("/estimates/g999").status_code == 404
    assert client.get("/estimates/nonsense").status_code == 404


def test_story_page_lists_articles_groups_and_sources(client):
    html = client.get("/stories/S1").text
    assert cards(html) == ["g1"]
    titles = re.findall(r'<li><a href="/articles/a\d+">([^<]+)</a>', html)
    assert titles == ["Flood toll rises in Ennisford", "Ennisford flood deaths disputed"]  # not the council's vote
    assert re.search(r'href="/entities/E\d+">Ada Quell</a> <span class="meta">2 statements in 1 article<', html)
    assert client.get("/stories/S99").status_code == 404


def test_article_figures_link_to_their_group_and_back(client):
    html = client.get("/articles/a1").text
    assert re.search(r'<a href="/estimates/g1">people killed</a>', html)
    sent = client.get("/articles/a1", params={"figure": "q1"}).text
    assert 'class="hl-sentence' in sent and 'class="back" href="/estimates/g1"' in sent
    assert 'class="back"' not in html


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
    # Dates for people: no TIMEX value is printed as a date.
    shown = re.findall(r"<time[^>]*>([^<]*)</time>", html)
    assert shown and all(re.fullmatch(r"(the \w+ of )?\d{1,2} \w{3} \d{4}|[A-Z]\w+ \d{4}|week \d+ of \d{4}|in the past|now", d)
                         for d in shown), shown


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
