"""Attributed statements: one test per construction, on sentences written for these tests."""
from __future__ import annotations

import datetime
import json

import pytest

from corroborate.extract.attribution_quotes import quote_regions
from shared_paths import SHARED

KURSK_GOLD = SHARED / "examples" / "kursk-2024-10-28.gold.jsonl"


def statements(nlp, text: str):
    doc = nlp.make_doc(text)
    doc._.published = datetime.date(2024, 5, 6)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc._.statements


def only(nlp, text: str):
    found = statements(nlp, text)
    assert len(found) == 1, [(s.cue.text, s.content.text) for s in found]
    return found[0]


def part(text: str, start: int, end: int) -> str:
    return text[start:end]


# -- direct quotations ---------------------------------------------------------------------------


def test_quote_split_around_the_cue_is_one_direct_statement(nlp):
    text = '"We will not retreat," the mayor said, "and we will rebuild."'
    s = only(nlp, text)
    assert s.source.text == "the mayor"
    assert s.cue.text == "said" and s.cue_lemma == "say"
    assert s.content.text == text  # first fragment to last: the scorer's spans cover both
    assert s.direct is True


def test_quote_goes_on_through_the_next_quoted_sentence(nlp):
    text = ('"The bridge is closed. Repairs will take weeks," said Anna Berg, the city engineer. '
            '"Nobody should drive there."\nTraffic was light.')
    s = only(nlp, text)
    assert s.source.text == "Anna Berg, the city engineer"
    assert s.source.name == "Anna Berg"
    assert s.content.text.startswith('"The bridge is closed.')
    assert s.content.text.endswith('"Nobody should drive there."')
    assert s.direct is True


def test_quote_over_two_paragraphs_opens_each_and_closes_once(nlp):
    text = 'Dr Lena Ortiz said: "The first results are good.\n"The second trial starts in May."\nOther news followed.'
    s = only(nlp, text)
    assert s.content.text == '"The first results are good.\n"The second trial starts in May."'
    assert s.direct is True
    assert s.source.name == "Lena Ortiz"


def test_quoted_fragment_inside_reported_speech_is_indirect(nlp):
    s = only(nlp, 'The governor said the storm was a "historic disaster" for the region.')
    assert s.content.text == 'the storm was a "historic disaster" for the region'
    assert s.direct is False


def test_unmatched_quotation_mark_ends_with_its_paragraph(nlp):
    s = only(nlp, 'The senator said "we will win.\nThe vote is on Friday.')
    assert s.content.text == '"we will win.'
    assert s.direct is True


def test_stray_quotation_marks_never_raise(nlp):
    text = 'He said "" “ ” \'\' "no.\n” She said: “\n"Officials said ” the plan ”failed“ today.'
    found = statements(nlp, text)
    assert all(0 <= s.content.start < s.content.end <= len(text) for s in found)
    assert all(text[s.content.start:s.content.end] == s.content.text for s in found)


def test_quote_regions_tolerate_stray_marks():
    assert quote_regions('He said ” no and “ yes') == [(17, 22)]
    assert quote_regions("''Follow us,'' she said.") == [(0, 14)]
    assert quote_regions("") == []


# -- reported speech ---------------------------------------------------------------------------


def test_that_clause_with_time_on_the_cue(nlp):
    s = only(nlp, "The ministry said on Tuesday that 40 people had been evacuated.")
    assert (s.source.text, s.cue.text, s.content.text) == ("The ministry", "said", "that 40 people had been evacuated")
    assert s.direct is False
    assert s.said_on is not None and s.said_on.text.endswith("Tuesday")


def test_bare_clause(nlp):
    s = only(nlp, "Officials said the dam had held.")
    assert (s.source.text, s.content.text) == ("Officials", "the dam had held")


def test_participle_takes_the_main_clause_subject(nlp):
    s = only(nlp, "The company cut 200 jobs, saying that demand had collapsed.")
    assert (s.source.text, s.cue.text, s.content.text) == ("The company", "saying", "that demand had collapsed")


def test_with_x_participle(nlp):
    s = only(nlp, "Prices rose sharply, with analysts claiming that the drought was to blame.")
    assert (s.source.text, s.cue.text, s.cue_lemma) == ("analysts", "claiming", "claim")
    assert s.content.text == "that the drought was to blame"


def test_inverted_order(nlp):
    s = only(nlp, "The talks have failed, said the foreign minister.")
    assert (s.source.text, s.content.text) == ("the foreign minister", "The talks have failed")


def test_parenthetical_cue_reports_its_host_clause(nlp):
    s = only(nlp, "Jan Novak opened the meeting. The plan, he added, was too expensive.")
    assert s.cue.text == "added"
    assert s.content.text == "The plan, he added, was too expensive"
    assert (s.source.text, s.source.name) == ("he", "Jan Novak")


def test_possessive_source(nlp):
    s = only(nlp, "Norway's fishing agency said that stocks had recovered.")
    assert s.source.text == "Norway's fishing agency"


def test_auxiliaries_and_adverbs_belong_to_the_cue(nlp):
    s = only(nlp, "The rebels have repeatedly accused the army of shelling the town.")
    assert s.cue.text == "have repeatedly accused" and s.cue_lemma == "accuse"
    assert s.content.text == "the army of shelling the town"


def test_refused_to_deny_is_one_cue(nlp):
    s = only(nlp, "The general refused to deny that troops had crossed the river.")
    assert (s.cue.text, s.cue_lemma) == ("refused to deny", "deny")
    assert s.source.text == "The general"


# -- nominal cues ------------------------------------------------------------------------------


def test_according_to(nlp):
    s = only(nlp, "According to a report by the Red Cross, 300 homes were destroyed.")
    assert (s.cue.text, s.cue_lemma) == ("According to", "according to")
    assert s.source.text == "a report by the Red Cross"
    assert "Red Cross" in s.source.name
    assert s.content.text == "300 homes were destroyed"


def test_possessor_of_a_claim(nlp):
    s = only(nlp, "The minister's claim that the border was secure drew criticism.")
    assert (s.source.text, s.cue.text, s.content.text) == ("The minister", "claim", "that the border was secure")


def test_estimates_by_x_name_x(nlp):
    s = only(nlp, "Estimates by local charities suggest that 5,000 people are homeless.")
    assert s.source.text == "Estimates by local charities"
    assert s.source.name == "local charities"
    assert s.content.text == "that 5,000 people are homeless"


# -- passive and unnamed sources ---------------------------------------------------------------


def test_passive_subject_is_not_the_speaker(nlp):
    s = only(nlp, "The village is said to have been abandoned.")
    assert s.source is None
    assert s.cue.text == "is said"
    assert s.content.text == "The village is said to have been abandoned"


def test_it_was_reported(nlp):
    s = only(nlp, "It was reported that the mine had closed.")
    assert s.source is None
    assert s.content.text == "that the mine had closed"


# -- via and channel -------------------------------------------------------------------------


def test_told_an_outlet_is_via(nlp):
    s = only(nlp, "A senior police officer told the Daily Herald that the suspect had fled.")
    assert s.via == "Daily Herald" and s.channel is None
    assert s.source.text == "A senior police officer"


def test_told_people_is_not_via(nlp):
    s = only(nlp, "The coach told the players that training was cancelled.")
    assert s.via is None


def test_post_on_a_platform_is_the_channel(nlp):
    s = only(nlp, 'In a post on Facebook, Mayor Tom Reed wrote: "The roads are open."')
    assert s.channel == "a post on Facebook"
    assert s.source.name == "Tom Reed"
    assert s.content.text == '"The roads are open."' and s.direct is True


def test_interview_with_an_outlet_is_the_channel(nlp):
    s = only(nlp, '"We are ready," she said in an interview with the Daily Herald.')
    assert s.channel == "an interview with the Daily Herald"


# -- resolving the source ------------------------------------------------------------------------


def test_pronoun_resolves_to_the_previous_subject(nlp):
    s = only(nlp, "Health Minister Sara Malik visited the hospital on Monday. She said that the outbreak was under control.")
    assert (s.source.text, s.source.name) == ("She", "Sara Malik")


def test_pronoun_agrees_in_gender(nlp):
    s = only(nlp, "Ms. Anna Berg met John Smith on Friday. He said the deal was done.")
    assert s.source.name == "John Smith"


def test_description_resolves_to_the_person(nlp):
    s = only(nlp, "Mark Olsen was appointed chairman last week. The new chairman said the bank would expand.")
    assert (s.source.text, s.source.name) == ("The new chairman", "Mark Olsen")


def test_surname_takes_the_full_name(nlp):
    s = only(nlp, "Peter Lindqvist spoke first. Lindqvist said the plan was sound.")
    assert s.source.name == "Peter Lindqvist"


def test_title_before_the_name(nlp):
    s = only(nlp, "Pentagon spokesman John Carter said the drills were routine.")
    assert (s.source.text, s.source.name) == ("Pentagon spokesman John Carter", "John Carter")


def test_apposition_names_the_source(nlp):
    s = only(nlp, "The union's general secretary, Maria Costa, said the strike would go ahead.")
    assert s.source.name == "Maria Costa"


def test_they_takes_the_previous_plural_subject(nlp):
    found = statements(nlp, "Several economists have doubted the forecast. Inflation will rise, they said.")
    s = next(s for s in found if s.cue.text == "said")
    assert s.source.text == "they" and s.source.name == "economists"


def test_speaker_continuity_over_consecutive_quotes(nlp):
    text = ('"The harvest failed," said farmer Ruth Adeyemi. "We lost everything."\n'
            '"Nobody came to help," she said.')
    found = statements(nlp, text)
    assert [s.source.name for s in found] == ["Ruth Adeyemi", "Ruth Adeyemi"]


def test_resolved_pronoun_names_the_entity_but_is_no_mention_of_it(nlp):
    doc = nlp("Health Minister Sara Malik visited the hospital. She said that the outbreak was under control.")
    (s,) = doc._.statements
    entity = next(e for e in doc._.entities if e.id == s.source.entity)
    assert (entity.name, s.source.name) == ("Sara Malik", "Sara Malik")
    assert not any(m.text == "She" for m in entity.mentions)


def test_relative_pronoun_is_never_a_source(nlp):
    doc = nlp("The union, which represents 40,000 workers, said on Monday that the strike would go on. "
              "Officials at the port, who declined to be named, said ships were waiting.")
    sources = [s.source for s in doc._.statements if s.source is not None]
    assert sources and not any(s.text.lower() in ("which", "who", "that") for s in sources)
    assert not any((s.name or "").lower() in ("which", "who", "that") for s in sources)


# -- the list ---------------------------------------------------------------------------------


def test_statements_are_numbered_in_text_order(nlp):
    found = statements(nlp, "The court rejected the appeal. Later the judge warned that delays would not be tolerated. "
                            "Lawyers said they would appeal again.")
    assert [s.id for s in found] == [f"s{i}" for i in range(1, len(found) + 1)]
    assert [s.cue.start for s in found] == sorted(s.cue.start for s in found)
    assert [s.cue.text for s in found][-2:] == ["warned", "said"]


@pytest.mark.parametrize("text, source, content", [
    ("The Velmora Aid Society put the death toll at no fewer than 38.", "The Velmora Aid Society",
     "the death toll at no fewer than 38"),
    ("Police estimated the crowd at about 8,000 people.", "Police", "the crowd at about 8,000 people"),
    ("Analysts put the cost of the bridge at £4bn.", "Analysts", "the cost of the bridge at £4bn"),
])
def test_an_object_valued_at_a_figure_is_what_its_subject_estimates(fast_nlp, text, source, content):
    s = only(fast_nlp, text)
    assert (s.source.text, s.content.text) == (source, content)


def test_putting_a_thing_at_a_place_is_no_estimate(fast_nlp):
    assert statements(fast_nlp, "She put the book at the end of the shelf. They placed the sign at the gate.") == []


def test_the_rules_leave_intentions_out(fast_nlp):
    # the learned tagger (default mode) may report them; the cue lexicon alone cannot tell
    assert statements(fast_nlp, "The farmers want to sell their land. They plan to move to the city.") == []


@pytest.mark.skipif(not KURSK_GOLD.exists(), reason="shared reference article not found")
def test_reference_article_sources(nlp):
    gold = json.loads(KURSK_GOLD.read_text().splitlines()[0])
    found = statements(nlp, gold["text"])
    assert len(found) >= 25
    # every statement's source name is a name, not a bare pronoun
    assert all(s.source is None or s.source.name.lower() not in {"he", "she", "they"} for s in found)


def test_speaker_named_in_full_then_by_pronoun_and_surname(nlp):
    import corroborate

    text = (
        '"We will not stand by," Ines Varga said, "while our farmers lose everything."\n'
        "The union leader was speaking in Tessel Ford.\n"
        '"I have farmed this land for thirty years," she said.\n'
        "Ms Varga said the blockades would continue.\n"
    )
    rec = corroborate.analyze(text, published="2026-03-10", nlp=nlp, detect_title=False)
    names = [s.source.name for s in rec.statements if s.source]
    assert names == ["Ines Varga", "Ines Varga", "Ines Varga"]
    ids = {s.source.entity for s in rec.statements}
    assert len(ids) == 1 and None not in ids
    entity = next(e for e in rec.entities if e.id in ids)
    assert {m.text for m in entity.mentions} >= {"Ines Varga", "Ms Varga"}
    assert "she" not in {m.text for m in entity.mentions}
    assert [e.id for e in rec.entities] == [f"e{i}" for i in range(1, len(rec.entities) + 1)]


def test_tagger_adds_statements_the_rules_miss_and_fast_mode_does_not(nlp):
    import corroborate
    from corroborate.analysis import load_pipeline

    # "figures" is no cue verb of the lexicon; the learned tagger proposes it.
    text = (
        "The treasurer figures the port will need another £40m before the winter.\n"
        "Analysts at Norrland Bank reckon the harbour expansion is two years behind schedule.\n"
    )
    default = corroborate.analyze(text, published="2026-03-02", nlp=nlp, detect_title=False)
    fast = corroborate.analyze(text, published="2026-03-02", nlp=load_pipeline(fast=True), detect_title=False)
    assert "corroborate_attribution_tagger" in nlp.pipe_names
    assert "corroborate_attribution_tagger" not in load_pipeline(fast=True).pipe_names
    assert len(default.statements) > len(fast.statements)
    extra = [s for s in default.statements if s.cue.text not in {f.cue.text for f in fast.statements}]
    assert all(s.source is not None and s.content.text for s in extra)
    for s in default.statements:
        assert text[s.content.span[0]:s.content.span[1]] == s.content.text


def test_that_clause_parsed_under_the_medium_is_still_what_was_said(nlp):
    text = "The port authority said in a statement that the northern quay would reopen."
    s = only(nlp, text)
    assert s.source.text == "The port authority"
    assert s.content.text == "that the northern quay would reopen"
    assert s.channel == "a statement"
