"""A real ingest process: readers during it, and kill -9 in the middle then resume."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.slow  # real ingest processes, killed and resumed

N_ARTICLES = 60
TOWNS = ["Port Ennis", "Velmora", "Castrel", "Dunmarrow", "Lisk", "Orravale"]


def write_feed(path):
    with path.open("w") as f:
        for i in range(N_ARTICLES):
            town = TOWNS[i % len(TOWNS)]
            text = (f"Storm report {i}\n\nAt least {10 + i} people died in the storm in {town}, the mayor said on Monday. "
                    f"Rescuers said about {100 + 7 * i} homes had been damaged and {i % 9 + 2} bridges had collapsed. "
                    f"The regional council said it would spend ${i + 1} million on repairs in {town} this year.")
            f.write(json.dumps({"id": f"r{i}", "text": text, "published": f"2026-03-{i % 28 + 1:02d}"}) + "\n")


def start_ingest(feed, db):
    code = "from corroborate.cli.app import main; main()"
    return subprocess.Popen([sys.executable, "-c", code, "ingest", str(feed), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def articles_in(db) -> int:
    """Counted through a plain read-only connection, as another program reading the file would."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            return 0
        raise


@pytest.fixture
def feed(tmp_path):
    path = tmp_path / "feed.jsonl"
    write_feed(path)
    return path


def test_readers_work_during_ingest(feed, tmp_path):
    from corroborate.ledger import Ledger, queries

    db = tmp_path / "l.db"
    proc = start_ingest(feed, db)
    seen = []
    deadline = time.time() + 120
    while proc.poll() is None and time.time() < deadline:
        seen.append(articles_in(db))
        if seen[-1]:
            with Ledger(str(db)) as ledger, ledger.engine.connect() as conn:
                assert queries.stats(conn)["articles"] >= seen[-1]
                queries.estimates(conn)
        time.sleep(0.05)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert seen == sorted(seen), "a reader saw the ledger shrink"
    assert any(0 < n < N_ARTICLES for n in seen), "no read happened while the ingest was writing"
    assert articles_in(db) == N_ARTICLES


@pytest.fixture(params=["sqlite", "postgresql"])
def killed_db(request, tmp_path):
    if request.param == "sqlite":
        return tmp_path / "l.db"
    return request.getfixturevalue("postgres_url")


def rows(db, sql):
    """Query results through a connection of its own, as another program would read them."""
    if isinstance(db, str):
        from sqlalchemy import create_engine, text

        engine = create_engine(db)
        try:
            with engine.connect() as conn:
                return [tuple(r) for r in conn.execute(text(sql))]
        except Exception as e:  # noqa: BLE001 - before the ingest has created its tables
            if "does not exist" in str(e):
                return [(0,)]
            raise
        finally:
            engine.dispose()
    if not db.exists():
        return [(0,)]
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.OperationalError as e:
            if "no such table" in str(e):
                return [(0,)]
            raise


def test_kill_9_then_resume(feed, killed_db):
    db = killed_db
    count = "SELECT count(*) FROM articles"
    proc = start_ingest(feed, db)
    deadline = time.time() + 120
    while rows(db, count)[0][0] == 0 and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, f"the ingest ended before the kill: {proc.communicate()[1]}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    done = rows(db, count)[0][0]
    assert 0 < done < N_ARTICLES, f"the kill came when {done} articles were stored"
    if not isinstance(db, str):
        assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    # Every stored article is whole: all the figures and statements its record lists.
    for record, figures, statements in rows(db, (
            "SELECT a.record, (SELECT count(*) FROM figures f WHERE f.article_id = a.id), "
            "(SELECT count(*) FROM statements s WHERE s.article_id = a.id) FROM articles a")):
        rec = json.loads(record)
        assert (figures, statements) == (len(rec["quantities"]), len(rec["statements"]))
    proc = start_ingest(feed, db)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert err.strip().splitlines()[-1].startswith(
        f"{N_ARTICLES - done} stored, {done} skipped as duplicates, 0 failed")
    assert rows(db, "SELECT count(*), count(DISTINCT hash) FROM articles") == [(N_ARTICLES, N_ARTICLES)]
