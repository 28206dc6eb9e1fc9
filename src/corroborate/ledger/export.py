"""Exports: the records as JSON lines; every table as CSV or Parquet files in a folder; or one
table (by default ``estimates``, one row a report of an estimate group) as one CSV or Parquet file.

Rows are streamed in batches, so an export's memory does not grow with the ledger.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import Boolean, Column, Connection, Date, DateTime, Float, Integer, Text, func, literal, select

from . import schema as t

TABLES = (t.articles, t.entities, t.entity_aliases, t.mentions, t.statements, t.figures,
          t.estimate_groups, t.estimate_members, t.times, t.events, t.ingest_errors)
# Exported beside TABLES (which the scale tests compare between ingest paths: a story's
# label_score differs there in its last digits, being summed in another order).
MORE_TABLES = (t.stories,)
BATCH = 5000
# One row a report of an estimate group: what a fact-checker opens in a spreadsheet.
ESTIMATES_COLUMNS = (
    Column("group", Text), Column("label", Text), Column("story", Text), Column("unit", Text),
    Column("conflict", Boolean), Column("reports", Integer), Column("article", Text), Column("quantity", Text),
    Column("source", Text), Column("outlet", Text), Column("said_on", Text), Column("published", Date),
    Column("value", Float), Column("low", Float), Column("high", Float), Column("bound", Text), Column("text", Text),
    Column("start", Integer), Column("end", Integer), Column("counted", Text), Column("predicate", Text),
    Column("place", Text),
)


def _estimates_query():
    g, f, m, e = t.estimate_groups, t.figures, t.estimate_members, t.entities
    return (select(literal("g").concat(g.c.id), g.c.label, literal("S").concat(g.c.story_id), g.c.unit, g.c.conflict,
                   g.c.members, literal("a").concat(f.c.article_id), f.c.local_id,
                   func.coalesce(e.c.name, f.c.source), f.c.outlet, f.c.said_on, f.c.published, f.c.value, f.c.low,
                   f.c.high, f.c.bound, f.c.text, f.c.start, f.c.end, f.c.counted, f.c.predicate, f.c.place)
            .select_from(m).join(g, g.c.id == m.c.group_id).join(f, f.c.id == m.c.figure_id)
            .outerjoin(e, e.c.id == f.c.source_entity_id)
            .order_by(g.c.id, m.c.date_start.is_(None), m.c.date_start, m.c.id))


class _Flat:
    """The ``estimates`` view, shaped as a table is for the writers below."""

    name = "estimates"
    columns = ESTIMATES_COLUMNS


def _table(name: str):
    return _Flat if name == "estimates" else {tb.name: tb for tb in (*TABLES, *MORE_TABLES)}[name]


TABLE_NAMES = ("estimates", *(tb.name for tb in (*TABLES, *MORE_TABLES)))


def _rows(conn: Connection, table):
    q = _estimates_query() if table is _Flat else select(table).order_by(table.c.id)
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(q)
    yield from result.partitions(BATCH)


def export_jsonl(conn: Connection, out: Path, table: str | None = None) -> int:
    """One analysis record a line (the output contract), with the ledger's article id."""
    a = t.articles
    n = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        q = select(a.c.id, a.c.hash, a.c.text, a.c.record).order_by(a.c.id)
        for part in conn.execution_options(stream_results=True, yield_per=BATCH).execute(q).partitions(BATCH):
            for aid, digest, body, record in part:
                rec = json.loads(record)
                rec.update(text=body, article=f"a{aid}", hash=digest)
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n


def _targets(out: Path, suffix: str, table: str | None):
    """(table, file) pairs: ``out`` a file of that suffix holds one table (``table``, else the
    estimates view); otherwise ``out`` is a folder with every table and the estimates view."""
    if out.suffix.lower() == suffix or table:
        out.parent.mkdir(parents=True, exist_ok=True)
        return [(_table(table or "estimates"), out)]
    out.mkdir(parents=True, exist_ok=True)
    return [(tb, out / f"{tb.name}{suffix}") for tb in (*TABLES, *MORE_TABLES, _Flat)]


def export_csv(conn: Connection, out: Path, table: str | None = None) -> int:
    targets = _targets(out, ".csv", table)
    for tb, path in targets:
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow([c.name for c in tb.columns])
            for part in _rows(conn, tb):
                w.writerows(part)
    return len(targets)


def export_parquet(conn: Connection, out: Path, table: str | None = None) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    targets = _targets(out, ".parquet", table)
    for tb, path in targets:
        names = [c.name for c in tb.columns]
        schema = pa.schema([(c.name, _arrow_type(pa, c.type)) for c in tb.columns])
        with pq.ParquetWriter(path, schema) as writer:
            wrote = False
            for part in _rows(conn, tb):
                cols = list(zip(*part))
                writer.write_table(pa.table({n: pa.array(list(v), type=schema.field(n).type) for n, v in zip(names, cols)},
                                            schema=schema))
                wrote = True
            if not wrote:
                writer.write_table(schema.empty_table())
    return len(targets)


def _arrow_type(pa, sql_type):
    for kind, arrow in ((Boolean, pa.bool_()), (Integer, pa.int64()), (Float, pa.float64()),
                        (DateTime, pa.timestamp("us")), (Date, pa.date32())):
        if isinstance(sql_type, kind):
            return arrow
    return pa.string()


DESCRIPTIONS = {
    "articles": "One row an article: its text, where it was read from, and the analysis record (output contract) "
                "as JSON. Full-text search over title and text.",
    "stories": "Articles that report one real-world event or developing story; figures are compared only "
               "within a story.",
    "story_terms": "The strongest terms of each story's centroid: how new articles find their story.",
    "term_frequencies": "How many articles hold each term (the idf of story assignment).",
    "entities": "Canonical entities across articles: people, organisations, places, by the fullest name seen.",
    "entity_aliases": "Every name form an entity was written as, with why it was joined and how sure that is.",
    "mentions": "Where each entity is named in each article (character offsets into articles.text).",
    "statements": "Who said what: source, cue and content, direct or reported, and when it was said. "
                  "Full-text search over content and source.",
    "figures": "Every figure of every article: value, bound, unit, what it counts, who claims it, and what it "
               "measures (kind, holder, predicate, place, period).",
    "estimate_groups": "Figures that measure the same thing in one story; conflict when two sources' figures "
                       "for one scope and time cannot both be true.",
    "estimate_members": "Each figure of a group as the conflict rule reads it: the interval it admits, its date, "
                        "who claims it, its scope.",
    "times": "Time expressions, normalised to TIMEX3 values against the publication date.",
    "events": "Events the analysis found, with their actor, recipient, place and time.",
    "ingest_errors": "Inputs that failed to read, analyse or store, and why.",
}
FTS = {"articles": "articles_fts", "statements": "statements_fts"}
LABELS = {"entities": "name", "stories": "label", "estimate_groups": "label", "articles": "title"}


def datasette_metadata(database: str) -> dict:
    """Datasette metadata for a ledger named ``database`` (its file name without .db): each table's
    description and its columns', its label column, and the FTS tables (which Datasette does not
    find by itself, as they are declared with content='table')."""
    tables = {}
    for table in t.metadata.sorted_tables:
        entry = {"description": DESCRIPTIONS.get(table.name, "")}
        if table.name in FTS:
            entry.update(fts_table=FTS[table.name], fts_pk="id")
        if table.name in LABELS:
            entry["label_column"] = LABELS[table.name]
        columns = {c.name: c.comment for c in table.columns if c.comment}
        if columns:
            entry["columns"] = columns
        tables[table.name] = entry
    return {"title": "corroborate ledger",
            "description": "Who claimed what, how many, when, and where news sources disagree.",
            "databases": {database: {"tables": dict(sorted(tables.items()))}}}


def export_datasette(conn: Connection, out: Path, table: str | None = None) -> int:
    """Datasette's metadata.json for this ledger: ``datasette ledger.db --metadata metadata.json``."""
    database = Path(conn.engine.url.database or "corroborate").stem
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(datasette_metadata(database), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(t.metadata.tables)


EXPORTERS = {"jsonl": export_jsonl, "csv": export_csv, "parquet": export_parquet, "datasette": export_datasette}
