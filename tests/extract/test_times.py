"""The time-expression extractor: TIMEX3 spans, types and values against a publication date."""
from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corroborate
from corroborate.extract.times import find_times, times_in
from shared_paths import SHARED

TBAQ = SHARED / "data" / "timex" / "tbaq.jsonl"


@pytest.fixture(scope="module")
def nlp():
    return corroborate.load_pipeline()


def run(nlp, text: str, published: date | None):
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


def times(nlp, text: str, published: date | None):
    return [(t.text, t.type, t.value, t.mod) for t in run(nlp, text, published)._.times]


def only(nlp, text: str, published: date | None):
    found = times(nlp, text, published)
    assert len(found) == 1, found
    return found[0]


# ---- weekdays and deictic days ----------------------------------------------------------------

def test_weekday_is_the_last_one_on_or_before_publication(nlp):
    # 2025-03-13 is a Thursday.
    assert only(nlp, "The minister resigned on Monday.", date(2025, 3, 13)) == ("Monday", "DATE", "2025-03-10", None)
    assert only(nlp, "The minister resigned on Thursday.", date(2025, 3, 13))[2] == "2025-03-13"


def test_weekday_in_a_future_clause_is_the_next_one(nlp):
    assert only(nlp, "The talks will resume on Friday.", date(2025, 3, 12))[2] == "2025-03-14"
    assert only(nlp, "Officials are expected to meet on Tuesday.", date(2025, 3, 12))[2] == "2025-03-18"


def test_last_and_next_weekday(nlp):
    assert only(nlp, "He flew home last Friday.", date(2025, 3, 14))[2] == "2025-03-07"


def test_deictic_days(nlp):
    found = times(nlp, "Shares fell yesterday, rose today and may rise tomorrow.", date(2025, 3, 12))
    assert [t[:3] for t in found] == [("yesterday", "DATE", "2025-03-11"), ("today", "DATE", "2025-03-12"),
                                      ("tomorrow", "DATE", "2025-03-13")]


def test_part_of_day_is_a_time(nlp):
    assert only(nlp, "The blast happened on Sunday night.", date(2025, 3, 12)) == \
        ("Sunday night", "TIME", "2025-03-09TNI", None)


# ---- relative periods ---------------------------------------------------------------------------

def test_last_week_and_next_month(nlp):
    found = times(nlp, "Prices rose last week and the board meets next month.", date(2025, 3, 12))
    assert found == [("last week", "DATE", "2025-W10", None), ("next month", "DATE", "2025-04", None)]


def test_earlier_this_month_and_this_year(nlp):
    found = times(nlp, "The agency said earlier this month that exports fell this year.", date(2025, 3, 12))
    assert found == [("earlier this month", "DATE", "2025-03", "START"), ("this year", "DATE", "2025", None)]


def test_units_ago(nlp):
    found = times(nlp, "The law passed two years ago and was amended three months ago.", date(2025, 3, 12))
    assert found == [("two years ago", "DATE", "2023", None), ("three months ago", "DATE", "2024-12", None)]


# ---- month names and explicit dates ----------------------------------------------------------

def test_month_without_year_takes_the_year_the_tense_points_to(nlp):
    assert only(nlp, "In February, the mayor resigned.", date(2025, 10, 20))[2] == "2025-02"
    assert only(nlp, "The vote will take place in February.", date(2025, 10, 20))[2] == "2026-02"
    assert only(nlp, "In November, the firm cut jobs.", date(2025, 3, 1))[2] == "2024-11"


def test_deadline_date_takes_the_nearest_year(nlp):
    assert only(nlp, "The dividend is payable Jan. 15 to holders.", date(2025, 12, 20))[2] == "2026-01-15"


@pytest.mark.parametrize("text", ["March 3, 2021", "3 March 2021", "Mar. 3, 2021", "2021-03-03", "March 3rd, 2021"])
def test_explicit_dates_in_news_formats(nlp, text):
    assert only(nlp, f"The deal closed on {text} after talks.", date(2025, 3, 12)) == (text, "DATE", "2021-03-03", None)


def test_month_and_year(nlp):
    assert only(nlp, "The war began in February 2022.", date(2025, 3, 12)) == ("February 2022", "DATE", "2022-02", None)


def test_iso_month(nlp):
    assert only(nlp, "Figures for 2024-10 were revised.", date(2025, 3, 12)) == ("2024-10", "DATE", "2024-10", None)


def test_bare_year_needs_year_context(nlp):
    assert only(nlp, "The plant opened in 1998.", date(2025, 3, 12)) == ("1998", "DATE", "1998", None)
    assert times(nlp, "The plant employs 1998 workers.", date(2025, 3, 12)) == []


def test_decade_keeps_the_article(nlp):
    assert only(nlp, "Sales boomed in the 1990s.", date(2025, 3, 12)) == ("the 1990s", "DATE", "199", None)


# ---- seasons, quarters, halves ------------------------------------------------------------------

def test_seasons(nlp):
    assert only(nlp, "Floods hit the town last summer.", date(2025, 3, 12)) == ("last summer", "DATE", "2024-SU", None)
    assert only(nlp, "Work will resume this autumn.", date(2025, 3, 12))[2] == "2025-FA"


def test_quarters_and_halves(nlp):
    found = times(nlp, "Profit rose in the third quarter of 2023 and fell in the first half of 2024.", date(2025, 3, 12))
    assert found == [("the third quarter of 2023", "DATE", "2023-Q3", None),
                     ("the first half of 2024", "DATE", "2024-H1", None)]
    assert only(nlp, "It reported a fourth-quarter loss.", date(2025, 11, 2)) == ("fourth-quarter", "DATE", "2025-Q4", None)


def test_a_year_earlier_compares_with_the_quarter_in_question(nlp):
    found = times(nlp, "Net income in the third quarter rose to $5 million from $4 million a year earlier.",
                  date(2025, 11, 2))
    assert found == [("the third quarter", "DATE", "2025-Q3", None), ("a year earlier", "DATE", "2024-Q3", None)]


# ---- durations ----------------------------------------------------------------------------------

def test_fractional_duration(nlp):
    assert only(nlp, "The siege lasted two-and-a-half years.", None) == ("two-and-a-half years", "DURATION", "P2Y6M", None)


def test_duration_with_modifier(nlp):
    found = times(nlp, "The fighting went on for more than two months and almost a year.", date(2025, 3, 12))
    assert found == [("more than two months", "DURATION", "P2M", "MORE_THAN"),
                     ("almost a year", "DURATION", "P1Y", "LESS_THAN")]


def test_durations_of_time_units(nlp):
    found = times(nlp, "Talks took 36 hours after a 10-day strike and the past three weeks of unrest.", None)
    assert found == [("36 hours", "DURATION", "PT36H", None), ("10-day", "DURATION", "P10D", None),
                     ("the past three weeks", "DURATION", "P3W", None)]


def test_ages_are_not_durations(nlp):
    assert times(nlp, "A 6-year-old boy and his 52 years old uncle were rescued.", date(2025, 3, 12)) == []


# ---- vague references, sets, clock times -------------------------------------------------------

def test_vague_references(nlp):
    found = times(nlp, "Prices recently fell, and now the bank expects recovery in the future.", date(2025, 3, 12))
    assert [t[:3] for t in found] == [("recently", "DATE", "PAST_REF"), ("now", "DATE", "PRESENT_REF"),
                                      ("the future", "DATE", "FUTURE_REF")]


def test_sets(nlp):
    found = times(nlp, "The paper appears daily and the council meets every two weeks.", date(2025, 3, 12))
    assert found == [("daily", "SET", "P1D", None), ("every two weeks", "SET", "P2W", None)]


def test_clock_time_on_the_day_named(nlp):
    found = times(nlp, "The rocket lifted off on Tuesday at 18:00 UTC.", date(2025, 3, 13))
    assert found == [("Tuesday", "DATE", "2025-03-11", None), ("18:00 UTC", "TIME", "2025-03-11T18:00Z", None)]
    assert only(nlp, "The polls close at 8 p.m. tonight.", date(2025, 3, 13))[:3] == ("8 p.m. tonight", "TIME", "2025-03-13T20:00")


# ---- without a publication date ----------------------------------------------------------------

def test_without_published_relative_values_are_none(nlp):
    found = times(nlp, "On Monday, a year after the vote of March 3, 2021, the siege entered its third week.", None)
    assert ("Monday", "DATE", None, None) in found
    assert ("March 3, 2021", "DATE", "2021-03-03", None) in found
    assert ("February", "DATE", None, None) == only(nlp, "It happened in February.", None)
    assert only(nlp, "It lasted two weeks.", None) == ("two weeks", "DURATION", "P2W", None)


# ---- output shape and robustness ---------------------------------------------------------------

def test_offsets_sorted_and_disjoint(nlp):
    text = "Last week, on Friday, March 7, 2025, and for two years since the 1990s, prices rose daily."
    doc = run(nlp, text, date(2025, 3, 12))
    spans = [(t.start, t.end) for t in doc._.times]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert all(doc.text[t.start:t.end] == t.text for t in doc._.times)


def test_times_in_a_character_range(nlp):
    text = "He said on Monday that the plant closed in 2019. She spoke on Friday."
    doc = run(nlp, text, date(2025, 3, 12))
    first = text.index(".") + 1
    assert [t.text for t in times_in(doc, 0, first)] == ["Monday", "2019"]
    assert [t.text for t in times_in(doc, first, len(text))] == ["Friday"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "Feb. 30, 2021", "the the the", "a - - year", "12:99 UTC",
                                  "every", "last", "1/1/1", "99/99/99", "nineteen", "Q9 2024", "'s", "mid-",
                                  "two-and-a-", "more than", "2024-13", "2024 - 10 - 99"])
def test_odd_input_does_not_raise(nlp, text):
    doc = run(nlp, text, date(2025, 3, 12))
    assert all(doc.text[t.start:t.end] == t.text for t in doc._.times)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["last", "next", "the", "a", "two", "-", "and", "half", "year", "years", "ago",
                                 "Monday", "March", "3", ",", "2021", "early", "more", "than", "every", "quarter",
                                 "third", "of", "'s", "mid", "p.m.", "18:00", "UTC", "today", "since", "in"]),
                max_size=14),
       st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))))
def test_random_time_word_soup_keeps_invariants(nlp, words, published):
    doc = nlp.make_doc(" ".join(words))
    doc._.published = published
    found = find_times(nlp(doc), published)
    assert all(doc.text[t.start:t.end] == t.text for t in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


@pytest.mark.skipif(not TBAQ.exists(), reason="TimeBank gold set not available")
def test_value_f1_on_a_timebank_sample(nlp):
    docs = [json.loads(line) for line in TBAQ.open()][:25]
    n_gold = n_pred = correct = 0
    for d in docs:
        found = run(nlp, d["text"], date.fromisoformat(d["dct"][:10]))._.times
        n_gold, n_pred = n_gold + len(d["timexes"]), n_pred + len(found)
        for g in d["timexes"]:
            match = next((t for t in found if t.start < g["end"] and g["start"] < t.end), None)
            correct += match is not None and match.value == g["value"]
    f1 = 2 * correct / (n_gold + n_pred)
    assert f1 >= 0.7
