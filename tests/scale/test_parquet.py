"""Batch analysis to Parquet and the load back into the ledger, in this process (no cluster)."""
from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from scale_helpers import N_ARTICLES, dump

from corroborate.ingest.sources import read_sources
from corroborate.ledger import Ledger
from corroborate.scale.batch import batch
from corroborate.scale.load import load
from corroborate.scale.parquet import NESTED, RECORD_SCHEMA, parts, read_records


def test_parts_hold_every_record_in_order_with_the_schema(dataset):
    files = parts(dataset)
    assert [f.name for f in files] == [f"part-0000{n}.parquet" for n in range(4)]
    assert [pq.read_metadata(f).num_rows for f in files] == [8, 8, 8, 6]
    table = pq.read_table(files[0])
    assert table.schema.equals(RECORD_SCHEMA, check_metadata=True)
    assert table.column("id").to_pylist()[:3] == ["s0", "s1", "s2"]
    first = table.slice(0, 1).to_pylist()[0]
    assert first["title"] == "Storm hits Port Ennis, report 0"
    assert str(first["published"]) == "2026-04-01"
    statements = json.loads(first["statements"])
    assert {s["source"]["name"] for s in statements if s["source"]} >= {"Mara Quell"}


def test_records_read_back_equal_the_analysis(dataset, feed, nlp):
    from corroborate.analysis import analyze_articles

    articles = [a for a in read_sources([str(feed)])]
    expected = list(analyze_articles(articles, nlp=nlp))
    back = list(read_records(dataset))
    assert [a.content_hash for a, _ in back] == [a.content_hash for a in articles]
    for (_, got), want in zip(back, expected):
        assert got.model_dump(include=set(NESTED) | {"id", "title", "published"}) == \
            want.model_dump(include=set(NESTED) | {"id", "title", "published"})


def test_load_gives_the_one_process_ledger_and_stores_nothing_twice(dataset, one_process_ledger, tmp_path):
    db = str(tmp_path / "loaded.db")
    with Ledger(db) as ledger:
        first = load(dataset, ledger)
        again = load(dataset, ledger)
    assert (first.stored, first.skipped, first.failed) == (N_ARTICLES, 0, 0)
    assert (again.stored, again.skipped, again.failed) == (0, N_ARTICLES, 0)
    assert dump(db) == one_process_ledger


def test_load_into_postgresql(dataset, one_process_ledger, postgres_url):
    with Ledger(postgres_url) as ledger:
        summary = load(dataset, ledger)
    assert (summary.stored, summary.failed) == (N_ARTICLES, 0)
    assert dump(postgres_url) == one_process_ledger


def test_a_bad_part_and_a_bad_row_fail_alone(dataset, tmp_path):
    (dataset / "part-00009.parquet").write_bytes(b"not parquet")
    table = pq.read_table(parts(dataset)[0])
    broken = table.set_column(table.schema.get_field_index("entities"), "entities",
                              [["[{}]"] + table.column("entities").to_pylist()[1:]])
    pq.write_table(broken, parts(dataset)[0])
    errors: list[tuple[str, str]] = []
    with Ledger(str(tmp_path / "l.db")) as ledger:
        summary = load(dataset, ledger, on_error=lambda where, why: errors.append((where, why)))
    assert (summary.stored, summary.failed) == (N_ARTICLES - 1, 2)
    assert errors[0][0].endswith("part-00000.parquet:row 1")
    assert errors[0][1].startswith("row 1: not a valid record (")
    assert errors[1][0].endswith("part-00009.parquet")
    assert errors[1][1].startswith("not a readable Parquet file of records (")


def test_batch_refuses_a_folder_with_parts(dataset, feed):
    with pytest.raises(FileExistsError):
        batch(read_sources([str(feed)]), dataset)


def test_cli_batch_reports_bad_input_per_line_and_load_needs_parts(feed, tmp_path, nlp):
    import typer
    from typer.testing import CliRunner

    from corroborate.cli import scale as scale_cli

    app = typer.Typer()
    scale_cli.register(app)
    with feed.open("a") as f:
        f.write("{not json\n")
    out = tmp_path / "records"
    result = CliRunner().invoke(app, ["batch", str(feed), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert f"error: {feed}: line {N_ARTICLES + 1}: not valid JSON" in result.output
    assert f"{N_ARTICLES} records written to {out}, 1 failed" in result.output
    assert [f.name for f in parts(out)] == ["part-00000.parquet"]
    result = CliRunner().invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "l.db")])
    assert result.exit_code == 2 and "no part-*.parquet files" in result.output
