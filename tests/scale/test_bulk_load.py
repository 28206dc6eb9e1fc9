"""``load`` into PostgreSQL: batches of records in one transaction each, the bulk tables by COPY
(``Ledger.add_many``), and the ledger a one-process ingest of the same articles gives."""
from __future__ import annotations

import json

import pyarrow.parquet as pq
from scale_helpers import N_ARTICLES, dump, story

from corroborate.ledger import Ledger
from corroborate.scale.load import load
from corroborate.scale.parquet import parts, read_records


def test_batches_across_the_feed_give_the_one_process_ledger(dataset, one_process_ledger, postgres_url, monkeypatch):
    def one_by_one(*_):
        raise AssertionError("a batch fell back to one article a transaction")

    monkeypatch.setattr(Ledger, "add", one_by_one)
    with Ledger(postgres_url) as ledger:
        # Batches of 7: figures join groups stored by earlier batches and groups their own batch
        # made, and are checked for conflicts against both.
        first = load(dataset, ledger, bulk=7)
        again = load(dataset, ledger, bulk=7)
    assert (first.stored, first.skipped, first.failed) == (N_ARTICLES, 0, 0)
    assert (again.stored, again.skipped, again.failed) == (0, N_ARTICLES, 0)
    assert dump(postgres_url) == one_process_ledger


def test_add_many_skips_what_is_stored_and_repeats(dataset, postgres_url, tmp_path):
    pairs = list(read_records(dataset))[:6]
    with Ledger(postgres_url) as ledger:
        assert ledger.add(*pairs[0]) == 1
        assert ledger.add_many(pairs[:4] + [pairs[2]]) == [None, 2, 3, 4, None]
        assert ledger.add_many(pairs[4:]) == [5, 6]
    reference = str(tmp_path / "one.db")
    with Ledger(reference) as ledger:
        assert [ledger.add(*pair) for pair in pairs] == [1, 2, 3, 4, 5, 6]
    assert dump(postgres_url) == dump(reference)


def test_a_record_the_database_refuses_fails_alone(dataset, feed, postgres_url):
    path = parts(dataset)[0]
    table = pq.read_table(path)
    column = table.column("entities").to_pylist()
    entities = json.loads(column[3])
    entities[0]["type"] = "A_LABEL_LONGER_THAN_THE_COLUMN"  # entities.type is VARCHAR(16)
    column[3] = json.dumps(entities)
    pq.write_table(table.set_column(table.schema.get_field_index("entities"), "entities", [column]), path)
    errors: list[tuple[str, str]] = []
    with Ledger(postgres_url) as ledger:
        summary = load(dataset, ledger, bulk=7, on_error=lambda where, why: errors.append((where, why)))
    assert (summary.stored, summary.failed) == (N_ARTICLES - 1, 1)
    assert len(errors) == 1 and errors[0][0] == f"{feed}:4" and errors[0][1].startswith("DataError: ")
    refs = [row[2] for row in dump(postgres_url)["articles"]]
    assert refs == [story(i)["id"] for i in range(N_ARTICLES) if i != 3]
