"""Exports: the records as JSON lines, or every table as CSV or Parquet files in a folder.

Rows are streamed in batches, so an export's memory does not grow with the ledger.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import Connection, select

from . import schema as t

TABLES = (t.articles, t.entities, t.entity_aliases, t.mentions, t.statements, t.figures,
          t.estimate_groups, t.estimate_members, t.times, t.events, t.ingest_errors)
BATCH = 5000


def _rows(conn: Connection, table):
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(select(table).order_by(table.c.id))
    yield from result.partitions(BATCH)


def export_jsonl(conn: Connection, out: Path) -> int:
    """One analysis record a line (the output contract), with the ledger's article id."""
    a = t.articles
    n = 0
    with out.open("w", encoding="utf-8") as f:
        q = select(a.c.id, a.c.hash, a.c.text, a.c.record).order_by(a.c.id)
        for part in conn.execution_options(stream_results=True, yield_per=BATCH).execute(q).partitions(BATCH):
            for aid, digest, body, record in part:
                rec = json.loads(record)
                rec.update(text=body, article=f"a{aid}", hash=digest)
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n


def export_csv(conn: Connection, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        with (out / f"{table.name}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow([c.name for c in table.columns])
            for part in _rows(conn, table):
                w.writerows(part)
    return len(TABLES)


def export_parquet(conn: Connection, out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        names = [c.name for c in table.columns]
        schema = pa.schema([(c.name, _arrow_type(pa, c.type)) for c in table.columns])
        with pq.ParquetWriter(out / f"{table.name}.parquet", schema) as writer:
            wrote = False
            for part in _rows(conn, table):
                cols = list(zip(*part))
                writer.write_table(pa.table({n: pa.array(list(v), type=schema.field(n).type) for n, v in zip(names, cols)},
                                            schema=schema))
                wrote = True
            if not wrote:
                writer.write_table(schema.empty_table())
    return len(TABLES)


def _arrow_type(pa, sql_type):
    from sqlalchemy import Boolean, Date, DateTime, Float, Integer

    for kind, arrow in ((Boolean, pa.bool_()), (Integer, pa.int64()), (Float, pa.float64()),
                        (DateTime, pa.timestamp("us")), (Date, pa.date32())):
        if isinstance(sql_type, kind):
            return arrow
    return pa.string()


EXPORTERS = {"jsonl": export_jsonl, "csv": export_csv, "parquet": export_parquet}
