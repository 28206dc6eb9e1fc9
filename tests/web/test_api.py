"""The REST API against the real app and a ledger built by the real pipeline."""
from __future__ import annotations

from fastapi.testclient import TestClient

from web_corpus import TEXTS, TOKEN


def error_message(r):
    body = r.json()
    assert set(body) == {"error"} and body["error"]["status"] == r.status_code
    return body["error"]["message"]


def test_articles_are_paged_newest_first(client):
    r = client.get("/api/articles", params={"per_page": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == len(TEXTS) and body["page"] == 1 and len(body["items"]) == 3
    assert [a["published"] for a in body["items"]] == ["2026-03-07", "2026-03-06", "2026-03-03"]
    second = client.get("/api/articles", params={"per_page": 3, "page": 2}).json()
    assert [a["published"] for a in second["items"]] == ["2026-03-02"]


def test_articles_filter_by_outlet_and_date(client):
    body = client.get("/api/articles", params={"outlet": "daily test"}).json()
    assert body["total"] == 2 and {a["outlet"] for a in body["items"]} == {"Daily Test"}
    body = client.get("/api/articles", params={"since": "2026-03-03", "until": "2026-03-06"}).json()
    assert sorted(a["published"] for a in body["items"]) == ["2026-03-03", "2026-03-06"]


def test_page_size_is_capped_with_a_json_error(client):
    r = client.get("/api/articles", params={"per_page": 1000})
    assert r.status_code == 422 and "per_page" in error_message(r)


def test_article_is_the_full_record_with_its_text(client):
    first = client.get("/api/articles", params={"outlet": "Evening Post", "until": "2026-03-03"}).json()["items"][0]
    r = client.get(f"/api/articles/{first['article']}")
    assert r.status_code == 200
    body = r.json()
    record = body["record"]
    assert body["article"] == first["article"] and record["text"] == TEXTS[1][0]
    q = next(q for q in record["quantities"] if q["text"] == "25")
    assert q["source"] == "Bram Osei" and q["group"].startswith("g")
    assert any(s["source"] and s["source"]["name"] == "Bram Osei" for s in record["statements"])


def test_unknown_article_is_a_json_404(client):
    r = client.get("/api/articles/a999999")
    assert r.status_code == 404 and "a999999" in error_message(r)


def test_estimates_find_the_conflict(client):
    groups = client.get("/api/estimates", params={"conflicts_only": True}).json()
    assert len(groups) == 1 and groups[0]["conflict"]
    values = sorted(m["value"] for m in groups[0]["members"])
    assert values == [25, 40]
    assert client.get("/api/estimates", params={"about": "homes"}).json()[0]["members"][0]["bound"] == "range"


def test_statements_by_source_and_about(client):
    by = client.get("/api/statements", params={"by": "Quell"}).json()
    assert by and {s["source"]["name"] for s in by} == {"Ada Quell"}
    about = client.get("/api/statements", params={"about": "river banks"}).json()
    assert len(about) == 1 and "still searching the river banks" in about[0]["content"]["text"]
    assert about[0]["source"]["name"] == "Ada Quell" and about[0]["direct"]


def test_entity_has_its_statements_and_figures_in_time_order(client):
    entities = client.get("/api/entities", params={"type": "PERSON"}).json()
    quell = next(e for e in entities if e["name"] == "Ada Quell")
    r = client.get(f"/api/entities/{quell['id']}")
    assert r.status_code == 200
    body = r.json()
    dates = [s["published"] for s in body["statements"]]
    assert dates == sorted(dates) and dates[0] == "2026-03-02" and dates[-1] == "2026-03-07"
    assert [f["text"] for f in body["figures"]] == ["at least 40"]
    assert client.get("/api/entities/E99999").status_code == 404


def test_search_finds_statements_and_articles(client):
    body = client.get("/api/search", params={"q": "river banks"}).json()
    assert len(body["statements"]) == 1 and body["articles"][0]["title"] == "Flood toll rises in Ennisford"
    assert client.get("/api/search").status_code == 422


def test_analyze_returns_a_record_and_stores_nothing(client):
    before = client.get("/api/stats").json()["articles"]
    r = client.post("/api/analyze", json={"text": "The minister said 12 people were hurt.", "published": "2026-01-05"})
    assert r.status_code == 200
    body = r.json()
    assert [q["text"] for q in body["quantities"]] == ["12"]
    assert client.get("/api/stats").json()["articles"] == before


def test_analyze_rejects_an_empty_text(client):
    r = client.post("/api/analyze", json={"text": ""})
    assert r.status_code == 422 and "text" in error_message(r)


def test_body_over_the_limit_is_413(web_db):
    from corroborate.web.app import create_app

    with TestClient(create_app(db=web_db, max_body=100)) as c:
        r = c.post("/api/analyze", json={"text": "x" * 200})
        assert r.status_code == 413 and "100 bytes" in error_message(r)


def test_writes_refused_without_a_configured_token(tmp_path, monkeypatch):
    from corroborate.web.app import create_app

    monkeypatch.delenv("CORROBORATE_TOKEN", raising=False)
    with TestClient(create_app(db=str(tmp_path / "l.db"))) as c:
        r = c.post("/api/articles", json={"text": "Police said 3 people died."}, headers={"Authorization": "Bearer x"})
        assert r.status_code == 403 and "token" in error_message(r)


def test_ingest_needs_the_token_and_stores_once(tmp_path):
    from corroborate.web.app import create_app

    article = {"text": "Bridge closed\nEngineers said 30 cracks were found.\n", "published": "2026-02-01",
               "outlet": "Test Wire"}
    with TestClient(create_app(db=str(tmp_path / "l.db"), token=TOKEN)) as c:
        assert c.post("/api/articles", json=article).status_code == 401
        assert c.post("/api/articles", json=article, headers={"Authorization": "Bearer wrong"}).status_code == 401
        r = c.post("/api/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201 and r.json() == {"article": "a1", "stored": True}
        again = c.post("/api/articles", json=article, headers={"Authorization": f"Bearer {TOKEN}"})
        assert again.status_code == 200 and again.json() == {"article": "a1", "stored": False}
        assert c.get("/api/articles/a1").json()["record"]["title"] == "Bridge closed"


def test_read_only_refuses_writes_even_with_the_token(tmp_path):
    from corroborate.web.app import create_app

    with TestClient(create_app(db=str(tmp_path / "l.db"), token=TOKEN, read_only=True)) as c:
        r = c.post("/api/articles", json={"text": "a"}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 403 and "read-only" in error_message(r)


def test_openapi_lists_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/articles", "/api/articles/{ref}", "/api/estimates", "/api/statements", "/api/entities",
            "/api/entities/{ref}", "/api/search", "/api/analyze"} <= set(paths)
    assert "post" in paths["/api/articles"]


def test_get_changes_nothing(client):
    before = client.get("/api/stats").json()
    for url in ("/", "/articles", "/articles/a1", "/search?q=flood", "/api/estimates", "/api/search?q=flood"):
        assert client.get(url).status_code == 200
    assert client.get("/api/stats").json() == before


def test_read_answers_are_the_ledger_queries_as_json(client, web_db):
    """The API writes the ledger's answers as JSON itself (FastAPI's encoder cost more than the
    query): the same values, dates as ISO strings, as FastAPI's own encoding gives."""
    from fastapi.encoders import jsonable_encoder

    from corroborate.ledger import Ledger, queries

    with Ledger(web_db) as led, led.engine.connect() as conn:
        first = queries.articles(conn, page=1, per_page=20)["items"][0]["article"]
        entity = queries.entities(conn, limit=1)[0]["id"]
        expected = {
            "/api/articles": queries.articles(conn, page=1, per_page=20),
            f"/api/articles/{first}": queries.show(conn, first),
            "/api/estimates": queries.estimates(conn, limit=50),
            "/api/statements": queries.statements(conn, limit=100),
            "/api/entities": queries.entities(conn, limit=100),
            f"/api/entities/{entity}": queries.entity(conn, queries.entity_id(entity)),
            "/api/search?q=flood": queries.search(conn, "flood", limit=20),
        }
    for url, answer in expected.items():
        r = client.get(url)
        assert r.status_code == 200 and r.headers["content-type"] == "application/json", url
        assert r.json() == jsonable_encoder(answer), url
    assert any(m["published"] for g in client.get("/api/estimates").json() for m in g["members"])
