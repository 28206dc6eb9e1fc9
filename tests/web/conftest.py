"""A small ledger built through the real pipeline and the ledger's ingest, shared by the web tests."""
from __future__ import annotations

from datetime import date

import pytest
from live import serving
from web_corpus import TEXTS, TOKEN

from corroborate.ingest.article import Article


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, nlp):
    from corroborate.ledger import Ledger
    from corroborate.run import ingest

    path = str(tmp_path_factory.mktemp("web") / "ledger.db")
    articles = [Article(text=text, published=date.fromisoformat(pub), outlet=outlet, origin=f"test:{i}")
                for i, (text, pub, outlet) in enumerate(TEXTS)]
    with Ledger(path) as led:
        summary = ingest(articles, led)
    assert summary.stored == len(TEXTS)
    return path


@pytest.fixture(scope="session")
def app(web_db):
    from corroborate.web.app import create_app

    return create_app(db=web_db, token=TOKEN)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def live_url(app):
    """The app served by uvicorn on a loopback port, for a real browser."""
    with serving(app) as url:
        yield url
