"""A real LocalCluster of two worker processes: the same ledger as one process, the same failure
messages as locally, and a worker killed mid-run without anything stored twice.

One cluster for the module; the kill test is last, as it leaves a restarted worker behind.
"""
from __future__ import annotations

import io
import os
import signal

import pytest
from scale_helpers import N_ARTICLES, dump, story, write_corpus, write_feed
from typer.testing import CliRunner

from corroborate.ingest.sources import read_sources
from corroborate.ledger import Ledger
from corroborate.run import ingest
from corroborate.settings import Settings
from corroborate.scale.cluster import connect, dask_analyser

SMALL_SHARDS = 2  # many shards, so two workers share the work and a kill catches some in flight


@pytest.fixture(scope="module")
def client():
    with connect("local", workers=2) as client:
        client.wait_for_workers(2, timeout=60)
        yield client


def test_two_workers_give_the_one_process_ledger(client, feed, one_process_ledger, tmp_path):
    db = str(tmp_path / "dask.db")
    with Ledger(db) as ledger:
        summary = ingest(read_sources([str(feed)]), ledger, Settings(batch_size=SMALL_SHARDS), analyse=dask_analyser(client))
    assert (summary.stored, summary.skipped, summary.failed) == (N_ARTICLES, 0, 0)
    assert dump(db) == one_process_ledger
    with Ledger(db) as ledger:  # re-run: workers read the shards again, nothing is analysed
        again = ingest(read_sources([str(feed)]), ledger, analyse=dask_analyser(client))
    assert (again.stored, again.skipped) == (0, N_ARTICLES)


def test_two_workers_into_postgresql_give_the_one_process_ledger(client, feed, one_process_ledger, postgres_url):
    # The writer stores the records waiting in a row in one transaction, by COPY.
    with Ledger(postgres_url) as ledger:
        summary = ingest(read_sources([str(feed)]), ledger, Settings(batch_size=SMALL_SHARDS), analyse=dask_analyser(client))
    assert (summary.stored, summary.skipped, summary.failed) == (N_ARTICLES, 0, 0)
    assert dump(postgres_url) == one_process_ledger


def _fail_on_storm_7():
    """Installed on each worker (and here): the analysis raises for one article, as a bug would."""
    from corroborate import analysis

    real = getattr(analysis, "_real_analyze_articles", analysis.analyze_articles)
    analysis._real_analyze_articles = real

    def analyze_articles(articles, **kw):
        articles = list(articles)
        if any("report 7\n" in a.text for a in articles):
            raise RuntimeError("the storm broke the parser")
        return real(articles, **kw)

    analysis.analyze_articles = analyze_articles


def _restore():
    from corroborate import analysis

    analysis.analyze_articles = getattr(analysis, "_real_analyze_articles", analysis.analyze_articles)


def _errors(feed, db, analyse=None):
    errors: list[tuple[str, str]] = []
    with Ledger(db) as ledger:
        summary = ingest(read_sources([str(feed)]), ledger, Settings(batch_size=SMALL_SHARDS), analyse=analyse,
                         on_error=lambda where, why: errors.append((where, why)))
    return summary, errors


def test_a_failure_on_a_worker_reads_as_locally(client, feed, tmp_path):
    _fail_on_storm_7()
    try:
        local, local_errors = _errors(feed, str(tmp_path / "local.db"))
    finally:
        _restore()
    client.run(_fail_on_storm_7)
    try:
        remote, remote_errors = _errors(feed, str(tmp_path / "dask.db"), dask_analyser(client))
    finally:
        client.run(_restore)
    assert local_errors == remote_errors == [(f"{feed}:8", "analysis failed: RuntimeError: the storm broke the parser")]
    assert (remote.stored, remote.failed) == (local.stored, local.failed) == (N_ARTICLES - 1, 1)


def test_workers_read_files_and_line_ranges_with_the_local_messages(client, tmp_path, nlp):
    """Shards of 3: text files grouped with an empty one among them, a JSON lines file cut into
    line ranges at a bad line and a blank one, a Latin-1 file read whole, a WARC file."""
    root = write_corpus(tmp_path)

    def run(db, analyse=None):
        errors: list[tuple[str, str]] = []
        with Ledger(db) as ledger:
            summary = ingest(read_sources([str(root)]), ledger, Settings(batch_size=3), analyse=analyse,
                             on_error=lambda where, why: errors.append((where, why)))
        return summary, errors

    local, local_errors = run(str(tmp_path / "one.db"))
    remote, remote_errors = run(str(tmp_path / "dask.db"), dask_analyser(client))
    assert remote_errors == local_errors == [
        (str(root / "a2.txt"), "is empty"),
        (str(root / "b-feed.jsonl"), "line 3: not valid JSON (Expecting property name enclosed in double quotes)")]
    assert (remote.stored, remote.failed) == (local.stored, local.failed) == (17, 2)
    assert dump(str(tmp_path / "dask.db")) == dump(str(tmp_path / "one.db"))


def test_standard_input_is_read_here_and_sent(client, feed, tmp_path):
    """``-`` cannot be read by a worker: the driver reads it and sends the articles, in shards."""
    def run(db, analyse=None):
        stdin = io.BytesIO(b"".join(feed.read_bytes().splitlines(keepends=True)[:5]) + b"[1]\n")
        errors: list[tuple[str, str]] = []
        with Ledger(db) as ledger:
            summary = ingest(read_sources(["-"], stdin=stdin), ledger, Settings(batch_size=SMALL_SHARDS), analyse=analyse,
                             on_error=lambda where, why: errors.append((where, why)))
        return summary, errors

    local = run(str(tmp_path / "one.db"))
    remote = run(str(tmp_path / "dask.db"), dask_analyser(client))
    assert remote[1] == local[1] == [("<stdin>", "line 6: expected a JSON object")]
    assert (remote[0].stored, remote[0].failed) == (local[0].stored, local[0].failed) == (5, 1)
    assert dump(str(tmp_path / "dask.db")) == dump(str(tmp_path / "one.db"))


def test_cli_ingest_and_batch_on_a_scheduler_address(client, feed, one_process_ledger, tmp_path):
    import typer

    from corroborate.cli import ledger as ledger_cli
    from corroborate.cli import scale as scale_cli

    app = typer.Typer()
    ledger_cli.register(app)
    scale_cli.register(app)
    address = client.scheduler.address
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(app, ["ingest", str(feed), "--db", db, "--dask", address])
    assert result.exit_code == 0, result.output
    assert f"{N_ARTICLES} stored, 0 skipped as duplicates, 0 failed" in result.output
    assert dump(db) == one_process_ledger

    out = tmp_path / "records"
    result = CliRunner().invoke(app, ["batch", str(feed), "--out", str(out), "--dask", address, "--part-rows", "10"])
    assert result.exit_code == 0, result.output
    assert f"{N_ARTICLES} records written to {out}, 0 failed" in result.output
    loaded = str(tmp_path / "loaded.db")
    result = CliRunner().invoke(app, ["load", str(out), "--db", loaded])
    assert result.exit_code == 0, result.output
    assert dump(loaded) == one_process_ledger
    result = CliRunner().invoke(app, ["batch", str(feed), "--out", str(out)])
    assert result.exit_code == 2 and "already holds Parquet parts" in result.output


def test_a_worker_killed_mid_run_stores_every_article_once(client, tmp_path):
    feed = write_feed(tmp_path / "more.jsonl", n=40)
    pids = list(client.run(os.getpid).values())
    killed: list[int] = []

    def kill_once(summary):
        if summary.stored >= 4 and not killed:
            killed.append(pids[0])
            os.kill(pids[0], signal.SIGKILL)

    db = str(tmp_path / "killed.db")
    with Ledger(db) as ledger:
        summary = ingest(read_sources([str(feed)]), ledger, Settings(batch_size=SMALL_SHARDS), analyse=dask_analyser(client),
                         on_progress=kill_once)
    assert killed
    client.wait_for_workers(2, timeout=60)
    assert killed[0] not in client.run(os.getpid).values()  # the nanny started a new worker process
    assert (summary.stored, summary.skipped, summary.failed) == (40, 0, 0)
    rows = dump(db)
    assert [r[2] for r in rows["articles"]] == [story(i)["id"] for i in range(40)]  # the ref column, in order
    assert len({r[1] for r in rows["articles"]}) == 40  # content hashes: each article once
    reference = str(tmp_path / "one.db")
    with Ledger(reference) as ledger:
        ingest(read_sources([str(feed)]), ledger)
    assert rows == dump(reference)
