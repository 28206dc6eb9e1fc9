#!/usr/bin/env python3
"""Beyond one machine: Dask speed-up, worker memory, Parquet write and PostgreSQL load rates.

    python bench/scale.py [--shared ../shared] [--articles 2000] [--db postgresql://...] [--with-ingest]

Texts: ../shared/data/wikinews/articles.jsonl repeated to --articles, each copy with a URL of its
own (so each is a distinct article to the ledger). Reported:
- articles/s of ``batch`` analysis on a LocalCluster of 1 and of 2 single-threaded worker
  processes (the clock starts once the workers hold the model), and the speed-up; the CPU the
  workers and the driver (with the scheduler, in the same process) spend per article;
- peak RSS of each worker process;
- the Parquet write rate (the records of the run, rewritten in one part);
- the load rate of those Parquet records into PostgreSQL (``corroborate load``: 500 records a
  transaction, the cross-article step article by article, the bulk tables by COPY), on --db or a
  throw-away server started here;
- with --with-ingest, ``ingest --dask local --workers 2`` into PostgreSQL end to end.
"""
from __future__ import annotations

import argparse
import json
import os
import pwd
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from glob import glob
from pathlib import Path

HERE = Path(__file__).resolve().parent


def write_corpus(source: Path, out: Path, n: int) -> Path:
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    with out.open("w", encoding="utf-8") as f:
        for i in range(n):
            row = dict(rows[i % len(rows)])
            row["url"] = f"https://bench.invalid/{i // len(rows)}/{row.get('doc_id') or row.get('id') or i}"
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_batch(feed: Path, out: Path, workers: int) -> dict:
    from corroborate.ingest.sources import read_sources
    from corroborate.scale.batch import batch
    from corroborate.scale.cluster import connect, dask_analyser

    with connect("local", workers) as client:
        client.wait_for_workers(workers)
        cpu_before = sum(client.run(cpu_seconds).values())
        driver_before = cpu_seconds()
        load_before = os.getloadavg()[0]
        summary = batch(read_sources([str(feed)]), out, analyse=dask_analyser(client))
        driver = cpu_seconds() - driver_before
        cpu = sum(client.run(cpu_seconds).values()) - cpu_before
        rss = sorted(client.run(peak_rss_mb).values())
    assert summary.failed == 0, summary.line
    return dict(workers=workers, articles=summary.stored, seconds=summary.seconds, cpu=cpu, driver=driver,
                load=load_before,
                rate=summary.stored / summary.seconds, rss=rss)


def parquet_write_rate(records: Path, scratch: Path) -> dict:
    from corroborate.scale.parquet import parts, read_records, write_part
    from corroborate.run.rows import to_row

    rows = [to_row(*pair) for pair in read_records(records)]
    scratch.mkdir()
    started = time.perf_counter()
    write_part(scratch, 0, rows)
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in parts(scratch))
    return dict(records=len(rows), seconds=seconds, rate=len(rows) / seconds, mb=size / 2**20)


@contextmanager
def postgres(db: str | None):
    """--db as given, else a throw-away server in a temporary folder (as the ledger tests start one)."""
    if db:
        yield db
        return
    bins = sorted(glob("/usr/lib/postgresql/*/bin"), reverse=True)
    initdb = next((b + "/initdb" for b in bins if os.access(b + "/initdb", os.X_OK)), shutil.which("initdb"))
    pg_ctl = next((b + "/pg_ctl" for b in bins if os.access(b + "/pg_ctl", os.X_OK)), shutil.which("pg_ctl"))
    if not initdb or not pg_ctl:
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="corroborate-bench-pg-"))
    as_user = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chmod(root, 0o700)
        os.chown(root, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = root / "data"
    subprocess.run(as_user + [initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"],
                   check=True, capture_output=True)
    opts = f"-p {port} -k {root} -c listen_addresses=''"  # default durability: a load's real cost
    subprocess.run(as_user + [pg_ctl, "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={root}&port={port}"
    finally:
        subprocess.run(as_user + [pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def load_rate(records: Path, db: str) -> dict:
    from corroborate.ledger import Ledger
    from corroborate.scale.load import load

    with Ledger(db) as ledger:
        summary = load(records, ledger)
    assert summary.failed == 0, summary.line
    return dict(articles=summary.stored, seconds=summary.seconds, rate=summary.stored / summary.seconds)


def fresh_database(db: str, name: str) -> str:
    """An empty database beside ``db`` on the same server (dropped first if there)."""
    from sqlalchemy import create_engine, make_url, text

    from corroborate.ledger import database_url

    url = make_url(database_url(db))
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def ingest_rate(feed: Path, db: str, workers: int) -> dict:
    from corroborate.ingest.sources import read_sources
    from corroborate.ledger import Ledger
    from corroborate.run import ingest
    from corroborate.scale.cluster import connect, dask_analyser

    with connect("local", workers) as client, Ledger(db) as ledger:
        client.wait_for_workers(workers)
        summary = ingest(read_sources([str(feed)]), ledger, analyse=dask_analyser(client))
    assert summary.failed == 0, summary.line
    return dict(articles=summary.stored, seconds=summary.seconds, rate=summary.stored / summary.seconds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--db", help="a PostgreSQL URL to load into (default: a throw-away server)")
    ap.add_argument("--with-ingest", action="store_true", help="also time ingest --dask local --workers 2")
    args = ap.parse_args()
    source = args.shared / "data" / "wikinews" / "articles.jsonl"
    if not source.exists():
        sys.exit(f"no {source}: pass --shared")

    with tempfile.TemporaryDirectory(prefix="corroborate-bench-") as tmp:
        tmp = Path(tmp)
        feed = write_corpus(source, tmp / "corpus.jsonl", args.articles)
        print(f"corpus: {args.articles} articles (Wikinews x{args.articles / len(source.read_text().splitlines()):.1f}), "
              f"{os.cpu_count()} cores")
        runs = [run_batch(feed, tmp / f"records-{w}", w) for w in (1, 2)]
        for r in runs:
            print(f"batch, {r['workers']} Dask worker(s): {r['articles']} articles in {r['seconds']:.1f} s = "
                  f"{r['rate']:.1f} articles/s; workers' CPU {1000 * r['cpu'] / r['articles']:.0f} ms/article, "
                  f"{r['cpu'] / r['seconds']:.2f} cores busy; driver and scheduler "
                  f"{1000 * r['driver'] / r['articles']:.1f} ms/article (load average before: {r['load']:.1f}); "
                  f"peak RSS per worker {', '.join(f'{m:.0f}' for m in r['rss'])} MB")
        print(f"speed-up 2 workers / 1 worker: {runs[1]['rate'] / runs[0]['rate']:.2f}x (target >= 1.6x)")
        pw = parquet_write_rate(tmp / "records-2", tmp / "rewrite")
        print(f"parquet write: {pw['records']} records in {pw['seconds']:.2f} s = {pw['rate']:.0f} records/s "
              f"({pw['mb']:.1f} MB, zstd)")
        with postgres(args.db) as db:
            if db is None:
                print("postgresql: not installed; load rate not measured")
                return
            ld = load_rate(tmp / "records-2", db)
            print(f"postgresql load: {ld['articles']} articles in {ld['seconds']:.1f} s = {ld['rate']:.1f} articles/s")
            if args.with_ingest:
                ing = ingest_rate(feed, fresh_database(db, "corroborate_bench_ingest"), 2)
                print(f"ingest --dask local --workers 2 into PostgreSQL: {ing['articles']} articles in "
                      f"{ing['seconds']:.1f} s = {ing['rate']:.1f} articles/s")


if __name__ == "__main__":
    main()
