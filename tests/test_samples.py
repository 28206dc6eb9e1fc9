"""The bundled sample corpus (samples/, written for corroborate): the conflicts it was written
with are found, and no other."""
from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module", params=["in order", "reversed"])
def board(request, nlp, tmp_path_factory):
    """The samples' groups, ingested in the folder's order and in the reverse one: grouping is
    greedy, one article after another, and the designed conflicts must not depend on the order."""
    from corroborate.ingest.sources import read_sources
    from corroborate.ledger import Ledger, queries
    from corroborate.run import ingest

    articles = list(read_sources([str(SAMPLES)]))
    if request.param == "reversed":
        articles.reverse()
    with Ledger(str(tmp_path_factory.mktemp("samples") / "ledger.db")) as ledger:
        assert ingest(articles, ledger).failed == 0
        with ledger.engine.connect() as conn:
            return queries.estimates(conn, limit=None, members=None)


def _sources(group) -> set:
    return {m["source"] for m in group["members"]}


def test_the_designed_conflicts_and_no_other(board):
    conflicts = [g for g in board if g["conflict"]]
    crowd = next(g for g in conflicts if {"Police", "Organisers"} <= _sources(g))
    budget = next(g for g in conflicts if {"Amara Oduya", "Dalia Korvet"} <= _sources(g))
    assert {g["id"] for g in conflicts} == {crowd["id"], budget["id"]}
    assert all(g["reasons"] and "disjoint" in g["reasons"][0] for g in conflicts)


def test_the_rising_flood_toll_is_a_timeline(board):
    toll = next(g for g in board if any(m["text"] == "At least 12" for m in g["members"]))
    values = [m["value"] for m in toll["members"] if m["place"] is None]
    assert toll["status"] == "timeline" and toll["cumulative"] is True
    assert {12, 31, 47, 58} <= set(values)
