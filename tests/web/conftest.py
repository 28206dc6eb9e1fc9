"""A small ledger built through the real pipeline and the ledger's ingest, shared by the web tests."""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from datetime import date

import pytest

from corroborate.ingest.article import Article
from web_corpus import TEXTS, TOKEN



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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app):
    """``app`` served by uvicorn on a loopback port, for a real browser: its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(5)


@pytest.fixture(scope="session")
def live_url(app):
    """The app served by uvicorn on a loopback port, for a real browser."""
    with serving(app) as url:
        yield url
