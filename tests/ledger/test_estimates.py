"""The estimate-group rules of design.md, one by one: no database, no spaCy."""
from __future__ import annotations

import math
from datetime import date

import pytest

from corroborate.ledger.estimates import (
    Point, any_conflict, approx_tolerance, conflicting, date_range, interval, measure_of, place_of, point,
    predicate_class, singular,
)


@pytest.mark.parametrize("plural, lemma", [
    ("troops", "troop"), ("casualties", "casualty"), ("people", "person"), ("children", "child"),
    ("churches", "church"), ("buses", "bus"), ("houses", "house"), ("status", "status"), ("homes", "home"),
])
def test_singular(plural, lemma):
    assert singular(plural) == lemma


def test_same_population_different_wording_is_one_measure():
    a = measure_of("person", "North Korean troops", "had already arrived in Russia")
    b = measure_of("person", "North Korean troops", "had been sent to train in eastern Russia")
    assert a.key == b.key == "person|troop|north korean|deployed|russia"
    assert a.label == "North Korean troops deployed in Russia"


def test_killed_or_wounded_is_not_killed():
    a = measure_of("person", "Russian troops", "killed or wounded")
    b = measure_of("person", "Russian troops", "confirmed killed")
    assert (a.predicate_class, b.predicate_class) == ("killed_or_wounded", "killed")
    assert a.key != b.key and a.base_key == b.base_key


def test_identity_modifiers_split_groups_and_others_do_not():
    assert measure_of("person", "Ukrainian soldiers", "killed").key != measure_of("person", "Russian soldiers", "killed").key
    assert measure_of("person", "civilian casualties", None).modifiers == ("civilian",)
    assert measure_of("person", "more new troops", "arrived").key == measure_of("person", "troops", "arrived").key


def test_counted_head_is_cut_before_its_complements():
    m = measure_of("person", "residents of Gaza", "fled")
    assert (m.head, m.predicate_class, m.phrase) == ("resident", "displaced", "residents")


def test_unit_is_part_of_the_measure():
    assert measure_of("USD", "aid", "pledged").key != measure_of("EUR", "aid", "pledged").key


def test_class_from_the_counted_noun_and_priority():
    assert predicate_class(None, "deaths") == "killed"
    assert predicate_class("lost their lives", "people") == "killed"
    assert predicate_class("were wounded", "civilians") == "wounded"


def test_no_class_keys_on_the_first_word_past_auxiliaries():
    carry = measure_of("person", "people", "can carry")
    seat = measure_of("person", "people", "can seat")
    assert carry.key != seat.key and carry.label == "people carry"
    assert measure_of("item", "orders", "were received").key == measure_of("item", "orders", "had been received").key


def test_nothing_counted_is_no_measure():
    assert measure_of("USD", None, "spent") is None
    assert measure_of("person", "more", "arrived") is None


@pytest.mark.parametrize("predicate, place", [
    ("were killed in Kharkiv", "Kharkiv"), ("sent to train in eastern Russia", "Russia"),
    ("arrived in Russia's Kursk region", "Russia"), ("fled", None), ("in the end", None),
    ("marched on Saturday", None), ("were laid off in March in Ohio", "Ohio"),
])
def test_place(predicate, place):
    assert place_of(predicate) == place


def test_rounder_numbers_get_wider_tolerance():
    assert approx_tolerance(10000) > approx_tolerance(10350)
    assert approx_tolerance(40) > approx_tolerance(45)


@pytest.mark.parametrize("args, expected", [
    (("exact", 40), (40, 40)),
    (("approx", 40), (32, 48)),
    (("approx", 10350), (10143, 10557)),
    (("lower", 1500), (1500, math.inf)),
    (("upper", 500), (0, 500)),
    (("upper", 500, None, 500, "nearly 500"), (400, 500)),
    (("range", 1750, 1500, 2000), (1500, 2000)),
    (("lower", 1000, 1000, None, "thousands of"), (1000, 10000)),
    (("exact", None), None),
])
def test_interval_from_bound(args, expected):
    got = interval(*args)
    assert (got is None and expected is None) or got == pytest.approx(expected)


def test_lower_bound_below_an_estimate_is_no_conflict():
    assert not conflicting(point("lower", 1500), point("approx", 10000), cumulative=False)


def test_two_estimates_far_apart_conflict():
    assert conflicting(point("approx", 40), point("approx", 120), cumulative=False)
    assert conflicting(point("approx", 40), point("approx", 70), cumulative=False)
    assert not conflicting(point("approx", 100), point("approx", 120), cumulative=False)


def test_a_growing_measure_is_a_timeline_not_a_conflict():
    early = point("exact", 40, published="2024-10-01")
    late = point("exact", 120, published="2024-10-05")
    assert not conflicting(early, late, cumulative=True)
    assert conflicting(early, late, cumulative=False)
    # Falling later, or differing on the same day, is a disagreement.
    assert conflicting(point("exact", 120, published="2024-10-01"), point("exact", 40, published="2024-10-05"), True)
    assert conflicting(point("exact", 40, published="2024-10-05"), point("exact", 120, said_on="2024-10-05"), True)


def test_overlapping_dates_are_not_ordered():
    month = point("exact", 40, said_on="2024-10")
    day = point("exact", 120, published="2024-10-28")
    assert conflicting(month, day, cumulative=True)


def test_said_on_wins_over_publication_date():
    p = point("exact", 5, said_on="2024-10", published="2024-11-02")
    assert (p.start, p.end) == (date(2024, 10, 1), date(2024, 10, 31))


def test_one_article_in_one_voice_does_not_contradict_itself():
    a = Point(20, 20, article=1, source=None)
    b = Point(777, 777, article=1, source=None)
    assert not conflicting(a, b, cumulative=False)
    assert conflicting(a, Point(777, 777, article=1, source="E3"), cumulative=False)
    assert conflicting(a, Point(777, 777, article=2, source=None), cumulative=False)


def test_any_conflict():
    pts = [point("lower", 1500), point("approx", 10000), point("approx", 8000)]
    assert not any_conflict(pts, cumulative=False)
    assert any_conflict(pts + [point("exact", 500)], cumulative=False)


@pytest.mark.parametrize("value, expected", [
    ("2024-10-28", (date(2024, 10, 28), date(2024, 10, 28))),
    ("2024-10", (date(2024, 10, 1), date(2024, 10, 31))),
    ("2024-12", (date(2024, 12, 1), date(2024, 12, 31))),
    ("2024-W43", (date(2024, 10, 21), date(2024, 10, 27))),
    ("2024", (date(2024, 1, 1), date(2024, 12, 31))),
    ("PAST_REF", None), (None, None), ("2024-13", None),
])
def test_date_range(value, expected):
    assert date_range(value) == expected
