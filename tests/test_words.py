"""Numbers and dates as a person reads them."""
from __future__ import annotations

import pytest

from corroborate import words


@pytest.mark.parametrize(("value", "unit", "short", "full"), [
    (14.6e9, "USD", "$14.6bn", "$14,600,000,000"),
    (650_000, "person", "650k", "650,000"),
    (999_500, "item", "1m", "999,500"),
    (1500, None, "1,500", "1,500"),
    (9000, "GBP", "£9,000", "£9,000"),
    (2e9, "EUR", "€2bn", "€2,000,000,000"),
    (5, "percent", "5%", "5%"),
    (3400, "ha", "3,400 ha", "3,400 ha"),
    (78e6, "CHF", "CHF 78m", "CHF 78,000,000"),
    (-3e6, "GBP", "−£3m", "−£3,000,000"),
])
def test_amounts(value, unit, short, full):
    assert words.amount(value, unit) == short
    assert words.exact_amount(value, unit) == full


@pytest.mark.parametrize(("timex", "said"), [
    ("2024-10-28", "28 Oct 2024"),
    ("2024-10", "October 2024"),
    ("2024", "2024"),
    ("2024-W43", "week 43 of 2024"),
    ("2024-Q3", "Q3 2024"),
    ("2006-01-26TNI", "the night of 26 Jan 2006"),
    ("2006-01-26T14:30", "26 Jan 2006, 14:30"),
    ("PAST_REF", "in the past"),
    ("PRESENT_REF", "now"),
    ("2024-SU", "summer 2024"),
    ("XXXX-10", "XXXX-10"),  # not a calendar date: shown as it is
    (None, ""),
])
def test_timex_values_in_words(timex, said):
    assert words.when(timex) == said


def test_figures_with_their_bounds():
    assert words.figure({"bound": "lower", "value": 1500}, "person") == "≥1,500"
    assert words.figure({"bound": "approx", "value": 650_000}, "person") == "≈650k"
    assert words.figure({"bound": "range", "low": 13.4e9, "high": 17.4e9}, "USD") == "$13.4bn–$17.4bn"
    # "nearly £4bn" is an upper bound just below the figure, no "at most": a reader weighs it so
    nearly = {"bound": "upper", "value": 4e9, "high": 4e9, "interval": [3.2e9, 4e9]}
    assert (words.figure(nearly, "GBP"), words.figure_exact(nearly, "GBP")) == ("nearly £4bn", "nearly £4,000,000,000")
    at_most = {"bound": "upper", "value": 4e9, "high": 4e9, "interval": [0, 4e9]}
    assert (words.figure(at_most, "GBP"), words.figure_exact(at_most, "GBP")) == ("≤£4bn", "at most £4,000,000,000")
    assert words.figure_exact({"bound": "upper", "value": 3000}, "GBP") == "at most £3,000"
    assert words.figure_exact({"bound": "range", "low": 100, "high": 120}, "item") == "between 100 and 120"


def test_dates_in_reasons():
    reason = "Police ≈8,000 (2026-03-08) vs Organisers ≥40k (2026-03-08): disjoint"
    assert words.dates_in(reason) == "Police ≈8,000 (8 Mar 2026) vs Organisers ≥40k (8 Mar 2026): disjoint"
    assert words.day_range("2026-03-02", "2026-03-09") == "2 Mar 2026 – 9 Mar 2026"
    assert words.day_range("2026-03-02", "2026-03-02") == "2 Mar 2026"
