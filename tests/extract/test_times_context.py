"""Time expressions resolved from their context: the clause's tense, the dates named earlier in
the text (TimeML anaphora), names that only look like times."""
from __future__ import annotations

from datetime import date

import pytest

import corroborate

# 2025-03-12 is a Wednesday.
WED = date(2025, 3, 12)


@pytest.fixture(scope="module")
def nlp():
    return corroborate.load_pipeline()


def times(nlp, text: str, published: date | None = WED):
    doc = nlp.make_doc(text)
    doc._.published = published
    return [(t.text, t.type, t.value, t.mod) for t in nlp(doc)._.times]


def values(nlp, text: str, published: date | None = WED):
    return [(t[0], t[2]) for t in times(nlp, text, published)]


# ---- tense: what points a weekday or a month ahead --------------------------------------------

def test_modal_puts_a_weekday_ahead(nlp):
    assert values(nlp, "Officials said the minister would travel to Paris Thursday.") == [("Thursday", "2025-03-13")]
    assert values(nlp, "The envoy might arrive as soon as Friday.") == [("Friday", "2025-03-14")]


def test_could_is_not_a_future(nlp):
    # "could not be reached" reports a past attempt.
    assert values(nlp, "His relatives could not be reached Tuesday.") == [("Tuesday", "2025-03-11")]


def test_as_soon_as_and_as_early_as_look_ahead(nlp):
    assert values(nlp, "The group is ready to leave as early as Monday.") == [("Monday", "2025-03-17")]


def test_future_weekday_can_be_the_day_of_publication(nlp):
    # Wire copy calls the day of publication by its weekday: "will meet Wednesday" is today.
    assert values(nlp, "The committee will meet Wednesday to vote.") == [("Wednesday", "2025-03-12")]


def test_scheduling_verbs_point_their_time_ahead(nlp):
    assert values(nlp, "The prosecutor has scheduled a news conference Friday.") == [("Friday", "2025-03-14")]
    assert values(nlp, "Protesters planned a large march on Saturday.") == [("Saturday", "2025-03-15")]
    assert values(nlp, "The vote was postponed until Monday.") == [("Monday", "2025-03-17")]
    # Without "until", a change of plan is dated by its time.
    assert values(nlp, "The company extended its offer Monday.") == [("Monday", "2025-03-10")]
    assert values(nlp, "The accession is planned for early April.") == [("early April", "2025-04")]


def test_a_time_before_the_scheduling_verb_dates_the_planning(nlp):
    assert values(nlp, "On Monday, the government planned new talks.") == [("Monday", "2025-03-10")]


def test_is_to_is_a_future(nlp):
    assert values(nlp, "The stock is to resume trading in London Friday.") == [("Friday", "2025-03-14")]


def test_by_takes_the_tense_of_a_future_clause(nlp):
    # Published in February: "will double by August" is the coming August, not the last one.
    assert values(nlp, "The airline will double its flights by August.", date(2025, 2, 13)) == \
        [("August", "2025-08")]
    # Without a future, "by"/"to" stay with the nearest date.
    assert values(nlp, "The offer was extended to Nov. 20.", date(2024, 11, 2)) == [("Nov. 20", "2024-11-20")]


def test_until_with_a_past_perfect_looks_back(nlp):
    assert values(nlp, "Until Tuesday, the police had not named him a suspect.") == [("Tuesday", "2025-03-11")]
    assert values(nlp, "The offer had been due to expire Monday evening.")[0][1] == "2025-03-10TEV"
    # Without one, "until" still looks ahead.
    assert values(nlp, "The road stays closed until Friday.") == [("Friday", "2025-03-14")]


# ---- anaphora: periods named relative to the last date of the text ----------------------------

def test_that_year_and_the_following_year_follow_the_last_date_named(nlp):
    found = values(nlp, "He fled in June 1998 and returned later that year. The following year he left again.")
    assert found == [("June 1998", "1998-06"), ("later that year", "1998"), ("The following year", "1999")]


def test_the_following_month_and_the_same_day(nlp):
    found = values(nlp, "The firm was sold on March 3, 2019. The same day its chief resigned, "
                        "and the following month the new owners cut jobs.")
    assert found == [("March 3, 2019", "2019-03-03"), ("The same day", "2019-03-03"),
                     ("the following month", "2019-04")]


def test_the_previous_weekday_and_the_next_day(nlp):
    found = values(nlp, "Shares closed higher on Friday, up from the previous Friday.")
    assert found == [("Friday", "2025-03-07"), ("the previous Friday", "2025-02-28")]
    found = values(nlp, "The court ruled on Monday. The next day he appealed.")
    assert found == [("Monday", "2025-03-10"), ("The next day", "2025-03-11")]


def test_that_night_is_a_time_of_the_last_day_named(nlp):
    assert times(nlp, "Police arrested him on Monday. That night he escaped.") == [
        ("Monday", "DATE", "2025-03-10", None), ("That night", "TIME", "2025-03-10TNI", None)]


def test_a_year_cannot_anchor_that_day(nlp):
    # Only a day is fine enough for "that day": the publication date stands in.
    assert values(nlp, "The law passed in 1998. Stocks rose that day.") == [
        ("1998", "1998"), ("that day", "2025-03-12")]


def test_anaphora_without_a_date_named_take_the_publication_date(nlp):
    assert values(nlp, "Results for that quarter included a charge.") == [("that quarter", "2025-Q1")]
    assert values(nlp, "Results for that quarter included a charge.", None) == [("that quarter", None)]


def test_over_the_next_year_stays_a_duration(nlp):
    assert times(nlp, "The plant will be closed over the next year.") == [("the next year", "DURATION", "P1Y", None)]


def test_one_unit_before_or_after_a_date(nlp):
    found = values(nlp, "The day before last Tuesday's hearing, he flew home. They met the year after 1995.")
    # "last Tuesday", published on a Wednesday, is the day before publication.
    assert found == [("The day before last Tuesday", "2025-03-10"), ("the year after 1995", "1996")]


def test_the_week_of_a_date(nlp):
    assert times(nlp, "The case may be settled at a hearing the week of March 24.") == [
        ("the week of March 24", "DATE", "2025-W13", None)]


def test_the_entire_year_is_the_year_of_the_quarter_reported(nlp):
    found = values(nlp, "GM lost $2 billion in the fourth quarter of 2005 and $8.6 billion for the entire year.",
                   date(2006, 1, 27))
    assert found == [("the fourth quarter of 2005", "2005-Q4"), ("the entire year", "2005")]


def test_fiscal_years_relative_to_publication(nlp):
    found = values(nlp, "Sales rose in the current fiscal year after falling last fiscal year.")
    assert found == [("the current fiscal year", "2025"), ("last fiscal year", "2024")]


# ---- vague references, clocks, amounts --------------------------------------------------------

def test_terms_are_future_references(nlp):
    found = values(nlp, "Growth looks good in the near term and for the long term, if not the short term.")
    assert found == [("the near term", "FUTURE_REF"), ("the long term", "FUTURE_REF"),
                     ("the short term", "FUTURE_REF")]
    assert values(nlp, "Rates will stay low for the time being.") == [("the time being", "PRESENT_REF")]


def test_twenty_four_hour_reading_with_a_zone(nlp):
    assert times(nlp, "At 0800 UTC, the central banks acted.") == [
        ("0800 UTC", "TIME", "2025-03-12T08:00Z", None)]
    # Without a zone it is a number.
    assert times(nlp, "The index fell to 0800 points.") == []


def test_clock_takes_the_day_after_another_zone_in_brackets(nlp):
    found = values(nlp, "The blast occurred at about 10:35 a.m. (0735 GMT) Monday, toppling a building.")
    assert found == [("10:35 a.m.", "2025-03-10T10:35"), ("0735 GMT", "2025-03-10T07:35Z"), ("Monday", "2025-03-10")]


def test_spoken_years_in_transcripts(nlp):
    assert values(nlp, "January nineteen ninety-seven. A bomb went off.") == [
        ("January nineteen ninety-seven", "1997-01")]
    assert values(nlp, "Prices last fell that low in the winter of nineteen ninety-four.") == [
        ("the winter of nineteen ninety-four", "1994-WI")]


def test_over_bounds_an_amount_but_not_a_stretch_with_an_article(nlp):
    assert times(nlp, "The talks lasted over two years.") == [("over two years", "DURATION", "P2Y", "MORE_THAN")]
    assert times(nlp, "Sales rose over the past two years.") == [("the past two years", "DURATION", "P2Y", None)]
    assert times(nlp, "Over the next couple of years sales will double.") == [
        ("the next couple of years", "DURATION", "P2Y", None)]


def test_capitalised_time_words_inside_a_sentence_are_names(nlp):
    assert times(nlp, "He said so on CBS's 60 Minutes and in USA Today.") == []
    assert times(nlp, "The poster showed Gary Cooper in High Noon.") == []
    # At the start of a sentence, or of a quotation, they are times.
    assert values(nlp, 'He said: "Today we won."') == [("Today", "2025-03-12")]


def test_postposed_before_and_previous_step_off_the_last_date(nlp):
    found = values(nlp, "Ford lost money last year, more than the year previous.", date(2010, 1, 28))
    assert found == [("last year", "2009"), ("the year previous", "2008")]
    assert values(nlp, "He was last seen on March 3, the day before.") == [
        ("March 3", "2025-03-03"), ("the day before", "2025-03-02")]
    # With a noun phrase after it, "the day before" is not a time of its own.
    assert values(nlp, "The day before the vote he left.") == []


def test_season_after_a_point_modifier(nlp):
    found = times(nlp, "Orders have recovered from the low levels of the early summer.", date(1989, 10, 26))
    assert found == [("the early summer", "DATE", "1989-SU", "START")]
    # A bare "fall" stays a noun.
    assert times(nlp, "The fall in prices hurt exporters.") == []


def test_ambiguous_month_between_article_and_noun(nlp):
    found = values(nlp, "The March accession will let the three countries join.", date(1999, 2, 10))
    assert found == [("March", "1999-03")]
    assert values(nlp, "March on, they said.") == []


def test_coordinated_second_day_is_a_date_of_its_own(nlp):
    found = values(nlp, "The summit will be held on April 24 and 25.")
    assert found == [("April 24", "2025-04-24"), ("25", "2025-04-25")]
    found = values(nlp, "The votes on May 2 and 9, 2024 decided it.")
    assert found == [("May 2", "2024-05-02"), ("9, 2024", "2024-05-09")]
    # A count after "and" is not a day.
    assert values(nlp, "He met them on March 3 and 5 others later.") == [("March 3", "2025-03-03")]


def test_parts_of_the_day_last_named(nlp):
    found = times(nlp, "Trading was halted on Friday. Dealers placed orders in the morning.")
    assert found == [("Friday", "DATE", "2025-03-07", None), ("the morning", "TIME", "2025-03-07TMO", None)]
    assert times(nlp, "Shares fell at mid-afternoon yesterday.") == [
        ("mid-afternoon yesterday", "TIME", "2025-03-11TAF", "MID")]
    assert times(nlp, "By mid afternoon, the forces had moved.") == [("mid afternoon", "TIME", "2025-03-12TAF", "MID")]
    # "morning" as a noun modifier is no time.
    assert times(nlp, "He read it in the morning paper.") == []


def test_hour_in_the_morning(nlp):
    assert times(nlp, "The plane landed at 4 in the morning.") == [
        ("4 in the morning", "TIME", "2025-03-12T04:00", None)]
    assert times(nlp, "The plane landed at 9 in the evening.") == [
        ("9 in the evening", "TIME", "2025-03-12T21:00", None)]
