"""The board's geometry: which axis, which mark, where; the time view's order."""
from __future__ import annotations

from corroborate.web import board


def member(value, bound="exact", low=None, high=None, source="Ada Quell", quantity="q1", article="a1",
           said_on=None, published="2026-03-02"):
    return {"quantity": quantity, "article": article, "value": value, "low": low, "high": high, "bound": bound,
            "source": source, "entity": "E3" if source else None, "outlet": "Daily Test", "said_on": said_on,
            "published": published, "date": said_on or published, "counted": "people", "text": str(value)}


def group(*members, conflict=False, gid="g1", unit="person", status="agreement"):
    return {"id": gid, "label": "people killed", "unit": unit, "conflict": conflict, "status": status,
            "members_total": len(members), "dates": {"first": "2026-03-02", "last": "2026-03-02"},
            "members": list(members)}


def marks(chart, section=0):
    return [r.mark for r in chart.sections[section].reports]


def test_close_values_share_a_linear_axis_from_zero():
    chart = board.chart(group(member(25), member(40, "lower", low=40)))
    assert chart.scale == "linear"
    assert (chart.ticks[0].pos, chart.ticks[0].label, chart.ticks[0].edge) == (0.0, "0", "start")
    point, lower = marks(chart)
    assert (point.kind, lower.kind) == ("point", "lower")
    # 40 lies further right than 25, and nothing reaches the right edge but the bound's arrow.
    assert 0 < point.a < lower.a < 100


def test_a_spread_past_ten_times_gets_a_log_axis():
    assert board.chart(group(member(100), member(900, quantity="q2"))).scale == "linear"
    chart = board.chart(group(member(12), member(40_000, quantity="q2")))
    assert chart.scale == "log"
    assert [t.label for t in chart.ticks] == ["10", "100", "1,000", "10k"]
    # On a log axis 12 is not squashed onto 40,000's zero: it sits between the 10 and 100 ticks.
    small, large = marks(chart)
    assert chart.ticks[0].pos < small.a < chart.ticks[1].pos and chart.ticks[-1].pos < large.a < 100


def test_tick_labels_are_compact_and_in_the_unit():
    chart = board.chart(group(member(13.4e9), member(17.4e9, quantity="q2"), unit="USD"))
    assert [t.label for t in chart.ticks] == ["$0", "$5bn", "$10bn", "$15bn"]
    assert all(b.pos - a.pos >= 14 for a, b in zip(chart.ticks, chart.ticks[1:]))


def test_marks_by_bound():
    chart = board.chart(group(member(30, "approx"), member(50, "upper", high=50),
                              member(45, "range", low=40, high=50)))
    approx, upper, rng = chart.sections[0].reports
    assert (approx.mark.kind, approx.figure, approx.exact) == ("approx", "≈30", "about 30")
    assert (upper.mark.kind, upper.figure) == ("upper", "≤50")
    assert rng.mark.kind == "range" and rng.mark.a < rng.mark.b and rng.figure == "40–50"
    assert rng.exact == "between 40 and 50"


def test_each_report_links_to_its_sentence_and_its_source():
    r = board.chart(group(member(40, "lower", low=40, article="a7", quantity="q3"))).sections[0].reports[0]
    assert r.href == "/articles/a7?figure=q3#q3"
    assert (r.who, r.who_href, r.outlet, r.date) == ("Ada Quell", "/entities/E3", "Daily Test", "2 Mar 2026")


def test_a_report_of_the_outlet_itself_says_so():
    r = board.chart(group(member(40, source=None))).sections[0].reports[0]
    assert r.who == "Daily Test (its own report)" and r.who_href is None


def test_related_groups_share_the_axis_and_come_after():
    main = group(member(600_000, "lower"), member(650_000, "approx", quantity="q2"))
    related = group(member(70_000, quantity="q3"), gid="g2")
    chart = board.chart(main, [related])
    assert [(s.id, s.related) for s in chart.sections] == [("g1", False), ("g2", True)]
    (r70,) = marks(chart, 1)
    assert r70.a < min(m.a for m in marks(chart, 0))
    # A related group in another unit, or of values far from these, is not drawn on this axis.
    assert len(board.chart(main, [group(member(5), gid="g3", unit="percent")]).sections) == 1
    assert len(board.chart(main, [group(member(12), gid="g4")]).sections) == 1


def test_the_time_view_orders_reports_by_date_and_joins_each_source():
    g = group(member(40, quantity="q1", said_on="2026-03-09"), member(12, quantity="q2", published="2026-03-01"),
              member(25, quantity="q3", source="Bram Osei", published="2026-03-05"), status="timeline")
    reports = board.chart(g).sections[0].reports
    tv = board.timeview(g, reports)
    assert tv.order == ["g1-a1-q2", "g1-a1-q3", "g1-a1-q1"]
    quell = next(s for s in tv.series if s.who == "Ada Quell")
    assert [p.x for p in quell.points] == sorted(p.x for p in quell.points) and len(quell.points) == 2
    assert [t.label for t in tv.x_ticks] == sorted([t.label for t in tv.x_ticks], key=lambda s: int(s.split()[0]))
    assert all(a.pos < b.pos for a, b in zip(tv.x_ticks, tv.x_ticks[1:]))


def test_no_time_view_without_two_dates():
    g = group(member(40, published=None), member(12, quantity="q2", published=None))
    assert board.timeview(g, board.chart(g).sections[0].reports) is None


def test_a_group_with_no_drawable_value_draws_no_mark():
    chart = board.chart(group(member(None)))
    assert chart.ticks == [] and marks(chart) == [None]
