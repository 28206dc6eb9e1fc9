"""The ledger in Datasette: the shipped metadata describes every table and declares the FTS
tables, so that ?_search= searches (Datasette does not find FTS5 tables declared content='...')."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

from corroborate.ledger import schema as t
from corroborate.ledger.export import datasette_metadata

SHIPPED = Path(__file__).resolve().parents[2] / "docs" / "datasette" / "metadata.json"


def test_the_shipped_metadata_is_the_generated_one():
    assert json.loads(SHIPPED.read_text()) == datasette_metadata("corroborate"), (
        "regenerate it: corroborate export --format datasette --out docs/datasette/metadata.json --db corroborate.db")


def test_every_table_is_described():
    tables = datasette_metadata("ledger")["databases"]["ledger"]["tables"]
    assert set(tables) == set(t.metadata.tables)
    assert all(len(entry["description"]) > 20 for entry in tables.values())


def _rows(path: str, url: str, metadata: dict | None) -> list[dict]:
    from datasette.app import Datasette

    async def get():
        ds = Datasette(files=[path], metadata=metadata)
        r = await ds.client.get(url)
        assert r.status_code == 200, r.text[:500]
        return r.json()

    return asyncio.run(get())


def test_search_works_in_datasette_with_the_metadata(web_db):
    name = Path(web_db).stem
    everything = _rows(web_db, f"/{name}/statements.json?_shape=array&_size=max", None)
    url = f"/{name}/statements.json?_search=river+banks&_shape=array"
    # Without the metadata Datasette ignores the search and lists every statement.
    assert len(_rows(web_db, url, None)) == len(everything) > 1
    found = _rows(web_db, url, datasette_metadata(name))
    assert len(found) == 1 and "still searching the river banks" in found[0]["content"]
    articles = _rows(web_db, f"/{name}/articles.json?_search=storm&_shape=array", datasette_metadata(name))
    assert [a["title"] for a in articles] == ["Storm hits coast"]
