"""The estimate-group rules of design.md, one by one: no database, no spaCy."""
from __future__ import annotations

import math
from datetime import date

import pytest

from corroborate.ledger.estimates import (
    Candidate, Facets, Point, any_conflict, approx_tolerance, best_group, conflicting, date_range,
    group_label, interval, point, read_group, vetoed,
)

TROOPS = Facets(unit="person", kind="troops", modifiers=frozenset({"north korean"}), predicate="deployed")


def _join(group: Facets, fig: Facets, value=None, **seen) -> bool:
    """Whether ``fig`` joins a group of ``group``'s facets whose members show ``seen``."""
    return best_group(fig, value, [Candidate(1, group, **seen)]) is not None


def test_same_population_with_a_synonym_head_joins():
    soldiers = Facets(unit="person", kind="troops", modifiers=frozenset({"north korean"}), predicate="deployed")
    assert vetoed(TROOPS, soldiers) is None and _join(TROOPS, soldiers)


@pytest.mark.parametrize("field, value, why", [
    ("kind", "jobs", "kind"), ("holder", "E9", "holder"), ("modifiers", frozenset({"russian"}), "modifiers"),
    ("predicate", "killed", "predicate"), ("period", "2009", "period"), ("part", True, "part"),
])
def test_a_field_both_know_and_disagree_on_keeps_figures_apart(field, value, why):
    group = Facets(unit="person", kind="troops", holder="E1", modifiers=frozenset({"north korean"}),
                   predicate="deployed", period="2008")
    fig = Facets(**{**{k: getattr(group, k) for k in ("unit", "kind", "holder", "modifiers", "predicate", "period")},
                    field: value})
    assert vetoed(group, fig) == why
    assert not _join(group, fig, 10, same_value=True, same_verb=True)


def test_named_places_keep_a_breakdown_apart_but_an_unplaced_figure_joins():
    france = Facets(unit="item", kind="jobs", predicate="cut", place="E3")
    assert vetoed(france, Facets(unit="item", kind="jobs", predicate="cut", place="E4")) == "place"
    unplaced = Facets(unit="item", kind="jobs", predicate="cut")
    assert vetoed(france, unplaced) is None and _join(france, unplaced)
    # A group of mixed places keeps no place of its own: it holds scopes, compared one by one.
    assert france.merged(unplaced).place is None


def test_what_is_unknown_vetoes_nothing_but_joining_needs_evidence():
    bare = Facets(unit="item")
    assert vetoed(TROOPS, bare) is None
    assert not _join(TROOPS, bare, 40)
    assert _join(TROOPS, Facets(unit="item", predicate="deployed"), 1500, same_value=True)


def test_equal_specific_values_are_evidence_and_small_ones_are_not():
    money = Facets(unit="USD", kind="deal")
    assert _join(money, Facets(unit="USD"), 334e6, same_value=True)
    people = Facets(unit="person", kind="people", predicate="killed")
    assert not _join(people, Facets(unit="person", kind="people"), 2, same_value=False)
    assert _join(people, Facets(unit="person", kind="people"), 2, same_value=True)  # kind and value


def test_sums_named_differently_are_one_sum_when_the_sum_is_the_same():
    deal = Facets(unit="USD", kind="deal", holder="E2")
    bet = Facets(unit="USD", kind="bet", holder="E2")
    assert vetoed(deal, bet) == "kind"
    assert _join(deal, bet, 334e6, same_value=True)
    assert not _join(deal, bet, 334e6, same_value=False)


def test_a_count_of_people_and_a_bare_count_compare():
    assert vetoed(Facets(unit="person", kind="people", predicate="killed"),
                  Facets(unit="item", predicate="killed")) is None
    assert vetoed(Facets(unit="person", kind="people"), Facets(unit="USD")) == "unit"


def test_one_predicate_alone_is_no_evidence_that_two_sums_are_one():
    # "the government paid another $10 million for debts" next to Ford's $57 million offer
    paid = Facets(unit="USD", holder="E5", predicate="spent")
    assert vetoed(paid, Facets(unit="USD", predicate="spent")) is None
    assert not _join(paid, Facets(unit="USD", predicate="spent"), 10e6)


def test_the_best_group_has_the_most_evidence():
    loose = Candidate(1, Facets(unit="person", kind="people"), same_value=True, members=9)
    strict = Candidate(2, Facets(unit="person", kind="people", predicate="killed"), members=1)
    fig = Facets(unit="person", kind="people", predicate="killed")
    assert best_group(fig, 40, [loose, strict]).id == 2


def test_rounder_numbers_get_wider_tolerance():
    assert approx_tolerance(10000) > approx_tolerance(10350)
    low, high = interval("approx", 40)
    assert (low, high) == pytest.approx((32, 48))


@pytest.mark.parametrize("bound, value, low, high, text, expected", [
    ("exact", 5, None, None, "5", (5, 5)),
    ("lower", 1500, 1500, None, "at least 1,500", (1500, math.inf)),
    ("lower", 1000, 1000, None, "thousands of troops", (1000, 10000)),
    ("upper", 100, None, 100, "up to 100", (0, 100)),
    ("upper", 100, None, 100, "nearly 100", (80, 100)),
    ("range", 1350, 1200, 1500, "between 1,200 and 1,500", (1200, 1500)),
])
def test_intervals_from_bounds(bound, value, low, high, text, expected):
    assert interval(bound, value, low, high, text) == pytest.approx(expected)


def test_date_range_of_timex_values():
    assert date_range("2024-10") == (date(2024, 10, 1), date(2024, 10, 31))
    assert date_range("2024-W43") == (date(2024, 10, 21), date(2024, 10, 27))
    assert date_range("PAST_REF") is None


def _p(low, high, day=None, voice="a", scope="|", article=1):
    d = date.fromisoformat(day) if day else None
    return Point(low, high, d, d, article, voice, scope)


def test_a_conflict_needs_two_sources_one_scope_and_one_time():
    assert conflicting(_p(40, 40, "2024-03-01", "police"), _p(120, 120, "2024-03-01", "rescuers"))
    assert not conflicting(_p(40, 40, "2024-03-01", "police"), _p(120, 120, "2024-03-01", "police"))
    assert not conflicting(_p(40, 40, "2024-03-01", None), _p(120, 120, "2024-03-01", "rescuers"))
    assert not conflicting(_p(40, 40, "2024-03-01", "police", "E3|"), _p(120, 120, "2024-03-01", "rescuers"))
    assert not conflicting(_p(40, 40, "2024-03-01", "police"), _p(120, 120, "2024-03-05", "rescuers"))
    assert not conflicting(_p(40, math.inf, "2024-03-01", "police"), _p(120, 120, "2024-03-01", "rescuers"))


def test_a_measure_that_only_grows_conflicts_when_a_later_figure_falls_below():
    earlier, later = _p(57, 57, "2024-03-01", "officials"), _p(12, 12, "2024-03-05", "rescuers")
    assert not conflicting(earlier, later) and conflicting(earlier, later, cumulative=True)
    assert not conflicting(_p(12, 12, "2024-03-01", "officials"), _p(57, 57, "2024-03-05", "rescuers"), True)
    assert any_conflict([earlier, _p(60, 60, "2024-03-03", "x"), later], cumulative=True)


def _member(value, bound="exact", day=None, source="a", scope="|"):
    low, high = interval(bound, value)
    d = date.fromisoformat(day) if day else None
    return {"value": value, "bound": bound, "low": None, "high": None, "source": source, "date": day,
            "point": Point(low, high, d, d, 1, source, scope)}


def test_the_reading_of_a_group_says_why_in_words():
    crowd = [_member(8000, "approx", "2026-03-08", "Police"), _member(40000, "lower", "2026-03-08", "Organisers")]
    reading = read_group(crowd, cumulative=False)
    assert reading.status == "conflict"
    assert reading.reasons == ["Police ≈8,000 (2026-03-08) vs Organisers ≥40k (2026-03-08): disjoint for the same "
                               "scope and time"]
    toll = [_member(12, "lower", "2026-03-13", "a"), _member(31, "lower", "2026-03-14", "b"),
            _member(47, "exact", "2026-03-15", "a")]
    assert read_group(toll, cumulative=True).status == "timeline"
    missing = [_member(70, "exact", "2026-03-14", "a"), _member(40, "exact", "2026-03-26", "a")]
    assert read_group(missing, cumulative=False).status == "revision"
    troops = [_member(1500, "lower", "2024-10-28", "spy agency"), _member(10000, "approx", "2024-10-28", "Pentagon")]
    reading = read_group(troops, cumulative=False)
    assert reading.status == "agreement" and "compatible (lower bound)" in reading.reasons[0]
    budget = [_member(2.4e9, "exact", "2026-03-02", "Oduya"), _member(4e9, "approx", "2026-03-02", "Korvet")]
    assert read_group(budget, cumulative=False, unit="GBP").reasons == [
        "Oduya £2.4bn (2026-03-02) vs Korvet ≈£4bn (2026-03-02): disjoint for the same scope and time"]


def test_labels_and_compact_numbers():
    assert group_label(TROOPS, "troop", place="Russia") == "North Korean troops deployed in Russia"
    assert group_label(Facets(unit="USD", predicate="lost_money"), None, holder="Ford") == "Ford's money lost"
    assert group_label(Facets(unit="person", kind="jobs", predicate="cut"), "job", holder="General Motors") == \
        "General Motors' jobs cut"
    assert group_label(Facets(unit="GBP", kind="cost", predicate="spent"), "cost", holder="the bridge") == "the bridge's cost"
