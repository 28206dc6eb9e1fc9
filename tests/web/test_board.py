"""The board's geometry: which axis, which mark, where."""
from __future__ import annotations

from corroborate.web import board


def member(value, bound="exact", low=None, high=None, source="Ada Quell", quantity="q1", article="a1"):
    return {"quantity": quantity, "article": article, "value": value, "low": low, "high": high, "bound": bound,
            "source": source, "outlet": "Daily Test", "said_on": None, "published": "2026-03-02",
            "counted": "people", "text": str(value)}


def group(*members, conflict=False):
    return {"id": "g1", "label": "people killed", "unit": "person", "conflict": conflict,
            "members_total": len(members), "dates": {"first": "2026-03-02", "last": "2026-03-02"},
            "members": list(members)}


def test_close_values_share_a_linear_axis_from_zero():
    row = board.row(group(member(25), member(40, "lower", low=40)))
    assert row.scale == "linear"
    assert row.ticks[0] == (board.PLOT_L, "0")
    assert [m.kind for m in row.marks] == ["point", "lower"]
    # 40 lies further right than 25, and the bound's arrow runs to the right edge.
    assert row.marks[0].x < row.marks[1].x < board.PLOT_R


def test_values_spanning_orders_of_magnitude_get_a_log_axis():
    row = board.row(group(member(12), member(40_000, quantity="q2")))
    assert row.scale == "log"
    assert [label for _, label in row.ticks] == ["10", "100", "1,000", "10,000"]
    # On a log axis 12 is not squashed onto 40,000's zero: it sits between the 10 and 100 ticks.
    assert row.ticks[0][0] < row.marks[0].x < row.ticks[1][0]


def test_marks_by_bound():
    row = board.row(group(member(30, "approx"), member(50, "upper", high=50), member(45, "range", low=40, high=50)))
    approx, upper, rng = row.marks
    assert (approx.kind, approx.hollow, approx.value) == ("point", True, "≈30")
    assert (upper.kind, upper.value) == ("upper", "≤50")
    assert rng.kind == "range" and rng.x < rng.x2 and rng.value == "40–50"


def test_each_mark_links_to_its_figure_with_an_accessible_name():
    row = board.row(group(member(40, "lower", low=40, article="a7", quantity="q3")))
    mark = row.marks[0]
    assert mark.href == "/articles/a7#q3"
    assert mark.name == "Ada Quell: at least 40 people (2026-03-02, Daily Test)"


def test_a_report_of_the_outlet_itself_says_so():
    mark = board.row(group(member(40, source=None))).marks[0]
    assert mark.name == "Daily Test (its own report): 40 people (2026-03-02)"
    assert mark.label == "Daily Test · 2026-03-02"


def test_a_group_with_no_drawable_value_has_no_row():
    assert board.row(group(member(None))) is None
