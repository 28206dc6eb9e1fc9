"""The figures extractor: value, bound, unit, counted noun, predicate and claimant of each figure.

Sentences are written for these tests. Exclusions are checked twice: through the pipeline, and
with ``doc._.times`` emptied, so that the extractor's own guards hold without the times component.
"""
from __future__ import annotations

import pytest

import corroborate
from corroborate.extract.quantities import find_quantities
from corroborate.extract.types import SourceRef, Statement, TextSpan


@pytest.fixture(scope="module")
def nlp():
    return corroborate.load_pipeline()


def figures(nlp, text: str, *, times: bool = True):
    doc = nlp(text)
    if not times:
        doc._.times = []
    doc._.statements = []
    return find_quantities(doc)


def one(nlp, text: str):
    found = figures(nlp, text)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


def fields(q):
    return q.text, q.value, q.low, q.high, q.bound, q.unit


# -- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The army sent 1,500 soldiers to the border.", ("1,500", 1500, None, None, "exact", "person")),
        ("Inflation reached 2.5 percent in the spring.", ("2.5 percent", 2.5, None, None, "exact", "percent")),
        ("The buyer paid $61bn for the network.", ("$61bn", 61_000_000_000, None, None, "exact", "USD")),
        ("The bank lost £20.1 billion last year.", ("£20.1 billion", 20_100_000_000, None, None, "exact", "GBP")),
        ("Organisers said 1.5m people marched.", ("1.5m", 1_500_000, None, None, "exact", "person")),
        ("The city has 3 million residents.", ("3 million", 3_000_000, None, None, "exact", "person")),
        ("The fund was worth €4.2m at the end.", ("€4.2m", 4_200_000, None, None, "exact", "EUR")),
        ("The club paid 20 million euros for him.", ("20 million euros", 20_000_000, None, None, "exact", "EUR")),
        ("Shares fell to 17 cents on Friday.", ("17 cents", 0.17, None, None, "exact", "USD")),
        ("The carmaker had a $34.3 billion debt.", ("$34.3 billion", 34_300_000_000, None, None, "exact", "USD")),
    ],
)
def test_digits_and_magnitudes(nlp, sentence, expected):
    assert fields(one(nlp, sentence)) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Police arrested twenty-one protesters.", ("twenty-one", 21, None, None, "exact", "person")),
        ("The flood displaced two-and-a-half million people.",
         ("two-and-a-half million", 2_500_000, None, None, "exact", "person")),
        ("Rescuers found a dozen survivors.", ("a dozen", 12, None, None, "exact", "person")),
        ("The strike involved half a million workers.", ("half a million", 500_000, None, None, "exact", "person")),
        ("The ministry bought fifteen new trucks.", ("fifteen", 15, None, None, "exact", "item")),
    ],
)
def test_number_words(nlp, sentence, expected):
    assert fields(one(nlp, sentence)) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The storm left dozens of villagers homeless.", ("dozens of villagers", 12)),
        ("The fire destroyed hundreds of homes.", ("hundreds of homes", 100)),
        ("The group has recruited thousands of fighters.", ("thousands of fighters", 1000)),
        ("Tens of thousands of protesters filled the square.", ("Tens of thousands of protesters", 10_000)),
        ("The factory makes millions of bottles every year.", ("millions of bottles", 1_000_000)),
    ],
)
def test_vague_plurals_are_lower_bounds_spanning_their_noun(nlp, sentence, expected):
    q = one(nlp, sentence)
    assert (q.text, q.value, q.low, q.high, q.bound) == (*expected, expected[1], None, "lower")


def test_fraction_of_a_group(nlp):
    q = one(nlp, "Two-thirds of the voters backed the plan.")
    assert (q.text, q.bound, q.unit, q.counted.text) == ("Two-thirds", "exact", "fraction", "voters")
    assert q.value == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    "sentence, text",
    [("Turnout was 40% in the capital.", "40%"), ("Turnout was 40 per cent in the capital.", "40 per cent")],
)
def test_percentages(nlp, sentence, text):
    assert fields(one(nlp, sentence)) == (text, 40, None, None, "exact", "percent")


# -- bounds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hedge, bound",
    [
        ("about", "approx"), ("around", "approx"), ("some", "approx"), ("roughly", "approx"),
        ("an estimated", "approx"), ("approximately", "approx"),
        ("at least", "lower"), ("more than", "lower"), ("over", "lower"), ("upwards of", "lower"),
        ("no fewer than", "lower"),
        ("up to", "upper"), ("fewer than", "upper"), ("less than", "upper"), ("nearly", "upper"),
        ("almost", "upper"), ("as many as", "upper"), ("under", "upper"),
    ],
)
def test_hedges_set_bound_and_limits(nlp, hedge, bound):
    q = one(nlp, f"Officials said {hedge} 4,000 refugees crossed the river.")
    assert (q.text, q.value, q.bound, q.unit) == (f"{hedge} 4,000", 4000, bound, "person")
    assert (q.low, q.high) == {"approx": (None, None), "lower": (4000, None), "upper": (None, 4000)}[bound]


def test_hedge_after_the_number(nlp):
    q = one(nlp, "The concert drew 5,000 or more fans.")
    assert (q.text, q.value, q.low, q.high, q.bound) == ("5,000 or more", 5000, 5000, None, "lower")


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The attack killed between 30 and 40 people.", ("between 30 and 40", 35, 30, 40, "range", "person")),
        ("Each unit holds 300 to 400 troops.", ("300 to 400", 350, 300, 400, "range", "person")),
        ("The survey covered 10-15 towns.", ("10-15", 12.5, 10, 15, "range", "item")),
        ("Two or three ships were hit.", ("Two or three", 2.5, 2, 3, "range", "item")),
        ("The deal is worth $5-6bn to the firm.",
         ("$5-6bn", 5_500_000_000, 5_000_000_000, 6_000_000_000, "range", "USD")),
        ("The region lost 2 to 3 million trees.", ("2 to 3 million", 2_500_000, 2_000_000, 3_000_000, "range", "item")),
        ("Prices went up by between 10 and 15% last year.",
         ()),  # a change: not a claim
    ],
)
def test_ranges(nlp, sentence, expected):
    found = figures(nlp, sentence)
    if not expected:
        assert found == []
        return
    assert len(found) == 1, [q.text for q in found]
    assert fields(found[0]) == expected


def test_levels_of_a_change_are_two_figures(nlp):
    found = figures(nlp, "Unemployment fell from 7% to 5% over the decade.")
    assert [(q.text, q.bound) for q in found] == [("7%", "exact"), ("5%", "exact")]


# -- units -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, text, unit",
    [
        ("The forces claim about 250sq km of territory.", "about 250sq km", "km2"),
        ("The fire burned 3 square kilometres of forest.", "3 square kilometres", "km2"),
        ("The ship carried 5,000 tonnes of grain.", "5,000 tonnes", "t"),
        ("The farm covers 2,000 hectares near the coast.", "2,000 hectares", "ha"),
        ("The pipeline moves 30,000 barrels of oil.", "30,000 barrels", "bbl"),
    ],
)
def test_physical_units_are_normalised(nlp, sentence, text, unit):
    q = one(nlp, sentence)
    assert (q.text, q.unit) == (text, unit)


@pytest.mark.parametrize("noun", ["troops", "soldiers", "civilians", "protesters", "residents"])
def test_people_nouns_count_persons(nlp, noun):
    q = one(nlp, f"At least 200 {noun} were evacuated.")
    assert (q.unit, q.counted.text) == ("person", noun)


def test_other_nouns_count_items(nlp):
    assert one(nlp, "The factory built 200 tanks.").unit == "item"


# -- counted and predicate -------------------------------------------------------------------


def test_counted_noun_phrase_and_predicate_of_a_subject(nlp):
    q = one(nlp, "Analysts said that at least 1,500 Ukrainian marines had already landed on the island.")
    assert q.counted.text == "Ukrainian marines"
    assert q.predicate == "had already landed on the island"


def test_counted_noun_phrase_of_a_vague_object(nlp):
    q = one(nlp, "The army has already shipped millions of rounds of ammunition to the front.")
    assert (q.text, q.counted.text) == ("millions of rounds", "rounds of ammunition")
    assert q.predicate.startswith("has already shipped")


def test_counted_through_of_after_a_unit(nlp):
    q = one(nlp, "Rebels seized about 40 sq km of farmland.")
    assert (q.counted.text, q.predicate) == ("farmland", "seized")


def test_counted_noun_after_a_money_modifier(nlp):
    q = one(nlp, "The ministry signed a $40 billion contract.")
    assert (q.text, q.counted.text) == ("$40 billion", "contract")


def test_counted_offsets_index_the_text(nlp):
    text = "Nearly 900 nurses went on strike."
    q = one(nlp, text)
    assert text[q.start:q.end] == q.text == "Nearly 900"
    assert text[q.counted.start:q.counted.end] == "nurses"


# -- who claims it ---------------------------------------------------------------------------


def _statement(doc, sid, content: str, source: str | None, name: str | None):
    text = doc.text
    start = text.index(content)
    ref = None
    if source is not None:
        s = text.index(source)
        ref = SourceRef(source, s, s + len(source), name=name)
    return Statement(sid, ref, TextSpan("said", 0, 0), "say", TextSpan(content, start, start + len(content)), False)


def test_figure_takes_the_innermost_statement_and_its_source_name(nlp):
    text = "The ministry said the mayor had told reporters that about 300 homes were flooded."
    doc = nlp(text)
    outer = _statement(doc, "s1", "the mayor had told reporters that about 300 homes were flooded", "The ministry",
                       "Ministry of Interior")
    inner = _statement(doc, "s2", "about 300 homes were flooded", "the mayor", None)
    doc._.statements = [outer, inner]
    (q,) = find_quantities(doc)
    assert (q.statement, q.source) == ("s2", "the mayor")  # no canonical name: the source's text
    doc._.statements = [outer]
    (q,) = find_quantities(doc)
    assert (q.statement, q.source) == ("s1", "Ministry of Interior")


def test_figure_outside_any_statement_is_the_articles_own(nlp):
    text = "About 300 homes were flooded. The mayor said help was coming."
    doc = nlp(text)
    doc._.statements = [_statement(doc, "s1", "help was coming", "The mayor", "Jane Doe")]
    (q,) = find_quantities(doc)
    assert (q.statement, q.source) == (None, None)


def test_statement_without_source(nlp):
    text = "Russia is said to have moved thousands of troops."
    doc = nlp(text)
    doc._.statements = [_statement(doc, "s1", "to have moved thousands of troops", None, None)]
    (q,) = find_quantities(doc)
    assert (q.statement, q.source) == ("s1", None)


# -- not figures -----------------------------------------------------------------------------


NOT_FIGURES = [
    "The war has gone on for more than two months.",  # duration
    "The siege lasted more than two-and-a-half years.",  # duration
    "The invasion began in February 2022.",  # date
    "Talks resumed on 12 May in Geneva.",  # date
    "The law was passed in 1998 by parliament.",  # year
    "Taxes were unpaid from 2004 to 2009 in the city.",  # years
    "The meeting starts at 10:30 on Friday.",  # time of day
    "The train leaves at 3pm every day.",  # time of day
    "The suspect, aged 25, was released.",  # age
    "A 25-year-old man was arrested.",  # age
    "Jane Smith, 45, said nothing.",  # age after a name
    "It was the first time the two sides met.",  # ordinal; anaphoric "the two"
    "She finished 3rd in the final.",  # ordinal
    "Leeds won 3-1 at home on Saturday.",  # score
    "The court ruled 5-4 against the state.",  # tally
    "Call 555-1234 for details.",  # phone number
    "Call 020 7946 0000 for details.",  # phone number
    "One of the men was a teacher.",  # "one of the"
    "Windows 7 was released to shops.",  # product
    "He flew an F-16 over the city.",  # model code
    "Article 5 of the treaty applies.",  # label
    "She lives at 10 Downing Street now.",  # address
    "Sales rose 5% in the quarter.",  # percentage of change
    "Sales were up 3 per cent on the year.",  # percentage of change
    "The firm reported a 12% drop in profit.",  # percentage of change
    "Costs were cut by 8 percent overall.",  # percentage of change
    "The party gained 4 percentage points.",  # difference of percentages
    "The 787 was delayed again.",  # a model named by its number
    "Ford renamed the Ford Five Hundred last year.",  # a name written in words
]


@pytest.mark.parametrize("times", [True, False], ids=["with-times", "own-guards"])
@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_not_figures(nlp, sentence, times):
    assert [q.text for q in figures(nlp, sentence, times=times)] == []


def test_list_numbering_is_not_a_figure(nlp):
    found = figures(nlp, "Steps:\n1. Open the valve.\n2. Close the door.", times=False)
    assert found == []


def test_rate_of_change_kept_apart_from_level(nlp):
    found = figures(nlp, "The jobless rate rose to 5% from 4%.")
    assert [q.text for q in found] == ["5%", "4%"]


def test_currency_conversion_in_brackets_is_one_figure(nlp):
    found = figures(nlp, "They won a US$40 billion (GB £20.1 billion) contract.")
    assert [(q.text, q.unit) for q in found] == [("US$40 billion", "USD")]


def test_restated_change_and_unit_conversion_are_not_figures(nlp):
    found = figures(nlp, "The index lost 631 points, or 5.7%, to close at 9,120 points.")
    assert [q.text for q in found] == ["9,120"]
    found = figures(nlp, "The road runs 5,600 miles (10,400 km) across the plain.")
    assert [(q.text, q.unit) for q in found] == [("5,600 miles", "mi")]


@pytest.mark.parametrize(
    "sentence, text",
    [
        ("The death toll has risen to 54, the ministry said.", "54"),  # the model tags 54 DATE
        ("The firm became a $400-million business.", "$400-million"),
        ("Rebels formed a 5,000-strong force.", "5,000"),
    ],
)
def test_kept_figures(nlp, sentence, text):
    assert [q.text for q in figures(nlp, sentence, times=False)] == [text]


@pytest.mark.parametrize(
    "sentence",
    [
        "The party unveiled a three-point plan.",  # a kind, not a count
        "Voters split 4 to 1 in favour.",  # a tally
        "The jet flew over the 5000 mark.",  # a level named by its number
        "Traffic had already increased 18-fold.",
    ],
)
def test_numbers_naming_kinds_and_tallies(nlp, sentence):
    assert figures(nlp, sentence, times=False) == []


def test_year_with_a_plural_noun_is_a_count(nlp):
    assert one(nlp, "The survey reached 1709 schoolchildren across the state.").value == 1709


def test_figures_are_listed_once_in_text_order_apart_from_times(nlp):
    doc = nlp("In 2021, about 600 workers and 40 engineers left for two weeks, and 12% of staff quit.")
    found = doc._.quantities
    assert [q.id for q in found] == ["q1", "q2", "q3"]
    assert [q.text for q in found] == ["about 600", "40", "12%"]
    times = [(t.start, t.end) for t in doc._.times or []]
    assert not any(q.start < e and s < q.end for q in found for s, e in times)


def test_elliptical_count_takes_the_counted_noun_of_the_last_count(nlp):
    import corroborate

    text = (
        "Police estimated that about 8,000 people took part in the march. "
        "Organisers said more than 40,000 had joined by the afternoon.\n"
    )
    rec = corroborate.analyze(text, published="2026-03-08", nlp=nlp, detect_title=False)
    by_text = {q.text: q for q in rec.quantities}
    assert by_text["more than 40,000"].counted.text == "people"
    assert by_text["more than 40,000"].unit == "person"
    assert by_text["more than 40,000"].bound == "lower"


def test_elliptical_count_does_not_reach_far_back(nlp):
    import corroborate

    text = (
        "About 8,000 people marched on Saturday. The route was closed. Shops stayed shut. "
        "Trains were cancelled. Later, 300 returned.\n"
    )
    rec = corroborate.analyze(text, published="2026-03-08", nlp=nlp, detect_title=False)
    late = [q for q in rec.quantities if q.text == "300"]
    assert not late or late[0].counted is None
