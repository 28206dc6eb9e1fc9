"""The measure of each figure, read from the parse: sentences written for these tests."""
from __future__ import annotations

import pytest


def measures(nlp, text: str) -> list:
    return [(q.text, q.measure) for q in nlp(text)._.quantities]


def test_synonym_heads_are_one_kind_and_identity_modifiers_are_kept(fast_nlp):
    (_, a), = measures(fast_nlp, "About 4,000 Velmoran soldiers were deployed to the border.")
    (_, b), = measures(fast_nlp, "At least 3,500 Velmoran troops had arrived at the border.")
    assert (a.head, b.head) == ("soldier", "troop") and a.kind == b.kind == "troops"
    assert a.predicate == b.predicate == "deployed"


def test_a_group_of_people_named_as_the_head_counts_people_of_that_group(fast_nlp):
    (_, m), = measures(fast_nlp, "The strike killed 40 Palestinians.")
    assert (m.kind, m.modifiers, m.predicate) == ("people", ["palestinian"], "killed")
    (_, c), = measures(fast_nlp, "The camp shelters more than 20,000 civilians.")
    assert (c.kind, c.modifiers) == ("people", ["civilian"])


@pytest.mark.parametrize("text, holder", [
    ("Ford Motor Company will cut 30,000 jobs by 2012, the company said.", "Ford Motor Company"),
    ("General Motors's 12,000 job cuts were announced in Detroit.", "General Motors"),
    ("The deal cost Acme Robotics $334 million.", "Acme Robotics"),
])
def test_the_holder_is_whose_it_is(fast_nlp, text, holder):
    (_, m), = measures(fast_nlp, text)
    assert m.holder is not None and m.holder.name == holder and m.holder.entity is not None


def test_only_a_sum_of_money_is_money_lost(fast_nlp):
    (_, jobs), = measures(fast_nlp, "The Velmora plant lost 400 jobs last year.")
    (_, money), = measures(fast_nlp, "The Velmora plant lost $400 million last year.")
    assert jobs.kind == "jobs" and jobs.predicate != "lost_money"
    assert money.predicate == "lost_money"


def test_a_cost_is_the_cost_of_the_verb_s_subject(fast_nlp):
    (_, m), = measures(fast_nlp, "The new bridge would cost £2.4bn.")
    assert m.kind == "cost" and m.holder.text == "bridge" and m.holder.entity is None


def test_each_figure_of_a_breakdown_has_its_own_place(fast_nlp):
    found = measures(fast_nlp, "The company said it would cut 400 jobs in France, 1,600 in Spain and 3,700 in Germany.")
    assert [(t, m.place.name if m.place else None) for t, m in found] == [
        ("400", "France"), ("1,600", "Spain"), ("3,700", "Germany")]
    assert all(m.kind == "jobs" and m.predicate == "cut" for _, m in found)
    assert len({m.sentence for _, m in found}) == 1


def test_the_period_a_figure_refers_to(fast_nlp):
    (_, loss), = measures(fast_nlp, "The carmaker reported a $14.6bn loss in 2008.")
    assert loss.kind == "loss" and loss.period.value == "2008" and loss.period.relation == "in"
    (_, toll), = measures(fast_nlp, "About 5,000 soldiers were expected to arrive by Monday.")
    assert toll.period.relation == "by"


def test_killed_or_wounded_is_one_predicate_and_killing_and_injuring_are_two(fast_nlp):
    (_, both), = measures(fast_nlp, "Officials said 600,000 soldiers had been killed or wounded.")
    assert both.predicate == "killed_or_wounded"
    (_, killed), (_, injured) = measures(fast_nlp, "The quake killed at least five people and injured 30 others.")
    assert (killed.predicate, injured.predicate) == ("killed", "wounded")


def test_a_toll_or_a_number_gives_way_to_what_it_counts(fast_nlp):
    (_, m), = measures(fast_nlp, "The number of people killed in the floods rose to at least 31.")
    assert (m.kind, m.predicate) == ("people", "killed")
    (_, t), = measures(fast_nlp, "The society put the death toll at no fewer than 38.")
    assert (t.kind, t.predicate) == ("people", "killed") and t.holder is None


def test_a_part_of_another_figure_is_marked(fast_nlp):
    (_, total), (_, cash) = measures(fast_nlp, "Acme will pay $334 million, including $281 million in cash.")
    assert (total.part, cash.part) == (False, True)
    (_, of_the), = measures(fast_nlp, "A spokeswoman said 23 of the dead had been found in the town.")
    assert of_the.part is True


def test_a_bare_number_standing_for_a_count_says_its_own_predicate(fast_nlp):
    (_, police), (_, organisers) = measures(
        fast_nlp, "Police estimated about 8,000 people took part in the march. Organisers said more than 40,000 had joined.")
    assert police.kind == organisers.kind == "people"
    assert (police.predicate, organisers.predicate) == ("attended", "joined")


def test_the_measure_is_in_the_record_with_the_record_s_entity_ids(fast_nlp):
    from corroborate.analysis import analyze_articles
    from corroborate.ingest.article import Article

    (rec,) = analyze_articles([Article(text="Ford Motor Company will cut 30,000 jobs in Ohio.")], nlp=fast_nlp)
    (q,) = rec.quantities
    ids = {e.id: e.name for e in rec.entities}
    assert ids[q.measure.holder.entity] == "Ford Motor Company" and ids[q.measure.place.entity] == "Ohio"
