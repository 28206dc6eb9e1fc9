"""Analysis records as Parquet: one row per article, a folder of ``part-NNNNN.parquet`` files.

Columns: the article's identity and metadata as typed columns (``hash`` is the ledger's content
hash; ``published`` a date), its ``text`` (the ledger needs it; spans index into it), and the
contract's nested lists (``entities``, ``statements``, ``quantities``, ``times``, ``events``) as
JSON strings in the contract's shape, one JSON array per cell. JSON rather than Arrow structs:
the contract adds fields freely (docs/output-contract.md), and a JSON column keeps every part
file of a dataset readable with one schema while it does; DuckDB (``json_extract``, ``unnest``),
Spark (``from_json``) and warehouses all parse it in place.

    duckdb -c "SELECT title, json_array_length(statements) FROM read_parquet('out/*.parquet')"
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import Errors, InputError
from ..ingest.article import Article
from ..record.models import Record
from ..run.rows import NESTED, OPTIONAL, from_row

RECORD_SCHEMA = pa.schema(
    [pa.field("hash", pa.string(), nullable=False), pa.field("id", pa.string()), pa.field("title", pa.string()),
     pa.field("published", pa.date32()), pa.field("published_from", pa.string()), pa.field("outlet", pa.string()),
     pa.field("url", pa.string()),
     pa.field("origin", pa.string()), pa.field("text", pa.string(), nullable=False)]
    + [pa.field(name, pa.string(), nullable=False) for name in NESTED],
    metadata={"corroborate": "analysis records (docs/output-contract.md); nested fields are JSON arrays"},
)
PART = "part-{n:05d}.parquet"
PART_GLOB = "part-*.parquet"
READ_BATCH = 1000


def write_part(folder: Path, n: int, rows: list[dict]) -> Path:
    """Write part ``n`` of rows (``records.to_row``); written under a temporary name and renamed,
    so a part is whole or absent."""
    path = folder / PART.format(n=n)
    tmp = folder / f".{path.name}.tmp"
    table = pa.Table.from_pylist(rows, schema=RECORD_SCHEMA)
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)
    return path


def parts(folder: Path) -> list[Path]:
    return sorted(folder.glob(PART_GLOB))


def read_records(folder: Path) -> Iterator[tuple[Article, Record] | InputError]:
    """Every (article, record) of a folder's parts, in order; an InputError for a bad file or row."""
    for path in parts(folder):
        try:
            pfile = pq.ParquetFile(path)
            present = set(pfile.schema_arrow.names)
            missing = set(RECORD_SCHEMA.names) - present - set(OPTIONAL)
            if missing:
                raise ValueError(f"no column {', '.join(sorted(missing))}")
            batches = pfile.iter_batches(batch_size=READ_BATCH, columns=[n for n in RECORD_SCHEMA.names if n in present])
        except (OSError, ValueError, pa.ArrowException) as e:
            yield InputError(str(path), Errors.E035.format(detail=e))
            continue
        row_no = 0
        for batch in batches:
            for row in batch.to_pylist():
                row_no += 1
                try:
                    yield from_row(row)
                except (ValueError, TypeError) as e:  # pydantic's ValidationError and bad JSON are ValueErrors
                    yield InputError(f"{path}:row {row_no}", Errors.E036.format(row=row_no, detail=str(e).splitlines()[0]))
